"""Writes smolevents/core/search_folding_data.py: how SQLite's `unicode61` tokenizer
(remove_diacritics 2) treats every non-ASCII code point, read off the tokenizer itself.

    python scripts/make_search_folding.py

Each code point is indexed between two letters ("a" + it + "b") and the index's own
vocabulary says what became of it: part of the word as it is (most), a separator (the
word splits), or folded (a capital, a letter with a diacritic: another letter, or
nothing for a combining mark). `tests/core/test_search_folding.py` checks the written
data against the SQLite the tests run with.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

TARGET = Path(__file__).resolve().parents[1] / "smolevents" / "core" / "search_folding_data.py"


def non_ascii_points() -> list[int]:
    return [point for point in range(0x80, 0x110000) if not 0xD800 <= point <= 0xDFFF]


def unicode61_treatment(points: list[int] | None = None) -> tuple[list[tuple[int, int]], dict[int, str]]:
    """(the separators as ranges, the folds) among `points` (every non-ASCII code point when
    not given) of this SQLite's unicode61."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE probe USING fts5(t, tokenize = 'unicode61 remove_diacritics 2')")
    conn.execute("CREATE VIRTUAL TABLE probe_words USING fts5vocab(probe, 'instance')")
    points = non_ascii_points() if points is None else points
    conn.executemany("INSERT INTO probe (rowid, t) VALUES (?, ?)", [(point, f"a{chr(point)}b") for point in points])
    words: dict[int, list[str]] = {}
    for word, point in conn.execute("SELECT term, doc FROM probe_words ORDER BY doc, offset"):
        words.setdefault(point, []).append(word)
    separators: list[tuple[int, int]] = []
    folds: dict[int, str] = {}
    for point in points:
        found = words.get(point, [])
        if found == [f"a{chr(point)}b"]:
            continue
        if found == ["a", "b"]:
            if separators and separators[-1][1] == point - 1:
                separators[-1] = (separators[-1][0], point)
            else:
                separators.append((point, point))
        elif len(found) == 1 and found[0][0] == "a" and found[0][-1] == "b":
            folds[point] = found[0][1:-1]
        else:
            raise SystemExit(f"U+{point:04X}: unicode61 made {found!r} of 'a…b', which this script does not expect")
    return separators, folds


def main() -> int:
    separators, folds = unicode61_treatment()
    lines = [
        '"""How SQLite\'s unicode61 tokenizer (remove_diacritics 2) treats the non-ASCII code',
        f"points, read off SQLite {sqlite3.sqlite_version} by scripts/make_search_folding.py (do not edit).",
        '"""',
        "",
        "# Non-ASCII code points that separate words, as (first, last) ranges.",
        "SEPARATOR_RANGES = (",
    ]
    for start in range(0, len(separators), 6):
        lines.append("    " + " ".join(f"(0x{a:X}, 0x{b:X})," for a, b in separators[start:start + 6]))
    lines += [")", "", "# Non-ASCII code points folded into another letter (or removed: a combining mark).", "FOLDS = {"]
    items = sorted(folds.items())
    for start in range(0, len(items), 6):
        lines.append("    " + " ".join(f"0x{point:X}: {folded!r}," for point, folded in items[start:start + 6]))
    lines += ["}", ""]
    TARGET.write_text("\n".join(lines), encoding="utf-8")
    print(f"{TARGET}: {len(separators)} separator ranges, {len(folds)} folds (SQLite {sqlite3.sqlite_version})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
