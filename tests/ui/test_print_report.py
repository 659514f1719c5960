"""Print preview and PDF: the same report as the Word file, on A4 landscape pages."""

import re

import pytest
from PySide6.QtCore import QMarginsF, QTimer
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter
from PySide6.QtPrintSupport import QPrintPreviewWidget
from PySide6.QtWidgets import QApplication

from smolevents.core import safe_write
from smolevents.core.errors import FileBusyError
from smolevents.core.report.model import build_report
from smolevents.render import fonts
from smolevents.render.report_pages import Cancelled, ReportPages, report_page_layout
from smolevents.ui import print_report
from smolevents.ui.print_report import save_pdf, show_print_preview
from tests.real_report import QUARTER


@pytest.fixture
def report(real_store):
    return build_report(real_store, QUARTER)


def _lines(pages: ReportPages) -> list[str]:
    return pages.plain_text().splitlines()


def _as_plain(text: str) -> str:
    """What QTextDocument.toPlainText() makes of stored text (no-break spaces plain)."""
    return text.replace("\xa0", " ")


def _pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))


def test_document_holds_title_header_sections_numbers_and_closing(qapp, report, real_report):
    lines = _lines(ReportPages(report))

    assert lines[:3] == real_report.title_lines
    for label in report.header:
        assert label in lines
    section_places = [lines.index(title) for title, _ in real_report.sections]
    assert section_places == sorted(section_places)
    number_places = [lines.index(f"{number}.") for number in range(1, 48)]
    assert number_places == sorted(number_places)
    assert "48." not in lines
    # Each section row stands right before its first event's number.
    first_numbers = [1, 3, 5, 23, 34, 40, 42, 46]
    for place, number in zip(section_places, first_numbers):
        assert lines[place + 1] == f"{number}."
    closing = _as_plain(report.closing)
    assert lines[-1] == closing
    assert number_places[-1] < lines.index(closing)


def test_multi_line_cells_print_as_separate_lines(qapp, report):
    lines = _lines(ReportPages(report))
    last = lines.index("47.")
    # The last event's place is two paragraphs: the town, then the building.
    assert [line.strip() for line in lines[last + 2:last + 4]] == ["г. Смоленск,", "здание Дома Советов"]


def test_clerks_text_is_printed_as_typed_never_as_markup(qapp, store):
    section = store.sections()[0]
    store.add_event(QUARTER, section.id, name="<b>Форум</b> & «Партнерство» &amp;", place="г. Смоленск")
    pages = ReportPages(build_report(store, QUARTER))
    assert "<b>Форум</b> & «Партнерство» &amp;" in _lines(pages)
    assert "&lt;b&gt;" in pages.documents[0].toHtml()


def test_every_page_after_the_first_starts_with_the_header_row(qapp, report):
    pages = ReportPages(report)
    assert len(pages) > 15
    assert [page[0].row for page in pages.pages] == sorted(page[0].row for page in pages.pages)
    # Every row is on some page, in order, and only the header row repeats.
    placed = [piece.row for page in pages.pages for piece in page]
    assert sorted(set(placed)) == list(range(1, len(pages.boxes)))
    # A page never holds more than fits under the repeated header.
    header = pages.boxes[0].height
    for index, page in enumerate(pages.pages):
        height = sum(piece.end - piece.start for piece in page)
        room = pages.body.height() - (pages.boxes[0].bottom if index == 0 else header)
        assert height <= room + 0.01


def test_page_layout_is_a4_landscape_with_the_report_margins(report):
    layout = report_page_layout(report.layout)
    assert layout.pageSize().id() == QPageSize.PageSizeId.A4
    assert layout.orientation() == QPageLayout.Orientation.Landscape
    assert layout.margins(QPageLayout.Unit.Millimeter) == QMarginsF(20, 20, 10, 20)


def test_without_the_report_font_the_metric_twin_is_used(qapp, report, monkeypatch):
    """Times New Roman missing (as on this Linux machine): not DejaVu Serif, a sixth wider,
    which made 33 pages where the Word file has 27, but Liberation Serif, shipped with the program."""
    monkeypatch.setattr(fonts.QFontDatabase, "families", lambda *args: ["DejaVu Serif"])
    fonts._twin_loaded.cache_clear()
    assert fonts.report_font_family("Times New Roman") == "Liberation Serif"
    fonts._twin_loaded.cache_clear()


