"""Suggestions under a form field: what was typed before in the same field.

After a short pause in typing, the field's text (while it is short, a place or a list
of participants being started) is looked up with `Store.suggestions`; any word may
match. ↓/↑ choose, Enter or Tab takes the value (the whole field becomes it), Esc or
typing on closes the list. The field's own keys are untouched while no list is shown.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QStringListModel, Qt, QTimer
from PySide6.QtWidgets import QCompleter, QPlainTextEdit

from smolevents.ui.plain_text import text_of

PAUSE_MS = 250
LONGEST_QUERY = 80  # characters typed: beyond it the clerk is writing, not picking
SUGGESTED_FIELDS = ("name", "place", "participants")
_TAKE_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Escape)


class FieldSuggestions(QObject):
    def __init__(self, editor: QPlainTextEdit, field: str, lookup: Callable[[str, str], list[str]]):
        super().__init__(editor)
        self.editor = editor
        self.field = field
        self.lookup = lookup
        self._values: dict[str, str] = {}  # the line shown -> the value as stored
        self.model = QStringListModel(self)
        self.completer = QCompleter(self.model, self)
        self.completer.setWidget(editor)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setMaxVisibleItems(8)
        self.completer.activated[str].connect(self._take)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PAUSE_MS)
        self._timer.timeout.connect(self.suggest)
        editor.installEventFilter(self)
        # The list has the keyboard while shown; QCompleter would hand Enter to the field
        # first (a new line), so the list's own keys are decided here, before it.
        self.completer.popup().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.ShortcutOverride and watched is not self.editor
                and event.key() in _TAKE_KEYS):
            event.accept()  # the list's key, not a shortcut's (nor QCompleter's): it comes as a key press
            return True
        if event.type() != QEvent.Type.KeyPress:
            if event.type() == QEvent.Type.FocusOut and watched is self.editor:
                self._timer.stop()
            return False
        if watched is self.editor:
            if event.text() and event.text().isprintable() or event.key() == Qt.Key.Key_Backspace:
                self._timer.start()
            return False
        if event.key() in _TAKE_KEYS:
            current = self.completer.popup().currentIndex()
            self.completer.popup().hide()
            if current.isValid() and event.key() != Qt.Key.Key_Escape:
                self._take(current.data())
            elif event.key() != Qt.Key.Key_Escape:
                QCoreApplication.sendEvent(self.editor, event)  # nothing chosen: the key is the field's
            return True
        return False

    def suggest(self) -> list[str]:
        """Look up what the field holds now and show the list (nothing when nothing matches)."""
        text = text_of(self.editor)
        found = self.lookup(self.field, text) if 0 < len(text.strip()) <= LONGEST_QUERY else []
        self._values = {" ".join(value.split()): value for value in found}
        self.model.setStringList(list(self._values))
        popup = self.completer.popup()
        if not found or not self.editor.hasFocus():
            popup.hide()
            return found
        rect = self.editor.cursorRect()
        rect.setWidth(max(self.editor.viewport().width(), 240))
        self.completer.complete(rect)
        popup.installEventFilter(self)  # again: ahead of the filter QCompleter (re)installs on showing it
        popup.setCurrentIndex(self.model.index(-1, 0))
        return found

    def stop(self) -> None:
        """No lookup after the window closed (its database may be closed next)."""
        self._timer.stop()
        self.completer.popup().hide()

    def shown(self) -> list[str]:
        return self.model.stringList() if self.completer.popup().isVisible() else []

    def _take(self, line: str) -> None:
        value = self._values.get(line, line)
        cursor = self.editor.textCursor()
        cursor.select(cursor.SelectionType.Document)
        cursor.insertText(value)  # as typing: one step of the field's own undo, saved like typing
        self.editor.setTextCursor(cursor)


def attach(form, lookup: Callable[[str, str], list[str]]) -> dict[str, FieldSuggestions]:
    """Suggestions on the form's place, participants and name fields."""
    return {field: FieldSuggestions(form.editors[field], field, lookup)
            for field in SUGGESTED_FIELDS if isinstance(form.editors.get(field), QPlainTextEdit)}
