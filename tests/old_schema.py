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
