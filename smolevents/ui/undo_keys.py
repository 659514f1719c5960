"""Ctrl+Z / Ctrl+Y: a field's own typing first, then the program's last action.

A text field takes Ctrl+Z for itself even when it has nothing to undo (a field
just filled by the program has an empty history), so the clerk's Ctrl+Z after
Ctrl+N and Esc did nothing. This filter lets the key through to the window's
"Отменить"/"Повторить" whenever the focused field cannot undo (redo) itself.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractSpinBox, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

_EDITORS = (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox)


def _can(widget: QObject, undo: bool) -> bool:
    if isinstance(widget, QLineEdit):
        return widget.isUndoAvailable() if undo else widget.isRedoAvailable()
    if isinstance(widget, (QPlainTextEdit, QTextEdit)):
        document = widget.document()
        return document.isUndoAvailable() if undo else document.isRedoAvailable()
    if isinstance(widget, QAbstractSpinBox):
        return False  # a date or number box: its own undo is not what the clerk means
    return True


def _is_redo(event) -> bool:
    return event.matches(QKeySequence.StandardKey.Redo) or event.keyCombination().toCombined() == (
        QKeySequence("Ctrl+Y")[0].toCombined())


class OwnUndoFirst(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride:
            return False
        if event.matches(QKeySequence.StandardKey.Undo):
            undo = True
        elif _is_redo(event):
            undo = False
        else:
            return False
        if _can(watched, undo):
            return False  # the field undoes its own typing
        event.ignore()
        return True  # not offered to the field: the window's shortcut gets the key


def install(*containers: QWidget) -> OwnUndoFirst:
    """Filter every text field in `containers` (and the containers themselves)."""
    owner = containers[0]
    keys = getattr(owner, "_own_undo_first", None) or OwnUndoFirst(owner)
    owner._own_undo_first = keys
    for container in containers:
        for widget in (container, *container.findChildren(QWidget)):
            if isinstance(widget, _EDITORS):
                widget.installEventFilter(keys)
    return keys
