@echo off
rem Builds the Windows installer: tests, PyInstaller, self-test, Inno Setup, hashes.
rem Run from anywhere on a Windows machine with Python 3.11 or newer and Inno Setup 6.3+;
rem see packaging\README.md. Result: dist\smolevents-VERSION-setup.exe and dist\SHA256SUMS.txt.
rem Set PYTHON to choose the interpreter (default: py -3, the newest Python installed;
rem it must be 3.11 or newer), SKIP_TESTS=1 to skip pytest, SIGN_CERT_SHA1 to sign
rem (the thumbprint of a code-signing certificate in the certificate store; TIMESTAMP_URL
rem overrides the timestamp server).
rem (CRLF line endings and ASCII only: cmd misreads anything else.)
setlocal
cd /d "%~dp0.."
if not defined PYTHON set "PYTHON=py -3"
if not defined TIMESTAMP_URL set "TIMESTAMP_URL=http://timestamp.digicert.com"
set "VPY=.venv-package\Scripts\python.exe"

echo == build environment .venv-package
%PYTHON% -c "import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)"
if errorlevel 1 (
  echo Python 3.11 or newer is needed: install it from python.org or set PYTHON, e.g. set "PYTHON=py -3.12".
  goto :fail
)
if not exist "%VPY%" %PYTHON% -m venv .venv-package || goto :fail
"%VPY%" -c "import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)" || (
  echo .venv-package was made by a Python older than 3.11: delete the .venv-package folder and run again.
  goto :fail
)
"%VPY%" -m pip install --quiet --upgrade pip || goto :fail
"%VPY%" -m pip install --quiet -c constraints.txt -e .[test] pyinstaller || goto :fail

if "%SKIP_TESTS%"=="1" goto :build
echo == tests (the Windows-only ones included)
set "QT_QPA_PLATFORM=offscreen"
"%VPY%" -m pytest -q || goto :fail
set "QT_QPA_PLATFORM="

:build
echo == PyInstaller
"%VPY%" -m PyInstaller --noconfirm --distpath dist --workpath build packaging\smolevents.spec || goto :fail
if not exist dist\smolevents\smolevents-cli.exe (
  echo dist\smolevents\smolevents-cli.exe is missing: the console program was not built.
  goto :fail
)

echo == self-test of the console program
dist\smolevents\smolevents-cli.exe --version || goto :fail
dist\smolevents\smolevents-cli.exe --self-test > dist\selftest.txt 2>&1
set "RC=%ERRORLEVEL%"
"%VPY%" -c "import sys; sys.stdout.reconfigure(encoding='utf-8'); print(open(r'dist\selftest.txt', encoding='utf-8', errors='replace').read())"
if not "%RC%"=="0" goto :fail

echo == self-test of the windowed program (a batch file waits for a windowed program)
dist\smolevents\smolevents.exe --self-test > dist\selftest-windowed.txt 2>&1
set "RC=%ERRORLEVEL%"
if not "%RC%"=="0" (
  type dist\selftest-windowed.txt
  goto :fail
)

if not defined SIGN_CERT_SHA1 goto :installer
echo == signing the programs
for %%I in (signtool.exe) do if "%%~$PATH:I"=="" (
  echo signtool.exe not found on PATH: open the "Developer Command Prompt" or add the Windows SDK bin folder.
  goto :fail
)
signtool.exe sign /sha1 %SIGN_CERT_SHA1% /fd sha256 /tr %TIMESTAMP_URL% /td sha256 dist\smolevents\smolevents.exe dist\smolevents\smolevents-cli.exe || goto :fail

:installer
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
if defined SIGN_CERT_SHA1 (
  "%ISCC%" /Q /DSign "/Ssmolsign=signtool.exe sign /sha1 %SIGN_CERT_SHA1% /fd sha256 /tr %TIMESTAMP_URL% /td sha256 $f" packaging\smolevents.iss || goto :fail
) else (
  "%ISCC%" /Q packaging\smolevents.iss || goto :fail
)

echo == SHA-256 of the installer and the program files (for allow-lists)
"%VPY%" packaging\hashes.py dist || goto :fail
echo == done: the installer and SHA256SUMS.txt are in the dist folder
exit /b 0

:fail
echo == BUILD FAILED (see the messages above)
exit /b 1
