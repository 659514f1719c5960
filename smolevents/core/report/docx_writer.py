"""The quarterly report as a Word file, ready to print without retouching.

Renders `report.ReportDocument` (the one structure the print preview renders too)
with the page layout of `report.layout` (the one the print preview reads too): A4
landscape, the three title lines, one table whose header row repeats on every page,
full-width bold section rows kept with the event below, numbered events and the
closing paragraph as a last full-width row, as the real report has it.

A typist who takes the file further in Word finds named styles (based on Normal, the
font and sizes of the database's settings in them) and runs with no formatting of
their own: changing the font of Normal changes the whole report. Word hyphenates
automatically; rows are not split across pages unless taller than one.

The file is written here part by part as XML text, not through python-docx:
- python-docx's `row.cells`, `Table.cell()` and `merge()` recompute the whole table
  grid on every call (its issues 174, 703, 830), and even building the rows as lxml
  elements leaves the fixed cost of its template (a 440 KB styles part parsed and
  written again on every save) — see benchmarks/export.py;
- its template takes fonts from a theme (Calibri/Cambria, which Word then uses for
  Cyrillic although a run names Times New Roman) and carries a US Letter page, a
  Word 2010 copy of the styles and a preview picture of another document. Here every
  part says only what the report needs: nothing is left over to look wrong in Word.
`document.xml` is streamed into the zip row by row, so memory stays flat however many
events the quarter has. python-docx reads these files back in the tests and the
self-test.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from smolevents.core.domain import Quarter
from smolevents.core.periods import Period
from smolevents.core.errors import UserError
from smolevents.core.report.layout import (
    CENTER,
    JUSTIFY,
    MIDDLE,
    ReportLayout,
    TextStyle,
    mm_twips,
    twips,
)
from smolevents.core.report.model import (
    EventRow, ReportDocument, ReportHead, SectionRow, StreamedReport, WrittenReport, build_report,
)
from smolevents.core.safe_write import write_atomically
from smolevents.core.store import Store
from smolevents.core.store.report_reader import read_snapshot
from smolevents.core.validation import QuarterCheck

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a command's start-up)
if TYPE_CHECKING:
    from typing import BinaryIO

# Characters XML 1.0 cannot carry (controls other than tab and line breaks, lone
# surrogates, U+FFFE/U+FFFF): one of them would make Word refuse the whole file. Listed
# as they are, not as the complement of what XML allows: that class took 5 ms to compile.
# Compiled only for a text that may hold one (see _utf8_if_clean): 0.4 ms each.
_NOT_XML = r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]"
# The same and "\r" but for NUL: what `clean_text` changes, in a row joined by NULs (_CELL_BORDER).
_TO_CLEAN_BUT_BORDER = r"[\x01-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]"

# document.xml goes to the zip in pieces of about this many bytes.
_CHUNK_BYTES = 256 * 1024
_COMPRESS_LEVEL = 3


class ExportBlockedError(UserError):
    """The quarter has errors (required fields empty): the report is not written."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        super().__init__(
            f"Отчет не выгружен: ошибок {len(lines)}. Исправьте их и повторите выгрузку.\n"
            + "\n".join(lines)
        )


class EmptyQuarterError(UserError):
    """Nothing to report: a file with an empty table helps nobody."""


def export_quarter(store: Store, quarter: Quarter, path: str | Path, *,
                   force: bool = False) -> WrittenReport:
    """Write the quarter's report to `path`; errors refuse unless `force`."""
    return export_period(store, Period.of_quarter(quarter), path, force=force)


def export_period(store: Store, period: Period, path: str | Path, *, force: bool = False,
                  write: Callable[[ReportDocument, Path], object] | None = None
                  ) -> WrittenReport | ReportDocument:
    """Write the period's report to `path`; errors refuse unless `force`.

    The .docx is written straight from the store, each event checked as it goes into
    the file: with errors (and no `force`) the file is dropped before it replaces
    anything. `write` is another renderer that needs the whole report at once (the
    command line's PDF). Returns the report's counts and check, so the caller can show
    its warnings (and errors, when forced).
    """
    if write is not None:
        report = build_report(store, period)
        refuse_empty(period, report.event_count)
        refuse_errors(report.check, force)
        write(report, Path(path))
        return report
    with read_snapshot(store):
        streamed = StreamedReport(store, period)
        refuse_empty(period, streamed.event_count)

        def write_checked(temporary: Path) -> None:
            with open(temporary, "wb") as file:
                write_docx(streamed.head, file, streamed.rows())
            refuse_errors(streamed.check, force)  # the temporary file goes, nothing is replaced

        write_atomically(path, write_checked)
    return streamed.written()


