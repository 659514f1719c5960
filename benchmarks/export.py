"""Time writing the quarterly report as DOCX three ways, at 47, 500 and 2 000 events.

The same report (the real Q2 2023 events from tests/fixtures, repeated to reach the
size, numbered 1… across the eight sections, with the closing paragraph) is built:

- smolevents from memory: `docx_writer.render_docx` of the report built whole (what
  the window's "Экспорт в Word" does) — the table written as XML text row by row;
- smolevents streamed: `docx_writer.export_quarter` from a database holding those
  events (what `smolevents export` does): read a section at a time, each row checked
  and written into the zip as it is read, into a file (fsync included);
- python-docx, straightforward: `add_table`, `add_row()`, `cell.text = …`, section
  rows by `merge()` — the way the python-docx documentation builds a table;
- docxtpl: a template made here at run time (a header row, then a `{%tr for %}` loop
  over rows with `{%tr if %}` choosing a merged section row or an event row), rendered
  with the rows as context;
- the floor: zipping the very parts of our document (deflate level 6, in memory).

The in-memory ways save to BytesIO. Prints the best of `--repeat` runs of each, the
ratios to smolevents measured in this run, and the peak of Python's allocations
(tracemalloc) while writing: the report built whole, and streamed from the database.

    python benchmarks/export.py [--repeat 5] [--sizes 47 500 2000]
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import docx  # noqa: E402
from docx.enum.section import WD_ORIENT  # noqa: E402
from docx.shared import Mm, Pt  # noqa: E402

from smolevents.core.report.docx_writer import export_quarter, render_docx  # noqa: E402
from smolevents.core.report.model import ReportDocument, SectionRow, build_report, number_events  # noqa: E402
from smolevents.core.store import Store  # noqa: E402
from tests.real_report import QUARTER, load_real_report, real_report_into  # noqa: E402

class Timing(NamedTuple):
    size: int  # events
    rows: int  # table rows: header, sections, events, closing
    ours: float
    plain: float  # python-docx, straightforward
    templated: float  # docxtpl
    plain_runs: int
    streamed: float  # from the database into a file
    floor: float  # zip of the same bytes
    peak_whole: float  # MB of Python allocations: the report built whole, then written
    peak_streamed: float  # the same, streamed from the database


# The slow way is timed fewer times at the large sizes: a single run takes seconds.
SLOW_REPEAT_LIMIT = {2000: 1, 500: 2}


def real_report_document() -> ReportDocument:
    with Store.in_memory() as store:
        real_report_into(store, load_real_report())
        return build_report(store, QUARTER)


def section_titles(report: ReportDocument) -> dict[int, str]:
    """Each section id of the report's events → the title of its section row."""
    titles = {}
    current = None
    for row in report.rows:
        if isinstance(row, SectionRow):
            current = row.title
        else:
            titles[row.event.section_id] = current
    return titles


def report_of_size(real: ReportDocument, size: int) -> ReportDocument:
    """The real events repeated up to `size`, kept in section order and renumbered."""
    events = [row.event for row in real.event_rows]
    section_order = {}
    for event in events:
        section_order.setdefault(event.section_id, len(section_order))
    titles = section_titles(real)
    repeated = [dataclasses.replace(events[i % len(events)], id=None) for i in range(size)]
    repeated.sort(key=lambda event: section_order[event.section_id])  # stable: clerk's order kept
    return dataclasses.replace(real, rows=number_events(repeated, titles))


def store_of(report: ReportDocument) -> Store:
    """An in-memory database holding the report's events in its order, with its closing paragraph."""
    store = Store.in_memory()
    titles = section_titles(report)
    sections = {title: store.ensure_section(title).id for title in dict.fromkeys(titles.values())}
    with store.transaction():
        store.insert_events([row.event.with_changes(id=None, uuid="", section_id=sections[titles[row.event.section_id]])
                             for row in report.event_rows], read_back=False)
        store.set_closing(QUARTER, report.closing)
    return store


