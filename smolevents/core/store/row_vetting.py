"""Rows of a file from elsewhere are vetted as data before the program reads them.

SQLite lets any column hold any type, and a file edited by another program may hold
text where a number belongs, dates that do not parse, an end before the start, a
version no update can raise, or events whose section or quarter is gone. Each such
row would surface later as a traceback (or a silently dropped event), so the file is
refused here with the count and the first rows named.
"""

from __future__ import annotations

import datetime
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from smolevents.core.dates import EventDates
from smolevents.core.domain import YEAR_RANGE
from smolevents.core.errors import NotOurDatabaseError
from smolevents.core.store import search_index

MAX_TEXT_CHARS = 100_000  # one table cell; the whole Q2 2023 report is 60 000 characters
MAX_TITLE_CHARS = 1_000
MAX_STAMP_CHARS = 64
MAX_UUID_CHARS = 100
MAX_VERSION = 2 ** 31 - 1  # raised by one per change: a lifetime of edits, far from overflow
MAX_POSITION = 2 ** 31 - 1
_NAMED_ROWS = 3

_TEXTS = ("name", "place", "date_text", "purpose", "participants")


def _text(column: str, limit: int) -> str:
    # Characters are counted (every byte read) only for a text longer in bytes than the limit.
    return (f"(typeof({column}) != 'text'"
            f" OR (length(CAST({column} AS BLOB)) > {limit} AND length({column}) > {limit}))")


_EVENT_TYPES = [
    # Blank (spaces only): trim(), which allocates, only for a uuid that starts with a space.
    "typeof(uuid) != 'text' OR (CASE WHEN unicode(uuid) = 32 THEN trim(uuid) = '' ELSE uuid = '' END)"
    " OR length(uuid) > %d" % MAX_UUID_CHARS,
    "typeof(report_id) != 'integer' OR typeof(section_id) != 'integer'",
    "typeof(position) != 'integer' OR abs(position) > %d" % MAX_POSITION,
    *(_text(column, MAX_TEXT_CHARS) for column in _TEXTS),
    "(date_start IS NOT NULL AND typeof(date_start) != 'text')",
    "(date_end IS NOT NULL AND typeof(date_end) != 'text')",
    _text("created_at", MAX_STAMP_CHARS), _text("updated_at", MAX_STAMP_CHARS),
]
# Events columns the checks above refuse any value but an integer (or NULL) in: a text there
# is refused before its encoding matters, so the UTF-8 read leaves them out.
_INTEGERS = ("id", "report_id", "section_id", "position", "version", "countries_confirmed",
             "participants_total")
# The dates and times: those SQL vouches for match patterns of ASCII digits (`_SOUND_DATES_AND_STAMPS`),
# so the UTF-8 read leaves them out and decodes only the rest.
_DATES = ("date_start", "date_end", "created_at", "updated_at")
# Columns a later schema version added: checked when the file has them.
_LATER_EVENT_TYPES = {
    "search_text": _text("search_text", MAX_TEXT_CHARS),
    "countries": _text("countries", MAX_TITLE_CHARS),
    "countries_confirmed": "countries_confirmed NOT IN (0, 1)",
    "participants_total": "(participants_total IS NOT NULL AND (typeof(participants_total) != 'integer'"
                          " OR participants_total NOT BETWEEN 0 AND 1000000000))",
}
_LATER_TABLES = {
    "period_reports": ("периоды с неверным годом или текстом",
                       "SELECT rowid FROM period_reports WHERE typeof(year) != 'integer' OR year NOT BETWEEN "
                       f"{YEAR_RANGE.start} AND {YEAR_RANGE.stop - 1} OR typeof(period) != 'text'"
                       f" OR {_text('closing', MAX_TEXT_CHARS)} OR {_text('updated_at', MAX_STAMP_CHARS)}"),
    "dictionary_words": ("слова словаря неверного типа",
                         f"SELECT rowid FROM dictionary_words WHERE {_text('word', MAX_TITLE_CHARS)}"
                         f" OR {_text('added_at', MAX_STAMP_CHARS)}"),
}

