"""The report on Qt's paper: print preview, printer and PDF.

The second renderer of `ReportDocument` (the .docx writer is the first), reading the
same page layout (`report.layout`): paper, margins, column proportions, fonts and
sizes, cell padding, alignment, the header row repeated on every page, section rows
kept with the event below, rows never split unless they may be taller than a page, the closing
paragraph as the table's last row, page numbers centred in the top margin from page 2.

Qt's own pagination splits table rows between any two lines and knows no
keep-with-next, so the report is laid out here without pages, as long strips of
table (a QTextDocument of up to ROWS_PER_DOCUMENT rows each: building one table costs
more than linearly in its rows, 2 350 rows took seconds), measured row by row and cut into pages by the layout's
rules (`paginate`); each page then paints its rows' slices of the strips under the
repeated header row.

Text is inserted through QTextCursor, never as HTML, so whatever the clerk typed
(«<b>», "&amp;") is printed as typed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFrameFormat,
    QTextLength,
    QTextTable,
    QTextTableCellFormat,
    QTextTableFormat,
)

from smolevents.core.errors import UserError
from smolevents.core.report.layout import CENTER, JUSTIFY, MIDDLE, ReportLayout, TextStyle
from smolevents.core.report.model import EventRow, ReportDocument, SectionRow
from smolevents.render.fonts import report_font_family

# A block that must stay on the page of the block after it (the layout's keep-with-next).
KEEP_WITH_NEXT = QTextFormat.Property.UserProperty + 1
# On a row's first block: the row may break across pages (the layout found it may be
# taller than a page; the Word file leaves out cantSplit for the same rows).
ROW_MAY_SPLIT = QTextFormat.Property.UserProperty + 2
# Lengths other than fonts (padding, borders, margins) are given to Qt in pixels at
# this resolution; Qt scales them to the paint device.
_LAYOUT_DPI = 96
_ALIGNMENT = {CENTER: Qt.AlignmentFlag.AlignHCenter, JUSTIFY: Qt.AlignmentFlag.AlignJustify}


def report_page_layout(layout: ReportLayout) -> QPageLayout:
    """The sheet and margins of the layout, painted whole by us (full-page mode).

    Qt's preview washes out whatever is drawn in the margins of a normal layout (it
    might not print), and the page number lives in the top margin.
    """
    width, height = layout.paper_mm
    page = QPageLayout(
        QPageSize(QSizeF(min(width, height), max(width, height)), QPageSize.Unit.Millimeter, "A4",
                  QPageSize.SizeMatchPolicy.FuzzyMatch),
        QPageLayout.Orientation.Landscape if width > height else QPageLayout.Orientation.Portrait,
        QMarginsF(layout.margin_left_mm, layout.margin_top_mm, layout.margin_right_mm, layout.margin_bottom_mm),
        QPageLayout.Unit.Millimeter,
    )
    page.setMode(QPageLayout.Mode.FullPageMode)
    return page


def _points(value: float) -> float:
    """Points in the layout's length unit."""
    return value * _LAYOUT_DPI / 72


ROWS_PER_DOCUMENT = 16

Progress = Callable[[int, int], bool]  # (steps done, steps) -> go on?


class Cancelled(Exception):
    """The clerk stopped the rendering; nothing is written."""


# --- the strips -------------------------------------------------------------------------

TableRow = tuple[TextStyle, tuple[str, ...], bool]  # style, cell texts, may split


def _table_rows(report: ReportDocument, layout: ReportLayout) -> list[TableRow]:
    """Every table row: header, sections and events, the closing."""
    rows: list[TableRow] = [(layout.header, tuple(report.header), False)]
    for row in report.rows:
        if isinstance(row, SectionRow):
            rows.append((layout.section, (row.title,), False))
        elif isinstance(row, EventRow):
            cells = row.cells
            rows.append((layout.text, cells, layout.rows_split or layout.may_be_taller_than_a_page(cells)))
    closing = report.closing if report.closing.strip() else ""
    if closing and layout.closing_as_last_row:
        rows.append((layout.closing, (closing,), layout.rows_split))
    return rows


