"""`Event.stored`, the constructor the merge's reading uses for thousands of rows, makes the
same event `Event(...)` makes: equal, hashing alike, frozen, and with every field (a field
added to Event but not to `stored` fails here)."""

import dataclasses

import pytest

from smolevents.core.dates import EventDates
from smolevents.core.domain import Event, Quarter

VALUES = dict(
    id=None, uuid="5f0c1e2a-0000-4000-8000-000000000001", quarter=Quarter(2023, 2), section_id=0,
    position=3, name="Международный форум «Беларусь – Россия»", place="г. Витебск",
    dates=EventDates.parse("15-17 мая 2023 г."), purpose="Обмен опытом", participants="12 человек",
    created_at="2023-05-01T10:00:00.000000+00:00", updated_at="2023-05-02T10:00:00.000000+00:00",
    version=2, countries=("BY",), countries_confirmed=True,
)


def test_stored_event_is_the_event_the_dataclass_makes():
    made = Event(**VALUES)
    stored = Event.stored(*VALUES.values())
    assert stored == made and hash(stored) == hash(made)
    assert type(stored) is Event
    assert [field.name for field in dataclasses.fields(Event)] == list(VALUES)  # positional order
    assert {name: getattr(stored, name) for name in VALUES} == VALUES
    assert stored.with_changes(name="Другое").name == "Другое"
    assert stored.dates.format() == made.dates.format()


def test_stored_event_stays_frozen():
    stored = Event.stored(*VALUES.values())
    with pytest.raises(dataclasses.FrozenInstanceError):
        stored.name = "Другое"
