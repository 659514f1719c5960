"""The quarterly report as a Word file, ready to print without retouching.

Renders `report.ReportDocument` (the one structure the print preview renders too):
A4 landscape, the three title lines, one table whose header row repeats on every
page, full-width bold section rows kept with the event below, numbered events and
the closing paragraph as a last full-width row, as the real report has it.

The file is written here part by part as XML text, not through python-docx:
- python-docx's `row.cells`, `Table.cell()` and `merge()` recompute the whole table
  grid on every call (its issues 174, 703, 830), and even building the rows as lxml
  elements leaves the fixed cost of its template (a 440 KB styles part parsed and
  written again on every save) — see benchmarks/export.py;
- its template takes fonts from a theme (Calibri/Cambria, which Word then uses for
  Cyrillic although a run names Times New Roman) and carries a US Letter page, a
  Word 2010 copy of the styles and a preview picture of another document. Here every
  part says only what the report needs: nothing is left over to look wrong in Word.
python-docx reads these files back in the tests and the self-test.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import quoteattr

from smolevents.core.domain import Quarter
from smolevents.core.periods import Period
from smolevents.core.errors import UserError
from smolevents.core.report.model import ReportDocument, SectionRow, build_report
from smolevents.core.safe_write import write_atomically
from smolevents.core.store import Store
from smolevents.core.validation import QuarterCheck

# Page geometry in twips (1/20 pt, 1 mm = 56.7 twips). A4 landscape, margins of
# GOST R 7.0.97-2016: at least 20 mm left, 10 mm right, 20 mm top and bottom.
PAGE_WIDTH, PAGE_HEIGHT = 16838, 11906
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 1134, 567, 1134, 1134
HEADER_DISTANCE = 709  # 12.5 mm: the page number sits above the 20 mm top margin
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT  # 15 137

# The real report's proportions (fixture: 737, 2835, 2381, 1701, 3685, 3231) widened to
# the text width; "№" fits "999." on one line, dates fit "26 мая-16 июня" on one.
COLUMN_WIDTHS = (794, 2948, 2438, 1871, 3799, 3287)
assert sum(COLUMN_WIDTHS) == TEXT_WIDTH

# Characters XML 1.0 cannot carry (controls other than tab and line breaks, lone
# surrogates, U+FFFE/U+FFFF): one of them would make Word refuse the whole file.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


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
                   force: bool = False) -> ReportDocument:
    """Build the quarter's report and write it to `path`; errors refuse unless `force`."""
    return export_period(store, Period.of_quarter(quarter), path, force=force)


def export_period(store: Store, period: Period, path: str | Path, *,
                  force: bool = False) -> ReportDocument:
    """Build the period's report and write it to `path`; errors refuse unless `force`.

    Returns the report so the caller can show its warnings (and errors, when forced).
    """
    report = build_report(store, period)
    if not report.event_rows:
        what = "год и квартал" if period.is_quarter else "год и период"
        raise EmptyQuarterError(
            f"Отчет не выгружен: {period.phrase} нет ни одного мероприятия. Проверьте {what}."
        )
    errors = report.check.errors
    if errors and not force:
        raise ExportBlockedError(QuarterCheck(errors).lines())
    write_report_docx(report, path)
    return report


def write_report_docx(report: ReportDocument, path: str | Path) -> Path:
    """Write the report whole or not at all (see `safe_write`)."""
    content = render_docx(report)
    return write_atomically(path, lambda temporary: temporary.write_bytes(content))


