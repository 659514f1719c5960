"""Which events have a problem, found in SQL; `check` reads only those, and only what the rule needs.

The expressions here say in SQL what `validation.check_event` finds (tests hold the two
together over a varied database): a required text field blank (white space as Python's
`str.strip()` sees it), dates left empty or not understood, or outside the quarter.
`quarter_summary` counts with them for the window; `quarter_checks` lists every quarter's
problems for `check` in one pass over the events, reading per flagged event its blank
fields and its stored dates (not the whole event), and lets the validation rule word them.
"""

from __future__ import annotations

from smolevents.core.dates import EventDates
from smolevents.core.domain import Quarter
from smolevents.core.store import Store
from smolevents.core.validation import (
    REQUIRED_TEXT_FIELDS, Problem, QuarterCheck, checked_report, dates_warning, event_problems,
)

# Exactly the characters Python's str.strip() removes, for SQLite's trim().
WHITE_SPACE = "".join(chr(code) for code in range(0x3001) if chr(code).isspace())
_WHITE_SPACE_CODES = ", ".join(str(ord(character)) for character in WHITE_SPACE)


# First characters no white space is among (Latin and Cyrillic letters, digits, quotes):
# a text starting with one is not blank.
_NOT_SPACE_RANGES = ((33, 132), (161, 5759))


def blank(expression: str) -> str:
    """SQL: the text is empty or white space only (parameter `:space` = WHITE_SPACE)."""
    # Nearly every text starts with a letter: two ranges of its first character settle it
    # (a third of the cost of the list of white space); trim(), which allocates on every
    # call, runs only for the texts that start with white space.
    letter = " OR ".join(f"unicode({expression}) BETWEEN {first} AND {last}" for first, last in _NOT_SPACE_RANGES)
    return (f"(CASE WHEN {letter} THEN 0 WHEN unicode({expression}) IN ({_WHITE_SPACE_CODES})"
            f" THEN trim({expression}, :space) = '' ELSE {expression} = '' END)")


# The stored dates (`EventDates.to_storage`): no start means not understood ("" counts as none,
# as `EventDates.from_storage` reads it); a missing end is the start.
NO_START = "(coalesce(e.date_start, '') = '')"
# 'YYYY-MM[-DD]' compared with the quarter's first month and the month after it, as text.
OUTSIDE = "(e.date_start < {first} OR coalesce(nullif(e.date_end, ''), e.date_start) >= {after})"


def problem_terms(first: str = ":first", after: str = ":after") -> tuple[list[str], str, str]:
    """SQL conditions on an event row `e`: one per error `check_event` can report, the
    warning about its dates, and every problem at once (`first`, `after`: the quarter's
    first month and the month after it, 'YYYY-MM')."""
    errors = [blank(f"e.{field}") for field in REQUIRED_TEXT_FIELDS]
    errors.append(f"({NO_START} AND {blank('e.date_text')})")
    outside = OUTSIDE.format(first=first, after=after)
    warning = f"(CASE WHEN {NO_START} THEN NOT {blank('e.date_text')} ELSE {outside} END)"
    any_problem = " OR ".join([blank(f"e.{field}") for field in REQUIRED_TEXT_FIELDS]
                              + [NO_START, outside])
    return errors, warning, f"({any_problem})"


def month_bounds(quarter: Quarter) -> dict[str, str]:
    """The quarter's first month and the month after it, as `OUTSIDE` compares them."""
    following = quarter.next()
    return {"first": f"{quarter.first_day:%Y-%m}", "after": f"{following.first_day:%Y-%m}"}


