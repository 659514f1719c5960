"""A database file someone sent is untrusted until it passes these checks.

One vetting step, shared by `--db`, "Открыть…", merge and `check`:

1. the path must be a plain file (no FIFO, device or `file:` URI) starting with
   SQLite's signature;
2. the file is copied *with its side files* (`-wal`, hot `-journal`) to a private
   folder, again while another program is committing (`side_files.py`), and the copy
   is brought to the state SQLite would read — journal rolled back, WAL folded in; a
   small file in rollback-journal mode is copied into memory instead, whole, under a
   shared lock (`open_source_copy`);
3. the copy is opened read-only (immutable on disk, `query_only` in memory), with
   `trusted_schema=OFF`, SQLite's defensive mode, views and triggers off where Python
   offers `setconfig`, a cap on string length and a time budget on every statement;
4. header (`application_id`, `user_version`), no views or triggers, our tables and
   columns, no generated columns, and then the whole schema SQL (CHECK constraints,
   indexes) equal to what this program creates for that version;
5. `integrity_check` and `cell_size_check` (a lying index passes `quick_check`);
6. rows vetted as data (`row_vetting.py`), as the file's own version has them.

Rows are read only with explicit SELECTs on our own tables, so nothing in the file runs.
`check` vets our own default database where it lies instead (no copy; steps 3–6), the
long steps 5 and 6 side by side in threads while it reads its listing (`vetted_in_place`).
"""

from __future__ import annotations

import functools
import re
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from smolevents.core import messages
from smolevents.core.alongside import Alongside
from smolevents.core.store import schema
from smolevents.core.errors import NotOurDatabaseError, UserError
from smolevents.core.store.row_vetting import vet_rows
from smolevents.core.store.side_files import committed_image, copy_set, fold_side_files, refuse_special_file, \
    refuse_uri

TYPE_CHECKING = False  # typing's import (and tempfile's, below) is left to the commands that copy a file
if TYPE_CHECKING:
    from typing import TypeVar

    T = TypeVar("T")

SQLITE_MAGIC = b"SQLite format 3\x00"
_INTEGRITY_LINES = 3  # enough to tell damage from health; the rest adds nothing for the clerk
VETTING_SECONDS = 120.0  # the whole vetting of one file; 200 000 events take a few seconds
MAX_VALUE_BYTES = 16 * 1024 * 1024  # no text or blob of ours comes near; a CHECK building 900 MB stops here
_PROGRESS_STEPS = 10_000  # virtual machine steps between two looks at the clock
# A file sent is copied into memory up to this size (a department's year of events is a few
# megabytes); a larger one is copied to disk. A merge holds two such copies at most, each
# twice while SQLite takes it over.
MEMORY_COPY_BYTES = 32 * 1024 * 1024
# Python offers deserialize only where its SQLite was built with it (the default since 3.36).
_CAN_DESERIALIZE = hasattr(sqlite3.Connection, "deserialize")

# setconfig switches we turn on (True) or off (False) when this Python offers them (3.12+).
_DBCONFIG = (
    ("SQLITE_DBCONFIG_DEFENSIVE", True),
    ("SQLITE_DBCONFIG_TRUSTED_SCHEMA", False),
    ("SQLITE_DBCONFIG_ENABLE_TRIGGER", False),
    ("SQLITE_DBCONFIG_ENABLE_VIEW", False),
)


def vet_database_file(path: str | Path) -> None:
    """Refuse (UserError) a file that is not a healthy smolevents database of a version we know.

    The file itself (and its side files) is only read, to copy it.
    """
    with open_source_copy(path):
        pass


