"""The report as a Word file: what the clerk prints must be the real report."""

from __future__ import annotations

import os
import shutil
import zipfile

import docx
import pytest
from lxml import etree

from smolevents.core.columns import HEADER_LABELS
from smolevents.core.dates import EventDates
from smolevents.core.report.docx_writer import (
    EmptyQuarterError,
    ExportBlockedError,
    export_quarter,
    write_report_docx,
)
from smolevents.core.domain import Quarter
from smolevents.core.errors import FileBusyError
from smolevents.core.report.model import build_report
from tests.real_report import QUARTER, REPORT_DOCX, squash

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
NS = {"w": W[1:-1]}


def distinct_cells(row) -> list:
    """A row's cells, a merged cell once (python-docx repeats it per grid column)."""
    cells, seen = [], set()
    for cell in row.cells:
        if cell._tc not in seen:
            seen.add(cell._tc)
            cells.append(cell)
    return cells


def table_texts(path) -> list[list[str]]:
    return [[cell.text for cell in distinct_cells(row)] for row in docx.Document(str(path)).tables[0].rows]


def part_xml(path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(name))


@pytest.fixture
def exported(real_store, tmp_path):
    path = tmp_path / QUARTER.default_file_name()
    export_quarter(real_store, QUARTER, path)
    return path


# --- the real report, read back ---------------------------------------------------------

def test_real_report_reads_back_title_header_sections_numbers_cells_closing(
        exported, real_store, real_report):
    document = docx.Document(str(exported))
    assert [paragraph.text for paragraph in document.paragraphs] == real_report.title_lines
    assert len(document.tables) == 1
    rows = table_texts(exported)
    assert rows[0] == list(HEADER_LABELS)
    assert [squash(label) for label in real_report.header] == rows[0]

    expected: list[list[str]] = []
    number = 0
    for title, events in real_report.sections:
        expected.append([title])
        for event in events:
            number += 1
            expected.append([f"{number}.", event["name"], event["place"], event["dates"],
                             event["purpose"], event["participants"]])
    expected.append([real_report.closing])
    body = rows[1:]
    assert [len(row) for row in body] == [len(row) for row in expected]
    for got, want in zip(body, expected):
        got, want = [squash(text) for text in got], [squash(text) for text in want]
        if len(want) == 6:  # dates in the report's one wording: "26 мая-16 июня", not "26 мая- 16 июня"
            want[3] = want[3].replace("- ", "-")
        assert got == want
    assert [row[0] for row in body if len(row) == 6] == [f"{n}." for n in range(1, 48)]
    assert body[-1] == [real_report.closing]

    # Exactly as stored, line breaks included; the dates as the report formats them.
    stored = real_store.events(QUARTER)
    event_rows = [row for row in body if len(row) == 6]
    for row, event in zip(event_rows, stored, strict=True):
        assert row[1:] == [event.name, event.place, event.dates.printed(), event.purpose,
                           event.participants]


def test_exported_cells_equal_the_fixture_cells(exported, tmp_path):
    fixture = shutil.copy(REPORT_DOCX, tmp_path / "fixture.docx")  # never opened in place

    def bare(text: str) -> str:
        # The fixture breaks "26 мая-" / "16 июня 2023 года" over lines; the export writes
        # the dates in one line, so white space is left out, not folded.
        return "".join(text.split())

    ours = [[bare(text) for text in row] for row in table_texts(exported)]
    theirs = [[bare(text) for text in row] for row in table_texts(fixture)]
    assert len(ours) == len(theirs) == 1 + 8 + 47 + 1
    assert ours == theirs


def test_multi_line_cells_are_separate_paragraphs(exported, real_store):
    table = docx.Document(str(exported)).tables[0]
    place_cells = [distinct_cells(row)[2] for row in table.rows[1:] if len(distinct_cells(row)) == 6]
    last = place_cells[-1]  # № 47: "г. Смоленск," / "здание Дома Советов"
    assert [squash(paragraph.text) for paragraph in last.paragraphs] == ["г. Смоленск,", "здание Дома Советов"]
    stored = real_store.events(QUARTER)
    multi_line = 0
    for cell, event in zip(place_cells, stored, strict=True):
        assert [paragraph.text for paragraph in cell.paragraphs] == event.place.split("\n")
        multi_line += "\n" in event.place
    assert multi_line >= 10


