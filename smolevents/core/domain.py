"""The report's domain: quarters, sections, events and the report title."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace
from functools import cached_property

from smolevents.core.dates import EventDates
from smolevents.core import messages
from smolevents.core.errors import InvalidValueError

ROMAN_QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}

DEFAULT_SECTIONS = (
    "Сотрудничество в сфере инвестиционного развития",
    "Сотрудничество в сфере промышленности и торговли",
    "Сотрудничество в сфере культуры",
    "Сотрудничество в сфере образования и науки",
    "Сотрудничество в социальной сфере",
    "Сотрудничество в сфере общественных связей",
    "Сотрудничество в сфере спорта",
    "Общие направления сотрудничества",
)

TITLE_OPENING = "Отчет о мероприятиях в международной сфере,"
# A per-database setting; the line break marks where the printed title wraps.
DEFAULT_ORGANISATION = (
    "проведенных исполнительными органами\n"
    "Смоленской области и подведомственными им учреждениями"
)

YEAR_RANGE = range(1990, 2201)


@dataclass(frozen=True, order=True)
class Quarter:
    """A quarter of a year: what a report is made for."""

    year: int
    quarter: int

    def __post_init__(self):
        if self.quarter not in ROMAN_QUARTERS:
            raise InvalidValueError(f"Квартал должен быть от 1 до 4, а не {self.quarter}.")
        if self.year not in YEAR_RANGE:
            raise InvalidValueError(messages.year_out_of_range(self.year))

    @classmethod
    def containing(cls, day: datetime.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def current(cls) -> Quarter:
        return cls.containing(datetime.date.today())

    @property
    def roman(self) -> str:
        return ROMAN_QUARTERS[self.quarter]

    @property
    def label(self) -> str:
        """"II квартал 2023" — for lists and file names."""
        return f"{self.roman} квартал {self.year}"

    @property
    def phrase(self) -> str:
        """"в II квартале 2023 года" — as the report's title and closing write it."""
        return f"в {self.roman} квартале {self.year} года"

    # Cached: the check of a quarter's report asks them for every event.
    @cached_property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.quarter - 2, 1)

    @cached_property
    def last_day(self) -> datetime.date:
        following = self.next()
        return following.first_day - datetime.timedelta(days=1)

    def next(self) -> Quarter:
        if self.quarter == 4:
            return Quarter(self.year + 1, 1)
        return Quarter(self.year, self.quarter + 1)

    def previous(self) -> Quarter:
        if self.quarter == 1:
            return Quarter(self.year - 1, 4)
        return Quarter(self.year, self.quarter - 1)

    def contains(self, dates: EventDates) -> bool:
        """True when the event lies wholly inside the quarter (unknown dates: True)."""
        if not dates.understood:
            return True
        return self.first_day <= dates.first_day() and dates.last_day() <= self.last_day

    def default_file_name(self) -> str:
        return f"Отчет_{self.roman}_квартал_{self.year}.docx"


def title_lines(quarter: Quarter, organisation: str = DEFAULT_ORGANISATION) -> list[str]:
    """The three centred lines above the table (`quarter`: a Quarter or a periods.Period)."""
    lines = f"{TITLE_OPENING} {organisation.strip()}".split("\n")
    return [line.strip() for line in lines if line.strip()] + [quarter.phrase]


@dataclass(frozen=True)
class Section:
    """A section of the report's table (its catalogue order: `sort_order`)."""

    id: int
    title: str
    sort_order: int


@dataclass(frozen=True)
class Report:
    """A quarter's report as stored: its closing paragraph (the events point to it)."""

    id: int
    quarter: Quarter
    closing: str


@dataclass(frozen=True)
class Event:
    """One row of the report. Its number is never stored: see report.number_events."""

    id: int | None
    uuid: str
    quarter: Quarter
    section_id: int
    position: int
    name: str = ""
    place: str = ""
    dates: EventDates = field(default_factory=EventDates)
    purpose: str = ""
    participants: str = ""
    created_at: str = ""
    updated_at: str = ""
    version: int = 1
    # ISO 3166 codes of the foreign partner countries. Until the clerk confirms them
    # (countries_confirmed) they are the suggestion from the text, kept up to date by the store.
    countries: tuple[str, ...] = ()
    countries_confirmed: bool = False

    def value(self, field_name: str):
        return getattr(self, field_name)

    @classmethod
    def stored(cls, id: int | None, uuid: str, quarter: Quarter, section_id: int, position: int, name: str,
               place: str, dates: EventDates, purpose: str, participants: str, created_at: str,
               updated_at: str, version: int, countries: tuple[str, ...], countries_confirmed: bool) -> Event:
        """`Event(...)` with every field given, for thousands of rows read at once: the frozen
        dataclass's __init__ sets its fields one `object.__setattr__` at a time (2.1 µs an
        event); this sets them in one dict (0.5 µs). The same object: `test_event_stored` compares."""
        event = object.__new__(cls)
        object.__setattr__(event, "__dict__", {
            "id": id, "uuid": uuid, "quarter": quarter, "section_id": section_id, "position": position,
            "name": name, "place": place, "dates": dates, "purpose": purpose, "participants": participants,
            "created_at": created_at, "updated_at": updated_at, "version": version, "countries": countries,
            "countries_confirmed": countries_confirmed,
        })
        return event

    def with_changes(self, **changes) -> Event:
        return replace(self, **changes)
