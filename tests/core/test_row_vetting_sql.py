"""Row vetting reads the dates, the times and the lengths of a chunk's values from each
column's joined text and names a chunk's rows one by one only where that reading does not
vouch for them: it must never vouch for a row Python's own reading of the row refuses, and
must vouch for the rows the program writes (or vetting a file would cost what it used to).
The verdicts stay those of the checks written out row by row in SQL and Python."""

from __future__ import annotations

import itertools
import sqlite3

import pytest

from smolevents.core.store import row_vetting
from tests.core.test_row_vetting_one_pass import _problems, good  # noqa: F401 (a fixture)
from tests.hostile_sqlite import edit

DAYS = [None, "", "2023-05-25", "2023-06-30", "2023-02-29", "2024-02-29", "2023-04-31", "2023-02-31",
        "2023-00-10", "2023-13-01", "2023-06-00", "2023-01-32", "0999-05-01", "1000-01-01", "9999-12-31",
        "2023-5-01", "2023-05-25 ", "2023-05-1x", "１２３４-01-01"]
MONTHS = ["2023-05", "2023-06", "2023-12", "2023-13", "2023-00", "0999-05", "2023-5"]
TEXTS = ["", "весной", " "]
STAMPS = ["2023-06-20T09:00:00.000000+00:00", "2024-02-29T23:59:59.999999+00:00", "2023-06-20T24:00:00.000000+00:00",
          "2023-02-30T09:00:00.000000+00:00", "0000-06-20T09:00:00.000000+00:00", "2023-06-20T09:00:60.000000+00:00",
          "2023-06-20T09:00:00+00:00", "2023-06-20", "вчера", ""]
SEPARATOR = row_vetting._SEPARATOR
TYPES_OR_LENGTHS = "мероприятия с полями неверного типа или длины"
BAD_DATES = "мероприятия с датами, которые не читаются (или конец раньше начала)"
BAD_STAMPS = "мероприятия с неверным временем создания или изменения"


def _chunk(rows) -> dict[str, str]:
    """The joined text of a chunk of (date_start, date_end, date_text, created_at, updated_at)
    rows, as the chunk's reading gets it (a missing date joined as an empty one)."""
    columns = zip(*rows)
    return {name: SEPARATOR.join("" if value is None else value for value in values)
            for name, values in zip(("date_start", "date_end", "date_text", "created_at", "updated_at"), columns)}


def _python_reads(start, end, text, created, updated) -> bool:
    return (row_vetting._dates_read(start, end, text) and row_vetting._stamp_reads(created)
            and row_vetting._stamp_reads(updated))


def test_the_chunk_reading_vouches_for_exactly_the_dates_python_reads():
    points = DAYS + MONTHS
    rows = [(start, end, text, STAMPS[0], STAMPS[0]) for start, end, text in itertools.product(points, points, TEXTS)]
    for row in rows:  # each alone, and in one chunk with a sound row on either side
        sound = ("2023-05-25", None, "", STAMPS[1], STAMPS[1])
        for chunk in ([row], [sound, row, sound]):
            assert row_vetting._DatesOfChunks().read(_chunk(chunk), len(chunk)) == _python_reads(*row), row
    python = [row for row in rows if _python_reads(*row)]
    assert len(python) > 40  # the sound ones are many: days, months, ranges, text alone
    assert row_vetting._DatesOfChunks().read(_chunk(python), len(python))


def test_a_missing_date_reads_as_an_empty_one():
    for start, end, text in itertools.product([None, ""], [None, "", "2023-05-25"], TEXTS):
        assert row_vetting._dates_read(start, end, text) == row_vetting._dates_read(start or "", end or "", text)


def test_the_chunk_reading_vouches_for_exactly_the_timestamps_python_reads():
    for created, updated in itertools.product(STAMPS, STAMPS):
        row = ("2023-05-25", None, "", created, updated)
        for chunk in ([row], [row, ("2023-05-25", None, "", STAMPS[0], STAMPS[0])]):
            assert row_vetting._DatesOfChunks().read(_chunk(chunk), len(chunk)) == _python_reads(*row), row
    one_import = [("2023-05-25", None, "", STAMPS[0], STAMPS[0])] * 200
    assert row_vetting._DatesOfChunks().read(_chunk(one_import), 200)
    assert not row_vetting._DatesOfChunks().read(_chunk(one_import[:-1] + [one_import[0][:3] + ("вчера",) * 2]), 200)


