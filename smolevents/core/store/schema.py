"""The database schema and its step-by-step migrations.

The file is shared with coordinators who may open it in other tools, so the schema
is plain SQL and documented in the README. `PRAGMA user_version` holds the version;
each step runs inside the transaction that opens the file.
"""

import sqlite3
from collections.abc import Callable
from pathlib import Path

from smolevents.core import messages
from smolevents.core.errors import NewerFileError, NotOurDatabaseError
from smolevents.core.store import search_index

APPLICATION_ID = 0x534D4F4C  # "SMOL": tells our files from other SQLite files
SCHEMA_VERSION = 8

_V1 = (
    """CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
    """CREATE TABLE sections (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL UNIQUE,
        sort_order INTEGER NOT NULL
    )""",
    """CREATE TABLE reports (
        id INTEGER PRIMARY KEY,
        year INTEGER NOT NULL CHECK (year BETWEEN 1990 AND 2200),
        quarter INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
        closing TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL,
        UNIQUE (year, quarter)
    )""",
    """CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL UNIQUE,
        report_id INTEGER NOT NULL REFERENCES reports(id),
        section_id INTEGER NOT NULL REFERENCES sections(id),
        position INTEGER NOT NULL,
        name TEXT NOT NULL DEFAULT '',
        place TEXT NOT NULL DEFAULT '',
        date_start TEXT,
        date_end TEXT,
        date_text TEXT NOT NULL DEFAULT '',
        purpose TEXT NOT NULL DEFAULT '',
        participants TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1,
        search_text TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX events_in_order ON events (report_id, section_id, position, id)",
    "CREATE INDEX events_by_section ON events (section_id)",
)

# Search through a full-text index instead of scanning a folded copy of every event's
# text: the index is filled from that copy (the same text the store indexes), which
# then goes. The store keeps the index in step (search_index.py).
_V2 = (
    # As schema 2 made it (a file of versions 2-6 is vetted against this very text).
    f"CREATE VIRTUAL TABLE {search_index.TABLE} USING fts5("
    "text, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2')",
    f"INSERT INTO {search_index.TABLE} (rowid, text) SELECT id, search_text FROM events",
    "ALTER TABLE events DROP COLUMN search_text",
)


def _derive_countries_and_totals(conn: sqlite3.Connection) -> None:
    """Existing events get their suggested countries and stated participant totals."""
    rows = conn.execute("SELECT id, name, place, purpose, participants FROM events").fetchall()
    if not rows:  # (a new file, or the reference schema the vetting builds: no country index needed)
        return
    from smolevents.core.countries import suggest_countries
    from smolevents.core.country_codes import codes_text
    from smolevents.core.participants import participants_total

    conn.executemany(
        "UPDATE events SET countries = ?, participants_total = ? WHERE id = ?",
        [
            (codes_text(suggest_countries(name, place, purpose, participants)),
             participants_total(participants), event_id)
            for event_id, name, place, purpose, participants in rows
        ],
    )


# Periods longer than a quarter (their closing paragraphs), partner countries and
# the stated number of participants.
_PERIODS_COUNTRIES_PARTICIPANTS = (
    """CREATE TABLE period_reports (
        year INTEGER NOT NULL CHECK (year BETWEEN 1990 AND 2200),
        period TEXT NOT NULL CHECK (period IN ('h1', '9m', 'year')),
        closing TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL,
        PRIMARY KEY (year, period)
    )""",
    "ALTER TABLE events ADD COLUMN countries TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE events ADD COLUMN countries_confirmed INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE events ADD COLUMN participants_total INTEGER",
    _derive_countries_and_totals,
)

# The words the clerks added to the spelling dictionary travel with the file.
_DICTIONARY_WORDS = (
    """CREATE TABLE dictionary_words (
        word TEXT PRIMARY KEY,
        added_at TEXT NOT NULL
    )""",
)


def _derive_abroad(conn: sqlite3.Connection) -> None:
    rows = conn.execute("SELECT id, place FROM events").fetchall()
    if not rows:
        return
    from smolevents.core.countries import suggest_countries

    conn.executemany("UPDATE events SET abroad = ? WHERE id = ?",
                     [(int(bool(suggest_countries(place))), event_id) for event_id, place in rows])


# Held abroad: the place names a foreign country (or its city or region); kept beside
# the place so the summary counts it in SQL over any number of events. The summary
# reads only narrow columns: an index holding them spares it the events' long texts
# (columns added at the end of a row sit behind them, in overflow pages).
_ABROAD = (
    "ALTER TABLE events ADD COLUMN abroad INTEGER NOT NULL DEFAULT 0",
    _derive_abroad,
    "CREATE INDEX events_for_summary ON events (report_id, section_id, position, id,"
    " countries, abroad, participants_total, date_start, date_end)",
)

# What a merge needs to tell "changed here" from "changed there" (see core/lineage.py):
# per event field, digests of the values it held before, and the coordinator's
# decisions that must not be asked again (a rejected duplicate, a kept closing).
_MERGE_MEMORY = (
    """CREATE TABLE field_history (
        uuid TEXT NOT NULL,
        field TEXT NOT NULL,
        past TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (uuid, field)
    )""",
    """CREATE TABLE merge_decisions (
        subject TEXT PRIMARY KEY,
        fingerprint TEXT NOT NULL,
        choice TEXT NOT NULL,
        decided_at TEXT NOT NULL
    )""",
)

