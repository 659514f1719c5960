"""scripts/dev.py, behind the README's two commands: Python version, stale .venv, pinned installs."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "dev.py"


@pytest.fixture
def dev(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("dev_script", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    (tmp_path / "constraints.txt").write_text("pytest==9.2.0\n", encoding="utf-8")
    monkeypatch.setattr(module, "ROOT", tmp_path)
    monkeypatch.setattr(module, "VENV", tmp_path / ".venv")
    monkeypatch.setattr(module, "STAMP", tmp_path / ".venv" / ".installed")
    made, installs = [], []

    def fake_create(path, with_pip):
        python = module.venv_python()
        python.parent.mkdir(parents=True)
        python.write_text("", encoding="utf-8")
        (path / "pyvenv.cfg").write_text(f"version = {sys.version_info[0]}.{sys.version_info[1]}.0\n",
                                         encoding="utf-8")
        made.append(path)

    monkeypatch.setattr(module.venv, "create", fake_create)
    monkeypatch.setattr(module.subprocess, "run",
                        lambda command, **kw: installs.append(command) or subprocess.CompletedProcess(command, 0))
    module.made, module.installs = made, installs
    return module


def test_an_old_python_is_refused_before_anything_is_made(dev, monkeypatch):
    old = types.SimpleNamespace(version_info=(3, 10, 13), version="3.10.13 (main)", exit=sys.exit)
    monkeypatch.setattr(dev, "sys", old)
    with pytest.raises(SystemExit, match="needs Python 3.11 or newer; this is 3.10.13"):
        dev.ensure_environment("test")
    assert not dev.VENV.exists()


def test_a_venv_made_by_another_python_is_made_again(dev):
    dev.VENV.mkdir()
    (dev.VENV / "pyvenv.cfg").write_text("home = /usr/bin\nversion = 3.10.13\n", encoding="utf-8")
    (dev.VENV / "left-over").write_text("", encoding="utf-8")
    dev.ensure_environment("test")
    assert dev.made == [dev.VENV]
    assert not (dev.VENV / "left-over").exists()
    assert dev.venv_python_version() == f"{sys.version_info[0]}.{sys.version_info[1]}"


def pip_runs(dev) -> list[list[str]]:
    return [command for command in dev.installs if command[1:3] == ["-m", "pip"]]


def test_installs_are_pinned_and_test_installs_only_the_test_extra(dev):
    dev.ensure_environment("test")
    (command,) = pip_runs(dev)
    assert command[command.index("-c") + 1] == str(dev.ROOT / "constraints.txt")
    assert command[command.index("-e") + 1] == ".[test]"
    # Nothing changed: no second install. A changed constraints file installs again.
    dev.ensure_environment("test")
    assert len(pip_runs(dev)) == 1
    (dev.ROOT / "constraints.txt").write_text("pytest==9.2.1\n", encoding="utf-8")
    dev.ensure_environment("test")
    assert len(pip_runs(dev)) == 2


def test_the_program_is_installed_as_a_path_not_through_an_import_hook(dev):
    """setuptools' editable import hook cost every start of .venv's Python 13 ms."""
    dev.ensure_environment("")
    (command,) = pip_runs(dev)
    assert command[command.index("--config-settings") + 1] == "editable_mode=compat"
    # A .venv installed before (through the hook) is installed again.
    dev.STAMP.write_text(dev.wanted_stamp("").replace(" compat ", " "), encoding="utf-8")
    dev.ensure_environment("")
    assert len(pip_runs(dev)) == 2


def test_shiboken_s_support_files_are_unpacked_after_each_install_and_when_missing(dev):
    """PySide6 compiles them from a zip at every start unless shiboken6/files.dir holds them."""
    unpacks = lambda: [command for command in dev.installs if command[1:2] == ["-c"]]  # noqa: E731
    dev.ensure_environment("test")
    assert len(unpacks()) == 1 and "SBK_EMBED" in unpacks()[0][2]
    package = dev.VENV / "lib" / "python3.11" / "site-packages" / "shiboken6"
    package.mkdir(parents=True)
    dev.ensure_environment("test")  # installed, but a .venv from before this step: unpacked now
    assert len(unpacks()) == 2 and len(pip_runs(dev)) == 1
    (package / "files.dir").mkdir()
    dev.ensure_environment("test")  # there: nothing to do
    assert len(unpacks()) == 2


def test_the_unpacking_makes_files_dir_that_pyside_imports_from(tmp_path):
    """The real thing on a copy of the installed shiboken6 (the library itself linked, not copied)."""
    installed = importlib.util.find_spec("shiboken6")
    if installed is None or os.name == "nt":
        pytest.skip("needs PySide6 and symbolic links without privileges (not Windows)")
    spec = importlib.util.spec_from_file_location("dev_script", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    source = Path(installed.origin).parent
    copy = tmp_path / "shiboken6"
    copy.mkdir()
    for entry in source.iterdir():
        if entry.name == "__init__.py":
            (copy / entry.name).write_bytes(entry.read_bytes())  # shiboken finds files.dir beside this one
        elif entry.name not in ("__pycache__", "files.dir"):
            (copy / entry.name).symlink_to(entry)
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    subprocess.run([sys.executable, "-c", module.UNPACK_BINDING_SUPPORT], env=env, check=True)
    assert (copy / "files.dir" / "shibokensupport" / "signature" / "loader.py").is_file()
    assert list((copy / "files.dir" / "shibokensupport" / "signature" / "__pycache__").glob("loader.*.pyc"))
    shown = subprocess.run([sys.executable, "-c", "import shibokensupport.signature.loader as l; print(l.__file__)"],
                           env=env, capture_output=True, text=True)
    assert shown.returncode != 0  # not importable on its own: only PySide6's start puts it on the path
    started = subprocess.run(
        [sys.executable, "-c", "import PySide6.QtCore, sys; print(sys.modules['shibokensupport'].__file__)"],
        env=env, capture_output=True, text=True, check=True)
    assert str(copy / "files.dir") in started.stdout


def test_the_version_is_read_from_either_key_of_pyvenv_cfg(dev):
    dev.VENV.mkdir()
    (dev.VENV / "pyvenv.cfg").write_text("version_info = 3.13.0.final.0\n", encoding="utf-8")
    assert dev.venv_python_version() == "3.13"


def test_on_windows_the_environment_s_python_is_scripts_python_exe(dev, monkeypatch):
    monkeypatch.setattr(dev.os, "name", "nt")
    assert dev.venv_python() == dev.VENV / "Scripts" / "python.exe"
    assert dev.ensure_environment("") == dev.VENV / "Scripts" / "python.exe"
    assert dev.installs[0][0] == str(dev.VENV / "Scripts" / "python.exe")


def test_the_command_s_exit_status_is_the_script_s(dev, monkeypatch):
    """`py -3 scripts\\dev.py test` must fail in CI when a test fails: pytest's status passes through."""
    ran = []

    def run(command, **kwargs):
        ran.append((command, kwargs.get("env", {}).get("QT_QPA_PLATFORM")))
        return subprocess.CompletedProcess(command, 0 if "pip" in command else 3)

    monkeypatch.setattr(dev.subprocess, "run", run)
    assert dev.main(["test", "-x"]) == 3
    command, platform = ran[-1]
    assert command[1:] == ["-m", "pytest", "-x"] and platform == "offscreen"
    assert dev.main(["run", "--version"]) == 3


def test_a_failed_install_is_one_line_with_pip_s_status(dev, monkeypatch, capsys):
    monkeypatch.setattr(dev.subprocess, "run", lambda command, **kw: subprocess.CompletedProcess(command, 2))
    assert dev.main(["test"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("scripts/dev.py: pip could not install") and err.count("\n") == 1
    assert not dev.STAMP.exists()  # the next run tries again


def test_a_venv_held_by_a_running_program_is_said_in_one_line(dev, monkeypatch, capsys):
    """Windows will not delete python.exe while it runs (the program open from .venv)."""
    dev.VENV.mkdir()
    (dev.VENV / "pyvenv.cfg").write_text("version = 3.10.13\n", encoding="utf-8")

    def held(path, **kwargs):
        raise PermissionError(13, "The process cannot access the file", str(path / "Scripts" / "python.exe"))

    monkeypatch.setattr(dev.shutil, "rmtree", held)
    assert dev.main(["run"]) == 1
    err = capsys.readouterr().err
    assert "cannot delete" in err and "close the programs using it" in err and err.count("\n") == 1
