"""Background loads (country names, the spelling dictionary) never touch Qt from their thread."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QObject, QThread
from PySide6.QtWidgets import QApplication

from smolevents.ui.background_load import BackgroundLoad
from smolevents.ui.country_names import CountryNamesLoader


@pytest.fixture
def thread_failures(monkeypatch):
    """Exceptions raised in any thread (what Python would print to a console the clerk has not)."""
    failures = []
    monkeypatch.setattr(threading, "excepthook", lambda args: failures.append(args.exc_value))
    return failures


def test_the_result_is_handed_on_in_the_window_thread(qtbot, thread_failures):
    owner = QObject()
    load = BackgroundLoad(lambda: 42, "test-load", owner)
    seen = []
    load.done.connect(lambda result: seen.append((result, QThread.currentThread())))
    with qtbot.waitSignal(load.done, timeout=5000):
        load.start()
    assert seen == [(42, QApplication.instance().thread())]
    load.start()  # once only
    load.wait(1)
    assert len(seen) == 1 and not thread_failures


def test_an_owner_closed_while_the_work_runs_is_left_alone(qtbot, thread_failures):
    release = threading.Event()
    owner = QObject()
    load = BackgroundLoad(lambda: release.wait(5) and "готово", "test-load", owner)
    seen = []
    load.done.connect(seen.append)
    load.start()
    with qtbot.waitSignal(owner.destroyed, timeout=5000):
        owner.deleteLater()
    release.set()
    load.join(5)
    qtbot.wait(150)  # longer than the hand-on timer's interval: nothing is left to fire
    assert seen == [] and thread_failures == []


def test_work_that_fails_is_logged_and_nothing_handed_on(qtbot, thread_failures, caplog):
    def broken():
        raise OSError("словарь не найден")

    load = BackgroundLoad(broken, "spelling-dictionary")
    seen = []
    load.done.connect(seen.append)
    load.start()
    load.wait(5)
    assert seen == [] and thread_failures == []
    assert "spelling-dictionary: not loaded" in caplog.text and "словарь не найден" in caplog.text


def test_country_names_of_a_window_closed_before_they_load_raise_nothing(qtbot, thread_failures, monkeypatch):
    """Seen when the window was closed right after it opened: "Exception in thread
    country-names: RuntimeError: Signal source has been deleted"."""
    from smolevents.core import countries

    release = threading.Event()
    real_index = countries.index
    monkeypatch.setattr(countries, "is_loaded", lambda: False)
    monkeypatch.setattr(countries, "index", lambda: release.wait(5) and real_index())
    window = QObject()
    loader = CountryNamesLoader(window)
    seen = []
    loader.ready.connect(lambda: seen.append("ready"))
    loader.start()
    with qtbot.waitSignal(window.destroyed, timeout=5000):
        window.deleteLater()
    release.set()
    loader.join(5)
    qtbot.wait(150)
    assert seen == [] and thread_failures == []
