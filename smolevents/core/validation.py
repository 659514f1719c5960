"""What must be fixed before export (errors) and what the clerk should look at (warnings).

Saving an incomplete event is allowed — a clerk fills one in over days — so these
checks never block a save; the export stops on errors unless forced.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from operator import attrgetter

from smolevents.core.columns import COLUMN_BY_FIELD, EVENT_COLUMNS
from smolevents.core.dates import EventDates
from smolevents.core.domain import Event, Quarter
from smolevents.core.text import events_phrase

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a command's start-up)
if TYPE_CHECKING:
    from smolevents.core.periods import Period

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """An error or warning about an event (or the whole quarter) and the column it concerns."""

    severity: str  # ERROR or WARNING
    field: str | None  # the column it concerns; None for the whole quarter
    message: str
    event_id: int | None = None


# (field, label, is dates) of each required column, in the report's order.
_REQUIRED = tuple((column.field, column.short_label, column.kind == "dates")
                  for column in EVENT_COLUMNS if column.required)
REQUIRED_TEXT_FIELDS = tuple(field for field, _label, is_dates in _REQUIRED if not is_dates)


def check_event(event: Event, quarter: Quarter | None = None) -> list[Problem]:
    """Errors first, then warnings, each naming the column by its report label."""
    dates = event.dates
    return event_problems(event.id, _blank_texts(event), dates.is_empty,
                          dates_warning(dates, quarter or event.quarter))


# The required text fields' values, read in one call (four fields: a tuple).
_required_texts = attrgetter(*REQUIRED_TEXT_FIELDS)


def _blank_texts(event: Event) -> list[str]:
    """The required text fields left blank. `isspace`, not `strip`: the same test without
    copying a long text (the export checks every event, most with none blank: tested in C)."""
    texts = tuple(map(str, _required_texts(event)))
    if all(texts) and not any(map(str.isspace, texts)):
        return []
    return [field for field, text in zip(REQUIRED_TEXT_FIELDS, texts) if _is_blank(text)]


def _is_blank(text: str) -> bool:
    return not text or text.isspace()


class EventChecks:
    """`check_event` for the events of a report one after another (the export checks each as
    it is written): what depends on the dates is worked out once per dates object, which the
    report's reader shares among the events on the same days."""

    def __init__(self) -> None:
        self._dates: dict[int, tuple] = {}  # id(dates) → (dates, quarter, empty, warning)

    def __call__(self, event: Event) -> list[Problem]:
        dates, quarter = event.dates, event.quarter
        known = self._dates.get(id(dates))
        if known is None or known[0] is not dates or known[1] is not quarter:
            known = (dates, quarter, dates.is_empty, dates_warning(dates, quarter))
            if len(self._dates) < 10_000:  # kept with its dates object, so its id stays its own
                self._dates[id(dates)] = known
        blank = _blank_texts(event)
        if not blank and not known[2] and known[3] is None:
            return []
        return event_problems(event.id, blank, known[2], known[3])


def event_problems(event_id: int | None, blank_texts: Collection[str], dates_empty: bool,
                   warning: str | None) -> list[Problem]:
    """The problems of an event known by what they depend on: its required text fields left
    blank, whether its dates are empty, and `dates_warning` of its dates (`check` lists a
    quarter reading only these from the database)."""
    problems = [
        Problem(ERROR, field, f"Не заполнено поле «{label}».", event_id)
        for field, label, is_dates in _REQUIRED
        if (dates_empty if is_dates else field in blank_texts)
    ]
    if warning is not None:
        problems.append(Problem(WARNING, "dates", warning, event_id))
    return problems


def dates_warning(dates: EventDates, quarter: Quarter) -> str | None:
    """What the clerk should look at in an event's dates: not understood, or outside the quarter."""
    label = COLUMN_BY_FIELD["dates"].short_label
    if not dates.is_empty and not dates.understood:
        return f"{label}: «{dates.verbatim}» не распознано как дата — в отчет попадет как написано."
    if dates.understood and not quarter.contains(dates):
        return (f"{label}: мероприятие прошло не {quarter.phrase} ({dates.format()}). "
                "Так бывает, если о нем сообщили позже; проверьте квартал.")
    return None


# What "Составить по данным" writes (core/report/closing_draft.py): the counts it states.
_DRAFTED_COUNT_RE = re.compile(r"проведено\s+(\d+)\s+мероприяти")
NONE_HELD = "мероприятия в международной сфере не проводились"  # the draft for a period without events


def check_closing(closing: str, quarter: Quarter, event_count: int) -> list[Problem]:
    """The closing paragraph: missing, or a drafted one whose count is no longer the quarter's."""
    if not closing.strip():
        if not event_count:
            return []
        return [Problem(WARNING, None, f"Не заполнен заключительный абзац отчета {quarter.phrase}.")]
    stated = [int(number) for number in _DRAFTED_COUNT_RE.findall(closing)]
    if NONE_HELD in closing:
        stated.append(0)
    if stated and event_count not in stated:
        said = f"указано {events_phrase(stated[0])}" if stated[0] else "сказано, что мероприятия не проводились"
        return [Problem(
            WARNING, None,
            f"В заключительном абзаце {said}, а в отчете {events_phrase(event_count)}: "
            "составьте абзац заново («Составить по данным») или исправьте число.",
        )]
    return []



@dataclass(frozen=True)
class QuarterCheck:
    """All problems of one quarter, with the report number of each event."""

    problems: list[tuple[int | None, Problem]]  # (report number or None, problem)

    @property
    def errors(self) -> list[tuple[int | None, Problem]]:
        return [item for item in self.problems if item[1].severity == ERROR]

    @property
    def warnings(self) -> list[tuple[int | None, Problem]]:
        return [item for item in self.problems if item[1].severity == WARNING]

    def lines(self) -> list[str]:
        """One readable line per problem: "№ 3: Не заполнено поле «Участники»."."""
        return [
            (f"№ {number}: " if number is not None else "") + problem.message
            for number, problem in self.problems
        ]


def check_quarter(events: list[Event], quarter: Quarter | Period, closing: str) -> QuarterCheck:
    """`events` in report order, so the number given is the one the report prints.

    Also a longer period's report: each event is checked against its own quarter.
    """
    return check_numbered_events(list(enumerate(events, start=1)), quarter, closing, event_count=len(events))


def check_numbered_events(numbered: list[tuple[int, Event]], quarter: Quarter | Period, closing: str,
                          event_count: int) -> QuarterCheck:
    """The problems of these events (report number, event), in that order, and of the closing
    paragraph of a report of `event_count` events; events without a problem may be left out."""
    problems: list[tuple[int | None, Problem]] = []
    check = EventChecks()  # the events of a report share their dates objects
    for number, event in numbered:
        problems.extend((number, problem) for problem in check(event))
    return checked_report(problems, quarter, closing, event_count)


def checked_report(problems: list[tuple[int | None, Problem]], quarter: Quarter | Period, closing: str,
                   event_count: int) -> QuarterCheck:
    """The events' problems found already (report number, problem; in report order) with the
    closing paragraph's, errors first: for a check made event by event as they are read."""
    problems = problems + [(None, problem) for problem in check_closing(closing, quarter, event_count)]
    problems.sort(key=lambda item: item[1].severity != ERROR)  # errors first, order kept
    return QuarterCheck(problems)
