"""The clerk's window (PySide6). Everything here is a thin face over smolevents.core."""

import builtins

from smolevents.ui.pyside_bootstrap import deferred_pyside_tools

with deferred_pyside_tools():  # what PySide6 prepares for tools and signatures waits for its use (pyside_bootstrap)
    import PySide6.QtCore  # noqa: F401 - shiboken loads here and replaces the import statement (below)

# PySide6 routes every later `import` through its `__feature__` hook: a Python call per import
# statement, and the source file of every newly imported module read to look for "PySide6" in
# it. The program selects no __feature__ (snake_case, true_property), so the plain import is put
# back: about 40 M instructions (~8 ms) of the window's start-up.
if builtins.__import__ is getattr(builtins, "__feature_import__", None):
    builtins.__import__ = builtins.__orig_import__