@contextmanager
def vetted_in_place(path: str | Path) -> Iterator[InPlace]:
    """The same checks on our own file where it lies, without copying it (`check` on the
    default database: the clerk's own file, vetted only to name damage as damage).

    Once the header and the schema have passed, the long steps, SQLite's integrity_check
    and the rows' vetting, run side by side in threads of their own (SQLite works without
    holding Python's lock), each on its own read-only connection, while the body reads the
    file (`check` its listing, printed after). Their verdicts come on leaving, in the order
    the steps would run one after the other, and win over anything the body met: nothing
    the body read is shown of a file that does not pass. The body may wait for the rows'
    vetting (`InPlace.rows_passed`).
    """
    from smolevents.core.store.uri import read_only_uri

    path = Path(path)
    check_plain_file(path)
    label = path.name
    if Path(f"{path}-journal").is_file():
        # Our own file after a crash: SQLite rolls its hot journal back on the first read,
        # as the program does at start; a read-only connection could only call it damaged.
        _roll_back_own_journal(path)
    uri = read_only_uri(path.absolute())
    conn = connect_read_only(path, uri=uri)
    try:
        with _time_budget(conn, label):
            version = _vetted(lambda: _vet_header_and_schema(conn, label), label)
    finally:
        conn.close()
    # The rows' vetting may fail where integrity_check will refuse the file: that verdict comes first.
    steps = [_alongside(path, uri, label, step) for step in (_check_integrity, vet_rows)]
    if version < schema.SCHEMA_VERSION:
        _verdicts(steps)  # the store upgrades the file as it opens: nobody may be reading it then
    try:
        yield InPlace(steps[1])
    except Exception:  # (Ctrl+C is not kept waiting for the verdicts, nor replaced by one)
        _verdicts(steps)
        raise
    _verdicts(steps)


class InPlace:
    """What the body of `vetted_in_place` may ask of the vetting under way."""

    def __init__(self, rows: Alongside) -> None:
        self._rows = rows

    def rows_passed(self) -> bool:
        """Waits for the rows' vetting; whether it found nothing wrong (its verdict itself
        comes on leaving, after integrity_check's)."""
        self._rows.join()
        return self._rows.failure is None


def _alongside(path: Path, uri: str, label: str, step: Callable[[sqlite3.Connection, str], object]) -> Alongside:
    """One step of the vetting, `step(connection, label)`, started in a thread of its own
    with a read-only connection of its own to the file at `uri`."""
    def run() -> None:
        conn = connect_read_only(path, uri=uri)
        try:
            with _time_budget(conn, label):
                _vetted(lambda: step(conn, label), label)
        finally:
            conn.close()

    return Alongside(run, f"smolevents-vetting-{step.__name__}").start()


def _verdicts(steps: list[Alongside]) -> None:
    """Waits for every step, then raises the first one's refusal (in the steps' order)."""
    for step in steps:
        step.join()
    for step in steps:
        step.raise_failure()


def _vetted(step: Callable[[], T], label: str) -> T:
    """A step of the vetting; SQLite's or the decoder's complaint about the file is damage
    (the time budget, which interrupts the statement, speaks for itself)."""
    try:
        return step()
    except sqlite3.OperationalError as error:
        if "interrupted" in str(error):
            raise
        raise _damaged(label) from None
    except (sqlite3.DatabaseError, UnicodeDecodeError):
        raise _damaged(label) from None


def _roll_back_own_journal(path: Path) -> None:
    try:
        conn = sqlite3.connect(str(path), timeout=5.0)
        try:
            conn.execute("PRAGMA user_version").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        pass  # busy or damaged: the checks that follow say which


def _damaged(label: str) -> NotOurDatabaseError:
    return NotOurDatabaseError(
        f"Файл «{label}» поврежден (проверка SQLite не пройдена). Попросите прислать файл заново."
    )


@contextmanager
def vetted_copy(path: str | Path) -> Iterator[Path]:
    """A private, vetted, single-file copy of `path` (removed afterwards)."""
    import tempfile

    path = Path(path)
    check_plain_file(path)
    with tempfile.TemporaryDirectory(prefix="smolevents-untrusted-") as folder:
        copy = Path(folder) / "source.sqlite"
        copy_set(path, copy)
        _vet_copy(copy, path.name)
        yield copy


