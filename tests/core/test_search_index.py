"""Search through the full-text index: what the clerk types finds what the report says."""

import sqlite3

from smolevents.core.domain import Quarter
from smolevents.core.search import search_key, search_words
from smolevents.core.store import Store, schema, search_index
from smolevents.core.store.vetting import vet_database_file
from tests.old_schema import version_1_file

Q2 = Quarter(2023, 2)


def names(store, text):
    return sorted(event.name for event in store.events_by_ids(store.event_ids(Q2, text)).values())


def test_a_word_being_typed_finds_the_words_it_begins(store):
    section = store.sections()[0].id
    store.add_event(Q2, section, name="Визит делегации Витебской области")
    store.add_event(Q2, section, name="Форум в Минске")
    assert names(store, "в") == ["Визит делегации Витебской области", "Форум в Минске"]
    assert names(store, "вит") == ["Визит делегации Витебской области"]
    assert names(store, "ВИТЕБСК") == ["Визит делегации Витебской области"]
    assert names(store, "витебск минск") == []


def test_yo_and_ye_are_one_letter_and_punctuation_is_no_query_syntax(store):
    section = store.sections()[0].id
    store.add_event(Q2, section, name="Ёлочный базар", place="Смоленск-Витебск")
    assert names(store, "елочн") == ["Ёлочный базар"]
    assert names(store, "ЁЛОЧНЫЙ") == ["Ёлочный базар"]
    assert names(store, "смоленск-вит") == ["Ёлочный базар"]
    for odd in ('"', "NOT", "базар OR", "*", "(", "—"):
        store.event_ids(Q2, odd)  # never an FTS5 syntax error
    assert names(store, "базар AND") == []  # AND is a word to look for, not an operator


def test_the_index_follows_edits_deletes_undo_and_moves(store):
    section = store.sections()[0].id
    event = store.add_event(Q2, section, name="Совещание")
    store.update_event(event.id, name="Переговоры")
    assert names(store, "совещ") == [] and names(store, "перегов") == ["Переговоры"]
    removed = store.delete_event(event.id)
    assert names(store, "перегов") == []
    store.restore_event(removed)
    assert names(store, "перегов") == ["Переговоры"]
    store.move_event(event.id, store.sections()[1].id)
    assert names(store, "перегов") == ["Переговоры"]


def test_a_file_of_the_first_schema_gets_its_index_when_opened(db_path):
    version_1_file(
        db_path,
        "INSERT INTO sections (id, title, sort_order) VALUES (1, 'Визиты', 0)",
        "INSERT INTO reports (id, year, quarter, updated_at) VALUES (1, 2023, 2, 'x')",
        "INSERT INTO events (uuid, report_id, section_id, position, name, created_at, updated_at, search_text)"
        " VALUES ('u1', 1, 1, 0, 'Визит в Ёлню', 'x', 'x', 'визит в елню')",
    )
    with Store.open(db_path) as store:
        assert names(store, "елн") == ["Визит в Ёлню"]
        columns = {row[1] for row in store.conn.execute("PRAGMA table_info(events)")}
        assert "search_text" not in columns  # the index holds the text now
    assert schema.backup_name(db_path, 1).is_file()


def test_the_ids_found_are_those_the_index_matches(store):
    section = store.sections()[0].id
    ids = [store.add_event(Q2, section, name=f"Визит {number}").id for number in range(5)]
    store.add_event(Q2, section, name="Форум")
    assert store.matching_event_ids("виз") == set(ids)
    assert store.matching_event_ids("никакой") == set()
    assert store.matching_event_ids("—") is None
    assert store.ascending_matching_ids("виз") == ids  # ascending, as the window's search needs them


def test_a_sections_first_and_last_event(store):
    first, second = store.sections()[:2]
    a, b, c = (store.add_event(Q2, first.id, name=n).id for n in "abc")
    assert store.section_ends(Q2, first.id) == (a, c)
    store.move_event(c, first.id, 0)
    assert store.section_ends(Q2, first.id) == (c, b)
    assert store.section_ends(Q2, second.id) is None
    assert store.section_ends(Quarter(2023, 3), first.id) is None


