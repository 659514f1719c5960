"""The merge's writes and reads on the target database (the plan itself is `core/merge.py`)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from smolevents.core.domain import Event
from smolevents.core.errors import UserError
from smolevents.core.search import search_text_of
from smolevents.core.store import search_index
from smolevents.core.store.database import INSERT_EVENT, Store, title_key
from smolevents.core.store.source_reader import Readings
from smolevents.core.store.merge_memory import Histories, read_decisions, read_histories, write_decisions, \
    write_histories

BACKUP_SUFFIX = ".до-объединения"


def target_histories(store: Store) -> Histories:
    return read_histories(store.conn)


def target_decisions(store: Store) -> dict[str, tuple[str, str]]:
    return read_decisions(store.conn)


def remember_merge(store: Store, histories: Histories, decisions: Mapping[str, tuple[str, str]]) -> None:
    """The merged fields' histories and the decisions not to ask again (inside the merge's transaction)."""
    write_histories(store.conn, histories)
    write_decisions(store.conn, decisions, store.clock())


def backup_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}{BACKUP_SUFFIX}{path.suffix or '.sqlite'}")


def keep_backup_beside(store: Store) -> Path | None:
    """A consistent copy of the database as it is, beside it (the last merge's; replaced by the next)."""
    if store.path is None:
        return None
    target = backup_path(store.path)
    temporary = target.with_name(target.name + ".tmp")
    temporary.unlink(missing_ok=True)
    try:
        store.conn.execute("VACUUM INTO ?", (str(temporary),))
        os.replace(temporary, target)
    except (sqlite3.Error, OSError) as error:
        temporary.unlink(missing_ok=True)
        raise UserError(
            f"Перед объединением не удалось сохранить копию базы «{target.name}» ({error}). "
            "Проверьте место на диске и права на папку; база не изменена."
        ) from None
    return target


def snapshot(store: Store) -> bytes:
    """The whole database in memory (the window's undo of a merge)."""
    return store.conn.serialize()


def restore_snapshot(store: Store, data: bytes) -> None:
    """Put the database back as `snapshot` saw it, in one step other connections see whole."""
    source = sqlite3.connect(":memory:")
    try:
        source.deserialize(data)
        source.backup(store.conn)
    finally:
        source.close()


def content_digest(store: Store) -> str:
    """Changes when any event, section or closing changes (not when only versions and times do),
    so a change made elsewhere after a merge is noticed before the merge is undone."""
    hasher = hashlib.blake2b(digest_size=16)
    queries = (
        "SELECT e.uuid, r.year, r.quarter, s.title, e.name, e.place, e.date_start, e.date_end, e.date_text,"
        " e.purpose, e.participants FROM events e JOIN reports r ON r.id = e.report_id"
        " JOIN sections s ON s.id = e.section_id ORDER BY e.uuid",
        "SELECT title, sort_order FROM sections ORDER BY id",
        "SELECT year, quarter, closing FROM reports ORDER BY year, quarter",
    )
    for query in queries:
        for row in store.conn.execute(query):
            hasher.update(repr(row).encode("utf-8"))
        hasher.update(b"\x1e")
    return hasher.hexdigest()


def target_fingerprint(store: Store) -> tuple:
    """Changes whenever an event or closing of the target changes (to catch edits
    made by another window between the preview and the merge)."""
    events = store.conn.execute(
        "SELECT count(*), coalesce(max(updated_at), ''), total(version) FROM events").fetchone()
    reports = store.conn.execute(
        "SELECT count(*), coalesce(max(updated_at), '') FROM reports").fetchone()
    sections = store.conn.execute("SELECT count(*), coalesce(group_concat(title, '|'), '') FROM sections").fetchone()
    return (*events, *reports, *sections)


def take_their_version(store: Store, ours_uuid: str, theirs: Event, section_title: str) -> None:
    """Replace our event (found by uuid) with their version, keeping its place when it stays put."""
    current = store.event_by_uuid(ours_uuid)
    section = store.ensure_section(section_title)
    report = store.ensure_report(theirs.quarter)
    position = current.position
    if section.id != current.section_id or theirs.quarter != current.quarter:
        position = store._make_room(report.id, section.id, None)
    store._write_event(current.id, theirs, theirs.updated_at, current.version + 1,
                       report_id=report.id, section_id=section.id, position=position)


# Events made into rows a part at a time: the rows and folded texts of thousands of
# events are never all held at once.
_PART = 500


def insert_merged(store: Store, incoming_events: list[tuple[Event, str]], readings: Readings,
                  progress: Callable[[int, int], None] | None = None) -> None:
    """Insert in one statement batch, each after the target's events of its section;
    `progress` is told after each part (events written, events in all).

    An event whose texts a source file holds with their countries not confirmed takes
    that file's reading of them (the countries it suggests, whether the place is abroad)
    instead of reading the texts again: the same reading, made by the department's copy
    of the program (countries a clerk confirmed are taken from a file as they are, too).

    `store.add_events` would do, but it takes each event's section by id: giving each of
    thousands of events its section id would copy every one (`with_changes`), and the
    apply measured slower that way.
    """
    # One read of the catalogue for all the titles, each as written once: thousands of
    # sections stay linear, and thousands of events naming a few are not folded one by one.
    sections = store.ensure_sections(dict.fromkeys(section_title for _, section_title in incoming_events))
    reports: dict[tuple[int, int], int] = {}  # by the quarter's numbers (a Quarter hashes in Python)
    next_position: dict[tuple[int, int], int] = {}
    placed = []  # (event, id, report id, section id, position)
    next_id = store.conn.execute("SELECT coalesce(max(id), 0) + 1 FROM events").fetchone()[0]
    section_ids: dict[str, int] = {}  # by the title as given: a few titles for thousands of events
    for event, section_title in incoming_events:
        quarter = event.quarter
        report_id = reports.get((quarter.year, quarter.quarter))
        if report_id is None:
            report_id = reports[quarter.year, quarter.quarter] = store.ensure_report(quarter).id
        if section_title not in section_ids:
            section_ids[section_title] = sections[title_key(section_title)].id
        place = (report_id, section_ids[section_title])
        if place not in next_position:
            next_position[place] = store._make_room(*place, None)
        position = next_position[place]
        next_position[place] = position + 1
        placed.append((event, next_id, *place, position))
        next_id += 1
    parts = [placed[start:start + _PART] for start in range(0, len(placed), _PART)]
    # While SQLite indexes one part's texts (one statement, run outside Python's lock) a
    # thread makes the next part's rows, so a second core hides most of the index's time.
    # The events' rows are written while that thread waits: a statement per row takes the
    # lock back after each, and would wait for it. Only this thread touches the connection.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="merge-rows") as pool:
        ahead = pool.submit(_prepared, parts[0], readings) if parts else None
        for number in range(len(parts)):
            rows, first_id, texts = ahead.result()
            store.conn.executemany(INSERT_EVENT, rows)
            if number + 1 < len(parts):
                ahead = pool.submit(_prepared, parts[number + 1], readings)
            search_index.index_fresh(store.conn, first_id, texts)
            if progress is not None:
                progress(min((number + 1) * _PART, len(placed)), len(placed))


def _prepared(part: list[tuple[Event, int, int, int, int]], readings: Readings) -> tuple[list[tuple], int, list[str]]:
    """The rows of `part` for INSERT_EVENT, its first id, and its search texts."""
    rows, indexed = [], []
    for event, event_id, report_id, section_id, position in part:
        read = None if event.countries_confirmed else \
            readings.get((event.name, event.place, event.purpose, event.participants))
        rows.append(Store._insert_values(
            event, read, id=event_id, uuid=event.uuid, report_id=report_id, section_id=section_id,
            position=position, created_at=event.created_at, updated_at=event.updated_at, version=event.version))
        indexed.append(search_text_of(event))
    return rows, part[0][1], indexed
