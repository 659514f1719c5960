"""Print preview and PDF: the same report as the Word file, on A4 landscape pages."""

import re

import pytest
from PySide6.QtCore import QMarginsF, QSizeF, QTimer
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextTable
from PySide6.QtPrintSupport import QPrintPreviewWidget
from PySide6.QtWidgets import QApplication

from smolevents.core import safe_write
from smolevents.core.errors import FileBusyError
from smolevents.core.report.model import build_report
from smolevents.ui.print_report import build_text_document, report_page_layout, save_pdf, show_print_preview
from tests.real_report import QUARTER


@pytest.fixture
def report(real_store):
    return build_report(real_store, QUARTER)


def _lines(document):
    return document.toPlainText().splitlines()


def _as_plain(text: str) -> str:
    """What QTextDocument.toPlainText() makes of stored text (no-break spaces plain)."""
    return text.replace("\xa0", " ")


def _table(document) -> QTextTable:
    return next(frame for frame in document.rootFrame().childFrames() if isinstance(frame, QTextTable))


def _pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))


def test_document_holds_title_header_sections_numbers_and_closing(qapp, report, real_report):
    lines = _lines(build_text_document(report))

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
    lines = _lines(build_text_document(report))
    last = lines.index("47.")
    # The last event's place is two paragraphs: the town, then the building.
    assert [line.strip() for line in lines[last + 2:last + 4]] == ["г. Смоленск,", "здание Дома Советов"]


def test_clerks_text_is_printed_as_typed_never_as_markup(qapp, store):
    section = store.sections()[0]
    store.add_event(QUARTER, section.id, name="<b>Форум</b> & «Партнерство» &amp;", place="г. Смоленск")
    document = build_text_document(build_report(store, QUARTER))
    assert "<b>Форум</b> & «Партнерство» &amp;" in _lines(document)
    assert "&lt;b&gt;" in document.toHtml()


def test_table_repeats_its_header_on_every_page(qapp, report):
    document = build_text_document(report)
    table = _table(document)
    assert table.format().headerRowCount() == 1
    assert table.rows() == 1 + len(report.rows)
    assert document.pageCount() > 15
    # Section rows span the whole width.
    assert table.cellAt(1, 0).columnSpan() == 6
    assert table.cellAt(2, 0).columnSpan() == 1
    # Every following page keeps room at its top for the repeated header row: no
    # row's text starts above the header's height.
    layout = document.documentLayout()
    header_top = layout.blockBoundingRect(table.cellAt(0, 0).firstCursorPosition().block()).top()
    header_bottom = layout.blockBoundingRect(table.cellAt(0, 4).lastCursorPosition().block()).bottom()
    page_height = document.pageSize().height()
    first_top_on_page = {}
    for row in range(1, table.rows()):
        top = layout.blockBoundingRect(table.cellAt(row, 1).firstCursorPosition().block()).top()
        first_top_on_page.setdefault(int(top // page_height), top % page_height)
    assert len(first_top_on_page) > 10
    for page, top in first_top_on_page.items():
        if page:
            assert top >= header_bottom - header_top


def test_page_layout_is_a4_landscape_with_the_report_margins():
    layout = report_page_layout()
    assert layout.pageSize().id() == QPageSize.PageSizeId.A4
    assert layout.orientation() == QPageLayout.Orientation.Landscape
    assert layout.margins(QPageLayout.Unit.Millimeter) == QMarginsF(20, 20, 10, 20)


def test_save_pdf_writes_the_whole_report(qapp, report, tmp_path):
    target = tmp_path / "Отчет_II_квартал_2023.pdf"
    assert save_pdf(report, target) == target

    data = target.read_bytes()
    assert data.startswith(b"%PDF")
    assert data.rstrip().endswith(b"%%EOF")
    # The 47 events fill about 21 landscape pages, as in Word.
    assert 18 <= _pdf_pages(data) <= 26
    assert sorted(path.name for path in tmp_path.iterdir()) == [target.name]


def test_pdf_page_count_matches_the_layout_on_the_writer(qapp, report, tmp_path):
    target = save_pdf(report, tmp_path / "report.pdf")
    writer = QPdfWriter(str(tmp_path / "probe.pdf"))
    writer.setPageLayout(report_page_layout())
    document = build_text_document(report, QSizeF(writer.width(), writer.height()), writer)
    assert _pdf_pages(target.read_bytes()) == document.pageCount()


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
    lines = _lines(build_text_document(report))
    assert lines == report.title_lines + list(report.header)
    target = save_pdf(report, tmp_path / "empty.pdf")
    assert _pdf_pages(target.read_bytes()) == 1
