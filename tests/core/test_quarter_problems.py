"""`check` finds the events with a problem in SQL and reads only their blank fields and dates:
what it lists must be, line for line, what the validation rule finds reading every event."""

import random
import sqlite3

import pytest

from smolevents.core.dates import DatePoint, EventDates
from smolevents.core.domain import Quarter
from smolevents.core.store.quarter_problems import WHITE_SPACE, blank, quarter_check, quarter_checks
from smolevents.core.store.quarter_summary import summarize
from smolevents.core.validation import check_quarter

QUARTERS = [Quarter(2023, 2), Quarter(2023, 4), Quarter(2024, 1)]
TEXTS = ["", " ", " \n\u00a0\t", "\u3000", "\u2028", "\u200b", "\x00", "Встреча", "  Встреча  ",
         "\u00a0г. Смоленск", "«Кубок»", "\u2003\u2003x"]
DATES = [
    EventDates(), EventDates(verbatim="  "), EventDates(verbatim="\u00a0"), EventDates(verbatim="осенью"),
    EventDates(verbatim=" в течение квартала "),
    EventDates.range(DatePoint(2023, 4, 1)), EventDates.range(DatePoint(2023, 6, 30)),
    EventDates.range(DatePoint(2023, 3, 31)), EventDates.range(DatePoint(2023, 7, 1)),
    EventDates.range(DatePoint(2023, 3, 30), DatePoint(2023, 4, 2)),
    EventDates.range(DatePoint(2023, 6, 29), DatePoint(2023, 7, 2)),
    EventDates.range(DatePoint(2023, 4), DatePoint(2023, 6)), EventDates.range(DatePoint(2023, 6), DatePoint(2023, 7)),
    EventDates.range(DatePoint(2023, 12, 30), DatePoint(2024, 1, 2)), EventDates.range(DatePoint(2023, 10, 1)),
    EventDates.range(DatePoint(2024, 1), DatePoint(2024, 3)), EventDates.range(DatePoint(2024, 3, 31)),
    EventDates.range(DatePoint(2022, 12, 31)),
]


def _reference(store, quarter):
    """The validation rule over every event of the quarter, read whole, in report order."""
    return check_quarter(store.events(quarter), quarter, store.closing(quarter))


@pytest.fixture
def varied_store(store):
    """Events of three quarters and every section, each field blank, white space only or
    filled in a different way, dates of every kind, sections and events moved around."""
    chance = random.Random(14)
    sections = store.sections()
    for _ in range(400):
        fields = {field: chance.choice(TEXTS) for field in ("name", "place", "purpose", "participants")}
        store.add_event(chance.choice(QUARTERS), chance.choice(sections).id, dates=chance.choice(DATES),
                        index=chance.choice([None, 0, 3]), **fields)
    store.move_section(sections[-1].id, 0)
    store.move_section(sections[2].id, 5)
    store.set_closing(QUARTERS[0], "В II квартале 2023 года проведено 3 мероприятия.")
    store.set_closing(QUARTERS[1], " ")
    store.ensure_report(Quarter(2025, 2))  # a quarter without events
    # What another program may leave, which this program reads all the same: no end
    # (the start is the end), an empty start (dates not understood).
    ids = [row[0] for row in store.conn.execute("SELECT id FROM events ORDER BY id")]
    with store.transaction():
        store.conn.executemany("UPDATE events SET date_end = NULL WHERE id = ?", [(i,) for i in ids[::7]])
        store.conn.executemany("UPDATE events SET date_start = '', date_end = NULL, date_text = ?"
                               " WHERE id = ?", [(chance.choice(["", " ", "летом"]), i) for i in ids[3::11]])
    return store


def test_the_problems_listed_from_sql_are_those_of_the_rule_over_whole_events(varied_store):
    checks = quarter_checks(varied_store)
    assert set(checks) == set(QUARTERS) | {Quarter(2025, 2)}
    for quarter in checks:
        reference = _reference(varied_store, quarter)
        assert checks[quarter].lines() == reference.lines()
        assert checks[quarter].problems == reference.problems
        summary = summarize(varied_store, quarter)
        assert (summary.errors, summary.warnings) == (len(reference.errors), len(reference.warnings))
    # Every kind of problem is there, so the comparison above means something.
    lines = [line for check in checks.values() for line in check.lines()]
    for kind in ("Не заполнено поле «Наименование мероприятия»", "Не заполнено поле «Место проведения»",
                 "Не заполнено поле «Сроки проведения»", "Не заполнено поле «Цель, содержание и результат»",
                 "Не заполнено поле «Участники»", "не распознано как дата", "мероприятие прошло не",
                 "Не заполнен заключительный абзац", "В заключительном абзаце указано 3 мероприятия"):
        assert any(kind in line for line in lines), kind


def test_a_quarter_the_file_does_not_have_has_no_problems(varied_store):
    assert quarter_check(varied_store, Quarter(2030, 1)).problems == []


def test_sql_finds_blank_exactly_the_texts_python_strips_to_nothing():
    # Every character the blank test can start with, alone, before a letter and before white space.
    texts = ["", *(chr(code) + tail for code in range(0x3100) for tail in ("", "ж", "\u3000"))]
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (text TEXT)")
    conn.executemany("INSERT INTO t VALUES (?)", [(text,) for text in texts])
    found = [row[0] for row in conn.execute(f"SELECT {blank('text')} FROM t ORDER BY rowid", {"space": WHITE_SPACE})]
    assert found == [int(not text.strip()) for text in texts]
