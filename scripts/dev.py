"""The README's two commands, the same on Linux, macOS and Windows (PowerShell or cmd).

    python3 scripts/dev.py run [ARGS]    (Windows: py -3 scripts\\dev.py run)
    python3 scripts/dev.py test [ARGS]   (Windows: py -3 scripts\\dev.py test)
    python3 scripts/dev.py bench [SCRIPT] the benchmarks' environment and SCRIPT (benchmarks/targets.py)

Each makes the virtual environment `.venv` on first use with the Python that runs
this script, installs the program with the versions pinned in `constraints.txt`,
and remakes `.venv` when it was built by another Python or when pyproject.toml or
constraints.txt changed. Standard library only: it runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import sys
import venv
from pathlib import Path

MINIMUM_PYTHON = (3, 11)
ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP = VENV / ".installed"
# Which optional dependencies each action needs: `test` never installs the benchmarks' peers.
EXTRAS = {"run": "", "test": "test", "bench": "test,bench"}


class DevError(Exception):
    """A step failed: one line for the person at the console, exit status 1 (or the tool's)."""

    def __init__(self, message: str, status: int = 1):
        super().__init__(message)
        self.status = status


def venv_python() -> Path:
    scripts = "Scripts" if os.name == "nt" else "bin"
    return VENV / scripts / ("python.exe" if os.name == "nt" else "python")


def remove_environment() -> None:
    """Delete .venv. Windows refuses to delete a read-only file (cleared and retried) and
    any file a running program holds (said in one line: close it and run again)."""
    def clear_read_only(function, path, _error):
        os.chmod(path, stat.S_IWRITE)
        function(path)

    try:
        if sys.version_info >= (3, 12):
            shutil.rmtree(VENV, onexc=clear_read_only)
        else:
            shutil.rmtree(VENV, onerror=clear_read_only)
    except OSError as error:
        raise DevError(f"cannot delete {VENV} ({error.strerror or error}: {error.filename}); "
                       "close the programs using it (the program, an editor, a terminal "
                       "with it activated) and run the command again") from None


# The program is installed editable as a path on sys.path (a .pth line), not through
# setuptools' import hook: the hook imports pathlib, re and urllib at every start of any
# Python of .venv, 13 ms of each (`python -c pass` 25 ms against 12 ms), which every
# whole-process figure of `make bench` paid and the clerk's frozen program does not.
EDITABLE_MODE = "compat"


def wanted_stamp(extras: str) -> str:
    digest = hashlib.sha256()
    for name in ("pyproject.toml", "constraints.txt"):
        digest.update((ROOT / name).read_bytes())
    return f"{sys.version_info[0]}.{sys.version_info[1]} {extras} {EDITABLE_MODE} {digest.hexdigest()}"


def venv_python_version() -> str | None:
    """major.minor of the Python that built .venv, from its pyvenv.cfg."""
    config = VENV / "pyvenv.cfg"
    if not config.is_file():
        return None
    for line in config.read_text(encoding="utf-8", errors="replace").splitlines():
        key, _, value = line.partition("=")
        if key.strip() in ("version", "version_info"):
            return ".".join(value.strip().split(".")[:2])
    return None


# PySide6's binding layer keeps its Python half (signature parsing, the `__feature__` import)
# in a zip inside libshiboken6 and compiles it from source at every start of every PySide6
# program — about 100 M instructions, some 20 ms of the window's start-up here — unless a
# `files.dir` folder beside shiboken6 holds the same files, which are then imported like any
# module (from bytecode after the first start). SBK_EMBED=0 is shiboken's own switch that
# unpacks them there; done after each install, since the files must match the library.
UNPACK_BINDING_SUPPORT = """\
import importlib.util, os, shutil, sys
spec = importlib.util.find_spec("shiboken6")
if spec is None:
    sys.exit(0)
folder = os.path.join(os.path.dirname(os.path.realpath(spec.origin)), "files.dir")
shutil.rmtree(folder, ignore_errors=True)
os.environ["SBK_EMBED"] = "0"
try:
    import shiboken6
    import compileall  # their bytecode beside them, also for runs that write none (PYTHONDONTWRITEBYTECODE)
    compileall.compile_dir(folder, quiet=1)
except BaseException:
    shutil.rmtree(folder, ignore_errors=True)  # half unpacked would stop every start: none at all
    raise
"""


def binding_support_folders() -> list[Path]:
    """shiboken6's `files.dir` in .venv (Linux/macOS lib/pythonX.Y, Windows Lib), where shiboken6 is installed."""
    return [package / "files.dir" for package in (*VENV.glob("lib/python*/site-packages/shiboken6"),
                                                  *VENV.glob("Lib/site-packages/shiboken6"))]


def unpack_binding_support(python: str) -> None:
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONPYCACHEPREFIX"}
    unpacked = subprocess.run([python, "-c", UNPACK_BINDING_SUPPORT], cwd=ROOT, env=environment)
    if unpacked.returncode != 0:  # the program still works, only its start is slower: said, not fatal
        print(f"== note: shiboken6's support files were not unpacked (exit status {unpacked.returncode}); "
              "every start compiles them", file=sys.stderr)


def ensure_environment(extras: str) -> Path:
    if sys.version_info < MINIMUM_PYTHON:
        sys.exit(f"smolevents needs Python {'.'.join(map(str, MINIMUM_PYTHON))} or newer; "
                 f"this is {sys.version.split()[0]}. Run the command with a newer python "
                 "(make PYTHON=python3.12 …, or py -3.12 on Windows).")
    ours = f"{sys.version_info[0]}.{sys.version_info[1]}"
    if VENV.exists() and (venv_python_version() != ours or not venv_python().exists()):
        print(f"== .venv was made by another Python ({venv_python_version()}); making it again with {ours}")
        remove_environment()
    stamp = wanted_stamp(extras)
    if STAMP.is_file() and STAMP.read_text(encoding="utf-8") == stamp:
        if any(not folder.is_dir() for folder in binding_support_folders()):  # a .venv made before this step
            unpack_binding_support(str(venv_python()))
        return venv_python()
    if not venv_python().exists():
        print(f"== making {VENV.name} with Python {ours}")
        venv.create(VENV, with_pip=True)
    python = str(venv_python())
    target = f".[{extras}]" if extras else "."
    print(f"== installing smolevents{f'[{extras}]' if extras else ''} (versions from constraints.txt)")
    installed = subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                                "-c", str(ROOT / "constraints.txt"), "-e", target,
                                "--config-settings", f"editable_mode={EDITABLE_MODE}"], cwd=ROOT,
                               # setuptools warns, for that mode, that the folder holding the program
                               # is on sys.path: it is meant to be (a page of stars on first use)
                               env=dict(os.environ, PYTHONWARNINGS="ignore:Editable installation"))
    if installed.returncode != 0:
        raise DevError(f"pip could not install smolevents into {VENV} (exit status "
                       f"{installed.returncode}, its messages above); check the network or the proxy "
                       "and run the command again", installed.returncode)
    unpack_binding_support(python)
    STAMP.write_text(stamp, encoding="utf-8")
    return venv_python()


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in EXTRAS:
        print(__doc__, file=sys.stderr)
        return 2
    action, rest = argv[0], argv[1:]
    try:
        python = str(ensure_environment(EXTRAS[action]))
    except DevError as error:
        print(f"scripts/dev.py: {error}", file=sys.stderr)
        return error.status
    environment = dict(os.environ)
    if action == "run":
        command = [python, "-m", "smolevents", *rest]
    elif action == "test":
        environment["QT_QPA_PLATFORM"] = "offscreen"  # the tests never need a display
        command = [python, "-m", "pytest", *rest]
    else:  # bench [SCRIPT [ARGS]]: benchmarks/targets.py (every row of the speed table) unless a script is named
        environment["QT_QPA_PLATFORM"] = "offscreen"
        script = rest[0] if rest and rest[0].endswith(".py") else str(ROOT / "benchmarks" / "targets.py")
        command = [python, script, *rest[1:]] if rest and rest[0].endswith(".py") else [python, script, *rest]
    try:
        return subprocess.run(command, cwd=ROOT, env=environment).returncode
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