def refuse_empty(period: Period, event_count: int) -> None:
    if not event_count:
        what = "год и квартал" if period.is_quarter else "год и период"
        raise EmptyQuarterError(
            f"Отчет не выгружен: {period.phrase} нет ни одного мероприятия. Проверьте {what}."
        )


def refuse_errors(check: QuarterCheck, force: bool) -> None:
    if check.errors and not force:
        raise ExportBlockedError(QuarterCheck(check.errors).lines())


def write_report_docx(report: ReportDocument, path: str | Path) -> Path:
    """Write the report whole or not at all (see `safe_write`)."""

    def write(temporary: Path) -> None:
        with open(temporary, "wb") as file:
            write_docx(report, file)

    return write_atomically(path, write)


def render_docx(report: ReportDocument) -> bytes:
    """The .docx file's bytes."""
    buffer = io.BytesIO()
    write_docx(report, buffer)
    return buffer.getvalue()


def write_docx(report: ReportHead, file: BinaryIO,
               rows: Iterable[SectionRow | EventRow] | None = None) -> None:
    """Write the package to an open binary file, document.xml streamed in chunks.

    `rows` are the table's rows (the report's own when it holds them); they are read
    once, as the file is written.
    """
    if rows is None:
        rows = report.rows
    writer = _Writer(report)
    small_parts = {
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": _PACKAGE_RELS,
        "docProps/core.xml": _core_properties(report),
        "docProps/app.xml": _APP_PROPERTIES,
        "word/_rels/document.xml.rels": _DOCUMENT_RELS,
        "word/styles.xml": writer.styles(),
        "word/settings.xml": _settings(report.layout),
        "word/fontTable.xml": writer.font_table(),
        "word/header1.xml": _PAGE_NUMBER_HEADER,
        "word/header2.xml": _EMPTY_HEADER,
    }
    stamp = datetime.datetime.now().timetuple()[:6]

    def entry(name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        # A ZipInfo of our own keeps its own level (the archive's applies only to names);
        # Python 3.13 renamed the slot compress_level and kept this name as its alias.
        info._compresslevel = _COMPRESS_LEVEL
        info.external_attr = 0o644 << 16  # ordinary file permissions when unzipped
        return info

    # Deflate level 3: the table's XML is very repetitive, so it packs to about 7 % at
    # a fifth of the default level's time (2 350 events: 413 KB in 0.06 s, level 6
    # 272 KB in 0.3 s).
    with zipfile.ZipFile(file, "w", compresslevel=_COMPRESS_LEVEL) as package:
        for name in ("[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml"):
            package.writestr(entry(name), small_parts.pop(name).encode("utf-8"))
        # force_zip64 is not needed: a quarter's report stays far below 4 GB.
        with package.open(entry("word/document.xml"), "w") as document:
            chunks = _chunks(writer.document(report, rows))
            first = next(chunks)
            second = next(chunks, None)
            if second is None:  # a small report: one chunk, written here
                document.write(first)
            else:
                # Deflated and written in another thread while the next rows are made.
                from smolevents.core.report.background_write import written_in_background
                with written_in_background(document.write) as put:
                    put(first)
                    put(second)
                    for chunk in chunks:
                        put(chunk)
        for name, text in small_parts.items():
            package.writestr(entry(name), text.encode("utf-8"))


def _chunks(pieces: Iterable[bytes]) -> Iterator[bytes]:
    """The pieces joined into chunks of about _CHUNK_BYTES; at least one chunk."""
    pending: list[bytes] = []
    size = 0
    for piece in pieces:
        pending.append(piece)
        size += len(piece)
        if size >= _CHUNK_BYTES:
            yield b"".join(pending)
            pending, size = [], 0
    yield b"".join(pending)


def clean_text(text: str) -> str:
    """Text as stored, minus what XML forbids; every line break becomes "\\n"."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _utf8_if_clean(text, _CONTROLS) is not None:
        return text
    return re.compile(_NOT_XML).sub("", text)


_ATTRIBUTE_ENTITIES = (("&", "&amp;"), ("<", "&lt;"), ('"', "&quot;"), ("\n", "&#10;"), ("\r", "&#13;"), ("\t", "&#9;"))


def quoteattr(value: str) -> str:
    """An XML attribute value in double quotes. (xml.sax.saxutils does the same but
    imports urllib, http and email: 30 ms of every export process.)"""
    for character, entity in _ATTRIBUTE_ENTITIES:
        if character in value:
            value = value.replace(character, entity)
    return f'"{value}"'


def _escape(text: str) -> str:
    return _escape_markup(clean_text(text))


def _escape_markup(text: str) -> str:
    """`&`, `<` and `>` as entities (the text is clean already)."""
    # Most cells hold none of the three: each test is cheaper than a replace.
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


# --- the body: title and table ---------------------------------------------------------

_RUN = '<w:r><w:t xml:space="preserve">'
_PARAGRAPH_END = "</w:t></w:r></w:p>"
_EMPTY_RUN = f"{_RUN}</w:t></w:r>"  # what an empty line would leave: its paragraph has no run
_TAB = '</w:t><w:tab/><w:t xml:space="preserve">'


def _paragraph_start(style: TextStyle) -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style.style_id}"/></w:pPr>'


def _paragraphs(text: str, opening: str) -> str:
    """A paragraph for each line of `text`, each begun by `opening` (the style and the run).

    A few replaces over the whole text, not a loop over its lines: the export does this
    for every cell. An empty line is a paragraph without a run, as Word writes it.
    """
    text = _escape(text)
    if "\t" in text:
        text = text.replace("\t", _TAB)
    if "\n" in text:
        text = text.replace("\n", _PARAGRAPH_END + opening)
    xml = f"{opening}{text}{_PARAGRAPH_END}"
    # The escaped text holds no "<": only an empty line can put the run's end right after its start.
    return xml.replace(_EMPTY_RUN, "") if _EMPTY_RUN in xml else xml


_CELL_BORDER = "\x00"  # never in clean text
_CELL_END = f"{_PARAGRAPH_END}</w:tc>"
_EMPTY_RUN_BYTES = _EMPTY_RUN.encode()
_TAB_BYTES = _TAB.encode()


class _EventRows:
    """An event row's XML as UTF-8, the same as `_paragraphs` of each cell in its cell.

    The row's text is escaped as one string and cut at the cells' borders after: a
    quarter's export does this for every event, and a handful of replaces over the
    row costs far less than the same for each of its six cells. Only the text is
    encoded (the markup around it is bytes already), and the replaces run over the
    UTF-8 bytes, which hold "&<>", tabs, line breaks and NULs exactly where the text
    does (every byte of a multi-byte character is 0x80 or above).
    """

    def __init__(self, layout: ReportLayout, whole_row: str, cell_starts: list[str], opening: str):
        # The row up to the first cell's text, kept whole on a page or not; the markup that
        # takes the place of each border (the end of a cell, the next one's start); the end.
        self.kept_whole = f"<w:tr>{whole_row}{cell_starts[0]}{opening}".encode()
        self.may_split = f"<w:tr>{cell_starts[0]}{opening}".encode()
        self.borders = [f"{_CELL_END}{start}{opening}".encode() for start in cell_starts[1:]]
        self.end = f"{_CELL_END}</w:tr>".encode()
        self.line_break = f"{_PARAGRAPH_END}{opening}".encode()
        self.layout = layout

    def __call__(self, cells: tuple[str, ...]) -> bytes:
        data, line_breaks = self.escaped(_utf8_row(cells))
        text = self.between_cells(data)
        if text is None:  # a NUL of a cell's own, not a border: cleaned away
            data, line_breaks = self.escaped(_CELL_BORDER.join(map(clean_text, cells)).encode("utf-8"))
            text = self.between_cells(data)
        start = self.may_split if self.may_split_across_pages(cells, line_breaks) else self.kept_whole
        xml = b"".join((start, text, self.end))
        return xml.replace(_EMPTY_RUN_BYTES, b"") if _EMPTY_RUN_BYTES in xml else xml

    def between_cells(self, data: bytes) -> bytes | None:
        """The cells' text with each border turned into the markup between two cells (each
        border is the first NUL left, found by memchr); None when a cell holds a NUL itself."""
        for border in self.borders:
            data = data.replace(b"\x00", border, 1)
        return None if b"\x00" in data else data

    def escaped(self, data: bytes) -> tuple[bytes, int]:
        """The row's clean UTF-8 as the cells' XML text (line breaks begin new paragraphs),
        and the number of line breaks."""
        # Most rows hold none of these: each test is cheaper than a replace.
        if b"&" in data:
            data = data.replace(b"&", b"&amp;")
        if b"<" in data:
            data = data.replace(b"<", b"&lt;")
        if b">" in data:
            data = data.replace(b">", b"&gt;")
        if b"\t" in data:
            data = data.replace(b"\t", _TAB_BYTES)
        if b"\n" not in data:
            return data, 0
        length = len(data)
        data = data.replace(b"\n", self.line_break)
        return data, (len(data) - length) // (len(self.line_break) - 1)

    def may_split_across_pages(self, cells: tuple[str, ...], line_breaks: int) -> bool:
        """The layout's rule: rows stay whole on a page unless they may be taller than one.
        `line_breaks` (of the whole row) spares most rows the layout's own count."""
        layout = self.layout
        if layout.rows_split:
            return True
        return (not layout.surely_fits_a_page(map(len, cells), line_breaks)
                and layout.may_be_taller_than_a_page(cells))


