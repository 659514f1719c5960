"""Разделы: add, rename, reorder (undoable); a section in use is not deleted."""

import pytest
from PySide6.QtWidgets import QLineEdit

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


def test_a_duplicate_name_is_refused_with_the_stores_message_and_the_typed_text_kept(dialog, dialogs):
    dialog.list.setCurrentRow(0)
    typed = DEFAULT_SECTIONS[2].upper()
    dialogs.answer("get_text", typed, typed + " И ТУРИЗМА")
    dialog.rename_button.click()
    assert dialog.failures == [f"Раздел «{DEFAULT_SECTIONS[2]}» уже есть. Выберите другое название."]
    # Asked again with what was typed, not with the old title or an empty field.
    assert dialogs.asked[-1] == ("get_text", (dialog, "Переименовать раздел", "Новое название раздела:", typed))
    assert dialog.current_section().title == typed + " И ТУРИЗМА"


def test_a_refused_new_section_is_asked_again_with_the_typed_title(dialog, dialogs):
    typed = DEFAULT_SECTIONS[0].lower()
    dialogs.answer("get_text", typed, None)
    dialog.add_button.click()
    assert dialogs.asked[-1][1][1:] == ("Новый раздел", "Название раздела:", typed)
    assert len(dialog.editing.store.sections()) == len(DEFAULT_SECTIONS)


def test_the_title_field_fits_a_fifty_character_title(qtbot):
    from smolevents.ui.dialogs import text_dialog
    question = text_dialog(None, "Новый раздел", "Название раздела:", "Сотрудничество в сфере образования и науки, молодежь")
    qtbot.addWidget(question)
    question.show()
    field = question.findChild(QLineEdit)
    needed = field.fontMetrics().horizontalAdvance("Сотрудничество в сфере образования и науки, молодежь")
    assert field.width() > needed
    question.close()


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
