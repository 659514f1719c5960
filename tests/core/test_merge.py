"""Merging departments' files: the plan, the coordinator's choices, one transaction."""

import contextlib
import io
import shutil
import sqlite3
import tempfile

import pytest

from smolevents.cli.main import main
from smolevents.core.dates import EventDates
from smolevents.core.errors import ConflictError, NotOurDatabaseError, UserError
from smolevents.core.merge import (DROP_INCOMING, KEEP_BOTH, OURS, THEIRS, apply_merge,
                                   format_moment, plan_merge)
from smolevents.core.report.model import SectionRow, build_report
from smolevents.core import merge
from smolevents.core.store import Store, source_reader
from tests.real_report import QUARTER, RealReport, real_report_into


def _printed(store):
    """The report as printed: section titles and each event row's six cells."""
    return [row.title if isinstance(row, SectionRow) else row.cells
            for row in build_report(store, QUARTER).rows]


def _file_with(path, report, clock=None):
    with Store.open(path) as store:
        if clock:
            store.clock = clock
        real_report_into(store, report)
    return path


@pytest.fixture
def halves(tmp_path, real_report):
    """Two departments: alternate sections of the real report; only the first writes the closing."""
    first = RealReport(real_report.title_lines, real_report.header, real_report.sections[0::2],
                       real_report.closing)
    second = RealReport(real_report.title_lines, real_report.header, real_report.sections[1::2], "")
    return (_file_with(tmp_path / "отдел 1.sqlite", first),
            _file_with(tmp_path / "отдел 2.sqlite", second))


@pytest.fixture
def target(tmp_path):
    with Store.open(tmp_path / "координатор.sqlite") as store:
        yield store


@pytest.fixture
def whole(tmp_path, real_report):
    return _file_with(tmp_path / "весь отчет.sqlite", real_report)


def _clock(stamp):
    return lambda: stamp


def test_two_halves_merge_into_the_whole_report(target, halves, real_store):
    before = [path.read_bytes() for path in halves]
    plan = plan_merge(target, halves)
    assert [len(source.new) for source in plan.sources] == [30, 17]
    result = apply_merge(target, plan)
    assert result.summary() == (
        "добавлено 47, обновлено 0, без изменений 0, не добавлено 0; заключительных абзацев заменено: 1"
    )
    assert _printed(target) == _printed(real_store)
    assert len(build_report(target, QUARTER).event_rows) == 47
    assert target.closing(QUARTER) == real_store.closing(QUARTER)
    assert [path.read_bytes() for path in halves] == before


def test_merged_events_keep_uuid_and_timestamps(target, halves):
    apply_merge(target, plan_merge(target, halves))
    with Store.open(halves[1]) as source:
        originals = source.events(QUARTER)
    for original in originals:
        merged = target.event_by_uuid(original.uuid)
        assert (merged.name, merged.created_at, merged.updated_at) == (
            original.name, original.created_at, original.updated_at)


def test_merging_the_same_files_again_adds_nothing(target, halves, real_store):
    apply_merge(target, plan_merge(target, halves))
    plan = plan_merge(target, halves)
    assert plan.is_empty() and plan.skipped == 47
    result = apply_merge(target, plan)
    assert result.summary() == "добавлено 0, обновлено 0, без изменений 47, не добавлено 0"
    assert _printed(target) == _printed(real_store)


def test_the_coordinators_own_department_file_takes_the_other_half(tmp_path, halves, real_store):
    own = tmp_path / "свой.sqlite"
    shutil.copyfile(halves[0], own)
    with Store.open(own) as store:
        apply_merge(store, plan_merge(store, [halves[1]]))
        assert _printed(store) == _printed(real_store)


def test_new_events_go_after_the_targets_own_in_their_section(target, whole):
    culture = target.section_by_title("сотрудничество в сфере КУЛЬТУРЫ")
    own = target.add_event(QUARTER, culture.id, name="Свое мероприятие координатора")
    apply_merge(target, plan_merge(target, [whole]))
    in_section = target.section_event_ids(QUARTER, culture.id)
    assert len(in_section) == 19 and in_section[0] == own.id


