"""The profile part of the settings dialog (issue 13 point 1): the list, new profiles from presets, a key
and a secret header per profile, the default profile, the Azure hints."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from conftest import TEST_KEY, installed_keyring, send_prompt, wait_idle
from genai_desktop.core.profiles import FIRST_PROFILE_ID
from genai_desktop.core.secrets import KEYRING_SERVICE, header_entry, key_entry
from test_profiles import OTHER_KEY, SUBSCRIPTION
from test_settings_dialog import MemoryKeyring, click_ok, open_dialog, retype


def new_profile(qtbot, dialog, preset_id: str):
    """Choose a preset from the New profile menu, as a click on its entry does."""
    menu = dialog.profileForm.newProfileButton.menu()
    [action] = [a for a in menu.actions() if a.text() == dialog.profileForm.preset_name(preset_id)]
    action.trigger()
    return dialog.profileForm.current()


def test_a_new_profile_from_a_preset_gets_its_own_key_and_the_default_keeps_its_own(
        qtbot, make_window, api_server, app_home):
    with installed_keyring(MemoryKeyring()) as ring:
        window = make_window(environ={"OPENAI_API_KEY": None})
        dialog = open_dialog(qtbot, window)
        form = dialog.profileForm
        assert form.profileCombo.count() == 1 and form.profileCombo.currentText().endswith("(default)")
        assert not form.removeProfileButton.isEnabled()  # the last profile stays
        qtbot.keyClicks(dialog.apiKeyEdit, TEST_KEY)  # for the first profile, then another profile is shown

        profile = new_profile(qtbot, dialog, "lmstudio")
        assert (profile.name, profile.base_url, profile.preset) == ("LM Studio", "http://localhost:1234/v1",
                                                                    "lmstudio")
        assert dialog.baseUrlEdit.text() == "http://localhost:1234/v1" and dialog.apiKeyEdit.text() == ""
        assert not form.defaultProfileCheck.isChecked() and form.removeProfileButton.isEnabled()
        retype(qtbot, form.profileNameEdit, "My gateway")
        retype(qtbot, dialog.baseUrlEdit, api_server.base_url)
        dialog.modelCombo.setCurrentText("gateway-model")
        form.headersEdit.setPlainText("X-Course: week-3")
        qtbot.keyClicks(form.secretHeaderNameEdit, "Ocp-Apim-Subscription-Key")
        qtbot.keyClicks(form.secretHeaderValueEdit, SUBSCRIPTION)
        qtbot.keyClicks(dialog.apiKeyEdit, OTHER_KEY)
        assert [form.profileCombo.itemText(i) for i in range(2)] == [
            form.profileCombo.itemText(0), "My gateway"]
        click_ok(qtbot, dialog)
        qtbot.waitUntil(lambda: window._settings_dialog is None, timeout=10000)

        settings = window.controller.settings.current.stored
        first, gateway = settings.profile_list()
        assert settings.default_profile == FIRST_PROFILE_ID and settings.base_url == api_server.base_url
        assert (gateway.name, gateway.model, gateway.headers, gateway.secret_headers) == (
            "My gateway", "gateway-model", (("X-Course", "week-3"),), ("Ocp-Apim-Subscription-Key",))
        assert ring.keys[(KEYRING_SERVICE, key_entry(api_server.base_url, FIRST_PROFILE_ID))] == TEST_KEY
        assert ring.keys[(KEYRING_SERVICE, key_entry(api_server.base_url, gateway.id))] == OTHER_KEY
        assert ring.keys[(KEYRING_SERVICE, header_entry(api_server.base_url, gateway.id,
                                                        "Ocp-Apim-Subscription-Key"))] == SUBSCRIPTION
        stored_text = (app_home / "config" / "settings.json").read_text()
        assert OTHER_KEY not in stored_text and SUBSCRIPTION not in stored_text and TEST_KEY not in stored_text
        assert json.loads(stored_text)["profiles"][1]["name"] == "My gateway"

        send_prompt(qtbot, window, "hello")  # new chats: the default profile, with its own key
        wait_idle(qtbot, window)
        assert api_server.chat_requests()[-1].headers["authorization"] == f"Bearer {TEST_KEY}"

        dialog = open_dialog(qtbot, window)  # the other profile made the default, then removed
        dialog.profileForm.show(gateway.id)
        qtbot.waitUntil(lambda: "is saved in the system keyring" in dialog.keyStatusLabel.text(), timeout=10000)
        dialog.profileForm.defaultProfileCheck.setChecked(True)
        assert dialog.profileForm.default_id == gateway.id
        click_ok(qtbot, dialog)
        qtbot.waitUntil(lambda: window._settings_dialog is None, timeout=10000)
        assert window.controller.settings.current.stored.model == "gateway-model"

        dialog = open_dialog(qtbot, window)
        assert dialog.profileForm.current_id == gateway.id  # the dialog opens at the default profile
        qtbot.mouseClick(dialog.profileForm.removeProfileButton, Qt.LeftButton)
        assert dialog.profileForm.current_id == FIRST_PROFILE_ID
        click_ok(qtbot, dialog)
        qtbot.waitUntil(lambda: window._settings_dialog is None, timeout=10000)
        assert [p.id for p in window.controller.settings.current.stored.profile_list()] == [FIRST_PROFILE_ID]
        qtbot.waitUntil(lambda: not any(gateway.id in entry for _service, entry in ring.keys), timeout=10000)
        assert (KEYRING_SERVICE, key_entry(api_server.base_url, FIRST_PROFILE_ID)) in ring.keys


def test_a_line_that_is_no_header_keeps_the_dialog_open_and_says_which(qtbot, make_window):
    window = make_window()
    dialog = open_dialog(qtbot, window)
    dialog.profileForm.headersEdit.setPlainText("X-Fine: yes\nAuthorization: Bearer sk-stolen")
    click_ok(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.profileForm.headersProblemLabel.isVisible()
    assert "Line 2" in dialog.profileForm.headersProblemLabel.text()
    dialog.reject()


def test_the_azure_preset_says_what_a_pasted_deployment_address_should_be_and_fixes_it(qtbot, make_window):
    window = make_window()
    dialog = open_dialog(qtbot, window)
    new_profile(qtbot, dialog, "azure")
    hint = dialog.profileForm.presetHintLabel
    assert hint.isVisible() and "<resource>" in hint.text()
    assert hint.textFormat() == Qt.PlainText
    retype(qtbot, dialog.baseUrlEdit, "https://team.openai.azure.com/openai/deployments/chat-prod/chat/completions"
                                      "?api-version=2024-10-21")
    assert "chat-prod" in hint.text() and dialog.profileForm.applyHintButton.isVisible()
    qtbot.mouseClick(dialog.profileForm.applyHintButton, Qt.LeftButton)
    assert dialog.baseUrlEdit.text() == "https://team.openai.azure.com/openai/v1/"
    assert dialog.modelCombo.currentText() == "chat-prod"
    assert not hint.isVisible()
    dialog.modelCombo.setCurrentText("gpt-4o")
    assert hint.isVisible() and "deployment" in hint.text()
    dialog.reject()


def test_the_chat_picker_offers_the_profiles_and_a_chat_keeps_its_own_across_a_restart(
        qtbot, make_window, api_server):
    from fake_openai_server import FakeOpenAIServer
    from genai_desktop.core.profiles import Profile
    from genai_desktop.core.settings import Settings

    with FakeOpenAIServer() as local:
        single = make_window()
        assert not single.modelPicker.profileCombo.isVisible()  # one profile: nothing to choose
        single.close()
        profiles = Settings().with_profiles(
            (Profile(FIRST_PROFILE_ID, "Course", api_server.base_url, "fake-model"),
             Profile("local", "Ollama", local.base_url, "llama3.2", preset="ollama")), FIRST_PROFILE_ID)
        stored = {"profiles": profiles.to_json_dict()["profiles"], "default_profile": FIRST_PROFILE_ID}
        window = make_window(**stored)
        picker = window.modelPicker
        assert picker.profileCombo.isVisible()
        assert [picker.profileCombo.itemText(i) for i in range(2)] == ["Course", "Ollama"]
        assert picker.profileCombo.currentText() == "Course" and picker.combo.currentText() == "fake-model"
        picker.profileCombo.activated.emit(1)  # as a pick in its list does
        assert picker.combo.currentText() == "llama3.2"
        send_prompt(qtbot, window, "hello local")
        wait_idle(qtbot, window)
        assert [r.json["model"] for r in local.chat_requests()] == ["llama3.2"] and not api_server.chat_requests()
        chat = window.controller.session.shown.conversation_id
        window.close()

        again = make_window(**stored)  # opens at the chat shown at the close
        assert again.controller.session.shown.conversation_id == chat
        assert again.modelPicker.profileCombo.currentText() == "Ollama"
        assert again.modelPicker.combo.currentText() == "llama3.2"
        again.controller.session.open(None)
        qtbot.waitUntil(lambda: again.modelPicker.profileCombo.currentText() == "Course")  # a new chat: the default
        assert again.modelPicker.combo.currentText() == "fake-model"


def test_what_the_environment_sets_is_never_saved_into_a_profile_even_when_another_becomes_the_default(
        qtbot, make_window, api_server):
    from genai_desktop.core.profiles import Profile
    from genai_desktop.core.settings import Settings

    stored = Settings(base_url="https://stored.example/v1").with_profiles(
        (Profile(FIRST_PROFILE_ID, "Stored", "https://stored.example/v1", "fake-model"),
         Profile("other", "Other", "https://other.example/v1", "other-model")), FIRST_PROFILE_ID).to_json_dict()
    window = make_window(environ={"OPENAI_BASE_URL": api_server.base_url}, base_url="https://stored.example/v1",
                         profiles=stored["profiles"], default_profile=FIRST_PROFILE_ID)
    dialog = open_dialog(qtbot, window)
    assert not dialog.baseUrlEdit.isEnabled() and dialog.baseUrlEdit.text() == api_server.base_url
    dialog.profileForm.show("other")
    assert dialog.baseUrlEdit.isEnabled() and dialog.baseUrlEdit.text() == "https://other.example/v1"
    dialog.profileForm.defaultProfileCheck.setChecked(True)
    click_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: window._settings_dialog is None, timeout=10000)
    saved = window.controller.settings.current.stored
    assert saved.base_url == "https://other.example/v1" and saved.default_profile == "other"
    first = [p for p in saved.profile_list() if p.id == FIRST_PROFILE_ID][0]
    assert first.base_url == "https://stored.example/v1"  # not the environment's address


def test_ok_shows_a_profile_whose_address_is_unusable_instead_of_saving_it(qtbot, make_window):
    window = make_window()
    dialog = open_dialog(qtbot, window)
    azure = new_profile(qtbot, dialog, "azure")  # its address still holds <resource>
    dialog.profileForm.show(FIRST_PROFILE_ID)
    click_ok(qtbot, dialog)
    assert dialog.isVisible() and dialog.profileForm.current_id == azure.id
    assert dialog.urlErrorLabel.isVisible()
    assert len(window.controller.settings.current.stored.profile_list()) == 1  # nothing saved
    dialog.reject()


def test_a_profiles_context_size_and_own_proxy_are_kept_per_profile(qtbot, make_window, api_server):
    """The form's context size and proxy choice belong to the profile shown: switching profiles keeps each
    one's, OK saves them; the inherit entry means the Network page's choice (None)."""
    from genai_desktop.core.profiles import ProxyMode

    window = make_window()
    dialog = open_dialog(qtbot, window)
    form = dialog.profileForm
    first_id = form.current_id
    assert form.contextSpin.value() == 0 and form.proxyForm.choice() is None
    assert form.contextSpin.text() == "The model's known size"
    ollama = new_profile(qtbot, dialog, "ollama")
    form.contextSpin.setValue(32768)
    combo = form.proxyForm.modeCombo
    combo.setCurrentIndex(combo.findData(ProxyMode.NONE.value))
    form.show(first_id)
    assert form.contextSpin.value() == 0 and form.proxyForm.choice() is None
    form.show(ollama.id)
    assert form.contextSpin.value() == 32768 and form.proxyForm.mode() is ProxyMode.NONE
    combo.setCurrentIndex(combo.findData(ProxyMode.MANUAL.value))
    form.proxyForm.addressEdit.setText("no port here")
    click_ok(qtbot, dialog)
    assert dialog.isVisible() and form.proxyForm.problemLabel.isVisible()  # said, not saved
    form.proxyForm.addressEdit.setText("127.0.0.1:3128")
    click_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: window._settings_dialog is None, timeout=10000)
    saved = window.controller.settings.current.stored.profile(ollama.id)
    assert saved.context_tokens == 32768
    assert (saved.proxy.mode, saved.proxy.address) == (ProxyMode.MANUAL, "127.0.0.1:3128")
    assert window.controller.settings.current.stored.profile(first_id).proxy is None
