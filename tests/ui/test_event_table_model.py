"""The lazy table model: the report's shape, numbers, search in SQL, reads only what is asked."""

import pytest
from PySide6.QtCore import Qt

from smolevents.core.columns import COLUMNS
from smolevents.core.domain import DEFAULT_SECTIONS, Quarter
from smolevents.ui import event_table_model
from smolevents.ui.event_table_model import EVENT_ROLE, EventTableModel
from tests.real_report import QUARTER, squash

DISPLAY = Qt.ItemDataRole.DisplayRole


def _shape(model):
    """Section titles and "N. name" lines, as the clerk reads the table top to bottom."""
    lines = []
    for row in range(model.rowCount()):
        first = model.data(model.index(row, 0), DISPLAY)
        if model.is_section_row(row):
            lines.append(first)
        else:
            lines.append(f"{first} {squash(model.data(model.index(row, 1), DISPLAY))}")
    return lines


def test_model_passes_qt_model_tester_with_the_real_report(qtmodeltester, real_store):
    model = EventTableModel(real_store, QUARTER)
    qtmodeltester.check(model)  # Qt's own QAbstractItemModelTester
    qtmodeltester.check(model, force_py=True)  # pytest-qt's port, stricter about types
    model.set_search("смоленск")
    qtmodeltester.check(model)


def test_model_passes_qt_model_tester_on_an_empty_file(qtmodeltester, store):
    model = EventTableModel(store, Quarter(2024, 1))
    qtmodeltester.check(model, force_py=True)
    assert model.event_count() == 0 and model.rowCount() == len(DEFAULT_SECTIONS)


def test_rows_follow_the_report_sections_and_numbers(real_store, real_report):
    model = EventTableModel(real_store, QUARTER)
    expected = []
    number = 0
    for title, events in real_report.sections:
        expected.append(title)
        for event in events:
            number += 1
            expected.append(f"{number}. {squash(event['name'])}")
    assert _shape(model) == expected
    assert [model.headerData(column, Qt.Orientation.Horizontal) for column in range(6)] == [
        column.short_label for column in COLUMNS]
    assert model.headerData(4, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == COLUMNS[4].label


def test_cells_hold_the_text_as_printed_with_line_breaks(real_store, real_report):
    model = EventTableModel(real_store, QUARTER)
    row = model.row_of_event(real_store.event_ids(QUARTER)[0])
    first = real_report.sections[0][1][0]
    assert model.data(model.index(row, 2), DISPLAY) == first["place"]
    assert squash(model.data(model.index(row, 3), DISPLAY)) == squash(first["dates"])
    assert model.flags(model.index(row, 0)) & Qt.ItemFlag.ItemIsEditable == Qt.ItemFlag.NoItemFlags
    assert model.flags(model.index(row, 1)) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(0, 1)) & Qt.ItemFlag.ItemIsEditable  # a section row


def test_opening_reads_no_event_and_a_row_reads_only_itself(real_store):
    model = EventTableModel(real_store, QUARTER)
    assert model.fetched_count == 0
    model.data(model.index(5, 1), DISPLAY)
    assert model.fetched_count == 1
    model.data(model.index(5, 4), DISPLAY)  # the same row again: from the cache
    assert model.fetched_count == 1
    model.prefetch(10, 14)
    assert model.fetched_count == 1 + sum(not model.is_section_row(row) for row in range(10, 15))


def test_search_is_done_in_sql_and_ignores_cyrillic_case(real_store):
    model = EventTableModel(real_store, QUARTER)
    model.set_search("СЛАВЯНСК")
    found = [model.index(row, 1).data(EVENT_ROLE) for row in range(model.rowCount())
             if not model.is_section_row(row)]
    assert found
    for event in found:
        text = " ".join([event.name, event.place, event.dates.format(), event.purpose, event.participants])
        assert "славянск" in text.casefold()
    assert model.event_count() == len(real_store.event_ids(QUARTER, "славянск"))
    # Only sections with matches are shown; the numbers stay the report's.
    sections = [row for row in range(model.rowCount()) if model.is_section_row(row)]
    assert len(sections) < len(DEFAULT_SECTIONS)
    model.set_search("")
    assert model.event_count() == 47


