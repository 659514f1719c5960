"""The event store: one SQLite file, plain SQL through the standard library's sqlite3.

Every public method that writes is one transaction (`BEGIN IMMEDIATE`); methods
called inside `store.transaction()` join the caller's transaction as savepoints,
so one user action that makes several changes is still one transaction.
"""

from __future__ import annotations

import datetime
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from operator import itemgetter
from pathlib import Path

from smolevents.core import messages
from smolevents.core.store import schema, search_index
from smolevents.core.store.side_files import is_busy, refuse_special_file, refuse_uri
from smolevents.core.dates import stored_dates
from smolevents.core.domain import DEFAULT_ORGANISATION, DEFAULT_SECTIONS, Event, Quarter, Report, Section
from smolevents.core.errors import (
    ConflictError, DatabaseBusyError, DatabaseReadOnlyError, NotOurDatabaseError,
    SectionInUseError, UserError,
)
from smolevents.core.country_codes import codes_of, codes_text
from smolevents.core.search import search_text_of

TYPE_CHECKING = False  # typing.TYPE_CHECKING without typing's import (3 ms of a command's start)
if TYPE_CHECKING:
    from smolevents.core.periods import Period
    from smolevents.core.store.source_reader import TextReading

EDITABLE_FIELDS = ("name", "place", "dates", "purpose", "participants")
DEFAULT_SETTINGS = {
    "organisation": DEFAULT_ORGANISATION,
    "font_name": "Times New Roman",
    "font_size": "12",
    "title_font_size": "14",
}

_EVENT_SELECT = """
    SELECT e.id, e.uuid, r.year, r.quarter, e.section_id, e.position, e.name, e.place,
           e.date_start, e.date_end, e.date_text, e.purpose, e.participants,
           e.created_at, e.updated_at, e.version, e.countries, e.countries_confirmed
    FROM events e JOIN reports r ON r.id = e.report_id
"""
# Report order: sections in catalogue order, then the clerk's order inside one.
_REPORT_ORDER = "ORDER BY s.sort_order, s.id, e.position, e.id"
_SQL_VARIABLES_PER_QUERY = 500
# The columns an inserted event row fills, in the order of INSERT_EVENT's values.
INSERT_COLUMNS = (
    "id", "uuid", "report_id", "section_id", "position", "name", "place", "date_start", "date_end",
    "date_text", "purpose", "participants", "created_at", "updated_at", "version",
    "countries", "countries_confirmed", "participants_total", "abroad",
)
INSERT_EVENT = (f"INSERT INTO events ({', '.join(INSERT_COLUMNS)}) "
                 f"VALUES ({', '.join('?' * len(INSERT_COLUMNS))})")
_in_insert_order = itemgetter(*INSERT_COLUMNS)  # a row's values as INSERT_EVENT takes them (one C call)


def _new_uuids(count: int) -> list[str]:
    """`count` random (version 4) UUIDs as `str(uuid.uuid4())` writes them, from one read of
    the system's random source: uuid.UUID builds each through a slow constructor, and an
    import brings thousands of events."""
    import os

    text = os.urandom(16 * count).hex()
    uuids = []
    for start in range(0, 32 * count, 32):
        value = text[start:start + 32]
        # Version 4 in the 13th digit, the RFC 4122 variant in the top bits of the 17th.
        variant = "89ab"[int(value[16], 16) & 3]
        uuids.append(f"{value[:8]}-{value[8:12]}-4{value[13:16]}-{variant}{value[17:20]}-{value[20:]}")
    return uuids


def utc_now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="microseconds")


def _event_from_row(row) -> Event:
    # Thousands of rows at once (`events` of a 20 000-event quarter: 596 -> 290-340 ms of CPU):
    # a quarter's events share a few quarters and a few dozen dates, each made once (immutable).
    (event_id, event_uuid, year, quarter, section_id, position, name, place,
     date_start, date_end, date_text, purpose, participants,
     created_at, updated_at, version, countries, countries_confirmed) = row
    return Event.stored(
        event_id, event_uuid, _quarter(year, quarter), section_id, position, name, place,
        stored_dates(date_start, date_end, date_text), purpose, participants, created_at, updated_at,
        version, codes_of(countries), bool(countries_confirmed),
    )


@lru_cache(maxsize=256)
def _quarter(year: int, quarter: int) -> Quarter:
    return Quarter(year, quarter)


def _load_country_names() -> None:
    """The country index is loaded (once) before a write takes the lock, not while holding it."""
    from smolevents.core.countries import index

    index()


BUSY_MESSAGE = messages.DATABASE_BUSY
_SQLITE_READONLY = 8  # primary result code; extended codes (…_DIRECTORY, …_DBMOVED) keep it in the low byte


def _is_read_only(error: BaseException) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    return isinstance(error, sqlite3.OperationalError) and code is not None and code & 0xFF == _SQLITE_READONLY


