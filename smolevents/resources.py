"""Files the program loads at run time (the icon), found the same way frozen or not.

Unfrozen, `resources/` sits at the repository root beside the package. In a
PyInstaller build the spec copies it to `resources/` inside the bundle, whose root
PyInstaller exposes as `sys._MEIPASS`. No Qt here: the core and the CLI may ask too.
"""

from __future__ import annotations

import sys
from pathlib import Path

ICON_SVG = "icon.svg"
ICON_PNG = "icon.png"
ICON_ICO = "smolevents.ico"


def resources_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(name: str) -> Path:
    """The path of resources/<name>; it may not exist (an installed wheel has no resources/)."""
    return resources_dir() / name


def window_icon_path() -> Path | None:
    """The best icon file for a window: the PNG (no SVG plugin needed), else the SVG."""
    for name in (ICON_PNG, ICON_SVG):
        path = resource_path(name)
        if path.is_file():
            return path
    return None