def _controls_marked(but: bytes) -> bytes:
    """A translation table turning each control character's byte (but those of `but`) into one
    that UTF-8 never holds: a text's UTF-8 comes out of it unchanged unless it holds one."""
    return bytes(0xFF if byte < 0x20 and byte not in but else byte for byte in range(256))


_CONTROLS = _controls_marked(b"\t\n")  # the controls `clean_text` removes or changes
_CONTROLS_BUT_BORDER = _controls_marked(b"\x00\t\n")  # NUL is a row's cell border, counted apart


def _utf8_if_clean(text: str, controls: bytes) -> bytes | None:
    """`text` as UTF-8 when it surely holds nothing `clean_text` changes; None when it may.

    Two passes in C, far cheaper than a regular expression's: the UTF-8 is made anyway, and
    its translation by `controls` is itself unless it holds a control character. U+FFFE and
    U+FFFF begin with the byte 0xEF, rare in a Russian text: it is left to the exact search.
    """
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return None
    if data.translate(controls) != data or b"\xef" in data:
        return None
    return data


def _utf8_row(cells: tuple[str, ...]) -> bytes:
    """The cells joined by NULs, as UTF-8: as they are, or cleaned (clean_text) when they hold
    what XML cannot carry."""
    text = _CELL_BORDER.join(cells)
    data = _utf8_if_clean(text, _CONTROLS_BUT_BORDER)
    if data is not None:
        return data
    if re.compile(_TO_CLEAN_BUT_BORDER).search(text) is None:  # the exact search (compiled once)
        return text.encode("utf-8")
    return _CELL_BORDER.join(map(clean_text, cells)).encode("utf-8")


