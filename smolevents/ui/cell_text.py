"""A table cell's text as the cell shows it: a word wider than the column broken where it
must, as Word breaks it in a narrow column, instead of cut with "…".

Qt breaks a cell's lines at spaces (and after a dash) only, and cuts a longer word with
"…" ("XIV Междуна…" in a column of 130 pixels, the clerk's 1024-pixel screen), hiding
letters of the very text the clerk checks. Such a word gets an invisible zero-width
space wherever a line must break inside it (each piece as wide as a line holds); Qt then
sizes and paints the cell itself, in C++, and still ends a row too short for its text
with "…". A cell whose every word fits is shown as Qt shows it.
"""

from __future__ import annotations

import re
from functools import cache

TYPE_CHECKING = False  # the binding's classes are made when first named: not at start-up
if TYPE_CHECKING:
    from PySide6.QtGui import QFont, QFontMetrics

LINE_SEPARATOR = "\u2028"  # what Qt's item views turn "\n" into before laying a cell out
BREAK = "\u200b"  # zero width space: a line may break there, and nothing is shown
MAX_ROW_LINES = 40  # a row taller than this scrolls inside its editor instead
_MEMO_LIMIT = 20_000  # texts remembered per font; a quarter's visible cells stay far below
# Where a line may break: any white space but the no-break ones ("XIV\u00a0Международном",
# "5\u00a0000" in the real report are each one unit, which Qt does not break either).
_NO_BREAK_SPACES = "\u00a0\u2007\u202f"
_BREAKING_SPACE = f"[^\\S{_NO_BREAK_SPACES}]+"
_AFTER_DASH = "(?<=[-‐–—/])"  # a word's natural places to break, after a dash


def _words(text: str) -> list[str]:
    """`text` split where a line may break (str.split, no pattern compiled at start-up)."""
    kept = [space for space in _NO_BREAK_SPACES if space in text]
    if not kept:
        return text.split()
    # Each no-break space made, while `split` runs, a character that is not white space and
    # not in the text (one of Unicode's private use, which no font draws).
    unused = (letter for letter in map(chr, range(0xE000, 0xF900)) if letter not in text)
    stand_ins = [next(unused) for _ in kept]
    for space, stand_in in zip(kept, stand_ins):
        text = text.replace(space, stand_in)
    words = text.split()
    for space, stand_in in zip(kept, stand_ins):
        words = [word.replace(stand_in, space) for word in words]
    return words


@cache
def _pattern(expression: str) -> re.Pattern:
    """Compiled when first needed: the window's start compiles nothing it does not use."""
    return re.compile(expression)


class CellTexts:
    """Each text's widest word and its shown form at a width, remembered (a cell is sized
    and painted again and again while the clerk scrolls, and its text does not change)."""

    def __init__(self):
        self._font_key = ""
        self._widest: dict[str, int] = {}
        self._shown: dict[tuple[str, int], str] = {}
        self._advances: _Advances | None = None

    def shown(self, text: str, width: int, metrics: QFontMetrics, font: QFont) -> str:
        """`text` as a cell `width` pixels wide shows it: its line breaks made Qt's line
        separators, and an invisible break inside each word wider than a line."""
        text = text.replace("\n", LINE_SEPARATOR)
        if self.widest_word(text, metrics, font) <= width:
            return text
        # A row shows MAX_ROW_LINES lines at most, and a letter is at least a pixel wide:
        # the rest of a stranger's 100 000-letter word is neither broken nor laid out.
        most = MAX_ROW_LINES * max(width, 1)
        if len(text) > most:
            text = text[:most] + "…"
        key = (text, width)
        shown = self._shown.get(key)
        if shown is None:
            pieces = _pattern(f"({_BREAKING_SPACE})").split(text)  # words at even places, spaces between
            pieces[::2] = [self._broken(word, width, metrics) for word in pieces[::2]]
            shown = self._shown[key] = "".join(pieces)
        return shown

    def widest_word(self, text: str, metrics: QFontMetrics, font: QFont) -> int:
        self._in_font(font)
        width = self._widest.get(text)
        if width is None:
            width = self._widest[text] = self._widest_of(text, metrics)
        return width

    def _in_font(self, font: QFont) -> None:
        key = font.key()
        if key != self._font_key or len(self._widest) + len(self._shown) > _MEMO_LIMIT:
            self._font_key, self._widest, self._shown, self._advances = key, {}, {}, _Advances(font)

    def _widest_of(self, text: str, metrics: QFontMetrics) -> int:
        """Only the words that may be the widest are measured (Qt shapes each word measured:
        measuring every word of a quarter's first screenful took 4 ms). A word is no wider
        than its letters' widths added up (kerning, where a font has it, takes a pixel or
        two off a pair, not on), nor than its length times the text's widest letter."""
        advance = self._advances.__getitem__
        widest_letter = max(map(advance, set(text)), default=0.0)
        widest = 0
        for word in sorted(_words(text), key=len, reverse=True):
            # (a pixel more for the rounding of the word's width to whole pixels)
            if len(word) * widest_letter + 1 <= widest:
                break  # this word and every shorter one fit within the widest found
            if sum(map(advance, word)) + 1 > widest:
                widest = max(widest, metrics.horizontalAdvance(word))
        return widest

    def _broken(self, word: str, width: int, metrics: QFontMetrics) -> str:
        """`word` with a break wherever a line `width` pixels wide must end inside it: after
        each dash first ("Смоленск-", "Витебск"), then inside a piece still too wide. Every
        piece between two breaks fits a line, so no line Qt makes can be too wide."""
        if not word or metrics.horizontalAdvance(word) <= width:
            return word
        return BREAK.join(piece if metrics.horizontalAdvance(piece) <= width else self._in_lines(piece, width)
                          for piece in _pattern(_AFTER_DASH).split(word) if piece)

    def _in_lines(self, piece: str, width: int) -> str:
        """`piece` cut into as many letters as a line holds each, with a break between."""
        from unicodedata import combining

        advance = self._advances.__getitem__
        room = width - 1  # (a pixel for the rounding of a line's width)
        lines, start, used = [], 0, 0.0
        for index, letter in enumerate(piece):
            wide = advance(letter)
            # (never before a combining mark: "и" and its breve, typed apart, stay together)
            if used + wide > room and index > start and not combining(letter):
                lines.append(piece[start:index])
                start, used = index, 0.0
            used += wide
        lines.append(piece[start:])
        return BREAK.join(lines)


class _Advances(dict):
    """Each letter's width in one font, measured once, in fractions of a pixel (a word's
    letters' widths rounded one by one would add up to less than the word)."""

    def __init__(self, font: QFont):
        from PySide6.QtGui import QFont, QFontMetricsF

        super().__init__()
        # Metrics of its own: those of a paint's style option die with the option.
        self._metrics = QFontMetricsF(QFont(font))

    def __missing__(self, letter: str) -> float:
        width = self[letter] = self._metrics.horizontalAdvance(letter)
        return width
