""""Составить по данным": a first draft of the quarter's closing paragraph.

The draft counts the quarter's events by section in the report's own wording
("В II квартале 2023 года проведено 47 мероприятий …"); the clerk edits it.
"""

from __future__ import annotations

from smolevents.core.domain import Quarter
from smolevents.core.periods import Period
from smolevents.core.store import Store
from smolevents.core.text import events_phrase
from smolevents.core.validation import NONE_HELD

_EN_DASH = " – "
_PREFIX = "Сотрудничество "



def section_phrase(title: str) -> str:
    """"Сотрудничество в сфере культуры" → "в сфере культуры"; other titles quoted."""
    if title.startswith(_PREFIX) and len(title) > len(_PREFIX):
        return title[len(_PREFIX):]
    if title == "Общие направления сотрудничества":
        return "по общим направлениям сотрудничества"
    return f"по разделу «{title}»"


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def draft_closing(store: Store, quarter: Quarter | Period) -> str:
    """The draft for a quarter, a half-year ("В I полугодии 2023 года проведено …"), nine months or a year."""
    period = Period.of_quarter(quarter) if isinstance(quarter, Quarter) else quarter
    counted = [(section, count) for section, count in store.period_counts_by_section(period) if count]
    total = sum(count for _, count in counted)
    if not total:
        return f"{_capitalised(period.phrase)} {NONE_HELD}."
    opening = f"{_capitalised(period.phrase)} проведено {events_phrase(total)} в международной сфере"
    if len(counted) == 1:
        return f"{opening} ({section_phrase(counted[0][0].title)})."
    parts = [f"{section_phrase(section.title)}{_EN_DASH}{count}" for section, count in counted]
    return f"{opening}, в том числе: " + ", ".join(parts) + "."
