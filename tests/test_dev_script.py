"""scripts/dev.py, behind the README's two commands: Python version, stale .venv, pinned installs."""

from __future__ import annotations

import importlib.util
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


def test_installs_are_pinned_and_test_installs_only_the_test_extra(dev):
    dev.ensure_environment("test")
    (command,) = dev.installs
    assert command[command.index("-c") + 1] == str(dev.ROOT / "constraints.txt")
    assert command[-1] == ".[test]"
    # Nothing changed: no second install. A changed constraints file installs again.
    dev.ensure_environment("test")
    assert len(dev.installs) == 1
    (dev.ROOT / "constraints.txt").write_text("pytest==9.2.1\n", encoding="utf-8")
    dev.ensure_environment("test")
    assert len(dev.installs) == 2


def test_the_version_is_read_from_either_key_of_pyvenv_cfg(dev):
    dev.VENV.mkdir()
    (dev.VENV / "pyvenv.cfg").write_text("version_info = 3.13.0.final.0\n", encoding="utf-8")
    assert dev.venv_python_version() == "3.13"
