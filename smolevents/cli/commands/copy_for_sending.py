"""`smolevents copy-for-sending`: a consistent, checked copy of the database to send."""

from __future__ import annotations

from pathlib import Path



def register(subparsers) -> None:
    from smolevents.cli.database_argument import add_db_argument
    parser = subparsers.add_parser(
        "copy-for-sending",
        help="сохранить проверенную копию базы для отправки координатору",
    )
    parser.add_argument("target", type=Path, metavar="ФАЙЛ", help="куда сохранить копию (.sqlite)")
    add_db_argument(parser)
    parser.set_defaults(handler=run)


def run(args) -> int:
    from smolevents.cli.database_argument import open_store
    from smolevents.core.store.sharing import save_copy_for_sending
    target = target_path(args.target)
    with open_store(args, create=False, read_only=True) as store:
        written = save_copy_for_sending(store, target)
        print(f"Копия для отправки сохранена: {written} (мероприятий {store.count_events()}).")
    return 0


def target_path(target: Path) -> Path:
    from smolevents.core.store.copy_target import copy_target_path
    return copy_target_path(target)
