"""How far a merge has got, while it reads the departments' files and while it writes.

Reading and vetting twenty files of thousands of events takes seconds on the window's
thread, and so does writing them: without this the window looks hung (Windows says
«Не отвечает»). Each dialog shows only when its work takes longer than SHOW_AFTER_MS.
The reading may be stopped («Остановить»): the files are only read, so the database is
as it was (`core.merge.PlanStopped`). The writing is one transaction and is not offered
to be stopped; the dialog is modal, so nothing can be typed meanwhile.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from smolevents.core.merge import PlanStopped

SHOW_AFTER_MS = 700


class _MergeProgress:
    def __init__(self, parent: QWidget | None, stop: str | None):
        dialog = QProgressDialog("", stop or "", 0, 0, parent)
        if stop is None:
            dialog.setCancelButton(None)
        dialog.setWindowTitle("Объединение с файлами")
        # The whole program waits: an edit in the main window meanwhile would only make the plan stale.
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.setMinimumDuration(SHOW_AFTER_MS)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        self.dialog = dialog

    def __call__(self, done: int, total: int) -> None:
        self.dialog.setLabelText(self.text(done, total))
        if self.dialog.maximum() != total:
            self.dialog.setMaximum(total)
        self.dialog.setValue(done)  # a modal progress dialog lets Qt paint and take the click here

    def text(self, done: int, total: int) -> str:
        raise NotImplementedError

    def close(self) -> None:
        self.dialog.close()
        self.dialog.deleteLater()


class FilesReadProgress(_MergeProgress):
    """`plan_merge`'s progress, with «Остановить»."""

    def __init__(self, parent: QWidget | None):
        super().__init__(parent, "Остановить")

    def text(self, done: int, total: int) -> str:
        return f"Проверено и прочитано файлов: {done} из {total}"

    def __call__(self, done: int, total: int) -> None:
        super().__call__(done, total)
        if self.dialog.wasCanceled():
            raise PlanStopped()


class EventsWrittenProgress(_MergeProgress):
    """`apply_merge`'s progress: the new events written so far."""

    def __init__(self, parent: QWidget | None):
        super().__init__(parent, None)

    def text(self, done: int, total: int) -> str:
        return f"Записано в базу мероприятий: {done} из {total}"
