"""Files from strangers (issue 11): side files, lying indexes, bad rows, orphans, odd paths.

Every hostile file is built here; each command is run as the clerk runs it, and the
contract checked: exit 1, one Russian line, no traceback, the file and its side files
left exactly as they were.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

from smolevents.cli.main import main
from smolevents.core.errors import NotOurDatabaseError, UserError
from smolevents.core.merge import apply_merge, plan_merge
from smolevents.core.store import Store
from smolevents.core.store import vetting
from smolevents.core.store.vetting import vet_database_file
from tests.hostile_sqlite import (
    another_program_committing, clean_file_with_hot_journal, edit, files_beside, hot_journal_restoring,
    wal_file_with_extra_events,
)
from tests.real_report import REPORT_DOCX, real_report_file

pytestmark = pytest.mark.usefixtures("either_copy")

TRIGGER = ("CREATE TRIGGER evil AFTER INSERT ON events BEGIN "
           "UPDATE events SET place = 'ПОДМЕНЕНО'; UPDATE settings SET value = 'HACKED'; END")


@pytest.fixture
def good(tmp_path, real_report):
    return real_report_file(tmp_path / "хороший.sqlite", real_report)


def _refused(capsys, argv, *, contains: str) -> str:
    assert main(argv) == 1
    captured = capsys.readouterr()
    err = captured.err
    assert contains in err, err
    assert err.count("\n") == 1 and "Traceback" not in err
    return err


# --- 1. side files --------------------------------------------------------------------------------


@pytest.fixture
def with_hot_journal(tmp_path, good):
    folder = tmp_path / "от отдела"
    folder.mkdir()
    return clean_file_with_hot_journal(good, folder, TRIGGER)


def test_the_hot_journal_is_really_hot_and_brings_the_trigger_back(tmp_path, with_hot_journal):
    """The builder is honest: SQLite itself rolls the journal back and the trigger returns."""
    trial = tmp_path / "trial"
    trial.mkdir()
    for name in os.listdir(with_hot_journal.parent):
        shutil.copyfile(with_hot_journal.parent / name, trial / name)
    conn = sqlite3.connect(trial / with_hot_journal.name)
    assert conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall() == [("evil",)]
    conn.close()
    alone = sqlite3.connect(with_hot_journal.as_uri() + "?mode=ro&immutable=1", uri=True)
    assert alone.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'").fetchone()[0] == 0
    alone.close()


@pytest.mark.parametrize("argv", [
    ["import-docx", str(REPORT_DOCX)], ["check"], ["export", "--year", "2023", "--quarter", "2"],
    ["sections"], ["copy-for-sending", "копия.sqlite"],
], ids=["import-docx", "check", "export", "sections", "copy-for-sending"])
def test_a_hot_journal_restoring_a_trigger_is_vetted_with_the_file(with_hot_journal, argv, capsys,
                                                                  monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    before = files_beside(with_hot_journal)
    _refused(capsys, [*argv, "--db", str(with_hot_journal)], contains="содержит триггер «evil»")
    assert files_beside(with_hot_journal) == before
    assert not (tmp_path / "копия.sqlite").exists()


def test_merging_a_hot_journal_file_is_refused(with_hot_journal, tmp_path):
    with Store.open(tmp_path / "координатор.sqlite") as target:
        with pytest.raises(NotOurDatabaseError, match="триггер «evil»"):
            plan_merge(target, [with_hot_journal])
        assert target.count_events() == 0


def test_a_wal_files_content_is_merged_never_lost(tmp_path, good):
    source = wal_file_with_extra_events(good, tmp_path / "отдел в WAL.sqlite", extra=5)
    before = files_beside(source)
    assert set(before) == {source.name, source.name + "-wal"}
    with Store.open(tmp_path / "координатор.sqlite") as target:
        result = apply_merge(target, plan_merge(target, [source]))
        assert result.added == 52 and target.count_events() == 52
    assert files_beside(source) == before


def test_read_only_commands_read_the_wal_and_leave_the_set_alone(tmp_path, good, capsys):
    source = wal_file_with_extra_events(good, tmp_path / "отдел в WAL.sqlite", extra=5)
    before = files_beside(source)
    assert main(["check", "--db", str(source)]) == 0
    assert "мероприятий 52" in capsys.readouterr().out
    assert files_beside(source) == before


def test_working_in_a_wal_file_folds_the_wal_in(tmp_path, good, capsys):
    source = wal_file_with_extra_events(good, tmp_path / "отдел в WAL.sqlite", extra=5)
    assert main(["sections", "--add", "Новый раздел", "--db", str(source)]) == 0
    assert sorted(files_beside(source)) == [source.name]  # the WAL is part of the file now
    with Store.open(source) as store:
        assert store.count_events() == 52


def test_vetting_while_another_program_commits_never_reports_damage(tmp_path, good):
    with another_program_committing(good):
        for _ in range(40):
            vet_database_file(good)


def test_check_of_our_own_default_database_after_a_crash_rolls_its_journal_back(tmp_path, good, capsys,
                                                                                monkeypatch):
    """The default database is vetted in place: a hot journal left by a crash is ours to roll back."""
    before = tmp_path / "до.sqlite"
    shutil.copyfile(good, before)
    edit(good, "DELETE FROM events WHERE id > 40")  # the half-written commit the crash left
    hot_journal_restoring(good, before)
    monkeypatch.setenv("SMOLEVENTS_DB", str(good))
    assert main(["check"]) == 0
    assert "II квартал 2023: мероприятий 47" in capsys.readouterr().out
    assert not Path(f"{good}-journal").exists()


# --- 3. rows vetted as data ----------------------------------------------------------------------


BAD_ROWS = {
    "garbage-date": ("UPDATE events SET date_start = 'завтра', date_end = NULL WHERE id = 5",
                     "с датами, которые не читаются"),
    "end-before-start": ("UPDATE events SET date_start = '2023-05-25', date_end = '2023-05-01' WHERE id = 5",
                         "конец раньше начала"),
    "year-3000-quarter": ("UPDATE reports SET year = 3000", "кварталы с неверным годом"),
    "blob-for-text": ("UPDATE events SET name = x'DEADBEEF' WHERE id = 5", "полями неверного типа"),
    "version-1e300": ("UPDATE events SET version = 1e300 WHERE id = 5", "номером версии вне допустимого"),
    "version-2-63": (f"UPDATE events SET version = {2 ** 63 - 1} WHERE id = 5", "номером версии вне допустимого"),
    "stamp-garbage": ("UPDATE events SET updated_at = 'вчера' WHERE id = 5", "неверным временем"),
    "text-not-utf8": ("UPDATE events SET place = CAST(x'80C3' AS TEXT) WHERE id = 5",
                      "текст не в кодировке UTF-8 (таблица events)"),  # found by tests/fuzz
    "blob-not-utf8-in-history": ("INSERT INTO field_history (uuid, field, past) VALUES ('u', 'name', x'80C3')",
                                 "текст не в кодировке UTF-8 (таблица field_history)"),
    "section-title-blank": ("UPDATE sections SET title = '   ' WHERE id = 1", "разделы с пустым или неверным"),
}


@pytest.mark.parametrize("kind", BAD_ROWS)
@pytest.mark.parametrize("argv", [
    ["check"], ["export", "--year", "2023", "--quarter", "2"], ["import-docx", str(REPORT_DOCX)],
], ids=["check", "export", "import-docx"])
def test_bad_rows_are_refused_with_one_line(good, kind, argv, capsys, monkeypatch, tmp_path):
    statement, message = BAD_ROWS[kind]
    edit(good, statement)
    monkeypatch.chdir(tmp_path)
    before = good.read_bytes()
    _refused(capsys, [*argv, "--db", str(good)], contains=message)
    assert good.read_bytes() == before


@pytest.mark.parametrize("kind", BAD_ROWS)
def test_bad_rows_in_a_file_to_merge_are_refused(good, kind, tmp_path, capsys):
    edit(good, BAD_ROWS[kind][0])
    target = tmp_path / "координатор.sqlite"
    Store.open(target).close()
    _refused(capsys, ["merge", str(good), "--db", str(target)], contains=BAD_ROWS[kind][1])
    with Store.open(target) as store:
        assert store.count_events() == 0


def test_the_message_names_how_many_rows_and_which(good):
    edit(good, "UPDATE events SET version = -1 WHERE id IN (3, 4, 9, 12)")
    with pytest.raises(NotOurDatabaseError, match=r"номером версии вне допустимого — 4 \(строки 3, 4, 9, …\)"):
        vet_database_file(good)


# --- 4. a lying index ------------------------------------------------------------------------------


def test_an_index_rewritten_through_writable_schema_is_refused(good, capsys, tmp_path):
    edit(good, "UPDATE sqlite_master SET sql = 'CREATE INDEX events_in_order ON events "
               "(report_id, section_id, position, id) WHERE id < 29' WHERE name = 'events_in_order'",
         writable_schema=True)
    before = good.read_bytes()
    _refused(capsys, ["check", "--db", str(good)], contains="индекс «events_in_order» устроен не так")
    target = tmp_path / "координатор.sqlite"
    Store.open(target).close()
    _refused(capsys, ["merge", str(good), "--db", str(target)], contains="индекс «events_in_order»")
    assert good.read_bytes() == before


def test_a_check_constraint_that_differs_from_ours_is_refused(good, capsys):
    edit(good, "UPDATE sqlite_master SET sql = replace(sql, 'quarter BETWEEN 1 AND 4', "
               "'length(hex(zeroblob(900000000))) > 0') WHERE name = 'reports'", writable_schema=True)
    _refused(capsys, ["check", "--db", str(good)], contains="таблица «reports» устроена не так")


def test_a_lying_index_that_quick_check_passes_fails_integrity_check(good, monkeypatch):
    """Were the schema comparison not there, integrity_check (not quick_check) still catches it."""
    edit(good, "UPDATE sqlite_master SET sql = 'CREATE INDEX events_in_order ON events "
               "(report_id, section_id, position, id) WHERE id < 29' WHERE name = 'events_in_order'",
         writable_schema=True)
    conn = sqlite3.connect(good.as_uri() + "?mode=ro", uri=True)
    assert conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    conn.close()
    monkeypatch.setattr(vetting, "refuse_foreign_schema", lambda *args: None)
    with pytest.raises(NotOurDatabaseError, match="поврежден"):
        vet_database_file(good)


# --- 5. orphans ---------------------------------------------------------------------------------


def test_an_event_whose_section_is_gone_is_refused_with_the_count(good, tmp_path, capsys):
    edit(good, "UPDATE events SET section_id = 999 WHERE id = 47")
    target = tmp_path / "координатор.sqlite"
    Store.open(target).close()
    err = _refused(capsys, ["merge", str(good), "--db", str(target)], contains="без раздела или квартала — 1")
    assert "строка 47" in err


def test_an_event_whose_quarter_is_gone_is_refused(good):
    edit(good, "UPDATE events SET report_id = 77 WHERE id IN (1, 2)")
    with pytest.raises(NotOurDatabaseError, match="без раздела или квартала — 2"):
        vet_database_file(good)


# --- 6. no statement runs unbounded on a file from elsewhere -------------------------------------


def test_vetting_is_stopped_past_its_time_budget(good, monkeypatch):
    monkeypatch.setattr(vetting, "VETTING_SECONDS", -1.0)
    monkeypatch.setattr(vetting, "_PROGRESS_STEPS", 1)
    with pytest.raises(NotOurDatabaseError, match="не закончилась"):
        vet_database_file(good)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
@pytest.mark.parametrize("argv", [["check", "--db", "{fifo}"], ["merge", "{fifo}"],
                                  ["import-docx", str(REPORT_DOCX), "--db", "{fifo}"]])
def test_a_fifo_is_refused_before_anything_opens_it(tmp_path, argv, capsys, monkeypatch):
    fifo = tmp_path / "канал.sqlite"
    os.mkfifo(fifo)
    monkeypatch.setenv("SMOLEVENTS_DB", str(tmp_path / "events.sqlite"))
    outcome = []
    thread = threading.Thread(target=lambda: outcome.append(main([part.format(fifo=fifo) for part in argv])),
                              daemon=True)
    thread.start()
    thread.join(10)
    if thread.is_alive():  # unblock the reader so the test run can end, then fail
        with open(fifo, "wb"):
            pass
        pytest.fail("the command blocked on the FIFO")
    assert outcome == [1]
    err = capsys.readouterr().err
    assert "не обычный файл" in err and err.count("\n") == 1


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_device_is_refused(capsys):
    _refused(capsys, ["check", "--db", "/dev/zero"], contains="не обычный файл")


# --- 7. file: URIs ---------------------------------------------------------------------------------


@pytest.mark.parametrize("uri", ["file:x.sqlite?mode=memory", "FILE:/tmp/x.sqlite", "file::memory:"])
def test_a_file_uri_is_refused_and_nothing_claims_to_be_saved(uri, capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    _refused(capsys, ["import-docx", str(REPORT_DOCX), "--db", uri], contains="адрес SQLite (URI)")
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(UserError, match="URI"):
        Store.open(uri)
    with pytest.raises(UserError, match="URI"):
        vet_database_file(uri)


@pytest.mark.parametrize("kind", BAD_ROWS)
def test_bad_rows_of_the_default_database_are_refused_as_the_rows_vetting_says(good, kind, capsys, monkeypatch):
    """Vetted in place, the rows are vetted while check reads its listing: whatever the listing
    meets in a bad row, the clerk is told what the vetting found, and nothing else is printed."""
    edit(good, BAD_ROWS[kind][0])
    monkeypatch.setenv("SMOLEVENTS_DB", str(good))
    before = good.read_bytes()
    assert main(["check"]) == 1
    captured = capsys.readouterr()
    assert BAD_ROWS[kind][1] in captured.err and captured.err.count("\n") == 1
    assert captured.out == ""
    assert good.read_bytes() == before


def test_every_kind_of_bad_event_row_is_named_in_the_usual_order(good):
    """The events are read once for all the SQL checks: each kind is still named apart, in order."""
    edit(good, "UPDATE events SET version = -1 WHERE id IN (3, 9)", "UPDATE events SET name = x'DEADBEEF' WHERE id = 7",
         "UPDATE events SET section_id = 999 WHERE id = 4")
    with pytest.raises(NotOurDatabaseError) as refused:
        vet_database_file(good)
    assert ("неверные данные: мероприятия с полями неверного типа или длины — 1 (строка 7); "
            "мероприятия с номером версии вне допустимого — 2 (строки 3, 9); "
            "мероприятия без раздела или квартала — 1 (строка 4). ") in str(refused.value)
