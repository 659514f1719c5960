"""`--db`: which database a command works on, and how a command opens it."""

from __future__ import annotations

import argparse
from pathlib import Path

from smolevents.core.errors import UserError
from smolevents.core.paths import db_path

TYPE_CHECKING = False  # typing.TYPE_CHECKING without typing's import
if TYPE_CHECKING:
    from smolevents.core.store import Store


def add_db_argument(parser: argparse.ArgumentParser, help: str = "файл базы данных (как --db перед командой)") -> None:
    """`--db` also after the command; SUPPRESS keeps the global --db when it is not given here."""
    parser.add_argument("--db", type=Path, default=argparse.SUPPRESS, metavar="ПУТЬ", help=help)


def db_path_of(args: argparse.Namespace) -> Path:
    return db_path(args.db)


def open_store(args: argparse.Namespace, *, create: bool = True, read_only: bool = False,
               vet: bool = False) -> Store:
    """The database a command works on: `--db`, SMOLEVENTS_DB or the default.

    A file named with `--db` (or any file, with `vet`) may have come from elsewhere: it
    goes through the vetting step (side files included) before it is used; the default
    is not, to keep start-up fast. A command that only reads passes `read_only`: it
    works on the vetted private copy and never writes the file; with `create=False` a
    mistyped path is refused instead of becoming a new empty database reported as
    "no events". An empty file is a new database another copy of the program is making
    this moment (two first imports at once): it is opened, not vetted.
    """
    # The store is imported here, not with the module: every command's parser adds --db
    # (import-docx reads and parses its document before it needs the store).
    from smolevents.core.store import Store
    from smolevents.core.store.side_files import refuse_uri
    path = db_path_of(args)
    refuse_uri(path)
    if not create and not path.exists():
        raise UserError(f"База «{path}» не найдена. Проверьте путь или укажите файл базы: --db ПУТЬ.")
    from_elsewhere = (args.db or vet) and path.exists() and not _being_created(path)
    if from_elsewhere:
        from smolevents.core.store.opening import open_from_elsewhere  # the vetting: only when needed

        return open_from_elsewhere(path, read_only=read_only)
    return Store.open(path, create=create)


def _being_created(path: Path) -> bool:
    try:
        return path.is_file() and path.stat().st_size == 0
    except OSError:
        return False
