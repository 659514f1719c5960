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


def test_a_function_taken_from_a_deferred_module_imports_it_when_first_called(monkeypatch):
    monkeypatch.delitem(sys.modules, "colorsys", raising=False)
    defer("colorsys", "rgb_to_hsv")
    from colorsys import rgb_to_hsv

    assert "hls_to_rgb" not in vars(sys.modules["colorsys"])  # taken, not imported
    assert rgb_to_hsv(1.0, 0.0, 0.0) == (0.0, 1.0, 1.0)
    assert "hls_to_rgb" in vars(sys.modules["colorsys"])
    assert rgb_to_hsv(0.0, 0.0, 1.0) == sys.modules["colorsys"].rgb_to_hsv(0.0, 0.0, 1.0)


def test_the_command_line_and_lxml_import_without_inspect():
    import subprocess

    code = ("import sys\n"
            "import smolevents.cli.main, lxml.etree\n"
            "print(sorted(name for name in ('inspect', 'ast', 'dis', 'linecache') if name in sys.modules\n"
            "             and type(sys.modules[name]).__name__ != '_StandIn'))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.strip() == "[]", result.stdout + result.stderr
