"""Files that travel: a safe copy for sending, network shares, a local working copy.

A plain file copy of an open database may catch it halfway through a write; SQLite's
own copy (`VACUUM INTO`, the backup API) reads one consistent state, even while
another connection writes. `VACUUM INTO` also leaves out deleted rows still lying in
free pages, which matters for a file sent outside the office.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from smolevents.core.errors import UserError
from smolevents.core.paths import data_dir
from smolevents.core.safe_write import write_atomically
from smolevents.core.store import Store
from smolevents.core.store.uri import read_only_uri
from smolevents.core.store.vetting import vet_database_file

NETWORK_WARNING = (
    "Файл базы лежит на сетевом диске. По сети блокировка файлов работает ненадежно: "
    "если два человека будут работать с ним одновременно, правки могут потеряться, "
    "а сам файл — повредиться. Надежнее работать с локальной копией на этом компьютере "
    "и отправлять координатору копию для отправки. Сделать локальную копию и открыть ее?"
)

# File systems whose locking SQLite cannot rely on (Linux /proc/mounts names).
NETWORK_FILE_SYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "sshfs", "fuse.sshfs", "9p", "afs", "ncpfs",
    "coda", "ceph", "fuse.ceph", "glusterfs", "fuse.glusterfs", "lustre", "gpfs", "davfs",
    "fuse.davfs", "fuse.rclone", "fuse.s3fs", "fuse.gvfsd-fuse", "fuse.smbnetfs", "webdav",
})
DRIVE_REMOTE = 4  # GetDriveTypeW's answer for a mapped network drive


# --- a copy for sending --------------------------------------------------------------------


_COPY_ATTEMPTS = 3


def save_copy_for_sending(store: Store, target_path: str | Path) -> Path:
    """A consistent, checked copy of the open database at `target_path`, written whole or not at all."""
    target = Path(target_path)
    if store.path is not None and target.exists() and _same_file(target, store.path):
        raise UserError(
            "Копию нельзя записать поверх открытой базы. Выберите другое имя файла."
        )
    if target.is_dir():
        raise UserError(f"«{target}» — это папка. Укажите имя файла для копии.")
    if store.conn.in_transaction:
        # The copy must hold only committed data; a caller holding a transaction is a bug.
        raise RuntimeError("save_copy_for_sending inside a transaction")

    def write(temporary: Path) -> None:
        # write_atomically made an empty file, which VACUUM INTO accepts.
        for attempt in range(_COPY_ATTEMPTS):
            try:
                store.conn.execute("VACUUM INTO ?", (str(temporary),))
                break
            except sqlite3.OperationalError as error:
                # Another program committing one change after another can keep the file
                # locked past the busy timeout at each try: try again, then say so.
                if "locked" not in str(error) or attempt == _COPY_ATTEMPTS - 1:
                    raise UserError(f"Не удалось сделать копию базы: {error}. Повторите через минуту.") from None
                temporary.write_bytes(b"")
        _finish_copy(temporary)

    return write_atomically(target, write)


def _finish_copy(copy: Path) -> None:
    """Rollback journal on the copy and SQLite's own check of it."""
    conn = sqlite3.connect(str(copy))
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
        problems = [row[0] for row in conn.execute("PRAGMA quick_check")]
    finally:
        conn.close()
    if problems != ["ok"]:
        raise UserError(
            "Копия базы не прошла проверку SQLite и не сохранена. Проверьте диск и повторите."
        )


def _same_file(first: Path, second: Path) -> bool:
    try:
        return os.path.samefile(first, second)
    except OSError:
        return False


# --- a local copy of a file on a network share ------------------------------------------------


def make_local_copy(path: str | Path, folder: str | Path | None = None) -> Path:
    """Copy the database at `path` into `folder` (the user's data folder) through the
    backup API and return the new file; an existing file is never overwritten."""
    source = Path(path)
    folder = Path(folder) if folder is not None else data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = _free_name(folder, source.stem)

    def write(temporary: Path) -> None:
        try:
            # Read-only, but not immutable: someone else may be writing the shared file.
            reader = sqlite3.connect(read_only_uri(os.path.abspath(source)), uri=True, timeout=10.0)
        except sqlite3.Error:
            raise UserError(f"Не удалось открыть «{source.name}». Проверьте доступ к сетевой папке.") from None
        writer = sqlite3.connect(str(temporary))
        try:
            reader.execute("PRAGMA trusted_schema = OFF")
            reader.backup(writer)
        except sqlite3.DatabaseError:
            raise UserError(
                f"Не удалось скопировать «{source.name}»: файл занят, поврежден или это не база "
                "данных. Повторите позже."
            ) from None
        finally:
            writer.close()
            reader.close()
        _finish_copy(temporary)
        vet_database_file(temporary)  # the copy must be ours and healthy before anyone opens it

    return write_atomically(target, write)


def _free_name(folder: Path, stem: str) -> Path:
    candidate = folder / f"{stem} (локальная копия).sqlite"
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem} (локальная копия {number}).sqlite"
        number += 1
    return candidate


# --- is this path on a network share? ----------------------------------------------------------


def is_network_path(path: str | Path) -> bool:
    """True when `path` lies on a network share. Never raises: unsure means False."""
    try:
        if os.name == "nt":
            return is_network_path_windows(str(path), _windows_drive_type)
        with open("/proc/mounts", encoding="utf-8", errors="replace") as mounts:
            return is_network_path_posix(os.path.realpath(path), mounts.read())
    except Exception:  # a check for a warning must never stop the program
        return False


def is_network_path_windows(path: str, drive_type) -> bool:
    """UNC paths and mapped network drives; `drive_type("Z:\\\\")` is GetDriveTypeW."""
    text = path.replace("/", "\\")
    upper = text.upper()
    if upper.startswith("\\\\?\\UNC\\"):
        return True
    if upper.startswith(("\\\\?\\", "\\\\.\\")):
        text = text[4:]  # a long-path or device prefix before a drive letter
    elif text.startswith("\\\\"):
        return True  # \\server\share\...
    if len(text) >= 2 and text[1] == ":" and text[0].isalpha():
        drive = text[:2]
    else:
        drive = os.path.splitdrive(os.path.abspath(text))[0]
        if drive.startswith("\\\\"):
            return True
    return bool(drive) and drive_type(drive + "\\") == DRIVE_REMOTE


def _windows_drive_type(root: str) -> int:
    import ctypes
    return ctypes.windll.kernel32.GetDriveTypeW(root)


def is_network_path_posix(real_path: str, mounts_text: str) -> bool:
    """Whether the deepest mount holding `real_path` is a network file system."""
    best_point, best_type = "", ""
    for line in mounts_text.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        point = _unescape_mount(parts[1])
        inside = real_path == point or real_path.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best_point):
            best_point, best_type = point, parts[2]
    return best_type in NETWORK_FILE_SYSTEMS or best_type.startswith("nfs")


def _unescape_mount(field: str) -> str:
    r"""/proc/mounts writes a space as \040, a tab as \011 and so on."""
    out, index = [], 0
    while index < len(field):
        if field[index] == "\\" and field[index + 1:index + 4].isdigit():
            out.append(chr(int(field[index + 1:index + 4], 8)))
            index += 4
        else:
            out.append(field[index])
            index += 1
    return "".join(out)
