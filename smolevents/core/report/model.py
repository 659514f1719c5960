"""The report as one structure: title, header, section rows, numbered rows, closing.

The DOCX writer and the window's print preview are two renderers of this one
structure, so they cannot disagree about numbering or which sections appear.
"""

from __future__ import annotations

from dataclasses import dataclass

from smolevents.core.columns import EVENT_COLUMNS, HEADER_LABELS
from smolevents.core.domain import Event, Quarter, title_lines
from smolevents.core.periods import Period
from smolevents.core.report.layout import ReportLayout, report_layout
from smolevents.core.store import Store
from smolevents.core.validation import QuarterCheck, check_quarter


@dataclass(frozen=True)
class SectionRow:
    title: str


@dataclass(frozen=True)
class EventRow:
    number: int
    event: Event

    @property
    def number_text(self) -> str:
        return f"{self.number}."

    @property
    def cells(self) -> tuple[str, ...]:
        """The six cells' text as printed; multi-line cells keep their line breaks."""
        texts = [self.number_text]
        for column in EVENT_COLUMNS:
            value = self.event.value(column.field)
            texts.append(value.printed() if column.kind == "dates" else value)
        return tuple(texts)


@dataclass(frozen=True)
class ReportDocument:
    period: Period
    title_lines: list[str]
    header: tuple[str, ...]
    rows: list[SectionRow | EventRow]
    closing: str
    check: QuarterCheck
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

    @property
    def event_rows(self) -> list[EventRow]:
        return [row for row in self.rows if isinstance(row, EventRow)]


def number_events(events: list[Event], section_titles: dict[int, str]) -> list[SectionRow | EventRow]:
    """Section rows and events numbered 1… across the whole report.

    `events` come in report order; a section with no events gets no row.
    """
    rows: list[SectionRow | EventRow] = []
    current_section = None
    for number, event in enumerate(events, start=1):
        if event.section_id != current_section:
            current_section = event.section_id
            rows.append(SectionRow(section_titles[current_section]))
        rows.append(EventRow(number, event))
    return rows


def _number_setting(store: Store, key: str, default: float) -> float:
    try:
        value = float(store.setting(key) or default)
    except ValueError:
        return default
    return value if 6 <= value <= 72 else default


def build_report(store: Store, period: Period | Quarter) -> ReportDocument:
    """The report of a quarter, a half-year, nine months or a year: one table, numbered 1…"""
    if isinstance(period, Quarter):
        period = Period.of_quarter(period)
    events = store.period_events(period)
    titles = {section.id: section.title for section in store.sections()}
    closing = store.period_closing(period)
    organisation = store.setting("organisation") or ""
    return ReportDocument(
        period=period,
        title_lines=title_lines(period, organisation),
        organisation=organisation,
        header=HEADER_LABELS,
        rows=number_events(events, titles),
        closing=closing,
        check=check_quarter(events, period, closing),
        font_name=(store.setting("font_name") or "Times New Roman").strip() or "Times New Roman",
        font_size=_number_setting(store, "font_size", 12),
        title_font_size=_number_setting(store, "title_font_size", 14),
    )
