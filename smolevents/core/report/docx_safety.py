"""An untrusted .docx is checked here before any of its XML is read.

A .docx is a zip archive of XML parts. Whatever a clerk picks may instead be an old
binary .doc, a password-protected document (an OLE2 file too), an RTF or a text file
renamed, a damaged archive or a "zip bomb" whose parts inflate to gigabytes. So:

1. the file is read once into memory (its size on disk is checked first), so every
   later check sees the very bytes that are parsed, and the file is never written;
2. the signature tells a zip from an OLE2 file (.doc or encrypted) and from RTF;
3. the zip's directory is checked with `zipfile` before a single part is inflated:
   number of parts, duplicate names (which one would be read?), compression methods
   other than Word's (bzip2 and lzma inflate a whole block at once), names that climb
   out of the package, declared sizes, compression ratio;
4. only the parts the reader needs are inflated — the package relationships, the main
   document (which must be a part of `word/`), `mimetype` when present — streamed, with
   a hard cap per part and in total that does not trust the declared sizes;
5. the main document part is parsed with entities, DTDs and network off.

A FIFO, a device or a socket given as the file is refused before it is opened.

Every refusal is a `UserError` with one Russian line saying what to do.
"""

from __future__ import annotations

import io
import os
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath

from lxml import etree

TYPE_CHECKING = False  # typing.TYPE_CHECKING without typing's import
if TYPE_CHECKING:
    from smolevents.core.alongside import Alongside

from smolevents.core import messages
from smolevents.core.errors import UserError

MAX_FILE_BYTES = 100 * 1024 * 1024  # on disk; a quarterly report is well under 1 MB
MAX_PARTS = 1000  # Word writes 10–20 parts, a few hundred with many pictures
MAX_TOTAL_UNPACKED = 300 * 1024 * 1024
MAX_XML_PART_BYTES = 64 * 1024 * 1024  # the 47-event report's document.xml is 119 KB
MAX_INFLATED_TOTAL = 2 * MAX_XML_PART_BYTES  # everything the reader inflates from one file
_SMALL_PART_BYTES = 1024  # mimetype
_CHUNK = 64 * 1024
_FEED_PIECE = 8 * 1024 * 1024  # parsed in one feed when inflated whole (see parse_xml_part)
# Word's XML packs 5–20 times; a part inflating more than this is a bomb.
MAX_RATIO = 100
RATIO_CHECKED_FROM = 1024 * 1024  # tiny parts may pack better without harm

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")  # a part first; or an empty archive
RTF_MAGIC = b"{\\rtf"

MAIN_DOCUMENT = "word/document.xml"
OFFICE_DOCUMENT_REL = "/officeDocument"  # the end of the relationship type, both editions
_MB = 1024 * 1024


class MainDocument:
    """The parsed main part of a checked .docx. (Not a dataclass: `dataclasses` and what it
    imports are left to the preparation import-docx runs while this part is parsed.)"""

    __slots__ = ("part_name", "root")

    def __init__(self, part_name: str, root: etree._Element):
        self.part_name, self.root = part_name, root


def load_main_document(path: str | Path, meanwhile: Callable[[], object] | None = None) -> MainDocument:
    """Check the file at `path` and return its main document part, parsed.

    `meanwhile` (a command's own preparation: imports, the country names) runs in another
    thread while the main part's XML is parsed, which lets go of the GIL (`parse_xml_part`);
    it is done when this returns. What it raises is raised once the part is parsed; a
    refused file is refused as without it (and `meanwhile` may not have run at all)."""
    path = Path(path)
    data = read_file_once(path)
    return main_document_of(data, path.name, meanwhile)


def read_file_once(path: Path) -> bytes:
    if not path.exists():
        raise UserError(messages.file_not_found(path))
    if path.is_dir():
        raise UserError(messages.folder_not_file(path, "документ Word", "Укажите файл .docx."))
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            # A FIFO or a device would block or never end: never opened.
            raise UserError(messages.not_a_regular_file(path, "документ Word"))
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise UserError(
                f"Файл «{path.name}» слишком велик ({size // _MB} МБ, допустимо до "
                f"{MAX_FILE_BYTES // _MB} МБ): квартальный отчет в Word намного меньше. "
                "Проверьте, что выбран нужный файл."
            )
        with open(path, "rb") as handle:
            # Not read(MAX_FILE_BYTES + 1): that reserves 100 MB for every file, however small.
            data = _read_up_to(handle, MAX_FILE_BYTES + 1, size + 1)
    except OSError as error:
        raise UserError(messages.file_unreadable(path, error, "Закройте его в других программах и повторите.")) from None
    if len(data) > MAX_FILE_BYTES:  # grew while we looked
        raise UserError(f"Файл «{path.name}» слишком велик. Проверьте, что выбран нужный файл.")
    return data


