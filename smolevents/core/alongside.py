"""Work run in a thread of its own beside the caller's, its failure handed back to it.

The caller goes on with its own part (SQLite and lxml let go of Python's lock while they
work, so on two cores the two take the time of the longer), then joins the thread and
decides when the work's failure is raised: the vetting raises its steps' verdicts in the
steps' order, import-docx after the document's own refusals.
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class Alongside:
    """`work()` in a daemon thread named `name`, once `start`ed."""

    def __init__(self, work: Callable[[], object], name: str) -> None:
        self.failure: BaseException | None = None  # what `work` raised, for the joining thread
        self._work = work
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> Alongside:
        self._thread.start()
        return self

    def _run(self) -> None:
        try:
            self._work()
        except BaseException as failure:  # noqa: BLE001 - handed to the joining thread as it is
            self.failure = failure

    def join(self) -> None:
        """Waits for the work (nothing to wait for when it was never started)."""
        if self._thread.ident is not None:
            self._thread.join()

    def raise_failure(self) -> None:
        """Raises what the work raised, once."""
        if self.failure is not None:
            failure, self.failure = self.failure, None
            raise failure
