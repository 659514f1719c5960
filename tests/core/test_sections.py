import pytest

from smolevents.core.domain import DEFAULT_SECTIONS, Quarter
from smolevents.core.errors import SectionInUseError, UserError

Q2 = Quarter(2023, 2)


def titles(store):
    return [section.title for section in store.sections()]


def test_add_rename_and_reorder(store):
    added = store.add_section("  Сотрудничество   в экономической сфере ")
    assert added.title == "Сотрудничество в экономической сфере"
    assert titles(store)[-1] == added.title
    store.move_section(added.id, 0)
    assert titles(store)[0] == added.title
    assert titles(store)[1:] == list(DEFAULT_SECTIONS)
    store.rename_section(added.id, "Экономика")
    assert titles(store)[0] == "Экономика"


@pytest.mark.parametrize("title", ["", "   ", "сотрудничество в сфере КУЛЬТУРЫ"])
def test_empty_or_duplicate_titles_are_refused(store, title):
    with pytest.raises(UserError):
        store.add_section(title)
    assert titles(store) == list(DEFAULT_SECTIONS)


def test_a_section_in_use_cannot_be_deleted(store):
    culture = store.section_by_title("Сотрудничество в сфере культуры")
    store.add_event(Q2, culture.id, name="Фестиваль")
    with pytest.raises(SectionInUseError, match="нельзя удалить"):
        store.delete_section(culture.id)
    assert culture.title in titles(store)


def test_an_unused_section_can_be_deleted(store):
    extra = store.add_section("Временный раздел")
    store.delete_section(extra.id)
    assert "Временный раздел" not in titles(store)


def test_ensure_section_adds_a_missing_title_once(store):
    first = store.ensure_section("Сотрудничество в экономической сфере")
    again = store.ensure_section("сотрудничество в экономической сфере")
    assert first == again
    assert titles(store).count("Сотрудничество в экономической сфере") == 1


def test_usage_counts_every_quarter(store):
    culture = store.section_by_title("Сотрудничество в сфере культуры")
    store.add_event(Q2, culture.id, name="Фестиваль")
    store.add_event(Quarter(2024, 1), culture.id, name="Выставка")
    assert store.section_usage(culture.id) == 2
    with pytest.raises(SectionInUseError, match="мероприятий — 2"):
        store.check_section_deletable(culture.id)
