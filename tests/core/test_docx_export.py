"""The report as a Word file: what the clerk prints must be the real report."""

from __future__ import annotations

import dataclasses
import errno
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
from tests.docx_layout import read_docx_layout
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
    layout = read_docx_layout(exported)
    rows = layout.rows
    assert [row.repeats for row in rows] == [True] + [False] * (len(rows) - 1)
    header = rows[0]
    assert header.vertical_align == ["center"] * 6
    assert all(p.align == "center" and p.bold for cell in header.cells for p in cell)

    section_rows = 0
    for row in rows:
        # Only the four longest events may be taller than a page under the header.
        assert row.cant_split == (row.texts[0] not in ("4.", "19.", "38.", "40."))
        if len(row.cells) == 6:
            assert row.widths == grid  # every cell carries its width too
            continue
        assert len(row.cells) == 1 and row.widths == [sum(grid)]
        if row is rows[-1]:
            assert [p.style for p in row.cells[0]] == ["Closing"]
            continue
        section_rows += 1
        for paragraph in row.cells[0]:
            assert (paragraph.style, paragraph.keep_with_next, paragraph.align, paragraph.bold) == (
                "SectionRow", True, "center", True)
    assert section_rows == 8


def test_text_is_in_named_styles_based_on_normal_with_no_run_formatting(exported):
    layout = read_docx_layout(exported)
    assert {name: layout.styles[name]["name"] for name in
            ("ReportTitle", "TableHeader", "SectionRow", "TableText", "Closing")} == {
        "ReportTitle": "Заголовок отчета", "TableHeader": "Шапка таблицы", "SectionRow": "Раздел таблицы",
        "TableText": "Текст таблицы", "Closing": "Итоговый абзац"}
    styles = part_xml(exported, "word/styles.xml")
    for style_id in ("ReportTitle", "TableHeader", "SectionRow", "TableText", "Closing"):
        style = styles.find(f"{W}style[@{W}styleId='{style_id}']")
        assert style.find(f"{W}basedOn").get(f"{W}val") == "Normal"
        assert style.find(f"{W}rPr/{W}rFonts") is None  # the font is Normal's (the defaults)
    paragraphs = layout.title + [p for row in layout.rows for cell in row.cells for p in cell]
    assert len(paragraphs) > 47 * 5
    assert sum(p.run_properties for p in paragraphs) == 0  # no run repeats font or size
    assert {p.style for p in layout.title} == {"ReportTitle"}
    assert all(p.bold and p.size_pt == 14 and p.align == "center" and p.keep_with_next for p in layout.title)
    event_paragraphs = [p for row in layout.rows if len(row.cells) == 6 and not row.repeats
                        for cell in row.cells for p in cell]
    assert {(p.style, p.size_pt, p.bold) for p in event_paragraphs} == {("TableText", 12, False)}
    assert set(layout.defaults["fonts"].values()) == {"Times New Roman"}
    assert len(set(layout.defaults["fonts"])) == 4  # ascii, hAnsi, eastAsia, cs
    document = part_xml(exported, "word/document.xml")
    assert list(document.iter(f"{W}rPr")) == []


def test_word_hyphenates_and_the_properties_name_the_organisation(exported):
    settings = part_xml(exported, "word/settings.xml")
    assert settings.find(f"{W}autoHyphenation") is not None
    core = part_xml(exported, "docProps/core.xml")
    dc = "{http://purl.org/dc/elements/1.1/}"
    assert core.find(f"{dc}creator").text == (
        "Исполнительными органами Смоленской области и подведомственными им учреждениями")
    assert core.find(f"{dc}title").text.startswith("Отчет о мероприятиях в международной сфере")
    assert core.find(f"{dc}title").text.endswith("в II квартале 2023 года")


def test_only_a_row_taller_than_a_page_may_split(store, tmp_path):
    section = store.sections()[0]
    full = dict(place="г. Смоленск", dates=EventDates.parse("25 мая 2023 года"), participants="5 человек")
    store.add_event(QUARTER, section.id, name="Короткое", purpose="Цель", **full)
    store.add_event(QUARTER, section.id, name="Длинное", purpose="\n".join(["Абзац цели мероприятия."] * 80),
                    **full)
    path = tmp_path / "report.docx"
    export_quarter(store, QUARTER, path)
    rows = read_docx_layout(path).rows
    assert [(row.texts[0], row.cant_split) for row in rows[2:]] == [("1.", True), ("2.", False)]


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
    layout = read_docx_layout(path)
    assert set(layout.defaults["fonts"].values()) == {"PT Astra Serif"}
    assert layout.defaults["size_pt"] == 11
    assert {p.size_pt for row in layout.rows for cell in row.cells for p in cell} == {11}
    assert {p.size_pt for p in layout.title} == {16}


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


def test_every_line_break_of_a_cell_is_a_paragraph_of_its_own(store, tmp_path):
    store.add_event(QUARTER, store.sections()[0].id, name="\nПосле пустой строки", place="Перед пустой строкой\n",
                    dates=EventDates.parse("25 мая 2023 года"), purpose="Windows\r\nстроки\rи\tтаб\n\t\n",
                    participants="\n")
    path = tmp_path / "report.docx"
    export_quarter(store, QUARTER, path, force=True)  # participants blank: an error, exported anyway
    cells = distinct_cells(docx.Document(str(path)).tables[0].rows[2])
    assert [[paragraph.text for paragraph in cell.paragraphs] for cell in cells] == [
        ["1."], ["", "После пустой строки"], ["Перед пустой строкой", ""], ["25 мая 2023\u00a0года"],
        ["Windows", "строки", "и\tтаб", "\t", ""], ["", ""]]


