"""Work done in a background thread whose result the window's thread picks up.

The thread never touches Qt: a window closed while it works is deleted under it, and
a signal emitted from the thread then fails ("Signal source has been deleted") or, at
exit, crashes. The thread leaves its result here; a timer on the owner's thread hands
it on, and goes with the owner.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

POLL_MS = 50  # how soon after the work ends its result is handed on


class BackgroundLoad(QObject):
    done = Signal(object)  # the work's result; not emitted when the work failed

    def __init__(self, work: Callable[[], object], name: str, parent: QObject | None = None):
        super().__init__(parent)
        self._work = work
        self._name = name
        self._thread: threading.Thread | None = None
        self._result: tuple[object] | None = None  # (result,) once the work succeeded
        self._handed_on = False
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._deliver)

    @property
    def started(self) -> bool:
        return self._thread is not None

    def start(self) -> None:
        """Runs the work once (later calls do nothing)."""
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
        self._timer.start()
        self._thread.start()

    def wait(self, timeout: float = 30.0) -> None:
        """Until the work ends, then its result handed on at once (tests, benchmarks)."""
        self.join(timeout)
        self._deliver()

    def join(self, timeout: float) -> None:
        """Until the work ends or `timeout` seconds pass; nothing handed on (the program's exit)."""
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        try:
            result = self._work()
        except Exception:  # noqa: BLE001 - the window goes on without it; the log says why
            import logging  # only when it failed: logging is no part of the window's start-up

            logging.getLogger(__name__).exception("%s: not loaded", self._name)
            return
        self._result = (result,)

    def _deliver(self) -> None:
        if self._thread is None or self._thread.is_alive():
            return
        self._timer.stop()
        if self._result is not None and not self._handed_on:
            self._handed_on = True
            self.done.emit(self._result[0])
