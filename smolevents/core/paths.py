"""Where the program keeps its files on the clerk's machine."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "smolevents"
DB_ENVIRONMENT_VARIABLE = "SMOLEVENTS_DB"


def data_dir() -> Path:
    import platformdirs  # only when the data folder is really needed: not on every start-up path

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def db_path(given: Path | None) -> Path:
    """The database to work on: `given` (`--db`) beats SMOLEVENTS_DB, which beats the user's
    data folder. (The window's start uses this without the command line's parser.)"""
    return given if given else default_db_path()


def default_db_path() -> Path:
    """SMOLEVENTS_DB, else the user's data folder (when no `--db` is given)."""
    from_environment = os.environ.get(DB_ENVIRONMENT_VARIABLE, "").strip()
    if from_environment:
        return Path(from_environment).expanduser()
    return data_dir() / "events.sqlite"


def log_path() -> Path:
    return data_dir() / "smolevents.log"
