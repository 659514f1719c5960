"""Partner countries suggested from the real report's text, checked against a list made by reading it."""

import pytest

from smolevents.core.countries import country_name, parse_codes, suggest_countries

# Read from the Q2 2023 report, event by event (its numbers): the foreign countries each
# names. Russia and its regions (Крым, ЛНР) are never partners; "международного
# бизнеса", "иностранные студенты" name no country.
BELARUS_ONLY = set(range(1, 48)) - {2, 10, 11, 13, 16, 17, 40, 41}
EXPECTED = {number: ("BY",) for number in BELARUS_ONLY} | {
    2: (),  # Петербургский форум, "международного бизнеса"
    10: (),  # Москва
    11: ("BY", "KG", "IL"),  # Республики Беларусь (г. Минск), Киргизской Республики, Государства Израиль
    13: ("JP",),  # солистка Имагава Кокоро (Япония)
    16: ("BY", "CZ", "UZ", "AM"),  # Чешской Республики, Республики Узбекистан (г. Ташкент), Армения
    17: ("RW", "DZ"),  # Республики Руанда и Алжирской Народной Демократической Республики
    40: (),  # иностранные студенты
    41: ("BY", "UZ"),
}


def test_suggestions_for_every_event_of_the_real_report(real_report):
    got = {
        number: suggest_countries(event["name"], event["place"], event["purpose"], event["participants"])
        for number, (_, event) in enumerate(real_report.events, start=1)
    }
    assert got == EXPECTED


@pytest.mark.parametrize("text, expected", [
    ("Визит делегации Витебской области (Республика Беларусь)", ("BY",)),
    ("г. Витебск, Республика Беларусь", ("BY",)),
    ("Витебская область", ("BY",)),
    ("в Беларуси", ("BY",)),
    ("Встреча с делегацией Вьетнама", ("VN",)),
    ("Делегация КНР", ("CN",)),
    ("представители Китайской Народной Республики и Соединенных Штатов Америки", ("CN", "US")),
    ("гости из Объединенных Арабских Эмиратов", ("AE",)),
    ("Молодежь Республики Казахстан (г. Астана)", ("KZ",)),
    ("Делегация Российской Федерации, г. Москва", ()),
])
def test_how_reports_write_countries(text, expected):
    assert suggest_countries(text) == expected


@pytest.mark.parametrize("text", [
    "Исполнители регионов России, ближнего и дальнего зарубежья",
    "Культурные ценности славянских стран и стран-партнеров",
    "страны-партнеры, иностранные государства, зарубежные гости",
    "Того же дня состоялся концерт; Мали и Чад — не страны здесь",
    "Представители международного бизнеса",
])
def test_vague_phrases_suggest_nothing(text):
    assert suggest_countries(text) == ()


def test_the_clerk_types_codes_or_names():
    assert parse_codes("BY, cn; Вьетнам\nКитай") == ("BY", "CN", "VN")
    with pytest.raises(ValueError, match="Россия не указывается среди стран-партнеров"):
        parse_codes("BY, Россия")
    assert country_name("BY") == "Беларусь"
    assert country_name("US") == "США"
    with pytest.raises(ValueError, match="не код страны ISO и не название страны"):
        parse_codes("Атлантида")
