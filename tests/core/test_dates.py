"""Event dates: the real Q2 2023 report, clerks' variants, and round trips."""

from __future__ import annotations

import datetime
import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smolevents.core.domain import Quarter
from smolevents.core.dates import (
    GENITIVE_MONTHS,
    NOMINATIVE_MONTHS,
    DatePoint,
    EventDates,
)

from smolevents.core.errors import InvalidValueError
from tests.real_report import SEED_TEXT as SEED

D = DatePoint


# --- the real report ---------------------------------------------------------

def _seed_cells() -> list[str]:
    """Table cells of the flattened report: a tab starts a cell, other lines continue it."""
    cells: list[str] = []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        if line.startswith("\t"):
            cells.append(line[1:])
        elif cells:
            cells[-1] += "\n" + line
    return cells


def _seed_date_cells() -> list[str]:
    body = _seed_cells()[6:]  # the six header cells
    dates, i = [], 0
    while i < len(body):
        if re.fullmatch(r"\s*\d+\.\s*", body[i]):  # "1. " opens a six-cell event row
            dates.append(body[i + 3])
            i += 6
        else:  # a one-cell section row ("Сотрудничество в сфере культуры")
            i += 1
    return dates


def _as_printed(cell: str) -> str:
    """The cell's words on one line; "26 мая-\\n16 июня" wraps right after the hyphen."""
    return re.sub(r"\s*-\s*", "-", " ".join(cell.split()))


@pytest.fixture(scope="module")
def seed_dates() -> list[str]:
    return _seed_date_cells()


def test_seed_has_47_date_cells(seed_dates):
    assert len(seed_dates) == 47
    assert seed_dates[0] == "25 мая \n2023 года"
    assert seed_dates[-1] == "29 мая\n2023 года"


def test_every_seed_date_parses_and_formats_back(seed_dates):
    for cell in seed_dates:
        dates = EventDates.parse(cell)
        assert dates.understood, cell
        assert dates.verbatim == ""
        assert dates.format() == _as_printed(cell)
        assert EventDates.parse(dates.format()) == dates


def _kind(dates: EventDates) -> str:
    start, end = dates.start, dates.end
    if not start.has_day:
        return "month" if start == end else "months"
    if start == end:
        return "day"
    return "days" if start.month == end.month else "across months"


def test_seed_mix_of_forms(seed_dates):
    parsed = [EventDates.parse(cell) for cell in seed_dates]
    assert Counter(_kind(d) for d in parsed) == {
        "day": 26,
        "days": 17,
        "across months": 1,
        "month": 1,
        "months": 2,
    }
    by_text = {d.format(): d for d in parsed}
    assert by_text["апрель – май 2023 года"] == EventDates.range(D(2023, 4), D(2023, 5))
    assert by_text["февраль – март 2023 года"].first_day() == datetime.date(2023, 2, 1)
    assert by_text["июнь 2023 года"].last_day() == datetime.date(2023, 6, 30)
    assert by_text["26 мая-16 июня 2023 года"] == EventDates.range(D(2023, 5, 26), D(2023, 6, 16))


def test_seed_late_reported_events(seed_dates):
    # Events of February/March reported in Q2: accepted like any other.
    # (REPORT-FORMAT.md says 9; the seed table itself holds 7.)
    parsed = [EventDates.parse(cell) for cell in seed_dates]
    q2 = Quarter(2023, 2)
    early = [d for d in parsed if d.first_day().month in (2, 3)]
    assert len(early) == 7
    assert all(d.last_day() < q2.first_day for d in early)
    assert all(q2.contains(d) for d in parsed if d not in early)
    assert all(d.start.year == 2023 for d in parsed)


# --- the report's wording ----------------------------------------------------

@pytest.mark.parametrize(
    ("dates", "text"),
    [
        (EventDates.range(D(2023, 5, 25)), "25 мая 2023 года"),
        (EventDates.range(D(2023, 6, 14), D(2023, 6, 17)), "14-17 июня 2023 года"),
        (EventDates.range(D(2023, 5, 26), D(2023, 6, 16)), "26 мая-16 июня 2023 года"),
        (EventDates.range(D(2023, 6)), "июнь 2023 года"),
        (EventDates.range(D(2023, 4), D(2023, 5)), "апрель – май 2023 года"),
        (
            EventDates.range(D(2023, 12, 28), D(2024, 1, 10)),
            "28 декабря 2023 года – 10 января 2024 года",
        ),
        (EventDates.range(D(2023, 12), D(2024, 1)), "декабрь 2023 года – январь 2024 года"),
        (EventDates(verbatim="по согласованию"), "по согласованию"),
        (EventDates(), ""),
    ],
)
def test_format(dates, text):
    assert dates.format() == text
    assert str(dates) == text


