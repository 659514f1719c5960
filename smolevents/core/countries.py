"""Partner countries: ISO 3166 codes suggested from an event's text, and their Russian names.

Names come from pycountry (its Russian gettext catalogue of ISO 3166-1) plus the
hand-curated additions in `resources/countries-ru.json` (other names, cities and
regions with their country). Every name is put into its six cases by pymorphy3
("Республика Беларусь" → "Республики Беларусь", "Витебская область" → "Витебской
области"), and the text is matched word by word against those forms, so a vague
phrase ("ближнего и дальнего зарубежья", "страны-партнеры") suggests nothing.
Russia is never a partner country.

pycountry and pymorphy3 are imported only when a suggestion or a name is first
needed (never on the window's start-up path); the index is built once per process.
"""

from __future__ import annotations

import functools
import json
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from collections import namedtuple

from smolevents.core.country_codes import CODE_RE, HOME_COUNTRY
from smolevents.resources import resource_path

CURATED_FILE = "countries-ru.json"
CACHE_FORMAT = 1  # raise when the index's form changes
_HOME_NAMES = {"россия", "российская федерация", "рф"}
_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
_WORD = re.compile(r"[0-9A-Za-zА-Яа-яЁё\u0301]+")
# A word starting with a capital (not a capital inside a word). The capital comes first in
# the pattern, the look back after it, so that the search skips to capitals at C speed.
_CAPITAL_WORD = re.compile(r"[A-ZА-ЯЁ](?<![0-9A-Za-zА-Яа-яЁё].)[0-9A-Za-zА-Яа-яЁё\u0301]*")
# The first six words in a window of text, in one match (what `_WORD.findall(window)[:6]`
# gives, without finding every word of the window): possessive, so a window with fewer words
# fails its further groups at once.
_WORD_CLASS = "[0-9A-Za-zА-Яа-яЁё\u0301]"
_SIX_WORDS = re.compile(f"(?:[^{_WORD_CLASS[1:-1]}]*+({_WORD_CLASS}++))?+" * 6)
FOLLOWING_WINDOW = 120  # characters after a name's first word in which its further words are looked for
_INFLECTED_POS = {"NOUN", "ADJF", "PRTF"}
_lock = threading.Lock()
_index: CountryIndex | None = None
use_cache = True  # the self-test turns it off: it touches nothing outside its folder


def fold(word: str) -> str:
    return word.lower().replace("ё", "е").replace("\u0301", "")


class _Forms(namedtuple("_Forms", "by_length lengths needs_following unfinished")):
    """The forms starting with one first word, ready for matching: `by_length` as in the
    index, its `lengths` the longest first, `needs_following` when some form has further
    words, `unfinished` the proper beginnings of the further words (a text ending right
    after one of these might continue a longer form in whatever follows it)."""

    __slots__ = ()

    @classmethod
    def of(cls, by_length: dict[int, dict[tuple[str, ...], str]]) -> _Forms:
        unfinished = {rest[:cut] for table in by_length.values() for rest in table for cut in range(len(rest))}
        return cls(by_length, tuple(sorted(by_length, reverse=True)),
                   len(by_length) > 1 or 0 not in by_length, frozenset(unfinished))


class Scan(namedtuple("Scan", "codes open_end")):
    """What one text names: `codes` in order of first mention; `open_end`: a form the text's
    last words begin might go on in text that follows it (an event's next field)."""

    __slots__ = ()


# Texts (and capitalised words) remembered per process, then forgotten at once; only texts
# of up to MEMO_LONGEST characters (the repeated kind: places, names of delegations), so
# the memo stays within a few tens of MB whatever the texts.
_MEMO_LIMIT = 10_000
MEMO_LONGEST = 1000


