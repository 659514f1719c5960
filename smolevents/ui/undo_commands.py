"""Every change the clerk makes, as a QUndoCommand whose redo/undo call the core Store.

The first execution happens before the command goes onto the stack (see
`Editing.execute`), so a refusal from the core (a conflict, a section in use)
never leaves a command on the stack that did nothing. Undo and redo check that
the data is still what this command left; if another copy of the program changed
it meanwhile, they refuse with ConflictError instead of overwriting that work.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from smolevents.core.columns import COLUMN_BY_FIELD
from smolevents.core.domain import Event, Quarter, Section
from smolevents.core.errors import ConflictError

if TYPE_CHECKING:
    from smolevents.ui.editing import Editing

TYPING_MERGE_ID = 1001  # consecutive typing in one field of one event is one undo step
CLOSING_MERGE_ID = 1002

_CHANGED_ELSEWHERE = (
    "Отменить (повторить) не получилось: эти данные уже изменены в другом окне или другой "
    "копией программы. Показана свежая версия."
)


class StoreCommand(QUndoCommand):
    """A change in the store; the notifications tell the views what to reload."""

    def __init__(self, editing: Editing, text: str, quarter: Quarter):
        super().__init__(text)
        self.editing = editing
        self.quarter = quarter
        self._skip_redo = False

    # The first time: called by Editing.execute, errors reach the clerk directly.
    def do_first(self) -> None:
        self.apply()
        self._skip_redo = True

    def redo(self) -> None:
        if self._skip_redo:  # QUndoStack.push calls redo: the work is already done
            self._skip_redo = False
            self.notify(undoing=False, first=True)
            return
        self.editing.guarded(self, self.apply)

    def undo(self) -> None:
        self.editing.guarded(self, self.revert, undoing=True)

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError

    def notify(self, undoing: bool, first: bool = False) -> None:
        raise NotImplementedError


class EditFieldCommand(StoreCommand):
    def __init__(self, editing: Editing, event: Event, field: str, new, *,
                 expected_version: int | None, typing: bool):
        label = COLUMN_BY_FIELD[field].short_label
        super().__init__(editing, f"изменение поля «{label}»", event.quarter)
        self.event_id = event.id
        self.field = field
        self.old = event.value(field)
        self.new = new
        self.expected_version = expected_version
        self.typing = typing

    def apply(self) -> None:
        store = self.editing.store
        if self.expected_version is not None:  # the first time: the version the clerk saw
            store.update_event(self.event_id, expected_version=self.expected_version, **{self.field: self.new})
            self.expected_version = None
            return
        self._set(self.old, self.new)

    def revert(self) -> None:
        self._set(self.new, self.old)

    def _set(self, was, becomes) -> None:
        store = self.editing.store
        current = store.event(self.event_id)
        if current.value(self.field) != was:
            raise ConflictError(_CHANGED_ELSEWHERE)
        store.update_event(self.event_id, expected_version=current.version, **{self.field: becomes})

    def notify(self, undoing: bool, first: bool = False) -> None:
        self.editing.event_changed.emit(self.event_id)

    def id(self) -> int:
        return TYPING_MERGE_ID if self.typing else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (isinstance(other, EditFieldCommand) and other.typing
                and other.event_id == self.event_id and other.field == self.field):
            return False
        self.new = other.new
        return True


class InsertEventsCommand(StoreCommand):
    """Several new events at once (pasted rows, copies from a past quarter): one undo step,
    one transaction each way."""

    def __init__(self, editing: Editing, text: str, quarter: Quarter, create):
        super().__init__(editing, text, quarter)
        self._create = create  # () -> list[Event], the first time only
        self.event_ids: list[int] = []
        self._removed: list[Event] = []

    @property
    def event_id(self) -> int | None:  # the first one: shown after redo
        return self.event_ids[0] if self.event_ids else None

    def apply(self) -> None:
        store = self.editing.store
        if not self._removed:
            self.event_ids = [event.id for event in self._create()]
            return
        with store.transaction():
            for event in self._removed:  # in the order they stood: each position is free again
                store.restore_event(event)
        self._removed = []

    def revert(self) -> None:
        store = self.editing.store
        with store.transaction():
            self._removed = [store.delete_event(event_id) for event_id in self.event_ids]
        self._removed.sort(key=lambda event: (event.section_id, event.position))

    def notify(self, undoing: bool, first: bool = False) -> None:
        self.editing.layout_changed.emit(None if undoing else self.event_id)


class InsertEventCommand(InsertEventsCommand):
    """A new event or a copy: the list of one. Undo deletes it; redo puts the very same row back."""

    def __init__(self, editing: Editing, text: str, quarter: Quarter, create):
        super().__init__(editing, text, quarter, lambda: [create()])


class DeleteEventCommand(StoreCommand):
    def __init__(self, editing: Editing, event: Event):
        super().__init__(editing, "удаление мероприятия", event.quarter)
        self.event_id = event.id
        self._removed: Event | None = None

    def apply(self) -> None:
        self._removed = self.editing.store.delete_event(self.event_id)

    def revert(self) -> None:
        self.editing.store.restore_event(self._removed)

    def notify(self, undoing: bool, first: bool = False) -> None:
        self.editing.layout_changed.emit(self.event_id if undoing else None)


class MoveEventCommand(StoreCommand):
    def __init__(self, editing: Editing, event: Event, section_id: int, index: int | None, text: str):
        super().__init__(editing, text, event.quarter)
        self.event_id = event.id
        self.from_section = event.section_id
        self.from_index = editing.store.section_event_ids(event.quarter, event.section_id).index(event.id)
        self.to_section = section_id
        self.to_index = index

    def apply(self) -> None:
        self.editing.store.move_event(self.event_id, self.to_section, self.to_index)

    def revert(self) -> None:
        self.editing.store.move_event(self.event_id, self.from_section, self.from_index)

    def notify(self, undoing: bool, first: bool = False) -> None:
        self.editing.layout_changed.emit(self.event_id)


class SetCountriesCommand(StoreCommand):
    """The clerk's partner countries (confirmed), or the hand-back to the suggestion."""

    def __init__(self, editing: Editing, event: Event, codes: tuple[str, ...], confirmed: bool):
        super().__init__(editing, "изменение стран-партнеров", event.quarter)
        self.event_id = event.id
        self.old = (event.countries, event.countries_confirmed)
        self.new = (tuple(codes), confirmed)
        self._first = True

    def apply(self) -> None:
        if self._first:
            self._first = False
            self.editing.store.set_countries(self.event_id, self.new[0], confirmed=self.new[1])
            return
        self._set(self.old, self.new)

    def revert(self) -> None:
        self._set(self.new, self.old)

    def _set(self, was, becomes) -> None:
        store = self.editing.store
        with store.transaction():
            current = store.event(self.event_id)
            # An unconfirmed suggestion follows the text: only the confirmation is compared then.
            if current.countries_confirmed != was[1] or (was[1] and current.countries != was[0]):
                raise ConflictError(_CHANGED_ELSEWHERE)
            store.set_countries(self.event_id, becomes[0], confirmed=becomes[1])

    def notify(self, undoing: bool, first: bool = False) -> None:
        self.editing.event_changed.emit(self.event_id)


