from smolevents.core.columns import HEADER_LABELS
from smolevents.core.dates import EventDates
from smolevents.core.domain import Quarter, title_lines
from smolevents.core.report.model import SectionRow, build_report
from tests.real_report import QUARTER, squash


def test_title_is_generated_from_the_quarter(real_report):
    assert title_lines(QUARTER) == real_report.title_lines
    assert title_lines(Quarter(2024, 4))[-1] == "в IV квартале 2024 года"


def test_header_matches_the_real_report(real_report):
    assert list(HEADER_LABELS) == [squash(label) for label in real_report.header]


def test_real_report_is_numbered_1_to_47_across_sections(real_store, real_report):
    report = build_report(real_store, QUARTER)
    assert [row.number for row in report.event_rows] == list(range(1, 48))
    assert [row.number_text for row in report.event_rows][:2] == ["1.", "2."]
    sections = [row.title for row in report.rows if isinstance(row, SectionRow)]
    assert sections == [title for title, _ in real_report.sections]
    for row, (_, expected) in zip(report.event_rows, real_report.events):
        assert squash(row.cells[1]) == squash(expected["name"])
        assert squash(row.cells[3]).replace("- ", "-") == squash(expected["dates"]).replace("- ", "-")
    assert report.closing == real_report.closing


def test_empty_sections_are_left_out_and_numbering_follows_section_order(store):
    sport = store.section_by_title("Сотрудничество в сфере спорта")
    culture = store.section_by_title("Сотрудничество в сфере культуры")
    q = Quarter(2024, 1)
    store.add_event(q, sport.id, name="Турнир")
    store.add_event(q, culture.id, name="Выставка")
    store.add_event(q, culture.id, name="Концерт")
    rows = build_report(store, q).rows
    shape = [(type(row).__name__, getattr(row, "title", None) or getattr(row, "number", None)) for row in rows]
    assert shape == [
        ("SectionRow", culture.title), ("EventRow", 1), ("EventRow", 2),
        ("SectionRow", sport.title), ("EventRow", 3),
    ]
    assert rows[1].event.name == "Выставка"
    # Reordering the catalogue renumbers the report.
    store.move_section(sport.id, 0)
    rows = build_report(store, q).rows
    assert rows[0].title == sport.title and rows[1].number == 1 and rows[1].event.name == "Турнир"


def test_cells_keep_line_breaks_and_text_exactly(store):
    q = Quarter(2023, 2)
    place = "г. Смоленск,\nСОГБУК «Смоленская областная универсальная научная библиотека»"
    store.add_event(q, store.sections()[0].id, name="«Кавычки» – тире\u00a0пробел", place=place,
                    dates=EventDates.parse("С 30 июня по 2 июля 2023 года"))
    row = build_report(store, q).event_rows[0]
    assert row.cells[1] == "«Кавычки» – тире\u00a0пробел"
    assert row.cells[2] == place
    # The year and "года" are held together so Word cannot wrap between them.
    assert row.cells[3] == "30 июня-2 июля 2023\u00a0года"


def test_font_settings_reach_the_report(store):
    store.set_setting("font_name", "PT Astra Serif")
    store.set_setting("font_size", "не число")
    report = build_report(store, QUARTER)
    assert report.font_name == "PT Astra Serif"
    assert report.font_size == 12