def new_document(layout: ReportLayout, width: float, paint_device: QPaintDevice | None) -> QTextDocument:
    document = QTextDocument()
    document.setUndoRedoEnabled(False)
    if paint_device is not None:
        # Fonts are measured on the device they are drawn on, so line breaks in the
        # preview, the printout and the PDF are the same.
        document.documentLayout().setPaintDevice(paint_device)
    document.setDocumentMargin(0)
    document.setTextWidth(width)  # no page height: Qt does not paginate, `paginate` does
    body_font = QFont(report_font_family(layout.font_name))
    body_font.setPointSizeF(layout.text.size_pt)
    document.setDefaultFont(body_font)
    return document


def build_strip(layout: ReportLayout, rows: list[TableRow], width: float,
                paint_device: QPaintDevice | None = None, title_lines: list[str] | None = None) -> QTextDocument:
    """One strip: the title (first strip only) and a table of `rows`."""
    document = new_document(layout, width, paint_device)
    formats = _Formats(layout, report_font_family(layout.font_name))
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    if title_lines:
        title = formats.block(layout.title)
        for index, line in enumerate(title_lines):
            _insert_lines(cursor, line, title, formats.char(layout.title), first=index == 0)
    _insert_table(cursor, layout, rows, formats, with_title=bool(title_lines))
    cursor.endEditBlock()
    return document


def _insert_table(cursor: QTextCursor, layout: ReportLayout, rows: list[TableRow],
                  formats: _Formats, with_title: bool) -> None:
    columns = len(layout.column_weights)
    cursor.movePosition(QTextCursor.MoveOperation.End)
    table = cursor.insertTable(len(rows), columns, _table_format(layout, with_title))
    styles = {}
    for index, (style, cells, may_split) in enumerate(rows):
        if style.style_id not in styles:
            vertical = (layout.header_vertical_align if style.style_id == layout.header.style_id
                        else layout.body_vertical_align)
            styles[style.style_id] = (formats.block(style), formats.char(style), _cell_format(layout, vertical))
        block, char, cell_format = styles[style.style_id]
        if len(cells) == 1:
            table.mergeCells(index, 0, 1, columns)
        for column, text in enumerate(cells):
            cell = table.cellAt(index, column)
            cell.setFormat(cell_format)
            _insert_lines(cell.firstCursorPosition(), _unbreakable_slashes(text), block, char)
        if may_split:
            marked = table.cellAt(index, 0).firstCursorPosition()
            flagged = marked.blockFormat()
            flagged.setProperty(ROW_MAY_SPLIT, True)
            marked.setBlockFormat(flagged)
    cursor.movePosition(QTextCursor.MoveOperation.End)


def _unbreakable_slashes(text: str) -> str:
    # Qt may break after "/" ("№ п/" | "п"); Word and LibreOffice break "№ п/п" at the space.
    return text.replace("/", "/\u2060") if "/" in text else text


class _Formats:
    """Qt's block and character formats for the layout's text styles."""

    def __init__(self, layout: ReportLayout, family: str):
        self.layout, self.family = layout, family

    def char(self, style: TextStyle) -> QTextCharFormat:
        char = QTextCharFormat()
        char.setFontFamilies([self.family])
        char.setFontPointSize(style.size_pt)
        char.setFontWeight(QFont.Weight.Bold if style.bold else QFont.Weight.Normal)
        return char

    def block(self, style: TextStyle) -> QTextBlockFormat:
        block = QTextBlockFormat()
        block.setAlignment(_ALIGNMENT.get(style.align, Qt.AlignmentFlag.AlignLeft))
        block.setTopMargin(0)
        block.setBottomMargin(0)
        line = style.size_pt * self.layout.single_line_em * self.layout.line_spacing
        block.setLineHeight(_points(line), QTextBlockFormat.LineHeightTypes.FixedHeight.value)
        if style.keep_with_next:
            block.setProperty(KEEP_WITH_NEXT, True)
        return block


