"""Разделы: add, rename, reorder (undoable); a section in use is not deleted."""

import pytest

from smolevents.core.domain import DEFAULT_SECTIONS, Quarter
from smolevents.ui.editing import Editing
from smolevents.ui.sections_dialog import SectionsDialog
from tests.real_report import QUARTER


@pytest.fixture
def dialog(qtbot, real_store, dialogs):
    editing = Editing(real_store, QUARTER)
    failures = []
    editing.failed.connect(failures.append)
    sections = SectionsDialog(editing)
    qtbot.addWidget(sections)
    sections.failures = failures
    return sections


def titles(store):
    return [section.title for section in store.sections()]


def test_lists_sections_in_catalogue_order_with_the_quarters_counts(dialog):
    assert dialog.list.count() == 8
    assert dialog.list.item(2).text() == f"{DEFAULT_SECTIONS[2]}  (II квартал 2023: 18 мероприятий)"


def test_a_section_in_use_is_not_deleted_and_the_store_says_why(dialog, dialogs):
    dialog.list.setCurrentRow(2)
    dialog.delete_button.click()  # no "Удалить раздел?" first: a question here would fail
    assert dialogs.asked == []
    assert dialog.failures == [
        f"Раздел «{DEFAULT_SECTIONS[2]}» нельзя удалить: в нем мероприятий — 18. "
        "Сначала перенесите их в другой раздел."]
    assert titles(dialog.editing.store) == list(DEFAULT_SECTIONS)


def test_add_rename_move_and_delete_an_unused_section_each_undoable(dialog, dialogs):
    store = dialog.editing.store
    dialogs.answer("get_text", "Сотрудничество в сфере туризма")
    dialog.add_button.click()
    assert titles(store)[-1] == "Сотрудничество в сфере туризма"
    assert dialog.current_section().title == "Сотрудничество в сфере туризма"

    dialog.up_button.click()
    assert titles(store)[-2] == "Сотрудничество в сфере туризма"
    dialogs.answer("get_text", "Туризм")
    dialog.rename_button.click()
    assert titles(store)[-2] == "Туризм"

    dialogs.answer("ask_yes_no", True)
    dialog.delete_button.click()
    assert titles(store) == list(DEFAULT_SECTIONS)

    stack = dialog.editing.stack
    stack_steps = ["удаление раздела", "переименование раздела", "перемещение раздела", "новый раздел"]
    for step in stack_steps:
        assert stack.undoText() == step
        dialog.editing.undo()
    assert titles(store) == list(DEFAULT_SECTIONS)
    for _ in stack_steps:
        dialog.editing.redo()
    assert titles(store) == list(DEFAULT_SECTIONS)
    dialog.editing.undo()  # the delete: the section is back with its id, second to last
    assert titles(store)[-2] == "Туризм"
    assert dialog.list.item(7).text().startswith("Туризм  (II квартал 2023: нет мероприятий)")


def test_a_duplicate_name_is_refused_with_the_stores_message(dialog, dialogs):
    dialog.list.setCurrentRow(0)
    dialogs.answer("get_text", DEFAULT_SECTIONS[2].upper())
    dialog.rename_button.click()
    assert dialog.failures == [f"Раздел «{DEFAULT_SECTIONS[2]}» уже есть. Выберите другое название."]


def test_window_shows_a_renamed_section_at_once(window, dialogs):
    sections = window.open_sections_dialog()
    assert sections.isVisible()  # opened without blocking
    sections.list.setCurrentRow(6)
    dialogs.answer("get_text", "Спорт")
    sections.rename_button.click()
    model = window.model
    assert "Спорт" in [model.data(model.index(row, 0)) for row in model.section_rows()]
    assert window.form.section_box.findText("Спорт") >= 0
    sections.close()


def test_window_shows_a_failure_as_a_message(window, dialogs):
    sections = window.open_sections_dialog()
    sections.list.setCurrentRow(0)
    sections.delete_button.click()
    assert dialogs.texts()[0].startswith(f"Раздел «{DEFAULT_SECTIONS[0]}» нельзя удалить")
    assert Quarter(2023, 2) == window.quarter
    sections.close()