def test_month_tables():
    assert len(GENITIVE_MONTHS) == len(NOMINATIVE_MONTHS) == 12
    assert (GENITIVE_MONTHS[4], NOMINATIVE_MONTHS[4]) == ("мая", "май")
    assert (GENITIVE_MONTHS[11], NOMINATIVE_MONTHS[0]) == ("декабря", "январь")


# --- what clerks type --------------------------------------------------------

CLERK_VARIANTS = [
    # (typed, start, end, formatted)
    ("с 14 по 17 июня 2023 г.", D(2023, 6, 14), D(2023, 6, 17), "14-17 июня 2023 года"),
    ("14 - 17 июня 2023 г.", D(2023, 6, 14), D(2023, 6, 17), "14-17 июня 2023 года"),
    ("С 30 июня по 2 июля 2023 года", D(2023, 6, 30), D(2023, 7, 2), "30 июня-2 июля 2023 года"),
    ("14.06.2023", D(2023, 6, 14), D(2023, 6, 14), "14 июня 2023 года"),
    ("14.06.2023 – 17.06.2023", D(2023, 6, 14), D(2023, 6, 17), "14-17 июня 2023 года"),
    ("14.06.2023-17.06.2023", D(2023, 6, 14), D(2023, 6, 17), "14-17 июня 2023 года"),
    ("13 мая 2023г.", D(2023, 5, 13), D(2023, 5, 13), "13 мая 2023 года"),
    ("13 мая 2023 г", D(2023, 5, 13), D(2023, 5, 13), "13 мая 2023 года"),
    ("13 мая 2023", D(2023, 5, 13), D(2023, 5, 13), "13 мая 2023 года"),
    ("23 - 25 сентября 2021 г.", D(2021, 9, 23), D(2021, 9, 25), "23-25 сентября 2021 года"),
    (
        "с 28 декабря 2023 года по 10 января 2024 года",
        D(2023, 12, 28), D(2024, 1, 10),
        "28 декабря 2023 года – 10 января 2024 года",
    ),
    (
        "28 декабря – 10 января 2024 года",  # the start's year is implied
        D(2023, 12, 28), D(2024, 1, 10),
        "28 декабря 2023 года – 10 января 2024 года",
    ),
    ("Июнь 2023", D(2023, 6), D(2023, 6), "июнь 2023 года"),
    ("апрель-май 2023 г.", D(2023, 4), D(2023, 5), "апрель – май 2023 года"),
    ("Апрель — Май 2023 года.", D(2023, 4), D(2023, 5), "апрель – май 2023 года"),
    (
        "декабрь 2023 – январь 2024",
        D(2023, 12), D(2024, 1),
        "декабрь 2023 года – январь 2024 года",
    ),
    ("25 мая \n2023 года", D(2023, 5, 25), D(2023, 5, 25), "25 мая 2023 года"),
    ("14-17 июня\n2023 года", D(2023, 6, 14), D(2023, 6, 17), "14-17 июня 2023 года"),
    ("26 мая-\n16 июня\n2023 года", D(2023, 5, 26), D(2023, 6, 16), "26 мая-16 июня 2023 года"),
    ("14\u221217 июня 2023", D(2023, 6, 14), D(2023, 6, 17), "14-17 июня 2023 года"),  # minus
    ("14\u201317\u00a0июня\u202f2023\u00a0г.", D(2023, 6, 14), D(2023, 6, 17), "14-17 июня 2023 года"),
    ("  25   МАЯ   2023   ГОДА  ", D(2023, 5, 25), D(2023, 5, 25), "25 мая 2023 года"),
    ("14-17.06.2023", D(2023, 6, 14), D(2023, 6, 17), "14-17 июня 2023 года"),
    ("29 февраля 2024 года", D(2024, 2, 29), D(2024, 2, 29), "29 февраля 2024 года"),
]


