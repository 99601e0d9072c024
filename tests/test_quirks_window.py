"""Server quirks through the real window against the loopback server: a quirk learned in a chat is in the
settings file, listed in the settings for that server after a restart and forgettable there; a long chat to
an Ollama server is said before its answer, a short one not."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from conftest import send_prompt, transcript_text, wait_idle
from genai_desktop.core.quirks import OLLAMA_DEFAULT_CONTEXT
from genai_desktop.core.validation import endpoint_id


def open_dialog(qtbot, window):
    window.settingsAction.trigger()
    qtbot.waitUntil(lambda: window._settings_dialog is not None and window._settings_dialog.isVisible())
    return window._settings_dialog


def stored_quirks(app_home) -> list:
    return json.loads((app_home / "config" / "settings.json").read_text(encoding="utf-8"))["learned_quirks"]


def test_a_learned_quirk_is_listed_for_its_server_after_a_restart_and_can_be_forgotten(
        qtbot, make_window, api_server, app_home):
    api_server.set_mode("normal", refuse=["system", "temperature"])
    window = make_window(model="o1-mini", system_prompt="Answer in one word.", temperature=0.3)
    send_prompt(qtbot, window, "Hello?")
    wait_idle(qtbot, window)
    assert "Hello from the fake server." in transcript_text(window)
    assert not window.errorBanner.isVisible()
    server = endpoint_id(api_server.base_url)
    assert stored_quirks(app_home) == [[server, "o1-mini", "no_temperature"], [server, "o1-mini", "developer_role"]]  # newest first
    window.close()

    window = make_window(model="o1-mini", system_prompt="Answer in one word.", temperature=0.3)  # a restart
    dialog = open_dialog(qtbot, window)
    view = dialog.serverQuirksView
    text = view.summaryLabel.text()
    assert text.startswith("Learned from this server:")
    assert "o1-mini refuses system messages: the system prompt goes as a developer message." in text
    assert "o1-mini accepts no temperature: none is sent." in text
    assert view.summaryLabel.textFormat() == Qt.PlainText
    assert view.forgetButton.isVisible()
    dialog.baseUrlEdit.setText("https://api.openai.com/v1")  # another server: nothing learned from it
    assert view.summaryLabel.text().startswith("Nothing learned from this server yet")
    assert not view.forgetButton.isVisible()
    dialog.baseUrlEdit.setText(api_server.base_url)
    qtbot.mouseClick(view.forgetButton, Qt.LeftButton)
    assert view.summaryLabel.text().startswith("Nothing learned from this server yet")
    assert stored_quirks(app_home) == []
    dialog.reject()


def test_a_long_chat_to_ollama_is_said_before_its_answer_and_a_short_one_not(qtbot, make_window, api_server):
    api_server.set_mode("normal", ollama=True)
    window = make_window(model="llama3.2")
    banner = window.errorBanner
    send_prompt(qtbot, window, "Short question.")
    wait_idle(qtbot, window)
    assert not banner.isVisible()  # Ollama recognised by this answer; nothing to say

    send_prompt(qtbot, window, "Summarise: " + "lorem ipsum " * OLLAMA_DEFAULT_CONTEXT)
    assert banner.isVisible() and banner.tone == "note"
    assert banner.titleLabel.text() == "This chat may be too long for Ollama"
    assert "which reads only 4,096 of them" in banner.adviceLabel.text()
    assert "OLLAMA_CONTEXT_LENGTH" in banner.adviceLabel.text()
    wait_idle(qtbot, window)
    assert transcript_text(window).count("Hello from the fake server.") == 2  # the answer still came
    assert len(api_server.chat_requests()) == 2  # and nothing was asked twice
