"""What the window remembers between runs: size, splitters, column widths (QSettings)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QHeaderView, QMainWindow, QSplitter

ORGANISATION = "smolevents"
APPLICATION = "smolevents"


def settings() -> QSettings:
    # INI format everywhere: one readable file, and tests can point it at a temporary folder.
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION)


def _restore(value, apply) -> None:
    if isinstance(value, QByteArray) and not value.isEmpty():
        apply(value)


def restore_window(window: QMainWindow, splitters: dict[str, QSplitter], header: QHeaderView) -> bool:
    """Apply the saved layout; False when nothing was saved yet (first run)."""
    store = settings()
    geometry = store.value("window/geometry")
    _restore(geometry, window.restoreGeometry)
    _restore(store.value("window/state"), window.restoreState)
    for name, splitter in splitters.items():
        _restore(store.value(f"window/splitter_{name}"), splitter.restoreState)
    _restore(store.value("table/header"), header.restoreState)
    return isinstance(geometry, QByteArray) and not geometry.isEmpty()


def save_window(window: QMainWindow, splitters: dict[str, QSplitter], header: QHeaderView) -> None:
    store = settings()
    store.setValue("window/geometry", window.saveGeometry())
    store.setValue("window/state", window.saveState())
    for name, splitter in splitters.items():
        store.setValue(f"window/splitter_{name}", splitter.saveState())
    store.setValue("table/header", header.saveState())
    store.sync()
