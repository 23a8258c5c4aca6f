; Inno Setup script for OfficeBill on Windows (Inno Setup 6.2 or newer).
;
; Build the one-folder bundle first (installer\README.md), then:
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 installer\officebill.iss
; The setup program lands in dist\OfficeBill-<version>-setup.exe.
;
; Per-user install without administrator rights, into %LOCALAPPDATA%\Programs\OfficeBill.
; The office data (%LOCALAPPDATA%\OfficeBill: office.db, codes.db, backups\) is never part of
; the installation, so uninstalling leaves it in place; the uninstaller says where it is.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "OfficeBill"
#define AppExe "officebill.exe"
#define SourceDir "..\dist\OfficeBill"

[Setup]
; A fixed AppId ties upgrades and the uninstaller to the same entry; never change it.
AppId={{6F0B1E52-3C1A-4D59-9E0F-0FB11C500001}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
AppComments=Billing for small US physician offices: visits, code search, CMS-1500 claims.
VersionInfoVersion={#AppVersion}
PrivilegesRequired=lowest
DefaultDirName={localappdata}\Programs\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
OutputDir=..\dist
OutputBaseFilename={#AppName}-{#AppVersion}-setup
SetupIconFile=..\resources\officebill.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Stop a running OfficeBill before files are replaced (it makes its backup on close).
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
; The whole PyInstaller folder: officebill.exe (window), officebill-cli.exe (console), _internal\.
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the bundle completely, so files dropped from a newer bundle do not linger.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{userprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Comment: "Medical office billing"
Name: "{userprograms}\{#AppName} self-test"; Filename: "{app}\officebill-cli.exe"; Parameters: "--self-test"; WorkingDir: "{app}"; Comment: "Check that OfficeBill works on this PC (uses a throwaway office)"
Name: "{userdesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the installation itself put in {app}; the data folder is elsewhere and stays.
Type: filesandordirs; Name: "{app}\_internal"

[Code]
function DataDir(): String;
begin
  Result := ExpandConstant('{localappdata}\OfficeBill');
end;

function InitializeUninstall(): Boolean;
begin
  Result := True;
  if not UninstallSilent() then
    Result := MsgBox('This removes the OfficeBill program.' + #13#10#13#10 +
      'Your office data and backups are NOT removed. They stay in:' + #13#10 +
      '    ' + DataDir() + #13#10 +
      '(office.db, codes.db and the backups folder; or the folder OFFICEBILL_HOME names).' + #13#10#13#10 +
      'Reinstalling OfficeBill opens them again. To remove them, delete that folder yourself ' +
      'after copying anything you must keep (billing records have retention rules).' + #13#10#13#10 +
      'Continue uninstalling?', mbConfirmation, MB_YESNO) = IDYES;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent() and DirExists(DataDir()) then
    MsgBox('OfficeBill has been removed. Your office data and backups were kept in:' + #13#10 +
      '    ' + DataDir(), mbInformation, MB_OK);
end;
