"""Where the program's output goes when there is no console.

The windowed Windows build (PyInstaller `console=False`, like pythonw.exe) starts with
`sys.stdout` and `sys.stderr` set to None: a refusal printed there is lost, and a
traceback ends the process without a word. `run_without_console` catches what would
have been printed and shows it in a dialog (Qt's, or Windows' own message box when Qt
itself failed to load), and writes failures to the log. When someone redirected the
output (`smolevents.exe --self-test > out.txt`), it goes there instead, with no dialog,
so a build server never waits on a message box.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable

CONSOLE_PROGRAM = "smolevents-cli.exe"  # the console build beside the windowed one
TITLE = "smolevents"
HINT = (f"Команды, которые пишут в консоль, запускайте через {CONSOLE_PROGRAM} из той же "
        "папки, например: smolevents-cli.exe check")
MAX_SHOWN_LINES = 40


def run_without_console(main: Callable[[list[str] | None], int], argv: list[str] | None) -> int:
    """Run `main(argv)` with nowhere to print; return its exit status."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    redirected = sys.stdout is not None
    captured = io.StringIO()
    saved = sys.stdout, sys.stderr
    sys.stdout = sys.stdout if redirected else captured
    sys.stderr = sys.stdout
    try:
        code = _exit_status_of(main, argv)
    finally:
        sys.stdout, sys.stderr = saved
    text = captured.getvalue().strip()
    if code != 0 and text:
        from smolevents.core.log_file import append_to_log
        append_to_log(f"smolevents {' '.join(arguments)}: код завершения {code}\n{text}")
    if text and not redirected:
        if arguments and getattr(sys, "frozen", False):
            text = f"{text}\n\n{HINT}"
        show_message(_shortened(text), error=code != 0)
    return code


def _exit_status_of(main, argv) -> int:
    try:
        return main(argv)
    except SystemExit as exit:  # argparse: --help, --version, wrong usage
        if exit.code is None or isinstance(exit.code, int):
            return exit.code or 0
        print(exit.code, file=sys.stderr)
        return 1
    except Exception as error:  # a bug: logged with its traceback, said in one line
        import traceback

        from smolevents.core.log_file import append_to_log
        where = append_to_log(f"Непредвиденная ошибка при запуске:\n{traceback.format_exc()}")
        print(f"Непредвиденная ошибка при запуске программы: {type(error).__name__}: {error}\n"
              f"Подробности записаны в журнал: {where}", file=sys.stderr)
        return 1


def _shortened(text: str) -> str:
    lines = text.splitlines()
    if len(lines) <= MAX_SHOWN_LINES:
        return text
    return "\n".join(lines[:MAX_SHOWN_LINES] + [f"… (еще строк: {len(lines) - MAX_SHOWN_LINES})"])


def show_message(text: str, error: bool) -> None:
    """Qt's message box; Windows' own when Qt cannot start (a missing DLL). Replaced by tests."""
    try:
        from smolevents.ui import dialogs
        from smolevents.ui.app import create_application
        create_application()
        (dialogs.show_error if error else dialogs.show_info)(None, text, TITLE)
    except Exception:
        _native_message_box(text, error)


def _native_message_box(text: str, error: bool) -> None:
    if sys.platform != "win32":
        return  # nowhere left to say it: the log has it
    import ctypes
    MB_ICONERROR, MB_ICONINFORMATION = 0x10, 0x40
    ctypes.windll.user32.MessageBoxW(None, text, TITLE, MB_ICONERROR if error else MB_ICONINFORMATION)


def utf8_when_redirected(stream):
    """Russian lines survive a redirect to a file on a Windows whose code page lacks
    Cyrillic (an English build server); a console is written as Unicode anyway."""
    if stream is not None and not stream.isatty() and hasattr(stream, "reconfigure"):
        if (stream.encoding or "").lower().replace("-", "") != "utf8":
            stream.reconfigure(encoding="utf-8")
    return stream


def cyrillic_safe(stream):
    """`stream` as it is when it can write Russian (a console, cp1251, UTF-8), else
    switched to UTF-8: `smolevents-cli.exe check > out.txt` on an English Windows
    (cp1252) would otherwise stop with UnicodeEncodeError on the first Russian word."""
    if stream is None or not hasattr(stream, "reconfigure"):
        return stream
    try:
        "ё".encode(stream.encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        stream.reconfigure(encoding="utf-8")
    return stream
