"""The events of a report read in report order, a section at a time, through a cursor.

The Word export writes each event into the file as it is read: nothing holds the
period's events at once and nothing sorts them (one range of the `events_in_order`
index per section and quarter), so memory stays flat however many events there are.
All of it is read in one read transaction, so the counts taken first and the events
read after them are of the same moment even when another program writes the file.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterator
from contextlib import contextmanager
from smolevents.core.dates import EventDates
from smolevents.core.domain import Event, Quarter, Section
from smolevents.core.store.database import Store

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a command's start-up)
if TYPE_CHECKING:
    from smolevents.core.periods import Period

_SECTION_EVENTS = (
    "SELECT id, uuid, position, name, place, date_start, date_end, date_text, purpose, participants,"
    " created_at, updated_at, version, countries, countries_confirmed"
    " FROM events WHERE report_id = ? AND section_id = ? ORDER BY position, id"
)
_SECTION_PRINTED = (
    "SELECT id, name, place, date_start, date_end, date_text, purpose, participants"
    " FROM events WHERE report_id = ? AND section_id = ? ORDER BY position, id"
)


class PrintedEvent(namedtuple("PrintedEvent", "id quarter section_id name place dates purpose participants")):
    """What the Word export prints and checks of an event, under the names `Event` gives them.

    A named tuple, not an `Event`: the export makes one per event of the report, and a
    frozen dataclass of fifteen fields costs ten times as much to make.
    """

    __slots__ = ()


@contextmanager
def read_snapshot(store: Store) -> Iterator[Store]:
    """Every read inside sees the file as it was at the first one (a deferred read transaction).

    Inside a transaction already (the caller's), that one is the snapshot.
    """
    conn = store.conn
    if conn.in_transaction:
        yield store
        return
    conn.execute("BEGIN")
    try:
        yield store
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")  # nothing was written: this only lets the read lock go


def period_sections(store: Store, period: Period) -> list[tuple[Section, int]]:
    """The sections that have events in the period, in report order, with their counts."""
    return [(section, count) for section, count in store.period_counts_by_section(period) if count]


def report_events(store: Store, period: Period,
                  sections: list[tuple[Section, int]] | None = None) -> Iterator[Event]:
    """The period's events in report order: sections in catalogue order, then quarter, then
    the clerk's order. A generator: each event is built when it is asked for.

    `sections` (period_sections, when read already) spares reading the catalogue again.
    """
    built = _EventBuilder()
    for report, section_id, rows in _section_rows(store, period, sections, _SECTION_EVENTS):
        yield from map(built.partial(report.quarter, section_id), rows)


def printed_events(store: Store, period: Period,
                   sections: list[tuple[Section, int]] | None = None) -> Iterator[PrintedEvent]:
    """`report_events` as the Word export needs them: the same events in the same order,
    each only with what the report prints and checks (see PrintedEvent)."""
    built = _EventBuilder()
    known_dates, shared_dates = built.dates, built.shared_dates
    make = tuple.__new__
    for report, section_id, rows in _section_rows(store, period, sections, _SECTION_PRINTED):
        quarter = report.quarter
        for event_id, name, place, date_start, date_end, date_text, purpose, participants in rows:
            dates = (known_dates.get((date_start, date_end, date_text))
                     or shared_dates(date_start, date_end, date_text))
            yield make(PrintedEvent, (event_id, quarter, section_id, name, place, dates, purpose, participants))


def _section_rows(store: Store, period: Period, sections: list[tuple[Section, int]] | None, query: str):
    """(report, section id, cursor over the rows of `query`) for each section and quarter, in report order."""
    reports = [report for report in (store.report(quarter) for quarter in period.quarters) if report]
    if sections is None:
        sections = period_sections(store, period)
    for section, _count in sections:
        for report in reports:
            yield report, section.id, store.conn.execute(query, (report.id, section.id))


class _EventBuilder:
    """Events from rows, sharing the values that repeat from event to event.

    A quarter's events fall on a few hundred distinct dates and name few country lists;
    parsing each again (and checking it is a real calendar day) was most of the cost of
    reading a large quarter. EventDates and tuples are immutable: sharing them is safe.
    """

    def __init__(self) -> None:
        self.dates: dict[tuple, EventDates] = {}
        self.countries: dict[str | None, tuple[str, ...]] = {}

    def shared_dates(self, date_start: str | None, date_end: str | None, date_text: str) -> EventDates:
        key = (date_start, date_end, date_text)
        dates = self.dates.get(key)
        if dates is None:
            dates = EventDates.from_storage(date_start, date_end, date_text)
            if date_start and len(self.dates) < 10_000:  # unrecognised texts are rarely shared
                self.dates[key] = dates
        return dates

    def partial(self, quarter: Quarter, section_id: int):
        from smolevents.core.country_codes import codes_of  # whole events only (not the Word export's)

        known_dates, shared_dates, countries_cache = self.dates, self.shared_dates, self.countries

        def event(row) -> Event:
            (event_id, event_uuid, position, name, place, date_start, date_end, date_text, purpose,
             participants, created_at, updated_at, version, countries, countries_confirmed) = row
            dates = (known_dates.get((date_start, date_end, date_text))
                     or shared_dates(date_start, date_end, date_text))
            codes = countries_cache.get(countries)
            if codes is None:
                codes = codes_of(countries)
                if len(countries_cache) < 10_000:
                    countries_cache[countries] = codes
            return Event(
                id=event_id, uuid=event_uuid, quarter=quarter, section_id=section_id, position=position,
                name=name, place=place, dates=dates, purpose=purpose, participants=participants,
                created_at=created_at, updated_at=updated_at, version=version,
                countries=codes, countries_confirmed=bool(countries_confirmed),
            )

        return event
