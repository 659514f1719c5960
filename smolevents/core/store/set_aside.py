"""A refused database file moved out of the way, never deleted, so a new one can start.

The clerk whose default database is damaged must be able to work on; the damaged file
is kept beside the new one under a name that says what it is, for IT to look at.
Its rollback journal goes with it: left behind, SQLite would play it into the new file.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

from smolevents.core.errors import UserError

_COMPANIONS = ("-journal", "-wal", "-shm")


def set_aside(path: Path, now: datetime.datetime | None = None) -> Path:
    """Rename `path` (and its journal) to "NAME (не открылась 2026-11-29 20-40).EXT"; the new name."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"«{path}» — не файл базы: отложить нечего. Выберите «Открыть другой файл».")
    stamp = (now or datetime.datetime.now()).strftime("%Y-%m-%d %H-%M")
    target = path.with_name(f"{path.stem} (не открылась {stamp}){path.suffix}")
    number = 2
    while target.exists() or any(Path(f"{target}{end}").exists() for end in _COMPANIONS):
        target = path.with_name(f"{path.stem} (не открылась {stamp}, {number}){path.suffix}")
        number += 1
    try:
        os.rename(path, target)
        for end in _COMPANIONS:
            companion = Path(f"{path}{end}")
            if companion.exists():
                os.rename(companion, Path(f"{target}{end}"))
    except OSError as error:
        raise UserError(
            f"Не удалось отложить файл «{path.name}» ({error.strerror or error}): "
            "закройте программы, которые его используют, или выберите «Открыть другой файл»."
        ) from None
    return target
