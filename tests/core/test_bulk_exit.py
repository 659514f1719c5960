"""What a command leaves to the process's exit (core/bulk.py): kept, never freed one by one."""

from __future__ import annotations

import subprocess
import sys
import weakref

from smolevents.core import bulk

_PROCESS = """
import sys
from smolevents.core import bulk

class Noisy:
    def __del__(self):
        print("freed", flush=True)

if sys.argv[1] == "freeze":
    bulk.no_last_collection_at_exit()
bulk.kept_until_exit(Noisy())
print("done", flush=True)
"""


def _exit_of(mode: str) -> list[str]:
    result = subprocess.run([sys.executable, "-c", _PROCESS, mode], capture_output=True, text=True,
                            timeout=60, check=True)
    assert result.stderr == ""
    return result.stdout.split()


def test_what_is_kept_until_exit_is_never_freed_when_the_collector_is_frozen_at_exit():
    assert _exit_of("freeze") == ["done"]


def test_what_is_kept_until_exit_is_freed_at_exit_as_usual_without_the_frozen_collector():
    assert _exit_of("plain") == ["done", "freed"]


def test_a_process_that_goes_on_holds_only_the_last_value_kept(monkeypatch):
    class Value:
        pass

    monkeypatch.setattr(bulk, "_kept", bulk._NOTHING)
    monkeypatch.setattr("atexit.register", lambda handler: None)
    first, second = Value(), Value()
    gone = weakref.ref(first)
    bulk.kept_until_exit(first)
    bulk.kept_until_exit(second)
    del first
    assert gone() is None
    assert bulk._kept is second
