"""Reports already written in Word, read back into events.

`read_report_docx` reads a .docx (checked first by `docx_safety`) into an
`ImportedReport`: the quarter from the title, the sections with their events in the
document's order, the closing paragraph and warnings. `import_report` puts it into a
store in one transaction, recognising events that are already there.

The document's body comes as paragraphs and tables of cells from `docx_body`; here
they are recognised as the report's title, header, sections, events and closing.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from dataclasses import fields as dataclass_fields
from operator import itemgetter
from pathlib import Path

from smolevents.core.columns import COLUMNS, EVENT_COLUMNS
from smolevents.core.dates import EventDates
from smolevents.core.report.docx_body import Block, Cell, clean_cell_text, read_body
from smolevents.core.report.docx_safety import MainDocument, load_main_document
from smolevents.core.domain import DEFAULT_SECTIONS, Quarter
from smolevents.core.periods import quarter_in_title, quarter_number, year_number
from smolevents.core.errors import UserError
from smolevents.core.identity import same_event_key
from smolevents.core.search import search_key
from smolevents.core.text import shorten
from smolevents.core.store import Store, title_key
from smolevents.core.store.import_writes import add_document_events

# Events standing before any section row go to the catch-all section.
FALLBACK_SECTION = DEFAULT_SECTIONS[-1]


class QuarterMissingError(UserError):
    """The document does not say its quarter: the caller must give it."""


@dataclass(frozen=True)
class ImportedEvent:
    """One event row of the document, as read."""

    number: str  # as written in the document ("" when none); never trusted for order
    name: str
    place: str
    dates: EventDates
    purpose: str
    participants: str
    dates_text: str = ""  # the cell as written, for messages
    # As an `Event` has them (class attributes, not fields): the store writes an imported
    # event as it is, and suggests its countries from its text until the clerk confirms them.
    countries = ()
    countries_confirmed = False

    @classmethod
    def of_row(cls, values: dict) -> ImportedEvent:
        """`ImportedEvent(**values)`, every field given, without the frozen class's
        `object.__setattr__` per field (a document brings thousands: 3 ms)."""
        if len(values) != len(_IMPORTED_FIELDS):
            raise TypeError(f"ImportedEvent fields {sorted(values)}")
        event = object.__new__(cls)
        event.__dict__.update({name: values[name] for name in _IMPORTED_FIELDS})  # in the fields' order
        return event

    def fields(self) -> dict:
        """Keyword arguments for `Store.add_event` / `Event`."""
        return {column.field: getattr(self, column.field) for column in EVENT_COLUMNS}

    @property
    def label(self) -> str:
        """"№ 5 «Участие в форуме…»" — how warnings name the event."""
        short = shorten(self.name, 58)
        number = f"№ {self.number} " if self.number else ""
        return f"{number}«{short}»" if short else f"{number}(без наименования)".strip()


_IMPORTED_FIELDS = tuple(imported.name for imported in dataclass_fields(ImportedEvent))


@dataclass
class ImportedReport:
    """What a document holds: its quarter, sections of events, closing paragraph, warnings."""

    quarter: Quarter
    sections: list[tuple[str, list[ImportedEvent]]] = field(default_factory=list)
    closing: str = ""
    warnings: list[str] = field(default_factory=list)
    source_name: str = ""
    title_quarter: Quarter | None = None  # what the title said, before any override

    @property
    def events(self) -> list[ImportedEvent]:
        return [event for _, events in self.sections for event in events]


@dataclass
class ImportResult:
    """What an import added (or would add), left out as already there, and said."""

    quarter: Quarter
    added: int = 0
    already: int = 0
    by_section: list[tuple[str, int]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    new_sections: list[str] = field(default_factory=list)
    closing_action: str = "none"  # "set", "same", "kept" (a different one exists) or "none"
    dry_run: bool = False

    def summary(self) -> str:
        if self.dry_run:
            return f"будет добавлено {self.added}, уже есть {self.already}"
        return f"добавлено {self.added}, уже было {self.already}"


# --- reading -----------------------------------------------------------------------


def read_report_docx(path: str | Path, year: int | None = None,
                     quarter: int | str | None = None) -> ImportedReport:
    """Read a report (or a department's part of one) from a .docx.

    `year`/`quarter` override what the title says; without a quarter in the title
    both are needed. Every refused file raises UserError with one Russian line.
    The file is only read.
    """
    path = Path(path)
    return report_of(load_main_document(path), path.name, year, quarter)


def report_of(main: MainDocument, file_name: str, year: int | None = None,
              quarter: int | str | None = None) -> ImportedReport:
    """`read_report_docx` of a document already checked and parsed by `docx_safety`."""
    reader = _DocumentReader(file_name)
    reader.read(read_body(main.root, file_name))
    title_quarter = quarter_in_title(reader.title_text)
    chosen = _choose_quarter(title_quarter, year, quarter, file_name)
    report = ImportedReport(
        quarter=chosen,
        sections=reader.sections,
        closing=reader.closing,
        source_name=file_name,
        title_quarter=title_quarter,
    )
    if title_quarter and title_quarter != chosen:
        report.warnings.append(
            f"В заголовке документа указан {title_quarter.label}, мероприятия записаны "
            f"в {chosen.label}, как задано."
        )
    report.warnings.extend(reader.warnings)
    _date_in_quarter(report)
    return report


def _dates_not_read(event: ImportedEvent) -> str:
    return f"{event.label}: сроки «{shorten(event.dates_text)}» не распознаны — сохранены как написано."


def _date_in_quarter(report: ImportedReport) -> None:
    """Dates written without a year ("14-17 августа") take the report's quarter's year."""
    for position, (title, events) in enumerate(report.sections):
        dated = []
        for event in events:
            if not event.dates.understood and event.dates_text:
                dates = EventDates.parse(event.dates_text, report.quarter)
                if dates.understood:
                    report.warnings.remove(_dates_not_read(event))
                    event = replace(event, dates=dates)
            dated.append(event)
        report.sections[position] = (title, dated)


def _choose_quarter(from_title: Quarter | None, year, quarter, file_name: str) -> Quarter:
    number = quarter_number(quarter) if quarter is not None else None
    if from_title is None and (year is None or number is None):
        raise QuarterMissingError(
            f"В заголовке документа «{file_name}» не указан квартал (например, "
            "«в II квартале 2023 года»). Укажите его: --year ГОД --quarter НОМЕР."
        )
    chosen_year = year_number(year) if year is not None else from_title.year
    chosen_number = number if number is not None else from_title.quarter
    try:
        return Quarter(chosen_year, chosen_number)
    except ValueError as error:
        raise UserError(str(error)) from None


# --- the table's structure -------------------------------------------------------------


def _fold(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split()).casefold().rstrip(":.")


def _label_forms(column) -> tuple[str, ...]:
    # The current label, the old edition's, and the current one without its parenthesis.
    forms = {_fold(column.label), _fold(column.label.split(" (")[0])}
    forms.update(_fold(label) for label in column.old_labels)
    return tuple(sorted(forms, key=len, reverse=True))


_LABEL_FORMS = tuple((column.field, _label_forms(column)) for column in COLUMNS)
_REQUIRED_HEADER_FIELDS = {column.field for column in EVENT_COLUMNS}
_EVENT_FIELDS = tuple(column.field for column in EVENT_COLUMNS)
_place = itemgetter(0, 1)  # a Cell's (start, span)


def header_field(text: str) -> str | None:
    """The column a header cell names, by the declared labels (old edition too)."""
    folded = _fold(text)
    if not folded:
        return None
    best, best_length = None, 0
    for field_name, forms in _LABEL_FORMS:
        for form in forms:
            if (folded == form or folded.startswith(form)) and len(form) > best_length:
                best, best_length = field_name, len(form)
    return best


@dataclass(frozen=True)
class _Header:
    """Grid intervals of the columns, from the header row."""

    columns: dict[str, tuple[int, int]]  # field -> (start, end) on the grid
    grid_width: int
    _fields: dict[tuple[int, int], str | None] = field(default_factory=dict, compare=False, repr=False)
    _layouts: dict[tuple, tuple] = field(default_factory=dict, compare=False, repr=False)

    def field_of(self, cell: Cell) -> str | None:
        place = (cell.start, cell.span)
        if place not in self._fields:  # every row repeats the same few places
            best, best_overlap = None, 0
            for field_name, (start, end) in self.columns.items():
                overlap = min(end, cell.start + cell.span) - max(start, cell.start)
                if overlap > best_overlap:
                    best, best_overlap = field_name, overlap
            self._fields[place] = best
        return self._fields[place]

    def layout_of(self, filled: list[Cell]) -> tuple[tuple[str | None, ...], bool]:
        """The column of each of a row's filled cells, and whether each cell has a column of its
        own (none outside the columns, no column in two cells): a table's rows repeat a few
        layouts, so each is worked out once, not cell by cell in every row."""
        places = tuple(map(_place, filled))
        layout = self._layouts.get(places)
        if layout is None:
            fields = tuple(self.field_of(cell) for cell in filled)
            layout = self._layouts[places] = (fields, None not in fields and len(set(fields)) == len(fields))
        return layout


def _header_of(cells: list[Cell], grid_width: int) -> _Header | None:
    columns = {}
    for cell in cells:
        field_name = header_field(cell.text)
        if field_name and field_name not in columns:
            columns[field_name] = (cell.start, cell.start + cell.span)
    if not _REQUIRED_HEADER_FIELDS <= columns.keys():
        return None
    return _Header(columns, grid_width)


def _is_column_number_row(texts: list[str]) -> bool:
    """The old edition's row "1 2 3 4 5 6" under the header."""
    # Asked of every row: an event's row fails at its first cell, before any list is made.
    return len(texts) >= 3 and texts[0].rstrip(".") == "1" and [text.rstrip(".") for text in texts] == [
        str(number) for number in range(1, len(texts) + 1)
    ]


_NUMBER_RE = re.compile(r"(\d{1,5})\s*[.)]?")


class _DocumentReader:
    """Walks the body once: title text, report tables, closing paragraph."""

    def __init__(self, file_name: str):
        self.file_name = file_name
        self.title_parts: list[str] = []
        self.sections: list[tuple[str, list[ImportedEvent]]] = []
        self.closing = ""
        self.warnings: list[str] = []
        self._header: _Header | None = None
        self._pending: list[str] = []  # full-width rows not yet followed by an event
        self._after_table: list[str] = []  # paragraphs after the last report table
        self._numbers: list[int] = []
        self._sections_by_key: dict[str, int] = {}
        self._current = 0
        self._dates: dict[str, EventDates] = {}

    @property
    def title_text(self) -> str:
        return "\n".join(self.title_parts)

    def read(self, blocks: list[Block]) -> None:
        seen_header = False
        for block in blocks:
            if block.paragraph is not None:
                text = clean_cell_text(block.paragraph)
                if not text:
                    continue
                if seen_header:
                    self._after_table.append(text)
                else:
                    self.title_parts.append(text)
            elif self._read_table(block):
                seen_header = True
                self._between_tables_warning()
            elif not seen_header:
                self.title_parts.append(block.text)
            elif block.text:
                self.warnings.append(
                    f"Таблица после отчета не импортирована (в ней нет строки заголовков): "
                    f"«{shorten(block.text)}»."
                )
        if not seen_header:
            labels = ", ".join(f"«{column.label}»" for column in EVENT_COLUMNS[:3])
            raise UserError(
                f"В документе «{self.file_name}» нет таблицы отчета: не найдена строка "
                f"заголовков ({labels}…). Проверьте, что выбран отчет о мероприятиях."
            )
        self._finish()

    def _between_tables_warning(self) -> None:
        # Text between two parts of a split table is not the closing paragraph.
        for text in self._after_table:
            self.warnings.append(f"Текст между таблицами не импортирован: «{shorten(text)}».")
        self._after_table = []

    def _read_table(self, table: Block) -> bool:
        """Read one table; False when it is not (a part of) the report table."""
        rows, grid_width = table.rows, table.grid_width
        header = None
        body_start = 0
        for index, cells in enumerate(rows):
            header = _header_of(cells, grid_width)
            if header:
                body_start = index + 1
                # Rows above the header in the same table may hold the title.
                self.title_parts.extend(cell.text for row in rows[:index] for cell in row if cell.text)
                break
        if header is None:
            # A continuation without its header typed again: same grid as the report's.
            if self._header is None or grid_width != self._header.grid_width or not grid_width:
                return False
            header = self._header
        self._header = header
        for cells in rows[body_start:]:
            self._read_row(cells, header)
        return True

    def _read_row(self, cells: list[Cell], header: _Header) -> None:
        filled = [cell for cell in cells if cell[2]]  # (cell[2]: its text, read faster than .text)
        if not filled:
            return
        texts = [cell[2] for cell in filled]
        if _is_column_number_row(texts):
            return  # the old edition's number row
        # The header typed again on a later page; it never starts with an event's number,
        # so event rows (nearly all of them) skip the label matching.
        if not _NUMBER_RE.fullmatch(texts[0]) and _header_of(cells, header.grid_width):
            return
        fields, one_cell_each = header.layout_of(filled)
        if one_cell_each:  # nearly every row: each text goes to its column as it is
            by_text = dict(zip(fields, texts))
            outside = ()
            number_text = by_text.get("number", "")
            values = {name: by_text.get(name, "") for name in _EVENT_FIELDS}
        else:  # cells outside the columns, or a column split into several cells (lines)
            by_field: dict[str, list[str]] = {}
            outside = []
            for field_name, text in zip(fields, texts):
                if field_name:
                    by_field.setdefault(field_name, []).append(text)
                else:
                    outside.append(text)
            number_text = "\n".join(by_field.get("number", []))
            values = {name: "\n".join(by_field.get(name, [])) for name in _EVENT_FIELDS}
        number = _NUMBER_RE.fullmatch(number_text)
        # One cell, merged or not, or the same text repeated (compared, not hashed: an event's
        # texts are long and differ in length at once).
        one_text = texts.count(texts[0]) == len(texts)
        if one_text and not number:
            self._pending.append(texts[0])
            return
        number_shown = number.group(1) if number else number_text
        if not any(values.values()):
            self.warnings.append(f"Строка № {number_shown} пуста — пропущена.")
            return
        if number:
            self._numbers.append(int(number.group(1)))
        for text in outside:
            self.warnings.append(
                f"Строка № {number_shown}: текст вне столбцов отчета не импортирован: «{shorten(text)}»."
            )
        dates_text = values["dates"]
        values.update(number=number_shown, dates=self._dates_of(dates_text), dates_text=dates_text)
        event = ImportedEvent.of_row(values)
        if not event.dates.understood and dates_text:
            self.warnings.append(_dates_not_read(event))
        self._add_event(event)

    def _dates_of(self, text: str) -> EventDates:
        """Parsed once per wording: a report repeats its dates ("20 июня 2023 года")."""
        if text not in self._dates:
            self._dates[text] = EventDates.parse(text)
        return self._dates[text]

    def _add_event(self, event: ImportedEvent) -> None:
        if self._pending:
            *skipped, title = self._pending
            self._pending = []
            for text in skipped:
                self.warnings.append(f"Строка «{shorten(text)}» без мероприятий под ней — пропущена.")
            self._start_section(title)
        elif not self.sections:
            self.warnings.append(
                f"Мероприятия до первой строки раздела отнесены к разделу «{FALLBACK_SECTION}»; "
                "при необходимости перенесите их."
            )
            self._start_section(FALLBACK_SECTION)
        self.sections[self._current][1].append(event)

    def _start_section(self, title: str) -> None:
        title = " ".join(title.split())
        key = search_key(title)
        if key not in self._sections_by_key:
            self._sections_by_key[key] = len(self.sections)
            self.sections.append((title, []))
        self._current = self._sections_by_key[key]

    def _finish(self) -> None:
        if not self.sections:
            raise UserError(
                f"В таблице отчета в документе «{self.file_name}» нет ни одного мероприятия — "
                "импортировать нечего."
            )
        after = self._after_table
        if self._pending:
            *skipped, last = self._pending
            if search_key(last) in {search_key(title) for title in DEFAULT_SECTIONS}:
                skipped.append(last)  # an empty section, not a closing paragraph
            else:
                self.closing = last
            for text in skipped:
                self.warnings.append(f"Строка «{shorten(text)}» без мероприятий под ней — пропущена.")
        if not self.closing and after:
            self.closing, after = after[0], after[1:]
        for text in after:
            self.warnings.append(f"Текст после таблицы не импортирован: «{shorten(text)}».")
        if self._numbers and self._numbers != list(range(self._numbers[0], self._numbers[0] + len(self._numbers))):
            self.warnings.append(
                "Номера мероприятий в документе идут не по порядку; порядок взят по строкам "
                "документа, номера в отчете будут расставлены заново."
            )


# --- importing ------------------------------------------------------------------------


def import_report(store: Store, imported: ImportedReport, *, dry_run: bool = False) -> ImportResult:
    """Add the imported events to the store, whole or not at all.

    Events already in the quarter (same section, name and dates, white space and
    case aside) are counted, not added again. A dry run writes nothing at all.
    """
    if dry_run:
        return _plan(store, imported, dry_run=True)[0]
    with store.transaction():
        result, additions = _plan(store, imported, dry_run=False)
        sections = store.ensure_sections(title for title, _ in additions)
        # The section of each title looked up once, not once per event; one batch for the
        # whole document, nothing read back.
        add_document_events(store, imported.quarter,
                            [(sections[title_key(title)].id, events) for title, events in additions])
        if result.closing_action == "set":
            store.set_closing(imported.quarter, imported.closing)
    return result


def _plan(store: Store, imported: ImportedReport, dry_run: bool):
    """What the import adds, by reading only; the additions per section title."""
    quarter = imported.quarter
    result = ImportResult(quarter=quarter, dry_run=dry_run, warnings=list(imported.warnings))
    existing = Counter(same_event_key(event.section_id, event.name, event.dates)
                       for event in store.events(quarter))
    additions: list[tuple[str, list[ImportedEvent]]] = []
    catalogue = store.sections_by_title()  # one read: a document may hold thousands of sections
    for title, events in imported.sections:
        section = catalogue.get(title_key(title))
        if section is None:
            result.new_sections.append(title)
        to_add = []
        for event in events:
            # Nothing to recognise in a quarter still empty: no key is made.
            key = same_event_key(section.id, event.name, event.dates) if section and existing else None
            if key is not None and existing[key] > 0:
                existing[key] -= 1  # the same event twice in a document is added twice
                result.already += 1
            else:
                to_add.append(event)
        additions.append((section.title if section else title, to_add))
        result.by_section.append((section.title if section else title, len(to_add)))
        result.added += len(to_add)
    result.closing_action = _closing_action(store.closing(quarter), imported.closing)
    if result.closing_action == "kept":
        result.warnings.append(
            f"Итоговый абзац за {quarter.label} в базе уже есть и отличается от документа — "
            "оставлен прежний; при необходимости исправьте его вручную."
        )
    return result, additions


def _closing_action(current: str, incoming: str) -> str:
    if not incoming.strip():
        return "none"
    if not current.strip():
        return "set"
    return "same" if search_key(current) == search_key(incoming) else "kept"
