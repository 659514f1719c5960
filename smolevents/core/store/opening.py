"""Opening a database file that came from elsewhere: always through the vetting step.

- to read only (`check`, `export`, `sections`, `copy-for-sending`): the store works on
  the vetted private copy itself, opened read-only and immutable — what was vetted is
  what is read, and the given file (with its side files) is never written;
- to work in it (the window, `import-docx`, `merge --db`, `sections --add`): the set is
  vetted, then the file is opened where it lies (SQLite rolls a hot journal back or
  folds a WAL in, exactly as on the vetted copy) and its schema is looked at once
  more under our own connection, in case it changed in between.
"""

from __future__ import annotations

import sqlite3
from contextlib import ExitStack, closing
from pathlib import Path

from smolevents.core.store.database import Store
from smolevents.core.store.schema import SCHEMA_VERSION
from smolevents.core.store.vetting import (
    refuse_code, refuse_foreign_schema, schema_version, vet_database_file, vetted_copy,
)


def open_from_elsewhere(path: str | Path, *, read_only: bool) -> Store:
    """A vetted store on `path`; refused (UserError, one line) when the file is not sound."""
    path = Path(path)
    if read_only:
        stack = ExitStack()
        try:
            copy = stack.enter_context(vetted_copy(path))
            _bring_up_to_date(copy)
            store = Store.open_read_only(copy, shown_as=path)
        except BaseException:
            stack.close()
            raise
        store.call_on_close(stack.close)
        return store
    vet_database_file(path)
    return open_vetted(path)


def _bring_up_to_date(copy: Path) -> None:
    """A file of an older version is read through its private copy upgraded as the program
    upgrades its own (the copy kept before the upgrade stays in the copy's folder): the
    read-only store cannot upgrade, and the given file is never written."""
    with closing(sqlite3.connect(copy)) as conn:
        older = schema_version(conn) < SCHEMA_VERSION
    if older:
        Store.open(copy, create=False).close()


def open_vetted(path: str | Path) -> Store:
    """Open a file that has just been vetted; its schema is checked again once it is open."""
    path = Path(path)
    store = Store.open(path, create=False)
    try:
        refuse_code(store.conn, path.name)
        refuse_foreign_schema(store.conn, path.name, schema_version(store.conn))
    except BaseException:
        store.close()
        raise
    return store
