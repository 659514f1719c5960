"""A copy for sending, a local copy of a shared file, network paths, two programs on one file."""

import os
import sqlite3
import threading
import urllib.parse

import pytest

from smolevents.core.store import schema
from smolevents.cli.main import main
from smolevents.core.errors import ConflictError, UserError
from smolevents.core.store.sharing import (NETWORK_WARNING, is_network_path, is_network_path_posix,
                                     is_network_path_windows, make_local_copy, read_only_uri,
                                     save_copy_for_sending)
from smolevents.core.store import Store
from smolevents.core.store.vetting import vet_database_file
from tests.hostile_sqlite import edit
from tests.real_report import QUARTER, real_report_file


@pytest.fixture
def real_file(db_path, real_report):
    return real_report_file(db_path, real_report)


def test_the_copy_for_sending_is_a_checked_database_of_ours(tmp_path, real_file):
    out_dir = tmp_path / "отправка"
    out_dir.mkdir()
    with Store.open(real_file) as store:
        written = save_copy_for_sending(store, out_dir / "культура II кв.sqlite")
    assert [p.name for p in out_dir.iterdir()] == ["культура II кв.sqlite"]  # no temporary left
    vet_database_file(written)
    conn = sqlite3.connect(written)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert conn.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    conn.close()
    with Store.open(written) as copy, Store.open(real_file) as original:
        assert copy.events(QUARTER) == original.events(QUARTER)
        assert copy.closing(QUARTER) == original.closing(QUARTER)


def test_the_copy_is_consistent_while_another_program_writes(tmp_path, real_file):
    """Each copy holds a prefix of the writer's events: never half a transaction."""
    stop = threading.Event()
    written_names = []
    failures = []

    def writer():
        try:
            with Store.open(real_file) as other:
                section = other.sections()[0].id
                number = 0
                while not stop.is_set() and number < 400:
                    with other.transaction():
                        other.add_event(QUARTER, section, name=f"Запись {number}", place="А")
                        other.add_event(QUARTER, section, name=f"Запись {number}", place="Б")
                    written_names.append(number)
                    number += 1
        except Exception as error:  # reported by the main thread
            failures.append(error)

    thread = threading.Thread(target=writer)
    copies = []
    with Store.open(real_file) as store:
        thread.start()
        try:
            while len(copies) < 6 and thread.is_alive():
                if written_names:
                    copies.append(save_copy_for_sending(store, tmp_path / f"копия {len(copies)}.sqlite"))
        finally:
            stop.set()
            thread.join()
    assert not failures
    assert len(copies) >= 2
    for copy in copies:
        vet_database_file(copy)
        with Store.open(copy) as opened:
            assert opened.integrity_problems() == []
            extra = [(e.name, e.place) for e in opened.events(QUARTER) if e.name.startswith("Запись ")]
        count = len(extra) // 2
        assert extra == [(f"Запись {n}", place) for n in range(count) for place in "АБ"]


def test_the_copy_never_replaces_the_open_database(real_file):
    before = real_file.read_bytes()
    with Store.open(real_file) as store:
        with pytest.raises(UserError, match="поверх открытой базы"):
            save_copy_for_sending(store, real_file)
    assert real_file.read_bytes() == before


def test_copy_for_sending_command(tmp_path, real_file, capsys):
    out = tmp_path / "для отправки.sqlite"
    assert main(["--db", str(real_file), "copy-for-sending", str(out)]) == 0
    assert capsys.readouterr().out == f"Копия для отправки сохранена: {out} (мероприятий 47).\n"
    with Store.open(out) as copy:
        assert copy.count_events(QUARTER) == 47


def test_two_programs_on_one_file_do_not_lose_each_others_edit(real_file):
    with Store.open(real_file) as first, Store.open(real_file) as second:
        seen_by_first = first.events(QUARTER)[3]
        seen_by_second = second.event(seen_by_first.id)
        second.update_event(seen_by_second.id, expected_version=seen_by_second.version,
                            place="г. Смоленск, Дом Советов")
        with pytest.raises(ConflictError, match="уже изменено в другом окне или другой копией программы"):
            first.update_event(seen_by_first.id, expected_version=seen_by_first.version, place="г. Минск")
        fresh = first.event(seen_by_first.id)
        assert fresh.place == "г. Смоленск, Дом Советов"
        assert fresh.version == seen_by_first.version + 1
        first.update_event(fresh.id, expected_version=fresh.version, place="г. Минск")
        assert second.event(fresh.id).place == "г. Минск"


