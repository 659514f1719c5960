"""Start-up paints first and counts after: the first screenful, then the rest and the counts.

The stores stay open until the windows are gone (qtbot closes them after the test):
the window keeps reading its store after the first paint.
"""

from smolevents.core.store import Store
from smolevents.ui.main_window import FIRST_SCREEN_ROWS, MainWindow
from smolevents.ui.plain_text import text_of
from tests.real_report import QUARTER, real_report_into


def output_of_a_fresh_process(script: str) -> str:
    """What `script` prints, run by a new Python in the repository (nothing imported yet)."""
    import subprocess
    import sys
    import textwrap
    from pathlib import Path

    result = subprocess.run([sys.executable, "-c", textwrap.dedent(script)], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parents[2], timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def big_file(db_path, real_report, copies: int) -> None:
    with Store.open(db_path) as setup:
        for _ in range(copies):
            real_report_into(setup, real_report)


def shown_numbers(model) -> list[int]:
    return [model.number_at(row) for row in range(model.rowCount()) if not model.is_section_row(row)]


def test_the_window_shows_the_first_screenful_then_the_whole_quarter_and_its_counts(
        qtbot, db_path, real_report):
    big_file(db_path, real_report, copies=3)  # 141 events in the eight sections
    store = Store.open(db_path)
    window = MainWindow(store, db_path, QUARTER, paint_first=True)
    qtbot.addWidget(window)
    model = window.model
    assert model.is_partial and model.event_count() == FIRST_SCREEN_ROWS
    assert shown_numbers(model) == list(range(1, FIRST_SCREEN_ROWS + 1))
    # Counting is for after the first paint: which quarters have events is all that is read.
    assert window.quarter_bar.events_label.text() == "Мероприятий: …"
    assert window.quarter_bar.errors_button.text() == "Ошибок: …"
    assert window.quarter_bar.quarter_box.currentText() == f"{QUARTER.label} — …"

    window.show()
    qtbot.waitUntil(lambda: not model.is_partial, timeout=3000)
    assert shown_numbers(model) == list(range(1, 142))
    sections_shown = [model.section_id_at(row) for row in model.section_rows()]
    assert sections_shown == [section.id for section in store.sections()]
    # Every section row spans the table, the appended ones too.
    assert all(window.table_view.columnSpan(row, 0) > 1 for row in model.section_rows())
    qtbot.waitUntil(lambda: window.quarter_bar.errors_button.text() != "Ошибок: …", timeout=5000)
    assert window.quarter_bar.events_label.text() == "Мероприятий: 141"
    assert window.quarter_bar.quarter_box.currentText() == f"{QUARTER.label} — 141 мероприятие"


def test_a_search_typed_before_the_rest_is_read_looks_through_the_whole_quarter(qtbot, db_path, real_report):
    big_file(db_path, real_report, copies=2)
    store = Store.open(db_path)
    window = MainWindow(store, db_path, QUARTER, paint_first=True)
    qtbot.addWidget(window)
    assert window.model.is_partial
    window.search_field.setText("витебск")
    expected = len(store.event_ids(QUARTER, "витебск"))
    assert not window.model.is_partial and window.model.event_count() == expected > 2


def test_the_counts_of_a_file_follow_an_edit(qtbot, db_path, real_report):
    big_file(db_path, real_report, copies=1)
    store = Store.open(db_path)
    window = MainWindow(store, db_path, QUARTER)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.quarter_bar.errors_button.text() != "Ошибок: …", timeout=5000)
    before = window.quarter_bar.errors_button.text()
    event_id = window.current_event_id()
    window.editing.set_field(event_id, "participants", "", expected_version=store.event(event_id).version)
    qtbot.waitUntil(lambda: window.quarter_bar.errors_button.text() != before, timeout=5000)
    errors = int(before.split(": ")[1])
    assert window.quarter_bar.errors_button.text() == f"Ошибок: {errors + 1}"


def test_what_only_typing_needs_comes_after_the_first_paint_and_changes_nothing(
        qtbot, db_path, real_report):
    big_file(db_path, real_report, copies=1)
    store = Store.open(db_path)
    window = MainWindow(store, db_path, QUARTER, paint_first=True)
    qtbot.addWidget(window)
    text_fields = [*window.form.text_editors(), window.closing_editor.text_edit]
    assert window.suggestions == {} and not any(field.property("spelling") for field in text_fields)
    version = store.data_version()

    window.show()
    qtbot.waitUntil(lambda: bool(window.suggestions), timeout=3000)
    assert all(field.property("spelling") for field in text_fields)
    assert sorted(window.suggestions) == ["name", "participants", "place"]
    assert text_of(window.closing_editor.text_edit) == store.closing(QUARTER) == real_report.closing
    # Spelling attached to fields that already hold text is not typing: nothing waits to be saved.
    qtbot.wait(50)
    assert not window.form.has_pending() and not window.closing_editor.has_pending()
    assert store.data_version() == version


