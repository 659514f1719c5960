"""The store reads a file's header (application id, schema version, tables) as one snapshot."""

from __future__ import annotations

import sqlite3
import threading

from smolevents.core.store import Store, schema


class _CommitsBetweenReads:
    """A connection on which another copy of the program commits a new file's schema right
    after the first header read, and is given half a second to do it."""

    def __init__(self, conn: sqlite3.Connection, path):
        self._conn, self._path, self._done = conn, path, False

    def __getattr__(self, name):
        return getattr(self._conn, name)

    def execute(self, sql, *args):
        cursor = self._conn.execute(sql, *args)
        if sql == "PRAGMA application_id" and not self._done:
            self._done = True
            cursor = _Fetched(cursor.fetchone())
            other = threading.Thread(target=self._make_it_ours)
            other.start()
            other.join(timeout=0.5)  # waits for our read to end when the header is one snapshot
            self.other = other
        return cursor

    def _make_it_ours(self):
        conn = sqlite3.connect(self._path, timeout=10, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("CREATE TABLE events (id INTEGER PRIMARY KEY)")
        conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION}")
        conn.execute("COMMIT")
        conn.close()


class _Fetched:
    def __init__(self, row):
        self._row = row

    def fetchone(self):
        return self._row


def test_a_schema_committed_by_another_copy_between_the_header_reads_is_not_half_seen(tmp_path):
    path = tmp_path / "новая.sqlite"
    conn = sqlite3.connect(path, timeout=10)
    watched = _CommitsBetweenReads(conn, path)
    store = Store(watched, path)
    header = store._read_header()
    watched.other.join()
    conn.close()
    # Either the empty file as it was, or the other copy's file: never its version without its id.
    assert header in ((0, 0, 0), (schema.APPLICATION_ID, schema.SCHEMA_VERSION, 1))
