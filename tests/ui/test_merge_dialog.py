"""The merge preview: what the coordinator sees and chooses, and what gets written."""

import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QGroupBox, QLabel, QProgressDialog, QPushButton

from smolevents.core.merge import DROP_INCOMING, KEEP_BOTH, OURS, THEIRS
from smolevents.core.store import Store
from smolevents.ui.merge_dialog import EDIT, REPLANNED, MergeDialog
from tests.real_report import QUARTER, RealReport, real_report_into

CHANGED_NAME = "Визит делегации (уточнено отделом)"
OUR_NAME = "Визит делегации (уточнено координатором)"
ADDED_SENTENCE = " Подписан план совместных мероприятий на 2024 год."
DEPARTMENT_CLOSING = "В II квартале 2023 года отделом образования проведено 17 мероприятий."


def build_scenario(folder, real_report):
    """The coordinator's own half, and three files: the other half, a later edit of
    one of the coordinator's events, and a third department reporting the same event."""
    def half(name, sections, closing):
        path = folder / name
        with Store.open(path) as store:
            real_report_into(store, RealReport(real_report.title_lines, real_report.header, sections, closing))
        return path

    target = half("координатор.sqlite", real_report.sections[0::2], real_report.closing)
    other_half = half("отдел образования.sqlite", real_report.sections[1::2], DEPARTMENT_CLOSING)
    edited = folder / "правка культуры.sqlite"
    shutil.copyfile(target, edited)
    with Store.open(edited) as store:
        store.clock = lambda: "2099-01-01T09:30:00.000000+00:00"
        event = store.events(QUARTER)[2]
        # The name changed here and in the coordinator's base (asked); a sentence added to
        # the purpose only here (taken without a question).
        store.update_event(event.id, name=CHANGED_NAME, purpose=event.purpose + ADDED_SENTENCE)
    with Store.open(target) as store:
        store.clock = lambda: "2098-01-01T09:30:00.000000+00:00"
        store.update_event(event.id, name=OUR_NAME)
        event = store.event(event.id)
    with Store.open(target) as store:
        original = store.events(QUARTER)[5]
        section = store.section(original.section_id).title
    third = folder / "отдел спорта.sqlite"
    with Store.open(third) as store:
        store.add_event(QUARTER, store.section_by_title(section).id, name=original.name.rstrip(".") + " ",
                        place="г. Смоленск", dates=original.dates, participants="30 человек")
    return target, [other_half, edited, third], event, original


@pytest.fixture
def scenario(tmp_path, real_report):
    target, sources, changed, duplicated = build_scenario(tmp_path, real_report)
    with Store.open(target) as store:
        yield store, sources, changed, duplicated


def _open(qtbot, store, sources):
    dialog = MergeDialog(store, sources)
    qtbot.addWidget(dialog)
    dialog.open()
    return dialog


def _texts(widget):
    return [label.text() for label in widget.findChildren(QLabel)]


def test_the_preview_shows_counts_both_versions_and_writes_nothing(qtbot, scenario):
    store, sources, changed, duplicated = scenario
    before = store.path.read_bytes()
    dialog = _open(qtbot, store, sources)
    texts = "\n".join(_texts(dialog))
    assert "В файлах мероприятий: 48. Итог ниже считает каждое один раз" in texts
    assert "\nПроверьте ниже: 1 поле, измененное по-разному, 1 возможный дубль, 1 заключительный абзац." in texts
    assert "Версия из «правка культуры.sqlite», изменена 01.01.2099 " in texts
    assert "Версия этой базы, изменена 01.01.2098 " in texts
    assert "Изменено только в «правка культуры.sqlite», берется: Цель, содержание и результат." in texts
    [conflict] = dialog.plan.conflicts
    buttons = dialog.choice_buttons(conflict.key)
    assert [buttons[value].text() for value in (OURS, THEIRS, EDIT)] == [
        "Оставить версию этой базы", "Взять версию из «правка культуры.sqlite»", "Написать самому"]
    assert buttons[THEIRS].isChecked()  # changed later there; the choice is in sight
    boxes = [box.title() for box in dialog.findChildren(QGroupBox)]
    assert f"«{' '.join(duplicated.name.split())}»" in boxes[1]
    assert "Заключительный абзац, II квартал 2023" in boxes
    footer = "будет добавлено 18, обновлено 1, без изменений 29, не добавлено 0; возможных дублей: 1"
    assert dialog.outcome.text() == f"Итог при выбранных вариантах: {footer}."
    assert dialog.choice_buttons(dialog.plan.duplicates[0].key)[KEEP_BOTH].isChecked()
    assert dialog.choice_buttons(dialog.plan.closing_differences[0].key)[OURS].isChecked()
    assert store.path.read_bytes() == before