def test_save_pdf_writes_the_whole_report(qapp, report, tmp_path):
    target = tmp_path / "Отчет_II_квартал_2023.pdf"
    assert save_pdf(report, target) == target

    data = target.read_bytes()
    assert data.startswith(b"%PDF")
    assert data.rstrip().endswith(b"%%EOF")
    # LibreOffice lays the Word file out on 27 pages (same layout, same font metrics:
    # the shipped twin of Times New Roman); the print may drift by a page at most.
    # With DejaVu Serif standing in for the missing font it was 33.
    assert abs(_pdf_pages(data) - 27) <= 1
    assert sorted(path.name for path in tmp_path.iterdir()) == [target.name]


def test_pdf_page_count_matches_the_pages_cut_on_the_writer(qapp, report, tmp_path):
    target = save_pdf(report, tmp_path / "report.pdf")
    writer = QPdfWriter(str(tmp_path / "probe.pdf"))
    writer.setPageLayout(report_page_layout(report.layout))
    assert _pdf_pages(target.read_bytes()) == len(ReportPages(report, writer))


def test_cancelling_the_pdf_leaves_no_file(qapp, report, tmp_path, monkeypatch):
    target = tmp_path / "report.pdf"
    calls = []

    def cancel_on_the_third_step(self, done, total):
        calls.append((done, total))
        return len(calls) < 3

    monkeypatch.setattr(print_report.ProgressDialog, "__call__", cancel_on_the_third_step)
    assert save_pdf(report, target) is None
    assert len(calls) == 3
    assert list(tmp_path.iterdir()) == []


def test_a_pdf_that_cannot_be_replaced_stays_as_it_was(qapp, report, tmp_path, monkeypatch):
    target = tmp_path / "report.pdf"
    target.write_bytes(b"%PDF-old")

    def locked(source, destination):
        raise PermissionError(13, "in use", str(destination))

    monkeypatch.setattr(safe_write.os, "replace", locked)
    with pytest.raises(FileBusyError, match="открыт в другой программе"):
        save_pdf(report, target)
    assert target.read_bytes() == b"%PDF-old"
    assert [path.name for path in tmp_path.iterdir()] == ["report.pdf"]


def test_print_preview_opens_without_blocking_on_a4_landscape(qtbot, report):
    blocked = []

    def close_a_blocking_dialog():
        # Only reached if show_print_preview ran a modal loop: end it so the test fails
        # instead of hanging.
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible():
                blocked.append(widget)
                widget.close()

    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(close_a_blocking_dialog)
    guard.start(5000)
    dialog = show_print_preview(None, report)
    guard.stop()
    qtbot.addWidget(dialog)

    assert not blocked
    assert dialog.isVisible()
    assert "II квартал 2023" in dialog.windowTitle()
    assert dialog.windowTitle().startswith("Предварительный просмотр")
    layout = dialog.printer().pageLayout()
    assert layout.pageSize().id() == QPageSize.PageSizeId.A4
    assert layout.orientation() == QPageLayout.Orientation.Landscape
    assert layout.margins(QPageLayout.Unit.Millimeter) == QMarginsF(20, 20, 10, 20)
    preview = dialog.findChild(QPrintPreviewWidget)
    qtbot.waitUntil(lambda: preview.pageCount() > 15)


def test_an_empty_quarter_prints_title_and_header_on_one_page(qapp, store, tmp_path):
    report = build_report(store, QUARTER)
    pages = ReportPages(report)
    assert _lines(pages) == report.title_lines + list(report.header)
    assert len(pages) == 1
    target = save_pdf(report, tmp_path / "empty.pdf")
    assert _pdf_pages(target.read_bytes()) == 1


def test_cancelled_is_raised_by_the_layout_too(qapp, report):
    with pytest.raises(Cancelled):
        ReportPages(report, progress=lambda done, total: False)