def test_a_section_missing_in_the_target_is_added_and_titles_match_ignoring_case(tmp_path, target):
    with Store.open(tmp_path / "туризм.sqlite") as source:
        tourism = source.add_section("Сотрудничество в сфере туризма")
        source.add_event(QUARTER, tourism.id, name="Туристический форум")
        culture = source.section_by_title("Сотрудничество в сфере культуры")
        source.rename_section(culture.id, "СОТРУДНИЧЕСТВО В СФЕРЕ КУЛЬТУРЫ")
        source.add_event(QUARTER, culture.id, name="Выставка")
    sections_before = len(target.sections())
    result = apply_merge(target, plan_merge(target, [tmp_path / "туризм.sqlite"]))
    assert result.sections_added == ("Сотрудничество в сфере туризма",)
    assert len(target.sections()) == sections_before + 1
    assert _printed(target) == [
        "Сотрудничество в сфере культуры", ("1.", "Выставка", "", "", "", ""),
        "Сотрудничество в сфере туризма", ("2.", "Туристический форум", "", "", "", ""),
    ]


def _department_copy(tmp_path, whole, name="копия отдела.sqlite"):
    copy = tmp_path / name
    shutil.copyfile(whole, copy)
    return copy


def test_a_field_changed_only_in_the_departments_copy_is_taken_without_a_question(tmp_path, whole):
    department = _department_copy(tmp_path, whole)
    with Store.open(department) as store:
        store.clock = _clock("2001-01-01T00:00:00.000000+00:00")  # even with an older clock
        changed = store.events(QUARTER)[4]
        store.update_event(changed.id, name="Новое название от отдела")
    with Store.open(whole) as target:
        ours = target.event_by_uuid(changed.uuid)
        plan = plan_merge(target, [department])
        assert plan.skipped == 46 and len(plan.updates) == 1 and plan.conflicts == []
        update = plan.updates[0]
        assert (update.ours.name, update.theirs.name) == (ours.name, "Новое название от отдела")
        assert update.taken == ("name",) and update.changed_fields == ["name"]
        result = apply_merge(target, plan)
        assert result.summary() == "добавлено 0, обновлено 1, без изменений 46, не добавлено 0"
        merged = target.event_by_uuid(changed.uuid)
        assert merged.name == "Новое название от отдела"
        assert merged.version == ours.version + 1
        assert plan_merge(target, [department]).is_empty()


def test_the_same_field_changed_on_both_sides_is_asked_and_ours_may_stay(tmp_path, whole):
    department = _department_copy(tmp_path, whole)
    with Store.open(department) as store:
        store.clock = _clock("2099-01-01T00:00:00.000000+00:00")
        changed = store.events(QUARTER)[4]
        store.update_event(changed.id, place="г. Минск")
    with Store.open(whole) as target:
        target.update_event(changed.id, place="г. Смоленск")
        ours = target.event_by_uuid(changed.uuid)
        plan = plan_merge(target, [department])
        [conflict] = plan.conflicts
        assert conflict.field == "place" and conflict.texts() == ("г. Смоленск", "г. Минск")
        assert conflict.default == THEIRS  # changed later there; shown, and the coordinator may keep ours
        result = apply_merge(target, plan, {conflict.key: OURS})
        assert result.summary() == "добавлено 0, обновлено 0, без изменений 47, не добавлено 0"
        assert target.event_by_uuid(changed.uuid).place == ours.place
        assert plan_merge(target, [department]).is_empty()  # decided: not asked again


def test_an_event_moved_in_the_department_follows_it_to_its_new_section(tmp_path, whole):
    department = _department_copy(tmp_path, whole)
    with Store.open(department) as store:
        store.clock = _clock("2001-01-01T00:00:00.000000+00:00")  # older than the target's
        moved = store.events(QUARTER)[0]
        sport = store.section_by_title("Сотрудничество в сфере спорта")
        store.move_event(moved.id, sport.id)
    with Store.open(whole) as target:
        plan = plan_merge(target, [department])
        assert plan.conflicts == [] and plan.updates[0].taken == ("section",)
        apply_merge(target, plan)
        sport_ids = target.section_event_ids(QUARTER, target.section_by_title(sport.title).id)
        assert target.event_by_uuid(moved.uuid).id == sport_ids[-1]


def test_a_file_changed_twice_is_compared_with_what_the_target_will_hold(tmp_path, whole):
    first, second, late = (_department_copy(tmp_path, whole, f"{n}.sqlite") for n in ("1", "2", "3"))
    with Store.open(first) as store:
        changed = store.update_event(store.events(QUARTER)[0].id, place="сначала")
    shutil.copyfile(first, late)  # a department that never got the later change
    shutil.copyfile(first, second)
    with Store.open(second) as store:
        store.update_event(changed.id, place="потом")
    with Store.open(whole) as target:
        plan = plan_merge(target, [first, second, late])
        assert [(u.ours.place, u.theirs.place, u.taken) for u in plan.updates] == [
            (target.event(changed.id).place, "сначала", ("place",)), ("сначала", "потом", ("place",))]
        assert plan.conflicts == [] and plan.skipped == 46 * 3 + 1  # the third still holds the older version
        apply_merge(target, plan)
        assert target.event(changed.id).place == "потом"


