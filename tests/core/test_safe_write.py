import os

import pytest

from smolevents.core.errors import FileBusyError
from smolevents.core.safe_write import write_atomically


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


def test_a_file_open_in_word_is_reported_in_one_line(tmp_path, monkeypatch):
    target = tmp_path / "Отчет.docx"
    target.write_bytes(b"old")

    def locked(source, destination):  # what Windows does while Word holds the file
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(FileBusyError, match="открыт в другой программе") as error:
        write_atomically(target, lambda temporary: temporary.write_bytes(b"new"))
    assert "\n" not in str(error.value)
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["Отчет.docx"]


def test_a_read_only_folder_is_reported(tmp_path, monkeypatch):
    import tempfile

    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    with pytest.raises(FileBusyError, match="Нет прав на запись"):
        write_atomically(tmp_path / "Отчет.docx", lambda temporary: temporary.write_bytes(b"x"))
    assert os.listdir(tmp_path) == []


@pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")
def test_the_written_file_has_ordinary_permissions(tmp_path):
    umask = os.umask(0o022)
    try:
        target = write_atomically(tmp_path / "Отчет.docx", lambda temporary: temporary.write_bytes(b"x"))
    finally:
        os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o644
