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

import json
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass

from smolevents.resources import resource_path

CURATED_FILE = "countries-ru.json"
CACHE_FORMAT = 1  # raise when the index's form changes
HOME_COUNTRY = "RU"
_HOME_NAMES = {"россия", "российская федерация", "рф"}
CODE_RE = re.compile(r"^[A-Z]{2}$")
_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
_WORD = re.compile(r"[0-9A-Za-zА-Яа-яЁё\u0301]+")
_CAPITALISED = re.compile(r"(?<![0-9A-Za-zА-Яа-яЁё])[A-ZА-ЯЁ][0-9A-Za-zА-Яа-яЁё\u0301]*")
_INFLECTED_POS = {"NOUN", "ADJF", "PRTF"}
_lock = threading.Lock()
_index: CountryIndex | None = None
use_cache = True  # the self-test turns it off: it touches nothing outside its folder


def fold(word: str) -> str:
    return word.lower().replace("ё", "е").replace("\u0301", "")


@dataclass
class CountryIndex:
    """First word of a form → {number of further words → {further words → code}}; names by code."""

    by_first_word: dict[str, dict[int, dict[tuple[str, ...], str]]]
    names: dict[str, str]

    def suggest(self, text: str) -> list[str]:
        """Codes named in `text`, in order of first mention."""
        found: list[str] = []
        folded = text.lower().replace("ё", "е")  # same length as the text: positions agree
        lookup = self.by_first_word.get
        # Names of countries, cities and regions start with a capital: only such words
        # are looked up, and the words after one are read only when it starts a form.
        for match in _CAPITALISED.finditer(text):
            start, end = match.span()
            by_length = lookup(folded[start:end])
            if not by_length:
                continue
            following: tuple[str, ...] = ()
            if len(by_length) > 1 or 0 not in by_length:
                following = tuple(_WORD.findall(folded, end, end + 120)[:6])
            for length in sorted(by_length, reverse=True):  # the longest form first
                code = by_length[length].get(following[:length])
                if code is not None and length <= len(following):
                    if code not in found:
                        found.append(code)
                    break
        return found


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
    import hashlib
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
    digest = hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:16]
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
    found: list[str] = []
    country_index = index()
    for text in texts:
        for code in country_index.suggest(text or ""):
            if code not in found:
                found.append(code)
    return tuple(found)


def suggest_for_event(event) -> tuple[str, ...]:
    """The suggestion for an event: its name, place, purpose and participants read in turn."""
    # One pass over the four texts joined (a line break ends a name as a field's end does).
    return tuple(index().suggest("\n".join((event.name, event.place, event.purpose, event.participants))))


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


def codes_text(codes: Iterable[str]) -> str:
    """How stored codes are written in the database column: "BY,CN"."""
    return ",".join(codes)


def codes_of(text: str | None) -> tuple[str, ...]:
    """Codes from the database column; anything that is not a foreign ISO code is dropped."""
    return tuple(code for code in (text or "").split(",") if CODE_RE.match(code) and code != HOME_COUNTRY)