# --- layout facts in the XML ------------------------------------------------------------

def test_page_is_a4_landscape_with_gost_margins(exported):
    section = part_xml(exported, "word/document.xml").find(f"{W}body/{W}sectPr")
    size = section.find(f"{W}pgSz")
    assert (size.get(f"{W}w"), size.get(f"{W}h"), size.get(f"{W}orient")) == ("16838", "11906", "landscape")
    margins = section.find(f"{W}pgMar")
    assert int(margins.get(f"{W}left")) >= 1134  # 20 mm
    assert int(margins.get(f"{W}right")) >= 567  # 10 mm
    assert int(margins.get(f"{W}top")) >= 1134 and int(margins.get(f"{W}bottom")) >= 1134
    document = docx.Document(str(exported))
    page = document.sections[0]
    assert (round(page.page_width.mm), round(page.page_height.mm)) == (297, 210)


def test_page_numbers_centred_at_the_top_from_page_two(exported):
    section = part_xml(exported, "word/document.xml").find(f"{W}body/{W}sectPr")
    assert section.find(f"{W}titlePg") is not None  # the first page has its own header
    rels = part_xml(exported, "word/_rels/document.xml.rels")
    targets = {rel.get("Id"): rel.get("Target") for rel in rels}
    headers = {ref.get(f"{W}type"): "word/" + targets[ref.get(f"{R}id")]
               for ref in section.findall(f"{W}headerReference")}
    default = part_xml(exported, headers["default"])
    assert [text.text.strip() for text in default.iter(f"{W}instrText")] == ["PAGE"]
    assert default.find(f"{W}p/{W}pPr/{W}jc").get(f"{W}val") == "center"
    first = part_xml(exported, headers["first"])
    assert list(first.iter(f"{W}instrText")) == [] and "".join(first.itertext()) == ""


def test_table_grid_widths_header_repeat_and_section_rows(exported):
    table = part_xml(exported, "word/document.xml").find(f"{W}body/{W}tbl")
    grid = [int(column.get(f"{W}w")) for column in table.findall(f"{W}tblGrid/{W}gridCol")]
    assert len(grid) == 6 and sum(grid) <= 16838 - 1134 - 567
    assert table.find(f"{W}tblPr/{W}tblLayout").get(f"{W}type") == "fixed"
    rows = table.findall(f"{W}tr")
    assert [row.find(f"{W}trPr/{W}tblHeader") is not None for row in rows].count(True) == 1
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None

    section_rows = 0
    for row in rows:
        cells = row.findall(f"{W}tc")
        widths = [int(cell.find(f"{W}tcPr/{W}tcW").get(f"{W}w")) for cell in cells]
        if len(cells) == 6:
            assert widths == grid  # every cell carries its width too
            continue
        assert len(cells) == 1 and cells[0].find(f"{W}tcPr/{W}gridSpan").get(f"{W}val") == "6"
        assert widths == [sum(grid)]
        paragraphs = cells[0].findall(f"{W}p")
        if row is rows[-1]:
            continue  # the closing paragraph: full width, plain
        section_rows += 1
        assert row.find(f"{W}trPr/{W}cantSplit") is not None
        for paragraph in paragraphs:
            assert paragraph.find(f"{W}pPr/{W}keepNext") is not None
            assert paragraph.find(f"{W}pPr/{W}jc").get(f"{W}val") == "center"
            assert all(run.find(f"{W}rPr/{W}b") is not None for run in paragraph.findall(f"{W}r"))
    assert section_rows == 8


