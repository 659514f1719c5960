"""The words clerks added to the spelling dictionary, kept in the database file.

They travel with the file: a department's additions reach the coordinator with its
events, and a merge carries them into the target (`merge_source_words`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from smolevents.core.store.database import Store
from smolevents.core.store.vetting import open_source_copy

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


def read_source_words(path: Path) -> list[str]:
    """The added words of a department's file (an older file has none); read-only."""
    with open_source_copy(path) as conn:
        try:
            rows = conn.execute("SELECT word FROM dictionary_words").fetchall()
        except sqlite3.OperationalError:
            return []  # a file from before the table existed
    return [word for (word,) in rows if isinstance(word, str) and word.strip()]


def merge_source_words(store: Store, paths: Iterable[Path]) -> int:
    """The merge's hook: every source's added words join the target's (inside its transaction)."""
    return add_dictionary_words(store, [word for path in paths for word in read_source_words(path)])