def test_the_added_sentence_is_marked_inside_the_long_text(qtbot, scenario):
    store, sources, _, _ = scenario
    dialog = _open(qtbot, store, sources)
    marked = [label.text() for label in dialog.findChildren(QLabel)
              if label.textFormat() == Qt.TextFormat.RichText and "background-color" in label.text()]
    assert any(f'background-color:#c9f0c9;">{ADDED_SENTENCE}</span>' in text for text in marked)
    assert any('background-color:#c9f0c9;">отделом)</span>' in text for text in marked)  # one word of the name


def test_merging_with_the_defaults_writes_and_reports(qtbot, scenario, real_report):
    store, sources, changed, _ = scenario
    dialog = _open(qtbot, store, sources)
    with qtbot.waitSignal(dialog.merged) as merged:
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    result = merged.args[0].result
    assert result.summary() == "добавлено 18, обновлено 1, без изменений 29, не добавлено 0; возможных дублей: 1"
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert store.count_events(QUARTER) == 48
    merged_event = store.event_by_uuid(changed.uuid)
    assert merged_event.name == CHANGED_NAME and merged_event.purpose.endswith(ADDED_SENTENCE)
    assert store.closing(QUARTER) == real_report.closing
    assert result.backup == store.path.with_name("координатор.до-объединения.sqlite")
    with Store.open(result.backup) as kept:
        assert kept.count_events(QUARTER) == 30 and kept.event_by_uuid(changed.uuid).name == OUR_NAME


def test_the_coordinators_choices_are_what_gets_written(qtbot, scenario):
    store, sources, changed, _ = scenario
    dialog = _open(qtbot, store, sources)
    plan = dialog.plan
    for key, value in ((plan.conflicts[0].key, OURS), (plan.duplicates[0].key, DROP_INCOMING),
                       (plan.closing_differences[0].key, THEIRS)):
        qtbot.mouseClick(dialog.choice_buttons(key)[value], Qt.MouseButton.LeftButton)
    footer = ("будет добавлено 17, обновлено 1, без изменений 29, не добавлено 1; возможных дублей: 1; "
              "заключительных абзацев будет заменено: 1")
    assert dialog.outcome.text() == f"Итог при выбранных вариантах: {footer}."
    with qtbot.waitSignal(dialog.merged) as merged:
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert merged.args[0].result.summary() == footer.replace("будет ", "")
    assert store.count_events(QUARTER) == 47
    merged_event = store.event_by_uuid(changed.uuid)
    assert merged_event.name == OUR_NAME and merged_event.purpose.endswith(ADDED_SENTENCE)
    assert store.closing(QUARTER) == DEPARTMENT_CLOSING


def test_the_coordinator_may_write_the_field_by_hand(qtbot, scenario):
    store, sources, changed, _ = scenario
    dialog = _open(qtbot, store, sources)
    key = dialog.plan.conflicts[0].key
    editor = dialog.text_editor(key)
    assert not editor.isVisibleTo(dialog)
    qtbot.mouseClick(dialog.choice_buttons(key)[EDIT], Qt.MouseButton.LeftButton)
    assert editor.isVisibleTo(dialog)
    assert editor.toPlainText() == f"{OUR_NAME}\n{CHANGED_NAME}"  # both, to edit into one
    editor.setPlainText("Визит делегации Витебской области")
    with qtbot.waitSignal(dialog.merged):
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert store.event_by_uuid(changed.uuid).name == "Визит делегации Витебской области"


