"""A drafted closing paragraph whose counts are no longer the quarter's is a warning."""

from smolevents.cli.commands.check import summary_lines
from smolevents.core.domain import Quarter
from smolevents.core.report.closing_draft import draft_closing
from smolevents.core.store.quarter_summary import summarize
from smolevents.core.validation import WARNING, check_closing, check_quarter

QUARTER = Quarter(2023, 3)


def _add(store, count):
    section = store.sections()[0]
    for number in range(count):
        store.add_event(QUARTER, section.id, name=f"Встреча {number}", place="г. Смоленск",
                        purpose="Переговоры", participants="10 человек")


def test_a_draft_that_still_matches_is_quiet_and_one_that_does_not_is_a_warning(store):
    _add(store, 3)
    store.set_closing(QUARTER, draft_closing(store, QUARTER))
    assert "проведено 3 мероприятия" in store.closing(QUARTER)
    assert check_closing(store.closing(QUARTER), QUARTER, 3) == []
    _add(store, 1)
    problems = check_closing(store.closing(QUARTER), QUARTER, 4)
    assert [problem.severity for problem in problems] == [WARNING]
    assert "указано 3 мероприятия, а в отчете 4 мероприятия" in problems[0].message
    check = check_quarter(store.events(QUARTER), QUARTER, store.closing(QUARTER))
    assert any("Составить по данным" in line for line in check.lines())
    assert summarize(store, QUARTER).warnings == len(check.warnings)


def test_check_on_the_command_line_lists_it(store):
    _add(store, 3)
    store.set_closing(QUARTER, draft_closing(store, QUARTER))
    _add(store, 1)
    lines, _ = summary_lines(store, with_problems=True)
    assert any("указано 3 мероприятия, а в отчете 4 мероприятия" in line for line in lines)


def test_a_paragraph_written_by_hand_is_not_second_guessed(store):
    _add(store, 2)
    closing = "В III квартале 2023 года состоялись 4 встречи с иностранными делегациями."
    assert check_closing(closing, QUARTER, 2) == []
    assert "не проводились" in draft_closing(store, Quarter(2024, 1))
    assert check_closing(draft_closing(store, Quarter(2024, 1)), QUARTER, 2)[0].message.startswith(
        "В заключительном абзаце сказано, что мероприятия не проводились, а в отчете 2 мероприятия")
