"""The Excel export read back with openpyxl: one row per event, real dates, countries, summary and charts."""

import datetime

import pytest

openpyxl = pytest.importorskip("openpyxl")

from smolevents.cli.main import main  # noqa: E402
from smolevents.core.periods import Period  # noqa: E402
from smolevents.core.report.xlsx_writer import export_xlsx  # noqa: E402
from smolevents.core.store import Store  # noqa: E402
from tests.core.period_store import add_other_events  # noqa: E402
from tests.real_report import real_report_into  # noqa: E402


def test_the_year_workbook_reads_back(real_store, tmp_path):
    add_other_events(real_store)
    path = tmp_path / "year.xlsx"
    export_xlsx(real_store, Period(2023, "year"), path)
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["Мероприятия", "Сводка"]
    sheet = workbook["Мероприятия"]
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["№", "Раздел", "Квартал", "Наименование мероприятия"]
    assert header[-6:] == ["Начало", "Окончание", "Страны (коды)", "Страны", "Участников всего", "За рубежом"]
    rows = [dict(zip(header, (cell.value for cell in row))) for row in sheet.iter_rows(min_row=2)]
    assert len(rows) == 52
    assert [row["№"] for row in rows] == list(range(1, 53))
    first = rows[0]  # the Q1 visit opens the investment section
    assert first["Квартал"] == "I квартал 2023"
    assert first["Раздел"] == "Сотрудничество в сфере инвестиционного развития"
    assert first["Начало"] == datetime.datetime(2023, 3, 15)  # a real date, not text
    assert first["Страны (коды)"] == "CN" and first["Страны"] == "Китай"
    assert first["Участников всего"] == 7
    real_first = rows[1]
    assert real_first["Страны (коды)"] == "BY" and real_first["За рубежом"] == "да"
    assert real_first["Начало"] == real_first["Окончание"] == datetime.datetime(2023, 5, 25)
    # An Excel table with filters over every column.
    table = sheet.tables["Events"]
    assert table.ref == f"A1:{openpyxl.utils.get_column_letter(len(header))}53"
    assert table.autoFilter is not None

    summary = workbook["Сводка"]
    values = {row[0].value: row[1].value for row in summary.iter_rows(min_row=3, max_row=7)}
    assert values["Мероприятий"] == 52
    assert values["Проведено за рубежом"] == 18
    countries = {row[1].value: row[2].value for row in summary.iter_rows() if row[1].value in ("BY", "CN", "VN")}
    assert countries == {"BY": 44, "CN": 1, "VN": 1}
    assert len(summary._charts) == 2  # openpyxl keeps the charts it read


def test_export_to_xlsx_on_the_command_line(tmp_path, real_report, monkeypatch, capsys):
    db = tmp_path / "events.sqlite"
    with Store.open(db) as store:
        real_report_into(store, real_report)
    monkeypatch.chdir(tmp_path)
    assert main(["--db", str(db), "export", "--year", "2023", "--quarter", "2", "-o", "отчет.xlsx"]) == 0
    assert "Отчет за II квартал 2023 записан" in capsys.readouterr().out
    sheet = openpyxl.load_workbook(tmp_path / "отчет.xlsx")["Мероприятия"]
    assert sheet.max_row == 48
