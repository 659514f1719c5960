"""The exact text of a QPlainTextEdit, and the text field of the form and the closing paragraph.

`toPlainText()` turns non-breaking spaces into ordinary ones, and the report uses
them ("Общее количество участников –\u00a01800 человек"); saving through it would
change text the clerk never touched. The raw text keeps them; only Qt's paragraph
and line separators become "\\n".
"""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPlainTextEdit

_SEPARATORS = str.maketrans({"\u2029": "\n", "\u2028": "\n"})


def text_of(editor: QPlainTextEdit) -> str:
    return editor.document().toRawText().translate(_SEPARATORS)


class TextField(QPlainTextEdit):
    """A QPlainTextEdit that says when it loses the focus and when its size changes.

    Signals, not an event filter: a filter written in Python is handed every event as a
    bare QEvent pointer, and typing the first one makes the binding build the Python class
    of every kind of Qt event, a few milliseconds of the window's start-up."""

    focus_left = Signal()
    resized = Signal()

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.focus_left.emit()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.resized.emit()
