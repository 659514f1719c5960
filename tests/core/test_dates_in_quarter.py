"""A date typed without a year takes the year of the report's quarter."""

import pytest

from smolevents.core.dates import DatePoint, EventDates
from smolevents.core.domain import Quarter
from smolevents.core.report.docx_reader import import_report, read_report_docx
from tests.core.docx_builders import TITLE, Layout, event, report_docx


@pytest.mark.parametrize("text, quarter, start, end", [
    ("14-17 августа", Quarter(2023, 3), DatePoint(2023, 8, 14), DatePoint(2023, 8, 17)),
    ("5 июля", Quarter(2023, 3), DatePoint(2023, 7, 5), DatePoint(2023, 7, 5)),
    ("июль – сентябрь", Quarter(2023, 3), DatePoint(2023, 7), DatePoint(2023, 9)),
    ("с 3 по 5 сентября", Quarter(2023, 3), DatePoint(2023, 9, 3), DatePoint(2023, 9, 5)),
    ("28 декабря – 10 января", Quarter(2023, 4), DatePoint(2023, 12, 28), DatePoint(2024, 1, 10)),
    ("28 декабря – 10 января", Quarter(2024, 1), DatePoint(2023, 12, 28), DatePoint(2024, 1, 10)),
    ("25 мая 2022 года", Quarter(2023, 3), DatePoint(2022, 5, 25), DatePoint(2022, 5, 25)),  # its own year wins
])
def test_the_quarter_gives_the_year_left_out(text, quarter, start, end):
    dates = EventDates.parse(text, quarter)
    assert (dates.start, dates.end) == (start, end)


def test_printed_with_the_year_like_every_other_row():
    assert EventDates.parse("14-17 августа", Quarter(2023, 3)).format() == "14-17 августа 2023 года"
    assert EventDates.parse("28 декабря – 10 января", Quarter(2023, 4)).format() == (
        "28 декабря 2023 года – 10 января 2024 года")


def test_without_a_quarter_a_yearless_date_is_still_kept_as_written():
    dates = EventDates.parse("14-17 августа")
    assert not dates.understood and dates.verbatim == "14-17 августа"
    assert not EventDates.parse("14-17 чего-то", Quarter(2023, 3)).understood


def test_import_docx_gives_yearless_dates_the_quarter_of_the_title(tmp_path, store):
    title = (*TITLE[:2], "в III квартале 2023 года")
    layout = Layout(title=title, closing="", sections=[("Сотрудничество в сфере культуры", [
        event("Фестиваль", dates="14-17 августа"),
        event("Ярмарка", dates="когда-нибудь осенью"),
    ])])
    imported = read_report_docx(report_docx(tmp_path / "q3.docx", layout))
    festival, fair = imported.events
    assert festival.dates.format() == "14-17 августа 2023 года"
    assert not fair.dates.understood
    assert len(imported.warnings) == 1 and "когда-нибудь осенью" in imported.warnings[0]
    import_report(store, imported)
    assert store.events(Quarter(2023, 3))[0].dates.to_storage() == ("2023-08-14", "2023-08-17", "")
