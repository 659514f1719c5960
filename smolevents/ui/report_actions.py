"""Отчет menu: export to Word, import from Word, print preview, PDF.

python-docx and QtPrintSupport are imported inside these functions, never at start-up.
Word, print and PDF pass the same check first (`checked_report`).
Each renderer gets the one ReportDocument that `core.report.build_report` makes.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths

from smolevents.core.report.model import ReportDocument, build_report
from smolevents.core.validation import ERROR, QuarterCheck
from smolevents.ui import dialogs

if TYPE_CHECKING:
    from smolevents.ui.main_window import MainWindow

MAX_LINES_SHOWN = 12


def documents_dir() -> Path:
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(location) if location else Path.home()


def _with_suffix(path: Path, suffix: str) -> Path:
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


def _listed(lines: list[str]) -> str:
    shown = lines[:MAX_LINES_SHOWN]
    if len(lines) > MAX_LINES_SHOWN:
        shown.append(f"… и еще {len(lines) - MAX_LINES_SHOWN}")
    return "\n".join(shown)


def current_report(window: MainWindow) -> ReportDocument | None:
    """The shown quarter's report, typed text saved first; None (and a word) when it is empty."""
    window.commit_all_pending()
    report = build_report(window.store, window.quarter)
    if not report.event_rows:
        dialogs.show_info(window, f"В отчете за {window.quarter.label} пока нет мероприятий.")
        return None
    return report


# What each report action calls going on despite errors, and its dialog's title.
_GO_ON = {
    "word": ("Экспорт в Word", "выгрузки", "Все равно выгрузить"),
    "print": ("Печать", "печати", "Все равно печатать"),
    "pdf": ("Сохранить PDF", "сохранения в PDF", "Все равно сохранить"),
}


def checked_report(window: MainWindow, action: str) -> ReportDocument | None:
    """The quarter's report once the clerk has seen its problems; None to stop.

    One check before Word, print and PDF: with errors the clerk sees them listed
    first, then the warnings, and goes to the event or on anyway. Warnings alone never
    stop anything (an event reported late is normal): the Word and PDF actions list
    them when they are done.
    """
    report = current_report(window)
    if report is None:
        return None
    check = report.check
    if not check.errors:
        return report
    title, purpose, anyway = _GO_ON[action]
    errors = [line for (_, problem), line in zip(check.problems, check.lines()) if problem.severity == ERROR]
    warnings = [line for (_, problem), line in zip(check.problems, check.lines()) if problem.severity != ERROR]
    details = []
    if errors:
        details.append(f"Ошибки ({len(errors)}):\n{_listed(errors)}")
    if warnings:
        details.append(f"Предупреждения ({len(warnings)}):\n{_listed(warnings)}")
    text = f"В отчете есть ошибки: {len(errors)}. Их лучше исправить до {purpose}."
    choice = dialogs.ask_choice(window, text, [("goto", "Перейти к мероприятию"), ("go on", anyway)],
                                title=title, details="\n\n".join(details))
    if choice == "goto":
        window.go_to_problem(ERROR)  # the event shown and the cursor in the field to fill
        return None
    return report if choice == "go on" else None


def _warnings_after(report: ReportDocument) -> str:
    """The warnings, listed under a finished action's message (empty when none)."""
    lines = QuarterCheck(report.check.warnings).lines()
    return f"\n\nПредупреждения ({len(lines)}):\n{_listed(lines)}" if lines else ""


def export_word(window: MainWindow) -> Path | None:
    report = checked_report(window, "word")
    if report is None:
        return None
    path = dialogs.save_file_name(window, "Экспорт в Word", documents_dir() / report.quarter.default_file_name(),
                                  dialogs.WORD_FILTER)
    if path is None:
        return None
    from smolevents.core.report.docx_writer import write_report_docx
    written = write_report_docx(report, _with_suffix(path, ".docx"))
    window.statusBar().showMessage(f"Отчет сохранен: {written}", 15000)
    if dialogs.ask_yes_no(window, f"Отчет сохранен:\n{written}{_warnings_after(report)}\n\nОткрыть его?",
                          "Экспорт в Word",
                          yes="Открыть", no="Не открывать"):
        if not dialogs.open_externally(written):
            dialogs.show_error(window, f"Не удалось открыть «{written.name}»: нет программы для файлов Word. "
                                       "Откройте его из папки вручную.")
    return written


