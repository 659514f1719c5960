"""Reports for any period of a year: the one parser, the title's wording, order, numbering, closing."""

import pytest

from smolevents.cli.main import main
from smolevents.core.domain import DEFAULT_SECTIONS, Quarter
from smolevents.core.periods import Period, parse_period, quarter_in_title
from smolevents.core.report.closing_draft import draft_closing
from smolevents.core.report.docx_writer import export_period
from smolevents.core.report.model import EventRow, SectionRow, build_report
from smolevents.core.store import Store
from tests.core.period_store import OTHER_EVENTS, add_other_events
from tests.real_report import real_report_into


@pytest.fixture
def year_store(real_store):
    add_other_events(real_store)
    return real_store


@pytest.mark.parametrize("kind, phrase, label, file_name", [
    ("q2", "в II квартале 2023 года", "II квартал 2023", "Отчет_II_квартал_2023.docx"),
    ("h1", "в I полугодии 2023 года", "I полугодие 2023", "Отчет_I_полугодие_2023.docx"),
    ("9m", "за 9 месяцев 2023 года", "9 месяцев 2023", "Отчет_9_месяцев_2023.docx"),
    ("year", "в 2023 году", "2023 год", "Отчет_2023_год.docx"),
])
def test_the_period_is_named_as_reports_name_it(kind, phrase, label, file_name):
    period = Period(2023, kind)
    assert (period.phrase, period.label, period.default_file_name()) == (phrase, label, file_name)


@pytest.mark.parametrize("year, period, quarter, expected", [
    ("2023", "h1", None, Period(2023, "h1")),
    ("2023", "9M", None, Period(2023, "9m")),
    ("2023", "year", None, Period(2023, "year")),
    ("2023", "Q3", None, Period(2023, "q3")),
    ("2023", None, "II", Period(2023, "q2")),
    ("2023", None, "4", Period(2023, "q4")),
])
def test_one_parser_reads_year_and_period_or_quarter(year, period, quarter, expected):
    assert parse_period(year, period, quarter) == expected


def test_quarter_title_parsing_lives_with_the_periods():
    assert quarter_in_title("в II квартале 2023 года") == Quarter(2023, 2)
    assert quarter_in_title("за третий квартал 2011 г.") == Quarter(2011, 3)


def _expected_names(real_report, quarters):
    """Section by section in catalogue order; inside one, quarter order, then position."""
    by_section: dict[str, list[tuple[int, int, str]]] = {title: [] for title in DEFAULT_SECTIONS}
    for position, (title, event) in enumerate(real_report.events):
        if 2 in quarters:
            by_section[title].append((2, position, event["name"]))
    for position, (quarter, section_index, name, *_rest) in enumerate(OTHER_EVENTS):
        if quarter in quarters:
            by_section[DEFAULT_SECTIONS[section_index]].append((quarter, position, name))
    return [name for title in DEFAULT_SECTIONS for _, _, name in sorted(by_section[title])]


@pytest.mark.parametrize("kind, quarters", [("year", (1, 2, 3, 4)), ("h1", (1, 2)), ("9m", (1, 2, 3))])
def test_a_long_period_is_one_table_in_catalogue_then_quarter_order(year_store, real_report, kind, quarters):
    report = build_report(year_store, Period(2023, kind))
    rows = report.event_rows
    assert [row.event.name for row in rows] == _expected_names(real_report, quarters)
    assert [row.number for row in rows] == list(range(1, len(rows) + 1))
    sections = [row.title for row in report.rows if isinstance(row, SectionRow)]
    assert sections == [title for title in DEFAULT_SECTIONS if title in sections]  # each once, in order
    assert report.title_lines[-1] == Period(2023, kind).phrase


def test_the_year_report_numbers_across_quarters(year_store, real_report):
    rows = build_report(year_store, Period(2023, "year")).event_rows
    assert len(rows) == 47 + len(OTHER_EVENTS)
    # The Q1 investment visit comes before the real report's first event, in the same section.
    assert rows[0].event.name.startswith("Визит делегации провинции Хэйлунцзян")
    assert rows[1].event.name == real_report.events[0][1]["name"]
    assert isinstance(rows[0], EventRow) and rows[0].number_text == "1."


def test_the_half_year_closing_is_drafted_stored_and_exported(year_store, tmp_path):
    half = Period(2023, "h1")
    draft = draft_closing(year_store, half)
    assert draft.startswith("В I полугодии 2023 года проведено 49 мероприятий в международной сфере, в том числе:")
    assert "в сфере инвестиционного развития – 3" in draft
    year_store.set_period_closing(half, draft)
    assert year_store.period_closing(half) == draft
    assert year_store.period_closing(Period(2023, "year")) == ""  # each period has its own
    assert year_store.period_closing(Period(2023, "q2")) == year_store.closing(Quarter(2023, 2))
    report = export_period(year_store, half, tmp_path / "h1.docx")
    assert report.closing == draft
    from docx import Document

    text = "\n".join(paragraph.text for paragraph in Document(tmp_path / "h1.docx").paragraphs)
    cells = [cell.text for table in Document(tmp_path / "h1.docx").tables for row in table.rows for cell in row.cells]
    assert "в I полугодии 2023 года" in text
    assert draft in cells


def test_the_nine_months_draft_and_the_year_draft_use_their_wording(year_store):
    assert draft_closing(year_store, Period(2023, "9m")).startswith("За 9 месяцев 2023 года проведено 51 мероприятие")
    assert draft_closing(year_store, Period(2023, "year")).startswith("В 2023 году проведено 52 мероприятия")
    assert draft_closing(year_store, Period(2024, "year")) == (
        "В 2024 году мероприятия в международной сфере не проводились.")


def test_export_period_on_the_command_line(tmp_path, real_report, monkeypatch, capsys):
    db = tmp_path / "events.sqlite"
    with Store.open(db) as store:
        real_report_into(store, real_report)
        add_other_events(store)
    monkeypatch.chdir(tmp_path)
    assert main(["--db", str(db), "export", "--year", "2023", "--period", "year"]) == 0
    out = capsys.readouterr().out
    assert "Отчет за 2023 год записан" in out
    assert "Мероприятий: 52, разделов: 8." in out
    assert (tmp_path / "Отчет_2023_год.docx").is_file()
    assert main(["--db", str(db), "export", "--year", "2024", "--period", "h1"]) == 1
    assert "в I полугодии 2024 года нет ни одного мероприятия. Проверьте год и период." in capsys.readouterr().err


def test_a_long_periods_word_file_streamed_is_the_one_built_whole(year_store, tmp_path):
    import zipfile

    from smolevents.core.report.docx_writer import write_report_docx

    year = Period(2023, "year")
    written = export_period(year_store, year, tmp_path / "streamed.docx", force=True)
    report = build_report(year_store, year)
    write_report_docx(report, tmp_path / "whole.docx")
    with zipfile.ZipFile(tmp_path / "streamed.docx") as first, zipfile.ZipFile(tmp_path / "whole.docx") as second:
        assert first.read("word/document.xml") == second.read("word/document.xml")
    assert written.check.lines() == report.check.lines()
    assert (written.event_count, written.section_count) == (len(report.event_rows), report.section_count)