def _insert_lines(cursor: QTextCursor, text: str, block: QTextBlockFormat, char: QTextCharFormat,
                  first: bool = True) -> None:
    """Each line of `text` as its own paragraph, like the Word cell's paragraphs.

    The block char format of a cell's first block is left alone: Qt keeps the cell's
    own format there (its column span, for the merged rows).
    """
    for index, line in enumerate(text.split("\n")):
        if index or not first:
            cursor.insertBlock(block, char)
        else:
            cursor.setBlockFormat(block)
        cursor.insertText(line, char)


def _table_format(layout: ReportLayout, after_title: bool) -> QTextTableFormat:
    table = QTextTableFormat()
    if after_title:
        # The space after the title (Qt drops a block's bottom margin before a table).
        table.setTopMargin(_points(layout.title.space_after_pt))
    table.setBorderCollapse(True)
    # With collapsed borders Qt draws the inner grid only from a width of 1 (1/96 inch).
    table.setBorder(max(1.0, _points(layout.border_pt)))
    table.setBorderBrush(QBrush(Qt.GlobalColor.black))
    table.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
    table.setCellSpacing(0)
    table.setCellPadding(0)
    table.setAlignment(Qt.AlignmentFlag.AlignHCenter)
    table.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
    table.setColumnWidthConstraints(
        [QTextLength(QTextLength.Type.PercentageLength, 100 * fraction) for fraction in layout.column_fractions()]
    )
    return table


def _cell_format(layout: ReportLayout, vertical: str) -> QTextTableCellFormat:
    cell = QTextTableCellFormat()
    cell.setLeftPadding(_points(layout.cell_padding_side_pt))
    cell.setRightPadding(_points(layout.cell_padding_side_pt))
    cell.setTopPadding(_points(layout.cell_padding_top_pt))
    cell.setBottomPadding(_points(layout.cell_padding_bottom_pt))
    if vertical == MIDDLE:
        cell.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignMiddle)
    return cell


def report_table(document: QTextDocument) -> QTextTable:
    return next(frame for frame in document.rootFrame().childFrames() if isinstance(frame, QTextTable))


# --- rows measured, pages cut ---------------------------------------------------------------

@dataclass(frozen=True)
class RowBox:
    """A table row on its strip: from the rule above it to the rule below it."""

    document: QTextDocument
    table_row: int  # the row in its strip's table
    top: float
    bottom: float
    keep_with_next: bool
    may_split: bool = False

    @property
    def height(self) -> float:
        return self.bottom - self.top


def row_boxes(document: QTextDocument) -> list[RowBox]:
    """Each table row's extent on its strip.

    A row's top is where its cells' text starts, less padding and the rule; in a row
    of vertically centred cells (the header) the tallest cell's text starts there.
    """
    layout = document.documentLayout()
    table = report_table(document)
    scale = _device_scale(document)
    border = table.format().border() * scale
    tops, keeps, splits = [], [], []
    for row in range(table.rows()):
        top = None
        for cell in _cells(table, row):
            padding = cell.format().toTableCellFormat().topPadding() * scale
            cell_top = layout.blockBoundingRect(cell.firstCursorPosition().block()).top() - padding - border
            top = cell_top if top is None else min(top, cell_top)
        tops.append(top)
        first = table.cellAt(row, 0).firstCursorPosition().block().blockFormat()
        keeps.append(bool(first.property(KEEP_WITH_NEXT)))
        splits.append(bool(first.property(ROW_MAY_SPLIT)))
    last = table.rows() - 1
    tops.append(max(
        layout.blockBoundingRect(cell.lastCursorPosition().block()).bottom()
        + cell.format().toTableCellFormat().bottomPadding() * scale
        for cell in _cells(table, last)
    ))
    return [RowBox(document, row, tops[row], tops[row + 1], keeps[row], splits[row]) for row in range(table.rows())]


def _cells(table: QTextTable, row: int):
    """The row's cells, a merged one once."""
    return [table.cellAt(row, column) for column in range(table.columns())
            if table.cellAt(row, column).column() == column]


@dataclass(frozen=True)
class Piece:
    """Part of a row on a page: from `start` to `end` below the row's top rule."""

    row: int  # index into the report's rows (0 is the header row)
    start: float
    end: float
    whole: bool


