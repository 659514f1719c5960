"""`smolevents --self-test` and `--version`, as IT and the Windows build run them."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import smolevents
from smolevents import selftest

ROOT = Path(__file__).resolve().parents[1]
STEPS = (
    "[1/6] Временная база: ",
    "[2/6] Мероприятие добавлено: ",
    "[3/6] Отчет выгружен в Word и прочитан: ",
    "[4/6] Отчет загружен из Word: ",
    "[5/6] Страны-партнеры и участники по тексту: ",
    "[6/6] Главное окно открыто и закрыто: ",
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
    window_line = next(line for line in lines if line.startswith(STEPS[5]))
    assert "значок есть" in window_line and "«Отмена»" in window_line
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
    assert lines[-2] == "[3/6] Отчет выгружен в Word и прочитан: ОШИБКА — файл отчета не появился"
    assert lines[-1] == "Самопроверка не пройдена."
    assert not any(line.startswith("[4/6]") for line in lines)


def test_an_unexpected_error_is_named_in_one_line(monkeypatch, capsys):
    def crashing_add(self):
        raise KeyError("section")

    monkeypatch.setattr(selftest.SelfTest, "add_event", crashing_add)
    out = io.StringIO()

    assert selftest.run_self_test(out) == 1
    assert "[2/6] Мероприятие добавлено: ОШИБКА — KeyError: 'section'" in out.getvalue()
    assert "Traceback" in capsys.readouterr().err  # for whoever debugs the build
