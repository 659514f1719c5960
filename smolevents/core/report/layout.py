"""The report on paper: one page layout that the Word writer and the Qt renderer both read.

Every length, size, alignment and pagination rule of the printed report lives here,
so the .docx (Word, LibreOffice) and the print preview / PDF (Qt) cannot drift apart:
neither renderer holds a number of its own. Lengths are in points (1/72 inch) and
millimetres; each renderer converts them to its own unit (twips, device pixels).
"""

from __future__ import annotations

import operator
from collections import namedtuple
from collections.abc import Iterable
from functools import cached_property
from itertools import repeat

from smolevents.core.columns import HEADER_LABELS

POINTS_PER_MM = 72 / 25.4
TWIPS_PER_POINT = 20

LEFT, CENTER, JUSTIFY = "left", "center", "justify"
TOP, MIDDLE = "top", "middle"


# A named tuple: a fifth of a frozen dataclass's cost at start-up (collections', not
# typing's: a command does not import typing).
class TextStyle(namedtuple("TextStyle", "style_id name size_pt bold align keep_with_next space_after_pt hyphenate",
                           defaults=(False, LEFT, False, 0, True))):
    """A named paragraph style: the .docx defines it once, Qt formats blocks with it.

    `style_id` is the .docx style id (ASCII), `name` the name the typist sees in Word's
    style list; `space_after_pt` comes after the last paragraph of a run of this style.
    """

    __slots__ = ()


# The page, table and pagination rules, each with its value, in the layout's order after
# the font and the five styles (which each report gives).
_RULES = (
    # A4 landscape.
    ("paper_mm", (297, 210)),
    # GOST R 7.0.97-2016: at least 20 mm left, 10 mm right, 20 mm top and bottom.
    ("margin_left_mm", 20),
    ("margin_right_mm", 10),
    ("margin_top_mm", 20),
    ("margin_bottom_mm", 20),
    # The page number sits 12.5 mm from the sheet's top edge, inside the top margin.
    ("page_number_from_top_mm", 12.5),
    ("page_numbers_from", 2),
    # Column proportions: the real report's grid (737, 2835, 2381, 1701, 3685, 3231
    # twips), widened where its text did not fit on one line: "№" holds "999.", the
    # dates "26 мая-16 июня". Renderers scale these to their text width.
    ("column_weights", (794, 2948, 2438, 1871, 3799, 3287)),
    # Inside a cell: Word's default 0.19 cm at the sides, nothing above and below.
    ("cell_padding_side_pt", 5.4),
    ("cell_padding_top_pt", 0),
    ("cell_padding_bottom_pt", 0),
    ("border_pt", 0.5),  # a single rule, Word's "0.5 pt"
    ("line_spacing", 1.0),  # single
    # Word's "single" line of Times New Roman (and of its metric twins): ascent, descent
    # and the font's line gap, 1.15 em (13.8 pt at 12 pt). Qt leaves the gap out
    # unless told, so it is said here once.
    ("single_line_em", 1.15),
    ("header_vertical_align", MIDDLE),
    ("body_vertical_align", TOP),
    ("repeat_header_row", True),
    # A row is never split across pages unless it is taller than a page.
    ("rows_split", False),
    ("closing_as_last_row", True),
    ("hyphenation", True),
    ("language", "ru-RU"),
    ("header_labels", HEADER_LABELS),
)


