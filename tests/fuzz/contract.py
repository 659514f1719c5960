"""The contract every command keeps on any input, checked after each fuzzed case.

- exit status 0 or 1 (never an exception out of the command line: no traceback);
- on 1, one line on stderr, in Russian;
- the input files (and their side files) byte for byte as they were;
- on 1, the database written to unchanged (no partial write) and no temporary file left;
- within a time and a memory bound.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

from smolevents.cli.main import main

# Set by SMOLEVENTS_FUZZ: "ci" (default) runs in the normal suite within its three minutes,
# "nightly" runs each property for a long while.
# A number sets the examples per property directly (SMOLEVENTS_FUZZ=300).
LEVEL = os.environ.get("SMOLEVENTS_FUZZ", "ci").strip().lower() or "ci"
EXAMPLES = int(LEVEL) if LEVEL.isdigit() else {"ci": 25, "nightly": 1500}.get(LEVEL, 25)
SECONDS_PER_CASE = 20.0
PEAK_BYTES = 256 * 1024 * 1024
_CYRILLIC = re.compile("[А-Яа-яЁё]")


@dataclass
class Outcome:
    code: int
    out: str
    err: str


def snapshot(*paths: Path) -> dict[str, bytes | None]:
    """Each file and its side files, by name, as bytes (None when missing)."""
    found: dict[str, bytes | None] = {}
    for path in paths:
        for suffix in ("", "-journal", "-wal"):
            each = Path(f"{path}{suffix}")
            found[str(each)] = each.read_bytes() if each.is_file() else None
    return found


def run(argv: list[str], *, inputs: list[Path] = (), written: Path | None = None) -> Outcome:
    """Run one command in-process and check the contract; return what it said."""
    before_inputs = snapshot(*inputs)
    before_written = snapshot(written) if written is not None else None
    out, err = io.StringIO(), io.StringIO()
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main([str(part) for part in argv])
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    outcome = Outcome(code, out.getvalue(), err.getvalue())
    assert code in (0, 1), f"exit {code}: {outcome.err!r}"
    assert "Traceback" not in outcome.err
    if code == 1:
        lines = outcome.err.strip("\n").split("\n")
        assert len(lines) == 1 or lines[0].startswith("Отчет не выгружен"), outcome.err
        assert _CYRILLIC.search(lines[0]), outcome.err
        if before_written is not None:
            assert snapshot(written) == before_written, "a refused command changed the database"
    assert snapshot(*inputs) == before_inputs, "an input file was changed"
    folders = {Path(p).parent for p in [*inputs, *([written] if written else [])]}
    for folder in folders:
        leftovers = [p.name for p in folder.glob("*.tmp")] if folder.is_dir() else []
        assert not leftovers, f"temporary files left: {leftovers}"
    assert elapsed < SECONDS_PER_CASE, f"{elapsed:.1f} s"
    assert peak < PEAK_BYTES, f"{peak // 1024 // 1024} MB"
    return outcome
