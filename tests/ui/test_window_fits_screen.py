"""The window on the screens office PCs have: 1366×768, 1024×640, and at 150 % scaling.

Each screen is its own process (tests/ui/screen_probe.py): the offscreen platform takes
the screen's size when the application starts.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def probe(width: int, height: int, scale: str = "1") -> dict:
    env = dict(os.environ, QT_SCALE_FACTOR=scale, PYTHONPATH=os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]))
    result = subprocess.run([sys.executable, "-m", "tests.ui.screen_probe", str(width), str(height)],
                            capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def at_1366():
    return at_1366_or(1366, 768, "1")


@pytest.mark.parametrize("width, height, scale", [(1366, 768, "1"), (1024, 640, "1"), (1024, 600, "1"),
                                                  (1920, 1080, "1.5"), (1366, 768, "1.25"), (1366, 768, "1.5")])
def test_every_visible_widget_lies_inside_the_screen(width, height, scale):
    facts = at_1366_or(width, height, scale)
    assert facts["window_inside"], facts
    assert facts["outside"] == []
    assert facts["hidden_columns"] == [] and not facts["horizontal_scroll"]
    assert facts["quarter_text_fits"]  # "II квартал 2023 — 47 мероприятий", not "— 47 мерог"
    assert facts["search_shown"]  # not folded into the toolbar's "»"


_cache: dict = {}


def at_1366_or(width, height, scale):
    key = (width, height, scale)
    if key not in _cache:
        _cache[key] = probe(width, height, scale)
    return _cache[key]


def test_at_1366_all_six_columns_show_without_sideways_scrolling(at_1366):
    assert at_1366["window"][2] <= 1366 and at_1366["window"][3] <= 768
    assert at_1366["hidden_columns"] == [] and not at_1366["horizontal_scroll"]
    number, *texts = at_1366["columns"]
    assert sum(at_1366["columns"]) <= at_1366["viewport"] + 1
    assert min(texts) >= 100  # every text column wide enough to read, not a sliver


def test_column_widths_follow_a_resize(at_1366):
    before, after = at_1366["columns"], at_1366["after_resize"]["columns"]
    assert at_1366["after_resize"]["viewport"] < at_1366["viewport"]
    assert sum(after) <= at_1366["after_resize"]["viewport"] + 1 and not at_1366["after_resize"]["horizontal_scroll"]
    assert all(narrower <= wider for narrower, wider in zip(after, before)) and after != before
