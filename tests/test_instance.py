"""One app per user: a second start brings the open window to the front and never opens the history."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from genai_desktop.core.instance import (FILES_PER_REQUEST, RAISE_REQUEST_NAME, REQUEST_BYTES, RaiseRequest,
                                         acquire_instance_lock, request_raise, take_raise_request)
from genai_desktop.ui.main_window import MainWindow

REPO = Path(__file__).resolve().parent.parent


def test_the_lock_is_held_once_and_freed_by_release(tmp_path):
    first = acquire_instance_lock(tmp_path)
    assert first is not None
    assert acquire_instance_lock(tmp_path) is None
    first.release()
    again = acquire_instance_lock(tmp_path)
    assert again is not None
    again.release()


def test_a_killed_instance_leaves_no_stale_lock(tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path; "
         "from genai_desktop.core.instance import acquire_instance_lock as a; "
         "lock = a(Path(sys.argv[1])); print('held' if lock else 'busy', flush=True); time.sleep(60)", str(tmp_path)],
        cwd=REPO, stdout=subprocess.PIPE, text=True, env=dict(os.environ, PYTHONPATH=str(REPO)))
    assert holder.stdout.readline().strip() == "held"
    assert acquire_instance_lock(tmp_path) is None
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    lock = acquire_instance_lock(tmp_path)
    assert lock is not None
    lock.release()


def test_nobody_answers_a_raise_request_without_a_running_window(tmp_path):
    modes = []

    def watch() -> None:  # the request file is user-only while it exists
        deadline = time.monotonic() + 2
        while not modes and time.monotonic() < deadline:
            try:
                modes.append(stat.S_IMODE((tmp_path / "raise-request").stat().st_mode))
            except FileNotFoundError:
                time.sleep(0.002)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    started = time.monotonic()
    assert request_raise(tmp_path, timeout=0.3) is False
    watcher.join()
    assert modes == [0o600]
    assert time.monotonic() - started < 2
    assert not (tmp_path / "raise-request").exists()


def test_a_second_start_brings_the_first_window_forward(app_home, api_server):
    env = dict(os.environ, GENAI_DESKTOP_HOME=str(app_home), PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen",
               OPENAI_API_KEY="sk-test-0123456789")
    log_file = app_home / "logs" / "genai-desktop.log"
    first = subprocess.Popen([sys.executable, "-m", "genai_desktop"], cwd=REPO, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not (log_file.exists() and "window shown" in log_file.read_text()):
            time.sleep(0.05)
        assert "window shown" in log_file.read_text()
        history = app_home / "data" / "history.sqlite3"
        before = history.stat().st_mtime_ns
        second = subprocess.run([sys.executable, "-m", "genai_desktop"], cwd=REPO, env=env, capture_output=True,
                                text=True, timeout=30, stdin=subprocess.DEVNULL)
        assert second.returncode == 0, second.stderr
        assert "already open" in second.stderr
        log = log_file.read_text()
        assert "a second start asked for the window" in log
        assert log.count("starting GenAI Desktop") == 1  # the second start never got to open the history
        assert history.stat().st_mtime_ns == before
        assert first.poll() is None  # the first one still runs
        for path in (app_home / "data").iterdir():  # the history, its -wal and -shm, the lock
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    finally:
        first.kill()
        first.wait()


def test_a_second_start_whose_first_window_does_not_answer_says_the_app_is_open(qapp, tmp_path, monkeypatch):
    """The first instance holds the lock but does not answer (say, it hangs): a message, no second window."""
    from genai_desktop import app as app_module
    from genai_desktop.core.paths import app_paths
    from genai_desktop.core.settings import Settings

    paths = app_paths({"GENAI_DESKTOP_HOME": str(tmp_path)}).ensure()
    first = acquire_instance_lock(paths.data_dir)
    shown = []
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.information",
                        lambda parent, title, text: shown.append((title, text)))
    monkeypatch.setattr(app_module, "request_raise",
                        lambda data_dir, files: request_raise(data_dir, files, timeout=0.3))
    try:
        assert app_module._second_instance(qapp, paths, Settings()) == 1  # main() hands in what it read
    finally:
        first.release()
    assert shown == [("GenAI Desktop", "GenAI Desktop is already open. Switch to its window, or close it before "
                                       "starting it again.")]
    assert not (paths.data_dir / "history.sqlite3").exists()


def answer_one_request(data_dir: Path) -> list:
    """The running window's side, in a thread: takes the next request as qt.instance does."""
    taken = []

    def answer() -> None:
        deadline = time.monotonic() + 5
        while not taken and time.monotonic() < deadline:
            request = take_raise_request(data_dir)
            if request is not None:
                taken.append(request)
            time.sleep(0.01)

    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    return taken  # filled by the thread once request_raise has its answer


