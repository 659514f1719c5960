"""Search text folded in Python, because SQLite's LIKE and lower() fold only ASCII."""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without typing's import (3 ms of a command's start)

if TYPE_CHECKING:
    from smolevents.core.domain import Event


def search_key(text: str) -> str:
    """Case-folded, with ё read as е and all white space single spaces."""
    return " ".join(text.casefold().replace("ё", "е").split())


def search_words(search: str) -> list[str]:
    """The words of the clerk's text that can match anything (folded; a "word" without
    letters or digits, such as "—", is left out)."""
    return [word for word in search_key(search).split() if any(character.isalnum() for character in word)]


def search_text_of(event: Event) -> str:
    """What the search looks through: every text field and the dates as printed, folded as
    `search_key` folds (its white space is left as it is: the index splits words at any),
    in the index's form (`search_folding.index_form`)."""
    from smolevents.core.search_folding import index_form

    parts = (event.name, event.place, event.dates.format(), event.purpose, event.participants)
    return index_form("\n".join(parts).casefold().replace("ё", "е"))
