"""Russian spelling: the Hunspell dictionary shipped in resources/spelling, the region's
place names, the words clerks added (database and user list), and the checks the
window and `smolevents check --spelling` make with them. No Qt here.
"""

from __future__ import annotations

from pathlib import Path

from smolevents.core.spelling.checker import SpellChecker
from smolevents.core.spelling.engine import Engine, load_engine
from smolevents.core.spelling.places import place_words
from smolevents.core.spelling.user_words import read_user_words

__all__ = ["SpellChecker", "build_checker"]


def build_checker(engine: Engine | None = None, user_list: Path | None = None) -> SpellChecker:
    """The dictionary with the place names and the clerk's own list (the database's
    words are set by whoever opened it: `checker.set_list("database", …)`)."""
    return SpellChecker(engine or load_engine(), {
        "places": place_words(),
        "user": read_user_words(user_list),
    })
