"""Print preview and PDF of the quarterly report.

The second renderer of `smolevents.core.report.model.ReportDocument` (the DOCX writer is the
first): the same title, header, section rows, numbering and closing paragraph, laid
out as a QTextDocument on A4 landscape pages. Pages are painted one by one here, not
with QTextDocument.print(), so that each page from the second on gets its number
centred in the top margin, as GOST R 7.0.97 asks.

Text is inserted through QTextCursor, never as HTML, so whatever the clerk typed
(«<b>», "&amp;") is printed as typed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QBrush,
    QFont,
    QPageLayout,
    QPageSize,
    QPagedPaintDevice,
    QPainter,
    QPaintDevice,
    QPalette,
    QPen,
    QPdfWriter,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFrameFormat,
    QTextLength,
    QTextTable,
    QTextTableFormat,
)
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

from smolevents.core.errors import UserError
from smolevents.core.report.model import EventRow, ReportDocument, SectionRow
from smolevents.core.safe_write import write_atomically

# Margins in millimetres: GOST R 7.0.97-2016 (left 20, right 10, top and bottom 20).
MARGINS_MM = QMarginsF(20, 20, 10, 20)
# Column widths in the same proportions as the Word file's grid (twips): narrow №,
# wide purpose.
COLUMN_WEIGHTS = (737, 2835, 2381, 1701, 3685, 3231)
# Inside a cell, in points: the text does not touch the rules. The narrow № column
# gets less at the sides so that "№ п/п" is not broken after the slash.
CELL_PADDING_PT = 3
NUMBER_SIDE_PADDING_PT = 1.5
# The layout's own unit for lengths (padding, borders): pixels at this resolution,
# scaled to the paint device by Qt.
_LAYOUT_DPI = 96


def report_page_layout() -> QPageLayout:
    """A4 landscape with the report's margins."""
    return QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Landscape,
        MARGINS_MM,
        QPageLayout.Unit.Millimeter,
    )


def _points(value: float) -> float:
    """Points in the layout's length unit."""
    return value * _LAYOUT_DPI / 72


def build_text_document(
    report: ReportDocument,
    page_size: QSizeF | None = None,
    paint_device: QPaintDevice | None = None,
) -> QTextDocument:
    """The report laid out on pages of `page_size` (device pixels of `paint_device`).

    Without a size the page is the printable area of A4 landscape at the device's
    resolution (or at 96 dpi when no device is given).
    """
    document = QTextDocument()
    document.setUndoRedoEnabled(False)
    if paint_device is not None:
        # Fonts are measured on the device they are drawn on, so line breaks in the
        # preview, the printout and the PDF are the same.
        document.documentLayout().setPaintDevice(paint_device)
    if page_size is None:
        dpi = paint_device.logicalDpiY() if paint_device is not None else _LAYOUT_DPI
        page_size = QSizeF(report_page_layout().paintRectPixels(dpi).size())
    document.setPageSize(page_size)
    root = document.rootFrame().frameFormat()
    root.setMargin(0)
    document.rootFrame().setFrameFormat(root)

    body_font = QFont(report.font_name)
    body_font.setPointSizeF(report.font_size)
    document.setDefaultFont(body_font)

    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    _insert_title(cursor, report)
    _insert_table(cursor, report)
    _insert_closing(cursor, report)
    cursor.endEditBlock()
    return document


def _char_format(report: ReportDocument, *, bold: bool = False, size: float | None = None) -> QTextCharFormat:
    char = QTextCharFormat()
    char.setFontFamilies([report.font_name])
    char.setFontPointSize(size or report.font_size)
    char.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
    return char


def _block_format(alignment: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft) -> QTextBlockFormat:
    block = QTextBlockFormat()
    block.setAlignment(alignment)
    block.setTopMargin(0)
    block.setBottomMargin(0)
    return block


def _insert_lines(cursor: QTextCursor, text: str, block: QTextBlockFormat, char: QTextCharFormat) -> None:
    """Each line of `text` as its own paragraph, like the Word cell's paragraphs.

    The block char format of a cell's first block is left alone: Qt keeps the cell's
    own format there (its column span, for the merged section rows).
    """
    for index, line in enumerate(text.splitlines() or [""]):
        if index:
            cursor.insertBlock(block, char)
        else:
            cursor.setBlockFormat(block)
        cursor.insertText(line, char)


