"""Fuzzing every command that reads a database file from elsewhere: odd text, bad rows,
damaged pages, side files, rewritten schemas."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from smolevents.core.dates import EventDates
from smolevents.core.domain import Event, Quarter
from smolevents.core.store import Store
from tests.fuzz.contract import run
from tests.fuzz.strategies import ATTACKS, FUZZ, ROW_EDITS, SCHEMA_EDITS, odd_text, section_title
from tests.hostile_sqlite import hot_journal_restoring
from tests.real_report import REPORT_DOCX

QUARTER = Quarter(2023, 2)
COMMANDS = ["check", "export", "merge", "import-docx", "copy-for-sending", "sections"]
READ_ONLY = {"check", "export", "copy-for-sending", "sections"}


def _run_command(command: str, database: Path, folder: Path):
    """One command on `database` as the clerk types it, with the contract checked."""
    if command == "check":
        return run(["check", "--db", database], inputs=[database])
    if command == "export":
        return run(["export", "--year", "2023", "--quarter", "2", "--db", database, "-o", folder / "вывод.docx",
                    "--force"], inputs=[database])
    if command == "copy-for-sending":
        return run(["copy-for-sending", folder / "копия.sqlite", "--db", database], inputs=[database])
    if command == "sections":
        return run(["sections", "--db", database], inputs=[database])
    if command == "merge":
        target = folder / "координатор.sqlite"
        if not target.exists():
            Store.open(target).close()
        return run(["merge", database, "--db", target], inputs=[database], written=target)
    return run(["import-docx", REPORT_DOCX, "--db", database], inputs=[REPORT_DOCX], written=database)


def _base(path: Path, titles=("Сотрудничество в сфере культуры",), texts=("Выставка",)) -> Path:
    with Store.open(path) as store:
        for title in titles:
            store.ensure_section(title)
        catalogue = store.sections()
        drafts = []
        for number, text in enumerate(texts):
            section = catalogue[number % len(catalogue)].id
            dates = EventDates.parse(["25 мая 2023 года", "май 2023", "в течение квартала"][number % 3])
            drafts.append(Event(None, "", QUARTER, section, 0, name=text, place=text, dates=dates,
                                purpose=text, participants=f"{number} человек"))
        store.insert_events(drafts)
        store.set_closing(QUARTER, "Итог")
    return path


_BASE: bytes | None = None


def _base_copy(path: Path) -> Path:
    global _BASE
    if _BASE is None:
        with tempfile.TemporaryDirectory() as folder:
            _BASE = _base(Path(folder) / "b.sqlite", texts=[f"Мероприятие {n}" for n in range(6)]).read_bytes()
    path.write_bytes(_BASE)
    return path


@FUZZ
@given(titles=st.lists(section_title, min_size=1, max_size=4), texts=st.lists(odd_text, min_size=1, max_size=6),
       command=st.sampled_from(COMMANDS))
def test_databases_with_odd_text(titles, texts, command):
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        database = _base(folder / "отдел.sqlite", titles, texts)
        outcome = _run_command(command, database, folder)
        assert outcome.code == 0 or command == "import-docx", outcome.err  # sound files are accepted
        if command == "merge":
            again = run(["merge", database, "--db", folder / "координатор.sqlite"], inputs=[database])
            assert "добавлено 0" in again.out, again.out


def _set(path: Path, table: str, column: str, value, row: int) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    try:
        conn.execute(f"UPDATE {table} SET {column} = ? WHERE rowid = ?", (value, row))
    except sqlite3.IntegrityError:
        pass  # NOT NULL or UNIQUE refused the edit: the file stays sound
    finally:
        conn.close()


@FUZZ
@given(edits=st.lists(st.tuples(ROW_EDITS, st.integers(1, 6)), min_size=1, max_size=3),
       command=st.sampled_from(COMMANDS))
def test_databases_with_bad_rows(edits, command):
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        database = _base_copy(folder / "отдел.sqlite")
        for (table, column, value), row in edits:
            _set(database, table, column, value, row)
        _run_command(command, database, folder)


@FUZZ
@given(flips=st.lists(st.tuples(st.integers(0, 10 ** 6), st.integers(0, 255)), min_size=1, max_size=12),
       cut=st.one_of(st.none(), st.integers(0, 10 ** 6)), command=st.sampled_from(COMMANDS))
def test_damaged_databases(flips, cut, command):
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        database = _base_copy(folder / "отдел.sqlite")
        data = bytearray(database.read_bytes())
        for offset, value in flips:
            data[offset % len(data)] = value
        if cut is not None:
            data = data[:cut % len(data)]
        database.write_bytes(bytes(data))
        _run_command(command, database, folder)


@FUZZ
@given(kind=st.sampled_from(["random-journal", "random-wal", "journal-header", "hot-attack"]),
       noise=st.binary(min_size=0, max_size=5000), attack=st.sampled_from(ATTACKS),
       command=st.sampled_from(COMMANDS))
def test_databases_with_side_files(kind, noise, attack, command):
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        database = _base_copy(folder / "отдел.sqlite")
        if kind == "random-journal":
            Path(f"{database}-journal").write_bytes(noise)
        elif kind == "random-wal":
            Path(f"{database}-wal").write_bytes(noise)
        elif kind == "journal-header":
            Path(f"{database}-journal").write_bytes(bytes.fromhex("d9d505f920a163d7") + noise)
        else:
            before = folder / "до.sqlite"
            shutil.copyfile(database, before)
            conn = sqlite3.connect(before)
            conn.execute(attack)
            conn.commit()
            conn.close()
            hot_journal_restoring(database, before)
        outcome = _run_command(command, database, folder)
        if kind == "hot-attack":
            assert outcome.code == 1, "a hot journal bringing back foreign schema got through"


@FUZZ
@given(statement=st.sampled_from(SCHEMA_EDITS + ATTACKS), command=st.sampled_from(COMMANDS))
def test_databases_with_a_schema_not_ours_are_refused(statement, command):
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        database = _base_copy(folder / "отдел.sqlite")
        conn = sqlite3.connect(database, isolation_level=None)
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute(statement)
        conn.close()
        outcome = _run_command(command, database, folder)
        assert outcome.code == 1, outcome.out
