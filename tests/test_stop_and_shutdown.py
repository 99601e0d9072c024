"""Stop is immediate, even against a stalled server; closing mid-stream exits cleanly."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from conftest import TEST_KEY, KeyringForTests, installed_keyring, send_prompt, transcript_text, wait_idle, write_settings

REPO = Path(__file__).resolve().parent.parent


def test_no_text_is_appended_after_stop(qtbot, make_window, api_server):
    api_server.set_mode("trickle", reply=" ".join(f"word{i}" for i in range(400)), tokens_per_second=60)
    window = make_window()
    send_prompt(qtbot, window, "count")
    qtbot.waitUntil(lambda: "word5" in transcript_text(window), timeout=5000)
    qtbot.keyClick(window, Qt.Key_Escape)
    stopped_at = time.monotonic()
    wait_idle(qtbot, window, timeout=2000)
    assert time.monotonic() - stopped_at < 1.0
    shown = transcript_text(window)
    qtbot.wait(300)
    assert transcript_text(window) == shown
    assert "Stopped." in shown
    assert "word399" not in shown
    turn = window.controller.session.shown.turns[-1]
    assert not turn.finished and turn.answer.startswith("word0")


def test_stop_frees_the_worker_at_once_when_the_server_stalls(qtbot, make_window, api_server):
    api_server.set_mode("stall_mid_stream", reply="one two three four five")
    window = make_window(read_timeout=30.0)
    send_prompt(qtbot, window, "stall please")
    qtbot.waitUntil(lambda: "three" in transcript_text(window), timeout=5000)
    qtbot.mouseClick(window.stopButton, Qt.LeftButton)
    started = time.monotonic()
    wait_idle(qtbot, window, timeout=5000)
    assert time.monotonic() - started < 1.0  # far below the 30 s read timeout
    api_server.set_mode("normal", reply="Next one works.")
    send_prompt(qtbot, window, "again")
    wait_idle(qtbot, window)
    assert "Next one works." in transcript_text(window)


def test_stop_before_the_first_byte(qtbot, make_window, api_server):
    api_server.set_mode("stall_before_first_byte")
    window = make_window(read_timeout=30.0)
    send_prompt(qtbot, window, "hello?")
    assert api_server.wait_for_requests(1)
    window.stop()
    wait_idle(qtbot, window, timeout=2000)
    assert "Stopped before the answer began." in transcript_text(window)


DRIVER = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from genai_desktop.app import main
    from genai_desktop.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])

    def drive():
        window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
        window.promptEdit.setPlainText("stream forever")
        window.send()

        def close_when_streaming():
            if "tok3" in window.transcriptView.toPlainText():
                print("CLOSING", flush=True)
                window.close()
            else:
                QTimer.singleShot(20, close_when_streaming)

        close_when_streaming()

    QTimer.singleShot(100, drive)
    sys.exit(main([]))
""")


def test_closing_mid_stream_exits_zero_without_qthread_warning(tmp_path, api_server):
    api_server.set_mode("trickle", tokens=[f"tok{i} " for i in range(10000)], tokens_per_second=50)
    home = tmp_path / "home"
    write_settings(home, base_url=api_server.base_url, model="fake-model", read_timeout=60.0)
    env = dict(os.environ, GENAI_DESKTOP_HOME=str(home), OPENAI_API_KEY=TEST_KEY, QT_QPA_PLATFORM="offscreen",
               PYTHONPATH=str(REPO))
    process = subprocess.Popen([sys.executable, "-c", DRIVER], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)
    line = process.stdout.readline()
    assert line.strip() == "CLOSING"
    closed_at = time.monotonic()
    try:
        process.wait(timeout=3)
    finally:
        process.kill()
    elapsed = time.monotonic() - closed_at
    stderr = process.stderr.read()
    assert process.returncode == 0, stderr
    assert elapsed < 3
    assert "QThread" not in stderr and "Destroyed while thread" not in stderr