def _insert_title(cursor: QTextCursor, report: ReportDocument) -> None:
    title = _char_format(report, bold=True, size=report.title_font_size)
    centred = _block_format(Qt.AlignmentFlag.AlignHCenter)
    _insert_lines(cursor, "\n".join(report.title_lines), centred, title)
    last = QTextBlockFormat(centred)
    last.setBottomMargin(_points(6))
    cursor.setBlockFormat(last)


def _table_format(report: ReportDocument) -> QTextTableFormat:
    table = QTextTableFormat()
    table.setHeaderRowCount(1)
    table.setBorderCollapse(True)
    # With collapsed borders Qt draws the inner grid only from a width of 1 (1/96 inch,
    # 0.75 pt, close to Word's single line).
    table.setBorder(1)
    table.setBorderBrush(QBrush(Qt.GlobalColor.black))
    table.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
    table.setCellSpacing(0)
    table.setCellPadding(_points(CELL_PADDING_PT))
    table.setMargin(0)
    table.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
    total = sum(COLUMN_WEIGHTS)
    table.setColumnWidthConstraints(
        [QTextLength(QTextLength.Type.PercentageLength, 100 * weight / total) for weight in COLUMN_WEIGHTS]
    )
    return table


def _insert_table(cursor: QTextCursor, report: ReportDocument) -> None:
    columns = len(report.header)
    cursor.movePosition(QTextCursor.MoveOperation.End)
    table = cursor.insertTable(1 + len(report.rows), columns, _table_format(report))

    plain = _char_format(report)
    bold = _char_format(report, bold=True)
    left = _block_format()
    centred = _block_format(Qt.AlignmentFlag.AlignHCenter)

    for column, label in enumerate(report.header):
        _insert_lines(table.cellAt(0, column).firstCursorPosition(), label, centred, bold)

    numbered = [0] + [index for index, row in enumerate(report.rows, start=1) if isinstance(row, EventRow)]
    for index in numbered:
        number_cell = table.cellAt(index, 0)
        narrow = number_cell.format().toTableCellFormat()
        narrow.setLeftPadding(_points(NUMBER_SIDE_PADDING_PT))
        narrow.setRightPadding(_points(NUMBER_SIDE_PADDING_PT))
        number_cell.setFormat(narrow)

    for index, row in enumerate(report.rows, start=1):
        if isinstance(row, SectionRow):
            table.mergeCells(index, 0, 1, columns)
            _insert_lines(table.cellAt(index, 0).firstCursorPosition(), row.title, centred, bold)
        elif isinstance(row, EventRow):
            for column, text in enumerate(row.cells):
                _insert_lines(table.cellAt(index, column).firstCursorPosition(), text, left, plain)
    cursor.movePosition(QTextCursor.MoveOperation.End)


def _insert_closing(cursor: QTextCursor, report: ReportDocument) -> None:
    if not report.closing.strip():
        return
    block = _block_format(Qt.AlignmentFlag.AlignJustify)
    block.setTopMargin(_points(12))
    char = _char_format(report)
    cursor.movePosition(QTextCursor.MoveOperation.End)
    cursor.insertBlock(block, char)
    _insert_lines(cursor, report.closing.strip(), block, char)


def paint_report(report: ReportDocument, device: QPagedPaintDevice) -> int:
    """Paint the report onto a printer or PDF writer, page by page; returns the page count.

    The device's current page layout is kept (the preview lets the clerk change it).
    """
    painter = QPainter()
    if not painter.begin(device):
        raise UserError("Не удалось начать печать: принтер или файл недоступен.")
    try:
        body = _body_rect(device)
        document = build_text_document(report, body.size(), device)
        pages = document.pageCount()
        for index in range(pages):
            if index:
                device.newPage()
            painter.save()
            painter.translate(body.topLeft())
            _paint_page(painter, document, index)
            _close_table_at_page_break(painter, document, index)
            if index:
                _paint_page_number(painter, report, device, body, index + 1)
            painter.restore()
        return pages
    finally:
        painter.end()


def _body_rect(device: QPagedPaintDevice) -> QRectF:
    """The area inside the margins, in device pixels from the painter's origin.

    A device in full-page mode (as `show_print_preview` and `save_pdf` set it up)
    has its origin at the sheet's corner; otherwise Qt puts it at the margins.
    """
    layout = device.pageLayout()
    if layout.mode() != QPageLayout.Mode.FullPageMode:
        return QRectF(0, 0, device.width(), device.height())
    dpi = device.logicalDpiY()
    margins = layout.marginsPixels(dpi)
    return QRectF(layout.fullRectPixels(dpi).marginsRemoved(margins))


