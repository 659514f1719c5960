"""A database file someone sent is untrusted until it passes these checks.

The file is never opened where it lies: a private copy is made, opened read-only,
with `trusted_schema=OFF` (and SQLite's defensive mode, views and triggers switched
off where Python offers `setconfig`). `quick_check` runs before anything else; then
the header, the schema and the absence of views and triggers are checked. Rows are
read only with explicit SELECTs on our own tables, so nothing in the file runs.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from smolevents.core import messages
from smolevents.core.store import schema
from smolevents.core.errors import NotOurDatabaseError, UserError

SQLITE_MAGIC = b"SQLite format 3\x00"
_QUICK_CHECK_LINES = 3  # enough to tell damage from health; the rest adds nothing for the clerk

# setconfig switches we turn on (True) or off (False) when this Python offers them (3.12+).
_DBCONFIG = (
    ("SQLITE_DBCONFIG_DEFENSIVE", True),
    ("SQLITE_DBCONFIG_TRUSTED_SCHEMA", False),
    ("SQLITE_DBCONFIG_ENABLE_TRIGGER", False),
    ("SQLITE_DBCONFIG_ENABLE_VIEW", False),
)


def vet_database_file(path: str | Path) -> None:
    """Refuse (UserError) a file that is not a healthy smolevents database of a version we know.

    The file itself is only read, once, to copy it.
    """
    with open_source_copy(path):
        pass


def vet_database_in_place(path: str | Path) -> None:
    """The same checks on our own file where it lies, without copying it (`check` on the
    default database: the clerk's own file, vetted only to name damage as damage)."""
    from smolevents.core.store.uri import read_only_uri

    path = Path(path)
    _check_plain_file(path)
    conn = connect_read_only(path, uri=read_only_uri(path.absolute()))
    try:
        _vet_connection(conn, path.name)
    finally:
        conn.close()


@contextmanager
def open_source_copy(path: str | Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection to a vetted private copy of `path`, removed afterwards."""
    path = Path(path)
    _check_plain_file(path)
    with tempfile.TemporaryDirectory(prefix="smolevents-untrusted-") as folder:
        copy = Path(folder) / "source.sqlite"
        try:
            shutil.copyfile(path, copy)
        except OSError as error:
            raise UserError(messages.file_unreadable(path, error)) from None
        conn = connect_read_only(copy)
        try:
            _vet_connection(conn, path.name)
            yield conn
        finally:
            # Closed before the folder goes: Windows cannot delete an open file.
            conn.close()


def connect_read_only(copy: Path, uri: str | None = None) -> sqlite3.Connection:
    """A connection that cannot write the file and refuses to run the file's own code.

    `immutable=1` is right only for a private copy nobody else touches; a file in use
    is given its plain read-only `uri`.
    """
    uri = uri or Path(copy).resolve().as_uri() + "?mode=ro&immutable=1"
    conn = sqlite3.connect(uri, uri=True)
    for name, value in _DBCONFIG:
        if hasattr(conn, "setconfig") and hasattr(sqlite3, name):
            conn.setconfig(getattr(sqlite3, name), value)
    # Functions used by the file's views, triggers, CHECKs and defaults are refused
    # unless SQLite itself marks them harmless.
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute("PRAGMA query_only = ON")
    return conn


def _check_plain_file(path: Path) -> None:
    if not path.exists():
        raise UserError(messages.file_not_found(path))
    if path.is_dir():
        raise UserError(messages.folder_not_file(path))
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise UserError(messages.file_unreadable(path, error)) from None
    if not head:
        raise NotOurDatabaseError(messages.empty_database_file(path.name))
    if head != SQLITE_MAGIC:
        raise NotOurDatabaseError(messages.not_sqlite(path.name))


def _vet_connection(conn: sqlite3.Connection, label: str) -> None:
    damaged = NotOurDatabaseError(
        f"Файл «{label}» поврежден (проверка SQLite не пройдена). Попросите прислать файл заново."
    )
    try:
        problems = [row[0] for row in conn.execute("PRAGMA quick_check").fetchmany(_QUICK_CHECK_LINES)]
    except sqlite3.DatabaseError:
        # quick_check evaluates generated columns and CHECKs; when it stops on a function
        # the file names, the schema checks below (which only read the catalogue) say
        # more precisely what is wrong than "damaged".
        problems = None
    if problems != ["ok"]:
        try:
            _vet_header_and_schema(conn, label)
        except sqlite3.DatabaseError:
            pass
        raise damaged
    try:
        _vet_header_and_schema(conn, label)
    except sqlite3.DatabaseError:
        raise damaged from None


def _vet_header_and_schema(conn: sqlite3.Connection, label: str) -> None:
    application_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    schema.check_header(label, application_id, version)
    code = conn.execute(
        "SELECT type, name FROM sqlite_master WHERE type IN ('view', 'trigger') ORDER BY type, name"
    ).fetchall()
    if code:
        kind = "представление" if code[0][0] == "view" else "триггер"
        raise NotOurDatabaseError(
            f"Файл «{label}» содержит {kind} «{code[0][1]}», которых в базах smolevents не бывает: "
            "файл изменен другой программой, открывать его небезопасно."
        )
    schema.check_columns(conn, label, version)  # a file of an older version: its own columns
    for table in schema.EXPECTED_TABLES:
        # Generated columns (hidden 2 and 3) compute values from expressions in the file:
        # refuse them too. Hidden 1 is the full-text index's own hidden column.
        computed = [row[1] for row in conn.execute(f"PRAGMA table_xinfo({table})") if row[6] in (2, 3)]
        if computed:
            raise NotOurDatabaseError(
                f"В файле «{label}» у таблицы {table} есть вычисляемые столбцы ({computed[0]}): "
                "файл изменен другой программой, открывать его небезопасно."
            )
