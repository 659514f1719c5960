"""Words split and folded in Python as SQLite's `unicode61` tokenizer splits and folds them,
so that the full-text index can use the `ascii` tokenizer, which is cheaper to fill.

`unicode61` looks every non-ASCII character up in three tables (is it part of a word, its
lower case, its letter without diacritics): about 500 machine instructions a character,
most of the index's filling for Cyrillic text. `ascii` takes every non-ASCII character as
part of a word, as it is. Handed `index_form(text)`, where the non-ASCII separators are
spaces and the folded letters folded, it makes exactly the words `unicode61` makes of
`text` (tests: every code point, and random texts). The tables are SQLite's own, read off
its tokenizer (search_folding_data.py). Our texts are lower case already (`search_key`'s
rules), Cyrillic and ASCII but for a few quotes and dashes: a text with nothing else is
handed over as it is.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

# What unicode61 keeps as it is: ASCII (whose rules the ascii tokenizer shares) and а-я.
_UNTOUCHED = re.compile("[^\x00-\x7f\u0430-\u044f]")


def index_form(text: str) -> str:
    """`text` with the characters unicode61 reads as separators made spaces and those it
    folds folded (a combining mark removed)."""
    others = _UNTOUCHED.findall(text)
    if not others:
        return text
    for character in set(others):
        replacement = _treated(character)
        if replacement != character:
            text = text.replace(character, replacement)  # (a fold's result is never treated again)
    return text


@lru_cache(maxsize=4096)
def _treated(character: str) -> str:
    from smolevents.core.search_folding_data import FOLDS

    point = ord(character)
    folded = FOLDS.get(point)
    if folded is not None:
        return folded
    starts, ends = _separator_ranges()
    index = bisect_right(starts, point) - 1
    return " " if index >= 0 and point <= ends[index] else character


@lru_cache(maxsize=1)
def _separator_ranges() -> tuple[list[int], list[int]]:
    from smolevents.core.search_folding_data import SEPARATOR_RANGES

    return [start for start, _ in SEPARATOR_RANGES], [end for _, end in SEPARATOR_RANGES]
