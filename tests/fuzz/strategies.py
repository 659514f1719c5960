"""Hypothesis strategies that build Word files and databases, sound and broken."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from tests.fuzz.contract import EXAMPLES
from tests.minimal_docx import document_xml, write_docx

FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=EXAMPLES < 100,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])

# Text as clerks (and copy-paste) produce it: Cyrillic, Latin, digits, dashes and quotes
# of every kind, non-breaking spaces, tabs and line breaks, emoji; only what XML 1.0
# cannot hold at all is left out.
_ODD = "«»„“”‘’–—‑…№ \u00a0\u2009\u200b\t\n"
characters = st.one_of(
    st.sampled_from("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"),
    st.sampled_from("abcXYZ0123456789.,;:()[]/-'\"&<>%"),
    st.sampled_from(_ODD),
    st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn")),
)
odd_text = st.text(characters, max_size=60)

DATE_TEXTS = ["25 мая 2023 года", "14-17 июня\n2023 года", "апрель – май\n2023 года", "май 2023",
              "26 мая-16 июня 2023 года", "31 февраля 2023 года", "25 мая 0999 года", "25.05.2023",
              "01.04.2023 – 30.06.2023", "в течение квартала", "", "3000 год", "25 мая 2023 – 1 мая 2023"]
dates = st.one_of(st.sampled_from(DATE_TEXTS), odd_text)
event = st.fixed_dictionaries({
    "name": odd_text, "place": odd_text, "dates": dates, "purpose": odd_text, "participants": odd_text,
})
section_title = st.one_of(
    st.sampled_from(["Сотрудничество в сфере культуры", "сотрудничество  в сфере КУЛЬТУРЫ",
                     "Сотрудничество в сфере образования"]),
    odd_text.filter(lambda text: text.strip()),
)
sections = st.lists(st.tuples(section_title, st.lists(event, min_size=1, max_size=4)), min_size=1, max_size=6)
TITLES = [
    ("Отчет о мероприятиях в международной сфере", "в II квартале 2023 года"),
    ("Отчет", "за III квартал 2011 г."),
    ("Отчет без квартала",),
]


@st.composite
def sound_word_files(draw):
    """(sections, title, closing) of a report with odd text in every field."""
    return draw(sections), draw(st.sampled_from(TITLES)), draw(odd_text)


def write_sound_word_file(path: Path, case) -> Path:
    report_sections, title, closing = case
    return write_docx(path, report_sections, title=title, closing=closing)


# --- broken Word files ------------------------------------------------------------------------


def _central_entries(data: bytes) -> list[int]:
    found, start = [], 0
    while (start := data.find(b"PK\x01\x02", start)) != -1:
        found.append(start)
        start += 4
    return found


@st.composite
def broken_word_files(draw, base: bytes):
    """Mutations of a sound .docx: lying sizes, odd methods, flipped bytes, cut ends,
    duplicate or replaced parts."""
    kind = draw(st.sampled_from(["sizes", "method", "flip", "truncate", "duplicate", "garbage-xml",
                                 "extra-part"]))
    data = bytearray(base)
    entries = _central_entries(base)
    if kind == "sizes":
        for entry in draw(st.lists(st.sampled_from(entries), min_size=1, max_size=3)):
            field = draw(st.sampled_from([20, 24]))  # compressed, uncompressed size
            struct.pack_into("<I", data, entry + field, draw(st.integers(0, 2 ** 32 - 1)))
    elif kind == "method":
        entry = draw(st.sampled_from(entries))
        struct.pack_into("<H", data, entry + 10, draw(st.sampled_from([0, 1, 9, 12, 14, 93, 98, 99, 65535])))
    elif kind == "flip":
        for _ in range(draw(st.integers(1, 20))):
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    elif kind == "truncate":
        data = data[:draw(st.integers(0, len(data) - 1))]
    else:
        return kind, bytes(data), draw(st.binary(max_size=200)), draw(odd_text)
    return kind, bytes(data), b"", ""


def write_broken_word_file(path: Path, case, sound: Path) -> Path:
    kind, data, garbage, text = case
    if kind in ("duplicate", "garbage-xml", "extra-part"):
        import warnings
        with zipfile.ZipFile(sound) as original:
            parts = [(info.filename, original.read(info)) for info in original.infolist()]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
                for name, content in parts:
                    if kind == "garbage-xml" and name == "word/document.xml":
                        content = garbage
                    archive.writestr(name, content)
                if kind == "duplicate":
                    archive.writestr("word/document.xml",
                                     document_xml([(text or "Раздел", [])]).encode())
                if kind == "extra-part":
                    archive.writestr(f"word/{text or 'x'}.xml"[:200], garbage)
        return path
    path.write_bytes(data)
    return path


# --- databases ----------------------------------------------------------------------------------

BAD_VALUES = st.one_of(
    st.none(), st.integers(min_value=-(2 ** 63), max_value=2 ** 63 - 1), st.floats(allow_nan=True),
    st.text(max_size=30), st.binary(max_size=30), st.sampled_from(["2023-13-45", "2023-05", "2023-05-25",
                                                                   "2999-01-01", "0999-05-25", "завтра"]),
)
EVENT_COLUMNS = ["uuid", "report_id", "section_id", "position", "name", "place", "date_start", "date_end",
                 "date_text", "purpose", "participants", "created_at", "updated_at", "version",
                 "countries", "countries_confirmed", "participants_total"]
ROW_EDITS = st.one_of(
    st.tuples(st.just("events"), st.sampled_from(EVENT_COLUMNS), BAD_VALUES),
    st.tuples(st.just("reports"), st.sampled_from(["year", "quarter", "closing", "updated_at"]), BAD_VALUES),
    st.tuples(st.just("sections"), st.sampled_from(["title", "sort_order"]), BAD_VALUES),
    st.tuples(st.just("settings"), st.sampled_from(["value"]), BAD_VALUES),
)
SCHEMA_EDITS = [
    "UPDATE sqlite_master SET sql = replace(sql, 'position, id', 'position') WHERE name = 'events_in_order'",
    "UPDATE sqlite_master SET sql = replace(sql, 'BETWEEN 1 AND 4', 'BETWEEN 1 AND 5') WHERE name = 'reports'",
    "UPDATE sqlite_master SET sql = sql || ' WHERE id < 3' WHERE name = 'events_by_section'",
]
ATTACKS = [
    "CREATE TRIGGER t AFTER INSERT ON events BEGIN UPDATE events SET place = 'ПОДМЕНЕНО'; END",
    "CREATE VIEW v AS SELECT * FROM events",
    "CREATE TABLE extra (x)",
    "CREATE INDEX odd ON events (name)",
]
