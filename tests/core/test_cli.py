import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from smolevents.cli.main import main
from smolevents.core.store import Store
from tests.old_schema import version_1_file
from tests.real_report import real_report_into


def test_check_prints_counts_problems_and_integrity(db_path, real_report, capsys):
    with Store.open(db_path) as store:
        real_report_into(store, real_report)
    assert main(["--db", str(db_path), "check"]) == 0
    out = capsys.readouterr().out
    assert "II квартал 2023: мероприятий 47, ошибок 0, предупреждений 7" in out
    assert "  Сотрудничество в сфере культуры: 18" in out
    assert "! № 5: Сроки проведения: мероприятие прошло не в II квартале 2023 года" in out
    assert "Целостность файла: в порядке." in out


def test_sections_lists_and_adds(db_path, capsys):
    assert main(["--db", str(db_path), "sections", "--add", "Сотрудничество в экономической сфере"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Добавлен раздел «Сотрудничество в экономической сфере»."
    assert out[1] == "1. Сотрудничество в сфере инвестиционного развития"
    assert out[-1] == "9. Сотрудничество в экономической сфере"


def test_smolevents_db_variable_chooses_the_file(tmp_path, monkeypatch, capsys):
    path = tmp_path / "from-env.sqlite"
    monkeypatch.setenv("SMOLEVENTS_DB", str(path))
    assert main(["sections", "--add", "Сотрудничество в экономической сфере"]) == 0
    assert main(["check"]) == 0
    assert f"База: {path}" in capsys.readouterr().out
    with Store.open(path) as store:
        assert store.sections()[-1].title == "Сотрудничество в экономической сфере"


def test_refused_data_exits_1_with_one_russian_line(tmp_path, capsys):
    bad = tmp_path / "bad.sqlite"
    bad.write_text("это не база данных" * 100, encoding="utf-8")
    assert main(["--db", str(bad), "check"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "не является базой данных SQLite" in err
    assert "Traceback" not in err


def test_duplicate_section_is_refused_with_exit_1(db_path, capsys):
    assert main(["--db", str(db_path), "sections", "--add", "Сотрудничество в сфере спорта"]) == 1
    assert "уже есть" in capsys.readouterr().err


def test_wrong_usage_exits_2(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["no-such-command"])
    assert exit_info.value.code == 2
    assert "Ошибка в команде" in capsys.readouterr().err


def test_installed_entry_point_runs_as_a_module(db_path):
    Store.open(db_path).close()
    result = subprocess.run(
        [sys.executable, "-m", "smolevents", "--db", str(db_path), "sections"],
        capture_output=True, text=True, encoding="utf-8", timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "8. Общие направления сотрудничества" in result.stdout


def test_the_core_never_loads_qt():
    code = (
        "import sys, pkgutil, importlib, smolevents.core\n"
        "for m in pkgutil.walk_packages(smolevents.core.__path__, 'smolevents.core.'):\n"
        "    importlib.import_module(m.name)\n"
        "from smolevents.cli.main import build_parser; build_parser()\n"
        "loaded = [name for name in sys.modules if name.startswith('PySide6')]\n"
        "print(len(list(pkgutil.walk_packages(smolevents.core.__path__))), loaded)\n"
        "sys.exit(1 if loaded else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_disk_error_is_one_line_not_a_traceback(db_path, capsys, monkeypatch):
    from smolevents.cli.commands import sections

    def failing(args):
        raise PermissionError(13, "Permission denied", str(db_path))

    monkeypatch.setattr(sections, "run", failing)
    assert main(["--db", str(db_path), "sections"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Ошибка доступа к файлу: Permission denied") and err.count("\n") == 1


def test_a_database_error_is_one_line_not_a_traceback(db_path, capsys, monkeypatch):
    from smolevents.cli.commands import sections

    def failing(args):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(sections, "run", failing)
    assert main(["--db", str(db_path), "sections"]) == 1
    err = capsys.readouterr().err
    assert err == "Ошибка базы данных: disk I/O error. Проверьте файл командой smolevents check.\n"


def test_import_docx_reads_its_command_line_without_sqlite():
    # The store (and sqlite3 with it) is imported beside the document's parse, not before it.
    code = ("import sys\n"
            "from smolevents.cli.main import parse_arguments\n"
            "parse_arguments(['import-docx', 'report.docx'])\n"
            "import smolevents.core.report.docx_safety\n"
            "print('sqlite3' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.strip() == "False", result.stderr


@pytest.mark.parametrize("command", [["check"], ["sections"], ["copy-for-sending", "copy.sqlite"],
                                     ["merge", "--dry-run", "other.sqlite"]])
def test_db_is_accepted_after_every_command_as_the_readme_lists(command, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    elsewhere = tmp_path / "not-this-one.sqlite"
    monkeypatch.setenv("SMOLEVENTS_DB", str(elsewhere))
    for name in ("events.sqlite", "other.sqlite"):
        with Store.open(tmp_path / name):
            pass
    assert main([*command, "--db", "events.sqlite"]) == 0, capsys.readouterr().err
    assert not elsewhere.exists()


ENGLISH_ARGPARSE_WORDS = ("usage:", "options:", "positional arguments", "show this help", "show program's")


@pytest.mark.parametrize("command", [[], ["check"], ["sections"], ["export"], ["import-docx"], ["merge"],
                                     ["copy-for-sending"]])
def test_help_of_the_program_and_every_command_is_russian(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([*command, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("Использование: smolevents")
    assert "показать эту справку и выйти" in out
    assert not [word for word in ENGLISH_ARGPARSE_WORDS if word in out], out


@pytest.mark.parametrize("argv, expected", [
    (["check", "--db"], "Ошибка в команде: после --db укажите значение"),
    (["check", "--unknown"], "Ошибка в команде: лишние аргументы: --unknown"),
    (["import-docx"], "Ошибка в команде: не указано обязательное: FILE.docx"),
    (["import-docx", "x.docx", "--year", "abc"], "Ошибка в команде: --year: нужно целое число, а не 'abc'"),
])
def test_usage_mistakes_are_explained_in_russian(argv, expected, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("Использование: smolevents")
    assert expected in err.splitlines()


@pytest.mark.parametrize("command", [["check"], ["sections"], ["copy-for-sending", "copy.sqlite"]])
def test_a_command_that_only_reads_never_makes_a_missing_database(command, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main([*command, "--db", "typo.sqlite"]) == 1
    err = capsys.readouterr().err
    assert err == "База «typo.sqlite» не найдена. Проверьте путь или укажите файл базы: --db ПУТЬ.\n"
    assert list(tmp_path.iterdir()) == []


def test_a_read_only_database_is_refused_in_one_line_and_left_as_it_was(db_path, monkeypatch, capsys):
    Store.open(db_path).close()
    before = db_path.read_bytes()
    real_connect = sqlite3.connect

    def read_only(database, *args, **kwargs):
        # What SQLite meets in a file marked read-only (the tests may run as root, who ignores the mark).
        if kwargs.get("uri") or database == ":memory:":  # (the vetting's copy of a small file is in memory)
            return real_connect(database, *args, **kwargs)
        return real_connect(Path(database).resolve().as_uri() + "?mode=ro", *args, uri=True, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", read_only)
    assert main(["--db", str(db_path), "sections", "--add", "Сотрудничество в экономической сфере"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Файл базы «events.sqlite» защищен от записи (сам файл или его папка): "
                          "изменение не сохранено.") and err.count("\n") == 1
    assert db_path.read_bytes() == before


def test_a_database_another_program_is_writing_is_busy_not_damaged(db_path, monkeypatch, capsys):
    Store.open(db_path).close()
    writer = sqlite3.connect(db_path, isolation_level=None)
    writer.execute("BEGIN EXCLUSIVE")  # what a commit in progress holds: nobody may read
    real_connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda *args, **kwargs: real_connect(*args, **{**kwargs, "timeout": 0.1}))
    try:
        assert main(["--db", str(db_path), "check"]) == 1
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert capsys.readouterr().err == (
        "База данных занята другой программой (возможно, открыта во втором окне smolevents "
        "или в другой программе). Подождите и повторите действие.\n"
    )


def test_check_leaves_the_cycle_collector_of_a_process_that_goes_on_as_it_was(db_path, real_report, monkeypatch):
    import atexit
    import gc

    from smolevents.core import bulk

    with Store.open(db_path) as store:
        real_report_into(store, real_report)
    at_exit = []
    monkeypatch.setattr(bulk, "_freezing_at_exit", False)
    monkeypatch.setattr(atexit, "register", at_exit.append)
    frozen_before = gc.get_freeze_count()
    for _ in range(2):
        assert main(["--db", str(db_path), "check"]) == 0
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen_before  # frozen at exit only
    assert at_exit.count(gc.freeze) == 1  # asked for once, however many checks


def test_check_names_the_damage_of_the_default_database_it_is_sent_to_check(
        db_path, real_report, monkeypatch, capsys):
    with Store.open(db_path) as store:
        real_report_into(store, real_report)
    with open(db_path, "r+b") as damaged:
        damaged.seek(db_path.stat().st_size // 2)
        damaged.write(b"\xff" * 8192)
    monkeypatch.setenv("SMOLEVENTS_DB", str(db_path))
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Файл «events.sqlite» поврежден (проверка SQLite не пройдена).")
    assert "smolevents check" not in err


def test_check_of_the_default_database_runs_integrity_check_once_and_copies_nothing(
        tmp_path, monkeypatch, real_report, capsys):
    from smolevents.core.store import side_files

    path = tmp_path / "events.sqlite"
    with Store.open(path) as store:
        real_report_into(store, real_report)
    monkeypatch.setenv("SMOLEVENTS_DB", str(path))
    statements = []
    connect = sqlite3.connect

    def traced_connect(*args, **kwargs):
        conn = connect(*args, **kwargs)
        conn.set_trace_callback(statements.append)
        return conn

    def no_copy(*_args):
        raise AssertionError("the default database was copied")

    monkeypatch.setattr(sqlite3, "connect", traced_connect)
    monkeypatch.setattr(side_files.shutil, "copyfile", no_copy)
    monkeypatch.setattr(side_files, "copy_set", no_copy)
    assert main(["check"]) == 0
    assert "II квартал 2023: мероприятий 47, ошибок 0, предупреждений 7" in capsys.readouterr().out
    # integrity_check (which covers all quick_check does) once, and nothing else on top
    assert sum("integrity_check" in statement for statement in statements) == 1
    assert sum("quick_check" in statement for statement in statements) == 0


@pytest.mark.parametrize("large", [True, False])
def test_check_lists_a_large_default_database_after_its_rows_are_vetted_and_a_small_one_beside(
        tmp_path, real_report, monkeypatch, capsys, large):
    import time

    from smolevents.cli.commands import check
    from smolevents.core.store import vetting

    order = []
    vet_rows, summary_lines = vetting.vet_rows, check.summary_lines

    def slow_vet_rows(conn, label):
        time.sleep(0.3)
        vet_rows(conn, label)
        order.append("rows vetted")

    def listing(*args, **kwargs):
        order.append("listed")
        return summary_lines(*args, **kwargs)

    monkeypatch.setattr(vetting, "vet_rows", slow_vet_rows)
    monkeypatch.setattr(check, "summary_lines", listing)
    monkeypatch.setattr(check, "_LISTING_WAITS_FROM_BYTES", 0 if large else 10 ** 12)
    path = tmp_path / "events.sqlite"
    with Store.open(path) as store:
        real_report_into(store, real_report)
    monkeypatch.setenv("SMOLEVENTS_DB", str(path))
    assert main(["check"]) == 0
    assert order == (["rows vetted", "listed"] if large else ["listed", "rows vetted"])
    assert "II квартал 2023: мероприятий 47, ошибок 0, предупреждений 7" in capsys.readouterr().out


def test_check_prints_nothing_but_the_refusal_of_a_large_default_database_with_bad_rows(
        tmp_path, real_report, monkeypatch, capsys):
    from smolevents.cli.commands import check
    from tests.hostile_sqlite import edit

    monkeypatch.setattr(check, "_LISTING_WAITS_FROM_BYTES", 0)
    path = tmp_path / "events.sqlite"
    with Store.open(path) as store:
        real_report_into(store, real_report)
    edit(path, "UPDATE events SET name = x'DEADBEEF' WHERE id = 3")
    monkeypatch.setenv("SMOLEVENTS_DB", str(path))
    assert main(["check"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("В файле «events.sqlite» неверные данные: мероприятия с полями неверного типа"
                                   " или длины — 1 (строка 3).")


def _default_database_with_an_index_that_lies(tmp_path, real_report, monkeypatch):
    """Our own default database whose index disagrees with its table: only integrity_check,
    run alongside the rest of the vetting, can tell (the schema comparison is turned off)."""
    from smolevents.core.store import vetting
    from tests.hostile_sqlite import edit

    path = tmp_path / "events.sqlite"
    with Store.open(path) as store:
        real_report_into(store, real_report)
    edit(path, "UPDATE sqlite_master SET sql = 'CREATE INDEX events_in_order ON events "
               "(report_id, section_id, position, id) WHERE id < 29' WHERE name = 'events_in_order'",
         writable_schema=True)
    monkeypatch.setattr(vetting, "refuse_foreign_schema", lambda *args: None)
    monkeypatch.setenv("SMOLEVENTS_DB", str(path))
    return path


def test_check_prints_nothing_of_a_default_database_whose_integrity_check_fails(
        tmp_path, real_report, monkeypatch, capsys):
    _default_database_with_an_index_that_lies(tmp_path, real_report, monkeypatch)
    assert main(["check"]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith("Файл «events.sqlite» поврежден (проверка SQLite не пройдена).")
    assert captured.out == ""  # the listing read meanwhile is not shown


def test_the_integrity_check_made_alongside_wins_over_bad_rows_as_when_it_ran_first(
        tmp_path, real_report, monkeypatch, capsys):
    from tests.hostile_sqlite import edit

    path = _default_database_with_an_index_that_lies(tmp_path, real_report, monkeypatch)
    edit(path, "UPDATE events SET version = -1 WHERE id = 5")
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Файл «events.sqlite» поврежден") and "номером версии" not in err


def _version_1_default_database(path):
    """A file the first version of the program wrote: `check` upgrades it as the program does."""
    stamp = "'2023-05-02T10:00:00.000000+00:00'"
    version_1_file(
        path,
        "INSERT INTO sections (id, title, sort_order) VALUES (1, 'Общие направления сотрудничества', 0)",
        f"INSERT INTO reports (id, year, quarter, closing, updated_at) VALUES (1, 2023, 2, '', {stamp})",
        "INSERT INTO events (uuid, report_id, section_id, position, name, place, date_start, date_end, purpose,"
        " participants, created_at, updated_at) VALUES ('u1', 1, 1, 0, 'Визит', 'г. Смоленск', '2023-05-02',"
        f" '2023-05-02', 'Обмен опытом', '16 человек', {stamp}, {stamp})",
    )


def test_the_default_database_is_read_while_vetted_unless_it_is_to_be_upgraded(tmp_path, real_report, monkeypatch):
    """The listing is read while the long checks run, except from a file the store upgrades as it
    opens (a writer must find nobody reading): then every verdict is in first."""
    import time

    from smolevents.core.store import vetting

    finished = []

    def slow_integrity_check(conn, label):
        time.sleep(0.3)
        finished.append(label)

    monkeypatch.setattr(vetting, "_check_integrity", slow_integrity_check)
    current = tmp_path / "events.sqlite"
    with Store.open(current) as store:
        real_report_into(store, real_report)
    with vetting.vetted_in_place(current):
        assert finished == []
    assert finished == ["events.sqlite"]
    older = tmp_path / "старая.sqlite"
    _version_1_default_database(older)
    with vetting.vetted_in_place(older):
        assert finished == ["events.sqlite", "старая.sqlite"]


def test_check_upgrades_an_older_default_database_and_lists_it(tmp_path, monkeypatch, capsys):
    from smolevents.core.store import schema

    path = tmp_path / "events.sqlite"
    _version_1_default_database(path)
    monkeypatch.setenv("SMOLEVENTS_DB", str(path))
    assert main(["check"]) == 0
    assert "II квартал 2023: мероприятий 1, ошибок 0, предупреждений 1" in capsys.readouterr().out
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    assert schema.backup_name(path, 1).exists()


@pytest.mark.parametrize("orphan", ["report_id = 99", "section_id = 99"])
def test_check_leaves_out_foreign_key_check_because_the_vetting_refuses_what_it_would_find(
        tmp_path, real_report, monkeypatch, capsys, orphan):
    """Every foreign key the schema declares is one the rows' vetting follows: a file whose
    event points nowhere never reaches check's summary (and a new foreign key fails here)."""
    from tests.hostile_sqlite import edit

    path = tmp_path / "events.sqlite"
    with Store.open(path) as store:
        real_report_into(store, real_report)
    conn = sqlite3.connect(path)
    tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    declared = {(table, row[3], row[2], row[4]) for table in tables
                for row in conn.execute(f'PRAGMA foreign_key_list("{table}")')}
    conn.close()
    assert declared == {("events", "report_id", "reports", "id"), ("events", "section_id", "sections", "id")}
    edit(path, f"UPDATE events SET {orphan} WHERE id = 3")
    monkeypatch.setenv("SMOLEVENTS_DB", str(path))
    assert main(["check"]) == 1
    captured = capsys.readouterr()
    assert "мероприятия без раздела или квартала — 1 (строка 3)" in captured.err and captured.out == ""


@pytest.mark.parametrize("argv", [
    ["check"],
    ["summary", "--year", "2023"],
    ["export", "--year", "2023", "--quarter", "2", "--force"],
    ["sections"],
])
def test_a_file_of_an_older_version_given_with_db_is_read_and_left_as_it_was(tmp_path, capsys, argv):
    """A department's file from the previous version: read through an upgraded private copy;
    the file keeps its bytes and nothing is written beside it."""
    folder = tmp_path / "от отдела"
    folder.mkdir()
    older = folder / "старая.sqlite"
    _version_1_default_database(older)
    before = older.read_bytes()
    out = tmp_path / "отчет.docx"
    extra = ["-o", str(out)] if argv[0] == "export" else []
    code = main([*argv, "--db", str(older), *extra])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "защищен от записи" not in captured.err
    assert older.read_bytes() == before
    assert [path.name for path in folder.iterdir()] == ["старая.sqlite"]
    if argv[0] == "export":
        assert out.exists()
    if argv[0] == "check":
        assert "Целостность файла: в порядке." in captured.out
