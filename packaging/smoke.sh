#!/usr/bin/env bash
# Linux smoke test of the Windows build's spec (`make package-smoke`).
#
# Builds packaging/smolevents.spec with PyInstaller in its own virtual environment
# (.venv-package, so the test environment stays as it is), then runs the frozen
# program without a display: --version, --self-test, and the real Q2 2023 report
# (tests/fixtures/report-2023-q2.docx) imported and exported again, whose text
# must be exactly what the unfrozen program exports. It catches hidden imports and
# data files the build misses; Windows DLL problems only show on Windows
# (.github/workflows/windows-build.yml).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PYTHON=${PYTHON:-python3}
VENV=${PACKAGE_VENV:-.venv-package}
OUT=build/package-smoke
FIXTURE=$ROOT/tests/fixtures/report-2023-q2.docx
export QT_QPA_PLATFORM=offscreen

step() { printf '\n== %s\n' "$*"; }
fail() { printf 'package-smoke: %s\n' "$*" >&2; exit 1; }

[ -f "$FIXTURE" ] || fail "нет $FIXTURE "

step "build environment $VENV"
if [ ! -f "$VENV/.installed" ] || [ pyproject.toml -nt "$VENV/.installed" ] \
   || [ constraints.txt -nt "$VENV/.installed" ]; then
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
  "$VENV/bin/python" -m pip install --quiet -c constraints.txt pyinstaller -e .
  touch "$VENV/.installed"
fi
"$VENV/bin/python" -m PyInstaller --version

step "PyInstaller build"
rm -rf "$OUT"
start=$(date +%s)
"$VENV/bin/python" -m PyInstaller --noconfirm --log-level WARN \
  --distpath "$OUT/dist" --workpath "$OUT/work" packaging/smolevents.spec
echo "build time: $(( $(date +%s) - start )) s; size: $(du -sh "$OUT/dist/smolevents" | cut -f1)"
FROZEN=$OUT/dist/smolevents/smolevents
CONSOLE=$OUT/dist/smolevents/smolevents-cli
[ -x "$FROZEN" ] || fail "сборка не создала $FROZEN"
[ -x "$CONSOLE" ] || fail "сборка не создала $CONSOLE (консольная программа рядом с оконной)"
[ "$(ls "$OUT/dist/smolevents" | sort | tr '\n' ' ')" = "_internal smolevents smolevents-cli " ] \
  || fail "в папке программы не только _internal, smolevents и smolevents-cli: $(ls "$OUT/dist/smolevents")"

step "version"
expected="smolevents $("$VENV/bin/python" -c 'import smolevents; print(smolevents.__version__)')"
for program in "$FROZEN" "$CONSOLE"; do
  got=$("$program" --version)
  [ "$got" = "$expected" ] || fail "$(basename "$program") --version: «$got», ожидалось «$expected»"
  echo "$(basename "$program"): $got"
done
# PyInstaller's own reader of these files needs Windows; check each names the version
# and its own file, and uses only the structures that reader knows.
for resource in version_info.txt:smolevents.exe version_info_smolevents-cli.txt:smolevents-cli.exe; do
"$VENV/bin/python" - "$OUT/work/smolevents/${resource%%:*}" "${expected#smolevents }" "${resource#*:}" <<'EOF'
import sys
names = ("VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct",
         "VarFileInfo", "VarStruct")
found = {}
def recorder(name):
    return lambda *args, **kwargs: found.setdefault(name, []).append((args, kwargs)) or name
eval(open(sys.argv[1], encoding="utf-8").read(), {"__builtins__": {}}, {n: recorder(n) for n in names})
strings = dict(args for args, _ in found["StringStruct"])
assert strings["ProductVersion"] == strings["FileVersion"] == sys.argv[2], strings
assert strings["OriginalFilename"] == sys.argv[3], strings
print(f"Windows version resource of {sys.argv[3]}: ProductVersion {strings['ProductVersion']}, "
      f"{len(strings)} strings")
EOF
done

step "frozen --self-test"
"$FROZEN" --self-test || fail "самопроверка собранной программы не пройдена"

step "console program: a refusal is one Russian line on stderr, exit status 1"
set +e
refusal=$("$CONSOLE" check --db "$OUT/нет такой базы.sqlite" 2>&1 >/dev/null)
status=$?
set -e
[ "$status" = 1 ] || fail "smolevents-cli check на несуществующей базе: код $status, ожидался 1"
case "$refusal" in *"не найдена"*) echo "$refusal" ;; *) fail "smolevents-cli: «$refusal»" ;; esac

step "real report: frozen and unfrozen exports"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$FIXTURE" "$work/report.docx"  # the fixture itself is never handed to the program
for who in frozen source; do
  if [ "$who" = frozen ]; then run=("$CONSOLE"); else run=("$VENV/bin/python" -m smolevents); fi
  "${run[@]}" import-docx "$work/report.docx" --db "$work/$who.sqlite" >"$work/$who-import.txt"
  "${run[@]}" export --year 2023 --quarter 2 --db "$work/$who.sqlite" -o "$work/$who.docx" >/dev/null
  [ -s "$work/$who.docx" ] || fail "$who: отчет не выгружен"
done
echo "frozen import-docx said:"; sed 's/^/  /' "$work/frozen-import.txt" | head -n 12
"$VENV/bin/python" packaging/docx_text.py "$work/source.docx" "$work/frozen.docx" \
  || fail "текст отчета из сборки отличается от текста из исходников"

step "package-smoke passed ($(du -sh "$OUT/dist/smolevents" | cut -f1) in $OUT/dist/smolevents)"
