"""Time the merge of departments' files: smolevents' merge against the obvious way.

Builds N department files of M events each in a temporary folder (names made of the
real report's words, dates across II quarter 2023, all eight sections; each file
also repeats 20 events of the previous one unchanged, 5 changed later, and 5 typed
again with a typo — the likely duplicates), then merges all of them into an empty
database twice:

- smolevents: `plan_merge` + `apply_merge` (vetted private copies, one transaction,
  duplicate detection);
- naive: the same vetted reading, then per event `event_by_uuid` and
  `Store.insert_events` / `update_event` — one transaction each, no duplicate check;
- the floor: SQLite alone doing the same writes (`sql_floor_merge` says what it leaves out).

Each side is timed best of --runs (wall and CPU seconds, in-process), then the whole
process `smolevents merge` beside its floor `python -c pass`; the load average is
printed with the figures (the machine is shared: ratios mean more than seconds).

    python benchmarks/merge.py [--files 20] [--events 500] [--runs 3] [--naive-runs 1]
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from import_docx import forget_memos as forget_readings  # noqa: E402
from smolevents.core.dates import DatePoint, EventDates, forget_stored_dates  # noqa: E402
from smolevents.core.domain import DEFAULT_SECTIONS, Event, Quarter  # noqa: E402
from smolevents.core.merge import apply_merge, plan_merge  # noqa: E402
from smolevents.core.store.source_reader import read_source  # noqa: E402
from smolevents.core.report.model import build_report  # noqa: E402
from smolevents.core.store import Store  # noqa: E402
from smolevents.core.store.database import INSERT_COLUMNS  # noqa: E402

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



def forget_memos() -> None:
    """Each run starts as a new process would: the texts' readings and the stored dates
    parsed by the run before (memoised) forgotten."""
    forget_readings()
    forget_stored_dates()


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


# The events' columns a merge copies as they are (the target gives the id, quarter, section
# and place in it).
_COPIED = tuple(name for name in INSERT_COLUMNS if name not in ("id", "report_id", "section_id", "position"))


def sql_floor_merge(target_path: Path, paths: list[Path]) -> int:
    """The least the same merge can cost here: SQLite's work, and the rows moved as tuples.

    Into a new database made by `Store.open` (our schema), in one transaction: each file
    opened read-only and checked (`integrity_check`, as the vetting does), its sections
    and quarters added by title and numbers, its events read as plain tuples (the plan
    needs them in Python) with their section and quarter, and written by one
    `executemany` when their uuid is new; then all the new events' texts put into the
    full-text index by one statement (folded only by SQLite's `lower`, ASCII). What it
    leaves out, the merge cannot: no private copy of the file, no vetting of rows as
    data, no events built, no duplicate search, no folding of Cyrillic for the index, no
    order kept inside a section. Returns the events in the database.
    """
    with Store.open(target_path):
        pass  # the schema, as the merge's target has it
    conn = sqlite3.connect(target_path, isolation_level=None)
    columns = ", ".join(_COPIED)
    try:
        conn.execute("BEGIN")
        for path in paths:
            source = sqlite3.connect(f"file:{path.as_posix()}?mode=ro&immutable=1", uri=True)
            try:
                problems = source.execute("PRAGMA integrity_check").fetchall()
                if problems != [("ok",)]:
                    raise RuntimeError(f"{path.name}: {problems[:3]}")
                conn.executemany("INSERT OR IGNORE INTO sections (title, sort_order) VALUES (?, ?)",
                                 source.execute("SELECT title, sort_order FROM sections").fetchall())
                conn.executemany("INSERT OR IGNORE INTO reports (year, quarter, closing, updated_at) "
                                 "VALUES (?, ?, ?, ?)",
                                 source.execute("SELECT year, quarter, closing, updated_at FROM reports").fetchall())
                rows = source.execute(
                    f"SELECT r.year, r.quarter, s.title, e.position, {', '.join('e.' + name for name in _COPIED)} "
                    "FROM events e JOIN reports r ON r.id = e.report_id "
                    "JOIN sections s ON s.id = e.section_id").fetchall()
            finally:
                source.close()
            conn.executemany(
                f"INSERT INTO events (report_id, section_id, position, {columns}) "
                "SELECT (SELECT id FROM reports WHERE year = ?1 AND quarter = ?2), "
                "(SELECT id FROM sections WHERE title = ?3), "
                f"{', '.join('?' + str(number) for number in range(4, 5 + len(_COPIED)))} "
                "WHERE NOT EXISTS (SELECT 1 FROM events WHERE uuid = ?5)", rows)
        conn.execute(
            "INSERT INTO events_search (rowid, text) SELECT id, lower(name || ' ' || place || ' ' || "
            "date_text || ' ' || purpose || ' ' || participants) FROM events")
        conn.execute("COMMIT")
        return conn.execute("SELECT count(*) FROM events").fetchone()[0]
    finally:
        conn.close()


def best_of(runs: int, action) -> tuple[float, float, object]:
    """(best wall seconds, best CPU seconds, the last run's result) of `runs` runs."""
    wall = cpu = float("inf")
    result = None
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = action()
        wall = min(wall, time.perf_counter() - started)
        cpu = min(cpu, time.process_time() - started_cpu)
    return wall, cpu, result


def whole_process(runs: int, command: list[str], env: dict) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--naive-runs", type=int, default=1, help="the naive merge takes 15-35 s a run")
    args = parser.parse_args()
    print(f"load average at the start: {os.getloadavg()[0]:.1f} ({os.cpu_count()} CPUs)")
    with tempfile.TemporaryDirectory(prefix="smolevents-bench-") as folder:
        folder = Path(folder)
        started = time.perf_counter()
        paths = build_files(folder, args.files, args.events, vocabulary())
        print(f"built {args.files} files x {args.events} events in {time.perf_counter() - started:.1f} s")

        plan_times, ours_walls, ours_cpus = [], [], []
        for _ in range(args.runs):
            target_path = folder / "итог smolevents.sqlite"
            target_path.unlink(missing_ok=True)
            forget_memos()  # each run starts as a process does: the same texts were read the run before
            with Store.open(target_path) as target:
                started, started_cpu = time.perf_counter(), time.process_time()
                plan = plan_merge(target, paths)
                plan_times.append(time.perf_counter() - started)
                result = apply_merge(target, plan)
                ours_walls.append(time.perf_counter() - started)
                ours_cpus.append(time.process_time() - started_cpu)
                ours_report = [row.cells[1:] for row in build_report(target, QUARTER).event_rows]
                ours_count = target.count_events()
        ours_wall, ours_cpu = min(ours_walls), min(ours_cpus)
        with Store.open(folder / "итог smolevents.sqlite") as target:
            again_wall, _, again = best_of(1, lambda: apply_merge(target, plan_merge(target, paths)))

        def naive():
            target_path = folder / "итог naive.sqlite"
            target_path.unlink(missing_ok=True)
            with Store.open(target_path) as target:
                added = naive_merge(target, paths)
                return added, [row.cells[1:] for row in build_report(target, QUARTER).event_rows], \
                    target.count_events()

        naive_wall, naive_cpu, (naive_added, naive_report, naive_count) = best_of(args.naive_runs, naive)

        def floor_once() -> int:
            target_path = folder / "итог SQLite.sqlite"
            target_path.unlink(missing_ok=True)
            return sql_floor_merge(target_path, paths)

        floor_wall, floor_cpu, floor_count = best_of(args.runs, floor_once)

        root = Path(__file__).resolve().parents[1]
        env = dict(os.environ, PYTHONPATH=str(root), SMOLEVENTS_DB=str(folder / "итог процесс.sqlite"))
        whole_target = folder / "итог процесс.sqlite"

        def whole_once() -> float:
            whole_target.unlink(missing_ok=True)
            return whole_process(1, [sys.executable, "-m", "smolevents", "merge", *map(str, paths)], env)

        whole = min(whole_once() for _ in range(args.runs))
        floor = whole_process(args.runs, [sys.executable, "-c", "pass"], env)

    total = args.files * args.events
    print(f"merge of {args.files} files x {args.events} events ({total} events) into an empty database")
    print(f"  smolevents plan_merge + apply_merge, one transaction (in-process, best of {args.runs}): "
          f"{ours_wall:6.2f} s wall, {ours_cpu:.2f} s CPU (plan {min(plan_times):.2f} s)")
    print(f"  naive: insert_events per event, one transaction each (best of {args.naive_runs}):  "
          f"{naive_wall:6.2f} s wall, {naive_cpu:.2f} s CPU")
    print(f"  floor: SQLite alone, rows moved as tuples (sql_floor_merge, best of {args.runs}): "
          f"{floor_wall:6.2f} s wall, {floor_cpu:.2f} s CPU; {floor_count} events in the database")
    print(f"  ratio naive / smolevents: {naive_wall / ours_wall:.1f}x wall, {naive_cpu / ours_cpu:.1f}x CPU")
    print(f"  ratio smolevents / floor: {ours_wall / floor_wall:.2f}x wall, {ours_cpu / floor_cpu:.2f}x CPU")
    print(f"  whole process `smolevents merge` (best of {args.runs}): {whole:.2f} s; "
          f"floor `python -c pass`: {floor:.3f} s")
    print(f"  smolevents: {result.summary()}; {ours_count} events in the database")
    print(f"  naive: {naive_added} added, {naive_count} events in the database")
    print(f"  same printed rows (naive keeps the duplicates too): {ours_report == naive_report}")
    print(f"the same {args.files} files merged again: {again_wall:.2f} s — {again.summary()}")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    return 0 if ours_wall < 5 else 1


if __name__ == "__main__":
    sys.exit(main())
