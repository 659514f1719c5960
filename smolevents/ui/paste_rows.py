"""Ctrl+V on the table: rows copied from Word or Excel become the quarter's new events.

The clipboard is read by the core (`core/paste.py`); here it is only handed over and
the events are added after the selected one, in one undoable step. A single copied
cell goes into the selected cell instead, as a clerk pasting one value expects.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication

from smolevents.core.columns import COLUMNS
from smolevents.core.domain import Event
from smolevents.core.errors import UserError
from smolevents.core.text import plural
from smolevents.ui import dialogs

if TYPE_CHECKING:
    from smolevents.ui.main_window import MainWindow


def clipboard_contents() -> tuple[str | None, str | None]:
    mime = QGuiApplication.clipboard().mimeData()
    if mime is None:
        return None, None
    return (mime.html() if mime.hasHtml() else None), (mime.text() if mime.hasText() else None)


def paste(window: MainWindow) -> list[int]:
    """The pasted events' ids (empty when one cell was pasted into the selected cell)."""
    window.commit_all_pending()
    from smolevents.core.paste import read_pasted  # reads HTML: only when the clerk pastes
    html, text = clipboard_contents()
    pasted = read_pasted(html, text, window.quarter)
    if pasted.single_cell is not None:
        _into_current_cell(window, pasted.single_cell)
        return []
    store = window.store
    row = window.table_view.current_row()
    current_section = window.model.section_id_at(row) or store.sections()[0].id
    warnings = list(pasted.warnings)
    events = []
    for each in pasted.events:
        section = store.section_by_title(each.section_title) if each.section_title else None
        if each.section_title and section is None:
            warning = (f"Раздела «{each.section_title}» нет в перечне: его строки вставлены в выбранный раздел "
                       "(перенести: «Перенести в раздел»).")
            if warning not in warnings:
                warnings.append(warning)
        events.append(Event(id=None, uuid="", quarter=window.quarter, position=0,
                            section_id=section.id if section else current_section, **each.values))
    current = window.model.event_id_at(row)
    start = 0
    if current is not None:
        start = store.section_event_ids(window.quarter, current_section).index(current) + 1
    if window.model.search:
        window.search_field.clear()  # the new events would not all match it
    ids = window.editing.add_events(window.quarter, events, "вставка строк из таблицы",
                                    index_in={current_section: start})
    if ids:
        window.select_event(ids[0])
        count = len(ids)
        window.statusBar().showMessage(
            f"Вставлено {count} {plural(count, 'мероприятие', 'мероприятия', 'мероприятий')} "
            "(отменить — Ctrl+Z)", 15000)
    if warnings:
        dialogs.show_info(window, "\n".join(warnings), "Вставка строк")
    return ids


def _into_current_cell(window: MainWindow, value: str) -> None:
    index = window.table_view.currentIndex()
    event_id = window.model.event_id_at(index.row()) if index.isValid() else None
    spec = COLUMNS[index.column()] if index.isValid() else None
    if event_id is None or spec is None or spec.kind == "number":
        raise UserError("Скопирована одна ячейка: выберите ячейку мероприятия, в которую ее вставить, "
                        "или скопируйте строки таблицы целиком.")
    window.editing.set_field(event_id, spec.field, value)
