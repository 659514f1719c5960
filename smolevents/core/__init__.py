"""The core: everything that is not a window. Never imports Qt (a test checks)."""
