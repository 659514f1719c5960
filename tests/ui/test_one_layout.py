"""Word and print/PDF are one report on paper: the layout read back from both outputs.

The .docx is read from its XML (styles resolved as Word resolves them), the print
renderer from the Qt documents it laid out and the pages it cut; both must show the
same column proportions, the closing paragraph as the table's last row, centred
header cells, section rows kept with the next row and no row split across pages.
"""

import subprocess
import sys

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPdfWriter, QTextCharFormat

from smolevents.core.report.docx_writer import write_report_docx
from smolevents.core.report.model import build_report
from smolevents.core.store import Store
from smolevents.render.report_pages import ReportPages, report_page_layout, report_table
from tests.docx_layout import read_docx_layout
from tests.real_report import QUARTER, real_report_into


@pytest.fixture
def report(real_store):
    return build_report(real_store, QUARTER)


@pytest.fixture
def both(qapp, report, tmp_path):
    path = write_report_docx(report, tmp_path / "report.docx")
    writer = QPdfWriter(str(tmp_path / "probe.pdf"))
    writer.setPageLayout(report_page_layout(report.layout))
    return read_docx_layout(path), ReportPages(report, writer)


def _qt_column_fractions(pages: ReportPages) -> list[float]:
    """Measured: where each cell's text starts in an event row, the table's edges."""
    document = pages.documents[0]
    layout = document.documentLayout()
    table = report_table(document)
    row = next(r for r in range(1, table.rows()) if table.cellAt(r, 0).columnSpan() == 1)
    lefts = []
    for column in range(table.columns()):
        block = table.cellAt(row, column).firstCursorPosition().block()
        lefts.append(layout.blockBoundingRect(block).left() - block.blockFormat().leftMargin())
    frame = layout.frameBoundingRect(table)
    edges = lefts + [lefts[0] + frame.width()]
    widths = [right - left for left, right in zip(edges, edges[1:])]
    return [width / sum(widths) for width in widths]


def test_the_same_column_proportions(both):
    word, qt = both
    assert qt_fractions_close(_qt_column_fractions(qt), word.column_fractions)


def qt_fractions_close(ours, theirs) -> bool:
    return len(ours) == len(theirs) == 6 and all(abs(a - b) < 0.003 for a, b in zip(ours, theirs))


def test_the_closing_paragraph_is_the_tables_last_row(both, report):
    word, qt = both
    closing = report.closing.strip()
    assert [len(word.rows[-1].cells), word.rows[-1].texts] == [1, [closing]]
    last = qt.documents[-1]
    table = report_table(last)
    cell = table.cellAt(table.rows() - 1, 0)
    assert cell.columnSpan() == 6
    assert last.toPlainText().rstrip("\n").endswith(closing.replace("\xa0", " "))
    assert cell.firstCursorPosition().block().text() == closing.split("\n")[0]
    # Nothing after the table: the closing is not a paragraph of its own.
    assert last.lastBlock().text() == ""


def test_header_cells_are_centred_both_ways(both):
    word, qt = both
    assert word.rows[0].vertical_align == ["center"] * 6
    assert {p.align for cell in word.rows[0].cells for p in cell} == {"center"}
    document = qt.documents[0]
    table = report_table(document)
    layout = document.documentLayout()
    header = qt.boxes[0]
    for column in range(6):
        cell = table.cellAt(0, column)
        assert cell.format().verticalAlignment() == QTextCharFormat.VerticalAlignment.AlignMiddle
        first = cell.firstCursorPosition().block()
        assert first.blockFormat().alignment() & Qt.AlignmentFlag.AlignHCenter
        # Measured: as much room above the text as below it.
        top = layout.blockBoundingRect(first).top()
        bottom = layout.blockBoundingRect(cell.lastCursorPosition().block()).bottom()
        assert abs((top - header.top) - (header.bottom - bottom)) < 0.05 * header.height


def test_section_rows_keep_with_the_next_row(both, report):
    word, qt = both
    word_sections = [row for row in word.rows[1:-1] if len(row.cells) == 1]
    assert len(word_sections) == 8
    assert all(p.keep_with_next for row in word_sections for p in row.cells[0])
    qt_sections = [index for index, box in enumerate(qt.boxes) if box.keep_with_next]
    assert len(qt_sections) == 8
    for page in qt.pages:
        assert page[-1].row not in qt_sections  # never last on its page


def test_no_row_is_split_across_pages_unless_it_may_be_taller_than_one(both):
    word, qt = both
    word_may_split = [index for index, row in enumerate(word.rows) if not row.cant_split]
    qt_may_split = [index for index, box in enumerate(qt.boxes) if box.may_split]
    assert word_may_split == qt_may_split
    # The real report's longest events (№ 4, 19, 38, 40), no more.
    assert [word.rows[index].texts[0] for index in word_may_split] == ["4.", "19.", "38.", "40."]
    split = {piece.row for page in qt.pages for piece in page if not piece.whole}
    assert split <= set(qt_may_split)
    rows = [piece.row for page in qt.pages for piece in page]
    assert sorted(set(rows)) == list(range(1, len(qt.boxes)))  # every row, in order
    assert rows == sorted(rows)


def test_a_row_taller_than_a_page_is_split_by_both(qapp, store, tmp_path):
    from smolevents.core.dates import EventDates
    section = store.sections()[0]
    store.add_event(QUARTER, section.id, name="Длинное", place="г. Смоленск", participants="5 человек",
                    dates=EventDates.parse("25 мая 2023 года"),
                    purpose="\n".join(["Абзац цели мероприятия."] * 80))
    report = build_report(store, QUARTER)
    word = read_docx_layout(write_report_docx(report, tmp_path / "report.docx"))
    assert [row.cant_split for row in word.rows] == [True, True, False]
    qt = ReportPages(report)
    pieces = [piece for page in qt.pages for piece in page if piece.row == 2]
    assert len(pieces) >= 2 and not any(piece.whole for piece in pieces)
    assert pieces[0].start == 0 and pieces[-1].end == qt.boxes[2].height
    assert all(a.end == b.start for a, b in zip(pieces, pieces[1:]))


def test_export_to_pdf_from_the_command_line_holds_all_events_in_order(real_report, tmp_path):
    database = tmp_path / "events.sqlite"
    with Store.open(database) as store:
        real_report_into(store, real_report)
    target = tmp_path / "отчет.pdf"
    environment = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(__import__("pathlib").Path(__file__).parents[2])}
    finished = subprocess.run(
        [sys.executable, "-m", "smolevents", "export", "--db", str(database), "--year", "2023", "--quarter", "2",
         "-o", str(target)], capture_output=True, text=True, env=environment, timeout=120)
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.startswith(f"Отчет за II квартал 2023 записан: {target}")
    reader = pypdf.PdfReader(target)
    assert abs(len(reader.pages) - 27) <= 1  # LibreOffice: 27 pages of the Word file
    text = "".join("".join(page.extract_text().split()) for page in reader.pages)
    position = 0
    for number, (_, event) in enumerate(real_report.events, start=1):
        name = "".join(event["name"].split())
        found = text.find(f"{number}.{name[:30]}", position)
        assert found >= 0, (number, event["name"])
        position = found
