"""A database file together with its side files, copied as one consistent set.

SQLite keeps committed or half-committed data beside the main file: a `-wal` holds
commits not yet folded into it, a hot `-journal` holds the pages to restore after a
writer died. Opening the main file alone shows something else than SQLite shows
when it opens the file where it lies, so a file from elsewhere is copied with its
side files, and the copy is brought to the state SQLite itself would read (journal
rolled back, WAL folded in) before anything is vetted.

Another program may be committing while we copy. A file in rollback-journal mode is
copied by SQLite's backup under a shared lock, so no commit lands halfway through the
copy; a WAL file, or one whose journal is hot (its writer died), is copied file by
file, again when any of the set changed meanwhile, and refused as busy when it never
holds still. A small file in rollback-journal mode is read whole into memory under the
same shared lock instead (`committed_image`): a merge of twenty such files vets and
reads them without writing a copy.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import time
from pathlib import Path

from smolevents.core import messages
from smolevents.core.errors import DatabaseBusyError, UserError
from smolevents.core.store.uri import read_only_uri

SIDE_SUFFIXES = ("-journal", "-wal")  # -shm is only an index of the -wal: SQLite rebuilds it
COPY_ATTEMPTS = 8
_HEADER_BYTES = 100


def refuse_uri(path: Path | str) -> None:
    """`file:…?mode=memory` and friends are SQLite addresses, not files: a database the
    program would fill and then lose, or a file reached around vetting."""
    if str(path).strip().lower().startswith("file:"):
        raise UserError(
            f"«{path}» — это адрес SQLite (URI), а не путь к файлу базы. "
            "Укажите путь к файлу, например --db отдел.sqlite."
        )


def refuse_special_file(path: Path) -> None:
    """A FIFO, a device or a socket blocks or never ends when read: refused before it is opened."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # missing or unreadable: the caller names that more precisely
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        raise UserError(messages.not_a_regular_file(path))


def side_files(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in SIDE_SUFFIXES]


def committed_image(path: Path, limit: int) -> bytes | None:
    """The bytes SQLite reads as the file's committed state, read whole under a shared lock
    (no commit lands meanwhile), when they are the main file's alone: a file in
    rollback-journal mode without a hot journal, no longer than `limit` bytes. None when
    the file is larger, in WAL mode or has a hot journal (its set is copied as files then)."""
    try:
        if os.path.getsize(path) > limit or _in_wal_mode(path):
            return None
    except OSError as error:
        raise UserError(messages.file_unreadable(path, error)) from None
    source = _holding_shared_lock(path)
    if source is None:
        return None
    try:
        with open(path, "rb") as handle:
            image = handle.read(limit + 1)
    except OSError as error:
        raise UserError(messages.file_unreadable(path, error)) from None
    finally:
        source.close()
    # Switched to WAL (or grown) before the lock was taken: read as a set of files.
    if len(image) > limit or image[18:20] == b"\x02\x02":
        return None
    return image


def copy_set(path: Path, copy: Path) -> None:
    """Copy `path` and its side files to `copy` (+ the same suffixes), consistently."""
    if not _in_wal_mode(path) and _copy_under_shared_lock(path, copy):
        return
    _copy_files(path, copy)


def _in_wal_mode(path: Path) -> bool:
    # Header bytes 18 and 19: file format versions, 2 in WAL mode.
    with open(path, "rb") as handle:
        head = handle.read(_HEADER_BYTES)
    return head[18:20] == b"\x02\x02"


