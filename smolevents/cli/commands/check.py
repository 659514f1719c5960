"""`smolevents check`: counts per quarter and section, every problem, file integrity."""

from __future__ import annotations

from smolevents.core.bulk import collector_paused, no_last_collection_at_exit
from smolevents.core.store import Store
from smolevents.core.store.quarter_problems import quarter_checks


def register(subparsers) -> None:
    from smolevents.cli.database_argument import add_db_argument
    parser = subparsers.add_parser(
        "check", help="сводка по кварталам и разделам, ошибки и предупреждения, целостность файла"
    )
    add_db_argument(parser)
    parser.add_argument("--spelling", action="store_true",
                        help="перечислить слова, которых нет в словарях (предупреждения, не ошибки)")
    parser.set_defaults(handler=run)


# The listing makes some hundred thousand objects (rows, problems, lines) and no reference
# cycles: the cyclic collector, which walked them 80 times over, rests meanwhile.
@collector_paused()
def run(args) -> int:
    from contextlib import nullcontext

    from smolevents.cli.database_argument import db_path_of, open_store
    from smolevents.core.store.vetting import vetted_in_place
    path = db_path_of(args)
    # Every database error sends the clerk here, so check must name the damage itself.
    # Our own file is vetted where it lies: copying it whole would only make check slower.
    # A file named with --db is read from its vetted private copy, never written.
    lines, problems = [], []
    in_place = not args.db and path.is_file()
    with vetted_in_place(path) if in_place else nullcontext() as vetting:
        with open_store(args, create=False, read_only=True) as store:
            if vetting is None or not _is_large(path) or vetting.rows_passed():
                # Either way the vetting runs integrity_check and refuses rows that point nowhere.
                lines, problems = summary_lines(store, with_problems=True, vetted=True)
                if getattr(args, "spelling", False):
                    lines.extend(spelling_lines(store))
            # (a large file its rows' vetting refused is not listed: the verdict comes on leaving)
    # Printed once the vetting has passed: the integrity check may still be running above.
    print("\n".join(lines))
    no_last_collection_at_exit()  # (check only reads: nothing is left open)
    return 1 if problems else 0


# The listing is read beside integrity_check and the rows' vetting on a small file; on a large
# one it waits for the rows' vetting: three busy threads on a two-core machine slow
# integrity_check, the longest step, and the listing and the rows' vetting hand Python's lock
# back and forth row by row (100 000 events: 0.92 -> 0.81 s best, 1.10 -> 0.95 s median;
# 50 000: 0.44 -> 0.41 s; 20 000: even; 2 350 events: 9 ms slower if it waited too).
_LISTING_WAITS_FROM_BYTES = 32 * 1024 * 1024  # about 9 000 events


def _is_large(path) -> bool:
    try:
        return path.stat().st_size >= _LISTING_WAITS_FROM_BYTES
    except OSError:
        return False


def spelling_lines(store: Store) -> list[str]:
    """Per quarter, the words no dictionary knows, by event number and field."""
    from smolevents.core.spelling import build_checker
    from smolevents.core.spelling.report_check import spelling_warnings
    from smolevents.core.store.dictionary_words import dictionary_words
    checker = build_checker()
    checker.set_list("database", dictionary_words(store))
    lines = ["", "Орфография (предупреждения; добавьте верные слова в словарь в окне программы):"]
    for quarter in store.quarters():
        warnings = spelling_warnings(checker, store.events(quarter), store.closing(quarter))
        words = sum(len(warning.words) for warning in warnings)
        lines.append(f"{quarter.label}: слов не найдено в словарях: {words}")
        lines.extend(f"  ? {warning.line()}" for warning in warnings)
    return lines


def summary_lines(store: Store, with_problems: bool, vetted: bool = False) -> tuple[list[str], list[str]]:
    """The printed summary and what SQLite's checks found wrong with the file.

    SQL finds the events that have a problem (`quarter_checks`, `summarize`); only those
    are read, to list them. A `vetted` file has passed integrity_check and the rows'
    vetting, which refuses events whose section or quarter is gone (the schema's only
    foreign keys): SQLite's checks are not run again.
    """
    lines = [f"База: {store.label}"]
    quarters = store.quarters()
    if not quarters:
        lines.append("Мероприятий пока нет.")
    checks = quarter_checks(store) if with_problems and quarters else {}
    for quarter in quarters:
        if with_problems:  # one pass over the events found those with a problem; they are counted
            check = checks[quarter]
            events, errors, warnings = store.count_events(quarter), len(check.errors), len(check.warnings)
        else:
            from smolevents.core.store.quarter_summary import summarize  # (check itself needs only the problems)
            summary = summarize(store, quarter)
            events, errors, warnings = summary.events, summary.errors, summary.warnings
        lines.append("")
        lines.append(f"{quarter.label}: мероприятий {events}, ошибок {errors}, предупреждений {warnings}")
        for section, count in store.counts_by_section(quarter):
            if count:
                lines.append(f"  {section.title}: {count}")
        if with_problems:
            lines.extend(f"  ! {line}" for line in check.lines())
    problems = [] if vetted else store.integrity_problems()
    lines.append("")
    lines.append("Целостность файла: в порядке." if not problems else "Целостность файла нарушена:")
    lines.extend(f"  {problem}" for problem in problems)
    return lines, problems


def print_summary(store: Store, with_problems: bool = False) -> int:
    """Prints the summary; exit status 1 when the file itself is damaged."""
    lines, problems = summary_lines(store, with_problems)
    print("\n".join(lines))
    return 1 if problems else 0


def print_summary_of(path) -> int:
    """The summary of the database at `path` (when the window cannot start)."""
    with Store.open(path) as store:
        return print_summary(store)
