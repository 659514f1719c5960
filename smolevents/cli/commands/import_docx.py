"""`smolevents import-docx FILE.docx`: bring a report already written in Word into the database."""

from __future__ import annotations

import gc
from pathlib import Path

from smolevents.core.bulk import collector_paused, kept_until_exit, no_last_collection_at_exit


# Events of a document whose parsed XML is left to the process's exit (core.bulk.kept_until_exit):
# 2 350 events hold ~10 MB of it.
KEPT_PARSED_UP_TO = 5_000


def register(subparsers) -> None:
    from smolevents.cli.database_argument import add_db_argument
    from smolevents.cli.period_arguments import add_period_arguments
    parser = subparsers.add_parser(
        "import-docx",
        help="загрузить в базу отчет (или его часть), уже написанный в Word",
        description="Загружает мероприятия из таблицы отчета в Word (.docx). Документ "
                    "загружается целиком или не загружается вовсе; повторная загрузка "
                    "ничего не добавляет. Сам файл не изменяется.",
    )
    parser.add_argument("file", type=Path, metavar="FILE.docx", help="документ Word с отчетом")
    add_db_argument(parser)
    add_period_arguments(parser, year_help="год отчета, если в заголовке его нет", with_period=False, year_type=int)
    parser.add_argument("--dry-run", action="store_true",
                        help="показать, что будет добавлено, и ничего не записывать")
    parser.set_defaults(handler=run)


# The reading and the import make a few hundred thousand objects and no reference
# cycles: the cyclic collector, which would walk them again and again, rests meanwhile.
@collector_paused()
def run(args) -> int:
    from smolevents.core.report.docx_safety import load_main_document

    no_last_collection_at_exit()  # the country index alone is a hundred thousand objects (13 ms at exit)

    # The document is read (or refused) before the database is even opened, so a
    # refused file leaves no trace, not even a new empty database. While its XML is
    # parsed, the rest of the command gets ready in another thread (`_prepare`).
    failures: list[BaseException] = []
    main = load_main_document(args.file, meanwhile=lambda: _prepare(not args.dry_run, failures))
    from smolevents.cli.database_argument import db_path_of, open_store
    from smolevents.core.report.docx_reader import import_report, report_of
    from smolevents.core.store import Store

    imported = report_of(main, args.file.name, year=args.year, quarter=args.quarter)
    kept = main if len(imported.events) <= KEPT_PARSED_UP_TO else None
    if kept is not None:
        kept_until_exit(kept)  # the parsed XML: freed by the exit, not one node at a time now
    del main  # (a larger one is freed now: held on, it would add to the import's peak memory)
    if failures:  # after the document's own refusals, which say what the clerk can do
        raise failures[0]
    db_path = db_path_of(args)
    if args.dry_run and not db_path.exists():
        # Nothing may be written, not even a new file: compare with an empty database.
        with Store.in_memory() as store:
            result = import_report(store, imported, dry_run=True)
    else:
        with open_store(args) as store:
            result = import_report(store, imported, dry_run=args.dry_run)
    database = f"{db_path}" if db_path.exists() else f"{db_path} (файла еще нет, сравнение с пустой базой)"
    print("\n".join(result_lines(imported, result, database)))
    if kept is not None:
        # With it, the events read and the country index (a hundred thousand objects): the
        # exit leaves them as they are instead of freeing them one by one (~3 ms).
        from smolevents.core import countries

        kept_until_exit((kept, imported, countries.index() if countries.is_loaded() else None))
    return 0


def _prepare(with_country_names: bool, failures: list[BaseException]) -> None:
    """What the command needs after the parse, made ready while the document's XML is
    parsed in the main thread (the parse lets go of the GIL: on two cores the two take
    the time of the longer): the reader's, the store's and the participants' modules,
    and the country names every added event's suggestion reads. Nothing is opened or
    written here; what fails is kept in `failures` for the main thread to raise."""
    try:
        import smolevents.core.store  # noqa: F401 - the store, its schema and search index
        import smolevents.core.participants  # noqa: F401 - read for every event written
        import smolevents.core.report.docx_reader  # noqa: F401 - dates, the report's columns and sections

        if with_country_names:
            from smolevents.core.countries import index

            index()
        # The youngest objects (these modules', the country index's: the command's collector
        # is paused) are walked once here, beside the parse, rather than by the first
        # collection after the command, on its way out (~3.5 ms).
        gc.collect(0)
    except BaseException as failure:  # noqa: BLE001 - raised by the main thread after the reading
        failures.append(failure)


def result_lines(imported, result, database: str) -> list[str]:
    lines = [
        f"Документ «{imported.source_name}»: {imported.quarter.label}, "
        f"мероприятий {len(imported.events)}, разделов {len(imported.sections)}.",
        f"База: {database}",
    ]
    if result.dry_run:
        lines.append("Пробный запуск: в базу ничего не записано.")
    verb = "будет добавлено" if result.dry_run else "добавлено"
    for title, added in result.by_section:
        lines.append(f"  {title}: {verb} {added}")
    for title in result.new_sections:
        lines.append(f"Новый раздел в списке разделов: «{title}».")
    closing = {
        "set": "будет записан" if result.dry_run else "записан",
        "same": "такой же уже есть в базе",
        "kept": "в базе уже другой — оставлен прежний",
        "none": "в документе нет",
    }[result.closing_action]
    lines.append(f"Итоговый абзац: {closing}.")
    if result.warnings:
        lines.append(f"Предупреждения ({len(result.warnings)}):")
        lines.extend(f"  ! {warning}" for warning in result.warnings)
    lines.append(f"Итог: {result.summary()}.")
    return lines
