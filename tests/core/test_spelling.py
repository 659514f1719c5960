"""Spelling: the dictionary, the words that are not mistakes, the lists, the real report."""

from __future__ import annotations

import re
import sqlite3

import pytest

from smolevents.core.spelling import SpellChecker, build_checker
from smolevents.core.spelling.engine import ENGINES, load_engine
from smolevents.core.spelling.places import case_forms, place_words
from smolevents.core.spelling.report_check import spelling_warnings
from smolevents.core.spelling.user_words import add_user_word, read_user_words
from smolevents.core.spelling.words import WORD
from smolevents.core.store import Store
from smolevents.core.store import schema
from smolevents.core.store.dictionary_words import add_dictionary_words, dictionary_words
from tests.old_schema import with_the_search_index_of_schema_2
from tests.real_report import QUARTER


def _available_engines() -> list[str]:
    names = []
    for name in ENGINES:
        try:
            load_engine(prefer=name)
        except (ImportError, OSError):
            continue
        names.append(name)
    return names


ENGINE_NAMES = _available_engines()


@pytest.fixture(scope="module")
def engine():
    return load_engine()


@pytest.fixture
def checker(engine, tmp_path):
    return build_checker(engine, user_list=tmp_path / "user-dictionary.txt")


def unknown(checker: SpellChecker, text: str) -> list[str]:
    return [span.word for span in checker.misspelt(text)]


@pytest.mark.parametrize("name", ENGINE_NAMES)
def test_each_engine_reads_the_shipped_russian_dictionary(name):
    engine = load_engine(prefer=name)
    assert engine.check("сотрудничества") and engine.check("Смоленской")
    assert not engine.check("преумножения")
    assert "приумножения" in engine.suggest("преумножения")[:3]


def test_spylls_is_always_there_as_the_fallback():
    assert "spylls" in ENGINE_NAMES


def test_a_misspelling_is_found_and_corrected_by_the_first_suggestion(checker):
    assert unknown(checker, "в целях сохранения и преумножения культурного наследия") == ["преумножения"]
    assert checker.suggest("преумножения")[0] == "приумножения"


def test_abbreviations_single_letters_and_numbers_are_not_mistakes(checker):
    text = ("СОГБУ «КЦСОН», ОГБУК, ФГБОУ ВО СмолГУ, МИДом; г. Смоленск, д. 11, п. Озерный, "
            "дер. Стабна, ул. Ленина, им. Глинки, 25 мая 2023 г., COVID-19, Minsk, 1-й этап")
    assert unknown(checker, text) == []


def test_surnames_beside_initials_are_names(checker):
    assert unknown(checker, "В.Н. Анохин встретился с послом; Ларин В.В. вручил грамоту") == []
    assert unknown(checker, "Анохин встретился") == ["Анохин"]  # without initials it is an unknown word


def test_e_and_yo_are_both_accepted(checker):
    assert unknown(checker, "ёлка елка Гнёздово Гнездово Тёмкино Темкино Сычёвка Сычевка") == []


def test_the_regions_places_are_known_in_their_case_forms(checker):
    text = ("в Кардымовском районе, Кардымовского района, в Духовщине, из Духовщины, "
            "Рославля, в Ельне, Холм-Жирковского района, Смоленщины, Беларуси")
    assert unknown(checker, text) == []
    assert "Духовщиной" in set(case_forms("Духовщина"))
    assert {"Кардымово", "Гнёздово", "Духовщина"} <= place_words()


def test_compound_words_are_checked_by_their_parts(checker):
    assert unknown(checker, "научно-практическая конференция Белорусско-Российского университета") == []
    assert unknown(checker, "научно-практичиская") == ["научно-практичиская"]


def test_added_and_skipped_words_count_as_known_ignoring_case_and_yo(checker):
    assert unknown(checker, "Сонорус") == ["Сонорус"]
    checker.add_to_list("database", ["Сонорус"])
    checker.add_to_list("skipped", ["Кокоро"])
    assert unknown(checker, "капелла «Сонорус», сонорус, Кокоро") == []
    checker.set_list("database", [])
    assert unknown(checker, "Сонорус") == ["Сонорус"]


def test_the_users_list_is_a_text_file_in_the_data_folder(tmp_path, engine):
    path = tmp_path / "папка" / "user-dictionary.txt"
    add_user_word("Сонорус", path)
    add_user_word("Сонорус", path)
    add_user_word("Имагава", path)
    assert read_user_words(path) == ["Сонорус", "Имагава"]
    assert unknown(build_checker(engine, user_list=path), "Сонорус Имагава Кокоро") == ["Кокоро"]


# --- the real report ---------------------------------------------------------------------------

def _report_words(store: Store) -> int:
    texts = [event.value(field) for event in store.events(QUARTER)
             for field in ("name", "place", "purpose", "participants")]
    texts.append(store.closing(QUARTER))
    return sum(1 for text in texts for word in WORD.findall(text) if re.search("[А-Яа-яЁёA-Za-z]", word))


