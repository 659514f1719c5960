"""The quarter's words that no dictionary knows, for `smolevents check --spelling`.

Warnings only: a name the dictionary lacks is not an error, and the report is
exported all the same. Each word is listed once per field of an event, with the
event's number as the report prints it.
"""

from __future__ import annotations

from dataclasses import dataclass

from smolevents.core.columns import EVENT_COLUMNS
from smolevents.core.domain import Event
from smolevents.core.spelling.checker import SpellChecker

CLOSING_LABEL = "Заключительный абзац"
TEXT_COLUMNS = tuple(column for column in EVENT_COLUMNS if column.kind == "text")


@dataclass(frozen=True)
class SpellingWarning:
    number: int | None  # the event's number in the report; None for the closing paragraph
    field_label: str
    words: tuple[str, ...]

    def line(self) -> str:
        where = f"№ {self.number}, {self.field_label}" if self.number else self.field_label
        return f"{where}: {', '.join(self.words)}"


def _unknown_words(checker: SpellChecker, text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(span.word for span in checker.misspelt(text)))


def spelling_warnings(checker: SpellChecker, events: list[Event], closing: str = "") -> list[SpellingWarning]:
    """`events` in report order (numbered 1…), as `store.events(quarter)` returns them."""
    warnings = []
    for number, event in enumerate(events, start=1):
        for column in TEXT_COLUMNS:
            words = _unknown_words(checker, event.value(column.field))
            if words:
                warnings.append(SpellingWarning(number, column.short_label, words))
    words = _unknown_words(checker, closing)
    if words:
        warnings.append(SpellingWarning(None, CLOSING_LABEL, words))
    return warnings



