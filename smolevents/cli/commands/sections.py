"""`smolevents sections`: the section catalogue, and adding to it."""

from __future__ import annotations



def register(subparsers) -> None:
    from smolevents.cli.database_argument import add_db_argument
    parser = subparsers.add_parser("sections", help="список разделов отчета; --add добавляет раздел")
    add_db_argument(parser)
    parser.add_argument("--add", metavar="НАЗВАНИЕ", help="добавить раздел в конец списка")
    parser.set_defaults(handler=run)


def run(args) -> int:
    from smolevents.cli.database_argument import open_store
    # Only adding a section may make a new database; a listing never does.
    with open_store(args, create=args.add is not None, read_only=args.add is None) as store:
        if args.add is not None:
            section = store.add_section(args.add)
            print(f"Добавлен раздел «{section.title}».")
        for number, section in enumerate(store.sections(), start=1):
            print(f"{number}. {section.title}")
    return 0