def test_the_real_report_flags_its_typo_and_under_one_percent_of_its_words(checker, real_store):
    warnings = spelling_warnings(checker, real_store.events(QUARTER), real_store.closing(QUARTER))
    flagged = [word for warning in warnings for word in warning.words]
    assert any(warning.words == ("преумножения",) and warning.number == 17 for warning in warnings)
    words = _report_words(real_store)
    assert words > 3200  # the report's 3 354 words less its title, header and dates
    assert len(flagged) / words < 0.01, flagged


TYPOS = {  # the right word in the real report → the misspelling put in its place
    "сотрудничества": "сотрудничиства",
    "делегации": "делегацыи",
    "мероприятия": "мероприятея",
    "области": "обасти",
    "Администрации": "Адмиинистрации",
    "Губернатора": "Губернатра",
    "международного": "межднародного",
    "культурного": "культурнова",
    "участие": "учасние",
    "представители": "представетели",
}


def test_ten_misspellings_put_into_the_real_report_are_all_flagged(checker, real_store):
    put = 0
    for right, wrong in TYPOS.items():
        for event in real_store.events(QUARTER):  # read again: one field may take two typos
            field = next((field for field in ("name", "purpose", "participants")
                          if re.search(rf"\b{right}\b", event.value(field))), None)
            if field:
                text = re.sub(rf"\b{right}\b", wrong, event.value(field), count=1)
                real_store.update_event(event.id, **{field: text})
                put += 1
                break
    assert put == len(TYPOS)
    warnings = spelling_warnings(checker, real_store.events(QUARTER), real_store.closing(QUARTER))
    flagged = {word for warning in warnings for word in warning.words}
    assert set(TYPOS.values()) <= flagged


# --- the database and the merge ----------------------------------------------------------------

def test_added_words_are_kept_in_the_file(db_path):
    with Store.open(db_path) as store:
        assert add_dictionary_words(store, ["Сонорус", "Кокоро", "Сонорус"]) == 2
    with Store.open(db_path) as store:
        assert dictionary_words(store) == ["Кокоро", "Сонорус"]


WORDS_SINCE = next(version for version, tables in schema.ADDED_IN_VERSION.items() if "dictionary_words" in tables)


def _older_file(path):
    """A file of the version before the words table, as an older program left it."""
    with Store.open(path) as store:
        store.add_event(QUARTER, store.sections()[0].id, name="старый файл")
    conn = sqlite3.connect(path)
    # Undo every step from the words table on (later steps' columns and tables too).
    conn.execute("DROP INDEX IF EXISTS events_for_summary")
    with_the_search_index_of_schema_2(conn)
    for version, tables in schema.ADDED_IN_VERSION.items():
        if version < WORDS_SINCE:
            continue
        for table, columns in tables.items():
            present = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
            if present <= columns:
                conn.execute(f"DROP TABLE {table}")
            else:
                for column in sorted(columns):
                    conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    conn.execute(f"PRAGMA user_version = {WORDS_SINCE - 1}")
    conn.commit()
    conn.close()


def test_an_older_file_gets_the_words_table_on_opening(tmp_path):
    path = tmp_path / "old.sqlite"
    _older_file(path)
    with Store.open(path) as store:
        assert dictionary_words(store) == []
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    assert schema.backup_name(path, WORDS_SINCE - 1).is_file()


def test_a_merge_carries_the_departments_words_and_older_files_merge_as_before(tmp_path):
    from smolevents.core.merge import apply_merge, plan_merge

    department, old_department, target = tmp_path / "dep.sqlite", tmp_path / "old.sqlite", tmp_path / "t.sqlite"
    with Store.open(department) as store:
        store.add_event(QUARTER, store.sections()[0].id, name="Концерт капеллы «Сонорус»")
        add_dictionary_words(store, ["Сонорус"])
    _older_file(old_department)
    with Store.open(target) as store:
        add_dictionary_words(store, ["Кокоро"])
        result = apply_merge(store, plan_merge(store, [department, old_department]))
        assert result.added == 2
        assert dictionary_words(store) == ["Кокоро", "Сонорус"]


def test_check_spelling_lists_unknown_words_as_warnings(db_path, real_report, capsys, monkeypatch, tmp_path):
    from smolevents.cli.main import main
    from tests.real_report import real_report_into

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # not the clerk's own list
    with Store.open(db_path) as store:
        real_report_into(store, real_report)
        add_dictionary_words(store, ["Сонорус"])
    assert main(["check", "--spelling", "--db", str(db_path)]) == 0  # warnings never fail the check
    out = capsys.readouterr().out
    assert "II квартал 2023: слов не найдено в словарях:" in out
    assert "  ? № 17, Цель, содержание и результат: преумножения" in out
    assert "Сонорус" not in out.split("Орфография")[1]  # the file's own word is known
    assert main(["check", "--db", str(db_path)]) == 0
    assert "Орфография" not in capsys.readouterr().out
