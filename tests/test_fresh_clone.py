"""What a new user gets from a fresh clone: `bash build/run-app.sh` shows the app in the system's language."""

from __future__ import annotations

import os
import subprocess
import sys
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


def test_start_from_a_fresh_clone_shows_german_on_a_german_system(tmp_path):
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
    (clone / ".venv").symlink_to(sys.prefix)  # the packages are installed
    env = {**os.environ, "GENAI_DESKTOP_HOME": str(tmp_path / "home"), "LANG": "de_DE.UTF-8",
           "LC_ALL": "de_DE.UTF-8", "LANGUAGE": "de", "QT_QPA_PLATFORM": "offscreen"}
    started = subprocess.run(["bash", "build/run-app.sh", "--version"], cwd=clone, env=env, capture_output=True,
                             text=True, timeout=600, stdin=subprocess.DEVNULL)
    assert started.returncode == 0, started.stdout + started.stderr
    shown = subprocess.run([str(clone / ".venv" / "bin" / "python"), "-c", SHOW_MENUS], cwd=clone, env=env,
                           capture_output=True, text=True, timeout=120)
    assert shown.returncode == 0, shown.stderr
    menus, send = shown.stdout.splitlines()[-2:]
    assert "&Datei" in menus.split("|") and send == "Senden", shown.stdout
