"""Cell editors for the table: multi-line text and the date editor.

Text cells show a word longer than the column broken where it must, as Word breaks it
(cell_text.py), and not cut with "…". Text: Enter makes a new line (cells hold several
paragraphs), Ctrl+Enter or leaving the cell saves, Esc cancels. Dates: the same
DateEditor as the form, opened wider than the cell when the cell is narrow; Enter or
leaving it saves.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QPlainTextEdit, QStyledItemDelegate

from smolevents.core.domain import Event
from smolevents.ui.cell_text import CellTexts
from smolevents.ui.date_editor import DateEditor
from smolevents.ui.event_table_model import EVENT_ROLE
from smolevents.ui.plain_text import text_of

EDITOR_MIN_LINES = 5


class TextDelegate(QStyledItemDelegate):
    """A text column's cells: shown with a word wider than the column broken where it must
    (cell_text.py), edited in a multi-line editor. One for each column: it shows its
    column's width."""

    def __init__(self, view: QAbstractItemView, column: int):
        super().__init__(view)
        self._view, self._column = view, column
        self._texts = CellTexts()
        self._text_margin: int | None = None

    def displayText(self, value, locale) -> str:
        """What Qt sizes and paints the cell with (in C++, from this text)."""
        if not isinstance(value, str):
            return super().displayText(value, locale)
        view = self._view
        return self._texts.shown(value, view.columnWidth(self._column) - 2 * self._margin(), view.fontMetrics(),
                                 view.font())

    def _margin(self) -> int:
        """Qt's item views keep a margin each side of a cell's lines."""
        if self._text_margin is None:
            style = self._view.style()
            # (no option given: a None for it has PySide build the style option's type, 0.6 ms)
            self._text_margin = style.pixelMetric(style.PixelMetric.PM_FocusFrameHMargin, widget=self._view) + 1
        return self._text_margin

    def createEditor(self, parent, option, index):
        from smolevents.ui.spelling import attach_spelling  # not on the start-up path

        editor = QPlainTextEdit(parent)
        editor.setTabChangesFocus(True)
        editor.setFrameShape(QPlainTextEdit.Shape.Box)
        editor.setToolTip("Enter — новая строка, Ctrl+Enter — сохранить, Esc — отменить")
        attach_spelling(editor)
        return editor

    def setEditorData(self, editor: QPlainTextEdit, index) -> None:
        text = index.data(Qt.ItemDataRole.EditRole) or ""
        if text_of(editor) != text:
            editor.setPlainText(text)
            editor.moveCursor(editor.textCursor().MoveOperation.End)

    def setModelData(self, editor: QPlainTextEdit, model, index) -> None:
        if text_of(editor) != (index.data(Qt.ItemDataRole.EditRole) or ""):
            model.setData(index, text_of(editor), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor, option, index) -> None:
        rect = QRect(option.rect)
        lines = EDITOR_MIN_LINES * editor.fontMetrics().lineSpacing() + 12
        rect.setHeight(max(rect.height(), lines))
        editor.setGeometry(rect)

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            return True
        return super().eventFilter(editor, event)


class DatesDelegate(QStyledItemDelegate):
    def createEditor(self, parent, option, index):
        event: Event | None = index.data(EVENT_ROLE)
        editor = CellDateEditor(parent, compact=True,
                            default_day=event.quarter.first_day if event else None,
                            quarter=event.quarter if event else None)
        editor.editing_finished.connect(lambda: self._finish(editor))
        return editor

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return False  # the editor finishes itself (Qt's own handling would commit twice)
        return super().eventFilter(editor, event)

    def _finish(self, editor: DateEditor) -> None:
        viewport = editor.parentWidget()
        view = viewport.parentWidget() if viewport is not None else None
        if isinstance(view, QAbstractItemView) and view.indexWidget(view.currentIndex()) is not editor:
            return  # the view closed this editor already (it took the focus back on the way)
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: DateEditor, index) -> None:
        event: Event | None = index.data(EVENT_ROLE)
        if event is not None and not editor.property("loaded"):
            editor.set_dates(event.dates)
            editor.setProperty("loaded", True)

    def setModelData(self, editor: DateEditor, model, index) -> None:
        event: Event | None = index.data(EVENT_ROLE)
        if event is None or editor.dates() != event.dates:
            model.setData(index, editor.dates(), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor, option, index) -> None:
        """Over its own cell, as wide as it needs and no taller: it covers the cells to the
        right (or left, at the edge) and below only as far as it must, inside the table."""
        hint = editor.sizeHint()
        rect = QRect(option.rect.topLeft(), hint.expandedTo(QSize(option.rect.width(), hint.height())))
        room = editor.parentWidget().rect() if editor.parentWidget() else rect
        if rect.right() > room.right():  # a narrow cell near the edge: open leftwards
            rect.moveRight(room.right())
        if rect.bottom() > room.bottom():  # a row at the bottom of the view: open upwards
            rect.moveBottom(room.bottom())
        rect.moveLeft(max(rect.left(), 0))
        rect.moveTop(max(rect.top(), 0))
        editor.setGeometry(rect)


class CellDateEditor(DateEditor):
    """The date editor over a table cell: framed, so it reads as a box above the table
    and not as text mixed into the neighbouring cells."""

    def paintEvent(self, event) -> None:
        from PySide6.QtGui import QPainter, QPalette, QPen  # an editor's, not the start-up's

        super().paintEvent(event)
        painter = QPainter(self)
        # Dark, not the selection colour: the row under it is selected and must not swallow the frame.
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Dark), 2))
        painter.drawRect(self.rect().adjusted(1, 1, -1, -1))
        painter.end()
