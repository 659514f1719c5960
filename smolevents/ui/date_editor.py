"""The date editor: start and end pickers, "весь месяц", or free text; the printed text live.

Used by the event form and, compact, as the table's editor for the dates column.
An empty value or text the parser does not understand is shown in the text line
verbatim, so nothing the clerk typed is ever hidden or lost.
"""

from __future__ import annotations

import datetime

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication, QButtonGroup, QCheckBox, QDateEdit, QGridLayout, QLabel, QLineEdit,
    QRadioButton, QWidget,
)

from smolevents.core.dates import DatePoint, EventDates

DAY_FORMAT = "dd.MM.yyyy"
MONTH_FORMAT = "MM.yyyy"


def _qdate(day: datetime.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _point(value: QDate, whole_month: bool) -> DatePoint:
    return DatePoint(value.year(), value.month(), None if whole_month else value.day())


class DateEditor(QWidget):
    """Edits one EventDates. `dates_changed` fires on the clerk's edits only."""

    dates_changed = Signal(object)  # EventDates
    editing_finished = Signal()  # Enter, or the focus left the whole editor

    def __init__(self, parent: QWidget | None = None, *, default_day: datetime.date | None = None,
                 compact: bool = False, quarter=None):
        super().__init__(parent)
        self._loading = False
        self._quarter = quarter  # the report's quarter: its year for a date typed without one
        self._finished_sent = False
        default = _qdate(default_day or datetime.date.today())
        self._default = default
        self._previous_start = default

        self.dates_choice = QRadioButton("даты:", self)
        self.text_choice = QRadioButton("текстом:", self)
        choices = QButtonGroup(self)
        choices.addButton(self.dates_choice)
        choices.addButton(self.text_choice)

        self.start_edit = self._date_edit(default, "Первый день (или месяц) мероприятия")
        self.end_edit = self._date_edit(default, "Последний день (или месяц) мероприятия")
        self.whole_month = QCheckBox("весь месяц", self)
        self.whole_month.setToolTip("Сроки указываются месяцем («июнь 2023 года») без чисел")
        self.text_edit = QLineEdit(self)
        self.text_edit.setPlaceholderText("например: 14-17 июня 2023 года")
        self.text_edit.setToolTip(
            "Сроки, которые не выбрать календарем, пишутся как есть; "
            "понятные программе даты она узнает сама"
        )
        self.preview = QLabel(self)
        self.preview.setWordWrap(True)
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        grid = QGridLayout(self)
        margin = 4 if compact else 0
        grid.setContentsMargins(margin, margin // 2, margin, margin // 2)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(3)
        grid.addWidget(self.dates_choice, 0, 0)
        grid.addWidget(QLabel("с", self), 0, 1)
        grid.addWidget(self.start_edit, 0, 2)
        grid.addWidget(QLabel("по", self), 0, 3)
        grid.addWidget(self.end_edit, 0, 4)
        grid.setColumnStretch(5, 1)
        grid.addWidget(self.whole_month, 1, 2, 1, 3)  # under the pickers: the form's pane is narrow
        grid.addWidget(self.text_choice, 2, 0)
        grid.addWidget(self.text_edit, 2, 1, 1, 5)
        grid.addWidget(self.preview, 3, 0, 1, 6)
        if compact:
            self.setAutoFillBackground(True)

        self.start_edit.dateChanged.connect(self._start_changed)
        self.end_edit.dateChanged.connect(self._end_changed)
        self.whole_month.toggled.connect(self._month_toggled)
        self.text_edit.textEdited.connect(self._text_edited)
        self.dates_choice.toggled.connect(self._choice_toggled)
        self.text_edit.returnPressed.connect(self._finish)
        QApplication.instance().focusChanged.connect(self._focus_changed)
        self.set_dates(EventDates())

    def _date_edit(self, default: QDate, tip: str) -> QDateEdit:
        edit = QDateEdit(default, self)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(DAY_FORMAT)
        edit.setToolTip(tip)
        edit.setMinimumDate(QDate(1990, 1, 1))
        edit.setMaximumDate(QDate(2200, 12, 31))
        return edit

    # --- the value ---------------------------------------------------------------------

    def set_dates(self, dates: EventDates) -> None:
        """Show a stored value (no `dates_changed`)."""
        self._loading = True
        try:
            if dates.understood:
                self.whole_month.setChecked(not dates.has_day)
                self._apply_format()
                self.start_edit.setDate(_qdate(dates.first_day()))
                self.end_edit.setDate(_qdate(dates.end.first_day()))
                self.dates_choice.setChecked(True)
                self.text_edit.setText("")
            else:
                self.text_choice.setChecked(True)
                self.text_edit.setText(dates.verbatim)
                self._show_in_pickers(dates)
            self._update_preview()
        finally:
            self._loading = False

    def dates(self) -> EventDates:
        if self.text_choice.isChecked():
            # Text the parser understands is kept as dates, so it prints in the report's form.
            return EventDates.parse(self.text_edit.text(), self._quarter)
        return self._picked_dates()

    def set_quarter(self, quarter) -> None:
        """The report's quarter: the pickers open on its first day, a year left out is its year."""
        self._quarter = quarter
        self.set_default_day(quarter.first_day)

    def set_default_day(self, day: datetime.date) -> None:
        """Where the pickers open for an event without dates (the quarter's first day)."""
        self._default = _qdate(day)
        if not self.dates_choice.isChecked():
            self._show_in_pickers(self.dates())

    def _show_in_pickers(self, dates: EventDates) -> None:
        """In text mode the pickers show what the text says, or the default day when it says
        no date (never a stale date of another event or an earlier edit)."""
        was = self._loading
        self._loading = True
        try:
            self.whole_month.setChecked(dates.understood and not dates.has_day)
            self._apply_format()
            if dates.understood:
                start, end = _qdate(dates.first_day()), _qdate(dates.end.first_day())
            else:
                start = end = self._default
            self.start_edit.setDate(start)
            self.end_edit.setDate(end)
        finally:
            self._loading = was

    def preview_text(self) -> str:
        return self.preview.text()

    # --- reactions -----------------------------------------------------------------------

    def _start_changed(self, value: QDate) -> None:
        previous, self._previous_start = self._previous_start, value
        end = self.end_edit.date()
        # A one-day event stays one day while its date is typed digit by digit ("14", "06",
        # "2023"): without this the end kept an intermediate day and made a range of years.
        if end < value or end == previous:
            was = self._loading
            self._loading = True
            self.end_edit.setDate(value)
            self._loading = was
        self._picked()

    def _end_changed(self, value: QDate) -> None:
        if value < self.start_edit.date():
            was = self._loading
            self._loading = True
            self.start_edit.setDate(value)
            self._loading = was
        self._picked()

    def _month_toggled(self, _checked: bool) -> None:
        self._apply_format()
        self._picked()

    def _apply_format(self) -> None:
        fmt = MONTH_FORMAT if self.whole_month.isChecked() else DAY_FORMAT
        self.start_edit.setDisplayFormat(fmt)
        self.end_edit.setDisplayFormat(fmt)

    def _picked(self) -> None:
        if self._loading:
            return
        self._loading = True
        self.dates_choice.setChecked(True)
        self._loading = False
        self._changed()

    def _text_edited(self, _text: str) -> None:
        self._loading = True
        self.text_choice.setChecked(True)
        self._loading = False
        self._show_in_pickers(self.dates())
        self._changed()

    def _choice_toggled(self, _checked: bool) -> None:
        if self.text_choice.isChecked() and not self.text_edit.text() and not self._loading:
            # Switching to text starts from what the pickers said, ready to amend.
            self.text_edit.setText(self._pickers_text())
        self._changed()

    def _pickers_text(self) -> str:
        return self._picked_dates().format()

    def _picked_dates(self) -> EventDates:
        whole = self.whole_month.isChecked()
        start = _point(self.start_edit.date(), whole)
        end = _point(self.end_edit.date(), whole)
        return EventDates.range(start, max(start, end))

    def _changed(self) -> None:
        self._update_preview()
        if not self._loading:
            self._finished_sent = False
            self.dates_changed.emit(self.dates())

    def _update_preview(self) -> None:
        dates = self.dates()
        if dates.is_empty:
            text = "В отчете: (сроки не указаны)"
        elif dates.understood:
            text = f"В отчете: {dates.format()}"
        else:
            text = f"В отчете: {dates.verbatim} (как написано)"
        self.preview.setText(text)

    # --- finishing (for the table's editor) ----------------------------------------------

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._finish()
            return
        super().keyPressEvent(event)

    def _finish(self) -> None:
        if not self._finished_sent:
            self._finished_sent = True
            self.editing_finished.emit()

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None or not self.isVisible() or self._owns(new):
            return
        # Decide after the event loop turns: when the table itself closes this editor, the
        # focus leaves it too, and by then the editor is hidden and must not finish again.
        QTimer.singleShot(0, self, self._finish_if_left)

    def _finish_if_left(self) -> None:
        if self.isVisible() and not self._owns(QApplication.focusWidget()):
            self._finish()

    def _owns(self, widget: QWidget | None) -> bool:
        while widget is not None:
            if widget is self:
                return True
            widget = widget.parentWidget()
        return False
