"""`smolevents copy-for-sending`: a consistent, checked copy of the database to send."""

from __future__ import annotations

from pathlib import Path

from smolevents.core.errors import UserError
from smolevents.core.store.vetting import SQLITE_MAGIC


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
    with open_store(args, create=False) as store:
        written = save_copy_for_sending(store, target)
        print(f"Копия для отправки сохранена: {written} (мероприятий {store.count_events()}).")
    return 0


def target_path(target: Path) -> Path:
    """A name without extension gets .sqlite (as in the window); a file that is not a
    database (a report, a letter typed by mistake) is never replaced by the copy."""
    if not target.suffix:
        target = target.with_name(target.name + ".sqlite")
    if target.is_file() and not _is_sqlite(target):
        raise UserError(f"Файл «{target.name}» уже есть и это не база данных: копия не записана поверх него. "
                        "Укажите другое имя, например копия.sqlite.")
    return target


def _is_sqlite(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