@contextmanager
def open_source_copy(path: str | Path, for_another_thread: bool = False) -> Iterator[sqlite3.Connection]:
    """A read-only connection to a vetted private copy of `path`, gone afterwards;
    `for_another_thread`: the vetted connection is handed to another thread (one thread
    at a time uses it).

    A file of up to MEMORY_COPY_BYTES is copied into memory (`committed_image`) and vetted
    and read there on one connection: no copy written, no page read from disk three times
    (a merge reads twenty department files). A larger file, or one in WAL mode or with a
    hot journal, is copied beside as files (`vetted_copy`)."""
    path = Path(path)
    check_plain_file(path)
    image = committed_image(path, MEMORY_COPY_BYTES) if _CAN_DESERIALIZE else None
    if image is None:
        with vetted_copy(path) as copy:
            conn = connect_read_only(copy, for_another_thread=for_another_thread)
            try:
                yield conn
            finally:
                # Closed before the folder goes: Windows cannot delete an open file.
                conn.close()
        return
    conn = _vetted(lambda: _connect_to_image(image, for_another_thread), path.name)
    del image  # SQLite holds its own copy now
    try:
        _vet_connection(conn, path.name)
        yield conn
    finally:
        conn.close()


def _connect_to_image(image: bytes, for_another_thread: bool = False) -> sqlite3.Connection:
    """A read-only connection to a database held in memory, as guarded as `connect_read_only`."""
    conn = sqlite3.connect(":memory:", check_same_thread=not for_another_thread)
    try:
        conn.deserialize(image)
        _guarded(conn)
        # SQLite's integrity_check verifies CHECK constraints only in a database it could
        # write, which this one is to SQLite: as on a read-only file, the rows' vetting
        # names such rows (the quarter's year out of range) instead of "damaged".
        conn.execute("PRAGMA ignore_check_constraints = ON")
    except BaseException:
        conn.close()
        raise
    return conn


def _vet_copy(copy: Path, label: str) -> None:
    damaged = _damaged(label)
    try:
        fold_side_files(copy)
    except (sqlite3.DatabaseError, UnicodeDecodeError):
        raise damaged from None
    conn = connect_read_only(copy)
    try:
        _vet_connection(conn, label)
    finally:
        conn.close()


def _vet_connection(conn: sqlite3.Connection, label: str) -> None:
    """Steps 4-6 on a guarded connection to a private copy, each within the time budget."""
    with _time_budget(conn, label):
        _vet_structure(conn, label)
    with _time_budget(conn, label):
        _vetted(lambda: vet_rows(conn, label), label)


def connect_read_only(copy: Path, uri: str | None = None, for_another_thread: bool = False) -> sqlite3.Connection:
    """A connection that cannot write the file and refuses to run the file's own code.

    `immutable=1` is right only for a private copy nobody else touches; a file in use
    is given its plain read-only `uri`.
    """
    uri = uri or Path(copy).resolve().as_uri() + "?mode=ro&immutable=1"
    conn = sqlite3.connect(uri, uri=True, check_same_thread=not for_another_thread)
    _guarded(conn)
    return conn


def _guarded(conn: sqlite3.Connection) -> None:
    for name, value in _DBCONFIG:
        if hasattr(conn, "setconfig") and hasattr(sqlite3, name):
            conn.setconfig(getattr(sqlite3, name), value)
    if hasattr(conn, "setlimit"):
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    # Functions used by the file's views, triggers, CHECKs and defaults are refused
    # unless SQLite itself marks them harmless.
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute("PRAGMA query_only = ON")


def check_plain_file(path: Path) -> None:
    """A plain, readable file that starts like an SQLite database; refused in one line otherwise."""
    refuse_uri(path)
    if not path.exists():
        raise UserError(messages.file_not_found(path))
    if path.is_dir():
        raise UserError(messages.folder_not_file(path))
    refuse_special_file(path)
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise UserError(messages.file_unreadable(path, error)) from None
    if not head:
        raise NotOurDatabaseError(messages.empty_database_file(path.name))
    if head != SQLITE_MAGIC:
        raise NotOurDatabaseError(messages.not_sqlite(path.name))


@contextmanager
def _time_budget(conn: sqlite3.Connection, label: str, seconds: float | None = None) -> Iterator[None]:
    """No statement on a file from elsewhere runs unbounded: past the budget SQLite is interrupted."""
    deadline = time.monotonic() + (VETTING_SECONDS if seconds is None else seconds)
    fired = []

    def over_budget() -> int:
        if time.monotonic() > deadline:
            fired.append(True)
            return 1
        return 0

    conn.set_progress_handler(over_budget, _PROGRESS_STEPS)
    try:
        yield
    except sqlite3.OperationalError:
        if fired:
            raise NotOurDatabaseError(
                f"Проверка файла «{label}» не закончилась за {VETTING_SECONDS:.0f} с: файл устроен "
                "необычно или изменен другой программой. Попросите прислать его заново."
            ) from None
        raise
    finally:
        conn.set_progress_handler(None, 0)


