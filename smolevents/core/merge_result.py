"""What a merge did (or, in the preview, will do): the counts and the rows, per section.

One summary line serves the preview, its footer, the window's summary and the
command line, so their numbers cannot disagree: every event read from the files is
exactly one of added, updated, unchanged or left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from smolevents.core.domain import Quarter

ADDED, UPDATED, LEFT_OUT = "added", "updated", "left_out"


@dataclass(frozen=True)
class MergedRow:
    """One event in the summary. `uuid` is the row to show: the event itself, or for
    one left out, the event already there that it duplicates."""

    kind: str  # ADDED, UPDATED or LEFT_OUT
    quarter: Quarter
    section_title: str
    uuid: str
    name: str
    source: str
    fields: tuple[str, ...] = ()  # for UPDATED: the fields that changed


@dataclass(frozen=True)
class SectionOutcome:
    quarter: Quarter
    section_title: str
    added: tuple[MergedRow, ...]
    updated: tuple[MergedRow, ...]
    left_out: tuple[MergedRow, ...]


@dataclass(frozen=True)
class MergeResult:
    added: int
    updated: int
    unchanged: int
    left_out: int
    duplicates: int  # likely duplicates the coordinator was shown
    closings_taken: int
    sections_added: tuple[str, ...] = ()
    rows: tuple[MergedRow, ...] = field(default=(), compare=False, repr=False)
    backup: Path | None = field(default=None, compare=False)  # the database as it was, beside it
    snapshot: bytes | None = field(default=None, compare=False, repr=False)  # for undo in the window
    digest_after: str = field(default="", compare=False, repr=False)

    def summary(self, future: bool = False) -> str:
        will = "будет " if future else ""
        line = (f"{will}добавлено {self.added}, обновлено {self.updated}, без изменений {self.unchanged}, "
                f"не добавлено {self.left_out}")
        if self.duplicates:
            line += f"; возможных дублей: {self.duplicates}"
        if self.closings_taken:
            line += f"; заключительных абзацев {will}заменено: {self.closings_taken}"
        if self.sections_added:
            line += f"; новые разделы: {', '.join(self.sections_added)}"
        return line

    def by_section(self) -> list[SectionOutcome]:
        """The rows grouped by quarter and section, in the order they were met."""
        groups: dict[tuple[Quarter, str], list[MergedRow]] = {}
        for row in self.rows:
            groups.setdefault((row.quarter, row.section_title.casefold()), []).append(row)
        outcomes = []
        for (quarter, _), rows in groups.items():
            outcomes.append(SectionOutcome(
                quarter, rows[0].section_title,
                tuple(row for row in rows if row.kind == ADDED),
                tuple(row for row in rows if row.kind == UPDATED),
                tuple(row for row in rows if row.kind == LEFT_OUT),
            ))
        return outcomes

    @property
    def main_quarter(self) -> Quarter | None:
        """The quarter most of the merged rows belong to (the window shows it after the merge)."""
        counts: dict[Quarter, int] = {}
        for row in self.rows:
            counts[row.quarter] = counts.get(row.quarter, 0) + 1
        return max(counts, key=counts.get) if counts else None