def test_every_run_and_the_defaults_name_the_font_for_every_script(exported):
    document = part_xml(exported, "word/document.xml")
    runs = list(document.iter(f"{W}r"))
    assert len(runs) > 47 * 5
    for run in runs:
        fonts = run.find(f"{W}rPr/{W}rFonts")
        assert {fonts.get(f"{W}{name}") for name in ("ascii", "hAnsi", "eastAsia", "cs")} == {"Times New Roman"}
    table_sizes = {run.find(f"{W}rPr/{W}sz").get(f"{W}val") for run in document.find(f"{W}body/{W}tbl").iter(f"{W}r")}
    assert table_sizes == {"24"}
    for paragraph in document.findall(f"{W}body/{W}p"):  # the title: bold 14 pt, centred
        assert paragraph.find(f"{W}pPr/{W}jc").get(f"{W}val") == "center"
        for run in paragraph.findall(f"{W}r"):
            assert run.find(f"{W}rPr/{W}b") is not None and run.find(f"{W}rPr/{W}sz").get(f"{W}val") == "28"
    defaults = part_xml(exported, "word/styles.xml").find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert {defaults.get(f"{W}{name}") for name in ("ascii", "hAnsi", "eastAsia", "cs")} == {"Times New Roman"}


def test_no_theme_font_left_anywhere(exported):
    with zipfile.ZipFile(exported) as package:
        names = package.namelist()
        assert not [name for name in names if "theme" in name.lower() or "stylesWithEffects" in name]
        for name in names:
            if name.endswith(".xml") or name.endswith(".rels"):
                for element in etree.fromstring(package.read(name)).iter():
                    themed = [key for key in element.attrib if "theme" in key.lower()]
                    assert not themed, (name, element.tag, themed)


