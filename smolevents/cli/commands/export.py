"""`smolevents export --year 2023 --quarter 2`: the quarterly report as a Word file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from smolevents.core.domain import QUARTER_BY_ROMAN, YEAR_RANGE, Quarter
from smolevents.core.errors import InvalidValueError, UserError
from smolevents.core.report.model import ReportDocument, SectionRow
from smolevents.core.validation import QuarterCheck

USAGE_HINT = "Справка: smolevents export --help"


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "export",
        help="выгрузить отчет за квартал в Word (.docx)",
        description="Записывает отчет за квартал в документ Word: A4, альбомная ориентация, "
                    "таблица с заголовком на каждой странице. Если в отчете есть ошибки "
                    "(не заполнены обязательные поля), отчет не выгружается, пока их не "
                    "исправят (или с --force). Предупреждения выводятся, но не мешают.",
    )
    parser.add_argument("--year", metavar="ГОД", help="год отчета, например 2023")
    parser.add_argument("--quarter", metavar="КВАРТАЛ", help="квартал: 1–4 или I–IV")
    # Also accepted after the command; SUPPRESS keeps the global --db when not given here.
    parser.add_argument("--db", type=Path, default=argparse.SUPPRESS, metavar="ПУТЬ",
                        help="файл базы данных (как --db перед командой)")
    parser.add_argument("-o", "--output", type=Path, metavar="ФАЙЛ.docx",
                        help="куда записать (по умолчанию Отчет_II_квартал_2023.docx в текущей папке)")
    parser.add_argument("--force", action="store_true",
                        help="выгрузить, даже если в отчете есть ошибки (они будут перечислены)")
    parser.set_defaults(handler=run)


def run(args) -> int:
    try:
        quarter = quarter_of(args.year, args.quarter)
    except InvalidValueError as error:
        print(f"{error}\n{USAGE_HINT}", file=sys.stderr)
        return 2
    from smolevents.cli.database_argument import db_path_of, open_store
    from smolevents.core.report.docx_writer import ExportBlockedError, export_quarter

    db_path = db_path_of(args)
    if not db_path.exists():  # never create an empty database just to find nothing in it
        raise UserError(f"База «{db_path}» не найдена: выгружать нечего. Укажите файл базы: --db ПУТЬ.")
    target = output_path(args.output, quarter)
    with open_store(args) as store:
        try:
            report = export_quarter(store, quarter, target, force=args.force)
        except ExportBlockedError as blocked:
            lines = [f"Отчет не выгружен: ошибок {len(blocked.lines)}. Исправьте их и повторите выгрузку:"]
            lines += [f"  ! {line}" for line in blocked.lines]
            lines.append("Выгрузить как есть, с ошибками: добавьте --force.")
            print("\n".join(lines), file=sys.stderr)
            return 1
    print("\n".join(result_lines(report, target)))
    return 0


def quarter_of(year: str | None, quarter: str | None) -> Quarter:
    """The quarter asked for; InvalidValueError with the Russian explanation otherwise."""
    if year is None or quarter is None:
        raise InvalidValueError("Укажите квартал отчета: --year ГОД --quarter НОМЕР (например, --year 2023 --quarter 2).")
    year_text, quarter_text = str(year).strip(), str(quarter).strip().upper()
    if not year_text.isdigit() or int(year_text) not in YEAR_RANGE:
        raise InvalidValueError(f"Год указывается числом от {YEAR_RANGE.start} до {YEAR_RANGE.stop - 1}, а не «{year}».")
    if quarter_text in QUARTER_BY_ROMAN:
        number = QUARTER_BY_ROMAN[quarter_text]
    elif quarter_text in ("1", "2", "3", "4"):
        number = int(quarter_text)
    else:
        raise InvalidValueError(f"Квартал указывается числом от 1 до 4 (или I–IV), а не «{quarter}».")
    return Quarter(int(year_text), number)


def output_path(output: Path | None, quarter: Quarter) -> Path:
    """-o as given (a folder gets the default name in it); a name without .docx gets it."""
    if output is None:
        return Path.cwd() / quarter.default_file_name()
    if output.is_dir():
        return output / quarter.default_file_name()
    if output.suffix.lower() != ".docx":
        output = output.with_name(output.name + ".docx")
    return output


def result_lines(report: ReportDocument, target: Path) -> list[str]:
    sections = sum(1 for row in report.rows if isinstance(row, SectionRow))
    lines = [
        f"Отчет за {report.quarter.label} записан: {target.resolve()}",
        f"Мероприятий: {len(report.event_rows)}, разделов: {sections}.",
    ]
    errors, warnings = report.check.errors, report.check.warnings
    if errors:
        lines.append(f"Выгружено с ошибками ({len(errors)}, --force) — исправьте их до отправки:")
        lines += [f"  ! {line}" for line in QuarterCheck(errors).lines()]
    if warnings:
        lines.append(f"Предупреждения ({len(warnings)}):")
        lines += [f"  ! {line}" for line in QuarterCheck(warnings).lines()]
    return lines

