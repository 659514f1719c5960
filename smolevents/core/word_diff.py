"""Which words changed between two versions of a long text (for the merge preview and `merge --dry-run`).

The texts are compared word by word (spaces kept with the words, so joining the
pieces gives each text back exactly); the window marks the pieces in colour, the
command line in brackets: [-removed-] {+added+}.
"""

from __future__ import annotations

import difflib
import re

SAME, REMOVED, ADDED = "=", "-", "+"
_TOKENS = re.compile(r"\s+|[^\s]+")

Piece = tuple[str, str]  # (SAME | REMOVED | ADDED, text)


def word_diff(old: str, new: str) -> list[Piece]:
    """Pieces that spell `old` (SAME and REMOVED) and `new` (SAME and ADDED)."""
    old_tokens, new_tokens = _TOKENS.findall(old), _TOKENS.findall(new)
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    pieces: list[Piece] = []
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag == "equal":
            _append(pieces, SAME, "".join(old_tokens[old_start:old_end]))
            continue
        _append(pieces, REMOVED, "".join(old_tokens[old_start:old_end]))
        _append(pieces, ADDED, "".join(new_tokens[new_start:new_end]))
    return pieces


def _append(pieces: list[Piece], kind: str, text: str) -> None:
    if not text:
        return
    if pieces and pieces[-1][0] == kind:
        pieces[-1] = (kind, pieces[-1][1] + text)
    else:
        pieces.append((kind, text))


def side(pieces: list[Piece], which: str) -> list[tuple[str, bool]]:
    """One version's text as (text, changed) pieces: `which` is REMOVED (the old side) or ADDED."""
    return [(text, kind != SAME) for kind, text in pieces if kind in (SAME, which)]


def inline(old: str, new: str, context: int = 6) -> str:
    """One line with the changes marked and long unchanged runs shortened to their ends."""
    out = []
    pieces = word_diff(" ".join(old.split()), " ".join(new.split()))
    for index, (kind, text) in enumerate(pieces):
        if kind in (REMOVED, ADDED):
            mark = f"[-{text.strip()}-]" if kind == REMOVED else f"{{+{text.strip()}+}}"
            out.append((" " if text[:1].isspace() else "") + mark + (" " if text[-1:].isspace() else ""))
        else:
            out.append(_shorten(text, context, first=index == 0, last=index == len(pieces) - 1))
    return "".join(out).strip()


def _shorten(text: str, context: int, first: bool, last: bool) -> str:
    words = text.split(" ")  # a leading or trailing "" keeps the space next to a change
    before = 0 if first else context + 1  # words kept after the previous change
    after = 0 if last else context + 1  # words kept before the next change
    if len(words) <= before + after + 1:
        return text
    kept = [*words[:before], "…", *(words[len(words) - after:] if after else [])]
    return " ".join(kept)
