"""The key in a real Secret Service (gnome-keyring in a private D-Bus session), and without one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
import time

import keyring
import keyring.core
import pytest
from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from conftest import KeyringForTests, installed_keyring, send_prompt, wait_idle
from genai_desktop.core.profiles import FIRST_PROFILE_ID
from genai_desktop.core.secrets import KEYRING_SERVICE, key_entry, keyring_status
from genai_desktop.core.validation import endpoint_id

KEY = "sk-proj-SecretServiceKey0123456789abcdef"


def files_containing(root, needle: bytes) -> list[str]:
    hits = []
    for folder, _dirs, files in os.walk(root):
        for name in files:
            path = os.path.join(folder, name)
            with open(path, "rb") as handle:
                if needle in handle.read():
                    hits.append(path)
    return hits


@pytest.fixture
def secret_service():
    status = keyring_status()
    if not status.usable or "SecretService" not in status.backend:
        if os.environ.get("GENAI_REQUIRE_SECRET_SERVICE") == "1":
            pytest.fail(f"the test command promised a Secret Service, but keyring found {status}")
        pytest.skip("no Secret Service here; the README test command starts one")
    return status


def open_settings(qtbot, window):
    window.settingsAction.trigger()
    qtbot.waitUntil(lambda: window._settings_dialog is not None and window._settings_dialog.isVisible())
    return window._settings_dialog


LOAD_AND_COUNT_PROGRAMS = textwrap.dedent("""
    import json, subprocess
    started = []
    popen_init = subprocess.Popen.__init__
    def counting_init(self, args, *rest, **options):
        started.append(args)
        popen_init(self, args, *rest, **options)
    subprocess.Popen.__init__ = counting_init
    from genai_desktop.core.secrets import keyring_status
    status = keyring_status()
    print(json.dumps([status.usable, status.backend, [str(program) for program in started]]))
