"""Earlier values of one field, for the form's suggestions while the clerk types.

Any word may match ("минск" finds "г. Минск, Республика Беларусь"): every word typed
must occur in the value, folded as the search folds (case, ё as е). The distinct values
are few beside the events, so they are grouped in SQL and matched in Python.
"""

from __future__ import annotations

import sqlite3

from smolevents.core.columns import EVENT_COLUMNS
from smolevents.core.search import search_key

LONGEST_SUGGESTION = 400  # characters: a long description is not something to pick from a list
_TEXT_FIELDS = frozenset(column.field for column in EVENT_COLUMNS if column.kind == "text")


class SuggestionCache:
    """The distinct values, folded, read once per change of the file (here or by another
    program), not once per pause in typing: 20 000 events take ~0.1 s to group."""

    def __init__(self):
        self.stamp: tuple[int, int] | None = None
        self.by_field: dict[str, list[tuple[str, str]]] = {}


def _values(conn: sqlite3.Connection, cache: SuggestionCache, field: str) -> list[tuple[str, str]]:
    stamp = (conn.total_changes, conn.execute("PRAGMA data_version").fetchone()[0])
    if cache.stamp != stamp:
        cache.stamp, cache.by_field = stamp, {}
    if field not in cache.by_field:
        rows = conn.execute(
            f"SELECT {field} FROM events WHERE length({field}) BETWEEN 1 AND ?"  # noqa: S608 - a declared column
            f" GROUP BY {field} ORDER BY count(*) DESC, max(updated_at) DESC",
            (LONGEST_SUGGESTION,),
        )
        cache.by_field[field] = [(search_key(value), value) for (value,) in rows]
    return cache.by_field[field]


def suggest(conn: sqlite3.Connection, cache: SuggestionCache, field: str, typed: str,
            limit: int = 8) -> list[str]:
    if field not in _TEXT_FIELDS:
        raise ValueError(f"Нет такого текстового поля: {field!r}")
    words = search_key(typed).split()
    if not words:
        return []
    seen = {search_key(typed)}  # what is typed already, and one of values differing only in spaces
    found = []
    for key, value in _values(conn, cache, field):
        if key not in seen and all(word in key for word in words):
            seen.add(key)
            found.append(value)
            if len(found) == limit:
                break
    return found
