"""smolevents: the quarterly report of international events, kept in SQLite."""

__version__ = "0.1.0"
