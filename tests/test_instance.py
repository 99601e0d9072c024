"""One app per user: a second start brings the open window to the front and never opens the history."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

from genai_desktop.core.instance import acquire_instance_lock, request_raise

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
    monkeypatch.setattr(app_module, "request_raise", lambda data_dir: request_raise(data_dir, timeout=0.3))
    try:
        assert app_module._second_instance(qapp, paths, Settings()) == 1  # main() hands in what it read
    finally:
        first.release()
    assert shown == [("GenAI Desktop", "GenAI Desktop is already open. Switch to its window, or close it before "
                                       "starting it again.")]
    assert not (paths.data_dir / "history.sqlite3").exists()
