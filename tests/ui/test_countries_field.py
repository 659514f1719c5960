"""The form's partner countries: the suggestion shown as such, typed names confirmed, undo, back to the suggestion."""

import pytest

from smolevents.core.domain import Quarter
from smolevents.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, store):
    store.add_event(Quarter(2023, 2), store.sections()[0].id, name="Визит делегации Витебской области",
                    place="г. Смоленск", purpose="Обмен опытом", participants="16 человек")
    window = MainWindow(store, None)
    qtbot.addWidget(window)
    window.show()
    window.country_names.start()
    window.country_names.wait()
    qtbot.waitUntil(lambda: window.form.countries.line.text() == "Беларусь")
    # The completion popup would grab the keyboard, which the offscreen platform cannot do.
    window.form.countries.completer.complete = lambda *args: None
    return window


def test_the_suggestion_is_shown_as_a_suggestion(window):
    field = window.form.countries
    assert field.line.text() == "Беларусь"
    assert "Предложено по тексту" in field.hint.text()


def test_typed_names_are_confirmed_and_undone(window, qtbot):
    field = window.form.countries
    event_id = window.form.current_event.id
    field.line.setText("Беларусь, Кит")  # QTest types ASCII only: the edit signal stands for typing
    field.line.textEdited.emit("Беларусь, Кит")
    field.completer.activated.emit("Китай")  # picked from the completion list
    assert field.line.text() == "Беларусь, Китай"
    field.commit()
    event = window.store.event(event_id)
    assert event.countries == ("BY", "CN") and event.countries_confirmed
    assert "Указано вручную" in field.hint.text()
    window.undo()
    event = window.store.event(event_id)
    assert event.countries == ("BY",) and not event.countries_confirmed
    assert field.line.text() == "Беларусь"


def test_a_wrong_name_is_explained_and_nothing_stored(window):
    field = window.form.countries
    field.line.setText("Атлантида")
    field.line.textEdited.emit("Атлантида")
    field.commit()
    assert "не код страны ISO и не название страны" in field.hint.text()
    assert window.store.event(window.form.current_event.id).countries == ("BY",)


def test_back_to_the_suggestion(window):
    field = window.form.countries
    event_id = window.form.current_event.id
    window.editing.set_countries(event_id, ("CN",), True)
    assert field.line.text() == "Китай"
    field._link("suggest")
    assert window.store.event(event_id).countries == ("BY",)
    assert field.line.text() == "Беларусь"
