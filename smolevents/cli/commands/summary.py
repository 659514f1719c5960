"""`smolevents summary --year 2023 [--period h1] [--json]`: the period's figures."""

from __future__ import annotations

import json
import sys

from smolevents.core.errors import InvalidValueError

USAGE_HINT = "Справка: smolevents summary --help"


def register(subparsers) -> None:
    from smolevents.cli.database_argument import add_db_argument
    from smolevents.cli.period_arguments import add_period_arguments
    parser = subparsers.add_parser(
        "summary",
        help="сводка за период: мероприятия по разделам, кварталам и странам, за рубежом, участники",
        description="Считает мероприятия периода: по разделам, по кварталам, по странам-партнерам, "
                    "проведенные за рубежом, с указанным общим числом участников (и сумму этих чисел), "
                    "и мероприятия, даты которых вне периода. --json печатает один объект JSON.",
    )
    add_period_arguments(parser, year_help="год, например 2023",
                         period_help="q1–q4 (квартал), h1 (I полугодие), 9m (9 месяцев), year (год; по умолчанию)")
    parser.add_argument("--json", action="store_true", help="вывести один объект JSON (для других программ)")
    add_db_argument(parser)
    parser.set_defaults(handler=run)


def run(args) -> int:
    from smolevents.core.periods import parse_period

    try:
        period_kind = args.period if args.period is not None or args.quarter is not None else "year"
        period = parse_period(args.year, period_kind, args.quarter)
    except InvalidValueError as error:
        print(f"{error}\n{USAGE_HINT}", file=sys.stderr)
        return 2
    from smolevents.cli.database_argument import open_store
    from smolevents.core.summary import summarize_period

    with open_store(args, create=False, read_only=True) as store:
        summary = summarize_period(store, period)
    if args.json:
        # dumps, not dump: dump encodes piece by piece in Python, 5× slower for 100 000 events.
        print(json.dumps(summary.as_json(), ensure_ascii=False))
    else:
        print("\n".join(summary_lines(summary)))
    return 0


def summary_lines(summary) -> list[str]:
    from smolevents.core.countries import country_name

    lines = [f"Сводка за {summary.period.label}: мероприятий {summary.events}."]
    if summary.by_section:
        lines.append("По разделам:")
        lines += [f"  {title} — {count}" for title, count in summary.by_section.items()]
    lines.append("По кварталам:")
    lines += [f"  {key} — {count}" for key, count in summary.by_quarter.items()]
    if summary.by_country:
        lines.append("По странам-партнерам:")
        lines += [f"  {code} {country_name(code)} — {count}" for code, count in summary.by_country.items()]
    else:
        lines.append("Страны-партнеры не указаны.")
    lines.append(f"За рубежом: {summary.abroad}.")
    lines.append(f"С указанным общим числом участников: {summary.participants_stated}, "
                 f"участников всего по ним: {summary.participants_total}.")
    lines.append(f"Даты вне периода: {summary.outside_period}.")
    return lines
