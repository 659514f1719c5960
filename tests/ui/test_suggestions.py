"""The form suggests what was typed before in the same field, matching any word."""

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from smolevents.core.domain import Quarter
from tests.real_report import QUARTER
from tests.ui.conftest import type_text


def press(widget, key) -> None:
    """A key as the window system delivers it to the open list (through its event filters)."""
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier))


def test_the_store_finds_earlier_values_by_any_word(real_store):
    places = real_store.suggestions("place", "минск")
    assert places and all("минск" in place.casefold() for place in places)
    assert any(not place.casefold().startswith("г. минск") for place in places)  # not only at the start
    assert len({" ".join(place.split()) for place in places}) == len(places)  # no two differing in spaces
    assert real_store.suggestions("participants", "делегация витебской")[0].startswith("Представители")
    assert real_store.suggestions("place", "") == [] and real_store.suggestions("place", "zzzz") == []


# The offscreen platform cannot raise a popup or let it grab the keyboard; a desktop can.
OFFSCREEN_POPUP = pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")


def _typing_a_place(make_window, store, qtbot, text):
    """A new event of III 2023, the clerk typing `text` in its place field until the list shows."""
    section = store.sections()[0]
    event = store.add_event(Quarter(2023, 3), section.id, name="Визит")
    window = make_window(store, Quarter(2023, 3))
    window.select_event(event.id)
    place = window.form.editors["place"]
    place.setFocus()
    type_text(place, text)
    suggestions = window.suggestions["place"]
    qtbot.waitUntil(lambda: bool(suggestions.shown()), timeout=3000)
    return window, event, suggestions


@OFFSCREEN_POPUP
def test_typing_in_the_place_field_offers_the_list_and_enter_takes_the_choice(make_window, real_store, qtbot):
    window, event, suggestions = _typing_a_place(make_window, real_store, qtbot, "минск")
    assert all("минск" in line.casefold() for line in suggestions.shown())
    popup = suggestions.completer.popup()
    press(popup, Qt.Key.Key_Down)
    chosen = popup.currentIndex().data()
    press(popup, Qt.Key.Key_Return)
    assert not popup.isVisible()
    window.commit_all_pending()
    assert " ".join(real_store.event(event.id).place.split()) == chosen


@OFFSCREEN_POPUP
def test_esc_closes_the_list_and_keeps_what_was_typed(make_window, real_store, qtbot):
    window, _event, suggestions = _typing_a_place(make_window, real_store, qtbot, "смоленск")
    press(suggestions.completer.popup(), Qt.Key.Key_Escape)
    assert not suggestions.completer.popup().isVisible()
    assert window.form.editors["place"].toPlainText() == "смоленск"


def test_a_value_saved_a_moment_ago_is_suggested_at_once(real_store):
    assert real_store.suggestions("place", "вязьма") == []
    event = real_store.events(QUARTER)[0]
    real_store.update_event(event.id, place="г. Вязьма, Смоленская область")
    assert real_store.suggestions("place", "вязьма") == ["г. Вязьма, Смоленская область"]

