"""The import's own writing of a document's events (core/store/import_writes.py) stores what
`Store.add_events` stores: the same rows, the same search index, nothing when it fails."""

from __future__ import annotations

import pytest

from smolevents.core.domain import Event, Quarter
from smolevents.core.report.docx_reader import read_report_docx
from smolevents.core.store import Store, title_key
from smolevents.core.store.import_writes import add_document_events
from tests.real_report import REPORT_DOCX

_CLOCK = "2026-11-30T05:00:00.000000+00:00"
_NOT_UUID = "SELECT * FROM events ORDER BY id"


def _store() -> Store:
    return Store.in_memory(clock=lambda: _CLOCK)


def _by_section(store: Store, imported) -> list[tuple[int, list]]:
    sections = store.ensure_sections(title for title, _ in imported.sections)
    return [(sections[title_key(title)].id, events) for title, events in imported.sections]


def _as_add_events(store: Store, quarter: Quarter, by_section) -> None:
    store.add_events([Event(id=None, uuid="", quarter=quarter, section_id=section_id, position=0, **event.fields())
                      for section_id, events in by_section for event in events])


def _stored(store: Store) -> tuple[list, list, list]:
    """The events' rows (their uuids checked for form, then left out), the index's rows and
    stored pages, and what a search finds."""
    columns = [row[1] for row in store.conn.execute("PRAGMA table_info(events)")]
    rows = []
    for row in store.conn.execute(_NOT_UUID):
        values = dict(zip(columns, row))
        assert len(values.pop("uuid")) == 36
        rows.append(values)
    index = store.conn.execute("SELECT rowid, text FROM events_search ORDER BY rowid").fetchall()
    index += store.conn.execute("SELECT id, block FROM events_search_data ORDER BY id").fetchall()
    found = [sorted(store.matching_event_ids(word)) for word in ("беларусь", "форум", "смоленск", "2023")]
    return rows, index, found


@pytest.fixture(scope="module")
def imported():
    return read_report_docx(REPORT_DOCX)


@pytest.mark.parametrize("events_before", [False, True])
def test_a_document_is_stored_as_add_events_stores_it(imported, events_before):
    stores = []
    for write in (add_document_events, _as_add_events):
        store = _store()
        if events_before:  # the sections already hold events, in this quarter and another
            for quarter in (imported.quarter, Quarter(2023, 3)):
                _as_add_events(store, quarter, _by_section(store, imported)[:3])
        write(store, imported.quarter, _by_section(store, imported))
        stores.append(_stored(store))
    ours, theirs = stores
    before = sum(len(events) for _, events in imported.sections[:3]) if events_before else 0
    assert len(ours[0]) == 47 + 2 * before
    assert ours == theirs
    assert ours[0][-1]["position"] > 0 and ours[0][-1]["countries"] == "BY"


def test_nothing_is_stored_when_making_the_rows_fails(imported, monkeypatch):
    store = _store()
    by_section = _by_section(store, imported)
    made = []

    def failing(event, read=None):
        if len(made) == 20:
            raise MemoryError
        made.append(event)
        return original(event, read)

    original = Store._row
    monkeypatch.setattr(Store, "_row", staticmethod(failing))
    with pytest.raises(MemoryError):
        add_document_events(store, imported.quarter, by_section)
    assert store.conn.execute("SELECT count(*) FROM events").fetchone()[0] == 0
    assert store.conn.execute("SELECT count(*) FROM events_search").fetchone()[0] == 0
    assert store.conn.execute("SELECT count(*) FROM reports").fetchone()[0] == 0


@pytest.mark.parametrize("most_rows", [0, 46, 47, 10_000])
def test_the_index_is_written_in_one_statement_whatever_the_size(imported, monkeypatch, most_rows):
    """A report's texts are bound to one INSERT statement; a document with more events than
    one such statement takes (SQLite's limit on bound values) is handed over as one JSON array.
    Either way: the same rows and stored pages as `add_events` makes, ids following on."""
    from smolevents.core.store import search_index

    monkeypatch.setattr(search_index, "_VALUES_ROWS", most_rows)
    statements = []
    stores = []
    for write in (add_document_events, _as_add_events):
        store = _store()
        _as_add_events(store, Quarter(2023, 3), _by_section(store, imported)[:2])  # ids not starting at 1
        store.conn.set_trace_callback(statements.append)
        write(store, imported.quarter, _by_section(store, imported))
        store.conn.set_trace_callback(None)
        stores.append(_stored(store))
        if write is add_document_events:
            index_statements = [sql for sql in statements if sql.startswith("INSERT INTO events_search")]
            assert len(index_statements) == 1
            assert ("json_each" in index_statements[0]) == (most_rows < 47)
    assert stores[0] == stores[1]
    assert len(stores[0][0]) > 47
