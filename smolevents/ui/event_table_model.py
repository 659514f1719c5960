"""The quarter's events as a lazy table model, grouped by section like the report.

Opening a quarter costs one id query (`Store.quarter_rows`: ids, sections and report
numbers in report order); events themselves are fetched only when a view asks for a
row, and cached. At start-up the model may hold only the first screenful
(`first_rows`): the window paints those, then `complete()` appends the rest. `fetched_count` counts the events read, so a
benchmark can prove scrolling reads only what is shown. There is no proxy model:
a QSortFilterProxyModel would read every row.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from smolevents.core.columns import COLUMNS
from smolevents.core.dates import EventDates
from smolevents.core.domain import Event, Quarter
from smolevents.core.search import search_key
from smolevents.core.store import Store
from smolevents.core.validation import ERROR, check_event
from smolevents.ui.search_rows import SearchRows

EVENT_ROLE = Qt.ItemDataRole.UserRole + 1  # the Event of an event row
SECTION_ROLE = Qt.ItemDataRole.UserRole + 2  # the section id of any row
IS_SECTION_ROLE = Qt.ItemDataRole.UserRole + 3

# Colours, which the view's delegate takes as brushes: building a QBrush in Python makes
# PySide6 set up QGradient, QImage and their enums, a few ms of every start-up.
ERROR_BRUSH = QColor("#fbdada")
WARNING_BRUSH = QColor("#fff1c2")
SECTION_BRUSH = QColor("#dfe7f2")
EMPTY_SECTION_FOREGROUND = QColor("#6b7380")

# Roles and flags as plain ints, worked out once: the view asks for eight roles of every
# cell it sizes or paints, and Python enum arithmetic per call was a third of a paint.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_EDIT = int(Qt.ItemDataRole.EditRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_SECTION_ROLES = frozenset({_DISPLAY, _TOOLTIP, _FONT, _ALIGNMENT, _BACKGROUND, _FOREGROUND})
_EVENT_ROLES = frozenset({_DISPLAY, _EDIT, _TOOLTIP, _ALIGNMENT, _BACKGROUND, int(EVENT_ROLE)})
_ALIGN_NUMBER = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
_ALIGN_TEXT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
_ALIGN_SECTION = int(Qt.AlignmentFlag.AlignCenter)
_SECTION_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_EVENT_FLAGS = [_SECTION_FLAGS if column.kind == "number" else _SECTION_FLAGS | Qt.ItemFlag.ItemIsEditable
                for column in COLUMNS]

ID_TABLE_SLACK = 65_536  # ids a quarter's table of sections may span beyond four per event

_Row = tuple  # (event id or None for a section row, section id, report number)
EditHandler = Callable[[int, str, object, int], bool]  # (event id, field, value, version)


class EventTableModel(QAbstractTableModel):
    chunk_size = 1  # rows read per cache miss; views prefetch the rows they show
    cache_limit = 3000

    def __init__(self, store: Store, quarter: Quarter, parent=None, first_rows: int | None = None):
        super().__init__(parent)
        self._store = store
        self._quarter = quarter
        self._search = ""
        self._only: frozenset[int] | None = None  # a chart's bar: only these events are shown
        self._all_rows: list[_Row] = []  # the whole quarter, unfiltered (one query per reload)
        self._rows: list[_Row] | SearchRows = []  # what is shown: rows made as they are reached while searching
        self._number_of: dict[int, int] = {}  # event id -> report number, for the whole quarter read
        self._section_of: Callable[[int], int | None] = {}.get  # event id -> section id, the same events
        self._runs: dict[int, tuple[int, int]] = {}  # section id -> (start, end) in `_all_rows`
        self._id_range: tuple[int, int] | None = None  # the lowest and highest of those ids
        self._event_rows = 0
        self._section_rows: list[int] = []
        self._titles: dict[int, str] = {}
        self._sections = []
        self._empty_sections: set[int] = set()
        self._cache: dict[int, Event] = {}
        self._problems: dict[int, dict[str | None, list]] = {}
        self.fetched_count = 0
        self.edit_handler: EditHandler | None = None
        self._bold = QFont()
        self._bold.setBold(True)
        self._italic = QFont()
        self._italic.setItalic(True)
        self._partial = False  # only the first rows of the quarter are read (until complete())
        self._load(first_rows)

    # --- what the model shows ----------------------------------------------------------------

    @property
    def quarter(self) -> Quarter:
        return self._quarter

    @property
    def search(self) -> str:
        return self._search

    def set_quarter(self, quarter: Quarter) -> None:
        self._quarter = quarter
        self.reload(drop_cache=True)

    def set_search(self, text: str) -> None:
        """Show only the events containing every word (SQL does the matching)."""
        if text == self._search:
            return
        self.complete()
        self._search = text
        self.beginResetModel()
        self._layout()
        self.endResetModel()

    @property
    def only(self) -> frozenset[int] | None:
        return self._only

    def set_only(self, ids) -> None:
        """Show only these events (a bar clicked in the Сводка); None shows all again."""
        only = None if ids is None else frozenset(ids)
        if only == self._only:
            return
        self.complete()
        self._only = only
        self.beginResetModel()
        self._layout()
        self.endResetModel()

    def set_store(self, store: Store, quarter: Quarter) -> None:
        self._store = store
        self._quarter = quarter
        self._search = ""
        self._only = None
        self.reload(drop_cache=True)

    def reload(self, drop_cache: bool = False) -> None:
        """Read the quarter's rows again (after events were added, removed or moved)."""
        self.beginResetModel()
        if drop_cache:
            self._cache.clear()
            self._problems.clear()
        self._load()
        self.endResetModel()

    def refresh_event(self, event_id: int) -> None:
        """One event changed: read it again and repaint its row."""
        self._cache.pop(event_id, None)
        self._problems.pop(event_id, None)
        row = self._find_row(event_id)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def _load(self, first_rows: int | None = None) -> None:
        self._all_rows = self._store.quarter_rows(self._quarter, limit=first_rows)
        self._index_rows()
        self._partial = first_rows is not None and len(self._all_rows) >= first_rows
        self._sections = self._store.sections()
        self._titles = {section.id: section.title for section in self._sections}
        self._layout()

    @property
    def is_partial(self) -> bool:
        return self._partial

    def complete(self) -> None:
        """Read the rest of the quarter after the first screenful: the rows shown stay, the rest is appended."""
        if not self._partial:
            return
        self._partial = False
        self._all_rows = self._store.quarter_rows(self._quarter)
        self._index_rows()
        layout = self._laid_out()
        shown = len(self._rows)
        if layout[0][:shown] != self._rows:  # changed meanwhile (another program): shown afresh
            self.beginResetModel()
            self._set_layout(*layout)
            self.endResetModel()
        elif len(layout[0]) > shown:
            self.beginInsertRows(QModelIndex(), shown, len(layout[0]) - 1)
            self._set_layout(*layout)
            self.endInsertRows()

    def _index_rows(self) -> None:
        """What a search needs of the quarter's rows, made once per reading of them."""
        self._number_of = {event_id: number for event_id, _section_id, number in self._all_rows}
        self._runs = dict(self._section_runs(self._all_rows))
        self._id_range = (min(self._number_of), max(self._number_of)) if self._number_of else None
        highest = self._id_range[1] if self._id_range else 0
        if highest < 4 * len(self._all_rows) + ID_TABLE_SLACK:
            # A list indexed by id: a search (ids up to the highest only) maps 100 000 ids to
            # their sections a third faster than through a dict.
            table: list[int | None] = [None] * (highest + 1)
            for event_id, section_id, _number in self._all_rows:
                table[event_id] = section_id
            self._section_of = table.__getitem__
        else:  # ids spread far (a file of many years): a dict
            self._section_of = {event_id: section_id for event_id, section_id, _number in self._all_rows}.get

    def _layout(self) -> None:
        self._set_layout(*self._laid_out())

    def _set_layout(self, rows: list[_Row], empty: set[int], section_rows: list[int]) -> None:
        self._rows, self._empty_sections, self._section_rows = rows, empty, section_rows
        self._event_rows = len(rows) - len(section_rows)

    def _find_row(self, event_id: int) -> int | None:
        """The row of an event, by bisection on the report numbers, which rise along the
        rows (section rows, numbered 0, are stepped over): no map of every row is made
        on each key typed in the search field."""
        number = self._number_of.get(event_id)
        if number is None:
            return None
        if isinstance(self._rows, SearchRows):
            return self._rows.row_of(event_id, number)
        rows = self._rows
        low, high = 0, len(rows)
        while low < high:
            middle = (low + high) // 2
            probe = middle
            while probe < high and rows[probe][0] is None:
                probe += 1
            if probe == high:
                high = middle
            elif rows[probe][2] < number:
                low = probe + 1
            else:
                high = middle
        while low < len(rows) and rows[low][0] is None:
            low += 1
        return low if low < len(rows) and rows[low][0] == event_id else None

    def _laid_out(self) -> tuple[list[_Row] | SearchRows, set[int], list[int]]:
        """Section rows and event rows; with a search, only the matching events and their
        sections. Also the empty sections shown and where the section rows are.

        Run on every key typed in the search field: a search of the whole quarter is
        SearchRows (rows picked out as the view reaches them); otherwise the rows are
        already in report order, section by section, and are not walked one by one.
        """
        searching = bool(search_key(self._search))
        if searching and self._only is None and not self._partial:
            # Only the ids from the quarter's lowest to its highest are looked at.
            ids = self._store.ascending_matching_ids(self._search, within=self._id_range) if self._all_rows else []
            if ids is not None:
                found = SearchRows(self._all_rows, self._runs, [section.id for section in self._sections],
                                   self._section_of, ids)
                return found, set(), found.section_rows()
        rows = self._matching_rows() if searching else self._all_rows
        if self._only is not None:
            rows = [row for row in rows if row[0] in self._only]
            searching = True  # sections without such events are left out, as in a search
        sections = self._sections
        if self._partial:  # sections after the last one read are not known yet: not shown
            ids = [section.id for section in sections]
            last = rows[-1][1] if rows else None
            sections = sections[:ids.index(last) + 1] if last in ids else []
        runs = dict(self._section_runs(rows))  # section id -> (start, end) in `rows`
        layout: list[_Row] = []
        empty: set[int] = set()
        section_rows: list[int] = []
        for section in sections:
            if section.id in runs or not searching:
                section_rows.append(len(layout))
                layout.append((None, section.id, 0))
            if section.id in runs:
                start, end = runs[section.id]
                layout.extend(rows[start:end])
            elif not searching:
                empty.add(section.id)
        return layout, empty, section_rows

    def _matching_rows(self) -> list[_Row]:
        """The rows of `_all_rows` matching the search, in their order (with a chart's bar,
        or a search without a word to look for: every row)."""
        matching = self._store.matching_event_ids(self._search, within=self._id_range) if self._all_rows else set()
        return self._all_rows if matching is None else [row for row in self._all_rows if row[0] in matching]

    @staticmethod
    def _section_runs(rows: list[_Row]):
        """(section id, (start, end)) of each section's rows, found by bisection: the rows
        come section by section, so a long quarter is not walked row by row."""
        start = 0
        while start < len(rows):
            section_id = rows[start][1]
            low, high = start + 1, len(rows)
            while low < high:  # the first row past this section's run
                middle = (low + high) // 2
                if rows[middle][1] == section_id:
                    low = middle + 1
                else:
                    high = middle
            yield section_id, (start, low)
            start = low

    # --- rows for the window ---------------------------------------------------------------------

    def is_section_row(self, row: int) -> bool:
        return 0 <= row < len(self._rows) and self._rows[row][0] is None

    def section_rows(self) -> list[int]:
        return list(self._section_rows)

    def event_id_at(self, row: int) -> int | None:
        return self._rows[row][0] if 0 <= row < len(self._rows) else None

    def section_id_at(self, row: int) -> int | None:
        return self._rows[row][1] if 0 <= row < len(self._rows) else None

    def number_at(self, row: int) -> int | None:
        return self._rows[row][2] or None if 0 <= row < len(self._rows) else None

    def row_of_event(self, event_id: int) -> int | None:
        if self._partial and event_id not in self._number_of:
            self.complete()  # maybe past the first screenful
        return self._find_row(event_id)

    def event_count(self) -> int:
        return self._event_rows

    def event_at(self, row: int) -> Event | None:
        event_id = self.event_id_at(row)
        if event_id is None:
            return None
        event = self._cache.get(event_id)
        if event is None:
            self._fetch_rows(row, row + self.chunk_size - 1)
            event = self._cache.get(event_id)
        return event

    def prefetch(self, first: int, last: int) -> None:
        """Read the uncached events of rows first..last in one query (the rows a view shows)."""
        self._fetch_rows(max(first, 0), min(last, len(self._rows) - 1))

    def _fetch_rows(self, first: int, last: int) -> None:
        wanted = [
            self._rows[row][0] for row in range(first, min(last, len(self._rows) - 1) + 1)
            if self._rows[row][0] is not None and self._rows[row][0] not in self._cache
        ]
        if not wanted:
            return
        if len(self._cache) + len(wanted) > self.cache_limit:
            self._cache.clear()  # a long scroll: keep memory flat, what is shown is read again
            self._problems.clear()
        found = self._store.events_by_ids(wanted)
        self._cache.update(found)
        self.fetched_count += len(found)

    def problems_of(self, event: Event) -> dict[str | None, list]:
        """The event's problems by field (validation.check_event), cached per version."""
        cached = self._problems.get(event.id)
        if cached is None or cached.get("version") != event.version:
            cached = {"version": event.version}
            for problem in check_event(event, self._quarter):
                cached.setdefault(problem.field, []).append(problem)
            self._problems[event.id] = cached
        return cached

    # --- QAbstractItemModel -------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        column = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.short_label
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.label
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _SECTION_FLAGS if self.is_section_row(index.row()) else _EVENT_FLAGS[index.column()]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if not 0 <= row < len(self._rows) or not 0 <= column < len(COLUMNS):
            return None
        event_id, section_id, number = self._rows[row]
        if role == SECTION_ROLE:
            return section_id
        if role == IS_SECTION_ROLE:
            return event_id is None
        if event_id is None:
            return self._section_data(section_id, column, role) if role in _SECTION_ROLES else None
        return self._event_data(row, column, number, role) if role in _EVENT_ROLES else None

    def _section_data(self, section_id: int, column: int, role: int):
        empty = section_id in self._empty_sections
        if role == _DISPLAY and column == 0:
            title = self._titles.get(section_id, "")
            return f"{title} — пока нет мероприятий (в отчет не попадет)" if empty else title
        if role == _FONT:
            return self._italic if empty else self._bold
        if role == _BACKGROUND:
            return SECTION_BRUSH
        if role == _TOOLTIP:
            return "Чтобы добавить мероприятие в этот раздел, выберите эту строку и нажмите Ctrl+N"
        if role == _FOREGROUND and empty:
            return EMPTY_SECTION_FOREGROUND
        if role == _ALIGNMENT:
            return _ALIGN_SECTION
        return None

    def _event_data(self, row: int, column: int, number: int, role: int):
        """Only the roles in _EVENT_ROLES come here."""
        spec = COLUMNS[column]
        if role == _ALIGNMENT:
            return _ALIGN_NUMBER if spec.kind == "number" else _ALIGN_TEXT
        if (role == _DISPLAY or role == _EDIT) and spec.kind == "number":
            return f"{number}."
        event = self.event_at(row)
        if event is None:
            return None
        if role == EVENT_ROLE:
            return event
        if role == _DISPLAY or role == _EDIT:
            value = event.value(spec.field)
            # Dates read as they will print ("2023 года" kept on one line).
            return value.printed() if spec.kind == "dates" else value
        problems = self.problems_of(event)
        mine = [item for field, items in problems.items() if field != "version"
                for item in items] if spec.kind == "number" else problems.get(spec.field, [])
        if not mine:
            return None
        if role == _TOOLTIP:
            return "\n".join(problem.message for problem in mine)
        return ERROR_BRUSH if any(problem.severity == ERROR for problem in mine) else WARNING_BRUSH

    def setData(self, index: QModelIndex | QPersistentModelIndex, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not (self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        event = self.event_at(index.row())
        if event is None or self.edit_handler is None:
            return False
        spec = COLUMNS[index.column()]
        if spec.kind == "dates" and not isinstance(value, EventDates):
            value = EventDates.parse(str(value), event.quarter)
        elif spec.kind == "text":
            value = str(value)
        # The handler (Editing) writes and then tells every view, this one included.
        return self.edit_handler(event.id, spec.field, value, event.version)
