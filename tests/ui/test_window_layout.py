"""The window on a small laptop screen: everything fits, nothing scrolls sideways in the form."""

SMALL_SCREEN = (1024, 640)


def test_the_window_fits_a_1024_by_640_screen(qtbot, window):
    window.resize(*SMALL_SCREEN)
    qtbot.waitUntil(lambda: window.width() == SMALL_SCREEN[0], timeout=2000)
    assert window.minimumSizeHint().width() <= SMALL_SCREEN[0]
    # The form shows every field across its width: its dates row is the widest.
    form = window.form
    assert form.isVisible() and form.width() > 0
    assert form.horizontalScrollBar().maximum() == 0
    assert window.form.editors["dates"].end_edit.visibleRegion().boundingRect().width() == \
        window.form.editors["dates"].end_edit.width()
