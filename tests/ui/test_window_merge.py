"""The merge in the window: the merged quarter and a summary that stays, one undo step,
the same file guards as the command line, sensible start folders (issue 17)."""

import shutil

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QKeySequence

from smolevents.core.domain import Quarter
from smolevents.core.store import Store
from smolevents.ui.merge_dialog import MergeDialog
from smolevents.ui.merge_summary import summary_of
from tests.real_report import QUARTER, RealReport, real_report_into

EMPTY_QUARTER = Quarter(2026, 4)


@pytest.fixture
def department(tmp_path, real_report):
    path = tmp_path / "отделы" / "a.sqlite"
    path.parent.mkdir()
    with Store.open(path) as store:
        real_report_into(store, RealReport(real_report.title_lines, real_report.header,
                                           real_report.sections[0::2], real_report.closing))
    return path


@pytest.fixture
def empty_window(make_window, db_path):
    store = Store.open(db_path)
    window = make_window(store, EMPTY_QUARTER, db_path)
    yield window
    window.store.close()


def _merge(window, dialogs, paths):
    dialogs.answer("open_file_names", paths)
    window.actions["merge"].trigger()
    dialog = window.findChild(MergeDialog)
    dialog.apply_button.click()
    return dialog


def test_the_merge_action_is_named_for_several_files_and_has_a_shortcut(empty_window):
    action = empty_window.actions["merge"]
    assert action.text() == "Объединить с файлами…"
    assert action.shortcut() == QKeySequence("Ctrl+M")


def test_after_a_merge_the_window_shows_the_merged_quarter_and_a_summary_that_stays(
        empty_window, dialogs, department, qtbot):
    window = empty_window
    assert window.quarter == EMPTY_QUARTER and window.model.event_count() == 0
    _merge(window, dialogs, [department])
    assert window.quarter == QUARTER and window.model.event_count() == 30
    summary = summary_of(window)
    assert summary.isVisible()
    text = summary.browser.toPlainText()
    assert text.startswith("Объединено: добавлено 30, обновлено 0, без изменений 0, не добавлено 0; "
                           "заключительных абзацев заменено: 1.")
    assert "II квартал 2023 · Сотрудничество в сфере культуры: добавлено 18, обновлено 0, не добавлено 0" in text
    assert f"Копия базы до объединения: {window.db_path.with_name('events.до-объединения.sqlite')}" in text
    # Sections in the report's order.
    listed = [section.title for section in window.store.sections() if f"II квартал 2023 · {section.title}:" in text]
    assert len(listed) == 4
    assert [text.index(f"· {title}:") for title in listed] == sorted(text.index(f"· {title}:") for title in listed)
    # A link goes to its row, in its quarter.
    target = window.store.events(QUARTER)[7]
    window.show_quarter(EMPTY_QUARTER)
    summary.browser.anchorClicked.emit(QUrl(f"event:{target.uuid}"))
    assert window.quarter == QUARTER and window.current_event_id() == target.id
    qtbot.wait(50)
    assert summary.isVisible()  # still there until the coordinator closes it


def test_a_merge_is_one_undo_step_and_can_be_redone(empty_window, dialogs, department):
    window = empty_window
    _merge(window, dialogs, [department])
    assert window.actions["undo"].isEnabled()
    assert window.actions["undo"].text() == "Отменить: объединение с файлами"
    window.actions["undo"].trigger()
    assert window.store.count_events() == 0 and window.store.quarters() == []
    assert window.model.event_count() == 0 and not summary_of(window).isVisible()
    window.actions["redo"].trigger()
    assert window.store.count_events(QUARTER) == 30 and window.quarter == QUARTER
    assert summary_of(window).isVisible()
    # An edit after the merge is undone first, then the merge.
    event_id = window.store.events(QUARTER)[0].id
    window.editing.set_field(event_id, "place", "правка после объединения")
    window.actions["undo"].trigger()
    window.actions["undo"].trigger()
    assert window.store.count_events() == 0
    assert dialogs.texts() == []


