"""Fixtures for the window tests: Qt draws offscreen, dialogs never block.

Every function of `smolevents.ui.dialogs` is replaced by a recorder: messages are
kept for the test to read, and a question the test did not expect fails the test
instead of hanging on a modal dialog.
"""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from smolevents.ui import dialogs as dialogs_module  # noqa: E402

MESSAGES = ("show_error", "show_info", "show_unexpected_error")
QUESTIONS = ("ask_yes_no", "ask_choice", "save_file_name", "open_file_name", "open_file_names",
             "get_text", "choose_quarter", "open_externally")


class FakeDialogs:
    def __init__(self):
        self.shown: list[tuple[str, str]] = []  # (function name, text)
        self.asked: list[tuple[str, tuple]] = []  # (function name, positional arguments)
        self.keywords: list[dict] = []  # the keyword arguments of each, in the same order
        self._answers: dict[str, list] = {}

    def answer(self, name: str, *values) -> None:
        """Queue the clerk's answers to the next `name` dialogs, in order."""
        assert name in QUESTIONS, name
        self._answers.setdefault(name, []).extend(values)

    def texts(self, name: str = "show_error") -> list[str]:
        return [text for shown, text in self.shown if shown == name]

    def message(self, name):
        def show(_parent, text, *_args, **_kwargs):
            self.shown.append((name, text))
        return show

    def question(self, name):
        def ask(*args, **kwargs):
            self.asked.append((name, args))
            self.keywords.append(kwargs)
            queue = self._answers.get(name)
            if not queue:
                raise AssertionError(f"unexpected dialog {name}{args[1:]}")
            return queue.pop(0)
        return ask

    def unanswered(self) -> dict[str, list]:
        return {name: queue for name, queue in self._answers.items() if queue}


@pytest.fixture(autouse=True)
def dialogs(monkeypatch):
    fake = FakeDialogs()
    for name in MESSAGES:
        monkeypatch.setattr(dialogs_module, name, fake.message(name))
    for name in QUESTIONS:
        monkeypatch.setattr(dialogs_module, name, fake.question(name))
    return fake


@pytest.fixture(autouse=True)
def window_settings_in_tmp(tmp_path):
    """The window remembers its layout in an INI file: a fresh private one for each test."""
    from PySide6.QtCore import QSettings
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))


@pytest.fixture
def make_window(qtbot):
    from smolevents.ui.main_window import MainWindow

    def make(store, quarter=None, db_path=None):
        window = MainWindow(store, db_path, quarter=quarter)
        qtbot.addWidget(window)
        window.resize(1400, 860)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()  # keyboard shortcuts and focus need the active window
        qtbot.waitUntil(window.isActiveWindow, timeout=2000)
        return window
    return make


@pytest.fixture
def window(make_window, real_store):
    from tests.real_report import QUARTER
    return make_window(real_store, QUARTER)


def type_text(widget, text: str) -> None:
    """Type text as key presses, Cyrillic included (QTest.keyClicks takes only ASCII)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char))


@pytest.fixture(autouse=True, scope="session")
def spelling_dictionary(qapp, tmp_path_factory):
    """The window's spelling dictionary, loaded once before any window opens: no test pays
    for (or races with) the background load, and the clerk's own word list is never read."""
    from smolevents.core.spelling import build_checker
    from smolevents.ui import spelling

    service = spelling.spelling_service()
    service.user_list = tmp_path_factory.mktemp("spelling") / "user-dictionary.txt"
    service.set_checker(build_checker(user_list=service.user_list))
    return service
