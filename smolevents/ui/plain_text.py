"""The exact text of a QPlainTextEdit.

`toPlainText()` turns non-breaking spaces into ordinary ones, and the report uses
them ("Общее количество участников –\u00a01800 человек"); saving through it would
change text the clerk never touched. The raw text keeps them; only Qt's paragraph
and line separators become "\\n".
"""

from PySide6.QtWidgets import QPlainTextEdit

_SEPARATORS = str.maketrans({"\u2029": "\n", "\u2028": "\n"})


def text_of(editor: QPlainTextEdit) -> str:
    return editor.document().toRawText().translate(_SEPARATORS)
