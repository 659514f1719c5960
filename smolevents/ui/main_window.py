"""The clerk's main window: quarter bar, table of events, form, closing paragraph.

Every change goes through `Editing` (one undoable command, one transaction, saved
at once — there is no Save button). The window only wires views to it and shows
messages; a refusal from the core (UserError) becomes a message box with its text.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QLineEdit, QMainWindow, QMenu, QPushButton, QSizePolicy, QSplitter, QStyle, QToolBar,
    QVBoxLayout, QWidget,
)

from smolevents.core.domain import Quarter
from smolevents.core.text import shorten
from smolevents.core.errors import UserError
from smolevents.core.store.quarter_summary import default_quarter, quarters_with_counts, quarters_with_events
from smolevents.core.store import Store
from smolevents.core.validation import ERROR, WARNING
from smolevents.ui import dialogs, screen_fit, window_settings
from smolevents.ui.closing_editor import ClosingEditor
from smolevents.ui.country_names import CountryNamesLoader
from smolevents.ui.editing import Editing
from smolevents.ui.event_form import EventForm
from smolevents.ui.event_table_model import EventTableModel
from smolevents.ui.event_table_view import EventTableView
from smolevents.ui.quarter_bar import QuarterBar
from smolevents.ui.quarter_counts import QuarterCounts

if TYPE_CHECKING:
    from smolevents.ui.sections_dialog import SectionsDialog

POLL_INTERVAL_MS = 2000
FIRST_SCREEN_ROWS = 60  # events read before the window shows: more than a screen holds
PREFERRED_SIZE = QSize(1400, 860)  # on a smaller screen, its available area
TOOLBAR_LABELS_FROM = 1000  # window width (px) from which toolbar buttons carry their labels
SEARCH_PLACEHOLDER = "слова из любого поля (Ctrl+F)"


class MainWindow(QMainWindow):
    first_painted = Signal()  # the window has painted once; what waited for it starts now

    def __init__(self, store: Store, db_path: Path | None = None, quarter: Quarter | None = None,
                 parent: QWidget | None = None, *, paint_first: bool = False):
        """`paint_first` (the program's start-up): only the first screenful of rows is read
        before the window shows; the rest of the quarter and its counts come after the first paint."""
        super().__init__(parent)
        self._typing_aids = False
        self.store = store
        self.db_path = Path(db_path) if db_path else store.path
        # Before the first paint only whether each quarter has events (a count reads the whole
        # quarter's index: 100 000 entries); the counts come after it (refresh_quarter_bar).
        counts = quarters_with_events(store) if paint_first else quarters_with_counts(store)
        quarter = quarter or default_quarter(store, counts=counts)
        self.editing = Editing(store, quarter, self)
        self.model = EventTableModel(store, quarter, self, first_rows=FIRST_SCREEN_ROWS if paint_first else None)
        self.quarter_counts = QuarterCounts(self)
        self.quarter_counts.ready.connect(self._show_summary)
        self.model.edit_handler = self._edit_from_table
        self.sections_dialog: SectionsDialog | None = None
        self.period_dialog = None  # "Отчет за период и сводка", made when first asked for
        self.country_names = CountryNamesLoader(self)
        self.suggestions = {}  # field -> FieldSuggestions, with the other typing aids (_add_typing_aids)

        self._build_widgets()
        self._build_actions()
        self._build_menus_and_toolbar()
        self._connect()
        self._data_version = store.data_version()
        self._poll_timer = QTimer(self)
        self._poll_timer.setInterval(POLL_INTERVAL_MS)
        self._poll_timer.timeout.connect(self.poll_for_changes)
        self._poll_timer.start()

        screen_fit.fit_to_screen(self, PREFERRED_SIZE)
        self._restored = window_settings.restore_window(
            self, self._splitters(), self.table_view.horizontalHeader())
        self.table_view.adopt_widths()
        if self._restored and not screen_fit.fits_screen(self):
            screen_fit.fit_to_screen(self, PREFERRED_SIZE)  # remembered on a larger screen
            self._restored = False
        # A first start on a screen smaller than the window would like: all of it, maximized.
        self.start_maximized = not self._restored and self.size() != PREFERRED_SIZE
        self._show_database()
        self.form.set_sections(store.sections())
        self.closing_editor.set_quarter(quarter)
        self.quarter_bar.set_quarters(counts, quarter, counted=not paint_first)
        self.quarter_bar.set_counting(None if paint_first else dict(counts).get(quarter, 0))
        # The rest of the rows, the counts (which read every event's text) and what only typing
        # needs: after the first paint.
        if paint_first:
            self.table_view.after_first_paint(self._after_first_paint)
        else:
            self._add_typing_aids()
            QTimer.singleShot(0, self, self._after_first_paint)
        self._select_first_event()  # the actions' states too (_on_current_row)
        self.table_view.setFocus()

    # --- building ----------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.quarter_bar = QuarterBar(self)
        self.table_view = EventTableView(self)
        self.table_view.setModel(self.model)
        self.table_view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.form = EventForm(self.editing, self)
        self.closing_editor = ClosingEditor(self.editing, self)
        self.filter_bar = QWidget(self)
        filter_layout = QHBoxLayout(self.filter_bar)
        filter_layout.setContentsMargins(0, 0, 0, 0)
        self.filter_label = QLabel(self.filter_bar)
        self.filter_label.setObjectName("filter_label")
        filter_layout.addWidget(self.filter_label)
        show_all = QPushButton("Показать все", self.filter_bar)
        show_all.setObjectName("show_all")
        show_all.clicked.connect(self.show_all)
        filter_layout.addWidget(show_all)
        self.statusBar().addPermanentWidget(self.filter_bar)
        self.filter_bar.hide()
        self.search_field = _SearchField(self)
        self.search_field.setPlaceholderText(SEARCH_PLACEHOLDER)
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setToolTip("Показать только мероприятия, где есть все эти слова (регистр не важен)")
        self.search_field.setMinimumWidth(150)
        self.search_field.setMaximumWidth(320)

        self.left_splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.left_splitter.addWidget(self.table_view)
        self.left_splitter.addWidget(self.closing_editor)
        self.left_splitter.setStretchFactor(0, 5)
        self.left_splitter.setStretchFactor(1, 1)
        self.left_splitter.setCollapsible(0, False)
        self.main_splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.main_splitter.addWidget(self.left_splitter)
        self.main_splitter.addWidget(self.form)
        self.main_splitter.setStretchFactor(0, 3)
        self.main_splitter.setStretchFactor(1, 1)
        self.main_splitter.setCollapsible(0, False)  # the form may fold away on a narrow screen
        self.main_splitter.setSizes([1000, 420])
        self.left_splitter.setSizes([640, 140])

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.quarter_bar)
        layout.addWidget(self.main_splitter, 1)
        self.setCentralWidget(central)
        self.database_label = QLabel(self)
        self.database_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.statusBar().addPermanentWidget(self.database_label)

    def _splitters(self) -> dict[str, QSplitter]:
        return {"main": self.main_splitter, "left": self.left_splitter}

    def _action(self, text: str, slot, shortcut=None, tip: str = "", icon=None, short: str = "") -> QAction:
        action = QAction(text, self)
        if short:
            action.setIconText(short)  # the toolbar's label; menus show the full text
        if shortcut is not None:
            shortcuts = shortcut if isinstance(shortcut, list) else [shortcut]
            action.setShortcuts([QKeySequence(each) for each in shortcuts])
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        if icon is not None:
            action.setIcon(self.style().standardIcon(icon))
        action.triggered.connect(lambda _checked=False: self.guard(slot))
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        pixmap = QStyle.StandardPixmap
        self.actions: dict[str, QAction] = {}
        add = self.actions.__setitem__
        add("new_db", self._action("Новая база…", lambda: _file_actions().new_database(self)))
        add("open_db", self._action("Открыть…", lambda: _file_actions().open_database(self), QKeySequence.StandardKey.Open,
                                    "Открыть другой файл базы", pixmap.SP_DialogOpenButton))
        add("merge", self._action("Объединить с файлами…", lambda: _file_actions().merge_files(self), "Ctrl+M",
                                  tip="Добавить мероприятия из файлов других отделов (Ctrl+M)"))
        add("copy", self._action("Сохранить копию для отправки…", lambda: _file_actions().save_copy(self),
                                 tip="Сделать копию базы, чтобы отправить ее координатору"))
        add("quit", self._action("Выход", self.close, QKeySequence.StandardKey.Quit))

        add("undo", self._action("Отменить", self.undo, ["Ctrl+Z"], "Отменить последнее изменение",
                                 pixmap.SP_ArrowBack, "Отменить"))
        add("redo", self._action("Повторить", self.redo, ["Ctrl+Y", "Ctrl+Shift+Z"], "Повторить отмененное",
                                 pixmap.SP_ArrowForward, "Повторить"))
        add("find", self._action("Найти…", self.focus_search, QKeySequence.StandardKey.Find))
        add("show_form", self._action("Форма мероприятия", lambda: self.show_form(self.actions["show_form"].isChecked()),
                                      "F4", "Показать или свернуть форму справа: на узком экране таблице "
                                            "достается вся ширина (F4)"))
        self.actions["show_form"].setCheckable(True)
        self.actions["show_form"].setChecked(True)

        add("new", self._action("Новое мероприятие", self.new_event, QKeySequence.StandardKey.New,
                                "Новое мероприятие в текущем разделе (Ctrl+N)", pixmap.SP_FileIcon, "Новое"))
        add("duplicate", self._action("Копия мероприятия", self.duplicate_event, "Ctrl+D",
                                      "Копия выбранного мероприятия сразу под ним (Ctrl+D)",
                                      pixmap.SP_FileDialogNewFolder, "Копия"))
        add("delete", self._action("Удалить мероприятие…", self.delete_event, QKeySequence.StandardKey.Delete,
                                   "Удалить выбранное мероприятие (можно отменить)", pixmap.SP_TrashIcon, "Удалить"))
        self.actions["delete"].setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        add("paste", self._action("Вставить строки из Word или Excel", lambda: _paste_rows().paste(self),
                                  QKeySequence.StandardKey.Paste,
                                  "Скопированные строки таблицы — новые мероприятия квартала (Ctrl+V в таблице)"))
        self.actions["paste"].setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # fields paste text
        add("copy_past", self._action("Скопировать из прошлого квартала…", lambda: _copy_past().copy_from_past(self),
                                      tip="Перенести в этот квартал выбранные мероприятия прошлого (повторяющиеся)"))
        add("up", self._action("Выше", lambda: self.move_event_by(-1), "Ctrl+Shift+Up",
                               "Переместить выше внутри раздела (Ctrl+Shift+↑)", pixmap.SP_ArrowUp))
        add("down", self._action("Ниже", lambda: self.move_event_by(1), "Ctrl+Shift+Down",
                                 "Переместить ниже внутри раздела (Ctrl+Shift+↓)", pixmap.SP_ArrowDown))
        self.move_menu = QMenu("Перенести в раздел", self)
        self.move_menu.aboutToShow.connect(self._fill_move_menu)
        self.move_menu.setToolTip("Перенести выбранное мероприятие в другой раздел")
        add("move_to", self.move_menu.menuAction())
        add("sections", self._action("Разделы…", self.open_sections_dialog,
                                     tip="Добавить, переименовать, упорядочить разделы отчета"))

        add("new_quarter", self._action("Новый квартал…", self.new_quarter))
        add("draft_closing", self._action("Составить заключительный абзац по данным", self.draft_closing))
        add("export", self._action("Экспорт в Word…", lambda: _report_actions().export_word(self), "Ctrl+E",
                                   "Сохранить отчет квартала в файл Word (Ctrl+E)", pixmap.SP_DialogSaveButton,
                                   "В Word"))
        add("import", self._action("Импорт из Word…", lambda: _report_actions().import_word(self),
                                   tip="Добавить мероприятия из готового отчета в Word"))
        add("period", self._action("Отчет за период и сводка…", self.open_period_dialog, "Ctrl+Shift+E",
                                   "Полугодие, 9 месяцев, год: сводка с диаграммами, отчет в Word или Excel "
                                   "(Ctrl+Shift+E)", pixmap.SP_FileDialogDetailedView, "Сводка"))
        add("print", self._action("Печать…", lambda: _report_actions().print_preview(self), QKeySequence.StandardKey.Print,
                                  "Предварительный просмотр и печать отчета (Ctrl+P)",
                                  pixmap.SP_FileDialogContentsView, "Печать"))
        add("pdf", self._action("Сохранить PDF…", lambda: _report_actions().save_pdf(self)))

    def _build_menus_and_toolbar(self) -> None:
        a = self.actions
        menus = self.menuBar()
        file_menu = menus.addMenu("&Файл")
        for name in ("new_db", "open_db", None, "merge", "copy", None, "quit"):
            file_menu.addSeparator() if name is None else file_menu.addAction(a[name])
        edit_menu = menus.addMenu("&Правка")
        for name in ("undo", "redo", None, "find", None, "show_form"):
            edit_menu.addSeparator() if name is None else edit_menu.addAction(a[name])
        event_menu = menus.addMenu("&Мероприятие")
        for name in ("new", "duplicate", "delete", None, "paste", "copy_past", None, "up", "down", "move_to", None,
                     "sections"):
            event_menu.addSeparator() if name is None else event_menu.addAction(a[name])
        report_menu = menus.addMenu("&Отчет")
        for name in ("new_quarter", "draft_closing", None, "export", "import", None, "period", None, "print", "pdf"):
            report_menu.addSeparator() if name is None else report_menu.addAction(a[name])

        toolbar = QToolBar("Основные действия", self)
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for name in ("new", "duplicate", "delete", None, "up", "down", None, "undo", "redo", None,
                     "export", "print"):
            toolbar.addSeparator() if name is None else toolbar.addAction(a[name])
        for name in ("up", "down"):  # arrows say it; the room goes to the search on a 1024-pixel screen
            toolbar.widgetForAction(a[name]).setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        # The search at the toolbar's right end: the row under it keeps the quarter's text whole.
        spacer = QWidget(toolbar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        search_label = QLabel("Найти:", toolbar)
        search_label.setBuddy(self.search_field)
        toolbar.addWidget(search_label)
        toolbar.addWidget(self.search_field)
        self.addToolBar(toolbar)
        self.toolbar = toolbar

        for name in ("new", "duplicate", "delete", "paste", None, "up", "down", "move_to"):
            if name is None:
                separator = QAction(self.table_view)
                separator.setSeparator(True)
                self.table_view.addAction(separator)
            else:
                self.table_view.addAction(a[name])

    def _connect(self) -> None:
        self.country_names.ready.connect(self.form.countries.names_ready)
        editing = self.editing
        editing.event_changed.connect(self._on_event_changed)
        editing.layout_changed.connect(self._on_layout_changed)
        editing.closing_changed.connect(self._on_closing_changed)
        editing.sections_changed.connect(self._on_sections_changed)
        editing.failed.connect(self._on_failed)
        editing.quarter_wanted.connect(self.show_quarter)
        editing.focus_wanted.connect(self.select_event)
        editing.stack.undoTextChanged.connect(
            lambda text: self.actions["undo"].setText(f"Отменить: {text}" if text else "Отменить"))
        editing.stack.redoTextChanged.connect(
            lambda text: self.actions["redo"].setText(f"Повторить: {text}" if text else "Повторить"))
        editing.stack.canUndoChanged.connect(self.actions["undo"].setEnabled)
        editing.stack.canRedoChanged.connect(self.actions["redo"].setEnabled)
        self.table_view.current_row_changed.connect(self._on_current_row)
        self.form.section_chosen.connect(lambda event_id, section_id: self.guard(
            lambda: self.editing.move(event_id, section_id)))
        self.closing_editor.draft_requested.connect(lambda: self.guard(self.draft_closing))
        self.quarter_bar.quarter_chosen.connect(lambda quarter: self.guard(lambda: self.show_quarter(quarter)))
        self.quarter_bar.new_quarter_requested.connect(lambda: self.guard(self.new_quarter))
        self.quarter_bar.errors_clicked.connect(lambda: self.guard(lambda: self.go_to_problem(ERROR)))
        self.quarter_bar.warnings_clicked.connect(lambda: self.guard(lambda: self.go_to_problem(WARNING)))
        self.search_field.textChanged.connect(self._search_changed)
        self.search_field.returnPressed.connect(self.table_view.setFocus)
        self.search_field.escape_pressed.connect(self._leave_search)
        self.form.leave_requested.connect(self.table_view.setFocus)
        self.main_splitter.splitterMoved.connect(
            lambda *_: self.actions["show_form"].setChecked(self.main_splitter.sizes()[1] > 0))

    # --- one place where refusals become messages ---------------------------------------------

    def guard(self, action):
        """Run a clerk's action; a UserError from the core becomes a message, not a traceback."""
        try:
            return action()
        except UserError as error:
            dialogs.show_error(self, str(error))
            return None

    def _on_failed(self, message: str) -> None:
        dialogs.show_error(self, message)

    # --- what is shown -----------------------------------------------------------------------------

    @property
    def quarter(self) -> Quarter:
        return self.model.quarter

    def _show_database(self) -> None:
        name = self.db_path.name if self.db_path else "база в памяти"
        self.setWindowTitle(f"{name} — {dialogs.APP_TITLE}")
        self.setWindowFilePath(str(self.db_path) if self.db_path else "")
        where = str(self.db_path) if self.db_path else "в памяти (не сохраняется)"
        self.database_label.setText(f"База данных: {where} · изменения сохраняются сразу")

    def show_quarter(self, quarter: Quarter) -> None:
        if quarter == self.quarter:
            return
        self.commit_all_pending()
        self.editing.current_quarter = quarter
        self.model.set_quarter(quarter)
        self.closing_editor.set_quarter(quarter)
        self.refresh_quarter_bar()
        self._select_first_event()
        self._show_search_count()

    def refresh_quarter_bar(self) -> None:
        counts = quarters_with_counts(self.store)
        self.quarter_bar.set_quarters(counts, self.quarter)
        self.quarter_bar.set_event_count(dict(counts).get(self.quarter, 0))
        self.refresh_summary()

    def refresh_summary(self) -> None:
        """The quarter's counts, read without holding up the window (QuarterCounts)."""
        self.quarter_counts.request(self.store, self.quarter)

    def _show_summary(self, summary) -> None:
        if summary.quarter == self.quarter:  # not a count of a quarter left meanwhile
            self.quarter_bar.set_summary(summary)
            self.closing_editor.show_problems(summary.events)

    def _add_typing_aids(self) -> None:
        """Spelling lines and menu in the text fields, suggestions under the form's fields, Ctrl+Z
        reaching the window: what typing needs and the first paint does not (nor its imports)."""
        if self._typing_aids:
            return
        self._typing_aids = True
        from smolevents.ui import suggestions, undo_keys
        from smolevents.ui.spelling import attach_spelling, spelling_service

        spelling_service().use_store(self.store)
        for editor in (*self.form.text_editors(), self.closing_editor.text_edit):
            attach_spelling(editor)
        # Ctrl+Z in a field with nothing of its own to undo reaches "Отменить" (the last action).
        undo_keys.install(self.form, self.closing_editor, self.search_field)
        self.suggestions = suggestions.attach(
            self.form, lambda field, typed: self.editing.store.suggestions(field, typed))

    def _after_first_paint(self) -> None:
        self.first_painted.emit()
        self._add_typing_aids()
        self.guard(self.model.complete)
        self.guard(self.refresh_quarter_bar)  # the quarters' counts, then errors and warnings in a thread
        self.country_names.start()  # in a background thread; the form shows names when it is done
        _spelling_service().start_loading()  # in a background thread; red lines appear when it is ready

    def finish_background_work(self, seconds: float = 3.0) -> None:
        """Before the program exits: its background threads are let finish what they are
        doing (at most `seconds` in all), so none is cut off inside a library at exit."""
        deadline = time.monotonic() + seconds
        for work in (self.quarter_counts, self.country_names, _spelling_service()):
            work.join(max(0.0, deadline - time.monotonic()))

    def reload_everything(self, drop_cache: bool = True) -> None:
        """After a change made outside this window (another program, an import, a merge)."""
        keep = self.current_event_id()
        self.model.reload(drop_cache=drop_cache)
        self.form.set_sections(self.store.sections())
        self.closing_editor.reload()
        self.refresh_quarter_bar()
        self._restore_selection(keep, self.table_view.current_row())
        self._show_search_count()

    def _select_first_event(self) -> None:
        self._restore_selection(None, 0)
        self.table_view.scrollToTop()  # the section row above the first event stays in view

    def current_event_id(self) -> int | None:
        return self.model.event_id_at(self.table_view.current_row())

    def select_event(self, event_id: int | None) -> bool:
        if event_id is None:
            return False
        row = self.model.row_of_event(event_id)
        if row is None and self.model.search:
            self.search_field.clear()
            row = self.model.row_of_event(event_id)
        if row is None and self.model.only is not None:
            self.show_all()
            row = self.model.row_of_event(event_id)
        if row is None:
            return False
        self.table_view.select_row(row)
        return True

    def _restore_selection(self, event_id: int | None, fallback_row: int) -> None:
        before = self.table_view.current_row()
        row = self.model.row_of_event(event_id) if event_id is not None else None
        if row is None:
            row = self._nearest_event_row(fallback_row)
        if row is None:
            self.table_view.clearSelection()
            self.table_view.setCurrentIndex(self.model.index(-1, -1))
            self.form.set_event(None)
        else:
            self.table_view.select_row(row)
        if self.table_view.current_row() == before:  # no current_row_changed: follow it here
            self._on_current_row(before)

    def _nearest_event_row(self, row: int) -> int | None:
        """The event row at `row` or the next one below it, else above; None if no event is shown."""
        count = self.model.rowCount()
        if count == 0:
            return None
        row = min(max(row, 0), count - 1)
        for candidate in (*range(row, count), *range(row - 1, -1, -1)):
            if not self.model.is_section_row(candidate):
                return candidate
        return None

    # --- reactions to changes ----------------------------------------------------------------------

    def _edit_from_table(self, event_id: int, field: str, value, version: int) -> bool:
        return self.editing.set_field(event_id, field, value, expected_version=version)

    def _on_event_changed(self, event_id: int) -> None:
        self.model.refresh_event(event_id)
        fresh = self.editing.fetch_event(event_id)
        if fresh is not None:
            self.form.refresh(fresh)
        self.refresh_summary()
        self._data_version = self.store.data_version()

    def _on_layout_changed(self, select_id) -> None:
        row = self.table_view.current_row()
        self.model.reload(drop_cache=True)
        if select_id is not None and self.model.row_of_event(select_id) is None and self.model.search:
            self.search_field.clear()  # show the event the change was about
        if select_id is not None and self.model.row_of_event(select_id) is None and self.model.only is not None:
            self.model.set_only(None)
            self.filter_bar.hide()
        self._restore_selection(select_id, row)  # the form and the actions follow (_on_current_row)
        self.refresh_quarter_bar()
        self._show_search_count()

    def _on_closing_changed(self, quarter: Quarter) -> None:
        if quarter == self.quarter:
            self.closing_editor.reload()
        self.refresh_summary()

    def _on_sections_changed(self) -> None:
        self.form.set_sections(self.store.sections())
        self._on_layout_changed(self.current_event_id())

    def _on_current_row(self, row: int) -> None:
        event_id = self.model.event_id_at(row)
        event = self.editing.fetch_event(event_id) if event_id is not None else None
        self.form.set_event(event, self.model.number_at(row))
        self._update_actions()

    def _update_actions(self) -> None:
        event_id = self.current_event_id()
        has_event = event_id is not None
        for name in ("duplicate", "delete", "move_to"):
            self.actions[name].setEnabled(has_event)
        first = last = True
        if has_event:
            event = self.editing.fetch_event(event_id)
            if event is not None:
                ends = self.store.section_ends(event.quarter, event.section_id)
                first, last = (ends[0] == event_id, ends[1] == event_id) if ends else (True, True)
        self.actions["up"].setEnabled(has_event and not first)
        self.actions["down"].setEnabled(has_event and not last)
        self.actions["undo"].setEnabled(self.editing.stack.canUndo())
        self.actions["redo"].setEnabled(self.editing.stack.canRedo())

    # --- actions ---------------------------------------------------------------------------------

    def commit_all_pending(self) -> None:
        """Save whatever is typed and not yet saved (cell editor, form, closing paragraph)."""
        self.table_view.commit_open_editor()
        self.form.commit_pending()
        self.closing_editor.commit_pending()

    def new_event(self) -> int | None:
        self.commit_all_pending()
        row = self.table_view.current_row()
        section_id = self.model.section_id_at(row)
        if section_id is None:
            section_id = self.store.sections()[0].id
        current = self.model.event_id_at(row)
        index = 0
        if current is not None:
            index = self.store.section_event_ids(self.quarter, section_id).index(current) + 1
        if self.model.search:
            self.search_field.clear()  # a new, empty event would not match the search
        new_id = self.editing.add_event(self.quarter, section_id, index)
        if new_id is not None:
            self.select_event(new_id)
            self.form.mark_new(new_id)
            self.show_form(True)
            self.form.focus_first_field()
        return new_id

    def duplicate_event(self) -> int | None:
        self.commit_all_pending()
        event_id = self.current_event_id()
        if event_id is None:
            return None
        return self.editing.duplicate(event_id)

    def delete_event(self) -> bool:
        self.commit_all_pending()
        event_id = self.current_event_id()
        if event_id is None:
            return False
        event = self.store.event(event_id)
        number = self.model.number_at(self.table_view.current_row())
        name = shorten(event.name, 88)
        question = (f"Удалить мероприятие № {number}" + (f" «{name}»" if name else "") + "?\n\n"
                    "Удаление можно отменить: Правка → Отменить (Ctrl+Z).")
        if not dialogs.ask_yes_no(self, question, "Удаление мероприятия", yes="Удалить", no="Не удалять"):
            return False
        return self.editing.delete(event_id)

    def move_event_by(self, step: int) -> bool:
        self.commit_all_pending()
        event_id = self.current_event_id()
        return event_id is not None and self.editing.move_by(event_id, step)

    def move_to_section(self, section_id: int) -> bool:
        self.commit_all_pending()
        event_id = self.current_event_id()
        return event_id is not None and self.editing.move(event_id, section_id)

    def _fill_move_menu(self) -> None:
        self.move_menu.clear()
        current = self.model.section_id_at(self.table_view.current_row())
        for section in self.store.sections():
            action = self.move_menu.addAction(section.title)
            action.setEnabled(section.id != current)
            action.triggered.connect(
                lambda _checked=False, section_id=section.id: self.guard(lambda: self.move_to_section(section_id)))

    def undo(self) -> None:
        self.commit_all_pending()
        self.editing.undo()

    def redo(self) -> None:
        self.commit_all_pending()
        self.editing.redo()

    # --- the period report and its figures ------------------------------------------------------

    def open_period_dialog(self):
        from smolevents.ui.period_dialog import PeriodDialog, default_period

        self.commit_all_pending()
        if self.period_dialog is None:
            self.period_dialog = PeriodDialog(self, default_period(self))
            self.period_dialog.destroyed.connect(lambda: setattr(self, "period_dialog", None))
        else:
            self.period_dialog.refresh()
        if self.period_dialog.isVisible():  # asked for again: brought to the front
            self.period_dialog.raise_()
            self.period_dialog.activateWindow()
        self.period_dialog.show()
        return self.period_dialog

    def show_only(self, event_ids: list[int], label: str) -> None:
        """Only these events in the table (a bar of a chart), starting at the first one's quarter."""
        self.commit_all_pending()
        if not event_ids:
            return
        first = self.store.event(event_ids[0])
        self.show_quarter(first.quarter)
        self.model.set_only(event_ids)
        self.filter_label.setText(f"Показаны: {label}")
        self.filter_bar.show()
        self._restore_selection(first.id, 0)
        self._show_search_count()

    def show_all(self) -> None:
        keep = self.current_event_id()
        self.model.set_only(None)
        self.filter_bar.hide()
        self._restore_selection(keep, 0)
        self._show_search_count()

    def show_event_anywhere(self, event_id: int) -> None:
        """Go to an event of any quarter (a period report's error)."""
        self.show_quarter(self.store.event(event_id).quarter)
        self.select_event(event_id)  # a search or a chart's filter that hides it is dropped

    def focus_search(self) -> None:
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    def _search_changed(self, text: str) -> None:
        self.commit_all_pending()
        keep = self.current_event_id()
        self.model.set_search(text)
        self._restore_selection(keep, 0)
        self._show_search_count()

    def _show_search_count(self) -> None:
        """The number found, true for the quarter shown now (after a switch, an edit, a reload)."""
        if self.model.search.strip():
            self.statusBar().showMessage(f"Найдено мероприятий: {self.model.event_count()}")
        else:
            self.statusBar().clearMessage()

    def _leave_search(self) -> None:
        self.search_field.clear()
        self.table_view.setFocus()

    def open_sections_dialog(self) -> SectionsDialog:
        self.commit_all_pending()
        if self.sections_dialog is None:
            from smolevents.ui.sections_dialog import SectionsDialog
            self.sections_dialog = SectionsDialog(self.editing, self)
        self.sections_dialog.reload()
        self.sections_dialog.open()
        return self.sections_dialog

    def new_quarter(self) -> Quarter | None:
        self.commit_all_pending()
        known = [quarter for quarter, _ in quarters_with_counts(self.store)]
        proposed = max(known).next() if known else Quarter.current()
        quarter = dialogs.choose_quarter(self, proposed)
        if quarter is None:
            return None
        self.store.ensure_report(quarter)
        self.show_quarter(quarter)
        self.refresh_quarter_bar()
        return quarter

    def draft_closing(self) -> None:
        self.commit_all_pending()
        if self.closing_editor.text().strip() and not dialogs.ask_yes_no(
                self, "Заменить текст заключительного абзаца черновиком, составленным по данным? "
                      "Прежний текст можно вернуть командой «Отменить».",
                "Заключительный абзац", yes="Заменить", no="Оставить как есть"):
            return
        from smolevents.core.report.closing_draft import draft_closing
        self.closing_editor.replace_text(draft_closing(self.store, self.quarter))
        self.closing_editor.text_edit.setFocus()

    def go_to_problem(self, severity: str) -> None:
        self.commit_all_pending()
        from smolevents.core.validation import check_quarter
        check = check_quarter(self.store.events(self.quarter), self.quarter, self.store.closing(self.quarter))
        for _number, problem in check.problems:
            if problem.severity != severity:
                continue
            if problem.event_id is None:
                self.closing_editor.text_edit.setFocus()
            else:
                self.select_event(problem.event_id)
                if problem.field in self.form.editors:
                    self.show_form(True)
                    self.form.editors[problem.field].setFocus()
            return

    # --- other copies of the program, other files --------------------------------------------------

    def poll_for_changes(self) -> bool:
        """Reload when another program changed the file; never while the clerk is typing."""
        try:
            version = self.store.data_version()
        except sqlite3.Error as error:  # e.g. the network folder went away: say so, try again later
            self.statusBar().showMessage(f"Нет доступа к файлу базы ({error}). Проверьте, доступна ли папка.",
                                         POLL_INTERVAL_MS * 2)
            return False
        if version == self._data_version:
            return False
        if self.table_view.is_editing() or self.form.has_pending() or self.closing_editor.has_pending():
            return False  # the next tick, after the typing is saved
        self._data_version = version
        self.reload_everything()
        self.statusBar().showMessage("Данные обновлены: файл изменен другой копией программы.", 8000)
        return True


    def switch_database(self, store: Store, path: Path) -> None:
        """Work on another file from now on (the old one is closed; its history too)."""
        old = self.store
        self.store = store
        self.db_path = Path(path)
        self.editing.store = store
        self.editing.stack.clear()
        _spelling_service().use_store(store)
        quarter = default_quarter(store)
        self.editing.current_quarter = quarter
        self.model.set_store(store, quarter)
        self.search_field.blockSignals(True)
        self.search_field.clear()
        self.search_field.blockSignals(False)
        self.form.set_event(None)
        self.form.set_sections(store.sections())
        self.closing_editor.set_quarter(quarter)
        if self.sections_dialog is not None:
            self.sections_dialog.reload()
        self._data_version = store.data_version()
        self._show_database()
        self.refresh_quarter_bar()
        self._select_first_event()
        if old is not store:
            old.close()

    # --- showing and closing -------------------------------------------------------------------

    def show_form(self, shown: bool) -> None:
        """Fold the form away beside the table (its width goes to the table), or bring it back."""
        sizes = self.main_splitter.sizes()
        total = sum(sizes)
        if shown and sizes[1] == 0:
            width = max(self.form.minimumSizeHint().width(), self.form.minimumWidth())
            self.main_splitter.setSizes([max(total - width, 0), width])
        elif not shown and sizes[1]:
            self.main_splitter.setSizes([total, 0])
        self.actions["show_form"].setChecked(self.main_splitter.sizes()[1] > 0)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        # Below ~1000 px (1366×768 at 150 %) the labels would push the search into "»".
        wide = event.size().width() >= TOOLBAR_LABELS_FROM
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon if wide
                                        else Qt.ToolButtonStyle.ToolButtonIconOnly)

    def show_fitting(self) -> None:
        """Show as the start-up does: maximized on a first start on a small screen."""
        self.showMaximized() if self.start_maximized else self.show()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.guard(self.commit_all_pending)
        self._poll_timer.stop()
        for field_suggestions in self.suggestions.values():
            field_suggestions.stop()
        window_settings.save_window(self, self._splitters(), self.table_view.horizontalHeader())
        super().closeEvent(event)


# What the menus do is imported when first asked for: none of it is needed to show the window.
def _file_actions():
    from smolevents.ui import file_actions
    return file_actions


def _report_actions():
    from smolevents.ui import report_actions
    return report_actions


def _paste_rows():
    from smolevents.ui import paste_rows
    return paste_rows


def _copy_past():
    from smolevents.ui import copy_past
    return copy_past


def _spelling_service():
    from smolevents.ui.spelling import spelling_service
    return spelling_service()


class _SearchField(QLineEdit):
    """Esc clears the search and goes back to the table: a key handler, not an event filter
    (see plain_text.TextField)."""

    escape_pressed = Signal()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.escape_pressed.emit()
            return
        super().keyPressEvent(event)