# (what the clerk is told, what is wrong with such an events row), after the types: the
# events are read once for all of them.
_EVENT_CHECKS = (
    ("мероприятия с номером версии вне допустимого",
     f"typeof(version) != 'integer' OR version < 1 OR version > {MAX_VERSION}"),
    ("мероприятия без раздела или квартала",
     "report_id NOT IN (SELECT id FROM reports) OR section_id NOT IN (SELECT id FROM sections)"),
)
# (what the clerk is told, the query giving the offending rows' ids)
_CHECKS = (
    ("кварталы с неверным годом, номером или текстом",
     "SELECT id FROM reports WHERE typeof(year) != 'integer' OR year NOT BETWEEN "
     f"{YEAR_RANGE.start} AND {YEAR_RANGE.stop - 1} OR typeof(quarter) != 'integer'"
     f" OR quarter NOT BETWEEN 1 AND 4 OR {_text('closing', MAX_TEXT_CHARS)}"
     f" OR {_text('updated_at', MAX_STAMP_CHARS)}"),
    ("разделы с пустым или неверным названием",
     f"SELECT id FROM sections WHERE {_text('title', MAX_TITLE_CHARS)} OR length(trim(title)) = 0"
     " OR typeof(sort_order) != 'integer'"),
    ("настройки неверного типа",
     f"SELECT rowid FROM settings WHERE {_text('key', MAX_TITLE_CHARS)} OR {_text('value', MAX_TEXT_CHARS)}"),
)


def row_problems(conn: sqlite3.Connection) -> list[str]:
    """One phrase per kind of bad row: what, how many, which rows (empty when all is well).

    In the order in which each check assumes what the earlier ones hold: values of the
    wrong type or length and rows that point nowhere (SQL), then text that is not UTF-8,
    then dates and times that do not read. The events, by far the largest table, are read
    once for all three (`_read_events_once`); the rows a check names are read again only
    in a file that has some.
    """
    with _one_snapshot(conn):
        event_checks, checks = _checks_for(conn)
        events = _read_events_once(conn, event_checks)
        problems = [_phrase(what, ids) for (what, _condition), ids in zip(event_checks, events.flagged) if ids]
        for what, query in checks:
            ids = [row[0] for row in conn.execute(query)]
            if ids:
                problems.append(_phrase(what, ids))
        return problems or _encoding_problems(conn, events.utf8) or _dates_problems(conn, events.unvouched)


@contextmanager
def _one_snapshot(conn: sqlite3.Connection) -> Iterator[None]:
    """The rows are read in many statements (a chunk each): one read transaction makes them
    see the file as it was at the first, while the program may be writing it (`check`
    vets our own file in place)."""
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    finally:
        if conn.in_transaction:  # (SQLite ends it by itself after some errors: I/O, memory)
            conn.execute("ROLLBACK")  # nothing was written: the read transaction just ends


class _EventsRead:
    """What the one read of the events found (a plain class: typing's NamedTuple costs its import)."""

    __slots__ = ("flagged", "utf8", "unvouched")

    def __init__(self, flagged: list[list[int]], utf8: bool, unvouched: list[int]) -> None:
        self.flagged = flagged  # per SQL check on an events row, the ids of the rows failing it
        self.utf8 = utf8  # every value reads as UTF-8 (but in `_INTEGERS`, refused apart if not integers)
        self.unvouched = unvouched  # the rows whose dates or times SQL does not vouch for


def _read_events_once(conn: sqlite3.Connection, event_checks: list[tuple[str, str]]) -> _EventsRead:
    """The SQL checks, the UTF-8 of every value and SQL's vouching for the dates and times,
    from one read of the events, a chunk of rows at a time."""
    # CASE: a condition SQLite stops evaluating at its first false part (in a plain
    # expression it computes every part); a NULL one flags nothing and vouches for nothing.
    flags = [f"group_concat(CASE WHEN {condition} THEN rowid END)" for _what, condition in event_checks]
    unvouched = f"group_concat(CASE WHEN ({_SOUND_DATES_AND_STAMPS}) AND {_SOUND_STAMPS} THEN NULL ELSE rowid END)"
    found: list[list[int]] = [[] for _ in range(len(flags) + 1)]
    utf8 = True
    with _raw_text(conn):
        for listed, joined in _chunks(conn, "events", [*flags, unvouched], leaving_out=_INTEGERS + _DATES):
            for ids, chunk_ids in zip(found, listed):
                if chunk_ids is not None:
                    ids.extend(int(each) for each in chunk_ids.split(b","))
            utf8 = utf8 and _decodes(joined)
        if found[-1] and utf8:  # the dates and times SQL did not vouch for, read apart
            utf8 = all(_decodes(row) for row in conn.execute(
                f"SELECT {', '.join(_DATES)} FROM events WHERE id IN (SELECT value FROM json_each(?))",
                (json.dumps(found[-1]),)))
    return _EventsRead(found[:-1], utf8, found[-1])


