"""Three departments, one event edited in two of them: merged field by field (issue 17, item 1).

a is a department's file, c a copy of a sent earlier and edited since, b another
department. A field changed on one side only is taken without a question; only the
same field changed differently on both sides is asked — in either order of merging,
and merging again asks nothing and adds nothing.
"""

import shutil
import sqlite3

import pytest

from smolevents.core.merge import OURS, THEIRS, Edited, apply_merge, plan_merge
from smolevents.core.store import Store, schema
from tests.old_schema import with_the_search_index_of_schema_2
from tests.real_report import QUARTER, RealReport, real_report_into

PARTICIPANTS = "Общее количество участников – 12 человек"
SENTENCE = " Подписано соглашение о сотрудничестве."


@pytest.fixture
def departments(tmp_path, real_report):
    a, b, c = tmp_path / "a.sqlite", tmp_path / "b.sqlite", tmp_path / "c.sqlite"
    with Store.open(a) as store:
        real_report_into(store, RealReport(real_report.title_lines, real_report.header,
                                           real_report.sections[0::2], real_report.closing))
    with Store.open(b) as store:
        real_report_into(store, RealReport(real_report.title_lines, real_report.header,
                                           real_report.sections[1::2], ""))
    shutil.copyfile(a, c)  # sent earlier; both went on editing
    with Store.open(a) as store:
        store.clock = lambda: "2099-01-02T10:00:00.000000+00:00"
        events = store.events(QUARTER)
        store.update_event(events[1].id, participants=PARTICIPANTS)
        store.update_event(events[12].id, place="г. Смоленск, Дом культуры")
        store.update_event(events[4].id, name="Название от a")
    with Store.open(c) as store:
        store.clock = lambda: "2099-01-03T10:00:00.000000+00:00"
        events = store.events(QUARTER)
        store.update_event(events[1].id, purpose=events[1].purpose + SENTENCE)
        store.update_event(events[4].id, name="Название от c")
    with Store.open(a) as store:
        events = store.events(QUARTER)
    return a, b, c, events


@pytest.fixture
def target(tmp_path):
    with Store.open(tmp_path / "координатор.sqlite") as store:
        yield store


@pytest.mark.parametrize("order", ["abc", "cba"])
def test_different_fields_merge_silently_and_the_same_field_is_asked(target, departments, order):
    a, b, c, events = departments
    files = {"a": a, "b": b, "c": c}
    plan = plan_merge(target, [files[name] for name in order])
    conflicts = plan.conflicts
    assert [(conflict.update.ours.uuid, conflict.field) for conflict in conflicts] == [(events[4].uuid, "name")]
    assert sorted(conflicts[0].texts()) == ["Название от a", "Название от c"]
    result = apply_merge(target, plan)
    assert result.added == 47 and result.left_out == 0
    both = target.event_by_uuid(events[1].uuid)
    assert both.participants == PARTICIPANTS  # a's field
    assert both.purpose.endswith(SENTENCE)  # c's field, nothing dropped
    assert target.event_by_uuid(events[12].uuid).place == "г. Смоленск, Дом культуры"  # changed only in a
    assert target.event_by_uuid(events[4].uuid).name == "Название от c"  # c changed it later: the default
    again = plan_merge(target, [a, b, c])
    assert again.is_empty() and not again.conflicts
    assert apply_merge(target, again).summary() == "добавлено 0, обновлено 0, без изменений 77, не добавлено 0"
    assert target.count_events(QUARTER) == 47


def test_files_merged_on_different_days_are_still_three_way(target, departments):
    a, b, c, events = departments
    apply_merge(target, plan_merge(target, [a, b]))
    plan = plan_merge(target, [c])
    assert [conflict.field for conflict in plan.conflicts] == ["name"]
    update = next(update for update in plan.updates if update.ours.uuid == events[1].uuid)
    assert update.taken == ("purpose",) and update.kept == ("participants",)
    conflict = plan.conflicts[0]
    assert conflict.update.ours_origin == "эта база" and conflict.update.theirs_origin == "c.sqlite"
    result = apply_merge(target, plan, {conflict.key: OURS})
    assert result.updated == 1 and result.unchanged == 29
    assert target.event_by_uuid(events[4].uuid).name == "Название от a"
    assert target.event_by_uuid(events[1].uuid).participants == PARTICIPANTS
    # The resolved conflict is remembered: neither file asks again.
    assert plan_merge(target, [a, b, c]).is_empty()