def test_a_likely_duplicate_is_flagged_and_kept_by_default(tmp_path, whole):
    with Store.open(whole) as target:
        existing = target.events(QUARTER)[10]
        section_title = target.section(existing.section_id).title
    other = tmp_path / "другой отдел.sqlite"
    with Store.open(other) as store:
        section = store.section_by_title(section_title)
        # The same forum typed by another clerk: other case, spacing and one letter.
        store.add_event(QUARTER, section.id, name="  " + existing.name.upper().replace("О", "O", 1),
                        dates=existing.dates, place="где-то")
        # Same section and dates, different event: not a duplicate.
        store.add_event(QUARTER, section.id, name="Совсем другое мероприятие", dates=existing.dates)
        # Same name, other dates: not a duplicate either.
        store.add_event(QUARTER, section.id, name=existing.name, dates=EventDates.parse("1 января 2023 года"))
    with Store.open(whole) as target:
        plan = plan_merge(target, [other])
        assert len(plan.duplicates) == 1
        duplicate = plan.duplicates[0]
        assert duplicate.existing.uuid == existing.uuid and duplicate.ratio >= 0.9
        assert duplicate.existing_origin == "эта база" and duplicate.default == KEEP_BOTH
        result = apply_merge(target, plan)
        assert result.summary() == "добавлено 3, обновлено 0, без изменений 0, не добавлено 0; возможных дублей: 1"
        assert target.count_events(QUARTER) == 50


def test_a_likely_duplicate_can_be_left_out(tmp_path, halves):
    with Store.open(halves[0]) as first:
        existing = first.events(QUARTER)[0]
        section_title = first.section(existing.section_id).title
    third = tmp_path / "третий отдел.sqlite"
    with Store.open(third) as store:
        store.add_event(QUARTER, store.section_by_title(section_title).id,
                        name=existing.name + ".", dates=existing.dates)
    with Store.open(tmp_path / "итог.sqlite") as target:
        plan = plan_merge(target, [halves[0], third])
        duplicate = plan.duplicates[0]
        assert duplicate.existing_origin == "отдел 1.sqlite"  # found among the first file's events
        assert plan.summary({duplicate.key: DROP_INCOMING}) == (
            "будет добавлено 30, обновлено 0, без изменений 0, не добавлено 1; возможных дублей: 1; "
            "заключительных абзацев будет заменено: 1")
        expected = plan.outcome({duplicate.key: DROP_INCOMING})
        result = apply_merge(target, plan, {duplicate.key: DROP_INCOMING})
        assert result == expected
        assert result.summary() == (
            "добавлено 30, обновлено 0, без изменений 0, не добавлено 1; возможных дублей: 1; "
            "заключительных абзацев заменено: 1"
        )
        assert target.count_events(QUARTER) == 30


def test_differing_closings_are_shown_and_the_target_keeps_its_own(tmp_path, whole, real_report):
    with Store.open(whole) as store:
        store.set_closing(QUARTER, "Заключение координатора.")
    department = _department_copy(tmp_path, whole)
    with Store.open(department) as store:
        store.set_closing(QUARTER, real_report.closing)
    with Store.open(whole) as target:
        plan = plan_merge(target, [department])
        difference = plan.closing_differences[0]
        assert (difference.ours, difference.theirs) == ("Заключение координатора.", real_report.closing)
        assert difference.default == OURS
        apply_merge(target, plan, {difference.key: THEIRS})
        assert target.closing(QUARTER) == real_report.closing
        target.set_closing(QUARTER, "Заключение координатора.")
        apply_merge(target, plan_merge(target, [department]))  # ours kept, and remembered
        assert target.closing(QUARTER) == "Заключение координатора."
        again = plan_merge(target, [department])
        assert again.closing_differences == [] and again.is_empty()


def test_planning_writes_nothing_to_the_target(tmp_path, halves):
    path = tmp_path / "итог.sqlite"
    with Store.open(path):
        pass
    before = path.read_bytes()
    with Store.open(path) as target:
        plan_merge(target, halves)
    assert path.read_bytes() == before