def test_enter_on_a_choice_does_not_apply_the_merge(qtbot, scenario):
    store, sources, _, _ = scenario
    before = store.path.read_bytes()
    dialog = _open(qtbot, store, sources)
    button = dialog.choice_buttons(dialog.plan.duplicates[0].key)[DROP_INCOMING]
    button.setFocus()
    with qtbot.assertNotEmitted(dialog.merged):
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            qtbot.keyClick(button, key)
            qtbot.keyClick(dialog, key)
    assert dialog.isVisible() and store.path.read_bytes() == before
    assert not dialog.apply_button.autoDefault() and not dialog.apply_button.isDefault()


def test_decisions_are_remembered_and_not_asked_again(qtbot, scenario):
    store, sources, changed, _ = scenario
    dialog = _open(qtbot, store, sources)
    plan = dialog.plan
    for key, value in ((plan.conflicts[0].key, OURS), (plan.duplicates[0].key, DROP_INCOMING)):
        qtbot.mouseClick(dialog.choice_buttons(key)[value], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.merged):
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    again = _open(qtbot, store, sources)
    assert again.plan.conflicts == [] and again.plan.duplicates == [] and again.plan.is_empty()
    texts = "\n".join(_texts(again))
    assert "Объединять нечего." in texts
    assert "Не добавлены раньше как дубли и с тех пор не менялись: 1" not in texts  # nothing to do: not shown
    assert len(again.plan.remembered) == 1


def test_several_bad_files_are_all_named(qtbot, scenario, tmp_path):
    store, sources, _, _ = scenario
    letter, empty = tmp_path / "письмо.sqlite", tmp_path / "пустой.sqlite"
    letter.write_text("Добрый день", encoding="utf-8")
    empty.write_bytes(b"")
    dialog = _open(qtbot, store, [letter, sources[0], empty])
    assert dialog.message.text() == (
        "Файл «письмо.sqlite» не является базой данных SQLite или поврежден. Выберите другой файл.\n"
        "Файл «пустой.sqlite» пуст: это не база smolevents. Выберите другой файл.\n"
        "Объединение невозможно: ничего не изменено."
    )


def test_cancel_writes_nothing(qtbot, scenario):
    store, sources, _, _ = scenario
    before = store.path.read_bytes()
    dialog = _open(qtbot, store, sources)
    with qtbot.assertNotEmitted(dialog.merged):
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert store.path.read_bytes() == before


def test_a_bad_file_is_explained_in_the_dialog_and_merge_is_off(qtbot, scenario, tmp_path):
    store, sources, _, _ = scenario
    letter = tmp_path / "письмо.sqlite"
    letter.write_text("<b>Добрый день</b>", encoding="utf-8")
    before = letter.read_bytes()
    dialog = _open(qtbot, store, [sources[0], letter])
    assert dialog.message.isVisible()
    assert dialog.message.text() == (
        "Файл «письмо.sqlite» не является базой данных SQLite или поврежден. Выберите другой файл.\n"
        "Объединение невозможно: ничего не изменено."
    )
    assert not dialog.apply_button.isEnabled() and dialog.cancel_button.text() == "Закрыть"
    assert letter.read_bytes() == before


def test_an_edit_in_another_window_after_the_preview_is_not_lost(qtbot, scenario):
    store, sources, _, _ = scenario
    dialog = _open(qtbot, store, sources)
    with Store.open(store.path) as other_window:
        other_window.add_event(QUARTER, other_window.sections()[0].id, name="Из другого окна")
    with qtbot.assertNotEmitted(dialog.merged):
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == REPLANNED and dialog.isVisible()
    assert store.count_events(QUARTER) == 31  # nothing merged yet
    with qtbot.waitSignal(dialog.merged):
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert store.count_events(QUARTER) == 49


def test_nothing_to_merge_says_so(qtbot, scenario):
    store, sources, _, _ = scenario
    dialog = _open(qtbot, store, [sources[2]])
    with qtbot.waitSignal(dialog.merged):
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    again = _open(qtbot, store, [sources[2]])
    assert "Объединять нечего." in "\n".join(_texts(again))
    assert not again.apply_button.isEnabled() and again.cancel_button.text() == "Закрыть"


