"""«Скопировать из прошлого квартала»: recurring events brought into the quarter shown.

The clerk picks an earlier quarter and ticks its events; copies go to the end of their
sections in this quarter, in one undoable step. The dates are left empty on purpose:
last quarter's dates are never this quarter's, and an empty date is flagged until filled.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton,
    QVBoxLayout,
)

from smolevents.core.dates import EventDates
from smolevents.core.domain import Event, Quarter
from smolevents.core.store.quarter_summary import quarters_with_counts
from smolevents.core.text import plural, shorten
from smolevents.ui import dialogs
from smolevents.ui.screen_fit import fit_to_screen, preferred_size

if TYPE_CHECKING:
    from smolevents.ui.main_window import MainWindow


def copy_from_past(window: MainWindow) -> CopyPastDialog | None:
    window.commit_all_pending()
    earlier = [quarter for quarter, count in quarters_with_counts(window.store) if count and quarter < window.quarter]
    if not earlier:
        dialogs.show_info(window, f"До {window.quarter.label} в базе нет кварталов с мероприятиями: копировать нечего.")
        return None
    dialog = CopyPastDialog(window, earlier)
    dialog.open()
    return dialog


class CopyPastDialog(QDialog):
    def __init__(self, window: MainWindow, quarters: list[Quarter]):
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle(f"Скопировать в {window.quarter.label} из прошлого квартала")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(self)
        note = QLabel("Отметьте повторяющиеся мероприятия. Копии встанут в конец своих разделов; "
                      "сроки в копиях пустые — укажите их заново.", self)
        note.setWordWrap(True)
        layout.addWidget(note)
        top = QHBoxLayout()
        top.addWidget(QLabel("Квартал:", self))
        self.quarter_box = QComboBox(self)
        for quarter in quarters:
            self.quarter_box.addItem(quarter.label, quarter)
        self.quarter_box.currentIndexChanged.connect(self._fill)
        top.addWidget(self.quarter_box)
        top.addStretch(1)
        for text, state in (("Отметить все", Qt.CheckState.Checked), ("Снять все", Qt.CheckState.Unchecked)):
            button = QPushButton(text, self)
            button.clicked.connect(lambda _checked=False, state=state: self._check_all(state))
            top.addWidget(button)
        layout.addLayout(top)
        self.events_list = QListWidget(self)
        self.events_list.setWordWrap(True)
        self.events_list.itemChanged.connect(self._update_button)
        layout.addWidget(self.events_list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.copy_button = buttons.addButton("Скопировать", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.copy_checked)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._fill()
        fit_to_screen(self, preferred_size(760, 560))

    def _fill(self) -> None:
        self.events_list.clear()
        quarter = self.quarter_box.currentData()
        titles = {section.id: section.title for section in self.window_.store.sections()}
        for number, event in enumerate(self.window_.store.events(quarter), start=1):
            text = f"{number}. {shorten(event.name, 110)}\n    {titles.get(event.section_id, '')}"
            if not event.dates.is_empty:
                text += f" · {event.dates.format()}"
            item = QListWidgetItem(text, self.events_list)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, event)
        self._update_button()

    def _check_all(self, state: Qt.CheckState) -> None:
        for row in range(self.events_list.count()):
            self.events_list.item(row).setCheckState(state)

    def checked_events(self) -> list[Event]:
        items = (self.events_list.item(row) for row in range(self.events_list.count()))
        return [item.data(Qt.ItemDataRole.UserRole) for item in items if item.checkState() == Qt.CheckState.Checked]

    def _update_button(self, *_args) -> None:
        count = len(self.checked_events())
        self.copy_button.setEnabled(bool(count))
        self.copy_button.setText(f"Скопировать ({count})" if count else "Скопировать")

    def copy_checked(self) -> list[int]:
        window = self.window_
        quarter = window.quarter
        copies = [Event(id=None, uuid="", quarter=quarter, section_id=event.section_id, position=0,
                        name=event.name, place=event.place, dates=EventDates(), purpose=event.purpose,
                        participants=event.participants,
                        # partners the clerk confirmed are the same partners; a guess is made again
                        **({"countries": event.countries, "countries_confirmed": True}
                           if event.countries_confirmed else {}))
                  for event in self.checked_events()]
        if not copies:
            return []
        ids = window.guard(lambda: window.editing.add_events(quarter, copies, "копии из прошлого квартала")) or []
        if ids:
            window.select_event(ids[0])
            count = len(ids)
            window.statusBar().showMessage(
                f"Скопировано {count} {plural(count, 'мероприятие', 'мероприятия', 'мероприятий')} из "
                f"{self.quarter_box.currentData().label}; укажите сроки (отменить — Ctrl+Z)", 15000)
        self.accept()
        return ids