@pytest.mark.parametrize(("typed", "start", "end", "formatted"), CLERK_VARIANTS)
def test_clerk_variants(typed, start, end, formatted):
    dates = EventDates.parse(typed)
    assert (dates.start, dates.end) == (start, end)
    assert dates.format() == formatted
    assert EventDates.parse(formatted) == dates


@pytest.mark.parametrize(
    "typed",
    [
        "31 февраля 2023 года",  # no such day
        "29 февраля 2023 года",  # not a leap year
        "31.06.2023",
        "0 мая 2023",
        "17-14 июня 2023 года",  # ends before it starts
        "июнь 2023 года – январь 2023 года",
        "14 июня – май 2023 года",  # day and month precision mixed
        "25 мая",  # no year
        "14-17 июня",
        "2023 года",
        "весной 2023 года",
        "ежеквартально",
        "1-2-3 мая 2023",
        "-17 июня 2023",
        "в течение года",
    ],
)
def test_not_understood_is_kept_verbatim(typed):
    dates = EventDates.parse(typed)
    assert not dates.understood
    assert dates.start is None and dates.end is None
    assert dates.verbatim == typed.strip()
    assert dates.format() == typed.strip()
    assert not dates.is_empty
    assert dates.first_day() is None and dates.last_day() is None


def test_verbatim_is_stripped_but_line_breaks_inside_are_kept():
    dates = EventDates.parse("  весной,\nпо погоде \n")
    assert dates.verbatim == "весной,\nпо погоде"


@pytest.mark.parametrize("blank", ["", "   ", "\n\t\u00a0"])
def test_blank_is_empty(blank):
    dates = EventDates.parse(blank)
    assert dates.is_empty and not dates.understood
    assert dates.format() == ""
    assert dates.to_storage() == (None, None, "")


# --- the value types ---------------------------------------------------------

def test_date_point_days():
    assert D(2023, 6).first_day() == datetime.date(2023, 6, 1)
    assert D(2023, 6).last_day() == datetime.date(2023, 6, 30)
    assert D(2024, 2).last_day() == datetime.date(2024, 2, 29)
    assert D(2023, 6, 14).first_day() == D(2023, 6, 14).last_day() == datetime.date(2023, 6, 14)


def test_date_point_storage():
    assert D(2023, 5, 25).to_storage() == "2023-05-25"
    assert D(2023, 5).to_storage() == "2023-05"
    assert DatePoint.from_storage("2023-05-25") == D(2023, 5, 25)
    assert DatePoint.from_storage("2023-05") == D(2023, 5)


@pytest.mark.parametrize("bad", ["", "2023", "2023-5-25", "25.05.2023", "2023-13", "2023-02-30", "2023-05-25 "])
def test_date_point_from_bad_storage(bad):
    with pytest.raises(ValueError):
        DatePoint.from_storage(bad)


@pytest.mark.parametrize(("year", "month", "day"), [(2023, 13, None), (2023, 0, None), (2023, 2, 29), (2023, 4, 31), (0, 1, 1)])
def test_invalid_date_point_cannot_exist(year, month, day):
    with pytest.raises(ValueError):
        DatePoint(year, month, day)


def test_date_points_order_even_with_mixed_precision():
    points = [D(2023, 6, 2), D(2023, 6), D(2022, 12, 31), D(2023, 5)]
    assert sorted(points) == [D(2022, 12, 31), D(2023, 5), D(2023, 6), D(2023, 6, 2)]


def test_range_refuses_end_before_start():
    with pytest.raises(ValueError, match="раньше"):
        EventDates.range(D(2023, 6, 17), D(2023, 6, 14))
    with pytest.raises(ValueError, match="раньше"):
        EventDates.range(D(2024, 1), D(2023, 12))


def test_range_refuses_mixed_precision():
    with pytest.raises(ValueError):
        EventDates.range(D(2023, 6), D(2023, 6, 14))
    with pytest.raises(ValueError):
        EventDates(start=D(2023, 6, 14), end=D(2023, 7))


def test_range_of_one():
    single = EventDates.range(D(2023, 5, 25))
    assert single.end == single.start
    assert EventDates(start=D(2023, 5, 25)) == single
    assert single.understood and not single.is_empty


def test_inconsistent_values_are_refused():
    with pytest.raises(ValueError):
        EventDates(end=D(2023, 5, 25))
    with pytest.raises(ValueError):
        EventDates(start=D(2023, 5, 25), verbatim="25 мая")


