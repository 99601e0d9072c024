"""The release files the hosted workflow makes, checked here as far as Linux allows: the Inno Setup
script's promises (per user, Start menu, .genai-course, data kept or removed where the app puts it), the
release folder it packs, the reproducible zip and SHA256SUMS, and the frozen file's self-test verdict.
Compiling the installer (iscc) and running it is only possible on the Windows runner."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path, PureWindowsPath

import platformdirs.windows
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "build"))
import frozen_check  # noqa: E402
import pack_release  # noqa: E402
from test_keyring import secret_service  # noqa: E402, F401 - the fixture: a real Secret Service or a skip

from genai_desktop.core.paths import app_paths  # noqa: E402

ISS = ROOT / "build" / "windows" / "genai-desktop.iss"


def iss_sections() -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = ""
    for line in ISS.read_text(encoding="utf-8-sig").splitlines():
        if line.startswith("[") and line.rstrip().endswith("]") and "=" not in line:
            current = line.strip()[1:-1]
            sections[current] = []
        elif line.strip() and not line.lstrip().startswith(";") and current:
            sections[current].append(line)
    return sections


def setup_values() -> dict[str, str]:
    return dict(line.split("=", 1) for line in iss_sections()["Setup"])


def test_the_installer_needs_no_administrator_and_installs_per_user():
    setup = setup_values()
    assert setup["PrivilegesRequired"] == "lowest"
    assert setup["DefaultDirName"].startswith("{autopf}\\")  # %LOCALAPPDATA%\Programs when per user
    assert setup["OutputBaseFilename"] == "GenAI-Desktop-{#AppVersion}-windows-x64-setup"
    assert (ISS.parent / setup["SetupIconFile"].replace("\\", "/")).resolve() == ROOT / "build" / "assets" / "genai-desktop.ico"
    assert re.fullmatch(r"\{\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}", setup["AppId"])


def test_the_installer_adds_a_start_menu_entry_and_opens_course_packages():
    sections = iss_sections()
    assert any(line.startswith('Name: "{autoprograms}\\GenAI Desktop"; Filename: "{app}\\GenAI-Desktop.exe"')
               for line in sections["Icons"])
    assert setup_values()["ChangesAssociations"] == "yes"
    registry = "\n".join(sections["Registry"])
    assert all(line.startswith("Root: HKA;") for line in sections["Registry"])  # the user's own classes
    assert 'Subkey: "Software\\Classes\\.genai-course"; ValueType: string; ValueName: ""; ValueData: "GenAIDesktop.Course"' \
        in registry
    assert 'Subkey: "Software\\Classes\\GenAIDesktop.Course\\shell\\open\\command"; ValueType: string; ValueName: ""; ' \
           'ValueData: """{app}\\GenAI-Desktop.exe"" ""%1"""' in registry  # the file as the app's argument


def test_the_uninstaller_asks_before_removing_the_folder_the_app_uses(monkeypatch):
    code = "\n".join(iss_sections()["Code"])
    removed = re.search(r"ExpandConstant\('\{localappdata\}\\([^']+)'\)", code).group(1)
    monkeypatch.setenv("WIN_PD_OVERRIDE_LOCAL_APPDATA", r"C:\Users\Ana\AppData\Local")
    on_windows = app_paths({}, platformdirs.windows.Windows)
    home = PureWindowsPath(r"C:\Users\Ana\AppData\Local", removed)
    # the folder removed is the one holding settings, history and logs, and nothing above it
    assert {PureWindowsPath(folder) for folder in (on_windows.config_dir, on_windows.data_dir)} == {home}
    assert PureWindowsPath(on_windows.log_dir).parent == home
    assert "usPostUninstall" in code and "UninstallSilent()" in code  # asked; a silent uninstall keeps them
    assert "MB_DEFBUTTON2" in code and "= IDYES then" in code  # "No" is the default answer


def test_every_custom_message_exists_in_german_and_english():
    text = ISS.read_text(encoding="utf-8-sig")
    used = set(re.findall(r"\{cm:(\w+)", text)) | set(re.findall(r"CustomMessage\('(\w+)'\)", text))
    defined = iss_sections()["CustomMessages"]
    built_in = {"CreateDesktopIcon", "AdditionalIcons", "LaunchProgram"}  # Inno Setup's own, translated
    for name in used - built_in:
        assert any(line.startswith(f"en.{name}=") for line in defined), name
        assert any(line.startswith(f"de.{name}=") for line in defined), name


@pytest.fixture(scope="module")
def windows_stage(tmp_path_factory):
    built = tmp_path_factory.mktemp("built") / "GenAI-Desktop.exe"
    built.write_bytes(b"MZ not really an exe")
    return pack_release.stage("windows", built, tmp_path_factory.mktemp("stage") / "GenAI-Desktop-1.0.0-windows-x64")


def test_every_file_the_installer_takes_is_in_the_release_folder(windows_stage):
    sources = [re.match(r'Source: "\{#StageDir\}\\([^"]+)"', line).group(1) for line in iss_sections()["Files"]]
    assert sources
    for source in sources:
        path = windows_stage / source.replace("\\", "/").removesuffix("/*")
        assert path.exists(), source
    assert (windows_stage / "THIRD-PARTY-LICENSES" / "Qt" / "LGPL-3.0.txt").is_file()
    assert {path.name for path in windows_stage.iterdir()} == {
        "GenAI-Desktop.exe", "GUIDE.txt", "ANLEITUNG.txt", "LICENSE.txt", "THIRD-PARTY-LICENSES"}


def test_the_licence_texts_are_there_without_debians_copies():
    """Windows and macOS runners have no /usr/share/common-licenses: the kept copies are the same texts."""
    for name in ("LGPL-3", "GPL-3"):
        kept = ROOT / "build" / "licenses" / name
        debian = Path("/usr/share/common-licenses") / name
        assert kept.is_file()
        if debian.is_file():
            assert kept.read_bytes() == debian.read_bytes()


def test_the_portable_zip_is_reproducible_and_checksummed(windows_stage, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    first = pack_release.write_zip(windows_stage, tmp_path / "a.zip")
    (tmp_path / "out").mkdir()
    second = pack_release.write_zip(windows_stage, tmp_path / "out" / "GenAI-Desktop-1.0.0-windows-x64.zip")
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(second) as archive:
        names = archive.namelist()
        assert "GenAI-Desktop-1.0.0-windows-x64/GenAI-Desktop.exe" in names
        assert "GenAI-Desktop-1.0.0-windows-x64/THIRD-PARTY-LICENSES/Qt/LGPL-3.0.txt" in names
        assert {info.date_time for info in archive.infolist()} == {(2026, 1, 1, 0, 0, 0)}
    pack_release.write_sums(tmp_path / "out")
    checked = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=tmp_path / "out", capture_output=True, text=True)
    assert checked.returncode == 0 and checked.stdout.strip().endswith(": OK")
    second.write_bytes(second.read_bytes() + b"x")  # and the check does notice a changed file
    assert subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=tmp_path / "out", capture_output=True).returncode != 0


GOOD_WINDOWS = """\
qt: ok - windows
keyring: ok - keyring.backends.Windows.WinVaultKeyring
tls: ok - truststore available
history: ok - SQLite 3.45.3 with FTS5 (trigram)
folders: ok - config C:\\Users\\runneradmin\\AppData\\Local\\GenAI Desktop, data ..., logs ...
instance lock: ok - taken once, refused a second time, freed (C:\\Users\\runneradmin\\AppData\\Local\\GenAI Desktop)
documents: ok - pypdf read a PDF in a child process, openpyxl a spreadsheet
self-test: ok
"""


def test_the_frozen_check_accepts_a_good_windows_self_test():
    assert frozen_check.problems_in_self_test(GOOD_WINDOWS, "win32") == []


def test_the_frozen_check_refuses_the_wrong_keyring_a_failed_check_or_a_missing_line():
    wrong = GOOD_WINDOWS.replace("keyring.backends.Windows.WinVaultKeyring", "keyring.backends.fail.Keyring")
    assert any("not keyring.backends.Windows.WinVaultKeyring" in p for p in frozen_check.problems_in_self_test(wrong, "win32"))
    assert frozen_check.problems_in_self_test(GOOD_WINDOWS, "darwin") == [
        "keyring backend is not keyring.backends.macOS.Keyring: ok - keyring.backends.Windows.WinVaultKeyring"]
    failed = GOOD_WINDOWS.replace("folders: ok - config", "folders: FAILED - config")
    assert frozen_check.problems_in_self_test(failed, "win32")[0].startswith("folders: FAILED")
    missing = GOOD_WINDOWS.replace("instance lock: ok", "instance-lock: ok")
    assert "no 'instance lock' line" in frozen_check.problems_in_self_test(missing, "win32")


def test_the_frozen_check_names_every_check_the_self_test_prints_for_it():
    """Its required names are the app's own: a renamed check would make every hosted run fail."""
    source = (ROOT / "genai_desktop" / "core" / "selftest.py").read_text() + (ROOT / "genai_desktop" / "app.py").read_text()
    printed = set(re.findall(r'CheckResult\("([^"]+)"', source)) | {"self-test"}
    assert set(frozen_check.REQUIRED_CHECKS) <= printed


