"""Word files for import tests: report layouts built with python-docx, and bad files.

`report_docx(path, …)` writes a report table the way clerks' documents vary: merged
or unmerged section rows, current or old header labels, the old number row, cell
lines as paragraphs or line breaks, numbers with or without a dot, the table split
in several, the closing as a last row or a paragraph after the table.
"""

from __future__ import annotations

import struct
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.enum.text import WD_BREAK

from smolevents.core.columns import COLUMNS, EVENT_COLUMNS

TITLE = (
    "Отчет о мероприятиях в международной сфере, проведенных исполнительными органами",
    "Смоленской области и подведомственными им учреждениями",
    "в II квартале 2023 года",
)
CURRENT_HEADER = tuple(column.label for column in COLUMNS)
# The 2011 edition: the short labels (the first of each column's old labels).
OLD_HEADER = tuple(column.old_labels[0] if column.old_labels else column.label for column in COLUMNS)
FIELDS = tuple(column.field for column in EVENT_COLUMNS)


def event(name: str, place: str = "г. Смоленск", dates: str = "25 мая\n2023 года",
          purpose: str = "Обсуждение сотрудничества",
          participants: str = "Общее количество участников – 10 человек") -> dict[str, str]:
    return {"name": name, "place": place, "dates": dates, "purpose": purpose,
            "participants": participants}


SAMPLE_SECTIONS = [
    ("Сотрудничество в сфере культуры", [
        event("Выставка «Смоленские мастера»", "г. Смоленск,\nОГБУК «Музей»", "14-17 июня\n2023 года"),
        event("Гастроли ансамбля", "г. Минск,\nРеспублика Беларусь", "апрель – май\n2023 года"),
    ]),
    ("Сотрудничество в сфере спорта", [
        event("Турнир по самбо", "г. Смоленск", "26 мая-16 июня\n2023 года"),
    ]),
]
SAMPLE_CLOSING = "В II квартале 2023 года состоялись 2 встречи с иностранными делегациями"


@dataclass
class Layout:
    title: tuple[str, ...] = TITLE
    header: tuple[str, ...] = CURRENT_HEADER
    number_row: bool = False  # the old edition's "1 2 3 4 5 6" under the header
    sections: list = field(default_factory=lambda: SAMPLE_SECTIONS)
    section_rows: str = "merged"  # "merged", "first_cell" (unmerged), "repeated" (text in every cell)
    line_breaks: bool = False  # cell lines as <w:br/> in one paragraph instead of paragraphs
    number_format: str = "{}."  # "{}" for numbers without a dot
    numbers: list[int] | None = None  # as printed, when not 1, 2, 3…
    split_after: tuple[int, ...] = ()  # start a new table after these events
    repeat_header: bool = True  # type the header again in each new table
    closing: str = SAMPLE_CLOSING
    closing_as: str = "row"  # "row" (last full-width row) or "paragraph" after the table
    trailing_blank_paragraphs: bool = False  # cells ending in empty / NBSP-only paragraphs


def report_docx(path: Path, layout: Layout | None = None) -> Path:
    layout = layout or Layout()
    document = docx.Document()
    for line in layout.title:
        document.add_paragraph(line)
    table = _new_table(document, layout)
    number = 0
    for title, events in layout.sections:
        _section_row(table, title, layout.section_rows)
        for values in events:
            number += 1
            printed = layout.numbers[number - 1] if layout.numbers else number
            row = table.add_row()
            _write(row.cells[0], layout.number_format.format(printed), layout)
            for cell, name in zip(row.cells[1:], FIELDS):
                _write(cell, values[name], layout)
            if number in layout.split_after:
                document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
                table = _new_table(document, layout, with_header=layout.repeat_header)
    if layout.closing and layout.closing_as == "row":
        _section_row(table, layout.closing, "merged")
    elif layout.closing:
        document.add_paragraph(layout.closing)
    document.save(path)
    return path