def test_a_change_made_after_the_preview_is_not_overwritten(target, halves):
    plan = plan_merge(target, halves)
    with Store.open(target.path) as other_window:
        other_window.add_event(QUARTER, other_window.sections()[0].id, name="Добавлено в другом окне")
    with pytest.raises(ConflictError, match="База изменилась после предпросмотра"):
        apply_merge(target, plan)
    assert target.count_events() == 1


def test_the_merge_is_one_transaction(target, halves, monkeypatch):
    from smolevents.core import merge
    plan = plan_merge(target, halves)

    insert_new = merge.insert_merged

    def fail_after_inserting(store, events, readings, *progress):
        insert_new(store, events, readings, *progress)
        assert store.count_events() == 47  # written, but not yet committed
        raise OSError("disk full")

    monkeypatch.setattr(merge, "insert_merged", fail_after_inserting)
    with pytest.raises(OSError):
        apply_merge(target, plan)
    assert target.count_events() == 0 and target.quarters() == [] and target.closing(QUARTER) == ""


def test_hostile_and_bad_sources_are_refused_before_anything_is_written(tmp_path, target, halves):
    evil = tmp_path / "evil.sqlite"
    shutil.copyfile(halves[0], evil)
    conn = sqlite3.connect(evil)
    conn.execute("UPDATE events SET name = x'DEADBEEF' WHERE id = 3")  # bytes where text belongs
    conn.commit()
    conn.close()
    with pytest.raises(NotOurDatabaseError, match="полями неверного типа или длины — 1 \\(строка 3\\)"):
        plan_merge(target, [halves[1], evil])
    with pytest.raises(UserError, match="саму с собой"):
        plan_merge(target, [target.path])
    assert target.count_events() == 0


def test_every_incoming_event_is_counted_once(tmp_path, halves):
    combined = tmp_path / "сводный.sqlite"
    with Store.open(combined) as store:
        apply_merge(store, plan_merge(store, halves))
    with Store.open(tmp_path / "итог.sqlite") as target:
        result = apply_merge(target, plan_merge(target, [halves[0], combined, halves[1]]))
        # The combined file repeats the first half; the second half repeats the combined file.
        assert (result.added, result.unchanged, result.updated, result.duplicates) == (47, 47, 0, 0)
        assert target.count_events() == 47


def test_an_unknown_decision_is_a_programming_error(target, halves):
    plan = plan_merge(target, halves)
    with pytest.raises(ValueError):
        apply_merge(target, plan, {"conflict:0:no-such": THEIRS})


def test_format_moment_reads_the_stored_stamp():
    assert format_moment("2023-06-01T10:05:00.000000") == "01.06.2023 10:05"
    assert format_moment("не дата") == "не дата"


