"""The merge's duplicate finder rules names out by cheap bounds: it must find exactly what
comparing every pair with difflib finds (the same event, the same ratio, the earlier on a tie)."""

from __future__ import annotations

import difflib
import random

import pytest

from smolevents.core import merge
from smolevents.core.dates import EventDates
from smolevents.core.domain import Event, Quarter
from smolevents.core.search import search_key

QUARTER = Quarter(2023, 2)
DATES = EventDates.parse("25 мая 2023 года")
WORDS = ["встреча", "делегации", "провинции", "Хэнань", "форум", "Витебск", "заседание", "совета",
         "ректоров", "Беларусь", "по", "и", "с", "№"]


# Letters cp1251 lacks (the finder counts letters as its bytes, those all as "?"), and "?".
FOREIGN_WORDS = ["河南", "省", "Ελλάδα", "ქართული", "Türkiye", "?", "Ñandú", "Ўсход"]


def _names(rng: random.Random, count: int, words: list[str] = WORDS) -> list[str]:
    names = []
    for _ in range(count):
        if names and rng.random() < 0.6:  # a retyping of an earlier name: a letter or word changed
            letters = list(rng.choice(names))
            for _ in range(rng.randrange(1, 4)):
                if not letters:
                    break
                spot = rng.randrange(len(letters))
                letters[spot:spot + rng.randrange(0, 2)] = rng.choice(["", "а", " ", "ё", "Е", "1", "河", "?"])
            names.append("".join(letters) or "встреча")
        else:
            names.append(" ".join(rng.choice(words) for _ in range(rng.randrange(1, 7))))
    return names


def _every_pair(first: list[Event], event: Event) -> tuple[str, float] | None:
    """difflib on every name, in order: the best ratio over the threshold, the earlier on a tie."""
    best = None
    for other in first:
        ratio = difflib.SequenceMatcher(None, search_key(other.name), search_key(event.name),
                                        autojunk=False).ratio()
        if ratio >= merge.DUPLICATE_RATIO and (best is None or ratio > best[1]):
            best = (other.uuid, ratio)
    return best


@pytest.mark.parametrize("words", [WORDS, WORDS + FOREIGN_WORDS, FOREIGN_WORDS], ids=["cyrillic", "mixed", "foreign"])
def test_the_finder_finds_what_every_difflib_comparison_finds(words):
    rng = random.Random(17)
    checked = found = 0
    for _ in range(40):
        names = _names(rng, 60, words)
        first = [Event(None, f"a{n}", QUARTER, 1, n, name=name, dates=DATES) for n, name in enumerate(names[:30])]
        second = [Event(None, f"b{n}", QUARTER, 1, n, name=name, dates=DATES) for n, name in enumerate(names[30:])]
        finder = merge._DuplicateFinder()
        for event in first:
            finder.add(event, "Раздел", "отдел 1", 0)
        for event in second:
            result = finder.find(event, "Раздел", 1)
            expected = _every_pair(first, event)
            if expected is not None and expected[1] == 1.0:
                # The same folded name is found through the index: the first such event.
                assert result is not None and result[2] == 1.0
                assert search_key(result[0].name) == search_key(event.name)
            else:
                assert (None if result is None else (result[0].uuid, result[2])) == expected
            checked += 1
            found += expected is not None
    assert checked == 1200 and found > 100  # the names do come near each other