def quarter_checks(store: Store) -> dict[Quarter, QuarterCheck]:
    """What `check_quarter` finds in every quarter of the file (keyed by quarter), with the
    report's numbers, from one pass over the events that reads only the flagged ones."""
    reports = store.conn.execute("SELECT id, year, quarter, closing FROM reports").fetchall()
    if not reports:
        return {}
    quarters = {report_id: Quarter(year, number) for report_id, year, number, _closing in reports}
    flagged = _flagged_events(store, quarters)
    checks = {}
    for report_id, _year, _number, closing in reports:
        quarter = quarters[report_id]
        numbers, count = _report_numbers(store, report_id, {row[0] for row in flagged.get(report_id, ())})
        rows = sorted(flagged.get(report_id, ()), key=lambda row: numbers[row[0]])
        checks[quarter] = checked_report(_problems(rows, numbers, quarter), quarter, closing or "", count)
    return checks


def quarter_check(store: Store, quarter: Quarter) -> QuarterCheck:
    """`quarter_checks` of one quarter (an empty check when the file does not have it)."""
    return quarter_checks(store).get(quarter) or checked_report([], quarter, store.closing(quarter), 0)


def _flagged_events(store: Store, quarters: dict[int, Quarter]) -> dict[int, list[tuple]]:
    """(event id, bit mask of the required text fields left blank, date_start, date_end,
    date_text) of every event with a problem, by report id."""
    # The quarter's months picked per row by report id: one scan of the file in its own
    # order, not one walk through an index per quarter.
    bounds = {report_id: month_bounds(quarter) for report_id, quarter in quarters.items()}
    parameters: dict[str, object] = {"space": WHITE_SPACE}
    picks = {"first": [], "after": []}
    for report_id, months in bounds.items():
        for name in picks:
            parameters[f"{name}{report_id}"] = months[name]
            picks[name].append(f"WHEN {int(report_id)} THEN :{name}{report_id}")
    first, after = (f"(CASE e.report_id {' '.join(picks[name])} END)" for name in ("first", "after"))
    _errors, _warning, any_problem = problem_terms(first, after)
    mask = " | ".join(f"({blank(f'e.{field}')} << {bit})" for bit, field in enumerate(REQUIRED_TEXT_FIELDS))
    flagged: dict[int, list[tuple]] = {}
    rows = store.conn.execute(
        f"SELECT e.report_id, e.id, {mask}, e.date_start, e.date_end, e.date_text FROM events e"
        f" WHERE {any_problem}", parameters)
    for report_id, *row in rows:
        flagged.setdefault(report_id, []).append(tuple(row))
    return flagged


def _report_numbers(store: Store, report_id: int, wanted: set[int]) -> tuple[dict[int, int], int]:
    """The report numbers of the `wanted` events of one quarter, and its number of events."""
    numbers: dict[int, int] = {}
    count = 0
    sections = store.conn.execute("SELECT id FROM sections ORDER BY sort_order, id").fetchall()
    for section_id, in sections:
        # Report order within a section through the events_in_order index, ids only.
        ids = [row[0] for row in store.conn.execute(
            "SELECT id FROM events WHERE report_id = ? AND section_id = ? ORDER BY position, id",
            (report_id, section_id))]
        if wanted:
            numbers.update((event_id, count + offset) for offset, event_id in enumerate(ids, start=1)
                           if event_id in wanted)
        count += len(ids)
    return numbers, count


def _problems(rows: list[tuple], numbers: dict[int, int], quarter: Quarter) -> list[tuple[int, Problem]]:
    """The validation rule's problems of the flagged events, in report order."""
    dates_facts: dict[tuple, tuple[bool, str | None]] = {}  # dates repeat: each is read and worded once
    problems: list[tuple[int, Problem]] = []
    for event_id, mask, start, end, text in rows:
        key = (start, end, text)
        facts = dates_facts.get(key)
        if facts is None:
            dates = EventDates.from_storage(start, end, text)
            facts = dates_facts[key] = (dates.is_empty, dates_warning(dates, quarter))
        blank_texts = [field for bit, field in enumerate(REQUIRED_TEXT_FIELDS) if mask >> bit & 1]
        number = numbers[event_id]
        problems.extend((number, problem) for problem in event_problems(event_id, blank_texts, *facts))
    return problems