def test_a_local_copy_of_a_shared_file(tmp_path, real_file):
    before = real_file.read_bytes()
    folder = tmp_path / "мои данные"
    first = make_local_copy(real_file, folder)
    second = make_local_copy(real_file, folder)
    assert first.name == "events (локальная копия).sqlite"
    assert second.name == "events (локальная копия 2).sqlite"  # the first copy is never overwritten
    assert real_file.read_bytes() == before
    with Store.open(first) as copy:
        assert copy.count_events(QUARTER) == 47


@pytest.mark.parametrize("path, uri", [
    # A mapped drive stays a drive: no \\server\share, no host in the URI.
    (r"Z:\Отчеты\events.sqlite", "file:///Z:/%D0%9E%D1%82%D1%87%D0%B5%D1%82%D1%8B/events.sqlite?mode=ro"),
    (r"\\server\share\отдел\events.sqlite",
     "file:////server/share/%D0%BE%D1%82%D0%B4%D0%B5%D0%BB/events.sqlite?mode=ro"),
    (r"\\?\UNC\server\share\events.sqlite", "file:////server/share/events.sqlite?mode=ro"),
    (r"\\?\C:\Users\clerk\events.sqlite", "file:///C:/Users/clerk/events.sqlite?mode=ro"),
    (r"C:\Отдел #2\100% (копия).sqlite", "file:///C:/%D0%9E%D1%82%D0%B4%D0%B5%D0%BB%20%232/100%25%20%28%D0%BA%D0%BE%D0%BF%D0%B8%D1%8F%29.sqlite?mode=ro"),
])
def test_windows_paths_become_uris_sqlite_accepts(path, uri):
    assert read_only_uri(path, windows=True) == uri
    assert urllib.parse.urlsplit(uri).netloc == ""  # SQLite refuses a host (authority)


def test_the_old_uri_with_a_host_is_what_sqlite_refuses(tmp_path):
    """Why the URI is built by hand: `file://server/share/…` (as_uri() of a UNC path)."""
    with pytest.raises(sqlite3.OperationalError, match="authority"):
        sqlite3.connect("file://server/share/events.sqlite?mode=ro", uri=True)


def test_a_unc_shaped_uri_opens_read_only(real_file):
    """`file:////…` (four slashes, as for \\\\server\\share) has an empty authority:
    SQLite opens it (here the POSIX path //tmp/…, which is /tmp/…) read-only."""
    uri = read_only_uri("/" + str(real_file), windows=False)
    assert uri.startswith("file:////")
    conn = sqlite3.connect(uri, uri=True)
    try:
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == 47
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            conn.execute("DELETE FROM events")
    finally:
        conn.close()


def test_a_local_copy_keeps_the_path_as_given_and_odd_names_work(tmp_path, real_file, monkeypatch):
    """No resolve(): on Windows it turns Z:\\ into \\\\server\\share."""
    shared = tmp_path / "Отдел #2 100%.sqlite"
    real_file.rename(shared)

    real_resolve = type(shared).resolve

    def no_resolve(self, strict=False):
        assert self.name != shared.name, "the shared file's path must not be resolve()d"
        return real_resolve(self, strict)

    monkeypatch.setattr(type(shared), "resolve", no_resolve)
    copy = make_local_copy(shared, tmp_path / "мои данные")
    monkeypatch.undo()
    with Store.open(copy) as opened:
        assert opened.count_events(QUARTER) == 47


@pytest.mark.windows
@pytest.mark.parametrize("how", ["unc", "mapped"])
def test_windows_a_local_copy_from_a_network_path(tmp_path, real_file, how):
    """A real UNC path (the administrative share of this machine) and a real mapped drive."""
    import string
    import subprocess
    drive, rest = os.path.splitdrive(str(real_file))
    unc = rf"\\localhost\{drive[0]}${rest}"
    if not os.path.exists(unc):
        pytest.skip(f"the administrative share {unc} is not reachable on this machine")
    mapped = None
    if how == "unc":
        shared = unc
    else:
        used = {d[0] for d in os.listdrives()} if hasattr(os, "listdrives") else set()
        mapped = next(letter for letter in reversed(string.ascii_uppercase[3:]) if letter not in used
                      and not os.path.exists(f"{letter}:\\"))
        share_root = rf"\\localhost\{drive[0]}$"
        subprocess.run(["net", "use", f"{mapped}:", share_root], check=True, capture_output=True)
        shared = f"{mapped}:{rest}"
    try:
        assert is_network_path(shared)
        copy = make_local_copy(shared, tmp_path / "мои данные")
    finally:
        if mapped:
            subprocess.run(["net", "use", f"{mapped}:", "/delete", "/y"], capture_output=True)
    with Store.open(copy) as opened:
        assert opened.count_events(QUARTER) == 47