def render_docx(report: ReportDocument) -> bytes:
    """The .docx file's bytes."""
    writer = _Writer(report)
    parts = {
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": _PACKAGE_RELS,
        "docProps/core.xml": _core_properties(report),
        "docProps/app.xml": _APP_PROPERTIES,
        "word/document.xml": writer.document(report),
        "word/_rels/document.xml.rels": _DOCUMENT_RELS,
        "word/styles.xml": writer.styles(),
        "word/settings.xml": _SETTINGS,
        "word/fontTable.xml": writer.font_table(),
        "word/header1.xml": writer.page_number_header(),
        "word/header2.xml": _EMPTY_HEADER,
    }
    buffer = io.BytesIO()
    stamp = datetime.datetime.now().timetuple()[:6]
    with zipfile.ZipFile(buffer, "w") as package:
        for name, text in parts.items():
            entry = zipfile.ZipInfo(name, stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16  # ordinary file permissions when unzipped
            package.writestr(entry, text.encode("utf-8"))
    return buffer.getvalue()


def clean_text(text: str) -> str:
    """Text as stored, minus what XML forbids; every line break becomes "\\n"."""
    return _NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _escape(text: str) -> str:
    return clean_text(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --- the body: title and table ---------------------------------------------------------

class _Writer:
    """XML pieces fixed for one report (font, sizes), joined row by row."""

    def __init__(self, report: ReportDocument):
        self.fonts = _fonts_xml(report.font_name)
        self.size = _size_xml(report.font_size)
        self.font_name = report.font_name
        fonts, size = self.fonts, self.size
        self.plain_run = f'<w:r><w:rPr>{fonts}{size}</w:rPr><w:t xml:space="preserve">'
        self.bold_run = f'<w:r><w:rPr>{fonts}<w:b/><w:bCs/>{size}</w:rPr><w:t xml:space="preserve">'
        self.title_run = (
            f"<w:r><w:rPr>{fonts}<w:b/><w:bCs/>{_size_xml(report.title_font_size)}</w:rPr>"
            '<w:t xml:space="preserve">'
        )
        self.tab = '</w:t><w:tab/><w:t xml:space="preserve">'
        self.cell_starts = [
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>' for width in COLUMN_WIDTHS
        ]
        self.header_cell_starts = [
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
            for width in COLUMN_WIDTHS
        ]
        self.wide_cell_start = (
            f'<w:tc><w:tcPr><w:tcW w:w="{TEXT_WIDTH}" w:type="dxa"/><w:gridSpan w:val="6"/></w:tcPr>'
        )

    def paragraphs(self, text: str, paragraph_properties: str, run: str) -> str:
        """One paragraph per line (Word's own line breaks would not survive editing)."""
        parts = []
        for line in _escape(text).split("\n"):
            if not line:
                parts.append(f"<w:p>{paragraph_properties}</w:p>")
                continue
            if "\t" in line:
                line = line.replace("\t", self.tab)
            parts.append(f"<w:p>{paragraph_properties}{run}{line}</w:t></w:r></w:p>")
        return "".join(parts)

    def document(self, report: ReportDocument) -> str:
        return "".join((
            _XML_DECLARATION,
            f"<w:document {_W} {_R}><w:body>",
            self.title(report.title_lines),
            self.table(report),
            _SECTION_PROPERTIES,
            "</w:body></w:document>",
        ))

    def title(self, lines: list[str]) -> str:
        """The centred title lines, kept with the table, a blank line's space below."""
        parts = []
        for index, line in enumerate(lines):
            space = '<w:spacing w:after="240"/>' if index == len(lines) - 1 else ""
            parts.append(self.paragraphs(
                line, f'<w:pPr><w:keepNext/>{space}<w:jc w:val="center"/></w:pPr>', self.title_run,
            ))
        return "".join(parts)

    def table(self, report: ReportDocument) -> str:
        parts = [_TABLE_START, self.header_row(report.header)]
        section_paragraph = '<w:pPr><w:keepNext/><w:jc w:val="center"/></w:pPr>'
        plain_run, bold_run, cell_starts = self.plain_run, self.bold_run, self.cell_starts
        paragraphs = self.paragraphs
        for row in report.rows:
            if isinstance(row, SectionRow):
                # Never split, and kept with the event below (keepNext on its paragraphs).
                parts.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
                parts.append(self.wide_cell_start)
                parts.append(paragraphs(row.title, section_paragraph, bold_run))
                parts.append("</w:tc></w:tr>")
            else:
                parts.append("<w:tr>")
                for start, text in zip(cell_starts, row.cells):
                    parts.append(start)
                    parts.append(paragraphs(text, "", plain_run))
                    parts.append("</w:tc>")
                parts.append("</w:tr>")
        if report.closing.strip():
            # As in the real report: the closing paragraph is a last row across the table.
            parts.append("<w:tr>")
            parts.append(self.wide_cell_start)
            parts.append(paragraphs(report.closing, "", plain_run))
            parts.append("</w:tc></w:tr>")
        parts.append("</w:tbl>")
        return "".join(parts)

    def header_row(self, labels: tuple[str, ...]) -> str:
        # Repeated at the top of every page (tblHeader) and never split itself.
        centred = '<w:pPr><w:jc w:val="center"/></w:pPr>'
        cells = "".join(
            f"{start}{self.paragraphs(label, centred, self.bold_run)}</w:tc>"
            for start, label in zip(self.header_cell_starts, labels)
        )
        return f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{cells}</w:tr>"

    # --- the parts that depend on the font ---

    def styles(self) -> str:
        """Document defaults name the font for every script; no theme is referred to."""
        return "".join((
            _XML_DECLARATION,
            f"<w:styles {_W}><w:docDefaults><w:rPrDefault><w:rPr>{self.fonts}{self.size}",
            '<w:lang w:val="ru-RU" w:eastAsia="ru-RU" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>',
            '<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>',
            "</w:pPr></w:pPrDefault></w:docDefaults>",
            _STYLES,
            "</w:styles>",
        ))

    def font_table(self) -> str:
        # Tells Word the font is a Cyrillic serif, for the substitute it picks if missing.
        return (
            f"{_XML_DECLARATION}<w:fonts {_W}><w:font w:name={quoteattr(clean_text(self.font_name))}>"
            '<w:charset w:val="CC"/><w:family w:val="roman"/><w:pitch w:val="variable"/>'
            "</w:font></w:fonts>"
        )

    def page_number_header(self) -> str:
        """A centred PAGE field; the first page has the other, empty header."""
        run = f"<w:r><w:rPr>{self.fonts}{self.size}</w:rPr>"
        return (
            f"{_XML_DECLARATION}<w:hdr {_W}><w:p>"
            '<w:pPr><w:pStyle w:val="Header"/><w:jc w:val="center"/></w:pPr>'
            f'{run}<w:fldChar w:fldCharType="begin"/></w:r>'
            f'{run}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
            f'{run}<w:fldChar w:fldCharType="separate"/></w:r>'
            f"{run}<w:t>2</w:t></w:r>"
            f'{run}<w:fldChar w:fldCharType="end"/></w:r>'
            "</w:p></w:hdr>"
        )


def _fonts_xml(font_name: str) -> str:
    name = quoteattr(clean_text(font_name))
    return f"<w:rFonts w:ascii={name} w:hAnsi={name} w:eastAsia={name} w:cs={name}/>"


def _size_xml(points: float) -> str:
    half_points = round(points * 2)
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


def _core_properties(report: ReportDocument) -> str:
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    title = _escape(" ".join(report.title_lines))
    return (
        f"{_XML_DECLARATION}<cp:coreProperties"
        ' xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{title}</dc:title><dc:subject>{_escape(report.quarter.label)}</dc:subject>"
        "<dc:creator>smolevents</dc:creator><cp:lastModifiedBy>smolevents</cp:lastModifiedBy>"
        "<cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified>'
        "</cp:coreProperties>"
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

# Word 2013+ layout (compatibilityMode 15): a centred table sits exactly between margins.
_SETTINGS = (
    f"{_XML_DECLARATION}<w:settings {_W}>"
    '<w:zoom w:percent="100"/><w:defaultTabStop w:val="708"/>'
    '<w:characterSpacingControl w:val="doNotCompress"/>'
    '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word"'
    ' w:val="15"/></w:compat>'
    '<w:decimalSymbol w:val=","/><w:listSeparator w:val=";"/>'
    "</w:settings>"
)

_EMPTY_HEADER = (
    f'{_XML_DECLARATION}<w:hdr {_W}><w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr></w:p></w:hdr>'
)

# Page numbers from page 2: titlePg gives the first page its own (empty) header.
_SECTION_PROPERTIES = (
    '<w:sectPr><w:headerReference w:type="default" r:id="rId4"/>'
    '<w:headerReference w:type="first" r:id="rId5"/>'
    f'<w:pgSz w:w="{PAGE_WIDTH}" w:h="{PAGE_HEIGHT}" w:orient="landscape"/>'
    f'<w:pgMar w:top="{MARGIN_TOP}" w:right="{MARGIN_RIGHT}" w:bottom="{MARGIN_BOTTOM}"'
    f' w:left="{MARGIN_LEFT}" w:header="{HEADER_DISTANCE}" w:footer="{HEADER_DISTANCE}" w:gutter="0"/>'
    '<w:cols w:space="708"/><w:titlePg/><w:docGrid w:linePitch="360"/></w:sectPr>'
)

_BORDERS = "".join(
    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
    for side in ("top", "left", "bottom", "right", "insideH", "insideV")
)

# Fixed layout with the widths on the grid (LibreOffice reads w:gridCol) and on every
# cell (Word reads w:tcW), so both draw the same columns.
_TABLE_START = (
    '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/>'
    f'<w:tblW w:w="{TEXT_WIDTH}" w:type="dxa"/><w:jc w:val="center"/>'
    f'<w:tblBorders>{_BORDERS}</w:tblBorders><w:tblLayout w:type="fixed"/>'
    '<w:tblCellMar><w:left w:w="108" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar>'
    '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0"'
    ' w:noHBand="0" w:noVBand="1"/></w:tblPr>'
    "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{width}"/>' for width in COLUMN_WIDTHS) + "</w:tblGrid>"
)

# The styles Word expects to find (its defaults for paragraphs, characters, tables,
# lists), the header style and "Table Grid", which the table names.
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
    '<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/>'
    '<w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:pPr><w:tabs>'
    f'<w:tab w:val="center" w:pos="{TEXT_WIDTH // 2}"/><w:tab w:val="right" w:pos="{TEXT_WIDTH}"/>'
    "</w:tabs></w:pPr></w:style>"
    '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/>'
    '<w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/>'
    f"<w:tblPr><w:tblBorders>{_BORDERS}</w:tblBorders></w:tblPr></w:style>"
)
