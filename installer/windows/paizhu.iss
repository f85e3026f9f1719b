; Inno Setup 6 script: a Windows 10/11 (x64) installer for the PyInstaller folder.
;
;   1. build the folder on Windows:   sh installer/build.sh   (Git Bash), or the PowerShell
;      steps in docs/installing.md; the result is dist\paizhu-desktop\
;   2. compile this script:           ISCC.exe /DAppVersion=0.1.0 installer\windows\paizhu.iss
;   3. result:                        dist\paizhu-desktop-0.1.0-windows-x64-setup.exe
;
; Saved as UTF-8 with a BOM: Inno Setup reads a script without one in the ANSI code page.
; NOT TESTED on this project's machines (Linux only): it has never been compiled or run.
; What it does: installs the folder under Program Files, a Start-menu entry and an
; optional desktop shortcut, both with the application icon, and an uninstaller.
; It never touches %LOCALAPPDATA%\paizhu-desktop (the users' encrypted databases):
; uninstalling removes the program only. Nothing is downloaded at install time.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "派驻纪检监察组日常管理"
#define Root "..\.."

[Setup]
; A fixed AppId lets a newer version replace an older one in place.
AppId={{6F1B2C3D-8E4A-4B7C-9D20-5A1E3F7C2B91}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=paizhu-desktop
DefaultDirName={autopf}\paizhu-desktop
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
OutputDir={#Root}\dist
OutputBaseFilename=paizhu-desktop-{#AppVersion}-windows-x64-setup
SetupIconFile={#Root}\src\paizhu_desktop\resources\icons\paizhu.ico
UninstallDisplayIcon={app}\paizhu-desktop.exe
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Qt 6 needs Windows 10 or later, 64-bit.
MinVersion=10.0
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Administrators install for everyone; a user without rights may install for himself.
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog
ShowLanguageDialog=no

[Languages]
; ChineseSimplified.isl ships with recent Inno Setup 6 releases; with an older one, put the
; official translation file into Inno Setup's Languages folder first.
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "在桌面上建立快捷方式"; GroupDescription: "附加快捷方式："

[Files]
Source: "{#Root}\dist\paizhu-desktop\*"; DestDir: "{app}"; \
    Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\paizhu-desktop.exe"; \
    IconFilename: "{app}\paizhu-desktop.exe"; Comment: "加密台账、登记簿打印、年度交接（不联网）"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\paizhu-desktop.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\paizhu-desktop.exe"; Description: "现在启动{#AppName}"; \
    Flags: nowait postinstall skipifsilent

; No [UninstallDelete] entry for the users' data: %LOCALAPPDATA%\paizhu-desktop stays.
