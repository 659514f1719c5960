"""A document's new events written into a store, as `Store.add_events` writes them.

The same rows, ids, positions, uuids and times, and the same search index, as
`store.add_events([Event(...)])` of the events in order, each at the end of its section
(tests compare the two). Two things differ, for an import of thousands:

- the events are taken as the reader made them (`ImportedEvent`: the texts and dates an
  `Event` would carry, its countries never confirmed), not copied into `Event`s first;
- the search index is written first, in one statement (`search_index.index_fresh`: its
  texts bound as they are, a row of a VALUES list each), which SQLite runs outside
  Python's lock: meanwhile a thread makes the events' rows (the country and participant
  readings), so a second core hides most of the index's time. Only this thread touches the connection. One statement, as
  before one flush of the index's pending terms: the index's stored pages are the same.
"""

from __future__ import annotations

from collections.abc import Sequence

from smolevents.core.alongside import Alongside
from smolevents.core.domain import Quarter
from smolevents.core.search import search_text_of
from smolevents.core.store import search_index
from smolevents.core.store.database import INSERT_EVENT, Store, _load_country_names, _new_uuids


def add_document_events(store: Store, quarter: Quarter, by_section: Sequence[tuple[int, Sequence]]) -> None:
    """Add the events (`ImportedEvent`s) of each (section id, events) in `quarter`, after
    the section's events, in order: what `store.add_events` does with them as `Event`s."""
    events = [event for _, section_events in by_section for event in section_events]
    if not events:
        return
    _load_country_names()  # before the write lock, as every writer does
    with store.transaction():
        first_id = store.conn.execute("SELECT coalesce(max(id), 0) + 1 FROM events").fetchone()[0]
        places = _places(store, quarter, by_section)
        now = store.clock()  # one moment for the whole batch: it is one action
        texts = [search_text_of(event) for event in events]
        rows: list[tuple] = []

        def make_rows() -> None:
            values_of = Store._insert_values
            uuids = _new_uuids(len(events))
            for number, event in enumerate(events):
                report_id, section_id, position = places[number]
                rows.append(values_of(event, id=first_id + number, uuid=uuids[number], report_id=report_id,
                                      section_id=section_id, position=position, created_at=now, updated_at=now,
                                      version=1))

        beside = Alongside(make_rows, "smolevents-import-rows").start()
        try:
            search_index.index_fresh(store.conn, first_id, texts)
        finally:
            beside.join()
        beside.raise_failure()
        store.conn.executemany(INSERT_EVENT, rows)


def _places(store: Store, quarter: Quarter, by_section) -> list[tuple[int, int, int]]:
    """(report id, section id, position) of each event in order, read and made as
    `insert_events` does: each section checked, the quarter's report made, and each
    section's next position read, once, at its first event."""
    report_id = None
    next_position: dict[int, int] = {}
    places = []
    for section_id, section_events in by_section:
        if not section_events:
            continue
        if section_id not in next_position:
            store.section(section_id)
            if report_id is None:
                report_id = store.ensure_report(quarter).id
            next_position[section_id] = store._make_room(report_id, section_id, None)
        start = next_position[section_id]
        places.extend((report_id, section_id, position) for position in range(start, start + len(section_events)))
        next_position[section_id] = start + len(section_events)
    return places
