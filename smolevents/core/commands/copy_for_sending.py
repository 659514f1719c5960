"""`smolevents copy-for-sending`: a consistent, checked copy of the database to send."""

from __future__ import annotations

from pathlib import Path


def register(subparsers) -> None:
    from ..cli import add_db_argument
    parser = subparsers.add_parser(
        "copy-for-sending",
        help="сохранить проверенную копию базы для отправки координатору",
    )
    parser.add_argument("target", type=Path, metavar="ФАЙЛ", help="куда сохранить копию (.sqlite)")
    add_db_argument(parser)
    parser.set_defaults(handler=run)


def run(args) -> int:
    from ..cli import open_store
    from ..sharing import save_copy_for_sending
    with open_store(args, create=False) as store:
        written = save_copy_for_sending(store, args.target)
        print(f"Копия для отправки сохранена: {written} (мероприятий {store.count_events()}).")
    return 0