def test_the_command_lines_file_is_the_windows_file(real_store, tmp_path):
    """The export streamed from the store and the window's (from the report in memory) are one document."""
    streamed, whole = tmp_path / "streamed.docx", tmp_path / "whole.docx"
    real_store.add_event(QUARTER, real_store.sections()[0].id, name="Без участников", place="г. Смоленск",
                         dates=EventDates.parse("весной"), purpose="Цель", participants=" ")
    written = export_quarter(real_store, QUARTER, streamed, force=True)
    report = build_report(real_store, QUARTER)
    write_report_docx(report, whole)
    assert written.check.lines() == report.check.lines() and len(report.check.errors) == 1
    assert (written.event_count, written.section_count) == (48, 8)
    with zipfile.ZipFile(streamed) as first, zipfile.ZipFile(whole) as second:
        assert first.namelist() == second.namelist()
        for name in first.namelist():
            if name != "docProps/core.xml":  # it holds the time of writing
                assert first.read(name) == second.read(name), name


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


def test_characters_beside_those_xml_forbids_are_kept(store, tmp_path):
    """U+FFFD, U+FFEF, U+F000 and U+FEFF share their first UTF-8 byte with U+FFFE/U+FFFF; DEL and
    NBSP sit beside the control characters: all are text XML carries, written as they are."""
    kept = "\ufffd \uffef \uf000 \ufeff \x7f \u00a0 \u0085 \u2028 конец"
    store.add_event(QUARTER, store.sections()[0].id, name=f"Форум{kept}\uffff", place="\x1fг. Минск\ufffe",
                    dates=EventDates.parse("25 мая 2023 года"), purpose=kept, participants="3\x00 человека\r")
    path = tmp_path / "report.docx"
    export_quarter(store, QUARTER, path)
    assert table_texts(path)[2] == ["1.", f"Форум{kept}", "г. Минск", "25 мая 2023\u00a0года", kept,
                                    "3 человека\n"]


def test_lone_surrogates_of_a_report_in_memory_are_dropped(real_store, tmp_path):
    """Python text may hold halves of a surrogate pair (the window's report is built in memory);
    UTF-8 cannot carry them, so they go like the characters XML forbids."""
    report = build_report(real_store, QUARTER)
    first = report.rows[1]
    odd = first.event.with_changes(name="Форум\ud800 в\udfff Минске", purpose="Цель\udc00\n\U0001f600\ud83d\ude00")
    path = write_report_docx(dataclasses.replace(report, rows=[report.rows[0], first._replace(event=odd)]),
                             tmp_path / "report.docx")
    assert table_texts(path)[2][1] == "Форум в Минске"
    assert [p.text for p in distinct_cells(docx.Document(str(path)).tables[0].rows[2])[4].paragraphs] == [
        "Цель", "\U0001f600"]  # the halves of a pair, apart, are halves still


def test_a_row_is_surely_not_taller_than_a_page_only_where_it_is_not():
    """The writer's quick bound (from the row's line breaks) never keeps whole a row the layout's
    own rule lets split."""
    import random

    from smolevents.core.report.layout import report_layout

    layout = report_layout()
    rng = random.Random(14)
    sure = taller = 0
    for _ in range(3000):
        pieces = rng.choice([1, 3, 10, 30])
        cells = tuple("".join(rng.choice(["слово ", "\n", "x" * rng.randint(1, 300), "\r\n", "\r"])
                              for _ in range(rng.randint(0, pieces))) for _ in range(6))
        line_breaks = sum(cell.replace("\r\n", "\n").replace("\r", "\n").count("\n") for cell in cells)
        if layout.surely_fits_a_page(map(len, cells), line_breaks):
            sure += 1
            assert not layout.may_be_taller_than_a_page(cells), cells
        taller += layout.may_be_taller_than_a_page(cells)
    assert sure > 300 and taller > 300  # both answers were tried


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




@pytest.mark.parametrize("value", ["Times New Roman", 'Шрифт "Новый" <тест> & Co', "a'b", "два\tслова\nи строка"])
def test_attribute_values_read_back_as_written(value):
    from lxml import etree

    from smolevents.core.report.docx_writer import quoteattr
    assert etree.fromstring(f"<a b={quoteattr(value)}/>".encode()).get("b") == value


def test_a_disk_filling_up_halfway_keeps_the_old_report_and_says_so(real_store, tmp_path, monkeypatch):
    """The file is deflated and written in a second thread: its failure still reaches the clerk."""
    from smolevents.core.report import docx_writer

    for _ in range(20):  # about a megabyte of compressed XML: many chunks go through the writer
        real_store.insert_events([row.event.with_changes(id=None, uuid="")
                                  for row in build_report(real_store, QUARTER).event_rows[:47]])
    path = tmp_path / "report.docx"
    path.write_bytes(b"the report sent last week")

    class FullDisk:
        def __init__(self, file):
            self.file, self.written = file, 0

        def write(self, data):
            self.written += len(data)
            if self.written > 50_000:
                raise OSError(errno.ENOSPC, "No space left on device")
            return self.file.write(data)

        def __getattr__(self, name):
            return getattr(self.file, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.file.close()

    monkeypatch.setattr(docx_writer, "open", lambda *args: FullDisk(open(*args)), raising=False)
    with pytest.raises(FileBusyError, match="На диске нет места для файла «report.docx»"):
        export_quarter(real_store, QUARTER, path, force=True)
    assert path.read_bytes() == b"the report sent last week"
    assert os.listdir(tmp_path) == ["report.docx"]
