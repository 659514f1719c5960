"""The rows' vetting reads the events once for the SQL checks, the UTF-8 of every value and
the dates' vouching, a chunk of rows at a time with each column's values joined by SQLite:
it must find every bad value the one-value-at-a-time reading found, and name it the same way."""

from __future__ import annotations

import sqlite3

import pytest

from smolevents.core.store import row_vetting
from smolevents.core.store.row_vetting import row_problems
from tests.hostile_sqlite import another_program_committing, edit
from tests.real_report import real_report_file

NOT_UTF8 = "CAST(x'80C3' AS TEXT)"
LAST = 2 ** 63 - 1


@pytest.fixture
def good(tmp_path, real_report):
    return real_report_file(tmp_path / "хороший.sqlite", real_report)


def _problems(path) -> list[str]:
    conn = sqlite3.connect(path.as_uri() + "?mode=ro", uri=True)
    try:
        return row_problems(conn)
    finally:
        conn.close()


def _event_columns(path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[1] for row in conn.execute("PRAGMA table_info(events)") if row[1] != "id"]
    finally:
        conn.close()


def test_the_good_file_has_no_bad_rows(good):
    assert _problems(good) == []


def test_text_not_utf8_in_any_column_of_an_event_is_found(good):
    """A column the UTF-8 read leaves out is one the SQL checks refuse any text in."""
    columns = _event_columns(good)
    assert set(row_vetting._INTEGERS) - {"id"} <= set(columns)
    for column in columns:
        path = good.with_name(f"{column}.sqlite")
        path.write_bytes(good.read_bytes())
        edit(path, f"UPDATE events SET {column} = {NOT_UTF8} WHERE id = 5")
        problems = _problems(path)
        if column in row_vetting._INTEGERS:
            assert problems and not any("UTF-8" in problem for problem in problems), (column, problems)
        else:
            assert problems == ["текст не в кодировке UTF-8 (таблица events) — 1 (строка 5)"], column


@pytest.mark.parametrize(("statement", "table"), [
    (f"UPDATE settings SET value = {NOT_UTF8} WHERE rowid = (SELECT min(rowid) FROM settings)", "settings"),
    (f"UPDATE sections SET title = 'Раздел ' || {NOT_UTF8} WHERE id = 2", "sections"),
    (f"UPDATE reports SET closing = {NOT_UTF8}", "reports"),
    (f"INSERT INTO dictionary_words (word, added_at) VALUES ({NOT_UTF8}, '2023-06-20')", "dictionary_words"),
    (f"INSERT INTO field_history (uuid, field, past) VALUES ('u', 'name', x'80C3')", "field_history"),
    (f"INSERT INTO merge_decisions VALUES ('s', 'f', {NOT_UTF8}, 'd')", "merge_decisions"),
    (f"INSERT INTO period_reports (year, period, closing, updated_at) VALUES (2023, 'h1', {NOT_UTF8}, 'x')",
     "period_reports"),
])
def test_text_not_utf8_in_every_other_table_is_found(good, statement, table):
    edit(good, statement)
    assert _problems(good) == [f"текст не в кодировке UTF-8 (таблица {table}) — 1 (строка "
                               f"{_only_rowid(good, table)})"]


def _only_rowid(path, table) -> int:
    conn = sqlite3.connect(path)
    conn.text_factory = bytes
    try:
        rows = [row[0] for row in conn.execute(f"SELECT rowid, * FROM {table}")
                if any(isinstance(value, bytes) and b"\x80\xc3" in value for value in row[1:])]
    finally:
        conn.close()
    assert len(rows) == 1
    return rows[0]


def test_halves_of_one_character_in_neighbouring_rows_are_each_found(good):
    """Joined without a separator, the end of one value and the start of the next would make
    a valid letter ('П' is D0 9F); the separator keeps each value as invalid as it was."""
    edit(good, "UPDATE events SET place = 'Смоленск' || CAST(x'D0' AS TEXT) WHERE id = 5",
         "UPDATE events SET place = CAST(x'9F' AS TEXT) || 'ример' WHERE id = 6")
    assert _problems(good) == ["текст не в кодировке UTF-8 (таблица events) — 2 (строки 5, 6)"]


