"""A standard module imported at its first use (smolevents.cli.deferred_import)."""

from __future__ import annotations

import sys
import threading

from smolevents.cli.deferred_import import defer


def test_a_deferred_module_is_imported_at_its_first_use_and_answers_through_its_stand_in(monkeypatch):
    monkeypatch.delitem(sys.modules, "colorsys", raising=False)
    defer("colorsys")
    import colorsys as stand_in

    assert "rgb_to_hsv" not in vars(stand_in)  # not imported yet
    assert stand_in.rgb_to_hsv(1.0, 0.0, 0.0) == (0.0, 1.0, 1.0)
    import colorsys as real

    assert real is sys.modules["colorsys"] and real is not stand_in
    assert stand_in.hls_to_rgb is real.hls_to_rgb


def test_threads_asking_at_once_get_one_module(monkeypatch):
    monkeypatch.delitem(sys.modules, "colorsys", raising=False)
    defer("colorsys")
    import colorsys as stand_in

    found = []
    threads = [threading.Thread(target=lambda: found.append(stand_in.rgb_to_yiq)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(found) == 8 and len(set(found)) == 1 and found[0] is sys.modules["colorsys"].rgb_to_yiq


def test_a_module_imported_already_is_left_alone():
    import json

    defer("json")
    assert sys.modules["json"] is json
