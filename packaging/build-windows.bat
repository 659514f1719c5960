@echo off
rem Builds the Windows installer: tests, PyInstaller, self-test, Inno Setup.
rem Run from anywhere on a Windows machine with Python 3.11+ and Inno Setup 6.3+;
rem see packaging\README.md. Result: dist\smolevents-VERSION-setup.exe.
rem Set PYTHON to choose the interpreter (default: py -3.11), SKIP_TESTS=1 to skip pytest.
rem (CRLF line endings and ASCII only: cmd misreads anything else.)
setlocal
cd /d "%~dp0.."
if not defined PYTHON set "PYTHON=py -3.11"
set "VPY=.venv-package\Scripts\python.exe"

echo == build environment .venv-package
if not exist "%VPY%" %PYTHON% -m venv .venv-package || goto :fail
"%VPY%" -m pip install --quiet --upgrade pip || goto :fail
"%VPY%" -m pip install --quiet -c constraints.txt -e .[test] pyinstaller || goto :fail

if "%SKIP_TESTS%"=="1" goto :build
echo == tests
set "QT_QPA_PLATFORM=offscreen"
"%VPY%" -m pytest -q || goto :fail
set "QT_QPA_PLATFORM="

:build
echo == PyInstaller
"%VPY%" -m PyInstaller --noconfirm --distpath dist --workpath build packaging\smolevents.spec || goto :fail

echo == self-test of the built program (a batch file waits for a windowed program)
dist\smolevents\smolevents.exe --version > dist\version.txt 2>&1
type dist\version.txt
dist\smolevents\smolevents.exe --self-test > dist\selftest.txt 2>&1
set "RC=%ERRORLEVEL%"
"%VPY%" -c "import sys; sys.stdout.reconfigure(encoding='utf-8'); print(open(r'dist\selftest.txt', encoding='utf-8', errors='replace').read())"
if not "%RC%"=="0" goto :fail

echo == Inno Setup
set "ISCC="
for %%I in (ISCC.exe) do set "ISCC=%%~$PATH:I"
if not defined ISCC if exist "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" set "ISCC=%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe"
if not defined ISCC if exist "%ProgramFiles%\Inno Setup 6\ISCC.exe" set "ISCC=%ProgramFiles%\Inno Setup 6\ISCC.exe"
if not defined ISCC if exist "%LOCALAPPDATA%\Programs\Inno Setup 6\ISCC.exe" set "ISCC=%LOCALAPPDATA%\Programs\Inno Setup 6\ISCC.exe"
if not defined ISCC (
  echo Inno Setup 6 not found: install it from jrsoftware.org or with "choco install innosetup".
  goto :fail
)
"%ISCC%" /Q packaging\smolevents.iss || goto :fail
dir /b dist\*-setup.exe
echo == done: the installer is in the dist folder
exit /b 0

:fail
echo == BUILD FAILED (see the messages above)
exit /b 1