def test_an_embedding_that_never_closes_the_window_still_exits_cleanly(tmp_path):
    code = ("import sys\nfrom PySide6.QtWidgets import QApplication\n"
            "from genai_desktop.app import build_main_window\n"
            "app = QApplication(sys.argv[:1])\nwindow = build_main_window(app)\nprint('built', flush=True)\n")
    env = dict(os.environ, GENAI_DESKTOP_HOME=str(tmp_path), QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "built"
    assert result.returncode == 0, result.stderr
    assert "QThread" not in result.stderr


HANGING_DRIVER = textwrap.dedent("""
    import sys, time
    import keyring, keyring.backend
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from genai_desktop.app import main
    from genai_desktop.core import llm
    from genai_desktop.ui.main_window import MainWindow

    class HangingKeyring(keyring.backend.KeyringBackend):
        # An unlock prompt nobody answers: every call blocks for a minute.
        priority = 1

        def get_password(self, service, username):
            time.sleep(60)

        def set_password(self, service, username, password):
            time.sleep(60)

        def delete_password(self, service, username):
            time.sleep(60)

    def stuck_where_no_cancel_reaches(request, cancel, on_text, **callbacks):
        time.sleep(60)

    if sys.argv[1] == "keyring":
        keyring.set_keyring(HangingKeyring())
    else:  # a request stuck in a blocking call that ignores the cancel token
        llm.run_chat = stuck_where_no_cancel_reaches
    app = QApplication(sys.argv[:1])

    def drive():
        window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
        window.promptEdit.setPlainText("hello")
        window.send()
        assert window.controller.session.busy
        def close():
            print("CLOSING", flush=True)
            window.close()
        QTimer.singleShot(500, close)

    QTimer.singleShot(100, drive)
    sys.exit(main([]))
""")


@pytest.mark.parametrize("hangs, longest_close", [("keyring", 2.5), ("request", 6.0)])
def test_closing_while_a_worker_hangs_exits_zero_without_abort(tmp_path, api_server, hangs, longest_close):
    """A keyring lookup ends at once on closing (it waits on a daemon thread); a request stuck where no
    cancel reaches it is waited for a bounded time, then the process exits without destroying its thread."""
    home = tmp_path / "home"
    write_settings(home, base_url=api_server.base_url, model="fake-model")
    env = dict(os.environ, GENAI_DESKTOP_HOME=str(home), QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    if hangs == "keyring":
        env.pop("OPENAI_API_KEY", None)
    else:
        env["OPENAI_API_KEY"] = TEST_KEY
    process = subprocess.Popen([sys.executable, "-c", HANGING_DRIVER, hangs], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)
    try:
        line = process.stdout.readline()
        assert line.strip() == "CLOSING", process.stderr.read()
        closed_at = time.monotonic()
        process.wait(timeout=20)
        elapsed = time.monotonic() - closed_at
    finally:
        process.kill()
    stderr = process.stderr.read()
    assert api_server.requests == []  # the chat was still waiting when the window closed
    assert process.returncode == 0, stderr
    assert "QThread" not in stderr and "Destroyed while thread" not in stderr
    assert elapsed < longest_close, elapsed  # the keyring blocks for a minute


def test_send_and_stop_while_the_keyring_hangs_leave_one_lookup_waiting(qtbot, make_window, api_server):
    """Each Send after a Stop waits for the lookup already under way: not one more thread stuck in the keyring."""
    import threading

    import keyring.errors

    release = threading.Event()
    chat_lookups = []

    class HangingKeyring(KeyringForTests):
        def get_password(self, service, username):
            # one lookup asks the profile's entry (and, for the first profile, the older builds' entry after it)
            if threading.current_thread().name == "chat-key-lookup" and username.startswith("profile:"):
                chat_lookups.append(username)
            release.wait(30)  # an unlock prompt nobody answers
            return None

        def set_password(self, service, username, password):
            raise keyring.errors.PasswordSetError("not here")

        def delete_password(self, service, username):
            raise keyring.errors.PasswordDeleteError("not here")

    with installed_keyring(HangingKeyring()):
        try:
            window = make_window(environ={"OPENAI_API_KEY": None})
            for attempt in range(4):
                send_prompt(qtbot, window, f"hello {attempt}")
                qtbot.waitUntil(lambda: window.controller.session.busy and window.stopButton.isEnabled(), timeout=2000)
                qtbot.wait(120)  # the lookup is under way, waiting in the keyring
                qtbot.mouseClick(window.stopButton, Qt.LeftButton)
                wait_idle(qtbot, window, timeout=2000)
            waiting = [thread for thread in threading.enumerate() if thread.name == "chat-key-lookup"]
            assert len(chat_lookups) == 1 and len(waiting) == 1
            release.set()  # the keyring answers (no key): the next Send asks it afresh
            waiting[0].join(5)
            send_prompt(qtbot, window, "and now?")
            wait_idle(qtbot, window)
            assert len(chat_lookups) == 2 and api_server.requests == []
            window.close()
        finally:
            release.set()


def test_quitting_while_a_background_thread_runs_skips_pythons_teardown_of_it(tmp_path):
    """Python's teardown ends a daemon thread where it stands; one inside Qt's C++ code then (a keyring
    task emitting its result, a thumbnail decoding) aborts the process ("FATAL: exception not rethrown",
    seen once in CI; a thread looping over QImage.scaled aborts a plain PySide6 app at exit every time).
    So the app ends without that teardown while such a thread runs, after its own shutdown."""
    code = textwrap.dedent("""\
        import sys, threading
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        from genai_desktop.app import main

        def close_when_there():  # main() builds the window after this timer is set
            windows = [widget for widget in app.topLevelWidgets() if widget.objectName() == "mainWindow"]
            if windows:
                windows[0].close()
            else:
                QTimer.singleShot(100, close_when_there)

        app = QApplication(sys.argv[:1])
        threading.Thread(target=threading.Event().wait, name="waiting-for-keyring", daemon=True).start()
        QTimer.singleShot(300, close_when_there)
        sys.exit(main([]))
        """)
    env = dict(os.environ, GENAI_DESKTOP_HOME=str(tmp_path / "home"), QT_QPA_PLATFORM="offscreen",
               PYTHONPATH=str(REPO), LANGUAGE="en")
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60,
                            stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr[-2000:]
    log = (tmp_path / "home" / "logs" / "genai-desktop.log").read_text(encoding="utf-8")
    assert "background threads still running (waiting-for-keyring" in log
    assert log.index("exiting with code 0") < log.index("background threads still running")  # after shutdown
