"""`smolevents export`: what the clerk types and reads on the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from smolevents.cli.main import main
from smolevents.core.dates import EventDates
from smolevents.core.store import Store
from tests.real_report import QUARTER, real_report_into


@pytest.fixture
def real_db(db_path, real_report):
    with Store.open(db_path) as store:
        real_report_into(store, real_report)
    return db_path


def numbers_in(path) -> list[str]:
    table = docx.Document(str(path)).tables[0]
    return [tc.xpath("string(.)") for tc in table._tbl.xpath("./w:tr/w:tc[1]")
            if tc.xpath("string(.)").endswith(".") and tc.xpath("string(.)")[:-1].isdigit()]


def test_exports_the_real_quarter_to_the_default_name_in_the_current_folder(
        real_db, tmp_path, monkeypatch, capsys):
    folder = tmp_path / "out"
    folder.mkdir()
    monkeypatch.chdir(folder)
    assert main(["--db", str(real_db), "export", "--year", "2023", "--quarter", "2"]) == 0
    written = folder / "Отчет_II_квартал_2023.docx"
    assert os.listdir(folder) == [written.name]
    assert numbers_in(written) == [f"{n}." for n in range(1, 48)]
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"Отчет за II квартал 2023 записан: {written}"
    assert out[1] == "Мероприятий: 47, разделов: 8."
    assert out[2] == "Предупреждения (7):"  # events of March reported late: said, never blocking
    assert out[3].startswith("  ! № 5: Сроки проведения: мероприятие прошло не в II квартале 2023 года")


def test_output_file_folder_and_roman_quarter(real_db, tmp_path, capsys):
    named = tmp_path / "квартал.docx"
    assert main(["export", "--db", str(real_db), "--year", "2023", "--quarter", "II", "-o", str(named)]) == 0
    assert named.is_file()
    assert main(["export", "--db", str(real_db), "--year", "2023", "--quarter", "2", "-o", str(tmp_path)]) == 0
    assert (tmp_path / "Отчет_II_квартал_2023.docx").is_file()
    assert main(["export", "--db", str(real_db), "--year", "2023", "--quarter", "2",
                 "-o", str(tmp_path / "без расширения")]) == 0
    assert (tmp_path / "без расширения.docx").is_file()


@pytest.fixture
def db_with_errors(db_path):
    with Store.open(db_path) as store:
        section = store.sections()[0]
        store.add_event(QUARTER, section.id, name="Форум", place="г. Смоленск",
                        dates=EventDates.parse("25 мая 2023 года"), purpose="Цель", participants="")
    return db_path


def test_errors_stop_the_export_and_are_listed(db_with_errors, tmp_path, capsys):
    target = tmp_path / "report.docx"
    code = main(["--db", str(db_with_errors), "export", "--year", "2023", "--quarter", "2", "-o", str(target)])
    assert code == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "Отчет не выгружен: ошибок 1. Исправьте их и повторите выгрузку:",
        "  ! № 1: Не заполнено поле «Участники».",
        "Выгрузить как есть, с ошибками: добавьте --force.",
    ]
    assert not target.exists()


def test_force_exports_and_still_lists_the_errors(db_with_errors, tmp_path, capsys):
    target = tmp_path / "report.docx"
    code = main(["--db", str(db_with_errors), "export", "--year", "2023", "--quarter", "2",
                 "-o", str(target), "--force"])
    assert code == 0
    out = capsys.readouterr().out
    assert "Выгружено с ошибками (1, --force) — исправьте их до отправки:" in out
    assert "  ! № 1: Не заполнено поле «Участники»." in out
    assert numbers_in(target) == ["1."]


@pytest.mark.parametrize("arguments, message", [
    (["--year", "2023", "--quarter", "5"], "Квартал указывается числом от 1 до 4 (или I–IV), а не «5»."),
    (["--year", "две тысячи", "--quarter", "2"], "Год указывается числом от 1990 до 2200, а не «две тысячи»."),
    (["--year", "1812", "--quarter", "2"], "Год указывается числом от 1990 до 2200, а не «1812»."),
    (["--quarter", "2"], "Укажите период отчета: --year ГОД --period ПЕРИОД (q1–q4, h1, 9m, year) "
                         "или --year ГОД --quarter НОМЕР (например, --year 2023 --quarter 2)."),
    (["--year", "2023", "--period", "h2"], "Период указывается одним из: q1 q2 q3 q4 h1 9m year "
                                            "(квартал, I полугодие, 9 месяцев, год), а не «h2»."),
    (["--year", "2023", "--period", "h1", "--quarter", "2"], "Укажите что-то одно: --period или --quarter."),
])
def test_a_wrong_quarter_is_a_usage_error_in_russian(real_db, tmp_path, monkeypatch, capsys, arguments, message):
    monkeypatch.chdir(tmp_path)
    assert main(["--db", str(real_db), "export", *arguments]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [message, "Справка: smolevents export --help"]
    assert os.listdir(tmp_path) == [real_db.name]


def test_an_empty_quarter_and_a_missing_database_are_refused(real_db, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["--db", str(real_db), "export", "--year", "2023", "--quarter", "3"]) == 1
    assert capsys.readouterr().err.strip() == (
        "Отчет не выгружен: в III квартале 2023 года нет ни одного мероприятия. Проверьте год и квартал.")
    missing = tmp_path / "нет такой.sqlite"
    assert main(["--db", str(missing), "export", "--year", "2023", "--quarter", "2"]) == 1
    assert "не найдена" in capsys.readouterr().err
    assert not missing.exists()  # no empty database made just to find nothing in it
    assert os.listdir(tmp_path) == [real_db.name]


def test_a_report_open_in_word_is_one_line_and_the_old_file_stays(real_db, tmp_path, monkeypatch, capsys):
    target = tmp_path / "Отчет_II_квартал_2023.docx"
    target.write_bytes(b"sent yesterday")

    def locked(source, destination):
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr(os, "replace", locked)
    assert main(["--db", str(real_db), "export", "--year", "2023", "--quarter", "2", "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "открыт в другой программе" in err and "Traceback" not in err
    assert target.read_bytes() == b"sent yesterday"
    assert sorted(os.listdir(tmp_path)) == sorted([real_db.name, target.name])


def test_command_line_start_up_does_not_load_python_docx():
    code = ("import sys; from smolevents.cli.main import build_parser; build_parser(); "
            "import smolevents.core.report.docx_writer; print('docx' in sys.modules)")
    repository = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=repository)
    assert result.stdout.strip() == "False"


def test_a_command_builds_only_its_own_parser_and_help_still_lists_every_command(real_db, tmp_path):
    repository = Path(__file__).resolve().parents[2]
    code = ("import sys; from smolevents.cli.main import main; status = main(sys.argv[1:]); "
            "print(sorted(name for name in sys.modules if name.startswith('smolevents.cli.commands.')), "
            "file=sys.stderr); sys.exit(status)")

    def run(*args):
        return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                              cwd=repository, timeout=60)

    # A database file named like a command is still the database, not the command.
    named_export = tmp_path / "export"
    named_export.write_bytes(real_db.read_bytes())
    exported = run("--db", str(named_export), "export", "--year", "2023", "--quarter", "2",
                   "-o", str(tmp_path / "report.docx"))
    assert exported.returncode == 0, exported.stderr
    assert "Мероприятий: 47, разделов: 8." in exported.stdout
    assert exported.stderr.strip().endswith("['smolevents.cli.commands.export']")
    listed = run("--help")
    assert listed.returncode == 0
    for command in ("check", "sections", "export", "summary", "merge", "copy-for-sending", "import-docx"):
        assert command in listed.stdout
    mistyped = run("expotr")
    assert mistyped.returncode == 2 and "export" in mistyped.stderr and "import-docx" in mistyped.stderr
    own_help = run("export", "--help")
    assert own_help.returncode == 0 and "--period" in own_help.stdout


def test_a_command_never_imports_inspect_and_what_uses_it_still_can(real_db, tmp_path):
    """`dataclasses` would import inspect (ast, dis, tokenize: ~9 ms of every command) only for
    a dataclass without a docstring; the export process imports none of them."""
    code = ("import sys; from smolevents.cli.main import main; status = main(sys.argv[1:]); "
            "print(sorted(name for name in ('inspect', 'ast', 'dis', 'tokenize') if name in sys.modules "
            "and type(sys.modules[name]).__name__ == 'module')); "
            "import inspect, dataclasses; print(inspect.signature(dataclasses.replace)); sys.exit(status)")
    result = subprocess.run([sys.executable, "-c", code, "--db", str(real_db), "export", "--year", "2023",
                             "--quarter", "2", "-o", str(tmp_path / "report.docx")],
                            capture_output=True, text=True, cwd=Path(__file__).resolve().parents[2], timeout=60)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "Мероприятий: 47, разделов: 8." in lines
    assert lines[-2:] == ["[]", "(obj, /, **changes)"]


def test_the_export_process_imports_no_country_index_nor_participant_counting(real_db, tmp_path):
    """Neither is asked of a report read for printing (about 12 M instructions of start-up)."""
    code = ("import sys; from smolevents.cli.main import main; status = main(sys.argv[1:]); "
            "print(sorted(name for name in ('smolevents.core.countries', 'smolevents.core.participants') "
            "if name in sys.modules)); sys.exit(status)")
    result = subprocess.run([sys.executable, "-c", code, "export", "--year", "2023", "--quarter", "2",
                             "-o", str(tmp_path / "report.docx")],
                            capture_output=True, text=True, cwd=Path(__file__).resolve().parents[2], timeout=60,
                            env=dict(os.environ, SMOLEVENTS_DB=str(real_db)))
    assert result.returncode == 0, result.stderr
    assert "Предупреждения (7):" in result.stdout
    assert result.stdout.splitlines()[-1] == "[]"
