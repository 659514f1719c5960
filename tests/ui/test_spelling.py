"""Spelling in the window: red wavy lines as the clerk types, the right-click choices."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextCharFormat, QTextCursor

from smolevents.core.spelling import build_checker
from smolevents.core.spelling.engine import load_engine
from smolevents.core.spelling.user_words import read_user_words
from smolevents.core.store import Store
from smolevents.core.store.dictionary_words import dictionary_words
from smolevents.ui import spelling
from smolevents.ui.plain_text import text_of
from tests.real_report import QUARTER
from tests.ui.conftest import type_text

WAVY = QTextCharFormat.UnderlineStyle.SpellCheckUnderline


@pytest.fixture(scope="module")
def engine():
    return load_engine()


@pytest.fixture
def service(tmp_path, engine):
    """A loaded checker with a private user list, used by every field the test opens."""
    service = spelling.SpellingService(user_list=tmp_path / "user-dictionary.txt")
    service.set_checker(build_checker(engine, user_list=service.user_list))
    spelling.set_spelling_service(service)
    yield service
    spelling.set_spelling_service(None)


def underlined(editor) -> list[str]:
    words = []
    block = editor.document().begin()
    while block.isValid():
        for piece in block.layout().formats():
            if piece.format.underlineStyle() == WAVY:
                words.append(block.text()[piece.start:piece.start + piece.length])
        block = block.next()
    return words


def point_at(editor, word: str):
    cursor = QTextCursor(editor.document())
    cursor.setPosition(text_of(editor).index(word) + 2)
    return editor.cursorRect(cursor).center()


def menu_action(editor, word: str, service, text: str):
    menu = spelling.spelling_menu(editor, point_at(editor, word), service)
    actions = {action.text(): action for action in menu.actions()}
    assert text in actions, list(actions)
    return actions[text]


def test_a_typed_misspelling_is_underlined_and_fixed_from_a_suggestion(qtbot, service, window):
    editor = window.form.editors["purpose"]
    editor.setFocus()
    editor.selectAll()
    type_text(editor, "В целях сохранения и преумножения культурного наследия")
    assert underlined(editor) == ["преумножения"]
    menu_action(editor, "преумножения", service, "приумножения").trigger()
    assert text_of(editor) == "В целях сохранения и приумножения культурного наследия"
    assert underlined(editor) == []
    event_id = window.current_event_id()
    qtbot.waitUntil(lambda: "приумножения" in window.store.event(event_id).purpose, timeout=3000)


def test_the_word_being_typed_is_not_underlined_until_the_cursor_leaves_it(service, window):
    editor = window.form.editors["name"]
    editor.setFocus()
    editor.selectAll()
    type_text(editor, "Концерт в Духовщ")
    assert underlined(editor) == []
    type_text(editor, " ")
    assert underlined(editor) == ["Духовщ"]


def test_the_real_reports_typo_shows_once_the_dictionary_loads_in_the_background(qtbot, tmp_path, make_window,
                                                                                 real_store):
    fresh = spelling.SpellingService(user_list=tmp_path / "user-dictionary.txt")
    spelling.set_spelling_service(fresh)
    try:
        window = make_window(real_store, QUARTER)
        assert window.isVisible()  # the window did not wait for the dictionary
        qtbot.waitUntil(lambda: fresh.ready, timeout=30000)
        typo_event = next(event for event in real_store.events(QUARTER) if "преумножения" in event.purpose)
        window.select_event(typo_event.id)
        assert "преумножения" in underlined(window.form.editors["purpose"])
        # Red lines are not edits: nothing was saved or put on the undo stack.
        assert window.editing.stack.count() == 0
        assert real_store.event(typo_event.id).version == typo_event.version
    finally:
        spelling.set_spelling_service(None)


def test_skip_leaves_the_word_alone_in_every_field(service, window):
    name, purpose = window.form.editors["name"], window.form.editors["purpose"]
    name.selectAll()
    type_text(name, "Капелла Сонорус ")
    purpose.selectAll()
    type_text(purpose, "Концерт капеллы Сонорус ")
    assert underlined(name) == underlined(purpose) == ["Сонорус"]
    menu_action(name, "Сонорус", service, spelling.SKIP_TEXT).trigger()
    assert underlined(name) == underlined(purpose) == []
    assert read_user_words(service.user_list) == []  # skipped, not added


def test_added_words_stay_known_after_the_file_is_reopened(qtbot, tmp_path, make_window, engine, service):
    path = tmp_path / "отдел.sqlite"
    store = Store.open(path)
    event = store.add_event(QUARTER, store.sections()[0].id, name="Концерт капеллы Сонорус")
    window = make_window(store, QUARTER, path)
    window.select_event(event.id)
    editor = window.form.editors["name"]
    assert underlined(editor) == ["Сонорус"]
    menu_action(editor, "Сонорус", service, spelling.ADD_TEXT).trigger()
    assert underlined(editor) == []
    assert dictionary_words(store) == ["Сонорус"]
    assert read_user_words(service.user_list) == ["Сонорус"]
    window.close()
    store.close()

    # Another clerk's machine: an empty user list; the word comes with the file.
    other = spelling.SpellingService(user_list=tmp_path / "другой" / "user-dictionary.txt")
    other.set_checker(build_checker(engine, user_list=other.user_list))
    spelling.set_spelling_service(other)
    reopened = Store.open(path)
    try:
        window = make_window(reopened, QUARTER, path)
        window.select_event(event.id)
        assert text_of(window.form.editors["name"]) == "Концерт капеллы Сонорус"
        assert underlined(window.form.editors["name"]) == []
        window.close()
    finally:
        reopened.close()


def test_the_table_cell_editor_is_checked_too(qtbot, service, window):
    from tests.ui.test_window_editing import COLUMN

    event_id = window.store.event_ids(QUARTER)[3]
    window.select_event(event_id)
    index = window.model.index(window.model.row_of_event(event_id), COLUMN["place"])
    window.table_view.setCurrentIndex(index)
    window.table_view.edit(index)
    editor = window.table_view.indexWidget(index)
    editor.selectAll()
    type_text(editor, "г. Смоленск, Смоленскя областная филармония")
    assert underlined(editor) == ["Смоленскя"]
    menu_action(editor, "Смоленскя", service, "Смоленская").trigger()
    assert text_of(editor) == "г. Смоленск, Смоленская областная филармония"
