"""The settings dialog: validation, environment overrides, Test connection, model list."""

from __future__ import annotations

import json

import pytest
from keyring.backends import fail
from PySide6.QtCore import QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractSpinBox, QApplication, QComboBox, QDialogButtonBox, QLabel, QLineEdit, QListWidget,
    QMessageBox, QPlainTextEdit, QScrollArea, QWidget,
)

from conftest import TEST_KEY, KeyringForTests, activate, installed_keyring
from fake_openai_server import FakeOpenAIServer
from test_translations import compiled_catalogue  # noqa: F401 - a fixture: the German .qm, compiled if missing


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
    assert dialog.findChild(object, "connectionEnvironmentHint").isVisible()  # the rest is on Advanced
    dialog.pages.show_page("advancedPage")
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
    from genai_desktop.core.profiles import FIRST_PROFILE_ID
    from genai_desktop.core.secrets import key_entry

    window = make_window(environ={"OPENAI_API_KEY": None, "OPENAI_BASE_URL": api_server.base_url},
                         base_url="https://stored.example/v1")
    dialog = open_dialog(qtbot, window)
    dialog.sessionOnlyCheck.setChecked(True)
    qtbot.keyClicks(dialog.apiKeyEdit, TEST_KEY)
    click_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: window._settings_dialog is None, timeout=10000)
    # for the default profile at that address (the profile is part of the entry's name since issue 13)
    assert window.controller.settings.key_store._session == {key_entry(api_server.base_url, FIRST_PROFILE_ID):
                                                             TEST_KEY}


# --- pages whose rows fit their text (rough edge 2.4), the key of the address being edited (2.5), the model
# following the server (2.6) -------------------------------------------------------------------------------

class MemoryKeyring(KeyringForTests):
    """A keyring in memory: keys per endpoint, as the system keyring keeps them."""

    def __init__(self):
        super().__init__()
        self.keys: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.keys.get((service, username))

    def set_password(self, service, username, password):
        self.keys[(service, username)] = password

    def delete_password(self, service, username):
        self.keys.pop((service, username), None)


def retype(qtbot, edit, text: str) -> None:
    edit.clear()
    qtbot.keyClicks(edit, text)


CONTROLS = (QLabel, QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit, QListWidget)


def assert_every_page_fits(qtbot, dialog, state: str) -> None:
    """On every page: no visible label is cut (a wrapped one is at least as high as its text needs at its
    width, any other as wide and high as its text), no control is cut at the side, no two controls overlap;
    and the dialog grew so that the page needs no scrolling, unless the screen is too small for it."""
    shown_before = dialog.pageList.currentRow()
    problems = []
    for name in dialog.pages.page_names():
        dialog.pages.show_page(name)
        qtbot.wait(30)  # layouts, then the dialog's growing, run from the event loop
        page = dialog.findChild(QWidget, name)
        scroll = dialog.findChild(QScrollArea, f"{name}Scroll")
        controls = [w for w in page.findChildren(QWidget) if isinstance(w, CONTROLS) and w.isVisible()
                    and not (isinstance(w, QLabel) and not w.text())
                    and not isinstance(w.parent(), (QComboBox, QAbstractSpinBox))]
        for w in controls:
            where = f"{state}, {name}: {type(w).__name__} {w.objectName() or w.text()[:40]!r}"
            if isinstance(w, QLabel) and w.wordWrap():
                if w.height() < w.heightForWidth(w.width()):
                    problems.append(f"{where} is {w.height()} px high, its text needs {w.heightForWidth(w.width())}")
            elif isinstance(w, (QLabel, QAbstractButton)):
                hint = w.sizeHint()
                if w.width() < hint.width() or w.height() < hint.height():
                    problems.append(f"{where} is {w.size().toTuple()}, its text needs {hint.toTuple()}")
            rect = QRect(w.mapTo(dialog, QPoint(0, 0)), w.size())
            if rect.left() < 0 or rect.right() > dialog.width():
                problems.append(f"{where} reaches past the dialog's side: {rect.getRect()}")
        rects = [(w, QRect(w.mapTo(page, QPoint(0, 0)), w.size())) for w in controls]
        for index, (first, first_rect) in enumerate(rects):
            for second, second_rect in rects[index + 1:]:
                if first_rect.intersects(second_rect):
                    problems.append(f"{state}, {name}: {first.objectName() or first.text()[:30]!r} "
                                    f"{first_rect.getRect()} overlaps {second.objectName() or second.text()[:30]!r} "
                                    f"{second_rect.getRect()}")
        screen = dialog.screen().availableGeometry()
        if scroll.verticalScrollBar().maximum() > 0 and dialog.frameGeometry().height() < screen.height() - 8:
            problems.append(f"{state}, {name}: the page scrolls though the screen has room for the dialog to grow")
    dialog.pageList.setCurrentRow(shown_before)
    assert not problems, "\n".join(problems)


