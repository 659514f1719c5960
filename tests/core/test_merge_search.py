"""Merged events are found by the search at once: the merge fills the full-text index in
its own transaction (a part of events per statement, the next part's rows made beside it)."""

import sqlite3

import pytest

from smolevents.core.merge import apply_merge, plan_merge
from smolevents.core.store import Store, search_index
from smolevents.core.store import merge_writes
from tests.real_report import QUARTER, RealReport, real_report_into


@pytest.fixture
def department(tmp_path, real_report):
    path = tmp_path / "отдел.sqlite"
    with Store.open(path) as store:
        real_report_into(store, RealReport(real_report.title_lines, real_report.header,
                                           real_report.sections, real_report.closing))
    return path


def _found(store, text):
    return sorted(event.name for event in store.events_by_ids(store.event_ids(QUARTER, text)).values())


def _search_is_whole(target, department):
    with Store.open(department) as source:
        expected = {word: _found(source, word) for word in ("витеб", "Беларусь", "форум", "июня", "Смоленск")}
    assert all(expected.values())
    for word, names in expected.items():
        assert _found(target, word) == names
    for event in target.events(QUARTER):  # every merged event by its own first words
        assert event.id in target.event_ids(QUARTER, " ".join(event.name.split()[:3]))


def test_merged_events_are_found_by_the_search(tmp_path, department, monkeypatch):
    monkeypatch.setattr(merge_writes, "_PART", 10)  # several parts: the rows thread makes the later ones
    with Store.open(tmp_path / "координатор.sqlite") as target:
        apply_merge(target, plan_merge(target, [department]))
        assert target.count_events(QUARTER) == 47
        _search_is_whole(target, department)


class _WithoutJson:
    """A connection whose SQLite has no JSON functions (some builds leave them out)."""

    def __init__(self, conn):
        self._conn = conn

    def execute(self, sql, *arguments):
        if "json_each" in sql:
            raise sqlite3.OperationalError("no such table: json_each")
        return self._conn.execute(sql, *arguments)

    def __getattr__(self, name):
        return getattr(self._conn, name)


def _merge_through(connection_class, target, department):
    """The merge of `department` into `target` with its connection wrapped in `connection_class`."""
    plan = plan_merge(target, [department])
    real = target.conn
    target.conn = connection_class(real)
    try:
        apply_merge(target, plan)
    finally:
        target.conn = real


def test_a_parts_texts_are_bound_to_one_statement_not_handed_over_as_json(tmp_path, department, monkeypatch):
    monkeypatch.setattr(merge_writes, "_PART", 20)  # 47 events: parts of 20, 20 and 7
    statements = []

    class Recording(_WithoutJson):
        def execute(self, sql, *arguments):
            if search_index.TABLE in sql:
                statements.append(sql)
            return super().execute(sql, *arguments)

    with Store.open(tmp_path / "координатор.sqlite") as target:
        _merge_through(Recording, target, department)
        assert [sql.count("(?, ?)") for sql in statements if sql.startswith("INSERT")] == [20, 20, 7]
        _search_is_whole(target, department)


def test_without_sqlites_json_functions_the_index_is_filled_row_by_row(tmp_path, department, monkeypatch):
    # Only a part of more texts than one statement binds goes as JSON: here every part.
    monkeypatch.setattr(search_index, "_VALUES_ROWS", 5)
    written = []
    index = search_index.index

    def index_row_by_row(conn, rows, fresh=False):
        rows = list(rows)
        written.append(rows)
        index(conn, rows, fresh)

    monkeypatch.setattr(search_index, "index", index_row_by_row)
    with Store.open(tmp_path / "координатор.sqlite") as target:
        _merge_through(_WithoutJson, target, department)
        assert sum(map(len, written)) == 47
        _search_is_whole(target, department)
