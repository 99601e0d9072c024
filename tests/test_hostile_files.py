"""Issue 9, points 10-13: hostile values and files in the app's folders.

Bad settings and history rows never keep the window from opening; an import is capped, stored off
the GUI thread and never fails silently; links in the app's folders are never followed; every file
the app makes is user-only from the moment it exists.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from conftest import TEST_KEY, write_settings
from genai_desktop.core import transfer
from genai_desktop.core.history import HistoryStore
from genai_desktop.core.history_schema import SCHEMA_VERSION
from genai_desktop.core.instance import LOCK_NAME, RAISE_REQUEST_NAME, acquire_instance_lock, request_raise
from genai_desktop.core.logsetup import setup_logging
from genai_desktop.core.paths import app_paths
from genai_desktop.core.records import HistoryProblem
from old_history import write_old_history

REPO = Path(__file__).resolve().parent.parent
posix_only = pytest.mark.skipif(os.name == "nt", reason="symbolic links and modes as on Linux and macOS")


def open_window(qtbot, app_home, api_server):
    """The real window, with the settings file exactly as the test left it (make_window rewrites it)."""
    from genai_desktop.app import build_main_window

    window = build_main_window(environ={"GENAI_DESKTOP_HOME": str(app_home), "OPENAI_API_KEY": TEST_KEY})
    qtbot.addWidget(window)
    window.show()
    return window


def visible_box(window) -> QMessageBox:
    return next(box for box in window.findChildren(QMessageBox) if box.isVisible())


# --- point 10: values the app cannot use ------------------------------------------------------------


def test_setting_values_the_app_cannot_use_are_replaced_and_the_window_opens(make_window):
    window = make_window(open_conversation=2**63, font_point_size=1e6, window_geometry="Ünicode",
                         sidebar_state="\u00e4", system_prompt="half an emoji \ud83d", language="klingon")
    assert window.isVisible()
    stored = window.controller.settings.current.stored
    assert (stored.open_conversation, stored.font_point_size, stored.window_geometry, stored.sidebar_state,
            stored.system_prompt, stored.language) == (0, 0.0, "", "", "", "")
    window.controller.settings.save(stored)  # and what is kept can be written again


def test_a_deeply_nested_settings_file_is_moved_aside_and_the_window_opens(qtbot, app_home, api_server):
    settings = app_home / "config" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text("[" * 100_000)
    window = open_window(qtbot, app_home, api_server)
    asides = list(settings.parent.glob("settings.json.*"))
    assert len(asides) == 1 and asides[0].read_text() == "[" * 100_000 and not settings.exists()
    qtbot.waitUntil(lambda: "could not be read" in window.statusBar().currentMessage())
    assert str(asides[0]) in window.statusBar().currentMessage()
    window.close()


def test_a_damaged_settings_file_is_reported_on_a_real_start_through_main(tmp_path):
    """Rough edge 2.3: main() read the settings first (moving a damaged file aside) and threw away where
    the file went; the window, reading them again, found nothing to say. Started here as a user starts it."""
    home = tmp_path / "home"
    settings = home / "config" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text('{"base_url": "https://api.openai.com/v1", "model": ')  # cut off mid-write
    code = ("import sys\nfrom PySide6.QtCore import QTimer\nfrom PySide6.QtWidgets import QApplication\n"
            "from genai_desktop.app import main\napp = QApplication(sys.argv[:1])\n"
            "def report(tries=[0]):\n"
            "    window = next((w for w in app.topLevelWidgets() if w.objectName() == 'mainWindow'), None)\n"
            "    message = window.statusBar().currentMessage() if window is not None else ''\n"
            "    tries[0] += 1\n"
            "    if 'could not be read' in message or tries[0] > 50:\n"
            "        print('STATUS', message, flush=True); window.close()\n"
            "    else:\n"
            "        QTimer.singleShot(100, report)\n"
            "QTimer.singleShot(100, report)\nsys.exit(main([]))\n")
    env = dict(os.environ, GENAI_DESKTOP_HOME=str(home), QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO),
               LANGUAGE="en")
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60,
                            stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr[-2000:]
    asides = list(settings.parent.glob("settings.json.*"))
    assert len(asides) == 1 and asides[0].read_text().endswith('"model": ')  # (closing wrote a new one)
    status = next(line for line in result.stdout.splitlines() if line.startswith("STATUS"))
    assert "The settings file could not be read and was moved to" in status and str(asides[0]) in status


@posix_only
@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_settings_file_that_is_no_regular_file_never_blocks_and_is_moved_aside(tmp_path, kind):
    from genai_desktop.core.config_file import load_settings

    settings = tmp_path / "settings.json"
    if kind == "fifo":
        os.mkfifo(settings)  # open() for reading blocks until someone writes: every start would hang
    else:
        settings.symlink_to("/dev/zero")  # endless: never to be read
    loaded = []
    reader = threading.Thread(target=lambda: loaded.append(load_settings(settings)), daemon=True)
    reader.start()
    reader.join(5)
    try:
        assert loaded, "reading the settings blocked"
        aside = loaded[0].moved_aside
        assert aside is not None and not settings.exists() and not settings.is_symlink()
        assert stat.S_ISFIFO(aside.lstat().st_mode) if kind == "fifo" else aside.is_symlink()
    finally:
        if reader.is_alive():  # let the blocked open() return, so no thread is left hanging
            os.close(os.open(settings, os.O_WRONLY | os.O_NONBLOCK))
            reader.join(5)


def test_history_rows_the_app_cannot_use_are_replaced_and_the_window_opens(qtbot, make_window, app_home):
    make_window().close()  # the first start makes the history's schema
    db = sqlite3.connect(app_home / "data" / "history.sqlite3")
    db.execute("INSERT INTO conversations(id, title, created, updated, draft) VALUES (7, ?, 1e300, 'later', ?)",
               (b"Titel als BLOB", 12))
    db.execute("INSERT INTO messages(conversation_id, role, content, state, created) VALUES (7, 'user', ?, 'done', 1)",
               (b"Frage als BLOB",),)
    db.execute("INSERT INTO messages(conversation_id, role, content, state, model, prompt_tokens, completion_tokens, "
               "created) VALUES (7, 'assistant', 'Die Antwort.', 'bogus', 4.5, ?, ?, 'yesterday')",
               (2**63 - 1, 2**63 - 1))
    db.commit()
    db.close()
    window = make_window(open_conversation=7)
    assert window.controller.session.conversation_id == 7
    text = window.transcriptView.toPlainText()
    assert "Frage als BLOB" in text and "Die Antwort." in text
    assert "922" not in window.usageLabel.text()  # absurd counts are not shown (nor summed into an overflow)
    assert window.controller.library.conversation(7).title == "Titel als BLOB"


# --- point 11: imports ----------------------------------------------------------------------------------


def test_an_import_with_lone_surrogates_is_imported_and_the_status_bar_says_so(qtbot, make_window, tmp_path):
    window = make_window()
    export = tmp_path / "export.json"
    export.write_text('{"format": "genai-desktop", "version": 1, "conversations": [{"title": "Halb \\ud83d", '
                      '"messages": [{"role": "user", "content": "Emoji \\ude00 abgeschnitten"}]}]}')
    window.choose_open_path = lambda title, file_filter: export
    window.importAction.trigger()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "Imported 1 chat.")
    chat = window.controller.library.conversations()[0]
    assert chat.title == "Halb \ufffd"
    assert [m.content for m in window.controller.guard.history.messages(chat.id)] == ["Emoji \ufffd abgeschnitten"]


def test_an_import_larger_than_the_cap_is_refused_with_a_message_naming_it(qtbot, make_window, tmp_path):
    window = make_window()
    huge = tmp_path / "conversations.json"
    with open(huge, "wb") as handle:  # sparse: no disk space used
        handle.truncate(transfer.IMPORT_SIZE_LIMIT + 1)
    window.choose_open_path = lambda title, file_filter: huge
    window.importAction.trigger()
    qtbot.waitUntil(lambda: any(box.isVisible() for box in window.findChildren(QMessageBox)))
    box = visible_box(window)
    assert "too large" in box.text() and "200 MB" in box.text()
    box.close()
    assert window.statusBar().currentMessage() != "Importing…"


def test_an_import_is_stored_off_the_gui_thread(qtbot, make_window, tmp_path, monkeypatch):
    """Storing 100 MB takes about 5 s (tests/bench/bench_import.py): never on the GUI thread."""
    window = make_window()
    threads = []
    original = HistoryStore.import_conversations

    def recording(store, conversations, *arguments):
        threads.append(threading.current_thread())
        return original(store, conversations, *arguments)

    monkeypatch.setattr(HistoryStore, "import_conversations", recording)
    window.choose_open_path = lambda title, file_filter: REPO / "tests" / "data" / "chatgpt_conversations.json"
    window.importAction.trigger()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Imported"))
    assert threads and threading.main_thread() not in threads
    assert window.controller.library.conversations()  # and the window's own connection sees them at once


def test_an_import_that_cannot_be_parsed_for_its_depth_is_a_problem_not_a_crash():
    with pytest.raises(transfer.ImportProblem):
        transfer.parse_import(b"[" * 100_000)
    with pytest.raises(transfer.ImportProblem):
        transfer.parse_import(b'{"format": "genai-desktop", "n": ' + b"9" * 5000 + b"}")  # too many digits


# --- point 12: links in the app's folders -------------------------------------------------------------------


@posix_only
def test_a_linked_app_folder_is_refused_and_its_target_left_alone(tmp_path):
    elsewhere = tmp_path / "someone-elses"
    elsewhere.mkdir(mode=0o755)
    elsewhere.chmod(0o755)
    home = tmp_path / "home"
    home.mkdir()
    (home / "data").symlink_to(elsewhere)
    with pytest.raises(Exception) as raised:
        app_paths({"GENAI_DESKTOP_HOME": str(home)}).ensure()
    assert stat.S_IMODE(elsewhere.stat().st_mode) == 0o755 and not list(elsewhere.iterdir())
    from genai_desktop.core.paths import LinkedFolder

    assert isinstance(raised.value, LinkedFolder) and raised.value.folder == home / "data"


@posix_only
def test_the_app_does_not_start_with_a_linked_folder_and_says_why(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    home = tmp_path / "home"
    home.mkdir()
    (home / "config").symlink_to(elsewhere)
    environment = {**os.environ, "GENAI_DESKTOP_HOME": str(home)}
    done = subprocess.run([sys.executable, "-m", "genai_desktop", "--self-test"], cwd=REPO, env=environment,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert f"its folder {home / 'config'} is a symbolic link" in done.stderr
    assert not list(elsewhere.iterdir())


@posix_only
def test_the_window_start_shows_why_it_does_not_start(qtbot, tmp_path, monkeypatch):
    from PySide6.QtCore import Qt, QTimer

    from genai_desktop import app as application

    home = tmp_path / "<b>home<img src='x.png'>"  # a folder's name is anyone's text
    home.mkdir()
    (home / "logs").symlink_to(tmp_path)
    monkeypatch.setenv("GENAI_DESKTOP_HOME", str(home))
    shown, formats, tries = [], [], []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if box is None:
            tries.append(1)
            if len(tries) > 100:  # no message within 5 s: the app started its window instead
                QApplication.quit()
            else:
                QTimer.singleShot(50, answer)
            return
        shown.append(box.text())
        formats.append(box.textFormat())
        box.done(0)

    QTimer.singleShot(50, answer)
    assert application.main([]) == 1
    assert shown and str(home / "logs") in shown[0] and "link" in shown[0]
    assert formats == [Qt.PlainText]  # the folder's name is shown as written, never as markup


@posix_only
def test_a_raise_request_link_is_not_followed(tmp_path):
    victim = tmp_path / "precious.txt"
    victim.write_text("precious")
    data = tmp_path / "data"
    data.mkdir()
    (data / RAISE_REQUEST_NAME).symlink_to(victim)
    assert request_raise(data, timeout=0.1) is False  # nobody answers here
    assert victim.read_text() == "precious"


@posix_only
def test_a_dangling_lock_link_does_not_create_its_target(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / LOCK_NAME).symlink_to(tmp_path / "created-through-the-link")
    lock = acquire_instance_lock(data)
    assert lock is not None
    lock.release()
    assert not (tmp_path / "created-through-the-link").exists()
    assert not (data / LOCK_NAME).is_symlink()


@posix_only
def test_log_lines_never_go_through_a_link(tmp_path, capfd):
    victim = tmp_path / "victim.txt"
    victim.write_text("")
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "genai-desktop.log").symlink_to(victim)
    try:
        setup_logging(logs / "genai-desktop.log")
        logging.getLogger("test").warning("a line for the log")
    finally:
        setup_logging(tmp_path / "other-logs" / "genai-desktop.log")  # the test's own log, not the link
    assert victim.read_text() == ""
    assert "no log file" in capfd.readouterr().err


@posix_only
def test_a_dangling_history_link_does_not_create_its_target_and_the_window_says_so(qtbot, make_window, app_home,
                                                                                    tmp_path):
    target = tmp_path / "elsewhere" / "history.sqlite3"
    target.parent.mkdir()
    data = app_home / "data"
    data.mkdir(parents=True)
    (data / "history.sqlite3").symlink_to(target)
    window = make_window()
    assert not target.exists()
    assert window.controller.guard.problem.problem is HistoryProblem.LINKED
    assert window.errorBanner.isVisible() and "link" in window.errorBanner.titleLabel.text()


def version_1_history(path: Path) -> None:
    db = write_old_history(path, 1)
    db.execute("INSERT INTO conversations(title, created, updated) VALUES ('old chat', 1, 1)")
    db.commit()
    db.close()


@posix_only
@pytest.mark.parametrize("victim_kind", ["no database", "another database"])
def test_the_migration_backup_never_writes_through_a_link(tmp_path, victim_kind):
    victim = tmp_path / "victim"
    if victim_kind == "no database":
        victim.write_text("a text file of the user's")
    else:
        other = sqlite3.connect(victim)
        other.execute("CREATE TABLE precious(x)")
        other.commit()
        other.close()
    before = victim.read_bytes()
    data = tmp_path / "data"
    data.mkdir()
    history = data / "history.sqlite3"
    version_1_history(history)
    (data / f"history.sqlite3.before-v{SCHEMA_VERSION}").symlink_to(victim)
    store = HistoryStore.open(history)
    try:
        assert store.moved_aside is None  # the intact history is not called damaged
        assert [c.title for c in store.conversations()] == ["old chat"]
    finally:
        store.close()
    assert victim.read_bytes() == before
    backup = data / f"history.sqlite3.before-v{SCHEMA_VERSION}"
    assert not backup.is_symlink() and stat.S_IMODE(backup.stat().st_mode) == 0o600
    copy = sqlite3.connect(backup)
    assert copy.execute("SELECT title FROM conversations").fetchall() == [("old chat",)]
    copy.close()


# --- point 13: files user-only from the moment they exist ----------------------------------------------------


@posix_only
def test_the_log_file_made_by_a_rotation_is_user_only(tmp_path):
    previous = os.umask(0o022)
    try:
        log_file = tmp_path / "logs" / "genai-desktop.log"
        setup_logging(log_file)
        for number in range(12_000):  # about 1.2 MB: one rotation
            logging.getLogger("test").warning("line %d %s", number, "x" * 80)
    finally:
        os.umask(previous)
        setup_logging(tmp_path / "other-logs" / "genai-desktop.log")
    files = sorted(log_file.parent.iterdir())
    assert [path.name for path in files] == ["genai-desktop.log", "genai-desktop.log.1"]
    assert {stat.S_IMODE(path.stat().st_mode) for path in files} == {0o600}
