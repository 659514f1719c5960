"""Write a file whole or not at all, and never hang while trying.

The new content goes to a temporary file in the target's folder, then replaces the
target in one step. What can go wrong on the clerk's Windows PC, and what we do:

- The folder cannot be written (read-only network folder, Defender's Controlled Folder
  Access blocking an unsigned program in Documents). `tempfile.mkstemp` takes Windows'
  "access denied" for a name clash and retries up to 2**31 times on Python 3.11/3.12
  (CPython gh-66305): the program freezes. We make the temporary name ourselves with
  O_CREAT|O_EXCL, retry only a real clash, a bounded number of times, and say why.
- An antivirus scan, OneDrive or the search indexer holds the file for a moment:
  a sharing violation that clears by itself. The replace is retried for a short while
  before the clerk is told the file is open in another program (Word).
- The clean-up of the temporary file fails for the same reasons: it is retried briefly
  and then left alone, so it never hides the real outcome behind a bare PermissionError.
"""

from __future__ import annotations

import errno
import os
import re
import time
from collections.abc import Callable
from pathlib import Path

from smolevents.core.errors import FileBusyError

# A real clash of two random names is rare; 100 in a row means something else is wrong.
TEMPORARY_NAME_TRIES = 100
# The temporary name keeps a readable start of the target's name (a left-over file says
# whose it was) but stays short, so a target name near the 255 limit still has one.
TEMPORARY_STEM_CHARACTERS = 40
TEMPORARY_SUFFIX = ".tmp"
# A temporary file older than this was left by a write that was killed (power cut, kill -9):
# the next write to the same target removes it. A younger one may be another write in progress.
LEFTOVER_SECONDS = 10 * 60
_FILE_ATTRIBUTE_HIDDEN = 0x2
_FILE_ATTRIBUTE_NORMAL = 0x80
# Brief locks (antivirus, OneDrive, indexer) clear within a second or two; Word's does not.
SHARING_RETRY_SECONDS = 2.0
SHARING_RETRY_PAUSE = 0.1
# Windows: ERROR_ACCESS_DENIED, ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION.
WINDOWS_SHARING_ERRORS = frozenset({5, 32, 33})

_sleep = time.sleep  # replaced by tests
_clock = time.monotonic


def write_atomically(target: str | Path, write: Callable[[Path], None]) -> Path:
    """Call `write(temporary_path)`, then move the result onto `target`.

    Every failure of the file system is a `FileBusyError` whose one Russian line says
    what happened and what to do; an error raised by `write` itself passes through.
    """
    target = Path(target)
    remove_leftovers(target)
    temporary = create_temporary_file(target)
    try:
        try:
            write(temporary)
        except PermissionError:
            raise FileBusyError(
                f"Не удалось записать временный файл в папку «{target.parent}»: доступ запрещен "
                "(защита папки или антивирус). Повторите или сохраните в другую папку."
            ) from None
        except OSError as error:
            raise FileBusyError(_os_error_text(error, target)) from None
        try:
            retry_brief_locks(lambda: _flush_to_disk(temporary))
            # The moved file keeps its attributes: a hidden temporary would make the
            # clerk's report hidden in Explorer.
            unhide(temporary)
            retry_brief_locks(lambda: os.replace(temporary, target))
        except PermissionError:
            raise FileBusyError(_replace_refused_text(target)) from None
        except OSError as error:
            raise FileBusyError(_os_error_text(error, target)) from None
    finally:
        remove_quietly(temporary)
    return target


def temporary_name(target: Path) -> Path:
    """`.Отчет_II_квартал_2023-1a2b3c4d.tmp` beside the target."""
    stem = target.stem[:TEMPORARY_STEM_CHARACTERS]
    # os.urandom, not secrets: the same randomness without importing random and hashlib.
    return target.parent / f".{stem}-{os.urandom(4).hex()}{TEMPORARY_SUFFIX}"


def create_temporary_file(target: Path) -> Path:
    """A new empty file beside `target` (mode 0666 less the umask, like any file the
    clerk saves). Only a name clash is retried, and only TEMPORARY_NAME_TRIES times."""
    folder = target.parent
    flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOINHERIT", 0)
    for _ in range(TEMPORARY_NAME_TRIES):
        candidate = temporary_name(target)
        try:
            handle = os.open(candidate, flags, 0o666)
        except FileExistsError:
            continue
        except FileNotFoundError:
            raise FileBusyError(f"Папка «{folder}» не найдена. Выберите другую папку.") from None
        except PermissionError:
            # On Windows this is never a clash (FileExistsError is): a read-only folder,
            # a network share without write rights, or Controlled Folder Access.
            raise FileBusyError(_folder_refused_text(folder)) from None
        except OSError as error:
            raise FileBusyError(_os_error_text(error, target)) from None
        os.close(handle)
        hide(candidate)
        return candidate
    raise FileBusyError(
        f"Не удалось создать временный файл в папке «{folder}»: все пробованные имена заняты. "
        "Выберите другую папку."
    )


