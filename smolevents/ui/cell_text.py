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


class WidestWords:
    """The width of each text's widest word, remembered (a cell is painted again and
    again while the clerk scrolls, and its words do not change)."""

    def __init__(self):
        self._font_key = ""
        self._widths: dict[str, int] = {}

    def of(self, text: str, metrics: QFontMetrics, font: QFont) -> int:
        key = font.key()
        if key != self._font_key or len(self._widths) > _MEMO_LIMIT:
            self._font_key, self._widths = key, {}
        width = self._widths.get(text)
        if width is None:
            width = self._widths[text] = max(map(metrics.horizontalAdvance, _BREAKING_SPACE.split(text)), default=0)
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


def paint_wrapped(painter: QPainter, rect: QRect, text: str, font: QFont, metrics: QFontMetrics) -> None:
    """`text` in `rect`, top left, lines broken inside a word where it must; when the lines
    are more than `rect` holds, the last one shown ends in "…", as Qt ends a cut cell."""
    from PySide6.QtCore import QPointF, Qt

    layout = wrapped_lines(text, font, rect.width(), deepest=rect.height())
    painter.save()
    painter.setFont(font)
    painter.setClipRect(rect)
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
    painter.restore()
