"""Time importing the real 47-event report (tests/fixtures/report-2023-q2.docx).

Two ways of reading the same table, each run on a private copy of the fixture:

- smolevents: `read_report_docx` — zip checks, then the main part's XML walked with
  lxml (the only part parsed) — and, timed separately, `import_report` into a new
  in-memory database (the whole import, one transaction; the memos of the country
  and participant readings emptied before each run);
- python-docx: `docx.Document(path)` (parses every XML part) and each row's distinct
  `row.cells` text — only the reading, no sections, dates or closing recognised.

    python benchmarks/import_docx.py [--repeat 20]

Prints the median of `--repeat` runs of each and the ratio of the two readings.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import docx  # noqa: E402

from smolevents.core.report.docx_reader import import_report, read_report_docx  # noqa: E402
from smolevents.core.store import Store  # noqa: E402

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "report-2023-q2.docx"


def python_docx_cells(path: Path) -> list[list[str]]:
    rows = []
    for table in docx.Document(path).tables:
        for row in table.rows:
            seen, cells = set(), []
            for cell in row.cells:
                if cell._tc not in seen:
                    seen.add(cell._tc)
                    cells.append(cell.text)
            rows.append(cells)
    return rows


def forget_memos() -> None:
    """Each run starts as a new process would: the country and participant readings of
    the run before (memoised by text) forgotten."""
    from smolevents.core import countries
    from smolevents.core.participants import remembered_total

    country_index = countries.index()
    for memo in ("_scans", "_forms"):
        getattr(country_index, memo, {}).clear()
    remembered_total.cache_clear()


def median_seconds(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(shutil.copy(FIXTURE, Path(folder) / "report.docx"))
        imported = read_report_docx(path)
        assert len(imported.events) == 47, len(imported.events)
        assert len(python_docx_cells(path)) == 1 + 8 + 47 + 1  # header, sections, events, closing

        read_ours = median_seconds(lambda: read_report_docx(path), args.repeat)
        read_docx = median_seconds(lambda: python_docx_cells(path), args.repeat)

        def whole_import():
            forget_memos()
            with Store.in_memory() as store:
                result = import_report(store, read_report_docx(path))
            assert result.added == 47

        whole = median_seconds(whole_import, args.repeat)

    print(f"report-2023-q2.docx, 47 events, median of {args.repeat} runs")
    print(f"  reading the table, smolevents (zip checks + lxml): {read_ours * 1000:7.1f} ms")
    print(f"  reading the table, python-docx Document + cells:   {read_docx * 1000:7.1f} ms")
    print(f"  python-docx / smolevents:                          {read_docx / read_ours:7.1f} x")
    print(f"  whole import (read + one transaction, new database): {whole * 1000:5.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
