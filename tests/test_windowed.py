"""The windowed build (no console): every refusal and failure reaches a dialog and the log.

PyInstaller's `console=False` starts the program with `sys.stdout` and `sys.stderr` set
to None, as pythonw.exe does. Here that is simulated by setting them to None.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap

import pytest

import smolevents
from smolevents import streams
from smolevents.__main__ import main
from smolevents.core import paths


@pytest.fixture
def no_console(monkeypatch, tmp_path):
    """Dialogs recorded and the log in a temporary data folder; `windowed(argv)` runs the
    program with stdout and stderr None (set inside the test: pytest's capture sets its
    own streams after fixtures have run)."""
    monkeypatch.setattr(paths, "data_dir", lambda: tmp_path / "data")
    shown = []
    monkeypatch.setattr(streams, "show_message", lambda text, error: shown.append((text, error)))
    return shown


def windowed(argv, stdout=None, entry=main):
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = stdout, None
    try:
        code = entry(argv)
        assert sys.stdout is stdout and sys.stderr is None  # given back as they were
        return code
    finally:
        sys.stdout, sys.stderr = saved


def log_text(tmp_path):
    log = tmp_path / "data" / "smolevents.log"
    return log.read_text(encoding="utf-8") if log.exists() else ""


def test_a_refusal_is_shown_in_a_dialog_and_logged(no_console, tmp_path):
    missing = tmp_path / "нет такой базы.sqlite"
    assert windowed(["check", "--db", str(missing)]) == 1
    [(text, error)] = no_console
    assert error and "не найден" in text and missing.name in text
    assert "не найден" in log_text(tmp_path)


def test_version_is_shown_as_information_and_not_logged(no_console, tmp_path):
    assert windowed(["--version"]) == 0
    assert no_console == [(f"smolevents {smolevents.__version__}", False)]
    assert log_text(tmp_path) == ""


def test_wrong_usage_is_shown_with_its_exit_status(no_console, tmp_path):
    assert windowed(["no-such-command"]) == 2
    [(text, error)] = no_console
    assert error and "no-such-command" in text


def test_a_bug_at_start_up_is_logged_with_its_traceback_and_said(no_console, tmp_path, monkeypatch):
    import smolevents.__main__ as entry

    def broken(argv):
        raise RuntimeError("сломалось при запуске")

    monkeypatch.setattr(entry, "start", broken)
    assert windowed([], entry=entry.main) == 1
    [(text, error)] = no_console
    assert error and "сломалось при запуске" in text and "журнал" in text
    log = log_text(tmp_path)
    assert "Traceback" in log and "RuntimeError: сломалось при запуске" in log


def test_the_frozen_windowed_program_points_to_the_console_one(no_console, tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    windowed(["check", "--db", str(tmp_path / "нет.sqlite")])
    [(text, _)] = no_console
    assert "smolevents-cli.exe" in text


def test_redirected_output_gets_the_refusal_and_no_dialog_is_shown(no_console, tmp_path, monkeypatch):
    """`smolevents.exe --self-test > out.txt` on a build server: no message box to wait on."""
    out = io.StringIO()
    assert windowed(["check", "--db", str(tmp_path / "нет.sqlite")], stdout=out) == 1
    assert "не найден" in out.getvalue()
    assert no_console == []


def test_without_qt_the_message_goes_to_windows_own_message_box(monkeypatch):
    """When Qt cannot load (a DLL missing from the bundle), the message still reaches the clerk."""
    from smolevents.ui import dialogs

    monkeypatch.setitem(sys.modules, "smolevents.ui.app", None)  # `import` fails, as without QtWidgets
    monkeypatch.setattr(dialogs, "show_error", lambda *args: pytest.fail("Qt's dialog was used"))
    native = []
    monkeypatch.setattr(streams, "_native_message_box", lambda text, error: native.append((text, error)))
    streams.show_message("Окно недоступно", error=True)
    assert native == [("Окно недоступно", True)]


@pytest.mark.parametrize("encoding, switched", [("cp1252", True), ("ascii", True), ("cp1251", False),
                                                ("utf-8", False)])
def test_redirected_output_can_always_write_russian(encoding, switched):
    stream = io.TextIOWrapper(io.BytesIO(), encoding=encoding)
    streams.cyrillic_safe(stream)
    stream.write("Мероприятий: 47, ёлка")
    stream.flush()
    assert stream.encoding == ("utf-8" if switched else encoding)
    assert stream.buffer.getvalue().decode(stream.encoding) == "Мероприятий: 47, ёлка"


@pytest.mark.windows
def test_windows_pythonw_refusal_reaches_the_dialog_and_the_log(tmp_path):
    """The real thing: pythonw.exe (no console, like the windowed build)."""
    pythonw = os.path.join(os.path.dirname(sys.executable), "pythonw.exe")
    if not os.path.exists(pythonw):
        pytest.skip("no pythonw.exe beside this Python")
    result = tmp_path / "result.txt"
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        out = Path({str(result)!r})
        if sys.stderr is not None:
            out.write_text("stderr-present", encoding="utf-8"); raise SystemExit(0)
        from smolevents import streams
        from smolevents.core import paths
        paths.data_dir = lambda: Path({str(tmp_path / 'data')!r})
        streams.show_message = lambda text, error: out.write_text(f"{{error}}|{{text}}", encoding="utf-8")
        from smolevents.__main__ import main
        raise SystemExit(main(["check", "--db", {str(tmp_path / 'нет.sqlite')!r}]))
    """)
    done = subprocess.run([pythonw, "-c", script], timeout=120, stdin=subprocess.DEVNULL,
                          creationflags=subprocess.DETACHED_PROCESS)
    if result.read_text(encoding="utf-8") == "stderr-present":
        pytest.skip("pythonw.exe was given a stderr by this runner")
    assert done.returncode == 1
    error, text = result.read_text(encoding="utf-8").split("|", 1)
    assert error == "True" and "не найден" in text
    assert "не найден" in (tmp_path / "data" / "smolevents.log").read_text(encoding="utf-8")


def test_a_window_that_cannot_load_qt_is_a_logged_failure_with_the_summary(no_console, tmp_path, monkeypatch):
    """A Qt DLL missing from the bundle: the clerk still sees why and what the database holds."""
    monkeypatch.setitem(sys.modules, "smolevents.ui.app", None)
    db = tmp_path / "events.sqlite"
    from smolevents.core.store import Store
    Store.open(db).close()
    assert windowed(["--db", str(db)]) == 1
    [(text, error)] = no_console
    assert error and text.startswith("Окно недоступно") and "журнал" in text
    assert f"База: {db}" in text and "Целостность файла: в порядке." in text
    assert "Окно недоступно" in log_text(tmp_path)