def _read_up_to(handle, limit: int, expected: int) -> bytes:
    chunks, size = [], 0
    while size < limit:
        chunk = handle.read(min(limit - size, max(expected - size, _CHUNK)))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def main_document_of(data: bytes, name: str, meanwhile: Callable[[], object] | None = None) -> MainDocument:
    """Refuse anything but a sound .docx; return its main part parsed."""
    check_signature(data, name)
    beside = None
    if meanwhile is not None:
        from smolevents.core.alongside import Alongside  # (threading: only when work runs beside)

        beside = Alongside(meanwhile, "smolevents-meanwhile")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_archive(archive, name)
            budget = _InflateBudget(name)
            part_name = main_part_name(archive, name, budget)
            root = parse_xml_part(archive, part_name, name, budget, beside)
    except UserError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError,
            ValueError, OSError, struct.error):
        # Bad CRC, truncated part, unknown compression, a zip-level password...
        raise UserError(
            f"Файл «{name}» поврежден: архив .docx не читается. "
            "Откройте его в Word и сохраните заново или попросите прислать файл еще раз."
        ) from None
    if beside is not None:
        beside.raise_failure()
    return MainDocument(part_name, root)


def check_signature(data: bytes, name: str) -> None:
    if not data:
        raise UserError(f"Файл «{name}» пуст. Выберите документ Word (.docx).")
    if data.startswith(OLE2_MAGIC):
        raise UserError(_ole2_message(data, name))
    if data.lstrip()[:5].lower() == RTF_MAGIC:
        raise UserError(
            f"Файл «{name}» — документ RTF, а не .docx. Откройте его в Word и сохраните "
            "как «Документ Word (*.docx)», затем повторите импорт."
        )
    if not data.startswith(ZIP_MAGICS):
        raise UserError(
            f"Файл «{name}» не является документом Word (.docx). "
            "Выберите файл .docx, сохраненный в Word."
        )


def _ole2_message(data: bytes, name: str) -> str:
    """An OLE2 file is either an old .doc (or .xls) or an encrypted Office document."""
    if _has_ole_stream(data, "EncryptedPackage") or _has_ole_stream(data, "EncryptionInfo"):
        return (
            f"Файл «{name}» защищен паролем. Откройте его в Word, снимите пароль "
            "(Файл → Сведения → Защита документа → Зашифровать с использованием пароля) "
            "и сохраните, затем повторите импорт."
        )
    if _has_ole_stream(data, "WordDocument"):
        return (
            f"Файл «{name}» — документ Word старого формата (.doc). Откройте его в Word и "
            "сохраните как «Документ Word (*.docx)», затем импортируйте .docx."
        )
    return (
        f"Файл «{name}» зашифрован или сохранен в старом формате .doc. Откройте его в Word, "
        "снимите пароль, если он есть, и сохраните как «Документ Word (*.docx)»."
    )


def _has_ole_stream(data: bytes, stream: str) -> bool:
    """Whether an OLE2 directory entry names `stream`.

    Directory entries are 128-byte records on 128-byte boundaries after the 512-byte
    header: the name in UTF-16LE with a terminating zero, its length in bytes at
    offset 64. Requiring both keeps text that merely mentions the name from matching.
    """
    encoded = stream.encode("utf-16-le") + b"\x00\x00"
    length = struct.pack("<H", len(encoded))
    start = data.find(encoded, 512)
    while start != -1:
        if start % 128 == 0 and data[start + 64:start + 66] == length:
            return True
        start = data.find(encoded, start + 1)
    return False


