"""Two copies of the program on one file, refusals shown as messages, the Файл menu."""

from smolevents.core.domain import Quarter
from smolevents.core.store import Store
from smolevents.ui.plain_text import text_of
from tests.hostile_sqlite import edit
from tests.real_report import QUARTER, real_report_into
from tests.ui.conftest import type_text


def file_window(make_window, db_path, real_report):
    with Store.open(db_path) as setup:
        real_report_into(setup, real_report)
    store = Store.open(db_path)
    window = make_window(store, QUARTER, db_path)
    return window


def test_title_and_status_bar_name_the_database(make_window, db_path, real_report):
    window = file_window(make_window, db_path, real_report)
    assert window.windowTitle() == "events.sqlite — Международные мероприятия"
    assert str(db_path) in window.database_label.text()
    window.store.close()


def test_an_edit_over_another_programs_change_is_refused_and_the_fresh_version_shown(
        make_window, db_path, real_report, dialogs):
    window = file_window(make_window, db_path, real_report)
    event_id = window.current_event_id()
    with Store.open(db_path) as other:  # the second copy of the program
        other.update_event(event_id, participants="Изменено в другой копии")

    editor = window.form.editors["participants"]
    editor.selectAll()
    type_text(editor, "Моя правка")
    window.form.commit_pending()

    assert dialogs.texts() == [
        "Это мероприятие уже изменено в другом окне или другой копией программы. "
        "Показана свежая версия; внесите правку еще раз."]
    assert window.store.event(event_id).participants == "Изменено в другой копии"
    assert text_of(editor) == "Изменено в другой копии"
    assert not window.editing.stack.canUndo()  # a refused change leaves nothing to undo
    window.store.close()


def test_another_programs_change_shows_after_the_poll(make_window, db_path, real_report):
    window = file_window(make_window, db_path, real_report)
    event_id = window.store.event_ids(QUARTER)[5]
    assert not window.poll_for_changes()
    with Store.open(db_path) as other:
        other.update_event(event_id, name="Новое название из другой копии")
        other.add_event(QUARTER, other.sections()[0].id, name="Добавлено другой копией")
    assert window.poll_for_changes()
    model = window.model
    assert model.data(model.index(model.row_of_event(event_id), 1)) == "Новое название из другой копии"
    assert model.event_count() == 48
    assert window.quarter_bar.events_label.text() == "Мероприятий: 48"
    window.store.close()


def test_undo_over_another_programs_change_is_refused_with_a_message(make_window, db_path, real_report, dialogs):
    window = file_window(make_window, db_path, real_report)
    event_id = window.current_event_id()
    window.editing.set_field(event_id, "name", "Мое название")
    with Store.open(db_path) as other:
        other.update_event(event_id, name="Их название")
    window.undo()
    assert window.store.event(event_id).name == "Их название"
    assert "уже изменены в другом окне" in dialogs.texts()[-1]
    assert not window.editing.stack.canUndo() and not window.editing.stack.canRedo()
    window.store.close()


def test_new_database_refuses_an_existing_file_by_name(window, dialogs, tmp_path):
    taken = tmp_path / "Мероприятия.sqlite"
    Store.open(taken).close()
    dialogs.answer("save_file_name", taken)
    window.actions["new_db"].trigger()
    assert dialogs.texts()[0].startswith("Файл «Мероприятия.sqlite» уже есть.")


def test_new_database_switches_the_window_to_it(window, dialogs, tmp_path):
    target = tmp_path / "Новая"
    dialogs.answer("save_file_name", target)
    window.actions["new_db"].trigger()
    assert window.db_path == tmp_path / "Новая.sqlite" and window.db_path.is_file()
    assert window.model.event_count() == 0
    assert window.windowTitle().startswith("Новая.sqlite")
    window.store.close()


def test_open_refuses_a_file_that_is_not_ours_and_keeps_the_current_one(window, dialogs, tmp_path):
    stranger = edit(tmp_path / "чужая.sqlite", "CREATE TABLE t (x)")
    before = stranger.read_bytes()
    dialogs.answer("open_file_name", stranger)
    window.actions["open_db"].trigger()
    assert len(dialogs.texts()) == 1 and "smolevents" in dialogs.texts()[0]
    assert window.model.event_count() == 47  # still the database it had
    assert stranger.read_bytes() == before


def test_open_another_database(window, dialogs, db_path, real_report):
    with Store.open(db_path) as other:
        other.add_event(Quarter(2024, 1), other.sections()[1].id, name="Ярмарка")
    dialogs.answer("open_file_name", db_path)
    window.actions["open_db"].trigger()
    assert window.db_path == db_path
    assert window.quarter == Quarter(2024, 1) and window.model.event_count() == 1
    window.store.close()


def test_copy_for_sending_is_a_working_database(window, dialogs, tmp_path):
    target = tmp_path / "для отправки.sqlite"
    dialogs.answer("save_file_name", target)
    window.actions["copy"].trigger()
    assert dialogs.texts("show_info")[0].startswith("Копия для отправки сохранена")
    with Store.open(target, create=False) as copy:
        assert copy.count_events(QUARTER) == 47


def test_merge_with_a_departments_file_shows_its_events(window, dialogs, db_path):
    from smolevents.ui.merge_dialog import MergeDialog
    with Store.open(db_path) as department:
        section = department.section_by_title(window.store.sections()[4].title)
        department.add_event(QUARTER, section.id, name="Благотворительная акция отдела")
    dialogs.answer("open_file_names", [db_path])
    window.actions["merge"].trigger()
    merge = window.findChild(MergeDialog)
    assert merge is not None and merge.isVisible()  # opened without blocking
    merge.apply_button.click()
    assert window.model.event_count() == 48
    assert window.select_event(window.store.event_ids(QUARTER, "благотворительная акция отдела")[0])
    from smolevents.ui.merge_summary import summary_of
    assert summary_of(window).isVisible()


def test_window_remembers_its_column_widths_as_shares_of_the_table(make_window, store, qtbot):
    first = make_window(store, QUARTER)
    view = first.table_view
    default = view.columnWidth(2)
    view.setColumnWidth(2, default + 150)  # the clerk widens "Место проведения"
    view.fit_columns()
    widened = view.columnWidth(2) / view.viewport().width()
    first.close()
    second = make_window(store, QUARTER)
    view = second.table_view
    qtbot.waitUntil(lambda: abs(view.columnWidth(2) / view.viewport().width() - widened) < 0.01, timeout=2000)
    assert view.columnWidth(2) > default