def test_a_surrogate_written_as_utf8_is_found(good):
    edit(good, "UPDATE events SET purpose = 'a' || CAST(x'EDA080' AS TEXT) WHERE id = 9")
    assert _problems(good) == ["текст не в кодировке UTF-8 (таблица events) — 1 (строка 9)"]


def test_a_wrong_type_is_named_before_text_not_utf8_and_that_before_a_bad_date(good):
    edit(good, f"UPDATE events SET place = {NOT_UTF8} WHERE id = 7",
         "UPDATE events SET date_start = 'завтра', date_end = NULL WHERE id = 8")
    assert _problems(good) == ["текст не в кодировке UTF-8 (таблица events) — 1 (строка 7)"]
    edit(good, "UPDATE events SET name = x'DEADBEEF' WHERE id = 3")
    assert _problems(good) == ["мероприятия с полями неверного типа или длины — 1 (строка 3)"]


def test_a_bad_date_among_rows_sql_does_not_vouch_for_is_named(good):
    edit(good, "UPDATE events SET created_at = '2023-06-20T09:00:00+00:00' WHERE id IN (4, 12)",
         "UPDATE events SET date_start = '2023-02-30', date_end = NULL WHERE id = 12")
    assert _problems(good) == ["мероприятия с датами, которые не читаются (или конец раньше начала) — 1 (строка 12)"]


def _table(rowids, value=lambda rowid: f"значение {rowid}") -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (a TEXT, b)")
    conn.executemany("INSERT INTO t (rowid, a, b) VALUES (?, ?, ?)", [(rowid, value(rowid), rowid) for rowid in rowids])
    return conn


def _chunked_rowids(conn) -> list[list[int]]:
    conn.text_factory = bytes
    return [[int(each) for each in listed[0].split(b",")]
            for _first, _last, listed, _joined in row_vetting._chunks(conn, "t", ["group_concat(rowid)"])]


def test_the_chunks_cover_every_row_once_in_order_however_far_apart_the_rowids():
    rowids = [-LAST - 1, -5, *range(1, 451), 10 ** 15, LAST - 1, LAST]
    chunks = _chunked_rowids(_table(rowids))
    assert [rowid for chunk in chunks for rowid in chunk] == rowids
    assert max(len(chunk) for chunk in chunks) == row_vetting._CHUNK_ROWS


def test_a_chunk_longer_than_sqlites_length_limit_is_read_in_fewer_rows():
    conn = _table(range(1, 301), value=lambda rowid: "ы" * 1000)  # 2 000 bytes a value
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, 10_000)
    chunks = _chunked_rowids(conn)
    assert [rowid for chunk in chunks for rowid in chunk] == list(range(1, 301))
    assert max(len(chunk) for chunk in chunks) < 5


def test_a_value_longer_than_the_length_limit_is_not_read():
    conn = _table([1, 2, 3], value=lambda rowid: "ы" * (10_000 if rowid == 2 else 10))
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, 10_000)
    with pytest.raises(sqlite3.DataError):
        _chunked_rowids(conn)


@pytest.mark.parametrize(("uuid", "refused"), [("''", True), ("'   '", True), ("' u'", False), ("'u '", False)])
def test_a_blank_uuid_is_refused(good, uuid, refused):
    edit(good, f"UPDATE events SET uuid = {uuid} WHERE id = 4")
    expected = ["мероприятия с полями неверного типа или длины — 1 (строка 4)"] if refused else []
    assert _problems(good) == expected


def test_an_interrupted_reading_of_the_rows_is_reported_as_interrupted(good):
    """The time budget stops a statement through the progress handler: that must surface as
    SQLite's interruption (which the vetting words for the clerk), not as something else."""
    conn = sqlite3.connect(good.as_uri() + "?mode=ro", uri=True)
    calls = []
    conn.set_progress_handler(lambda: len(calls.append(1) or calls) > 30, 100)
    try:
        with pytest.raises(sqlite3.OperationalError, match="interrupted"):
            row_problems(conn)
        assert not conn.in_transaction
    finally:
        conn.close()


def test_our_own_file_vetted_in_place_while_the_program_writes_it_is_never_refused(good):
    """The rows are read in many statements, in one read transaction, while another
    connection commits sound changes."""
    from smolevents.core.store import vetting

    with another_program_committing(good):
        for _ in range(20):
            with vetting.vetted_in_place(good):
                pass
