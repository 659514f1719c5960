"""A file someone sent is vetted from a private read-only copy and never changed."""

import sqlite3
from pathlib import Path

import pytest

from smolevents.core.store import schema
from smolevents.cli.main import main
from smolevents.core.errors import NewerFileError, NotOurDatabaseError, UserError
from smolevents.core.store import Store
from smolevents.core.store.vetting import connect_read_only, open_source_copy, vet_database_file
from tests.real_report import real_report_file

pytestmark = pytest.mark.usefixtures("either_copy")


@pytest.fixture
def good_file(tmp_path, real_report):
    return real_report_file(tmp_path / "отдел культуры.sqlite", real_report)


def _attacker_edit(path, *statements):
    """Change a file as another program would, with `boom()` known only to it."""
    conn = sqlite3.connect(path)
    conn.create_function("boom", 0, lambda: 1, deterministic=True)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def _our_file_plus(path, *statements):
    with Store.open(path):
        pass
    _attacker_edit(path, *statements)
    return path


def _zero_bytes(tmp_path, good_file):
    path = tmp_path / "пустой.sqlite"
    path.write_bytes(b"")
    return path


def _text_named_sqlite(tmp_path, good_file):
    path = tmp_path / "письмо.sqlite"
    path.write_text("Добрый день! Высылаю отчет за квартал.\n" * 40, encoding="utf-8")
    return path


def _truncated(tmp_path, good_file):
    path = tmp_path / "обрезан.sqlite"
    data = good_file.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _other_programs_database(tmp_path, good_file):
    path = tmp_path / "чужая.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('Иванов', '123')")
    conn.commit()
    conn.close()
    return path


def _missing_column(tmp_path, good_file):
    return _our_file_plus(tmp_path / "без столбца.sqlite", "ALTER TABLE events DROP COLUMN participants")


def _newer_version(tmp_path, good_file):
    return _our_file_plus(tmp_path / "новее.sqlite", f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")


def _view_calling_a_function(tmp_path, good_file):
    return _our_file_plus(tmp_path / "представление.sqlite", "CREATE VIEW evil AS SELECT boom() AS x")


def _trigger_calling_a_function(tmp_path, good_file):
    return _our_file_plus(
        tmp_path / "триггер.sqlite",
        "CREATE TRIGGER evil AFTER INSERT ON events BEGIN SELECT boom(); END",
    )


def _generated_column(tmp_path, good_file):
    return _our_file_plus(
        tmp_path / "вычисляемый.sqlite",
        "ALTER TABLE events ADD COLUMN evil INTEGER GENERATED ALWAYS AS (boom()) VIRTUAL",
    )


HOSTILE = [
    (_zero_bytes, NotOurDatabaseError, "пуст"),
    (_text_named_sqlite, NotOurDatabaseError, "не является базой данных SQLite"),
    (_truncated, NotOurDatabaseError, "поврежден"),
    (_other_programs_database, NotOurDatabaseError, "но не база smolevents"),
    (_missing_column, NotOurDatabaseError, r"не хватает таблиц или столбцов \(events.participants\)"),
    (_newer_version, NewerFileError, "более новой версией smolevents"),
    (_view_calling_a_function, NotOurDatabaseError, "содержит представление «evil»"),
    (_trigger_calling_a_function, NotOurDatabaseError, "содержит триггер «evil»"),
    (_generated_column, NotOurDatabaseError, "вычисляемые столбцы"),
]


@pytest.mark.parametrize("make, error, message", HOSTILE, ids=[case[0].__name__ for case in HOSTILE])
def test_hostile_files_are_refused_with_one_line_and_left_unchanged(tmp_path, good_file, make, error, message):
    path = make(tmp_path, good_file)
    before = path.read_bytes()
    with pytest.raises(error, match=message) as refused:
        vet_database_file(path)
    assert "\n" not in str(refused.value)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(path.stem)) == [path.name]


def test_a_healthy_file_passes_and_is_only_read(good_file):
    before = good_file.read_bytes()
    mtime = good_file.stat().st_mtime_ns
    vet_database_file(good_file)
    assert good_file.read_bytes() == before
    assert good_file.stat().st_mtime_ns == mtime


def test_rows_are_read_from_a_read_only_copy(good_file, either_copy, tmp_path):
    before = good_file.read_bytes()
    with open_source_copy(good_file) as conn:
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == 47
        with pytest.raises(sqlite3.OperationalError):
            conn.execute("DELETE FROM events")
        copy_name = conn.execute("PRAGMA database_list").fetchone()[2]
        if either_copy == "copy on disk":
            assert "smolevents-untrusted-" in copy_name
        else:  # nothing written anywhere: the copy is in memory
            assert not Path(copy_name).is_file()
    assert good_file.read_bytes() == before
    assert sorted(path.name for path in tmp_path.iterdir()) == [good_file.name]
    with Store.open(good_file) as store:
        assert store.count_events() == 47


def test_a_folder_or_missing_file_is_refused(tmp_path):
    with pytest.raises(UserError, match="это папка"):
        vet_database_file(tmp_path)
    with pytest.raises(UserError, match="не найден"):
        vet_database_file(tmp_path / "нет такого.sqlite")


@pytest.mark.parametrize("make", [_view_calling_a_function, _trigger_calling_a_function, _generated_column])
def test_the_files_function_is_never_called_even_if_we_had_one_of_that_name(
        tmp_path, good_file, make, monkeypatch):
    """Were `boom` one of our own functions, vetting must still never run it."""
    path = make(tmp_path, good_file)
    calls = []
    real_connect = sqlite3.connect

    def connect_with_boom(*args, **kwargs):
        conn = real_connect(*args, **kwargs)
        conn.create_function("boom", 0, lambda: calls.append("boom") or 1, deterministic=True)
        return conn

    monkeypatch.setattr(sqlite3, "connect", connect_with_boom)
    with pytest.raises(NotOurDatabaseError):
        vet_database_file(path)
    assert calls == []


def test_our_connection_refuses_to_run_a_view_with_an_unsafe_function(tmp_path, good_file):
    """The second line of defence: trusted_schema=OFF, even if a view were queried."""
    path = _view_calling_a_function(tmp_path, good_file)
    calls = []
    conn = connect_read_only(path)
    conn.create_function("boom", 0, lambda: calls.append("boom") or 1, deterministic=True)
    with pytest.raises(sqlite3.OperationalError, match="unsafe use of boom"):
        conn.execute("SELECT * FROM evil").fetchall()
    conn.close()
    assert calls == []


def test_opening_with_db_vets_the_file_first(tmp_path, good_file, capsys):
    path = _trigger_calling_a_function(tmp_path, good_file)
    before = path.read_bytes()
    assert main(["--db", str(path), "check"]) == 1
    err = capsys.readouterr().err.strip()
    assert err == (
        f"Файл «{path.name}» содержит триггер «evil», которых в базах smolevents не бывает: "
        "файл изменен другой программой, открывать его небезопасно."
    )
    assert path.read_bytes() == before


def test_opening_a_healthy_file_with_db_still_works(good_file, capsys):
    assert main(["--db", str(good_file), "check"]) == 0
    assert "II квартал 2023: мероприятий 47" in capsys.readouterr().out


def test_without_sqlites_deserialize_a_small_file_is_copied_to_disk(good_file, monkeypatch):
    from smolevents.core.store import vetting
    monkeypatch.setattr(vetting, "_CAN_DESERIALIZE", False)
    with open_source_copy(good_file) as conn:
        assert "smolevents-untrusted-" in conn.execute("PRAGMA database_list").fetchone()[2]
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == 47
