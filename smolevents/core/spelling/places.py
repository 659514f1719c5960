"""The region's place names shipped with the program (resources/spelling/smolensk-places.txt),
with their case forms.

The file lists names as written in the nominative; the forms come from the endings,
as a clerk would decline them: Духовщина → Духовщины, Духовщине, Духовщину,
Духовщиной; Кардымовский → Кардымовского, Кардымовском…; Рославль → Рославля… A few
forms more than Russian has (a masculine name in -а) cost nothing: they are names.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from smolevents.resources import resource_path

PLACES_FILE = "spelling/smolensk-places.txt"

_ADJECTIVE = ("ий", "ого", "ому", "им", "ом", "ая", "ой", "ую", "ое", "ие", "их", "ими")
_HARD_ADJECTIVE = ("ый", "ого", "ому", "ым", "ом", "ая", "ой", "ую", "ое", "ые", "ых", "ыми")
_ENDINGS = {
    # ending of the nominative → (stem cut, endings added to the stem)
    "ский": (2, _ADJECTIVE), "цкий": (2, _ADJECTIVE), "ный": (2, _HARD_ADJECTIVE),
    "ское": (2, ("ое", "ого", "ому", "им", "ом")), "ое": (2, ("ое", "ого", "ому", "ым", "ом")),
    "а": (1, ("а", "ы", "и", "е", "у", "ой", "ою")),
    "я": (1, ("я", "и", "е", "ю", "ей", "ёй")),
    "ь": (1, ("ь", "я", "ю", "ем", "е", "и", "ью")),
}
_INDECLINABLE = tuple("оеиыу")


def case_forms(name: str) -> Iterator[str]:
    yield name  # the dict below is ordered: longer endings first
    parts = name.split("-")
    head, last = "-".join(parts[:-1]), parts[-1]
    prefix = f"{head}-" if head else ""
    for ending, (cut, endings) in _ENDINGS.items():
        if last.endswith(ending):
            stem = last[:-cut]
            yield from (f"{prefix}{stem}{tail}" for tail in endings)
            return
    if last.endswith(_INDECLINABLE):
        return
    # a consonant: Смоленск, Велиж, Гагарин
    yield from (f"{prefix}{last}{tail}" for tail in ("а", "у", "ом", "ем", "е"))


def read_names(lines: Iterable[str]) -> list[str]:
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def place_words(path: Path | None = None) -> set[str]:
    """Every form of every name in the shipped list; empty when the file is missing."""
    path = path or resource_path(PLACES_FILE)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return set()
    return {form for name in read_names(lines) for form in case_forms(name)}
