"""Windows and dialogs sized to the screen they open on, never past its usable area.

Office screens run from 1024×600 up, often at 125 % or 150 % scaling, with a taskbar:
what counts is the screen's available geometry (in device-independent pixels), less
the frame the window manager draws around a top-level window.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# Title bar and borders of a typical frame, for a window not yet shown (no frame known).
FRAME_ALLOWANCE = QSize(16, 40)


def preferred_size(width: int, height: int) -> QSize:
    return QSize(width, height)


def available_rect(widget: QWidget | None = None) -> QRect:
    screen = None
    if widget is not None:
        parent = widget.parentWidget()
        screen = (parent.window() if parent is not None else widget).screen()
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def room_for(widget: QWidget | None = None) -> QSize:
    """The largest client size whose frame still fits the available screen."""
    return available_rect(widget).size() - FRAME_ALLOWANCE


def fit_to_screen(widget: QWidget, wanted: QSize) -> QSize:
    """Resize a top-level window to `wanted`, or smaller where the screen is smaller,
    and place it inside the available area (centred over its parent when it has one)."""
    room = room_for(widget)
    size = wanted.boundedTo(room).expandedTo(widget.minimumSizeHint().boundedTo(room))
    widget.resize(size)
    area = available_rect(widget)
    parent = widget.parentWidget()
    centre = parent.window().frameGeometry().center() if parent is not None else area.center()
    frame = QRect(0, 0, size.width() + FRAME_ALLOWANCE.width(), size.height() + FRAME_ALLOWANCE.height())
    frame.moveCenter(centre)
    frame.moveLeft(max(area.left(), min(frame.left(), area.right() + 1 - frame.width())))
    frame.moveTop(max(area.top(), min(frame.top(), area.bottom() + 1 - frame.height())))
    widget.move(frame.topLeft())
    return size


def fits_screen(widget: QWidget) -> bool:
    """Whether the window (its frame, once shown; else its size plus a frame) fits the screen."""
    area = available_rect(widget)
    frame = widget.frameGeometry()
    if not widget.isVisible() or frame.size() == widget.size():
        frame = QRect(widget.pos(), widget.size() + FRAME_ALLOWANCE)
    return area.contains(frame)
