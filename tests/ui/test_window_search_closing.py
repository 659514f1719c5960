"""Find (Ctrl+F) in Cyrillic, the closing paragraph, the quarter bar."""

from PySide6.QtCore import Qt

from smolevents.core.report.closing_draft import draft_closing
from smolevents.core.dates import EventDates
from smolevents.core.domain import Quarter
from smolevents.ui.event_table_model import EVENT_ROLE
from smolevents.ui.plain_text import text_of
from tests.real_report import QUARTER
from tests.ui.conftest import type_text


def shown_events(window):
    model = window.model
    return [model.index(row, 1).data(EVENT_ROLE) for row in range(model.rowCount())
            if not model.is_section_row(row)]


def test_ctrl_f_then_typing_filters_the_table_ignoring_cyrillic_case(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search_field.hasFocus()
    type_text(window.search_field, "ВИТЕБСК")
    found = shown_events(window)
    assert found and len(found) == len(window.store.event_ids(QUARTER, "витебск")) < 47
    for event in found:
        text = " ".join([event.name, event.place, event.purpose, event.participants]).casefold()
        assert "витебск" in text
    assert window.current_event_id() == found[0].id  # the form shows the first found
    assert window.form.current_event.id == found[0].id
    assert window.statusBar().currentMessage() == f"Найдено мероприятий: {len(found)}"
    qtbot.keyClick(window.search_field, Qt.Key.Key_Escape)
    assert window.search_field.text() == "" and len(shown_events(window)) == 47
    assert window.table_view.hasFocus()  # Esc leaves the search for the table


def test_each_search_key_fills_the_form_once(window, monkeypatch):
    filled = []
    original = window.form.set_event
    monkeypatch.setattr(window.form, "set_event", lambda event, *a, **k: (filled.append(event), original(event, *a, **k)))
    for text in ("в", "ви", "вит", ""):
        filled.clear()
        window.search_field.setText(text)
        assert len(filled) == 1, (text, filled)


def test_two_words_must_both_occur(window):
    window.search_field.setText("смоленск минск")
    both = window.store.event_ids(QUARTER, "смоленск минск")
    assert [event.id for event in shown_events(window)] == both
    assert len(both) < len(window.store.event_ids(QUARTER, "минск"))


def test_closing_paragraph_typed_is_saved_and_undoable(qtbot, window):
    before = window.store.closing(QUARTER)
    editor = window.closing_editor.text_edit
    editor.selectAll()
    type_text(editor, "В II квартале 2023 года состоялись 2 встречи.")
    qtbot.waitUntil(lambda: window.store.closing(QUARTER) == "В II квартале 2023 года состоялись 2 встречи.",
                    timeout=3000)
    window.actions["undo"].trigger()
    assert window.store.closing(QUARTER) == before
    assert text_of(editor) == before


def test_compose_from_data_asks_before_replacing_and_fills_the_draft(window, dialogs):
    dialogs.answer("ask_yes_no", True)
    window.closing_editor.draft_button.click()
    expected = draft_closing(window.store, QUARTER)
    assert expected.startswith("В II квартале 2023 года проведено 47 мероприятий")
    assert window.store.closing(QUARTER) == expected
    assert text_of(window.closing_editor.text_edit) == expected


def test_compose_from_data_into_an_empty_paragraph_asks_nothing(make_window, store):
    quarter = Quarter(2024, 1)
    store.add_event(quarter, store.sections()[3].id, name="Олимпиада")
    window = make_window(store, quarter)
    window.actions["draft_closing"].trigger()
    assert store.closing(quarter) == "В I квартале 2024 года проведено 1 мероприятие в международной сфере (в сфере образования и науки)."


def test_quarter_bar_lists_quarters_and_starts_a_new_one(window, dialogs):
    bar = window.quarter_bar
    assert bar.quarter_box.currentText() == "II квартал 2023 — 47 мероприятий"
    assert bar.events_label.text() == "Мероприятий: 47"
    dialogs.answer("choose_quarter", Quarter(2023, 3))
    bar.new_button.click()
    assert dialogs.asked[-1][1][1] == Quarter(2023, 3)  # proposed: the one after the newest
    assert window.quarter == Quarter(2023, 3)
    assert window.model.event_count() == 0
    assert [bar.quarter_box.itemText(i) for i in range(bar.quarter_box.count())] == [
        "III квартал 2023 — пусто", "II квартал 2023 — 47 мероприятий"]
    assert window.form.current_event is None
    bar.quarter_box.setCurrentIndex(1)
    bar.quarter_box.activated.emit(1)
    assert window.quarter == QUARTER and window.model.event_count() == 47


def test_clicking_the_error_count_goes_to_the_event(make_window, store):
    quarter = Quarter(2024, 2)
    section = store.sections()[0].id
    store.add_event(quarter, section, name="Полное", place="г. Смоленск", purpose="Цель",
                    participants="5 человек", dates=EventDates.parse("5 мая 2024 года"))
    lacking = store.add_event(quarter, section, name="Без участников", place="г. Смоленск", purpose="Цель")
    window = make_window(store, quarter)
    assert window.quarter_bar.errors_button.text() == "Ошибок: 2"
    window.quarter_bar.errors_button.click()
    assert window.current_event_id() == lacking.id
    assert window.form.problems_shown().keys() == {"dates", "participants"}
