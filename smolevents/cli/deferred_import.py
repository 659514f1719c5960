"""A standard module imported when it is first used, not when another module imports it.

`dataclasses` imports `inspect` (and with it ast, dis, tokenize, linecache: about 40 M
instructions, 9 ms of every command) only to write a docstring for a dataclass that
has none; the program's dataclasses all have one, so a command never uses `inspect`.
`defer("inspect")` before the first `import dataclasses` puts a stand-in in its
place: `import inspect` gives the stand-in, and the first attribute asked of it
imports the real module, which answers from then on (through the stand-in too).

lxml.etree takes `getfullargspec` from `inspect` at its own import (for extension
functions, which the program never registers): the stand-in hands it a function of its
own that imports `inspect` when called, not when taken (another 5 ms of import-docx's
start, before its document is read).
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
        if attribute == "__path__":  # asked by `from … import …`: a deferred module is no package
            raise AttributeError(attribute)
        return getattr(self._real(), attribute)

    def _real(self) -> types.ModuleType:
        name = self.__name__
        with _loading:  # two threads asking at once import it once
            if sys.modules.get(name) is self:
                del sys.modules[name]
            return importlib.import_module(name)


def defer(name: str, *functions: str) -> None:
    """Let `name` be imported at its first use (nothing changes if it is imported already);
    `functions` of it taken by another module's import (`from inspect import
    getfullargspec`) are stand-ins too, which import it when first called."""
    if name not in sys.modules:
        stand_in = _StandIn(name)
        for function in functions:
            setattr(stand_in, function, _forwarding(stand_in, function))
        sys.modules[name] = stand_in


def _forwarding(stand_in: _StandIn, function: str):
    def forward(*args, **kwargs):
        return getattr(stand_in._real(), function)(*args, **kwargs)

    forward.__name__ = forward.__qualname__ = function
    return forward