_BLANK_SECTION_TITLE = "Название раздела не может быть пустым. Введите название."


def _normalise_title(title: str) -> str:
    return " ".join(str(title).split())


def title_key(title: str) -> str:
    """How section titles are matched: white space squashed, case ignored."""
    return _normalise_title(title).casefold()


NEW_FILE_WAIT_SECONDS = 3.0  # a new database is made in one short transaction


def _filled_meanwhile(path: Path) -> bool:
    """Whether an empty file becomes a database soon (another copy of the program making it)."""
    deadline = time.monotonic() + NEW_FILE_WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(0.05)
        try:
            if path.stat().st_size > 0:
                return True
        except OSError:
            return False
    return False


class Store:
    """The clerk's events in one SQLite file."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None,
                 clock: Callable[[], str] = utc_now):
        self.conn = conn
        self.path = path
        self.clock = clock
        self._on_close: list[Callable[[], None]] = []

    # --- opening ---------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, *, create: bool = True) -> Store:
        """Open (or, when `create` and the file is missing, make) a database.

        A file that is not ours, is damaged or was written by a newer version is
        refused with a UserError and not changed. A `file:` URI, a FIFO or a device is
        refused before anything opens it. An empty file may be another copy of the
        program making the same new database this very moment: it is given a moment
        to fill before it is refused as empty (the header is read again under the
        write lock).
        """
        refuse_uri(path)
        path = Path(path)
        if path.is_dir():
            raise UserError(messages.folder_not_file(path))
        refuse_special_file(path)
        if path.exists():
            if path.stat().st_size == 0 and not _filled_meanwhile(path):
                raise NotOurDatabaseError(messages.empty_database_file(path.name))
        elif not create:
            raise UserError(messages.file_not_found(path))
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = sqlite3.connect(str(path), timeout=5.0)
        except sqlite3.Error as error:
            raise UserError(f"Не удалось открыть «{path}»: {error}. Проверьте права на папку.")
        try:
            store = cls(conn, path)
            store._prepare(label=path.name)
        except BaseException:
            conn.close()
            raise
        return store

    @classmethod
    def open_read_only(cls, copy: Path, shown_as: Path) -> Store:
        """A store over a private vetted copy (read-only, immutable) that reports itself as
        `shown_as`: commands that only read never touch the file they were given."""
        conn = sqlite3.connect(Path(copy).resolve().as_uri() + "?mode=ro&immutable=1", uri=True)
        try:
            store = cls(conn, Path(shown_as))
            store._prepare(label=Path(shown_as).name)
        except BaseException:
            conn.close()
            raise
        return store

    def call_on_close(self, action: Callable[[], None]) -> None:
        """Run `action` after the connection is closed (a private copy's folder removed)."""
        self._on_close.append(action)

    @classmethod
    def in_memory(cls, clock: Callable[[], str] = utc_now) -> Store:
        store = cls(sqlite3.connect(":memory:"), None, clock)
        store._prepare(label=":memory:")
        return store

    def _prepare(self, label: str) -> None:
        try:
            application_id, version, table_count = self._read_header()
        except sqlite3.DatabaseError as error:
            if is_busy(error):  # another program is writing it: the file is fine, only busy
                raise DatabaseBusyError(BUSY_MESSAGE) from None
            raise NotOurDatabaseError(messages.not_sqlite(label)) from None
        is_new = table_count == 0 and version == 0
        schema.check_header(label, application_id, version, blank=is_new)
        # WAL would leave committed data in a side file that a plain copy misses.
        self.conn.execute("PRAGMA journal_mode = DELETE")
        self.conn.execute("PRAGMA synchronous = FULL")
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.execute("PRAGMA busy_timeout = 5000")
        if version < schema.SCHEMA_VERSION:
            if not is_new and version > 0 and self.path is not None:
                self._keep_copy_before_upgrade(version)
            with self.transaction():
                # Read again under the write lock: another copy of the program may have
                # made (or upgraded) this very file while we waited for it.
                application_id, version, table_count = self._read_header()
                is_new = table_count == 0 and version == 0
                schema.check_header(label, application_id, version, blank=is_new)
                if version < schema.SCHEMA_VERSION:
                    schema.migrate(self.conn, version)
                    if is_new:
                        self._fill_new_database()
        schema.check_columns(self.conn, label)

    def _keep_copy_before_upgrade(self, version: int) -> None:
        """A consistent copy of the file as it was, beside it, before its schema changes."""
        backup = schema.backup_name(self.path, version)
        if backup.exists():
            return  # an earlier try already kept the original; never overwrite it
        try:
            self.conn.execute("VACUUM INTO ?", (str(backup),))
        except sqlite3.Error as error:
            backup.unlink(missing_ok=True)
            raise UserError(
                f"Файл «{self.path.name}» нужно обновить для этой версии программы, но копию "
                f"«{backup.name}» сохранить не удалось ({error}). Проверьте место на диске и права "
                "на папку; файл не изменен."
            ) from None

    def _read_header(self) -> tuple[int, int, int]:
        # One read transaction: another copy of the program making this very file may commit
        # its schema between two separate reads (the version read as 0 before, the tables
        # counted after: "not a smolevents database"; two first imports at once, a test).
        own = not self.conn.in_transaction
        if own:
            self.conn.execute("BEGIN")
        try:
            application_id = self.conn.execute("PRAGMA application_id").fetchone()[0]
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
            table_count = self.conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
            ).fetchone()[0]
        finally:
            if own and self.conn.in_transaction:
                try:
                    self.conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass  # nothing was read (not a database): the reading's own error is raised
        return application_id, version, table_count

    def _fill_new_database(self) -> None:
        self.conn.executemany("INSERT INTO sections (title, sort_order) VALUES (?, ?)",
                              [(title, index) for index, title in enumerate(DEFAULT_SECTIONS)])
        self.conn.executemany("INSERT INTO settings (key, value) VALUES (?, ?)", DEFAULT_SETTINGS.items())

    def close(self) -> None:
        self.conn.close()
        while self._on_close:
            self._on_close.pop()()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def label(self) -> str:
        return str(self.path) if self.path else ":memory:"

    # --- transactions ----------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """One user action. Nested calls become savepoints of the outer one."""
        if self.conn.in_transaction:
            with self._savepoint():
                yield self
            return
        # IMMEDIATE takes the write lock now, so a second program on the same file
        # waits or fails here rather than halfway through the action.
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) and "busy" not in str(error):
                raise
            raise DatabaseBusyError(BUSY_MESSAGE) from None
        try:
            yield self
        except BaseException as error:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            if _is_read_only(error):
                raise DatabaseReadOnlyError(
                    f"Файл базы «{self.path.name if self.path else self.label}» защищен от записи "
                    "(сам файл или его папка): изменение не сохранено. Снимите с файла отметку "
                    "«Только чтение» или скопируйте его в свою папку и работайте с копией."
                ) from None
            raise
        self.conn.execute("COMMIT")

    @contextmanager
    def _savepoint(self) -> Iterator[None]:
        """A nested action: undone alone when it fails, kept or undone with the outer one."""
        self.conn.execute("SAVEPOINT nested_action")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK TO nested_action")
            self.conn.execute("RELEASE nested_action")
            raise
        self.conn.execute("RELEASE nested_action")

    # --- settings ----------------------------------------------------------------

    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        if row is not None:
            return row[0]
        return DEFAULT_SETTINGS.get(key, default)

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, str(value)),
            )

    # --- reports (quarters) --------------------------------------------------------

    def report(self, quarter: Quarter) -> Report | None:
        row = self.conn.execute(
            "SELECT id, closing FROM reports WHERE year = ? AND quarter = ?",
            (quarter.year, quarter.quarter),
        ).fetchone()
        return Report(row[0], quarter, row[1]) if row else None

    def ensure_report(self, quarter: Quarter) -> Report:
        existing = self.report(quarter)
        if existing:
            return existing
        with self.transaction():
            cursor = self.conn.execute(
                "INSERT INTO reports (year, quarter, closing, updated_at) VALUES (?, ?, '', ?)",
                (quarter.year, quarter.quarter, self.clock()),
            )
        return Report(cursor.lastrowid, quarter, "")

    def quarters(self) -> list[Quarter]:
        """Every quarter the file knows, newest first."""
        rows = self.conn.execute("SELECT year, quarter FROM reports ORDER BY year DESC, quarter DESC")
        return [Quarter(year, quarter) for year, quarter in rows]

    def closing(self, quarter: Quarter) -> str:
        report = self.report(quarter)
        return report.closing if report else ""

    def set_closing(self, quarter: Quarter, text: str) -> None:
        with self.transaction():
            report = self.ensure_report(quarter)
            self.conn.execute("UPDATE reports SET closing = ?, updated_at = ? WHERE id = ?",
                              (text, self.clock(), report.id))

    def period_closing(self, period: Period) -> str:
        """The closing paragraph of a quarter, a half-year, nine months or a year."""
        if period.is_quarter:
            return self.closing(period.quarters[0])
        row = self.conn.execute(
            "SELECT closing FROM period_reports WHERE year = ? AND period = ?", (period.year, period.kind)
        ).fetchone()
        return row[0] if row else ""

    def set_period_closing(self, period: Period, text: str) -> None:
        if period.is_quarter:
            self.set_closing(period.quarters[0], text)
            return
        with self.transaction():
            self.conn.execute(
                "INSERT INTO period_reports (year, period, closing, updated_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (year, period) DO UPDATE SET closing = excluded.closing,"
                " updated_at = excluded.updated_at",
                (period.year, period.kind, text, self.clock()),
            )

    # --- sections --------------------------------------------------------------------

    def sections(self) -> list[Section]:
        rows = self.conn.execute("SELECT id, title, sort_order FROM sections ORDER BY sort_order, id")
        return [Section(*row) for row in rows]

    def section(self, section_id: int) -> Section:
        row = self.conn.execute(
            "SELECT id, title, sort_order FROM sections WHERE id = ?", (section_id,)
        ).fetchone()
        if row is None:
            raise UserError("Такого раздела нет: возможно, его удалили. Обновите список.")
        return Section(*row)

    def section_by_title(self, title: str) -> Section | None:
        return self.sections_by_title().get(title_key(title))

    def sections_by_title(self) -> dict[str, Section]:
        """The catalogue by `title_key` (one read, for looking many titles up)."""
        found: dict[str, Section] = {}
        for section in self.sections():
            found.setdefault(title_key(section.title), section)
        return found

    def add_section(self, title: str) -> Section:
        title = self._checked_title(title)
        with self.transaction():
            order = self.conn.execute("SELECT coalesce(max(sort_order), -1) + 1 FROM sections").fetchone()[0]
            cursor = self.conn.execute("INSERT INTO sections (title, sort_order) VALUES (?, ?)", (title, order))
        return Section(cursor.lastrowid, title, order)

    def ensure_section(self, title: str) -> Section:
        """The section of this title, added to the end of the catalogue if missing."""
        return self.ensure_sections([title])[title_key(title)]

    def ensure_sections(self, titles: Iterable[str]) -> dict[str, Section]:
        """The sections of these titles by `title_key`, the missing ones added to the end of the
        catalogue in the order given; one read of the catalogue however many titles (an import
        of thousands of sections stays linear)."""
        with self.transaction():
            catalogue = self.sections_by_title()
            order = self.conn.execute("SELECT coalesce(max(sort_order), -1) + 1 FROM sections").fetchone()[0]
            for title in titles:
                key = title_key(title)
                if key in catalogue:
                    continue
                clean = _normalise_title(title)
                if not clean:
                    raise UserError(_BLANK_SECTION_TITLE)
                cursor = self.conn.execute("INSERT INTO sections (title, sort_order) VALUES (?, ?)", (clean, order))
                catalogue[key] = Section(cursor.lastrowid, clean, order)
                order += 1
        return catalogue

    def rename_section(self, section_id: int, title: str) -> Section:
        title = self._checked_title(title, renaming=section_id)
        with self.transaction():
            self.section(section_id)
            self.conn.execute("UPDATE sections SET title = ? WHERE id = ?", (title, section_id))
        return self.section(section_id)

    def move_section(self, section_id: int, index: int) -> None:
        """Put the section at `index` of the catalogue (0 is first)."""
        with self.transaction():
            ids = [section.id for section in self.sections() if section.id != section_id]
            self.section(section_id)
            ids.insert(max(0, min(index, len(ids))), section_id)
            for order, moved_id in enumerate(ids):
                self.conn.execute("UPDATE sections SET sort_order = ? WHERE id = ?", (order, moved_id))

    def section_usage(self, section_id: int) -> int:
        """How many events of any quarter stand in the section."""
        return self.conn.execute(
            "SELECT count(*) FROM events WHERE section_id = ?", (section_id,)
        ).fetchone()[0]

    def check_section_deletable(self, section_id: int) -> None:
        """Raises SectionInUseError with the reason when the section holds events."""
        used = self.section_usage(section_id)
        if used:
            raise SectionInUseError(
                f"Раздел «{self.section(section_id).title}» нельзя удалить: в нем мероприятий — "
                f"{used}. Сначала перенесите их в другой раздел."
            )

    def delete_section(self, section_id: int) -> None:
        with self.transaction():
            self.section(section_id)
            self.check_section_deletable(section_id)
            self.conn.execute("DELETE FROM sections WHERE id = ?", (section_id,))

    def restore_section(self, section: Section, index: int) -> Section:
        """Put a deleted section back with its id at `index` (undo of a delete or an add)."""
        title = self._checked_title(section.title)
        with self.transaction():
            self.conn.execute("INSERT INTO sections (id, title, sort_order) VALUES (?, ?, 0)",
                              (section.id, title))
            self.move_section(section.id, index)
        return self.section(section.id)

    def _checked_title(self, title: str, renaming: int | None = None) -> str:
        title = _normalise_title(title)
        if not title:
            raise UserError(_BLANK_SECTION_TITLE)
        existing = self.section_by_title(title)
        if existing and existing.id != renaming:
            raise UserError(f"Раздел «{existing.title}» уже есть. Выберите другое название.")
        return title

    # --- events: reading -----------------------------------------------------------------

    def event(self, event_id: int) -> Event:
        row = self.conn.execute(_EVENT_SELECT + " WHERE e.id = ?", (event_id,)).fetchone()
        if row is None:
            raise UserError("Мероприятие не найдено: возможно, его удалили. Обновите список.")
        return _event_from_row(row)

    def event_by_uuid(self, event_uuid: str) -> Event | None:
        row = self.conn.execute(_EVENT_SELECT + " WHERE e.uuid = ?", (event_uuid,)).fetchone()
        return _event_from_row(row) if row else None

    def events(self, quarter: Quarter) -> list[Event]:
        """The quarter's events in report order."""
        rows = self.conn.execute(
            _EVENT_SELECT + " JOIN sections s ON s.id = e.section_id"
            " WHERE r.year = ? AND r.quarter = ? " + _REPORT_ORDER,
            (quarter.year, quarter.quarter),
        )
        return [_event_from_row(row) for row in rows]

    def period_events(self, period: Period) -> list[Event]:
        """The period's events in report order: sections in catalogue order, then quarter, then position."""
        quarters = [quarter.quarter for quarter in period.quarters]
        rows = self.conn.execute(
            _EVENT_SELECT + " JOIN sections s ON s.id = e.section_id"
            f" WHERE r.year = ? AND r.quarter IN ({','.join('?' * len(quarters))})"
            " ORDER BY s.sort_order, s.id, r.quarter, e.position, e.id",
            (period.year, *quarters),
        )
        return [_event_from_row(row) for row in rows]

    def period_summary_groups(self, period: Period) -> list[tuple[str, int, list[tuple]]]:
        """For the summary: (section title, quarter, rows) in report order, one narrow row per
        event in the clerk's order: (id, countries, abroad, participants total, dated outside the
        period 0/1). Dates are compared by month: periods are whole quarters.

        One range of the `events_for_summary` index per section and quarter: no event's
        long texts are read and nothing is sorted, so 100 000 events take a blink.
        """
        first, last = f"{period.first_day:%Y-%m}", f"{period.last_day:%Y-%m}"
        reports = {quarter.quarter: self.report(quarter) for quarter in period.quarters}
        groups = []
        for section in self.sections():
            for number, report in reports.items():
                if report is None:
                    continue
                rows = self.conn.execute(
                    "SELECT id, countries, abroad, participants_total,"
                    " date_start IS NOT NULL AND (substr(date_start, 1, 7) < ?"
                    "  OR substr(coalesce(date_end, date_start), 1, 7) > ?)"
                    " FROM events INDEXED BY events_for_summary"
                    " WHERE report_id = ? AND section_id = ? ORDER BY position, id",
                    (first, last, report.id, section.id),
                ).fetchall()
                if rows:
                    groups.append((section.title, number, rows))
        return groups

    def period_counts_by_section(self, period: Period) -> list[tuple[Section, int]]:
        """Every catalogue section with its number of events in the period."""
        counts: dict[int, int] = {}
        for quarter in period.quarters:
            for section, count in self.counts_by_section(quarter):
                counts[section.id] = counts.get(section.id, 0) + count
        return [(section, counts.get(section.id, 0)) for section in self.sections()]

    def event_ids(self, quarter: Quarter, search: str = "") -> list[int]:
        """Ids of the quarter's events in report order, those matching `search` only.

        Case-insensitive for Cyrillic: every word of `search` must begin a word of the
        event's text (the full-text index, `search_index.py`).
        """
        return [event_id for event_id, _section_id, _number in self.quarter_rows(quarter, search)]

    def matching_event_ids(self, search: str, within: tuple[int, int] | None = None) -> set[int] | None:
        """Ids of the events of any quarter matching `search`; None when it has no word to look for.
        `within` (lowest id, highest id) looks only at those: a quarter's events, entered during
        its months, hold a narrow range of ids, so a file of many years is not searched whole."""
        return search_index.matching_ids(self.conn, search, within)

    def ascending_matching_ids(self, search: str, within: tuple[int, int] | None = None) -> list[int] | None:
        """`matching_event_ids` as a list in ascending order (what the window's search needs:
        no set of 100 000 ids is made for the first letter typed)."""
        return search_index.ascending_ids(self.conn, search, within)

    def quarter_rows(self, quarter: Quarter, search: str = "", limit: int | None = None
                     ) -> list[tuple[int, int, int]]:
        """(event id, section id, report number) in report order, matching `search` only.

        The number is the one the report prints, also when the search hides the
        events before it. `limit` stops after that many rows of the report (the
        first screenful, read before the window shows).
        """
        report = self.report(quarter)
        if report is None:
            return []
        rows: list[tuple[int, int, int]] = []
        # Section by section in catalogue order, each read in index order
        # (events_in_order): no sort of the whole quarter.
        for section_id, in self.conn.execute("SELECT id FROM sections ORDER BY sort_order, id").fetchall():
            wanted = None if limit is None else limit - len(rows)
            if wanted is not None and wanted <= 0:
                break
            ids = self.conn.execute(
                "SELECT id FROM events WHERE report_id = ? AND section_id = ? ORDER BY position, id"
                + ("" if wanted is None else f" LIMIT {int(wanted)}"),
                (report.id, section_id),
            ).fetchall()
            first = len(rows) + 1
            rows.extend((event_id, section_id, first + offset) for offset, (event_id,) in enumerate(ids))
        matching = self.matching_event_ids(search)
        return rows if matching is None else [row for row in rows if row[0] in matching]

    def data_version(self) -> int:
        """Changes when another connection (another copy of the program) commits."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def events_by_ids(self, ids: Iterable[int]) -> dict[int, Event]:
        ids = list(ids)
        found: dict[int, Event] = {}
        for start in range(0, len(ids), _SQL_VARIABLES_PER_QUERY):
            chunk = ids[start:start + _SQL_VARIABLES_PER_QUERY]
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(_EVENT_SELECT + f" WHERE e.id IN ({marks})", chunk):
                event = _event_from_row(row)
                found[event.id] = event
        return found

    def suggestions(self, field: str, typed: str, limit: int = 8) -> list[str]:
        """What was typed before in `field` (place, participants…) containing every word of
        `typed` anywhere, not only at the start; the most used first, then the latest."""
        from smolevents.core.store.suggestions import SuggestionCache, suggest
        if getattr(self, "_suggestion_cache", None) is None:
            self._suggestion_cache = SuggestionCache()
        return suggest(self.conn, self._suggestion_cache, field, typed, limit)

    def count_events(self, quarter: Quarter | None = None) -> int:
        if quarter is None:
            return self.conn.execute("SELECT count(*) FROM events").fetchone()[0]
        return self.conn.execute(
            "SELECT count(*) FROM events e JOIN reports r ON r.id = e.report_id"
            " WHERE r.year = ? AND r.quarter = ?",
            (quarter.year, quarter.quarter),
        ).fetchone()[0]

    def counts_by_section(self, quarter: Quarter) -> list[tuple[Section, int]]:
        """Every catalogue section with its number of events in the quarter."""
        counts = dict(self.conn.execute(
            "SELECT e.section_id, count(*) FROM events e JOIN reports r ON r.id = e.report_id"
            " WHERE r.year = ? AND r.quarter = ? GROUP BY e.section_id",
            (quarter.year, quarter.quarter),
        ).fetchall())
        return [(section, counts.get(section.id, 0)) for section in self.sections()]

    def section_event_ids(self, quarter: Quarter, section_id: int) -> list[int]:
        rows = self.conn.execute(
            "SELECT e.id FROM events e JOIN reports r ON r.id = e.report_id"
            " WHERE r.year = ? AND r.quarter = ? AND e.section_id = ? ORDER BY e.position, e.id",
            (quarter.year, quarter.quarter, section_id),
        )
        return [row[0] for row in rows]

    def section_ends(self, quarter: Quarter, section_id: int) -> tuple[int, int] | None:
        """Ids of the section's first and last event in the quarter (None when it has none):
        two index lookups, where `section_event_ids` reads the whole section."""
        ends = []
        for order in ("e.position, e.id", "e.position DESC, e.id DESC"):
            row = self.conn.execute(
                "SELECT e.id FROM events e JOIN reports r ON r.id = e.report_id"
                f" WHERE r.year = ? AND r.quarter = ? AND e.section_id = ? ORDER BY {order} LIMIT 1",
                (quarter.year, quarter.quarter, section_id),
            ).fetchone()
            if row is None:
                return None
            ends.append(row[0])
        return ends[0], ends[1]

    # --- events: writing -----------------------------------------------------------------

    def add_event(self, quarter: Quarter, section_id: int, *, index: int | None = None,
                  **fields) -> Event:
        """A new event at `index` inside its section (None: at the end)."""
        draft = Event(id=None, uuid="", quarter=quarter, section_id=section_id, position=0, **fields)
        return self.insert_events([draft], index=index)[0]

    def insert_events(self, events: Iterable[Event], *, index: int | None = None,
                      read_back: bool = True) -> list[Event]:
        """Insert events as they are (uuid and timestamps kept when given).

        Each goes to the end of its section, or to `index` inside it. An event with an
        id keeps it (undo of a delete puts back the very same row). Appending is one
        statement per table for the whole batch (an import brings thousands).
        """
        rows, indexed = [], []
        _load_country_names()
        with self.transaction():
            next_id = self.conn.execute("SELECT coalesce(max(id), 0) + 1 FROM events").fetchone()[0]
            first_new_id = next_id  # above every id in use; a deleted event's entry left the index with it
            reports: dict[Quarter, int] = {}
            next_position: dict[tuple[int, int], int] = {}
            known_sections: set[int] = set()
            events = list(events)
            new_uuids = iter(_new_uuids(sum(1 for event in events if not event.uuid)))
            now = self.clock()  # one moment for the whole batch: it is one action
            for event in events:
                if event.section_id not in known_sections:
                    self.section(event.section_id)
                    known_sections.add(event.section_id)
                if event.quarter not in reports:
                    reports[event.quarter] = self.ensure_report(event.quarter).id
                place = (reports[event.quarter], event.section_id)
                if index is not None:  # room is made row by row: each shifts the ones after it
                    position = self._make_room(*place, index)
                    index += 1
                else:
                    if place not in next_position:
                        next_position[place] = self._make_room(*place, None)
                    position = next_position[place]
                    next_position[place] = position + 1
                event_id = next_id if event.id is None else event.id
                next_id = max(next_id, event_id + 1)
                values = self._insert_values(
                    event, id=event_id, uuid=event.uuid or next(new_uuids), report_id=place[0],
                    section_id=event.section_id, position=position, created_at=event.created_at or now,
                    updated_at=event.updated_at or now, version=event.version or 1)
                if index is not None:
                    self.conn.execute(INSERT_EVENT, values)
                else:
                    rows.append(values)
                indexed.append((event_id, search_text_of(event)))
            self.conn.executemany(INSERT_EVENT, rows)
            search_index.index(self.conn, indexed, fresh=all(event_id >= first_new_id for event_id, _ in indexed))
            if not read_back:
                return [event_id for event_id, _ in indexed]
            found = self.events_by_ids(event_id for event_id, _ in indexed)
        return [found[event_id] for event_id, _ in indexed]

    def add_events(self, events: Iterable[Event]) -> list[int]:
        """`insert_events` at the ends of their sections, without reading them back (an
        import of thousands): the new ids."""
        return self.insert_events(events, read_back=False)

    def restore_event(self, event: Event) -> Event:
        """Put a deleted event back where it stood, with its id and uuid."""
        index = self.conn.execute(
            "SELECT count(*) FROM events e JOIN reports r ON r.id = e.report_id"
            " WHERE r.year = ? AND r.quarter = ? AND e.section_id = ? AND e.position < ?",
            (event.quarter.year, event.quarter.quarter, event.section_id, event.position),
        ).fetchone()[0]
        return self.insert_events([event], index=index)[0]

    def update_event(self, event_id: int, *, expected_version: int | None = None, **changes) -> Event:
        """Change text fields or dates of one event.

        With `expected_version`, an event changed meanwhile by another copy of the
        program is refused with ConflictError instead of being overwritten.
        """
        unknown = set(changes) - set(EDITABLE_FIELDS)
        if unknown:
            raise ValueError(f"unknown event fields: {sorted(unknown)}")
        _load_country_names()
        with self.transaction():
            current = self.event(event_id)
            if expected_version is not None and current.version != expected_version:
                raise ConflictError(messages.EVENT_CHANGED_ELSEWHERE)
            updated = current.with_changes(**changes)
            if updated == current:
                return current
            # What a later merge needs to tell our change from another department's.
            # What merge remembers pulls in hashlib: not on every command's start.
            from smolevents.core.lineage import field_value
            from smolevents.core.store.merge_memory import remember_changes

            remember_changes(self.conn, current.uuid, {name: field_value(current, "", name) for name in changes},
                             {name: field_value(updated, "", name) for name in changes})
            self._write_event(event_id, updated, self.clock(), current.version + 1)
        return self.event(event_id)

    def set_countries(self, event_id: int, codes: Iterable[str], *, confirmed: bool = True,
                      expected_version: int | None = None) -> Event:
        """The clerk's partner countries for an event (confirmed: no longer suggested from the text).

        `confirmed=False` hands the event back to the suggestion from its text.
        """
        _load_country_names()  # before the write lock, as the other writers do
        with self.transaction():
            current = self.event(event_id)
            if expected_version is not None and current.version != expected_version:
                raise ConflictError(messages.EVENT_CHANGED_ELSEWHERE)
            updated = current.with_changes(countries=tuple(codes), countries_confirmed=confirmed)
            row = self._row(updated)
            if (row["countries"], bool(row["countries_confirmed"])) == (codes_text(current.countries),
                                                                         current.countries_confirmed):
                return current
            self.conn.execute(
                "UPDATE events SET countries = ?, countries_confirmed = ?, updated_at = ?, version = ?"
                " WHERE id = ?",
                (row["countries"], row["countries_confirmed"], self.clock(), current.version + 1, event_id),
            )
        return self.event(event_id)

    def delete_event(self, event_id: int) -> Event:
        """Delete one event; returns it as it was, so the deletion can be undone."""
        with self.transaction():
            event = self.event(event_id)
            self.conn.execute("DELETE FROM events WHERE id = ?", (event_id,))
            search_index.forget(self.conn, [event_id])
        return event

    def move_event(self, event_id: int, section_id: int, index: int | None = None) -> Event:
        """Move an event to `index` inside `section_id` (None: the end)."""
        with self.transaction():
            event = self.event(event_id)
            self.section(section_id)
            ids = [each for each in self.section_event_ids(event.quarter, section_id) if each != event_id]
            index = len(ids) if index is None else max(0, min(index, len(ids)))
            ids.insert(index, event_id)
            if section_id != event.section_id:
                from smolevents.core.lineage import field_value
                from smolevents.core.store.merge_memory import remember_changes

                remember_changes(self.conn, event.uuid,
                                 {"section": field_value(event, self.section(event.section_id).title, "section")},
                                 {"section": field_value(event, self.section(section_id).title, "section")})
                self.conn.execute(
                    "UPDATE events SET section_id = ?, updated_at = ?, version = version + 1"
                    " WHERE id = ?",
                    (section_id, self.clock(), event_id),
                )
            self._renumber(ids)
        return self.event(event_id)

    def duplicate_event(self, event_id: int) -> Event:
        """A copy (new uuid) right after the original."""
        original = self.event(event_id)
        ids = self.section_event_ids(original.quarter, original.section_id)
        copy = original.with_changes(id=None, uuid="", created_at="", updated_at="", version=1)
        return self.insert_events([copy], index=ids.index(event_id) + 1)[0]

    def _make_room(self, report_id: int, section_id: int, index: int | None) -> int:
        """The position for a new event at `index`, shifting later ones down."""
        where = "WHERE report_id = ? AND section_id = ?"
        if index is None:  # the common case (typing, import, merge): one cheap query
            last = self.conn.execute(f"SELECT max(position) FROM events {where}",
                                     (report_id, section_id)).fetchone()[0]
            return 0 if last is None else last + 1
        row = self.conn.execute(
            f"SELECT position FROM events {where} ORDER BY position, id LIMIT 1 OFFSET ?",
            (report_id, section_id, max(index, 0)),
        ).fetchone()
        if row is None:
            return self._make_room(report_id, section_id, None)
        position = row[0]
        self.conn.execute(
            "UPDATE events SET position = position + 1"
            " WHERE report_id = ? AND section_id = ? AND position >= ?",
            (report_id, section_id, position),
        )
        return position

    def _renumber(self, ordered_ids: list[int]) -> None:
        for position, event_id in enumerate(ordered_ids):
            self.conn.execute(
                "UPDATE events SET position = ? WHERE id = ? AND position != ?",
                (position, event_id, position),
            )

    @staticmethod
    def _row(event: Event, read: TextReading | None = None) -> dict:
        """The event's columns; `read`: what its texts were read as already (a merge takes
        it from the department's file for an event whose countries are not confirmed)."""
        # Imported here: a command that writes nothing (the Word export) never loads them.
        from smolevents.core.countries import event_countries, place_is_abroad
        from smolevents.core.participants import participants_total

        date_start, date_end, date_text = event.dates.to_storage()
        if event.countries_confirmed:
            countries, abroad = event.countries, place_is_abroad(event.place)
        elif read is not None:
            countries, abroad = read
        else:  # the suggestion follows the text until the clerk confirms the countries
            countries, abroad = event_countries(event)
        return {
            "abroad": int(abroad),
            "countries": codes_text(countries),
            "countries_confirmed": int(event.countries_confirmed),
            "participants_total": participants_total(event.participants),
            "name": event.name,
            "place": event.place,
            "date_start": date_start,
            "date_end": date_end,
            "date_text": date_text,
            "purpose": event.purpose,
            "participants": event.participants,
        }

    @staticmethod
    def _insert_values(event, read: TextReading | None = None, **columns) -> tuple:
        """INSERT_EVENT's values for `event`: its columns (`_row`) and the given `columns`
        (id, uuid, report, section, position, times, version)."""
        row = Store._row(event, read)
        row.update(columns)
        return _in_insert_order(row)

    def _write_event(self, event_id: int, content: Event, updated_at: str, version: int, **place) -> None:
        """Overwrite one event's content (and its entry in the search index); `place`: its
        report, section and position when it moves (merge)."""
        row = self._row(content) | {"updated_at": updated_at, "version": version} | place
        assignments = ", ".join(f"{column} = ?" for column in row)
        self.conn.execute(f"UPDATE events SET {assignments} WHERE id = ?", [*row.values(), event_id])
        search_index.index(self.conn, [(event_id, search_text_of(content))])

    # --- health ------------------------------------------------------------------------

    def integrity_problems(self, quick_check: bool = True) -> list[str]:
        """What SQLite's own checks find wrong with the file (empty when healthy);
        without `quick_check` (run already by the vetting) the references only."""
        problems = []
        if quick_check:
            problems = [row[0] for row in self.conn.execute("PRAGMA quick_check") if row[0] != "ok"]
        for table, rowid, parent, _ in self.conn.execute("PRAGMA foreign_key_check"):
            problems.append(f"таблица {table}, строка {rowid}: ссылка на отсутствующую запись в {parent}")
        return problems
