"""«Объединить с файлами…»: the merge preview, the coordinator's choices, then one transaction.

The dialog only shows `smolevents.core.merge`'s plan and hands the choices back to
`apply_merge`; nothing is written before a click on «Объединить» (Enter does not
apply it). Each choice names whose version it is. Text from the files is shown as
plain text, or escaped rich text where changed words are marked.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton, QApplication, QButtonGroup, QDialog, QDialogButtonBox, QFrame, QGridLayout,
    QGroupBox, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QRadioButton, QScrollArea,
    QVBoxLayout, QWidget,
)

from smolevents.core.errors import ConflictError, UserError
from smolevents.core.merge import (
    DROP_INCOMING, FIELD_LABELS, KEEP_BOTH, OURS, TARGET_ORIGIN, THEIRS, ClosingDifference, Edited,
    EventUpdate, FieldConflict, LikelyDuplicate, MergePlan, PlanStopped, changed_in, field_text, format_moment,
    keep_caption, plan_merge, take_caption, version_caption,
)
from smolevents.core.merge import apply_merge as _apply_merge
from smolevents.core.merge_result import MergeResult
from smolevents.core.text import plural
from smolevents.ui.merge_diff_view import marked_pair, rich_label
from smolevents.ui.plan_progress import EventsWrittenProgress, FilesReadProgress

EDIT = "edit"  # the third choice of a text field changed on both sides: the coordinator's own text
REPLANNED = (
    "База изменилась после предпросмотра (правка в другом окне или другой копией программы), "
    "поэтому ничего не записано. План составлен заново: проверьте выбор и нажмите «Объединить» еще раз."
)


class AppliedMerge(NamedTuple):
    plan: MergePlan
    decisions: dict
    result: MergeResult


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


class MergeDialog(QDialog):
    """Preview of merging `source_paths` into `store`; «Объединить» applies it in one transaction."""

    merged = Signal(object)  # AppliedMerge, after the merge is written

    def __init__(self, store, source_paths, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.source_paths = [Path(path) for path in source_paths]
        self.plan: MergePlan | None = None
        self._choices: dict[str, QButtonGroup] = {}
        self._editors: dict[str, QPlainTextEdit] = {}
        self.setWindowTitle("Объединение с файлами отделов")
        self.setSizeGripEnabled(True)
        from smolevents.ui.screen_fit import fit_to_screen, preferred_size
        fit_to_screen(self, preferred_size(1040, 760))

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
        for button in (self.apply_button, self.cancel_button):
            button.setAutoDefault(False)  # a stray Enter on a choice must not apply the merge
            button.setDefault(False)
        self.apply_button.clicked.connect(self.apply)
        self.cancel_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.message)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.outcome)
        layout.addWidget(self.buttons)
        self.refresh_plan()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        # The button box makes its first accept button the default when shown: undo that.
        for button in (self.apply_button, self.cancel_button):
            button.setDefault(False)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()  # applying takes a click on «Объединить»
            return
        super().keyPressEvent(event)

    # --- the plan ----------------------------------------------------------------------------

    def refresh_plan(self) -> None:
        """Read the files again and show the plan (nothing is written)."""
        self._choices.clear()
        self._editors.clear()
        names = ", ".join(f"«{path.name}»" for path in self.source_paths)
        self.heading.setText(f"База: {self.store.label}\nФайлы: {names}")
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        progress = FilesReadProgress(self.parentWidget())
        try:
            self.plan = plan_merge(self.store, self.source_paths, progress)
        except UserError as error:
            self.plan = None
            stopped = isinstance(error, PlanStopped)  # the coordinator's «Остановить»: said as it is
            self.show_message(str(error) if stopped else f"{error}\nОбъединение невозможно: ничего не изменено.")
            self.scroll.setWidget(QWidget())
            self.outcome.setText("")
            self.apply_button.setEnabled(False)
            self.cancel_button.setText("Закрыть")
            return
        finally:
            progress.close()
            QApplication.restoreOverrideCursor()
        self.scroll.setWidget(self._plan_page(self.plan))
        has_work = not self.plan.is_empty()
        self.apply_button.setEnabled(has_work)
        self.cancel_button.setText("Отмена" if has_work else "Закрыть")
        self._show_outcome()

    def _plan_page(self, plan: MergePlan) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.counts = _plain_label(self._counts_text(plan))
        layout.addWidget(self.counts)
        if plan.updates:
            asked = sum(1 for update in plan.updates if update.conflict_fields)
            layout.addWidget(self._heading(
                f"Измененные мероприятия ({len(plan.updates)}; выбор нужен в {asked}): поле, измененное "
                "только в одной версии, берется из нее без вопроса"))
            for update in plan.updates:
                layout.addWidget(self._update_box(update))
        if plan.duplicates:
            layout.addWidget(self._heading(
                f"Возможные дубли ({len(plan.duplicates)}): одно мероприятие от двух отделов?"))
            for duplicate in plan.duplicates:
                layout.addWidget(self._duplicate_box(duplicate))
        if plan.closing_differences:
            layout.addWidget(self._heading("Заключительный абзац отличается"))
            for difference in plan.closing_differences:
                layout.addWidget(self._closing_box(difference))
        layout.addWidget(self._heading("Мероприятия по файлам"))
        layout.addWidget(self._new_events_label(plan))
        layout.addStretch(1)
        return page

    def _counts_text(self, plan: MergePlan) -> str:
        if plan.is_empty():
            return ("Новых мероприятий и изменений нет: всё из этих файлов уже есть в базе. "
                    "Объединять нечего.")
        lines = [f"В файлах мероприятий: {plan.event_count}. Итог ниже считает каждое один раз: "
                 "добавлено, обновлено, без изменений или не добавлено."]
        attention = []
        conflicts = len(plan.conflicts)
        if conflicts:
            attention.append(f"{conflicts} {plural(conflicts, 'поле, измененное', 'поля, измененных', 'полей, измененных')} "
                             "по-разному")
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
            lines.append("Выбирать нечего: нажмите «Объединить».")
        if plan.remembered:
            lines.append(f"Не добавлены раньше как дубли и с тех пор не менялись: {len(plan.remembered)} "
                         "(не спрашиваются снова).")
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
            lines.append(f"«{source.name}»: мероприятий {source.event_count}: новых {len(source.new)}, "
                         f"уже есть {source.skipped}"
                         + (f", изменены {len(source.updates)}" if source.updates else "")
                         + (f", не добавлены раньше {len(source.remembered)}" if source.remembered else ""))
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
        """Two versions side by side, one row per field; differing fields marked "≠", their words coloured."""
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        grid.setHorizontalSpacing(14)
        grid.addWidget(_plain_label(captions[0], bold=True), 0, 1)
        grid.addWidget(_plain_label(captions[1], bold=True), 0, 2)
        for number, (label, left, right, differs) in enumerate(rows, start=1):
            grid.addWidget(_plain_label(label + (" ≠" if differs else ""), bold=differs, wrap=False), number, 0)
            if differs:
                left_html, right_html = marked_pair(left, right)
                grid.addWidget(rich_label(left_html), number, 1)
                grid.addWidget(rich_label(right_html), number, 2)
            else:
                grid.addWidget(_plain_label(left), number, 1)
                grid.addWidget(_plain_label(right), number, 2)
        return grid

    def _update_box(self, update: EventUpdate) -> QGroupBox:
        box = QGroupBox(f"«{' '.join(update.ours.name.split())}»")
        box.setObjectName(update.key)
        changed = update.changed_fields
        fields = ["name", "dates", "section"] + [name for name in changed if name not in ("name", "dates", "section")]
        captions = (
            f"{version_caption(update.ours_origin)}, изменена {format_moment(update.ours.updated_at)}",
            f"{version_caption(update.theirs_origin)}, изменена {format_moment(update.theirs.updated_at)}",
        )
        rows = [(FIELD_LABELS[name], *update.texts(name), name in changed) for name in fields]
        layout = QVBoxLayout(box)
        layout.addLayout(self._versions_grid(captions, rows))
        notes = []
        if update.taken:
            notes.append(f"Изменено только в «{update.theirs_origin}», берется: "
                         + ", ".join(FIELD_LABELS[name] for name in update.taken) + ".")
        if update.kept:
            notes.append(f"Изменено только {changed_in(update.ours_origin)}, остается: "
                         + ", ".join(FIELD_LABELS[name] for name in update.kept) + ".")
        if notes:
            layout.addWidget(_plain_label(" ".join(notes)))
        for conflict in update.conflicts:
            layout.addWidget(self._conflict_row(conflict))
        return box

    def _conflict_row(self, conflict: FieldConflict) -> QWidget:
        update = conflict.update
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 2, 0, 0)
        later = version_caption(update.theirs_origin if conflict.default == THEIRS else update.ours_origin)
        layout.addWidget(_plain_label(
            f"«{FIELD_LABELS[conflict.field]}» изменено по-разному в обеих версиях — выберите "
            f"(по умолчанию отмечена измененная позже: {later.lower()}):", bold=True))
        options = [(OURS, keep_caption(update.ours_origin)), (THEIRS, take_caption(update.theirs_origin))]
        if conflict.editable:
            options.append((EDIT, "Написать самому"))
        layout.addWidget(self._choice_row(conflict.key, options, conflict.default))
        if conflict.editable:
            ours, theirs = (getattr(update.ours, conflict.field), getattr(update.theirs, conflict.field))
            editor = QPlainTextEdit(ours if ours.strip() == theirs.strip() else f"{ours}\n{theirs}")
            editor.setObjectName(f"{conflict.key}:text")
            editor.setMaximumHeight(90)
            editor.setVisible(False)
            editor.textChanged.connect(self._show_outcome)
            self._editors[conflict.key] = editor
            layout.addWidget(editor)
        return holder

    def _duplicate_box(self, duplicate: LikelyDuplicate) -> QGroupBox:
        incoming = duplicate.incoming
        existing_section = duplicate.existing_section
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
            "сообщили два отдела. Если не добавлять, этот выбор запоминается и не спрашивается снова."))
        layout.addLayout(self._versions_grid(captions, rows))
        layout.addWidget(self._choice_row(duplicate.key, [
            (KEEP_BOTH, "Добавить оба (ничего не теряется)"),
            (DROP_INCOMING, f"Не добавлять мероприятие из «{incoming.source}»"),
        ], duplicate.default))
        return box

    def _closing_box(self, difference: ClosingDifference) -> QGroupBox:
        box = QGroupBox(f"Заключительный абзац, {difference.quarter.label}")
        layout = QVBoxLayout(box)
        left_html, right_html = marked_pair(difference.ours or "(пусто)", difference.theirs)
        columns = QHBoxLayout()
        for caption, text in ((version_caption(difference.ours_origin), left_html),
                              (version_caption(difference.source), right_html)):
            column = QVBoxLayout()
            column.addWidget(_plain_label(caption, bold=True))
            column.addWidget(rich_label(text))
            columns.addLayout(column, 1)
        layout.addLayout(columns)
        layout.addWidget(self._choice_row(difference.key, [
            (OURS, keep_caption(difference.ours_origin)), (THEIRS, take_caption(difference.source)),
        ], difference.default))
        return box

    # --- choices and applying -----------------------------------------------------------------

    def choice_buttons(self, key: str) -> dict[str, QRadioButton]:
        """The radio buttons of one choice by value (for the window's tests and shortcuts)."""
        return {button.property("choice"): button for button in self._choices[key].buttons()}

    def text_editor(self, key: str) -> QPlainTextEdit:
        return self._editors[key]

    def decisions(self) -> dict:
        chosen = {}
        for key, group in self._choices.items():
            checked: QAbstractButton | None = group.checkedButton()
            if checked is None:
                continue
            value = checked.property("choice")
            chosen[key] = Edited(self._editors[key].toPlainText()) if value == EDIT else value
        return chosen

    def _choice_toggled(self, button, checked: bool) -> None:
        key = button.objectName().rsplit("=", 1)[0]
        if key in self._editors:
            checked_button = self._choices[key].checkedButton()
            self._editors[key].setVisible(checked_button is not None and checked_button.property("choice") == EDIT)
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
        decisions = self.decisions()
        result = message = None
        replan = False
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        progress = EventsWrittenProgress(self)
        try:
            result = _apply_merge(self.store, self.plan, decisions, keep_snapshot=True, progress=progress)
        except ConflictError:
            replan = True  # another window changed the base since the preview: nothing was written
        except UserError as error:
            message = str(error)
        finally:
            progress.close()
            QApplication.restoreOverrideCursor()
        if replan:
            self.refresh_plan()
            if self.plan is not None:
                self.show_message(REPLANNED)
            return
        if result is None:
            self.show_message(message)
            return
        self.merged.emit(AppliedMerge(self.plan, decisions, result))
        self.accept()
