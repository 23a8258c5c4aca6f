; Inno Setup script for OfficeBill on Windows (Inno Setup 6.3 or newer: `x64compatible` below).
;
; Build the one-folder bundle first (installer\README.md), then:
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" installer\officebill.iss
; The setup program lands in dist\OfficeBill-<version>-setup.exe.
;
; Per-user install without administrator rights, into %LOCALAPPDATA%\Programs\OfficeBill.
; The office data (%LOCALAPPDATA%\OfficeBill: office.db, codes.db, backups\) is never part of
; the installation, so uninstalling leaves it in place; the uninstaller says where it is.

#if VER < EncodeVer(6, 3, 0)
  #error OfficeBill's installer needs Inno Setup 6.3 or newer (ArchitecturesAllowed=x64compatible)
#endif

#define AppName "OfficeBill"
#define AppExe "officebill.exe"
#define SourceDir "..\dist\OfficeBill"
; The version is the one the bundle's executable carries in its version resource (written by
; officebill.spec from officebill.__version__), so the setup program cannot disagree with the program.
#define AppVersion GetStringFileInfo(AddBackslash(SourcePath) + SourceDir + "\" + AppExe, "ProductVersion")
#if AppVersion == ""
  #error No version resource in dist\OfficeBill\officebill.exe: build the bundle first (installer\README.md)
#endif

[Setup]
; A fixed AppId ties upgrades and the uninstaller to the same entry; never change it.
AppId={{6F0B1E52-3C1A-4D59-9E0F-0FB11C500001}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
AppComments=Billing for small US physician offices: visits, code search, CMS-1500 claims.
VersionInfoVersion={#AppVersion}
; Qt 6.8 and newer need Windows 10 1809 (build 17763) or later.
MinVersion=10.0.17763
LicenseFile=..\LICENSE
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
; Never close a running OfficeBill from here: Windows' Restart Manager ends it without its
; unsaved-changes question or its close-time backup. The [Code] below refuses to go on until the
; person has closed it themselves.
CloseApplications=no
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Messages]
; The one question on uninstall (Windows asks no other): it says what stays.
ConfirmUninstall=Remove the %1 program?%n%nYour office data and backups are NOT removed: they stay in your OfficeBill data folder (AppData\Local\OfficeBill in your user folder, or the folder OFFICEBILL_HOME names), and reinstalling opens them again.%n%nTo remove them, delete that folder yourself after copying anything you must keep (billing records have retention rules).

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
; The self-test runs in a console that stays open (cmd /k) so its report can be read; the report is also
; written to %TEMP%\officebill-self-test.txt.
Name: "{userprograms}\{#AppName} self-test"; Filename: "{cmd}"; Parameters: "/k """"{app}\officebill-cli.exe"" --self-test --output ""%TEMP%\officebill-self-test.txt"""""; WorkingDir: "{app}"; Comment: "Check that OfficeBill works on this PC (uses a throwaway office)"
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

// True while an OfficeBill of this user runs (tasklist, filtered by program and user name).
function OfficeBillRunning(): Boolean;
var
  Listing: String;
  Lines: AnsiString;
  Code: Integer;
begin
  Result := False;
  Listing := ExpandConstant('{tmp}\officebill-tasks.txt');
  if Exec(ExpandConstant('{cmd}'), '/c tasklist /NH /FO CSV /FI "IMAGENAME eq {#AppExe}" /FI "USERNAME eq ' +
          GetUserNameString() + '" > "' + Listing + '"', '', SW_HIDE, ewWaitUntilTerminated, Code) and
     LoadStringFromFile(Listing, Lines) then
    Result := Pos(Lowercase('"{#AppExe}"'), Lowercase(String(Lines))) > 0;
end;

// Wait, with the person, until OfficeBill is closed; False when they give up.
function WaitForOfficeBillClosed(const Doing: String): Boolean;
begin
  Result := True;
  while OfficeBillRunning() do
    if MsgBox('OfficeBill is open. Close it first: it asks about any unsaved visit and backs up the office ' +
              'as it closes.' + #13#10#13#10 + 'Then click Retry to ' + Doing + '.',
              mbError, MB_RETRYCANCEL) = IDCANCEL then
    begin
      Result := False;
      Exit;
    end;
end;

// An upgrade over a running OfficeBill (with an unsaved visit) would replace its files under it.
function PrepareToInstall(var NeedsRestart: Boolean): String;
begin
  Result := '';
  if not WaitForOfficeBillClosed('install') then
    Result := 'OfficeBill is still open. Close it, then run this setup again.';
end;

function InitializeUninstall(): Boolean;
begin
  Result := UninstallSilent() or WaitForOfficeBillClosed('remove the program');
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent() and DirExists(DataDir()) then
    MsgBox('OfficeBill has been removed. Your office data and backups were kept in:' + #13#10 +
      '    ' + DataDir(), mbInformation, MB_OK);
end;