def test_a_raise_request_hands_over_the_files_absolute_and_exactly_as_named(tmp_path, monkeypatch):
    data, elsewhere = tmp_path / "data", tmp_path / "where the second start ran"
    data.mkdir()
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # the running window has another working folder: names are made absolute
    odd = os.fsdecode(b"Kurs \xe4 (nicht UTF-8).genai-course")  # a Latin-1 name on a UTF-8 system
    named = [Path("Kurs.genai-course"), Path("sub/Notizen\nzwei Zeilen.txt"), elsewhere / "Bericht.pdf", Path(odd)]
    taken = answer_one_request(data)
    assert request_raise(data, named, timeout=5) is True
    assert taken == [RaiseRequest((elsewhere / "Kurs.genai-course", elsewhere / "sub" / "Notizen\nzwei Zeilen.txt",
                                   elsewhere / "Bericht.pdf", elsewhere / odd))]
    assert sorted(path.name for path in data.iterdir()) == []  # the request, its draft and the taken copy: gone


def test_a_raise_request_without_files_still_asks_for_the_window(tmp_path):
    taken = answer_one_request(tmp_path)
    assert request_raise(tmp_path, timeout=5) is True
    assert taken == [RaiseRequest(())]


@pytest.mark.parametrize("content", [
    b"12345",  # an older build's request: its process id only
    b"{not json",
    b"[1, 2]",
    json.dumps({"open": "/a/file"}).encode(),
    json.dumps({"open": ["relative/file", "", 7, "/a\u0000b"]}).encode(),
    json.dumps({"open": ["/a/file" + "x" * REQUEST_BYTES]}).encode(),  # too big to be the app's
    "{\"open\": [\"/\u00e4\"]}".encode("utf-8"),  # the app writes ASCII only
    b"[" * 100_000,  # nested deeper than the JSON reader goes
], ids=["pid only", "broken", "no object", "no list", "unusable names", "too big", "not ascii", "deep"])
def test_a_request_the_app_did_not_write_raises_the_window_and_opens_nothing(tmp_path, content):
    (tmp_path / RAISE_REQUEST_NAME).write_bytes(content)
    assert take_raise_request(tmp_path) == RaiseRequest(())
    assert list(tmp_path.iterdir()) == []
    assert take_raise_request(tmp_path) is None  # taken once


def test_a_request_opens_at_most_so_many_files(tmp_path):
    (tmp_path / RAISE_REQUEST_NAME).write_text(json.dumps({"open": [f"/f{n}" for n in range(FILES_PER_REQUEST + 5)]}))
    assert take_raise_request(tmp_path).files == tuple(Path(f"/f{n}") for n in range(FILES_PER_REQUEST))


def test_the_running_window_hears_the_files_of_a_raise_request(qtbot, tmp_path):
    from genai_desktop.qt.instance import RaiseRequests

    requests = RaiseRequests(tmp_path)
    order = []
    requests.raiseRequested.connect(lambda: order.append("raise"))
    requests.openRequested.connect(lambda files: order.append(files))
    answered = []
    asking = threading.Thread(target=lambda: answered.append(request_raise(tmp_path, [tmp_path / "Kurs.genai-course"],
                                                                           timeout=10)))
    with qtbot.waitSignal(requests.openRequested, timeout=5000):
        asking.start()
    asking.join()
    assert answered == [True] and order == ["raise", [tmp_path / "Kurs.genai-course"]]
    request_raise_without_files = threading.Thread(target=lambda: answered.append(request_raise(tmp_path, timeout=10)))
    with qtbot.waitSignal(requests.raiseRequested, timeout=5000):
        request_raise_without_files.start()
    request_raise_without_files.join()
    assert answered == [True, True] and order == ["raise", [tmp_path / "Kurs.genai-course"], "raise"]  # no files


def start_reporting_app(env: dict, *arguments: str | bytes, cwd: Path = REPO) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(REPO / "tests" / "launch_driver.py"), *arguments], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)


def reports_until(process: subprocess.Popen, expected: str, timeout: float = 30) -> list[str]:
    """The driver's reports, read until the expected one (or the time is up: then without it)."""
    lines = []

    def read() -> None:
        for line in process.stdout:
            lines.append(line.strip())
            if lines[-1] == expected:
                return

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout)
    return lines


