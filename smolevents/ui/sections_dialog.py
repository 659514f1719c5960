"""Разделы: add, rename, reorder and delete the catalogue's sections.

Every change goes through Editing (undoable, saved at once). A section that holds
events is not deleted: the store refuses and its message is shown as it is.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton,
    QVBoxLayout, QWidget,
)

from smolevents.core.text import events_phrase
from smolevents.core.domain import Section
from smolevents.core.errors import SectionInUseError
from smolevents.ui import dialogs
from smolevents.ui.screen_fit import fit_to_screen, preferred_size
from smolevents.ui.editing import Editing


class SectionsDialog(QDialog):
    def __init__(self, editing: Editing, parent: QWidget | None = None):
        super().__init__(parent)
        self.editing = editing
        self.setWindowTitle("Разделы отчета")
        fit_to_screen(self, preferred_size(880, 440))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(
            "Разделы идут в отчете в этом порядке. Раздел без мероприятий в отчет не попадает.", self))
        row = QHBoxLayout()
        self.list = QListWidget(self)
        self.list.currentRowChanged.connect(self._update_buttons)
        self.list.itemDoubleClicked.connect(lambda _item: self.rename_current())
        row.addWidget(self.list, 1)
        buttons = QVBoxLayout()
        self.add_button = self._button("Добавить…", self.add, buttons)
        self.rename_button = self._button("Переименовать…", self.rename_current, buttons)
        self.up_button = self._button("Выше", lambda: self.move_current(-1), buttons)
        self.down_button = self._button("Ниже", lambda: self.move_current(1), buttons)
        self.delete_button = self._button("Удалить", self.delete_current, buttons)
        buttons.addStretch(1)
        row.addLayout(buttons)
        layout.addLayout(row)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        editing.sections_changed.connect(self.reload)
        editing.layout_changed.connect(lambda _id: self.reload())
        self.reload()

    def _button(self, text: str, slot, layout) -> QPushButton:
        button = QPushButton(text, self)
        button.clicked.connect(slot)
        layout.addWidget(button)
        return button

    def reload(self) -> None:
        keep = self.current_section()
        store = self.editing.store
        self._sections = [section for section, _ in store.counts_by_section(self.editing.current_quarter)]
        counts = dict((section.id, count) for section, count in store.counts_by_section(self.editing.current_quarter))
        self.list.clear()
        for section in self._sections:
            count = counts.get(section.id, 0)
            note = events_phrase(count) if count else "нет мероприятий"
            item = QListWidgetItem(f"{section.title}  ({self.editing.current_quarter.label}: {note})")
            item.setData(Qt.ItemDataRole.UserRole, section.id)
            self.list.addItem(item)
        ids = [section.id for section in self._sections]
        self.list.setCurrentRow(ids.index(keep.id) if keep and keep.id in ids else 0)
        self._update_buttons()

    def current_section(self) -> Section | None:
        row = self.list.currentRow()
        sections = getattr(self, "_sections", [])
        return sections[row] if 0 <= row < len(sections) else None

    def select_section(self, section_id: int) -> None:
        ids = [section.id for section in self._sections]
        self.list.setCurrentRow(ids.index(section_id))

    def _update_buttons(self, *_args) -> None:
        row = self.list.currentRow()
        chosen = row >= 0
        self.rename_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)
        self.up_button.setEnabled(chosen and row > 0)
        self.down_button.setEnabled(chosen and row < self.list.count() - 1)

    def add(self) -> None:
        title = dialogs.get_text(self, "Новый раздел", "Название раздела:")
        # A refused title (a duplicate, empty) is asked again with what was typed, not thrown away.
        while title is not None and not self.editing.add_section(title):
            title = dialogs.get_text(self, "Новый раздел", "Название раздела:", title)
        if title is not None:
            added = self.editing.store.section_by_title(title)
            if added:
                self.select_section(added.id)

    def rename_current(self) -> None:
        section = self.current_section()
        if section is None:
            return
        title = dialogs.get_text(self, "Переименовать раздел", "Новое название раздела:", section.title)
        while title is not None and title != section.title and not self.editing.rename_section(section, title):
            title = dialogs.get_text(self, "Переименовать раздел", "Новое название раздела:", title)

    def move_current(self, step: int) -> None:
        section = self.current_section()
        if section is None:
            return
        index = self.list.currentRow() + step
        if 0 <= index < self.list.count() and self.editing.move_section(section, index):
            self.select_section(section.id)

    def delete_current(self) -> None:
        section = self.current_section()
        if section is None:
            return
        try:  # say why a used section stays before asking anything
            self.editing.store.check_section_deletable(section.id)
        except SectionInUseError as refusal:
            self.editing.failed.emit(str(refusal))
            return
        if dialogs.ask_yes_no(self, f"Удалить раздел «{section.title}»?", "Удаление раздела",
                              yes="Удалить", no="Не удалять"):
            self.editing.delete_section(section)
