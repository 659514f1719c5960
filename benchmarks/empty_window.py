"""The floor of a window's start-up: an empty PySide6 main window of the benchmark's size, shown."""

import sys

from PySide6.QtWidgets import QApplication, QMainWindow

application = QApplication(sys.argv)
window = QMainWindow()
window.resize(1280, 800)
window.show()
sys.exit(application.exec())
