"""The report's six columns, declared once.

The table, the form, validation, export and import all read this declaration,
so the labels and the required fields cannot drift apart between them.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One of the report's columns, as every part of the program reads it."""

    field: str
    label: str  # exact header of the current report form
    short_label: str  # for the window, where the full label does not fit
    required: bool
    kind: str  # "number" (computed), "text" (several paragraphs) or "dates"
    old_labels: tuple[str, ...] = ()  # the 2011 edition of the form


COLUMNS: tuple[Column, ...] = (
    Column("number", "№ п/п", "№", False, "number", ("№ п/п", "№")),
    Column(
        "name",
        "Наименование мероприятия",
        "Наименование мероприятия",
        True,
        "text",
    ),
    Column(
        "place",
        "Место проведения мероприятия",
        "Место проведения",
        True,
        "text",
        ("Место проведения",),
    ),
    Column(
        "dates",
        "Сроки проведения мероприятия",
        "Сроки проведения",
        True,
        "dates",
        ("Сроки проведения",),
    ),
    Column(
        "purpose",
        "Цель, содержание и результат мероприятия (в том числе краткая информация"
        " о достигнутых договоренностях, подписанных документах)",
        "Цель, содержание и результат",
        True,
        "text",
        ("Содержание мероприятия",),
    ),
    Column(
        "participants",
        "Участники мероприятия (общее количество, другие дополнительные сведения)",
        "Участники",
        True,
        "text",
        ("Участники мероприятия",),
    ),
)

COLUMN_BY_FIELD = {column.field: column for column in COLUMNS}

# The columns the clerk types (the number is computed at export).
EVENT_COLUMNS = tuple(column for column in COLUMNS if column.kind != "number")
HEADER_LABELS = tuple(column.label for column in COLUMNS)
