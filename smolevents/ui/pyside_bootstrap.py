"""Importing PySide6 without the work its start-up does for tools the program never runs.

shiboken's start-up imports its support modules (`shibokensupport`) twice over (once to
find them, once more after dropping them from `sys.modules`), and two of them spend most
of that time on things no running program of ours asks for before its window is painted:

- `signature.lib.pyi_generator`, the generator of `.pyi` stub files behind the
  `pyside6-genpyi` tool: two large regular expressions and the module body, twice (about
  80 M instructions, 8 % of the start to the window shown). It is handed out as a stand-in
  that imports the real module on first use of any name in it, so the tool, or anyone,
  still gets the real generator.
- `signature.parser` compiles, as it is imported, the regular expression that splits the
  argument lists of the binding's signature texts (about 40 M instructions, 4 %), which it
  needs only when a signature is read (the text of a wrong call's TypeError, `__signature__`).
  The module itself is imported and run as before; only that compilation waits for the
  pattern's first use (`_PatternOnFirstUse`).

Only the standard import system is involved, only inside `deferred_pyside_tools()` and
only for those two modules; every other module is imported as before. A PySide6 already
loaded, or loaded some other way, is left as it is (then nothing is gained, nothing breaks).
"""

from __future__ import annotations

import re
import sys
from contextlib import contextmanager
from importlib.machinery import ModuleSpec
from types import ModuleType

STUB_GENERATOR = "shibokensupport.signature.lib.pyi_generator"
SIGNATURE_PARSER = "shibokensupport.signature.parser"
_compile = re.compile  # the real one, also while the parser runs with its stand-in
# The parser whose one compiled pattern is only ever asked for `finditer` (shiboken 6.11); with
# another version it is imported as usual (and the start-up test says the pattern is compiled).
PARSER_CHECKED_WITH = (6, 11)


def _shiboken_version() -> tuple:
    """(major, minor) of the shiboken6 being imported (its __init__ sets it before anything else)."""
    return tuple(getattr(sys.modules.get("shiboken6"), "__version_info__", ())[:2])


class _DeferredModule(ModuleType):
    """Stands in for the generator; the real module is imported when a name in it is used."""

    def _imported(self) -> ModuleType:
        real = self.__dict__.get("_real_module")
        if real is None:
            from importlib.util import module_from_spec

            spec = self.__dict__["_real_spec"]
            real = module_from_spec(spec)
            spec.loader.exec_module(real)
            self.__dict__["_real_module"] = real
        return real

    def __getattr__(self, name: str):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)  # the import system probing a new module's attributes
        return getattr(self._imported(), name)

    def __dir__(self):
        return dir(self._imported())


class _DeferringLoader:
    def __init__(self, real_spec: ModuleSpec):
        self.real_spec = real_spec

    def create_module(self, spec: ModuleSpec) -> ModuleType:
        module = _DeferredModule(spec.name)
        module.__dict__["_real_spec"] = self.real_spec
        return module

    def exec_module(self, module: ModuleType) -> None:
        """Nothing runs now: the real module runs on first use (_DeferredModule)."""


class _PatternOnFirstUse:
    """What `re.compile` returns while the parser module runs: the pattern is compiled when
    one of its methods is first called (or another attribute first read)."""

    _METHODS = frozenset({"finditer", "match", "fullmatch", "search", "findall", "sub", "subn", "split",
                          "scanner"})

    def __init__(self, pattern, flags: int = 0):
        self._pattern = pattern
        self._flags = flags
        self._compiled: re.Pattern | None = None

    def _real(self) -> re.Pattern:
        if self._compiled is None:
            self._compiled = _compile(self._pattern, self._flags)
        return self._compiled

    def __getattr__(self, name: str):
        if name in self._METHODS:  # `self._finditer = rec.finditer`: the method, not yet the pattern
            return lambda *args, **kwargs: getattr(self._real(), name)(*args, **kwargs)
        return getattr(self._real(), name)


class _ParserLoader:
    """The parser's own loader, running it with `re.compile` deferring (only while it runs)."""

    def __init__(self, real_loader):
        self._real_loader = real_loader

    def __getattr__(self, name: str):  # get_source and the rest: the real loader's
        return getattr(self._real_loader, name)

    def create_module(self, spec: ModuleSpec):
        return self._real_loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        re.compile = _PatternOnFirstUse
        try:
            self._real_loader.exec_module(module)
        finally:
            re.compile = _compile


class _DeferringFinder:
    """Finds those two modules where the other finders would and wraps them; nothing else."""

    def find_spec(self, fullname: str, path=None, target=None):
        if fullname not in (STUB_GENERATOR, SIGNATURE_PARSER):
            return None
        try:
            return self._wrapped_spec(fullname, path, target)
        except Exception:  # noqa: BLE001 - whatever it is, the module is then imported as usual
            return None

    def _wrapped_spec(self, fullname: str, path, target):
        for finder in sys.meta_path:
            find_spec = getattr(finder, "find_spec", None)
            if finder is self or find_spec is None:
                continue
            spec = find_spec(fullname, path, target)
            if spec is None:
                continue
            if fullname == SIGNATURE_PARSER:
                if _shiboken_version() != PARSER_CHECKED_WITH:
                    return None  # another parser may use its pattern otherwise: imported as usual
                spec.loader = _ParserLoader(spec.loader)
                return spec
            return ModuleSpec(fullname, _DeferringLoader(spec), origin=spec.origin)
        return None


@contextmanager
def deferred_pyside_tools():
    """Inside: PySide6's stub generator and signature parser wait for their first use."""
    finder = _DeferringFinder()
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)