def _holding_shared_lock(path: Path) -> sqlite3.Connection | None:
    """A read-only connection holding SQLite's shared lock on `path` until it is closed, so
    no commit lands meanwhile; None when the file will not open or its journal is hot
    (nobody is writing then: the set is copied as files) or damaged. Busy: DatabaseBusyError."""
    try:
        source = sqlite3.connect(read_only_uri(path.absolute()), uri=True, timeout=5.0,
                                 isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        source.execute("PRAGMA trusted_schema = OFF")
        # The shared lock, taken (or refused as busy) here and held to the end: the backup
        # itself would wait for a busy file forever.
        source.execute("BEGIN")
        source.execute("PRAGMA schema_version").fetchone()
    except (sqlite3.DatabaseError, UnicodeDecodeError) as error:
        source.close()
        if is_busy(error):
            raise DatabaseBusyError(messages.DATABASE_BUSY) from None
        return None  # a hot journal (READONLY_ROLLBACK), damage: copied as files and vetted
    return source


def _copy_under_shared_lock(path: Path, copy: Path) -> bool:
    """SQLite's backup of the committed state, while writers wait; False when the file is
    copied as files instead (`_holding_shared_lock`)."""
    source = _holding_shared_lock(path)
    if source is None:
        return False
    try:
        target = sqlite3.connect(str(copy))
        try:
            # A private copy vetted and thrown away: nothing to gain from syncing it to disk
            # (half of the copy's time) or journaling its first write.
            target.execute("PRAGMA synchronous = OFF")
            target.execute("PRAGMA journal_mode = OFF")
            source.backup(target)
        finally:
            target.close()
    except (sqlite3.DatabaseError, UnicodeDecodeError) as error:
        _remove_copies(copy)
        if is_busy(error):
            raise DatabaseBusyError(messages.DATABASE_BUSY) from None
        return False  # damage met on the way: copied as files and vetted
    finally:
        source.close()
    return True


_SQLITE_BUSY, _SQLITE_LOCKED = 5, 6


def is_busy(error: BaseException) -> bool:
    """Whether SQLite said another connection holds the file (busy or locked)."""
    return (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF in (_SQLITE_BUSY, _SQLITE_LOCKED)


def _copy_files(path: Path, copy: Path) -> None:
    for attempt in range(COPY_ATTEMPTS):
        before = _signature(path)
        _remove_copies(copy)
        try:
            shutil.copyfile(path, copy)
            for side, suffix in zip(side_files(path), SIDE_SUFFIXES):
                if before[side.name] is not None:
                    refuse_special_file(side)
                    shutil.copyfile(side, copy.with_name(copy.name + suffix))
        except FileNotFoundError:
            continue  # a side file went away while we copied: the writer finished, try again
        except OSError as error:
            raise UserError(messages.file_unreadable(path, error)) from None
        if _signature(path) == before:
            return
        time.sleep(0.02 * (attempt + 1))
    raise DatabaseBusyError(
        f"Файл «{path.name}» сейчас изменяет другая программа. "
        "Подождите, пока она закончит (или закройте ее), и повторите."
    )


def fold_side_files(copy: Path) -> None:
    """Bring the private copy to the state SQLite reads: a hot journal rolled back, a
    WAL checkpointed into the file, then one plain file in rollback-journal mode.

    Only SQLite's own recovery runs here; nothing of the file's schema is executed.
    Raises sqlite3.DatabaseError when the set cannot be read.
    """
    conn = sqlite3.connect(copy.resolve().as_uri() + "?mode=rw", uri=True, isolation_level=None)
    try:
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.execute("PRAGMA user_version").fetchone()  # the first read rolls a hot journal back
        conn.execute("PRAGMA journal_mode = DELETE").fetchone()  # folds a WAL in and removes it
    finally:
        conn.close()
    # A journal SQLite did not find hot is ignored by SQLite too; gone from the copy, it
    # cannot be mistaken for one later.
    _remove_copies(copy, main=False)


def _signature(path: Path) -> dict[str, tuple | None]:
    """What changes whenever the set changes: sizes, times, the first bytes of each file."""
    found: dict[str, tuple | None] = {}
    for each in (path, *side_files(path)):
        try:
            info = os.stat(each)
            if not stat.S_ISREG(info.st_mode):
                refuse_special_file(each)
            with open(each, "rb") as handle:
                head = handle.read(_HEADER_BYTES)
        except FileNotFoundError:
            found[each.name] = None
            continue
        except OSError:
            found[each.name] = ("unreadable",)
            continue
        found[each.name] = (info.st_size, info.st_mtime_ns, head)
    return found


def _remove_copies(copy: Path, main: bool = True) -> None:
    targets = ([copy] if main else []) + side_files(copy)
    for each in targets:
        each.unlink(missing_ok=True)
