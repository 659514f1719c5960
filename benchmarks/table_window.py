"""A second floor: the least a PySide6 window with a table costs, shown.

The empty window (empty_window.py) never touches Qt's namespace (`Qt.…`, some 90 enums
PySide6 turns into Python enums when it is first used) nor the item-view classes; any
table window does. This one has a menu bar, a toolbar with standard icons and a
QTableView over a Python model of 60 rows: what smolevents' window has at the least,
with none of its own code, database or form.
"""

import sys

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QMainWindow, QStyle, QTableView, QToolBar

COLUMNS = ("№", "Наименование", "Место", "Сроки", "Цель", "Участники")


class Rows(QAbstractTableModel):
    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else 60

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{COLUMNS[index.column()]} {index.row() + 1}"
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None


application = QApplication(sys.argv)
window = QMainWindow()
for title in ("Файл", "Правка", "Мероприятие", "Отчет"):
    window.menuBar().addMenu(title)
toolbar = QToolBar(window)
for text, icon in (("Новое", QStyle.StandardPixmap.SP_FileIcon), ("Удалить", QStyle.StandardPixmap.SP_TrashIcon),
                   ("В Word", QStyle.StandardPixmap.SP_DialogSaveButton)):
    toolbar.addAction(window.style().standardIcon(icon), text)
window.addToolBar(toolbar)
table = QTableView(window)
model = Rows(table)
table.setModel(model)
window.setCentralWidget(table)
window.resize(1280, 800)
window.show()
sys.exit(application.exec())
