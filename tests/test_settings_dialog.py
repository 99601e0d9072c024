"""The settings dialog: validation, environment overrides, Test connection, model list."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from conftest import TEST_KEY


def open_dialog(qtbot, window):
    window.settingsAction.trigger()
    qtbot.waitUntil(lambda: window._settings_dialog is not None and window._settings_dialog.isVisible())
    return window._settings_dialog


def click_ok(qtbot, dialog):
    qtbot.mouseClick(dialog.buttonBox.button(QDialogButtonBox.Ok), Qt.LeftButton)


def answer_next_box(button):
    def answer():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        box.button(button).click()

    QTimer.singleShot(20, answer)


def test_ctrl_comma_opens_the_dialog_with_named_widgets(qtbot, make_window):
    window = make_window()
    assert window.settingsAction.shortcut() == QKeySequence("Ctrl+,")
    dialog = open_dialog(qtbot, window)
    for name in ("apiKeyEdit", "baseUrlEdit", "modelCombo", "testConnectionButton", "buttonBox"):
        assert dialog.findChild(object, name) is not None, name
    assert dialog.objectName() == "settingsDialog"
    dialog.reject()


def test_settings_are_saved_without_the_key(qtbot, make_window, app_home, api_server):
    window = make_window(environ={"OPENAI_API_KEY": None})
    dialog = open_dialog(qtbot, window)
    dialog.modelCombo.setCurrentText("fake-model-2")
    dialog.temperatureSpin.setValue(0.7)
    dialog.systemPromptEdit.setPlainText("Antworte auf Deutsch.")
    dialog.sessionOnlyCheck.setChecked(True)
    qtbot.keyClicks(dialog.apiKeyEdit, TEST_KEY)
    click_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: window._settings_dialog is None, timeout=10000)
    stored = json.loads((app_home / "config" / "settings.json").read_text())
    assert stored["model"] == "fake-model-2" and stored["temperature"] == 0.7
    assert stored["system_prompt"] == "Antworte auf Deutsch."
    assert TEST_KEY not in (app_home / "config" / "settings.json").read_text()
    assert window.modelLabel.text().endswith("fake-model-2")


@pytest.mark.parametrize("url, message", [
    ("ftp://example.org/v1", "must start with https://"),
    ("https://user:pw@example.org/v1", "must not contain a user name"),
    ("https:///v1", "no valid server name"),
    ("", "enter the server address"),
])
def test_bad_addresses_are_refused(qtbot, make_window, app_home, url, message):
    window = make_window()
    before = (app_home / "config" / "settings.json").read_text()
    dialog = open_dialog(qtbot, window)
    dialog.baseUrlEdit.setText(url)
    click_ok(qtbot, dialog)
    assert dialog.isVisible() and dialog.urlErrorLabel.isVisible()
    assert message in dialog.urlErrorLabel.text()
    assert (app_home / "config" / "settings.json").read_text() == before
    dialog.reject()


def test_cleartext_http_to_another_host_needs_confirmation(qtbot, make_window, app_home):
    window = make_window()
    dialog = open_dialog(qtbot, window)
    dialog.baseUrlEdit.setText("http://gateway.example.com/v1")
    answer_next_box(QMessageBox.No)
    click_ok(qtbot, dialog)
    assert dialog.isVisible()
    assert "gateway" not in (app_home / "config" / "settings.json").read_text()
    answer_next_box(QMessageBox.Yes)
    click_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: window._settings_dialog is None)
    assert "http://gateway.example.com/v1" in (app_home / "config" / "settings.json").read_text()


def test_loopback_http_needs_no_confirmation(qtbot, make_window):
    window = make_window()
    dialog = open_dialog(qtbot, window)
    dialog.baseUrlEdit.setText("http://localhost:11434/v1")
    click_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: window._settings_dialog is None)


def test_pasted_key_with_a_smart_quote_is_rejected_with_its_position(qtbot, make_window):
    window = make_window(environ={"OPENAI_API_KEY": None})
    dialog = open_dialog(qtbot, window)
    dialog.apiKeyEdit.setText("sk-abc\u201ddef")
    click_ok(qtbot, dialog)
    assert dialog.isVisible() and dialog.keyErrorLabel.isVisible()
    assert "position 7" in dialog.keyErrorLabel.text()
    assert "RIGHT DOUBLE QUOTATION MARK" in dialog.keyErrorLabel.text()
    dialog.reject()


def test_show_hide_key(qtbot, make_window):
    window = make_window()
    dialog = open_dialog(qtbot, window)
    qtbot.mouseClick(dialog.showKeyButton, Qt.LeftButton)
    assert dialog.apiKeyEdit.echoMode() == dialog.apiKeyEdit.EchoMode.Normal
    qtbot.mouseClick(dialog.showKeyButton, Qt.LeftButton)
    assert dialog.apiKeyEdit.echoMode() == dialog.apiKeyEdit.EchoMode.Password
    dialog.reject()


def test_environment_overrides_are_shown_and_locked(qtbot, make_window, api_server):
    window = make_window(environ={"OPENAI_BASE_URL": api_server.base_url, "GENAI_DESKTOP_MODEL": "env-model"},
                         base_url="https://stored.example/v1", model="stored-model")
    assert window.controller.settings.current.effective.model == "env-model"
    dialog = open_dialog(qtbot, window)
    assert not dialog.baseUrlEdit.isEnabled() and dialog.baseUrlEdit.text() == api_server.base_url
    assert not dialog.modelCombo.isEnabled() and dialog.modelCombo.currentText() == "env-model"
    note = dialog.findChild(object, "environmentNote")
    assert note.isVisible() and "OPENAI_BASE_URL" in note.text() and "GENAI_DESKTOP_MODEL" in note.text()
    qtbot.waitUntil(lambda: "environment variable OPENAI_API_KEY" in dialog.keyStatusLabel.text(), timeout=10000)
    assert not dialog.apiKeyEdit.isEnabled()
    dialog.reject()


def test_test_connection_reports_in_plain_words(qtbot, make_window, api_server):
    window = make_window()
    dialog = open_dialog(qtbot, window)
    qtbot.mouseClick(dialog.testConnectionButton, Qt.LeftButton)
    qtbot.waitUntil(lambda: "Connection works" in dialog.testResultLabel.text(), timeout=10000)
    assert api_server.chat_requests()[-1].json["max_completion_tokens"] == 1
    api_server.set_mode("status", status=401)
    qtbot.mouseClick(dialog.testConnectionButton, Qt.LeftButton)
    qtbot.waitUntil(lambda: "rejected the API key" in dialog.testResultLabel.text(), timeout=10000)
    api_server.set_mode("html")
    qtbot.mouseClick(dialog.testConnectionButton, Qt.LeftButton)
    qtbot.waitUntil(lambda: "not an OpenAI-compatible API" in dialog.testResultLabel.text(), timeout=10000)
    dialog.reject()


def test_model_list_is_loaded_from_the_server(qtbot, make_window, api_server):
    window = make_window()
    dialog = open_dialog(qtbot, window)
    qtbot.mouseClick(dialog.loadModelsButton, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.modelCombo.count() == 2, timeout=10000)
    assert [dialog.modelCombo.itemText(i) for i in range(2)] == ["fake-model", "fake-model-2"]
    assert dialog.modelCombo.currentText() == "fake-model"
    api_server.set_mode("html")
    qtbot.mouseClick(dialog.loadModelsButton, Qt.LeftButton)
    qtbot.waitUntil(lambda: "not an OpenAI-compatible API" in dialog.testResultLabel.text(), timeout=10000)
    dialog.reject()


def test_key_is_stored_for_the_address_the_environment_sets(qtbot, make_window, api_server):
    from genai_desktop.core.validation import endpoint_id

    window = make_window(environ={"OPENAI_API_KEY": None, "OPENAI_BASE_URL": api_server.base_url},
                         base_url="https://stored.example/v1")
    dialog = open_dialog(qtbot, window)
    dialog.sessionOnlyCheck.setChecked(True)
    qtbot.keyClicks(dialog.apiKeyEdit, TEST_KEY)
    click_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: window._settings_dialog is None, timeout=10000)
    assert window.controller.settings.key_store._session == {endpoint_id(api_server.base_url): TEST_KEY}
