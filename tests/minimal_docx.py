"""A report .docx written as raw XML: fast enough for floods (thousands of sections) and fuzzing.

Only the parts Word needs to open the file: content types, the package relationship
and the main document with the title, one table (header, section rows spanning the
table, event rows) and the closing paragraph.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from smolevents.core.columns import COLUMNS

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
HEADER = tuple(column.label for column in COLUMNS)
TITLE = (
    "Отчет о мероприятиях в международной сфере, проведенных исполнительными органами",
    "Смоленской области и подведомственными им учреждениями",
    "в II квартале 2023 года",
)
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def _paragraphs(text: str) -> str:
    return "".join(f'<w:p><w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>'
                   for line in text.split("\n")) or "<w:p/>"


def _cell(text: str, span: int = 1) -> str:
    grid = f'<w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>' if span > 1 else ""
    return f"<w:tc>{grid}{_paragraphs(text)}</w:tc>"


def _row(cells: list[str]) -> str:
    return "<w:tr>" + "".join(cells) + "</w:tr>"


def document_xml(sections: list[tuple[str, list[dict[str, str]]]], *, title: tuple[str, ...] = TITLE,
                 closing: str = "") -> str:
    rows = [_row([_cell(label) for label in HEADER])]
    number = 0
    for section_title, events in sections:
        rows.append(_row([_cell(section_title, span=len(HEADER))]))
        for event in events:
            number += 1
            rows.append(_row([_cell(f"{number}.")] + [
                _cell(event[name]) for name in ("name", "place", "dates", "purpose", "participants")]))
    body = "".join(_paragraphs(line) for line in title)
    body += "<w:tbl>" + "".join(rows) + "</w:tbl>"
    if closing:
        body += _paragraphs(closing)
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:document xmlns:w="{W}"><w:body>{body}<w:sectPr/></w:body></w:document>')


def write_docx(path: Path, sections, *, title: tuple[str, ...] = TITLE, closing: str = "",
               parts: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr("word/document.xml", document_xml(sections, title=title, closing=closing))
        for name, data in (parts or {}).items():
            archive.writestr(name, data)
    return path


def event(name: str, *, place: str = "г. Смоленск", dates: str = "25 мая 2023 года",
          purpose: str = "Обсуждение сотрудничества", participants: str = "10 человек") -> dict[str, str]:
    return {"name": name, "place": place, "dates": dates, "purpose": purpose, "participants": participants}
