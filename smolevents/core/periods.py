"""Periods of a year a report covers, and the one parser of "year + period" in the program.

A quarter, the first half-year, nine months or the whole year: each is a run of the
year's quarters from the first one (or one quarter). The command line (`--year
--period/--quarter`), the Word import (the title "в II квартале 2023 года") and the
window all read a year and a period here, so they cannot disagree.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from smolevents.core.domain import ROMAN_QUARTERS, YEAR_RANGE, Quarter
from smolevents.core import messages
from smolevents.core.errors import InvalidValueError

QUARTER_BY_ROMAN = {roman: number for number, roman in ROMAN_QUARTERS.items()}

# kind → (quarters covered, label, title phrase, file name part); {y} is the year.
_KINDS = {
    "q1": ((1,), "I квартал {y}", "в I квартале {y} года", "I_квартал_{y}"),
    "q2": ((2,), "II квартал {y}", "в II квартале {y} года", "II_квартал_{y}"),
    "q3": ((3,), "III квартал {y}", "в III квартале {y} года", "III_квартал_{y}"),
    "q4": ((4,), "IV квартал {y}", "в IV квартале {y} года", "IV_квартал_{y}"),
    "h1": ((1, 2), "I полугодие {y}", "в I полугодии {y} года", "I_полугодие_{y}"),
    "9m": ((1, 2, 3), "9 месяцев {y}", "за 9 месяцев {y} года", "9_месяцев_{y}"),
    "year": ((1, 2, 3, 4), "{y} год", "в {y} году", "{y}_год"),
}
PERIOD_KINDS = tuple(_KINDS)
_KIND_ALIASES = {"i": "q1", "ii": "q2", "iii": "q3", "iv": "q4", "1": "q1", "2": "q2", "3": "q3",
                 "4": "q4", "9м": "9m", "год": "year", "y": "year", "h": "h1", "п1": "h1"}


@dataclass(frozen=True, order=True)
class Period:
    """A quarter, half-year, nine months or year of one year: what a report may cover."""

    year: int
    kind: str  # one of PERIOD_KINDS

    def __post_init__(self):
        if self.kind not in _KINDS:
            raise InvalidValueError(f"Период указывается одним из: {', '.join(PERIOD_KINDS)}, а не «{self.kind}».")
        if self.year not in YEAR_RANGE:
            raise InvalidValueError(messages.year_out_of_range(self.year))

    @classmethod
    def of_quarter(cls, quarter: Quarter) -> Period:
        return cls(quarter.year, f"q{quarter.quarter}")

    @property
    def key(self) -> str:
        """"2023-q2", "2023-h1", "2023-year": for JSON and settings."""
        return f"{self.year}-{self.kind}"

    @property
    def is_quarter(self) -> bool:
        return len(self.quarters) == 1

    @property
    def quarters(self) -> tuple[Quarter, ...]:
        return tuple(Quarter(self.year, number) for number in _KINDS[self.kind][0])

    @property
    def label(self) -> str:
        """"I полугодие 2023" — for lists and messages ("отчет за …")."""
        return _KINDS[self.kind][1].format(y=self.year)

    @property
    def phrase(self) -> str:
        """"в I полугодии 2023 года", "за 9 месяцев 2023 года", "в 2023 году" — as titles write it."""
        if self.is_quarter:
            return self.quarters[0].phrase
        return _KINDS[self.kind][2].format(y=self.year)

    @property
    def first_day(self) -> datetime.date:
        return self.quarters[0].first_day

    @property
    def last_day(self) -> datetime.date:
        return self.quarters[-1].last_day

    def default_file_name(self, suffix: str = ".docx") -> str:
        return f"Отчет_{_KINDS[self.kind][3].format(y=self.year)}{suffix}"


def period_kind(text: str) -> str:
    """"q2", "II", "2", "h1", "9m", "year" → the kind; InvalidValueError (Russian) otherwise."""
    folded = str(text).strip().casefold()
    kind = folded if folded in _KINDS else _KIND_ALIASES.get(folded)
    if kind is None:
        raise InvalidValueError(
            f"Период указывается одним из: {' '.join(PERIOD_KINDS)} (квартал, I полугодие, "
            f"9 месяцев, год), а не «{text}»."
        )
    return kind


def quarter_number(text) -> int:
    """"2", "II", 2 → 2; InvalidValueError (Russian) otherwise."""
    folded = str(text).strip().upper()
    if folded in QUARTER_BY_ROMAN:
        return QUARTER_BY_ROMAN[folded]
    if folded in ("1", "2", "3", "4"):
        return int(folded)
    raise InvalidValueError(f"Квартал указывается числом от 1 до 4 (или I–IV), а не «{text}».")


def year_number(text) -> int:
    folded = str(text).strip()
    if not folded.isdigit() or int(folded) not in YEAR_RANGE:
        raise InvalidValueError(f"Год указывается числом от {YEAR_RANGE.start} до {YEAR_RANGE.stop - 1}, а не «{text}».")
    return int(folded)


def parse_period(year, period=None, quarter=None) -> Period:
    """The period a user asked for: a year and a period kind, or a year and a quarter.

    `quarter` is the same as `period="q<quarter>"`; InvalidValueError with the Russian
    explanation when something is missing or wrong.
    """
    if year is None or (period is None and quarter is None):
        raise InvalidValueError(
            "Укажите период отчета: --year ГОД --period ПЕРИОД (q1–q4, h1, 9m, year) "
            "или --year ГОД --quarter НОМЕР (например, --year 2023 --quarter 2)."
        )
    if period is not None and quarter is not None:
        raise InvalidValueError("Укажите что-то одно: --period или --quarter.")
    number = year_number(year)
    kind = period_kind(period) if period is not None else f"q{quarter_number(quarter)}"
    return Period(number, kind)


def parse_quarter(year, quarter) -> Quarter:
    """A year and a quarter as the user typed them; InvalidValueError (Russian) otherwise."""
    return parse_period(year, quarter=quarter).quarters[0]


_ROMAN_LOOKALIKES = str.maketrans({"І": "I", "і": "i", "Ⅰ": "I", "Ⅱ": "II", "Ⅲ": "III", "Ⅳ": "IV"})
_ORDINALS = {"перв": 1, "втор": 2, "трет": 3, "четв": 4}
_QUARTER_RE = re.compile(
    r"(?<!\w)(iv|i{1,3}|[1-4]|перв\w*|втор\w*|трет\w*|четв[её]рт\w*)"
    r"(?:\s*-?\s*(?:й|го|м|ом))?\s+(?:квартал\w*|кв\.)\s*(\d{4})(?!\d)"
)


def quarter_in_title(text: str) -> Quarter | None:
    """"в II квартале 2023 года", "за III квартал 2011 г.", "за 2 квартал 2023 года"…"""
    folded = " ".join(text.translate(_ROMAN_LOOKALIKES).split()).casefold()
    match = _QUARTER_RE.search(folded)
    if match is None:
        return None
    word, year = match.groups()
    if word.isdigit():
        number = int(word)
    elif word.upper() in QUARTER_BY_ROMAN:
        number = QUARTER_BY_ROMAN[word.upper()]
    else:
        number = _ORDINALS[word[:4].replace("ё", "е")]
    try:
        return Quarter(int(year), number)
    except ValueError:
        return None