def test_font_and_sizes_are_the_database_settings(store, tmp_path):
    store.set_setting("font_name", "PT Astra Serif")
    store.set_setting("font_size", "11")
    store.set_setting("title_font_size", "16")
    store.add_event(QUARTER, store.sections()[0].id, name="Форум", place="г. Смоленск",
                    dates=EventDates.parse("25 мая 2023 года"), purpose="Цель", participants="10 человек")
    path = tmp_path / "report.docx"
    export_quarter(store, QUARTER, path)
    document = part_xml(path, "word/document.xml")
    fonts = {run.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") for run in document.iter(f"{W}r")}
    assert fonts == {"PT Astra Serif"}
    assert {run.find(f"{W}rPr/{W}sz").get(f"{W}val") for run in document.find(f"{W}body/{W}tbl").iter(f"{W}r")} == {"22"}
    assert {run.find(f"{W}rPr/{W}sz").get(f"{W}val") for run in document.findall(f"{W}body/{W}p/{W}r")} == {"32"}
    styles = part_xml(path, "word/styles.xml")
    assert styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts").get(f"{W}cs") == "PT Astra Serif"


# --- text exactly as stored -------------------------------------------------------------

def test_text_is_written_exactly_as_stored(store, tmp_path):
    name = "«Кавычки» – тире\u00a0пробел,  два пробела, <теги> & \"амперсанд\""
    place = "г. Смоленск,\nСОГБУК «Смоленская областная универсальная научная библиотека»"
    purpose = "Первая строка\n\nпосле пустой строки\tи табуляция"
    store.add_event(QUARTER, store.sections()[0].id, name=name, place=place,
                    dates=EventDates.parse("весна 2023 года"), purpose=purpose, participants="]]> 5 человек")
    path = tmp_path / "report.docx"
    export_quarter(store, QUARTER, path)
    row = table_texts(path)[2]
    assert row == ["1.", name, place, "весна 2023 года", purpose, "]]> 5 человек"]
    cell = distinct_cells(docx.Document(str(path)).tables[0].rows[2])[4]
    assert [paragraph.text for paragraph in cell.paragraphs] == [
        "Первая строка", "", "после пустой строки\tи табуляция"]


def test_characters_xml_forbids_are_dropped_and_the_file_stays_valid(store, tmp_path):
    store.add_event(QUARTER, store.sections()[0].id, name="Фо\x00рум\x0b в\x1f Минске\ufffe",
                    place="г. Минск\x08", dates=EventDates.parse("25 мая 2023 года"),
                    purpose="Цель\x0c", participants="3 человека")
    path = tmp_path / "report.docx"
    export_quarter(store, QUARTER, path)
    with zipfile.ZipFile(path) as package:
        for part in package.namelist():
            if part.endswith(".xml"):
                etree.fromstring(package.read(part))  # every part is well-formed XML
    assert table_texts(path)[2][:3] == ["1.", "Форум в Минске", "г. Минск"]


def test_empty_sections_are_left_out_and_numbering_runs_across_sections(store, tmp_path):
    sport = store.section_by_title("Сотрудничество в сфере спорта")
    culture = store.section_by_title("Сотрудничество в сфере культуры")
    full = dict(place="г. Смоленск", dates=EventDates.parse("июнь 2023 года"), purpose="Цель",
                participants="Участники")
    store.add_event(QUARTER, sport.id, name="Турнир", **full)
    store.add_event(QUARTER, culture.id, name="Выставка", **full)
    store.add_event(QUARTER, culture.id, name="Концерт", **full)
    path = tmp_path / "report.docx"
    export_quarter(store, QUARTER, path)
    shape = [row[:2] for row in table_texts(path)[1:]]
    assert shape == [[culture.title], ["1.", "Выставка"], ["2.", "Концерт"], [sport.title], ["3.", "Турнир"]]
    # No closing paragraph typed: no empty row for it.


# --- refusals -------------------------------------------------------------------------

def test_errors_block_the_export_unless_forced(store, tmp_path):
    section = store.sections()[0]
    store.add_event(QUARTER, section.id, name="Форум", place="г. Смоленск",
                    dates=EventDates.parse("25 мая 2023 года"), purpose="Цель", participants="")
    store.add_event(QUARTER, section.id, name="", place="г. Минск",
                    dates=EventDates.parse("26 мая 2023 года"), purpose="Цель", participants="5 человек")
    path = tmp_path / "report.docx"
    with pytest.raises(ExportBlockedError) as blocked:
        export_quarter(store, QUARTER, path)
    assert blocked.value.lines == ["№ 1: Не заполнено поле «Участники».",
                                   "№ 2: Не заполнено поле «Наименование мероприятия»."]
    assert str(blocked.value).startswith("Отчет не выгружен: ошибок 2.")
    assert "№ 2: Не заполнено поле «Наименование мероприятия»." in str(blocked.value)
    assert not path.exists() and os.listdir(tmp_path) == []

    report = export_quarter(store, QUARTER, path, force=True)
    assert len(report.check.errors) == 2
    assert [row[:2] for row in table_texts(path)[2:]] == [["1.", "Форум"], ["2.", ""]]


def test_an_empty_quarter_is_refused(store, tmp_path):
    path = tmp_path / "report.docx"
    with pytest.raises(EmptyQuarterError, match="в III квартале 2023 года нет ни одного мероприятия"):
        export_quarter(store, Quarter(2023, 3), path)
    assert os.listdir(tmp_path) == []


# --- safe writing ------------------------------------------------------------------

def test_a_report_open_in_word_keeps_the_old_file_and_no_temporary(real_store, tmp_path, monkeypatch):
    path = tmp_path / QUARTER.default_file_name()
    path.write_bytes(b"the report sent last time")

    def locked(source, destination):  # Windows, while Word holds the file
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(FileBusyError, match="открыт в другой программе") as error:
        write_report_docx(build_report(real_store, QUARTER), path)
    assert "\n" not in str(error.value) and path.name in str(error.value)
    assert path.read_bytes() == b"the report sent last time"
    assert os.listdir(tmp_path) == [path.name]


def test_a_read_only_folder_is_said_plainly(real_store, tmp_path, monkeypatch):
    path = tmp_path / QUARTER.default_file_name()
    path.write_bytes(b"old")

    real_open = os.open

    def read_only(name, *args, **kwargs):  # creating any file in the folder is refused
        if os.path.dirname(name) == str(tmp_path):
            raise PermissionError(13, "Permission denied")
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    with pytest.raises(FileBusyError, match="Нет прав на запись в папку"):
        export_quarter(real_store, QUARTER, path)
    assert path.read_bytes() == b"old"
    assert os.listdir(tmp_path) == [path.name]

