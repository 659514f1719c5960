"""SHA-256 of what IT may need to allow-list: `python packaging/hashes.py [DIST]`.

Writes DIST/SHA256SUMS.txt (DIST defaults to `dist`): the installer(s) and every
executable file of the built program (.exe, .dll, .pyd), one `HASH  PATH` line each,
paths relative to DIST with backslashes, in the format `certutil`/`Get-FileHash` users
compare against and `sha256sum -c` reads. Standard library only.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

EXECUTABLE_SUFFIXES = {".exe", ".dll", ".pyd"}
SUMS_NAME = "SHA256SUMS.txt"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def files_to_list(dist: Path) -> list[Path]:
    installers = sorted(dist.glob("*-setup.exe"))
    program = dist / "smolevents"
    inside = sorted(p for p in program.rglob("*") if p.is_file() and p.suffix.lower() in EXECUTABLE_SUFFIXES)
    return installers + inside


def write_sums(dist: Path) -> Path:
    files = files_to_list(dist)
    if not any(path.name.lower() == "smolevents.exe" for path in files):
        raise SystemExit(f"hashes.py: no smolevents.exe under {dist}")
    lines = [f"{sha256_of(path)}  {path.relative_to(dist).as_posix().replace('/', chr(92))}" for path in files]
    target = dist / SUMS_NAME
    target.write_text("\n".join(lines) + "\n", encoding="ascii", errors="backslashreplace")
    return target


def main(argv: list[str]) -> int:
    dist = Path(argv[0] if argv else "dist")
    target = write_sums(dist)
    lines = target.read_text(encoding="ascii").splitlines()
    print(f"{target}: {len(lines)} files")
    for line in lines:
        if line.lower().endswith(("-setup.exe", "\\smolevents.exe", "\\smolevents-cli.exe")):
            print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
