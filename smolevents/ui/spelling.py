"""Spelling in the window: red wavy lines under unknown words as the clerk types, and
the right-click menu with suggestions, "Добавить в словарь" and "Пропустить".

One SpellingService per program loads the dictionary in a background thread once the
window is up (`start_loading`), so start-up never waits for it; every text field
gets a highlighter through `attach_spelling(editor)`, and the lines appear in all of
them when the dictionary is ready. Words added go to the open database (they travel
with the file) and to the clerk's own list in the data folder.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QMenu, QPlainTextEdit

from smolevents.core.store import Store
from smolevents.ui.background_load import BackgroundLoad

# The spelling core (regular expressions, the place list) is imported when first used,
# in the loading thread or the menu: the window's start-up does not pay for it.

log = logging.getLogger(__name__)

ADD_TEXT = "Добавить в словарь"
SKIP_TEXT = "Пропустить"
NO_SUGGESTIONS_TEXT = "(нет вариантов)"
UNDERLINE_COLOR = QColor("#d0021b")
SUGGESTION_WAIT_S = 1.0  # the menu waits this long for suggestions already being worked out


class SpellingService(QObject):
    """The checker the window's fields share, and the lists it keeps up to date."""

    changed = Signal()  # the dictionary became ready or a word was added or skipped

    def __init__(self, user_list: Path | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.user_list = user_list
        self.checker = None  # SpellChecker, once loaded
        self.prefetcher = None  # SuggestionPrefetcher, when the engine can work in a thread
        self.store: Store | None = None
        self._loading = BackgroundLoad(self._build, "spelling-dictionary", self)
        self._loading.done.connect(self.set_checker)

    @property
    def ready(self) -> bool:
        return self.checker is not None

    def start_loading(self) -> None:
        """Loads the dictionary in the background (once); `changed` says when it is ready."""
        if self.checker is None:
            self._loading.start()

    def wait_until_loaded(self, timeout: float = 30.0) -> None:
        """For tests and benchmarks: block until the loading thread ends (the checker set)."""
        self.start_loading()
        self._loading.wait(timeout)

    def join(self, timeout: float) -> None:
        """The program's exit: the loading thread is let finish (bounded), not cut off."""
        self._loading.join(timeout)

    def _build(self):
        # Without a dictionary (it failed: logged) the fields simply stay without red lines.
        from smolevents.core.spelling import build_checker

        return build_checker(user_list=self.user_list)

    def set_checker(self, checker) -> None:
        """The loaded checker (tests and benchmarks may hand over one they built)."""
        if checker is None:
            return
        self.checker = checker
        if checker.engine.releases_gil:
            from smolevents.core.spelling.engine import load_engine
            from smolevents.core.spelling.suggestions import SuggestionPrefetcher

            name = checker.engine.name
            self.prefetcher = SuggestionPrefetcher(checker, lambda: load_engine(prefer=name))
        self._load_database_words()
        self.changed.emit()

    def use_store(self, store: Store | None) -> None:
        """The open database: its added words count as known (another file, other words)."""
        self.store = store
        if self.checker is not None and self._load_database_words():
            self.changed.emit()

    def _load_database_words(self) -> bool:
        """Reads the open file's added words; True when they differ from the ones known."""
        from smolevents.core.store.dictionary_words import dictionary_words

        try:
            words = dictionary_words(self.store) if self.store is not None else []
        except sqlite3.Error:  # the file was closed meanwhile: its words went with it
            log.warning("dictionary words of a closed database not read", exc_info=True)
            words = []
        return self.checker.set_list("database", words)

    # --- suggestions ----------------------------------------------------------------------

    def prefetch(self, word: str) -> None:
        """An underlined word: work out its suggestions before the clerk right-clicks."""
        if self.prefetcher is not None:
            self.prefetcher.request(word)

    def suggestions(self, word: str) -> list[str]:
        found = self.prefetcher.get(word, SUGGESTION_WAIT_S) if self.prefetcher is not None else None
        return found if found is not None else self.checker.suggest(word)

    # --- the clerk's choices ------------------------------------------------------------

    def add_word(self, word: str) -> None:
        """"Добавить в словарь": into the database (one transaction) and the user's list."""
        from smolevents.core.spelling.user_words import add_user_word, user_list_path
        from smolevents.core.store.dictionary_words import add_dictionary_words

        if self.store is not None:
            add_dictionary_words(self.store, [word])
        try:
            add_user_word(word, self.user_list or user_list_path())
        except OSError:
            log.exception("user dictionary not written")  # the database still has the word
        if self.checker is not None:
            self.checker.add_to_list("database", [word])
        self.changed.emit()

    def skip(self, word: str) -> None:
        """"Пропустить": not underlined again until the program is closed."""
        if self.checker is not None:
            self.checker.add_to_list("skipped", [word])
        self.changed.emit()


_service: SpellingService | None = None


def spelling_service() -> SpellingService:
    global _service
    if _service is None:
        _service = SpellingService()
    return _service


def set_spelling_service(service: SpellingService | None) -> None:
    """Tests install their own (a temporary user list)."""
    global _service
    _service = service


def _utf16_offsets(text: str) -> list[int] | None:
    """Qt counts positions in UTF-16 units; Python in code points. None when they agree."""
    if all(ord(char) < 0x10000 for char in text):
        return None
    offsets, position = [], 0
    for char in text:
        offsets.append(position)
        position += 2 if ord(char) >= 0x10000 else 1
    offsets.append(position)
    return offsets


class SpellingHighlighter(QSyntaxHighlighter):
    """Red wavy lines under the words the checker does not know.

    The word the clerk is typing (the cursor right after it) is left alone until the
    cursor leaves it, as in Word: "Духовщ" is not a mistake on the way to "Духовщина".
    """

    def __init__(self, editor: QPlainTextEdit, service: SpellingService):
        super().__init__(editor.document())
        self.editor = editor
        self.service = service
        self.format = QTextCharFormat()
        self.format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
        self.format.setUnderlineColor(UNDERLINE_COLOR)
        self._deferred_block = -1  # the block whose word at the cursor was left alone
        service.changed.connect(self._recheck)
        editor.cursorPositionChanged.connect(self._cursor_moved)
        # Highlighted now, quietly: Qt's own first pass comes later from the event loop and,
        # on a field that already holds text (attached after the first paint), would be
        # taken for typing. A pass now cancels it.
        self._quietly(self.rehighlight)

    def _quietly(self, rehighlight) -> None:
        # New formats make the document report a change, and QPlainTextEdit then emits
        # textChanged: the form would take it for typing and save. Red lines are not edits.
        blocked = self.editor.blockSignals(True)
        try:
            rehighlight()
        finally:
            self.editor.blockSignals(blocked)

    def _recheck(self) -> None:
        try:
            self._quietly(self.rehighlight)
        except RuntimeError:  # the field was closed (a cell editor) and Qt deleted it
            self.service.changed.disconnect(self._recheck)

    def _typing_position(self) -> int:
        """The cursor's position in the block being highlighted while the clerk types, else -1."""
        if not self.editor.hasFocus():
            return -1
        cursor = self.editor.textCursor()
        return cursor.positionInBlock() if cursor.block() == self.currentBlock() else -1

    def highlightBlock(self, text: str) -> None:
        checker = self.service.checker
        if checker is None or not text:
            return
        typing_at = self._typing_position()
        offsets = _utf16_offsets(text)
        for span in checker.misspelt(text):
            start, end = (span.start, span.end) if offsets is None else (offsets[span.start], offsets[span.end])
            if end == typing_at:
                self._deferred_block = self.currentBlock().blockNumber()
                continue
            self.setFormat(start, end - start, self.format)
            self.service.prefetch(span.word)

    def _cursor_moved(self) -> None:
        if self._deferred_block < 0:
            return
        block = self.editor.document().findBlockByNumber(self._deferred_block)
        self._deferred_block = -1
        if block.isValid():
            self._quietly(lambda: self.rehighlightBlock(block))


def word_at(editor: QPlainTextEdit, position: QPoint):
    """The checkable word under a point of the editor's viewport (a WordSpan), with a
    cursor on its block; None when there is none."""
    from smolevents.core.spelling.words import words_to_check

    cursor = editor.cursorForPosition(position)
    at = cursor.positionInBlock()
    text = cursor.block().text()
    for span in words_to_check(text):
        if span.start <= at <= span.end:
            return cursor, span
    return None


def _replace(editor: QPlainTextEdit, cursor: QTextCursor, span, replacement: str) -> None:
    block_start = cursor.block().position()
    offsets = _utf16_offsets(cursor.block().text())
    start, end = (span.start, span.end) if offsets is None else (offsets[span.start], offsets[span.end])
    edit = QTextCursor(editor.document())
    edit.setPosition(block_start + start)
    edit.setPosition(block_start + end, QTextCursor.MoveMode.KeepAnchor)
    edit.insertText(replacement)
    editor.setTextCursor(edit)


def spelling_menu(editor: QPlainTextEdit, position: QPoint, service: SpellingService) -> QMenu:
    """The editor's usual menu, with the spelling choices on top when the word under the
    pointer is underlined."""
    menu = editor.createStandardContextMenu(position)
    found = word_at(editor, position) if service.checker is not None else None
    if found is None or service.checker.is_correct(found[1].word):
        return menu
    cursor, span = found
    first = menu.actions()[0] if menu.actions() else None
    suggestions = service.suggestions(span.word)
    for suggestion in suggestions:
        action = menu.addAction(suggestion)
        font = action.font()
        font.setBold(True)
        action.setFont(font)
        action.triggered.connect(lambda _checked=False, text=suggestion: _replace(editor, cursor, span, text))
        menu.insertAction(first, action)
    if not suggestions:
        empty = menu.addAction(NO_SUGGESTIONS_TEXT)
        empty.setEnabled(False)
        menu.insertAction(first, empty)
    menu.insertSeparator(first)
    add = menu.addAction(ADD_TEXT)
    add.triggered.connect(lambda: service.add_word(span.word))
    menu.insertAction(first, add)
    skip = menu.addAction(SKIP_TEXT)
    skip.triggered.connect(lambda: service.skip(span.word))
    menu.insertAction(first, skip)
    menu.insertSeparator(first)
    return menu


def attach_spelling(editor: QPlainTextEdit, service: SpellingService | None = None) -> SpellingHighlighter:
    """Red lines and the spelling menu for one text field."""
    service = service or spelling_service()
    highlighter = SpellingHighlighter(editor, service)
    editor.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def show_menu(position: QPoint) -> None:
        menu = spelling_menu(editor, position, service)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(editor.viewport().mapToGlobal(position))

    editor.customContextMenuRequested.connect(show_menu)
    editor.setProperty("spelling", True)
    return highlighter
