"""Starting the window: QApplication in Russian, the icon, and a safety net for bugs.

An exception nobody expected is written to the log in the user's data folder and
shown in a plain Russian dialog; the program keeps running. A UserError that got
this far is shown with its own text.
"""

from __future__ import annotations

import gc
import sys
import time
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

from smolevents.core.errors import UserError
from smolevents.core.log_file import append_to_log
from smolevents.resources import window_icon_path
from smolevents.ui import dialogs, window_settings

TRANSLATIONS = ("qtbase_ru",)
# Texts Qt 6 gained mnemonics for after qtbase_ru.qm was last updated: without these the
# standard file dialog still says "Look in:" and "Files of type:".
MISSING_FROM_QTBASE_RU = {
    "&Look in:": "&Перейти к:",
    "Files of &type:": "&Типы файлов:",
    "Page &Set:": "&Набор страниц:",
}


class MissingRussianTexts(QTranslator):
    def translate(self, context, source_text, disambiguation=None, n=-1):  # noqa: ARG002 - Qt's signature
        return MISSING_FROM_QTBASE_RU.get(source_text)  # None: not ours, the next translator answers

    def isEmpty(self) -> bool:
        return False


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
    # Installed first, so asked last (the last installed is searched first): only for the texts
    # qtbase_ru lacks, not for every one of Qt's texts (some 550 calls into Python before the
    # window's first paint, each a few microseconds).
    supplement = MissingRussianTexts(app)
    app.installTranslator(supplement)
    loaded = [supplement]
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
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
        import traceback  # only when something went wrong: not on the start-up path

        return append_to_log("".join(traceback.format_exception(kind, error, trace)), self.log_file)


REFUSED_CHOICES = [("open", "Открыть другой файл…"), ("new", "Создать новую базу")]


def open_at_start(path: Path):
    """(Store, path) to work on, or None when the clerk chose to quit.

    A refused file is never a dead end: the clerk may open another file, or start a new
    database in its place (the refused one kept aside under a new name, not deleted).
    """
    from smolevents.core.store import Store
    create = True
    while True:
        try:
            if not create:
                from smolevents.core.store.opening import open_vetted
                from smolevents.core.store.vetting import vet_database_file

                vet_database_file(path)  # a file from elsewhere, as "Открыть…" does
                return open_vetted(path), path
            return Store.open(path, create=create), path
        except UserError as error:
            problem = str(error)
        choice = dialogs.ask_choice(
            None, f"{problem}\n\nФайл: {path}\n\nМожно открыть другой файл базы или начать новую "
                  "(этот файл останется рядом под другим именем, ничего не удаляется).",
            REFUSED_CHOICES, title="Не удалось открыть базу", cancel="Выйти")
        if choice == "open":
            chosen = dialogs.open_file_name(None, "Открыть базу", path.parent, dialogs.DATABASE_FILTER)
            if chosen is not None:
                path, create = chosen, False
        elif choice == "new":
            from smolevents.core.store.set_aside import set_aside

            try:
                kept = set_aside(path)
            except UserError as error:
                dialogs.show_error(None, str(error))
                continue
            dialogs.show_info(None, f"Начата новая база:\n{path}\n\nФайл, который не открылся, сохранен как\n"
                                    f"{kept}", "Новая база")
            create = True
        else:
            return None


def run(db_path: str | Path) -> int:
    """`smolevents` without a command: the window over `db_path`."""
    app = create_application()
    from smolevents.ui.main_window import MainWindow

    window: MainWindow | None = None
    sys.excepthook = ExceptionReporter(lambda: window)
    try:
        opened = open_at_start(Path(db_path))
    except Exception:  # not a refusal (those are asked about): a bug or a system error
        return report_start_failure(db_path)
    if opened is None:
        return 1
    store, db_path = opened
    try:
        try:
            window = MainWindow(store, Path(db_path), paint_first=True)
            window.first_painted.connect(gc.enable)  # held off by __main__.open_window for the start
            window.show_fitting()
        except Exception:  # a bug or a system error: said and logged, never a silent end
            return report_start_failure(db_path)
        status = app.exec()
        window.finish_background_work()
        return status
    finally:
        window = None
        store.close()


def report_start_failure(db_path: str | Path) -> int:
    """The exception being handled stopped the window from opening: the traceback goes
    to the log, the clerk gets a dialog saying so and where the log is; exit status 1.
    (The windowed build has no console: without this the process would just end.)"""
    import traceback

    where = append_to_log(f"Окно не открылось (база {db_path}):\n{traceback.format_exc()}")
    kind, error = sys.exc_info()[:2]
    dialogs.show_error(
        None,
        f"Программа не смогла открыть окно: {kind.__name__}: {error}\n\n"
        f"Файл базы: {db_path}\nПодробности записаны в журнал:\n{where}\n\n"
        "Ваши данные не изменены. Если ошибка повторяется, передайте журнал разработчикам.",
        "Не удалось запустить программу",
    )
    return 1
