"""Starting the window: QApplication in Russian, the icon, and a safety net for bugs.

An exception nobody expected is written to the log in the user's data folder and
shown in a plain Russian dialog; the program keeps running. A UserError that got
this far is shown with its own text.
"""

from __future__ import annotations

import datetime
import sys
import time
import traceback
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

from smolevents.core.errors import UserError
from smolevents.core.paths import log_path
from smolevents.resources import window_icon_path
from smolevents.ui import dialogs, window_settings

TRANSLATIONS = ("qtbase_ru",)


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication, set up once: names, Russian texts and locale, the icon."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName(window_settings.ORGANISATION)
    app.setApplicationName(window_settings.APPLICATION)
    app.setApplicationDisplayName(dialogs.APP_TITLE)
    QLocale.setDefault(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))
    if not getattr(app, "_smolevents_translators", None):
        app._smolevents_translators = load_translations(app)
    icon = _window_icon()
    if icon is not None:
        app.setWindowIcon(icon)
    return app


def load_translations(app: QApplication) -> list[QTranslator]:
    """Qt's own Russian texts (standard buttons "Да", "Отмена", file dialogs)."""
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    loaded = []
    for name in TRANSLATIONS:
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            loaded.append(translator)
    return loaded


def _window_icon() -> QIcon | None:
    path = window_icon_path()
    return QIcon(str(path)) if path else None


class ExceptionReporter:
    """sys.excepthook for the window: log, tell the clerk, carry on.

    A fault that repeats (a timer hitting the same bug) is logged every time but
    shown at most once in QUIET_SECONDS, so the clerk is not buried in dialogs.
    """

    QUIET_SECONDS = 10.0

    def __init__(self, parent_of_dialogs=lambda: None, log_file: Path | None = None):
        self.parent_of_dialogs = parent_of_dialogs
        self.log_file = log_file
        self._last_shown = float("-inf")

    def __call__(self, kind, error, trace) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        parent: QWidget | None = self.parent_of_dialogs()
        if isinstance(error, UserError):
            dialogs.show_error(parent, str(error))
            return
        where = self.write_log(kind, error, trace)
        now = time.monotonic()
        if now - self._last_shown < self.QUIET_SECONDS:
            return
        self._last_shown = now
        text = ("В программе произошла непредвиденная ошибка. Программа продолжает работу; "
                "ваши данные сохранены (каждое изменение записывается сразу).\n\n"
                "Если ошибка повторяется, передайте разработчикам файл журнала:\n" + where)
        dialogs.show_unexpected_error(parent, text)

    def write_log(self, kind, error, trace) -> str:
        path = self.log_file or log_path()
        stamp = datetime.datetime.now().isoformat(timespec="seconds")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "a", encoding="utf-8") as log:
                log.write(f"--- {stamp}\n{''.join(traceback.format_exception(kind, error, trace))}\n")
        except OSError as problem:
            return f"(журнал записать не удалось: {problem})"
        return str(path)


def run(db_path: str | Path) -> int:
    """`smolevents` without a command: the window over `db_path`."""
    app = create_application()
    from smolevents.core.store import Store
    from smolevents.ui.main_window import MainWindow

    window: MainWindow | None = None
    sys.excepthook = ExceptionReporter(lambda: window)
    try:
        store = Store.open(db_path)
    except UserError as error:
        dialogs.show_error(None, f"{error}\n\nФайл: {db_path}", "Не удалось открыть базу")
        return 1
    try:
        window = MainWindow(store, Path(db_path), paint_first=True)
        window.show()
        return app.exec()
    finally:
        window = None
        store.close()