def test_a_search_within_a_range_of_ids_looks_only_there(store):
    section = store.sections()[0].id
    ids = [store.add_event(Q2, section, name=f"Визит {number}").id for number in range(6)]
    assert store.matching_event_ids("визит", within=(ids[1], ids[3])) == set(ids[1:4])
    assert store.matching_event_ids("—", within=(ids[1], ids[3])) is None


MOMENT = "2023-05-04T10:00:00+03:00"


def _file_of_schema_6(path):
    """A file as the program of schema 6 wrote it (the index with one- and two-letter prefixes)."""
    conn = sqlite3.connect(path)
    schema.run_steps(conn, 0, 6)
    conn.execute("INSERT INTO sections (id, title, sort_order) VALUES (1, 'Визиты', 0)")
    conn.execute("INSERT INTO reports (id, year, quarter, updated_at) VALUES (1, 2023, 2, ?)", (MOMENT,))
    for event_id, name in ((1, "Визит в Ёлню"), (2, "Форум «Смоленск-Витебск»")):
        conn.execute("INSERT INTO events (id, uuid, report_id, section_id, position, name, created_at, updated_at)"
                     " VALUES (?, ?, 1, 1, ?, ?, ?, ?)", (event_id, f"u{event_id}", event_id, name, MOMENT, MOMENT))
        conn.execute("INSERT INTO events_search (rowid, text) VALUES (?, ?)", (event_id, search_key(name)))
    conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 6")
    conn.commit()
    conn.close()
    return path


def _index_sql(path):
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT sql FROM sqlite_master WHERE name = 'events_search'").fetchone()[0]
    finally:
        conn.close()


def test_a_file_of_schema_6_gets_the_leaner_index_holding_the_same_text(db_path):
    _file_of_schema_6(db_path)
    assert "prefix = '1 2'" in _index_sql(db_path)
    vet_database_file(db_path)  # a department's file of schema 6 is still ours (read for a merge, never upgraded)
    with Store.open(db_path) as store:
        assert names(store, "елн") == ["Визит в Ёлню"]
        assert names(store, "в") == ["Визит в Ёлню", "Форум «Смоленск-Витебск»"]
        assert names(store, "смоленск-вит") == ["Форум «Смоленск-Витебск»"]
        # The same text in the index's form: the quotes, separators to unicode61 as to the clerk, are spaces.
        assert store.conn.execute("SELECT rowid, text FROM events_search ORDER BY rowid").fetchall() == [
            (1, "визит в елню"), (2, "форум  смоленск-витебск ")]
        event = store.add_event(Q2, 1, name="Визит в Витебск")
        assert names(store, "вит") == ["Визит в Витебск", "Форум «Смоленск-Витебск»"]
        store.delete_event(event.id)
        assert names(store, "вит") == ["Форум «Смоленск-Витебск»"]
    assert _index_sql(db_path) == search_index.CREATE
    vet_database_file(db_path)  # and the upgraded file too
    kept = sqlite3.connect(schema.backup_name(db_path, 6))
    assert kept.execute("PRAGMA user_version").fetchone()[0] == 6
    assert "prefix = '1 2'" in kept.execute("SELECT sql FROM sqlite_master WHERE name = 'events_search'").fetchone()[0]
    kept.close()


def test_the_leaner_index_finds_what_the_index_of_schemas_2_to_6_found(real_store):
    """Every beginning (1-4 letters) of every word of the real report, and whole words,
    alone and in pairs, find the same events in the index as it is and as it was."""
    texts = real_store.conn.execute("SELECT rowid, text FROM events_search").fetchall()
    before = sqlite3.connect(":memory:")
    before.execute(schema.MIGRATIONS[1][0])  # as schemas 2-6 made it
    before.executemany("INSERT INTO events_search (rowid, text) VALUES (?, ?)", texts)
    assert "prefix = '1 2'" in schema.MIGRATIONS[1][0] and "prefix = '1 2'" not in search_index.CREATE
    words = sorted({word for _, text in texts for word in search_words(text)})
    searches = {word[:length] for word in words for length in (1, 2, 3, 4)} | set(words)
    searches |= {f"{a} {b}" for a, b in zip(words, words[7:])}
    assert len(searches) > 1000
    for search in sorted(searches):
        assert search_index.ascending_ids(real_store.conn, search) == search_index.ascending_ids(before, search), search