""")


@pytest.mark.secret_service
@pytest.mark.skipif(sys.platform == "darwin", reason="there the macOS backend is the one to load")
def test_the_first_keyring_load_runs_no_program_and_still_finds_the_secret_service(secret_service):
    """keyring asks every backend whether it works here; its macOS one ran ldconfig and gcc three times at
    each start (core/lazy.py keeps it from loading elsewhere): the choice must stay the Secret Service."""
    loaded = subprocess.run([sys.executable, "-c", LOAD_AND_COUNT_PROGRAMS], capture_output=True, text=True,
                            timeout=60, cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    assert loaded.returncode == 0, loaded.stderr
    usable, backend, started = json.loads(loaded.stdout)
    assert usable and "SecretService" in backend, loaded.stdout
    assert started == [], f"keyring started programs while loading: {started}"


@pytest.mark.secret_service
def test_key_saved_in_dialog_is_used_by_a_new_window_and_removed(qtbot, make_window, api_server, app_home,
                                                                  secret_service):
    entry = key_entry(api_server.base_url, FIRST_PROFILE_ID)  # the default profile's (since issue 13)
    window = make_window(environ={"OPENAI_API_KEY": None})
    qtbot.waitUntil(lambda: window.welcomePanel.isVisible())
    qtbot.mouseClick(window.welcomePanel.openSettingsButton, Qt.LeftButton)
    qtbot.waitUntil(lambda: window._settings_dialog is not None and window._settings_dialog.isVisible())
    dialog = window._settings_dialog
    assert dialog.apiKeyEdit.echoMode() == dialog.apiKeyEdit.EchoMode.Password
    qtbot.keyClicks(dialog.apiKeyEdit, f"  {KEY}  ")
    qtbot.mouseClick(dialog.buttonBox.button(QDialogButtonBox.Ok), Qt.LeftButton)
    qtbot.waitUntil(lambda: window._settings_dialog is None, timeout=10000)
    assert keyring.get_password(KEYRING_SERVICE, entry) == KEY  # stripped
    qtbot.waitUntil(lambda: not window.welcomePanel.isVisible())
    window.close()

    fresh = make_window(environ={"OPENAI_API_KEY": None})
    send_prompt(qtbot, fresh, "who am I?")
    wait_idle(qtbot, fresh)
    assert not fresh.errorBanner.isVisible()
    assert api_server.chat_requests()[-1].headers["authorization"] == f"Bearer {KEY}"

    dialog = open_settings(qtbot, fresh)
    qtbot.waitUntil(lambda: dialog.removeKeyButton.isEnabled(), timeout=10000)
    assert "system keyring" in dialog.keyStatusLabel.text()
    qtbot.mouseClick(dialog.removeKeyButton, Qt.LeftButton)
    qtbot.waitUntil(lambda: "No key is saved" in dialog.keyStatusLabel.text(), timeout=10000)
    assert keyring.get_password(KEYRING_SERVICE, entry) is None
    dialog.reject()
    fresh.close()
    assert files_containing(app_home, KEY.encode()) == []


@pytest.fixture
def fail_backend(monkeypatch):
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    keyring.core.init_backend()
    yield
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND")
    keyring.core.init_backend()


def test_without_keyring_the_key_works_for_this_session_only(qtbot, make_window, api_server, app_home, fail_backend):
    window = make_window(environ={"OPENAI_API_KEY": None}, log_level="DEBUG")
    dialog = open_settings(qtbot, window)
    qtbot.waitUntil(lambda: "cannot be used here" in dialog.keyStatusLabel.text(), timeout=10000)
    assert dialog.sessionOnlyCheck.isChecked()
    dialog.sessionOnlyCheck.setChecked(False)  # the user insists: the app then asks

    def accept_session_only():
        box = QApplication.activeModalWidget()
        if box is None or box.objectName() != "keyringUnavailableDialog":
            QTimer.singleShot(20, accept_session_only)
            return
        session_button = next(b for b in box.buttons() if "session only" in b.text())
        session_button.click()

    QTimer.singleShot(20, accept_session_only)
    qtbot.keyClicks(dialog.apiKeyEdit, KEY)
    qtbot.mouseClick(dialog.buttonBox.button(QDialogButtonBox.Ok), Qt.LeftButton)
    qtbot.waitUntil(lambda: window._settings_dialog is None, timeout=10000)

    send_prompt(qtbot, window, "session only please")
    wait_idle(qtbot, window)
    assert not window.errorBanner.isVisible()
    assert api_server.chat_requests()[-1].headers["authorization"] == f"Bearer {KEY}"
    # The dialog now says where the key is.
    dialog = open_settings(qtbot, window)
    qtbot.waitUntil(lambda: "this session only" in dialog.keyStatusLabel.text(), timeout=10000)
    dialog.reject()
    window.close()
    assert list(app_home.rglob("*")), "the session wrote its settings and log"
    assert files_containing(app_home, KEY.encode()) == []


class SlowKeyring(KeyringForTests):
    """A keyring whose unlock prompt the user leaves open for a while."""

    def __init__(self):
        super().__init__()
        self.calls = []

    def get_password(self, service, username):
        self.calls.append(("get", threading.current_thread() is threading.main_thread()))
        time.sleep(2.0)
        return None

    def set_password(self, service, username, password):
        time.sleep(2.0)

    def delete_password(self, service, username):
        time.sleep(2.0)


def test_the_tests_keyrings_answer_only_where_a_test_installs_them():
    """keyring's chainer asks every viable backend class defined in the run: were SlowKeyring viable, each
    lookup of a missing key in every later test would sleep 2 s in it."""
    from keyring.backends.chainer import ChainerBackend

    assert not [ring for ring in ChainerBackend.backends if isinstance(ring, KeyringForTests)]
    with pytest.raises(RuntimeError):
        SlowKeyring.priority
    with installed_keyring(SlowKeyring()):
        assert SlowKeyring.priority == 1


def test_a_blocking_keyring_never_freezes_the_window(qtbot, make_window):
    with installed_keyring(SlowKeyring()) as slow:
        started = time.monotonic()
        window = make_window(environ={"OPENAI_API_KEY": None})
        assert time.monotonic() - started < 1.0  # building the window did not wait for the keyring
        clock = QElapsedTimer()
        clock.start()
        longest, last = 0, 0
        while time.monotonic() - started < 2.5:
            qtbot.wait(5)
            now = clock.elapsed()
            longest, last = max(longest, now - last), now
        assert slow.calls and not any(on_gui for _kind, on_gui in slow.calls)
        assert longest < 250, f"GUI thread stalled {longest} ms"
        qtbot.waitUntil(lambda: window.welcomePanel.isVisible(), timeout=5000)
