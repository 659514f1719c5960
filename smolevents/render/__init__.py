"""Qt renderers of the report (print, PDF): beside the window, below the entry points.

Uses QtGui only, never widgets. The window imports it; the command line imports it
lazily, only when asked for a PDF (tests/test_layers.py holds both to that).
"""
