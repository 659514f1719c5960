"""A file of schema version 1 opens upgraded in place, with a copy kept, countries and totals derived."""

import sqlite3

from smolevents.core.domain import Quarter
from smolevents.core.store import Store, schema
from tests.old_schema import version_1_file


def _version_1_file(path):
    version_1_file(
        path,
        "INSERT INTO sections (id, title, sort_order) VALUES (1, 'Общие направления сотрудничества', 0)",
        "INSERT INTO reports (id, year, quarter, closing, updated_at) VALUES (1, 2023, 2, '', 'x')",
        "INSERT INTO events (uuid, report_id, section_id, position, name, place, purpose, participants,"
        " created_at, updated_at) VALUES ('u1', 1, 1, 0, 'Визит делегации Витебской области', 'г. Смоленск',"
        " 'Обмен опытом', 'Общее количество участников – 16 человек', 'x', 'x')",
    )


def test_a_version_1_file_is_upgraded_with_countries_and_totals(tmp_path):
    path = tmp_path / "events.sqlite"
    _version_1_file(path)
    with Store.open(path) as store:
        event = store.events(store.quarters()[0])[0]
        assert event.countries == ("BY",)
        assert not event.countries_confirmed
        total = store.conn.execute("SELECT participants_total FROM events").fetchone()[0]
        assert total == 16
    upgraded = sqlite3.connect(path)
    assert upgraded.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    assert upgraded.execute("SELECT count(*) FROM period_reports").fetchone()[0] == 0
    kept = sqlite3.connect(schema.backup_name(path, 1))
    assert kept.execute("PRAGMA user_version").fetchone()[0] == 1
    assert "countries" not in {row[1] for row in kept.execute("PRAGMA table_info(events)")}


def test_confirmed_countries_stay_while_unconfirmed_follow_the_text(store):
    section = store.sections()[0]
    event = store.add_event(Quarter(2023, 2), section.id, name="Визит делегации Вьетнама")
    assert event.countries == ("VN",)
    event = store.update_event(event.id, name="Визит делегации КНР")
    assert event.countries == ("CN",)
    event = store.set_countries(event.id, ["CN", "VN"])
    assert event.countries == ("CN", "VN") and event.countries_confirmed
    event = store.update_event(event.id, name="Визит делегации Республики Беларусь")
    assert event.countries == ("CN", "VN")  # the clerk's choice is kept
    event = store.set_countries(event.id, [], confirmed=False)
    assert event.countries == ("BY",)  # handed back to the suggestion


def test_imported_and_merged_events_get_suggestions(tmp_path, real_report):
    from smolevents.core.merge import apply_merge, plan_merge
    from smolevents.core.report.docx_reader import import_report, read_report_docx
    from tests.real_report import REPORT_DOCX

    department, target = tmp_path / "отдел.sqlite", tmp_path / "свод.sqlite"
    with Store.open(department) as store:
        import_report(store, read_report_docx(REPORT_DOCX))
        imported = store.events(Quarter(2023, 2))
        assert imported[15].countries == ("BY", "CZ", "UZ", "AM")  # № 16, read from Word
        store.set_countries(imported[0].id, ["BY", "CN"])  # the department's clerk confirmed
    with Store.open(target) as store:
        apply_merge(store, plan_merge(store, [department]))
        merged = store.events(Quarter(2023, 2))
        assert merged[15].countries == ("BY", "CZ", "UZ", "AM")
        assert merged[0].countries == ("BY", "CN") and merged[0].countries_confirmed
        assert merged[1].countries == ()
