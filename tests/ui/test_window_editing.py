"""The clerk at work: new event in the form, a cell edited in the table, undo, delete, move."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from smolevents.core.columns import COLUMNS
from smolevents.core.domain import DEFAULT_SECTIONS
from tests.real_report import QUARTER, squash
from smolevents.ui.plain_text import text_of
from tests.ui.conftest import type_text

DISPLAY = Qt.ItemDataRole.DisplayRole
COLUMN = {column.field: number for number, column in enumerate(COLUMNS)}


def cell(window, event_id, field):
    model = window.model
    return model.data(model.index(model.row_of_event(event_id), COLUMN[field]), DISPLAY)


def section_of_row(window, row):
    titles = {section.id: section.title for section in window.store.sections()}
    return titles[window.model.section_id_at(row)]


def select(window, event_id):
    assert window.select_event(event_id)
    return event_id


def type_into_form(qtbot, window, field, text):
    editor = window.form.editors[field]
    editor.selectAll()
    type_text(editor, text)


def test_new_event_typed_in_the_form_appears_in_the_table_and_the_file(qtbot, window):
    culture = window.store.section_by_title(DEFAULT_SECTIONS[2])
    first_culture = window.store.section_event_ids(QUARTER, culture.id)[0]
    select(window, first_culture)

    window.actions["new"].trigger()

    new_id = window.current_event_id()
    assert new_id not in (None, first_culture)
    assert section_of_row(window, window.table_view.current_row()) == DEFAULT_SECTIONS[2]
    assert window.store.section_event_ids(QUARTER, culture.id)[1] == new_id  # right under the one selected
    type_into_form(qtbot, window, "name", "Фестиваль «Славянский базар»")
    # Nothing to press: the form saves itself when the clerk pauses.
    qtbot.waitUntil(lambda: window.store.event(new_id).name == "Фестиваль «Славянский базар»", timeout=3000)
    assert cell(window, new_id, "name") == "Фестиваль «Славянский базар»"
    assert window.store.count_events(QUARTER) == 48
    assert window.quarter_bar.events_label.text() == "Мероприятий: 48"
    # The new event lacks place, dates, purpose and participants: errors, shown beside those fields.
    assert set(window.form.problems_shown()) == {"place", "dates", "purpose", "participants"}
    assert window.quarter_bar.errors_button.text() == "Ошибок: 4"


def test_a_new_event_says_not_filled_quietly_until_the_clerk_leaves_it(window):
    first = window.current_event_id()
    window.actions["new"].trigger()
    new_id = window.current_event_id()

    shown = window.form.problems_shown()
    assert set(shown) == {"name", "place", "dates", "purpose", "participants"}
    assert set(shown.values()) == {"Не заполнено."}  # not five red "Ошибка: …" at once
    assert window.quarter_bar.errors_button.text() == "Ошибок: 5"  # the quarter's count stays honest

    window.select_event(first)
    window.select_event(new_id)
    assert window.form.problems_shown()["name"] == "Ошибка: Не заполнено поле «Наименование мероприятия»."


def test_a_cell_edited_in_the_table_shows_in_the_form(qtbot, window):
    event_id = select(window, window.store.event_ids(QUARTER)[3])
    index = window.model.index(window.model.row_of_event(event_id), COLUMN["place"])
    window.table_view.setCurrentIndex(index)
    window.table_view.edit(index)
    editor = window.table_view.indexWidget(index)
    editor.selectAll()
    type_text(editor, "г. Смоленск,")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # Enter is a new line inside the cell
    type_text(editor, "ОГБУК «Смоленский областной центр народного творчества»")
    assert window.store.event(event_id).place != "г. Смоленск,\nОГБУК «Смоленский областной центр народного творчества»"
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Enter saves

    expected = "г. Смоленск,\nОГБУК «Смоленский областной центр народного творчества»"
    assert window.store.event(event_id).place == expected
    assert cell(window, event_id, "place") == expected
    assert text_of(window.form.editors["place"]) == expected
    assert not window.table_view.is_editing()


def test_undo_and_redo_an_edit_made_in_the_form(qtbot, window):
    event_id = select(window, window.store.event_ids(QUARTER)[0])
    before = window.store.event(event_id).participants
    type_into_form(qtbot, window, "participants", "12 человек")
    window.form.commit_pending()  # what leaving the field does
    assert window.store.event(event_id).participants == "12 человек"

    window.actions["undo"].trigger()
    assert window.store.event(event_id).participants == before
    assert cell(window, event_id, "participants") == before
    assert text_of(window.form.editors["participants"]) == before

    window.actions["redo"].trigger()
    assert window.store.event(event_id).participants == "12 человек"
    assert text_of(window.form.editors["participants"]) == "12 человек"
    assert window.actions["undo"].text() == "Отменить: изменение поля «Участники»"


def test_typing_in_one_field_is_one_undo_step(qtbot, window):
    event_id = select(window, window.store.event_ids(QUARTER)[1])
    before = window.store.event(event_id).name
    window.form.editors["name"].moveCursor(QTextCursor.MoveOperation.End)
    for piece in ("Форум", " «Смоленск", " – 2023»"):
        type_text(window.form.editors["name"], piece)
        window.form.commit_pending()
    assert window.store.event(event_id).name == before + "Форум «Смоленск – 2023»"
    window.undo()
    assert window.store.event(event_id).name == before


def test_delete_asks_and_undo_brings_the_very_event_back(window, dialogs):
    ids = window.store.event_ids(QUARTER)
    event_id = select(window, ids[10])
    dialogs.answer("ask_yes_no", True)

    window.actions["delete"].trigger()

    question = dialogs.asked[-1][1][1]
    assert question.startswith("Удалить мероприятие № 11 «") and "Ctrl+Z" in question
    assert window.store.count_events(QUARTER) == 46
    assert window.model.row_of_event(event_id) is None
    assert window.current_event_id() == ids[11]  # the next one takes the place and the selection
    assert window.model.number_at(window.table_view.current_row()) == 11

    window.actions["undo"].trigger()
    assert window.store.event_ids(QUARTER) == ids
    assert window.current_event_id() == event_id
    window.actions["redo"].trigger()
    assert window.store.count_events(QUARTER) == 46


def test_declining_the_question_deletes_nothing(window, dialogs):
    select(window, window.store.event_ids(QUARTER)[0])
    dialogs.answer("ask_yes_no", False)
    window.actions["delete"].trigger()
    assert window.store.count_events(QUARTER) == 47
    assert not window.editing.stack.canUndo()


def test_move_to_another_section_and_back_by_undo(window):
    sport = window.store.section_by_title(DEFAULT_SECTIONS[6])
    ids = window.store.event_ids(QUARTER)
    event_id = select(window, ids[0])

    assert window.move_to_section(sport.id)

    assert window.store.event(event_id).section_id == sport.id
    assert window.store.section_event_ids(QUARTER, sport.id)[-1] == event_id
    row = window.model.row_of_event(event_id)
    assert section_of_row(window, row) == DEFAULT_SECTIONS[6]
    assert window.current_event_id() == event_id  # the moved event stays selected
    assert window.form.section_box.currentText() == DEFAULT_SECTIONS[6]
    window.actions["undo"].trigger()
    assert window.store.event_ids(QUARTER) == ids


def test_an_event_moved_far_down_is_in_view_where_it_landed(window):
    """The rows it passes are sized as they come into view and grow: the table must still
    end up showing the moved event, not the rows it scrolled past."""
    sport = window.store.section_by_title(DEFAULT_SECTIONS[6])
    event_id = select(window, window.store.event_ids(QUARTER)[3])

    assert window.move_to_section(sport.id)

    view = window.table_view
    row = view.current_row()
    assert window.model.event_id_at(row) == event_id
    top = view.rowViewportPosition(row)
    assert 0 <= top < view.viewport().height()
    assert row in view.visible_rows()


def test_the_form_section_chooser_moves_the_event(qtbot, window):
    event_id = select(window, window.store.event_ids(QUARTER)[5])
    general = window.store.section_by_title(DEFAULT_SECTIONS[7])
    box = window.form.section_box
    box.setCurrentIndex(box.findData(general.id))
    box.activated.emit(box.currentIndex())
    assert window.store.event(event_id).section_id == general.id
    assert section_of_row(window, window.model.row_of_event(event_id)) == DEFAULT_SECTIONS[7]


def test_move_up_and_down_inside_a_section(window):
    culture = window.store.section_by_title(DEFAULT_SECTIONS[2])
    first, second = window.store.section_event_ids(QUARTER, culture.id)[:2]
    select(window, second)
    assert window.actions["up"].isEnabled()
    number_before = cell(window, second, "number")

    window.actions["up"].trigger()

    assert window.store.section_event_ids(QUARTER, culture.id)[:2] == [second, first]
    assert cell(window, second, "number") == f"{int(number_before[:-1]) - 1}."
    assert not window.actions["up"].isEnabled()  # now the first of its section
    window.actions["down"].trigger()
    assert window.store.section_event_ids(QUARTER, culture.id)[:2] == [first, second]


def test_up_and_down_are_offered_only_where_the_event_can_move(window):
    culture = window.store.section_by_title(DEFAULT_SECTIONS[2])
    ids = window.store.section_event_ids(QUARTER, culture.id)
    for event_id, up, down in ((ids[0], False, True), (ids[1], True, True), (ids[-1], True, False)):
        select(window, event_id)
        assert (window.actions["up"].isEnabled(), window.actions["down"].isEnabled()) == (up, down)


def test_duplicate_puts_a_copy_under_the_original(window):
    event_id = select(window, window.store.event_ids(QUARTER)[2])
    window.actions["duplicate"].trigger()
    copy_id = window.current_event_id()
    assert copy_id != event_id
    assert window.store.event_ids(QUARTER)[3] == copy_id
    assert squash(cell(window, copy_id, "purpose")) == squash(cell(window, event_id, "purpose"))
    window.actions["undo"].trigger()
    assert window.store.count_events(QUARTER) == 47


def test_a_date_picked_in_the_form_prints_in_the_report_wording(qtbot, window):
    event_id = select(window, window.store.event_ids(QUARTER)[0])
    dates = window.form.editors["dates"]
    dates.whole_month.setChecked(True)
    assert dates.preview_text() == "В отчете: май 2023 года"
    window.form.commit_pending()
    assert window.store.event(event_id).dates.format() == "май 2023 года"
    assert cell(window, event_id, "dates") == "май 2023\u00a0года"  # as printed: kept on one line


def test_non_breaking_spaces_survive_an_edit_in_the_form(qtbot, window):
    event_id = select(window, window.store.event_ids(QUARTER)[0])
    before = window.store.event(event_id).participants
    assert "\u00a0" in before  # the real report writes them, e.g. inside «…»
    editor = window.form.editors["participants"]
    editor.moveCursor(QTextCursor.MoveOperation.End)
    type_text(editor, "!")
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    window.form.commit_pending()
    assert window.store.event(event_id).participants == before
    type_text(editor, " (уточнено)")
    window.form.commit_pending()
    assert window.store.event(event_id).participants == before + " (уточнено)"


def test_undo_of_a_change_in_another_quarter_shows_that_quarter_and_event(window, dialogs):
    from smolevents.core.domain import Quarter
    event_id = select(window, window.store.event_ids(QUARTER)[7])
    window.editing.set_field(event_id, "name", "Правка во II квартале")
    dialogs.answer("choose_quarter", Quarter(2023, 3))
    window.actions["new_quarter"].trigger()
    assert window.quarter == Quarter(2023, 3)
    window.actions["undo"].trigger()
    assert window.quarter == QUARTER  # the clerk sees what was undone
    assert window.current_event_id() == event_id
    assert window.store.event(event_id).name != "Правка во II квартале"


def test_the_keyboard_alone_edits_deletes_and_undoes(qtbot, window, dialogs):
    ids = window.store.event_ids(QUARTER)
    select(window, ids[4])
    view = window.table_view
    view.setFocus()
    view.setCurrentIndex(window.model.index(window.model.row_of_event(ids[4]), COLUMN["name"]))
    qtbot.keyClick(view, Qt.Key.Key_Return)  # Enter opens the cell
    assert view.is_editing()
    editor = view.indexWidget(view.currentIndex())
    editor.selectAll()
    type_text(editor, "Новое название")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)  # Esc: nothing saved
    assert window.store.event(ids[4]).name != "Новое название"

    view.setFocus()
    dialogs.answer("ask_yes_no", True)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert window.store.count_events(QUARTER) == 46
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.store.event_ids(QUARTER) == ids
    qtbot.keyClick(view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert window.store.count_events(QUARTER) == 46
    qtbot.keyClick(view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.store.count_events(QUARTER) == 47 and window.form.editors["name"].hasFocus()


def test_leaving_a_field_of_the_form_saves_what_was_typed_at_once(qtbot, window):
    event_id = window.current_event_id()
    editor = window.form.editors["place"]
    editor.setFocus()
    assert editor.hasFocus()
    editor.selectAll()
    type_text(editor, "г. Витебск, Республика Беларусь")
    assert window.form.has_pending() and window.store.event(event_id).place != "г. Витебск, Республика Беларусь"
    window.table_view.setFocus()  # no pause needed: the focus left the field
    assert not window.form.has_pending()
    assert window.store.event(event_id).place == "г. Витебск, Республика Беларусь"
    assert cell(window, event_id, "place") == "г. Витебск, Республика Беларусь"


def test_leaving_the_closing_paragraph_saves_it_at_once(qtbot, window):
    editor = window.closing_editor.text_edit
    editor.setFocus()
    assert editor.hasFocus()
    editor.selectAll()
    type_text(editor, "В II квартале 2023 года состоялись 3 встречи.")
    assert window.store.closing(QUARTER) != "В II квартале 2023 года состоялись 3 встречи."
    window.table_view.setFocus()
    assert window.store.closing(QUARTER) == "В II квартале 2023 года состоялись 3 встречи."


def test_a_narrower_form_shows_a_long_place_on_more_lines(qtbot, window):
    editor = window.form.editors["place"]
    window.main_splitter.setSizes([400, 1000])  # a wide form: the place fits on one line
    editor.setPlainText(", ".join(["г. Смоленск, ул. Большая Советская, д. 1"] * 3))
    qtbot.waitUntil(lambda: editor.document().size().height() == 1, timeout=2000)
    wide = editor.height()
    window.main_splitter.setSizes([1000, 400])
    qtbot.waitUntil(lambda: editor.height() > wide, timeout=2000)
    lines = int(editor.document().size().height())  # wrapped lines of the narrower field
    assert lines > 2 and editor.height() == int(window.form._height_of(editor, min(5, lines)))