def test_event_storage():
    dates = EventDates.range(D(2023, 5, 26), D(2023, 6, 16))
    assert dates.to_storage() == ("2023-05-26", "2023-06-16", "")
    assert EventDates.from_storage("2023-05-26", "2023-06-16", "") == dates
    assert EventDates.from_storage("2023-05-25", None, "") == EventDates.range(D(2023, 5, 25))
    assert EventDates(verbatim="весной").to_storage() == (None, None, "весной")
    assert EventDates.from_storage(None, None, "весной") == EventDates(verbatim="весной")
    with pytest.raises(ValueError):
        EventDates.from_storage(None, "2023-06-16", "")
    with pytest.raises(ValueError):
        EventDates.from_storage("2023-06-16", "2023-06", "")


# --- properties --------------------------------------------------------------

_days = st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2100, 12, 31))


@st.composite
def event_dates(draw) -> EventDates:
    a, b = sorted((draw(_days), draw(_days)))
    if draw(st.booleans()):
        return EventDates.range(D(a.year, a.month, a.day), D(b.year, b.month, b.day))
    return EventDates.range(D(a.year, a.month), D(b.year, b.month))


FAST = settings(max_examples=200, deadline=None)


@FAST
@given(event_dates())
def test_parse_reads_back_what_format_writes(dates):
    text = dates.format()
    assert "\n" not in text and "  " not in text
    assert EventDates.parse(text) == dates
    # the same text as it sits in the Word cell: year on its own line
    assert EventDates.parse(text.replace(" 20", " \n20").replace(" 19", "\n19")) == dates


@FAST
@given(event_dates())
def test_storage_round_trip(dates):
    assert EventDates.from_storage(*dates.to_storage()) == dates
    assert DatePoint.from_storage(dates.start.to_storage()) == dates.start


@FAST
@given(st.text())
def test_parse_never_raises_on_any_text(text):
    dates = EventDates.parse(text)
    assert dates.understood or dates.verbatim == text.strip()
    assert EventDates.from_storage(*dates.to_storage()) == dates


_TOKENS = st.sampled_from(
    [str(n) for n in (0, 1, 9, 14, 17, 29, 30, 31, 32, 99, 1990, 2023, 2024, 12345)]
    + list(GENITIVE_MONTHS) + list(NOMINATIVE_MONTHS)
    + ["года", "год", "г.", "г", "с", "по", "-", "–", "—", "\u2212", ".", "..", "14.06.2023", "31.02.2023",
       " ", "  ", "\n", "\u00a0", "\u202f", "МАЯ", "Июнь", "весной"]
)


@FAST
@given(st.lists(_TOKENS, max_size=10).map("".join) | st.lists(_TOKENS, max_size=10).map(" ".join))
def test_parse_never_raises_on_date_like_text(text):
    dates = EventDates.parse(text)
    if dates.understood:
        # whatever we understood, we write in a form we read back identically
        assert EventDates.parse(dates.format()) == dates
        assert dates.first_day() <= dates.last_day()
    else:
        assert dates.verbatim == text.strip()


def test_stored_dates_read_as_from_storage_and_a_long_verbatim_text_is_not_kept():
    from smolevents.core import dates as dates_module

    dates_module.forget_stored_dates()
    assert dates_module.stored_dates("2023-05-15", "2023-05-17", "") == \
        EventDates.from_storage("2023-05-15", "2023-05-17", "")
    assert dates_module.stored_dates("2023-05-15", "2023-05-17", "") is \
        dates_module.stored_dates("2023-05-15", "2023-05-17", "")  # read once
    long_text = "в течение всего квартала, по согласованию сторон " * 10
    read = dates_module.stored_dates(None, None, long_text)
    assert read == EventDates.from_storage(None, None, long_text) and read.verbatim == long_text
    assert dates_module._memo_dates.cache_info().currsize == 1  # the long text was not memoised
    with pytest.raises(InvalidValueError):
        dates_module.stored_dates(None, "2023-05-17", "")


def test_days_in_month_are_the_calendars():
    import calendar

    from smolevents.core.dates import days_in_month

    for year in [*range(1000, 1010), 1100, 1600, 1700, 1900, 2000, 2023, 2024, 2100, 2400, 9996, 9999]:
        for month in range(1, 13):
            assert days_in_month(year, month) == calendar.monthrange(year, month)[1], (year, month)
