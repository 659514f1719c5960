"""The command line: parses arguments and calls the core, nothing more.

Exit status: 0 success, 1 input or data refused (one Russian line on stderr),
2 wrong usage. Each subcommand lives in its own module under `commands/`, which
registers its parser; heavy imports happen only when a command runs.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sqlite3
import sys
from pathlib import Path

from .. import __version__
from .errors import UserError
from .paths import default_db_path
from .storage import Store

# Subcommand modules in smolevents.core.commands, in the order `--help` lists them.
COMMAND_MODULES = ("check", "sections", "export", "merge", "copy_for_sending", "import_docx")


# argparse's own English messages, as the clerk reads them (unknown ones pass as they are).
_ARGPARSE_MESSAGES = (
    (r"unrecognized arguments: (.*)", r"лишние аргументы: \1"),
    (r"the following arguments are required: (.*)", r"не указано обязательное: \1"),
    (r"argument (.+?): invalid choice: (.+?) \(choose from (.*)\)", r"\1: нет такого значения \2 (можно: \3)"),
    (r"argument (.+?): invalid int value: (.*)", r"\1: нужно целое число, а не \2"),
    (r"argument (.+?): invalid .* value: (.*)", r"\1: недопустимое значение \2"),
    (r"argument (.+?): expected one argument", r"после \1 укажите значение"),
    (r"argument (.+?): expected at least one argument", r"после \1 укажите хотя бы одно значение"),
    (r"ambiguous option: (.+?) could match (.*)", r"неоднозначный параметр \1 (подходят: \2)"),
)


def russian_argparse_message(message: str) -> str:
    for english, russian in _ARGPARSE_MESSAGES:
        if re.fullmatch(english, message):
            return re.sub(english, russian, message)
    return message


class RussianHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "Использование: " if prefix is None else prefix)


class RussianArgumentParser(argparse.ArgumentParser):
    """argparse with its help and its complaints in Russian, for the main parser and each command."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", RussianHelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "аргументы"
        self._optionals.title = "параметры"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help="показать эту справку и выйти")

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"Ошибка в команде: {russian_argparse_message(message)}\nСправка: smolevents --help\n")


def add_db_argument(parser: argparse.ArgumentParser, help: str = "файл базы данных (как --db перед командой)") -> None:
    """`--db` also after the command; SUPPRESS keeps the global --db when it is not given here."""
    parser.add_argument("--db", type=Path, default=argparse.SUPPRESS, metavar="ПУТЬ", help=help)


def build_parser() -> argparse.ArgumentParser:
    parser = RussianArgumentParser(
        prog="smolevents",
        description="Отчет о мероприятиях в международной сфере: база мероприятий и отчет в Word.",
    )
    parser.add_argument("--version", action="version", version=f"smolevents {__version__}",
                        help="показать версию программы и выйти")
    parser.add_argument("--self-test", action="store_true",
                        help="проверить программу без участия человека (временная база, отчет, окно)")
    parser.add_argument("--db", type=Path, metavar="ПУТЬ",
                        help="файл базы данных (по умолчанию — в папке данных пользователя)")
    subparsers = parser.add_subparsers(dest="command", metavar="КОМАНДА", parser_class=RussianArgumentParser)
    for name in COMMAND_MODULES:
        importlib.import_module(f".commands.{name}", __package__).register(subparsers)
    return parser


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
        from .untrusted import vet_database_file
        vet_database_file(args.db)
    return Store.open(path)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.self_test:  # a frozen build checked by IT or CI; never touches the clerk's database
        from ..selftest import run_self_test
        return run_self_test()
    try:
        if args.command is None:
            return open_window(db_path_of(args))
        return args.handler(args)
    except UserError as error:
        print(str(error), file=sys.stderr)
        return 1
    except sqlite3.Error as error:
        # A damaged file or a disk problem: one line, never a traceback.
        print(f"Ошибка базы данных: {error}. Проверьте файл командой smolevents check.", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"Ошибка доступа к файлу: {error.strerror or error}"
              f"{f' ({error.filename})' if error.filename else ''}.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def open_window(db_path: Path) -> int:
    """The window when Qt can start; otherwise a summary of the database."""
    try:
        from ..ui.app import run
    except ImportError as error:
        print(f"Окно недоступно ({error}); сводка базы:", file=sys.stderr)
        from .commands.check import print_summary
        with Store.open(db_path) as store:
            return print_summary(store)
    return run(db_path)


if __name__ == "__main__":
    sys.exit(main())
