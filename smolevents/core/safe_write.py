"""Write a file whole or not at all.

The new content goes to a temporary file in the target's folder, then replaces the
target in one step. A target open in Word cannot be replaced on Windows
(PermissionError): the old file stays as it was and the clerk is told why.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from smolevents.core.errors import FileBusyError


def write_atomically(target: str | Path, write: Callable[[Path], None]) -> Path:
    """Call `write(temporary_path)`, then move the result onto `target`."""
    target = Path(target)
    folder = target.parent
    try:
        handle, temporary_name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=".tmp", dir=folder)
    except FileNotFoundError:
        raise FileBusyError(f"Папка «{folder}» не найдена. Выберите другую папку.") from None
    except PermissionError:
        raise FileBusyError(
            f"Нет прав на запись в папку «{folder}». Выберите другую папку."
        ) from None
    os.close(handle)
    temporary = Path(temporary_name)
    try:
        write(temporary)
        _give_ordinary_permissions(temporary)
        _flush_to_disk(temporary)
        os.replace(temporary, target)
    except PermissionError:
        raise FileBusyError(
            f"Файл «{target.name}» открыт в другой программе или защищен от записи. "
            "Закройте его (например, в Word) и повторите, либо сохраните под другим именем."
        ) from None
    finally:
        temporary.unlink(missing_ok=True)
    return target


def _give_ordinary_permissions(path: Path) -> None:
    """mkstemp makes owner-only files; a report should be as readable as any other."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o666 & ~umask)


def _flush_to_disk(path: Path) -> None:
    with open(path, "rb+") as written:
        os.fsync(written.fileno())
