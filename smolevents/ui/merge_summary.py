"""After a merge: what it did, per section, with links to the rows; it stays until closed."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QDockWidget, QTextBrowser

from smolevents.core.merge_result import MergedRow, MergeResult
from smolevents.core.text import plural

if TYPE_CHECKING:
    from smolevents.ui.main_window import MainWindow

OBJECT_NAME = "merge_summary"
# Links listed per section and kind (added, updated, left out); the counts stay whole. More
# than a coordinator reads, and Qt lays a long list out in time that grows faster than it:
# a merge of 100 000 events (12 000 a section) took 48 s to show, the window frozen.
LISTED_EACH = 300
LINK_SCHEME = "event"


class MergeSummary(QDockWidget):
    def __init__(self, window: MainWindow):
        super().__init__("Итог объединения", window)
        self.setObjectName(OBJECT_NAME)
        self.window_ = window
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._go_to)
        self.setWidget(self.browser)
        self.setAllowedAreas(Qt.DockWidgetArea.BottomDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea)

    def show_result(self, result: MergeResult) -> None:
        catalogue = {section.title.casefold(): index for index, section in enumerate(self.window_.store.sections())}
        self.browser.setHtml(summary_html(result, catalogue))

    def _go_to(self, url: QUrl) -> None:
        if url.scheme() == LINK_SCHEME:
            self.window_.guard(lambda: go_to_event(self.window_, url.path()))


def go_to_event(window: MainWindow, uuid: str) -> bool:
    event = window.store.event_by_uuid(uuid)
    if event is None:
        window.statusBar().showMessage("Этого мероприятия в базе уже нет (удалено после объединения).", 8000)
        return False
    window.show_quarter(event.quarter)
    return window.select_event(event.id)


def _link(row: MergedRow, text: str) -> str:
    return f'<a href="{LINK_SCHEME}:{html.escape(row.uuid)}">{html.escape(" ".join(text.split()) or "(без названия)")}</a>'


def summary_html(result: MergeResult, catalogue: dict[str, int] | None = None) -> str:
    """The summary as rich text; sections in the report's order (`catalogue`: title → place)."""
    parts = [f"<p><b>Объединено: {html.escape(result.summary())}.</b>"]
    if result.backup is not None:
        parts.append(f"<br>Копия базы до объединения: {html.escape(str(result.backup))} "
                     "(отменить объединение: Ctrl+Z)")
    parts.append("</p>")
    outcomes = result.by_section()
    if catalogue is not None:
        outcomes.sort(key=lambda each: (each.quarter.year, each.quarter.quarter,
                                        catalogue.get(each.section_title.casefold(), len(catalogue))))
    for outcome in outcomes:
        counts = (f"добавлено {len(outcome.added)}, обновлено {len(outcome.updated)}, "
                  f"не добавлено {len(outcome.left_out)}")
        parts.append(f"<p><b>{html.escape(outcome.quarter.label)} · {html.escape(outcome.section_title)}</b>: "
                     f"{counts}</p><ul>")
        for row in outcome.added[:LISTED_EACH]:
            parts.append(f"<li>добавлено: {_link(row, row.name)} <i>(из «{html.escape(row.source)}»)</i></li>")
        parts.append(_more(outcome.added, "добавленное"))
        for row in outcome.updated[:LISTED_EACH]:
            parts.append(f"<li>обновлено: {_link(row, row.name)} <i>(из «{html.escape(row.source)}»: "
                         f"{html.escape(', '.join(_field_labels(row.fields)))})</i></li>")
        parts.append(_more(outcome.updated, "обновленное"))
        for row in outcome.left_out[:LISTED_EACH]:
            parts.append(f"<li>не добавлено: «{html.escape(' '.join(row.name.split()))}» из "
                         f"«{html.escape(row.source)}» — дубль {_link(row, 'уже внесенного')}</li>")
        parts.append(_more(outcome.left_out, "не добавленное"))
        parts.append("</ul>")
    return "".join(parts)


def _more(rows, kind: str) -> str:
    """The line that stands for the rows of a section past the first LISTED_EACH; `kind`:
    the participle as after 1 ("добавленное")."""
    more = len(rows) - LISTED_EACH
    if more <= 0:
        return ""
    words = plural(more, f"{kind} мероприятие", f"{kind[:-2]}ых мероприятия", f"{kind[:-2]}ых мероприятий")
    return f"<li><i>… и еще {more} {words} в этом разделе (все они в таблице квартала)</i></li>"


def _field_labels(fields: tuple[str, ...]) -> list[str]:
    from smolevents.core.merge import FIELD_LABELS
    return [FIELD_LABELS[name].lower() for name in fields]


def summary_of(window: MainWindow) -> MergeSummary | None:
    return window.findChild(MergeSummary, OBJECT_NAME)


def show_summary(window: MainWindow, result: MergeResult) -> MergeSummary:
    dock = summary_of(window)
    if dock is None:
        dock = MergeSummary(window)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    dock.show_result(result)
    dock.show()
    dock.raise_()
    return dock


def close_summary(window: MainWindow) -> None:
    dock = summary_of(window)
    if dock is not None:
        dock.close()
