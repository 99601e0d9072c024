"""Shared fixtures: an isolated app home per test, the loopback API server, real windows."""

from __future__ import annotations

import gc
import json
import os
import sys
import warnings
from contextlib import contextmanager
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("LANGUAGE", "en")
os.environ["LC_ALL"] = "C.UTF-8"
# Tests never see the developer's own key or endpoint.
for _name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "GENAI_DESKTOP_MODEL", "GENAI_DESKTOP_LOG_LEVEL",
              "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
    os.environ.pop(_name, None)
os.environ["NO_PROXY"] = "127.0.0.1,localhost"

sys.path.insert(0, str(Path(__file__).parent))

import pytest  # noqa: E402
from keyring.backend import KeyringBackend  # noqa: E402
from keyring.compat.properties import classproperty  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402

from fake_openai_server import FakeOpenAIServer, LeakTrapServer  # noqa: E402

TEST_KEY = "sk-test-0123456789abcdefTESTKEY"


@pytest.fixture(autouse=True)
def collect_garbage_here():
    """What a test leaves behind is collected on the GUI thread, never on a worker (see qt/garbage.py)."""
    yield
    gc.collect()


@pytest.fixture
def app_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("GENAI_DESKTOP_HOME", str(home))
    return home


@pytest.fixture
def quick_back_off(monkeypatch):
    """A refusal without a usable Retry-After is still asked again, visibly, but after hundredths of a
    second instead of 2, 4 and 8 s: for tests about what is shown once the retries gave up."""
    from genai_desktop.core import retry

    monkeypatch.setattr(retry, "BACKOFF_FIRST_SECONDS", 0.02)


@pytest.fixture
def api_server():
    with FakeOpenAIServer() as server:
        yield server


@pytest.fixture
def leak_trap():
    with LeakTrapServer() as trap:
        yield trap


class KeyringForTests(KeyringBackend):
    """The base of every keyring a test defines. keyring's chainer asks each viable KeyringBackend class
    defined in the run, in every later test; these are viable only while installed_keyring installs one,
    so a slow or hanging test keyring answers nowhere else."""

    installed = 0

    @classproperty
    def priority(cls):
        if not KeyringForTests.installed:
            raise RuntimeError("a test's keyring, viable only where the test installs it")
        return 1


@contextmanager
def installed_keyring(backend):
    """keyring's backend for the duration of a with block; the one before is put back after it."""
    import keyring

    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    KeyringForTests.installed += 1
    try:
        yield backend
    finally:
        KeyringForTests.installed -= 1
        keyring.set_keyring(previous)


def write_settings(home: Path, **values) -> None:
    config = home / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.json").write_text(json.dumps(values), encoding="utf-8")


@pytest.fixture
def make_window(qtbot, app_home, api_server):
    """Build real main windows against the loopback server; closed (and checked) at the end."""
    from genai_desktop.app import build_main_window

    windows = []

    def make(environ: dict | None = None, **settings):
        stored = app_home / "config" / "settings.json"
        values = json.loads(stored.read_text(encoding="utf-8")) if stored.exists() else {}  # a restart keeps them
        values.update({"base_url": api_server.base_url, "model": "fake-model", "read_timeout": 2.0,
                       "connect_timeout": 2.0})
        values.update(settings)
        write_settings(app_home, **values)
        env = {"GENAI_DESKTOP_HOME": str(app_home), "OPENAI_API_KEY": TEST_KEY}
        env.update(environ or {})
        env = {name: value for name, value in env.items() if value is not None}
        window = build_main_window(environ=env)
        qtbot.addWidget(window)
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()
        assert not window.controller.session._worker.running


def send_prompt(qtbot, window, text: str) -> None:
    window.promptEdit.setPlainText(text)
    qtbot.mouseClick(window.sendButton, Qt.LeftButton)


def wait_idle(qtbot, window, timeout: int = 15000) -> None:
    """The answer has ended and the window shows all of it (the end of a long one comes in steps)."""
    qtbot.waitUntil(lambda: not window.controller.session.busy and window.transcriptView.settled, timeout=timeout)


def activate(window) -> None:
    """The offscreen platform does not activate shown windows; window shortcuts need an active one."""
    from PySide6.QtWidgets import QApplication

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        QApplication.setActiveWindow(window)


def shown_transcript(qtbot, width: int = 800, height: int = 600):
    """A TranscriptView of its own, shown at width x height (the tests of what it draws)."""
    from genai_desktop.ui.transcript import TranscriptView

    view = TranscriptView()
    qtbot.addWidget(view)
    view.resize(width, height)
    view.show()
    return view


def transcript_text(window) -> str:
    return window.transcriptView.toPlainText()
