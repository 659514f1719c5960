; Inno Setup script: the installer IT hands to the clerk (one file, double click).
;
;   iscc packaging\smolevents.iss        (after the PyInstaller build, see README.md)
;
; Two ways to install (packaging/README.md, "For IT"):
; - per user, the default, no administrator rights: %LOCALAPPDATA%\Programs\smolevents
;   and the user's Start menu (a double click by the clerk);
; - for all users, on request: /ALLUSERS on the command line, administrator rights,
;   C:\Program Files\smolevents and the common Start menu. This is what IT uses when
;   deploying (SCCM, Intune, a script run as SYSTEM or an administrator), and what
;   AppLocker's default rules allow to run (they block %LOCALAPPDATA%\Programs).
; Run as SYSTEM without /ALLUSERS it stops (exit code 1, reason in the /LOG): it would
; install into SYSTEM's own profile, where the clerk never sees it.
; The clerk's data (events.sqlite) lives elsewhere, in %LOCALAPPDATA%\smolevents, which
; neither an upgrade nor the uninstaller touches: Inno Setup removes only the files
; it installed. This file is UTF-8 with a byte order mark, so Inno Setup reads the
; Russian text correctly.

#ifndef DistDir
  #define DistDir AddBackslash(SourcePath) + "..\dist\smolevents"
#endif
#define ExeName "smolevents.exe"
#define ConsoleExeName "smolevents-cli.exe"
; The version comes from the built program, whose version resource the spec takes
; from smolevents.__version__: one place to change it.
#if !FileExists(DistDir + "\" + ExeName)
  #error Нет dist\smolevents\smolevents.exe: сначала соберите программу (pyinstaller packaging\smolevents.spec)
#endif
#if !FileExists(DistDir + "\" + ConsoleExeName)
  #error Нет dist\smolevents\smolevents-cli.exe: сборка без консольной программы (packaging\smolevents.spec)
#endif
#ifndef AppVersion
  #define AppVersion GetStringFileInfo(DistDir + "\" + ExeName, "ProductVersion")
#endif

[Setup]
; AppId identifies the program for upgrades and the uninstaller: never change it.
AppId={{BFFB5467-351D-4FCD-AA1A-B29F4B2C5809}
AppName=smolevents
AppVerName=smolevents {#AppVersion}
AppVersion={#AppVersion}
AppPublisher=Администрация Смоленской области
VersionInfoVersion={#AppVersion}
VersionInfoDescription=Установка smolevents
; Per user by default (the clerk is asked nothing); /ALLUSERS on the command line installs
; for all users. {autopf} is Program Files in the all-users mode and %LOCALAPPDATA%\Programs
; per user; the {auto...} shortcuts follow the same choice. An upgrade without either
; switch keeps the mode of the installation it upgrades (UsePreviousPrivileges).
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=commandline
DefaultDirName={autopf}\smolevents
DefaultGroupName=smolevents
DisableProgramGroupPage=yes
DisableDirPage=auto
; 64-bit Python, 64-bit program (Inno Setup 6.3 or newer).
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6 needs Windows 10 1809 (build 17763) or newer: an older Windows is told so by
; the installer instead of getting a program that does not start.
MinVersion=10.0.17763
SetupIconFile=..\resources\smolevents.ico
UninstallDisplayIcon={app}\{#ExeName}
UninstallDisplayName=smolevents {#AppVersion}
OutputDir=..\dist
OutputBaseFilename=smolevents-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; A running smolevents is closed (and reopened) by Windows when upgrading.
CloseApplications=yes
RestartApplications=yes
#ifdef Sign
; build-windows.bat defines Sign and the "smolsign" tool (signtool with IT's certificate)
; when SIGN_CERT_SHA1 is set: the installer and its uninstaller are signed too.
SignTool=smolsign
SignedUninstaller=yes
#endif

[Languages]
Name: "russian"; MessagesFile: "compiler:Languages\Russian.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; An upgrade starts from a clean library folder, so no file of the old build is left
; behind to be loaded by the new one. Only the program folder: never the data.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\smolevents — международные мероприятия"; Filename: "{app}\{#ExeName}"; Comment: "Отчет о мероприятиях в международной сфере"
Name: "{autodesktop}\smolevents"; Filename: "{app}\{#ExeName}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#ExeName}"; Description: "{cm:LaunchProgram,smolevents}"; Flags: nowait postinstall skipifsilent runasoriginaluser

; No [UninstallDelete] and no [Code] deleting folders: %LOCALAPPDATA%\smolevents
; (the database, its backups and the log) stays after uninstalling, on purpose.

[Code]
// Run by SYSTEM (a deployment tool) in the per-user mode, Setup would install into
// C:\Windows\System32\config\systemprofile and the clerk would get nothing.
function InitializeSetup(): Boolean;
begin
  Result := True;
  if (not IsAdminInstallMode) and
     (Pos('\systemprofile\', Lowercase(ExpandConstant('{localappdata}'))) > 0) then
  begin
    Log('Refused: running as SYSTEM without /ALLUSERS would install into the SYSTEM profile.');
    SuppressibleMsgBox('Установка от имени SYSTEM возможна только для всех пользователей: ' +
      'запустите установщик с ключом /ALLUSERS.', mbCriticalError, MB_OK, IDOK);
    Result := False;
  end;
end;
