"""What a database remembers for merges: each field's past values (digests) and the
coordinator's decisions that must not be asked again. See `core/lineage.py`."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping

from smolevents.core.lineage import Past, format_past, parse_past, with_past

Histories = dict[str, dict[str, Past]]  # uuid → field → past digests


def remember_changes(conn: sqlite3.Connection, uuid: str, before: Mapping[str, str],
                     after: Mapping[str, str]) -> None:
    """Add each changed field's old value to its past (called by every write that changes a field)."""
    for name, old in before.items():
        new = after[name]
        if old == new:
            continue
        row = conn.execute("SELECT past FROM field_history WHERE uuid = ? AND field = ?", (uuid, name)).fetchone()
        past = with_past(parse_past(row[0]) if row else (), old, current=new)
        conn.execute(
            "INSERT INTO field_history (uuid, field, past) VALUES (?, ?, ?)"
            " ON CONFLICT (uuid, field) DO UPDATE SET past = excluded.past",
            (uuid, name, format_past(past)),
        )


def read_histories(conn: sqlite3.Connection) -> Histories:
    """Every remembered past; a file older than the table has none."""
    histories: Histories = {}
    try:
        rows = conn.execute("SELECT uuid, field, past FROM field_history").fetchall()
    except sqlite3.OperationalError:  # a department's file of schema 1: no history kept there
        return histories
    for uuid, name, past in rows:
        if isinstance(uuid, str) and isinstance(name, str) and isinstance(past, str):
            histories.setdefault(uuid, {})[name] = parse_past(past)
    return histories


def write_histories(conn: sqlite3.Connection, histories: Histories) -> None:
    conn.executemany(
        "INSERT INTO field_history (uuid, field, past) VALUES (?, ?, ?)"
        " ON CONFLICT (uuid, field) DO UPDATE SET past = excluded.past",
        [(uuid, name, format_past(past)) for uuid, fields in histories.items()
         for name, past in fields.items() if past],
    )


def read_decisions(conn: sqlite3.Connection) -> dict[str, tuple[str, str]]:
    """subject → (fingerprint of the version decided on, choice)."""
    return {subject: (fingerprint, choice) for subject, fingerprint, choice in
            conn.execute("SELECT subject, fingerprint, choice FROM merge_decisions")}


def write_decisions(conn: sqlite3.Connection, decisions: Mapping[str, tuple[str, str]], now: str) -> None:
    conn.executemany(
        "INSERT INTO merge_decisions (subject, fingerprint, choice, decided_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (subject) DO UPDATE SET fingerprint = excluded.fingerprint,"
        " choice = excluded.choice, decided_at = excluded.decided_at",
        [(subject, fingerprint, choice, now) for subject, (fingerprint, choice) in decisions.items()],
    )
