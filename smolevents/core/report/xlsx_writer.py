"""The period's events as an Excel workbook: one row per event, and the summary with charts.

Sheet "Мероприятия": an Excel table (filters on every column) with the report's
number, section, quarter, every field as printed, the start and end as real dates,
the partner countries (codes and names), the stated participant total and whether the
event was held abroad. Sheet "Сводка": the figures of `core.summary` and two native
Excel charts (events by section across quarters, events by partner country).

Written with XlsxWriter, imported only when an Excel file is asked for; the file is
written whole or not at all (`safe_write`), like the Word report.
"""

from __future__ import annotations

from pathlib import Path

from smolevents.core.columns import EVENT_COLUMNS
from smolevents.core.countries import country_name, place_is_abroad
from smolevents.core.periods import Period
from smolevents.core.report.model import ReportDocument, SectionRow, build_report
from smolevents.core.safe_write import write_atomically
from smolevents.core.store import Store
from smolevents.core.summary import PeriodSummary, quarter_key, summarize_period

EVENTS_SHEET = "Мероприятия"
SUMMARY_SHEET = "Сводка"
_DATE_FORMAT = "dd.mm.yyyy"


def export_xlsx(store: Store, period: Period, path: str | Path, *, force: bool = False) -> ReportDocument:
    """Write the period's workbook to `path`; the same refusals as the Word report."""
    from smolevents.core.report.docx_writer import refuse_empty, refuse_errors

    report = build_report(store, period)
    refuse_empty(period, report.event_count)
    refuse_errors(report.check, force)
    summary = summarize_period(store, period)
    write_atomically(path, lambda temporary: write_workbook(report, summary, temporary))
    return report


def write_workbook(report: ReportDocument, summary: PeriodSummary, path: Path) -> None:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                               "strings_to_urls": False})
    try:
        workbook.set_properties({"title": " ".join(report.title_lines), "author": "smolevents"})
        _events_sheet(workbook, report)
        _summary_sheet(workbook, summary)
    finally:
        workbook.close()


def _events_sheet(workbook, report: ReportDocument) -> None:
    sheet = workbook.add_worksheet(EVENTS_SHEET)
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    date = workbook.add_format({"num_format": _DATE_FORMAT, "valign": "top"})
    number = workbook.add_format({"valign": "top"})
    headers = (["№", "Раздел", "Квартал"] + [column.short_label for column in EVENT_COLUMNS]
               + ["Начало", "Окончание", "Страны (коды)", "Страны", "Участников всего", "За рубежом"])
    section = ""
    rows = []
    for row in report.rows:
        if isinstance(row, SectionRow):
            section = row.title
            continue
        event = row.event
        codes = event.countries
        values = [row.number, section, event.quarter.label]
        for column in EVENT_COLUMNS:
            value = event.value(column.field)
            values.append(value.printed().replace("\u00a0", " ") if column.kind == "dates" else value)
        understood = event.dates.understood
        values += [
            event.dates.first_day() if understood else None,
            event.dates.last_day() if understood else None,
            ", ".join(codes),
            ", ".join(country_name(code) for code in codes),
            _participants(event.participants),
            "да" if place_is_abroad(event.place) else "нет",
        ]
        rows.append(values)
    first_date = 3 + len(EVENT_COLUMNS)
    for index, values in enumerate(rows, start=1):
        for column, value in enumerate(values):
            if value is None:
                sheet.write_blank(index, column, None, number)
            elif column in (first_date, first_date + 1):
                sheet.write_datetime(index, column, value, date)
            elif isinstance(value, int):
                sheet.write_number(index, column, value, number)
            else:
                sheet.write_string(index, column, str(value), wrap)
    sheet.add_table(0, 0, max(len(rows), 1), len(headers) - 1, {
        "name": "Events",
        "columns": [{"header": header} for header in headers],
        "style": "Table Style Light 9",
        "autofilter": True,
    })
    widths = [6, 30, 16] + [45, 30, 18, 60, 45][:len(EVENT_COLUMNS)] + [12, 12, 14, 24, 12, 11]
    for column, width in enumerate(widths[:len(headers)]):
        sheet.set_column(column, column, width)
    sheet.freeze_panes(1, 1)
    sheet.set_landscape()  # printed on A4 landscape, the header row on every page
    sheet.set_paper(9)
    sheet.repeat_rows(0)


