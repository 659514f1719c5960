"""The Windows build's files, as IT reads and runs them: docs whose Windows lines work in
cmd and Windows PowerShell 5.1, a build script that agrees with them, an installer IT can
deploy, a spec with two programs, a workflow that cannot drift, and the hash list.

These read the files; what they promise is exercised by `make package-smoke` (the spec,
on Linux) and by .github/workflows/windows-build.yml (everything, on Windows).
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
DOCS = [ROOT / "README.md", PACKAGING / "README.md"]


def code_lines(path: Path) -> list[str]:
    """Lines a reader copies: indented blocks and fenced blocks of a markdown file."""
    lines, fenced = [], False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            fenced = not fenced
            continue
        if fenced or line.startswith("    ") and not line.lstrip().startswith(("-", "|")):
            lines.append(line.strip())
    return [line for line in lines if line]


def windows_lines(path: Path) -> list[str]:
    return [line for line in code_lines(path)
            if "\\" in line or ".exe" in line or line.startswith(("py ", "& ", "set ", "$env:"))]


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_windows_lines_never_chain_with_double_ampersand(doc):
    """`&&` is a syntax error in Windows PowerShell 5.1, the default shell."""
    lines = windows_lines(doc)
    assert lines, "no Windows command lines found"
    assert [line for line in lines if "&&" in line] == []
    # PowerShell runs nothing from the current folder by its bare name: `.\setup.exe`.
    bare = [line for line in lines if line.split()[0].lower().endswith(".exe") and "\\" not in line.split()[0]]
    assert bare == []


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_powershell_lines_use_env_and_cmd_lines_have_a_powershell_twin(doc):
    lines = windows_lines(doc)
    powershell = [line for line in lines if line.startswith("& ") or "$env:" in line]
    assert [line for line in powershell if re.search(r"%\w+%", line)] == []
    text = doc.read_text(encoding="utf-8")
    # A cmd line with %VARIABLE% shown as a code block needs the PowerShell form too.
    for line in lines:
        for variable in re.findall(r"%(\w+)%", line):
            if variable == "ERRORLEVEL":
                continue
            assert f"$env:{variable}" in text or "${env:" + variable in text, (variable, line)


def test_the_readme_says_py_3_and_the_uninstall_line_for_both_shells():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "    py -3 scripts\\dev.py run" in text and "    py -3 scripts\\dev.py test" in text
    assert '"%LOCALAPPDATA%\\Programs\\smolevents\\unins000.exe" /VERYSILENT' in text
    assert '& "$env:LOCALAPPDATA\\Programs\\smolevents\\unins000.exe" /VERYSILENT' in text


def test_the_build_script_is_crlf_ascii_and_agrees_with_its_readme():
    data = (PACKAGING / "build-windows.bat").read_bytes()
    data.decode("ascii")  # cmd reads a batch file in the OEM code page
    assert b"\n" not in data.replace(b"\r\n", b"")  # every line ends in CRLF
    text = data.decode("ascii")
    readme = (PACKAGING / "README.md").read_text(encoding="utf-8")
    assert "Python 3.11 or newer" in readme
    assert 'set "PYTHON=py -3"' in text and "py -3.11" not in text and "py -3.11" not in readme
    assert "sys.version_info >= (3, 11)" in text  # refuses an older one, does not insist on 3.11
    assert "smolevents-cli.exe --self-test" in text and "smolevents.exe --self-test" in text
    assert "packaging\\hashes.py" in text and "SIGN_CERT_SHA1" in text and "SIGN_CERT_SHA1" in readme


def test_the_installer_is_per_user_by_default_all_users_on_request():
    raw = (PACKAGING / "smolevents.iss").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Inno Setup reads the Russian text right only with a BOM
    text = raw.decode("utf-8-sig")
    setting = dict(re.findall(r"^(\w+)=(.*)$", text, re.M))
    assert setting["PrivilegesRequired"] == "lowest"
    assert "commandline" in setting["PrivilegesRequiredOverridesAllowed"]  # /ALLUSERS
    assert setting["DefaultDirName"] == "{autopf}\\smolevents"
    assert setting["MinVersion"] == "10.0.17763"  # Windows 10 1809, Qt 6's minimum
    for per_user_only in ("{userpf}", "{userprograms}", "{userdesktop}"):
        assert per_user_only not in text
    assert 'Name: "{app}\\_internal"' in text  # an upgrade starts from a clean library folder
    assert "systemprofile" in text and "IsAdminInstallMode" in text  # SYSTEM without /ALLUSERS stops
    assert "ConsoleExeName" in text  # the build stops without smolevents-cli.exe
    assert not re.search(r"^\[UninstallDelete\]", text, re.M)  # the clerk's data is never removed


def test_the_spec_builds_a_windowed_and_a_console_program_into_one_folder():
    tree = ast.parse((PACKAGING / "smolevents.spec").read_text(encoding="utf-8"))
    programs = {}
    collected = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id == "program":
                keywords = {k.arg: ast.literal_eval(k.value) for k in node.keywords if k.arg == "console"}
                programs[ast.unparse(node.args[0])] = keywords["console"]
            elif node.func.id == "COLLECT":
                collected = [ast.unparse(arg) for arg in node.args]
    assert programs == {"NAME": False, "CONSOLE_NAME": True}
    assert collected[:2] == ["window_program", "console_program"]
    assert 'CONSOLE_NAME = "smolevents-cli"' in (PACKAGING / "smolevents.spec").read_text(encoding="utf-8")


def test_the_workflow_pins_its_actions_and_inno_setup_and_checks_what_only_windows_can():
    text = (ROOT / ".github" / "workflows" / "windows-build.yml").read_text(encoding="utf-8")
    uses = re.findall(r"uses:\s*(\S+)", text)
    assert uses and all(re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", ref) for ref in uses), uses
    assert re.search(r'INNO_SETUP_VERSION: "\d+\.\d+\.\d+"', text)
    assert "choco install innosetup --version=$env:INNO_SETUP_VERSION" in text
    assert "windows-latest" not in text
    for check in ("-m windows", "vcruntime140_1.dll", "QT_QPA_PLATFORM = \"windows\"",
                  "[System.IO.File]::Open($out, 'Open', 'Read', 'None')", "icacls", "/deny",
                  "WaitForExit", "gh release download", "stale-from-old.txt", "/ALLUSERS",
                  "SHA256SUMS.txt"):
        assert check in text, check


def test_the_hash_list_names_the_installer_and_every_program_file(tmp_path):
    spec = importlib.util.spec_from_file_location("hashes", PACKAGING / "hashes.py")
    hashes = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hashes)
    program = tmp_path / "smolevents"
    (program / "_internal" / "PySide6").mkdir(parents=True)
    files = {
        "smolevents-0.1.0-setup.exe": b"setup",
        "smolevents/smolevents.exe": b"window",
        "smolevents/smolevents-cli.exe": b"console",
        "smolevents/_internal/python311.dll": b"python",
        "smolevents/_internal/PySide6/QtCore.pyd": b"qt",
        "smolevents/_internal/base_library.zip": b"not executable",
    }
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    target = hashes.write_sums(tmp_path)
    lines = target.read_text(encoding="ascii").splitlines()
    expected = {f"{hashlib.sha256(content).hexdigest()}  {name.replace('/', chr(92))}"
                for name, content in files.items() if not name.endswith(".zip")}
    assert set(lines) == expected
    assert lines[0].endswith("smolevents-0.1.0-setup.exe")