@dataclass
class CountryIndex:
    """First word of a form → {number of further words → {further words → code}}; names by code."""

    by_first_word: dict[str, dict[int, dict[tuple[str, ...], str]]]
    names: dict[str, str]
    # Memos: a word as written → its forms (None: starts none); a text → its scan. Events
    # repeat places and people, and merge and every edit read the same texts again.
    _forms: dict[str, _Forms | None] = field(default_factory=dict, init=False, repr=False, compare=False)
    _scans: dict[str, Scan] = field(default_factory=dict, init=False, repr=False, compare=False)

    @functools.cached_property
    def _longest_first_word(self) -> int:
        return max(map(len, self.by_first_word), default=0)

    def suggest(self, text: str) -> list[str]:
        """Codes named in `text`, in order of first mention."""
        return list(self.scan(text).codes)

    def scan(self, text: str) -> Scan:
        if len(text) > MEMO_LONGEST:
            return self._scan(text)
        found = self._scans.get(text)
        if found is None:
            if len(self._scans) >= _MEMO_LIMIT:
                self._scans.clear()
            found = self._scans[text] = self._scan(text)
        return found

    def _scan(self, text: str) -> Scan:
        found: list[str] = []
        open_end = False
        remembered = self._forms
        # Names of countries, cities and regions start with a capital: only such words
        # are looked up, and the words after one are read only when it starts a form.
        for match in _CAPITAL_WORD.finditer(text):
            word = match[0]
            forms = remembered.get(word, _NOT_SEEN)
            if forms is _NOT_SEEN:
                forms = self._forms_of(word)
            if forms is None:
                continue
            following: tuple[str, ...] = ()
            if forms.needs_following:
                end = match.end()
                following = _following_words(text, end)
                if end + FOLLOWING_WINDOW > len(text) and following in forms.unfinished:
                    open_end = True
            for length in forms.lengths:  # the longest form first
                code = forms.by_length[length].get(following[:length])
                if code is not None and length <= len(following):
                    if code not in found:
                        found.append(code)
                    break
        return Scan(tuple(found), open_end)

    def _forms_of(self, word: str) -> _Forms | None:
        try:
            return self._forms[word]
        except KeyError:
            pass
        if len(word) > self._longest_first_word:
            return None  # starts no name (and is not remembered: it may be any length)
        if len(self._forms) >= _MEMO_LIMIT:
            self._forms.clear()
        by_length = self.by_first_word.get(word.lower().replace("ё", "е"))
        forms = self._forms[word] = _Forms.of(by_length) if by_length else None
        return forms


_NOT_SEEN = object()  # a word not in the memo of forms yet


def _following_words(text: str, end: int) -> tuple[str, ...]:
    """The first six words, folded, in the window of text after `end` (a word the window's
    end cuts is cut). Only the window is folded: the text around it, however long, is not
    (folding keeps every word character where it was, see `_fold_in_place`)."""
    words = _SIX_WORDS.match(_fold_in_place(text[end:end + FOLLOWING_WINDOW])).groups()
    return words if words[-1] is not None else words[:words.index(None)]


def _fold_in_place(text: str) -> str:
    """Lower case with ё as е, each character staying where it was (positions agree with
    the text's: "İ" alone lowers into two characters and is left as it is)."""
    folded = text.lower()
    if len(folded) != len(text):
        folded = "".join(character if len(character.lower()) != 1 else character.lower() for character in text)
    return folded.replace("ё", "е")


def _curated() -> dict:
    path = resource_path(CURATED_FILE)
    if not path.is_file():  # an installed wheel has no resources/: pycountry's names still serve
        return {"aliases": {}, "not_alone": [], "short_names": {}}
    return json.loads(path.read_text(encoding="utf-8"))


def _pycountry_names() -> dict[str, list[str]]:
    import gettext

    import pycountry

    russian = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"], fallback=True)
    names: dict[str, list[str]] = {}
    for country in pycountry.countries:
        for english in (country.name, getattr(country, "official_name", None)):
            if english:
                name = russian.gettext(english)
                if name != english and not re.search(r"[,()]", name):  # "Корея, Республика": curated
                    names.setdefault(country.alpha_2, []).append(name)
    return names


