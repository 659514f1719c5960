"""A horizontal bar chart drawn with QPainter: labels on the left, stacked segments, totals.

Drawn here rather than with QtCharts (PySide6-Addons, ~100 MB to install), matplotlib
or pyqtgraph: two small charts need no new library, nothing is imported at the
window's start, and the installer does not grow (figures in the issue-15 note). A
click on a segment (or on a bar's label) emits its key; the chart saves itself as PNG.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

# Colour-blind-safe (Okabe–Ito), one per quarter or series.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")
ROW_HEIGHT = 24
BAR_HEIGHT = 16
MARGIN = 10


@dataclass
class Segment:
    value: int
    key: object  # what a click on it means (e.g. (section, quarter))
    series: int = 0  # index into the legend and palette
    tip: str = ""


@dataclass
class Bar:
    label: str
    key: object  # what a click on the label means
    segments: list[Segment] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(segment.value for segment in self.segments)


class BarChart(QWidget):
    clicked = Signal(object)  # the key of the segment or bar clicked

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = title
        self.bars: list[Bar] = []
        self.legend: list[str] = []
        self._hits: list[tuple[QRectF, object, str]] = []
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def set_data(self, bars: list[Bar], legend: list[str] | None = None) -> None:
        self.bars = bars
        self.legend = legend or []
        self.setMinimumHeight(self._height())
        self.updateGeometry()
        self.update()

    def _height(self) -> int:
        line = QFontMetrics(self.font()).height()
        legend = line + 8 if len(self.legend) > 1 else 0
        return int(MARGIN * 2 + line + 8 + max(1, len(self.bars)) * ROW_HEIGHT + legend)

    def sizeHint(self) -> QSize:
        return QSize(560, self._height())

    # --- drawing ----------------------------------------------------------------------------

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        try:
            self.draw(painter, self.width())
        finally:
            painter.end()

    def draw(self, painter: QPainter, width: int) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(QRectF(0, 0, width, self._height()), QColor("white"))
        metrics = QFontMetrics(self.font())
        title_font = QFont(self.font())
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(QColor("#24292f"))
        painter.drawText(QRectF(MARGIN, MARGIN, width - 2 * MARGIN, metrics.height()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.title)
        painter.setFont(self.font())
        top = MARGIN + metrics.height() + 8
        self._hits = []
        if not self.bars:
            painter.setPen(QColor("#57606a"))
            painter.drawText(QRectF(MARGIN, top, width - 2 * MARGIN, ROW_HEIGHT),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, "Нет данных за период.")
            return
        label_width = min(int(width * 0.42), max(metrics.horizontalAdvance(bar.label) for bar in self.bars) + 16)
        value_width = metrics.horizontalAdvance("00000") + 6
        plot_left = MARGIN + label_width
        plot_width = max(20, width - plot_left - value_width - MARGIN)
        largest = max((bar.total for bar in self.bars), default=0) or 1
        for index, bar in enumerate(self.bars):
            y = top + index * ROW_HEIGHT
            label_rect = QRectF(MARGIN, y, label_width - 8, ROW_HEIGHT)
            painter.setPen(QColor("#24292f"))
            painter.drawText(label_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             metrics.elidedText(bar.label, Qt.TextElideMode.ElideMiddle, int(label_rect.width())))
            self._hits.append((label_rect, bar.key, f"{bar.label}: {bar.total}"))
            x = float(plot_left)
            bar_top = y + (ROW_HEIGHT - BAR_HEIGHT) / 2
            for segment in bar.segments:
                if segment.value <= 0:
                    continue
                length = plot_width * segment.value / largest
                rect = QRectF(x, bar_top, length, BAR_HEIGHT)
                painter.fillRect(rect, QColor(PALETTE[segment.series % len(PALETTE)]))
                painter.setPen(QPen(QColor("white"), 1))
                painter.drawRect(rect)
                self._hits.append((rect, segment.key, segment.tip or f"{bar.label}: {segment.value}"))
                x += length
            painter.setPen(QColor("#24292f"))
            painter.drawText(QRectF(x + 4, y, value_width, ROW_HEIGHT),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, str(bar.total))
        if len(self.legend) > 1:
            y = top + len(self.bars) * ROW_HEIGHT + 6
            x = float(plot_left)
            for series, name in enumerate(self.legend):
                painter.fillRect(QRectF(x, y + 3, 12, 12), QColor(PALETTE[series % len(PALETTE)]))
                painter.setPen(QColor("#24292f"))
                painter.drawText(QPointF(x + 16, y + metrics.ascent()), name)
                x += 16 + metrics.horizontalAdvance(name) + 18

    # --- clicking, tips, saving ---------------------------------------------------------------

    def hit(self, position: QPointF) -> tuple[object, str] | None:
        for rect, key, tip in reversed(self._hits):
            if rect.contains(position):
                return key, tip
        return None

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            found = self.hit(event.position())
            if found is not None:
                self.clicked.emit(found[0])
                return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        found = self.hit(event.position())
        if found is None:
            QToolTip.hideText()
        else:
            QToolTip.showText(event.globalPosition().toPoint(), found[1] + "\nЩелчок — показать в таблице", self)
        super().mouseMoveEvent(event)

    def image(self, width: int = 900, scale: float = 2.0) -> QImage:
        """The chart drawn afresh at `width` logical pixels, `scale` times sharper (for a PNG)."""
        height = self._height()
        image = QImage(int(width * scale), int(height * scale), QImage.Format.Format_ARGB32)
        image.setDevicePixelRatio(scale)
        image.fill(QColor("white"))
        painter = QPainter(image)
        try:
            self.draw(painter, width)
        finally:
            painter.end()
        if self.width() > 0:  # the hit areas belong to the widget as shown
            self.update()
        return image

    def save_png(self, path: str | Path) -> Path:
        from smolevents.core.safe_write import write_atomically

        image = self.image()

        def write(temporary: Path) -> None:
            if not image.save(str(temporary), "PNG"):
                raise OSError(f"не удалось записать PNG «{temporary.name}»")

        return write_atomically(Path(path).with_suffix(".png") if Path(path).suffix.lower() != ".png"
                                else path, write)
