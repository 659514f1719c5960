"""Writing a stream of chunks in a thread of its own, while the next chunks are made.

A zip entry's `write` spends its time in zlib (deflate and CRC) and in the file
system, all of which let go of Python's lock: done in a second thread, it runs on
the other core while the export builds the next rows' XML, instead of after it.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

# Chunks waiting for the writer: enough to keep it busy, few enough that memory stays small.
_WAITING_CHUNKS = 4
_DONE = None


@contextmanager
def written_in_background(write: Callable[[bytes], object]) -> Iterator[Callable[[bytes], None]]:
    """A `put(chunk)` that hands chunks to `write` in another thread, in order.

    Leaving the block waits until every chunk is written. An error of `write` comes
    out of the next `put` or at the end; an error inside the block stops the writer
    (the chunks still waiting are dropped) and passes on.
    """
    waiting: queue.Queue[bytes | None] = queue.Queue(_WAITING_CHUNKS)
    failures: list[BaseException] = []

    def run() -> None:
        while (chunk := waiting.get()) is not _DONE:
            if not failures:
                try:
                    write(chunk)
                except BaseException as error:  # handed to the caller's thread
                    failures.append(error)

    def put(chunk: bytes) -> None:
        if failures:
            raise failures[0]
        waiting.put(chunk)

    writer = threading.Thread(target=run, name="smolevents-write", daemon=True)
    writer.start()
    try:
        yield put
    except BaseException:
        failures.append(RuntimeError("stopped"))  # the rest is not written
        waiting.put(_DONE)
        writer.join()
        raise
    waiting.put(_DONE)
    writer.join()
    if failures:
        raise failures[0]
