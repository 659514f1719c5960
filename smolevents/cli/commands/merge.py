"""`smolevents merge`: departments' files into this database, with the plan printed first."""

from __future__ import annotations

from pathlib import Path

from smolevents.core.domain import Event
from smolevents.core.text import shorten


def register(subparsers) -> None:
    from smolevents.cli.database_argument import add_db_argument
    parser = subparsers.add_parser(
        "merge",
        help="объединить файлы отделов с этой базой (--dry-run: только показать, что изменится)",
        description=(
            "Добавляет мероприятия из файлов отделов. Совпавшие пропускаются, при расхождении "
            "берется более новая версия, возможные дубли добавляются и показываются, "
            "заключительный абзац остается свой (пустой берется из файла)."
        ),
    )
    parser.add_argument("sources", nargs="+", type=Path, metavar="ФАЙЛ", help="файлы баз отделов (.sqlite)")
    add_db_argument(parser, help="база, в которую объединять (по умолчанию — основная)")
    parser.add_argument("--dry-run", action="store_true", help="только показать план, ничего не записывать")
    parser.set_defaults(handler=run)


def run(args) -> int:
    from smolevents.cli.database_argument import db_path_of, open_store
    from smolevents.core.merge import apply_merge, plan_merge
    from smolevents.core.store import Store
    target = db_path_of(args)
    if args.dry_run and not target.exists():
        # A dry run writes nothing, not even a new empty database.
        opened, label = Store.in_memory(), f"{target} (файла еще нет)"
    else:
        opened = open_store(args)
        label = opened.label
    with opened as store:
        plan = plan_merge(store, args.sources)
        print(f"База: {label}")
        for line in plan_lines(plan):
            print(line)
        print()
        if args.dry_run:
            print(f"Пробный запуск, база не изменена. По умолчанию: {plan.summary()}.")
            return 0
        result = apply_merge(store, plan)
        print(f"Объединено: {result.summary()}.")
    return 0


def _name(event: Event) -> str:
    return shorten(event.name, 90) or "(без названия)"


def _ours(origin: str) -> str:
    from smolevents.core.merge import TARGET_ORIGIN
    return "у нас" if origin == TARGET_ORIGIN else f"из файла «{origin}»"


def plan_lines(plan) -> list[str]:
    """The plan, source by source, as the coordinator reads it."""
    from smolevents.core.merge import FIELD_LABELS, OURS, THEIRS, format_moment
    lines = []
    for source in plan.sources:
        lines.append("")
        lines.append(f"Файл «{source.name}»: мероприятий {source.event_count}")
        lines.append(f"  новых: {len(source.new)}")
        for quarter, title, count in source.new_by_place():
            lines.append(f"    {quarter.label}, {title}: {count}")
        lines.append(f"  уже есть (пропускаются): {source.skipped}")
        if source.conflicts:
            lines.append(f"  изменены по-разному: {len(source.conflicts)}")
        for conflict in source.conflicts:
            lines.append(f"    «{_name(conflict.ours)}»")
            lines.append(f"      {_ours(conflict.ours_origin)}: изменено {format_moment(conflict.ours.updated_at)}; "
                         f"в файле: изменено {format_moment(conflict.theirs.updated_at)}")
            for field in conflict.changed_fields:
                ours, theirs = conflict.texts(field)
                lines.append(f"      {FIELD_LABELS[field]}: {shorten(ours, 90)}  →  {shorten(theirs, 90)}")
            choice = "из файла (она новее)" if conflict.default == THEIRS else "наша"
            lines.append(f"      останется версия {choice}")
        if source.duplicates:
            lines.append(f"  возможные дубли: {len(source.duplicates)} (добавляются, проверьте)")
        for duplicate in source.duplicates:
            lines.append(f"    «{_name(duplicate.incoming.event)}»")
            lines.append(f"      похоже на «{_name(duplicate.existing)}» ({duplicate.existing_origin}), "
                         f"{duplicate.incoming.section_title}, {duplicate.incoming.event.dates.format()}")
        for difference in source.closing_differences:
            lines.append(f"  заключительный абзац за {difference.quarter.label} отличается:")
            lines.append(f"    {_ours(difference.ours_origin)}: {difference.ours or '(пусто)'}")
            lines.append(f"    в файле: {difference.theirs}")
            outcome = "останется наш" if difference.default == OURS else "будет взят из файла"
            lines.append(f"      {outcome}")
    return lines
