"""The country matcher (memoised, one scan per field) against the plain reading it replaced.

`plain_suggest` is the matcher as it was before it was made fast, kept here as the
reference: every capitalised word of the text looked up, the words after it read when it
may start a longer name. The suggestions stored for an event (its four texts read as one)
and "held abroad" (its place alone) must come out the same.
"""

from __future__ import annotations

import random
import re
from types import SimpleNamespace

import pytest

from smolevents.core import countries
from smolevents.core.countries import event_countries, place_is_abroad, suggest_countries

_WORD = re.compile(r"[0-9A-Za-zА-Яа-яЁё\u0301]+")
_CAPITALISED = re.compile(r"(?<![0-9A-Za-zА-Яа-яЁё])[A-ZА-ЯЁ][0-9A-Za-zА-Яа-яЁё\u0301]*")


def plain_suggest(by_first_word, text: str) -> list[str]:
    found: list[str] = []
    folded = text.lower().replace("ё", "е")
    for match in _CAPITALISED.finditer(text):
        start, end = match.span()
        by_length = by_first_word.get(folded[start:end])
        if not by_length:
            continue
        following: tuple[str, ...] = ()
        if len(by_length) > 1 or 0 not in by_length:
            following = tuple(_WORD.findall(folded, end, end + 120)[:6])
        for length in sorted(by_length, reverse=True):
            code = by_length[length].get(following[:length])
            if code is not None and length <= len(following):
                if code not in found:
                    found.append(code)
                break
    return found


def plain_event(by_first_word, fields: list[str]) -> tuple[tuple[str, ...], bool]:
    return tuple(plain_suggest(by_first_word, "\n".join(fields))), bool(plain_suggest(by_first_word, fields[1]))


def as_event(fields: list[str]):
    return SimpleNamespace(name=fields[0], place=fields[1], purpose=fields[2], participants=fields[3])


FIELDS = ("name", "place", "purpose", "participants")


def test_the_real_report_gets_the_same_suggestions_as_before(real_report):
    by_first_word = countries.index().by_first_word
    for _, event in real_report.events:
        fields = [event[name] for name in FIELDS]
        assert event_countries(as_event(fields)) == plain_event(by_first_word, fields)
        for text in fields:
            assert suggest_countries(text) == tuple(plain_suggest(by_first_word, text))
        assert place_is_abroad(event["place"]) == bool(plain_suggest(by_first_word, event["place"]))


def _names(by_first_word) -> list[list[str]]:
    return [[first, *rest] for first, by_length in by_first_word.items()
            for table in by_length.values() for rest in table]


@pytest.mark.parametrize("seed", range(4))
def test_names_split_between_fields_and_mixed_with_the_reports_words(real_report, seed):
    """A name cut between two fields ("… Республика" / "Беларусь …") is still read across
    the line break, as the joined text reads it; every other word comes from the report."""
    by_first_word = countries.index().by_first_word
    words = " ".join(event[name] for _, event in real_report.events for name in FIELDS).split()
    names = _names(by_first_word)
    longer = [name for name in names if len(name) > 1]
    randomly = random.Random(seed)
    for _ in range(1500):
        name = randomly.choice(longer)
        cut = randomly.randint(1, len(name) - 1)
        write = randomly.choice((str.title, str.capitalize, str.lower, str.upper))
        fields = [" ".join(randomly.choice(words) for _ in range(randomly.randint(0, 6))) for _ in FIELDS]
        at = randomly.randrange(3)
        fields[at] += " " + write(" ".join(name[:cut]))
        fields[at + 1] = write(" ".join(name[cut:])) + " " + fields[at + 1]
        if randomly.random() < 0.3:
            fields[randomly.randrange(4)] += " " + " ".join(randomly.choice(names)).title()
        if randomly.random() < 0.2:
            fields[randomly.randrange(3) + 1] = ""
        assert event_countries(as_event(fields)) == plain_event(by_first_word, fields), fields


def test_a_place_repeated_is_read_once():
    index = countries.index()
    place = "г. Брест (Республика Беларусь), проверка памяти"
    assert place_is_abroad(place)
    assert index.scan(place) is index.scan(place)


def test_long_texts_and_words_are_read_but_not_remembered():
    """The memos keep only short texts and words: a flood of long ones cannot fill memory."""
    index = countries.index()
    long_text = "Визит делегации Республики Беларусь. " + "Подробности " * 200
    word = "Ж" * 5000
    assert place_is_abroad(long_text) and suggest_countries(word) == ()
    assert long_text not in index._scans and word not in index._forms
    assert place_is_abroad("г. Минск") and "г. Минск" in index._scans


@pytest.mark.parametrize("seed", range(3))
def test_the_words_after_a_name_are_read_as_before_whatever_stands_near_them(seed):
    """The words after a name's first word are read from a window of the text folded alone
    (not the whole text): the same words as before, with letters whose lower case depends on
    their neighbours (Greek "Σ") or is two letters ("ß" folds so, lowers not), stress marks,
    numbers, line breaks, and a word cut by the window's end (a name's further words never
    reach past it). (Not "İ", whose lower case is two characters: the reference folds the
    whole text at once, which moves the words after it.)"""
    by_first_word = countries.index().by_first_word
    longer = [name for name in _names(by_first_word) if len(name) > 1]
    odd = ["ΣΟΦΊΑ", "Σ", "ς", "\u0301", "ё", "Ё", "2023", "—", "\n", "«", "»", "x" * 130, "ß", "ǅ"]
    randomly = random.Random(seed)
    for _ in range(1500):
        name = randomly.choice(longer)
        write = randomly.choice((str.title, str.capitalize, str.upper))
        pieces = [write(" ".join(name))] + [randomly.choice(odd + name) for _ in range(randomly.randint(0, 8))]
        randomly.shuffle(pieces)
        text = randomly.choice((" ", "", ", ")).join(pieces)
        assert suggest_countries(text) == tuple(plain_suggest(by_first_word, text)), text
        assert place_is_abroad(text) == bool(plain_suggest(by_first_word, text)), text