def hide(path: Path) -> None:
    """The leading dot hides the temporary file on Linux and macOS; Windows needs the attribute."""
    _set_windows_attributes(path, _FILE_ATTRIBUTE_HIDDEN)


def unhide(path: Path) -> None:
    """Clear the hidden attribute `hide` set (Windows only)."""
    _set_windows_attributes(path, _FILE_ATTRIBUTE_NORMAL)


def _set_windows_attributes(path: Path, attributes: int) -> None:
    if os.name != "nt":
        return
    try:
        import ctypes
        ctypes.windll.kernel32.SetFileAttributesW(str(path), attributes)
    except (AttributeError, OSError):
        pass  # a visible temporary file is untidy, not wrong


def remove_leftovers(target: Path) -> None:
    """Temporary files of this very target left by a write that was killed."""
    stem = target.stem[:TEMPORARY_STEM_CHARACTERS]
    # Names on Windows match whatever their case (as Path.glob there).
    pattern = re.compile(rf"\.{re.escape(stem)}-[0-9a-f]{{8}}{re.escape(TEMPORARY_SUFFIX)}",
                         re.IGNORECASE if os.name == "nt" else 0)
    try:
        with os.scandir(target.parent) as entries:
            leftovers = [Path(entry.path) for entry in entries if pattern.fullmatch(entry.name)]
    except OSError:
        return
    now = time.time()
    for leftover in leftovers:
        try:
            if now - leftover.stat().st_mtime > LEFTOVER_SECONDS:
                leftover.unlink()
        except OSError:
            pass  # held by someone: left for the next time


def retry_brief_locks(action: Callable[[], object], seconds: float | None = None):
    """Run `action`; while it fails with a sharing violation (PermissionError), try again
    every SHARING_RETRY_PAUSE seconds for at most `seconds`, then let the error out."""
    limit = SHARING_RETRY_SECONDS if seconds is None else seconds
    deadline = _clock() + limit
    while True:
        try:
            return action()
        except PermissionError as error:
            if not _may_be_brief(error) or _clock() + SHARING_RETRY_PAUSE > deadline:
                raise
            _sleep(SHARING_RETRY_PAUSE)


def remove_quietly(path: Path) -> None:
    """Remove the temporary file; a file still held after a short wait is left behind
    (it is hidden by its leading dot on Linux and harmless) rather than raising."""
    try:
        retry_brief_locks(lambda: path.unlink(missing_ok=True), seconds=SHARING_RETRY_SECONDS / 2)
    except OSError:
        pass


def _may_be_brief(error: PermissionError) -> bool:
    """A Windows sharing or access violation may clear by itself; elsewhere a
    PermissionError is a permission and waiting does not help."""
    winerror = getattr(error, "winerror", None)
    if winerror is not None:
        return winerror in WINDOWS_SHARING_ERRORS
    return os.name == "nt"


def _replace_refused_text(target: Path) -> str:
    if target.exists() and not os.access(target, os.W_OK):
        return (f"Файл «{target.name}» защищен от записи (только чтение). "
                "Снимите этот признак в свойствах файла или сохраните под другим именем.")
    return (f"Файл «{target.name}» открыт в другой программе или защищен от записи. "
            "Закройте его (например, в Word) и повторите, либо сохраните под другим именем.")


def _folder_refused_text(folder: Path) -> str:
    return (f"Нет прав на запись в папку «{folder}» (папка только для чтения или Windows "
            "защищает ее от неизвестных программ). Выберите другую папку, например на рабочем столе.")


def _os_error_text(error: OSError, target: Path) -> str:
    if error.errno == errno.ENOSPC:
        return f"На диске нет места для файла «{target.name}». Освободите место или выберите другой диск."
    if error.errno == errno.EROFS:
        return f"Диск с папкой «{target.parent}» только для чтения. Выберите другую папку."
    if error.errno == errno.ENAMETOOLONG:
        return f"Слишком длинное имя файла «{target.name}». Выберите имя короче."
    return (f"Не удалось записать файл «{target.name}»: {error.strerror or error}. "
            "Повторите или выберите другую папку.")


def _flush_to_disk(path: Path) -> None:
    with open(path, "rb+") as written:
        os.fsync(written.fileno())
