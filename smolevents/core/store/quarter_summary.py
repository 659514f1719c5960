"""A quarter's counts (events, errors, warnings) in one SQL query.

The window shows them all the time and refreshes them after every edit; running
`check_quarter` over 20 000 events each time would be far too slow. The query
counts exactly what `validation.check_event` reports (a test holds the two
together): a blank required field is an error; dates not understood, or outside
the quarter, are a warning; so is a blank closing paragraph when there are events.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from smolevents.core.columns import EVENT_COLUMNS
from smolevents.core.domain import Quarter
from smolevents.core.store import Store
from smolevents.core.validation import QuarterCheck, check_closing, check_numbered_events

# Exactly the characters Python's str.strip() removes, for SQLite's trim().
_WHITE_SPACE = "".join(chr(code) for code in range(0x3001) if chr(code).isspace())
_TEXT_REQUIRED = [column.field for column in EVENT_COLUMNS if column.required and column.kind == "text"]
_DATES_REQUIRED = any(column.required and column.kind == "dates" for column in EVENT_COLUMNS)


@dataclass(frozen=True)
class QuarterSummary:
    quarter: Quarter
    events: int
    errors: int
    warnings: int


def _blank(expression: str) -> str:
    return f"(trim({expression}, :space) = '')"


def _problem_counts(quarter: Quarter) -> tuple[str, str, dict]:
    """SQL expressions of one event row `e`: its number of errors, its number of
    warnings (the closing paragraph aside), and their parameters."""
    blank_text = [_blank(f"e.{field}") for field in _TEXT_REQUIRED]
    no_dates = f"(e.date_start IS NULL AND {_blank('e.date_text')})"
    errors = " + ".join(blank_text + ([no_dates] if _DATES_REQUIRED else [])) or "0"
    warnings = (
        f"(e.date_start IS NULL AND NOT {_blank('e.date_text')})"
        " + (e.date_start IS NOT NULL AND (substr(e.date_start, 1, 7) < :first"
        " OR substr(e.date_end, 1, 7) > :last))"
    )
    parameters = {"space": _WHITE_SPACE, "first": f"{quarter.first_day:%Y-%m}",
                  "last": f"{quarter.last_day:%Y-%m}", "year": quarter.year, "quarter": quarter.quarter}
    return errors, warnings, parameters


def summarize(store: Store, quarter: Quarter) -> QuarterSummary:
    errors, warnings, parameters = _problem_counts(quarter)
    row = store.conn.execute(
        f"SELECT count(e.id), coalesce(sum({errors}), 0), coalesce(sum({warnings}), 0),"
        " (SELECT closing FROM reports WHERE year = :year AND quarter = :quarter)"
        " FROM events e JOIN reports r ON r.id = e.report_id"
        " WHERE r.year = :year AND r.quarter = :quarter",
        parameters,
    ).fetchone()
    events, error_count, warning_count, closing = row
    warning_count += len(check_closing(closing or "", quarter, events))
    return QuarterSummary(quarter, events, error_count, warning_count)


def events_with_problems(store: Store, quarter: Quarter) -> set[int]:
    """Ids of the quarter's events that have an error or a warning (found in SQL, as counted above)."""
    errors, warnings, parameters = _problem_counts(quarter)
    rows = store.conn.execute(
        "SELECT e.id FROM events e JOIN reports r ON r.id = e.report_id"
        f" WHERE r.year = :year AND r.quarter = :quarter AND ({errors}) + ({warnings}) > 0",
        parameters,
    )
    return {row[0] for row in rows}


def quarter_check(store: Store, quarter: Quarter) -> QuarterCheck:
    """What `check_quarter` finds, with the report's numbers, reading only the events that
    have a problem (a quarter of 100 000 events is not read whole to list a few)."""
    numbers = {event_id: number for event_id, _section_id, number in store.quarter_rows(quarter)}
    ids = sorted(events_with_problems(store, quarter), key=numbers.__getitem__)
    events = store.events_by_ids(ids)
    return check_numbered_events([(numbers[event_id], events[event_id]) for event_id in ids], quarter,
                                 store.closing(quarter), event_count=len(numbers))


def summarize_file(path: Path, quarter: Quarter) -> QuarterSummary:
    """The same counts through a read-only connection of its own (the window's worker thread)."""
    from smolevents.core.store.uri import read_only_uri  # not on the window's start-up path

    conn = sqlite3.connect(read_only_uri(Path(path).absolute()), uri=True, timeout=5.0)
    try:
        return summarize(Store(conn, Path(path)), quarter)
    finally:
        conn.close()


def quarters_with_counts(store: Store) -> list[tuple[Quarter, int]]:
    """Every quarter the file knows (newest first) with its number of events."""
    # Counted in the index on (report_id, …) per quarter: no join over the events.
    rows = store.conn.execute(
        "SELECT r.year, r.quarter, (SELECT count(*) FROM events e WHERE e.report_id = r.id)"
        " FROM reports r ORDER BY r.year DESC, r.quarter DESC"
    )
    return [(Quarter(year, number), count) for year, number, count in rows]


def default_quarter(store: Store, today: Quarter | None = None,
                    counts: list[tuple[Quarter, int]] | None = None) -> Quarter:
    """The quarter the window opens on: the current one if it has events, else the
    newest with events, else the current one (`counts`: quarters_with_counts, if read already)."""
    today = today or Quarter.current()
    with_events = [quarter for quarter, count in (quarters_with_counts(store) if counts is None else counts)
                   if count]
    if today in with_events or not with_events:
        return today
    return with_events[0]
