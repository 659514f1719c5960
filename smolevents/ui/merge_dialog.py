"""«Объединить с файлами…»: the merge preview, the coordinator's choices, then one transaction.

The dialog only shows `smolevents.core.merge`'s plan and hands the choices back to
`apply_merge`; nothing is written before «Объединить». Text from the files is shown
as plain text (a name like "<b>" must not turn into formatting).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton, QApplication, QButtonGroup, QDialog, QDialogButtonBox, QFrame, QGridLayout,
    QGroupBox, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QRadioButton, QScrollArea,
    QVBoxLayout, QWidget,
)

from smolevents.core.text import plural
from smolevents.core.domain import Event
from smolevents.core.errors import ConflictError, UserError
from smolevents.core.merge import (DROP_INCOMING, FIELD_LABELS, KEEP_BOTH, OURS, TARGET_ORIGIN, THEIRS,
                          ClosingDifference, Conflict, LikelyDuplicate, MergePlan, field_text,
                          format_moment, plan_merge)
from smolevents.core.merge import apply_merge as _apply_merge

REPLANNED = (
    "База изменилась после предпросмотра (правка в другом окне или другой копией программы), "
    "поэтому ничего не записано. План составлен заново: проверьте выбор и нажмите «Объединить» еще раз."
)


def _plain_label(text: str, *, bold: bool = False, wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    if bold:
        font = label.font()
        font.setBold(True)
        label.setFont(font)
    return label


def _ours_caption(origin: str) -> str:
    return "Наша версия" if origin == TARGET_ORIGIN else f"Версия из «{origin}»"


class MergeDialog(QDialog):
    """Preview of merging `source_paths` into `store`; «Объединить» applies it in one transaction."""

    merged = Signal(str)  # the one-line summary, after the merge is written

    def __init__(self, store, source_paths, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.source_paths = [Path(path) for path in source_paths]
        self.plan: MergePlan | None = None
        self._choices: dict[str, QButtonGroup] = {}
        self.setWindowTitle("Объединение с файлами отделов")
        self.setSizeGripEnabled(True)
        from smolevents.ui.screen_fit import fit_to_screen, preferred_size
        fit_to_screen(self, preferred_size(980, 720))

        self.heading = _plain_label("")
        self.message = _plain_label("")
        self.message.setStyleSheet("color: #a40000;")
        self.message.hide()
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.outcome = _plain_label("", bold=True)

        self.buttons = QDialogButtonBox()
        self.apply_button: QPushButton = self.buttons.addButton(
            "Объединить", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button: QPushButton = self.buttons.addButton(
            "Отмена", QDialogButtonBox.ButtonRole.RejectRole)
        self.apply_button.clicked.connect(self.apply)
        self.cancel_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.message)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.outcome)
        layout.addWidget(self.buttons)
        self.refresh_plan()

    # --- the plan ----------------------------------------------------------------------------

    def refresh_plan(self) -> None:
        """Read the files again and show the plan (nothing is written)."""
        self._choices.clear()
        names = ", ".join(f"«{path.name}»" for path in self.source_paths)
        self.heading.setText(f"База: {self.store.label}\nФайлы: {names}")
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.plan = plan_merge(self.store, self.source_paths)
        except UserError as error:
            self.plan = None
            self.show_message(f"{error}\nОбъединение невозможно: ничего не изменено.")
            self.scroll.setWidget(QWidget())
            self.outcome.setText("")
            self.apply_button.setEnabled(False)
            self.cancel_button.setText("Закрыть")
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.scroll.setWidget(self._plan_page(self.plan))
        has_work = not self.plan.is_empty()
        self.apply_button.setEnabled(has_work)
        self.cancel_button.setText("Отмена" if has_work else "Закрыть")
        self._show_outcome()

    def _plan_page(self, plan: MergePlan) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(_plain_label(self._counts_text(plan)))
        if plan.conflicts:
            layout.addWidget(self._heading(
                f"Мероприятия, измененные по-разному ({len(plan.conflicts)}): выберите версию"))
            for conflict in plan.conflicts:
                layout.addWidget(self._conflict_box(conflict))
        if plan.duplicates:
            layout.addWidget(self._heading(
                f"Возможные дубли ({len(plan.duplicates)}): одно мероприятие от двух отделов?"))
            for duplicate in plan.duplicates:
                layout.addWidget(self._duplicate_box(duplicate))
        if plan.closing_differences:
            layout.addWidget(self._heading("Заключительный абзац отличается"))
            for difference in plan.closing_differences:
                layout.addWidget(self._closing_box(difference))
        layout.addWidget(self._heading("Новые мероприятия по файлам"))
        layout.addWidget(self._new_events_label(plan))
        layout.addStretch(1)
        return page

    def _counts_text(self, plan: MergePlan) -> str:
        if plan.is_empty():
            return ("Новых мероприятий и расхождений нет: всё из этих файлов уже есть в базе. "
                    "Объединять нечего.")
        lines = [
            f"Новых мероприятий: {len(plan.new)}. Уже есть в базе (будут пропущены): {plan.skipped}.",
        ]
        attention = []
        if plan.conflicts:
            count = len(plan.conflicts)
            attention.append(f"{count} {plural(count, 'расхождение', 'расхождения', 'расхождений')}")
        if plan.duplicates:
            count = len(plan.duplicates)
            attention.append(f"{count} {plural(count, 'возможный дубль', 'возможных дубля', 'возможных дублей')}")
        if plan.closing_differences:
            count = len(plan.closing_differences)
            attention.append(f"{count} {plural(count, 'заключительный абзац', 'заключительных абзаца', 'заключительных абзацев')}")
        if attention:
            lines.append(f"Проверьте ниже: {', '.join(attention)}. Выбор по умолчанию уже отмечен; "
                         "ничего не записывается, пока вы не нажмете «Объединить».")
        else:
            lines.append("Выбирать нечего: нажмите «Объединить», чтобы добавить новые мероприятия.")
        return "\n".join(lines)

    @staticmethod
    def _heading(text: str) -> QLabel:
        label = _plain_label(text, bold=True)
        font = label.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        label.setFont(font)
        label.setContentsMargins(0, 10, 0, 2)
        return label

    def _new_events_label(self, plan: MergePlan) -> QLabel:
        lines = []
        for source in plan.sources:
            lines.append(f"«{source.name}»: новых {len(source.new)}, уже есть {source.skipped}"
                         + (f", расхождений {len(source.conflicts)}" if source.conflicts else ""))
            for quarter, title, count in source.new_by_place():
                lines.append(f"    {quarter.label} · {title}: {count}")
        return _plain_label("\n".join(lines))

    # --- one box per choice -------------------------------------------------------------------

    def _choice_row(self, key: str, options: list[tuple[str, str]], default: str) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 4, 0, 0)
        group = QButtonGroup(row)
        for value, text in options:
            button = QRadioButton(text)
            button.setObjectName(f"{key}={value}")
            button.setProperty("choice", value)
            button.setChecked(value == default)
            group.addButton(button)
            layout.addWidget(button)
        layout.addStretch(1)
        group.buttonToggled.connect(self._choice_toggled)
        self._choices[key] = group
        return row

    @staticmethod
    def _versions_grid(captions: tuple[str, str], rows: list[tuple[str, str, str, bool]]) -> QGridLayout:
        """Two versions side by side, one row per field; differing fields marked "≠"."""
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        grid.setHorizontalSpacing(14)
        grid.addWidget(_plain_label(captions[0], bold=True), 0, 1)
        grid.addWidget(_plain_label(captions[1], bold=True), 0, 2)
        for number, (label, left, right, differs) in enumerate(rows, start=1):
            grid.addWidget(_plain_label(label + (" ≠" if differs else ""), bold=differs, wrap=False), number, 0)
            grid.addWidget(_plain_label(left), number, 1)
            grid.addWidget(_plain_label(right), number, 2)
        return grid

    def _conflict_box(self, conflict: Conflict) -> QGroupBox:
        box = QGroupBox(f"«{' '.join(conflict.ours.name.split())}»")
        changed = conflict.changed_fields
        # The name, dates and section always: they tell the coordinator which event this is.
        fields = ["name", "dates", "section"] + [name for name in changed if name not in ("name", "dates", "section")]
        newer = conflict.default
        captions = (
            f"{_ours_caption(conflict.ours_origin)}, изменена {format_moment(conflict.ours.updated_at)}"
            + (" — новее" if newer == OURS else ""),
            f"Из файла «{conflict.theirs_origin}», изменена {format_moment(conflict.theirs.updated_at)}"
            + (" — новее" if newer == THEIRS else ""),
        )
        rows = [(FIELD_LABELS[name], *conflict.texts(name), name in changed) for name in fields]
        layout = QVBoxLayout(box)
        layout.addLayout(self._versions_grid(captions, rows))
        if len(fields) < len(FIELD_LABELS):  # some of the report's columns are equal
            layout.addWidget(_plain_label("Остальные графы совпадают."))
        layout.addWidget(self._choice_row(conflict.key, [
            (OURS, "Оставить нашу версию"), (THEIRS, "Взять версию из файла"),
        ], conflict.default))
        return box

    def _duplicate_box(self, duplicate: LikelyDuplicate) -> QGroupBox:
        incoming = duplicate.incoming
        existing_section = self._section_title(duplicate.existing)
        box = QGroupBox(f"«{' '.join(incoming.event.name.split())}»")
        captions = (
            "Уже есть в этой базе" if duplicate.existing_origin == TARGET_ORIGIN
            else f"Добавляется из «{duplicate.existing_origin}»",
            f"Из файла «{incoming.source}»",
        )
        rows = []
        for name in ("name", "place", "dates", "section", "participants"):
            left = field_text(duplicate.existing, existing_section, name)
            right = field_text(incoming.event, incoming.section_title, name)
            rows.append((FIELD_LABELS[name], left, right, left != right))
        layout = QVBoxLayout(box)
        layout.addWidget(_plain_label(
            "Тот же раздел и те же сроки, почти то же название — возможно, об одном мероприятии "
            "сообщили два отдела."))
        layout.addLayout(self._versions_grid(captions, rows))
        layout.addWidget(self._choice_row(duplicate.key, [
            (KEEP_BOTH, "Добавить оба (ничего не теряется)"),
            (DROP_INCOMING, "Не добавлять мероприятие из файла"),
        ], duplicate.default))
        return box

    def _section_title(self, event: Event) -> str:
        if event.id is None:  # an event another file is about to add
            for incoming in self.plan.new:
                if incoming.event.uuid == event.uuid:
                    return incoming.section_title
            return ""
        return self.store.section(event.section_id).title

    def _closing_box(self, difference: ClosingDifference) -> QGroupBox:
        box = QGroupBox(f"Заключительный абзац, {difference.quarter.label}")
        layout = QVBoxLayout(box)
        columns = QHBoxLayout()
        ours_caption = ("Наш" if difference.ours_origin == TARGET_ORIGIN
                        else f"Из «{difference.ours_origin}»")
        for caption, text in ((ours_caption, difference.ours or "(пусто)"),
                              (f"Из файла «{difference.source}»", difference.theirs)):
            column = QVBoxLayout()
            column.addWidget(_plain_label(caption, bold=True))
            view = QPlainTextEdit(text)
            view.setReadOnly(True)
            view.setMaximumHeight(110)
            column.addWidget(view)
            columns.addLayout(column)
        layout.addLayout(columns)
        layout.addWidget(self._choice_row(difference.key, [(OURS, "Оставить наш"), (THEIRS, "Взять из файла")],
                                          difference.default))
        return box

    # --- choices and applying -----------------------------------------------------------------

    def choice_buttons(self, key: str) -> dict[str, QRadioButton]:
        """The radio buttons of one choice by value (for the window's tests and shortcuts)."""
        return {button.property("choice"): button for button in self._choices[key].buttons()}

    def decisions(self) -> dict[str, str]:
        chosen = {}
        for key, group in self._choices.items():
            checked: QAbstractButton | None = group.checkedButton()
            if checked is not None:
                chosen[key] = checked.property("choice")
        return chosen

    def _choice_toggled(self, _button, checked: bool) -> None:
        if checked:
            self._show_outcome()

    def _show_outcome(self) -> None:
        if self.plan is None or self.plan.is_empty():
            self.outcome.setText("")
            return
        self.outcome.setText(f"Итог при выбранных вариантах: {self.plan.summary(self.decisions())}.")

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def apply(self) -> None:
        """Write the merge in one transaction, then report and close."""
        if self.plan is None:
            return
        result = message = None
        replan = False
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = _apply_merge(self.store, self.plan, self.decisions())
        except ConflictError:
            replan = True  # another window changed the base since the preview: nothing was written
        except UserError as error:
            message = str(error)
        finally:
            QApplication.restoreOverrideCursor()
        if replan:
            self.refresh_plan()
            if self.plan is not None:
                self.show_message(REPLANNED)
            return
        if result is None:
            self.show_message(message)
            return
        self.merged.emit(result.summary())
        self.accept()
