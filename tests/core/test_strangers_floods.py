"""Floods and the smaller points (issue 11, items 6 and 7): work grows linearly with the
input, and the small ways a file or a name could go wrong are each fixed."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from smolevents.cli.main import main
from smolevents.core import merge as merge_module
from smolevents.core import safe_write
from smolevents.core.dates import EventDates
from smolevents.core.domain import Event, Quarter
from smolevents.core.merge import plan_merge
from smolevents.core.report.docx_reader import import_report, read_report_docx
from smolevents.core.store import Store
from tests.minimal_docx import event, write_docx
from tests.real_report import REPORT_DOCX

QUARTER = Quarter(2023, 2)


# --- 6. floods --------------------------------------------------------------------------------


def test_a_document_of_3000_sections_imports_reading_the_catalogue_a_few_times(tmp_path, monkeypatch):
    path = write_docx(tmp_path / "разделы.docx",
                      [(f"Раздел номер {number}", [event(f"Мероприятие {number}")]) for number in range(3000)])
    imported = read_report_docx(path)
    reads = []
    real_sections = Store.sections
    monkeypatch.setattr(Store, "sections", lambda self: reads.append(1) or real_sections(self))
    started = time.perf_counter()
    with Store.open(tmp_path / "база.sqlite") as store:
        result = import_report(store, imported)
        assert result.added == 3000 and len(store.sections()) == 3000 + 8
    elapsed = time.perf_counter() - started
    assert len(reads) <= 4, f"the catalogue was read {len(reads)} times"
    assert elapsed < 30, f"{elapsed:.1f} s"  # quadratic, it took minutes; linear, about 2 s


def _department(path: Path, names: list[str]) -> Path:
    with Store.open(path) as store:
        section = store.sections()[0].id
        dates = EventDates.parse("25 мая 2023 года")
        store.insert_events([Event(None, "", QUARTER, section, 0, name=name, place="г. Смоленск",
                                   dates=dates, purpose="Переговоры", participants="5 человек")
                             for name in names])
    return path


@pytest.fixture(scope="module")
def near_identical_departments(tmp_path_factory):
    folder = tmp_path_factory.mktemp("отделы")
    first = [f"Встреча с делегацией провинции номер {number}" for number in range(3000)]
    second = [f"Встреча с делегацией провинции № {number}" for number in range(3000)]
    return _department(folder / "отдел 1.sqlite", first), _department(folder / "отдел 2.sqlite", second)


def test_thousands_of_near_identical_events_merge_within_the_time_budget(tmp_path, near_identical_departments,
                                                                         monkeypatch):
    monkeypatch.setattr(merge_module, "DUPLICATE_SECONDS", 2.0)
    with Store.open(tmp_path / "координатор.sqlite") as target:
        started = time.perf_counter()
        plan = plan_merge(target, list(near_identical_departments))
        elapsed = time.perf_counter() - started
    assert len(plan.new) == 6000  # nothing dropped, whatever the duplicate search found
    assert elapsed < 40, f"{elapsed:.1f} s"  # a difflib comparison per pair took over 15 minutes


def test_identical_names_are_found_as_duplicates_through_the_index(tmp_path, monkeypatch):
    names = [f"Совещание рабочей группы {number}" for number in range(2000)]
    first = _department(tmp_path / "отдел 1.sqlite", names)
    second = _department(tmp_path / "отдел 2.sqlite", names)
    monkeypatch.setattr(merge_module, "DUPLICATE_SECONDS", 0.0)  # no fuzzy search at all
    with Store.open(tmp_path / "координатор.sqlite") as target:
        plan = plan_merge(target, [first, second])
    assert len(plan.duplicates) == 2000
    assert {round(duplicate.ratio, 3) for duplicate in plan.duplicates} == {1.0}


# --- 7. the smaller points ----------------------------------------------------------------------


def test_two_first_imports_into_a_file_that_does_not_exist_yet_both_succeed(tmp_path, capsys):
    for round_number in range(12):
        database = tmp_path / f"новая {round_number}.sqlite"
        barrier = threading.Barrier(2)
        codes = []

        def run():
            barrier.wait()
            codes.append(main(["import-docx", str(REPORT_DOCX), "--db", str(database)]))

        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        err = capsys.readouterr().err
        assert codes == [0, 0], err
        with Store.open(database) as store:
            assert store.count_events() == 47


def test_an_empty_file_nobody_fills_is_still_refused(tmp_path, monkeypatch):
    monkeypatch.setattr("smolevents.core.store.database.NEW_FILE_WAIT_SECONDS", 0.2)
    path = tmp_path / "пустой.sqlite"
    path.write_bytes(b"")
    with pytest.raises(Exception, match="пуст"):
        Store.open(path)
    assert path.read_bytes() == b""


@pytest.mark.parametrize("text", ["25 мая 0999 года", "25.05.0999"])
def test_a_date_in_year_999_stays_as_written_and_a_reimport_adds_nothing(tmp_path, text):
    path = write_docx(tmp_path / "999.docx", [("Сотрудничество в сфере культуры", [event("Старинная ярмарка", dates=text)])])
    with Store.open(tmp_path / "база.sqlite") as store:
        first = import_report(store, read_report_docx(path))
        [stored] = store.events(QUARTER)
        assert not stored.dates.understood and stored.dates.format() == text
        again = import_report(store, read_report_docx(path))
        assert (first.added, again.added, again.already) == (1, 0, 1)


def test_an_output_name_of_250_bytes_is_written(tmp_path, capsys):
    database = tmp_path / "база.sqlite"
    assert main(["import-docx", str(REPORT_DOCX), "--db", str(database)]) == 0
    name = "О" * 122 + ".docx"  # 244 + 5 = 249 bytes in UTF-8, under the 255 the file system allows
    assert len(name.encode()) >= 249
    assert main(["export", "--year", "2023", "--quarter", "2", "--db", str(database),
                 "-o", str(tmp_path / name)]) == 0
    assert (tmp_path / name).stat().st_size > 10_000
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []


def test_a_temporary_file_left_by_a_killed_export_is_removed_by_the_next(tmp_path):
    target = tmp_path / "Отчет_II_квартал_2023.docx"
    old = tmp_path / ".Отчет_II_квартал_2023-0a1b2c3d.tmp"
    fresh = tmp_path / ".Отчет_II_квартал_2023-4e5f6a7b.tmp"
    other = tmp_path / ".Другой-0a1b2c3d.tmp"
    for leftover in (old, fresh, other):
        leftover.write_bytes(b"PK half a report")
    hour_ago = time.time() - 3600
    os.utime(old, (hour_ago, hour_ago))
    os.utime(other, (hour_ago, hour_ago))
    safe_write.write_atomically(target, lambda temporary: temporary.write_bytes(b"the report"))
    assert target.read_bytes() == b"the report"
    assert not old.exists()
    assert fresh.exists()  # may be another export writing this moment
    assert other.exists()  # not this target's


def test_the_temporary_file_is_hidden_on_windows(tmp_path, monkeypatch):
    hidden = []
    monkeypatch.setattr(safe_write, "hide", hidden.append)
    safe_write.write_atomically(tmp_path / "отчет.docx", lambda temporary: temporary.write_bytes(b"x"))
    assert len(hidden) == 1 and hidden[0].name.startswith(".отчет-")
