; Inno Setup script: a per-user installer for GenAI Desktop (no administrator rights).
;
;   iscc /DAppVersion=1.2.3 /DStageDir=C:\path\to\stage /DOutputDir=C:\path\to\out build\windows\genai-desktop.iss
;
; Run by .github/workflows/build.yml on the hosted Windows runner (Inno Setup 6 is installed there).
; Installs into %LOCALAPPDATA%\Programs\GenAI Desktop, adds a Start-menu entry, opens .genai-course files
; with the app, and asks on uninstall whether the settings and chat history are removed too.
; tests/test_windows_installer.py checks these promises in this text.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=x.y.z
#endif
#ifndef StageDir
  #error Pass the folder with GenAI-Desktop.exe, the guides and the licences: /DStageDir=...
#endif
#ifndef OutputDir
  #define OutputDir "."
#endif

[Setup]
; a fixed id: a newer installer updates the installed copy instead of installing a second one
AppId={{6F2C7B0E-3D5A-4B8E-9C1F-2A7D4E6B8C10}
AppName=GenAI Desktop
AppVersion={#AppVersion}
AppVerName=GenAI Desktop {#AppVersion}
AppPublisher=GenAI Desktop
VersionInfoVersion={#AppVersion}.0
; per user: no UAC prompt; {autopf} is then %LOCALAPPDATA%\Programs
PrivilegesRequired=lowest
DefaultDirName={autopf}\GenAI Desktop
DefaultGroupName=GenAI Desktop
DisableProgramGroupPage=yes
UninstallDisplayName=GenAI Desktop
UninstallDisplayIcon={app}\GenAI-Desktop.exe
ChangesAssociations=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#OutputDir}
OutputBaseFilename=GenAI-Desktop-{#AppVersion}-windows-x64-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; the app's icon on the installer too (relative to this script's folder)
SetupIconFile=..\assets\genai-desktop.ico
; the app is one file; a running copy would hold it open
CloseApplications=yes

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "de"; MessagesFile: "compiler:Languages\German.isl"

[CustomMessages]
en.RemoveUserData=Also remove your GenAI Desktop settings and chat history from this computer?%n%nChoose No to keep them for a later installation. API keys stay in the Windows Credential Manager either way (entries named "GenAI Desktop").
de.RemoveUserData=Auch Ihre Einstellungen und Ihren Chatverlauf von GenAI Desktop von diesem Computer entfernen?%n%nWählen Sie Nein, um sie für eine spätere Installation zu behalten. API-Schlüssel bleiben in beiden Fällen in der Windows-Anmeldeinformationsverwaltung (Einträge „GenAI Desktop“).
en.CourseFileType=GenAI Desktop course package
de.CourseFileType=GenAI Desktop-Kurspaket

[Files]
Source: "{#StageDir}\GenAI-Desktop.exe"; DestDir: "{app}"; Flags: ignoreversion
Source: "{#StageDir}\GUIDE.txt"; DestDir: "{app}"; Flags: ignoreversion
Source: "{#StageDir}\ANLEITUNG.txt"; DestDir: "{app}"; Flags: ignoreversion
Source: "{#StageDir}\LICENSE.txt"; DestDir: "{app}"; Flags: ignoreversion
Source: "{#StageDir}\THIRD-PARTY-LICENSES\*"; DestDir: "{app}\THIRD-PARTY-LICENSES"; Flags: ignoreversion recursesubdirs

[Icons]
Name: "{autoprograms}\GenAI Desktop"; Filename: "{app}\GenAI-Desktop.exe"; WorkingDir: "{app}"
Name: "{autodesktop}\GenAI Desktop"; Filename: "{app}\GenAI-Desktop.exe"; WorkingDir: "{app}"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Registry]
; .genai-course opens with the app (HKA is the user's own classes for a per-user install)
Root: HKA; Subkey: "Software\Classes\.genai-course"; ValueType: string; ValueName: ""; ValueData: "GenAIDesktop.Course"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.genai-course"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-genai-course"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\GenAIDesktop.Course"; ValueType: string; ValueName: ""; ValueData: "{cm:CourseFileType}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\GenAIDesktop.Course\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\GenAI-Desktop.exe,0"
Root: HKA; Subkey: "Software\Classes\GenAIDesktop.Course\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\GenAI-Desktop.exe"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\GenAI-Desktop.exe\SupportedTypes"; ValueType: string; ValueName: ".genai-course"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\GenAI-Desktop.exe"; Description: "{cm:LaunchProgram,GenAI Desktop}"; Flags: nowait postinstall skipifsilent

[Code]
{ The app keeps settings, history and logs in %LOCALAPPDATA%\GenAI Desktop (platformdirs, not roaming;
  its self-test checks that). Removed only when the user says so; a silent uninstall keeps them. }
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
begin
  if CurUninstallStep = usPostUninstall then
  begin
    DataDir := ExpandConstant('{localappdata}\GenAI Desktop');
    if DirExists(DataDir) and not UninstallSilent() then
      if SuppressibleMsgBox(CustomMessage('RemoveUserData'), mbConfirmation, MB_YESNO or MB_DEFBUTTON2, IDNO) = IDYES then
        DelTree(DataDir, True, True, True);
  end;
end;
