"""`smolevents export --year 2023 --period h1`: the report for a period as a Word (Excel, PDF) file."""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

from smolevents.core.domain import Quarter
from smolevents.core.periods import Period, parse_period
from smolevents.core.errors import InvalidValueError
from smolevents.core.report.model import ReportDocument, WrittenReport
from smolevents.core.validation import QuarterCheck

USAGE_HINT = "Справка: smolevents export --help"


def register(subparsers) -> None:
    from smolevents.cli.database_argument import add_db_argument
    from smolevents.cli.period_arguments import add_period_arguments
    parser = subparsers.add_parser(
        "export",
        help="выгрузить отчет за квартал, полугодие, 9 месяцев или год в Word (.docx), Excel (.xlsx) или PDF",
        description="Записывает отчет за период в документ Word: A4, альбомная ориентация, "
                    "таблица с заголовком на каждой странице. Если в отчете есть ошибки "
                    "(не заполнены обязательные поля), отчет не выгружается, пока их не "
                    "исправят (или с --force). Предупреждения выводятся, но не мешают. С -o ФАЙЛ.xlsx — "
                    "таблица Excel: мероприятия по строкам и лист «Сводка» с диаграммами. С -o ФАЙЛ.pdf — "
                    "PDF, страница в страницу как при печати из программы (экран не нужен).",
    )
    add_period_arguments(parser, year_help="год отчета, например 2023")
    add_db_argument(parser)
    parser.add_argument("-o", "--output", type=Path, metavar="ФАЙЛ.docx",
                        help="куда записать (по умолчанию Отчет_II_квартал_2023.docx в текущей папке; "
                             ".xlsx — таблица Excel, .pdf — PDF)")
    parser.add_argument("--force", action="store_true",
                        help="выгрузить, даже если в отчете есть ошибки (они будут перечислены)")
    parser.set_defaults(handler=run)


def run(args) -> int:
    try:
        period = parse_period(args.year, args.period, args.quarter)
    except InvalidValueError as error:
        print(f"{error}\n{USAGE_HINT}", file=sys.stderr)
        return 2
    from smolevents.cli.database_argument import open_store
    from smolevents.core.report.docx_writer import ExportBlockedError, export_period

    target = output_path(args.output, period)
    with open_store(args, create=False, read_only=True) as store:
        if target.suffix.lower() == ".xlsx":
            from smolevents.core.report.xlsx_writer import export_xlsx as export
        elif target.suffix.lower() == ".pdf":
            export = partial(export_period, write=pdf_writer())
        else:
            export = export_period
        try:
            report = export(store, period, target, force=args.force)
        except ExportBlockedError as blocked:
            lines = [f"Отчет не выгружен: ошибок {len(blocked.lines)}. Исправьте их и повторите выгрузку:"]
            lines += [f"  ! {line}" for line in blocked.lines]
            lines.append("Выгрузить как есть, с ошибками: добавьте --force.")
            print("\n".join(lines), file=sys.stderr)
            return 1
    print("\n".join(result_lines(report, target)))
    return 0


def pdf_writer():
    """The print renderer (Qt, offscreen: no display needed), imported only for a PDF."""
    from smolevents.render.offscreen import gui_application
    from smolevents.render.pdf import write_pdf

    gui_application()
    return write_pdf


def output_path(output: Path | None, period: Period | Quarter) -> Path:
    """-o as given (a folder gets the default name in it); a name without .docx, .xlsx or .pdf gets .docx."""
    if isinstance(period, Quarter):
        period = Period.of_quarter(period)
    if output is None:
        return Path.cwd() / period.default_file_name()
    if output.is_dir():
        return output / period.default_file_name()
    if output.suffix.lower() not in (".docx", ".xlsx", ".pdf"):
        output = output.with_name(output.name + ".docx")
    return output


def result_lines(report: ReportDocument | WrittenReport, target: Path) -> list[str]:
    lines = [
        f"Отчет за {report.period.label} записан: {target.resolve()}",
        f"Мероприятий: {report.event_count}, разделов: {report.section_count}.",
    ]
    errors, warnings = report.check.errors, report.check.warnings
    if errors:
        lines.append(f"Выгружено с ошибками ({len(errors)}, --force) — исправьте их до отправки:")
        lines += [f"  ! {line}" for line in QuarterCheck(errors).lines()]
    if warnings:
        lines.append(f"Предупреждения ({len(warnings)}):")
        lines += [f"  ! {line}" for line in QuarterCheck(warnings).lines()]
    return lines