def test_undo_of_a_merge_never_overwrites_another_programs_later_change(empty_window, dialogs, department):
    window = empty_window
    _merge(window, dialogs, [department])
    with Store.open(window.db_path) as other:
        other.update_event(other.events(QUARTER)[0].id, place="из другой копии программы")
    window.actions["undo"].trigger()
    assert len(dialogs.texts()) == 1 and dialogs.texts()[0].startswith("Отменить объединение нельзя")
    assert window.store.count_events(QUARTER) == 30
    assert window.store.events(QUARTER)[0].place == "из другой копии программы"


def test_the_merge_dialog_starts_beside_the_database(empty_window, dialogs):
    dialogs.answer("open_file_names", [])
    empty_window.actions["merge"].trigger()
    name, args = dialogs.asked[-1]
    assert name == "open_file_names" and args[2] == empty_window.db_path.parent


def test_a_copy_for_sending_never_replaces_a_word_file(empty_window, dialogs, tmp_path):
    report = tmp_path / "Отчет_II_квартал_2023.docx"
    report.write_bytes(b"PK\x03\x04 a Word document")
    dialogs.answer("save_file_name", report)
    empty_window.actions["copy"].trigger()
    assert dialogs.texts() == ["Файл «Отчет_II_квартал_2023.docx» уже есть и это не база smolevents: копия не "
                               "записана поверх него. Укажите другое имя, например копия.sqlite."]
    assert report.read_bytes() == b"PK\x03\x04 a Word document"


def test_a_copy_for_sending_may_replace_an_earlier_copy(empty_window, dialogs, tmp_path):
    earlier = tmp_path / "копия.sqlite"
    shutil.copyfile(empty_window.db_path, earlier)
    dialogs.answer("save_file_name", earlier)
    empty_window.actions["copy"].trigger()
    assert dialogs.texts() == [] and dialogs.texts("show_info")[0].startswith("Копия для отправки сохранена")


def test_the_copy_dialog_proposes_a_folder_that_exists(empty_window, dialogs):
    dialogs.answer("save_file_name", None)
    empty_window.actions["copy"].trigger()
    proposed = dialogs.asked[-1][1][2]
    assert proposed.parent.is_dir() and proposed.name == "events (копия для отправки).sqlite"


def test_opening_another_database_closes_the_summary(empty_window, dialogs, department):
    _merge(empty_window, dialogs, [department])
    assert summary_of(empty_window).isVisible()
    dialogs.answer("open_file_name", department)
    empty_window.actions["open_db"].trigger()
    assert not summary_of(empty_window).isVisible()


def test_the_summary_of_a_big_merge_lists_some_rows_of_each_section_and_counts_them_all(
        empty_window, dialogs, department, monkeypatch):
    from smolevents.ui import merge_summary

    monkeypatch.setattr(merge_summary, "LISTED_EACH", 5)
    _merge(empty_window, dialogs, [department])
    sections = summary_of(empty_window).browser.toPlainText().split("II квартал 2023 · ")[1:]
    culture = next(section for section in sections if section.startswith("Сотрудничество в сфере культуры"))
    assert "добавлено 18, обновлено 0, не добавлено 0" in culture  # the counts stay whole
    assert culture.count("добавлено: ") == 5
    assert "… и еще 13 добавленных мероприятий в этом разделе (все они в таблице квартала)" in culture
    small = next(section for section in sections if section.count("добавлено: ") < 5)
    assert "… и еще" not in small  # a section within the limit is listed whole


@pytest.mark.parametrize("more, words", [(1, "добавленное мероприятие"), (3, "добавленных мероприятия"),
                                         (12, "добавленных мероприятий"), (21, "добавленное мероприятие")])
def test_the_rows_past_the_list_are_counted_in_russian(more, words, monkeypatch):
    from smolevents.ui import merge_summary

    monkeypatch.setattr(merge_summary, "LISTED_EACH", 2)
    assert merge_summary._more([None] * (2 + more), "добавленное") == \
        f"<li><i>… и еще {more} {words} в этом разделе (все они в таблице квартала)</i></li>"
    assert merge_summary._more([None] * 2, "добавленное") == ""
