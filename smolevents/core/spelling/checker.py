"""The spelling checker: the Hunspell dictionary plus the program's own word lists.

A word is correct when the dictionary knows it (as written, or with ё written as е —
the dictionary spells "ёлка" but "Гнёздово" may be typed either way), when each part of
a hyphenated word is known, or when one of the extra lists has it: the region's place
names shipped with the program, the words added to the open database, the clerk's own
list in the data folder, and the words skipped in this session. Results are cached,
so re-checking a field after a keystroke only looks up words not seen before.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from smolevents.core.spelling.engine import Engine
from smolevents.core.spelling.words import WORD, WordSpan, excused_here, fold, is_checkable, names_beside_initials

SUGGESTIONS = 7  # as many as a context menu shows comfortably


class SpellChecker:
    def __init__(self, engine: Engine, lists: dict[str, Iterable[str]] | None = None):
        self.engine = engine
        self._lock = threading.Lock()  # lists change from the loading thread and the window's
        self._lists: dict[str, set[str]] = {}
        self._extra: frozenset[str] = frozenset()
        self._cache: dict[str, bool] = {}
        for name, words in (lists or {}).items():
            self.set_list(name, words)

    # --- extra words: named lists ("places", "user", "database", "skipped") --------------

    def set_list(self, name: str, words: Iterable[str]) -> bool:
        """Replaces one list (the database's words when another file is opened); True
        when that changed it."""
        folded = {fold(word) for word in words}
        with self._lock:
            if self._lists.get(name) == folded:
                return False
            self._lists[name] = folded
            self._changed()
            return True

    def add_to_list(self, name: str, words: Iterable[str]) -> None:
        with self._lock:
            self._lists.setdefault(name, set()).update(fold(word) for word in words)
            self._changed()

    def _changed(self) -> None:
        self._extra = frozenset().union(*self._lists.values())
        self._cache = {}

    # --- checking -----------------------------------------------------------------------

    def is_correct(self, word: str) -> bool:
        known = self._cache.get(word)
        if known is None:
            known = self._look_up(word)
            self._cache[word] = known
        return known

    def _look_up(self, word: str) -> bool:
        if not is_checkable(word) or fold(word) in self._extra:
            return True
        if self._dictionary_knows(word):
            return True
        parts = [part for part in word.replace("‐", "-").split("-") if part]
        if len(parts) > 1:
            return all(self._part_known(part, last=index == len(parts) - 1)
                       for index, part in enumerate(parts))
        return False

    def _part_known(self, part: str, last: bool) -> bool:
        if not is_checkable(part) or fold(part) in self._extra or self._dictionary_knows(part):
            return True
        # The first half of a compound adjective: белорусско-российский, научно-практический
        # ("белорусско" is "белорусский" cut before -о).
        return not last and part.endswith("о") and any(
            self._dictionary_knows(part[:-1] + ending) for ending in ("ий", "ый", "ой"))

    def _dictionary_knows(self, word: str) -> bool:
        if self.engine.check(word):
            return True
        if "ё" in word or "Ё" in word:
            return self.engine.check(word.replace("ё", "е").replace("Ё", "Е"))
        return False

    def misspelt(self, text: str) -> list[WordSpan]:
        """The unknown words of `text`. The hot path is one cached verdict per word; the
        context rules (a dot after "дер", initials beside a surname) only run for the
        few words the dictionaries do not know."""
        found, names = [], None
        cache = self._cache
        for match in WORD.finditer(text):
            word = match.group()
            known = cache.get(word)
            if known is None:
                known = cache[word] = self._look_up(word)
            if known:
                continue
            if names is None:
                names = names_beside_initials(text)
            span = WordSpan(match.start(), match.end(), word)
            if not excused_here(text, span, names):
                found.append(span)
        return found

    def suggest(self, word: str, limit: int = SUGGESTIONS, engine: Engine | None = None) -> list[str]:
        """The dictionary's corrections, best first, the word itself left out (`engine`:
        another instance of the same dictionary, for a worker thread)."""
        seen: list[str] = []
        for candidate in (engine or self.engine).suggest(word):
            if candidate != word and candidate not in seen:
                seen.append(candidate)
            if len(seen) == limit:
                break
        return seen
