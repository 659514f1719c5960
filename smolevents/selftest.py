"""`smolevents --self-test`: the whole program once, without a person.

Made for a frozen build (PyInstaller), where a missing hidden import, data file,
Qt plugin or translation only shows when the code that needs it runs. Each step
runs the real code: a temporary database, one event, the Word export read back,
the Word import, the main window opened and closed, the report saved as PDF and
printed (QtPrintSupport), and in a Windows build the MSVC runtime DLLs found inside
the bundle. One Russian line per step;
exit status 0 when every step passed, 1 at the first failure (its traceback goes
to stderr for whoever debugs the build). Nothing outside a temporary folder is
touched: the clerk's database is never opened.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Callable

from smolevents import __version__
from smolevents.streams import utf8_when_redirected

EVENT = {
    "name": "Проверочное мероприятие самопроверки",
    "place": "г. Смоленск,\nАдминистрация Смоленской области",
    "dates": "15 мая 2023 года",
    "purpose": "Проверка сборки программы",
    "participants": "2 человека",
}
EXPECTED_CANCEL = "Отмена"  # QDialogButtonBox's "Cancel" once qtbase_ru.qm is installed
# The Microsoft C++ runtime that Python and Qt link to. A build machine has it in
# System32 whatever the bundle holds, so a bundle without it works there and fails on a
# clean clerk's PC: the self-test of a Windows build looks inside the bundle itself.
MSVC_RUNTIME = ("vcruntime140.dll", "vcruntime140_1.dll", "msvcp140.dll")


class SelfTestFailure(Exception):
    """A step saw something other than what it expected (message in Russian)."""


def _expect(condition: bool, message: str) -> None:
    if not condition:
        raise SelfTestFailure(message)


class SelfTest:
    def __init__(self, folder: Path):
        from smolevents.core.domain import Quarter

        self.folder = folder
        self.quarter = Quarter(2023, 2)
        self.db_path = folder / "самопроверка.sqlite"
        self.docx_path = folder / "отчет.docx"
        self.pdf_path = folder / "отчет.pdf"
        self.printed_path = folder / "печать.pdf"
        self.store = None

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None

    # Each step returns the detail printed after its name.

    def create_database(self) -> str:
        from smolevents.core import countries
        from smolevents.core.store import Store

        countries.use_cache = False  # no cache file in the clerk's folders

        self.store = Store.open(self.db_path)
        sections = self.store.sections()
        _expect(bool(sections), "в новой базе нет разделов")
        return f"{self.db_path.name}, разделов {len(sections)}"

    def add_event(self) -> str:
        from smolevents.core.dates import EventDates

        section = self.store.sections()[0]
        fields = dict(EVENT, dates=EventDates.parse(EVENT["dates"]))
        event = self.store.add_event(self.quarter, section.id, **fields)
        stored = self.store.event(event.id)
        _expect(stored.name == EVENT["name"], "мероприятие не сохранилось в базе")
        return f"«{stored.name}» в разделе «{section.title}»"

    def export_docx(self) -> str:
        from docx import Document

        from smolevents.core.report.docx_writer import export_quarter

        export_quarter(self.store, self.quarter, self.docx_path)
        _expect(self.docx_path.is_file(), "файл отчета не появился")
        document = Document(str(self.docx_path))
        cell_text = "\n".join(
            cell.text for table in document.tables for row in table.rows for cell in row.cells
        )
        page_text = "\n".join(paragraph.text for paragraph in document.paragraphs)
        _expect(EVENT["name"] in cell_text, "в таблице отчета нет добавленного мероприятия")
        # The report holds "2023 года" together with a no-break space: compare words.
        _expect(" ".join(EVENT["dates"].split()) in " ".join(cell_text.split()),
                "в таблице отчета нет сроков мероприятия")
        _expect(self.quarter.phrase in page_text + cell_text, "в заголовке отчета нет квартала")
        return f"{self.docx_path.name}, {self.docx_path.stat().st_size} байт, мероприятие на месте"

    def import_docx(self) -> str:
        from smolevents.core.report.docx_reader import import_report, read_report_docx
        from smolevents.core.store import Store

        imported = read_report_docx(self.docx_path)
        with Store.open(self.folder / "импорт.sqlite") as target:
            import_report(target, imported)
            events = target.events(self.quarter)
            _expect(len(events) == 1, f"после импорта мероприятий {len(events)}, а не 1")
            event = events[0]
            for field, expected in EVENT.items():
                value = event.dates.format() if field == "dates" else getattr(event, field)
                _expect(value == expected, f"после импорта поле {field}: {value!r}, а не {expected!r}")
        return "мероприятие прочитано из отчета без изменений"

    def partner_countries(self) -> str:
        # Built here from pycountry, pymorphy3's dictionary and resources/countries-ru.json
        # (not from the cache of an earlier run): each must be in the build.
        from smolevents.core.countries import build_index
        from smolevents.core.participants import participants_total

        index = build_index()
        found = index.suggest("Визит делегации Витебской области (Республика Беларусь) и гостей из КНР")
        _expect(found == ["BY", "CN"], f"страны по тексту: {found}, а не ['BY', 'CN']")
        total = participants_total("Общее количество участников – не менее 1 000 человек")
        _expect(total == 1000, f"число участников по тексту: {total}, а не 1000")
        return f"стран в справочнике {len(index.names)}, «Витебской области» — {index.names['BY']}"

    def spelling(self) -> str:
        # The shipped dictionary (resources/spelling) and the engine that reads it: pyenchant
        # and its DLLs in the Windows build, else spylls. One known word, one misspelling.
        from smolevents.core.spelling import build_checker

        checker = build_checker(user_list=self.folder / "user-dictionary.txt")
        _expect(checker.is_correct("сотрудничества"), "словарь не знает слово «сотрудничества»")
        _expect(not checker.is_correct("преумножения"), "словарь не заметил ошибку в «преумножения»")
        suggestions = checker.suggest("преумножения")
        _expect("приумножения" in suggestions, f"варианты для «преумножения»: {suggestions}")
        _expect(checker.is_correct("Кардымовского"), "нет списка населенных пунктов области")
        return f"{checker.engine.name}: «преумножения» → «{suggestions[0]}»"

    def open_window(self) -> str:
        # The caller may choose the platform (QT_QPA_PLATFORM=windows checks the
        # real one); by default nothing appears on the screen.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication, QDialogButtonBox

        from smolevents.ui.app import create_application
        from smolevents.ui.main_window import MainWindow

        # The window remembers its size in an INI file; keep the clerk's one untouched.
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(self.folder))
        app = create_application()
        window = MainWindow(self.store, self.db_path)
        try:
            window.show()
            app.processEvents()
            _expect(window.isVisible(), "главное окно не показалось")
            title = window.windowTitle()
            icon = window.windowIcon()
            _expect(not icon.isNull() and not icon.pixmap(32, 32).isNull(),
                    "у окна нет значка (resources/icon.png не найден?)")
            buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
            cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel).text()
            buttons.deleteLater()
            _expect(cancel == EXPECTED_CANCEL,
                    f"диалоги не по-русски: кнопка «{cancel}» (не загружен qtbase_ru.qm)")
        finally:
            window.close()
            app.processEvents()
            closed = not window.isVisible()
            window.deleteLater()
        _expect(closed, "главное окно не закрылось")
        platform = QApplication.platformName()
        return f"«{title}», значок есть, кнопка «{cancel}», платформа {platform}"

    def print_report(self) -> str:
        """QtPrintSupport loaded, "Сохранить PDF…" and printing (a QPrinter to a PDF file,
        the path the print dialog takes) each write the report; the font Qt prints with
        is the report's or its shipped metric twin (resources/fonts in the bundle)."""
        from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

        from smolevents.core.report.model import build_report
        from smolevents.ui.app import create_application
        from smolevents.render.report_pages import paint_report, report_page_layout
        from smolevents.ui.print_report import save_pdf

        create_application()
        report = build_report(self.store, self.quarter)
        save_pdf(report, self.pdf_path)
        saved_pages = pdf_page_count(self.pdf_path)
        _expect(saved_pages >= 1, "PDF отчета не записан (нет страниц)")
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(self.printed_path))
        printer.setPageLayout(report_page_layout(report.layout))
        paint_report(report, printer)
        printed_pages = pdf_page_count(self.printed_path)
        _expect(printed_pages >= 1, "печать через QPrinter не дала ни одной страницы")
        from smolevents.render.fonts import TWIN_FAMILY, report_font_family
        family = report_font_family(report.layout.font_name)
        _expect(family in (report.layout.font_name, TWIN_FAMILY),
                f"шрифт отчета «{report.layout.font_name}» не найден, и запасной (Liberation Serif) не загружен")
        printers = len(QPrinterInfo.availablePrinterNames())
        return f"PDF {saved_pages} стр., печать {printed_pages} стр., принтеров в системе {printers}"

    def runtime_libraries(self) -> str:
        folder = getattr(sys, "_MEIPASS", None)
        if not (getattr(sys, "frozen", False) and sys.platform == "win32" and folder):
            return "не проверялись (это не сборка для Windows)"
        missing = missing_runtime_libraries(Path(folder))
        _expect(not missing, f"в сборке нет {', '.join(missing)} (без них программа не запустится "
                             "на ПК без Visual C++ Redistributable)")
        return ", ".join(MSVC_RUNTIME) + " в сборке"

    def steps(self) -> list[tuple[str, Callable[[], str]]]:
        return [
            ("Временная база", self.create_database),
            ("Мероприятие добавлено", self.add_event),
            ("Отчет выгружен в Word и прочитан", self.export_docx),
            ("Отчет загружен из Word", self.import_docx),
            ("Страны-партнеры и участники по тексту", self.partner_countries),
            ("Орфография: словарь и варианты исправления", self.spelling),
            ("Главное окно открыто и закрыто", self.open_window),
            ("Печать и PDF", self.print_report),
            ("Библиотеки среды выполнения MSVC", self.runtime_libraries),
        ]