def paginate(boxes: list[RowBox], page_height: float, title_height: float,
             cut: Callable[[RowBox, float, float], float]) -> list[list[Piece]]:
    """Rows onto pages by the layout's rules.

    A row goes whole onto the page it starts on, unless it may split (one that may be
    taller than a page): that one fills the page and goes on over the break. A row
    that keeps with the next (a section row) is never last on its page; the header
    row tops every page. `cut(box, start, room)` is where a row may break within
    `room` below `start` (between two of its lines; `start` when no line fits).
    """
    header = boxes[0].height
    pages: list[list[Piece]] = []
    current: list[Piece] = []
    used = title_height + header
    index, start = 1, 0.0
    while index < len(boxes):
        box = boxes[index]
        rest = box.height - start
        room = page_height - used
        if rest <= room:
            current.append(Piece(index, start, box.height, start == 0))
            used += rest
            index, start = index + 1, 0.0
            continue
        end = cut(box, start, room) if box.may_split or not current else start
        if end <= start and not current:
            end = start + room  # not one line fits an empty page: cut through
        if end > start:
            current.append(Piece(index, start, end, False))
            pages.append(current)
            current, used, start = [], header, end
            continue
        keep = len(current)
        while keep > 1 and current[keep - 1].whole and boxes[current[keep - 1].row].keep_with_next:
            keep -= 1  # a section row goes on with its first event
        moved = current[keep:]
        pages.append(current[:keep])
        current, used = [], header
        if moved:
            index, start = moved[0].row, 0.0
    pages.append(current)
    return pages


def cut_between_lines(box: RowBox, start: float, room: float) -> float:
    """The lowest line boundary of the row within `room` below `start` (`start` if none)."""
    document = box.document
    layout = document.documentLayout()
    table = report_table(document)
    limit = box.top + start + room
    cut = limit
    for cell in _cells(table, box.table_row):
        block = cell.firstCursorPosition().block()
        last = cell.lastCursorPosition().block()
        while block.isValid():
            rect = layout.blockBoundingRect(block)
            text_layout = block.layout()
            for index in range(text_layout.lineCount()):
                line = text_layout.lineAt(index)
                line_top = rect.top() + line.y()
                if line_top < limit < line_top + line.height():
                    cut = min(cut, line_top)
            if block == last:
                break
            block = block.next()
    return max(start, cut - box.top)


# --- painting -----------------------------------------------------------------------------

