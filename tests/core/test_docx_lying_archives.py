"""Archives that lie (issue 11, item 2): sizes, methods, duplicate and unexpected parts, FIFOs.

Each file is built here from the real report or from scratch; every refusal is one
line, quick, with memory bounded, and the database is never touched.
"""

from __future__ import annotations

import os
import shutil
import threading
import tracemalloc
import warnings
import zipfile
from pathlib import Path

import pytest

from smolevents.cli.main import main
from smolevents.core.errors import UserError
from smolevents.core.report import docx_safety
from smolevents.core.report.docx_reader import read_report_docx
from tests.core.docx_builders import declare_huge_size, zeros_bomb
from tests.real_report import REPORT_DOCX


def _parts_of_real_report() -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(REPORT_DOCX) as archive:
        return [(info, archive.read(info)) for info in archive.infolist()]


def _rebuilt(path: Path, *, method=zipfile.ZIP_DEFLATED, extra: dict[str, bytes] | None = None,
             rename: dict[str, str] | None = None) -> Path:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name we mean to write
        with zipfile.ZipFile(path, "w", method) as archive:
            for info, data in _parts_of_real_report():
                archive.writestr((rename or {}).get(info.filename, info.filename), data)
            for name, data in (extra or {}).items():
                archive.writestr(name, data)
    return path


def _refused(path: Path, message: str) -> None:
    tracemalloc.start()
    try:
        with pytest.raises(UserError, match=message) as refused:
            read_report_docx(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "\n" not in str(refused.value)
    assert peak < 40 * 1024 * 1024, f"{peak // 1024 // 1024} MB used to refuse it"


def test_a_part_declaring_10_bytes_that_inflates_to_300_mb_is_refused_in_bounded_memory(tmp_path):
    bomb = zeros_bomb(tmp_path / "bomb-source.docx", megabytes=300)
    lying = declare_huge_size(bomb, tmp_path / "lying.docx", "word/document.xml", size=10)
    assert lying.stat().st_size < 1024 * 1024
    _refused(lying, "поврежден")


@pytest.mark.parametrize("method", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA], ids=["bzip2", "lzma"])
def test_compression_word_never_uses_is_refused_before_inflating(tmp_path, method):
    _refused(_rebuilt(tmp_path / "odd.docx", method=method), "сжата способом, которым Word не пользуется")


def test_a_fake_mimetype_packed_with_bzip2_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "mimetype.docx"
    _rebuilt(path)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), b"\0" * (50 * 1024 * 1024), zipfile.ZIP_BZIP2)
    _refused(path, "сжата способом")


def test_two_document_parts_of_one_name_are_refused(tmp_path, capsys, db_path):
    path = _rebuilt(tmp_path / "twice.docx", extra={"word/document.xml": b"<w:document/>"})
    _refused(path, "две части с именем «word/document.xml»")
    assert main(["import-docx", str(path), "--db", str(db_path)]) == 1
    assert not db_path.exists()


def test_names_differing_only_in_case_are_one_name(tmp_path):
    _refused(_rebuilt(tmp_path / "case.docx", extra={"WORD/Document.xml": b"<w:document/>"}), "две части")


def test_a_part_named_outside_the_package_is_refused(tmp_path):
    _refused(_rebuilt(tmp_path / "climb.docx", extra={"../../evil.xml": b"<x/>"}), "названа так")


def test_a_main_part_outside_word_is_refused(tmp_path):
    rels = (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships/officeDocument" Target="docProps/app.xml"/></Relationships>')
    path = _rebuilt(tmp_path / "elsewhere.docx", rename={"_rels/.rels": "_rels/old.rels"},
                    extra={"_rels/.rels": rels})
    _refused(path, "основной частью документа в нем названа «docProps/app.xml»")


def test_inflated_bytes_are_counted_whatever_the_directory_says(tmp_path, monkeypatch):
    monkeypatch.setattr(docx_safety, "MAX_INFLATED_TOTAL", 100_000)  # document.xml alone is 119 KB
    _refused(Path(shutil.copy(REPORT_DOCX, tmp_path / "report.docx")), "«zip-бомбы»")


def test_a_part_that_is_no_xml_from_its_first_byte_and_inflates_too_far_is_refused_as_a_bomb(tmp_path, monkeypatch):
    # The parser is fed as the part inflates and fails at once; the rest is still counted.
    monkeypatch.setattr(docx_safety, "MAX_INFLATED_TOTAL", 100_000)
    path = _rebuilt(tmp_path / "report.docx", rename={"word/document.xml": "word/old-document.xml"},
                    extra={"word/document.xml": b"\x00 not XML " * 20_000})
    _refused(path, "«zip-бомбы»")


def test_a_part_that_is_no_xml_is_refused_as_damaged_with_its_line(tmp_path):
    path = _rebuilt(tmp_path / "report.docx", rename={"word/document.xml": "word/old-document.xml"},
                    extra={"word/document.xml": b"<document>\n<body>\n</document>"})
    _refused(path, "поврежден: ошибка XML в части «word/document.xml», строка 3")
    empty = _rebuilt(tmp_path / "empty.docx", rename={"word/document.xml": "word/old-document.xml"},
                     extra={"word/document.xml": b""})
    _refused(empty, "поврежден: ошибка XML в части «word/document.xml», строка 1")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_given_as_the_document_is_refused_without_opening_it(tmp_path, capsys, db_path):
    fifo = tmp_path / "канал.docx"
    os.mkfifo(fifo)
    outcome = []
    thread = threading.Thread(target=lambda: outcome.append(main(["import-docx", str(fifo), "--db", str(db_path)])),
                              daemon=True)
    thread.start()
    thread.join(10)
    if thread.is_alive():
        with open(fifo, "wb"):
            pass
        pytest.fail("import-docx blocked on the FIFO")
    assert outcome == [1]
    err = capsys.readouterr().err
    assert "не обычный файл" in err and err.count("\n") == 1


@pytest.mark.parametrize("declared", [10, 100_000])
def test_a_lying_bomb_is_refused_in_bounded_memory_also_when_work_runs_beside_the_parse(tmp_path, declared):
    """import-docx inflates its main part in one call while its preparation runs beside the
    parse: no more than the directory declares is inflated, so a part declaring 10 bytes (or
    100 KB) that inflates to 300 MB costs no more memory than when it is read a piece at a time."""
    from smolevents.core.report.docx_safety import load_main_document

    bomb = zeros_bomb(tmp_path / "bomb-source.docx", megabytes=300)
    lying = declare_huge_size(bomb, tmp_path / "lying.docx", "word/document.xml", size=declared)
    tracemalloc.start()
    try:
        with pytest.raises(UserError, match="поврежден") as refused:
            load_main_document(lying, meanwhile=lambda: None)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    with pytest.raises(UserError) as alone:
        load_main_document(lying)
    assert str(refused.value) == str(alone.value)
    assert peak < 40 * 1024 * 1024, f"{peak // 1024 // 1024} MB used to refuse it"
