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


_freezing_at_exit = False
