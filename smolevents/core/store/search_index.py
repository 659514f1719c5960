"""The events' full-text index (SQLite FTS5), kept in step by the store.

One row per event, rowid = the event's id, holding `search_text_of(event)`: every
text field and the dates as printed, folded by `search_key` (Python's casefold, ё
read as е) and split into words as SQLite's `unicode61` tokenizer would split them
(`search_folding.index_form`: the index's own `ascii` tokenizer then makes the same
words, for less; the clerk's words go through the same). The store writes the index
in the same transaction as the event (no triggers: files from elsewhere are refused
when they carry any). A search is every word of the clerk's text, each a prefix (the word
being typed matches the longer word it begins).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from smolevents.core.search import search_words
from smolevents.core.search_folding import index_form

TABLE = "events_search"
# A prefix index for one-letter words only: the first key typed matches nearly every event,
# and without it FTS5 merges the lists of every word beginning with that letter (12 ms ->
# 31 ms at 100 000 events); from two letters on the lists are short enough to merge (4 -> 6
# ms), while each index kept costs every insert (an import or merge writes thousands of
# events: 11 % of the index's insert time with the two-letter index and the column sizes,
# which only ranking (bm25) reads and the search never asks for). Schema 7 (schema.py).
# The `ascii` tokenizer, handed texts in `index_form`, makes the words `unicode61
# remove_diacritics 2` made of them (schema 2-7), for 40 % less of the index's filling
# time (9 525 merged texts: 216 -> 131 ms of CPU). Schema 8.
CREATE = (f"CREATE VIRTUAL TABLE {TABLE} USING fts5("
          "text, tokenize = 'ascii', prefix = '1', columnsize = 0)")


def index(conn: sqlite3.Connection, rows: Iterable[tuple[int, str]], fresh: bool = False) -> None:
    """(event id, search text) pairs, replacing what the index held for those ids
    (nothing to replace when the ids are `fresh`: never used before)."""
    rows = list(rows)
    if not rows:
        return
    if not fresh:
        conn.executemany(f"DELETE FROM {TABLE} WHERE rowid = ?", [(event_id,) for event_id, _ in rows])
    conn.executemany(f"INSERT INTO {TABLE} (rowid, text) VALUES (?, ?)", rows)


# The most rows one INSERT ... VALUES statement of the index binds (two values a row, well
# within SQLite's limit on bound values, 32 766 since 3.32): a merge's part, a report's.
_VALUES_ROWS = 10_000


def index_fresh(conn: sqlite3.Connection, first_id: int, texts: list[str]) -> None:
    """`index` for the events numbered from `first_id` on, ids never used before: one
    statement, so Python's lock is let go once for all of them (a statement per event takes
    it back after each, waiting for any other thread that holds it: the merge and the import
    make the next rows beside this), and FTS5 flushes its pending terms once.

    The texts are bound as they are, a row of a VALUES list each: as one JSON array parsed
    back by SQLite's json_each they cost a merge's 9 525 texts ~340 M instructions more.
    More texts than one statement binds go as that JSON array, still one statement."""
    if not texts:
        return
    if len(texts) > min(_VALUES_ROWS, conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // 2):
        import json

        _index_fresh_json(conn, first_id, json.dumps(texts, ensure_ascii=False))
        return
    values = [value for row in zip(range(first_id, first_id + len(texts)), texts) for value in row]
    conn.execute(f"INSERT INTO {TABLE} (rowid, text) VALUES {', '.join(['(?, ?)'] * len(texts))}", values)


def _index_fresh_json(conn: sqlite3.Connection, first_id: int, texts: str) -> None:
    """`index_fresh` of texts given as one JSON array."""
    try:
        conn.execute(f"INSERT INTO {TABLE} (rowid, text) SELECT ? + key, value FROM json_each(?)", (first_id, texts))
    except sqlite3.OperationalError as error:
        if "json_each" not in str(error):
            raise
        # An SQLite built without its JSON functions (refused before any row is written).
        import json

        index(conn, enumerate(json.loads(texts), first_id), fresh=True)


def forget(conn: sqlite3.Connection, event_ids: Iterable[int]) -> None:
    conn.executemany(f"DELETE FROM {TABLE} WHERE rowid = ?", [(event_id,) for event_id in event_ids])


def match_expression(search: str) -> str | None:
    """The FTS5 query for the clerk's text: every word, each a prefix; None when no word.

    Each word is a quoted phrase, so FTS5 tokenizes it as it tokenized the events
    ("смоленск-вит" must find "Смоленск-Витебск") and nothing the clerk types is
    read as query syntax. A word without letters or digits ("—") cannot match any
    token and is left out.
    """
    phrases = ['"' + index_form(word).replace('"', '""') + '"*' for word in search_words(search)]
    return " AND ".join(phrases) or None


def matching_ids(conn: sqlite3.Connection, search: str, within: tuple[int, int] | None = None) -> set[int] | None:
    """Ids of the events (any quarter) matching `search`; None when the search has no word."""
    ids = ascending_ids(conn, search, within)
    return None if ids is None else set(ids)


def ascending_ids(conn: sqlite3.Connection, search: str, within: tuple[int, int] | None = None) -> list[int] | None:
    """`matching_ids` in ascending order; `within` (lowest id, highest id): only ids in
    that range (FTS5 seeks to it)."""
    expression = match_expression(search)
    if expression is None:
        return None
    where, arguments = f"{TABLE} MATCH ?", [expression]
    if within is not None:
        where += " AND rowid BETWEEN ? AND ?"
        arguments += within
    # The first letter typed matches nearly every event: 100 000 ids read one row at a
    # time cost 25-35 ms; as one JSON array parsed in C, 10-12 ms.
    import json  # here, not on the window's start-up path (the first search pays its 1-2 ms)

    try:
        array = conn.execute(f"SELECT json_group_array(rowid) FROM {TABLE} WHERE {where}", arguments).fetchone()[0]
        ids = json.loads(array)
    except sqlite3.OperationalError:  # an SQLite built without JSON
        ids = [row[0] for row in conn.execute(f"SELECT rowid FROM {TABLE} WHERE {where}", arguments)]
    # FTS5 yields rowids in ascending order already (sorting a sorted list is one C pass);
    # an ORDER BY in a subquery cost 7 ms more for 100 000 ids.
    ids.sort()
    return ids
