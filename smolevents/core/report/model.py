"""The report as one structure: title, header, section rows, numbered rows, closing.

The DOCX writer and the window's print preview are two renderers of this one
structure, so they cannot disagree about numbering or which sections appear.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from operator import attrgetter

from smolevents.core.columns import EVENT_COLUMNS, HEADER_LABELS
from smolevents.core.domain import Event, Quarter, title_lines
from smolevents.core.periods import Period
from smolevents.core.report.layout import ReportLayout, report_layout
from smolevents.core.store import Store
from smolevents.core.store.report_reader import (
    PrintedEvent, period_sections, printed_events, read_snapshot, report_events,
)
from smolevents.core.validation import EventChecks, QuarterCheck, check_quarter, checked_report


# The rows are named tuples: one is made for every event of the report, and a tuple
# costs a fraction of a frozen dataclass to make (and to define, at start-up).
class SectionRow(namedtuple("SectionRow", "title")):
    """A full-width row: the section of the events under it."""

    __slots__ = ()


class EventRow(namedtuple("EventRow", "number event")):
    """An event's row: its number in the report (1…) and the event (a `PrintedEvent` when
    the report is streamed into a file: the same names for what the row prints)."""

    __slots__ = ()

    @property
    def number_text(self) -> str:
        return f"{self.number}."

    @property
    def cells(self) -> tuple[str, ...]:
        """The six cells' text as printed; multi-line cells keep their line breaks."""
        texts = [self.number_text, *_event_values(self.event)]
        for index in _DATES_CELLS:
            texts[index] = texts[index].printed()
        return tuple(texts)


# The event's values in column order, read in one call (a report row is built per event).
_event_values = attrgetter(*(column.field for column in EVENT_COLUMNS))
_DATES_CELLS = tuple(index for index, column in enumerate(EVENT_COLUMNS, start=1) if column.kind == "dates")


# The report classes are never compared or printed: without eq and repr, dataclass compiles
# three methods fewer for each at the start of every command (about 5 M instructions).
@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class ReportHead:
    """Everything of the report but its rows: what the page and the title need."""

    period: Period
    title_lines: list[str]
    header: tuple[str, ...]
    closing: str
    font_name: str = "Times New Roman"
    font_size: float = 12
    title_font_size: float = 14
    organisation: str = ""

    @property
    def layout(self) -> ReportLayout:
        """The page layout both renderers read, with this report's font settings."""
        return report_layout(self.font_name, self.font_size, self.title_font_size)

    @property
    def author(self) -> str:
        """Who the document's properties name: the title's organisation phrase on one line.

        The phrase continues the title ("…, проведенных исполнительными органами …"),
        so its opening participle is left out.
        """
        words = self.organisation.split()
        if words and words[0].lower().startswith("проведенн"):
            words = words[1:]
        text = " ".join(words)
        return text[:1].upper() + text[1:] if text else "smolevents"

    @property
    def quarter(self) -> Period:
        """The period (a quarter's report's period is its quarter): label, phrase, file name."""
        return self.period


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class ReportDocument(ReportHead):
    """The whole report in memory: the print preview, PDF and Excel renderers read it."""

    rows: list[SectionRow | EventRow]
    check: QuarterCheck

    @property
    def event_rows(self) -> list[EventRow]:
        return [row for row in self.rows if isinstance(row, EventRow)]

    @property
    def event_count(self) -> int:
        return sum(1 for row in self.rows if isinstance(row, EventRow))

    @property
    def section_count(self) -> int:
        return sum(1 for row in self.rows if isinstance(row, SectionRow))


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class WrittenReport(ReportHead):
    """What a report written straight from the store leaves behind: its counts and check."""

    event_count: int
    section_count: int
    check: QuarterCheck


def numbered_rows(events: Iterable[Event | PrintedEvent], section_titles: dict[int, str]) -> Iterator[SectionRow | EventRow]:
    """Section rows and events numbered 1… across the whole report, one at a time.

    `events` come in report order; a section with no events gets no row.
    """
    current_section = None
    for number, event in enumerate(events, start=1):
        if event.section_id != current_section:
            current_section = event.section_id
            yield SectionRow(section_titles[current_section])
        yield EventRow(number, event)


def number_events(events: list[Event], section_titles: dict[int, str]) -> list[SectionRow | EventRow]:
    """Section rows and events numbered 1… across the whole report (see numbered_rows)."""
    return list(numbered_rows(events, section_titles))


def _number_setting(store: Store, key: str, default: float) -> float:
    try:
        value = float(store.setting(key) or default)
    except ValueError:
        return default
    return value if 6 <= value <= 72 else default


def _head_values(store: Store, period: Period) -> dict:
    closing = store.period_closing(period)
    organisation = store.setting("organisation") or ""
    return dict(
        period=period,
        title_lines=title_lines(period, organisation),
        organisation=organisation,
        header=HEADER_LABELS,
        closing=closing,
        font_name=(store.setting("font_name") or "Times New Roman").strip() or "Times New Roman",
        font_size=_number_setting(store, "font_size", 12),
        title_font_size=_number_setting(store, "title_font_size", 14),
    )


def build_report(store: Store, period: Period | Quarter) -> ReportDocument:
    """The report of a quarter, a half-year, nine months or a year: one table, numbered 1…"""
    if isinstance(period, Quarter):
        period = Period.of_quarter(period)
    with read_snapshot(store):
        head = _head_values(store, period)
        sections = period_sections(store, period)
        events = list(report_events(store, period, sections))
    titles = {section.id: section.title for section, _count in sections}
    return ReportDocument(
        **head,
        rows=number_events(events, titles),
        check=check_quarter(events, period, head["closing"]),
    )


class StreamedReport:
    """A report read from the store while it is written: the rows go by one at a time.

    Open it inside `read_snapshot(store)` and keep that open while the rows are read,
    so the counts taken first are the counts of the rows read after. Each event is read
    with only what the report prints and checks (`PrintedEvent`) and checked as it goes
    by; `written()` gives the check once every row has been read.
    """

    def __init__(self, store: Store, period: Period | Quarter):
        if isinstance(period, Quarter):
            period = Period.of_quarter(period)
        self.store = store
        self.head = ReportHead(**_head_values(store, period))
        self.sections = period_sections(store, period)
        self.event_count = sum(count for _section, count in self.sections)
        self.problems: list = []
        self._read = False

    def rows(self) -> Iterator[SectionRow | EventRow]:
        titles = {section.id: section.title for section, _count in self.sections}
        problems, check = self.problems, EventChecks()
        events = printed_events(self.store, self.head.period, self.sections)
        for row in numbered_rows(events, titles):
            if type(row) is EventRow:
                found = check(row.event)
                if found:
                    problems.extend((row.number, problem) for problem in found)
            yield row
        self._read = True

    @property
    def check(self) -> QuarterCheck:
        if not self._read:
            raise RuntimeError("the report's rows have not all been read yet")
        head = self.head
        return checked_report(self.problems, head.period, head.closing, self.event_count)

    def written(self) -> WrittenReport:
        head = self.head
        return WrittenReport(
            **{name: getattr(head, name) for name in ReportHead.__dataclass_fields__},
            event_count=self.event_count, section_count=len(self.sections), check=self.check,
        )
