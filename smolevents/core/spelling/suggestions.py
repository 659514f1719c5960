"""Suggestions worked out before the clerk asks for them.

Hunspell takes 0.2–0.4 s to suggest corrections for a long Russian word. The window
asks for them here as soon as a word is underlined; a worker thread with its own
dictionary instance (Hunspell handles are not shared between threads) computes them,
so the right-click menu usually finds them ready. Only for an engine whose calls
release the GIL (pyenchant's C library): a pure-Python engine would take the time
from the window's own thread instead.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable

from smolevents.core.spelling.checker import SpellChecker
from smolevents.core.spelling.engine import Engine

log = logging.getLogger(__name__)


class SuggestionPrefetcher:
    def __init__(self, checker: SpellChecker, make_engine: Callable[[], Engine]):
        self._checker = checker
        self._make_engine = make_engine
        self._queue: queue.Queue[str] = queue.Queue()
        self._done: dict[str, threading.Event] = {}
        self._results: dict[str, list[str] | None] = {}
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def request(self, word: str) -> None:
        """Start working out `word`'s suggestions (once per word)."""
        with self._lock:
            if word in self._done:
                return
            self._done[word] = threading.Event()
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="spelling-suggestions", daemon=True)
                self._thread.start()
        self._queue.put(word)

    def get(self, word: str, timeout: float) -> list[str] | None:
        """The suggestions when ready within `timeout` seconds; None if never asked or not ready."""
        done = self._done.get(word)
        if done is None or not done.wait(timeout):
            return None
        return self._results.get(word)

    def _run(self) -> None:
        try:
            engine = self._make_engine()
        except Exception:  # no second instance: the menu asks the checker itself
            log.exception("suggestion engine not loaded")
            engine = None
        while True:
            word = self._queue.get()
            try:
                self._results[word] = self._checker.suggest(word, engine=engine) if engine else None
            except Exception:
                log.exception("suggestions for %r failed", word)
                self._results[word] = None
            finally:
                self._done[word].set()