class _Inflector:
    def __init__(self):
        import pymorphy3
        import pymorphy3_dicts_ru

        # The dictionary's path given directly: a frozen build has no entry-point metadata to find it by.
        self.morph = pymorphy3.MorphAnalyzer(path=pymorphy3_dicts_ru.get_path(), lang="ru")

    def _parse(self, word: str):
        parses = self.morph.parse(word)
        for parse in parses:
            if parse.tag.POS in _INFLECTED_POS and "nomn" in parse.tag and "Geox" in parse.tag:
                return parse
        for parse in parses:
            if parse.tag.POS in _INFLECTED_POS and "nomn" in parse.tag:
                return parse
        return None

    def forms(self, name: str) -> set[tuple[str, ...]]:
        """The name's words in each case: the words up to the first noun agree, the rest stay."""
        words = name.split()
        if len(words) == 1 and (name.isupper() or len(name) <= 2):  # "КНР", "США": not inflected
            return {tuple(fold(part) for part in _WORD.findall(name))}
        parses = [self._parse(word) for word in words]
        head = next((i for i, parse in enumerate(parses) if parse and parse.tag.POS == "NOUN"), len(words) - 1)
        number = "plur" if parses[head] is not None and "plur" in parses[head].tag else "sing"
        results = {tuple(fold(part) for part in _WORD.findall(name))}
        for case in _CASES:
            inflected = []
            for index, (word, parse) in enumerate(zip(words, parses)):
                form = None
                if index <= head and parse is not None:
                    form = parse.inflect({case, number}) or parse.inflect({case})
                inflected.append(_keep_hyphens(word, form.word) if form else word)
            results.add(tuple(fold(part) for part in _WORD.findall(" ".join(inflected))))
        return results


def _keep_hyphens(original: str, inflected: str) -> str:
    return inflected if "-" in inflected or "-" not in original else original


def build_index() -> CountryIndex:
    curated = _curated()
    official = _pycountry_names()
    not_alone = {fold(word) for word in curated.get("not_alone", ())}
    inflector = _Inflector()
    by_first_word: dict[str, dict[int, dict[tuple[str, ...], str]]] = {}
    names: dict[str, str] = {}
    sources = [(code, official_names) for code, official_names in official.items()]
    sources += list(curated.get("aliases", {}).items())
    for code, country_names in sources:
        if code == HOME_COUNTRY:
            continue
        for name in country_names:
            for form in inflector.forms(name):
                if not form or (len(form) == 1 and form[0] in not_alone):
                    continue
                rest = form[1:]
                by_first_word.setdefault(form[0], {}).setdefault(len(rest), {}).setdefault(rest, code)
    for code, country_names in official.items():
        names[code] = country_names[0]
    names.update(curated.get("short_names", {}))
    names.pop(HOME_COUNTRY, None)
    return CountryIndex(by_first_word, names)


def _cache_path():
    """Where the built index is kept between runs: building it (pymorphy3) takes ~0.3 s."""
    import zlib  # loaded already (zipfile); hashlib would cost its import
    import importlib.util
    import os

    from platformdirs import user_cache_dir

    parts = [str(CACHE_FORMAT)]
    # The installed libraries, by where they are and when they were written (their
    # metadata would cost 50 ms to read, more than the cached index itself).
    for package in ("pycountry", "pymorphy3", "pymorphy3_dicts_ru"):
        spec = importlib.util.find_spec(package)
        origin = spec.origin if spec and spec.origin else "?"
        try:
            parts.append(f"{origin}:{os.stat(origin).st_mtime_ns}")
        except OSError:
            parts.append(origin)
    curated = resource_path(CURATED_FILE)
    parts.append(curated.read_text(encoding="utf-8") if curated.is_file() else "")
    data = "\0".join(parts).encode("utf-8")
    digest = f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"
    from pathlib import Path

    return Path(user_cache_dir("smolevents", appauthor=False)) / f"countries-{digest}.json"


def _index_to_json(country_index: CountryIndex) -> str:
    forms = [
        [" ".join((first, *rest)), code]
        for first, by_length in country_index.by_first_word.items()
        for table in by_length.values()
        for rest, code in table.items()
    ]
    return json.dumps({"names": country_index.names, "forms": forms}, ensure_ascii=False)


def _index_from_json(text: str) -> CountryIndex:
    data = json.loads(text)
    by_first_word: dict[str, dict[int, dict[tuple[str, ...], str]]] = {}
    for form, code in data["forms"]:
        first, *rest = form.split(" ")
        by_first_word.setdefault(first, {}).setdefault(len(rest), {})[tuple(rest)] = code
    return CountryIndex(by_first_word, dict(data["names"]))