def test_a_local_copy_of_something_else_is_refused_and_leaves_nothing(tmp_path):
    bad = tmp_path / "share.sqlite"
    bad.write_text("не база данных" * 100, encoding="utf-8")
    folder = tmp_path / "мои данные"
    with pytest.raises(UserError):
        make_local_copy(bad, folder)
    assert list(folder.iterdir()) == []


MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
server:/export /mnt/nfs nfs4 rw,relatime 0 0
//fs/отдел /mnt/smb\\040share cifs rw 0 0
/dev/sdb1 /mnt/nfs/local ext4 rw 0 0
user@host:/home /home/clerk/remote fuse.sshfs rw 0 0
"""


@pytest.mark.parametrize("path, expected", [
    ("/home/clerk/events.sqlite", False),
    ("/mnt/nfs/events.sqlite", True),
    ("/mnt/nfs/local/events.sqlite", False),  # a local disk mounted inside the share
    ("/mnt/smb share/отдел/events.sqlite", True),
    ("/mnt/smb/events.sqlite", False),
    ("/home/clerk/remote/events.sqlite", True),
    ("/mnt/nfsish/events.sqlite", False),
])
def test_network_file_systems_on_linux(path, expected):
    assert is_network_path_posix(path, MOUNTS) is expected


@pytest.mark.parametrize("path, expected", [
    (r"\\server\share\events.sqlite", True),
    ("//server/share/events.sqlite", True),
    (r"\\?\UNC\server\share\events.sqlite", True),
    (r"Z:\Отчеты\events.sqlite", True),
    (r"z:\events.sqlite", True),
    (r"C:\Users\clerk\events.sqlite", False),
    (r"\\?\C:\Users\clerk\events.sqlite", False),
])
def test_unc_paths_and_mapped_drives_on_windows(path, expected):
    drive_types = {"C:\\": 3, "Z:\\": 4}  # DRIVE_FIXED, DRIVE_REMOTE
    assert is_network_path_windows(path, lambda root: drive_types[root.upper()]) is expected


def test_the_network_check_never_raises(tmp_path):
    assert is_network_path(tmp_path / "events.sqlite") is False
    assert is_network_path("\0 not a path") is False
    assert "сетевом диске" in NETWORK_WARNING and "локальной копией" in NETWORK_WARNING


def test_copy_for_sending_command_names_the_copy_sqlite_when_no_extension_is_typed(
        tmp_path, real_file, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["--db", str(real_file), "copy-for-sending", "для отправки"]) == 0
    assert capsys.readouterr().out.startswith("Копия для отправки сохранена: для отправки.sqlite ")
    with Store.open(tmp_path / "для отправки.sqlite") as copy:
        assert copy.count_events(QUARTER) == 47


def test_copy_for_sending_command_never_writes_over_a_file_that_is_not_a_database(
        tmp_path, real_file, capsys):
    letter = tmp_path / "письмо координатору.docx"
    letter.write_bytes(b"PK\x03\x04 a Word document")
    assert main(["--db", str(real_file), "copy-for-sending", str(letter)]) == 1
    assert capsys.readouterr().err == (
        "Файл «письмо координатору.docx» уже есть и это не база smolevents: копия не записана поверх него. "
        "Укажите другое имя, например копия.sqlite.\n"
    )
    assert letter.read_bytes() == b"PK\x03\x04 a Word document"


def test_copy_for_sending_never_writes_over_another_programs_database(tmp_path, real_file, capsys):
    other = edit(tmp_path / "учет.sqlite", "CREATE TABLE accounts (id INTEGER)")
    before = other.read_bytes()
    assert main(["--db", str(real_file), "copy-for-sending", str(other)]) == 1
    assert "«учет.sqlite» уже есть и это не база smolevents" in capsys.readouterr().err
    assert other.read_bytes() == before
