"""Rows of a file from elsewhere are vetted as data before the program reads them.

SQLite lets any column hold any type, and a file edited by another program may hold
text where a number belongs, dates that do not parse, an end before the start, a
version no update can raise, or events whose section or quarter is gone. Each such
row would surface later as a traceback (or a silently dropped event), so the file is
refused here with the count and the first rows named.
"""

from __future__ import annotations

import datetime
import sqlite3

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
    "typeof(uuid) != 'text' OR length(trim(uuid)) = 0 OR length(uuid) > %d" % MAX_UUID_CHARS,
    "typeof(report_id) != 'integer' OR typeof(section_id) != 'integer'",
    "typeof(position) != 'integer' OR abs(position) > %d" % MAX_POSITION,
    *(_text(column, MAX_TEXT_CHARS) for column in _TEXTS),
    "(date_start IS NOT NULL AND typeof(date_start) != 'text')",
    "(date_end IS NOT NULL AND typeof(date_end) != 'text')",
    _text("created_at", MAX_STAMP_CHARS), _text("updated_at", MAX_STAMP_CHARS),
]
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
    """One phrase per kind of bad row: what, how many, which rows (empty when all is well)."""
    # The Python checks assume the types the SQL checks hold.
    return sql_row_problems(conn) or decoded_row_problems(conn)


def sql_row_problems(conn: sqlite3.Connection) -> list[str]:
    """What SQL finds: values of the wrong type or length, rows that point nowhere."""
    event_checks, checks = _checks_for(conn)
    conditions = [f"({condition})" for _what, condition in event_checks]
    found: list[list[int]] = [[] for _ in event_checks]
    rows = conn.execute(f"SELECT id, {', '.join(conditions)} FROM events WHERE {' OR '.join(conditions)}")
    for row_id, *flags in rows:
        for ids, flag in zip(found, flags):
            if flag:
                ids.append(row_id)
    problems = [_phrase(what, ids) for (what, _condition), ids in zip(event_checks, found) if ids]
    for what, query in checks:
        ids = [row[0] for row in conn.execute(query)]
        if ids:
            problems.append(_phrase(what, ids))
    return problems


def decoded_row_problems(conn: sqlite3.Connection) -> list[str]:
    """What only reading the values finds: text that is not UTF-8, then dates and times that
    do not read (meaningful only where `sql_row_problems` found nothing)."""
    return encoding_problems(conn) or dates_problems(conn)


def encoding_problems(conn: sqlite3.Connection) -> list[str]:
    """Text that is not UTF-8 (Python could not read it), in the first table that has some."""
    badly_encoded = _badly_encoded(conn)
    if badly_encoded:
        table, ids = badly_encoded
        return [_phrase(f"текст не в кодировке UTF-8 (таблица {table})", ids)]
    return []


def dates_problems(conn: sqlite3.Connection) -> list[str]:
    """Dates and times that do not read (meaningful only where the text is UTF-8)."""
    problems = []
    bad_dates, bad_stamps = _unreadable_dates_and_stamps(conn)
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


def _badly_encoded(conn: sqlite3.Connection) -> tuple[str, list[int]] | None:
    """The first of our tables holding text that is not UTF-8 (Python could not read it)."""
    tables = [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'"
        " AND name NOT LIKE 'sqlite%' AND name NOT LIKE ? ORDER BY name", (f"{search_index.TABLE}%",))]
    previous = conn.text_factory
    conn.text_factory = bytes
    try:
        for table in tables:
            ids = []
            for row in conn.execute(f'SELECT rowid, * FROM "{table}"'):
                for value in row[1:]:
                    if isinstance(value, bytes) and not _utf8(value):
                        ids.append(row[0])
                        break
            if ids:
                return table, ids
    finally:
        conn.text_factory = previous
    return None


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
# or a day or month range in order with no verbatim text; both timestamps as we write them.
# Only the rest (none, in a sound file) is read into Python and checked there.
_SOUND_DATES_AND_STAMPS = (
    "(coalesce(date_start, '') = '' AND coalesce(date_end, '') = '')"
    " OR (date_text = '' AND ("
    f"({_valid_day('date_start')} AND (coalesce(date_end, '') = ''"
    f" OR ({_valid_day('date_end')} AND date_end >= date_start)))"
    f" OR ({_valid_month('date_start')} AND (coalesce(date_end, '') = ''"
    f" OR ({_valid_month('date_end')} AND date_end >= date_start)))))"
)
_SOUND_STAMPS = f"{_plain_stamp('created_at')} AND {_plain_stamp('updated_at')}"


def _unreadable_dates_and_stamps(conn: sqlite3.Connection) -> tuple[list[int], list[int]]:
    bad_dates, bad_stamps = [], []
    understood: dict[tuple, bool] = {}  # dates repeat a lot: each pair is parsed once
    rows = conn.execute(
        "SELECT id, date_start, date_end, date_text, created_at, updated_at FROM events"
        f" WHERE NOT coalesce(({_SOUND_DATES_AND_STAMPS}) AND {_SOUND_STAMPS}, 0)")
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
