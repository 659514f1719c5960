"""Entry faster than in Word: pasted table rows and copies from a past quarter, each one undo step."""

import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QGuiApplication

from smolevents.core.domain import Quarter
from smolevents.ui.copy_past import CopyPastDialog
from tests.core.test_paste import EXCEL_TSV, WORD_HTML
from tests.real_report import QUARTER


@pytest.fixture(autouse=True)
def clipboard_emptied_after(qapp):
    # The clipboard owns the QMimeData set below; left there, Qt deletes it at exit,
    # after Python has finished, and the process ends with a segmentation fault.
    yield
    QGuiApplication.clipboard().clear()


def _clipboard(html=None, text=None):
    mime = QMimeData()
    if html is not None:
        mime.setHtml(html)
    if text is not None:
        mime.setText(text)
    QGuiApplication.clipboard().setMimeData(mime)


def _q3_window(make_window, store):
    return make_window(store, Quarter(2023, 3))


def test_ctrl_v_on_the_table_pastes_word_rows_into_their_section_in_one_undo_step(make_window, store, qtbot):
    window = _q3_window(make_window, store)
    _clipboard(html=WORD_HTML, text="Фестиваль\t…")
    window.table_view.setFocus()
    qtbot.keyClick(window.table_view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    events = store.events(Quarter(2023, 3))
    assert [event.name for event in events] == ["Фестиваль\n«Славянский базар»", "Выставка"]
    culture = store.section_by_title("Сотрудничество в сфере культуры")
    assert {event.section_id for event in events} == {culture.id}
    assert events[0].dates.format() == "14-17 августа 2023 года"
    assert window.current_event_id() == events[0].id
    assert window.statusBar().currentMessage().startswith("Вставлено 2 мероприятия")
    window.actions["undo"].trigger()
    assert store.events(Quarter(2023, 3)) == []
    window.actions["redo"].trigger()
    assert [event.name for event in store.events(Quarter(2023, 3))] == ["Фестиваль\n«Славянский базар»", "Выставка"]


def test_excel_rows_go_after_the_selected_event(window, qtbot):
    second = window.store.events(QUARTER)[1]
    window.select_event(second.id)
    _clipboard(text=EXCEL_TSV)
    window.actions["paste"].trigger()
    names = [event.name for event in window.store.events(QUARTER)]
    assert names[2:4] == ["Встреча", "Ярмарка"] and len(names) == 49
    assert window.store.events(QUARTER)[2].section_id == second.section_id


def test_a_single_cell_goes_into_the_selected_cell(window):
    event = window.store.events(QUARTER)[0]
    row = window.model.row_of_event(event.id)
    window.table_view.select_row(row, 2)  # "Место проведения"
    _clipboard(html="<table><tr><td>г. Рославль</td></tr></table>", text="г. Рославль")
    window.actions["paste"].trigger()
    assert window.store.event(event.id).place == "г. Рославль"
    assert window.model.event_count() == 47
    window.actions["undo"].trigger()
    assert window.store.event(event.id).place == event.place


def test_garbage_on_the_clipboard_is_refused_with_a_message(window, dialogs):
    _clipboard(text="одна строка\nдругая строка")
    window.actions["paste"].trigger()
    assert dialogs.texts()[-1].startswith("В буфере обмена нет строк таблицы")
    assert window.model.event_count() == 47


def test_copy_from_a_past_quarter_brings_the_chosen_events_without_their_dates(make_window, real_store, qtbot):
    window = make_window(real_store, Quarter(2023, 3))
    window.actions["copy_past"].trigger()
    dialog = window.findChild(CopyPastDialog)
    assert dialog is not None and dialog.isVisible()  # not modal: nothing blocks
    assert dialog.quarter_box.currentData() == QUARTER and dialog.events_list.count() == 47
    assert not dialog.copy_button.isEnabled()
    past = real_store.events(QUARTER)
    for row in (0, 5):
        dialog.events_list.item(row).setCheckState(Qt.CheckState.Checked)
    assert dialog.copy_button.text() == "Скопировать (2)"
    dialog.copy_button.click()
    copies = real_store.events(Quarter(2023, 3))
    assert [(copy.name, copy.place, copy.section_id) for copy in copies] == [
        (event.name, event.place, event.section_id) for event in (past[0], past[5])]
    assert all(copy.dates.is_empty for copy in copies)
    assert len(real_store.events(QUARTER)) == 47  # the past quarter is untouched
    window.actions["undo"].trigger()
    assert real_store.events(Quarter(2023, 3)) == []


def test_copy_from_a_past_quarter_says_so_when_there_is_none(window, dialogs):
    window.actions["copy_past"].trigger()
    assert "нет кварталов с мероприятиями" in dialogs.texts("show_info")[-1]
