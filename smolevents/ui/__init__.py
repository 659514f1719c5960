"""The clerk's window (PySide6). Everything here is a thin face over smolevents.core."""
