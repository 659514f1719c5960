"""The form's partner-countries field: one line of country names, completed as typed.

Until the clerk confirms them, the countries are the program's suggestion from the
event's text (the store keeps it up to date as the text changes); the line says so,
with "Подтвердить". Typing names (or ISO codes) and leaving the field confirms the
list; "Предлагать по тексту" hands it back to the suggestion. Each change is one
undoable step through Editing.

Country names come from core.countries, whose index (pycountry, pymorphy3) is loaded
in the background after the window's first paint: until then the codes are shown.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from smolevents.core.domain import Event
from smolevents.ui.country_names import loaded_countries

SUGGESTED_TEXT = "Предложено по тексту мероприятия. <a href='confirm'>Подтвердить</a>"
NONE_FOUND_TEXT = "По тексту страны не найдены; впишите их, если они есть."
CONFIRMED_TEXT = "Указано вручную. <a href='suggest'>Предлагать по тексту</a>"
HINT_STYLE = "color: #57606a;"
ERROR_STYLE = "color: #b00020;"


class CountriesField(QWidget):
    """Emits `countries_chosen(event id, codes, confirmed)`; the form hands it to Editing."""

    countries_chosen = Signal(int, tuple, bool)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._event: Event | None = None
        self._dirty = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.label = QLabel("Страны-партнеры", self)
        self.label.setStyleSheet("color: #30363d; font-weight: 600;")
        layout.addWidget(self.label)
        row = QHBoxLayout()
        self.line = QLineEdit(self)
        self.line.setObjectName("field_countries")
        self.line.setPlaceholderText("например: Беларусь, Китай")
        self.line.setToolTip("Иностранные страны, с которыми связано мероприятие (Россия не указывается). "
                             "Названия или коды ISO через запятую.")
        self.label.setBuddy(self.line)
        row.addWidget(self.line)
        layout.addLayout(row)
        self.hint = QLabel(self)
        self.hint.setObjectName("countries_hint")
        self.hint.setWordWrap(True)
        self.hint.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                          | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.hint.linkActivated.connect(self._link)
        layout.addWidget(self.hint)

        self.completer = None  # made with the names (names_ready): nothing to complete before
        self.line.textEdited.connect(self._edited)
        self.line.editingFinished.connect(self.commit)
        self.set_event(None)

    # --- showing -----------------------------------------------------------------------------

    def set_event(self, event: Event | None) -> None:
        """Show an event, or the same event changed (what the clerk is typing is kept)."""
        same = self._event is not None and event is not None and event.id == self._event.id
        if self._dirty and not same:
            self.commit()
        self._event = event
        if not same:
            self._dirty = False
        self.setEnabled(event is not None)
        self._show()

    def names_ready(self) -> None:
        """The country index has loaded: names instead of codes, and completion."""
        from PySide6.QtCore import QStringListModel
        from PySide6.QtWidgets import QCompleter

        from smolevents.core import countries

        names = [name for _code, name in countries.all_countries()]
        if self.completer is None:
            self.completer = QCompleter(QStringListModel(names, self), self)
            self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            self.completer.setFilterMode(Qt.MatchFlag.MatchStartsWith)
            self.completer.setWidget(self.line)
            self.completer.activated.connect(self._complete_last)
        else:
            self.completer.model().setStringList(names)
        if not self._dirty:
            self._show()

    def _show(self) -> None:
        event = self._event
        codes = event.countries if event else ()
        if not self._dirty:
            self.line.setText(", ".join(_name(code) for code in codes))
        if event is None:
            self.hint.setText("")
            return
        self.hint.setStyleSheet(HINT_STYLE)
        if event.countries_confirmed:
            self.hint.setText(CONFIRMED_TEXT)
        else:
            self.hint.setText(SUGGESTED_TEXT if codes else NONE_FOUND_TEXT)

    # --- editing -----------------------------------------------------------------------------

    def _edited(self, text: str) -> None:
        self._dirty = True
        last = text.rsplit(",", 1)[-1].lstrip()
        if self.completer is None:
            return
        if last and self.completer.model().rowCount():
            self.completer.setCompletionPrefix(last)
            self.completer.complete()
        else:
            self.completer.popup().hide()

    def _complete_last(self, name: str) -> None:
        head, _sep, _last = self.line.text().rpartition(",")
        self.line.setText(f"{head}, {name}" if head.strip() else name)
        self._dirty = True

    def commit(self) -> None:
        """What was typed becomes the event's confirmed countries (a wrong name is explained)."""
        if not self._dirty or self._event is None:
            return
        from smolevents.core import countries

        try:
            codes = countries.parse_codes(self.line.text())
        except ValueError as error:
            self.hint.setText(str(error))
            self.hint.setStyleSheet(ERROR_STYLE)
            return
        self._dirty = False
        self.countries_chosen.emit(self._event.id, codes, True)

    def _link(self, link: str) -> None:
        if self._event is None:
            return
        if link == "confirm":
            self.countries_chosen.emit(self._event.id, self._event.countries, True)
        elif link == "suggest":
            self._dirty = False
            self.countries_chosen.emit(self._event.id, (), False)


def _name(code: str) -> str:
    countries = loaded_countries()
    return countries.country_name(code) if countries is not None else code
