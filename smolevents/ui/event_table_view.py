"""The table of events: section rows spanning the width, rows as tall as their text.

Rows are sized only when they come into view (on scroll, resize, column resize,
reset or change): asking Qt to size 20 000 rows to their contents at once reads
every event and takes seconds.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from smolevents.core.columns import COLUMNS
from smolevents.ui.cell_text import MAX_ROW_LINES
from smolevents.ui.delegates import DatesDelegate, TextDelegate
from smolevents.ui.event_table_model import EventTableModel

DEFAULT_WIDTHS = {"number": 44, "name": 230, "place": 190, "dates": 150, "purpose": 420, "participants": 220}
NARROWEST_COLUMN = 72  # below its header's width on a small screen (the header elides; its tooltip is whole)
MAX_REVEAL_STEPS = 12  # each step sizes at least one more row; a screenful is a few rows


class WrappingHeader(QHeaderView):
    """Column labels wrap onto a second line rather than make their columns wide.

    Qt refuses to restore a saved state whose alignment holds the wrap flag, so the
    state is saved and restored without it.
    """

    ALIGNMENT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

    def __init__(self, parent=None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._wrap()

    def _wrap(self) -> None:
        self.setDefaultAlignment(self.ALIGNMENT | Qt.TextFlag.TextWordWrap)

    def saveState(self):
        self.setDefaultAlignment(self.ALIGNMENT)
        try:
            return super().saveState()
        finally:
            self._wrap()

    def restoreState(self, state) -> bool:
        restored = super().restoreState(state)
        self._wrap()
        return restored


class EventTableView(QTableView):
    current_row_changed = Signal(int)  # -1 when nothing is current

    def __init__(self, parent=None):
        super().__init__(parent)
        self._own_viewport()
        self._after_paint = None
        self._sized_rows: set[int] = set()
        self._sizing = False
        self.setWordWrap(True)
        self.setAlternatingRowColors(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setTabKeyNavigation(False)
        self.verticalHeader().hide()
        line = self.fontMetrics().lineSpacing()
        self.verticalHeader().setMinimumSectionSize(line + 8)
        self.verticalHeader().setDefaultSectionSize(2 * line + 10)
        self.setHorizontalHeader(WrappingHeader(self))
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        header.setFixedHeight(2 * header.fontMetrics().lineSpacing() + 10)
        header.sectionResized.connect(self._columns_resized)
        header.sectionResized.connect(self._remember_share)
        self._shares = {column: DEFAULT_WIDTHS.get(spec.field, 150) for column, spec in enumerate(COLUMNS)}
        self._fitting = False
        self._fitted_width = -1
        # Always there, so the width the columns share does not jump as rows are sized.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self._text_delegates = []  # (kept: the view does not own the delegates it is given)
        self._dates_delegate = DatesDelegate(self)
        for column, spec in enumerate(COLUMNS):
            if spec.kind == "text":
                self._text_delegates.append(TextDelegate(self, column))
                self.setItemDelegateForColumn(column, self._text_delegates[-1])
            elif spec.kind == "dates":
                self.setItemDelegateForColumn(column, self._dates_delegate)
        self.verticalScrollBar().valueChanged.connect(self._schedule_sizing)
        self._sizing_timer = QTimer(self)
        self._sizing_timer.setSingleShot(True)
        self._sizing_timer.setInterval(0)
        self._sizing_timer.timeout.connect(self.size_visible_rows)

    def _own_viewport(self) -> None:
        """A viewport made from Python, set up as Qt sets up its own (its name, the Base colour
        filled in): meeting Qt's own one as a bare QWidget pointer, the binding would build
        the Python class of every kind of widget (dialogs, wizards, graphics views… and
        their enums) to find which one it is: about 8 ms of the start-up."""
        viewport = QWidget()
        viewport.setObjectName("qt_scrollarea_viewport")
        viewport.setBackgroundRole(QPalette.ColorRole.Base)
        viewport.setAutoFillBackground(True)
        self.setViewport(viewport)

    # --- the model ------------------------------------------------------------------------------

    def setModel(self, model: EventTableModel) -> None:
        super().setModel(model)
        for column, spec in enumerate(COLUMNS):
            self.setColumnWidth(column, DEFAULT_WIDTHS.get(spec.field, 150))
        model.modelReset.connect(self._after_reset)
        model.rowsInserted.connect(self._rows_appended)
        model.dataChanged.connect(self._rows_changed)
        self.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.current_row_changed.emit(current.row() if current.isValid() else -1)
        )
        self._after_reset()

    def _remember_share(self, column: int, _old: int, new: int) -> None:
        """A column the clerk (or the saved layout) sized keeps its share of later widths."""
        if not self._fitting and new > 0 and COLUMNS[column].kind != "number":
            self._shares[column] = new

    def adopt_widths(self) -> None:
        """The widths now shown (a restored layout) become the shares later widths keep."""
        for column, spec in enumerate(COLUMNS):
            if spec.kind != "number" and self.columnWidth(column) > 0:
                self._shares[column] = self.columnWidth(column)
        self._fitted_width = -1

    def _refit(self) -> None:
        if self.viewport().width() != self._fitted_width:
            self.fit_columns()

    def fit_columns(self) -> None:
        """Share the visible width among the text columns in their proportions (the defaults,
        or as the clerk left them), each at least as wide as its header where there is room."""
        self._fitting = True
        try:
            self._share_width()
        finally:
            self._fitting = False
        self._fitted_width = self.viewport().width()

    def _longest_word(self, column: int) -> int:
        """The header's longest word and its margins: the header wraps at spaces."""
        label = self.model().headerData(column, Qt.Orientation.Horizontal) or ""
        metrics = self.horizontalHeader().fontMetrics()
        padding = self.style().pixelMetric(self.style().PixelMetric.PM_HeaderMargin) * 2 + 12
        return max((metrics.horizontalAdvance(word) for word in label.split()), default=0) + padding

    def _share_width(self) -> None:
        room = self.viewport().width()
        least = {column: self._longest_word(column) for column in range(len(COLUMNS))}
        weights = {column: self._shares[column] for column, spec in enumerate(COLUMNS) if spec.kind != "number"}
        widths = {column: least[column] for column in range(len(COLUMNS)) if column not in weights}
        if sum(least.values()) > room:  # a narrow screen: headers elide rather than push columns off
            least.update({column: min(least[column], NARROWEST_COLUMN) for column in weights})
        room -= sum(widths.values())
        # Columns whose share is below their header take the header's width; the rest share what is left.
        while weights:
            total = sum(weights.values())
            narrow = {column for column, weight in weights.items() if weight * room // total < least[column]}
            if not narrow:
                break
            for column in narrow:
                widths[column] = least[column]
                room -= least[column]
                del weights[column]
        total = sum(weights.values()) or 1
        for column, weight in weights.items():
            widths[column] = max(least[column], weight * room // total)
        for column, width in widths.items():
            self.setColumnWidth(column, width)

    def event_model(self) -> EventTableModel:
        return self.model()

    def _after_reset(self) -> None:
        self.clearSpans()
        model = self.event_model()
        for row in model.section_rows():
            self.setSpan(row, 0, 1, len(COLUMNS))
        self._sized_rows.clear()
        self.size_visible_rows()

    def _rows_appended(self, _parent: QModelIndex, first: int, last: int) -> None:
        """The rest of the quarter after the first screenful: its section rows span the width."""
        model = self.event_model()
        for row in range(first, last + 1):
            if model.is_section_row(row):
                self.setSpan(row, 0, 1, len(COLUMNS))
        self._schedule_sizing()

    def _rows_changed(self, top: QModelIndex, bottom: QModelIndex, _roles=()) -> None:
        for row in range(top.row(), bottom.row() + 1):
            self._sized_rows.discard(row)
        self._schedule_sizing()

    def _columns_resized(self, *_args) -> None:
        self._sized_rows.clear()
        self._schedule_sizing()

    def _schedule_sizing(self, *_args) -> None:
        self._sizing_timer.start()

    def resizeEvent(self, event) -> None:
        # The viewport's resize (Qt hands it here): the columns share its new width. Not
        # viewportEvent: typing the bare QEvent it gets builds every Qt event class (start-up).
        QTimer.singleShot(0, self, self._refit)
        super().resizeEvent(event)
        self._schedule_sizing()

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self._after_paint is not None:
            then, self._after_paint = self._after_paint, None
            QTimer.singleShot(0, self, then)

    def after_first_paint(self, then) -> None:
        """Call `then` once, from the event loop, right after the rows have been painted."""
        self._after_paint = then

    def showEvent(self, event) -> None:
        super().showEvent(event)
        # Before the first paint, so rows appear at their height: the columns share the width
        # first, so the rows are sized once, at the widths they are painted at (the resize's
        # own refit, queued, then finds nothing to do).
        self._refit()
        self.size_visible_rows()

    def size_visible_rows(self) -> int:
        """Fit the rows in view (and only those) to their text; how many rows were sized."""
        model = self.model()
        if model is None or self._sizing or model.rowCount() == 0:
            return 0
        height = self.viewport().height()
        if height <= 0 or not self.isVisible():
            return 0  # nothing is shown yet: read nothing (showing the table sizes its rows)
        sized = 0
        self._sizing = True
        # Each height set would start QTableView's row-resize timer, which repaints the
        # rows below once more on the next turn of the event loop (a second paint of the
        # table after every key typed in the search): the header is kept quiet and the
        # view updated once here instead.
        header = self.verticalHeader()
        quiet = header.blockSignals(True)
        try:
            rows = self.visible_rows()
            model.prefetch(rows.start, rows.stop - 1)  # one query for what is about to be shown
            cap = MAX_ROW_LINES * self.fontMetrics().lineSpacing()
            row = rows.start
            while row < model.rowCount() and self.rowViewportPosition(row) < height:
                if row not in self._sized_rows:
                    self._sized_rows.add(row)
                    sized += 1
                    if not self.isRowHidden(row):
                        self.setRowHeight(row, min(self.sizeHintForRow(row), cap))
                row += 1
        finally:
            header.blockSignals(quiet)
            self._sizing = False
        if sized:
            self.updateGeometries()  # the scroll range follows the new heights
            self.viewport().update()
        return sized

    def visible_rows(self) -> range:
        """The rows at least partly in view."""
        model = self.model()
        if model is None or model.rowCount() == 0 or self.viewport().height() <= 0:
            return range(0)
        first = max(self.rowAt(0), 0)
        last = self.rowAt(self.viewport().height() - 1)
        last = model.rowCount() - 1 if last < 0 else last
        return range(first, last + 1)

    # --- selection helpers --------------------------------------------------------------------

    def select_row(self, row: int, column: int = 1) -> None:
        model = self.model()
        if not 0 <= row < model.rowCount():
            return
        index = model.index(row, column if not model.is_section_row(row) else 0)
        self.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.reveal_row(row)

    def reveal_row(self, row: int) -> None:
        """Bring a row fully into view; if it is not, put it at the top (its section row above it).

        Rows are sized as they come into view, which moves the ones below and lengthens the
        scroll range (Qt updates it later, so ask now); settle until nothing new is sized.
        Near the end of the table the row cannot reach the top: it ends up in view below.
        """
        if self._fully_visible(row):
            return
        model = self.model()
        top_row = row - 1 if row > 0 and model.is_section_row(row - 1) else row
        for _ in range(MAX_REVEAL_STEPS):
            self.updateGeometries()
            self.scrollTo(model.index(top_row, 0), QAbstractItemView.ScrollHint.PositionAtTop)
            if not self.size_visible_rows():
                break

    def _fully_visible(self, row: int) -> bool:
        top = self.rowViewportPosition(row)
        return row in self._sized_rows and top >= 0 and top + self.rowHeight(row) <= self.viewport().height()

    def current_row(self) -> int:
        index = self.currentIndex()
        return index.row() if index.isValid() else -1

    def is_editing(self) -> bool:
        return self.state() == QAbstractItemView.State.EditingState

    def commit_open_editor(self) -> None:
        """Save what is typed in an open cell editor (before a reload, a switch or closing)."""
        if not self.is_editing():
            return
        editor = self.indexWidget(self.currentIndex()) or self.focusWidget()
        while editor is not None and editor.parentWidget() is not self.viewport():
            editor = editor.parentWidget()
        if editor is not None:
            self.commitData(editor)
            self.closeEditor(editor, TextDelegate.EndEditHint.NoHint)

    # --- keys -------------------------------------------------------------------------------------

    def keyPressEvent(self, event) -> None:
        if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self.is_editing()
                and self.currentIndex().isValid()
                and self.model().flags(self.currentIndex()) & Qt.ItemFlag.ItemIsEditable):
            self.edit(self.currentIndex())
            return
        super().keyPressEvent(event)
        if not self.is_editing() and self.current_row() >= 0:
            # Qt scrolled by row heights it had before the rows came into view and were
            # sized: PgDn or Ctrl+End left the selected row out of sight.
            self.reveal_row(self.current_row())
