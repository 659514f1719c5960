"""The program's entry point: a command runs on the command line, no command opens the window.

This is the one module above both faces (`smolevents.cli` and `smolevents.ui`), so
neither has to import the other. The Windows build makes two programs of it from one
folder: `smolevents.exe` (windowed; without a console, what it would print is shown in
a dialog and failures go to the log, see `streams.py`) and `smolevents-cli.exe` (console).
"""

from __future__ import annotations

import sys

from smolevents.core.bulk import collector_paused


def main(argv: list[str] | None = None) -> int:
    if sys.stderr is None:  # the windowed build (no console): what it says goes to a dialog
        from smolevents.streams import run_without_console
        return run_without_console(start, argv)
    if any(_encoding(stream) != "utf8" for stream in (sys.stdout, sys.stderr)):
        from smolevents.streams import cyrillic_safe  # a Windows console or a redirect
        cyrillic_safe(sys.stdout)
        cyrillic_safe(sys.stderr)
    return start(argv)


def _encoding(stream) -> str:
    return (getattr(stream, "encoding", None) or "utf8").lower().replace("-", "").replace("_", "")


def start(argv: list[str] | None = None) -> int:
    if (sys.argv[1:] if argv is None else argv) == ["--version"]:
        # Asked by installers and scripts: answered before argparse, the commands or the store load.
        from smolevents import __version__
        print(f"smolevents {__version__}")
        return 0
    window_db = _window_only(sys.argv[1:] if argv is None else argv)
    if window_db is not None:
        # The clerk's double-click: the window, without building the parser of every command.
        return open_window(argparse_namespace(db=window_db[0]))
    from smolevents.cli.main import parse_arguments, run_command
    args = parse_arguments(argv)
    if args.self_test:  # a frozen build checked by IT or CI; never touches the clerk's database
        from smolevents.selftest import run_self_test
        return run_self_test()
    if args.command is not None:
        return run_command(args)
    return open_window(args)


def _window_only(argv: list[str]) -> tuple[str | None] | None:
    """(the --db value or None,) when `argv` asks for nothing but the window; else None
    (a command, a mistake, --help: the command line's parser answers those)."""
    if not argv:
        return (None,)
    if len(argv) == 2 and argv[0] == "--db" and argv[1] and not argv[1].startswith("-"):
        return (argv[1],)
    if len(argv) == 1 and argv[0].startswith("--db=") and len(argv[0]) > len("--db="):
        return (argv[0][len("--db="):],)
    return None


def argparse_namespace(db: str | None):
    """What the parser would have made of `[--db PATH]` (its attributes: argparse itself, some
    2 ms of imports, is not needed to open the window)."""
    from pathlib import Path
    from types import SimpleNamespace

    return SimpleNamespace(db=Path(db) if db is not None else None, command=None, self_test=False)


# The start-up makes tens of thousands of objects that live as long as the program (modules,
# Qt's classes and their enums) and next to no garbage: the cyclic collector's passes over
# them (about 10 ms of the start) wait until the window has painted (ui.app.run turns it on).
@collector_paused()
def open_window(args) -> int:
    """The window when Qt can start; otherwise a summary of the database."""
    from smolevents.core.paths import db_path

    path = db_path(args.db)
    try:
        from smolevents.ui.app import run
    except ImportError as error:
        # Qt could not load (a DLL missing from the bundle, a broken install): logged, and
        # exit status 1 so the windowed build shows it as the failure it is.
        from smolevents.core.log_file import append_to_log
        where = append_to_log(f"Окно недоступно: {error!r}")
        print(f"Окно недоступно ({error}); подробности в журнале: {where}. Сводка базы:", file=sys.stderr)
        from smolevents.cli.commands.check import print_summary_of
        print_summary_of(path)
        return 1
    return run(path)


if __name__ == "__main__":
    sys.exit(main())