class EditClosingCommand(StoreCommand):
    def __init__(self, editing: Editing, quarter: Quarter, old: str, new: str, typing: bool):
        super().__init__(editing, "изменение заключительного абзаца", quarter)
        self.old = old
        self.new = new
        self.typing = typing
        self._first = True

    def apply(self) -> None:
        if self._first:
            self._first = False
            self.editing.store.set_closing(self.quarter, self.new)
            return
        self._set(self.old, self.new)

    def revert(self) -> None:
        self._set(self.new, self.old)

    def _set(self, was: str, becomes: str) -> None:
        store = self.editing.store
        with store.transaction():
            if store.closing(self.quarter) != was:
                raise ConflictError(_CHANGED_ELSEWHERE)
            store.set_closing(self.quarter, becomes)

    def notify(self, undoing: bool, first: bool = False) -> None:
        self.editing.closing_changed.emit(self.quarter)

    def id(self) -> int:
        return CLOSING_MERGE_ID if self.typing else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (isinstance(other, EditClosingCommand) and other.typing and other.quarter == self.quarter):
            return False
        self.new = other.new
        return True


# --- sections ----------------------------------------------------------------------------


class SectionCommand(StoreCommand):
    """The catalogue belongs to no quarter: undoing it keeps the quarter shown."""

    def __init__(self, editing: Editing, text: str):
        super().__init__(editing, text, None)

    def notify(self, undoing: bool, first: bool = False) -> None:
        self.editing.sections_changed.emit()


class AddSectionCommand(SectionCommand):
    def __init__(self, editing: Editing, title: str):
        super().__init__(editing, "новый раздел")
        self.title = title
        self.section: Section | None = None
        self.index = 0

    def apply(self) -> None:
        store = self.editing.store
        if self.section is None:
            self.section = store.add_section(self.title)
            self.index = len(store.sections()) - 1
        else:
            store.restore_section(self.section, self.index)

    def revert(self) -> None:
        self.editing.store.delete_section(self.section.id)


class DeleteSectionCommand(SectionCommand):
    def __init__(self, editing: Editing, section: Section):
        super().__init__(editing, "удаление раздела")
        self.section = section
        self.index = [each.id for each in editing.store.sections()].index(section.id)

    def apply(self) -> None:
        self.editing.store.delete_section(self.section.id)

    def revert(self) -> None:
        self.editing.store.restore_section(self.section, self.index)


class RenameSectionCommand(SectionCommand):
    def __init__(self, editing: Editing, section: Section, title: str):
        super().__init__(editing, "переименование раздела")
        self.section_id = section.id
        self.old = section.title
        self.new = title

    def apply(self) -> None:
        self.new = self.editing.store.rename_section(self.section_id, self.new).title

    def revert(self) -> None:
        self.editing.store.rename_section(self.section_id, self.old)


class MoveSectionCommand(SectionCommand):
    def __init__(self, editing: Editing, section: Section, index: int):
        super().__init__(editing, "перемещение раздела")
        self.section_id = section.id
        self.old_index = [each.id for each in editing.store.sections()].index(section.id)
        self.new_index = index

    def apply(self) -> None:
        self.editing.store.move_section(self.section_id, self.new_index)

    def revert(self) -> None:
        self.editing.store.move_section(self.section_id, self.old_index)
