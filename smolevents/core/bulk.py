"""Work that builds tens of thousands of objects at once (a merge, an import, check, the window's start).

Python's cycle collector runs every few hundred new objects and, as they pile up,
walks all of them again and again: a fifth of a 10 000-event merge went there. The
events, rows and tuples made here hold no reference cycles, so reference counting
frees them all the same; the collector is paused for the work and resumed after.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager

TYPE_CHECKING = False  # typing.TYPE_CHECKING without typing's import (every command uses this module)

if TYPE_CHECKING:
    from collections.abc import Iterator


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector inside the block (left as it was after, also when nested)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def no_last_collection_at_exit() -> None:
    """Skip the interpreter's last cycle collection at exit: it walks every object still
    alive to free what exit frees anyway (5-6 ms of `check`). `gc.freeze` runs at exit only
    (atexit, registered once per process), so a process that goes on (the tests) keeps its
    collector as it was. For a command whose work is committed and closed before it returns."""
    global _freezing_at_exit
    if not _freezing_at_exit:
        import atexit

        atexit.register(gc.freeze)
        _freezing_at_exit = True


def kept_until_exit(value: object) -> None:
    """Hold `value` until the process exits and leave its freeing to the exit, for a command
    whose last big object is freed for nothing: a 2 350-event document's parsed XML is
    hundreds of thousands of C nodes, freed one by one (~10 ms), and glibc then sorts the
    freed chunks at the next large allocation (SQLite opening the database: ~25 ms more).
    Each call lets go of the value of the call before (a process that goes on, the tests,
    holds one at most). With `no_last_collection_at_exit` asked for, the value is never
    freed: at exit it is left in a reference cycle, which only the collector could free,
    and the collector is frozen right after (the exit handlers run last-registered first)."""
    global _kept
    if _kept is _NOTHING:
        import atexit

        atexit.register(_left_in_a_cycle)
    _kept = value


def _left_in_a_cycle() -> None:
    global _kept
    cycle = [_kept]
    cycle.append(cycle)
    _kept = None


_freezing_at_exit = False
_NOTHING = object()
_kept: object = _NOTHING