class _Writer:
    """XML pieces fixed for one report (its layout), joined row by row."""

    def __init__(self, report: ReportHead):
        self.layout = layout = report.layout
        self.widths = layout.column_widths(_text_width(layout))
        self.text_width = sum(self.widths)
        # A paragraph of each style up to its text: <w:p>, the style, the run.
        self.openings = {style.style_id: _paragraph_start(style) + _RUN
                         for style in (layout.title, layout.header, layout.section, layout.text, layout.closing)}
        self.cell_starts = [f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>' for width in self.widths]
        valign = "center" if layout.header_vertical_align == MIDDLE else "top"
        self.header_cell_starts = [
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="{valign}"/></w:tcPr>'
            for width in self.widths
        ]
        self.wide_cell_start = (
            f'<w:tc><w:tcPr><w:tcW w:w="{self.text_width}" w:type="dxa"/>'
            f'<w:gridSpan w:val="{len(self.widths)}"/></w:tcPr>'
        )
        # Rows stay whole on a page; only one that may be taller than a page may split.
        self.whole_row = "" if layout.rows_split else "<w:trPr><w:cantSplit/></w:trPr>"

    def paragraphs(self, text: str, style: TextStyle) -> str:
        """One paragraph per line (Word's own line breaks would not survive editing)."""
        return _paragraphs(text, self.openings[style.style_id])

    def document(self, report: ReportHead, rows: Iterable[SectionRow | EventRow]) -> Iterator[bytes]:
        """document.xml in pieces of UTF-8: the title, then the table a row at a time."""
        layout = self.layout
        head = [_XML_DECLARATION, f"<w:document {_W} {_R}><w:body>"]
        head += [self.paragraphs(line, layout.title) for line in report.title_lines]
        head += [self.table_start(), self.header_row(report.header)]
        yield "".join(head).encode("utf-8")
        whole_row = self.whole_row
        event_row = _EventRows(layout, whole_row, self.cell_starts, self.openings[layout.text.style_id])
        for row in rows:
            if type(row) is SectionRow:
                # Never split, and kept with the event below (keepNext in its style).
                yield (f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{self.wide_cell_start}"
                       f"{self.paragraphs(row.title, layout.section)}</w:tc></w:tr>").encode("utf-8")
                continue
            yield event_row(row.cells)
        tail = []
        if report.closing.strip():
            # As in the real report: the closing paragraph is a last row across the table.
            tail.append(f"<w:tr>{whole_row}{self.wide_cell_start}"
                        f"{self.paragraphs(report.closing, layout.closing)}</w:tc></w:tr>")
        tail += ["</w:tbl>", _section_properties(layout), "</w:body></w:document>"]
        yield "".join(tail).encode("utf-8")

    def table_start(self) -> str:
        # Fixed layout with the widths on the grid (LibreOffice reads w:gridCol) and on
        # every cell (Word reads w:tcW), so both draw the same columns.
        layout = self.layout
        side = twips(layout.cell_padding_side_pt)
        top, bottom = twips(layout.cell_padding_top_pt), twips(layout.cell_padding_bottom_pt)
        return (
            '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/>'
            f'<w:tblW w:w="{self.text_width}" w:type="dxa"/><w:jc w:val="center"/>'
            f'<w:tblBorders>{_borders(layout)}</w:tblBorders><w:tblLayout w:type="fixed"/>'
            f'<w:tblCellMar><w:top w:w="{top}" w:type="dxa"/><w:left w:w="{side}" w:type="dxa"/>'
            f'<w:bottom w:w="{bottom}" w:type="dxa"/><w:right w:w="{side}" w:type="dxa"/></w:tblCellMar>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0"'
            ' w:noHBand="0" w:noVBand="1"/></w:tblPr>'
            "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{width}"/>' for width in self.widths) + "</w:tblGrid>"
        )

    def header_row(self, labels: tuple[str, ...]) -> str:
        # Repeated at the top of every page (tblHeader) and never split itself.
        repeat = "<w:tblHeader/>" if self.layout.repeat_header_row else ""
        cells = "".join(
            f"{start}{self.paragraphs(label, self.layout.header)}</w:tc>"
            for start, label in zip(self.header_cell_starts, labels)
        )
        return f"<w:tr><w:trPr><w:cantSplit/>{repeat}</w:trPr>{cells}</w:tr>"

    # --- the parts that depend on the layout ---

    def styles(self) -> str:
        """Defaults name the font for every script (no theme); each kind of text has a style."""
        layout = self.layout
        return "".join((
            _XML_DECLARATION,
            f"<w:styles {_W}><w:docDefaults><w:rPrDefault><w:rPr>{_fonts_xml(layout.font_name)}",
            _size_xml(layout.text.size_pt),
            f'<w:lang w:val="{layout.language}" w:eastAsia="{layout.language}" w:bidi="ar-SA"/>',
            "</w:rPr></w:rPrDefault>",
            f'<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="{round(240 * layout.line_spacing)}"'
            ' w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>',
            _STYLES,
            _header_style(self.text_width),
            "".join(_paragraph_style(style, layout)
                    for style in (layout.title, layout.header, layout.section, layout.text, layout.closing)),
            _table_grid_style(layout),
            "</w:styles>",
        ))

    def font_table(self) -> str:
        # Tells Word the font is a Cyrillic serif, for the substitute it picks if missing.
        return (
            f"{_XML_DECLARATION}<w:fonts {_W}><w:font w:name={quoteattr(clean_text(self.layout.font_name))}>"
            '<w:charset w:val="CC"/><w:family w:val="roman"/><w:pitch w:val="variable"/>'
            "</w:font></w:fonts>"
        )


def _text_width(layout: ReportLayout) -> int:
    return (mm_twips(layout.paper_mm[0]) - mm_twips(layout.margin_left_mm)
            - mm_twips(layout.margin_right_mm))


def _paragraph_style(style: TextStyle, layout: ReportLayout) -> str:
    """A paragraph style based on Normal with only what differs from it."""
    paragraph = []
    if style.keep_with_next:
        paragraph.append("<w:keepNext/>")
    if not style.hyphenate:
        paragraph.append("<w:suppressAutoHyphens/>")
    if style.space_after_pt:
        # No space between the lines of one title, the space after the last one only.
        paragraph.append(f'<w:spacing w:after="{twips(style.space_after_pt)}"/><w:contextualSpacing/>')
    if style.align != "left":
        paragraph.append(f'<w:jc w:val="{ {CENTER: "center", JUSTIFY: "both"}[style.align] }"/>')
    run = []
    if style.bold:
        run.append("<w:b/><w:bCs/>")
    if style.size_pt != layout.text.size_pt:
        run.append(_size_xml(style.size_pt))
    return (
        f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{style.style_id}">'
        f'<w:name w:val={quoteattr(style.name)}/><w:basedOn w:val="Normal"/><w:qFormat/>'
        + (f"<w:pPr>{''.join(paragraph)}</w:pPr>" if paragraph else "")
        + (f"<w:rPr>{''.join(run)}</w:rPr>" if run else "")
        + "</w:style>"
    )


def _fonts_xml(font_name: str) -> str:
    name = quoteattr(clean_text(font_name))
    return f"<w:rFonts w:ascii={name} w:hAnsi={name} w:eastAsia={name} w:cs={name}/>"


def _size_xml(points: float) -> str:
    half_points = round(points * 2)
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


def _borders(layout: ReportLayout) -> str:
    eighths = round(layout.border_pt * 8)  # w:sz is in eighths of a point
    return "".join(
        f'<w:{side} w:val="single" w:sz="{eighths}" w:space="0" w:color="auto"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )


def _core_properties(report: ReportHead) -> str:
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    title = _escape(" ".join(report.title_lines))
    author = _escape(report.author)
    return (
        f"{_XML_DECLARATION}<cp:coreProperties"
        ' xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{title}</dc:title><dc:subject>{_escape(report.quarter.label)}</dc:subject>"
        f"<dc:creator>{author}</dc:creator><cp:lastModifiedBy>{author}</cp:lastModifiedBy>"
        f"<dc:language>{report.layout.language}</dc:language><cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified>'
        "</cp:coreProperties>"
    )


def _settings(layout: ReportLayout) -> str:
    # Word 2013+ layout (compatibilityMode 15): a centred table sits exactly between margins.
    hyphenation = '<w:autoHyphenation/><w:hyphenationZone w:val="357"/>' if layout.hyphenation else ""
    return (
        f"{_XML_DECLARATION}<w:settings {_W}>"
        f'<w:zoom w:percent="100"/>{hyphenation}<w:defaultTabStop w:val="708"/>'
        '<w:characterSpacingControl w:val="doNotCompress"/>'
        '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word"'
        ' w:val="15"/></w:compat>'
        '<w:decimalSymbol w:val=","/><w:listSeparator w:val=";"/>'
        "</w:settings>"
    )


def _section_properties(layout: ReportLayout) -> str:
    """A4 landscape and the margins; titlePg gives the first page its own (empty) header."""
    header = mm_twips(layout.page_number_from_top_mm)
    first_page = "<w:titlePg/>" if layout.page_numbers_from == 2 else ""
    return (
        '<w:sectPr><w:headerReference w:type="default" r:id="rId4"/>'
        '<w:headerReference w:type="first" r:id="rId5"/>'
        f'<w:pgSz w:w="{mm_twips(layout.paper_mm[0])}" w:h="{mm_twips(layout.paper_mm[1])}" w:orient="landscape"/>'
        f'<w:pgMar w:top="{mm_twips(layout.margin_top_mm)}" w:right="{mm_twips(layout.margin_right_mm)}"'
        f' w:bottom="{mm_twips(layout.margin_bottom_mm)}" w:left="{mm_twips(layout.margin_left_mm)}"'
        f' w:header="{header}" w:footer="{header}" w:gutter="0"/>'
        f'<w:cols w:space="708"/>{first_page}<w:docGrid w:linePitch="360"/></w:sectPr>'
    )


def _header_style(text_width: int) -> str:
    return (
        '<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/>'
        '<w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:pPr><w:tabs>'
        f'<w:tab w:val="center" w:pos="{text_width // 2}"/><w:tab w:val="right" w:pos="{text_width}"/>'
        "</w:tabs></w:pPr></w:style>"
    )


def _table_grid_style(layout: ReportLayout) -> str:
    return (
        '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/>'
        '<w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/>'
        f"<w:tblPr><w:tblBorders>{_borders(layout)}</w:tblBorders></w:tblPr></w:style>"
    )


# --- the fixed parts --------------------------------------------------------------------

_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WORD_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml"

_CONTENT_TYPES = (
    f"{_XML_DECLARATION}"
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/word/document.xml" ContentType="{_WORD_TYPE}.document.main+xml"/>'
    f'<Override PartName="/word/styles.xml" ContentType="{_WORD_TYPE}.styles+xml"/>'
    f'<Override PartName="/word/settings.xml" ContentType="{_WORD_TYPE}.settings+xml"/>'
    f'<Override PartName="/word/fontTable.xml" ContentType="{_WORD_TYPE}.fontTable+xml"/>'
    f'<Override PartName="/word/header1.xml" ContentType="{_WORD_TYPE}.header+xml"/>'
    f'<Override PartName="/word/header2.xml" ContentType="{_WORD_TYPE}.header+xml"/>'
    '<Override PartName="/docProps/core.xml"'
    ' ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml"'
    ' ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)

_PACKAGE_RELS = (
    f"{_XML_DECLARATION}"
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_RELATIONSHIPS}/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
    'metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_RELATIONSHIPS}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)

_DOCUMENT_RELS = (
    f"{_XML_DECLARATION}"
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_RELATIONSHIPS}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId2" Type="{_RELATIONSHIPS}/settings" Target="settings.xml"/>'
    f'<Relationship Id="rId3" Type="{_RELATIONSHIPS}/fontTable" Target="fontTable.xml"/>'
    f'<Relationship Id="rId4" Type="{_RELATIONSHIPS}/header" Target="header1.xml"/>'
    f'<Relationship Id="rId5" Type="{_RELATIONSHIPS}/header" Target="header2.xml"/>'
    "</Relationships>"
)

_APP_PROPERTIES = (
    f"{_XML_DECLARATION}"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>smolevents</Application></Properties>"
)

_EMPTY_HEADER = (
    f'{_XML_DECLARATION}<w:hdr {_W}><w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr></w:p></w:hdr>'
)

# A centred PAGE field in the Header style (the Normal font and size).
_PAGE_NUMBER_HEADER = (
    f"{_XML_DECLARATION}<w:hdr {_W}><w:p>"
    '<w:pPr><w:pStyle w:val="Header"/><w:jc w:val="center"/></w:pPr>'
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    "<w:r><w:t>2</w:t></w:r>"
    '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    "</w:p></w:hdr>"
)

# The styles Word expects to find (its defaults for paragraphs, characters, tables,
# lists); the report's own styles and "Table Grid" follow them.
_STYLES = (
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
    "<w:qFormat/></w:style>"
    '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
    '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
    "<w:unhideWhenUsed/></w:style>"
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
    '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr>'
    '<w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
    '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
    "</w:tblCellMar></w:tblPr></w:style>"
    '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
    '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>'
)
