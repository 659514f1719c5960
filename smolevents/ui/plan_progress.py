"""While a merge reads the departments' files: how many are read, and «Остановить».

Reading and vetting twenty files of thousands of events takes seconds, on the window's
thread: without this the window looks hung (Windows says «Не отвечает»). Shown only when
the reading takes longer than SHOW_AFTER_MS; the files are only read, so stopping leaves
the database as it was (`core.merge.PlanStopped`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from smolevents.core.merge import PlanStopped

SHOW_AFTER_MS = 700


class FilesReadProgress:
    """`plan_merge`'s progress callback, shown as a modal progress dialog."""

    def __init__(self, parent: QWidget | None, total: int):
        dialog = QProgressDialog("Проверка и чтение файлов отделов…", "Остановить", 0, total, parent)
        dialog.setWindowTitle("Объединение с файлами")
        # The whole program waits: an edit in the main window meanwhile would only make the plan stale.
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.setMinimumDuration(SHOW_AFTER_MS)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        self.dialog = dialog

    def __call__(self, done: int, total: int) -> None:
        self.dialog.setLabelText(f"Проверено и прочитано файлов: {done} из {total}")
        self.dialog.setValue(done)  # a modal progress dialog lets Qt paint and take the click here
        if self.dialog.wasCanceled():
            raise PlanStopped()

    def close(self) -> None:
        self.dialog.close()
        self.dialog.deleteLater()
