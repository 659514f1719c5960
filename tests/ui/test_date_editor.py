"""The date editor: pickers, "весь месяц", free text kept verbatim, the printed text live."""

import datetime

import pytest
from PySide6.QtCore import QDate, Qt

from smolevents.core.dates import DatePoint, EventDates
from smolevents.ui.date_editor import DateEditor
from tests.ui.conftest import type_text


@pytest.fixture
def editor(qtbot):
    widget = DateEditor(default_day=datetime.date(2023, 4, 1))
    qtbot.addWidget(widget)
    changes = []
    widget.dates_changed.connect(changes.append)
    widget.changes = changes
    return widget


def test_picking_start_and_end_prints_a_range_of_days(editor):
    editor.start_edit.setDate(QDate(2023, 6, 14))
    editor.end_edit.setDate(QDate(2023, 6, 17))
    assert editor.dates() == EventDates.range(DatePoint(2023, 6, 14), DatePoint(2023, 6, 17))
    assert editor.preview_text() == "В отчете: 14-17 июня 2023 года"
    assert editor.changes[-1].format() == "14-17 июня 2023 года"
    assert editor.dates_choice.isChecked()


def test_an_end_before_the_start_follows_the_start(editor):
    editor.start_edit.setDate(QDate(2023, 6, 20))
    editor.end_edit.setDate(QDate(2023, 6, 10))
    assert editor.dates().format() == "10 июня 2023 года"


def test_whole_month_prints_month_names(editor):
    editor.start_edit.setDate(QDate(2023, 4, 3))
    editor.end_edit.setDate(QDate(2023, 5, 9))
    editor.whole_month.setChecked(True)
    assert editor.preview_text() == "В отчете: апрель – май 2023 года"
    assert not editor.dates().has_day


def test_text_not_understood_is_kept_verbatim_and_said_so(editor):
    editor.set_dates(EventDates(verbatim="в течение квартала"))
    assert editor.text_choice.isChecked()
    assert editor.text_edit.text() == "в течение квартала"
    assert editor.preview_text() == "В отчете: в течение квартала (как написано)"
    assert editor.changes == []  # showing a stored value is not an edit


def test_typed_text_that_is_understood_prints_in_the_report_form(editor):
    editor.text_edit.setFocus()
    type_text(editor.text_edit, "с 30 июня по 2 июля 2023 г.")
    assert editor.text_choice.isChecked()
    assert editor.preview_text() == "В отчете: 30 июня-2 июля 2023 года"
    assert editor.dates().understood


def test_a_stored_range_shows_in_the_pickers(editor):
    editor.set_dates(EventDates.parse("26 мая-16 июня 2023 года"))
    assert editor.start_edit.date() == QDate(2023, 5, 26)
    assert editor.end_edit.date() == QDate(2023, 6, 16)
    assert not editor.whole_month.isChecked()


def test_switching_to_text_starts_from_the_picked_dates(editor):
    editor.set_dates(EventDates.parse("25 мая 2023 года"))
    editor.text_choice.setChecked(True)
    assert editor.text_edit.text() == "25 мая 2023 года"


def test_enter_finishes(qtbot, editor):
    with qtbot.waitSignal(editor.editing_finished, timeout=1000):
        qtbot.keyClick(editor.text_edit, Qt.Key.Key_Return)


def test_the_table_cell_editor_saves_picked_dates(qtbot, window):
    event_id = window.current_event_id()
    index = window.model.index(window.model.row_of_event(event_id), 3)
    window.table_view.setCurrentIndex(index)
    window.table_view.edit(index)
    cell_editor = window.table_view.indexWidget(index)
    assert isinstance(cell_editor, DateEditor)
    cell_editor.start_edit.setDate(QDate(2023, 5, 24))
    qtbot.keyClick(cell_editor.start_edit, Qt.Key.Key_Return)
    # The event was one day (25 May): its day moved, it is still one day.
    assert window.store.event(event_id).dates.format() == "24 мая 2023 года"
    assert window.form.editors["dates"].preview_text() == "В отчете: 24 мая 2023 года"


def open_dates_cell(window):
    event_id = window.current_event_id()
    index = window.model.index(window.model.row_of_event(event_id), 3)
    window.table_view.setCurrentIndex(index)
    window.table_view.edit(index)
    return event_id, window.table_view.indexWidget(index)


def test_leaving_the_date_cell_editor_saves_it(qtbot, window):
    event_id, cell_editor = open_dates_cell(window)
    cell_editor.whole_month.setChecked(True)
    window.search_field.setFocus()
    qtbot.waitUntil(lambda: window.store.event(event_id).dates.format() == "май 2023 года", timeout=2000)
    assert not window.table_view.is_editing()


def test_an_action_while_the_date_cell_is_open_saves_it_first(qtbot, window):
    event_id, cell_editor = open_dates_cell(window)
    cell_editor.end_edit.setDate(QDate(2023, 5, 27))
    window.actions["duplicate"].trigger()  # any action saves what is typed before it acts
    assert window.store.event(event_id).dates.format() == "25-27 мая 2023 года"
    copy = window.store.event(window.current_event_id())
    assert copy.id != event_id and copy.dates.format() == "25-27 мая 2023 года"


def test_typing_the_day_of_a_one_day_event_keeps_it_one_day(qtbot, editor):
    """Correcting 25 May to 10 April by typing "10042023" passes through 10 May: the end
    follows each step instead of staying at 25 May and printing a range."""
    editor.set_dates(EventDates.parse("25 мая 2023 года"))
    editor.start_edit.setFocus()
    editor.start_edit.setSelectedSection(editor.start_edit.Section.DaySection)
    qtbot.keyClicks(editor.start_edit, "10042023")
    assert editor.preview_text() == "В отчете: 10 апреля 2023 года"
    assert editor.changes[-1].format() == "10 апреля 2023 года"


def test_moving_the_start_of_a_range_keeps_its_end(editor):
    editor.set_dates(EventDates.parse("14-17 июня 2023 года"))
    editor.start_edit.setDate(QDate(2023, 6, 10))
    assert editor.dates().format() == "10-17 июня 2023 года"


def test_in_text_mode_the_pickers_show_what_the_text_says(editor):
    editor.set_dates(EventDates.parse("14-17 июня 2023 года"))
    editor.text_edit.setFocus()
    editor.text_edit.selectAll()
    type_text(editor.text_edit, "с 2 по 5 мая 2023 г.")
    assert (editor.start_edit.date(), editor.end_edit.date()) == (QDate(2023, 5, 2), QDate(2023, 5, 5))
    assert editor.text_choice.isChecked()  # the pickers followed; the clerk's text stays the value


def test_text_without_a_date_puts_the_pickers_back_on_the_default_day(editor):
    editor.set_dates(EventDates.parse("апрель – май 2023 года"))
    editor.set_dates(EventDates(verbatim="в течение квартала"))
    assert (editor.start_edit.date(), editor.end_edit.date()) == (QDate(2023, 4, 1), QDate(2023, 4, 1))
    assert not editor.whole_month.isChecked()
    assert editor.text_edit.text() == "в течение квартала"
