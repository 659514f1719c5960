"""Where a copy for sending may be written: the command line and the window share this guard."""

from __future__ import annotations

from pathlib import Path

from smolevents.core.errors import UserError
from smolevents.core.store.schema import APPLICATION_ID
from smolevents.core.store.vetting import SQLITE_MAGIC

_APPLICATION_ID_OFFSET = 68  # in SQLite's 100-byte file header, big-endian


def copy_target_path(target: str | Path) -> Path:
    """A name without extension gets .sqlite; an existing file that is not a smolevents
    database (a report, a letter, another program's database) is never replaced."""
    target = Path(target)
    if not target.suffix:
        target = target.with_name(target.name + ".sqlite")
    if target.is_file() and not is_our_database_file(target):
        raise UserError(f"Файл «{target.name}» уже есть и это не база smolevents: копия не записана поверх него. "
                        "Укажите другое имя, например копия.sqlite.")
    return target


def is_our_database_file(path: Path) -> bool:
    """By the file header only (nothing is opened as a database): SQLite, and our application id."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except OSError:
        return False
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        return False
    return int.from_bytes(header[_APPLICATION_ID_OFFSET:_APPLICATION_ID_OFFSET + 4], "big") == APPLICATION_ID