# The full-text index made cheaper to fill (search_index.CREATE says how): FTS5 cannot change
# a table's options, so the index is made again from the text it holds, in the opening
# transaction.
_LEANER_SEARCH_INDEX = (
    f"CREATE TEMP TABLE search_text_copy AS SELECT rowid AS id, text FROM {search_index.TABLE}",
    f"DROP TABLE {search_index.TABLE}",
    # As schema 7 made it (a file of version 7 is vetted against this very text).
    f"CREATE VIRTUAL TABLE {search_index.TABLE} USING fts5("
    "text, tokenize = 'unicode61 remove_diacritics 2', prefix = '1', columnsize = 0)",
    f"INSERT INTO {search_index.TABLE} (rowid, text) SELECT id, text FROM temp.search_text_copy ORDER BY id",
    "DROP TABLE temp.search_text_copy",
)


def _index_in_ascii_words(conn: sqlite3.Connection) -> None:
    """The index made again with the `ascii` tokenizer from its texts in `index_form`: the
    same words as before (search_folding.py), cheaper to fill."""
    from smolevents.core.search_folding import index_form

    rows = conn.execute(f"SELECT rowid, text FROM {search_index.TABLE} ORDER BY rowid").fetchall()
    conn.execute(f"DROP TABLE {search_index.TABLE}")
    conn.execute(search_index.CREATE)
    conn.executemany(f"INSERT INTO {search_index.TABLE} (rowid, text) VALUES (?, ?)",
                     [(event_id, index_form(text)) for event_id, text in rows])


_ASCII_SEARCH_INDEX = (_index_in_ascii_words,)

# MIGRATIONS[n] takes a file from version n to n + 1: SQL statements, or functions of
# the connection for a step that computes data (both run in the opening transaction).
# A new step is the next number after the last one on main; the README's schema table
# and EXPECTED_TABLES change with it.
Step = str | Callable[[sqlite3.Connection], None]
MIGRATIONS: dict[int, tuple[Step, ...]] = {0: _V1, 1: _V2, 2: _PERIODS_COUNTRIES_PARTICIPANTS,
                                              3: _DICTIONARY_WORDS, 4: _ABROAD, 5: _MERGE_MEMORY,
                                              6: _LEANER_SEARCH_INDEX, 7: _ASCII_SEARCH_INDEX}

EXPECTED_TABLES = {
    "settings": {"key", "value"},
    "sections": {"id", "title", "sort_order"},
    "reports": {"id", "year", "quarter", "closing", "updated_at"},
    "events": {
        "id", "uuid", "report_id", "section_id", "position", "name", "place",
        "date_start", "date_end", "date_text", "purpose", "participants",
        "created_at", "updated_at", "version",
        "countries", "countries_confirmed", "participants_total", "abroad",
    },
    search_index.TABLE: {"text"},
    "period_reports": {"year", "period", "closing", "updated_at"},
    "dictionary_words": {"word", "added_at"},
    "field_history": {"uuid", "field", "past"},
    "merge_decisions": {"subject", "fingerprint", "choice", "decided_at"},
}
# What each step added, so a department's file of an older version (read for a merge,
# never upgraded) is checked for the tables and columns of its own version.
ADDED_IN_VERSION: dict[int, dict[str, set[str]]] = {
    2: {search_index.TABLE: {"text"}},
    3: {
        "events": {"countries", "countries_confirmed", "participants_total"},
        "period_reports": {"year", "period", "closing", "updated_at"},
    },
    4: {"dictionary_words": {"word", "added_at"}},
    5: {"events": {"abroad"}},
    6: {
        "field_history": {"uuid", "field", "past"},
        "merge_decisions": {"subject", "fingerprint", "choice", "decided_at"},
    },
}


def expected_tables(version: int = SCHEMA_VERSION) -> dict[str, set[str]]:
    """Our tables and their columns as a file of `version` has them."""
    expected = {table: set(columns) for table, columns in EXPECTED_TABLES.items()}
    for added_version, tables in ADDED_IN_VERSION.items():
        if added_version > version:
            for table, columns in tables.items():
                expected[table] -= columns
                if not expected[table]:
                    del expected[table]
    return expected


def migrate(conn: sqlite3.Connection, from_version: int) -> None:
    """Run every step from `from_version` up; the caller holds the transaction."""
    run_steps(conn, from_version, SCHEMA_VERSION)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def run_steps(conn: sqlite3.Connection, from_version: int, to_version: int) -> None:
    """The migration steps taking a file from `from_version` to `to_version`."""
    for version in range(from_version, to_version):
        for step in MIGRATIONS[version]:
            if callable(step):
                step(conn)
            else:
                conn.execute(step)


def backup_name(path: Path, version: int) -> Path:
    """Where a file's copy is kept before it is upgraded from `version`."""
    return path.with_name(f"{path.stem}.до-обновления-схемы-{version}{path.suffix or '.sqlite'}")


def check_header(label: str, application_id: int, version: int, *, blank: bool = False) -> None:
    """Refuse a file another program made, or a newer version of this one.

    `blank`: a brand-new empty file (no tables, version 0) that is about to be made ours.
    """
    if version > SCHEMA_VERSION:
        raise NewerFileError(messages.newer_schema(label, version, SCHEMA_VERSION))
    if not blank and (application_id != APPLICATION_ID or version < 1):
        raise NotOurDatabaseError(messages.not_our_database(label))


def check_columns(conn: sqlite3.Connection, label: str, version: int | None = None) -> None:
    """Refuse a file that lacks a table or column of ours (as of its `version`, when given)."""
    missing = missing_columns(conn, SCHEMA_VERSION if version is None else version)
    if missing:
        raise NotOurDatabaseError(messages.missing_schema_parts(label, missing))


def missing_columns(conn: sqlite3.Connection, version: int = SCHEMA_VERSION) -> list[str]:
    """Tables or columns of our schema (as of `version`) that the file lacks ("table.column")."""
    missing = []
    for table, columns in expected_tables(version).items():
        present = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        if not present:
            missing.append(table)
            continue
        missing.extend(f"{table}.{column}" for column in sorted(columns - present))
    return missing
