"""Time the merge of departments' files: smolevents' merge against the obvious way.

Builds N department files of M events each in a temporary folder (names made of the
real report's words, dates across II quarter 2023, all eight sections; each file
also repeats 20 events of the previous one unchanged, 5 changed later, and 5 typed
again with a typo — the likely duplicates), then merges all of them into an empty
database twice:

- smolevents: `plan_merge` + `apply_merge` (vetted private copies, one transaction,
  duplicate detection);
- naive: the same vetted reading, then per event `event_by_uuid` and
  `Store.insert_events` / `update_event` — one transaction each, no duplicate check.

    python benchmarks/merge.py [--files 20] [--events 500]
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from smolevents.core.dates import DatePoint, EventDates  # noqa: E402
from smolevents.core.domain import DEFAULT_SECTIONS, Event, Quarter  # noqa: E402
from smolevents.core.merge import apply_merge, plan_merge  # noqa: E402
from smolevents.core.store.source_reader import read_source  # noqa: E402
from smolevents.core.report.model import build_report  # noqa: E402
from smolevents.core.store import Store  # noqa: E402

QUARTER = Quarter(2023, 2)
SEED_TEXT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "report-2023-q2.txt"
REPEATED, CHANGED, RETYPED = 20, 5, 5


def vocabulary() -> list[str]:
    words = [word.strip("«»().,;:") for word in SEED_TEXT.read_text(encoding="utf-8").split()]
    return sorted({word for word in words if len(word) > 3 and word.isalpha()})


def random_event(rng: random.Random, words: list[str], section_id: int) -> Event:
    day = datetime.date(2023, 4, 1) + datetime.timedelta(days=rng.randrange(91))
    length = rng.randrange(0, 4)
    end = min(day + datetime.timedelta(days=length), datetime.date(2023, 6, 30))
    dates = EventDates.range(DatePoint(day.year, day.month, day.day), DatePoint(end.year, end.month, end.day))
    phrase = lambda count: " ".join(rng.choice(words) for _ in range(count))  # noqa: E731
    return Event(
        id=None, uuid="", quarter=QUARTER, section_id=section_id, position=0,
        name=phrase(rng.randrange(6, 16)).capitalize(), place=phrase(3), dates=dates,
        purpose=phrase(rng.randrange(8, 25)), participants=phrase(rng.randrange(3, 10)),
    )


def build_files(folder: Path, files: int, per_file: int, words: list[str]) -> list[Path]:
    """Every file starts from the same default catalogue, so section ids agree between them."""
    rng = random.Random(2023)
    paths: list[Path] = []
    previous: list[Event] = []
    for number in range(files):
        path = folder / f"отдел {number + 1:02d}.sqlite"
        with Store.open(path) as store:
            store.clock = lambda: "2023-06-20T09:00:00.000000+00:00"
            sections = [store.section_by_title(title).id for title in DEFAULT_SECTIONS]
            carried: list[Event] = []
            if previous:
                picked = rng.sample(previous, REPEATED + CHANGED + RETYPED)
                carried += picked[:REPEATED]
                carried += [e.with_changes(place=e.place + " (уточнено)",
                                           updated_at="2023-06-25T09:00:00.000000+00:00")
                            for e in picked[REPEATED:REPEATED + CHANGED]]
                carried += [e.with_changes(uuid="", created_at="", updated_at="", name=e.name + ".")
                            for e in picked[REPEATED + CHANGED:]]
            fresh = [random_event(rng, words, rng.choice(sections)) for _ in range(per_file - len(carried))]
            store.insert_events([e.with_changes(id=None) for e in carried] + fresh)
            previous = store.events(QUARTER)
        paths.append(path)
    return paths


def naive_merge(store: Store, paths: list[Path]) -> int:
    added = 0
    for path in paths:
        source_events = read_source(path).events
        for source_event, section_title in source_events:
            section = store.ensure_section(section_title)
            event = source_event.with_changes(section_id=section.id)
            there = store.event_by_uuid(event.uuid)
            if there is None:
                store.insert_events([event])
                added += 1
            elif (there.name, there.place, there.dates, there.purpose, there.participants) != (
                    event.name, event.place, event.dates, event.purpose, event.participants):
                if event.updated_at > there.updated_at:
                    store.update_event(there.id, name=event.name, place=event.place, dates=event.dates,
                                       purpose=event.purpose, participants=event.participants)
    return added


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--events", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="smolevents-bench-") as folder:
        folder = Path(folder)
        started = time.perf_counter()
        paths = build_files(folder, args.files, args.events, vocabulary())
        print(f"built {args.files} files x {args.events} events in {time.perf_counter() - started:.1f} s")

        with Store.open(folder / "итог smolevents.sqlite") as target:
            started = time.perf_counter()
            plan = plan_merge(target, paths)
            plan_time = time.perf_counter() - started
            result = apply_merge(target, plan)
            ours = time.perf_counter() - started
            ours_report = [row.cells[1:] for row in build_report(target, QUARTER).event_rows]
            ours_count = target.count_events()
            started = time.perf_counter()
            again = apply_merge(target, plan_merge(target, paths))
            again_time = time.perf_counter() - started

        with Store.open(folder / "итог naive.sqlite") as target:
            started = time.perf_counter()
            naive_added = naive_merge(target, paths)
            naive = time.perf_counter() - started
            naive_report = [row.cells[1:] for row in build_report(target, QUARTER).event_rows]
            naive_count = target.count_events()

    total = args.files * args.events
    print(f"merge of {args.files} files x {args.events} events ({total} events) into an empty database")
    print(f"  smolevents plan_merge + apply_merge, one transaction: {ours:6.2f} s "
          f"(plan {plan_time:.2f} s, apply {ours - plan_time:.2f} s)")
    print(f"  naive: insert_events per event, one transaction each:  {naive:6.2f} s")
    print(f"  ratio naive / smolevents: {naive / ours:.1f}x")
    print(f"  smolevents: {result.summary()}; {ours_count} events in the database")
    print(f"  naive: {naive_added} added, {naive_count} events in the database")
    print(f"  same printed rows (naive keeps the duplicates too): {ours_report == naive_report}")
    print(f"the same {args.files} files merged again: {again_time:.2f} s — {again.summary()}")
    return 0 if ours < 5 else 1


if __name__ == "__main__":
    sys.exit(main())
