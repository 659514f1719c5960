""""Отчет за период и сводка": a quarter, the first half-year, nine months or the year.

The same periods as `smolevents export --period` and `smolevents summary`: the
period's figures with two bar charts (events by section across quarters, by
partner country), each saveable as PNG, a click on a bar showing those events in
the window's table; the period's closing paragraph, drafted from the data and
edited here; and the report itself to Word, Excel or the printer. The dialog does not block the
window (it is shown, not exec'd), so the clerk can look at the events it filters.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox, QDialog, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QScrollArea, QSpinBox,
    QTabWidget, QVBoxLayout, QWidget,
)

from smolevents.core.countries import country_name
from smolevents.core.domain import YEAR_RANGE
from smolevents.core.periods import Period
from smolevents.core.summary import PeriodSummary, summarize_period
from smolevents.ui import dialogs
from smolevents.ui.bar_chart import Bar, BarChart, Segment

if TYPE_CHECKING:
    from smolevents.ui.main_window import MainWindow

PERIOD_CHOICES = (("q1", "I квартал"), ("q2", "II квартал"), ("q3", "III квартал"), ("q4", "IV квартал"),
                  ("h1", "I полугодие"), ("9m", "9 месяцев"), ("year", "Год"))
PNG_FILTER = "Рисунок PNG (*.png)"
TYPING_PAUSE_MS = 700


class PeriodDialog(QDialog):
    def __init__(self, window: MainWindow, period: Period):
        super().__init__(window)
        self.main_window = window
        self.summary: PeriodSummary | None = None
        self._loading = False
        self.setWindowTitle("Отчет за период и сводка")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(self)

        chooser = QHBoxLayout()
        chooser.addWidget(QLabel("Год:", self))
        self.year_box = QSpinBox(self)
        self.year_box.setRange(YEAR_RANGE.start, YEAR_RANGE.stop - 1)
        chooser.addWidget(self.year_box)
        chooser.addSpacing(12)
        chooser.addWidget(QLabel("Период:", self))
        self.kind_box = QComboBox(self)
        for kind, label in PERIOD_CHOICES:
            self.kind_box.addItem(label, kind)
        chooser.addWidget(self.kind_box)
        chooser.addStretch(1)
        layout.addLayout(chooser)

        self.tabs = QTabWidget(self)
        layout.addWidget(self.tabs, 1)
        self.figures = QLabel(self)
        self.figures.setObjectName("summary_figures")
        self.figures.setWordWrap(True)
        self.figures.setTextFormat(Qt.TextFormat.RichText)
        self.section_chart = BarChart("Мероприятия по разделам (по кварталам)", self)
        self.country_chart = BarChart("Мероприятия по странам-партнерам", self)
        self.section_chart.clicked.connect(lambda key: self._bar_clicked("section", key))
        self.country_chart.clicked.connect(lambda key: self._bar_clicked("country", key))
        summary_page = QWidget(self)
        page = QVBoxLayout(summary_page)
        page.addWidget(self.figures)
        for chart, name in ((self.section_chart, "разделы"), (self.country_chart, "страны")):
            page.addWidget(chart)
            save = QPushButton("Сохранить рисунок PNG…", summary_page)
            save.setObjectName(f"save_png_{name}")
            save.clicked.connect(lambda _checked=False, chart=chart, name=name: self.save_png(chart, name))
            row = QHBoxLayout()
            row.addStretch(1)
            row.addWidget(save)
            page.addLayout(row)
        page.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(summary_page)
        self.tabs.addTab(scroll, "Сводка")

        closing_page = QWidget(self)
        closing_layout = QVBoxLayout(closing_page)
        top = QHBoxLayout()
        self.closing_caption = QLabel(closing_page)
        self.closing_caption.setWordWrap(True)
        top.addWidget(self.closing_caption, 1)
        self.draft_button = QPushButton("Составить по данным", closing_page)
        self.draft_button.clicked.connect(self.draft_closing)
        top.addWidget(self.draft_button)
        closing_layout.addLayout(top)
        self.closing_edit = QPlainTextEdit(closing_page)
        self.closing_edit.textChanged.connect(self._closing_edited)
        closing_layout.addWidget(self.closing_edit)
        self.tabs.addTab(closing_page, "Заключительный абзац")

        buttons = QHBoxLayout()
        self.word_button = QPushButton("В Word…", self)
        self.word_button.clicked.connect(lambda: self.export("docx"))
        self.excel_button = QPushButton("В Excel…", self)
        self.excel_button.clicked.connect(lambda: self.export("xlsx"))
        self.print_button = QPushButton("Печать…", self)
        self.print_button.clicked.connect(self.print_preview)
        close = QPushButton("Закрыть", self)
        close.clicked.connect(self.close)
        buttons.addWidget(self.word_button)
        buttons.addWidget(self.excel_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_PAUSE_MS)
        self._timer.timeout.connect(self.save_closing)
        self.set_period(period)
        self.year_box.valueChanged.connect(lambda _value: self._chooser_changed())
        self.kind_box.currentIndexChanged.connect(lambda _index: self._chooser_changed())
        self.resize(820, 760)

    # --- the period ---------------------------------------------------------------------------

    @property
    def period(self) -> Period:
        return Period(self.year_box.value(), self.kind_box.currentData())

    def set_period(self, period: Period) -> None:
        self._loading = True
        self.year_box.setValue(period.year)
        self.kind_box.setCurrentIndex(self.kind_box.findData(period.kind))
        self._loading = False
        self.refresh()

    def _chooser_changed(self) -> None:
        if not self._loading:
            self.save_closing()
            self.refresh()

    def refresh(self) -> None:
        """The chosen period's figures, charts and closing paragraph, read afresh."""
        self.main_window.commit_all_pending()
        period = self.period
        self.summary = summary = summarize_period(self.main_window.store, period)
        self.setWindowTitle(f"Отчет за период и сводка — {period.label}")
        self.figures.setText(figures_html(summary))
        quarters = list(summary.by_quarter)
        legend = [quarter.label.rsplit(" ", 1)[0] for quarter in period.quarters]
        self.section_chart.set_data([
            Bar(chart_label(section), ("section", section, None), [
                Segment(summary.by_section_quarter[section][key], ("section", section, key), series,
                        f"{section}\n{legend[series]}: {summary.by_section_quarter[section][key]}")
                for series, key in enumerate(quarters)
            ])
            for section in summary.by_section
        ], legend)
        self.country_chart.set_data([
            Bar(f"{country_name(code)} ({code})", ("country", code), [Segment(count, ("country", code))])
            for code, count in summary.by_country.items()
        ])
        self._loading = True
        self.closing_caption.setText(f"Заключительный абзац отчета {period.phrase}")
        self.closing_edit.setPlainText(self.main_window.store.period_closing(period))
        self._loading = False
        for button in (self.word_button, self.excel_button, self.print_button):
            button.setEnabled(summary.events > 0)

    # --- charts -------------------------------------------------------------------------------

    def _bar_clicked(self, _chart: str, key) -> None:
        """Show the bar's events in the window's table (the first quarter that has them)."""
        if self.summary is None:
            return
        summary = self.summary
        if key[0] == "section":
            _kind, section, quarter = key
            numbers = summary.numbers_where(section=section, quarter=quarter)
            what = section + (f", {_quarter_label(summary, quarter)}" if quarter else f", {summary.period.label}")
        else:
            numbers = summary.numbers_where(country=key[1])
            what = f"{country_name(key[1])}, {summary.period.label}"
        ids = [summary.event_ids[number] for number in numbers]
        self.main_window.show_only(ids, f"{what}: мероприятий {len(ids)}")

    def save_png(self, chart: BarChart, name: str):
        from smolevents.ui.report_actions import documents_dir

        proposed = documents_dir() / f"Сводка_{name}_{self.period.default_file_name('.png').removeprefix('Отчет_')}"
        path = dialogs.save_file_name(self, "Сохранить рисунок", proposed, PNG_FILTER)
        if path is None:
            return None
        written = chart.save_png(path)
        self.main_window.statusBar().showMessage(f"Рисунок сохранен: {written}", 15000)
        return written

    # --- the closing paragraph -----------------------------------------------------------------

    def _closing_edited(self) -> None:
        if not self._loading:
            self._timer.start()

    def save_closing(self) -> None:
        self._timer.stop()
        if self._loading:
            return
        period = self.period
        text = self.closing_edit.toPlainText()
        if text == self.main_window.store.period_closing(period):
            return
        if period.is_quarter:  # a quarter's closing is the window's too: one undoable change
            self.main_window.editing.set_closing(period.quarters[0], text, typing=True)
        else:
            self.main_window.guard(lambda: self.main_window.store.set_period_closing(period, text))

    def draft_closing(self) -> None:
        from smolevents.core.report.closing_draft import draft_closing

        self.closing_edit.setPlainText(draft_closing(self.main_window.store, self.period))
        self.save_closing()

    # --- the report ----------------------------------------------------------------------------

    def export(self, kind: str):
        self.save_closing()
        from smolevents.ui.report_actions import export_period_file

        return export_period_file(self.main_window, self.period, kind, parent=self)

    def print_preview(self):
        """The period's report in the print preview (the same model the Word file is written from)."""
        self.save_closing()
        from smolevents.core.report.model import build_report
        from smolevents.ui.print_report import show_print_preview

        return show_print_preview(self, build_report(self.main_window.store, self.period))

    def closeEvent(self, event) -> None:
        self.save_closing()
        super().closeEvent(event)


