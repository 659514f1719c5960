"""When two records are "the same event": one definition for re-import and merge.

The same section, the same dates and the same name, with case, "ё" and white space
folded. Re-importing a report skips an event with the same key; a merge groups
events by everything but the name and then compares names for near-duplicates.
"""

from __future__ import annotations

from collections.abc import Hashable

from smolevents.core.dates import EventDates
from smolevents.core.search import search_key


def occasion_key(section: Hashable, dates: EventDates) -> tuple:
    """Where and when: the section (its id in one file, its folded title across files) and the dates."""
    start, end, verbatim = dates.to_storage()
    return (section, start, end, search_key(verbatim))


def same_event_key(section: Hashable, name: str, dates: EventDates) -> tuple:
    """Where, when and what: equal keys are the same event."""
    return (*occasion_key(section, dates), search_key(name))