def check_archive(archive: zipfile.ZipFile, name: str) -> None:
    """Refuse a zip bomb from the directory alone: nothing is inflated here."""
    parts = archive.infolist()
    if len(parts) > MAX_PARTS:
        raise UserError(
            f"Файл «{name}» отклонен: частей в нем {len(parts)}, а в документе Word их "
            f"не больше {MAX_PARTS}. Это не обычный документ Word."
        )
    _refuse_odd_names(parts, name)
    total = 0
    for part in parts:
        if part.compress_type not in WORD_COMPRESSION:
            raise UserError(
                f"Файл «{name}» отклонен: часть «{part.filename}» сжата способом, которым Word "
                "не пользуется. Откройте документ в Word и сохраните его заново."
            )
        total += part.file_size
        if part.file_size >= RATIO_CHECKED_FROM and part.file_size > MAX_RATIO * max(part.compress_size, 1):
            ratio = part.file_size // max(part.compress_size, 1)
            raise UserError(
                f"Файл «{name}» отклонен: часть «{part.filename}» сжата в {ratio} раз и "
                f"распаковалась бы в {part.file_size // _MB} МБ — так устроены «zip-бомбы», "
                "а не документы Word."
            )
    if total > MAX_TOTAL_UNPACKED:
        raise UserError(
            f"Файл «{name}» отклонен: распакованный он занял бы {total // _MB} МБ "
            f"(допустимо до {MAX_TOTAL_UNPACKED // _MB} МБ). Это не обычный документ Word."
        )
    if "mimetype" in archive.NameToInfo and b"opendocument" in _read_small(archive, "mimetype", name):
        raise UserError(
            f"Файл «{name}» — документ OpenDocument (.odt), а не .docx. Сохраните его как "
            "«Документ Word (*.docx)» и повторите."
        )


WORD_COMPRESSION = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


def _refuse_odd_names(parts: list[zipfile.ZipInfo], name: str) -> None:
    """Two parts of one name (which is the document?) or a name climbing out of the package."""
    seen: set[str] = set()
    for part in parts:
        key = part.filename.replace("\\", "/").casefold()  # part names ignore case (OPC)
        if key in seen:
            raise UserError(
                f"Файл «{name}» отклонен: в нем две части с именем «{part.filename}». "
                "Word так не сохраняет; откройте документ в Word и сохраните его заново."
            )
        seen.add(key)
        pieces = key.split("/")
        if key.startswith("/") or ".." in pieces or ":" in pieces[0]:
            raise UserError(
                f"Файл «{name}» отклонен: часть «{part.filename}» названа так, как в документах "
                "Word не бывает."
            )


class _InflateBudget:
    """What one file may inflate in total, counted as the bytes come out."""

    def __init__(self, name: str):
        self.name = name
        self.left = MAX_INFLATED_TOTAL

    def read(self, archive: zipfile.ZipFile, part: str, cap: int) -> bytes:
        """The part's bytes, streamed; refused past `cap` or the file's total, whatever the
        directory declares."""
        return b"".join(self.chunks(archive, part, cap))

    def chunks(self, archive: zipfile.ZipFile, part: str, cap: int) -> Iterator[bytes]:
        """`read`'s bytes as they are inflated, each checked before it is given."""
        size = 0
        with archive.open(part) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                self.left -= len(chunk)
                if size > cap or self.left < 0:
                    raise self._bomb(part, cap)
                yield chunk

    def whole(self, archive: zipfile.ZipFile, part: str, cap: int) -> bytes:
        """`read`'s bytes inflated in one call, refused as `chunks` refuses them. At most the
        part's declared size (and one byte more) is asked for: zipfile stops a part there, and
        a part longer than declared fails its CRC, so a lying directory cannot make this
        inflate more than `chunks` would. (Read 64 KB at a time, zipfile copies the rest of the
        compressed part again at every read: 75 -> 49 M instructions for a 5.8 MB part.)"""
        with archive.open(part) as stream:
            data = stream.read(min(cap, max(self.left, 0), archive.getinfo(part).file_size) + 1)
        self.left -= len(data)
        if len(data) > cap or self.left < 0:
            raise self._bomb(part, cap)
        return data

    def _bomb(self, part: str, cap: int) -> UserError:
        return UserError(
            f"Файл «{self.name}» отклонен: часть «{part}» распаковывается больше чем "
            f"в {max(min(cap, MAX_INFLATED_TOTAL) // _MB, 1)} МБ — так устроены "
            "«zip-бомбы», а не документы Word."
        )


def _read_small(archive: zipfile.ZipFile, part: str, name: str) -> bytes:
    if archive.getinfo(part).file_size > _SMALL_PART_BYTES:
        return b""
    try:
        return _InflateBudget(name).read(archive, part, _SMALL_PART_BYTES)
    except UserError:
        return b""  # a lying "mimetype" says nothing about the document: the real checks follow


