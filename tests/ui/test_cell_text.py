"""A word wider than its column is broken inside, as Word breaks it, not cut with "…"."""

from PySide6.QtCore import QRect
from PySide6.QtGui import QFontMetrics, QImage, QPainter
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from smolevents.core.columns import COLUMNS
from smolevents.ui.cell_text import MAX_ROW_LINES, paint_wrapped, wrapped_height, wrapped_lines
from tests.real_report import load_real_report

NAME_COLUMN = next(number for number, column in enumerate(COLUMNS) if column.field == "name")
# The real report's first event; its clerk joined "XIV Международном" and "экономическом
# форуме" with no-break spaces.
FIRST_NAME = load_real_report().events[0][1]["name"]


def _first_event_row(window) -> int:
    event = next(event for event in window.store.events(window.quarter) if event.name == FIRST_NAME)
    return window.model.row_of_event(event.id)


def delegate_widest(view, text, metrics) -> int:
    return view.itemDelegateForColumn(NAME_COLUMN)._measures.widest_word(text, metrics, view.font())


def _option(view, width: int) -> QStyleOptionViewItem:
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.rect = QRect(0, 0, width, 0)
    return option


def test_a_narrow_column_shows_every_letter_of_a_long_word_on_lines_of_its_own(window, qtbot):
    view = window.table_view
    view.setColumnWidth(NAME_COLUMN, 90)  # "Международном" alone is wider than that
    row = _first_event_row(window)
    view.scrollTo(window.model.index(row, NAME_COLUMN))
    view._sized_rows.clear()
    view.size_visible_rows()
    font = view.font()
    width = 90 - 2 * (view.style().pixelMetric(view.style().PixelMetric.PM_FocusFrameHMargin, None, view) + 1)
    metrics = QFontMetrics(font)
    assert metrics.horizontalAdvance("Международном") > width
    # A line cannot break at a no-break space: the unit Qt cuts is the two words joined.
    assert delegate_widest(view, FIRST_NAME, metrics) == metrics.horizontalAdvance("экономическом\u00a0форуме")

    layout = wrapped_lines(FIRST_NAME, font, width)
    lines = [layout.lineAt(number) for number in range(layout.lineCount())]
    assert "".join(FIRST_NAME[line.textStart():line.textStart() + line.textLength()] for line in lines) == FIRST_NAME
    assert all(line.naturalTextWidth() <= width for line in lines)
    # The row is as tall as those lines (Qt alone would count "Международном" as one cut line).
    assert wrapped_height(FIRST_NAME, font, width) > wrapped_height(FIRST_NAME, font, width, anywhere=False)
    assert view.rowHeight(row) >= wrapped_height(FIRST_NAME, font, width)

    delegate = view.itemDelegateForColumn(NAME_COLUMN)
    index = window.model.index(row, NAME_COLUMN)
    ours, qts = delegate.sizeHint(_option(view, 90), index), QStyledItemDelegate.sizeHint(delegate, _option(view, 90), index)
    assert ours.height() - qts.height() == (wrapped_height(FIRST_NAME, font, width)
                                            - wrapped_height(FIRST_NAME, font, width, anywhere=False))


def test_where_every_word_fits_the_cell_is_sized_as_qt_sizes_it(window):
    view = window.table_view
    row = _first_event_row(window)
    delegate = view.itemDelegateForColumn(NAME_COLUMN)
    index = window.model.index(row, NAME_COLUMN)
    wide = _option(view, 600)
    assert delegate.sizeHint(wide, index) == QStyledItemDelegate.sizeHint(delegate, _option(view, 600), index)


class _RecordingPainter(QPainter):
    def __init__(self, image):
        super().__init__(image)
        self.texts = []

    def drawText(self, *arguments):
        self.texts.append(next(argument for argument in arguments if isinstance(argument, str)))
        super().drawText(*arguments)