def test_pieces_that_do_not_line_up_with_the_rows_vouch_for_nothing():
    sound = ("2023-05-25", None, "", STAMPS[0], STAMPS[0])
    two_in_one = (f"2023-05-25{SEPARATOR}2023-05-26", None, "", STAMPS[0], STAMPS[0])
    missing = (None, None, "", STAMPS[0], STAMPS[0])
    assert not row_vetting._DatesOfChunks().read(_chunk([two_in_one, sound]), 2)
    assert not row_vetting._DatesOfChunks().read(_chunk([two_in_one, missing]), 2)
    assert not row_vetting._DatesOfChunks().read(_chunk([sound, sound[:3] + (STAMPS[0] + SEPARATOR + STAMPS[1],) * 2]), 2)


def test_a_value_holding_the_separator_is_read_as_one_value(good):
    edit(good, f"UPDATE events SET date_start = '2023-05-25' || char(1) || '2023-05-26', date_end = NULL WHERE id = 5",
         "UPDATE events SET date_start = NULL, date_end = NULL, date_text = 'весной' WHERE id = 6")
    assert _problems(good) == [f"{BAD_DATES} — 1 (строка 5)"]
    edit(good, "UPDATE events SET date_start = '2023-05-25' WHERE id = 5",
         # each piece reads as a time, the whole does not
         "UPDATE events SET updated_at = '2023-06-20' || char(1) || '2023-06-21' WHERE id = 9")
    assert _problems(good) == [f"{BAD_STAMPS} — 1 (строка 9)"]


@pytest.mark.parametrize("column, limit", [("purpose", row_vetting.MAX_TEXT_CHARS), ("uuid", row_vetting.MAX_UUID_CHARS),
                                           ("countries", row_vetting.MAX_TITLE_CHARS),
                                           ("created_at", row_vetting.MAX_STAMP_CHARS)])
def test_a_value_one_character_over_its_limit_is_named_and_one_at_it_is_not(good, column, limit):
    edit(good, f"UPDATE events SET {column} = substr(replace(hex(zeroblob({limit})), '00', 'яя'), 1, {limit} - 2)"
               " || printf('%02d', id) WHERE id IN (3, 40)")  # (uuids stay unique)
    problems = _problems(good)
    assert not any(problem.startswith(TYPES_OR_LENGTHS) for problem in problems)
    edit(good, f"UPDATE events SET {column} = {column} || 'я' WHERE id = 3",
         f"UPDATE events SET {column} = {column} || 'я' WHERE id = 40")
    assert _problems(good) == [f"{TYPES_OR_LENGTHS} — 2 (строки 3, 40)"]


def test_lengths_are_counted_as_sql_counts_them(good):
    # SQLite's length() stops at a NUL character: such a value was never too long, and is not now.
    edit(good, "UPDATE events SET purpose = 'цель' || char(0) || substr(replace(hex(zeroblob(60000)), '00', 'яя'),"
               " 1, 120000) WHERE id = 2")
    assert _problems(good) == []


def test_a_value_too_long_is_named_even_when_it_holds_the_separator(good):
    edit(good, "UPDATE events SET purpose = substr(replace(hex(zeroblob(60000)), '00', 'я' || char(1) || 'я'), 1, 150000)"
               " WHERE id = 4",
         "UPDATE events SET uuid = substr(replace(hex(zeroblob(100)), '00', 'u' || char(1) || 'u'), 1, 150)"
         " WHERE id = 30")
    assert _problems(good) == [f"{TYPES_OR_LENGTHS} — 2 (строки 4, 30)"]


def test_rows_named_apart_are_read_by_python():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, date_start, date_end, date_text, created_at, updated_at)")
    conn.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)",
                     [(1, "2023-05-25", None, "", STAMPS[0], STAMPS[0]),
                      (2, "2023-02-29", None, "", STAMPS[0], STAMPS[0]),
                      (3, "2023-05-25", None, "", STAMPS[0], "2023-06-20T09:00:00+00:00"),
                      (4, "2023-05-25", None, "", "вчера", STAMPS[0])])
    assert row_vetting._unreadable_dates_and_stamps(conn) == ([2], [4])
    assert row_vetting._unreadable_dates_and_stamps(conn, [1, 3, 4]) == ([], [4])