def test_an_empty_section_is_shown_with_a_note(store):
    quarter = Quarter(2024, 1)
    culture = store.sections()[2]
    store.add_event(quarter, culture.id, name="Выставка")
    model = EventTableModel(store, quarter)
    assert model.rowCount() == len(DEFAULT_SECTIONS) + 1
    first = model.data(model.index(0, 0), DISPLAY)
    assert first.startswith(DEFAULT_SECTIONS[0]) and "нет мероприятий" in first
    assert model.data(model.index(2, 0), DISPLAY) == DEFAULT_SECTIONS[2]


def test_a_blank_required_cell_is_marked_with_its_message(store):
    quarter = Quarter(2024, 1)
    store.add_event(quarter, store.sections()[0].id, name="Только название")
    model = EventTableModel(store, quarter)
    row = model.row_of_event(store.event_ids(quarter)[0])
    assert model.data(model.index(row, 5), Qt.ItemDataRole.ToolTipRole) == "Не заполнено поле «Участники»."
    assert model.data(model.index(row, 5), Qt.ItemDataRole.BackgroundRole) is not None
    assert model.data(model.index(row, 1), Qt.ItemDataRole.BackgroundRole) is None


def test_every_event_is_found_at_its_row_with_and_without_a_search(real_store):
    real_store.add_section("Пустой раздел в конце каталога")  # an empty section row after the last event
    model = EventTableModel(real_store, QUARTER)
    for search in ("", "смоленск", "витебск минск", "никакого такого текста"):
        model.set_search(search)
        shown = {model.event_id_at(row): row for row in range(model.rowCount()) if not model.is_section_row(row)}
        assert {event_id: model.row_of_event(event_id) for event_id in shown} == shown
        hidden = set(real_store.event_ids(QUARTER)) - set(shown)
        assert all(model.row_of_event(event_id) is None for event_id in hidden)
        assert model.event_count() == len(shown)


def test_typing_key_by_key_shows_what_a_fresh_search_shows(real_store):
    typed = EventTableModel(real_store, QUARTER)
    for text in ("с", "см", "смол", "смоленск", "смоленск м", "смоленск мин", "смоленск", "смо", "",
                 "в", "ви", "вит", "витебск", "витебск —", "витебская"):
        typed.set_search(text)
        fresh = EventTableModel(real_store, QUARTER)
        fresh.set_search(text)
        assert _shape(typed) == _shape(fresh), text
        assert typed.event_count() == fresh.event_count()


def test_an_event_edited_to_match_is_found_by_the_next_key(real_store):
    model = EventTableModel(real_store, QUARTER)
    model.set_search("вит")
    hidden = next(event_id for event_id in real_store.event_ids(QUARTER) if model.row_of_event(event_id) is None)
    real_store.update_event(hidden, name="Визит в Витебск")
    model.refresh_event(hidden)
    model.set_search("витеб")  # "вит" did not find the event before the edit
    assert model.row_of_event(hidden) is not None


@pytest.mark.parametrize("slack", [event_table_model.ID_TABLE_SLACK, -10])  # ids near or far apart
def test_a_search_shows_only_the_quarters_events_whatever_their_ids(store, monkeypatch, slack):
    monkeypatch.setattr(event_table_model, "ID_TABLE_SLACK", slack)
    section = store.sections()[0].id
    q1, q2 = Quarter(2024, 1), Quarter(2024, 2)
    first = store.add_event(q1, section, name="Визит 1").id
    ours = [store.add_event(q2, section, name=f"Визит {number}").id for number in (2, 3)]
    later = store.add_event(q1, section, name="Визит 4").id  # an id between and after ours
    store.add_event(q2, section, name="Форум")
    model = EventTableModel(store, q2)
    model.set_search("визит")
    assert [model.event_id_at(row) for row in range(model.rowCount()) if not model.is_section_row(row)] == ours
    assert model.row_of_event(first) is None and model.row_of_event(later) is None
