"""The report as a PDF file: the print renderer painting on a PDF writer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QPdfWriter

from smolevents.core.report.model import ReportDocument
from smolevents.core.safe_write import write_atomically
from smolevents.render.report_pages import Progress, ReportPages, paint_report, report_page_layout


def write_pdf(report: ReportDocument, path: str | Path, progress: Progress | None = None) -> Path:
    """Write the report as a PDF at `path`, whole or not at all.

    `progress(done, total)` hears of the layout (in strips) and then of every page;
    returning False stops with `Cancelled`, and no file is left behind.
    """

    def write(temporary: Path) -> None:
        writer = QPdfWriter(str(temporary))
        writer.setPageLayout(report_page_layout(report.layout))
        writer.setTitle(" ".join(report.title_lines))
        writer.setCreator(report.author)
        layout_progress = None
        if progress is not None:
            # The layout is the first tenth of the work, the pages the rest.
            def layout_progress(done: int, total: int) -> bool:
                return progress(done, total * 10)
        pages = ReportPages(report, writer, layout_progress)
        page_progress = None
        if progress is not None:
            def page_progress(done: int, total: int) -> bool:
                return progress(total + done * 9, total * 10)
        paint_report(report, writer, page_progress, pages)
        del writer  # closes the file before it is moved into place

    return write_atomically(path, write)
