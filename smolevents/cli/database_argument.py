"""`--db`: which database a command works on, and how a command opens it."""

from __future__ import annotations

import argparse
from pathlib import Path

from smolevents.core.errors import UserError
from smolevents.core.paths import default_db_path
from smolevents.core.store import Store


def add_db_argument(parser: argparse.ArgumentParser, help: str = "файл базы данных (как --db перед командой)") -> None:
    """`--db` also after the command; SUPPRESS keeps the global --db when it is not given here."""
    parser.add_argument("--db", type=Path, default=argparse.SUPPRESS, metavar="ПУТЬ", help=help)


def db_path_of(args: argparse.Namespace) -> Path:
    return args.db if args.db else default_db_path()


def open_store(args: argparse.Namespace, *, create: bool = True) -> Store:
    """The database a command works on: `--db`, SMOLEVENTS_DB or the default.

    A file named with `--db` may have come from elsewhere: it is vetted from a
    private read-only copy before it is opened for work (the default is not, to
    keep start-up fast). A command that only reads passes `create=False`: a
    mistyped path must not become a new empty database reported as "no events".
    """
    path = db_path_of(args)
    if not create and not path.exists():
        raise UserError(f"База «{path}» не найдена. Проверьте путь или укажите файл базы: --db ПУТЬ.")
    if args.db and args.db.exists():
        from smolevents.core.store.vetting import vet_database_file
        vet_database_file(args.db)
    return Store.open(path)