def _full_page(layout: QPageLayout) -> QPageLayout:
    """The same sheet and margins, painted whole by us.

    Qt's preview washes out whatever is drawn in the margins of a normal layout
    (it might not print), and the page number lives in the top margin.
    """
    full = QPageLayout(layout)
    full.setMode(QPageLayout.Mode.FullPageMode)
    return full


def _paint_page(painter: QPainter, document: QTextDocument, index: int) -> None:
    page = document.pageSize()
    view = QRectF(0, index * page.height(), page.width(), page.height())
    painter.save()
    painter.translate(0, -view.top())
    painter.setClipRect(view)
    context = QAbstractTextDocumentLayout.PaintContext()
    context.clip = view
    # Black on paper whatever the desktop's colour scheme is.
    context.palette.setColor(QPalette.ColorRole.Text, Qt.GlobalColor.black)
    document.documentLayout().draw(painter, context)
    painter.restore()


def _close_table_at_page_break(painter: QPainter, document: QTextDocument, index: int) -> None:
    """A rule under the table where it goes on to the next page, as Word draws it.

    Qt breaks a row between its lines and leaves the cut open.
    """
    page_height = document.pageSize().height()
    layout = document.documentLayout()
    table = _report_table(document)
    bounds = layout.frameBoundingRect(table)
    if not int(bounds.top() // page_height) <= index < int((bounds.bottom() - 1) // page_height):
        return
    # From the left edge of the first cell to the right edge of the last one.
    scale = _device_scale(document)
    first = layout.blockBoundingRect(table.cellAt(0, 0).firstCursorPosition().block())
    last = layout.blockBoundingRect(table.cellAt(0, table.columns() - 1).firstCursorPosition().block())
    left = first.left() - _points(NUMBER_SIDE_PADDING_PT) * scale
    right = last.right() + _points(CELL_PADDING_PT) * scale
    painter.save()
    painter.setPen(QPen(Qt.GlobalColor.black, scale))
    y = (index + 1) * page_height - scale / 2
    painter.translate(0, -index * page_height)
    painter.drawLine(QPointF(left, y), QPointF(right, y))
    painter.restore()


def _report_table(document: QTextDocument) -> QTextTable:
    return next(frame for frame in document.rootFrame().childFrames() if isinstance(frame, QTextTable))


def _device_scale(document: QTextDocument) -> float:
    """Device pixels per layout unit (1/96 inch): the table rule's width."""
    device = document.documentLayout().paintDevice()
    return device.logicalDpiY() / _LAYOUT_DPI if device is not None else 1.0


def _paint_page_number(painter: QPainter, report: ReportDocument, device: QPagedPaintDevice,
                       body: QRectF, number: int) -> None:
    """The number in the middle of the top margin (the painter is at the body's corner)."""
    top_margin = device.pageLayout().marginsPixels(device.logicalDpiY()).top()
    font = QFont(report.font_name)
    font.setPointSizeF(report.font_size)
    painter.save()
    painter.setFont(QFont(font, device))
    painter.setPen(Qt.GlobalColor.black)
    painter.drawText(QRectF(0, -top_margin, body.width(), top_margin), Qt.AlignmentFlag.AlignCenter, str(number))
    painter.restore()


def save_pdf(report: ReportDocument, path: str | Path) -> Path:
    """Write the report as a PDF at `path`, whole or not at all."""

    def write(temporary: Path) -> None:
        writer = QPdfWriter(str(temporary))
        writer.setPageLayout(_full_page(report_page_layout()))
        writer.setTitle(" ".join(report.title_lines))
        writer.setCreator("smolevents")
        paint_report(report, writer)
        del writer  # closes the file before it is moved into place

    return write_atomically(path, write)


def show_print_preview(parent, report: ReportDocument) -> QPrintPreviewDialog:
    """Open the print preview of `report` beside the window (does not block)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(_full_page(report_page_layout()))
    printer.setDocName(report.quarter.default_file_name().removesuffix(".docx"))
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(f"Предварительный просмотр — отчет за {report.quarter.label}")
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.paintRequested.connect(lambda device: paint_report(report, device))
    dialog._printer = printer  # the dialog does not own its printer
    from smolevents.ui.screen_fit import fit_to_screen, preferred_size
    fit_to_screen(dialog, preferred_size(1100, 800))  # the page whole on a 1366×768 or 1024×640 screen
    dialog.open()
    return dialog
