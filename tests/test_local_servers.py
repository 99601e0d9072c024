"""The first-start probe of a local Ollama or LM Studio, offered on the welcome panel (issue 13 point 1)."""

from __future__ import annotations

import socket

import pytest
from PySide6.QtCore import Qt

from conftest import installed_keyring, send_prompt, wait_idle
from fake_openai_server import FakeOpenAIServer
from genai_desktop.core import local_servers
from genai_desktop.core.local_servers import LocalServer, find_local_servers, local_candidates
from genai_desktop.core.presets import NO_KEY_NEEDED
from test_settings_dialog import MemoryKeyring


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nobody listens once it is closed


def test_the_probe_asks_only_this_computer_at_the_local_presets_ports():
    assert local_candidates() == (("ollama", "http://127.0.0.1:11434/v1"), ("lmstudio", "http://127.0.0.1:1234/v1"))


def test_a_local_server_is_found_with_its_models_and_a_closed_port_or_another_answer_is_not(
        api_server, leak_trap, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", leak_trap.url(""))  # the probe never goes through a proxy
    monkeypatch.setenv("http_proxy", leak_trap.url(""))
    monkeypatch.setenv("NO_PROXY", "")
    with FakeOpenAIServer("html") as portal:
        found = find_local_servers((("lmstudio", f"http://127.0.0.1:{closed_port()}/v1"),
                                    ("ollama", api_server.base_url), ("lmstudio", portal.base_url)))
    assert found == (LocalServer("ollama", api_server.base_url, ("fake-model", "fake-model-2")),)
    assert leak_trap.hits == []


@pytest.fixture
def local_ollama(api_server, monkeypatch):
    """The loopback server stands in for a local Ollama on its default port."""
    monkeypatch.setattr(local_servers, "local_candidates", lambda: (("ollama", api_server.base_url),))
    return api_server


def test_a_first_start_without_a_key_offers_the_local_ollama_and_chats_with_it(qtbot, make_window, local_ollama):
    with installed_keyring(MemoryKeyring()):
        window = make_window(environ={"OPENAI_API_KEY": None}, base_url="https://api.openai.com/v1")
        panel = window.welcomePanel
        qtbot.waitUntil(lambda: panel.useLocalServerButton.isVisible(), timeout=10000)
        assert panel.localServerLabel.textFormat() == Qt.PlainText
        assert panel.localServerLabel.text().startswith("Ollama is running on this computer with 2 models")
        assert "fake-model" in panel.localServerLabel.text() and panel.useLocalServerButton.text() == "Use Ollama"
        qtbot.mouseClick(panel.useLocalServerButton, Qt.LeftButton)
        qtbot.waitUntil(lambda: not panel.isVisible(), timeout=10000)
        profile = window.controller.settings.current.effective.profile()
        assert (profile.preset, profile.base_url, profile.model) == ("ollama", local_ollama.base_url, "fake-model")

        send_prompt(qtbot, window, "hello, local model")
        wait_idle(qtbot, window)
        assert not window.errorBanner.isVisible()
        [sent] = local_ollama.chat_requests()
        assert sent.headers["authorization"] == f"Bearer {NO_KEY_NEEDED}" and sent.json["model"] == "fake-model"
        window.close()
        again = make_window(environ={"OPENAI_API_KEY": None}, base_url=local_ollama.base_url)
        qtbot.wait(300)
        assert not again.welcomePanel.isVisible()  # the local profile needs no key: no welcome, no probe


def test_no_probe_when_there_is_a_key(qtbot, make_window, local_ollama, monkeypatch):
    probed = []
    monkeypatch.setattr(local_servers, "local_candidates", lambda: probed.append(1) or ())
    window = make_window()  # OPENAI_API_KEY is set
    qtbot.waitUntil(lambda: window.controller.settings.key_state is not None)
    qtbot.wait(200)
    assert probed == [] and not window.welcomePanel.useLocalServerButton.isVisible()
