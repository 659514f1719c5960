"""The command line: parses arguments and calls the core, nothing more.

Exit status: 0 success, 1 input or data refused (one Russian line on stderr),
2 wrong usage. Each subcommand lives in its own module under `commands/`, which
registers its parser; heavy imports happen only when a command runs. Opening the
window (no command) and the self-test are the program's entry point's business
(`smolevents/__main__.py`): the command line never imports the window.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from smolevents import __version__
from smolevents.cli.deferred_import import defer

defer("inspect", "getfullargspec")  # before the core's dataclasses and lxml import it: no command uses it (see deferred_import)

from smolevents.cli.russian_argparse import RussianArgumentParser  # noqa: E402
from smolevents.core import messages  # noqa: E402
from smolevents.core.errors import UserError  # noqa: E402

# Subcommand modules in smolevents.cli.commands, in the order `--help` lists them.
COMMAND_MODULES = ("check", "sections", "export", "summary", "merge", "copy_for_sending", "import_docx")


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser of every command; of the one command `argv` plainly names when given
    (only its module is imported: a command does not pay for the others' imports)."""
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
    named = _named_command(argv) if argv is not None else None
    for name in (named,) if named else COMMAND_MODULES:
        importlib.import_module(f"smolevents.cli.commands.{name}").register(subparsers)
    return parser


def _named_command(argv: list[str]) -> str | None:
    """The module of the command `argv` names after the global `--db PATH`; None when it
    names none or says anything else first (--help, a mistake: the full parser answers)."""
    index = 0
    while index < len(argv):
        argument = argv[index]
        if argument == "--db":
            index += 2
        elif argument.startswith("--db="):
            index += 1
        elif argument.startswith("-"):
            return None
        else:
            module = argument.replace("-", "_")
            return module if module in COMMAND_MODULES and argument == module.replace("_", "-") else None
    return None


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    return build_parser(sys.argv[1:] if argv is None else argv).parse_args(argv)


def run_command(args: argparse.Namespace) -> int:
    """Runs the parsed command; every refusal is one Russian line on stderr."""
    try:
        return args.handler(args)
    except BrokenPipeError:
        # `smolevents check | head`: the reader has had enough; nothing to report.
        _silence_stdout()
        return 0
    except UserError as error:
        print(str(error), file=sys.stderr)
        return 1
    except _database_error() as error:
        # A damaged file or a disk problem: one line, never a traceback.
        print(messages.database_error(error), file=sys.stderr)
        return 1
    except OSError as error:
        print(messages.file_access_error(error), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _database_error() -> type[Exception]:
    """sqlite3.Error, imported when a command's failure is matched against it (an except
    clause's class is evaluated only then), not before every command: 3 ms of a start that
    import-docx spends before its document is parsed; the store imports sqlite3 anyway."""
    import sqlite3

    return sqlite3.Error


def _silence_stdout() -> None:
    """Point stdout at devnull, so the interpreter's final flush does not complain about the pipe either."""
    import os
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass  # stdout is not a real file (a test's capture): nothing to silence


def main(argv: list[str] | None = None) -> int:
    """The command line alone (commands only); the program's entry point adds the window."""
    return run_command(parse_arguments(argv))
