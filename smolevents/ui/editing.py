"""The one path every change takes: a command onto the QUndoStack, the Store underneath.

The table model, the form, the closing editor and the sections dialog all call
these methods; none of them writes to the store itself. After each change the
signals tell every view what to reload, so an edit in one shows in all at once.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from smolevents.core.dates import EventDates
from smolevents.core.domain import Event, Quarter, Section
from smolevents.core.errors import UserError
from smolevents.core.store import Store
from smolevents.ui.undo_commands import (
    AddSectionCommand, DeleteEventCommand, DeleteSectionCommand, EditClosingCommand,
    EditFieldCommand, InsertEventCommand, InsertEventsCommand, MoveEventCommand, MoveSectionCommand,
    RenameSectionCommand, SetCountriesCommand, StoreCommand,
)

HISTORY_CLEARED = " Список отмены очищен, чтобы не затереть чужие правки."


class Editing(QObject):
    event_changed = Signal(int)  # one event's text or dates
    layout_changed = Signal(object)  # events added, removed or moved; the event id to select or None
    closing_changed = Signal(object)  # Quarter
    sections_changed = Signal()
    failed = Signal(str)  # a refusal from the core, in Russian, to show as it is
    quarter_wanted = Signal(object)  # undo/redo touched another quarter than the one shown
    focus_wanted = Signal(int)  # undo/redo changed this event: show it to the clerk

    def __init__(self, store: Store, quarter: Quarter, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        self.current_quarter = quarter
        self.stack = QUndoStack(self)
        self._failure: BaseException | None = None

    # --- the mechanism ------------------------------------------------------------------

    def execute(self, command: StoreCommand) -> bool:
        """Do the change; only a change that happened goes onto the stack."""
        try:
            command.do_first()
        except UserError as error:
            self.failed.emit(str(error))
            self.layout_changed.emit(getattr(command, "event_id", None))  # show the fresh data
            return False
        self.stack.push(command)
        return True

    def guarded(self, command: StoreCommand, action, undoing: bool = False) -> None:
        """Run an undo or redo; a failure is kept for `undo()`/`redo()` to report."""
        try:
            action()
        except Exception as error:  # noqa: BLE001 - re-raised or reported right after the stack call
            self._failure = error
            return
        if command.quarter is not None and command.quarter != self.current_quarter:
            self.quarter_wanted.emit(command.quarter)
        command.notify(undoing=undoing)
        event_id = getattr(command, "event_id", None)
        if event_id is not None:
            self.focus_wanted.emit(event_id)

    def undo(self) -> None:
        self._through_stack(self.stack.undo)

    def redo(self) -> None:
        self._through_stack(self.stack.redo)

    def _through_stack(self, step) -> None:
        self._failure = None
        step()
        failure, self._failure = self._failure, None
        if failure is None:
            return
        # The stack now disagrees with the file: start a fresh history rather than guess.
        self.stack.clear()
        self.layout_changed.emit(None)
        self.closing_changed.emit(self.current_quarter)
        self.sections_changed.emit()
        if isinstance(failure, UserError):
            self.failed.emit(str(failure) + HISTORY_CLEARED)
        else:
            raise failure

    # --- events ----------------------------------------------------------------------------

    def set_field(self, event_id: int, field: str, value, *, expected_version: int | None = None,
                  typing: bool = False) -> bool:
        """Change one field; `expected_version` is the version the clerk was looking at."""
        try:
            event = self.store.event(event_id)
        except UserError as error:
            self.failed.emit(str(error))
            self.layout_changed.emit(None)
            return False
        if field == "dates" and isinstance(value, str):
            value = EventDates.parse(value, event.quarter)  # a date without its year: the quarter's
        if event.value(field) == value:
            if expected_version not in (None, event.version):
                self.event_changed.emit(event_id)  # nothing to write, but the view is behind
            return True
        return self.execute(EditFieldCommand(
            self, event, field, value, expected_version=expected_version, typing=typing,
        ))

    def add_event(self, quarter: Quarter, section_id: int, index: int | None = None, **fields) -> int | None:
        command = InsertEventCommand(
            self, "новое мероприятие", quarter,
            lambda: self.store.add_event(quarter, section_id, index=index, **fields),
        )
        return command.event_id if self.execute(command) else None

    def add_events(self, quarter: Quarter, events: list[Event], text: str,
                   index_in: dict[int, int] | None = None) -> list[int]:
        """New events in one undo step (and one transaction); `index_in`: section id → where
        in that section the first of them goes (the others follow it), else at its end."""
        def create() -> list[Event]:
            made = []
            with self.store.transaction():
                for event in events:
                    index = None
                    if index_in and event.section_id in index_in:
                        index = index_in[event.section_id]
                        index_in[event.section_id] += 1
                    made.extend(self.store.insert_events([event], index=index))
            return made
        command = InsertEventsCommand(self, text, quarter, create)
        return command.event_ids if self.execute(command) else []

    def duplicate(self, event_id: int) -> int | None:
        event = self.store.event(event_id)
        command = InsertEventCommand(
            self, "копия мероприятия", event.quarter, lambda: self.store.duplicate_event(event_id),
        )
        return command.event_id if self.execute(command) else None

    def delete(self, event_id: int) -> bool:
        return self.execute(DeleteEventCommand(self, self.store.event(event_id)))

    def move(self, event_id: int, section_id: int, index: int | None = None) -> bool:
        event = self.store.event(event_id)
        text = "перемещение мероприятия" if section_id == event.section_id else "перенос в другой раздел"
        return self.execute(MoveEventCommand(self, event, section_id, index, text))

    def move_by(self, event_id: int, step: int) -> bool:
        """One place up (-1) or down (+1) inside its section; False at the edge."""
        event = self.store.event(event_id)
        ids = self.store.section_event_ids(event.quarter, event.section_id)
        index = ids.index(event_id) + step
        if not 0 <= index < len(ids):
            return False
        return self.move(event_id, event.section_id, index)

    def set_countries(self, event_id: int, codes: tuple[str, ...], confirmed: bool = True) -> bool:
        """The partner countries the clerk confirmed or typed; `confirmed=False`: back to the suggestion."""
        event = self.fetch_event(event_id)
        if event is None:
            self.layout_changed.emit(None)
            return False
        if (event.countries, event.countries_confirmed) == (tuple(codes), confirmed) or (
                not confirmed and not event.countries_confirmed):
            return True
        return self.execute(SetCountriesCommand(self, event, tuple(codes), confirmed))

    # --- the quarter's closing paragraph ----------------------------------------------------

    def set_closing(self, quarter: Quarter, text: str, typing: bool = False) -> bool:
        old = self.store.closing(quarter)
        if old == text:
            return True
        return self.execute(EditClosingCommand(self, quarter, old, text, typing))

    # --- sections -------------------------------------------------------------------------------

    def add_section(self, title: str) -> bool:
        return self.execute(AddSectionCommand(self, title))

    def rename_section(self, section: Section, title: str) -> bool:
        return self.execute(RenameSectionCommand(self, section, title))

    def move_section(self, section: Section, index: int) -> bool:
        return self.execute(MoveSectionCommand(self, section, index))

    def delete_section(self, section: Section) -> bool:
        return self.execute(DeleteSectionCommand(self, section))

    # --- convenience for views ------------------------------------------------------------------

    def fetch_event(self, event_id: int) -> Event | None:
        try:
            return self.store.event(event_id)
        except UserError:
            return None
