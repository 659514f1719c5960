"""Small helpers for Russian text the clerk reads: counted nouns and shortened quotes."""

from __future__ import annotations


def plural(count: int, one: str, few: str, many: str) -> str:
    """The noun form for `count`: 1 мероприятие, 2 мероприятия, 5 мероприятий, 21 мероприятие."""
    tens, units = count % 100, count % 10
    if 11 <= tens <= 14:
        return many
    if units == 1:
        return one
    if 2 <= units <= 4:
        return few
    return many


def events_phrase(count: int) -> str:
    """"47 мероприятий", "1 мероприятие": the count as the report and the window say it."""
    return f"{count} {plural(count, 'мероприятие', 'мероприятия', 'мероприятий')}"


def shorten(text: str, limit: int = 70) -> str:
    """One line of at most `limit` characters, white space folded, "…" where cut."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"