def test_a_field_the_target_changed_after_the_merge_stays_without_a_question(target, departments):
    a, _, c, events = departments
    apply_merge(target, plan_merge(target, [a]))
    own = target.event_by_uuid(events[12].uuid)
    target.update_event(own.id, place="уточнено координатором")
    plan = plan_merge(target, [a, c])
    assert not any(update.ours.uuid == events[12].uuid for update in plan.updates)
    apply_merge(target, plan, {plan.conflicts[0].key: THEIRS})
    assert target.event_by_uuid(events[12].uuid).place == "уточнено координатором"


def test_the_coordinator_may_write_the_field_by_hand(target, departments):
    a, _, c, events = departments
    plan = plan_merge(target, [a, c])
    conflict = plan.conflicts[0]
    assert conflict.editable
    apply_merge(target, plan, {conflict.key: Edited("Название, согласованное координатором")})
    assert target.event_by_uuid(events[4].uuid).name == "Название, согласованное координатором"
    assert plan_merge(target, [a, c]).is_empty()


MERGE_MEMORY_SINCE = next(version for version, tables in schema.ADDED_IN_VERSION.items()
                          if "field_history" in tables)


def _as_older_file(path):
    conn = sqlite3.connect(path)
    with_the_search_index_of_schema_2(conn)
    conn.executescript("DROP TABLE field_history; DROP TABLE merge_decisions; "
                       f"PRAGMA user_version = {MERGE_MEMORY_SINCE - 1};")
    conn.close()


def test_a_department_file_of_the_older_schema_is_still_merged(target, departments, tmp_path):
    a, *_ = departments
    old = tmp_path / "старый.sqlite"
    shutil.copyfile(a, old)
    _as_older_file(old)
    result = apply_merge(target, plan_merge(target, [old]))
    assert result.added == 30
    assert sqlite3.connect(old).execute("PRAGMA user_version").fetchone()[0] == MERGE_MEMORY_SINCE - 1


def test_an_older_database_gets_the_merge_memory_on_opening(departments, tmp_path):
    a, *_ = departments
    old = tmp_path / "старый.sqlite"
    shutil.copyfile(a, old)
    _as_older_file(old)
    with Store.open(old) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        assert store.count_events(QUARTER) == 30
        event = store.events(QUARTER)[0]
        store.update_event(event.id, place="после обновления")
        assert store.conn.execute("SELECT field FROM field_history WHERE uuid = ?",
                                  (event.uuid,)).fetchall() == [("place",)]
    assert schema.backup_name(old, MERGE_MEMORY_SINCE - 1).is_file()


def test_a_resolved_conflict_is_asked_again_only_when_the_file_changed_that_field_since(target, departments):
    a, _, c, events = departments
    plan = plan_merge(target, [a, c])
    apply_merge(target, plan, {plan.conflicts[0].key: OURS})
    assert plan_merge(target, [a, c]).is_empty()
    with Store.open(c) as store:
        store.update_event(store.event_by_uuid(events[4].uuid).id, name="Название от c, еще раз")
    again = plan_merge(target, [a, c])
    assert [(conflict.field, conflict.texts()) for conflict in again.conflicts] == [
        ("name", ("Название от a", "Название от c, еще раз"))]


def test_a_rejected_duplicate_is_offered_again_only_when_its_file_changed_it(target, departments, tmp_path):
    from smolevents.core.merge import DROP_INCOMING
    a, *_ = departments
    apply_merge(target, plan_merge(target, [a]))
    existing = target.events(QUARTER)[3]
    other = tmp_path / "другой отдел.sqlite"
    with Store.open(other) as store:
        section = store.section_by_title(target.section(existing.section_id).title)
        retyped = store.add_event(QUARTER, section.id, name=existing.name + ".", dates=existing.dates)
    plan = plan_merge(target, [other])
    [duplicate] = plan.duplicates
    assert apply_merge(target, plan, {duplicate.key: DROP_INCOMING}).left_out == 1
    again = plan_merge(target, [other])
    assert again.duplicates == [] and again.is_empty() and len(again.remembered) == 1
    assert again.outcome().summary() == "добавлено 0, обновлено 0, без изменений 0, не добавлено 1"
    with Store.open(other) as store:
        store.update_event(retyped.id, participants="20 человек")
    changed = plan_merge(target, [other])
    assert [d.incoming.event.uuid for d in changed.duplicates] == [retyped.uuid]