def test_merge_command_prints_the_plan_and_dry_run_writes_nothing(tmp_path, halves, capsys):
    target_path = tmp_path / "итог.sqlite"
    assert main(["merge", str(halves[0]), str(halves[1]), "--db", str(target_path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Файл «отдел 1.sqlite»: мероприятий 30" in out
    assert "    II квартал 2023, Сотрудничество в сфере культуры: 18" in out
    assert "Пробный запуск, база не изменена." in out
    assert not target_path.exists()
    assert main(["--db", str(target_path), "merge", str(halves[0]), str(halves[1])]) == 0
    out = capsys.readouterr().out
    assert ("Объединено: добавлено 47, обновлено 0, без изменений 0, не добавлено 0; "
            "заключительных абзацев заменено: 1.") in out
    assert f"Копия базы до объединения: {tmp_path / 'итог.до-объединения.sqlite'}" in out
    with Store.open(target_path) as store:
        assert store.count_events(QUARTER) == 47


def test_merge_command_shows_both_versions_of_a_conflict_and_the_changed_words(tmp_path, whole, capsys):
    department = _department_copy(tmp_path, whole)
    with Store.open(department) as store:
        store.clock = _clock("2099-01-01T00:00:00.000000+00:00")
        events = store.events(QUARTER)
        short = next(event for event in events if len(event.name) < 60)
        store.update_event(short.id, name="Переименовано в отделе")
        long = next(event for event in events if len(event.purpose) > 200)
        store.update_event(long.id, purpose=long.purpose + " Подписано соглашение.")
    with Store.open(whole) as store:
        store.update_event(short.id, name="Переименовано координатором", place="Дом Советов")
    assert main(["merge", str(department), "--db", str(whole), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "  изменены: 2, из них с выбором: 1" in out
    assert "      Версия этой базы: изменена " in out and "; версия из «копия отдела.sqlite»: изменена 01.01.2099 " in out
    assert "    «Переименовано координатором»\n" in out
    assert ("      Наименование мероприятия: изменено по-разному в обеих версиях, нужен выбор\n"
            "        Переименовано координатором  →  Переименовано в отделе\n"
            "        по умолчанию: взять версию из «копия отдела.sqlite» (изменена позже)\n") in out
    # A long text: the added sentence is marked, not hidden behind the same beginning.
    assert "      Цель, содержание и результат: изменено только в «копия отдела.sqlite», берется\n" in out
    assert "      Место проведения: изменено только в этой базе, остается\n" in out
    assert "{+Подписано соглашение.+}" in out
    assert "Пробный запуск, база не изменена. По умолчанию: будет добавлено 0, обновлено 2, без изменений 45" in out


def test_merge_command_refuses_a_bad_file_with_one_line(tmp_path, capsys):
    bad = tmp_path / "отчет.sqlite"
    bad.write_text("не база", encoding="utf-8")
    assert main(["merge", str(bad), "--db", str(tmp_path / "итог.sqlite")]) == 1
    err = capsys.readouterr().err
    assert err == "Файл «отчет.sqlite» не является базой данных SQLite или поврежден. Выберите другой файл.\n"


def test_a_files_own_repeats_are_not_duplicates_and_a_later_twin_pairs_with_the_earliest(tmp_path):
    """The finder keeps events per file: a department's hundred rows of one day are never
    its own duplicates, and the same event in two later files points at the first file's."""
    dates = EventDates.parse("25 мая 2023 года")
    paths, first_uuid = [], None
    for name, copies in (("отдел А.sqlite", 100), ("отдел Б.sqlite", 1), ("отдел В.sqlite", 1)):
        with Store.open(tmp_path / name) as store:
            section = store.section_by_title("Сотрудничество в сфере культуры")
            for _ in range(copies):
                event = store.add_event(QUARTER, section.id, name="Фестиваль «Славянский базар»", dates=dates)
                first_uuid = first_uuid or event.uuid
        paths.append(tmp_path / name)
    with Store.open(tmp_path / "итог.sqlite") as target:
        plan = plan_merge(target, paths)
    assert [(duplicate.existing_origin, duplicate.existing.uuid, duplicate.ratio) for duplicate in plan.duplicates] \
        == [("отдел А.sqlite", first_uuid, 1.0)] * 2


def _with_bad_row(tmp_path, source, name):
    bad = tmp_path / name
    shutil.copyfile(source, bad)
    conn = sqlite3.connect(bad)
    conn.execute("UPDATE events SET name = x'DEADBEEF' WHERE id = 3")
    conn.commit()
    conn.close()
    return bad


def test_every_bad_file_is_named_wherever_it_stands_among_the_good_ones(tmp_path, target, halves):
    # The files are vetted one ahead of the reading, in a thread: the refusals keep their order.
    first = _with_bad_row(tmp_path, halves[0], "первый.sqlite")
    second = _with_bad_row(tmp_path, halves[1], "второй.sqlite")
    with pytest.raises(UserError) as refused:
        plan_merge(target, [first, halves[0], second, halves[1]])
    lines = str(refused.value).splitlines()
    assert len(lines) == 2 and "«первый.sqlite»" in lines[0] and "«второй.sqlite»" in lines[1]
    assert target.count_events() == 0


@pytest.mark.parametrize("copies", ["copy in memory", "copy on disk"])
def test_a_plan_stopped_midway_leaves_no_copy_behind(tmp_path, target, halves, copies, monkeypatch):
    from smolevents.core.store import vetting
    if copies == "copy on disk":
        monkeypatch.setattr(vetting, "MEMORY_COPY_BYTES", 0)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    opened = []
    real_open = vetting.open_source_copy

    @contextlib.contextmanager
    def counted(path, **options):
        with real_open(path, **options) as conn:
            opened.append(conn)
            yield conn

    monkeypatch.setattr(source_reader, "open_source_copy", counted)
    monkeypatch.setattr(merge, "_plan_event", lambda *args: (_ for _ in ()).throw(KeyboardInterrupt))
    with pytest.raises(KeyboardInterrupt):
        plan_merge(target, [halves[0], halves[1], halves[0]])
    assert len(opened) == 2  # the first file, being planned, and the second, vetted ahead
    for conn in opened:  # both closed
        with pytest.raises(sqlite3.ProgrammingError):
            conn.execute("SELECT 1")
    assert not [path for path in tmp_path.iterdir() if path.name.startswith("smolevents-untrusted-")]


def test_the_plan_tells_its_progress_file_by_file(tmp_path, target, halves):
    told = []
    bad = _with_bad_row(tmp_path, halves[0], "испорченный.sqlite")
    plan = plan_merge(target, [halves[0], halves[1]], progress=lambda done, total: told.append((done, total)))
    assert told == [(0, 2), (1, 2), (2, 2)] and plan.summary().startswith("будет добавлено 47")
    told.clear()
    with pytest.raises(UserError):  # a bad file: the rest are still read (to name each), and told
        plan_merge(target, [bad, halves[0], halves[1]], progress=lambda done, total: told.append((done, total)))
    assert told == [(0, 3), (1, 3), (2, 3), (3, 3)]


def test_a_plan_stopped_by_the_coordinator_writes_nothing_and_leaves_no_copy(tmp_path, target, halves, monkeypatch):
    from smolevents.core.store import vetting
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(vetting, "MEMORY_COPY_BYTES", 0)  # copies on disk: a copy left would show

    def stop_after_first(done, _total):
        if done == 1:
            raise merge.PlanStopped()

    with pytest.raises(merge.PlanStopped) as stopped:
        plan_merge(target, [halves[0], halves[1], halves[0]], progress=stop_after_first)
    assert str(stopped.value) == "Чтение файлов остановлено: база не изменена."
    assert target.count_events() == 0
    assert not [path for path in tmp_path.iterdir() if path.name.startswith("smolevents-untrusted-")]


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_a_long_merge_tells_on_the_terminal_how_far_it_has_got_and_clears_the_line(tmp_path, halves, capsys,
                                                                                     monkeypatch):
    from smolevents.cli.commands import merge as merge_command

    terminal = _Terminal()
    ticks = iter(range(0, 1000, 2))  # each look at the clock: two seconds later
    monkeypatch.setattr(merge_command.TerminalProgress, "__init__", _progress_on(terminal, lambda: next(ticks)))
    assert main(["--db", str(tmp_path / "итог.sqlite"), "merge", str(halves[0]), str(halves[1])]) == 0
    shown = terminal.getvalue()
    assert shown.split("\r")[1:] == [
        "Проверено и прочитано файлов: 0 из 2…", "Проверено и прочитано файлов: 1 из 2…",
        "Проверено и прочитано файлов: 2 из 2…", " " * 37, "",  # cleared before the plan is printed
        "Записано в базу мероприятий: 0 из 47…", "Записано в базу мероприятий: 47 из 47…", " " * 38, ""]
    assert "Объединено: добавлено 47" in capsys.readouterr().out  # the plan and the result on stdout, as before


def test_a_short_merge_or_one_not_on_a_terminal_prints_no_progress(tmp_path, halves, monkeypatch):
    from smolevents.cli.commands import merge as merge_command

    quick, into_a_file = _Terminal(), io.StringIO()  # a merge within a second; a redirected stderr
    for stream, clock in ((quick, lambda: 0.0), (into_a_file, iter(range(0, 1000, 2)).__next__)):
        monkeypatch.setattr(merge_command.TerminalProgress, "__init__", _progress_on(stream, clock))
        target = tmp_path / f"итог-{id(stream)}.sqlite"
        assert main(["--db", str(target), "merge", str(halves[0]), str(halves[1])]) == 0
        assert stream.getvalue() == ""


def _progress_on(stream, clock):
    from smolevents.cli.commands.merge import TerminalProgress

    real_init = TerminalProgress.__init__

    def init(self, *_args, **_options):
        real_init(self, stream, clock)

    return init


def test_the_write_tells_how_many_new_events_are_written_a_part_at_a_time(tmp_path, monkeypatch):
    from smolevents.core.store import merge_writes

    monkeypatch.setattr(merge_writes, "_PART", 20)
    told = []
    department = tmp_path / "отдел.sqlite"
    with Store.open(department) as store:
        section = store.section_by_title("Сотрудничество в сфере культуры")
        for number in range(45):
            store.add_event(QUARTER, section.id, name=f"Концерт № {number + 1}")
    with Store.open(tmp_path / "итог.sqlite") as target:
        result = apply_merge(target, plan_merge(target, [department]),
                             progress=lambda done, total: told.append((done, total)))
        assert told == [(0, 45), (20, 45), (40, 45), (45, 45)]
        assert result.summary().startswith("добавлено 45") and target.count_events(QUARTER) == 45
