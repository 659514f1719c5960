import contextlib
import errno
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from smolevents.core import safe_write
from smolevents.core.errors import FileBusyError
from smolevents.core.safe_write import write_atomically


def sharing_violation():
    """What Windows raises while another process holds the file (ERROR_SHARING_VIOLATION)."""
    error = PermissionError(13, "The process cannot access the file because it is being used by another process")
    error.winerror = 32
    return error


@pytest.fixture
def fake_time(monkeypatch):
    """A clock that moves only when the code sleeps: retries are counted, not waited for."""
    now = [0.0]
    pauses = []

    def sleep(seconds):
        pauses.append(seconds)
        now[0] += seconds

    monkeypatch.setattr(safe_write, "_sleep", sleep)
    monkeypatch.setattr(safe_write, "_clock", lambda: now[0])
    return pauses


def test_replaces_the_target_whole(tmp_path):
    target = tmp_path / "Отчет.docx"
    target.write_bytes(b"old")
    write_atomically(target, lambda temporary: temporary.write_bytes(b"new"))
    assert target.read_bytes() == b"new"
    assert os.listdir(tmp_path) == ["Отчет.docx"]


def test_a_failing_writer_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "Отчет.docx"
    target.write_bytes(b"old")

    def half_write(temporary):
        temporary.write_bytes(b"half")
        raise RuntimeError("сбой посреди записи")

    with pytest.raises(RuntimeError):
        write_atomically(target, half_write)
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["Отчет.docx"]


def test_a_file_open_in_word_is_reported_in_one_line(tmp_path, monkeypatch, fake_time):
    target = tmp_path / "Отчет.docx"
    target.write_bytes(b"old")
    calls = []

    def locked(source, destination):  # what Windows does while Word holds the file
        calls.append(destination)
        raise sharing_violation()

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(FileBusyError, match="открыт в другой программе") as error:
        write_atomically(target, lambda temporary: temporary.write_bytes(b"new"))
    assert "\n" not in str(error.value)
    assert "Word" in str(error.value)
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["Отчет.docx"]
    # Retried for the brief-lock window, then given up: bounded, not forever.
    assert 1 < len(calls) <= safe_write.SHARING_RETRY_SECONDS / safe_write.SHARING_RETRY_PAUSE + 1
    assert sum(fake_time) <= safe_write.SHARING_RETRY_SECONDS


def test_a_brief_lock_by_an_antivirus_is_waited_out(tmp_path, monkeypatch, fake_time):
    target = tmp_path / "Отчет.docx"
    target.write_bytes(b"old")
    real_replace = os.replace
    failures = [sharing_violation(), sharing_violation(), sharing_violation()]

    def scanned_for_a_moment(source, destination):
        if failures:
            raise failures.pop()
        real_replace(source, destination)

    monkeypatch.setattr(os, "replace", scanned_for_a_moment)
    write_atomically(target, lambda temporary: temporary.write_bytes(b"new"))
    assert target.read_bytes() == b"new"
    assert os.listdir(tmp_path) == ["Отчет.docx"]
    assert len(fake_time) == 3


def test_a_posix_permission_error_is_not_waited_on(tmp_path, monkeypatch, fake_time):
    """Off Windows a PermissionError is a permission: no retry, the answer comes at once."""
    monkeypatch.setattr(safe_write.os, "name", "posix")
    target = tmp_path / "Отчет.docx"

    def refused(source, destination):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refused)
    with pytest.raises(FileBusyError):
        write_atomically(target, lambda temporary: temporary.write_bytes(b"new"))
    assert fake_time == []


def test_a_read_only_target_is_named_as_such(tmp_path, monkeypatch, fake_time):
    target = tmp_path / "Отчет.docx"
    target.write_bytes(b"old")
    monkeypatch.setattr(os, "replace", lambda source, destination: (_ for _ in ()).throw(sharing_violation()))
    monkeypatch.setattr(safe_write.os, "access", lambda path, mode: Path(path) != target)
    with pytest.raises(FileBusyError, match="защищен от записи \\(только чтение\\)"):
        write_atomically(target, lambda temporary: temporary.write_bytes(b"new"))
    assert target.read_bytes() == b"old"