@pytest.mark.parametrize(("guide", "words"), [
    ("GUIDE.txt", ["Start on Windows", "Start on macOS", "Start on Linux", "Windows protected your PC",
                   "More info", "Run anyway", "Privacy & Security", "Open Anyway", "%LOCALAPPDATA%"]),
    ("ANLEITUNG.txt", ["Starten unter Windows", "Starten unter macOS", "Starten unter Linux",
                       "Der Computer wurde durch Windows geschützt", "Weitere Informationen", "Trotzdem ausführen",
                       "Datenschutz & Sicherheit", "Dennoch öffnen", "%LOCALAPPDATA%"]),
])
def test_the_guides_say_how_to_start_an_unsigned_file_on_windows_and_macos(guide, words):
    text = (ROOT / "build" / "release-files" / guide).read_text(encoding="utf-8")
    assert [word for word in words if word not in text] == []
    assert max(len(line) for line in text.splitlines()) <= 100  # read in Notepad and TextEdit as they are


def launcher(folder: Path, script: str) -> Path:
    path = folder / "GenAI-Desktop"
    path.write_text(f"#!/bin/sh\n{script}\n")
    path.chmod(0o755)
    return path


@pytest.fixture
def user_folders(tmp_path, monkeypatch):
    """The check starts the app where a user has it (no GENAI_DESKTOP_HOME): here a throw-away home."""
    for name in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / "user" / name.lower()))
    monkeypatch.setenv("PYTHONPATH", str(ROOT))


def test_the_frozen_check_passes_the_app_itself(tmp_path, user_folders, secret_service):
    """build/frozen_check.py against the real app (from source, as the frozen file runs it): its --version
    and its self-test's output are what the check expects on Linux."""
    app = launcher(tmp_path, f'exec "{sys.executable}" -m genai_desktop "$@"')
    assert frozen_check.main([str(app)]) == 0


def test_the_frozen_check_refuses_a_file_of_another_version(tmp_path, user_folders):
    app = launcher(tmp_path, 'echo "GenAI Desktop 0.0.1"')
    assert frozen_check.main([str(app)]) == 1
