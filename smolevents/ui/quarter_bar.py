"""The bar above the table: which quarter, "Новый квартал", and the quarter's counts."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from smolevents.core.text import events_phrase
from smolevents.core.domain import Quarter
from smolevents.core.store.quarter_summary import QuarterSummary


class QuarterBar(QWidget):
    quarter_chosen = Signal(object)  # Quarter
    new_quarter_requested = Signal()
    errors_clicked = Signal()
    warnings_clicked = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        caption = QLabel("Отчет за:", self)
        self.quarter_box = QComboBox(self)
        self.quarter_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.quarter_box.setToolTip("Кварталы, о которых есть сведения в базе")
        caption.setBuddy(self.quarter_box)
        self.quarter_box.activated.connect(self._activated)
        self.new_button = QPushButton("Новый квартал…", self)
        self.new_button.setToolTip("Начать отчет за другой квартал (год и квартал выбираются)")
        self.new_button.clicked.connect(self.new_quarter_requested)
        self.events_label = QLabel(self)
        self.errors_button = self._count_button("Перейти к первому мероприятию с ошибкой")
        self.errors_button.clicked.connect(self.errors_clicked)
        self.warnings_button = self._count_button("Перейти к первому предупреждению")
        self.warnings_button.clicked.connect(self.warnings_clicked)
        layout.addWidget(caption)
        layout.addWidget(self.quarter_box)
        layout.addWidget(self.new_button)
        layout.addSpacing(16)
        layout.addWidget(self.events_label)
        layout.addWidget(self.errors_button)
        layout.addWidget(self.warnings_button)
        layout.addStretch(1)

    def _count_button(self, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setAutoRaise(True)
        button.setToolTip(tip)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        return button

    def quarter_text_fits(self) -> bool:
        """Whether the chooser shows its current text whole (not "… — 3 мерог")."""
        box = self.quarter_box
        return box.width() >= box.sizeHint().width() and box.width() >= box.minimumSizeHint().width()

    def set_quarters(self, quarters: list[tuple[Quarter, int]], shown: Quarter, *, counted: bool = True) -> None:
        """Every quarter with its count; the shown one (maybe still empty) is always listed.
        Not `counted` (the start-up, before the first paint): only whether each has events,
        "…" standing for how many until the counts come."""
        listed = dict(quarters)
        listed.setdefault(shown, 0)
        self.quarter_box.blockSignals(True)
        self.quarter_box.clear()
        for quarter in sorted(listed, reverse=True):
            count = listed[quarter]
            if not count:
                text = f"{quarter.label} — пусто"
            else:
                text = f"{quarter.label} — {events_phrase(count) if counted else '…'}"
            self.quarter_box.addItem(text, quarter)
        self.quarter_box.setCurrentIndex(sorted(listed, reverse=True).index(shown))
        self.quarter_box.blockSignals(False)
        # Never squeezed below its text ("III квартал 2023 — 3 мерог"): the search field gives way.
        self.quarter_box.setMinimumWidth(self.quarter_box.sizeHint().width())

    def set_event_count(self, events: int | None) -> None:
        """The number of events (None: not counted yet); errors and warnings follow (set_summary)."""
        self.events_label.setText(f"Мероприятий: {'…' if events is None else events}")

    def set_counting(self, events: int | None) -> None:
        """Until the counts of errors and warnings arrive (they are read after the window shows)."""
        self.set_event_count(events)
        for button, label in ((self.errors_button, "Ошибок"), (self.warnings_button, "Предупреждений")):
            button.setText(f"{label}: …")
            button.setStyleSheet("")
            button.setEnabled(False)

    def set_summary(self, summary: QuarterSummary) -> None:
        self.set_event_count(summary.events)
        self.errors_button.setText(f"Ошибок: {summary.errors}")
        self.errors_button.setStyleSheet("color: #b00020; font-weight: 600;" if summary.errors else "")
        self.errors_button.setEnabled(bool(summary.errors))
        self.warnings_button.setText(f"Предупреждений: {summary.warnings}")
        self.warnings_button.setStyleSheet("color: #8a5a00;" if summary.warnings else "")
        self.warnings_button.setEnabled(bool(summary.warnings))

    def _activated(self, index: int) -> None:
        quarter = self.quarter_box.itemData(index)
        if quarter is not None:
            self.quarter_chosen.emit(quarter)
