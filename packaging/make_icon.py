"""Render resources/icon.svg to resources/smolevents.ico and resources/icon.png.

    python packaging/make_icon.py

Run it after changing the SVG and commit the three files; the build only reads the
results, so IT needs no SVG tools. Qt's SVG renderer (QtSvg is part of
PySide6-Essentials) draws each size; the .ico is written here by hand because Qt's
ICO writer stores one image and Windows wants several: 16, 24, 32, 48 and 64 px as
32-bit bitmaps (what Explorer, the taskbar and Inno Setup read everywhere) and
256 px as PNG (the form Windows expects for the large size).
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
SVG = RESOURCES / "icon.svg"
ICO = RESOURCES / "smolevents.ico"
PNG = RESOURCES / "icon.png"
ICO_SIZES = (16, 24, 32, 48, 64, 256)
PNG_IN_ICO_FROM = 256  # sizes from here on are stored as PNG inside the .ico


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError("PNG encoding failed")
    buffer.close()
    return bytes(data.data())


def dib_bytes(image: QImage) -> bytes:
    """A 32-bit BGRA device-independent bitmap as an ICO entry: header, XOR rows, AND mask."""
    size = image.width()
    image = image.convertToFormat(QImage.Format.Format_ARGB32)  # BGRA in memory on little-endian
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    rows = []
    mask_rows = []
    mask_stride = ((size + 31) // 32) * 4
    for y in range(size - 1, -1, -1):  # bitmaps are stored bottom-up
        line = bytes(image.constScanLine(y))[: size * 4]
        rows.append(line)
        mask = bytearray(mask_stride)
        for x in range(size):
            if line[x * 4 + 3] == 0:  # fully transparent: set in the AND mask for old renderers
                mask[x // 8] |= 0x80 >> (x % 8)
        mask_rows.append(bytes(mask))
    return header + b"".join(rows) + b"".join(mask_rows)


def ico_bytes(images: list[QImage]) -> bytes:
    payloads = [png_bytes(i) if i.width() >= PNG_IN_ICO_FROM else dib_bytes(i) for i in images]
    directory = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries = b""
    for image, payload in zip(images, payloads):
        side = image.width() if image.width() < 256 else 0  # 0 means 256 in an ICO directory
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(payload), offset)
        offset += len(payload)
    return directory + entries + b"".join(payloads)


def main() -> int:
    if QGuiApplication.instance() is None:
        main.app = QGuiApplication(sys.argv[:1])  # kept referenced while Qt renders
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"Не удалось прочитать {SVG}", file=sys.stderr)
        return 1
    images = [render(renderer, size) for size in ICO_SIZES]
    ICO.write_bytes(ico_bytes(images))
    PNG.write_bytes(png_bytes(images[-1]))
    print(f"{ICO.name}: {', '.join(str(s) for s in ICO_SIZES)} px, {ICO.stat().st_size} байт")
    print(f"{PNG.name}: 256 px, {PNG.stat().st_size} байт")
    return 0


if __name__ == "__main__":
    sys.exit(main())