class ReportPages:
    """The report laid out for one paint device and cut into pages, painted on demand."""

    def __init__(self, report: ReportDocument, device: QPagedPaintDevice | None = None,
                 progress: Progress | None = None):
        self.report = report
        self.layout = report.layout
        if device is None:
            page = report_page_layout(self.layout)
            self.body = QRectF(page.paintRectPixels(_LAYOUT_DPI))
            self.dpi = _LAYOUT_DPI
        else:
            self.body = _body_rect(device)
            self.dpi = device.logicalDpiY()
        self.documents: list[QTextDocument] = []
        self.boxes: list[RowBox] = []
        rows = _table_rows(report, self.layout)
        chunks = range(0, len(rows), ROWS_PER_DOCUMENT)
        for number, first in enumerate(chunks):
            strip = build_strip(self.layout, rows[first:first + ROWS_PER_DOCUMENT], self.body.width(), device,
                                report.title_lines if first == 0 else None)
            self.documents.append(strip)
            self.boxes += row_boxes(strip)
            if progress is not None and not progress(number + 1, len(chunks)):
                raise Cancelled()
        self.header = self.boxes[0]
        self.pages = paginate(self.boxes, self.body.height(), self.header.top, cut_between_lines)

    def __len__(self) -> int:
        return len(self.pages)

    def plain_text(self) -> str:
        return "\n".join(document.toPlainText() for document in self.documents).replace("\u2060", "")

    def paint_page(self, painter: QPainter, index: int) -> None:
        width = self.body.width()
        border = report_table(self.documents[0]).format().border() * _device_scale(self.documents[0])
        header = self.header
        painter.save()
        painter.translate(self.body.topLeft())
        if index == 0:  # the title and the header row
            self._paint_slice(painter, header.document, 0, header.bottom + border, 0, width)
            y = header.bottom
        else:  # the header row again
            self._paint_slice(painter, header.document, header.top, header.bottom + border, 0, width)
            y = header.height
        pieces = self.pages[index]
        run: list[Piece] = []
        for piece in pieces + [None]:
            if run and (piece is None or not self._continues(run[-1], piece)):
                first, last = self.boxes[run[0].row], self.boxes[run[-1].row]
                top, bottom = first.top + run[0].start, last.top + run[-1].end
                whole_end = run[-1].end >= last.height
                self._paint_slice(painter, first.document, top, bottom + (border if whole_end else 0), y, width)
                y += bottom - top
                if not whole_end:  # close the table where a tall row breaks, as Word does
                    painter.setPen(QPen(Qt.GlobalColor.black, border))
                    painter.drawLine(QPointF(0, y - border / 2), QPointF(width, y - border / 2))
                run = []
            if piece is not None:
                run.append(piece)
        painter.restore()
        if index + 1 >= self.layout.page_numbers_from:
            self._paint_page_number(painter, index + 1)

    def _continues(self, previous: Piece, piece: Piece) -> bool:
        """Whether `piece` follows `previous` without a gap on the same strip."""
        return (self.boxes[previous.row].document is self.boxes[piece.row].document
                and previous.end >= self.boxes[previous.row].height and piece.start == 0)

    def _paint_slice(self, painter: QPainter, document: QTextDocument, top: float, bottom: float,
                     at: float, width: float) -> None:
        view = QRectF(0, top, width, bottom - top)
        painter.save()
        painter.translate(0, at - top)
        painter.setClipRect(view)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.clip = view
        # Black on paper whatever the desktop's colour scheme is.
        context.palette.setColor(QPalette.ColorRole.Text, Qt.GlobalColor.black)
        document.documentLayout().draw(painter, context)
        painter.restore()

    def _paint_page_number(self, painter: QPainter, number: int) -> None:
        """Centred over the text, its top `page_number_from_top_mm` below the sheet's edge."""
        font = QFont(report_font_family(self.layout.font_name))
        font.setPointSizeF(self.layout.text.size_pt)
        top = self.layout.page_number_from_top_mm * self.dpi / 25.4
        painter.save()
        painter.setFont(QFont(font, painter.device()))
        painter.setPen(Qt.GlobalColor.black)
        painter.drawText(QRectF(self.body.left(), top, self.body.width(), self.body.top() - top),
                         Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, str(number))
        painter.restore()


def _device_scale(document: QTextDocument) -> float:
    """Device pixels per layout unit (1/96 inch)."""
    device = document.documentLayout().paintDevice()
    return device.logicalDpiY() / _LAYOUT_DPI if device is not None else 1.0


def _body_rect(device: QPagedPaintDevice) -> QRectF:
    """The area inside the margins, in device pixels from the painter's origin.

    A device in full-page mode (as the preview and the PDF writer are set up) has its
    origin at the sheet's corner; otherwise Qt puts it at the margins.
    """
    layout = device.pageLayout()
    if layout.mode() != QPageLayout.Mode.FullPageMode:
        return QRectF(0, 0, device.width(), device.height())
    dpi = device.logicalDpiY()
    margins = layout.marginsPixels(dpi)
    return QRectF(layout.fullRectPixels(dpi).marginsRemoved(margins))


def paint_report(report: ReportDocument, device: QPagedPaintDevice, progress: Progress | None = None,
                 pages: ReportPages | None = None) -> int:
    """Paint the report onto a printer or PDF writer, page by page; returns the page count.

    The device's current page layout is kept (the preview lets the clerk change it).
    `progress` is told after each page; when it returns False, Cancelled is raised
    (the caller discards the unfinished output).
    """
    pages = pages or ReportPages(report, device)
    painter = QPainter()
    if not painter.begin(device):
        raise UserError("Не удалось начать печать: принтер или файл недоступен.")
    try:
        for index in range(len(pages)):
            if index:
                device.newPage()
            pages.paint_page(painter, index)
            if progress is not None and not progress(index + 1, len(pages)):
                raise Cancelled()
        return len(pages)
    finally:
        painter.end()