def _encoding_problems(conn: sqlite3.Connection, events_utf8: bool) -> list[str]:
    """Text that is not UTF-8 (Python could not read it), in the first table that has some;
    `events_utf8`: what the one read of the events found."""
    tables = [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'"
        " AND name NOT LIKE 'sqlite%' AND name NOT LIKE ? ORDER BY name", (f"{search_index.TABLE}%",))]
    with _raw_text(conn):
        for table in tables:
            if events_utf8 if table == "events" else _reads_as_utf8(conn, table):
                continue
            ids = _rows_not_utf8(conn, table)
            if ids:
                return [_phrase(f"текст не в кодировке UTF-8 (таблица {table})", ids)]
    return []


def _dates_problems(conn: sqlite3.Connection, unvouched: list[int]) -> list[str]:
    """Dates and times that do not read, among the events SQL did not vouch for
    (meaningful only where the text is UTF-8)."""
    if not unvouched:
        return []
    problems = []
    bad_dates, bad_stamps = _unreadable_dates_and_stamps(conn, unvouched)
    if bad_dates:
        problems.append(_phrase("мероприятия с датами, которые не читаются (или конец раньше начала)",
                                bad_dates))
    if bad_stamps:
        problems.append(_phrase("мероприятия с неверным временем создания или изменения", bad_stamps))
    return problems


