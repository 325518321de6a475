; Inno Setup 6.3+ script (UTF-8 with BOM, so the Chinese text compiles on any Windows locale): the Windows installer for the onedir build in dist\sme-assess\.
;
;   py build_scripts\build.py                       (first: dist\sme-assess\sme-assess.exe and sme-assess-cli.exe)
;   iscc build_scripts\installer.iss                (unsigned: dist\installer\sme-assess-setup-<version>.exe)
;   iscc /DSIGN "/Ssmesign=signtool sign /fd sha256 /tr http://timestamp.digicert.com /td sha256 /a $f" ^
;        build_scripts\installer.iss                (signs the uninstaller and the setup program; docs/windows-build.md)
;
; Per-user install (no administrator rights): %LOCALAPPDATA%\Programs\SMEDigital\SME Digital Assess, a Start-menu
; folder with the program and its uninstaller, an optional desktop icon, and an entry in Settings > Apps. Installer
; languages: Simplified Chinese (default on Chinese Windows) and English. An administrator can install for all
; users with /ALLUSERS on the command line.
;
; The uninstaller removes the program only. The workspace (%LOCALAPPDATA%\SMEDigital\sme-digital-assess: the
; database, evidence files, backups, logs) and the signing key in Windows Credential Manager stay: they are the
; user's records and must survive an uninstall or an upgrade.

; AppId: never change it; upgrades and the uninstaller find the installed copy by it.
#define AppId "{{253C4D2A-BC93-4E76-9F78-C5F42E2120B4}"
#define AppPublisher "SMEDigital"
#define ExeName "sme-assess.exe"
#define DistDir AddBackslash(SourcePath) + "..\dist\sme-assess"

#if !FileExists(DistDir + "\" + ExeName)
  #error dist\sme-assess\sme-assess.exe not found: run "py build_scripts\build.py" first
#endif
#ifndef AppVersion
  ; From the version resource build_scripts\version_info.py wrote from app.__version__.
  #define AppVersion GetStringFileInfo(DistDir + "\" + ExeName, "ProductVersion")
#endif
#if !FileExists(CompilerPath + "Languages\ChineseSimplified.isl")
  #error ChineseSimplified.isl is missing from Inno Setup's Languages folder: install Inno Setup 6.3 or later, or copy it from https://github.com/jrsoftware/issrc/tree/main/Files/Languages
#endif

[Setup]
AppId={#AppId}
AppName=中小企业数字化水平评测
AppVersion={#AppVersion}
AppVerName=中小企业数字化水平评测 {#AppVersion}
AppPublisher={#AppPublisher}
VersionInfoVersion={#AppVersion}
VersionInfoProductName=SME Digital Level Assessment
VersionInfoCompany={#AppPublisher}
DefaultDirName={autopf}\SMEDigital\SME Digital Assess
DefaultGroupName=中小企业数字化水平评测
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#AddBackslash(SourcePath)}..\dist\installer
OutputBaseFilename=sme-assess-setup-{#AppVersion}
SetupIconFile={#AddBackslash(SourcePath)}..\resources\icons\app.ico
UninstallDisplayIcon={app}\{#ExeName}
UninstallDisplayName=中小企业数字化水平评测 SME Digital Level Assessment
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=auto
CloseApplications=yes
RestartApplications=no
#ifdef SIGN
; The sign tool named "smesign" is defined on the iscc command line (/Ssmesign=...), see the header.
SignTool=smesign
SignedUninstaller=yes
#endif

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
chinesesimplified.AppTitle=中小企业数字化水平评测
english.AppTitle=SME Digital Level Assessment
chinesesimplified.CliTitle=中小企业数字化水平评测（命令行）
english.CliTitle=SME Digital Level Assessment (command line)

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the bundle's folder wholesale, so no file of an older version lingers next to the new one.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{cm:AppTitle}"; Filename: "{app}\{#ExeName}"; Comment: "{cm:AppTitle}"
#if FileExists(DistDir + "\sme-assess-cli.exe")
Name: "{group}\{cm:CliTitle}"; Filename: "{cmd}"; Parameters: "/k ""{app}\sme-assess-cli.exe"" --help"; WorkingDir: "{userdocs}"
#endif
Name: "{group}\{cm:UninstallProgram,{cm:AppTitle}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{cm:AppTitle}"; Filename: "{app}\{#ExeName}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#ExeName}"; Description: "{cm:LaunchProgram,{cm:AppTitle}}"; Flags: nowait postinstall skipifsilent
