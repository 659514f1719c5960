"""A merge as one step of the window's undo history.

The merge is written by the dialog (one transaction, a copy of the database kept
beside it); this command only remembers it: undo puts the database back as it was
before (refused if another copy of the program changed it since), redo merges the
same plan with the same choices again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from smolevents.core.merge import apply_merge, undo_merge
from smolevents.ui import merge_summary
from smolevents.ui.merge_dialog import AppliedMerge
from smolevents.ui.undo_commands import StoreCommand

if TYPE_CHECKING:
    from smolevents.ui.main_window import MainWindow


class MergeCommand(StoreCommand):
    def __init__(self, window: MainWindow, applied: AppliedMerge):
        quarter = applied.result.main_quarter or window.editing.current_quarter
        super().__init__(window.editing, "объединение с файлами", quarter)
        self.window = window
        self.applied = applied

    def apply(self) -> None:  # redo
        store = self.editing.store
        result = apply_merge(store, self.applied.plan, self.applied.decisions, keep_snapshot=True)
        self.applied = self.applied._replace(result=result)

    def revert(self) -> None:
        undo_merge(self.editing.store, self.applied.result)

    def notify(self, undoing: bool, first: bool = False) -> None:
        window = self.window
        window.reload_everything()
        if undoing:
            merge_summary.close_summary(window)
            window.statusBar().showMessage("Объединение отменено: база такая же, как до него.", 8000)
            return
        if self.quarter != window.quarter:
            window.show_quarter(self.quarter)
        merge_summary.show_summary(window, self.applied.result)


def record_merge(window: MainWindow, applied: AppliedMerge) -> None:
    """Put the merge the dialog has just written on the undo stack and show what it did."""
    command = MergeCommand(window, applied)
    command._skip_redo = True  # written already; push() only shows it
    window.editing.stack.push(command)
