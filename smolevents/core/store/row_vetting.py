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
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from smolevents.core.dates import stored_dates
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


def _length(column: str, limit: int) -> str:
    # Characters are counted (every byte read) only for a text longer in bytes than the limit.
    return f"(length(CAST({column} AS BLOB)) > {limit} AND length({column}) > {limit})"


def _text(column: str, limit: int) -> str:
    return f"(typeof({column}) != 'text' OR {_length(column, limit)})"


class _TypeCheck:
    """SQL true for an events row whose value is of the wrong type, and the column whose
    length is limited (`limit` characters; `too_long`: SQL true for a value longer)."""

    __slots__ = ("wrong_type", "column", "limit", "too_long")

    def __init__(self, wrong_type: str, column: str | None = None, limit: int | None = None,
                 too_long: str | None = None) -> None:
        self.wrong_type, self.column, self.limit = wrong_type, column, limit
        self.too_long = too_long or (_length(column, limit) if column else None)

    def sql(self) -> str:
        """The whole check of a row, in SQL."""
        return f"({self.wrong_type} OR {self.too_long})" if self.too_long else self.wrong_type


def _text_type(column: str, limit: int) -> _TypeCheck:
    return _TypeCheck(f"typeof({column}) != 'text'", column, limit)


# Every row's types are checked in SQL; the lengths are measured by Python on each chunk's
# joined text (`_lengths_fit`), and counted by SQL row by row only in a chunk where that falls short.
_EVENT_TYPES = [
    # Blank (spaces only): trim(), which allocates, only for a uuid that starts with a space.
    _TypeCheck("typeof(uuid) != 'text' OR (CASE WHEN unicode(uuid) = 32 THEN trim(uuid) = '' ELSE uuid = '' END)",
               "uuid", MAX_UUID_CHARS, "length(uuid) > %d" % MAX_UUID_CHARS),
    _TypeCheck("typeof(report_id) != 'integer' OR typeof(section_id) != 'integer'"),
    _TypeCheck("typeof(position) != 'integer' OR abs(position) > %d" % MAX_POSITION),
    *(_text_type(column, MAX_TEXT_CHARS) for column in _TEXTS),
    _TypeCheck("(date_start IS NOT NULL AND typeof(date_start) != 'text')"),
    _TypeCheck("(date_end IS NOT NULL AND typeof(date_end) != 'text')"),
    _text_type("created_at", MAX_STAMP_CHARS), _text_type("updated_at", MAX_STAMP_CHARS),
]
# Events columns the checks above refuse any value but an integer (or NULL) in: a text there
# is refused before its encoding matters, so the UTF-8 read leaves them out.
_INTEGERS = ("id", "report_id", "section_id", "position", "version", "countries_confirmed",
             "participants_total")