def test_a_read_only_folder_is_refused_at_once_not_retried(tmp_path, monkeypatch):
    """CPython gh-66305: mkstemp retries Windows' "access denied" up to 2**31 times.
    Our temporary file is tried once on a PermissionError, and the clerk is told why."""
    calls = []

    def refused(*args, **kwargs):
        calls.append(args[0])
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(safe_write.os, "open", refused)
    with pytest.raises(FileBusyError, match="Нет прав на запись в папку") as error:
        write_atomically(tmp_path / "Отчет.docx", lambda temporary: temporary.write_bytes(b"x"))
    assert len(calls) == 1
    assert "\n" not in str(error.value)
    assert os.listdir(tmp_path) == []


def test_name_clashes_are_retried_a_bounded_number_of_times(tmp_path, monkeypatch):
    calls = []

    def taken(path, *args):
        calls.append(path)
        raise FileExistsError(17, "File exists")

    monkeypatch.setattr(safe_write.os, "open", taken)
    with pytest.raises(FileBusyError, match="временный файл"):
        write_atomically(tmp_path / "Отчет.docx", lambda temporary: temporary.write_bytes(b"x"))
    assert len(calls) == safe_write.TEMPORARY_NAME_TRIES
    assert len(set(calls)) == len(calls)  # a new name each time


def test_a_clash_then_a_free_name(tmp_path, monkeypatch):
    real_open = os.open
    clashes = [1, 2]

    def first_taken(path, *args):
        if clashes:
            clashes.pop()
            raise FileExistsError(17, "File exists")
        return real_open(path, *args)

    monkeypatch.setattr(safe_write.os, "open", first_taken)
    target = write_atomically(tmp_path / "Отчет.docx", lambda temporary: temporary.write_bytes(b"x"))
    assert target.read_bytes() == b"x"
    assert os.listdir(tmp_path) == ["Отчет.docx"]


def test_a_missing_folder_is_reported(tmp_path):
    with pytest.raises(FileBusyError, match="не найдена"):
        write_atomically(tmp_path / "нет" / "Отчет.docx", lambda temporary: temporary.write_bytes(b"x"))


@pytest.mark.parametrize("code, words", [
    (errno.ENOSPC, "нет места"),
    (errno.EROFS, "только для чтения"),
])
def test_disk_errors_while_writing_say_what_happened(tmp_path, code, words):
    def failing(temporary):
        raise OSError(code, os.strerror(code))

    target = tmp_path / "Отчет.docx"
    target.write_bytes(b"old")
    with pytest.raises(FileBusyError, match=words):
        write_atomically(target, failing)
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["Отчет.docx"]


def test_a_clean_up_that_fails_never_hides_the_outcome(tmp_path, monkeypatch, fake_time):
    """An antivirus holding the temporary file past the retries: the writer's own error
    comes out, not a bare PermissionError from `finally`."""
    real_unlink = Path.unlink

    def held(self, missing_ok=False):
        if self.suffix == safe_write.TEMPORARY_SUFFIX:
            raise sharing_violation()
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", held)

    def failing(temporary):
        raise FileBusyError("Отчет не записан.")

    with pytest.raises(FileBusyError, match="Отчет не записан"):
        write_atomically(tmp_path / "Отчет.docx", failing)
    assert fake_time  # it did wait a little for the file to be let go


def test_a_name_near_the_file_system_limit_still_has_a_temporary(tmp_path):
    target = tmp_path / ("ы" * 122 + ".docx")  # 249 bytes in UTF-8
    write_atomically(target, lambda temporary: temporary.write_bytes(b"x"))
    assert target.read_bytes() == b"x"
    assert len(safe_write.temporary_name(target).name.encode()) < 100


@pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")
def test_the_written_file_has_ordinary_permissions(tmp_path):
    umask = os.umask(0o022)
    try:
        target = write_atomically(tmp_path / "Отчет.docx", lambda temporary: temporary.write_bytes(b"x"))
    finally:
        os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o644


# --- on Windows itself (run by .github/workflows/windows-build.yml) ---------------------------