@pytest.fixture(params=["en", "de"])
def language(request, qapp, compiled_catalogue):
    from genai_desktop.app import install_translations

    install_translations(qapp, request.param)
    yield request.param
    install_translations(qapp, "en")


@pytest.fixture(params=[1, 2], ids=["100%", "200%"])
def text_size(request, qapp):
    before = qapp.font()
    font = qapp.font()
    font.setPointSizeF(before.pointSizeF() * request.param)
    qapp.setFont(font)
    yield request.param
    qapp.setFont(before)


def test_every_page_fits_its_text_in_every_state(qtbot, make_window, api_server, language, text_size):
    """Rough edge 2.4: the red address error, the key status, a two-line test result, the environment note
    and the no-keyring text each push the rows below down, in German and English, at 100 % and 200 %."""
    api_server.set_mode("normal", unknown_model_status=400)
    with installed_keyring(fail.Keyring()):
        window = make_window(environ={"OPENAI_API_KEY": None, "GENAI_DESKTOP_MODEL": "env-model"})
        dialog = open_dialog(qtbot, window)
        assert dialog.pages.page_names() == ["connectionPage", "answersPage", "appearancePage", "networkPage",
                                             "advancedPage", "certificatesPage"]
        qtbot.waitUntil(lambda: "OPENAI_API_KEY" not in dialog.keyStatusLabel.text()
                        and dialog.sessionOnlyCheck.isChecked(), timeout=10000)  # no keyring: said, session only
        assert dialog.findChild(QLabel, "connectionEnvironmentHint").isVisible()
        assert_every_page_fits(qtbot, dialog, "no keyring, environment note")

        qtbot.keyClicks(dialog.apiKeyEdit, TEST_KEY)
        qtbot.mouseClick(dialog.testConnectionButton, Qt.LeftButton)
        qtbot.waitUntil(lambda: "model=env-model" in dialog.testResultLabel.text(), timeout=10000)
        assert dialog.testResultLabel.text().count("\n") == 1  # what happened and what to do; the server's words
        assert_every_page_fits(qtbot, dialog, "two-line test result")

        dialog.apiKeyEdit.setText("sk-abc\u201ddef")
        click_ok(qtbot, dialog)
        assert dialog.keyErrorLabel.isVisible()
        activate(dialog)  # the offscreen platform activates no window by itself: Tab would move no focus
        dialog.baseUrlEdit.setFocus()
        retype(qtbot, dialog.baseUrlEdit, "127.0.0.1:4455")
        qtbot.keyClick(dialog.baseUrlEdit, Qt.Key_Tab)
        assert not dialog.baseUrlEdit.hasFocus()
        qtbot.waitUntil(dialog.urlErrorLabel.isVisible)
        assert "https://" in dialog.urlErrorLabel.text()
        assert_every_page_fits(qtbot, dialog, "address and key errors")
        dialog.reject()


class GatedKeyring(MemoryKeyring):
    """A keyring that answers only once the test opens its gate (an unlock prompt being answered)."""

    def __init__(self):
        super().__init__()
        import threading

        self.gate = threading.Event()

    def get_password(self, service, username):
        self.gate.wait(30)
        return super().get_password(service, username)


def test_remove_key_is_offered_only_once_the_lookup_found_a_key(qtbot, make_window, api_server):
    """While the key is being looked up the dialog does not know whether there is one to remove."""
    from genai_desktop.core.secrets import KEYRING_SERVICE, key_entry
    from genai_desktop.core.profiles import FIRST_PROFILE_ID

    ring = GatedKeyring()
    try:
        with installed_keyring(ring):
            window = make_window(environ={"OPENAI_API_KEY": None})
            dialog = open_dialog(qtbot, window)
            assert dialog.keyStatusLabel.text() == "Looking up the saved key…"
            assert not dialog.removeKeyButton.isEnabled()
            ring.gate.set()
            qtbot.waitUntil(lambda: dialog.keyStatusLabel.text() == "No key is saved for this server address yet.",
                            timeout=10000)
            assert not dialog.removeKeyButton.isEnabled()
            dialog.reject()
            ring.set_password(KEYRING_SERVICE, key_entry(api_server.base_url, FIRST_PROFILE_ID), TEST_KEY)
            dialog = open_dialog(qtbot, window)
            qtbot.waitUntil(lambda: "is saved in the system keyring" in dialog.keyStatusLabel.text(), timeout=10000)
            assert dialog.removeKeyButton.isEnabled()
            dialog.reject()
    finally:
        ring.gate.set()