def test_the_programs_start_shows_its_window_without_the_command_line_or_typing_aids(tmp_path):
    """`smolevents` alone (the clerk's double-click) builds (and imports) no command parser nor
    logging (nor json, calendar and locale, which the store's first screen does not need), and the spelling, suggestions and undo-key modules and the cyclic collector wait
    for the first paint;
    PySide6's `__feature__` import hook (a Python call per import, each new module's source read)
    is gone once the window's package is imported."""
    printed = output_of_a_fresh_process(f"""
        import builtins, gc, os, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        os.environ["SMOLEVENTS_DB"] = {str(tmp_path / 'events.sqlite')!r}
        import smolevents.ui.main_window as main_window

        def shown(self):
            loaded = sorted(name for name in sys.modules if name in (
                "smolevents.cli.main", "smolevents.ui.spelling", "smolevents.ui.suggestions",
                "smolevents.ui.undo_keys", "smolevents.core.store.quarter_problems",
                "smolevents.core.store.vetting", "hashlib", "PySide6.QtPrintSupport", "argparse", "logging",
                "json", "calendar", "locale"))
            print("loaded before the first paint:", loaded)
            print("collector before the first paint:", gc.isenabled())
            print("plain import:", builtins.__import__ is builtins.__orig_import__)
            self.first_painted.emit()  # what the real _after_first_paint says first
            print("collector after it:", gc.isenabled())
            print("after it:", sorted(name for name in ("smolevents.ui.spelling", "smolevents.ui.suggestions")
                                      if name in sys.modules) if self._add_typing_aids() is None else "")
            self.close()

        main_window.MainWindow._after_first_paint = shown
        from smolevents.__main__ import main
        sys.exit(main([]))
    """)
    assert "loaded before the first paint: []" in printed
    assert "after it: ['smolevents.ui.spelling', 'smolevents.ui.suggestions']" in printed
    # The cyclic collector waits for the first paint (tens of thousands of objects made, no garbage).
    assert "collector before the first paint: False" in printed
    assert "collector after it: True" in printed
    assert "plain import: True" in printed


def test_pyside6s_tools_wait_until_used_and_the_binding_works_as_before():
    """At start-up PySide6 imports its .pyi generator and compiles its signature parser's pattern,
    and our window uses neither before it is painted (pyside_bootstrap): the generator is a
    stand-in until a name in it is used, then the real one; the pattern is compiled when first
    used. The binding's own messages (built from its signatures by that parser) read as before,
    and no import finder or stand-in `re.compile` is left behind."""
    printed = output_of_a_fresh_process("""
        import os, re, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        compile_before = re.compile
        import smolevents.ui
        from PySide6.QtWidgets import QApplication, QSplitter
        generator = sys.modules["PySide6.support.signature.lib.pyi_generator"]
        parser = sys.modules["PySide6.support.signature.parser"]
        print("generator run at start:", "generate_pyi" in vars(generator))
        print("pattern compiled at start:", type(parser.arglistParser._finditer).__name__ != "function")
        print("finder left:", any("pyside_bootstrap" in type(finder).__module__ for finder in sys.meta_path))
        print("re.compile restored:", re.compile is compile_before)
        application = QApplication([])
        try:
            QSplitter().setOrientation(3)
        except TypeError as error:
            print("message:", " ".join(str(error).split()))
        print("parsed:", parser.arglistParser.parse("a, b[1, 2], c(d, e)"))
        print("used:", generator.generate_pyi.__module__, callable(generator.generate_pyi))
    """)
    assert "generator run at start: False" in printed
    assert "pattern compiled at start: False" in printed
    assert "finder left: False" in printed
    assert "re.compile restored: True" in printed
    assert ("message: 'PySide6.QtWidgets.QSplitter.setOrientation' called with wrong argument types: "
            "PySide6.QtWidgets.QSplitter.setOrientation(int) Supported signatures: "
            "PySide6.QtWidgets.QSplitter.setOrientation(arg__1: PySide6.QtCore.Qt.Orientation, /)") in printed
    assert "parsed: ['a', 'b[1, 2]', 'c(d, e)']" in printed
    assert "used: shibokensupport.signature.lib.pyi_generator True" in printed
