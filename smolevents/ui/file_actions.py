"""Файл menu: a new database, open another (vetted first), merge, a copy for sending."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from smolevents.core.errors import UserError
from smolevents.core.store import Store
from smolevents.ui import dialogs
from smolevents.ui.report_actions import documents_dir

if TYPE_CHECKING:
    from smolevents.ui.main_window import MainWindow


def _existing(folder: Path) -> Path:
    """The folder, or its nearest existing parent (a missing one makes the file dialog type its
    name into the file-name field and start in the home folder)."""
    for candidate in (folder, *folder.parents):
        if candidate.is_dir():
            return candidate
    return Path.home()


def _folder_of(window: MainWindow) -> Path:
    """Beside the open database: where its own files and the departments' usually are."""
    return _existing(window.db_path.parent if window.db_path else documents_dir())


def _with_sqlite_suffix(path: Path) -> Path:
    return path if path.suffix else path.with_name(path.name + ".sqlite")


def _switch(window: MainWindow, store: Store, path: Path) -> None:
    window.switch_database(store, path)
    from smolevents.ui.merge_summary import close_summary
    close_summary(window)  # its links are the other database's rows


def new_database(window: MainWindow) -> bool:
    window.commit_all_pending()
    path = dialogs.save_file_name(window, "Новая база", _folder_of(window) / "Мероприятия.sqlite",
                                  dialogs.DATABASE_FILTER)
    if path is None:
        return False
    path = _with_sqlite_suffix(path)
    if path.exists():
        raise UserError(f"Файл «{path.name}» уже есть. Чтобы работать с ним, выберите «Файл → Открыть…»; "
                        "для новой базы укажите другое имя.")
    _switch(window, Store.open(path), path)
    return True


def open_database(window: MainWindow) -> bool:
    window.commit_all_pending()
    path = dialogs.open_file_name(window, "Открыть базу", _folder_of(window), dialogs.DATABASE_FILTER)
    if path is None:
        return False
    return open_database_file(window, path)


def open_database_file(window: MainWindow, path: Path) -> bool:
    """Vet a file from elsewhere before opening it; offer a local copy of a network file."""
    from smolevents.core.store.sharing import NETWORK_WARNING, is_network_path, make_local_copy
    from smolevents.core.store.vetting import vet_database_file
    if window.db_path is not None and path.exists() and window.db_path.exists() and path.samefile(window.db_path):
        dialogs.show_info(window, f"База «{path.name}» уже открыта.")
        return False
    vet_database_file(path)
    if is_network_path(path):
        choice = dialogs.ask_choice(window, NETWORK_WARNING,
                                    [("copy", "Сделать локальную копию"), ("open", "Открыть на сетевом диске")],
                                    title="Файл на сетевом диске")
        if choice is None:
            return False
        if choice == "copy":
            path = make_local_copy(path)
            dialogs.show_info(window, f"Создана локальная копия:\n{path}\n\nРабота пойдет с ней.")
    from smolevents.core.store.opening import open_vetted
    # Opened where it lies (a hot journal rolled back, a WAL folded in, as on the vetted copy)
    # and its schema looked at once more, in case it changed since it was vetted.
    _switch(window, open_vetted(path), path)
    return True


def merge_files(window: MainWindow):
    window.commit_all_pending()
    paths = dialogs.open_file_names(window, "Объединить с файлами отделов", _folder_of(window),
                                    dialogs.DATABASE_FILTER)
    if not paths:
        return None
    from smolevents.ui.merge_command import record_merge
    from smolevents.ui.merge_dialog import MergeDialog
    dialog = MergeDialog(window.store, [str(path) for path in paths], window)
    dialog.merged.connect(lambda applied: window.guard(lambda: record_merge(window, applied)))
    dialog.open()
    return dialog


def save_copy(window: MainWindow) -> Path | None:
    window.commit_all_pending()
    from smolevents.core.store.copy_target import copy_target_path
    stem = window.db_path.stem if window.db_path else "Мероприятия"
    path = dialogs.save_file_name(window, "Сохранить копию для отправки",
                                  _existing(documents_dir()) / f"{stem} (копия для отправки).sqlite",
                                  dialogs.DATABASE_FILTER)
    if path is None:
        return None
    from smolevents.core.store.sharing import save_copy_for_sending
    # The same guard as the command line: a report or a letter is never replaced by the copy.
    written = save_copy_for_sending(window.store, copy_target_path(path))
    dialogs.show_info(window, f"Копия для отправки сохранена:\n{written}", "Копия для отправки")
    return written
