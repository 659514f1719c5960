"""The participants total derived from the text: when it states one total, never summed from parts."""

import pytest

from smolevents.core.participants import participants_total

# Every event of the real Q2 2023 report (its numbers), read by hand: the stated total or None.
EXPECTED = {
    1: None, 2: None, 3: 16, 4: 2, 5: 1800, 6: 1500, 7: 23, 8: 335, 9: 420, 10: 25,
    11: 150, 12: 13, 13: 30, 14: 18, 15: 380, 16: 342, 17: 50, 18: 2, 19: 20, 20: 100,
    21: 45, 22: None, 23: 385, 24: None, 25: None, 26: None, 27: None, 28: None, 29: None,
    30: 500, 31: None, 32: 8, 33: 200, 34: 18, 35: 20, 36: 5, 37: 23, 38: 100, 39: 19,
    40: 100, 41: 1000, 42: 8, 43: None, 44: 160, 45: None, 46: None, 47: 11,
}


def test_totals_for_every_event_of_the_real_report(real_report):
    got = {number: participants_total(event["participants"])
           for number, (_, event) in enumerate(real_report.events, start=1)}
    assert got == EXPECTED


@pytest.mark.parametrize("text, expected", [
    ("Общее количество участников – 1800 человек", 1800),
    ("Общее количество участников – не менее 1 000 человек (в том числе: 300 человек – очно)", 1000),
    ("Студия эстрадного танца (50 человек)", 50),
    # parts only: 5 + 38 is not a total the text states
    ("Обучающиеся лицея (5 человек), представители Республики Беларусь (38 человек)", None),
    ("Команды регионов, в том числе команда Смоленской области в количестве 6 человек", None),
    ("Представители Администрации Смоленской области", None),
    ("", None),
])
def test_what_counts_as_a_stated_total(text, expected):
    assert participants_total(text) == expected


def test_the_store_keeps_the_total_beside_the_text(store):
    from smolevents.core.domain import Quarter

    event = store.add_event(Quarter(2023, 2), store.sections()[0].id, participants="Всего участников: 70")
    row = store.conn.execute("SELECT participants, participants_total FROM events WHERE id = ?", (event.id,))
    assert row.fetchone() == ("Всего участников: 70", 70)
