"""The words clerks added to the spelling dictionary, kept in the database file.

They travel with the file: a department's additions reach the coordinator with its
events, and a merge carries them into the target (read with the source: `source_words`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from smolevents.core.store.database import Store

_INSERT = "INSERT OR IGNORE INTO dictionary_words (word, added_at) VALUES (?, ?)"


def dictionary_words(store: Store) -> list[str]:
    return [row[0] for row in store.conn.execute("SELECT word FROM dictionary_words ORDER BY word")]


def add_dictionary_words(store: Store, words: Iterable[str]) -> int:
    """Adds the words (one transaction); returns how many were new."""
    words = [word.strip() for word in words if word.strip()]
    with store.transaction():
        before = store.conn.total_changes
        now = store.clock()
        store.conn.executemany(_INSERT, [(word, now) for word in words])
        return store.conn.total_changes - before


def source_words(conn: sqlite3.Connection) -> list[str]:
    """The added words of a department's file, read on the vetted copy the merge reads
    its events from (an older file has none)."""
    try:
        rows = conn.execute("SELECT word FROM dictionary_words").fetchall()
    except sqlite3.OperationalError:
        return []  # a file from before the table existed
    return [word for (word,) in rows if isinstance(word, str) and word.strip()]