def zip_floor(document: bytes, repeat: int) -> float:
    """Zipping the very parts of our document (deflate, as Word files are), in memory."""
    with zipfile.ZipFile(io.BytesIO(document)) as source:
        parts = [(info.filename, source.read(info)) for info in source.infolist()]

    def write() -> None:
        with zipfile.ZipFile(io.BytesIO(), "w", zipfile.ZIP_DEFLATED) as target:
            for name, data in parts:
                target.writestr(name, data)
    return best_seconds(write, repeat)


def peak_megabytes(action) -> float:
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def save_to_memory(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def smolevents_build(report: ReportDocument) -> bytes:
    return render_docx(report)  # the finished file's bytes


def python_docx_build(report: ReportDocument) -> bytes:
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    style = document.styles["Normal"]
    style.font.name = report.font_name
    style.font.size = Pt(report.font_size)
    for line in report.title_lines:
        paragraph = document.add_paragraph()
        paragraph.alignment = 1
        run = paragraph.add_run(line)
        run.bold = True
    table = document.add_table(rows=1, cols=6)
    table.style = "Table Grid"
    for cell, label in zip(table.rows[0].cells, report.header):
        cell.text = label
    for row in report.rows:
        cells = table.add_row().cells
        if isinstance(row, SectionRow):
            merged = cells[0].merge(cells[5])
            merged.text = row.title
            merged.paragraphs[0].runs[0].bold = True
        else:
            for cell, text in zip(cells, row.cells):
                cell.text = text
    if report.closing:
        cells = table.add_row().cells
        cells[0].merge(cells[5]).text = report.closing
    for column, width in zip(table.columns, report.layout.column_weights):
        column.width = docx.shared.Twips(width)
    return save_to_memory(document)


def make_docxtpl_template(folder: Path) -> Path:
    """A template with the title, the header row and a row loop, made with python-docx."""
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    paragraph = document.add_paragraph()
    paragraph.add_run("{% for line in title_lines %}{{ line }}{% endfor %}").bold = True
    table = document.add_table(rows=7, cols=6)
    table.style = "Table Grid"
    for cell, label in zip(table.rows[0].cells, ("№ п/п", "Наименование", "Место", "Сроки", "Цель", "Участники")):
        cell.text = label
    table.rows[1].cells[0].text = "{%tr for row in rows %}"
    table.rows[2].cells[0].text = "{%tr if row.section %}"
    section_cell = table.rows[3].cells[0].merge(table.rows[3].cells[5])
    section_cell.text = "{{ row.section }}"
    table.rows[4].cells[0].text = "{%tr else %}"
    for cell, name in zip(table.rows[5].cells, ("c0", "c1", "c2", "c3", "c4", "c5")):
        cell.text = "{{ row.%s }}" % name
    table.rows[6].cells[0].text = "{%tr endif %}"
    closing = table.add_row()
    closing.cells[0].text = "{%tr endfor %}"
    final = table.add_row().cells
    final[0].merge(final[5]).text = "{{ closing }}"
    path = folder / "template.docx"
    document.save(path)
    return path


def docxtpl_context(report: ReportDocument) -> dict:
    from docxtpl import Listing

    rows = []
    for row in report.rows:
        if isinstance(row, SectionRow):
            rows.append({"section": row.title})
        else:
            rows.append({"section": "", **{f"c{i}": Listing(text) for i, text in enumerate(row.cells)}})
    return {"title_lines": report.title_lines, "rows": rows, "closing": Listing(report.closing)}


def docxtpl_build(template: Path, report: ReportDocument) -> bytes:
    from docxtpl import DocxTemplate

    document = DocxTemplate(str(template))
    document.render(docxtpl_context(report), autoescape=True)
    return save_to_memory(document)


def best_seconds(action, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best


def check_same_report(report: ReportDocument, *blobs: bytes) -> None:
    """All three documents hold the report: every event's name is in each."""
    last = report.event_rows[-1]
    for blob in blobs:
        document = docx.Document(io.BytesIO(blob))
        table = document.tables[0]
        rows = len(table._tbl.tr_lst)
        expected = 1 + len(report.rows) + (1 if report.closing else 0)
        assert rows == expected, (rows, expected)
        assert last.event.name.split("\n")[0][:40] in table._tbl.xml


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="+", default=[47, 500, 2000])
    args = parser.parse_args()

    real = real_report_document()
    results = []
    with tempfile.TemporaryDirectory() as folder:
        template = make_docxtpl_template(Path(folder))
        for size in args.sizes:
            report = report_of_size(real, size)
            check_same_report(report, smolevents_build(report), python_docx_build(report),
                              docxtpl_build(template, report))
            ours = best_seconds(lambda: smolevents_build(report), args.repeat)
            templated = best_seconds(lambda: docxtpl_build(template, report), args.repeat)
            slow_repeat = min(args.repeat, SLOW_REPEAT_LIMIT.get(size, args.repeat))
            plain = best_seconds(lambda: python_docx_build(report), slow_repeat)
            rows = len(report.rows) + 2  # with the header row and the closing row
            with store_of(report) as store:
                target = Path(folder) / f"streamed-{size}.docx"
                streamed = best_seconds(lambda: export_quarter(store, QUARTER, target, force=True), args.repeat)
                check_same_report(report, target.read_bytes())
                peak_streamed = peak_megabytes(lambda: export_quarter(store, QUARTER, target, force=True))
                peak_whole = peak_megabytes(lambda: render_docx(build_report(store, QUARTER)))
            floor = zip_floor(target.read_bytes(), args.repeat)
            results.append(Timing(size, rows, ours, plain, templated, slow_repeat, streamed, floor,
                                  peak_whole, peak_streamed))

    print(f"DOCX export of the Q2 2023 report (real events repeated), saved to memory; "
          f"best of {args.repeat} runs")
    print(f"{'events':>7} {'rows':>6} {'smolevents':>11} {'python-docx':>12} {'docxtpl':>9}"
          f" {'python-docx/ours':>17} {'docxtpl/ours':>13} {'ours per event':>15}")
    for t in results:
        print(f"{t.size:>7} {t.rows:>6} {t.ours * 1000:>8.1f} ms {t.plain * 1000:>9.1f} ms"
              f" {t.templated * 1000:>6.1f} ms {t.plain / t.ours:>16.1f}x {t.templated / t.ours:>12.1f}x"
              f" {t.ours / t.size * 1e6:>12.0f} µs")
    print()
    print("smolevents streamed from the database into a file (smolevents export), against the floor")
    print(f"{'events':>7} {'streamed':>10} {'zip floor':>10} {'streamed/floor':>15}"
          f" {'peak, built whole':>18} {'peak, streamed':>15}")
    for t in results:
        print(f"{t.size:>7} {t.streamed * 1000:>7.1f} ms {t.floor * 1000:>7.1f} ms {t.streamed / t.floor:>14.1f}x"
              f" {t.peak_whole:>15.1f} MB {t.peak_streamed:>12.1f} MB")
    fewer = ", ".join(f"{t.size} events: {t.plain_runs}" for t in results if t.plain_runs < args.repeat)
    if fewer:
        print(f"(the straightforward python-docx build was timed fewer times where it takes seconds — {fewer})")
    print("targets: " + "; ".join(target_lines(results)))
    return 0


def target_lines(results: list[Timing]) -> list[str]:
    """The issue's targets, each with its verdict from this run."""
    by_size = {t.size: t.ours for t in results}
    lines = []
    if 47 in by_size:
        lines.append(f"47 events < 50 ms: {_verdict(by_size[47] < 0.050)}")
    if 2000 in by_size:
        lines.append(f"2000 events < 0.4 s: {_verdict(by_size[2000] < 0.4)}")
    lines.append(f"≥ 5x the python-docx build: {_verdict(all(t.plain / t.ours >= 5 for t in results))}")
    lines.append(f"faster than docxtpl: {_verdict(all(t.templated > t.ours for t in results))}")
    return lines


def _verdict(met: bool) -> str:
    return "met" if met else "NOT met"


if __name__ == "__main__":
    sys.exit(main())
