from smolevents.core.report.closing_draft import draft_closing
from smolevents.core.text import events_phrase
from smolevents.core.domain import Quarter
from tests.real_report import QUARTER


def test_draft_counts_the_real_report_by_section_in_catalogue_order(real_store):
    text = draft_closing(real_store, QUARTER)
    assert text == (
        "В II квартале 2023 года проведено 47 мероприятий в международной сфере, в том числе: "
        "в сфере инвестиционного развития – 2, в сфере промышленности и торговли – 2, "
        "в сфере культуры – 18, в сфере образования и науки – 11, в социальной сфере – 6, "
        "в сфере общественных связей – 2, в сфере спорта – 4, "
        "по общим направлениям сотрудничества – 2."
    )


def test_draft_of_one_section_and_of_an_empty_quarter(store):
    quarter = Quarter(2024, 3)
    assert draft_closing(store, quarter) == "В III квартале 2024 года мероприятия в международной сфере не проводились."
    custom = store.add_section("Визиты делегаций")
    store.add_event(quarter, custom.id, name="Визит")
    assert draft_closing(store, quarter) == (
        "В III квартале 2024 года проведено 1 мероприятие в международной сфере "
        "(по разделу «Визиты делегаций»)."
    )


def test_russian_plural_forms():
    assert [events_phrase(n) for n in (1, 2, 5, 11, 12, 21, 22, 25, 111, 104)] == [
        "1 мероприятие", "2 мероприятия", "5 мероприятий", "11 мероприятий", "12 мероприятий",
        "21 мероприятие", "22 мероприятия", "25 мероприятий", "111 мероприятий", "104 мероприятия",
    ]
