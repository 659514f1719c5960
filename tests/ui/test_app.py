"""Start-up: Russian Qt texts, no python-docx on the way, unexpected errors logged and shown."""

import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from smolevents.core.errors import UserError
from smolevents.ui.app import ExceptionReporter, create_application

ROOT = Path(__file__).resolve().parents[2]


def test_standard_buttons_are_russian(qapp):
    create_application()
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Отмена"
    assert QCoreApplication.translate("QPlatformTheme", "&Yes") in ("&Да", "Да")


def test_an_unexpected_error_is_logged_and_shown_while_the_program_goes_on(dialogs, tmp_path):
    log = tmp_path / "smolevents.log"
    reporter = ExceptionReporter(log_file=log)
    try:
        {}["нет такого ключа"]
    except KeyError:
        reporter(*sys.exc_info())
    assert "KeyError" in log.read_text(encoding="utf-8")
    shown = dialogs.texts("show_unexpected_error")
    assert len(shown) == 1 and "непредвиденная ошибка" in shown[0] and str(log) in shown[0]
    assert "Traceback" not in shown[0]


def test_a_user_error_that_got_this_far_shows_only_its_text(dialogs, tmp_path):
    log = tmp_path / "smolevents.log"
    reporter = ExceptionReporter(log_file=log)
    reporter(UserError, UserError("Файл занят. Закройте его."), None)
    assert dialogs.texts() == ["Файл занят. Закройте его."]
    assert not log.exists()


def test_the_window_starts_without_python_docx(tmp_path):
    script = textwrap.dedent(f"""
        import os, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from smolevents.ui.app import create_application
        app = create_application()
        from smolevents.core.store import Store
        from smolevents.ui.main_window import MainWindow
        store = Store.open({str(tmp_path / 'events.sqlite')!r})
        window = MainWindow(store)
        window.show()
        app.processEvents()
        heavy = sorted(name for name in sys.modules if name.split(".")[0] in ("docx", "lxml", "docxtpl")
                       or name == "PySide6.QtPrintSupport")
        print("heavy:", heavy)
        store.close()
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert "heavy: []" in result.stdout


def test_a_repeating_fault_is_logged_each_time_but_shown_once(dialogs, tmp_path):
    log = tmp_path / "smolevents.log"
    reporter = ExceptionReporter(log_file=log)
    for _ in range(3):
        try:
            raise RuntimeError("сбой по таймеру")
        except RuntimeError:
            reporter(*sys.exc_info())
    assert log.read_text(encoding="utf-8").count("RuntimeError: сбой по таймеру") == 3
    assert len(dialogs.texts("show_unexpected_error")) == 1


def test_a_window_that_cannot_be_built_is_said_and_logged_not_a_silent_end(dialogs, tmp_path, monkeypatch, qapp):
    """The windowed build has no console: a traceback while building the window would end
    the process with nothing on screen."""
    from smolevents.core import paths
    from smolevents.ui import app, main_window

    monkeypatch.setattr(paths, "data_dir", lambda: tmp_path / "data")
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)

    def broken(*args, **kwargs):
        raise RuntimeError("окно не собралось")

    monkeypatch.setattr(main_window, "MainWindow", broken)
    assert app.run(tmp_path / "events.sqlite") == 1
    [text] = dialogs.texts()
    log = tmp_path / "data" / "smolevents.log"
    assert "не смогла открыть окно" in text and "окно не собралось" in text and str(log) in text
    assert "RuntimeError: окно не собралось" in log.read_text(encoding="utf-8")


def test_a_database_that_fails_with_a_system_error_is_said_and_logged(dialogs, tmp_path, monkeypatch, qapp):
    import sqlite3

    from smolevents.core import paths
    from smolevents.core.store import Store
    from smolevents.ui import app

    monkeypatch.setattr(paths, "data_dir", lambda: tmp_path / "data")
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)

    def failing(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(Store, "open", failing)
    assert app.run(tmp_path / "events.sqlite") == 1
    [text] = dialogs.texts()
    assert "disk I/O error" in text and "журнал" in text
    assert "OperationalError" in (tmp_path / "data" / "smolevents.log").read_text(encoding="utf-8")
