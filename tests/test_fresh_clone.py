"""What a new user gets from a fresh clone: `bash build/run-app.sh`, and the package built from it
and installed, show the app in the system's language."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SHOW_MENUS = """
import sys
from PySide6.QtWidgets import QApplication
app = QApplication([sys.argv[0]])
from genai_desktop.app import build_main_window
window = build_main_window()
print("|".join(action.text() for action in window.menuBar().actions()))
print(window.sendButton.text())
window.close()
"""


def fresh_clone(tmp_path: Path) -> Path:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    # The clone is checked out from the last commit: the working tree's uncommitted sources are
    # copied over it, so the test checks the code under test, not the code before it.
    for name in subprocess.run(["git", "ls-files", "-m", "-o", "--exclude-standard"], cwd=ROOT, check=True,
                               capture_output=True, text=True).stdout.split():
        source = ROOT / name
        if source.is_file():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            (clone / name).write_bytes(source.read_bytes())
    assert not list(clone.rglob("*.qm")), "a fresh clone has no compiled catalogue"
    return clone


def german_environment(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "GENAI_DESKTOP_HOME": str(tmp_path / "home"), "LANG": "de_DE.UTF-8",
            "LC_ALL": "de_DE.UTF-8", "LANGUAGE": "de", "QT_QPA_PLATFORM": "offscreen"}


def test_start_from_a_fresh_clone_shows_german_on_a_german_system(tmp_path):
    clone = fresh_clone(tmp_path)
    env = german_environment(tmp_path)
    (clone / ".venv").symlink_to(sys.prefix)  # the packages are installed
    started = subprocess.run(["bash", "build/run-app.sh", "--version"], cwd=clone, env=env, capture_output=True,
                             text=True, timeout=600, stdin=subprocess.DEVNULL)
    assert started.returncode == 0, started.stdout + started.stderr
    shown = subprocess.run([str(clone / ".venv" / "bin" / "python"), "-c", SHOW_MENUS], cwd=clone, env=env,
                           capture_output=True, text=True, timeout=120)
    assert shown.returncode == 0, shown.stderr
    menus, send = shown.stdout.splitlines()[-2:]
    assert "&Datei" in menus.split("|") and send == "Senden", shown.stdout


def test_the_package_built_from_a_fresh_clone_shows_german_when_installed(tmp_path):
    clone = fresh_clone(tmp_path)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                    "-w", str(tmp_path / "wheels"), str(clone)], check=True, capture_output=True, timeout=300)
    [wheel] = (tmp_path / "wheels").glob("genai_desktop-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = archive.read(next(name for name in names if name.endswith("entry_points.txt"))).decode()
    assert "genai_desktop/resources/translations/genai_desktop_de.qm" in names
    assert {"genai_desktop/resources/icons/send.svg", "genai_desktop/resources/genai-desktop.svg"} <= names
    assert "genai-desktop = genai_desktop.app:main" in entry_points
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(wheel)],
                   check=True, capture_output=True, timeout=300)
    env = {**german_environment(tmp_path), "PYTHONPATH": str(site)}
    shown = subprocess.run([sys.executable, "-c", SHOW_MENUS + "import genai_desktop; print(genai_desktop.__file__)"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert shown.returncode == 0, shown.stderr
    menus, send, package = shown.stdout.splitlines()[-3:]
    assert Path(package).is_relative_to(site), package  # the installed copy, not the source tree
    assert "&Datei" in menus.split("|") and send == "Senden", shown.stdout
