"""Rows copied from a Word or Excel table, read as new events of a quarter.

Word puts the copied rows on the clipboard as HTML (`<table><tr><td>…`); Excel and
LibreOffice Calc as tab-separated text, a cell holding line breaks quoted ("…").
Both are read here into the same rows; the columns are found by a header row when
one was copied (the report's labels, either edition), else by position: six cells
with the number first, or the five fields in the report's order. Dates are read as
`import-docx` reads them: a date without its year takes the quarter's. A full-width
row names the section the following rows belong to (as in the report).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from smolevents.core.columns import EVENT_COLUMNS
from smolevents.core.dates import EventDates
from smolevents.core.errors import UserError
from smolevents.core.report.docx_reader import header_field
from smolevents.core.text import shorten

FIELDS = tuple(column.field for column in EVENT_COLUMNS)  # name, place, dates, purpose, participants
NOTHING_TO_PASTE = ("В буфере обмена нет строк таблицы. Скопируйте в Word или Excel строки отчета "
                    "(от наименования до участников) и вставьте снова.")
_NUMBER_RE = re.compile(r"\d{1,5}\s*[.)]?")


@dataclass
class PastedEvent:
    section_title: str  # the full-width row above it, "" when none was copied
    values: dict  # field -> str, "dates" -> EventDates


@dataclass
class Pasted:
    events: list[PastedEvent] = field(default_factory=list)
    single_cell: str | None = None  # one cell copied: text for the current cell, not a new event
    warnings: list[str] = field(default_factory=list)


# --- the clipboard's two shapes ---------------------------------------------------------


class _TableParser(HTMLParser):
    """Cells of every <tr> of the HTML, paragraphs and <br> as line breaks."""

    _BREAKS = {"p", "br", "div", "li"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self._skip = 0  # inside <style>/<script>/<head>: not text

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script", "head", "title"):
            self._skip += 1
        elif tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            if not self.rows:
                self.rows.append([])
            self._cell = []
        elif tag in self._BREAKS and self._cell is not None and self._cell:
            self._cell.append("\n")

    def handle_endtag(self, tag):
        if tag in ("style", "script", "head", "title"):
            self._skip = max(0, self._skip - 1)
        elif tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(_clean("".join(self._cell)))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None and not self._skip:
            self._cell.append(" ".join(data.split("\n")) if "\n" in data else data)


_CONTROL = dict.fromkeys(code for code in range(32) if code not in (9, 10))


def _clean(text: str) -> str:
    text = text.translate(_CONTROL).replace("\ufffd", "")
    lines = [" ".join(line.replace("\u00a0", " ").split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def rows_from_html(html: str) -> list[list[str]]:
    parser = _TableParser()
    parser.feed(html)
    parser.close()
    return [row for row in parser.rows if any(row)]


def rows_from_text(text: str) -> list[list[str]]:
    """Tab-separated rows as Excel copies them (a cell with line breaks is quoted)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    if not text:
        return []
    if "\t" not in text:
        return [[_clean(text)]] if "\n" not in text else [[_clean(line)] for line in text.split("\n") if line.strip()]
    reader = csv.reader(io.StringIO(text), delimiter="\t", quotechar='"')
    return [[_clean(cell) for cell in row] for row in reader if any(cell.strip() for cell in row)]


# --- rows into events ----------------------------------------------------------------------


def read_pasted(html: str | None, text: str | None, quarter) -> Pasted:
    """What the clipboard holds, as the quarter's new events (or one cell's text)."""
    rows = rows_from_html(html) if html else []
    if not rows and text:
        rows = rows_from_text(text)
    if not rows:
        raise UserError(NOTHING_TO_PASTE)
    rows = [row for row in rows if any(row)]
    if not rows:
        raise UserError(NOTHING_TO_PASTE)
    if len(rows) == 1 and len([cell for cell in rows[0] if cell]) == 1:
        return Pasted(single_cell=next(cell for cell in rows[0] if cell))
    pasted = Pasted()
    if max(len(row) for row in rows) == 1:
        raise UserError(NOTHING_TO_PASTE)  # lines of text, not a table
    columns = None
    section = ""
    for row in rows:
        filled = [cell for cell in row if cell]
        if columns is None:
            columns = _header_columns(row)
            if columns is not None:
                continue  # the header row itself
        if _is_number_row(filled):
            continue
        if len(set(filled)) == 1:
            section = filled[0]  # a full-width row (merged, or the text in every cell): a section
            continue
        values = _values(row, columns)
        if values is None:
            pasted.warnings.append(f"Строка «{shorten(' '.join(filled))}» не похожа на строку отчета — пропущена.")
            continue
        values["dates"] = EventDates.parse(values.get("dates", ""), quarter)
        pasted.events.append(PastedEvent(section, values))
    if not pasted.events:
        raise UserError(NOTHING_TO_PASTE)
    return pasted


def _header_field(cell: str) -> str | None:
    """The report's labels (either edition), or the window's short ones ("Участники")."""
    found = header_field(cell)
    if found is None and cell:
        folded = " ".join(cell.split()).casefold().rstrip(":.")
        found = next((column.field for column in EVENT_COLUMNS if column.short_label.casefold() == folded), None)
    return found


def _header_columns(row: list[str]) -> dict[int, str] | None:
    found = {index: _header_field(cell) for index, cell in enumerate(row)}
    found = {index: name for index, name in found.items() if name and name != "number"}
    return found if len(found) >= 2 else None


def _is_number_row(filled: list[str]) -> bool:
    return len(filled) >= 3 and [cell.rstrip(".") for cell in filled] == [str(n) for n in range(1, len(filled) + 1)]


def _values(row: list[str], columns: dict[int, str] | None) -> dict | None:
    if columns is not None:
        values = dict.fromkeys(FIELDS, "")
        values.update({name: row[index] if index < len(row) else "" for index, name in columns.items()})
        return values
    cells = list(row)
    if len(cells) >= 6 and (not cells[0] or _NUMBER_RE.fullmatch(cells[0])):
        cells = cells[1:]  # the report's number column
    if len(cells) < 2:
        return None
    values = dict.fromkeys(FIELDS, "")
    values.update(zip(FIELDS, cells[:len(FIELDS)]))
    return values

