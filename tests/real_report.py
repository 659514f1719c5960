"""The real Q2 2023 report, read from its text copy in tests/fixtures.

The seed is the Word table flattened to text: each cell starts with a tab, and a
cell's further lines do not. Tests use it as the truth the program must reproduce.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from smolevents.core.dates import EventDates
from smolevents.core.domain import Quarter
from smolevents.core.store import Store

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_TEXT = FIXTURES / "report-2023-q2.txt"
REPORT_DOCX = FIXTURES / "report-2023-q2.docx"
QUARTER = Quarter(2023, 2)
FIELDS = ("name", "place", "dates", "purpose", "participants")


@dataclass
class RealReport:
    title_lines: list[str]
    header: list[str]
    sections: list[tuple[str, list[dict[str, str]]]] = field(default_factory=list)
    closing: str = ""

    @property
    def events(self) -> list[tuple[str, dict[str, str]]]:
        return [(title, event) for title, events in self.sections for event in events]


def _cells(lines: list[str]) -> list[str]:
    cells: list[list[str]] = []
    for line in lines:
        if line.startswith("\t"):
            cells.append([line[1:]])
        elif cells:
            cells[-1].append(line)
    # Blank lines at a cell's end separate table rows in the flattened text.
    return ["\n".join(cell).replace("[bookmark: _GoBack]", "").strip() for cell in cells]


def load_real_report() -> RealReport:
    lines = SEED_TEXT.read_text(encoding="utf-8").splitlines()
    first_cell = next(i for i, line in enumerate(lines) if line.startswith("\t"))
    title = [line.strip() for line in lines[:first_cell] if line.strip()]
    cells = _cells(lines[first_cell:])
    report = RealReport(title_lines=title, header=cells[:6])
    rest = cells[6:]
    index = 0
    while index < len(rest):
        cell = rest[index]
        if re.fullmatch(r"\d+\.", cell):
            values = rest[index + 1:index + 6]
            report.sections[-1][1].append(dict(zip(FIELDS, values)))
            index += 6
        elif index == len(rest) - 1:
            report.closing = cell
            index += 1
        else:
            report.sections.append((cell, []))
            index += 1
    return report


def real_report_into(store: Store, report: RealReport) -> None:
    """Enter the real report as a clerk would: section by section, event by event."""
    with store.transaction():
        for title, events in report.sections:
            section = store.ensure_section(title)
            for event in events:
                fields = dict(event)
                fields["dates"] = EventDates.parse(fields["dates"])
                store.add_event(QUARTER, section.id, **fields)
        store.set_closing(QUARTER, report.closing)


def real_report_file(path: Path, report: RealReport) -> Path:
    """A database file at `path` holding the real report (a department's file)."""
    with Store.open(path) as store:
        real_report_into(store, report)
    return path


def squash(text: str) -> str:
    """Text with white space folded, for comparing what Word re-wraps."""
    return " ".join(text.split())