def import_word(window: MainWindow) -> bool:
    window.commit_all_pending()
    path = dialogs.open_file_name(window, "Импорт из Word", documents_dir(), dialogs.WORD_FILTER)
    if path is None:
        return False
    from smolevents.core.report.docx_reader import QuarterMissingError, import_report, read_report_docx
    try:
        imported = read_report_docx(path)
    except QuarterMissingError:
        quarter = dialogs.choose_quarter(window, window.quarter,
                                         f"В документе «{path.name}» не указан квартал. За какой он квартал?")
        if quarter is None:
            return False
        imported = read_report_docx(path, year=quarter.year, quarter=quarter.quarter)
    preview = import_report(window.store, imported, dry_run=True)
    question = (f"«{path.name}» — отчет за {imported.quarter.label}: {preview.summary()}."
                + (f"\n\n{_listed(preview.warnings)}" if preview.warnings else "")
                + "\n\nИмпортировать? Отменить импорт командой «Отменить» нельзя.")
    if not dialogs.ask_yes_no(window, question, "Импорт из Word", yes="Импортировать", no="Отмена"):
        return False
    result = import_report(window.store, imported)
    window.show_quarter(imported.quarter)
    window.reload_everything()
    dialogs.show_info(window, f"Импорт из «{path.name}»: {result.summary()}."
                      + (f"\n\n{_listed(result.warnings)}" if result.warnings else ""), "Импорт из Word")
    return True


def print_preview(window: MainWindow):
    report = checked_report(window, "print")
    if report is None:
        return None
    from smolevents.ui.print_report import show_print_preview
    return show_print_preview(window, report)


def save_pdf(window: MainWindow) -> Path | None:
    report = checked_report(window, "pdf")
    if report is None:
        return None
    proposed = documents_dir() / Path(report.quarter.default_file_name()).with_suffix(".pdf").name
    path = dialogs.save_file_name(window, "Сохранить PDF", proposed, dialogs.PDF_FILTER)
    if path is None:
        return None
    from smolevents.ui.print_report import save_pdf as write_pdf
    written = write_pdf(report, _with_suffix(path, ".pdf"), window)
    if written is None:
        window.statusBar().showMessage("Сохранение PDF отменено, файл не записан.", 15000)
        return None
    warnings = len(report.check.warnings)
    window.statusBar().showMessage(f"PDF сохранен: {written}"
                                   + (f" Предупреждений: {warnings}." if warnings else ""),
                                   15000)
    return written


def export_period_file(window: MainWindow, period, kind: str, parent=None) -> Path | None:
    """The report of any period to Word (`kind` "docx") or Excel ("xlsx"); errors asked about first."""
    from smolevents.core.report.model import build_report

    parent = parent or window
    window.commit_all_pending()
    title = "Экспорт в Word" if kind == "docx" else "Экспорт в Excel"
    report = build_report(window.store, period)
    if not report.event_rows:
        dialogs.show_info(parent, f"В отчете за {period.label} пока нет мероприятий.", title)
        return None
    if report.check.errors:
        lines = [line for (number, problem), line in zip(report.check.problems, report.check.lines())
                 if problem.severity == ERROR]
        choice = dialogs.ask_choice(parent, f"В отчете есть ошибки: {len(report.check.errors)}. "
                                    "Их лучше исправить до выгрузки.",
                                    [("goto", "Перейти к мероприятию"), ("export", "Все равно выгрузить")],
                                    title=title, details=_listed(lines))
        if choice == "goto":
            first = next(problem.event_id for _number, problem in report.check.errors if problem.event_id)
            window.show_event_anywhere(first)
            return None
        if choice != "export":
            return None
    suffix = "." + kind
    file_filter = dialogs.WORD_FILTER if kind == "docx" else dialogs.EXCEL_FILTER
    path = dialogs.save_file_name(parent, title, documents_dir() / period.default_file_name(suffix), file_filter)
    if path is None:
        return None
    path = _with_suffix(path, suffix)
    if kind == "docx":
        from smolevents.core.report.docx_writer import write_report_docx
        written = write_report_docx(report, path)
    else:
        from smolevents.core.report.xlsx_writer import export_xlsx
        export_xlsx(window.store, period, path, force=True)
        written = path
    window.statusBar().showMessage(f"Отчет за {period.label} сохранен: {written}", 15000)
    if dialogs.ask_yes_no(parent, f"Отчет сохранен:\n{written}\n\nОткрыть его?", title,
                          yes="Открыть", no="Не открывать"):
        if not dialogs.open_externally(written):
            dialogs.show_error(parent, f"Не удалось открыть «{written.name}»: нет программы для таких файлов. "
                                       "Откройте его из папки вручную.")
    return written