def _participants(text: str) -> int | None:
    from smolevents.core.participants import participants_total

    return participants_total(text)


def _summary_sheet(workbook, summary: PeriodSummary) -> None:
    sheet = workbook.add_worksheet(SUMMARY_SHEET)
    bold = workbook.add_format({"bold": True})
    title = workbook.add_format({"bold": True, "font_size": 13})
    sheet.set_column(0, 0, 52)
    sheet.set_column(1, 6, 14)
    sheet.write_string(0, 0, f"Сводка за {summary.period.label}", title)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 1)
    figures = [
        ("Мероприятий", summary.events),
        ("Проведено за рубежом", summary.abroad),
        ("С указанным общим числом участников", summary.participants_stated),
        ("Участников всего (по ним)", summary.participants_total),
        ("Даты вне периода", summary.outside_period),
    ]
    for row, (label, value) in enumerate(figures, start=2):
        sheet.write_string(row, 0, label)
        sheet.write_number(row, 1, value)

    # Events by section across quarters: one row per section, one column per quarter.
    top = len(figures) + 3
    quarters = list(summary.by_quarter)
    sheet.write_string(top, 0, "Раздел", bold)
    for column, key in enumerate(quarters, start=1):
        sheet.write_string(top, column, _quarter_label(summary, key), bold)
    sheet.write_string(top, len(quarters) + 1, "Всего", bold)
    sections = list(summary.by_section)
    for row, section in enumerate(sections, start=top + 1):
        sheet.write_string(row, 0, section)
        for column, key in enumerate(quarters, start=1):
            sheet.write_number(row, column, summary.by_section_quarter[section][key])
        sheet.write_number(row, len(quarters) + 1, summary.by_section[section])
    if sections:
        chart = workbook.add_chart({"type": "bar", "subtype": "stacked"} if len(quarters) > 1 else {"type": "bar"})
        for column, key in enumerate(quarters, start=1):
            chart.add_series({
                "name": [SUMMARY_SHEET, top, column],
                "categories": [SUMMARY_SHEET, top + 1, 0, top + len(sections), 0],
                "values": [SUMMARY_SHEET, top + 1, column, top + len(sections), column],
            })
        chart.set_title({"name": "Мероприятия по разделам"})
        chart.set_y_axis({"reverse": True})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": 720, "height": 360})
        sheet.insert_chart(1, len(quarters) + 3, chart)

    # Events by partner country.
    top += len(sections) + 3
    sheet.write_string(top, 0, "Страна-партнер", bold)
    sheet.write_string(top, 1, "Код", bold)
    sheet.write_string(top, 2, "Мероприятий", bold)
    countries = list(summary.by_country.items())
    for row, (code, count) in enumerate(countries, start=top + 1):
        sheet.write_string(row, 0, country_name(code))
        sheet.write_string(row, 1, code)
        sheet.write_number(row, 2, count)
    if countries:
        chart = workbook.add_chart({"type": "bar"})
        chart.add_series({
            "name": "Мероприятий",
            "categories": [SUMMARY_SHEET, top + 1, 0, top + len(countries), 0],
            "values": [SUMMARY_SHEET, top + 1, 2, top + len(countries), 2],
        })
        chart.set_title({"name": "Мероприятия по странам-партнерам"})
        chart.set_y_axis({"reverse": True})
        chart.set_legend({"none": True})
        chart.set_size({"width": 720, "height": max(240, 28 * len(countries) + 80)})
        sheet.insert_chart(20, len(quarters) + 3, chart)


def _quarter_label(summary: PeriodSummary, key: str) -> str:
    for quarter in summary.period.quarters:
        if quarter_key(quarter) == key:
            return quarter.label
    return key