def chart_label(section: str) -> str:
    """"Сотрудничество в сфере культуры" → "В сфере культуры": the charts' labels stay short."""
    from smolevents.core.report.closing_draft import section_phrase

    phrase = section_phrase(section)
    return section if phrase.startswith("по разделу") else phrase[:1].upper() + phrase[1:]


def _quarter_label(summary: PeriodSummary, key: str) -> str:
    for quarter in summary.period.quarters:
        if f"{quarter.year}-q{quarter.quarter}" == key:
            return quarter.label
    return key


def figures_html(summary: PeriodSummary) -> str:
    if not summary.events:
        return f"<b>{summary.period.label}</b>: мероприятий нет."
    countries = ", ".join(f"{country_name(code)} — {count}" for code, count in list(summary.by_country.items())[:8])
    more = len(summary.by_country) - 8
    rows = [
        f"<b>{summary.period.label}</b>: мероприятий <b>{summary.events}</b>",
        f"за рубежом: <b>{summary.abroad}</b>",
        f"с указанным общим числом участников: <b>{summary.participants_stated}</b>, "
        f"участников по ним: <b>{summary.participants_total}</b>",
        f"стран-партнеров: <b>{len(summary.by_country)}</b>" + (f" ({countries}{' и еще ' + str(more) if more > 0 else ''})"
                                                             if countries else ""),
    ]
    if summary.outside_period:
        rows.append(f"<span style='color:#8a5a00'>даты вне периода: <b>{summary.outside_period}</b></span>")
    return "<br>".join(rows)


def default_period(window: MainWindow) -> Period:
    """The window's quarter: a clerk asking for the summary usually means the quarter on screen."""
    return Period.of_quarter(window.quarter)
