"""The program's log, `smolevents.log` in the user's data folder.

What the clerk cannot see (a traceback, a refusal at start-up of the windowed build,
which has no console) is written here, so IT has something to read afterwards.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from smolevents.core import paths


def append_to_log(text: str, log_file: Path | None = None) -> str:
    """Append one stamped entry; return the log's path, or why it could not be written
    (never raises: the log must not become a second failure)."""
    path = log_file or paths.log_path()
    stamp = datetime.datetime.now().isoformat(timespec="seconds")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as log:
            log.write(f"--- {stamp}\n{text.rstrip()}\n\n")
    except OSError as problem:
        return f"(журнал записать не удалось: {problem})"
    return str(path)
