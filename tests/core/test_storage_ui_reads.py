"""Reads the window needs: the quarter's rows for grouping, and the change counter."""

from smolevents.core.domain import Quarter
from smolevents.core.store import Store
from tests.real_report import QUARTER

Q3 = Quarter(2023, 3)


def test_quarter_rows_follow_report_order_with_report_numbers(real_store, real_report):
    rows = real_store.quarter_rows(QUARTER)
    assert [row[0] for row in rows] == real_store.event_ids(QUARTER)
    assert [row[2] for row in rows] == list(range(1, 48))
    titles = {section.id: section.title for section in real_store.sections()}
    assert [titles[row[1]] for row in rows] == [title for title, _ in real_report.events]


def test_a_cyrillic_search_keeps_the_numbers_the_report_prints(real_store, real_report):
    rows = real_store.quarter_rows(QUARTER, "СЛАВЯНСКИЙ")
    assert rows and [row[0] for row in rows] == real_store.event_ids(QUARTER, "славянский")
    all_names = [event["name"] for _, event in real_report.events]
    for event_id, _, number in rows:
        assert real_store.event(event_id).name == all_names[number - 1]
    assert rows[0][2] > 1  # not renumbered from 1 by the filter


def test_quarter_rows_of_another_quarter_are_separate(store):
    section = store.sections()[0]
    store.add_event(Q3, section.id, name="Одно")
    assert store.quarter_rows(QUARTER) == []
    assert [row[2] for row in store.quarter_rows(Q3)] == [1]


def test_data_version_changes_when_another_connection_commits(db_path):
    with Store.open(db_path) as mine, Store.open(db_path) as other:
        before = mine.data_version()
        mine.add_event(Q3, mine.sections()[0].id, name="Мое")
        assert mine.data_version() == before  # our own commits do not count
        other.add_event(Q3, other.sections()[0].id, name="Чужое")
        assert mine.data_version() != before


def test_a_deleted_section_comes_back_with_its_id_and_place(store):
    before = store.sections()
    third = before[2]
    store.delete_section(third.id)
    restored = store.restore_section(third, 2)
    assert restored.id == third.id and restored.title == third.title
    assert [section.title for section in store.sections()] == [section.title for section in before]
