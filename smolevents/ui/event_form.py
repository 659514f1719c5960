"""The form beside the table: one event's section, five fields and its problems.

Typing is saved on its own: shortly after the clerk pauses, when a field loses the
focus, and before anything else happens in the window (`commit_pending`). Each save
goes through Editing like a table edit, so the table shows it at once; consecutive
saves of one field make one undo step.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox, QFrame, QLabel, QPlainTextEdit, QScrollArea, QVBoxLayout, QWidget,
)

from smolevents.core.columns import EVENT_COLUMNS
from smolevents.core.dates import EventDates
from smolevents.core.domain import Event, Quarter, Section
from smolevents.core.validation import ERROR, check_event
from smolevents.ui.countries_field import CountriesField
from smolevents.ui.date_editor import DateEditor
from smolevents.ui.editing import Editing
from smolevents.ui.plain_text import TextField, text_of

TYPING_PAUSE_MS = 700
# (fewest, most) lines shown; a field grows with its text between the two.
FIELD_LINES = {"name": (2, 5), "place": (2, 5), "purpose": (5, 5), "participants": (3, 8)}
GROWING_FIELD = "purpose"  # takes the height left over; the others fit their text
ERROR_STYLE = "color: #b00020;"
WARNING_STYLE = "color: #8a5a00;"
UNFILLED_STYLE = "color: #6a737d;"
UNFILLED_TEXT = "Не заполнено."
NO_EVENT_TEXT = "Выберите мероприятие в таблице или создайте новое (Ctrl+N)."


class EventForm(QScrollArea):
    section_chosen = Signal(int, int)  # event id, section id
    leave_requested = Signal()  # Esc: typing saved, back to the table

    def __init__(self, editing: Editing, parent: QWidget | None = None):
        super().__init__(parent)
        self.editing = editing
        self._event: Event | None = None
        self._new_id: int | None = None  # the event just made with "Новое": blanks are not yet errors
        self._quarter: Quarter | None = None
        self._pending: set[str] = set()
        self._committing: set[str] = set()
        self._loading = False
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)

        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)
        self.heading = QLabel(NO_EVENT_TEXT, body)
        self.heading.setWordWrap(True)
        heading_font = self.heading.font()
        heading_font.setBold(True)
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.15)
        self.heading.setFont(heading_font)
        layout.addWidget(self.heading)

        layout.addWidget(self._label("Раздел отчета", body))
        self.section_box = QComboBox(body)
        self.section_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.section_box.setMinimumContentsLength(20)
        self.section_box.activated.connect(self._section_activated)
        layout.addWidget(self.section_box)

        self.editors: dict[str, QWidget] = {}
        self.problem_labels: dict[str, QLabel] = {}
        self.field_labels: dict[str, QLabel] = {}
        for column in EVENT_COLUMNS:
            label = self._label(column.label, body)
            self.field_labels[column.field] = label
            layout.addSpacing(4)
            layout.addWidget(label)
            if column.kind == "dates":
                editor = DateEditor(body)
                editor.dates_changed.connect(lambda _value, field=column.field: self._edited(field))
                editor.editing_finished.connect(self.commit_pending)
            else:
                editor = TextField(body)  # spelling: attached by the window after its first paint
                editor.setTabChangesFocus(True)
                fewest, most = FIELD_LINES.get(column.field, (3, 6))
                if column.field == GROWING_FIELD:
                    editor.setMinimumHeight(int(self._height_of(editor, fewest)))
                else:
                    editor.setFixedHeight(int(self._height_of(editor, fewest)))
                    editor.document().documentLayout().documentSizeChanged.connect(
                        lambda _size, editor=editor, lines=(fewest, most): self._fit(editor, *lines))
                    # A narrower pane wraps the text onto more lines: grow to show them.
                    editor.resized.connect(lambda editor=editor, lines=(fewest, most): QTimer.singleShot(
                        0, editor, lambda: self._fit(editor, *lines)))
                editor.textChanged.connect(lambda field=column.field: self._edited(field))
                editor.focus_left.connect(self._focus_left)
            editor.setObjectName(f"field_{column.field}")
            label.setBuddy(editor)
            self.editors[column.field] = editor
            layout.addWidget(editor, 1 if column.field == GROWING_FIELD else 0)
            problem = QLabel(body)
            problem.setWordWrap(True)
            problem.setObjectName(f"problem_{column.field}")
            problem.hide()
            self.problem_labels[column.field] = problem
            layout.addWidget(problem)
        layout.addSpacing(4)
        self.countries = CountriesField(body)
        self.countries.countries_chosen.connect(self._countries_chosen)
        layout.addWidget(self.countries)
        self.setWidget(body)
        # Never narrower than its fields (the date row is the widest): no sideways scrolling.
        self.setMinimumWidth(max(340, body.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width()
                                 + 2 * self.frameWidth()))

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_PAUSE_MS)
        self._timer.timeout.connect(self.commit_pending)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self._leave)
        self.set_event(None)

    def text_editors(self) -> list[QPlainTextEdit]:
        return [editor for editor in self.editors.values() if isinstance(editor, QPlainTextEdit)]

    def _leave(self) -> None:
        self.commit_pending()
        self.leave_requested.emit()

    @staticmethod
    def _height_of(editor: QPlainTextEdit, lines: int) -> int:
        margins = editor.contentsMargins()
        return (lines * editor.fontMetrics().lineSpacing() + 2 * editor.document().documentMargin()
                + margins.top() + margins.bottom() + 2)

    def _fit(self, editor: QPlainTextEdit, fewest: int, most: int) -> None:
        """As tall as its text (wrapped lines counted), within (fewest, most) lines."""
        lines = int(editor.document().size().height())  # a plain text layout counts lines
        editor.setFixedHeight(int(self._height_of(editor, max(fewest, min(most, lines)))))

    @staticmethod
    def _label(text: str, parent: QWidget) -> QLabel:
        label = QLabel(text, parent)
        label.setWordWrap(True)
        label.setStyleSheet("color: #30363d; font-weight: 600;")
        return label

    # --- what it shows ------------------------------------------------------------------------

    @property
    def current_event(self) -> Event | None:
        return self._event

    def set_sections(self, sections: list[Section]) -> None:
        self._loading = True
        self.section_box.clear()
        for section in sections:
            self.section_box.addItem(section.title, section.id)
        self._loading = False
        self._show_section()

    def set_event(self, event: Event | None, number: int | None = None) -> None:
        """Show another event (whatever was typed for the previous one is saved first)."""
        if self._event is not None and (event is None or event.id != self._event.id):
            self.commit_pending()
        self._event = event
        if event is None or event.id != self._new_id:
            self._new_id = None
        self._pending.clear()
        enabled = event is not None
        for widget in (self.section_box, *self.editors.values()):
            widget.setEnabled(enabled)
        if event is None:
            self.heading.setText(NO_EVENT_TEXT)
        else:
            self._quarter = event.quarter
            self.heading.setText(f"Мероприятие № {number}" if number else "Мероприятие")
        self._fill(event, force=True)

    def mark_new(self, event_id: int) -> None:
        """The shown event was just created: its empty fields say "не заполнено" quietly,
        not as five red errors, until the clerk goes to another event and comes back."""
        if self._event is not None and self._event.id == event_id:
            self._new_id = event_id
            self._show_problems()

    def set_number(self, number: int | None) -> None:
        if self._event is not None:
            self.heading.setText(f"Мероприятие № {number}" if number else "Мероприятие")

    def refresh(self, event: Event) -> None:
        """The same event changed in the store (here, in the table, by undo or elsewhere)."""
        if self._event is None or event.id != self._event.id:
            return
        self._event = event
        self._fill(event, force=False)

    def _fill(self, event: Event | None, force: bool) -> None:
        self._loading = True
        try:
            for column in EVENT_COLUMNS:
                field = column.field
                if not force and (field in self._pending or field in self._committing):
                    continue  # what the clerk is typing wins over what we just stored
                editor = self.editors[field]
                if column.kind == "dates":
                    value = event.dates if event else EventDates()
                    if force or editor.dates() != value:
                        if event is not None:
                            editor.set_quarter(event.quarter)
                        editor.set_dates(value)
                else:
                    text = event.value(field) if event else ""
                    if text_of(editor) != text:
                        self._set_text_keeping_cursor(editor, text)
            self._show_section()
            self.countries.set_event(event)
        finally:
            self._loading = False
        self._show_problems()

    @staticmethod
    def _set_text_keeping_cursor(editor: QPlainTextEdit, text: str) -> None:
        if editor.document().isEmpty():
            # The cursor of an empty field is at 0, where setPlainText leaves it: the first
            # event shown needs no QTextCursor (the binding's class for it is built later).
            editor.setPlainText(text)
            return
        position = editor.textCursor().position()
        editor.setPlainText(text)
        cursor = editor.textCursor()
        cursor.setPosition(min(position, len(text)))
        editor.setTextCursor(cursor)

    def _show_section(self) -> None:
        if self._event is None:
            self.section_box.setCurrentIndex(-1)
            return
        self._loading = True
        self.section_box.setCurrentIndex(self.section_box.findData(self._event.section_id))
        self._loading = False

    def draft(self) -> Event | None:
        """The event as the form shows it now, typed but unsaved text included."""
        if self._event is None:
            return None
        changes = {}
        for column in EVENT_COLUMNS:
            editor = self.editors[column.field]
            changes[column.field] = editor.dates() if column.kind == "dates" else text_of(editor)
        return self._event.with_changes(**changes)

    def _show_problems(self) -> None:
        draft = self.draft()
        by_field: dict[str, list] = {}
        if draft is not None:
            for problem in check_event(draft, self._quarter):
                by_field.setdefault(problem.field, []).append(problem)
        fresh = draft is not None and draft.id == self._new_id
        for field, label in self.problem_labels.items():
            problems = by_field.get(field, [])
            if not problems:
                label.hide()
                continue
            if fresh and all(problem.severity == ERROR for problem in problems) and self._is_blank(field):
                label.setText(UNFILLED_TEXT)
                label.setStyleSheet(UNFILLED_STYLE)
                label.show()
                continue
            is_error = any(problem.severity == ERROR for problem in problems)
            mark = "Ошибка" if is_error else "Внимание"
            label.setText("\n".join(f"{mark}: {problem.message}" for problem in problems))
            label.setStyleSheet(ERROR_STYLE if is_error else WARNING_STYLE)
            label.show()

    def _is_blank(self, field: str) -> bool:
        editor = self.editors[field]
        return editor.dates().is_empty if isinstance(editor, DateEditor) else not text_of(editor).strip()

    def problems_shown(self) -> dict[str, str]:
        """field → the problem text under it (for tests and the self-test)."""
        return {field: label.text() for field, label in self.problem_labels.items() if not label.isHidden()}

    # --- saving ---------------------------------------------------------------------------------

    def _edited(self, field: str) -> None:
        if self._loading or self._event is None:
            return
        self._pending.add(field)
        self._timer.start()
        self._show_problems()

    def _focus_left(self) -> None:
        if self._pending:
            self.commit_pending()

    def has_pending(self) -> bool:
        return bool(self._pending)

    def commit_pending(self) -> None:
        """Save every field typed since the last save, each as its own undoable change."""
        self._timer.stop()
        self.countries.commit()
        if self._event is None or not self._pending:
            return
        draft = self.draft()
        fields, self._pending = [c.field for c in EVENT_COLUMNS if c.field in self._pending], set()
        self._committing = set(fields)
        refused = False
        try:
            for field in fields:
                current = self._event
                if current is None:
                    break
                if not self.editing.set_field(current.id, field, draft.value(field),
                                              expected_version=current.version, typing=True):
                    refused = True  # a conflict: the clerk was told; show the fresh version
                    break
        finally:
            self._committing = set()
        if refused and self._event is not None:
            fresh = self.editing.fetch_event(self._event.id)
            if fresh is None:
                self.set_event(None)
            else:
                self._event = fresh
                self._fill(fresh, force=True)

    def _countries_chosen(self, event_id: int, codes: tuple, confirmed: bool) -> None:
        self.commit_pending()  # the text typed so far first: the suggestion follows it
        self.editing.set_countries(event_id, codes, confirmed)

    def _section_activated(self, index: int) -> None:
        if self._loading or self._event is None:
            return
        section_id = self.section_box.itemData(index)
        if section_id is not None and section_id != self._event.section_id:
            self.commit_pending()
            self.section_chosen.emit(self._event.id, section_id)

    def focus_first_field(self) -> None:
        self.editors["name"].setFocus(Qt.FocusReason.OtherFocusReason)