def test_text_from_the_files_is_shown_as_plain_text(qtbot, scenario, tmp_path):
    store, _, _, _ = scenario
    source = tmp_path / "разметка.sqlite"
    with Store.open(source) as other:
        section = other.add_section("<b>Раздел</b>")
        other.add_event(QUARTER, section.id, name="<i>Форум</i>")
    dialog = _open(qtbot, store, [source])
    label = next(label for label in dialog.findChildren(QLabel) if "<b>Раздел</b>" in label.text())
    assert label.textFormat() == Qt.TextFormat.PlainText


def test_reading_many_files_shows_how_far_it_has_got(qtbot, scenario, monkeypatch):
    from smolevents.ui import plan_progress

    store, sources, _, _ = scenario
    monkeypatch.setattr(plan_progress, "SHOW_AFTER_MS", 0)
    seen = []
    real_call = plan_progress.FilesReadProgress.__call__

    def watched(self, done, total):
        real_call(self, done, total)
        seen.append((self.dialog.isVisible(), self.dialog.labelText(), self.dialog.value()))

    monkeypatch.setattr(plan_progress.FilesReadProgress, "__call__", watched)
    dialog = _open(qtbot, store, sources)
    assert seen[-1] == (True, f"Проверено и прочитано файлов: {len(sources)} из {len(sources)}", len(sources))
    assert [value for _, _, value in seen] == list(range(len(sources) + 1))
    assert dialog.apply_button.isEnabled()  # the plan is shown as before
    qtbot.waitUntil(lambda: not [shown for shown in _top_level(QProgressDialog) if shown.isVisible()])


def test_stopping_the_reading_leaves_the_database_as_it_was(qtbot, scenario, monkeypatch):
    from smolevents.ui import plan_progress

    store, sources, _, _ = scenario
    before = store.path.read_bytes()
    monkeypatch.setattr(plan_progress, "SHOW_AFTER_MS", 0)
    real_call = plan_progress.FilesReadProgress.__call__

    def stopped_after_the_first(self, done, total):
        if done == 1:
            self.dialog.cancel()  # as a click on «Остановить»
        real_call(self, done, total)

    monkeypatch.setattr(plan_progress.FilesReadProgress, "__call__", stopped_after_the_first)
    dialog = _open(qtbot, store, sources)
    assert dialog.message.text() == "Чтение файлов остановлено: база не изменена."
    assert not dialog.apply_button.isEnabled() and dialog.cancel_button.text() == "Закрыть"
    assert store.path.read_bytes() == before


def _top_level(kind):
    return [widget for widget in QApplication.topLevelWidgets() if isinstance(widget, kind)]


def test_writing_a_big_merge_shows_how_many_events_are_written(qtbot, scenario, monkeypatch):
    from smolevents.core.store import merge_writes
    from smolevents.ui import plan_progress

    store, sources, _, _ = scenario
    monkeypatch.setattr(plan_progress, "SHOW_AFTER_MS", 0)
    monkeypatch.setattr(merge_writes, "_PART", 5)
    seen = []
    real_call = plan_progress.EventsWrittenProgress.__call__

    def watched(self, done, total):
        real_call(self, done, total)
        seen.append((self.dialog.labelText(), self.dialog.value(), self.dialog.maximum(),
                     bool(self.dialog.findChildren(QPushButton))))

    monkeypatch.setattr(plan_progress.EventsWrittenProgress, "__call__", watched)
    dialog = _open(qtbot, store, sources)
    with qtbot.waitSignal(dialog.merged) as merged:
        dialog.apply_button.click()
    added = merged.args[0].result.added
    assert added > 10 and [value for _, value, _, _ in seen] == [*range(0, added, 5), added]
    assert seen[-1] == (f"Записано в базу мероприятий: {added} из {added}", added, added, False)  # no «Отмена»
    qtbot.waitUntil(lambda: not [shown for shown in _top_level(QProgressDialog) if shown.isVisible()])