def _checks_for(conn: sqlite3.Connection) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The checks for the tables and columns this file's version has: (what, condition on an
    events row) and (what, query) for the other tables."""
    columns = {row[1] for row in conn.execute("PRAGMA table_info(events)")}
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    types = _EVENT_TYPES + [check for column, check in _LATER_EVENT_TYPES.items() if column in columns]
    event_checks = [("мероприятия с полями неверного типа или длины", " OR ".join(types)), *_EVENT_CHECKS]
    checks = [*_CHECKS, *(check for table, check in _LATER_TABLES.items() if table in tables)]
    return event_checks, checks


def vet_rows(conn: sqlite3.Connection, label: str) -> None:
    refuse_bad_rows(label, row_problems(conn))


def refuse_bad_rows(label: str, problems: list[str]) -> None:
    if problems:
        raise NotOurDatabaseError(
            f"В файле «{label}» неверные данные: {'; '.join(problems)}. Файл поврежден или изменен "
            "другой программой: попросите прислать его заново."
        )


@contextmanager
def _raw_text(conn: sqlite3.Connection) -> Iterator[None]:
    """Text read as bytes, for this program to decode (SQLite's reading would fail the statement)."""
    previous = conn.text_factory
    conn.text_factory = bytes
    try:
        yield
    finally:
        conn.text_factory = previous


_CHUNK_ROWS = 200  # rows whose values are joined per column: a few hundred kilobytes per read
_LAST_ROWID = 2 ** 63 - 1


def _chunks(conn: sqlite3.Connection, table: str, aggregates: list[str],
            leaving_out: tuple[str, ...] = ()) -> Iterator[tuple[list, list]]:
    """Per chunk of rows of `table` (in rowid order): the values of `aggregates` (SQL over the
    chunk's rows) and each column's values (but those `leaving_out`) joined by SQLite with an
    ASCII separator, which keeps the joined bytes exactly as valid UTF-8 as the values were
    (numbers are ASCII).

    A few hundred reads instead of one per row: this thread seldom takes Python's lock
    from the threads beside it. A chunk whose joined values outgrow the connection's
    length limit (very long values) is read again in fewer rows, down to one.
    """
    columns = [column[0] for column in conn.execute(f'SELECT * FROM "{table}" LIMIT 0').description
               if column[0] not in leaving_out]
    selected = ", ".join([*aggregates, *(f'group_concat("{column}", char(1))' for column in columns)])
    # From rowid :first to the chunk's last rowid, found by a walk of the table's own b-tree.
    query = (f'SELECT max(rowid), {selected} FROM "{table}" WHERE rowid >= :first AND rowid <= coalesce('
             f'(SELECT rowid FROM "{table}" WHERE rowid >= :first ORDER BY rowid LIMIT 1 OFFSET :more),'
             f' {_LAST_ROWID})')
    rows = _CHUNK_ROWS
    first = conn.execute(f'SELECT min(rowid) FROM "{table}"').fetchone()[0]
    while first is not None:
        try:
            last, *values = conn.execute(query, {"first": first, "more": rows - 1}).fetchone()
        except sqlite3.DataError:  # longer than SQLite's length limit
            if rows == 1:
                raise  # one value too long to read: damage, as any other reading of it says
            rows = max(1, rows // 8)
            continue
        if last is None:  # no rows left
            return
        yield values[:len(aggregates)], values[len(aggregates):]
        first = last + 1 if last < _LAST_ROWID else None


def _decodes(values: list[bytes | None]) -> bool:
    try:
        for value in values:
            if value is not None:
                value.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _reads_as_utf8(conn: sqlite3.Connection, table: str) -> bool:
    """Whether every value of `table` (text or blob) reads as UTF-8."""
    return all(_decodes(joined) for _nothing, joined in _chunks(conn, table, []))


def _rows_not_utf8(conn: sqlite3.Connection, table: str) -> list[int]:
    """The rows of `table` holding a value that is not UTF-8, read one by one."""
    ids = []
    for row in conn.execute(f'SELECT rowid, * FROM "{table}"'):
        for value in row[1:]:
            if isinstance(value, bytes) and not _utf8(value):
                ids.append(row[0])
                break
    return ids


def _utf8(value: bytes) -> bool:
    try:
        value.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _valid_day(column: str) -> str:
    """SQL true for a day Python's dates read (a year of four digits from 1000; February 30
    and the like fail the round trip through julianday)."""
    return (f"({column} GLOB '[1-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'"
            f" AND date(julianday({column})) = {column})")


def _valid_month(column: str) -> str:
    return (f"({column} GLOB '[1-9][0-9][0-9][0-9]-[01][0-9]'"
            f" AND date(julianday({column} || '-01')) = {column} || '-01')")


def _plain_stamp(column: str) -> str:
    """SQL true for a timestamp as the program writes it, which Python's fromisoformat reads."""
    return (f"({column} GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]"
            f".[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr({column}, 1, 4) != '0000'"
            f" AND substr({column}, 12, 2) < '24'"
            f" AND date(julianday(substr({column}, 1, 10))) = substr({column}, 1, 10))")


# Rows SQL vouches for, as Python would read them: dates not understood (no start or end),
# or a day or month range in order with no verbatim text; both timestamps as we write them
# (a range's end that is its start, and the time of the last change that is the time of
# creation, are not read twice).
# Only the rest (none, in a sound file) is read into Python and checked there.
_SOUND_DATES_AND_STAMPS = (
    "(coalesce(date_start, '') = '' AND coalesce(date_end, '') = '')"
    " OR (date_text = '' AND ("
    f"({_valid_day('date_start')} AND (coalesce(date_end, '') = '' OR date_end = date_start"
    f" OR ({_valid_day('date_end')} AND date_end >= date_start)))"
    f" OR ({_valid_month('date_start')} AND (coalesce(date_end, '') = '' OR date_end = date_start"
    f" OR ({_valid_month('date_end')} AND date_end >= date_start)))))"
)
_SOUND_STAMPS = f"{_plain_stamp('created_at')} AND (updated_at = created_at OR {_plain_stamp('updated_at')})"


def _unreadable_dates_and_stamps(conn: sqlite3.Connection,
                                 ids: list[int] | None = None) -> tuple[list[int], list[int]]:
    """The events (those with `ids`, or all SQL does not vouch for) whose dates, and those whose
    times, Python does not read."""
    bad_dates, bad_stamps = [], []
    understood: dict[tuple, bool] = {}  # dates repeat a lot: each pair is parsed once
    chosen = ("id IN (SELECT value FROM json_each(:ids))" if ids is not None
              else f"CASE WHEN ({_SOUND_DATES_AND_STAMPS}) AND {_SOUND_STAMPS} THEN 0 ELSE 1 END")
    rows = conn.execute("SELECT id, date_start, date_end, date_text, created_at, updated_at FROM events"
                        f" WHERE {chosen} ORDER BY id", {"ids": json.dumps(ids)})
    for row_id, start, end, text, created, updated in rows:
        key = (start, end, bool(text))
        if key not in understood:
            understood[key] = _dates_read(start, end, text)
        if not understood[key]:
            bad_dates.append(row_id)
        if not (_stamp_reads(created) and _stamp_reads(updated)):
            bad_stamps.append(row_id)
    return bad_dates, bad_stamps


def _dates_read(start, end, text) -> bool:
    try:
        dates = EventDates.from_storage(start, end, text)
    except (TypeError, ValueError):
        return False
    # The verbatim text belongs only to dates that were not understood.
    return dates.start is None or not text


def _stamp_reads(stamp: str) -> bool:
    try:
        datetime.datetime.fromisoformat(stamp)
    except ValueError:
        return False
    return True


def _phrase(what: str, ids: list[int]) -> str:
    named = ", ".join(str(each) for each in ids[:_NAMED_ROWS])
    more = ", …" if len(ids) > _NAMED_ROWS else ""
    word = "строка" if len(ids) == 1 else "строки"
    return f"{what} — {len(ids)} ({word} {named}{more})"
