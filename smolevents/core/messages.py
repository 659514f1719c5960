"""Messages the clerk reads that more than one part of the program says.

Written once here, so the same problem reads the same wherever it is met and a
wording is changed in one place. A message said in one place only stays beside
the code that raises it.
"""

from __future__ import annotations

from pathlib import Path


def file_not_found(path: Path) -> str:
    return f"Файл «{path}» не найден. Проверьте путь."


def folder_not_file(path: Path, what: str = "файл базы данных", hint: str = "Укажите файл.") -> str:
    return f"«{path}» — это папка, а не {what}. {hint}"


def file_unreadable(path: Path, error: OSError, advice: str = "Проверьте, что файл доступен, и повторите.") -> str:
    return f"Не удалось прочитать файл «{path.name}»: {error.strerror or error}. {advice}"


def empty_database_file(name: str) -> str:
    return f"Файл «{name}» пуст: это не база smolevents. Выберите другой файл."


def not_sqlite(name: str) -> str:
    return f"Файл «{name}» не является базой данных SQLite или поврежден. Выберите другой файл."


def not_our_database(name: str) -> str:
    return f"Файл «{name}» — база SQLite, но не база smolevents. Выберите другой файл."


def newer_schema(name: str, version: int, known: int) -> str:
    return (f"Файл «{name}» создан более новой версией smolevents (схема {version}, "
            f"эта программа знает {known}). Обновите программу.")


def missing_schema_parts(name: str, missing: list[str]) -> str:
    return (f"В файле «{name}» не хватает таблиц или столбцов ({', '.join(missing[:3])}). "
            "Файл поврежден или изменен другой программой.")


DATABASE_BUSY = (
    "База данных занята другой программой (возможно, открыта во втором окне "
    "smolevents или в другой программе). Подождите и повторите действие."
)


def database_error(error: Exception) -> str:
    """A damaged file or a disk problem, in one line."""
    return f"Ошибка базы данных: {error}. Проверьте файл командой smolevents check."


def file_access_error(error: OSError) -> str:
    where = f" ({error.filename})" if error.filename else ""
    return f"Ошибка доступа к файлу: {error.strerror or error}{where}."


EVENT_CHANGED_ELSEWHERE = (
    "Это мероприятие уже изменено в другом окне или другой копией программы. "
    "Показана свежая версия; внесите правку еще раз."
)


def year_out_of_range(year: int) -> str:
    return f"Год {year} вне допустимого диапазона 1990–2200."


def not_a_regular_file(path: Path, what: str = "файл") -> str:
    """A FIFO or a device would block or never end: such a path is refused before it is opened."""
    return f"«{path}» — не обычный файл (канал, устройство или сокет). Укажите {what}, сохраненный на диске."
