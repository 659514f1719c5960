"""Files that are not a sound report .docx are refused in one Russian line, nothing written."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import docx
import pytest

from smolevents.core.report import docx_safety
from smolevents.cli.main import main
from smolevents.core.report.docx_reader import import_report, read_report_docx
from smolevents.core.errors import UserError
from smolevents.core.store import Store
from tests.core.docx_builders import (
    declare_huge_size,
    ole_file,
    replace_part,
    report_docx,
    zeros_bomb,
    zip_with,
)
from tests.real_report import REPORT_DOCX

BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>"
)


def _text_file(folder: Path) -> Path:
    path = folder / "report.docx"
    path.write_text("Отчет о мероприятиях в II квартале 2023 года\n", encoding="utf-8")
    return path


def _fake_doc_header(folder: Path) -> Path:
    path = folder / "report.doc"
    path.write_bytes(docx_safety.OLE2_MAGIC + b"\x00" * 4000)
    return path


def _rtf(folder: Path) -> Path:
    path = folder / "report.docx"
    path.write_bytes(b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times New Roman;}}\\f0 report}")
    return path


def _empty(folder: Path) -> Path:
    path = folder / "empty.docx"
    path.write_bytes(b"")
    return path


def _truncated(folder: Path) -> Path:
    path = folder / "cut.docx"
    data = REPORT_DOCX.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _no_document_xml(folder: Path) -> Path:
    return zip_with(folder / "report.docx", {
        "[Content_Types].xml": b"<Types/>",
        "word/styles.xml": b"<styles/>",
    })


def _odt(folder: Path) -> Path:
    return zip_with(folder / "report.docx", {
        "mimetype": b"application/vnd.oasis.opendocument.text",
        "content.xml": b"<office:document-content/>",
    })


def _bomb(folder: Path) -> Path:
    return zeros_bomb(folder / "bomb.docx", megabytes=100)


def _lying_size(folder: Path) -> Path:
    source = shutil.copy(REPORT_DOCX, folder / "source.docx")
    return declare_huge_size(Path(source), folder / "lying.docx", "word/document.xml")


def _understated_size(folder: Path) -> Path:
    """The directory says document.xml is 100 bytes: zipfile stops there and the CRC fails."""
    source = shutil.copy(REPORT_DOCX, folder / "source.docx")
    return declare_huge_size(Path(source), folder / "short.docx", "word/document.xml", size=100)


def _many_parts(folder: Path) -> Path:
    parts = {f"word/media/image{n}.png": b"" for n in range(docx_safety.MAX_PARTS + 1)}
    return zip_with(folder / "parts.docx", parts | {"word/document.xml": b"<w:document/>"})


def _malformed_xml(folder: Path) -> Path:
    return replace_part(REPORT_DOCX, folder / "broken.docx", "word/document.xml",
                        b"<w:document><w:body><w:p></w:body>")


def _entity_bomb(folder: Path) -> Path:
    return replace_part(REPORT_DOCX, folder / "laughs.docx", "word/document.xml", BILLION_LAUGHS)


def _no_report_table(folder: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("Отчет о мероприятиях в II квартале 2023 года")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Фамилия", "Телефон"
    table.cell(1, 0).text, table.cell(1, 1).text = "Иванов", "12-34-56"
    path = folder / "letter.docx"
    document.save(path)
    return path


def _header_without_events(folder: Path) -> Path:
    from tests.core.docx_builders import Layout
    return report_docx(folder / "blank-form.docx", Layout(sections=[], closing=""))


BAD_FILES = {
    "text-file": (_text_file, "не является документом Word (.docx)"),
    "fake-doc-header": (_fake_doc_header, "зашифрован или сохранен в старом формате .doc"),
    "old-doc": (lambda folder: ole_file(folder / "old.doc", ("WordDocument", "1Table")),
                "документ Word старого формата (.doc)"),
    "encrypted": (lambda folder: ole_file(folder / "secret.docx", ("EncryptionInfo", "EncryptedPackage")),
                  "защищен паролем"),
    "rtf": (_rtf, "документ RTF"),
    "empty": (_empty, "пуст"),
    "truncated": (_truncated, "поврежден"),
    "no-document-xml": (_no_document_xml, "нет основной части документа Word (word/document.xml)"),
    "odt": (_odt, "OpenDocument"),
    "zip-bomb": (_bomb, "«zip-бомбы»"),
    "lying-declared-size": (_lying_size, "«zip-бомбы»"),
    "understated-size": (_understated_size, "поврежден"),
    "too-many-parts": (_many_parts, "частей"),
    "malformed-xml": (_malformed_xml, "ошибка XML в части «word/document.xml», строка 1"),
    "entity-bomb": (_entity_bomb, "объявление DTD"),
    "no-report-table": (_no_report_table, "нет таблицы отчета"),
    "header-without-events": (_header_without_events, "нет ни одного мероприятия"),
}


@pytest.mark.parametrize("kind", BAD_FILES)
def test_bad_file_is_refused_in_one_line_and_the_database_is_unchanged(kind, tmp_path, db_path, capsys):
    make, message = BAD_FILES[kind]
    folder = tmp_path / "in"
    folder.mkdir()
    bad = make(folder)
    with Store.open(db_path) as store:
        import_report(store, read_report_docx(shutil.copy(REPORT_DOCX, tmp_path / "good.docx")))
    database_before = db_path.read_bytes()
    file_before = bad.read_bytes()

    assert main(["import-docx", str(bad), "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert db_path.read_bytes() == database_before
    assert bad.read_bytes() == file_before


def test_a_refused_file_does_not_even_create_the_database(tmp_path, db_path, capsys):
    assert main(["import-docx", str(_text_file(tmp_path)), "--db", str(db_path)]) == 1
    assert not db_path.exists()


def test_zip_bomb_is_refused_before_anything_is_inflated(tmp_path, monkeypatch):
    bomb = _bomb(tmp_path)
    assert bomb.stat().st_size < 1024 * 1024  # small on disk, 100 MB inflated

    def no_inflating(*args, **kwargs):
        raise AssertionError("a part was opened before the bomb was refused")

    monkeypatch.setattr(zipfile.ZipFile, "open", no_inflating)
    with pytest.raises(UserError, match="сжата в .* раз"):
        read_report_docx(bomb)


def test_missing_file_and_folder_are_named(tmp_path):
    with pytest.raises(UserError, match="не найден"):
        read_report_docx(tmp_path / "нет.docx")
    with pytest.raises(UserError, match="это папка"):
        read_report_docx(tmp_path)


def test_a_file_too_big_on_disk_is_refused_without_reading_it(tmp_path, monkeypatch):
    path = report_docx(tmp_path / "report.docx")
    monkeypatch.setattr(docx_safety, "MAX_FILE_BYTES", 1000)
    with pytest.raises(UserError, match="слишком велик"):
        read_report_docx(path)


def test_parts_adding_up_to_too_much_are_refused(tmp_path, monkeypatch):
    # Parts under 1 MB are not ratio-checked; their declared sizes still add up.
    path = Path(shutil.copy(REPORT_DOCX, tmp_path / "report.docx"))
    monkeypatch.setattr(docx_safety, "MAX_TOTAL_UNPACKED", 500_000)  # the report unpacks to 944 KB
    with pytest.raises(UserError, match="распакованный он занял бы"):
        read_report_docx(path)


def test_the_real_report_passes_every_check(tmp_path):
    path = Path(shutil.copy(REPORT_DOCX, tmp_path / "report.docx"))
    main_part = docx_safety.load_main_document(path)
    assert main_part.part_name == "word/document.xml"
    assert main_part.root.tag.endswith("}document")


# --- the command's preparation, done while the XML is parsed ------------------------------


def _failing_preparation():
    raise RuntimeError("the preparation failed")


@pytest.mark.parametrize("kind", [kind for kind in BAD_FILES if kind not in ("no-report-table", "header-without-events")])
def test_a_refused_file_is_refused_the_same_whatever_the_work_done_meanwhile(kind, tmp_path):
    bad = BAD_FILES[kind][0](tmp_path)
    with pytest.raises(UserError) as alone:
        docx_safety.load_main_document(bad)
    with pytest.raises(UserError) as beside:
        docx_safety.load_main_document(bad, meanwhile=_failing_preparation)
    assert str(beside.value) == str(alone.value)


def test_work_given_meanwhile_runs_in_another_thread_while_the_document_is_parsed(tmp_path):
    import threading

    from lxml import etree

    path = Path(shutil.copy(REPORT_DOCX, tmp_path / "report.docx"))
    threads = []
    beside = docx_safety.load_main_document(path, meanwhile=lambda: threads.append(threading.current_thread()))
    assert len(threads) == 1 and threads[0] is not threading.current_thread()
    assert not threads[0].is_alive()  # done before the document is handed back
    alone = docx_safety.load_main_document(path)
    assert beside.part_name == alone.part_name
    assert etree.tostring(beside.root) == etree.tostring(alone.root)


def test_a_main_part_larger_than_one_feed_of_the_parser_is_read_beside_the_work_too(tmp_path):
    # libxml2 refuses one feed leaving more than 10 MB unparsed ("Buffer size limit exceeded")
    # unless told to read huge documents: thousands of events are fed in pieces.
    from lxml import etree

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    paragraph = f"<w:p><w:r><w:t>{'Смоленск, Республика Беларусь. ' * 20}</w:t></w:r></w:p>"
    xml = f'<w:document xmlns:w="{w}"><w:body>{paragraph * 12_000}</w:body></w:document>'.encode()
    assert len(xml) > 12 * 1024 * 1024
    path = tmp_path / "large.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:  # (deflated, it would pack like a bomb)
        archive.writestr("word/document.xml", xml)
    beside = docx_safety.load_main_document(path, meanwhile=lambda: None)
    alone = docx_safety.load_main_document(path)
    assert len(beside.root[0]) == 12_000
    assert etree.tostring(beside.root) == etree.tostring(alone.root)


def test_what_the_work_given_meanwhile_raises_is_raised_after_a_sound_part_is_parsed(tmp_path):
    path = Path(shutil.copy(REPORT_DOCX, tmp_path / "report.docx"))
    with pytest.raises(RuntimeError, match="the preparation failed"):
        docx_safety.load_main_document(path, meanwhile=_failing_preparation)


def test_import_docx_raises_what_its_preparation_raised_only_after_the_document_is_read(
        tmp_path, db_path, monkeypatch, capsys):
    from smolevents.cli.commands import import_docx

    def failing(with_country_names, failures):
        failures.append(RuntimeError("the preparation failed"))

    monkeypatch.setattr(import_docx, "_prepare", failing)
    not_a_report = _no_report_table(tmp_path)
    assert main(["import-docx", str(not_a_report), "--db", str(db_path)]) == 1
    assert "нет таблицы отчета" in capsys.readouterr().err  # the document's own refusal first
    good = shutil.copy(REPORT_DOCX, tmp_path / "good.docx")
    with pytest.raises(RuntimeError, match="the preparation failed"):
        main(["import-docx", str(good), "--db", str(db_path)])
    assert not db_path.exists()
