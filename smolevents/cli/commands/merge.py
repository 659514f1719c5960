"""`smolevents merge`: departments' files into this database, with the plan printed first."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from smolevents.core.domain import Event
from smolevents.core.text import shorten


def register(subparsers) -> None:
    from smolevents.cli.database_argument import add_db_argument
    parser = subparsers.add_parser(
        "merge",
        help="объединить файлы отделов с этой базой (--dry-run: только показать, что изменится)",
        description=(
            "Добавляет мероприятия из файлов отделов. Совпавшие пропускаются; поле, измененное "
            "только в файле, берется; поле, измененное по-разному и здесь, и в файле, решается в "
            "пользу более поздней правки (выбрать самому можно в окне); возможные дубли добавляются "
            "и показываются; заключительный абзац остается свой (пустой берется из файла). "
            "Перед записью рядом с базой сохраняется ее копия (*.до-объединения.sqlite)."
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
        shown = TerminalProgress()
        try:
            plan = plan_merge(store, args.sources, progress=shown.files_read)
        finally:
            shown.clear()
        print(f"База: {label}")
        for line in plan_lines(plan):
            print(line)
        print()
        if args.dry_run:
            print(f"Пробный запуск, база не изменена. По умолчанию: {plan.summary()}.")
            return 0
        try:
            result = apply_merge(store, plan, progress=shown.events_written)
        finally:
            shown.clear()
        print(f"Объединено: {result.summary()}.")
        if plan.conflicts or plan.duplicates:
            print("Выбор сделан по умолчанию (указан выше у каждого расхождения и дубля); "
                  "выбрать самому можно в окне программы: Файл → Объединить с файлами.")
        if result.backup is not None:
            print(f"Копия базы до объединения: {result.backup}")
    return 0


class TerminalProgress:
    """How far a long merge has got (files read, then events written), on one line of the
    terminal (stderr), rewritten in place and cleared before anything else is printed.
    Shown only when the merge has taken a second already (a merge of a few files is done
    before), and only on a terminal (not into a file or a pipe, nor in the windowed program,
    which has none)."""

    AFTER_SECONDS = 1.0

    def __init__(self, stream=None, clock=time.monotonic):
        self.stream = sys.stderr if stream is None else stream
        self.clock = clock
        self.started = clock()
        self.width = 0  # of the line shown now (0: none)
        isatty = getattr(self.stream, "isatty", None)
        self.on_terminal = bool(isatty and isatty())

    def files_read(self, done: int, total: int) -> None:
        self._show(f"Проверено и прочитано файлов: {done} из {total}…")

    def events_written(self, done: int, total: int) -> None:
        self._show(f"Записано в базу мероприятий: {done} из {total}…")

    def clear(self) -> None:
        if self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0

    def _show(self, text: str) -> None:
        if not self.on_terminal or self.clock() - self.started < self.AFTER_SECONDS:
            return
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()
        self.width = max(self.width, len(text))


LIMIT = 90


def _name(event: Event) -> str:
    return shorten(event.name, LIMIT) or "(без названия)"


def _change(ours: str, theirs: str) -> str:
    """Both short: "ours  →  theirs"; a long text: the changed words marked inside it."""
    from smolevents.core.word_diff import inline
    if len(ours) <= LIMIT and len(theirs) <= LIMIT:
        return f"{shorten(ours, LIMIT)}  →  {shorten(theirs, LIMIT)}"
    return inline(ours, theirs)


def _update_lines(update) -> list[str]:
    from smolevents.core.merge import (FIELD_LABELS, changed_in, format_moment, keep_caption, take_caption,
                                       version_caption)
    lines = [f"    «{_name(update.ours)}»",
             f"      {version_caption(update.ours_origin)}: изменена {format_moment(update.ours.updated_at)}; "
             f"{version_caption(update.theirs_origin).lower()}: изменена {format_moment(update.theirs.updated_at)}"]
    for conflict in update.conflicts:
        ours, theirs = conflict.texts()
        lines.append(f"      {FIELD_LABELS[conflict.field]}: изменено по-разному в обеих версиях, нужен выбор")
        lines.append(f"        {_change(ours, theirs)}")
        choice = (take_caption(update.theirs_origin) if conflict.default == "theirs"
                  else keep_caption(update.ours_origin))
        lines.append(f"        по умолчанию: {choice.lower()} (изменена позже)")
    for name in update.taken:
        ours, theirs = update.texts(name)
        lines.append(f"      {FIELD_LABELS[name]}: изменено только в «{update.theirs_origin}», берется")
        lines.append(f"        {_change(ours, theirs)}")
    for name in update.kept:
        ours, theirs = update.texts(name)
        lines.append(f"      {FIELD_LABELS[name]}: изменено только {changed_in(update.ours_origin)}, остается")
    return lines


def plan_lines(plan) -> list[str]:
    """The plan, source by source, as the coordinator reads it."""
    from smolevents.core.merge import OURS, version_caption
    lines = []
    for source in plan.sources:
        lines.append("")
        lines.append(f"Файл «{source.name}»: мероприятий {source.event_count}")
        lines.append(f"  новых: {len(source.new)}")
        for quarter, title, count in source.new_by_place():
            lines.append(f"    {quarter.label}, {title}: {count}")
        lines.append(f"  уже есть, без изменений: {source.skipped}")
        if source.remembered:
            lines.append(f"  не добавлены раньше как дубли и с тех пор не менялись: {len(source.remembered)}")
        if source.updates:
            lines.append(f"  изменены: {len(source.updates)}, из них с выбором: "
                         f"{sum(1 for update in source.updates if update.conflict_fields)}")
        for update in source.updates:
            lines.extend(_update_lines(update))
        if source.duplicates:
            lines.append(f"  возможные дубли: {len(source.duplicates)} (добавляются, проверьте)")
        for duplicate in source.duplicates:
            lines.append(f"    «{_name(duplicate.incoming.event)}»")
            lines.append(f"      похоже на «{_name(duplicate.existing)}» ({duplicate.existing_origin}), "
                         f"{duplicate.incoming.section_title}, {duplicate.incoming.event.dates.format()}")
        for difference in source.closing_differences:
            lines.append(f"  заключительный абзац за {difference.quarter.label} отличается:")
            lines.append(f"    {_change(difference.ours or '(пусто)', difference.theirs)}")
            outcome = (f"останется {version_caption(difference.ours_origin).lower()}" if difference.default == OURS
                       else f"будет взят из «{difference.source}»")
            lines.append(f"      {outcome}")
    return lines
