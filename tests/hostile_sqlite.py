"""Hostile database files built by the tests: side files, rewritten schemas, bad rows.

Each builder writes files the way another program (or an attacker) would, with the
plain `sqlite3` module, never through the Store.
"""

from __future__ import annotations

import shutil
import sqlite3
import struct
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")
_SECTOR = 512
_NONCE = 0x5EED


def edit(path: Path, *statements: str, writable_schema: bool = False) -> Path:
    """Change the file as another program would: no CHECKs, no foreign keys, optionally the schema itself."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    if writable_schema:
        conn.execute("PRAGMA writable_schema = ON")
    for statement in statements:
        conn.execute(statement)
    if writable_schema:
        conn.execute("PRAGMA writable_schema = OFF")
    conn.close()
    return path


@contextmanager
def another_program_committing(path: Path) -> Iterator[None]:
    """Inside the block another program keeps committing sound changes to the file's events,
    letting go of it between commits (a busy program, not one that holds the file)."""
    stop = threading.Event()

    def writer():
        conn = sqlite3.connect(path, timeout=10, isolation_level=None)
        number = 0
        while not stop.is_set():
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("UPDATE events SET purpose = purpose || ? WHERE id % 7 = ?", (str(number), number % 7))
            conn.execute("COMMIT")
            number += 1
            time.sleep(0.002)
        conn.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def pages_of(path: Path) -> tuple[int, list[bytes]]:
    data = path.read_bytes()
    page_size = struct.unpack(">H", data[16:18])[0] or 65536
    return page_size, [data[i:i + page_size] for i in range(0, len(data), page_size)]


def hot_journal_restoring(path: Path, original: Path) -> Path:
    """A hot `-journal` beside `path` that, rolled back, turns `path` into `original`.

    What a writer killed in the middle of a commit leaves: the main file already
    holds the new pages, the journal the old ones. `original` and `path` must have
    the same page size (one file before and after a change).
    """
    page_size, new_pages = pages_of(path)
    _, old_pages = pages_of(original)
    records = b""
    count = 0
    for number, old in enumerate(old_pages, start=1):
        if number > len(new_pages) or new_pages[number - 1] != old:
            records += struct.pack(">I", number) + old + struct.pack(">I", _checksum(old, page_size))
            count += 1
    header = JOURNAL_MAGIC + struct.pack(">IIIII", count, _NONCE, len(old_pages), _SECTOR, page_size)
    journal = path.with_name(path.name + "-journal")
    journal.write_bytes(header.ljust(_SECTOR, b"\0") + records)
    return journal


def _checksum(page: bytes, page_size: int) -> int:
    # pager.c: the nonce plus every 200th byte counted back from the end of the page.
    total, index = _NONCE, page_size - 200
    while index > 0:
        total += page[index]
        index -= 200
    return total & 0xFFFFFFFF


def clean_file_with_hot_journal(good: Path, folder: Path, *attack: str) -> Path:
    """A clean-looking main file whose hot journal brings back `attack` (a trigger, say)."""
    before = folder / "до.sqlite"
    shutil.copyfile(good, before)
    edit(before, *attack)
    path = folder / "отдел.sqlite"
    shutil.copyfile(before, path)
    edit(path, *[f"DROP TRIGGER {name}" for name in _triggers(before)])
    hot_journal_restoring(path, before)
    before.unlink()
    return path


def _triggers(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")]
    finally:
        conn.close()


def wal_file_with_extra_events(good: Path, target: Path, extra: int) -> Path:
    """A WAL-mode copy of `good` whose last `extra` events live only in its `-wal`."""
    shutil.copyfile(good, target)
    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    columns = [row[1] for row in conn.execute("PRAGMA table_info(events)") if row[1] not in ("id", "uuid")]
    listed = ", ".join(columns)
    conn.execute(
        f"INSERT INTO events (uuid, {listed}) SELECT uuid || '-wal', {listed} FROM events ORDER BY id LIMIT {extra}")
    # Copy the set while the connection is open: closing it would fold the WAL in.
    folder = target.parent / "wal-set"
    folder.mkdir(exist_ok=True)
    for suffix in ("", "-wal"):
        shutil.copyfile(f"{target}{suffix}", folder / f"{target.name}{suffix}")
    conn.close()
    target.unlink()
    for suffix in ("", "-wal"):
        shutil.move(folder / f"{target.name}{suffix}", f"{target}{suffix}")
    folder.rmdir()
    return target


def files_beside(path: Path) -> dict[str, bytes]:
    """The file and its side files, as bytes: to show they were left unchanged."""
    return {each.name: each.read_bytes() for each in path.parent.iterdir()
            if each.name.startswith(path.name)}
