"""Отчет menu: export to Word (found again in the DOCX), import from Word, PDF."""

import shutil

import docx

from smolevents.core.dates import EventDates
from smolevents.core.domain import Quarter
from smolevents.ui.report_actions import documents_dir
from tests.real_report import QUARTER, REPORT_DOCX, squash
from tests.ui.conftest import type_text


def docx_texts(path):
    document = docx.Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return cells, [paragraph.text for paragraph in document.paragraphs]


def test_export_proposes_the_report_name_in_documents_and_writes_the_edit(window, dialogs, tmp_path):
    event_id = window.current_event_id()
    editor = window.form.editors["name"]
    editor.selectAll()
    type_text(editor, "Форум «Смоленщина – Беларусь»")  # typed, not yet saved: export saves it first
    target = tmp_path / "Отчет"
    dialogs.answer("save_file_name", target)
    dialogs.answer("ask_yes_no", True)  # open it
    dialogs.answer("open_externally", True)

    window.actions["export"].trigger()

    proposed = dialogs.asked[0][1][2]
    assert proposed == documents_dir() / "Отчет_II_квартал_2023.docx"
    written = tmp_path / "Отчет.docx"
    assert dialogs.asked[-1] == ("open_externally", (written,))
    cells, _ = docx_texts(written)
    assert "Форум «Смоленщина – Беларусь»" in cells
    assert window.store.event(event_id).name == "Форум «Смоленщина – Беларусь»"
    assert sum(text in ("1.", "47.") for text in cells) >= 2


def make_quarter_with_an_error(store):
    quarter = Quarter(2024, 2)
    section = store.sections()[2].id
    store.add_event(quarter, section, name="Выставка", place="г. Смоленск", purpose="Показ",
                    participants="30 человек", dates=EventDates.parse("5 мая 2024 года"))
    lacking = store.add_event(quarter, section, name="Концерт без места", purpose="Концерт",
                              participants="100 человек", dates=EventDates.parse("9 мая 2024 года"))
    store.set_closing(quarter, "В II квартале 2024 года проведено 2 мероприятия.")
    return quarter, lacking


def test_export_with_errors_offers_to_go_to_the_event(make_window, store, dialogs, tmp_path):
    quarter, lacking = make_quarter_with_an_error(store)
    window = make_window(store, quarter)
    dialogs.answer("ask_choice", "goto")
    window.actions["export"].trigger()
    text, choices = dialogs.asked[0][1][1], dialogs.asked[0][1][2]
    assert text == "В отчете есть ошибки: 1. Их лучше исправить до выгрузки."
    assert [label for _, label in choices] == ["Перейти к мероприятию", "Все равно выгрузить"]
    assert dialogs.keywords[0]["details"] == "Ошибки (1):\n№ 2: Не заполнено поле «Место проведения»."
    assert window.current_event_id() == lacking.id
    assert window.focusWidget() is window.form.editors["place"]  # ready to type the missing place
    assert list(tmp_path.iterdir()) == []


def test_export_anyway_writes_the_file(make_window, store, dialogs, tmp_path):
    quarter, _ = make_quarter_with_an_error(store)
    window = make_window(store, quarter)
    dialogs.answer("ask_choice", "go on")
    dialogs.answer("save_file_name", tmp_path / "отчет.docx")
    dialogs.answer("ask_yes_no", False)
    window.actions["export"].trigger()
    cells, paragraphs = docx_texts(tmp_path / "отчет.docx")
    assert "Концерт без места" in cells
    assert any("проведено 2 мероприятия" in text for text in cells + paragraphs)


def test_export_into_a_missing_folder_is_a_plain_message(window, dialogs, tmp_path):
    dialogs.answer("save_file_name", tmp_path / "нет такой папки" / "отчет.docx")
    window.actions["export"].trigger()
    assert dialogs.texts() == [f"Папка «{tmp_path / 'нет такой папки'}» не найдена. Выберите другую папку."]


def test_import_from_word_fills_an_empty_database(make_window, store, dialogs, tmp_path, real_report):
    copy = tmp_path / "отчет.docx"
    shutil.copy(REPORT_DOCX, copy)
    window = make_window(store, Quarter(2024, 1))
    dialogs.answer("open_file_name", copy)
    dialogs.answer("ask_yes_no", True)
    window.actions["import"].trigger()
    assert "будет добавлено 47" in dialogs.asked[1][1][1]
    assert window.quarter == QUARTER
    assert window.model.event_count() == 47
    first_name = real_report.sections[0][1][0]["name"]
    assert squash(window.model.data(window.model.index(1, 1))) == squash(first_name)
    assert "добавлено 47" in dialogs.texts("show_info")[0]


def test_save_pdf_of_the_quarter(make_window, store, dialogs, tmp_path):
    quarter, _ = make_quarter_with_an_error(store)
    window = make_window(store, quarter)
    dialogs.answer("ask_choice", "go on")
    dialogs.answer("save_file_name", tmp_path / "отчет")
    window.actions["pdf"].trigger()
    assert dialogs.asked[0][0] == "ask_choice"  # the same check as before Word
    assert dialogs.asked[1][1][2].name == "Отчет_II_квартал_2024.pdf"
    assert (tmp_path / "отчет.pdf").read_bytes().startswith(b"%PDF")


def test_print_and_pdf_pass_the_check_word_does_errors_then_warnings(make_window, store, dialogs, tmp_path):
    quarter, lacking = make_quarter_with_an_error(store)
    store.add_event(quarter, store.sections()[2].id, name="Поздний отчет", place="г. Смоленск", purpose="Показ",
                    participants="5 человек", dates=EventDates.parse("20 марта 2024 года"))
    window = make_window(store, quarter)
    for action, anyway in (("print", "Все равно печатать"), ("pdf", "Все равно сохранить"),
                           ("export", "Все равно выгрузить")):
        dialogs.answer("ask_choice", "goto")
        window.actions[action].trigger()
        choices = dialogs.asked[-1][1][2]
        assert [label for _, label in choices] == ["Перейти к мероприятию", anyway]
        details = dialogs.keywords[-1]["details"]
        errors, warnings = details.split("\n\n")
        assert errors == "Ошибки (1):\n№ 2: Не заполнено поле «Место проведения»."
        assert warnings.startswith("Предупреждения (") and "\n№ 3: Сроки проведения" in warnings
        assert window.current_event_id() == lacking.id
    assert list(tmp_path.iterdir()) == []


def test_pdf_cancelled_in_its_progress_leaves_no_file(make_window, store, dialogs, tmp_path, monkeypatch):
    from smolevents.ui import print_report
    quarter, _ = make_quarter_with_an_error(store)
    window = make_window(store, quarter)
    monkeypatch.setattr(print_report.ProgressDialog, "__call__", lambda self, done, total: False)
    dialogs.answer("ask_choice", "go on")
    dialogs.answer("save_file_name", tmp_path / "отчет.pdf")
    window.actions["pdf"].trigger()
    assert list(tmp_path.iterdir()) == []
    assert window.statusBar().currentMessage() == "Сохранение PDF отменено, файл не записан."


def test_print_opens_a_preview_without_blocking(qtbot, make_window, store, dialogs):
    quarter, _ = make_quarter_with_an_error(store)
    window = make_window(store, quarter)
    from smolevents.ui import report_actions
    dialogs.answer("ask_choice", "go on")
    preview = report_actions.print_preview(window)
    assert preview.isVisible()
    preview.close()