class ReportLayout(namedtuple("ReportLayout", ("font_name", "title", "header", "section", "text", "closing",
                                               *(name for name, _value in _RULES)),
                              defaults=tuple(value for _name, value in _RULES))):
    """The printed report's page, table and styles (see the module's docstring): the font's
    name, the TextStyle of the title, header, section rows, text and closing paragraph, and
    the rules above.

    A named tuple, like TextStyle: a frozen dataclass of these 32 fields cost 14 M
    instructions (about 3 ms) to define, at the start of every export. No __slots__: the
    cached lengths below keep their values in the instance.
    """

    # --- derived lengths ---

    @property
    def paper_pt(self) -> tuple[float, float]:
        return self.paper_mm[0] * POINTS_PER_MM, self.paper_mm[1] * POINTS_PER_MM

    @property
    def text_width_mm(self) -> float:
        return self.paper_mm[0] - self.margin_left_mm - self.margin_right_mm

    @property
    def text_height_mm(self) -> float:
        return self.paper_mm[1] - self.margin_top_mm - self.margin_bottom_mm

    def column_widths(self, total: int) -> list[int]:
        """The columns in whole units adding up to exactly `total` (largest remainder)."""
        weight_sum = sum(self.column_weights)
        exact = [total * weight / weight_sum for weight in self.column_weights]
        widths = [int(value) for value in exact]
        by_remainder = sorted(range(len(exact)), key=lambda i: exact[i] - widths[i], reverse=True)
        for index in by_remainder[:total - sum(widths)]:
            widths[index] += 1
        return widths

    def column_fractions(self) -> list[float]:
        weight_sum = sum(self.column_weights)
        return [weight / weight_sum for weight in self.column_weights]

    def may_be_taller_than_a_page(self, cells: tuple[str, ...]) -> bool:
        """A generous guess whether an event row could not fit on a page under the header.

        Word and LibreOffice move a row that must not split to the next page whole;
        one taller than the room there would leave a gap and then split anyway (its
        section row left behind at the bottom of the page before). Such rows are
        allowed to split where they fall, in the .docx and the print alike. Lines are
        counted at 0.6 em a character: narrow columns wrap wastefully, and a row that
        might not fit is better treated as one that does not.
        """
        room = self._row_room_lines
        per_lines = self._chars_per_line
        # Cheap upper bound first, for the whole row in C: most rows are far from a page.
        bounds = map(operator.add, map(operator.floordiv, map(len, cells), per_lines),
                     map(str.count, cells, repeat("\n")))
        if max(bounds) + 1 <= room:
            return False
        for text, per_line in zip(cells, per_lines):
            if len(text) // per_line + text.count("\n") + 1 <= room:
                continue
            if sum(-(-len(line) // per_line) or 1 for line in text.split("\n")) > room:
                return True
        return False

    def surely_fits_a_page(self, lengths: Iterable[int], line_breaks: int) -> bool:
        """A cruder bound than `may_be_taller_than_a_page`, for a renderer that has counted
        the row's line breaks already: True only where that one is False. Each cell is
        given its length's lines plus every line break of the row (of cells of `lengths`)."""
        return max(map(operator.floordiv, lengths, self._chars_per_line)) + line_breaks + 1 <= self._row_room_lines

    @cached_property
    def _chars_per_line(self) -> tuple[int, ...]:
        return tuple(
            max(1, int((fraction * self.text_width_mm * POINTS_PER_MM - 2 * self.cell_padding_side_pt)
                       / (self.text.size_pt * 0.6)))
            for fraction in self.column_fractions()
        )

    @cached_property
    def _row_room_lines(self) -> float:
        """Lines of body text that fit on a page under the header row."""
        header = max(sum(-(-len(line) // per_line) or 1 for line in label.split("\n"))
                     for label, per_line in zip(self.header_labels, self._chars_per_line))
        return self.text_height_mm * POINTS_PER_MM / (self.text.size_pt * self.single_line_em) - header


def twips(points: float) -> int:
    return round(points * TWIPS_PER_POINT)


def mm_twips(millimetres: float) -> int:
    return twips(millimetres * POINTS_PER_MM)


def report_layout(font_name: str = "Times New Roman", font_size: float = 12,
                  title_font_size: float = 14) -> ReportLayout:
    """The report's layout with the database's font settings."""
    return ReportLayout(
        font_name=font_name,
        # Bold, centred, kept with the table; one blank line (12 pt) under the last line.
        title=TextStyle("ReportTitle", "Заголовок отчета", title_font_size, bold=True, align=CENTER,
                        keep_with_next=True, space_after_pt=12, hyphenate=False),
        header=TextStyle("TableHeader", "Шапка таблицы", font_size, bold=True, align=CENTER),
        section=TextStyle("SectionRow", "Раздел таблицы", font_size, bold=True, align=CENTER,
                          keep_with_next=True, hyphenate=False),
        text=TextStyle("TableText", "Текст таблицы", font_size),
        closing=TextStyle("Closing", "Итоговый абзац", font_size, align=JUSTIFY),
    )
