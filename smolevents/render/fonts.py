"""The report's font for Qt, or a metric twin of it shipped with the program.

Word, LibreOffice and Qt must break the same lines on the same pages. Where the
report's font (Times New Roman by default) is not installed, fontconfig would hand Qt
whatever serif it has (DejaVu Serif, about a sixth wider: 33 pages instead of the
Word file's count). Liberation Serif has Times New Roman's metrics glyph for glyph
(SIL Open Font License, resources/fonts/), so the print and the PDF paginate as the
Word file does on a machine that has the real font.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QFontDatabase

from smolevents.resources import resource_path

TWIN_FAMILY = "Liberation Serif"
TWIN_FILES = ("fonts/LiberationSerif-Regular.ttf", "fonts/LiberationSerif-Bold.ttf")


@cache
def _twin_loaded() -> bool:
    if TWIN_FAMILY in QFontDatabase.families():
        return True
    loaded = False
    for name in TWIN_FILES:
        path = resource_path(name)
        if path.is_file() and QFontDatabase.addApplicationFont(str(path)) >= 0:
            loaded = True
    return loaded


def report_font_family(font_name: str) -> str:
    """The family Qt draws the report with: the named one if installed, else the twin."""
    if font_name in QFontDatabase.families():
        return font_name
    return TWIN_FAMILY if _twin_loaded() else font_name
