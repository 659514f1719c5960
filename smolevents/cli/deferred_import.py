"""A standard module imported when it is first used, not when another module imports it.

`dataclasses` imports `inspect` (and with it ast, dis, tokenize, linecache: about 40 M
instructions, 9 ms of every command) only to write a docstring for a dataclass that
has none; the program's dataclasses all have one, so a command never uses `inspect`.
`defer("inspect")` before the first `import dataclasses` puts a stand-in in its
place: `import inspect` gives the stand-in, and the first attribute asked of it
imports the real module, which answers from then on (through the stand-in too).
"""

from __future__ import annotations

import importlib
import sys
import types
from _thread import allocate_lock

_loading = allocate_lock()


class _StandIn(types.ModuleType):
    """Stands for a module not imported yet; asked for anything, imports it and forwards."""

    def __getattr__(self, attribute: str):
        name = self.__name__
        with _loading:  # two threads asking at once import it once
            if sys.modules.get(name) is self:
                del sys.modules[name]
            module = importlib.import_module(name)
        return getattr(module, attribute)


def defer(name: str) -> None:
    """Let `name` be imported at its first use (nothing changes if it is imported already)."""
    if name not in sys.modules:
        sys.modules[name] = _StandIn(name)
