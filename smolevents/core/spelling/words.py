"""Which stretches of Russian text are words to check, and which are not.

A word is letters with inner hyphens or apostrophes ("Санкт-Петербург", "д'Артаньян").
Not checked, as Word does not flag them either: single letters (а, в, г., д., п.),
capital-letter abbreviations (СОГБУ, ОГБУК, ФГБОУ, КЦСОН, ВКС), words mixing letters
and digits (COVID-19), and words without Cyrillic letters (the Russian dictionary
cannot judge "Minsk"), and the usual short forms written with a dot ("дер.", "ул.",
"им."). A capitalised abbreviation with lower-case tails
("СмолГУ", "МИДа") counts as an abbreviation when it has two capitals or more.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

_LETTERS = "A-Za-zА-Яа-яЁё"
WORD = re.compile(rf"[{_LETTERS}0-9]+(?:['’\-‐][{_LETTERS}0-9]+)*")
_CYRILLIC = re.compile("[А-Яа-яЁё]")
_DIGIT = re.compile("[0-9]")
_CAPITALS = re.compile("[A-ZА-ЯЁ]")


class WordSpan(NamedTuple):
    start: int
    end: int
    word: str


def is_checkable(word: str) -> bool:
    if len(word) < 2 or _DIGIT.search(word) or not _CYRILLIC.search(word):
        return False
    return not is_abbreviation(word)


def is_abbreviation(word: str) -> bool:
    """СОГБУ, КЦСОН, СмолГУ, МИДом: two capitals or more in one hyphen-free part."""
    return any(len(_CAPITALS.findall(part)) >= 2 for part in re.split("[-‐'’]", word))


# Short forms written with a dot ("дер. Стабна", "ул. Соболева", "им. Тенишевых");
# single letters (г., д., п., с.) are never checked anyway.
DOTTED_ABBREVIATIONS = frozenset("""
    дер пос обл ул им тыс руб чел пр просп пл корп каб мкр доп гос нач зам зав гл отд
    ст сб кв мин млн млрд тел ед св вкл искл напр прим см рис табл англ рус
""".split())


# A surname beside initials ("В.Н. Анохин", "Ларин В.В.") is a person's name, which no
# dictionary has; the clerk would only be taught to ignore red lines.
_INITIALS = r"(?:[А-ЯЁ]\.\s?){1,2}"
_NAME_AFTER_INITIALS = re.compile(rf"(?<![А-Яа-яЁё]){_INITIALS}\s?([А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)")
_NAME_BEFORE_INITIALS = re.compile(rf"([А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)\s{_INITIALS}")


def names_beside_initials(text: str) -> set[int]:
    """Where the surnames written beside initials start."""
    if "." not in text:
        return set()
    starts = {match.start(1) for match in _NAME_AFTER_INITIALS.finditer(text)}
    starts.update(match.start(1) for match in _NAME_BEFORE_INITIALS.finditer(text))
    return starts


def excused_here(text: str, span: WordSpan, names: set[int]) -> bool:
    """A word the text itself excuses: a short form before a dot, a surname by initials."""
    if span.start in names:
        return True
    return text[span.end:span.end + 1] == "." and span.word.casefold() in DOTTED_ABBREVIATIONS


def words_to_check(text: str) -> Iterator[WordSpan]:
    names = names_beside_initials(text)
    for match in WORD.finditer(text):
        span = WordSpan(match.start(), match.end(), match.group())
        if is_checkable(span.word) and not excused_here(text, span, names):
            yield span


def fold(word: str) -> str:
    """How custom lists compare words: case and ё/е ignored (Гнёздово = гнездово)."""
    return word.casefold().replace("ё", "е").replace("’", "'").replace("‐", "-")
