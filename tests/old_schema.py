"""Files the first version of the program wrote (schema 1), for the tests of upgrading them."""

import sqlite3
from pathlib import Path

from smolevents.core.store import schema


def version_1_file(path: Path, *rows: str) -> Path:
    """A file of schema 1: that version's tables, then `rows` (INSERT statements), marked as ours."""
    conn = sqlite3.connect(path)
    for statement in (*schema.MIGRATIONS[0], *rows):
        conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    return path


def with_the_search_index_of_schema_2(conn: sqlite3.Connection) -> None:
    """A current file's full-text index made again as schemas 2-6 had it (same text), for a
    file of the current version turned into an older one."""
    conn.execute("CREATE TEMP TABLE search_text_copy AS SELECT rowid AS id, text FROM events_search")
    conn.execute("DROP TABLE events_search")
    conn.execute(schema.MIGRATIONS[1][0])
    conn.execute("INSERT INTO events_search (rowid, text) SELECT id, text FROM temp.search_text_copy")
    conn.execute("DROP TABLE temp.search_text_copy")
