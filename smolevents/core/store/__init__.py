"""The store: the only code that runs SQL on the database file."""

from smolevents.core.store.database import EDITABLE_FIELDS, Store, title_key

__all__ = ["EDITABLE_FIELDS", "Store", "title_key"]