def test_the_key_status_follows_the_address_being_edited(qtbot, make_window, api_server):
    """Rough edge 2.5: a key is stored per endpoint; the dialog shows the one of the address in the field,
    and the test result's advice names what is in the dialog (no Retry, no "open Settings")."""
    from genai_desktop.core.secrets import KEYRING_SERVICE
    from genai_desktop.core.validation import endpoint_id

    with installed_keyring(MemoryKeyring()) as ring:
        ring.set_password(KEYRING_SERVICE, endpoint_id(api_server.base_url), TEST_KEY)
        window = make_window(environ={"OPENAI_API_KEY": None})
        dialog = open_dialog(qtbot, window)
        qtbot.waitUntil(lambda: "is saved in the system keyring" in dialog.keyStatusLabel.text(), timeout=10000)
        assert dialog.removeKeyButton.isEnabled()

        with FakeOpenAIServer() as other:
            retype(qtbot, dialog.baseUrlEdit, other.base_url)
            qtbot.waitUntil(lambda: dialog.keyStatusLabel.text() == "No key is saved for this server address yet.",
                            timeout=10000)
            assert not dialog.removeKeyButton.isEnabled()
            qtbot.mouseClick(dialog.testConnectionButton, Qt.LeftButton)
            qtbot.waitUntil(lambda: "No API key is set up yet." in dialog.testResultLabel.text(), timeout=10000)
            assert "field above" in dialog.testResultLabel.text()
            assert other.chat_requests() == []

            for status in (401, 429, 500):  # with the saved key again: each advice fits the dialog
                retype(qtbot, dialog.baseUrlEdit, api_server.base_url)
                api_server.set_mode("status", status=status)
                dialog.testResultLabel.clear()
                qtbot.mouseClick(dialog.testConnectionButton, Qt.LeftButton)
                qtbot.waitUntil(lambda: f"HTTP status {status}" in dialog.testResultLabel.text(), timeout=10000)
                result = dialog.testResultLabel.text()
                assert "Retry" not in result and "Settings" not in result, result
        qtbot.waitUntil(lambda: "is saved in the system keyring" in dialog.keyStatusLabel.text(), timeout=10000)
        dialog.reject()


def test_the_model_follows_the_server_and_its_words_are_shown(qtbot, make_window, api_server):
    """Rough edge 2.6 and "1 models found.": a model the server does not offer is replaced by its first one,
    and the server's own words ("Invalid model name …") are in the test result."""
    api_server.set_mode("normal", model_ids=["llama3.1:8b", "qwen2.5:7b"], unknown_model_status=400)
    window = make_window()
    dialog = open_dialog(qtbot, window)
    qtbot.mouseClick(dialog.testConnectionButton, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.testResultLabel.text().startswith("The server refused"), timeout=10000)
    assert "Server message: Invalid model name passed in model=fake-model." in dialog.testResultLabel.text()

    qtbot.mouseClick(dialog.loadModelsButton, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.modelCombo.count() == 2, timeout=10000)
    assert dialog.modelCombo.currentText() == "llama3.1:8b"
    assert dialog.testResultLabel.text() == ("2 models found. This server does not offer fake-model; "
                                             "llama3.1:8b is selected instead.")
    qtbot.mouseClick(dialog.testConnectionButton, Qt.LeftButton)
    qtbot.waitUntil(lambda: "Connection works" in dialog.testResultLabel.text(), timeout=10000)
    assert api_server.chat_requests()[-1].json["model"] == "llama3.1:8b"

    api_server.set_mode("normal", model_ids=["llama3.1:8b"])
    qtbot.mouseClick(dialog.loadModelsButton, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.testResultLabel.text() == "1 model found.", timeout=10000)
    assert dialog.modelCombo.currentText() == "llama3.1:8b"
    click_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: window._settings_dialog is None)
    assert window.controller.settings.current.effective.model == "llama3.1:8b"
