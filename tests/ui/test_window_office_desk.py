"""The eleven points seen at a real office desk (issue 12), each as the clerk meets it."""


from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel

from smolevents.core.domain import Quarter
from smolevents.core.report.closing_draft import draft_closing
from smolevents.core.report.model import build_report
from smolevents.core.store import Store
from smolevents.ui import screen_fit
from smolevents.ui.app import create_application, open_at_start
from smolevents.ui.delegates import CellDateEditor
from smolevents.ui.main_window import MainWindow
from tests.real_report import QUARTER
from tests.ui.conftest import type_text


def _row_in_view(view, row: int) -> bool:
    top = view.rowViewportPosition(row)
    return top >= 0 and top + view.rowHeight(row) <= view.viewport().height()


def test_1_remembered_geometry_from_a_larger_screen_is_not_used_where_it_does_not_fit(qtbot, store):
    first = MainWindow(store, None, quarter=QUARTER)
    qtbot.addWidget(first)
    first.resize(2400, 1500)
    first.close()
    second = MainWindow(store, None, quarter=QUARTER)
    qtbot.addWidget(second)
    area = screen_fit.available_rect(second)
    assert second.width() <= area.width() and second.height() <= area.height()
    assert screen_fit.fits_screen(second)


def test_3_pgdn_and_ctrl_end_keep_the_selected_row_in_view(window, qtbot):
    view = window.table_view
    view.setFocus()
    for _ in range(6):
        qtbot.keyClick(view, Qt.Key.Key_PageDown)
        assert _row_in_view(view, view.current_row())
    qtbot.keyClick(view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    last = window.model.rowCount() - 1
    assert view.current_row() == last and window.form.heading.text() == "Мероприятие № 47"
    assert _row_in_view(view, last)
    qtbot.keyClick(view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    assert _row_in_view(view, view.current_row())
    for _ in range(5):
        qtbot.keyClick(view, Qt.Key.Key_Down)
        assert _row_in_view(view, view.current_row())


def test_4_a_date_typed_without_a_year_in_the_form_takes_the_quarters(make_window, store, qtbot):
    quarter = Quarter(2023, 3)
    section = store.sections()[0]
    event = store.add_event(quarter, section.id, name="Фестиваль", place="г. Смоленск",
                            purpose="Обмен опытом", participants="20 человек")
    window = make_window(store, quarter)
    window.select_event(event.id)
    dates = window.form.editors["dates"]
    dates.text_choice.setChecked(True)
    dates.text_edit.setFocus()
    dates.text_edit.clear()
    type_text(dates.text_edit, "14-17 августа")
    assert dates.preview_text() == "В отчете: 14-17 августа 2023 года"
    window.commit_all_pending()
    assert store.event(event.id).dates.to_storage() == ("2023-08-14", "2023-08-17", "")
    assert "dates" not in window.form.problems_shown()


def test_5_esc_in_the_form_goes_back_to_the_table_and_ctrl_z_undoes_the_new_event(window, qtbot):
    window.actions["new"].trigger()
    assert window.model.event_count() == 48
    name = window.form.editors["name"]
    assert name.hasFocus()
    qtbot.keyClick(name, Qt.Key.Key_Escape)
    assert window.table_view.hasFocus()
    qtbot.keyClick(window.table_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.model.event_count() == 47


def test_ctrl_z_in_a_field_with_nothing_to_undo_undoes_the_last_action(window, qtbot):
    window.actions["new"].trigger()
    name = window.form.editors["name"]
    assert name.hasFocus() and not name.document().isUndoAvailable()
    qtbot.keyClick(name, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.model.event_count() == 47
    # A field with typing of its own undoes that first.
    place = window.form.editors["place"]
    window.select_event(window.current_event_id())
    place.setFocus()
    before = window.store.event(window.current_event_id()).place
    type_text(place, "!")
    qtbot.keyClick(place, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert place.toPlainText() == before and window.model.event_count() == 47


def test_6_the_search_count_stays_true_after_a_quarter_switch(make_window, real_store):
    other = Quarter(2023, 3)
    section = real_store.sections()[1]
    real_store.add_event(other, section.id, name="Визит делегации Витебской области", place="г. Смоленск",
                         purpose="Переговоры", participants="5 человек")
    window = make_window(real_store, other)
    window.search_field.setText("витебск")
    assert window.statusBar().currentMessage() == "Найдено мероприятий: 1"
    window.show_quarter(QUARTER)
    expected = len(real_store.event_ids(QUARTER, "витебск"))
    assert expected > 1 and window.model.event_count() == expected
    assert window.statusBar().currentMessage() == f"Найдено мероприятий: {expected}"


def test_7_the_closing_paragraph_says_under_itself_why_it_warns(window, qtbot):
    editor = window.closing_editor
    editor.replace_text(draft_closing(window.store, QUARTER))
    window.refresh_summary()
    assert editor.problem_text() == ""
    window.actions["new"].trigger()
    assert "указано 47 мероприятий, а в отчете 48 мероприятий" in editor.problem_text()
    assert window.quarter_bar.warnings_button.text() == "Предупреждений: 8"
    editor.text_edit.setPlainText("")
    assert "Не заполнен заключительный абзац" in editor.problem_text()


def test_8_the_print_preview_fits_the_available_screen(window, qtbot):
    from smolevents.ui.print_report import show_print_preview
    dialog = show_print_preview(window, build_report(window.store, QUARTER))
    qtbot.addWidget(dialog)
    area = screen_fit.available_rect(dialog)
    assert dialog.width() <= area.width() and dialog.height() <= area.height()
    assert area.contains(dialog.frameGeometry())
    dialog.close()


def test_9_a_refused_database_at_start_offers_another_file_a_new_one_or_quit(dialogs, tmp_path):
    damaged = tmp_path / "events.sqlite"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    dialogs.answer("ask_choice", None)
    assert open_at_start(damaged) is None  # "Выйти"
    assert dialogs.keywords[-1]["cancel"] == "Выйти"

    good = tmp_path / "other.sqlite"
    Store.open(good).close()
    dialogs.answer("ask_choice", "open")
    dialogs.answer("open_file_name", good)
    store, path = open_at_start(damaged)
    assert path == good
    store.close()

    dialogs.answer("ask_choice", "new")
    store, path = open_at_start(damaged)
    store.close()
    assert path == damaged and Store.open(damaged).count_events() == 0
    kept = [each for each in tmp_path.iterdir() if "не открылась" in each.name]
    assert len(kept) == 1 and kept[0].read_bytes().endswith(b"\xff" * 100)  # kept, not deleted
    assert str(kept[0]) in dialogs.texts("show_info")[-1]


def test_10_standard_file_dialogs_speak_russian(qtbot):
    create_application()
    dialog = QFileDialog(None, "Открыть базу")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dialog)
    texts = {label.text() for label in dialog.findChildren(QLabel)}
    assert not [text for text in texts if any("a" <= char.lower() <= "z" for char in text)]
    assert {"&Перейти к:", "&Типы файлов:", "&Имя файла:"} <= texts


def test_11_the_date_editor_in_a_cell_is_framed_and_stays_inside_the_table(window, qtbot):
    view = window.table_view
    row = window.model.row_of_event(window.store.events(QUARTER)[-1].id)
    window.table_view.select_row(row, 3)
    view.edit(window.model.index(row, 3))
    editor = view.indexWidget(view.currentIndex())
    assert isinstance(editor, CellDateEditor)
    qtbot.waitUntil(editor.isVisible)
    assert view.viewport().rect().contains(editor.geometry())
    assert editor.height() <= editor.sizeHint().height()
    image = editor.grab().toImage()
    frame = editor.palette().color(editor.palette().ColorRole.Dark)
    assert image.pixelColor(1, editor.height() // 2).rgb() == frame.rgb()
    assert image.pixelColor(editor.width() // 2, 1).rgb() == frame.rgb()
    view.commit_open_editor()


def test_the_form_folds_away_beside_the_table_and_comes_back_for_a_new_event(window, qtbot):
    view = window.table_view
    before = view.viewport().width()
    qtbot.keyClick(view, Qt.Key.Key_F4)
    assert window.main_splitter.sizes()[1] == 0 and not window.actions["show_form"].isChecked()
    qtbot.waitUntil(lambda: view.viewport().width() > before)
    qtbot.waitUntil(lambda: sum(view.columnWidth(c) for c in range(6)) > before)  # the columns re-fit
    assert not view.horizontalScrollBar().isVisible()
    window.actions["new"].trigger()
    assert window.main_splitter.sizes()[1] > 0 and window.actions["show_form"].isChecked()
    assert window.form.editors["name"].hasFocus()
