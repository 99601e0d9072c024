"""The release registers the course package file type with the desktop, per user: the desktop entry
names it (MimeType=, Exec with %F), a shared-mime-info package describes it, install.sh puts both in
place in the user's home (no root) and uninstall.sh takes them away again."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from genai_desktop.core.course_content import COURSE_PACKAGE_MIME_TYPE, COURSE_PACKAGE_SUFFIX

ROOT = Path(__file__).resolve().parent.parent
RELEASE_FILES = ROOT / "build" / "release-files"
DESKTOP_ENTRY = RELEASE_FILES / "genai-desktop.desktop"
MIME_PACKAGE = RELEASE_FILES / "genai-desktop-mime.xml"
MIME_NAMESPACE = "{http://www.freedesktop.org/standards/shared-mime-info}"
needs_desktop_file_validate = pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                                                 reason="desktop-file-validate (Debian: desktop-file-utils) is missing")
needs_update_mime_database = pytest.mark.skipif(shutil.which("update-mime-database") is None,
                                                reason="update-mime-database (Debian: shared-mime-info) is missing")


def desktop_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # keys are case-sensitive: MimeType, Exec
    parser.read_string(path.read_text(encoding="utf-8"))
    return parser["Desktop Entry"]


def validation_problems(path: Path) -> list[str]:
    """desktop-file-validate's errors and warnings (its hints are advice, as its manual says)."""
    result = subprocess.run(["desktop-file-validate", str(path)], capture_output=True, text=True)
    lines = (result.stdout + result.stderr).splitlines()
    return [line for line in lines if ": hint:" not in line] + ([f"exit {result.returncode}"] if result.returncode else [])


def test_the_desktop_entry_opens_course_packages_with_the_app():
    entry = desktop_entry(DESKTOP_ENTRY)
    assert COURSE_PACKAGE_MIME_TYPE in entry["MimeType"].split(";")
    assert entry["Exec"].split()[-1] == "%F"  # the double-clicked files are handed to the app, several at once too


@needs_desktop_file_validate
def test_the_desktop_entry_is_valid():
    assert validation_problems(DESKTOP_ENTRY) == []


def test_the_mime_package_describes_the_course_package_type():
    root = ElementTree.parse(MIME_PACKAGE).getroot()
    assert root.tag == f"{MIME_NAMESPACE}mime-info"
    (mime_type,) = root.findall(f"{MIME_NAMESPACE}mime-type")
    assert mime_type.get("type") == COURSE_PACKAGE_MIME_TYPE
    assert [glob.get("pattern") for glob in mime_type.findall(f"{MIME_NAMESPACE}glob")] == [f"*{COURSE_PACKAGE_SUFFIX}"]
    comments = {comment.get("{http://www.w3.org/XML/1998/namespace}lang", ""): comment.text
                for comment in mime_type.findall(f"{MIME_NAMESPACE}comment")}
    assert set(comments) == {"", "de"} and all(comments.values())  # named in English and German


@needs_update_mime_database
def test_the_mime_package_is_read_by_update_mime_database_without_complaint(tmp_path):
    mime = tmp_path / "mime"
    (mime / "packages").mkdir(parents=True)
    shutil.copy(MIME_PACKAGE, mime / "packages" / "genai-desktop.xml")
    result = subprocess.run(["update-mime-database", str(mime)], capture_output=True, text=True,
                            env=dict(os.environ, XDG_DATA_HOME=str(tmp_path)))  # else it notes the folder is unusual
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert f"{COURSE_PACKAGE_MIME_TYPE}:*{COURSE_PACKAGE_SUFFIX}" in (mime / "globs2").read_text()


def mime_type_seen_by_qt(data_home: Path, file_name: str) -> str:
    """The type a freedesktop application (here Qt's QMimeDatabase, in a process of its own so it reads the
    database afresh) gives a file of that name for this user."""
    script = ("import sys; from PySide6.QtCore import QMimeDatabase; "
              "print(QMimeDatabase().mimeTypeForFile(sys.argv[1], QMimeDatabase.MatchExtension).name())")
    env = dict(os.environ, XDG_DATA_HOME=str(data_home), XDG_DATA_DIRS="/usr/local/share:/usr/share")
    result = subprocess.run([sys.executable, "-c", script, file_name], capture_output=True, text=True, env=env,
                            check=True)
    return result.stdout.strip()


def release_folder(tmp_path: Path) -> Path:
    """What the release archive holds for install.sh (build/release.sh packs the same files)."""
    release = tmp_path / "release"
    release.mkdir()
    for name in ("install.sh", "uninstall.sh", "genai-desktop.desktop", "genai-desktop-mime.xml"):
        shutil.copy(RELEASE_FILES / name, release / name)
    shutil.copy(ROOT / "build" / "assets" / "png" / "genai-desktop-256.png", release / "genai-desktop.png")
    shutil.copy(ROOT / "build" / "assets" / "genai-desktop.svg", release / "genai-desktop.svg")
    # The frozen executable is the lead's to build (tests/test_frozen.py starts it); install.sh only copies it.
    (release / "GenAI-Desktop").write_text("#!/bin/sh\necho GenAI Desktop\n")
    (release / "GenAI-Desktop").chmod(0o755)
    return release


def test_install_registers_the_course_package_type_for_the_user_and_uninstall_removes_it(tmp_path):
    release = release_folder(tmp_path)
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}  # no XDG_*
    data = home / ".local" / "share"
    assert mime_type_seen_by_qt(data, f"Kurs{COURSE_PACKAGE_SUFFIX}") != COURSE_PACKAGE_MIME_TYPE  # not before

    subprocess.run(["sh", str(release / "install.sh")], env=env, check=True, capture_output=True)
    installed = home / ".local" / "bin" / "genai-desktop"
    entry_file = data / "applications" / "genai-desktop.desktop"
    entry = desktop_entry(entry_file)
    assert entry["Exec"] == f'"{installed}" %F'
    assert COURSE_PACKAGE_MIME_TYPE in entry["MimeType"].split(";")
    assert (data / "mime" / "packages" / "genai-desktop.xml").read_bytes() == MIME_PACKAGE.read_bytes()
    assert mime_type_seen_by_qt(data, f"Kurs{COURSE_PACKAGE_SUFFIX}") == COURSE_PACKAGE_MIME_TYPE
    assert mime_type_seen_by_qt(data, "KURS.GENAI-COURSE") == COURSE_PACKAGE_MIME_TYPE  # as a file manager sees it
    if shutil.which("update-mime-database"):
        assert f"{COURSE_PACKAGE_MIME_TYPE}:*{COURSE_PACKAGE_SUFFIX}" in (data / "mime" / "globs2").read_text()
    if shutil.which("update-desktop-database"):  # the app is the type's handler in the user's applications
        cache = (data / "applications" / "mimeinfo.cache").read_text()
        assert f"{COURSE_PACKAGE_MIME_TYPE}=genai-desktop.desktop;" in cache.splitlines()
    if shutil.which("desktop-file-validate"):
        assert validation_problems(entry_file) == []
    assert not any(path.stat().st_uid != os.getuid() for path in home.rglob("*"))  # the user's own, no root

    subprocess.run(["sh", str(release / "uninstall.sh")], env=env, check=True, capture_output=True)
    assert not entry_file.exists() and not (data / "mime" / "packages" / "genai-desktop.xml").exists()
    assert mime_type_seen_by_qt(data, f"Kurs{COURSE_PACKAGE_SUFFIX}") != COURSE_PACKAGE_MIME_TYPE
