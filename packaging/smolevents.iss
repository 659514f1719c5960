; Inno Setup script: the installer IT hands to the clerk (one file, double click).
;
;   iscc packaging\smolevents.iss        (after the PyInstaller build, see README.md)
;
; Per-user install without administrator rights: the program goes to
; %LOCALAPPDATA%\Programs\smolevents, its shortcut to the user's Start menu. The
; clerk's data (events.sqlite) lives elsewhere, in %LOCALAPPDATA%\smolevents, which
; neither an upgrade nor the uninstaller touches: Inno Setup removes only the files
; it installed. This file is UTF-8 with a byte order mark, so Inno Setup reads the
; Russian text correctly.

#ifndef DistDir
  #define DistDir AddBackslash(SourcePath) + "..\dist\smolevents"
#endif
#define ExeName "smolevents.exe"
; The version comes from the built program, whose version resource the spec takes
; from smolevents.__version__: one place to change it.
#if !FileExists(DistDir + "\" + ExeName)
  #error Нет dist\smolevents\smolevents.exe: сначала соберите программу (pyinstaller packaging\smolevents.spec)
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
; Per user, no administrator rights, no question about it.
PrivilegesRequired=lowest
DefaultDirName={userpf}\smolevents
DefaultGroupName=smolevents
DisableProgramGroupPage=yes
DisableDirPage=auto
; 64-bit Python, 64-bit program (Inno Setup 6.3 or newer).
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
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
Name: "{userprograms}\smolevents — международные мероприятия"; Filename: "{app}\{#ExeName}"; Comment: "Отчет о мероприятиях в международной сфере"
Name: "{userdesktop}\smolevents"; Filename: "{app}\{#ExeName}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#ExeName}"; Description: "{cm:LaunchProgram,smolevents}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] and no [Code] deleting folders: %LOCALAPPDATA%\smolevents
; (the database, its backups and the log) stays after uninstalling, on purpose.
