"""A table cell's text wrapped as Word wraps it in a narrow column: at the spaces, and
inside a word only where the word alone is wider than the cell.

Qt's own painting of a wrapped cell breaks lines at word boundaries only and cuts a
longer word with "…" ("Междуна…" in a column of 130 pixels, the clerk's 1024-pixel
screen), hiding letters of the very text the clerk checks. Cells whose every word fits
are left to Qt (painted in C++); only the others are laid out here, with
`WrapAtWordBoundaryOrAnywhere`, which breaks exactly as Qt does wherever a word fits.
"""

from __future__ import annotations

import re

TYPE_CHECKING = False  # the binding's classes are made when first named: not at start-up
if TYPE_CHECKING:
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QFont, QFontMetrics, QPainter, QTextLayout

_LINE_SEPARATOR = "\u2028"  # what Qt's item views turn "\n" into before laying a cell out
MAX_ROW_LINES = 40  # a row taller than this scrolls inside its editor instead
_MEMO_LIMIT = 20_000  # texts remembered per font; a quarter's visible cells stay far below
# Where a line may break: any white space but the no-break ones ("XIV\u00a0Международном",
# "5\u00a0000" in the real report are each one unit, which Qt does not break either).
_BREAKING_SPACE = re.compile(r"[^\S\u00a0\u2007\u202f]+")


class TextMeasures:
    """Each text's widest word and its lines' heights at a width, remembered (a cell is
    sized and painted again and again while the clerk scrolls, and its text does not change)."""

    def __init__(self):
        self._font_key = ""
        self._widths: dict[str, int] = {}
        self._heights: dict[tuple[str, int, bool], int] = {}
        self._advances: _Advances | None = None

    def _in_font(self, font: QFont) -> None:
        key = font.key()
        if key != self._font_key or len(self._widths) + len(self._heights) > _MEMO_LIMIT:
            self._font_key, self._widths, self._heights, self._advances = key, {}, {}, _Advances(font)

    def widest_word(self, text: str, metrics: QFontMetrics, font: QFont) -> int:
        self._in_font(font)
        width = self._widths.get(text)
        if width is None:
            width = self._widths[text] = self._widest(text, metrics)
        return width

    def height(self, text: str, font: QFont, width: int, anywhere: bool = True) -> int:
        """`wrapped_height`, remembered."""
        self._in_font(font)
        key = (text, width, anywhere)
        height = self._heights.get(key)
        if height is None:
            height = self._heights[key] = wrapped_height(text, font, width, anywhere)
        return height

    def _widest(self, text: str, metrics: QFontMetrics) -> int:
        """Only the words that may be the widest are measured (Qt shapes each word measured:
        the first paint of a quarter measured every word of its cells, 4 ms). A word is no
        wider than its letters' widths added up (kerning, where a font has it, takes a pixel
        or two off a pair, not on), nor than its length times the text's widest letter."""
        advance = self._advances.__getitem__
        widest_letter = max(map(advance, set(text)), default=0.0)
        widest = 0
        for word in sorted(_BREAKING_SPACE.split(text), key=len, reverse=True):
            # (a pixel more for the rounding of the word's width to whole pixels)
            if len(word) * widest_letter + 1 <= widest:
                break  # this word and every shorter one fit within the widest found
            if sum(map(advance, word)) + 1 > widest:
                widest = max(widest, metrics.horizontalAdvance(word))
        return widest


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


def wrapped_lines(text: str, font: QFont, width: int, anywhere: bool = True,
                  deepest: float | None = None) -> QTextLayout:
    """`text` laid out in lines `width` pixels wide, one under another from y = 0; with
    `deepest`, no lines after the first that goes below it (a stranger's file may hold a
    word of 100 000 letters: thousands of lines no row shows)."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QTextLayout, QTextOption

    layout = QTextLayout(text.replace("\n", _LINE_SEPARATOR), font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere if anywhere
                       else QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    top = 0.0
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(max(width, 1))
        line.setPosition(QPointF(0, top))
        top += line.height()
        if deepest is not None and top > deepest:
            break
    layout.endLayout()
    return layout


def wrapped_height(text: str, font: QFont, width: int, anywhere: bool = True) -> int:
    """The height of `text`'s lines, up to a little more than a row shows at most."""
    from PySide6.QtGui import QFontMetrics

    tallest = MAX_ROW_LINES * QFontMetrics(font).lineSpacing()
    layout = wrapped_lines(text, font, width, anywhere, deepest=tallest)
    return round(layout.boundingRect().height()) if layout.lineCount() else 0


def paint_wrapped(painter: QPainter, rect: QRect, text: str, font: QFont, metrics: QFontMetrics,
                  height: int | None = None) -> None:
    """`text` in `rect`, top left, lines broken inside a word where it must; when the lines
    are more than `rect` holds, the last one shown ends in "…", as Qt ends a cut cell.
    `height`: the lines' height, when known (`wrapped_height`)."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QTextOption

    painter.save()
    try:
        painter.setFont(font)
        painter.setClipRect(rect)
        if height is not None and height <= rect.height():  # all of it shown: one call, laid out by Qt
            option = QTextOption(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
            painter.drawText(QRectF(rect), text.replace("\n", _LINE_SEPARATOR), option)
        else:
            _paint_lines(painter, rect, text, font, metrics)
    finally:
        painter.restore()


def _paint_lines(painter: QPainter, rect: QRect, text: str, font: QFont, metrics: QFontMetrics) -> None:
    """The lines `rect` holds, line by line, the last one shown ended in "…"."""
    from PySide6.QtCore import QPointF, Qt

    layout = wrapped_lines(text, font, rect.width(), deepest=rect.height())
    origin = QPointF(rect.topLeft())
    for number in range(layout.lineCount()):
        line = layout.lineAt(number)
        bottom = line.y() + line.height()
        last_shown = number + 1 < layout.lineCount() and bottom + layout.lineAt(number + 1).height() > rect.height()
        if last_shown:
            # No line holds more letters than twice its pixels: the rest is not measured.
            most = 2 * rect.width() + 16
            rest = text[line.textStart():line.textStart() + most].replace("\n", " ")
            if line.textStart() + most < len(text):
                rest += "…"
            painter.drawText(QPointF(rect.left(), rect.top() + line.y() + line.ascent()),
                             metrics.elidedText(rest, Qt.TextElideMode.ElideRight, rect.width()))
            break
        line.draw(painter, origin)
        if bottom > rect.height():
            break
