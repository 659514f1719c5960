"""Loads the country index (core.countries) in a background thread after the window shows.

Building it reads pycountry and pymorphy3 (~0.1 s from its cache, ~1 s the first
time): never on the window's start-up path. When it is ready the form's countries
field shows names instead of codes and completes them as typed.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

from smolevents.ui.background_load import BackgroundLoad


def loaded_countries():
    """`core.countries` once its index is in memory, else None; never imports it (the
    loading thread does, after the first paint: until then the form shows codes)."""
    countries = sys.modules.get("smolevents.core.countries")
    return countries if countries is not None and countries.is_loaded() else None


def _load_index():
    # Imported by the loading thread: the module itself (its classes, patterns, json) is
    # no part of the first paint either.
    from smolevents.core import countries

    return countries.index()


class CountryNamesLoader(QObject):
    ready = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._loading = BackgroundLoad(_load_index, "country-names", self)
        self._loading.done.connect(lambda _index: self.ready.emit())

    def start(self) -> None:
        if loaded_countries() is not None:
            self.ready.emit()
            return
        self._loading.start()  # without the index (it failed) the form shows codes; the rest works

    def wait(self, timeout: float = 30.0) -> None:
        """For tests: block until the loading thread ends (and say so if it loaded)."""
        self._loading.wait(timeout)

    def join(self, timeout: float) -> None:
        """The program's exit: the loading thread is let finish (bounded), not cut off."""
        self._loading.join(timeout)
