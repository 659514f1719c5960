"""The partner countries and "held abroad" of merged events.

A new event whose texts a department's file holds keeps that file's reading of them
(what its copy of the program suggested); an event whose texts the merge put together
from two files is read again, as an edit would be.
"""

import shutil
import sqlite3

from smolevents.core.countries import event_countries
from smolevents.core.merge import apply_merge, plan_merge
from smolevents.core.store import Store
from tests.real_report import QUARTER, RealReport, real_report_into


def _department(path, real_report):
    with Store.open(path) as store:
        real_report_into(store, RealReport(real_report.title_lines, real_report.header,
                                           real_report.sections[:2], ""))
    return path


def _stored(store, uuid):
    """(countries column, abroad column) of the target's event."""
    return store.conn.execute("SELECT countries, abroad FROM events WHERE uuid = ?", (uuid,)).fetchone()


def test_new_events_keep_the_countries_their_file_suggested(tmp_path, real_report):
    department = _department(tmp_path / "отдел.sqlite", real_report)
    with Store.open(department) as store:
        events = store.events(QUARTER)
    with Store.open(tmp_path / "координатор.sqlite") as target:
        apply_merge(target, plan_merge(target, [department]))
        for event in events:
            merged = target.event_by_uuid(event.uuid)
            assert merged.countries == event.countries
            countries, abroad = event_countries(merged)
            assert _stored(target, event.uuid) == (",".join(countries), int(abroad))
        assert any(event.countries for event in events)  # the real report names partner countries


def test_the_files_reading_is_taken_as_its_program_made_it(tmp_path, real_report):
    """Another copy of the program (an older country list) suggested China for this text:
    the suggestion arrives as the department's clerk saw it, until the text is edited."""
    department = _department(tmp_path / "отдел.sqlite", real_report)
    with Store.open(department) as store:
        event = store.events(QUARTER)[0]
    conn = sqlite3.connect(department)
    with conn:
        conn.execute("UPDATE events SET countries = 'CN', abroad = 1 WHERE uuid = ?", (event.uuid,))
    conn.close()
    with Store.open(tmp_path / "координатор.sqlite") as target:
        apply_merge(target, plan_merge(target, [department]))
        assert target.event_by_uuid(event.uuid).countries == ("CN",)
        assert _stored(target, event.uuid) == ("CN", 1)
        edited = target.update_event(target.event_by_uuid(event.uuid).id, name=event.name + " (уточнено)")
        assert edited.countries == event_countries(edited)[0] != ("CN",)


def test_an_event_put_together_from_two_files_is_read_again(tmp_path, real_report):
    a = _department(tmp_path / "a.sqlite", real_report)
    c = tmp_path / "c.sqlite"
    shutil.copyfile(a, c)
    with Store.open(a) as store:
        store.clock = lambda: "2099-01-02T10:00:00.000000+00:00"
        event = store.events(QUARTER)[0]
        store.update_event(event.id, place="г. Минск, Республика Беларусь")
    with Store.open(c) as store:
        store.clock = lambda: "2099-01-03T10:00:00.000000+00:00"
        store.update_event(event.id, purpose=event.purpose + " С участием делегации Вьетнама.")
    with Store.open(tmp_path / "координатор.sqlite") as target:
        apply_merge(target, plan_merge(target, [a, c]))
        merged = target.event_by_uuid(event.uuid)
        assert merged.place == "г. Минск, Республика Беларусь"
        assert merged.purpose.endswith("Вьетнама.")  # a text neither file holds with that place
        assert {"BY", "VN"} <= set(merged.countries)
        countries, abroad = event_countries(merged)
        assert _stored(target, event.uuid) == (",".join(countries), 1) and abroad
