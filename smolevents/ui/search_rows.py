"""The rows the event table shows for a search, picked out as the view reaches them.

The first letter typed matches nearly every event of a quarter: a list of 100 000
matching rows, and the set of ids needed to make it, cost more than the search itself
(10-15 ms of the key). Here a search costs one count per section (the ids found mapped
to their sections in C), and a section's rows are picked out of the quarter's rows only
as far as the view, or a lookup, reaches: a screenful for the paint after the key.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable
from operator import itemgetter

Row = tuple  # (event id or None for a section row, section id, report number)
_FIRST_STEP = 64  # the fewest quarter rows tested at a time
_SET_AFTER = 2000  # membership tests answered by bisection before a set of the ids is made
_number = itemgetter(2)


class FoundIds:
    """The ids a search found, ascending: membership by bisection (the screenful after a
    key needs a few dozen tests), by a set once many rows were asked about (scrolling)."""

    def __init__(self, ids: list[int]):
        self._ids = ids
        self._set: set[int] | None = None
        self._asked = 0

    def __contains__(self, event_id: int) -> bool:
        if self._set is None:
            self._asked += 1
            if self._asked <= _SET_AFTER:
                index = bisect_left(self._ids, event_id)
                return index < len(self._ids) and self._ids[index] == event_id
            self._set = set(self._ids)
        return event_id in self._set


class _Section:
    """A section shown: its header's row, its run [start, end) in the quarter's rows, how
    many of them match, and the matching ones picked out so far (up to `scanned`)."""

    __slots__ = ("first", "section_id", "start", "end", "count", "found", "scanned")

    def __init__(self, first: int, section_id: int, start: int, end: int, count: int):
        self.first, self.section_id, self.start, self.end, self.count = first, section_id, start, end, count
        self.found: list[Row] = []
        self.scanned = start


class SearchRows:
    """Section rows and matching event rows in report order: a sequence for the model.

    Only sections with a match are shown (as the search always did); the event rows keep
    the quarter's report numbers.
    """

    def __init__(self, rows: list[Row], runs: dict[int, tuple[int, int]], section_ids: list[int],
                 section_of: Callable[[int], int | None], ids: list[int]):
        """`rows`: the quarter's rows in report order; `runs`: each section's (start, end) in
        them; `section_ids`: the catalogue's order; `section_of`: the section of an id (None
        when not the quarter's; any id up to the quarter's highest); `ids`: the ids the search
        found, ascending (of any quarter)."""
        self._rows = rows
        self._found = FoundIds(ids)
        counts = Counter(map(section_of, ids))  # ids of other quarters count under None
        self._sections: list[_Section] = []
        row = 0
        for section_id in section_ids:
            count = counts.get(section_id, 0)
            if count and section_id in runs:
                self._sections.append(_Section(row, section_id, *runs[section_id], count))
                row += 1 + count
        self._length = row
        self._firsts = [section.first for section in self._sections]
        self._by_id = {section.section_id: section for section in self._sections}
        self.event_count = row - len(self._sections)

    def section_rows(self) -> list[int]:
        return list(self._firsts)

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, row: int) -> Row:
        if row < 0:
            row += self._length
        if not 0 <= row < self._length:
            raise IndexError(row)
        section = self._sections[bisect_right(self._firsts, row) - 1]
        offset = row - section.first
        if offset == 0:
            return (None, section.section_id, 0)
        while len(section.found) < offset:
            self._pick(section)
        return section.found[offset - 1]

    def row_of(self, event_id: int, number: int) -> int | None:
        """The row of the event with this report number; None when the search hides it."""
        index = number - 1  # its place among the quarter's rows
        if not 0 <= index < len(self._rows) or self._rows[index][0] != event_id or event_id not in self._found:
            return None
        section = self._by_id.get(self._rows[index][1])
        if section is None:
            return None
        while section.scanned <= index:
            self._pick(section)
        return section.first + 1 + bisect_left(section.found, number, key=_number)

    def _pick(self, section: _Section) -> None:
        """Test the next stretch of the section's rows: as many as were found so far, at least 64."""
        if section.scanned >= section.end:
            raise IndexError(f"section {section.section_id}: fewer matching rows than counted")
        end = min(section.scanned + max(_FIRST_STEP, len(section.found)), section.end)
        found = self._found
        section.found.extend([row for row in self._rows[section.scanned:end] if row[0] in found])
        section.scanned = end
