"""Search text folded in Python, because SQLite's LIKE and lower() fold only ASCII."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from smolevents.core.domain import Event


def search_key(text: str) -> str:
    """Case-folded, with ё read as е and all white space single spaces."""
    return " ".join(text.casefold().replace("ё", "е").split())


def search_text_of(event: Event) -> str:
    """What the search looks through: every text field and the dates as printed."""
    parts = (event.name, event.place, event.dates.format(), event.purpose, event.participants)
    return search_key("\n".join(parts))
