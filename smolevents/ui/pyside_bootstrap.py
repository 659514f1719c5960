"""Importing PySide6 without the stub generator it loads and never uses.

shiboken's start-up imports its support modules (`shibokensupport`) twice over (once to
find them, once more after dropping them from `sys.modules`), and among them
`signature.lib.pyi_generator`: the generator of `.pyi` stub files behind the
`pyside6-genpyi` tool, which a running program never calls. Its import compiles two
large regular expressions (about 12 ms) and, twice, the rest of the module: some
75 M instructions, 7-8 % of the window's start-up. While PySide6 loads, an import finder
hands that one module out as a stand-in that imports the real one on first use of any
name in it (so the tool, or anyone, still gets the real generator); every other module
is imported as before.

Only the standard import system is involved, and only during `import PySide6…` made
inside `deferred_stub_generator()`: a PySide6 already loaded, or loaded some other
way, is left as it is (then nothing is gained, nothing breaks).
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from importlib.machinery import ModuleSpec
from types import ModuleType

STUB_GENERATOR = "shibokensupport.signature.lib.pyi_generator"


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


class _DeferringFinder:
    """Finds the generator where the other finders would and wraps it; nothing else."""

    def find_spec(self, fullname: str, path=None, target=None):
        if fullname != STUB_GENERATOR:
            return None
        for finder in sys.meta_path:
            find_spec = getattr(finder, "find_spec", None)
            if finder is self or find_spec is None:
                continue
            spec = find_spec(fullname, path, target)
            if spec is not None:
                return ModuleSpec(fullname, _DeferringLoader(spec), origin=spec.origin)
        return None


@contextmanager
def deferred_stub_generator():
    """Inside: PySide6's stub generator is imported as a stand-in (see the module's text)."""
    finder = _DeferringFinder()
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)
