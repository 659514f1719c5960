"""Every message box and file dialog the window shows, as small replaceable functions.

The window calls `dialogs.ask_yes_no(...)` and never builds a dialog itself, so
tests replace these functions and no test can hang on a modal `exec()`. Buttons
are Russian (Qt's own translations cover the standard ones; ours are named here).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

# Qt's dialog classes are imported by the function that shows one: the window's
# start-up never shows a dialog and should not pay for preparing them.
if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from smolevents.core.domain import Quarter

APP_TITLE = "Международные мероприятия"
WORD_FILTER = "Документ Word (*.docx)"
PDF_FILTER = "Документ PDF (*.pdf)"
EXCEL_FILTER = "Книга Excel (*.xlsx)"
DATABASE_FILTER = "База мероприятий (*.sqlite *.db *.sqlite3);;Все файлы (*)"


def show_error(parent: QWidget | None, text: str, title: str = "Ошибка") -> None:
    from PySide6.QtWidgets import QMessageBox
    QMessageBox.warning(parent, title, text)


def show_info(parent: QWidget | None, text: str, title: str = APP_TITLE) -> None:
    from PySide6.QtWidgets import QMessageBox
    QMessageBox.information(parent, title, text)


def show_unexpected_error(parent: QWidget | None, text: str) -> None:
    """Not modal: the program goes on while the clerk reads it."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox
    box = QMessageBox(QMessageBox.Icon.Critical, "Непредвиденная ошибка", text,
                      QMessageBox.StandardButton.Ok, parent)
    box.setModal(False)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    box.show()


def ask_yes_no(parent: QWidget | None, text: str, title: str = APP_TITLE,
               yes: str = "Да", no: str = "Нет") -> bool:
    from PySide6.QtWidgets import QMessageBox
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    no_button = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no_button)
    box.setEscapeButton(no_button)
    box.exec()
    return box.clickedButton() is yes_button


def ask_choice(parent: QWidget | None, text: str, choices: list[tuple[str, str]],
               title: str = APP_TITLE, details: str = "", cancel: str = "Отмена") -> str | None:
    """One of the `(key, button text)` choices, or None when the clerk cancels."""
    from PySide6.QtWidgets import QMessageBox
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    if details:
        box.setInformativeText(details)
    buttons = {box.addButton(label, QMessageBox.ButtonRole.AcceptRole): key for key, label in choices}
    cancel_button = box.addButton(cancel, QMessageBox.ButtonRole.RejectRole)
    box.setEscapeButton(cancel_button)
    box.setDefaultButton(cancel_button)
    box.exec()
    return buttons.get(box.clickedButton())


def save_file_name(parent: QWidget | None, title: str, proposed: Path, file_filter: str) -> Path | None:
    from PySide6.QtWidgets import QFileDialog
    name, _ = QFileDialog.getSaveFileName(parent, title, str(proposed), file_filter)
    return Path(name) if name else None


def open_file_name(parent: QWidget | None, title: str, folder: Path, file_filter: str) -> Path | None:
    from PySide6.QtWidgets import QFileDialog
    name, _ = QFileDialog.getOpenFileName(parent, title, str(folder), file_filter)
    return Path(name) if name else None


def open_file_names(parent: QWidget | None, title: str, folder: Path, file_filter: str) -> list[Path]:
    from PySide6.QtWidgets import QFileDialog
    names, _ = QFileDialog.getOpenFileNames(parent, title, str(folder), file_filter)
    return [Path(name) for name in names]


TEXT_FIELD_CHARS = 60  # a section title runs to about 50 characters: it fits without scrolling


def text_dialog(parent: QWidget | None, title: str, label: str, text: str = ""):
    """The one-line question (a QInputDialog), wide enough for a long title (Qt's own is 200 px)."""
    from PySide6.QtWidgets import QInputDialog, QLineEdit
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setTextValue(text)
    dialog.setInputMode(QInputDialog.InputMode.TextInput)  # makes the line edit now, to size it
    field = dialog.findChild(QLineEdit)
    if field is not None:
        field.setMinimumWidth(field.fontMetrics().horizontalAdvance("о" * TEXT_FIELD_CHARS) + 12)
    return dialog


def get_text(parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
    from PySide6.QtWidgets import QDialog
    dialog = text_dialog(parent, title, label, text)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    return dialog.textValue() if accepted else None


def choose_quarter(parent: QWidget | None, proposed: Quarter, text: str = "",
                   title: str = "Новый квартал") -> Quarter | None:
    """A small year + quarter chooser ("Новый квартал", a document without its quarter)."""
    from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox

    from smolevents.core.domain import ROMAN_QUARTERS, YEAR_RANGE, Quarter
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    form = QFormLayout(dialog)
    if text:
        note = QLabel(text, dialog)
        note.setWordWrap(True)
        form.addRow(note)
    quarter_box = QComboBox(dialog)
    for number, roman in ROMAN_QUARTERS.items():
        quarter_box.addItem(f"{roman} квартал", number)
    quarter_box.setCurrentIndex(proposed.quarter - 1)
    year_box = QSpinBox(dialog)
    year_box.setRange(YEAR_RANGE.start, YEAR_RANGE.stop - 1)
    year_box.setValue(proposed.year)
    form.addRow("Квартал:", quarter_box)
    form.addRow("Год:", year_box)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return Quarter(year_box.value(), quarter_box.currentData())


def open_externally(path: Path) -> bool:
    """Open a file in the program the system associates with it (Word for .docx)."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
