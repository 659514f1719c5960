import sqlite3

import pytest

from smolevents.core.store import schema
from smolevents.core.dates import DatePoint, EventDates
from smolevents.core.domain import DEFAULT_SECTIONS, Quarter
from smolevents.core.errors import ConflictError, NewerFileError, NotOurDatabaseError, UserError
from smolevents.core.store import Store
from tests.hostile_sqlite import edit

Q2 = Quarter(2023, 2)


def test_new_file_holds_the_default_catalogue_and_settings(db_path):
    with Store.open(db_path) as store:
        assert [section.title for section in store.sections()] == list(DEFAULT_SECTIONS)
        assert store.setting("font_name") == "Times New Roman"
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    assert conn.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_the_default_database_folder_is_made_on_first_use(tmp_path):
    path = tmp_path / "not" / "yet" / "there" / "events.sqlite"
    with Store.open(path):
        pass
    assert path.is_file()


def test_events_survive_reopening(db_path):
    with Store.open(db_path) as store:
        section = store.sections()[2]
        added = store.add_event(Q2, section.id, name="Фестиваль «Славянский базар»",
                                place="г. Витебск", dates=EventDates.parse("14-17 июня 2023 года"))
    with Store.open(db_path) as store:
        again = store.event(added.id)
    assert again.name == "Фестиваль «Славянский базар»"
    assert again.dates.format() == "14-17 июня 2023 года"
    assert again.uuid == added.uuid and len(again.uuid) == 36
    assert again.created_at and again.updated_at


def test_a_file_from_a_newer_program_is_refused_and_not_changed(db_path):
    with Store.open(db_path):
        pass
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(NewerFileError, match="более новой версией"):
        Store.open(db_path)
    assert db_path.read_bytes() == before


@pytest.mark.parametrize("content", [b"", b"just some text, not a database\n" * 50])
def test_a_file_that_is_not_a_database_is_refused_and_not_changed(tmp_path, content):
    path = tmp_path / "events.sqlite"
    path.write_bytes(content)
    with pytest.raises(NotOurDatabaseError):
        Store.open(path)
    assert path.read_bytes() == content


def test_another_programs_sqlite_file_is_refused(tmp_path):
    path = edit(tmp_path / "other.sqlite", "CREATE TABLE contacts (name TEXT)")
    before = path.read_bytes()
    with pytest.raises(NotOurDatabaseError, match="не база smolevents"):
        Store.open(path)
    assert path.read_bytes() == before


CURRENT = schema.SCHEMA_VERSION  # the imaginary next step below takes a file from here to CURRENT + 1


def test_a_file_at_an_older_schema_is_migrated_step_by_step(db_path, monkeypatch):
    # The current version plus an imaginary next step that adds a column: opening migrates.
    with Store.open(db_path):
        pass
    monkeypatch.setattr(schema, "SCHEMA_VERSION", CURRENT + 1)
    monkeypatch.setitem(schema.MIGRATIONS, CURRENT, ("ALTER TABLE reports ADD COLUMN note TEXT",))
    with Store.open(db_path) as store:
        columns = {row[1] for row in store.conn.execute("PRAGMA table_info(reports)")}
    assert "note" in columns
    assert sqlite3.connect(db_path).execute("PRAGMA user_version").fetchone()[0] == CURRENT + 1


def test_a_copy_of_the_file_is_kept_beside_it_before_an_upgrade(db_path, monkeypatch):
    with Store.open(db_path) as store:
        store.add_event(Q2, store.sections()[0].id, name="было до обновления")
    monkeypatch.setattr(schema, "SCHEMA_VERSION", CURRENT + 1)
    monkeypatch.setitem(schema.MIGRATIONS, CURRENT, (
        "ALTER TABLE reports ADD COLUMN note TEXT",
        lambda conn: conn.execute("UPDATE reports SET note = 'вычислено'"),
    ))
    with Store.open(db_path) as store:
        assert store.conn.execute("SELECT note FROM reports").fetchone()[0] == "вычислено"
    backup = schema.backup_name(db_path, CURRENT)
    assert backup.name == f"events.до-обновления-схемы-{CURRENT}.sqlite"
    kept = sqlite3.connect(backup)
    assert kept.execute("PRAGMA user_version").fetchone()[0] == CURRENT
    assert kept.execute("SELECT name FROM events").fetchall() == [("было до обновления",)]
    # Opening again neither upgrades nor copies again.
    backup.unlink()
    with Store.open(db_path):
        pass
    assert not backup.exists()


def test_a_failed_migration_leaves_the_file_as_it_was(db_path, monkeypatch):
    with Store.open(db_path):
        pass
    before = db_path.read_bytes()
    monkeypatch.setattr(schema, "SCHEMA_VERSION", CURRENT + 1)
    monkeypatch.setitem(schema.MIGRATIONS, CURRENT, ("ALTER TABLE reports ADD COLUMN note TEXT",
                                              "THIS IS NOT SQL"))
    with pytest.raises(sqlite3.OperationalError):
        Store.open(db_path)
    assert db_path.read_bytes() == before


