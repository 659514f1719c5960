"""A Qt application without a display, for the command line's PDF."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication

_application: QGuiApplication | None = None  # kept alive while the program runs


def gui_application() -> QGuiApplication:
    """The running application, or a new one on Qt's offscreen platform (no display needed)."""
    global _application
    existing = QGuiApplication.instance()
    if existing is not None:
        return existing
    _application = QGuiApplication(["smolevents", "-platform", "offscreen"])
    return _application