def _load_or_build() -> CountryIndex:
    if not use_cache:
        return build_index()
    try:
        path = _cache_path()
        return _index_from_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError):
        pass
    built = build_index()
    try:
        from smolevents.core.safe_write import write_atomically

        path.parent.mkdir(parents=True, exist_ok=True)
        content = _index_to_json(built)
        write_atomically(path, lambda temporary: temporary.write_text(content, encoding="utf-8"))
    except Exception:  # noqa: BLE001 - a cache that cannot be written only costs time next run
        pass
    return built


def is_loaded() -> bool:
    """True once the index is in memory (names can be shown without waiting)."""
    return _index is not None


def index() -> CountryIndex:
    global _index
    with _lock:
        if _index is None:
            _index = _load_or_build()
        return _index


def suggest_countries(*texts: str) -> tuple[str, ...]:
    """ISO codes of the foreign countries the texts name, in order of first mention."""
    country_index = index()
    return _joined([country_index.scan(text or "") for text in texts])


def _joined(scans) -> tuple[str, ...]:
    """The scans' codes in order of first mention, in one step (an import or merge joins
    thousands of events' four scans)."""
    return tuple(dict.fromkeys([code for scan in scans for code in scan.codes]))


def suggest_for_event(event) -> tuple[str, ...]:
    """The suggestion for an event: its name, place, purpose and participants read in turn."""
    return event_countries(event)[0]


def event_countries(event) -> tuple[tuple[str, ...], bool]:
    """(the suggestion for the event, whether its place names a foreign country).

    The suggestion reads the four texts as one, a line break between them (a name may
    run on across it: "… Республика" / "Беларусь …"). Each field is scanned alone;
    only when one ends in the beginning of a longer name is the joined text read
    instead. Places and participants repeat from event to event and are remembered
    per process; an event's name and purpose are its own, and remembering them cost a
    look-up and a memo entry each for nothing (2 350 events with their own names and
    purposes: 30 ms remembered, 27 ms not; the four texts always read joined: 50 ms).
    The place's own scan tells whether the event was held abroad.
    """
    country_index = _index or index()  # (loaded: read without the lock, as each event is)
    name, place = country_index._scan(event.name), country_index.scan(event.place)
    purpose, participants = country_index._scan(event.purpose), country_index.scan(event.participants)
    abroad = bool(place.codes)
    if name.open_end or place.open_end or purpose.open_end:
        fields = (event.name, event.place, event.purpose, event.participants)
        return tuple(country_index.suggest("\n".join(fields))), abroad
    return _joined((name, place, purpose, participants)), abroad


def place_is_abroad(place: str) -> bool:
    """Whether the place names a foreign country (or its city or region)."""
    return bool(index().scan(place or "").codes)


def country_name(code: str) -> str:
    """"BY" → "Беларусь"; an unknown code is shown as it is."""
    return index().names.get(code, code)


def all_countries() -> list[tuple[str, str]]:
    """(code, Russian name) of every country a clerk may pick, sorted by name."""
    return sorted(index().names.items(), key=lambda item: item[1])


def parse_codes(text: str) -> tuple[str, ...]:
    """Codes from what the clerk typed: "BY, CN", "Беларусь; Китай", "by cn" (Russia dropped).

    ValueError (Russian) names a word that is neither a code nor a country's name.
    """
    by_name = {fold(name): code for code, name in index().names.items()}
    codes: list[str] = []
    for part in re.split(r"[,;\n]+", text):
        part = part.strip()
        if not part:
            continue
        if part.upper() == HOME_COUNTRY or fold(part) in _HOME_NAMES:
            raise ValueError("Россия не указывается среди стран-партнеров: уберите ее из списка.")
        code = part.upper() if CODE_RE.match(part.upper()) and part.upper() in index().names else None
        code = code or by_name.get(fold(part)) or _code_in_name(part)
        if code is None:
            raise ValueError(f"«{part}» — не код страны ISO и не название страны. Выберите страну из списка.")
        if code != HOME_COUNTRY and code not in codes:
            codes.append(code)
    return tuple(codes)


def _code_in_name(text: str) -> str | None:
    suggested = suggest_countries(text[:1].upper() + text[1:])
    return suggested[0] if len(suggested) == 1 else None
