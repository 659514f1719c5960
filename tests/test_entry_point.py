"""`smolevents` with nothing but `--db` opens the window the way the full command line would."""

from pathlib import Path

import pytest

import smolevents.__main__ as entry


@pytest.fixture
def opened(monkeypatch):
    seen = []
    monkeypatch.setattr(entry, "open_window", lambda args: seen.append(args) or 0)
    return seen


@pytest.mark.parametrize("argv, db", [
    ([], None),
    (["--db", "отдел.sqlite"], Path("отдел.sqlite")),
    (["--db=отдел.sqlite"], Path("отдел.sqlite")),
    (["--db", "папка с пробелом/events.sqlite"], Path("папка с пробелом/events.sqlite")),
])
def test_the_window_alone_gets_the_database_the_parser_would_give(opened, argv, db):
    assert entry.start(argv) == 0
    [args] = opened
    assert args.db == db and args.command is None and not args.self_test
    if argv:  # the same as the command line's own parser makes of it
        from smolevents.cli.main import parse_arguments
        assert parse_arguments(argv).db == db


@pytest.mark.parametrize("argv", [["--db"], ["--db", "--self-test"], ["--db", "x.sqlite", "--what"], ["--bd", "x.sqlite"]])
def test_anything_else_goes_to_the_command_lines_parser(opened, argv, capsys):
    with pytest.raises(SystemExit) as stopped:
        entry.start(argv)
    assert stopped.value.code == 2 and opened == []
    assert capsys.readouterr().err  # the parser said what is wrong
