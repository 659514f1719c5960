"""Floods from strangers: work that must grow linearly with the input (issue 11, item 6).

Side by side, best of `--repeat` runs each, in-process:

- a Word file of N sections, one event each, imported into a new database:
  smolevents (`import_report`: the catalogue read once into a dict) against the
  per-title lookup it replaced (`section_by_title` then `add_section` for each title,
  each reading the whole catalogue: quadratic);
- likely duplicates among two departments' N near-identical events of one quarter,
  section and date: smolevents' finder (identical names through an index, difflib only
  after its cheap bounds and within its time budget) against a difflib ratio per pair.

    python benchmarks/floods.py [--sections 1000 3000] [--events 1000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import difflib
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from smolevents.core import merge  # noqa: E402
from smolevents.core.dates import EventDates  # noqa: E402
from smolevents.core.domain import Event, Quarter  # noqa: E402
from smolevents.core.report.docx_reader import import_report, read_report_docx  # noqa: E402
from smolevents.core.search import search_key  # noqa: E402
from smolevents.core.store import Store  # noqa: E402
from tests.minimal_docx import event, write_docx  # noqa: E402

QUARTER = Quarter(2023, 2)


def best(repeat: int, action) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


def per_title_import(store: Store, imported) -> None:
    """The lookup import used before: every title looked up by reading the whole catalogue."""
    with store.transaction():
        for title, events in imported.sections:
            section = store.section_by_title(title) or store.add_section(title)
            store.insert_events([Event(None, "", imported.quarter, section.id, 0, **each.fields())
                                 for each in events])


def import_side_by_side(count: int, repeat: int, folder: Path) -> None:
    path = write_docx(folder / f"{count}.docx", [(f"Раздел номер {n}", [event(f"Мероприятие {n}")])
                                                  for n in range(count)])
    imported = read_report_docx(path)

    def ours():
        with Store.in_memory() as store:
            import_report(store, imported)

    def theirs():
        with Store.in_memory() as store:
            per_title_import(store, imported)

    a, b = best(repeat, ours), best(repeat, theirs)
    print(f"import {count:>6} sections   smolevents {a:7.2f} s   per-title lookup {b:7.2f} s   "
          f"ratio {b / a:5.1f}x")


def previous_find(candidates, name: str) -> float | None:
    """The finder before: difflib after the same bounds, for every candidate of the group."""
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(name)
    best = None
    for other_name in candidates:
        matcher.set_seq1(other_name)
        if matcher.real_quick_ratio() < merge.DUPLICATE_RATIO or matcher.quick_ratio() < merge.DUPLICATE_RATIO:
            continue
        ratio = matcher.ratio()
        if ratio >= merge.DUPLICATE_RATIO and (best is None or ratio > best):
            best = ratio
    return best


def duplicates_side_by_side(label: str, first_names: list[str], second_names: list[str], repeat: int) -> None:
    dates = EventDates.parse("25 мая 2023 года")
    first = [Event(None, f"a{n}", QUARTER, 1, n, name=name, dates=dates) for n, name in enumerate(first_names)]
    second = [Event(None, f"b{n}", QUARTER, 1, n, name=name, dates=dates) for n, name in enumerate(second_names)]

    def ours():
        finder = merge._DuplicateFinder()
        for each in first:
            finder.add(each, "Раздел", "отдел 1", 0)
        found = sum(finder.find(each, "Раздел", 1) is not None for each in second)
        return found, finder.budget_spent

    def theirs():
        names = [search_key(each.name) for each in first]
        return sum(previous_find(names, search_key(each.name)) is not None for each in second)

    a = best(repeat, ours)
    found, spent = ours()
    started = time.perf_counter()
    found_before = theirs()
    b = time.perf_counter() - started
    budget = f" (time budget of {merge.DUPLICATE_SECONDS:.0f} s spent)" if spent else ""
    print(f"duplicates, {label} {len(first)} x {len(second)}: smolevents {a:7.2f} s, found {found}{budget}; "
          f"previous finder {b:7.2f} s, found {found_before}; ratio {b / a:5.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sections", type=int, nargs="+", default=[1000, 3000])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for count in args.sections:
            import_side_by_side(count, args.repeat, Path(folder))
    count = args.events
    same = [f"Совещание рабочей группы по проекту {n}" for n in range(count)]
    duplicates_side_by_side("identical names", same, same, args.repeat)
    duplicates_side_by_side("near-identical names", [f"Встреча с делегацией провинции номер {n}" for n in range(count)],
                            [f"Встреча с делегацией провинции № {n}" for n in range(count)], 1)


if __name__ == "__main__":
    main()
