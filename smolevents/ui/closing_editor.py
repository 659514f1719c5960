"""The quarter's closing paragraph, with "Составить по данным" for a first draft."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from smolevents.core.domain import Quarter
from smolevents.core.validation import check_closing
from smolevents.ui.editing import Editing
from smolevents.ui.plain_text import TextField, text_of

TYPING_PAUSE_MS = 700


class ClosingEditor(QWidget):
    draft_requested = Signal()

    def __init__(self, editing: Editing, parent: QWidget | None = None):
        super().__init__(parent)
        self.editing = editing
        self._quarter: Quarter | None = None
        self._loading = False
        self._pending = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        top = QHBoxLayout()
        self.caption = QLabel(self)
        self.caption.setStyleSheet("color: #30363d; font-weight: 600;")
        self.caption.setWordWrap(True)  # a narrow window wraps it instead of growing wider than the screen
        top.addWidget(self.caption, 1)
        self.draft_button = QPushButton("Составить по данным", self)
        self.draft_button.setToolTip("Подставить черновик абзаца с числом мероприятий по разделам")
        self.draft_button.clicked.connect(self.draft_requested)
        top.addWidget(self.draft_button)
        layout.addLayout(top)
        self.text_edit = TextField(self)  # spelling: attached by the window after its first paint
        self.text_edit.setPlaceholderText(
            "Например: «В II квартале 2023 года состоялись 4 встречи (приемы, переговоры) "
            "с иностранными делегациями…»"
        )
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.textChanged.connect(self._edited)
        self.text_edit.focus_left.connect(self._focus_left)
        self.caption.setBuddy(self.text_edit)
        layout.addWidget(self.text_edit)
        # Why the quarter bar counts a warning here, said under the paragraph itself.
        self.problem_label = QLabel(self)
        self.problem_label.setObjectName("closing_problem")
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet("color: #8a5a00;")
        self.problem_label.hide()
        layout.addWidget(self.problem_label)
        self._event_count = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_PAUSE_MS)
        self._timer.timeout.connect(self.commit_pending)

    def set_quarter(self, quarter: Quarter) -> None:
        self.commit_pending()
        self._quarter = quarter
        self.caption.setText(f"Заключительный абзац отчета ({quarter.label}) — печатается после таблицы")
        self.reload()

    def reload(self) -> None:
        """Show the stored text unless the clerk is typing in it."""
        if self._quarter is None or self._pending:
            return
        text = self.editing.store.closing(self._quarter)
        if text != text_of(self.text_edit):
            self._loading = True
            self.text_edit.setPlainText(text)
            self._loading = False
        self.show_problems()

    def text(self) -> str:
        return text_of(self.text_edit)

    def show_problems(self, event_count: int | None = None) -> None:
        """The paragraph's warnings (missing, counts no longer the quarter's), as typed now."""
        if event_count is not None:
            self._event_count = event_count
        problems = check_closing(self.text(), self._quarter, self._event_count) if self._quarter else []
        self.problem_label.setText("\n".join(f"Внимание: {problem.message}" for problem in problems))
        self.problem_label.setVisible(bool(problems))

    def problem_text(self) -> str:
        return "" if self.problem_label.isHidden() else self.problem_label.text()

    def replace_text(self, text: str) -> None:
        """Put a draft in and save it at once (one undoable step)."""
        self._loading = True
        self.text_edit.setPlainText(text)
        self._loading = False
        self._pending = True
        self.commit_pending(typing=False)

    def has_pending(self) -> bool:
        return self._pending

    def _edited(self) -> None:
        if self._loading or self._quarter is None:
            return
        self._pending = True
        self._timer.start()
        self.show_problems()

    def _focus_left(self) -> None:
        if self._pending:
            self.commit_pending()

    def commit_pending(self, typing: bool = True) -> None:
        self._timer.stop()
        if not self._pending or self._quarter is None:
            return
        self._pending = False
        if not self.editing.set_closing(self._quarter, text_of(self.text_edit), typing=typing):
            self.reload()
