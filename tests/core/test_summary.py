"""The period's figures: `smolevents summary` (text and --json) over the real report and other quarters."""

import json

import pytest

from smolevents.cli.main import main
from smolevents.core.periods import Period
from smolevents.core.store import Store
from smolevents.core.summary import summarize_period
from tests.core.period_store import add_other_events
from tests.core.test_countries import EXPECTED as COUNTRIES
from tests.core.test_participants import EXPECTED as TOTALS
from tests.real_report import real_report_into

JSON_KEYS = {"period", "events", "by_section", "by_quarter", "by_country", "abroad",
             "participants_total", "outside_period", "event_countries"}


def test_the_real_quarter_in_figures(real_store):
    summary = summarize_period(real_store, Period(2023, "q2"))
    assert summary.events == 47
    assert summary.by_quarter == {"2023-q2": 47}
    assert list(summary.by_section.values()) == [2, 2, 18, 11, 6, 2, 4, 2]
    expected_countries = {}
    for codes in COUNTRIES.values():
        for code in codes:
            expected_countries[code] = expected_countries.get(code, 0) + 1
    assert summary.by_country == expected_countries
    assert list(summary.by_country)[:2] == ["BY", "UZ"]  # most events first
    assert summary.participants_stated == sum(1 for total in TOTALS.values() if total is not None)
    assert summary.participants_total == sum(total for total in TOTALS.values() if total is not None)
    assert summary.abroad == 16  # the place names Беларусь or one of its cities/regions
    assert summary.outside_period == 7  # dated in March, as `check` warns
    assert summary.event_countries == {number: codes for number, codes in COUNTRIES.items() if codes}


def test_the_year_across_quarters(real_store):
    add_other_events(real_store)
    summary = summarize_period(real_store, Period(2023, "year"))
    assert summary.events == 52
    assert summary.by_quarter == {"2023-q1": 2, "2023-q2": 47, "2023-q3": 2, "2023-q4": 1}
    assert summary.by_section_quarter["Сотрудничество в сфере культуры"] == {
        "2023-q1": 1, "2023-q2": 18, "2023-q3": 1, "2023-q4": 0}
    assert summary.by_country["BY"] == 42 + 2
    assert summary.by_country["CN"] == 1 and summary.by_country["VN"] == 1
    assert summary.event_countries[1] == ("CN",)  # the Q1 visit opens the investment section
    assert summary.abroad == 16 + 2
    assert summary.participants_total == sum(t for t in TOTALS.values() if t) + 40 + 7 + 12 + 1000
    assert summary.numbers_where(country="VN") == [52]  # general section, last
    assert summary.numbers_where(section="Сотрудничество в сфере культуры", quarter="2023-q3") != []


def test_summary_json_has_exactly_the_documented_shape(tmp_path, real_report, capsys):
    db = tmp_path / "events.sqlite"
    with Store.open(db) as store:
        real_report_into(store, real_report)
    assert main(["summary", "--year", "2023", "--period", "q2", "--json", "--db", str(db)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == JSON_KEYS
    assert data["period"] == "2023-q2" and data["events"] == 47
    assert data["by_quarter"] == {"2023-q2": 47}
    assert data["event_countries"]["16"] == ["BY", "CZ", "UZ", "AM"]
    assert "2" not in data["event_countries"]  # an event without partner countries is left out
    assert data["abroad"] == 16 and data["outside_period"] == 7


def test_summary_text_and_refusals(tmp_path, real_report, capsys):
    db = tmp_path / "events.sqlite"
    with Store.open(db) as store:
        real_report_into(store, real_report)
    assert main(["summary", "--year", "2023", "--db", str(db)]) == 0  # the year by default
    out = capsys.readouterr().out
    assert out.startswith("Сводка за 2023 год: мероприятий 47.")
    assert "  BY Беларусь — 42" in out
    assert "За рубежом: 16." in out
    assert main(["summary", "--year", "2023", "--period", "h3", "--db", str(db)]) == 2
    assert "Период указывается одним из" in capsys.readouterr().err
    assert main(["summary", "--year", "2023", "--db", str(tmp_path / "нет.sqlite")]) == 1
    assert "не найдена" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["h1", "9m"])
def test_a_period_without_events_is_all_zeros(store, kind):
    summary = summarize_period(store, Period(2030, kind))
    assert summary.events == 0 and summary.by_country == {} and set(summary.by_quarter.values()) == {0}
