"""`smolevents --self-test` and `--version`, as IT and the Windows build run them."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import smolevents
from smolevents import selftest

ROOT = Path(__file__).resolve().parents[1]
STEPS = (
    "[1/9] Временная база: ",
    "[2/9] Мероприятие добавлено: ",
    "[3/9] Отчет выгружен в Word и прочитан: ",
    "[4/9] Отчет загружен из Word: ",
    "[5/9] Страны-партнеры и участники по тексту: ",
    "[6/9] Орфография: словарь и варианты исправления: ",
    "[7/9] Главное окно открыто и закрыто: ",
    "[8/9] Печать и PDF: ",
    "[9/9] Библиотеки среды выполнения MSVC: ",
)


def run_program(*args: str, home: Path) -> subprocess.CompletedProcess:
    # A fresh HOME and data folder: the self-test must not need (or touch) the clerk's files.
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(home),
               XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"))
    env.pop("XDG_CACHE_HOME", None)
    env.pop("SMOLEVENTS_DB", None)
    return subprocess.run([sys.executable, "-m", "smolevents", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


def test_self_test_passes_every_step_and_touches_no_user_file(tmp_path):
    result = run_program("--self-test", home=tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"Самопроверка smolevents {smolevents.__version__} ")
    for step in STEPS:
        line = next((line for line in lines if line.startswith(step)), None)
        assert line is not None, f"нет шага {step!r} в выводе:\n{result.stdout}"
        assert "ОШИБКА" not in line
    window_line = next(line for line in lines if line.startswith(STEPS[6]))
    assert "значок есть" in window_line and "«Отмена»" in window_line
    print_line = next(line for line in lines if line.startswith(STEPS[7]))
    assert re.search(r"PDF [1-9]\d* стр\., печать [1-9]\d* стр\.", print_line), print_line
    assert lines[-1] == "Самопроверка пройдена."
    assert not (tmp_path / "data" / "smolevents").exists()
    assert not (tmp_path / "config" / "smolevents").exists()  # the window's remembered size
    assert not (tmp_path / ".cache" / "smolevents").exists()  # the country names' cache


def test_version_prints_the_package_version(tmp_path):
    result = run_program("--version", home=tmp_path)

    assert result.returncode == 0
    assert result.stdout.strip() == f"smolevents {smolevents.__version__}"


def test_a_failing_step_stops_the_self_test_with_exit_1(monkeypatch):
    def broken_export(self):
        raise selftest.SelfTestFailure("файл отчета не появился")

    monkeypatch.setattr(selftest.SelfTest, "export_docx", broken_export)
    out = io.StringIO()

    assert selftest.run_self_test(out) == 1
    lines = out.getvalue().splitlines()
    assert lines[-2] == "[3/9] Отчет выгружен в Word и прочитан: ОШИБКА — файл отчета не появился"
    assert lines[-1] == "Самопроверка не пройдена."
    assert not any(line.startswith("[4/9]") for line in lines)


def test_an_unexpected_error_is_named_in_one_line(monkeypatch, capsys):
    def crashing_add(self):
        raise KeyError("section")

    monkeypatch.setattr(selftest.SelfTest, "add_event", crashing_add)
    out = io.StringIO()

    assert selftest.run_self_test(out) == 1
    assert "[2/9] Мероприятие добавлено: ОШИБКА — KeyError: 'section'" in out.getvalue()
    assert "Traceback" in capsys.readouterr().err  # for whoever debugs the build


def test_the_runtime_check_names_each_missing_dll(tmp_path):
    (tmp_path / "PySide6").mkdir()
    (tmp_path / "VCRUNTIME140.dll").write_bytes(b"MZ")
    (tmp_path / "PySide6" / "msvcp140.dll").write_bytes(b"MZ")
    assert selftest.missing_runtime_libraries(tmp_path) == ["vcruntime140_1.dll"]
    (tmp_path / "vcruntime140_1.dll").write_bytes(b"MZ")
    assert selftest.missing_runtime_libraries(tmp_path) == []


def test_a_windows_build_without_the_runtime_fails_its_self_test(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    monkeypatch.setattr(sys, "platform", "win32")
    (tmp_path / "vcruntime140.dll").write_bytes(b"MZ")
    test = selftest.SelfTest(tmp_path)
    try:
        test.runtime_libraries()
    except selftest.SelfTestFailure as failure:
        assert "vcruntime140_1.dll, msvcp140.dll" in str(failure)
    else:
        raise AssertionError("a bundle without the MSVC runtime passed")


def test_pdf_pages_are_counted_and_a_non_pdf_has_none(tmp_path):
    not_pdf = tmp_path / "x.pdf"
    not_pdf.write_bytes(b"<html>")
    assert selftest.pdf_page_count(not_pdf) == 0
    assert selftest.pdf_page_count(tmp_path / "missing.pdf") == 0
    two = tmp_path / "two.pdf"
    two.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Pages /Count 2 >>\n2 0 obj << /Type /Page >>\n"
                    b"3 0 obj <</Type/Page>>\n")
    assert selftest.pdf_page_count(two) == 2


def test_version_loads_neither_the_command_line_nor_the_store():
    # `--version` is asked by installers and scripts: answered as fast as Python starts.
    code = ("import sys; from smolevents.__main__ import main; main(['--version']); "
            "print([name for name in ('argparse', 'smolevents.cli.main', 'smolevents.core.store', "
            "'sqlite3', 'PySide6', 'platformdirs') if name in sys.modules])")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                            encoding="utf-8", timeout=60)
    assert result.stdout.splitlines() == [f"smolevents {smolevents.__version__}", "[]"]
