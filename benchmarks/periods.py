"""Time the period features as whole processes (and in-process), each beside its alternative.

1. A year report of 4 × 2 350 events (the real Q2 2023 events repeated in every quarter):
   `smolevents export --year 2023 --period year` against the four quarterly exports of
   the same events one after another.                                   target: < 1.5 s
2. `smolevents summary --year 2023 --json` over 100 000 events: the stored countries,
   totals and abroad flags counted by the summary, against what it would cost to derive
   them from each event's text at summary time (in-process, the same events).
   Run on the default database (SMOLEVENTS_DB) and with --db (vetted first).  target: < 1 s
3. `smolevents import-docx` of a 2 350-event report with the partner-country suggestion
   against the same import with the suggestion switched off; with the country index
   cached (every run after the first) and built afresh (a new cache folder).
                                                                 target: adds < 0.5 s

    python benchmarks/periods.py [--repeat 3]

Prints the best of `--repeat` runs of each side and the ratio, measured in this run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

try:
    import resource  # the children's CPU time; not on Windows, where only wall times are printed
except ImportError:
    resource = None

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from smolevents.core.domain import Quarter  # noqa: E402
from smolevents.core.store import Store  # noqa: E402
from tests.real_report import load_real_report  # noqa: E402

PER_QUARTER = 2350
OTHER_QUARTER_DAY = {1: "15 февраля 2023 года", 3: "15 августа 2023 года", 4: "15 ноября 2023 года"}
SUMMARY_EVENTS = 100_000
NO_SUGGESTION = (
    "import sys; import smolevents.core.countries as c; c.suggest_for_event = lambda event: ();"
    " c.suggest_countries = lambda *texts: (); from smolevents.cli.main import main; sys.exit(main(sys.argv[1:]))"
)


def fill(path: Path, quarters: list[Quarter], per_quarter: int) -> None:
    """The real report's events repeated `per_quarter` times in each quarter, section by section."""
    from smolevents.core.dates import EventDates
    from smolevents.core.domain import Event

    real = load_real_report()
    with Store.open(path) as store:
        sections = {title: store.ensure_section(title).id for title, _ in real.sections}
        drafts = []
        for quarter in quarters:
            for index in range(per_quarter):
                title, fields = real.events[index % len(real.events)]
                # Q2 keeps the real dates; the other quarters get a day of their own (no warnings).
                dates = fields["dates"] if quarter.quarter == 2 else OTHER_QUARTER_DAY[quarter.quarter]
                fields = dict(fields, dates=EventDates.parse(dates))
                drafts.append(Event(id=None, uuid="", quarter=quarter, section_id=sections[title],
                                    position=0, **fields))
        store.insert_events(drafts)
        for quarter in quarters:
            store.set_closing(quarter, real.closing)


CPU_TIMES: list[float] = []  # the child's user + system seconds of the best run, per best_of call


def best_of(repeat: int, command: list[str], env: dict | None = None, before=None) -> float:
    """Best wall time of `repeat` whole-process runs; its CPU time (user + system) kept in
    CPU_TIMES: on a shared, loaded machine the wall time waits for the cores, the CPU time does not."""
    runs = []
    for _ in range(repeat):
        if before:
            before()
        cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN) if resource else None
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env, cwd=ROOT)
        wall = time.perf_counter() - started
        cpu = float("nan")
        if resource:
            cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
        runs.append((wall, cpu))
    wall, cpu = min(runs)
    CPU_TIMES.append(cpu)
    return wall


def program(*args: str) -> list[str]:
    return [sys.executable, "-m", "smolevents", *args]


def line(label: str, ours: float, other: float, other_label: str, target: str, cpu: tuple | None = None) -> None:
    print(f"  {label:<44} {ours:7.3f} s   {other_label:<34} {other:7.3f} s   ratio {other / ours:5.2f}   {target}")
    if cpu:
        print(f"  {'  (CPU time of the same runs)':<44} {cpu[0]:7.3f} s   {'':<34} {cpu[1]:7.3f} s")


