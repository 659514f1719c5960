"""Print preview, printing and "Сохранить PDF" in the window, with progress and cancel.

The pages themselves come from `smolevents.render` (the renderer the command line's
PDF uses too). Laying out and painting run in steps on the window's thread: between
steps a progress dialog is updated and events are processed, so the window repaints
and "Отмена" is heard; a cancelled PDF leaves no file (it is written whole or not at all).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QProgressDialog, QWidget

from smolevents.core.report.model import ReportDocument
from smolevents.render.pdf import write_pdf
from smolevents.render.report_pages import Cancelled, ReportPages, paint_report, report_page_layout

# A short job shows no dialog at all; a longer one shows it after this long.
PROGRESS_DELAY_MS = 400


class ProgressDialog:
    """`(done, total) -> go on?` for the renderers, shown as a cancellable progress bar."""

    def __init__(self, parent: QWidget | None, title: str, label: str):
        self.dialog = QProgressDialog(label, "Отмена", 0, 1000, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(PROGRESS_DELAY_MS)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setValue(0)

    def __call__(self, done: int, total: int) -> bool:
        self.dialog.setValue(round(1000 * done / max(total, 1)))
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        return not self.dialog.wasCanceled()

    def close(self) -> None:
        self.dialog.close()
        self.dialog.deleteLater()


def save_pdf(report: ReportDocument, path: str | Path, parent: QWidget | None = None) -> Path | None:
    """Write the report as a PDF at `path`; None when the clerk cancelled (no file left)."""
    progress = ProgressDialog(parent, "Сохранить PDF", f"Сохранение отчета за {report.quarter.label} в PDF…")
    try:
        return write_pdf(report, path, progress)
    except Cancelled:
        return None
    finally:
        progress.close()


def show_print_preview(parent, report: ReportDocument) -> QPrintPreviewDialog:
    """Open the print preview of `report` beside the window (does not block)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(report_page_layout(report.layout))
    printer.setDocName(report.quarter.default_file_name().removesuffix(".docx"))
    printer.setCreator(report.author)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(f"Предварительный просмотр — отчет за {report.quarter.label}")
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.paintRequested.connect(lambda device: _paint_with_progress(dialog, report, device))
    dialog._printer = printer  # the dialog does not own its printer
    from smolevents.ui.screen_fit import fit_to_screen, preferred_size
    fit_to_screen(dialog, preferred_size(1100, 800))  # the page whole on a 1366×768 or 1024×640 screen
    dialog.open()
    return dialog


def _paint_with_progress(parent: QWidget, report: ReportDocument, device) -> None:
    """The preview's pages or the printout, with progress; a cancelled printout stops."""
    progress = ProgressDialog(parent, "Печать", f"Подготовка страниц отчета за {report.quarter.label}…")
    try:
        paint_report(report, device, progress, ReportPages(report, device, progress))
    except Cancelled:
        if isinstance(device, QPrinter):
            device.abort()
    finally:
        progress.close()
