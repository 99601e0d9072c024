"""The proxy choice in the window (issue 13 point 3): the settings' Network page, the login prompt a 407
opens (its password to the keyring, then the request again), and the NTLM/Kerberos explanation."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from conftest import installed_keyring, send_prompt, transcript_text, wait_idle
from genai_desktop.core.profiles import ProxyChoice, ProxyMode
from genai_desktop.ui.proxy_form import ProxyChoiceForm, ProxyLoginDialog
from proxy_servers import LoginOnlyProxy, TinyProxy
from test_answer_words import MemoryKeyring
from test_settings_dialog import click_ok, open_dialog


def test_the_form_shows_and_gives_back_a_choice(qtbot):
    choice = ProxyChoice(ProxyMode.MANUAL, address="proxy.corp:3128", bypass=("localhost", ".corp.example"), user="me")
    form = ProxyChoiceForm(choice)
    qtbot.addWidget(form)
    form.show()
    assert form.choice() == choice
    assert form.addressEdit.isVisible() and form.bypassEdit.isVisible() and not form.pacUrlEdit.isVisible()
    form.modeCombo.setCurrentIndex(form.modeCombo.findData(ProxyMode.PAC.value))
    assert form.pacUrlEdit.isVisible() and not form.addressEdit.isVisible()
    form.pacUrlEdit.setText("http://wpad.corp/proxy.pac")
    assert form.choice() == ProxyChoice(ProxyMode.PAC, pac_url="http://wpad.corp/proxy.pac", address="proxy.corp:3128",
                                        bypass=("localhost", ".corp.example"), user="me")


@pytest.mark.parametrize("address", ["", "proxy.corp", "user:pw@proxy:3128", "socks5://proxy:1080", "proxy:99999"])
def test_the_form_names_an_unusable_manual_address(qtbot, address):
    form = ProxyChoiceForm(ProxyChoice(ProxyMode.MANUAL, address=address))
    qtbot.addWidget(form)
    form.show()
    assert form.show_problem() and form.problemLabel.isVisible()
    form.addressEdit.setText("proxy.corp:3128")  # mended: the problem goes as it is typed
    assert not form.problemLabel.isVisible()


def test_a_profile_form_offers_the_global_choice(qtbot):
    form = ProxyChoiceForm(None, inherit_text="As in the settings")
    qtbot.addWidget(form)
    assert form.choice() is None and form.mode() is None
    form.set_choice(ProxyChoice(ProxyMode.NONE))
    assert form.choice() == ProxyChoice(ProxyMode.NONE)


def test_the_network_page_saves_the_global_choice(qtbot, make_window, app_home):
    window = make_window()
    dialog = open_dialog(qtbot, window)
    form = dialog.proxyForm
    form.modeCombo.setCurrentIndex(form.modeCombo.findData(ProxyMode.MANUAL.value))
    form.addressEdit.setText("proxy.corp")  # no port
    click_ok(qtbot, dialog)
    assert dialog.isVisible() and form.problemLabel.isVisible()  # visible: the Network page is the one shown
    form.addressEdit.setText("proxy.corp:3128")
    form.bypassEdit.setText("localhost; .corp.example 10.0.0.0/8")
    click_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    saved = json.loads((app_home / "config" / "settings.json").read_text())["proxy"]
    assert saved == {"mode": "manual", "pac_url": "", "address": "proxy.corp:3128",
                     "bypass": ["localhost", ".corp.example", "10.0.0.0/8"], "user": ""}
    assert window.controller.settings.current.effective.proxy.address == "proxy.corp:3128"


def _login_dialog(qtbot) -> ProxyLoginDialog:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ProxyLoginDialog)
                    or any(isinstance(w, ProxyLoginDialog) and w.isVisible() for w in QApplication.topLevelWidgets()))
    return next(w for w in QApplication.topLevelWidgets() if isinstance(w, ProxyLoginDialog) and w.isVisible())


def test_a_proxy_login_is_asked_for_kept_in_the_keyring_and_the_answer_comes(qtbot, make_window, api_server,
                                                                             app_home, tmp_path):
    proxy = TinyProxy(tmp_path, login=("course", "s3cret-proxy-pass"))
    try:
        with installed_keyring(MemoryKeyring()) as memory:
            window = make_window(proxy={"mode": "manual", "address": proxy.address})
            send_prompt(qtbot, window, "Hello through the proxy")
            wait_idle(qtbot, window)
            banner = window.chatPane.errorBanner
            assert banner.isVisible() and banner.proxyLoginButton.isVisible()
            assert proxy.address in banner.titleLabel.text() and "login" in banner.titleLabel.text()
            assert not api_server.chat_requests()

            qtbot.mouseClick(banner.proxyLoginButton, Qt.LeftButton)
            dialog = _login_dialog(qtbot)
            assert proxy.address in dialog.questionLabel.text()
            qtbot.keyClicks(dialog.userEdit, "course")
            qtbot.keyClicks(dialog.passwordEdit, "s3cret-proxy-pass")
            dialog.buttonBox.accepted.emit()
            qtbot.waitUntil(lambda: len(api_server.chat_requests()) == 1, timeout=10000)
            wait_idle(qtbot, window)
            assert not banner.isVisible()
            assert "Hello from the fake server." in transcript_text(window)
            assert "tinyproxy" in api_server.chat_requests()[0].headers.get("via", "")
            assert memory.entries[("GenAI Desktop", f"proxy {proxy.address} course")] == "s3cret-proxy-pass"
            settings_text = (app_home / "config" / "settings.json").read_text()
            assert '"user": "course"' in settings_text and "s3cret" not in settings_text
            assert "s3cret" not in "".join(p.read_text(errors="replace") for p in (app_home / "logs").glob("*"))
    finally:
        proxy.stop()


def test_a_proxy_asking_for_ntlm_is_explained_with_the_remedy(qtbot, make_window, api_server):
    proxy = LoginOnlyProxy(("Negotiate", "NTLM"))
    try:
        window = make_window(proxy={"mode": "manual", "address": proxy.address})
        send_prompt(qtbot, window, "Hello")
        wait_idle(qtbot, window)
    finally:
        proxy.stop()
    banner = window.chatPane.errorBanner
    assert "NTLM or Kerberos" in banner.titleLabel.text()
    assert "px" in banner.adviceLabel.text() and "127.0.0.1:3128" in banner.adviceLabel.text()
    assert not banner.proxyLoginButton.isVisible() and banner.settingsButton.isVisible()