def _vet_structure(conn: sqlite3.Connection, label: str) -> int:
    """Header, schema and SQLite's full check of the copy; returns the file's schema version."""
    version = _vetted(lambda: _vet_header_and_schema(conn, label), label)
    _vetted(lambda: _check_integrity(conn, label), label)
    return version


def _check_integrity(conn: sqlite3.Connection, label: str) -> None:
    # Cell sizes checked on every page read; integrity_check (unlike quick_check) also
    # compares each index with its table.
    conn.execute("PRAGMA cell_size_check = ON")
    problems = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchmany(_INTEGRITY_LINES)]
    if problems != ["ok"]:
        raise _damaged(label)


def _vet_header_and_schema(conn: sqlite3.Connection, label: str) -> int:
    application_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    schema.check_header(label, application_id, version)
    refuse_code(conn, label)
    schema.check_columns(conn, label, version)  # a file of an older version: its own columns
    for table in schema.expected_tables(version):
        # Generated columns (hidden 2 and 3) compute values from expressions in the file:
        # refuse them too. Hidden 1 is the full-text index's own hidden column.
        computed = [row[1] for row in conn.execute(f"PRAGMA table_xinfo({table})") if row[6] in (2, 3)]
        if computed:
            raise NotOurDatabaseError(
                f"В файле «{label}» у таблицы {table} есть вычисляемые столбцы ({computed[0]}): "
                "файл изменен другой программой, открывать его небезопасно."
            )
    refuse_foreign_schema(conn, label, version)
    return version


def refuse_code(conn: sqlite3.Connection, label: str) -> None:
    """Views and triggers run code of the file's author: our files have none."""
    code = conn.execute(
        "SELECT type, name FROM sqlite_master WHERE type IN ('view', 'trigger') ORDER BY type, name"
    ).fetchall()
    if code:
        kind = "представление" if code[0][0] == "view" else "триггер"
        raise NotOurDatabaseError(
            f"Файл «{label}» содержит {kind} «{code[0][1]}», которых в базах smolevents не бывает: "
            "файл изменен другой программой, открывать его небезопасно."
        )


def refuse_foreign_schema(conn: sqlite3.Connection, label: str, version: int) -> None:
    """Every table and index, CHECKs included, must be exactly what this program makes for
    that version: a rewritten index lies about the rows, a CHECK may run for minutes."""
    ours = reference_schema(version)
    theirs = schema_of(conn)
    differing = sorted((theirs - ours) | (ours - theirs), key=lambda row: (row not in theirs, row[1]))
    if differing:
        kind, built = {"table": ("таблица", "устроена"), "index": ("индекс", "устроен")}.get(
            differing[0][0], ("объект", "устроен"))
        raise NotOurDatabaseError(
            f"В файле «{label}» {kind} «{differing[0][1]}» {built} не так, как в базах smolevents: "
            "файл изменен другой программой, открывать его небезопасно."
        )


def schema_of(conn: sqlite3.Connection) -> frozenset[tuple]:
    """(type, name, table, SQL with white space squashed) of every table and index but SQLite's
    own bookkeeping tables (statistics, sequences), which change nothing we read."""
    rows = conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master"
        " WHERE NOT (type = 'table' AND name LIKE 'sqlite\\_%' ESCAPE '\\')"
    )
    return frozenset((kind, name, table, _squashed(sql)) for kind, name, table, sql in rows)


def _squashed(sql: str | None) -> str | None:
    """SQL with white space that carries no meaning taken out (ALTER TABLE edits the text)."""
    if sql is None:
        return None
    text = " ".join(sql.split())
    return re.sub(r"\s*([(),])\s*", r"\1", text)


@functools.lru_cache(maxsize=None)
def reference_schema(version: int) -> frozenset[tuple]:
    """Our schema at `version`, from a fresh in-memory database built by the migration steps
    (so a step another change adds is accepted without touching this module)."""
    conn = sqlite3.connect(":memory:")
    try:
        schema.run_steps(conn, 0, version)
        return schema_of(conn)
    finally:
        conn.close()


def schema_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]
