"""Importing reports already written in Word: the real report, layout variants, re-import."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest

from smolevents.cli.main import main
from smolevents.core.dates import DatePoint, EventDates
from smolevents.core.report.docx_reader import (
    QuarterMissingError,
    import_report,
    quarter_in_title,
    read_report_docx,
)
from smolevents.core.domain import DEFAULT_SECTIONS, Quarter
from smolevents.core.errors import UserError
from smolevents.core.store import Store
from tests.core.docx_builders import (
    OLD_HEADER,
    SAMPLE_CLOSING,
    SAMPLE_SECTIONS,
    Layout,
    event,
    report_docx,
)
from tests.real_report import QUARTER, REPORT_DOCX, squash

TEXT_FIELDS = ("name", "place", "purpose", "participants")


@pytest.fixture
def report_copy(tmp_path) -> Path:
    """The real Q2 2023 report, copied: tests never touch the shared fixture."""
    return Path(shutil.copy(REPORT_DOCX, tmp_path / "report-2023-q2.docx"))


def assert_same_as_built(imported, sections=SAMPLE_SECTIONS):
    """Every cell exactly as the builder typed it; dates as parsed from that text."""
    assert [title for title, _ in imported.sections] == [title for title, _ in sections]
    for (_, got), (_, wanted) in zip(imported.sections, sections):
        assert len(got) == len(wanted)
        for event, values in zip(got, wanted):
            for name in TEXT_FIELDS:
                assert getattr(event, name) == values[name]
            assert event.dates == EventDates.parse(values["dates"])
            assert event.dates.understood


# --- the real report -------------------------------------------------------------------


def test_real_report_reads_as_the_seed_47_events_in_8_sections(report_copy, real_report):
    imported = read_report_docx(report_copy)
    assert imported.quarter == QUARTER
    assert [(title, len(events)) for title, events in imported.sections] == [
        (title, len(events)) for title, events in real_report.sections
    ]
    assert [len(events) for _, events in imported.sections] == [2, 2, 18, 11, 6, 2, 4, 2]
    for (_, got), (_, wanted) in zip(imported.sections, real_report.sections):
        for event, seed in zip(got, wanted):
            for name in TEXT_FIELDS:
                assert squash(getattr(event, name)) == squash(seed[name]), (event.number, name)
            assert event.dates == EventDates.parse(seed["dates"]) and event.dates.understood
    assert [event.number for event in imported.events] == [str(n) for n in range(1, 48)]
    assert squash(imported.closing) == squash(real_report.closing)
    assert imported.warnings == []


def test_real_report_cells_keep_their_lines(report_copy):
    imported = read_report_docx(report_copy)
    last = imported.events[-1]
    assert last.place == "г. Смоленск,\nздание Дома Советов"
    assert last.participants.endswith(
        "Посольства Республики Беларусь в Российской Федерации.\n"
        "Общее количество участников\u00a0– 11 человек"  # the original's non-breaking space, kept
    )
    assert last.dates == EventDates.range(DatePoint(2023, 5, 29))


def test_importing_into_a_new_database_gives_the_seed(report_copy, real_report, real_store, db_path):
    with Store.open(db_path) as store:
        result = import_report(store, read_report_docx(report_copy))
        assert result.summary() == "добавлено 47, уже было 0"
        assert result.by_section == [(title, len(events)) for title, events in real_report.sections]
        assert result.closing_action == "set"
        got = store.events(QUARTER)
        assert [count for _, count in store.counts_by_section(QUARTER)] == [2, 2, 18, 11, 6, 2, 4, 2]
        titles = {section.id: section.title for section in store.sections()}
        wanted_titles = {section.id: section.title for section in real_store.sections()}
        wanted = real_store.events(QUARTER)
        assert len(got) == len(wanted) == 47
        for mine, theirs in zip(got, wanted):
            assert titles[mine.section_id] == wanted_titles[theirs.section_id]
            for name in TEXT_FIELDS:
                assert squash(getattr(mine, name)) == squash(getattr(theirs, name))
            assert mine.dates == theirs.dates
        assert squash(store.closing(QUARTER)) == squash(real_report.closing)
        assert store.integrity_problems() == []


def test_importing_again_adds_nothing_and_says_so(report_copy, store):
    imported = read_report_docx(report_copy)
    import_report(store, imported)
    again = import_report(store, read_report_docx(report_copy))
    assert again.summary() == "добавлено 0, уже было 47"
    assert again.added == 0 and again.already == 47
    assert again.closing_action == "same"
    assert store.count_events(QUARTER) == 47


def test_an_event_already_typed_with_other_spacing_and_case_is_recognised(report_copy, store):
    imported = read_report_docx(report_copy)
    title, events = imported.sections[0]
    first = events[0]
    section = store.section_by_title(title)
    store.add_event(QUARTER, section.id, name="  " + first.name.upper().replace(" ", "\u00a0 "),
                    dates=first.dates, place="иначе")
    result = import_report(store, imported)
    assert result.summary() == "добавлено 46, уже было 1"
    assert store.count_events(QUARTER) == 47


def test_dry_run_writes_nothing_not_even_the_report_row(report_copy, db_path):
    with Store.open(db_path):
        pass
    before = db_path.read_bytes()
    with Store.open(db_path) as store:
        result = import_report(store, read_report_docx(report_copy), dry_run=True)
        assert result.summary() == "будет добавлено 47, уже есть 0"
        assert result.by_section[2] == ("Сотрудничество в сфере культуры", 18)
        assert store.quarters() == [] and store.count_events() == 0
    assert db_path.read_bytes() == before


def test_the_document_is_only_read(report_copy, store):
    stat = report_copy.stat()
    content = report_copy.read_bytes()
    import_report(store, read_report_docx(report_copy))
    assert report_copy.read_bytes() == content
    assert report_copy.stat().st_mtime_ns == stat.st_mtime_ns


def test_a_failure_midway_leaves_the_database_as_it_was(report_copy, store, monkeypatch):
    sections_before = store.sections()

    def broken(*args, **kwargs):
        raise OSError("диск отключен")

    monkeypatch.setattr(store, "set_closing", broken)  # the import's very last write
    with pytest.raises(OSError):
        import_report(store, read_report_docx(report_copy))
    assert store.count_events() == 0
    assert store.quarters() == []
    assert store.sections() == sections_before


def test_import_takes_well_under_a_second(report_copy, store):
    import time

    started = time.perf_counter()
    import_report(store, read_report_docx(report_copy))
    elapsed = time.perf_counter() - started
    # Measured about 0.02 s; a generous bound so a loaded machine does not fail it.
    assert elapsed < 1.0, elapsed


# --- layouts clerks make -------------------------------------------------------------------


@pytest.mark.parametrize("layout", [
    Layout(),
    Layout(section_rows="first_cell"),
    Layout(section_rows="repeated"),
    Layout(header=OLD_HEADER, number_row=True),
    Layout(line_breaks=True),
    Layout(split_after=(1, 2)),
    Layout(split_after=(1,), repeat_header=False),
    Layout(number_format="{}"),
    Layout(closing_as="paragraph"),
    Layout(trailing_blank_paragraphs=True),
    Layout(header=OLD_HEADER, number_row=True, section_rows="first_cell", line_breaks=True,
           split_after=(2,), number_format="{}", closing_as="paragraph", trailing_blank_paragraphs=True),
], ids=["merged", "unmerged-sections", "repeated-sections", "old-labels-number-row", "line-breaks",
        "split-tables", "split-without-header", "numbers-without-dot", "closing-after-table", "blank-trailing-paragraphs",
        "all-at-once"])
def test_layout_variants_import_the_same(tmp_path, layout):
    path = report_docx(tmp_path / "variant.docx", layout)
    imported = read_report_docx(path)
    assert imported.quarter == Quarter(2023, 2)
    assert_same_as_built(imported)
    assert imported.closing == SAMPLE_CLOSING
    assert imported.warnings == []
    assert [event.number for event in imported.events] == ["1", "2", "3"]


def test_line_breaks_and_paragraphs_both_become_new_lines(tmp_path):
    for line_breaks in (False, True):
        path = report_docx(tmp_path / f"breaks-{line_breaks}.docx", Layout(line_breaks=line_breaks))
        assert read_report_docx(path).events[0].place == "г. Смоленск,\nОГБУК «Музей»"


def test_non_breaking_spaces_inside_text_are_kept(tmp_path):
    sections = [("Сотрудничество в сфере культуры", [
        event("Концерт", participants="Общее количество участников\u00a0– 1800 человек"),
    ])]
    path = report_docx(tmp_path / "nbsp.docx", Layout(sections=sections, trailing_blank_paragraphs=True))
    assert read_report_docx(path).events[0].participants == "Общее количество участников\u00a0– 1800 человек"


def test_old_report_title_gives_the_quarter_and_an_unknown_section_is_added(tmp_path, store):
    sections = [("Сотрудничество в экономической сфере", [
        event("Визит делегации", dates="23 - 25 сентября 2011 г."),
    ])]
    layout = Layout(
        title=("Отчет о мероприятиях в международной сфере", "за III квартал", "2011 г."),
        header=OLD_HEADER, number_row=True, sections=sections, closing="",
    )
    imported = read_report_docx(report_docx(tmp_path / "2011.docx", layout))
    assert imported.quarter == Quarter(2011, 3)
    assert imported.events[0].dates.format() == "23-25 сентября 2011 года"
    result = import_report(store, imported)
    assert result.new_sections == ["Сотрудничество в экономической сфере"]
    assert [section.title for section in store.sections()][-1] == "Сотрудничество в экономической сфере"
    assert store.events(Quarter(2011, 3))[0].name == "Визит делегации"
    assert result.closing_action == "none" and store.closing(Quarter(2011, 3)) == ""


def test_other_date_writings_are_understood_and_the_rest_kept_with_a_warning(tmp_path):
    writings = {
        "с 14 по 17 июня 2023 г.": (DatePoint(2023, 6, 14), DatePoint(2023, 6, 17)),
        "14 - 17 июня 2023 г.": (DatePoint(2023, 6, 14), DatePoint(2023, 6, 17)),
        "С 30 июня по 2 июля 2023 года": (DatePoint(2023, 6, 30), DatePoint(2023, 7, 2)),
        "14.06.2023": (DatePoint(2023, 6, 14), DatePoint(2023, 6, 14)),
        "14.06.2023 – 17.06.2023": (DatePoint(2023, 6, 14), DatePoint(2023, 6, 17)),
        "июнь\n2023 года": (DatePoint(2023, 6), DatePoint(2023, 6)),
    }
    events = [event(f"Мероприятие {n}", dates=text) for n, text in enumerate(writings, start=1)]
    events.append(event("Круглый стол", dates="в течение\nквартала"))
    path = report_docx(tmp_path / "dates.docx", Layout(sections=[("Сотрудничество в сфере культуры", events)]))
    imported = read_report_docx(path)
    for got, wanted in zip(imported.events, writings.values()):
        assert (got.dates.start, got.dates.end) == wanted
    unknown = imported.events[-1]
    assert not unknown.dates.understood and unknown.dates.verbatim == "в течение\nквартала"
    assert imported.warnings == [
        "№ 7 «Круглый стол»: сроки «в течение квартала» не распознаны — сохранены как написано."
    ]


def test_numbers_are_not_trusted_for_order(tmp_path):
    layout = Layout(numbers=[3, 1, 2])
    imported = read_report_docx(report_docx(tmp_path / "numbers.docx", layout))
    assert_same_as_built(imported)  # the document's order, whatever the numbers say
    assert [event.number for event in imported.events] == ["3", "1", "2"]
    assert any("не по порядку" in warning for warning in imported.warnings)


def test_same_section_on_two_pages_is_one_section(tmp_path):
    sections = [
        ("Сотрудничество в сфере культуры", [event("Первое")]),
        ("Сотрудничество в сфере культуры", [event("Второе")]),
    ]
    imported = read_report_docx(report_docx(tmp_path / "twice.docx", Layout(sections=sections, split_after=(1,))))
    assert [(title, [e.name for e in events]) for title, events in imported.sections] == [
        ("Сотрудничество в сфере культуры", ["Первое", "Второе"]),
    ]


def test_events_before_any_section_row_go_to_the_general_section(tmp_path):
    path = tmp_path / "no-sections.docx"
    report_docx(path, Layout(sections=[("", [event("Без раздела")])], closing=""))
    imported = read_report_docx(path)
    assert imported.sections[0][0] == DEFAULT_SECTIONS[-1]
    assert imported.events[0].name == "Без раздела"
    assert "Общие направления сотрудничества" in imported.warnings[0]


def test_a_vertically_merged_cell_belongs_to_both_events(tmp_path):
    sections = [("Сотрудничество в сфере спорта", [event("Забег", dates="25 мая 2023 года"),
                                                   event("Эстафета", dates="")])]
    path = report_docx(tmp_path / "merged-dates.docx", Layout(sections=sections))
    document = docx.Document(path)
    table = document.tables[0]
    table.cell(2, 3).merge(table.cell(3, 3))  # rows: header, section, event, event
    document.save(path)
    first, second = read_report_docx(path).events
    assert first.dates == second.dates == EventDates.parse("25 мая 2023 года")


def test_an_empty_section_row_is_reported_not_turned_into_a_section(tmp_path):
    sections = [("Сотрудничество в сфере спорта", []),
                ("Сотрудничество в сфере культуры", [event("Концерт")])]
    imported = read_report_docx(report_docx(tmp_path / "empty.docx", Layout(sections=sections)))
    assert [title for title, _ in imported.sections] == ["Сотрудничество в сфере культуры"]
    assert imported.warnings == [
        "Строка «Сотрудничество в сфере спорта» без мероприятий под ней — пропущена."
    ]


def test_text_after_the_closing_paragraph_is_reported(tmp_path):
    path = report_docx(tmp_path / "signature.docx", Layout(closing_as="paragraph"))
    document = docx.Document(path)
    document.add_paragraph("Начальник управления И.И. Иванов")
    document.save(path)
    imported = read_report_docx(path)
    assert imported.closing == SAMPLE_CLOSING
    assert imported.warnings == ["Текст после таблицы не импортирован: «Начальник управления И.И. Иванов»."]


# --- the quarter ---------------------------------------------------------------------------


@pytest.mark.parametrize("title, quarter", [
    ("в II квартале 2023 года", Quarter(2023, 2)),
    ("Отчет … за III квартал\n2011 г.", Quarter(2011, 3)),
    ("за 2 квартал 2023 года", Quarter(2023, 2)),
    ("в IV квартале 2024 г.", Quarter(2024, 4)),
    ("за 1-й квартал 2022 года", Quarter(2022, 1)),
    ("в первом квартале 2021 года", Quarter(2021, 1)),
    ("за I кв. 2020 г.", Quarter(2020, 1)),
    ("за II полугодие 2023 года", None),
    ("Отчет о мероприятиях", None),
])
def test_quarter_in_title(title, quarter):
    assert quarter_in_title(title) == quarter


def test_a_title_without_quarter_needs_year_and_quarter(tmp_path):
    path = report_docx(tmp_path / "part.docx", Layout(title=("Мероприятия департамента",)))
    with pytest.raises(QuarterMissingError) as refused:
        read_report_docx(path)
    assert "--year" in str(refused.value) and "--quarter" in str(refused.value)
    with pytest.raises(QuarterMissingError):
        read_report_docx(path, year=2023)
    assert read_report_docx(path, year=2023, quarter="III").quarter == Quarter(2023, 3)
    assert read_report_docx(path, year=2023, quarter=4).quarter == Quarter(2023, 4)


def test_year_and_quarter_override_the_title_with_a_warning(tmp_path):
    path = report_docx(tmp_path / "report.docx")
    imported = read_report_docx(path, quarter=3)
    assert imported.quarter == Quarter(2023, 3)
    assert imported.warnings == [
        "В заголовке документа указан II квартал 2023, мероприятия записаны в III квартал 2023, как задано."
    ]
    with pytest.raises(UserError, match="от 1 до 4"):
        read_report_docx(path, quarter=5)


# --- the closing paragraph ---------------------------------------------------------------


def test_closing_is_set_when_empty_kept_with_a_warning_when_different(tmp_path, store):
    path = report_docx(tmp_path / "report.docx")
    store.set_closing(Quarter(2023, 2), "Состоялась 1 встреча")
    result = import_report(store, read_report_docx(path))
    assert result.closing_action == "kept"
    assert store.closing(Quarter(2023, 2)) == "Состоялась 1 встреча"
    assert any("Итоговый абзац за II квартал 2023 в базе уже есть" in w for w in result.warnings)

    other = Store.in_memory()
    assert import_report(other, read_report_docx(path)).closing_action == "set"
    assert other.closing(Quarter(2023, 2)) == SAMPLE_CLOSING


# --- the command line -------------------------------------------------------------------


def test_command_imports_then_recognises_the_second_time(report_copy, db_path, capsys):
    assert main(["import-docx", str(report_copy), "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "Документ «report-2023-q2.docx»: II квартал 2023, мероприятий 47, разделов 8." in out
    assert "  Сотрудничество в сфере культуры: добавлено 18" in out
    assert "Итоговый абзац: записан." in out
    assert out.rstrip().endswith("Итог: добавлено 47, уже было 0.")
    assert main(["--db", str(db_path), "import-docx", str(report_copy)]) == 0
    assert capsys.readouterr().out.rstrip().endswith("Итог: добавлено 0, уже было 47.")
    with Store.open(db_path) as store:
        assert store.count_events(QUARTER) == 47


def test_command_dry_run_prints_sections_and_warnings_and_writes_nothing(tmp_path, db_path, capsys):
    sections = [("Сотрудничество в экономической сфере", [event("Ярмарка", dates="весной")])]
    path = report_docx(tmp_path / "dry.docx", Layout(sections=sections))
    assert main(["import-docx", str(path), "--db", str(db_path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Пробный запуск: в базу ничего не записано." in out
    assert "  Сотрудничество в экономической сфере: будет добавлено 1" in out
    assert "Новый раздел в списке разделов: «Сотрудничество в экономической сфере»." in out
    assert "  ! № 1 «Ярмарка»: сроки «весной» не распознаны — сохранены как написано." in out
    assert "Итог: будет добавлено 1, уже есть 0." in out
    assert not db_path.exists()


def test_command_asks_for_the_quarter_in_one_line(tmp_path, db_path, capsys):
    path = report_docx(tmp_path / "part.docx", Layout(title=()))
    assert main(["import-docx", str(path), "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--year ГОД --quarter НОМЕР" in err
    assert not db_path.exists()
    assert main(["import-docx", str(path), "--db", str(db_path), "--year", "2023", "--quarter", "2"]) == 0
    assert "добавлено 3, уже было 0" in capsys.readouterr().out


def test_word_markup_inside_cells_reads_as_the_text_shown(tmp_path):
    """Tracked changes, hyperlinks, content controls and tab stops, as Word writes them."""
    from tests.core.docx_builders import replace_part

    built = report_docx(tmp_path / "plain.docx")
    xml = (zipfile_read(built, "word/document.xml")
           .replace(
               "<w:t>Турнир по самбо</w:t></w:r>",
               '<w:t xml:space="preserve">Турнир по </w:t></w:r>'
               '<w:del w:id="1" w:author="А"><w:r><w:br/><w:delText>боксу</w:delText></w:r></w:del>'
               '<w:ins w:id="2" w:author="А"><w:r><w:t>самбо</w:t></w:r></w:ins>', 1)
           .replace(
               "<w:t>г. Минск,</w:t></w:r>",
               '<w:t xml:space="preserve">г. </w:t></w:r><w:hyperlink r:id="rIdX"><w:r>'
               "<w:t>Минск,</w:t></w:r></w:hyperlink>", 1)
           .replace(
               "<w:p><w:r><w:t>Гастроли ансамбля</w:t></w:r></w:p>",
               '<w:sdt><w:sdtPr><w:alias w:val="Название"/></w:sdtPr><w:sdtContent>'
               '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>'
               "<w:r><w:t>Гастроли ансамбля</w:t></w:r></w:p></w:sdtContent></w:sdt>", 1))
    assert xml.count("<w:delText>") == xml.count("<w:hyperlink ") == xml.count("<w:sdtContent>") == 1
    path = replace_part(built, tmp_path / "markup.docx", "word/document.xml", xml.encode("utf-8"))
    imported = read_report_docx(path)
    assert_same_as_built(imported)


def zipfile_read(path: Path, part: str) -> str:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return archive.read(part).decode("utf-8")



def test_import_docx_leaves_the_cycle_collector_of_a_process_that_goes_on_as_it_was(
        report_copy, tmp_path, monkeypatch):
    import atexit
    import gc

    from smolevents.core import bulk

    at_exit = []
    monkeypatch.setattr(bulk, "_freezing_at_exit", False)
    monkeypatch.setattr(atexit, "register", at_exit.append)
    frozen_before = gc.get_freeze_count()
    for _ in range(2):
        assert main(["import-docx", str(report_copy), "--db", str(tmp_path / "events.sqlite")]) == 0
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen_before  # frozen at exit only
    assert at_exit.count(gc.freeze) == 1  # asked for once, however many imports


def test_an_event_read_from_a_row_is_the_event_its_fields_make():
    from dataclasses import FrozenInstanceError

    from smolevents.core.report.docx_reader import ImportedEvent

    values = {"number": "5", "name": "Форум", "place": "г. Минск", "dates": EventDates.parse("20 июня 2023 года"),
              "purpose": "Цель", "participants": "Делегация", "dates_text": "20 июня 2023 года"}
    event = ImportedEvent.of_row(dict(reversed(values.items())))
    assert event == ImportedEvent(**values) and hash(event) == hash(ImportedEvent(**values))
    assert list(vars(event)) == list(values)  # the fields' order, as the constructor sets them
    with pytest.raises(FrozenInstanceError):
        event.name = "другое"
    with pytest.raises((TypeError, KeyError)):
        ImportedEvent.of_row({key: value for key, value in values.items() if key != "place"})
    with pytest.raises(TypeError):
        ImportedEvent.of_row({**values, "country": "BY"})


def test_import_docx_leaves_a_parsed_document_to_the_exit_only_when_it_is_small(report_copy, tmp_path, monkeypatch):
    from smolevents.cli.commands import import_docx
    from smolevents.core import countries

    kept = []
    monkeypatch.setattr(import_docx, "kept_until_exit", kept.append)
    assert main(["import-docx", str(report_copy), "--db", str(tmp_path / "small.sqlite")]) == 0
    # The document as soon as it is read; at the end, with it, the events read and the country
    # index (kept_until_exit holds its last value only).
    assert len(kept) == 2 and kept[0].root.tag.endswith("}document")
    document, imported, country_index = kept[1]
    assert document is kept[0] and len(imported.events) == 47 and country_index is countries.index()
    monkeypatch.setattr(import_docx, "KEPT_PARSED_UP_TO", 46)  # the real report has 47 events
    assert main(["import-docx", str(report_copy), "--db", str(tmp_path / "large.sqlite")]) == 0
    assert len(kept) == 2


def test_import_docx_s_preparation_walks_the_youngest_objects_beside_the_parse():
    import gc

    from smolevents.cli.commands import import_docx

    was_enabled = gc.isenabled()
    gc.disable()  # as the command runs
    try:
        young = [[] for _ in range(10_000)]
        assert gc.get_count()[0] >= 10_000
        failures = []
        import_docx._prepare(False, failures)
        assert failures == [] and gc.get_count()[0] < 100  # not left to the first collection after the command
        assert len(young) == 10_000
    finally:
        if was_enabled:
            gc.enable()


def test_rows_whose_cells_are_not_one_to_a_column_read_as_before(tmp_path):
    """A column split into two cells under its header (read as its lines, in order), text in a
    cell outside every column (left out, with a warning naming the row), and rows of the
    usual layout before and after them: each row is read by its own cells' places, however
    the rows before it were laid out."""
    from smolevents.core.columns import COLUMNS
    from tests.core.docx_builders import zip_with

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    def cell(text: str, span: int = 1) -> str:
        spanned = f'<w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>' if span > 1 else ""
        return f"<w:tc>{spanned}<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"

    def row(*cells: str) -> str:
        return "<w:tr>" + "".join(cells) + "</w:tr>"

    # Grid: number, name, place, dates, purpose (two grid columns), participants, one column outside.
    header = row(*(cell(column.label, 2 if column.field == "purpose" else 1) for column in COLUMNS), cell(""))
    usual = [cell("1."), cell("Форум"), cell("г. Минск"), cell("20 июня 2023 года"), cell("Цель", 2),
             cell("Делегация"), cell("")]
    split = [cell("2."), cell("Визит"), cell("г. Брест"), cell("21 июня 2023 года"), cell("Первая"), cell("вторая"),
             cell("Губернатор"), cell("")]
    outside = [cell("3."), cell("Выставка"), cell("г. Гомель"), cell("22 июня 2023 года"), cell("Показ", 2),
               cell("Мастера"), cell("на полях")]
    body = (f'<w:p><w:r><w:t>Отчет о мероприятиях во II квартале 2023 года</w:t></w:r></w:p><w:tbl><w:tblGrid>'
            + "<w:gridCol/>" * 8 + "</w:tblGrid>" + header + row(cell("Раздел", 8)) + row(*usual) + row(*split)
            + row(*outside) + row(*usual) + "</w:tbl>")
    document = f'<w:document xmlns:w="{w}"><w:body>{body}</w:body></w:document>'
    path = zip_with(tmp_path / "cells.docx", {"word/document.xml": document.encode("utf-8")})

    imported = read_report_docx(path)
    [(title, events)] = imported.sections
    assert title == "Раздел"
    assert [(event.number, event.name, event.purpose, event.participants) for event in events] == [
        ("1", "Форум", "Цель", "Делегация"),
        ("2", "Визит", "Первая\nвторая", "Губернатор"),
        ("3", "Выставка", "Показ", "Мастера"),
        ("1", "Форум", "Цель", "Делегация"),
    ]
    assert imported.warnings == [
        "Строка № 3: текст вне столбцов отчета не импортирован: «на полях».",
        "Номера мероприятий в документе идут не по порядку; порядок взят по строкам документа, "
        "номера в отчете будут расставлены заново.",
    ]