def main_part_name(archive: zipfile.ZipFile, name: str, budget: _InflateBudget | None = None) -> str:
    """The main document part named by the package relationships, else word/document.xml.

    It must be a part of `word/` ending in .xml: a relationship pointing anywhere else
    (a picture, a custom XML part, the relationships themselves) is refused.
    """
    budget = budget or _InflateBudget(name)
    names = set(archive.namelist())
    target = None
    if "_rels/.rels" in names:
        rels = parse_xml_part(archive, "_rels/.rels", name, budget)
        for relationship in rels:
            if str(relationship.get("Type", "")).endswith(OFFICE_DOCUMENT_REL):
                target = str(relationship.get("Target", "")).lstrip("/")
                break
    if target:
        target = str(PurePosixPath(target))
        if target in names:
            if not (target.startswith("word/") and target.endswith(".xml") and "/_rels/" not in target):
                raise UserError(
                    f"Файл «{name}» отклонен: основной частью документа в нем названа «{target}», "
                    "а в документах Word это word/document.xml."
                )
            return target
    if MAIN_DOCUMENT in names:
        return MAIN_DOCUMENT
    raise UserError(
        f"В файле «{name}» нет основной части документа Word ({MAIN_DOCUMENT}): "
        "это не документ .docx или он поврежден."
    )


def parse_xml_part(archive: zipfile.ZipFile, part: str, name: str,
                   budget: _InflateBudget | None = None, beside: Alongside | None = None) -> etree._Element:
    """Parse one part: no entities, no DTD, no network; malformed XML is refused.

    With `beside`, the part is inflated whole first (within the same caps) and parsed in
    one call while `beside`'s work runs in another thread: lxml lets go of the GIL for
    the whole parse (fed chunk by chunk, it would take the GIL back after each chunk and
    wait for the other thread to yield it, up to 5 ms every time). The work is done
    when this returns or raises."""
    info = archive.getinfo(part)
    if info.file_size > MAX_XML_PART_BYTES:
        raise UserError(
            f"Файл «{name}» отклонен: часть «{part}» занимает {info.file_size // _MB} МБ "
            f"(допустимо до {MAX_XML_PART_BYTES // _MB} МБ)."
        )
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
        huge_tree=False, remove_comments=True, remove_pis=True,
    )
    # Fed to the parser as it is inflated: the part's bytes are never held whole (a
    # 2 350-event report's 5.8 MB, twice over while joined) — unless work runs `beside`
    # the parse (see above). Every byte still passes the inflation caps, even after a
    # syntax error, so a bomb is refused as a bomb as before.
    error = None
    budget = budget or _InflateBudget(name)
    if beside is None:
        chunks = budget.chunks(archive, part, MAX_XML_PART_BYTES)
    else:
        data = budget.whole(archive, part, MAX_XML_PART_BYTES)
        # In pieces under libxml2's 10 MB limit on what one feed may leave unparsed (a
        # larger piece is refused, "Buffer size limit exceeded", without XML_PARSE_HUGE):
        # a report is one piece, the few a document of thousands of events needs each
        # take the GIL back once.
        chunks = [data[start:start + _FEED_PIECE] for start in range(0, len(data), _FEED_PIECE)] or [data]
        del data
        beside.start()
    try:
        parser.feed(b"")  # an empty part reads as an empty document, as a parse of no bytes does
        for chunk in chunks:
            if error is None:
                try:
                    parser.feed(chunk)
                except etree.XMLSyntaxError as syntax_error:
                    error = syntax_error
        if error is None:
            try:
                root = parser.close()
            except etree.XMLSyntaxError as syntax_error:
                error = syntax_error
    finally:
        if beside is not None:
            beside.join()
    if error is not None:
        line = f", строка {error.lineno}" if error.lineno else ""
        raise UserError(
            f"Файл «{name}» поврежден: ошибка XML в части «{part}»{line}. "
            "Откройте его в Word и сохраните заново или попросите прислать файл еще раз."
        ) from None
    tree = root.getroottree()
    if tree.docinfo.doctype:
        # Office packages never declare a DTD; one here can only be an attack (entity bombs).
        raise UserError(
            f"Файл «{name}» отклонен: в части «{part}» есть объявление DTD, "
            "которого в документах Word не бывает."
        )
    return tree.getroot()
