"""The window's "Отчет за период и сводка": figures, charts, a bar filtering the table, PNG, closing, Excel."""

import pytest

from smolevents.core.periods import Period
from smolevents.ui import dialogs
from smolevents.ui.main_window import MainWindow
from tests.core.period_store import add_other_events


@pytest.fixture
def window(qtbot, real_store):
    add_other_events(real_store)
    window = MainWindow(real_store, None)
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture
def year_dialog(window, qtbot):
    dialog = window.open_period_dialog()
    dialog.set_period(Period(2023, "year"))
    return dialog


def test_the_year_in_figures_and_charts(year_dialog):
    text = year_dialog.figures.text()
    assert "<b>2023 год</b>: мероприятий <b>52</b>" in text
    assert "за рубежом: <b>18</b>" in text
    labels = [bar.label for bar in year_dialog.section_chart.bars]
    assert labels[0] == "В сфере инвестиционного развития" and len(labels) == 8
    culture = year_dialog.section_chart.bars[2]
    assert [segment.value for segment in culture.segments] == [1, 18, 1, 0]
    assert year_dialog.section_chart.legend == ["I квартал", "II квартал", "III квартал", "IV квартал"]
    countries = [(bar.label, bar.total) for bar in year_dialog.country_chart.bars]
    assert countries[0] == ("Беларусь (BY)", 44)


def test_a_bar_shows_its_events_in_the_table(window, year_dialog, qtbot):
    year_dialog.country_chart.clicked.emit(("country", "VN"))
    assert window.quarter.quarter == 3  # the quarter of the Vietnamese delegation's visit
    assert window.model.event_count() == 1
    assert window.filter_label.text() == "Показаны: Вьетнам, 2023 год: мероприятий 1"
    assert window.form.current_event.name == "Встреча с делегацией Вьетнама"
    window.show_all()
    assert window.model.event_count() == 2 and window.filter_bar.isHidden()
    # A segment: one section in one quarter.
    year_dialog.section_chart.clicked.emit(("section", "Сотрудничество в сфере культуры", "2023-q2"))
    assert window.quarter.quarter == 2 and window.model.event_count() == 18


def test_a_new_event_or_a_link_to_one_the_bar_hides_drops_the_filter(window, year_dialog, qtbot):
    """The clerk types into the event they made, not into one the filter left current."""
    year_dialog.section_chart.clicked.emit(("section", "Сотрудничество в сфере культуры", "2023-q2"))
    shown = window.model.event_count()
    new_id = window.new_event()
    assert window.current_event_id() == new_id and window.form.current_event.id == new_id
    assert window.filter_bar.isHidden() and window.model.event_count() > shown
    # A link from the merge summary to an event outside the bar's events.
    from smolevents.ui.merge_summary import go_to_event
    year_dialog.section_chart.clicked.emit(("section", "Сотрудничество в сфере культуры", "2023-q2"))
    hidden = next(event for event in window.store.events(window.quarter)
                  if window.model.row_of_event(event.id) is None)
    assert go_to_event(window, hidden.uuid)
    assert window.current_event_id() == hidden.id and window.form.current_event.id == hidden.id
    assert window.filter_bar.isHidden()


def test_a_click_on_the_drawn_bar_filters(window, year_dialog, qtbot):
    chart = year_dialog.country_chart
    year_dialog.tabs.setCurrentIndex(0)
    chart.repaint()
    rect, key, _tip = next((rect, key, tip) for rect, key, tip in chart._hits if key == ("country", "BY")
                           and rect.width() > 20)
    from PySide6.QtCore import Qt
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert window.filter_label.text().startswith("Показаны: Беларусь, 2023 год: мероприятий 44")


def test_each_chart_is_saved_as_png(year_dialog, tmp_path, monkeypatch):
    monkeypatch.setattr(dialogs, "save_file_name", lambda *args: tmp_path / "разделы")
    written = year_dialog.save_png(year_dialog.section_chart, "разделы")
    assert written == tmp_path / "разделы.png"
    assert written.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    from PySide6.QtGui import QImage
    assert QImage(str(written)).width() == 1800  # drawn afresh at twice 900 px


def test_the_half_year_closing_is_drafted_and_stored(window, year_dialog):
    year_dialog.set_period(Period(2023, "h1"))
    year_dialog.draft_closing()
    stored = window.store.period_closing(Period(2023, "h1"))
    assert stored.startswith("В I полугодии 2023 года проведено 49 мероприятий")
    year_dialog.closing_edit.setPlainText(stored + " Правка.")
    year_dialog.save_closing()
    assert window.store.period_closing(Period(2023, "h1")).endswith(" Правка.")


def test_the_period_goes_to_excel_from_the_window(year_dialog, tmp_path, monkeypatch):
    openpyxl = pytest.importorskip("openpyxl")
    monkeypatch.setattr(dialogs, "save_file_name", lambda *args: tmp_path / "год")
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda *args, **kwargs: False)
    monkeypatch.setattr(dialogs, "ask_choice", lambda *args, **kwargs: "export")
    written = year_dialog.export("xlsx")
    assert written == tmp_path / "год.xlsx"
    assert openpyxl.load_workbook(written)["Мероприятия"].max_row == 53


def test_the_period_is_previewed_for_printing(year_dialog, qtbot):
    preview = year_dialog.print_preview()
    qtbot.addWidget(preview)
    assert preview.windowTitle() == "Предварительный просмотр — отчет за 2023 год"
    preview.close()


def test_country_names_charts_and_excel_stay_off_the_start_up_path(tmp_path):
    import subprocess
    import sys
    import textwrap
    from pathlib import Path

    script = textwrap.dedent(f"""
        import os, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from smolevents.ui.app import create_application
        app = create_application()
        from smolevents.core.store import Store
        from smolevents.ui.main_window import MainWindow
        store = Store.open({str(tmp_path / 'events.sqlite')!r})
        window = MainWindow(store, paint_first=True)
        window.show()
        loaded = sorted(name for name in sys.modules if name.split(".")[0] in
                        ("pycountry", "pymorphy3", "xlsxwriter", "smolevents.ui.period_dialog")
                        or name in ("smolevents.ui.period_dialog", "smolevents.ui.bar_chart"))
        print("loaded:", loaded)
        store.close()
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parents[2], timeout=60)
    assert result.returncode == 0, result.stderr
    assert "loaded: []" in result.stdout
