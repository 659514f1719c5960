"""The number of participants an event's text states, when it states one total.

The participants text stays the record; the number is derived from it (and stored
beside it for the summary). It is read only when the text states one total:
"Общее количество участников – 1800 человек", "не менее 1 000 человек",
"(50 человек)". Parts ("(5 человек), представители Республики Беларусь (38
человек)") are never added up: a total the report does not state is not invented.
"""

from __future__ import annotations

import functools
import re

# A number (thousands may be split by spaces: "1 000") with the word that counts people.
_NUMBER = r"(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)"
_PEOPLE = r"(?:человек\w*|чел\.|участник\w*|обучающихся|специалист\w*|зрител\w*)"
_COUNT = re.compile(_NUMBER + r"(?:-?х)?[ \u00a0]+" + _PEOPLE, re.IGNORECASE)
# "Общее количество участников – 1800", "Всего участников: 50": the stated total.
_TOTAL = re.compile(
    r"(?:общее\s+(?:количество|число)\s+участников|всего\s+участников|количество\s+участников"
    r"|общее\s+количество|всего)[^\d.;]{0,40}?" + _NUMBER,
    re.IGNORECASE,
)

# "…, в том числе команда Смоленской области в количестве 6 человек": a part, not a total.
_PART = re.compile(r"в\s+том\s+числе|из\s+них", re.IGNORECASE)


_DIGIT = re.compile(r"\d")


def _number(text: str) -> int:
    return int(re.sub(r"\D", "", text))


# The same texts come again in an import, a merge, every edit: short ones (the repeated
# kind) are remembered, 4 096 of up to 1 000 characters, a few MB at most.
MEMO_LONGEST = 1000


def participants_total(text: str) -> int | None:
    """The total the text states, or None when it states none or only parts."""
    if text and len(text) <= MEMO_LONGEST:
        return remembered_total(text)
    return _total(text)


@functools.lru_cache(maxsize=4096)
def remembered_total(text: str) -> int | None:
    return _total(text)


def _total(text: str) -> int | None:
    if not text or not _DIGIT.search(text):  # most texts without a number are skipped at once
        return None
    totals = [_number(match.group(1)) for match in _TOTAL.finditer(text)]
    if totals:
        # The first stated total: later ones are of another kind ("Количество гостей").
        return totals[0]
    counts = [match for match in _COUNT.finditer(text)]
    if len(counts) == 1 and not _PART.search(text[max(0, counts[0].start() - 80):counts[0].start()]):
        return _number(counts[0].group(1))
    return None
