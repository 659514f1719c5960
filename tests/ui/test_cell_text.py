"""A word wider than its column is broken inside, as Word breaks it, not cut with "…"."""

import re

from PySide6.QtCore import QLocale
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QStyledItemDelegate

from smolevents.core.columns import COLUMNS
from smolevents.ui.cell_text import BREAK, LINE_SEPARATOR, MAX_ROW_LINES, CellTexts
from tests.real_report import load_real_report

NAME_COLUMN = next(number for number, column in enumerate(COLUMNS) if column.field == "name")
# The real report's first event; its clerk joined "XIV Международном" and "экономическом
# форуме" with no-break spaces.
FIRST_NAME = load_real_report().events[0][1]["name"]
# Where Qt may end a line: a space (not a no-break one), our break, or after a dash.
_LINE_BREAKS = re.compile(r"[^\S\u00a0]+|\u200b|(?<=[-–—/])")


def _first_event_row(window) -> int:
    event = next(event for event in window.store.events(window.quarter) if event.name == FIRST_NAME)
    return window.model.row_of_event(event.id)


def _text_width(view, column_width: int) -> int:
    return column_width - 2 * (view.style().pixelMetric(view.style().PixelMetric.PM_FocusFrameHMargin, None, view) + 1)


def test_a_narrow_column_shows_every_letter_with_no_line_wider_than_the_cell(window):
    view = window.table_view
    view.setColumnWidth(NAME_COLUMN, 90)
    metrics = QFontMetrics(view.font())
    width = _text_width(view, 90)
    assert metrics.horizontalAdvance("экономическом\u00a0форуме") > width  # Qt alone cuts it: "экономическо…"
    index = window.model.index(_first_event_row(window), NAME_COLUMN)
    shown = view.itemDelegateForColumn(NAME_COLUMN).displayText(index.data(), QLocale())

    assert shown.replace(BREAK, "") == FIRST_NAME  # every letter, nothing added that shows
    pieces = [piece for piece in _LINE_BREAKS.split(shown) if piece]
    assert max(metrics.horizontalAdvance(piece) for piece in pieces) <= width  # each fits a line
    assert "Международном" not in shown and "экономическом\u00a0форуме" not in shown  # broken inside


def test_the_row_grows_by_the_lines_the_breaks_take(window):
    view = window.table_view
    row = _first_event_row(window)
    view.setColumnWidth(NAME_COLUMN, 90)
    view.scrollTo(window.model.index(row, NAME_COLUMN))
    view._sized_rows.clear()
    view.size_visible_rows()
    metrics = QFontMetrics(view.font())
    shown = view.itemDelegateForColumn(NAME_COLUMN).displayText(FIRST_NAME, QLocale())
    word_wrap = 0x1000  # Qt.TextWordWrap
    lines = metrics.boundingRect(0, 0, _text_width(view, 90), 10_000, word_wrap, shown).height()
    # Taller than Qt alone would make it (a word too wide for a line counted as one cut line).
    assert lines > metrics.boundingRect(0, 0, _text_width(view, 90), 10_000, word_wrap, FIRST_NAME).height()
    assert view.rowHeight(row) >= lines


def test_where_every_word_fits_the_text_is_shown_as_it_is(window):
    view = window.table_view
    view.setColumnWidth(NAME_COLUMN, 600)
    shown = view.itemDelegateForColumn(NAME_COLUMN).displayText("Визит делегации\nМинской области", QLocale())
    assert shown == "Визит делегации" + LINE_SEPARATOR + "Минской области"  # as Qt's own delegate shows it
    assert shown == QStyledItemDelegate.displayText(view.itemDelegateForColumn(NAME_COLUMN),
                                                    "Визит делегации\nМинской области", QLocale())


def test_a_word_of_a_hundred_thousand_letters_is_shown_only_as_far_as_a_row_can_show(make_window, store):
    from tests.real_report import QUARTER

    word = "Международный" * 8_000  # a stranger's file may hold such a text
    event = store.add_event(QUARTER, store.sections()[0].id, name=word, place="г. Смоленск")
    window = make_window(store, QUARTER)
    view = window.table_view
    view.setColumnWidth(NAME_COLUMN, 90)
    row = window.model.row_of_event(event.id)
    view.scrollTo(window.model.index(row, NAME_COLUMN))
    view._sized_rows.clear()
    view.size_visible_rows()
    view.viewport().grab()
    assert view.rowHeight(row) == MAX_ROW_LINES * view.fontMetrics().lineSpacing()  # as tall as a row gets
    shown = view.itemDelegateForColumn(NAME_COLUMN).displayText(word, QLocale())
    assert shown.replace(BREAK, "").endswith("…") and len(shown) < MAX_ROW_LINES * 100


def test_the_widest_word_is_found_without_measuring_every_word(qapp):
    font = QFont(qapp.font())
    metrics = QFontMetrics(font)
    texts = [fields[name] for _, fields in load_real_report().events
             for name in ("name", "place", "dates", "purpose", "participants")]
    texts += ["ШЖЩЮ iiiiiiiiii", "ii ШЖ", "—", "", "Смоленск-Витебск\u00a0(2023)\tи\nдалее",
              "г.\u00a0Смоленск\x00\ue000 и ещё\u202fслово"]  # (characters a split's stand-in might be)
    measured = []

    class CountingMetrics:
        def horizontalAdvance(self, word):
            measured.append(word)
            return metrics.horizontalAdvance(word)

    cells = CellTexts()
    words = 0
    for text in texts:
        every_word = [metrics.horizontalAdvance(word) for word in text.replace("\n", " ").replace("\t", " ").split(" ")]
        words += len(every_word)
        assert cells.widest_word(text, CountingMetrics(), font) == max(every_word, default=0), text
    assert len(measured) < words / 5  # the few words that may be the widest, of each text


def test_a_letter_and_its_combining_mark_stay_on_one_line(qapp):
    font = QFont(qapp.font())
    metrics = QFontMetrics(font)
    word = "и\u0306" * 10  # "й" typed as "и" and a combining breve
    cells = CellTexts()
    cells.widest_word(word, metrics, font)
    # A font that gives the breve a width of its own: the fourth letter would end a 40-pixel line.
    cells._advances.update({"и": 10.0, "\u0306": 10.0})
    shown = cells.shown(word, 40, metrics, font)
    assert shown.replace(BREAK, "") == word and BREAK in shown
    assert BREAK + "\u0306" not in shown
