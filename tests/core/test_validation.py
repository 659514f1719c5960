from smolevents.core.dates import EventDates
from smolevents.core.domain import Quarter
from smolevents.core.report.model import build_report
from smolevents.core.validation import ERROR, WARNING, check_event
from tests.real_report import QUARTER

Q2 = Quarter(2023, 2)


def test_an_empty_event_lists_every_required_field_by_its_label(store):
    event = store.add_event(Q2, store.sections()[0].id)
    messages = [p.message for p in check_event(event) if p.severity == ERROR]
    assert messages == [
        "Не заполнено поле «Наименование мероприятия».",
        "Не заполнено поле «Место проведения».",
        "Не заполнено поле «Сроки проведения».",
        "Не заполнено поле «Цель, содержание и результат».",
        "Не заполнено поле «Участники».",
    ]


def test_blank_text_counts_as_missing(store):
    event = store.add_event(Q2, store.sections()[0].id, name="Форум", place="  \n ",
                            dates=EventDates.parse("25 мая 2023 года"), purpose="цель",
                            participants="30 человек")
    assert [(p.field, p.severity) for p in check_event(event)] == [("place", ERROR)]


def test_outside_the_quarter_is_only_a_warning(store):
    event = store.add_event(Q2, store.sections()[0].id, name="Форум", place="г. Смоленск",
                            dates=EventDates.parse("29-30 марта 2023 года"), purpose="цель",
                            participants="30 человек")
    problems = check_event(event)
    assert [(p.field, p.severity) for p in problems] == [("dates", WARNING)]
    assert "не в II квартале 2023 года" in problems[0].message


def test_dates_not_understood_are_kept_and_warned(store):
    event = store.add_event(Q2, store.sections()[0].id, name="Форум", place="г. Смоленск",
                            dates=EventDates.parse("в течение квартала"), purpose="цель",
                            participants="30 человек")
    assert store.event(event.id).dates.format() == "в течение квартала"
    problems = check_event(store.event(event.id))
    assert [(p.field, p.severity) for p in problems] == [("dates", WARNING)]
    assert "«в течение квартала» не распознано" in problems[0].message


def test_the_real_report_has_no_errors_and_warns_about_the_late_events(real_store):
    check = build_report(real_store, QUARTER).check
    assert check.errors == []
    late = [number for number, problem in check.warnings if problem.field == "dates"]
    assert late == [5, 6, 7, 23, 24, 25, 34]
    assert check.lines()[0].startswith("№ 5: Сроки проведения: мероприятие прошло не в II квартале")


def test_a_missing_closing_paragraph_is_a_warning(real_store):
    real_store.set_closing(QUARTER, "")
    check = build_report(real_store, QUARTER).check
    assert check.errors == []
    assert any("заключительный абзац" in line for line in check.lines())


def test_checks_in_a_row_find_what_check_event_finds_with_dates_shared_across_quarters(real_store):
    from smolevents.core.periods import Period
    from smolevents.core.store.report_reader import report_events
    from smolevents.core.validation import EventChecks

    section = real_store.sections()[0].id
    june = EventDates.parse("14-17 июня 2023 года")
    for quarter in (Quarter(2023, 1), Q2, Quarter(2023, 3)):
        real_store.add_event(quarter, section, name="Форум", place="г. Смоленск", dates=june,
                             purpose="цель", participants="")
        real_store.add_event(quarter, section, name=" \u00a0", place="г. Минск", dates=EventDates.parse("весной"),
                             purpose="цель", participants="5")
        real_store.add_event(quarter, section, name="Встреча", place="г. Минск", dates=EventDates(),
                             purpose="\t", participants="5")
    events = list(report_events(real_store, Period(2023, "9m")))
    assert len({id(event.dates) for event in events if event.dates == june}) == 1  # one object, three quarters
    checks = EventChecks()
    assert [checks(event) for event in events] == [check_event(event) for event in events]
    assert sum(1 for event in events if check_event(event)) > 10
