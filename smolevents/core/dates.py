"""Event dates: a value type, the report's own wording, and a tolerant parser.

The quarterly report writes dates in a handful of fixed Russian forms
("25 мая 2023 года", "14-17 июня 2023 года", "апрель – май 2023 года", ...).
Clerks type many more variants; we understand the common ones and keep
anything else verbatim, because an event must never be dropped for its date.

Pure standard library: month names come from tables here, never from the
locale (%B depends on the machine and gives the wrong case anyway).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from smolevents.core.errors import InvalidValueError

__all__ = [
    "GENITIVE_MONTHS",
    "NOMINATIVE_MONTHS",
    "DatePoint",
    "EventDates",
]

# "25 мая" uses the genitive, a whole month ("июнь 2023 года") the nominative.
GENITIVE_MONTHS: tuple[str, ...] = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)
NOMINATIVE_MONTHS: tuple[str, ...] = (
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
)

# Parsing is lenient about the case: "25 май" and "июня 2023" are still clear.
_MONTH_NUMBER = {
    name: number
    for names in (GENITIVE_MONTHS, NOMINATIVE_MONTHS)
    for number, name in enumerate(names, start=1)
}

_YEAR_WORD = "года"  # "2023 года"
_DAY_DASH = "-"      # "14-17 июня", "26 мая-16 июня": hyphen, no spaces
_WIDE_DASH = " – "   # en dash with spaces between months and across years


def _month_name(month: int, *, genitive: bool) -> str:
    return (GENITIVE_MONTHS if genitive else NOMINATIVE_MONTHS)[month - 1]


_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in_month(year: int, month: int) -> int:
    """`calendar.monthrange(year, month)[1]` (Gregorian), without importing calendar, which
    imports locale: both on every start of the window only for this."""
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _DAYS_IN_MONTH[month - 1]


@dataclass(frozen=True)
class DatePoint:
    """A day, or a whole month when ``day`` is None.

    Ordering is by (year, month, day), a month sorting before its own days,
    so mixed lists (e.g. events sorted by start) never raise.
    """

    year: int
    month: int
    day: int | None = None

    def __post_init__(self) -> None:
        # An invalid point must not exist at all: everything else trusts it.
        # Four digits: the report prints the year as it is and reads back only four digits
        # ("25 мая 999 года" would come back as text, and a re-import would add it again).
        if not 1000 <= self.year <= 9999:
            raise InvalidValueError(f"Недопустимый год: {self.year}")
        if not 1 <= self.month <= 12:
            raise InvalidValueError(f"Недопустимый месяц: {self.month}")
        if self.day is not None:
            last = days_in_month(self.year, self.month)
            if not 1 <= self.day <= last:
                month = _month_name(self.month, genitive=True)
                raise InvalidValueError(f"Нет такой даты: {self.day} {month} {self.year} года")

    @property
    def has_day(self) -> bool:
        return self.day is not None

    def _key(self) -> tuple[int, int, int]:
        return (self.year, self.month, self.day or 0)

    def __lt__(self, other: DatePoint) -> bool:
        if not isinstance(other, DatePoint):
            return NotImplemented
        return self._key() < other._key()

    def __le__(self, other: DatePoint) -> bool:
        if not isinstance(other, DatePoint):
            return NotImplemented
        return self._key() <= other._key()

    def __gt__(self, other: DatePoint) -> bool:
        if not isinstance(other, DatePoint):
            return NotImplemented
        return self._key() > other._key()

    def __ge__(self, other: DatePoint) -> bool:
        if not isinstance(other, DatePoint):
            return NotImplemented
        return self._key() >= other._key()

    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.month, self.day or 1)

    def last_day(self) -> datetime.date:
        if self.day is not None:
            return datetime.date(self.year, self.month, self.day)
        return datetime.date(self.year, self.month, days_in_month(self.year, self.month))

    def to_storage(self) -> str:
        # ISO-like text sorts correctly as a string in SQLite.
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @classmethod
    def from_storage(cls, text: str) -> DatePoint:
        match = _STORAGE_RE.fullmatch(text or "")
        if match is None:
            raise InvalidValueError(f"Неверная дата в базе: {text!r}")
        year, month, day = match.groups()
        return cls(int(year), int(month), int(day) if day else None)



_STORAGE_RE = re.compile(r"([0-9]{4})-([0-9]{2})(?:-([0-9]{2}))?")


@dataclass(frozen=True)
class EventDates:
    """When an event took place: a day or month, or a range of them.

    Either understood (``start``/``end`` set, ``verbatim`` empty) or not
    understood (``start`` None, the clerk's text kept in ``verbatim``).
    """

    start: DatePoint | None = None
    end: DatePoint | None = None
    verbatim: str = ""

    def __post_init__(self) -> None:
        if self.start is None:
            if self.end is not None:
                raise InvalidValueError("Указана дата окончания без даты начала")
            return
        if self.verbatim:
            raise InvalidValueError("У распознанных дат не бывает отдельного текста")
        if self.end is None:
            # A single day/month is a range of one: end == start always holds.
            object.__setattr__(self, "end", self.start)
        _check_range(self.start, self.end)

    @property
    def understood(self) -> bool:
        return self.start is not None

    @property
    def is_empty(self) -> bool:
        return self.start is None and not self.verbatim.strip()

    @property
    def has_day(self) -> bool:
        """Day precision (False for month precision and when not understood)."""
        return self.start is not None and self.start.has_day

    def first_day(self) -> datetime.date | None:
        return self.start.first_day() if self.start else None

    def last_day(self) -> datetime.date | None:
        return self.end.last_day() if self.end else None


    def format(self) -> str:
        return self._formatted

    @cached_property
    def _formatted(self) -> str:
        # Kept, as _printed: readers share one EventDates among the events on the same days,
        # and a merge or an import folds the dates of thousands of events into their search text.
        if self.start is None:
            return self.verbatim
        if self.start.has_day:
            return _format_days(self.start, self.end)
        return _format_months(self.start, self.end)

    def printed(self) -> str:
        """As the report's dates column prints it: the year stays on one line with "года".

        The column is narrow; a plain space lets Word wrap "25 мая 2023 / года",
        where the real report wraps "25 мая / 2023 года".
        """
        return self._printed

    @cached_property
    def _printed(self) -> str:
        # Kept: the report's reader shares one EventDates among the events on the same days.
        text = self.format()
        return text if self.start is None else text.replace(f" {_YEAR_WORD}", f"\u00a0{_YEAR_WORD}")

    def __str__(self) -> str:
        return self.format()

    @classmethod
    def parse(cls, text: str, quarter=None) -> EventDates:
        """The clerk's text as dates, or kept verbatim when not understood.

        `quarter` (anything with ``year`` and ``quarter``, e.g. a domain Quarter) is the
        report the text belongs to: a date typed without its year takes the quarter's
        year ("14-17 августа" in III 2023), and a range that runs past December into a
        first-quarter month ends the next year ("28 декабря – 10 января" in IV 2023).
        """
        try:
            points = _parse_points(_normalize(text or ""), _context_year(quarter))
        except ValueError:  # e.g. "31 февраля", end before start
            points = None
        if points is None:
            return cls(verbatim=(text or "").strip())
        return cls(*points)

    @classmethod
    def range(cls, start: DatePoint, end: DatePoint | None = None) -> EventDates:
        return cls(start, end if end is not None else start)

    def to_storage(self) -> tuple[str | None, str | None, str]:
        return self._stored

    @cached_property
    def _stored(self) -> tuple[str | None, str | None, str]:
        if self.start is None:
            return (None, None, self.verbatim)
        return (self.start.to_storage(), self.end.to_storage(), "")

    @classmethod
    def from_storage(cls, start: str | None, end: str | None, text: str) -> EventDates:
        if not start:
            if end:
                raise InvalidValueError(f"В базе дата окончания {end!r} без даты начала")
            return cls(verbatim=text or "")
        return cls.range(
            DatePoint.from_storage(start),
            DatePoint.from_storage(end) if end else None,
        )


# A stored date phrase is short; a longer text (verbatim, up to a table cell in a file from
# elsewhere) is read each time instead of being held by the memo until the program ends.
_MEMO_TEXT_CHARS = 200


def stored_dates(start: str | None, end: str | None, text: str) -> EventDates:
    """`EventDates.from_storage`, each stored triple read once: a merge's vetting and reading
    of twenty department files, and a quarter of thousands of events read by the store, meet
    the same few dozen days again and again (the dates are immutable; a triple that does not
    read raises each time, as it would)."""
    if isinstance(text, str) and len(text) > _MEMO_TEXT_CHARS:
        return EventDates.from_storage(start, end, text)
    return _memo_dates(start, end, text)


@lru_cache(maxsize=4096)
def _memo_dates(start: str | None, end: str | None, text: str) -> EventDates:
    return EventDates.from_storage(start, end, text)


def forget_stored_dates() -> None:
    """Empty `stored_dates`' memo (benchmarks timing a first read, as a new process does)."""
    _memo_dates.cache_clear()


def _check_range(start: DatePoint, end: DatePoint) -> None:
    if start.has_day != end.has_day:
        raise InvalidValueError(
            "Начало и окончание указываются одинаково: оба с числом или оба только месяцем"
        )
    if end < start:
        raise InvalidValueError("Дата окончания раньше даты начала")


# --- formatting: exactly the report's wording --------------------------------

def _day_text(point: DatePoint) -> str:
    return f"{point.day} {_month_name(point.month, genitive=True)}"


def _format_days(start: DatePoint, end: DatePoint) -> str:
    if start.year != end.year:
        return f"{_day_text(start)} {start.year} {_YEAR_WORD}{_WIDE_DASH}{_day_text(end)} {end.year} {_YEAR_WORD}"
    if start == end:
        days = _day_text(start)
    elif start.month == end.month:
        days = f"{start.day}{_DAY_DASH}{_day_text(end)}"
    else:
        days = f"{_day_text(start)}{_DAY_DASH}{_day_text(end)}"
    return f"{days} {end.year} {_YEAR_WORD}"


def _format_months(start: DatePoint, end: DatePoint) -> str:
    first = _month_name(start.month, genitive=False)
    last = _month_name(end.month, genitive=False)
    if start.year != end.year:
        return f"{first} {start.year} {_YEAR_WORD}{_WIDE_DASH}{last} {end.year} {_YEAR_WORD}"
    months = first if start == end else f"{first}{_WIDE_DASH}{last}"
    return f"{months} {end.year} {_YEAR_WORD}"


# --- parsing: normalize, then split into at most two points -------------------

_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"})
_INVISIBLE = str.maketrans({"\u200b": None, "\ufeff": None, "\u00ad": None})
# "2023 года", "2023 г.", "2023г", "2023 год" -> "2023"
_YEAR_SUFFIX_RE = re.compile(r"([0-9]{4})\s*(?:года?|г)\b\.?")
# "с 14 по 17 июня" -> "14-17 июня"
_FROM_TO_RE = re.compile(r"с\s+(.+?)\s+по\s+(.+)")
_DASH_RE = re.compile(r"\s*-\s*")
# One side of a range: "14", "14 июня", "июня 2023", "14 июня 2023", "июнь"...
_WORDY_RE = re.compile(r"(?:([0-9]{1,2})\s*)?(?:([а-яё]+)(?:\s+([0-9]{4}))?)?")
_NUMERIC_RE = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")  # 14.06.2023


def _normalize(text: str) -> str:
    """Lower-case, one kind of dash and space, no "года"/"г.", "с…по" as a dash."""
    s = text.translate(_INVISIBLE).translate(_DASHES).lower()
    s = " ".join(s.split())  # line breaks, U+00A0, U+202F, runs of spaces
    s = _YEAR_SUFFIX_RE.sub(r"\1", s)
    s = s.rstrip(". ")
    from_to = _FROM_TO_RE.fullmatch(s)
    if from_to:
        s = f"{from_to[1]}-{from_to[2]}"
    return _DASH_RE.sub("-", s)


# A side as parsed, before the start borrows month/year from the end.
_Side = tuple[int | None, int | None, int | None]  # (day, month, year)


def _parse_side(text: str) -> _Side | None:
    numeric = _NUMERIC_RE.fullmatch(text)
    if numeric:
        day, month, year = (int(g) for g in numeric.groups())
        return (day, month, year)
    wordy = _WORDY_RE.fullmatch(text)
    if not text or wordy is None:
        return None
    day, word, year = wordy.groups()
    month = None
    if word is not None:
        month = _MONTH_NUMBER.get(word)
        if month is None:
            return None
    return (int(day) if day else None, month, int(year) if year else None)


def _context_year(quarter) -> tuple[int, int] | None:
    """(year, first month) of the report's quarter, or None without one."""
    if quarter is None:
        return None
    return (int(quarter.year), 3 * int(quarter.quarter) - 2)


def _parse_points(text: str, context: tuple[int, int] | None = None) -> tuple[DatePoint, DatePoint] | None:
    sides = text.split("-")
    if len(sides) > 2:
        return None
    parsed = [_parse_side(side) for side in sides]
    if None in parsed:
        return None
    end_day, end_month, end_year = parsed[-1]
    if end_month is not None and end_year is None and context is not None and parsed[0][2] is None:
        # No year anywhere: the quarter's. A start in Q4 and an end in Q1 cross New Year.
        year, first_month = context
        start_month = parsed[0][1] or end_month
        crosses = len(parsed) == 2 and start_month >= 10 and end_month <= 3
        end_year = year + 1 if crosses and first_month >= 10 else year
        if crosses and first_month <= 3:
            end_year = year  # "28 декабря – 10 января" in I 2024: the start is last year's
    if end_month is None or end_year is None:
        return None  # the end (or a lone point) must name its month and year
    end = DatePoint(end_year, end_month, end_day)
    if len(parsed) == 1:
        return (end, end)
    day, month, year = parsed[0]
    if month is None and day is None:
        return None
    # "14-17 июня 2023", "апрель-май 2023": the start borrows what it omits.
    start = DatePoint(year or end_year, month or end_month, day)
    if year is None and month is not None and month >= 10 and end_month <= 3:
        # "28 декабря-10 января 2024": a Q4 start before a Q1 end is last year's.
        start = DatePoint(end_year - 1, month, day)
    if start.has_day != end.has_day or end < start:
        return None
    return (start, end)