def pdf_page_count(path: Path) -> int:
    """Pages of a PDF Qt wrote (its page objects are uncompressed)."""
    if not path.is_file():
        return 0
    data = path.read_bytes()
    if not data.startswith(b"%PDF"):
        return 0
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))


def missing_runtime_libraries(folder: Path) -> list[str]:
    """The MSVC runtime DLLs not found anywhere in the bundle's folder."""
    present = {path.name.lower() for path in folder.rglob("*.dll")}
    return [name for name in MSVC_RUNTIME if name not in present]


def run_self_test(out=None) -> int:
    out = out if out is not None else utf8_when_redirected(sys.stdout)
    say = (lambda line: print(line, file=out, flush=True)) if out is not None else (lambda line: None)
    frozen = "сборка" if getattr(sys, "frozen", False) else "исходники"
    say(f"Самопроверка smolevents {__version__} ({frozen}, Python {sys.version.split()[0]})")
    with tempfile.TemporaryDirectory(prefix="smolevents-selftest-", ignore_cleanup_errors=True) as folder:
        test = SelfTest(Path(folder))
        steps = test.steps()
        try:
            for number, (label, step) in enumerate(steps, start=1):
                try:
                    detail = step()
                except Exception as error:  # every failure becomes a plain line and exit 1
                    message = str(error) if isinstance(error, SelfTestFailure) else f"{type(error).__name__}: {error}"
                    say(f"[{number}/{len(steps)}] {label}: ОШИБКА — {message}")
                    if not isinstance(error, SelfTestFailure) and sys.stderr is not None:
                        traceback.print_exc(file=sys.stderr)
                    say("Самопроверка не пройдена.")
                    return 1
                say(f"[{number}/{len(steps)}] {label}: {detail}")
        finally:
            test.close()
    say("Самопроверка пройдена.")
    return 0