def test_one_action_is_one_transaction_and_rolls_back_whole(store):
    section = store.sections()[0]
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.add_event(Q2, section.id, name="первое")
            store.add_event(Q2, section.id, name="второе")
            raise RuntimeError("сбой посреди действия")
    assert store.count_events() == 0
    assert store.quarters() == []


def test_each_write_begins_immediate(store):
    statements = []
    store.conn.set_trace_callback(statements.append)
    store.add_event(Q2, store.sections()[0].id, name="x")
    ours = [each for each in statements if not each.startswith("-- ")]  # not SQLite's own (the index's)
    assert ours.count("BEGIN IMMEDIATE") == 1
    assert ours[-1] == "COMMIT"


def test_update_bumps_version_and_refuses_a_stale_edit(store):
    event = store.add_event(Q2, store.sections()[0].id, name="Форум")
    updated = store.update_event(event.id, expected_version=event.version, name="Форум 2023")
    assert updated.version == event.version + 1
    with pytest.raises(ConflictError, match="уже изменено"):
        store.update_event(event.id, expected_version=event.version, name="устаревшая правка")
    assert store.event(event.id).name == "Форум 2023"


def test_delete_and_restore_put_the_event_back_in_its_place(store):
    section = store.sections()[0]
    ids = [store.add_event(Q2, section.id, name=str(n)).id for n in range(4)]
    deleted = store.delete_event(ids[1])
    assert store.event_ids(Q2) == [ids[0], ids[2], ids[3]]
    restored = store.restore_event(deleted)
    assert restored.id == ids[1] and restored.uuid == deleted.uuid
    assert store.event_ids(Q2) == ids


def test_move_inside_and_between_sections(store):
    first, second = store.sections()[:2]
    a, b, c = (store.add_event(Q2, first.id, name=n).id for n in "abc")
    store.move_event(c, first.id, 0)
    assert store.event_ids(Q2) == [c, a, b]
    moved = store.move_event(a, second.id)
    assert moved.section_id == second.id
    assert store.section_event_ids(Q2, first.id) == [c, b]
    assert store.event_ids(Q2) == [c, b, a]


def test_duplicate_goes_right_after_the_original_with_a_new_uuid(store):
    section = store.sections()[0]
    a, b = (store.add_event(Q2, section.id, name=n) for n in "ab")
    copy = store.duplicate_event(a.id)
    assert store.event_ids(Q2) == [a.id, copy.id, b.id]
    assert copy.uuid != a.uuid and copy.name == "a"


def test_events_outside_the_quarter_are_kept(store):
    march = EventDates.range(DatePoint(2023, 3, 1), DatePoint(2023, 3, 3))
    event = store.add_event(Q2, store.sections()[0].id, name="Поздний отчет", dates=march)
    assert store.event(event.id).dates == march
    assert store.count_events(Q2) == 1


def _found(store, text):
    return list(store.events_by_ids(store.event_ids(Q2, text)).values())


def test_search_is_case_insensitive_for_cyrillic(real_store):
    # SQLite's LIKE would not find "глинки" in "Глинки": the full-text index folds Cyrillic case.
    found = _found(real_store, "гЛИНКИ")
    assert len(found) == 2
    assert all("глинки" in " ".join((e.name, e.place, e.purpose, e.participants)).lower()
               for e in found)
    belarus = _found(real_store, "беларусь")
    expected = [e for e in real_store.events(Q2)
                if "беларусь" in " ".join((e.name, e.place, e.purpose, e.participants)).lower()]
    assert len(belarus) == len(expected) > 10
    assert _found(real_store, "никакого такого текста нет") == []


def test_search_finds_words_in_any_field_and_order(real_store):
    names = {event.name for event in _found(real_store, "бобруйск мельница")}
    assert names == {next(e.name for e in real_store.events(Q2) if "Мельница" in e.name)}


def test_closing_paragraph_belongs_to_the_quarter(store):
    store.set_closing(Q2, "В II квартале 2023 года состоялись 4 встречи")
    assert store.closing(Q2).startswith("В II квартале")
    assert store.closing(Quarter(2023, 3)) == ""
    assert store.quarters() == [Q2]


def test_missing_event_is_a_user_error(store):
    with pytest.raises(UserError, match="не найдено"):
        store.event(12345)


def test_a_file_locked_by_another_program_gives_a_plain_message(db_path):
    from smolevents.core.errors import DatabaseBusyError

    with Store.open(db_path) as store:
        store.conn.execute("PRAGMA busy_timeout = 50")  # the default waits 5 s
        other = sqlite3.connect(db_path)
        other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        try:
            with pytest.raises(DatabaseBusyError, match="занята другой программой"):
                store.add_event(Q2, store.sections()[0].id, name="Форум")
        finally:
            other.rollback()
            other.close()
        assert store.add_event(Q2, store.sections()[0].id, name="Форум").name == "Форум"
