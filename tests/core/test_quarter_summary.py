"""The quarter bar's counts come from SQL and must equal what validation reports."""

import pytest

from smolevents.core.dates import DatePoint, EventDates
from smolevents.core.domain import Quarter
from smolevents.core.store.quarter_problems import quarter_check
from smolevents.core.store.quarter_summary import (
    default_quarter, quarters_with_counts, quarters_with_events, summarize,
)
from smolevents.core.validation import check_quarter
from tests.real_report import QUARTER

FULL = dict(name="Встреча", place="г. Смоленск", purpose="Переговоры", participants="10 человек")


def _check(store, quarter):
    return check_quarter(store.events(quarter), quarter, store.closing(quarter))


def test_real_report_counts_equal_check_quarter(real_store):
    summary = summarize(real_store, QUARTER)
    check = _check(real_store, QUARTER)
    assert summary.events == 47
    assert (summary.errors, summary.warnings) == (len(check.errors), len(check.warnings))
    assert summary.warnings > 0  # events reported late (February, March) are warned about


@pytest.mark.parametrize("changes", [
    {},
    {"name": ""},
    {"name": " \n\u00a0\t"},  # only white space, Unicode included
    {"place": "", "purpose": "   ", "participants": "\u2003"},
    {"dates": EventDates()},
    {"dates": EventDates(verbatim="  ")},
    {"dates": EventDates(verbatim="в течение квартала")},
    {"dates": EventDates.parse("25 мая 2023 года")},
    {"dates": EventDates.parse("31 марта 2023 года")},
    {"dates": EventDates.parse("30 июня-2 июля 2023 года")},
    {"dates": EventDates.range(DatePoint(2023, 4), DatePoint(2023, 6))},
    {"dates": EventDates.range(DatePoint(2023, 6), DatePoint(2023, 7))},
    {"dates": EventDates.range(DatePoint(2022, 12), DatePoint(2023, 1))},
])
@pytest.mark.parametrize("closing", ["", "Текст абзаца", " \n "])
def test_counts_equal_check_quarter_for_each_kind_of_problem(store, changes, closing):
    section = store.sections()[0]
    fields = {**FULL, "dates": EventDates.parse("25 мая 2023 года"), **changes}
    store.add_event(QUARTER, section.id, **fields)
    store.add_event(QUARTER, section.id, **{**FULL, "dates": EventDates.parse("1 апреля 2023 года")})
    store.set_closing(QUARTER, closing)
    check = _check(store, QUARTER)
    summary = summarize(store, QUARTER)
    assert (summary.events, summary.errors, summary.warnings) == (2, len(check.errors), len(check.warnings))
    assert quarter_check(store, QUARTER).problems == check.problems  # only the events with a problem read


def test_the_problems_found_in_sql_are_those_of_check_quarter_with_the_report_numbers(real_store):
    sections = real_store.sections()
    real_store.add_event(QUARTER, sections[-1].id, name="Без места", purpose="Цель", participants="5",
                         dates=EventDates.parse("1 апреля 2023 года"))
    real_store.add_event(QUARTER, sections[0].id, **FULL, dates=EventDates(verbatim="осенью"))
    assert quarter_check(real_store, QUARTER).lines() == _check(real_store, QUARTER).lines()
    assert quarter_check(real_store, Quarter(2030, 1)).problems == []


def test_an_empty_quarter_has_no_problems(store):
    assert summarize(store, Quarter(2030, 1)) == summarize(store, Quarter(2030, 1))
    summary = summarize(store, Quarter(2030, 1))
    assert (summary.events, summary.errors, summary.warnings) == (0, 0, 0)


def test_window_opens_on_the_current_quarter_or_the_newest_with_events(store):
    today = Quarter(2024, 1)
    assert default_quarter(store, today) == today  # empty file
    store.add_event(QUARTER, store.sections()[0].id, name="Было")
    store.ensure_report(Quarter(2023, 4))  # a quarter started but still empty
    assert default_quarter(store, today) == QUARTER
    assert quarters_with_counts(store) == [(Quarter(2023, 4), 0), (QUARTER, 1)]
    store.add_event(QUARTER, store.sections()[0].id, name="Еще")
    assert quarters_with_counts(store) == [(Quarter(2023, 4), 0), (QUARTER, 2)]
    # What the window's start-up reads before its first paint: the same quarters, nothing counted.
    assert quarters_with_events(store) == [(Quarter(2023, 4), False), (QUARTER, True)]
    assert default_quarter(store, today, counts=quarters_with_events(store)) == QUARTER
    store.add_event(today, store.sections()[0].id, name="Сейчас")
    assert default_quarter(store, today) == today
