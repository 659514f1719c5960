"""Chunks written in a second thread: in order, and a failure on either side is not lost."""

import threading

import pytest

from smolevents.core.report.background_write import written_in_background


def test_every_chunk_is_written_in_order_before_the_block_ends():
    written, threads = [], set()

    def write(chunk):
        threads.add(threading.current_thread())
        written.append(chunk)

    with written_in_background(write) as put:
        for number in range(100):
            put(b"%d" % number)
    assert written == [b"%d" % number for number in range(100)]
    assert threading.current_thread() not in threads


def test_a_failing_write_comes_out_in_the_callers_thread_and_stops_the_rest():
    written = []

    def write(chunk):
        if chunk == b"3":
            raise OSError(28, "No space left on device")
        written.append(chunk)

    with pytest.raises(OSError, match="No space left"):
        with written_in_background(write) as put:
            for number in range(100):
                put(b"%d" % number)
    assert written == [b"0", b"1", b"2"]


def test_an_error_while_the_chunks_are_made_stops_the_writer():
    written = []
    with pytest.raises(ValueError, match="broken row"):
        with written_in_background(written.append) as put:
            put(b"first")
            raise ValueError("broken row")
    assert written in ([], [b"first"])  # what was handed over may be written; nothing after
    assert not [thread for thread in threading.enumerate() if thread.name == "smolevents-write"]
