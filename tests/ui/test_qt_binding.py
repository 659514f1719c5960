"""The Qt binding in use must not eat references to None.

PySide6 6.12.0 drops one reference to None on every call of a Qt method that returns
nothing; on Python 3.11 (None not yet immortal) the window then aborts with
"deallocating None" after a few thousand calls — while the clerk is typing.
"""

import sys

from PySide6.QtGui import QTextCharFormat


def test_calling_qt_methods_keeps_none_alive():
    char_format = QTextCharFormat()
    before = sys.getrefcount(None)
    for _ in range(1000):
        char_format.setFontPointSize(12)
    # Immortal None (Python 3.12+) reports a constant huge count; either way no loss.
    assert sys.getrefcount(None) >= before
