"""Time the report as PDF from the command line, as whole processes, at 47 and 2 350 events.

    python benchmarks/pdf_export.py [--repeat 3] [--sizes 47 2350]

Each size is a database file holding the real Q2 2023 events (tests/fixtures),
repeated section by section up to the size. Timed, best of `--repeat` whole
processes each, side by side:

- `smolevents export -o report.pdf` — the print renderer on Qt's offscreen platform;
- `smolevents export -o report.docx` — the Word file of the same report;
- LibreOffice converting that .docx to PDF (`libreoffice --headless --convert-to pdf`),
  the other way to the same paper, when it is installed — once, and only up to
  `--office-max` events (2 350 events took it over 7 minutes here);
- the floor: `python -c pass`.

Prints the pages of both PDFs too (they should agree within a page).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from smolevents.core.dates import EventDates  # noqa: E402
from smolevents.core.store import Store  # noqa: E402
from tests.real_report import QUARTER, load_real_report  # noqa: E402


def make_database(path: Path, size: int) -> None:
    real = load_real_report()
    by_section = [(title, events) for title, events in real.sections]
    total = sum(len(events) for _, events in by_section)
    with Store.open(path) as store, store.transaction():
        added = 0
        for title, events in by_section:
            section = store.ensure_section(title)
            share = round(size * len(events) / total) if title != by_section[-1][0] else size - added
            for index in range(share):
                fields = dict(events[index % len(events)])
                fields["dates"] = EventDates.parse(fields["dates"])
                store.add_event(QUARTER, section.id, **fields)
            added += share
        store.set_closing(QUARTER, real.closing)


def best_of(command: list[str], repeat: int, cwd: Path) -> float:
    environment = dict(os.environ, PYTHONPATH=str(ROOT))
    environment.pop("DISPLAY", None)  # as on a server: the PDF needs no display
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(command, check=True, cwd=cwd, env=environment, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - started)
    return best


def pdf_pages(path: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", path.read_bytes()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", default=[47, 2350])
    parser.add_argument("--office-max", type=int, default=500)
    args = parser.parse_args()
    office = shutil.which("libreoffice") or shutil.which("soffice")
    print(f"{'events':>7} {'pdf (ours)':>11} {'docx':>8} {'LibreOffice':>12} {'python -c pass':>15}"
          f" {'ours/LO':>8} {'pages ours/LO':>14}  target (PDF of 2 350 < 10 s)")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        floor = best_of([sys.executable, "-c", "pass"], args.repeat, work)
        for size in args.sizes:
            database = work / f"events-{size}.sqlite"
            make_database(database, size)
            export = [sys.executable, "-m", "smolevents", "export", "--db", str(database),
                      "--year", "2023", "--quarter", "2", "-o"]
            ours = best_of(export + [f"ours-{size}.pdf"], args.repeat, work)
            docx = best_of(export + [f"report-{size}.docx"], args.repeat, work)
            theirs = pages_theirs = None
            if office and size <= args.office_max:
                theirs = best_of([office, "--headless", "--convert-to", "pdf", f"report-{size}.docx"], 1, work)
                pages_theirs = pdf_pages(work / f"report-{size}.pdf")
            pages_ours = pdf_pages(work / f"ours-{size}.pdf")
            ratio = f"{ours / theirs:8.2f}" if theirs else f"{'–':>8}"
            lo = f"{theirs:11.2f}s" if theirs else f"{'not timed':>12}"
            met = "" if size != 2350 else ("met" if ours < 10 else "NOT met")
            print(f"{size:>7} {ours:10.2f}s {docx:7.2f}s {lo} {floor:14.3f}s {ratio}"
                  f" {pages_ours:>6}/{pages_theirs if pages_theirs is not None else '–':<7}  {met}")


if __name__ == "__main__":
    main()
