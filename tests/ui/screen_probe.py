"""Run in a child process: the window on a screen of a given size and scale, as facts.

The offscreen platform takes its screen from a configuration file, fixed when the
QApplication is made, so each screen size needs its own process. Prints one JSON line.
usage: python -m tests.ui.screen_probe WIDTH HEIGHT  (QT_SCALE_FACTOR for scaling)
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path


def _configure(width: int, height: int, folder: Path) -> None:
    config = folder / "screen.json"
    config.write_text(json.dumps({"screens": [{
        "name": "office", "x": 0, "y": 0, "width": width, "height": height,
        "logicalDpi": 96, "logicalDpiX": 96, "logicalDpiY": 96, "dpr": 1}]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    os.environ["XDG_CONFIG_HOME"] = str(folder / "config")


def outside_widgets(window) -> list[str]:
    """Visible widgets not wholly inside the window (those in a scrolled pane: their visible part)."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtWidgets import QAbstractScrollArea, QWidget
    bounds = QRect(QPoint(0, 0), window.size())
    found = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.isWindow() or widget.width() <= 0 or widget.height() <= 0:
            continue
        rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        ancestor = widget.parentWidget()
        while ancestor is not None and ancestor is not window:
            scroll = ancestor.parentWidget()
            if isinstance(scroll, QAbstractScrollArea) and scroll.viewport() is ancestor:
                rect = rect.intersected(QRect(ancestor.mapTo(window, QPoint(0, 0)), ancestor.size()))
            ancestor = ancestor.parentWidget()
        if not rect.isEmpty() and not bounds.contains(rect):
            found.append(f"{type(widget).__name__}:{widget.objectName() or ''}:{rect.getRect()}")
    return found


def main(width: int, height: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        _configure(width, height, Path(folder))
        from smolevents.ui.app import create_application
        app = create_application()
        from smolevents.core.store import Store
        from smolevents.ui.main_window import MainWindow
        from tests.real_report import QUARTER, load_real_report, real_report_into
        store = Store.in_memory()
        real_report_into(store, load_real_report())
        window = MainWindow(store, None, quarter=QUARTER)
        window.show_fitting()
        for _ in range(30):
            app.processEvents()
        view = window.table_view
        header = view.horizontalHeader()
        area = window.screen().availableGeometry()
        facts = {
            "screen": list(area.getRect()),
            "window": list(window.frameGeometry().getRect()),
            # 1366/1.25 is 1092.8 logical pixels: a maximized window may round up by one.
            "window_inside": area.adjusted(0, 0, 1, 1).contains(window.frameGeometry()),
            "outside": outside_widgets(window),
            "columns": [view.columnWidth(c) for c in range(header.count())],
            "hidden_columns": [c for c in range(header.count()) if view.columnViewportPosition(c) < 0
                               or view.columnViewportPosition(c) + view.columnWidth(c) > view.viewport().width() + 1],
            "horizontal_scroll": view.horizontalScrollBar().isVisible(),
            "viewport": view.viewport().width(),
            "form_width": window.form.width(),
            "quarter_text_fits": window.quarter_bar.quarter_text_fits(),
            "search_shown": window.search_field.isVisible() and window.search_field.width() >= 150,
            "maximized": window.isMaximized(),
        }
        window.showNormal()
        window.resize(window.width() - 200, window.height())
        for _ in range(30):
            app.processEvents()
        facts["after_resize"] = {"viewport": view.viewport().width(),
                                 "columns": [view.columnWidth(c) for c in range(header.count())],
                                 "horizontal_scroll": view.horizontalScrollBar().isVisible()}
        window.close()
        store.close()
        return facts


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]), int(sys.argv[2])), ensure_ascii=False))
