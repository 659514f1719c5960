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

from smolevents.core.domain import Quarter
from smolevents.core.store import Store
from smolevents.core.validation import check_closing


@dataclass(frozen=True)
class QuarterSummary:
    quarter: Quarter
    events: int
    errors: int
    warnings: int


def _problem_counts(quarter: Quarter) -> tuple[str, str, dict]:
    """SQL expressions of one event row `e`: its number of errors, its number of
    warnings (the closing paragraph aside), and their parameters."""
    # Imported when first counted (after the window's first paint, in its counting thread):
    # its white-space list tries 12 288 characters, a few ms the start-up need not pay.
    from smolevents.core.store.quarter_problems import WHITE_SPACE, month_bounds, problem_terms

    errors, warning, _any = problem_terms()
    parameters = {"space": WHITE_SPACE, **month_bounds(quarter), "year": quarter.year, "quarter": quarter.quarter}
    return " + ".join(errors), warning, parameters


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


def quarters_with_events(store: Store) -> list[tuple[Quarter, bool]]:
    """Every quarter the file knows (newest first) and whether it has events: what the window's
    start-up needs before its first paint, without counting 100 000 index entries."""
    rows = store.conn.execute(
        "SELECT r.year, r.quarter, EXISTS (SELECT 1 FROM events e WHERE e.report_id = r.id)"
        " FROM reports r ORDER BY r.year DESC, r.quarter DESC"
    )
    return [(Quarter(year, number), bool(has_events)) for year, number, has_events in rows]


def default_quarter(store: Store, today: Quarter | None = None,
                    counts: list[tuple[Quarter, int]] | None = None) -> Quarter:
    """The quarter the window opens on: the current one if it has events, else the
    newest with events, else the current one (`counts`: quarters_with_counts or
    quarters_with_events, if read already)."""
    today = today or Quarter.current()
    with_events = [quarter for quarter, count in (quarters_with_counts(store) if counts is None else counts)
                   if count]
    if today in with_events or not with_events:
        return today
    return with_events[0]