def test_a_cell_too_short_for_its_lines_ends_its_last_line_with_an_ellipsis(qapp):
    image = QImage(200, 200, QImage.Format.Format_RGB32)
    painter = _RecordingPainter(image)
    font = painter.font()
    metrics = QFontMetrics(font)
    try:
        paint_wrapped(painter, QRect(0, 0, 90, 3 * metrics.lineSpacing()), FIRST_NAME, font, metrics)
        cut = list(painter.texts)
        painter.texts.clear()
        paint_wrapped(painter, QRect(0, 0, 90, 40 * metrics.lineSpacing()), FIRST_NAME, font, metrics)
        whole = list(painter.texts)
        painter.texts.clear()
        # Its lines' height known and room for them: handed to Qt whole, in one call.
        paint_wrapped(painter, QRect(0, 0, 90, 40 * metrics.lineSpacing()), FIRST_NAME, font, metrics,
                      wrapped_height(FIRST_NAME, font, 90))
    finally:
        painter.end()
    assert painter.texts == [FIRST_NAME]
    painter.texts = whole
    # The third line's start, then "…": the words after it are not there to see.
    assert len(cut) == 1 and cut[0].endswith("…") and cut[0][:-1] in FIRST_NAME
    assert painter.texts == []  # room for every line: each drawn whole, nothing cut


def test_the_table_paints_such_a_cell_broken_and_leaves_the_others_to_qt(window, monkeypatch):
    import smolevents.ui.delegates as delegates

    painted = []
    monkeypatch.setattr(delegates, "paint_wrapped",
                        lambda painter, rect, text, *measures: painted.append((text, rect.width())))
    view = window.table_view
    row = _first_event_row(window)
    view.scrollTo(window.model.index(row, NAME_COLUMN))
    view.setColumnWidth(NAME_COLUMN, 600)
    view.viewport().grab()
    assert FIRST_NAME not in [text for text, _ in painted]
    view.setColumnWidth(NAME_COLUMN, 90)
    view.viewport().grab()
    assert any(text == FIRST_NAME and width < 90 for text, width in painted)


def test_a_word_of_a_hundred_thousand_letters_is_laid_out_only_as_far_as_a_row_shows(make_window, store,
                                                                                      monkeypatch):
    import smolevents.ui.cell_text as cell_text
    from tests.real_report import QUARTER

    word = "Международный" * 8_000  # a stranger's file may hold such a text
    event = store.add_event(QUARTER, store.sections()[0].id, name=word, place="г. Смоленск")
    window = make_window(store, QUARTER)
    view = window.table_view
    laid_out = []
    lay_out = cell_text.wrapped_lines

    def recorded(*arguments, **keywords):
        laid_out.append(lay_out(*arguments, **keywords).lineCount())
        return lay_out(*arguments, **keywords)

    monkeypatch.setattr(cell_text, "wrapped_lines", recorded)
    view.setColumnWidth(NAME_COLUMN, 90)
    row = window.model.row_of_event(event.id)
    view.scrollTo(window.model.index(row, NAME_COLUMN))
    view._sized_rows.clear()
    view.size_visible_rows()
    view.viewport().grab()
    assert view.rowHeight(row) == MAX_ROW_LINES * view.fontMetrics().lineSpacing()  # as tall as a row gets
    # Sized and painted from a few dozen lines each time, not the thousands the word makes.
    assert laid_out and max(laid_out) <= MAX_ROW_LINES + 1


def test_the_widest_word_is_found_without_measuring_every_word(qapp):
    from PySide6.QtGui import QFont

    from smolevents.ui.cell_text import TextMeasures

    font = QFont(qapp.font())
    metrics = QFontMetrics(font)
    texts = [fields[name] for _, fields in load_real_report().events
             for name in ("name", "place", "dates", "purpose", "participants")]
    texts += ["ШЖЩЮ iiiiiiiiii", "ii ШЖ", "—", "", "Смоленск-Витебск\u00a0(2023)\tи\nдалее"]
    measured = []

    class CountingMetrics:
        def horizontalAdvance(self, word):
            measured.append(word)
            return metrics.horizontalAdvance(word)

    measures = TextMeasures()
    words = 0
    for text in texts:
        every_word = [metrics.horizontalAdvance(word) for word in text.replace("\n", " ").replace("\t", " ").split(" ")]
        words += len(every_word)
        assert measures.widest_word(text, CountingMetrics(), font) == max(every_word, default=0), text
    assert len(measured) < words / 5  # the few words that may be the widest, of each text
