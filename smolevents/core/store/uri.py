"""SQLite URIs for opening a database file read-only, where it lies (no copy)."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote


def read_only_uri(absolute_path: str | Path, *, windows: bool = os.name == "nt") -> str:
    r"""SQLite's read-only URI for a file, with no authority (host) part.

    Not `Path.resolve().as_uri()`: on Windows resolve() turns a mapped drive (Z:\) into
    its \\server\share path, and as_uri() makes that `file://server/share/...`, which
    SQLite refuses ("invalid uri authority") unless built with SQLITE_ALLOW_URI_AUTHORITY
    (Python's Windows build is not). So the path stays as the clerk chose it:
    `Z:\dir\f` is `file:///Z:/dir/f`, `\\server\share\f` is `file:////server/share/f`.
    """
    text = os.fspath(absolute_path)
    if windows:
        text = text.replace("\\", "/")
        if text.upper().startswith("//?/UNC/"):
            text = "//" + text[8:]
        elif text.startswith(("//?/", "//./")):
            text = text[4:]
        if not text.startswith("/"):
            text = "/" + text  # a drive letter: file:///Z:/…
    return "file://" + quote(text, safe="/:") + "?mode=ro"