def year_report(folder: Path, repeat: int) -> None:
    db = folder / "year.sqlite"
    quarters = [Quarter(2023, number) for number in (1, 2, 3, 4)]
    fill(db, quarters, PER_QUARTER)
    year = best_of(repeat, program("--db", str(db), "export", "--year", "2023", "--period", "year",
                                   "-o", str(folder / "year.docx"), "--force"))
    script = "; ".join(
        f"main(['--db', {str(db)!r}, 'export', '--year', '2023', '--quarter', '{n}', '-o', "
        f"{str(folder / f'q{n}.docx')!r}, '--force'])" for n in (1, 2, 3, 4)
    )
    four = best_of(repeat, [sys.executable, "-c", f"from smolevents.cli.main import main; {script}"])
    print(f"1. Year report, 4 × {PER_QUARTER} events, whole process:")
    line("export --period year", year, four, "4 quarterly exports (one process)", "target < 1.5 s",
         tuple(CPU_TIMES[-2:]))


def summary(folder: Path, repeat: int) -> None:
    db = folder / "summary.sqlite"
    quarters = [Quarter(2023, number) for number in (1, 2, 3, 4)]
    fill(db, quarters, SUMMARY_EVENTS // 4)
    env = dict(os.environ, SMOLEVENTS_DB=str(db))
    default_db = best_of(repeat, program("summary", "--year", "2023", "--json"), env=env)
    named_db = best_of(repeat, program("summary", "--year", "2023", "--json", "--db", str(db)))
    # In-process: the summary from the stored columns, and deriving the same from the text.
    from smolevents.core.countries import suggest_countries, suggest_for_event
    from smolevents.core.participants import participants_total
    from smolevents.core.periods import Period
    from smolevents.core.summary import summarize_period

    period = Period(2023, "year")
    with Store.open(db) as store:
        suggest_countries("Беларусь")  # the index loaded outside the timing, as in the program
        started = time.perf_counter()
        summarize_period(store, period)
        stored = time.perf_counter() - started
        started = time.perf_counter()
        for event in store.period_events(period):
            suggest_for_event(event), suggest_countries(event.place), participants_total(event.participants)
        derived = time.perf_counter() - started
    print(f"2. Summary over {SUMMARY_EVENTS} events:")
    line("summary --json (SMOLEVENTS_DB), process", default_db, named_db, "summary --json --db (vetted first)",
         "target < 1 s", tuple(CPU_TIMES[-2:]))
    line("in-process: from the stored columns", stored, derived, "derived from the text instead", "")


def import_with_countries(folder: Path, repeat: int) -> None:
    source_db = folder / "source.sqlite"
    fill(source_db, [Quarter(2023, 2)], PER_QUARTER)
    report = folder / "big.docx"
    subprocess.run(program("--db", str(source_db), "export", "--year", "2023", "--quarter", "2",
                           "-o", str(report), "--force"), check=True, stdout=subprocess.DEVNULL)
    target = folder / "target.sqlite"

    def fresh_target():
        target.unlink(missing_ok=True)

    cache = folder / "cache"
    warm_env = dict(os.environ, XDG_CACHE_HOME=str(cache))
    subprocess.run(program("import-docx", str(report), "--db", str(folder / "warm.sqlite")),
                   check=True, stdout=subprocess.DEVNULL, env=warm_env)  # fills the cache
    arguments = ["import-docx", str(report), "--db", str(target)]
    warm = best_of(repeat, program(*arguments), env=warm_env, before=fresh_target)
    warm_cpu = CPU_TIMES[-1]
    counter = iter(range(1000))
    cold_cache = {}

    def fresh_target_and_cache():
        fresh_target()
        cold_cache["XDG_CACHE_HOME"] = str(folder / f"cold-{next(counter)}")

    cold_env = dict(os.environ)
    cold_times = []
    for _ in range(repeat):
        fresh_target_and_cache()
        started = time.perf_counter()
        subprocess.run(program(*arguments), check=True, stdout=subprocess.DEVNULL, env=cold_env | cold_cache)
        cold_times.append(time.perf_counter() - started)
    cold = min(cold_times)
    without = best_of(repeat, [sys.executable, "-c", NO_SUGGESTION, *arguments], before=fresh_target)
    print(f"3. import-docx of {PER_QUARTER} events, whole process:")
    line("with country suggestions (index cached)", warm, without, "without suggestions", f"adds {warm - without:+.3f} s",
         (warm_cpu, CPU_TIMES[-1]))
    line("with country suggestions (index built)", cold, without, "without suggestions", f"adds {cold - without:+.3f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=["year", "summary", "import"], default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        if args.only in (None, "year"):
            year_report(folder, args.repeat)
        if args.only in (None, "summary"):
            summary(folder, args.repeat)
        if args.only in (None, "import"):
            import_with_countries(folder, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
