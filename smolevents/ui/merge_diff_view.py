"""Two versions of a text side by side with the changed words marked (`core/word_diff.py`).

Text from the files is escaped before it becomes rich text: a name like "<b>" stays
those three characters.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from smolevents.core.word_diff import ADDED, REMOVED, side, word_diff

OURS_MARK = "background-color:#ffd6d1;"  # words only this side has (left column)
THEIRS_MARK = "background-color:#c9f0c9;"  # words only the other side has (right column)


def _html(pieces: list[tuple[str, bool]], mark: str) -> str:
    out = []
    for text, changed in pieces:
        escaped = html.escape(text).replace("\n", "<br>")
        out.append(f'<span style="{mark}">{escaped}</span>' if changed and text.strip() else escaped)
    return "".join(out)


def marked_pair(ours: str, theirs: str) -> tuple[str, str]:
    """Rich text of both versions: each side's own words marked."""
    if ours == theirs:
        return _html([(ours, False)], ""), _html([(theirs, False)], "")
    pieces = word_diff(ours, theirs)
    return _html(side(pieces, REMOVED), OURS_MARK), _html(side(pieces, ADDED), THEIRS_MARK)


def rich_label(rich_text: str) -> QLabel:
    label = QLabel(rich_text)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label
