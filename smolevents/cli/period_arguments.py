"""`--year`, `--period` and `--quarter`: the period a command works on, said the same way everywhere."""

from __future__ import annotations

import argparse

PERIOD_HELP = "период: q1, q2, q3, q4 (квартал), h1 (I полугодие), 9m (9 месяцев), year (год)"
QUARTER_HELP = "квартал: 1–4 или I–IV (то же, что --period qN)"


def add_period_arguments(parser: argparse.ArgumentParser, *, year_help: str, period_help: str = PERIOD_HELP,
                         with_period: bool = True, year_type=None) -> None:
    """The year and the period; `core.periods.parse_period` reads them (one parser for all)."""
    parser.add_argument("--year", metavar="ГОД", type=year_type, help=year_help)
    if with_period:
        parser.add_argument("--period", metavar="ПЕРИОД", default=None, help=period_help)
    parser.add_argument("--quarter", metavar="КВАРТАЛ", help=QUARTER_HELP)
