"""Reading a department's database file for a merge: explicit SELECTs on a vetted private copy."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from typing import NamedTuple

from smolevents.core.country_codes import codes_of
from smolevents.core.dates import stored_dates
from smolevents.core.domain import Event, Quarter
from smolevents.core.errors import NotOurDatabaseError, UserError
from smolevents.core.store.merge_memory import Histories, read_histories
from smolevents.core.store.dictionary_words import source_words
from smolevents.core.store.vetting import open_source_copy

_SOURCE_EVENTS = """
    SELECT e.id, e.uuid, r.year, r.quarter, s.title, e.position, e.name, e.place,
           e.date_start, e.date_end, e.date_text, e.purpose, e.participants,
           e.created_at, e.updated_at, e.version, {countries}
    FROM events e JOIN reports r ON r.id = e.report_id JOIN sections s ON s.id = e.section_id
    ORDER BY r.year, r.quarter, s.sort_order, s.id, e.position, e.id
"""


class TextReading(NamedTuple):
    """What the program read from an event's texts: the countries they name (the
    suggestion, until the clerk confirms others) and whether its place is abroad."""

    countries: tuple[str, ...]
    abroad: bool


# An event's name, place, purpose and participants → what the file's program read from them.
Readings = dict[tuple[str, str, str, str], TextReading]


class SourceFile(NamedTuple):
    events: list[tuple[Event, str]]  # with each event's section title
    closings: list[tuple[Quarter, str]]
    histories: Histories  # the fields' pasts (empty for a file older than schema 2)
    words: list[str]  # the clerks' spelling dictionary words, carried into the target
    readings: Readings  # the countries and abroad the file holds for its events' texts


def read_source(path: Path, shared: dict | None = None) -> SourceFile:
    """Every event (with its section's title), closing and field history of a vetted
    private copy, by explicit SELECTs only. `shared`: the quarters and titles
    made already (they are immutable), kept across the files of one merge."""
    with open_source_copy(path) as conn:
        return _read_vetted(conn, path, shared)


def read_sources(paths: list[Path]) -> Iterator[SourceFile | UserError]:
    """`read_source` of each file in turn, its refusal in its place (so that every bad file
    can be named), with the quarters and titles made once for all the files. Close it
    (`contextlib.closing`) when left early: the copy made ahead goes then.

    A thread of its own copies and vets the next file while this one reads the file before
    and the merge plans it: the vetting is mostly SQLite's work (the copy, integrity_check,
    the rows' chunks), done outside Python's lock, a few dozen statements a file; the rows
    are read here, where Python's lock is not handed over per row. (Threads that each read
    whole files handed it over at every row: thousands of waits.) One file is vetted ahead,
    so no more than two copies are held at once. With no thread at all the merge took
    12-15 % less CPU time but lost 22 of 25 alternating runs, by 8 % (median).
    """
    shared: dict = {}  # the quarters and titles made already, for every file (they are immutable)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="merge-vetting") as pool:
        ahead = pool.submit(_vetted_copy_of, paths[0]) if paths else None
        try:
            for number, path in enumerate(paths):
                vetted = ahead.result()
                ahead = pool.submit(_vetted_copy_of, paths[number + 1]) if number + 1 < len(paths) else None
                if isinstance(vetted, UserError):
                    yield vetted
                    continue
                copy, conn = vetted
                try:
                    with copy:
                        content = _read_vetted(conn, path, shared)
                except UserError as error:
                    content = error
                yield content
        finally:  # left early (a failure while planning, Ctrl+C): the copy made ahead goes too
            if ahead is not None and ahead.exception() is None and not isinstance(ahead.result(), UserError):
                ahead.result()[0].close()


def _vetted_copy_of(path: Path) -> tuple[ExitStack, sqlite3.Connection] | UserError:
    """A vetted private copy of `path`, opened for the reading thread (closed with the
    stack), or its refusal."""
    copy = ExitStack()
    try:
        return copy, copy.enter_context(open_source_copy(path, for_another_thread=True))
    except BaseException as error:
        copy.close()
        if isinstance(error, UserError):
            return error
        raise


def _read_vetted(conn: sqlite3.Connection, path: Path, shared: dict | None) -> SourceFile:
    """`read_source` on a connection to the vetted copy of `path`."""
    try:
        columns = {row[1] for row in conn.execute("PRAGMA table_info(events)")}
        # A department's file of schema 1 has no countries: the suggestion from the text serves.
        countries = "e.countries, e.countries_confirmed" if "countries" in columns else "'', 0"
        # From schema 5 on the file holds both readings of the texts (countries and abroad).
        read = "abroad" in columns
        countries += ", e.abroad" if read else ", 0"
        rows = conn.execute(_SOURCE_EVENTS.format(countries=countries)).fetchall()
        closing_rows = conn.execute(
            "SELECT year, quarter, closing FROM reports ORDER BY year, quarter").fetchall()
        histories = read_histories(conn)
        words = source_words(conn)
    except sqlite3.DatabaseError:
        raise NotOurDatabaseError(
            f"Файл «{path.name}» поврежден: его не удалось прочитать. Попросите прислать файл заново."
        ) from None
    events = []
    readings: Readings = {}
    # One file holds a few quarters and dates for hundreds of events, and the departments'
    # files of one quarter hold the same few dozen days.
    shared = {} if shared is None else shared
    for row in rows:
        try:
            event, title = _event_from_row(row, shared)
            if read and not event.countries_confirmed:
                countries, _confirmed, abroad = row[-3:]
                readings[event.name, event.place, event.purpose, event.participants] = \
                    TextReading(codes_of(_text(countries)), _flag(abroad))
            events.append((event, title))
        except (TypeError, ValueError):
            raise NotOurDatabaseError(
                f"В файле «{path.name}» есть мероприятие с неверными данными (строка {row[0]}): "
                "файл поврежден или изменен другой программой."
            ) from None
    closings = []
    for year, quarter, closing in closing_rows:
        try:
            closings.append((Quarter(year, quarter), _text(closing)))
        except (TypeError, ValueError):
            raise NotOurDatabaseError(
                f"В файле «{path.name}» неверно указан квартал ({year}, {quarter}): "
                "файл поврежден или изменен другой программой."
            ) from None
    return SourceFile(events, closings, histories, words, readings)


def _text(value) -> str:
    # SQLite lets any column hold any type; a text field holding something else is damage.
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {type(value).__name__}")
    return value


def _flag(value) -> bool:
    if value not in (0, 1):  # row vetting refuses anything else: this is damage
        raise ValueError(f"expected 0 or 1, got {value!r}")
    return bool(value)


def _event_from_row(row, shared: dict) -> tuple[Event, str]:
    """One event; `shared` holds the quarters and titles already made (they are immutable)."""
    (row_id, event_uuid, year, quarter, section_title, position, name, place,
     date_start, date_end, date_text, purpose, participants, created_at, updated_at, version,
     countries, countries_confirmed, _abroad) = row
    # SQLite lets any column hold any type; a text field holding something else is damage
    # (`_text`'s test, written out: eight calls an event cost more than the rest of this).
    if not (type(event_uuid) is str and type(name) is str and type(place) is str
            and type(date_text) is str and type(purpose) is str and type(participants) is str
            and type(created_at) is str and type(updated_at) is str):
        raise TypeError("expected text")
    if not event_uuid.strip():
        raise ValueError("empty uuid")
    quarter_key = ("quarter", year, quarter)
    if quarter_key not in shared:
        shared[quarter_key] = Quarter(year, quarter)
    title_key = ("title", section_title)
    if title_key not in shared:
        shared[title_key] = " ".join(_text(section_title).split())
    event = Event.stored(
        None, event_uuid, shared[quarter_key], 0, position, name, place,
        stored_dates(date_start, date_end, date_text), purpose, participants, created_at, updated_at,
        int(version), codes_of(_text(countries)) if countries_confirmed else (), bool(countries_confirmed),
    )
    return event, shared[title_key]