# The dates and times, read by Python from each chunk's joined text (`_DatesOfChunks`); a
# missing date is joined as an empty one, which it means, so the values stay in step.
_DATES = ("date_start", "date_end", "created_at", "updated_at")
_MAYBE_MISSING = ("date_start", "date_end")
# Columns a later schema version added: checked when the file has them.
_LATER_EVENT_TYPES = {
    "search_text": _text_type("search_text", MAX_TEXT_CHARS),
    "countries": _text_type("countries", MAX_TITLE_CHARS),
    "countries_confirmed": _TypeCheck("countries_confirmed NOT IN (0, 1)"),
    "participants_total": _TypeCheck("(participants_total IS NOT NULL AND (typeof(participants_total) != 'integer'"
                                     " OR participants_total NOT BETWEEN 0 AND 1000000000))"),
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
        types, event_checks, checks = _checks_for(conn)
        events = _read_events_once(conn, types, event_checks)
        whats = ["мероприятия с полями неверного типа или длины", *(what for what, _condition in event_checks)]
        problems = [_phrase(what, ids) for what, ids in zip(whats, events.flagged) if ids]
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
        self.unvouched = unvouched  # rows whose dates or times the chunk's reading did not vouch for


def _read_events_once(conn: sqlite3.Connection, types: list[_TypeCheck],
                      event_checks: list[tuple[str, str]]) -> _EventsRead:
    """The SQL checks, the UTF-8 of every value and the reading of the dates and times, from
    one read of the events, a chunk of rows at a time.

    Per row SQL checks the types and the other conditions; Python decodes each column's
    joined values, measures their lengths (`_lengths_fit`) and reads the dates and times
    (`_DatesOfChunks`). A chunk where Python's measure falls short has its types checked
    again by SQL row by row with the lengths, and one whose dates or times do not all read
    is read again by rows (`_dates_problems`): the verdicts are exactly those of the checks
    written out row by row.
    """
    # CASE: a condition SQLite stops evaluating at its first false part (in a plain
    # expression it computes every part); a NULL one flags nothing.
    conditions = [" OR ".join(check.wrong_type for check in types), *(condition for _what, condition in event_checks)]
    flags = [f"group_concat(CASE WHEN {condition} THEN rowid END)" for condition in conditions]
    whole_types = " OR ".join(check.sql() for check in types)
    # (the times' lengths are measured where they are read)
    limits = {check.column: check.limit for check in types if check.column and check.column not in _DATES}
    found: list[list[int]] = [[] for _ in flags]
    unvouched: list[int] = []
    dates = _DatesOfChunks()
    utf8 = True
    with _raw_text(conn):
        for first, last, (rows, *listed), joined in _chunks(
                conn, "events", ["count(*)", *flags], leaving_out=_INTEGERS, empty_for_null=_MAYBE_MISSING):
            texts = _decoded(joined)
            utf8 = utf8 and texts is not None
            if not (listed[0] is None and texts is not None and _lengths_fit(texts, limits, rows)
                    and dates.read(texts, rows)):
                # Something in the chunk is wrong or Python cannot tell: its types are checked
                # again with the lengths counted by SQL, and its rows' dates read apart.
                listed[0] = conn.execute(
                    f"SELECT group_concat(CASE WHEN {whole_types} THEN rowid END) FROM events"
                    " WHERE rowid BETWEEN ? AND ?", (first, last)).fetchone()[0]
                unvouched.extend(row[0] for row in conn.execute(
                    "SELECT rowid FROM events WHERE rowid BETWEEN ? AND ?", (first, last)))
            for ids, chunk_ids in zip(found, listed):
                if chunk_ids is not None:
                    ids.extend(int(each) for each in chunk_ids.split(b","))
    return _EventsRead(found, utf8, unvouched)


def _decoded(joined: dict[str, bytes | None]) -> dict[str, str | None] | None:
    """Per column its joined values as text; None when some value is not UTF-8."""
    try:
        return {column: value if value is None else value.decode("utf-8") for column, value in joined.items()}
    except UnicodeDecodeError:
        return None


def _lengths_fit(texts: dict[str, str | None], limits: dict[str, int], rows: int) -> bool:
    """Whether no value of the chunk is longer than its column's limit, as Python counts the
    characters of the joined text (never fewer than SQL's `length()` counts); False when that
    cannot tell. Only for a chunk where no row's type is wrong, so that each limited column
    joins all of its `rows` values: as many pieces mean no value holds the separator."""
    for column, limit in limits.items():
        text = texts[column]
        if text is None or len(text) <= limit:
            continue
        pieces = text.split(_SEPARATOR)
        if len(pieces) != rows or max(map(len, pieces)) > limit:
            return False
    return True


class _DatesOfChunks:
    """Python's own reading of the dates and times (`_dates_read`, `_stamp_reads`) of a
    chunk's rows, from the joined text, and the times' lengths. Dates repeat a lot: each is
    read once per vetting; the times of one import are all the same: read once per chunk."""

    def __init__(self) -> None:
        self._dates: dict[tuple[str, str, bool], bool] = {}

    def read(self, texts: dict[str, str | None], rows: int) -> bool:
        """Whether every row's dates and times read and no time is longer than its limit;
        False also when the pieces do not line up with the rows (a value holding the
        separator), for the rows to be read apart."""
        return self._dates_read(texts, rows) and self._stamps_read(texts, rows)

    def _dates_read(self, texts: dict[str, str | None], rows: int) -> bool:
        starts, ends = _pieces(texts["date_start"], rows), _pieces(texts["date_end"], rows)
        if starts is None or ends is None:
            return False
        if texts["date_text"] == _SEPARATOR * (rows - 1):  # no verbatim text in the chunk
            return all(self._read(start, end, "") for start, end in set(zip(starts, ends)))
        verbatim = _pieces(texts["date_text"], rows)
        return verbatim is not None and all(self._read(*dates) for dates in zip(starts, ends, verbatim))

    def _read(self, start: str, end: str, text: str) -> bool:
        key = (start, end, bool(text))
        known = self._dates.get(key)
        if known is None:
            # (a missing date came joined as an empty one: both read as none)
            known = self._dates[key] = _dates_read(start or None, end or None, text)
        return known

    @staticmethod
    def _stamps_read(texts: dict[str, str | None], rows: int) -> bool:
        stamps: set[str] = set()
        for column in ("created_at", "updated_at"):
            if column == "updated_at" and texts["updated_at"] == texts["created_at"]:
                break
            pieces = _same_pieces(texts[column], rows) or _pieces(texts[column], rows)
            if pieces is None:
                return False
            stamps.update(pieces)
        return all(len(stamp) <= MAX_STAMP_CHARS and _stamp_reads(stamp) for stamp in stamps)


def _same_pieces(text: str | None, rows: int) -> list[str] | None:
    """[the value] when the joined text is `rows` times one value (without the separator)."""
    if text is None:
        return None
    first = text.partition(_SEPARATOR)[0]
    return [first] if text == _SEPARATOR.join([first] * rows) else None


def _pieces(text: str | None, rows: int) -> list[str] | None:
    """The joined values of `rows` rows, apart; None when they do not come apart into as many."""
    if text is None:
        return None
    pieces = text.split(_SEPARATOR)
    return pieces if len(pieces) == rows else None


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


def _checks_for(conn: sqlite3.Connection) -> tuple[list[_TypeCheck], tuple[tuple[str, str], ...],
                                                  list[tuple[str, str]]]:
    """The checks for the tables and columns this file's version has: the types of an events
    row, (what, condition on an events row) for the rest, and (what, query) for the other tables."""
    columns = {row[1] for row in conn.execute("PRAGMA table_info(events)")}
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    types = _EVENT_TYPES + [check for column, check in _LATER_EVENT_TYPES.items() if column in columns]
    checks = [*_CHECKS, *(check for table, check in _LATER_TABLES.items() if table in tables)]
    return types, _EVENT_CHECKS, checks


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


# Joins a column's values. Written into the SQL as a literal: `char(1)` there costs SQLite a
# copy of its result per value joined (a tenth of the rows' vetting).
_SEPARATOR = "\x01"


def _chunks(conn: sqlite3.Connection, table: str, aggregates: list[str], leaving_out: tuple[str, ...] = (),
            empty_for_null: tuple[str, ...] = ()) -> Iterator[tuple[int, int, list, dict[str, bytes | None]]]:
    """Per chunk of rows of `table` (in rowid order): its first and last rowid, the values of
    `aggregates` (SQL over the chunk's rows) and, per column (but those `leaving_out`), its
    values joined by SQLite with an ASCII separator, which keeps the joined bytes exactly as
    valid UTF-8 as the values were (numbers are ASCII). A NULL is left out of the joined
    values, but in the columns `empty_for_null`, where it is joined as an empty text.

    A few hundred reads instead of one per row: this thread seldom takes Python's lock
    from the threads beside it. A chunk whose joined values outgrow the connection's
    length limit (very long values) is read again in fewer rows, down to one.
    """
    columns = [column[0] for column in conn.execute(f'SELECT * FROM "{table}" LIMIT 0').description
               if column[0] not in leaving_out]
    joined = [f"ifnull(\"{column}\", '')" if column in empty_for_null else f'"{column}"' for column in columns]
    selected = ", ".join([*aggregates, *(f"group_concat({value}, '{_SEPARATOR}')" for value in joined)])
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
        yield first, last, values[:len(aggregates)], dict(zip(columns, values[len(aggregates):]))
        first = last + 1 if last < _LAST_ROWID else None


def _decodes(values: Iterable[bytes | None]) -> bool:
    try:
        for value in values:
            if value is not None:
                value.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _reads_as_utf8(conn: sqlite3.Connection, table: str) -> bool:
    """Whether every value of `table` (text or blob) reads as UTF-8."""
    return all(_decodes(joined.values()) for _first, _last, _nothing, joined in _chunks(conn, table, []))


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


def _unreadable_dates_and_stamps(conn: sqlite3.Connection,
                                 ids: list[int] | None = None) -> tuple[list[int], list[int]]:
    """The events (those with `ids`, or all) whose dates, and those whose times, Python does not read."""
    bad_dates, bad_stamps = [], []
    understood: dict[tuple, bool] = {}  # dates repeat a lot: each pair is parsed once
    chosen = "id IN (SELECT value FROM json_each(:ids))" if ids is not None else "1"
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
        dates = stored_dates(start, end, text)
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
