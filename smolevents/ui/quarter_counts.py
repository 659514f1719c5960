"""The quarter bar's counts, read in a worker thread so the window never waits for them.

Counting errors and warnings reads every event's text: 0.1 s over 20 000 events,
0.5 s over 100 000 — a freeze after each edit if done on the window's thread. A
database file is counted by a second connection in a worker thread (SQLite runs
the query without holding Python's lock); requests made meanwhile collapse into
one more run with the latest quarter. A database in memory (tests, the
self-test) has no second connection: it is counted at once.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from smolevents.core.domain import Quarter
from smolevents.core.errors import UserError
from smolevents.core.store import Store
from smolevents.core.store.quarter_summary import QuarterSummary, summarize, summarize_file


class QuarterCounts(QObject):
    ready = Signal(object)  # QuarterSummary, delivered on the window's thread

    POLL_MS = 15  # how often the window's thread looks for a finished count while one runs

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._lock = threading.Lock()
        self._running = False
        self._wanted: tuple[Path, Quarter] | None = None
        self._done: list[QuarterSummary] = []
        self._worker: threading.Thread | None = None
        # The worker never touches Qt (a window closed meanwhile would be gone under it):
        # it leaves its result here, and this timer, on the window's thread, hands it on.
        self._timer = QTimer(self)
        self._timer.setInterval(self.POLL_MS)
        self._timer.timeout.connect(self._deliver)

    def request(self, store: Store, quarter: Quarter) -> None:
        """Count `quarter` of `store`; `ready` carries the result (at once for a database in memory)."""
        if store.path is None:
            self.ready.emit(summarize(store, quarter))
            return
        with self._lock:
            self._wanted = (store.path, quarter)
            if self._running:
                return  # the running count starts again with this request when it ends
            self._running = True
        self._timer.start()
        self._worker = threading.Thread(target=self._count, name="quarter-counts", daemon=True)
        self._worker.start()

    def wait(self, timeout: float = 10.0) -> None:
        """Until the counts asked for so far are handed on (tests, benchmarks)."""
        worker = self._worker
        if worker is not None:
            worker.join(timeout)
        self._deliver()

    def join(self, timeout: float) -> None:
        """The program's exit: the count running is let finish (bounded), nothing handed on."""
        worker = self._worker
        if worker is not None:
            worker.join(timeout)

    def _deliver(self) -> None:
        with self._lock:
            done, self._done = self._done, []
            if not self._running:
                self._timer.stop()
        for summary in done:
            self.ready.emit(summary)

    def _count(self) -> None:
        while True:
            with self._lock:
                wanted, self._wanted = self._wanted, None
                if wanted is None:
                    self._running = False
                    return
            path, quarter = wanted
            try:
                summary = summarize_file(path, quarter)
            except (sqlite3.Error, UserError, OSError):
                continue  # the file went away or is busy: the counts stay as they were until the next change
            with self._lock:
                self._done.append(summary)
