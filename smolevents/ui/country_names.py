"""Loads the country index (core.countries) in a background thread after the window shows.

Building it reads pycountry and pymorphy3 (~0.1 s from its cache, ~1 s the first
time): never on the window's start-up path. When it is ready the form's countries
field shows names instead of codes and completes them as typed.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, Signal

from smolevents.core import countries

log = logging.getLogger(__name__)


class CountryNamesLoader(QObject):
    ready = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if countries.is_loaded():
            self.ready.emit()
            return
        if self._thread is None:
            self._thread = threading.Thread(target=self._load, name="country-names", daemon=True)
            self._thread.start()

    def wait(self, timeout: float = 30.0) -> None:
        """For tests: block until the loading thread ends."""
        if self._thread is not None:
            self._thread.join(timeout)

    def _load(self) -> None:
        try:
            countries.index()
        except Exception:  # noqa: BLE001 - without the index the form shows codes; the rest works
            log.exception("country names not loaded")
            return
        self.ready.emit()