def _new_table(document, layout: Layout, with_header: bool = True):
    table = document.add_table(rows=1 if with_header else 0, cols=len(layout.header))
    if not with_header:
        return table
    for cell, label in zip(table.rows[0].cells, layout.header):
        cell.text = label
    if layout.number_row:
        for index, cell in enumerate(table.add_row().cells, start=1):
            cell.text = str(index)
    return table


def _section_row(table, title: str, style: str) -> None:
    cells = table.add_row().cells
    if style == "merged":
        cells[0].merge(cells[-1]).text = title
    elif style == "first_cell":
        cells[0].text = title
    elif style == "repeated":
        for cell in cells:
            cell.text = title
    else:
        raise ValueError(style)


def _write(cell, text: str, layout: Layout) -> None:
    lines = text.split("\n")
    if layout.line_breaks:
        paragraph = cell.paragraphs[0]
        for index, line in enumerate(lines):
            run = paragraph.add_run(line)
            if index < len(lines) - 1:
                run.add_break()
    else:
        cell.paragraphs[0].add_run(lines[0])
        for line in lines[1:]:
            cell.add_paragraph(line)
    if layout.trailing_blank_paragraphs:
        cell.add_paragraph("\u00a0")
        cell.add_paragraph("")


# --- bad files ------------------------------------------------------------------------


def ole_file(path: Path, streams: tuple[str, ...]) -> Path:
    """A minimal, well-formed OLE2 compound file holding empty streams with these names.

    Old .doc files hold a "WordDocument" stream; password-protected .docx files are
    OLE2 files with "EncryptionInfo" and "EncryptedPackage".
    """
    end_of_chain, free, fat_sector = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)  # version, byte order, sector sizes
    struct.pack_into("<IIIIIIIII", header, 40, 0, 1, 1, 0, 4096, end_of_chain, 0, end_of_chain, 0)
    struct.pack_into("<I", header, 76, 0)  # the FAT is sector 0
    for index in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * index, free)
    fat = struct.pack("<II", fat_sector, end_of_chain) + struct.pack("<I", free) * 126
    entries = [("Root Entry", 5)] + [(name, 2) for name in streams]
    directory = bytearray()
    for index, (name, kind) in enumerate(entries):
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        entry = bytearray(128)
        entry[0:len(encoded)] = encoded
        sibling = index + 1 if 0 < index < len(entries) - 1 else free
        child = 1 if index == 0 and len(entries) > 1 else free
        struct.pack_into("<HBBIII", entry, 64, len(encoded), kind, 1, free, sibling, child)
        struct.pack_into("<I", entry, 116, end_of_chain)
        directory += entry
    directory += b"\x00" * (-len(directory) % 512)
    path.write_bytes(bytes(header) + fat + bytes(directory))
    return path


def zip_with(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def replace_part(source: Path, target: Path, part: str, data: bytes) -> Path:
    """A copy of a .docx with one part's content replaced."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in original.infolist():
            copy.writestr(info.filename, data if info.filename == part else original.read(info))
    return target


def zeros_bomb(path: Path, megabytes: int = 100) -> Path:
    """A docx-looking zip whose one part inflates to `megabytes` of zeros (~100 KB on disk)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b"\x00" * (1024 * 1024)
            for _ in range(megabytes):
                part.write(chunk)
    return path


def declare_huge_size(source: Path, target: Path, part: str, size: int = 3 * 1024 ** 3) -> Path:
    """A copy whose central directory claims `part` inflates to `size` bytes (a lying zip)."""
    data = bytearray(source.read_bytes())
    encoded = part.encode()
    with zipfile.ZipFile(source) as archive:
        info = archive.getinfo(part)
    # Central directory header: signature, then uncompressed size at offset 24, name at 46.
    start = 0
    while True:
        start = data.index(b"PK\x01\x02", start)
        name_length = struct.unpack_from("<H", data, start + 28)[0]
        if bytes(data[start + 46:start + 46 + name_length]) == encoded:
            assert struct.unpack_from("<I", data, start + 24)[0] == info.file_size
            struct.pack_into("<I", data, start + 24, min(size, 0xFFFFFFFE))
            break
        start += 4
    target.write_bytes(bytes(data))
    return target
