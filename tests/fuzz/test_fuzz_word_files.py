"""Fuzzing `import-docx` (and export/check after it) with Word files sound and broken."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given

from tests.fuzz.contract import run
from tests.fuzz.strategies import (
    FUZZ, broken_word_files, sound_word_files, write_broken_word_file, write_sound_word_file,
)
from tests.minimal_docx import event, write_docx

QUARTER = ["--year", "2023", "--quarter", "2"]


@FUZZ
@given(case=sound_word_files())
def test_sound_word_files_with_odd_text_import_once_and_export(case):
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        document = write_sound_word_file(folder / "отчет.docx", case)
        database = folder / "база.sqlite"
        first = run(["import-docx", document, "--db", database, *QUARTER], inputs=[document])
        if first.code != 0:
            return  # refused in one line (no table, no events…): the contract was checked
        again = run(["import-docx", document, "--db", database, *QUARTER], inputs=[document], written=database)
        assert again.code == 0 and "Итог: добавлено 0," in again.out, again.out
        run(["export", *QUARTER, "--db", database, "-o", folder / "вывод.docx", "--force"], inputs=[database])
        run(["check", "--db", database], inputs=[database])


def _sound(folder: Path) -> Path:
    return write_docx(folder / "исходный.docx", [
        ("Сотрудничество в сфере культуры", [event("Выставка"), event("Концерт", dates="май 2023")]),
        ("Сотрудничество в сфере спорта", [event("Турнир", dates="14-17 июня 2023 года")]),
    ], closing="Итоговый абзац")


_SOUND_BYTES = None


def _sound_bytes() -> bytes:
    global _SOUND_BYTES
    if _SOUND_BYTES is None:
        with tempfile.TemporaryDirectory() as folder:
            _SOUND_BYTES = _sound(Path(folder)).read_bytes()
    return _SOUND_BYTES


@FUZZ
@given(case=broken_word_files(_sound_bytes()))
def test_broken_word_files_are_refused_in_one_line_and_change_nothing(case):
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        database = folder / "база.sqlite"
        run(["import-docx", _sound(folder), "--db", database])  # a database with something in it
        broken = write_broken_word_file(folder / "сломанный.docx", case, _sound(folder))
        run(["import-docx", broken, "--db", database], inputs=[broken], written=database)
        run(["import-docx", broken, "--dry-run", *QUARTER], inputs=[broken])
