"""A database holding the real Q2 2023 report and a few other events in Q1, Q3 and Q4.

Used by the period, summary and Excel tests: a year or half-year report must take
the real quarter whole and put the other quarters' events around it in order.
"""

from __future__ import annotations

from smolevents.core.dates import EventDates
from smolevents.core.domain import Quarter

# (quarter, section index in the catalogue, name, place, dates, participants)
OTHER_EVENTS = [
    (1, 2, "Дни белорусской культуры", "г. Витебск, Республика Беларусь", "10-12 февраля 2023 года",
     "Общее количество участников – 40 человек"),
    (1, 0, "Визит делегации провинции Хэйлунцзян (КНР)", "г. Смоленск", "15 марта 2023 года",
     "Делегация Китайской Народной Республики (7 человек)"),
    (3, 2, "Фестиваль «Славянский базар»", "г. Витебск, Республика Беларусь", "14-18 июля 2023 года",
     "Творческие коллективы ближнего и дальнего зарубежья"),
    (3, 7, "Встреча с делегацией Вьетнама", "г. Смоленск", "5 сентября 2023 года",
     "Общее количество участников – 12 человек"),
    (4, 3, "Конференция «Наука без границ»", "г. Смоленск", "20 ноября 2023 года",
     "Ученые России и стран-партнеров (не менее 1 000 человек)"),
]


def add_other_events(store) -> None:
    sections = store.sections()
    with store.transaction():
        for quarter, section_index, name, place, dates, participants in OTHER_EVENTS:
            store.add_event(
                Quarter(2023, quarter), sections[section_index].id, name=name, place=place,
                dates=EventDates.parse(dates), purpose="Развитие сотрудничества", participants=participants,
            )