def _write_in_thread(target, seconds):
    """write_atomically in a thread: returns its outcome, or fails the test on a hang."""
    outcome = []
    thread = threading.Thread(target=lambda: outcome.append(_outcome(target)), daemon=True)
    started = time.monotonic()
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"write_atomically hung for {seconds} s"
    return outcome[0], time.monotonic() - started


def _outcome(target):
    try:
        return write_atomically(target, lambda temporary: temporary.write_bytes(b"new"))
    except Exception as error:  # the test looks at what came out
        return error


@pytest.mark.windows
def test_windows_a_folder_the_user_cannot_write_does_not_hang(tmp_path):
    folder = tmp_path / "только чтение"
    folder.mkdir()
    user = os.environ["USERNAME"]
    subprocess.run(["icacls", str(folder), "/deny", f"{user}:(OI)(CI)(W,AD,WD)"], check=True,
                   capture_output=True)
    try:
        outcome, seconds = _write_in_thread(folder / "Отчет.docx", 30)
    finally:
        subprocess.run(["icacls", str(folder), "/remove:d", user], check=True, capture_output=True)
    assert isinstance(outcome, FileBusyError), outcome
    assert "Нет прав на запись" in str(outcome)
    assert seconds < 10


@contextlib.contextmanager
def held_by_another_process(target, seconds):
    """Another process opens `target` for `seconds` without FILE_SHARE_DELETE (as Word
    does): it cannot be replaced while that process holds it."""
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys,time; f=open(sys.argv[1],'rb'); print('ready', flush=True); "
                               "time.sleep(float(sys.argv[2]))", str(target), str(seconds)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        yield
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.windows
def test_windows_a_file_held_by_another_process_keeps_its_content(tmp_path):
    target = tmp_path / "Отчет.docx"
    target.write_bytes(b"old")
    with held_by_another_process(target, 60):
        outcome, seconds = _write_in_thread(target, 30)
    assert isinstance(outcome, FileBusyError), outcome
    assert "открыт в другой программе" in str(outcome)
    assert seconds < safe_write.SHARING_RETRY_SECONDS + 5
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["Отчет.docx"]


@pytest.mark.windows
def test_windows_a_lock_released_within_a_second_is_waited_out(tmp_path):
    target = tmp_path / "Отчет.docx"
    target.write_bytes(b"old")
    with held_by_another_process(target, 0.5):
        outcome, _ = _write_in_thread(target, 30)
    assert outcome == target
    assert target.read_bytes() == b"new"


@pytest.mark.windows
def test_windows_the_written_file_is_an_ordinary_visible_file(tmp_path):
    """os.replace moves the temporary file with its attributes: were the temporary file
    hidden (to keep a left-over out of sight), the clerk's report would be hidden too."""
    import stat
    target = write_atomically(tmp_path / "Отчет.docx", lambda temporary: temporary.write_bytes(b"x"))
    attributes = os.stat(target).st_file_attributes
    assert not attributes & stat.FILE_ATTRIBUTE_HIDDEN
    assert not attributes & stat.FILE_ATTRIBUTE_READONLY


def test_the_temporary_file_is_unhidden_before_it_becomes_the_report(tmp_path, monkeypatch):
    # The Windows attribute calls themselves run only on Windows (the test above);
    # here the order: hidden while written, shown again before it is moved into place.
    from smolevents.core import safe_write
    calls = []
    monkeypatch.setattr(safe_write, "hide", lambda path: calls.append(("hide", path.name)))
    monkeypatch.setattr(safe_write, "unhide", lambda path: calls.append(("unhide", path.name)))
    real_replace = os.replace
    monkeypatch.setattr(safe_write.os, "replace",
                        lambda source, target: calls.append(("replace", Path(source).name)) or real_replace(source, target))
    target = write_atomically(tmp_path / "Отчет.docx", lambda temporary: temporary.write_bytes(b"x"))
    temporary_name = calls[0][1]
    assert calls == [("hide", temporary_name), ("unhide", temporary_name), ("replace", temporary_name)]
    assert target.read_bytes() == b"x"