def wait_for_window(log_file: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not (log_file.exists() and "window shown" in log_file.read_text()):
        time.sleep(0.05)
    assert "window shown" in log_file.read_text()


def test_a_second_start_with_a_file_hands_it_to_the_running_window(app_home, api_server, tmp_path):
    """Two real processes: the second start passes the file on and ends; the first window attaches it."""
    env = dict(os.environ, GENAI_DESKTOP_HOME=str(app_home), PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen",
               OPENAI_API_KEY="sk-test-0123456789")
    log_file = app_home / "logs" / "genai-desktop.log"
    folder = tmp_path / "Downloads"
    folder.mkdir()
    (folder / "Notizen.txt").write_text("Kursnotizen: Woche 1", encoding="utf-8")
    first = start_reporting_app(env)
    try:
        wait_for_window(log_file)
        history = app_home / "data" / "history.sqlite3"
        before = history.stat().st_mtime_ns
        second = subprocess.run([sys.executable, "-m", "genai_desktop", "Notizen.txt"], cwd=folder, env=env,
                                capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL)
        assert second.returncode == 0, second.stderr
        assert "already open" in second.stderr and "opens the files given" in second.stderr
        # named relative to the second start's folder, found by the first
        assert reports_until(first, 'attached ["Notizen.txt"]') == ['attached ["Notizen.txt"]']
        log = log_file.read_text()
        assert "a second start asked for the window" in log and "opening 1 file(s) handed to the app" in log
        assert log.count("starting GenAI Desktop") == 1 and history.stat().st_mtime_ns == before
        assert first.poll() is None
    finally:
        first.kill()
        first.wait()


def test_the_first_start_opens_the_files_on_its_command_line(app_home, api_server, tmp_path):
    """Qt's own options stay Qt's: -platform offscreen is no file to open."""
    env = dict(os.environ, GENAI_DESKTOP_HOME=str(app_home), PYTHONPATH=str(REPO), OPENAI_API_KEY="sk-test-0123456789")
    env.pop("QT_QPA_PLATFORM", None)
    (tmp_path / "eins.txt").write_text("eins", encoding="utf-8")
    (tmp_path / "zwei.md").write_text("# zwei", encoding="utf-8")
    latin = os.fsdecode(b"drei-\xe4.txt")  # a name from a Latin-1 system: no text in UTF-8 (PySide6 crashed on it)
    (tmp_path / latin).write_text("drei", encoding="utf-8")
    first = start_reporting_app(env, "-platform", "offscreen", "eins.txt", os.fsencode(latin), "zwei.md",
                                cwd=tmp_path)
    try:
        expected = 'attached ["eins.txt", "drei-\\ufffd.txt", "zwei.md"]'  # shown and sent with U+FFFD
        assert reports_until(first, expected) == [expected]
        assert "opening 3 file(s) handed to the app" in (app_home / "logs" / "genai-desktop.log").read_text()
    finally:
        first.kill()
        first.wait()


def test_a_file_macos_hands_over_as_an_open_event_is_opened(app_home, api_server, tmp_path):
    """A double-click in the Finder is a FileOpen event to the application (sent here as macOS sends it)."""
    (tmp_path / "Brief.txt").write_text("Sehr geehrte Damen und Herren", encoding="utf-8")
    env = dict(os.environ, GENAI_DESKTOP_HOME=str(app_home), PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen",
               OPENAI_API_KEY="sk-test-0123456789", SEND_FILE_OPEN_EVENT=str(tmp_path / "Brief.txt"))
    first = start_reporting_app(env)
    try:
        assert reports_until(first, 'attached ["Brief.txt"]') == ['attached ["Brief.txt"]']
    finally:
        first.kill()
        first.wait()


@pytest.mark.skipif(not hasattr(MainWindow, "import_course_package"),
                    reason="the course packages' part (MainWindow.import_course_package) is not in this build")
def test_a_second_start_with_a_course_package_shows_its_preview_in_the_running_window(app_home, api_server,
                                                                                       tmp_path):
    """The double-click on a course package while the app is open (issue 14 point 2): the running window
    previews it; nothing is imported before the user says so."""
    env = dict(os.environ, GENAI_DESKTOP_HOME=str(app_home), PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen",
               OPENAI_API_KEY="sk-test-0123456789")
    package = tmp_path / "KI im Büro.genai-course"
    package.write_text(json.dumps({
        "format": "genai-course", "version": 1, "title": "KI im Büro", "welcome": "Willkommen!",
        "profiles": [{"name": "Kurs", "base_url": "https://kurs.example/v1", "model": "kurs-modell"}]}),
        encoding="utf-8")
    first = start_reporting_app(env)
    try:
        wait_for_window(app_home / "logs" / "genai-desktop.log")
        settings = app_home / "config" / "settings.json"
        before = settings.read_bytes() if settings.exists() else None
        second = subprocess.run([sys.executable, "-m", "genai_desktop", str(package)], cwd=tmp_path, env=env,
                                capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL)
        assert second.returncode == 0, second.stderr
        assert reports_until(first, "dialog coursePreviewDialog")[-1:] == ["dialog coursePreviewDialog"]
        assert (settings.read_bytes() if settings.exists() else None) == before  # only previewed
    finally:
        first.kill()
        first.wait()
