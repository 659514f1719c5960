"""Row vetting lets SQL vouch for the dates and timestamps of sound rows and reads only the
rest into Python: SQL must never vouch for a row Python's own reading refuses, and must
vouch for the rows the program writes (or vetting a file would cost what it used to)."""

from __future__ import annotations

import itertools
import sqlite3

from smolevents.core.store import row_vetting

DAYS = [None, "", "2023-05-25", "2023-06-30", "2023-02-29", "2024-02-29", "2023-04-31", "2023-02-31",
        "2023-00-10", "2023-13-01", "2023-06-00", "2023-01-32", "0999-05-01", "1000-01-01", "9999-12-31",
        "2023-5-01", "2023-05-25 ", "2023-05-1x", "１２３４-01-01"]
MONTHS = ["2023-05", "2023-06", "2023-12", "2023-13", "2023-00", "0999-05", "2023-5"]
TEXTS = ["", "весной", " "]
STAMPS = ["2023-06-20T09:00:00.000000+00:00", "2024-02-29T23:59:59.999999+00:00", "2023-06-20T24:00:00.000000+00:00",
          "2023-02-30T09:00:00.000000+00:00", "0000-06-20T09:00:00.000000+00:00", "2023-06-20T09:00:60.000000+00:00",
          "2023-06-20T09:00:00+00:00", "2023-06-20", "вчера", ""]


def _events(rows) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, date_start, date_end, date_text,"
                 " created_at, updated_at)")
    conn.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)", rows)
    return conn


def _vouched(conn: sqlite3.Connection, condition: str) -> set[int]:
    return {row[0] for row in conn.execute(f"SELECT id FROM events WHERE coalesce(({condition}), 0)")}


def test_sql_vouches_for_exactly_the_dates_python_reads():
    points = DAYS + MONTHS
    rows = [(number, start, end, text, "", "") for number, (start, end, text)
            in enumerate(itertools.product(points, points, TEXTS), 1)]
    conn = _events(rows)
    vouched = _vouched(conn, row_vetting._SOUND_DATES_AND_STAMPS)
    python = {number for number, start, end, text, _, _ in rows if row_vetting._dates_read(start, end, text)}
    assert vouched == python
    assert len(python) > 40  # the sound ones are many: days, months, ranges, text alone


def test_sql_vouches_only_for_timestamps_python_reads_and_for_ours():
    rows = [(number, None, None, "", created, updated)
            for number, (created, updated) in enumerate(itertools.product(STAMPS, STAMPS), 1)]
    conn = _events(rows)
    vouched = _vouched(conn, row_vetting._SOUND_STAMPS)
    python = {number for number, *_, created, updated in rows
              if row_vetting._stamp_reads(created) and row_vetting._stamp_reads(updated)}
    assert vouched <= python
    ours = {number for number, *_, created, updated in rows if {created, updated} <= set(STAMPS[:2])}
    assert ours and ours <= vouched


def test_rows_sql_does_not_vouch_for_are_still_named():
    conn = _events([(1, "2023-05-25", None, "", STAMPS[0], STAMPS[0]),
                    (2, "2023-02-29", None, "", STAMPS[0], STAMPS[0]),
                    (3, "2023-05-25", None, "", STAMPS[0], "2023-06-20T09:00:00+00:00"),
                    (4, "2023-05-25", None, "", "вчера", STAMPS[0])])
    assert row_vetting._unreadable_dates_and_stamps(conn) == ([2], [4])
