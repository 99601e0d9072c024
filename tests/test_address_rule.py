"""One rule for the address every request goes to, whatever set it (dialog, settings.json, OPENAI_BASE_URL):
no user info, and plain http to another machine only once the user confirmed that address."""

from __future__ import annotations

import json

import pytest
from hypothesis import example, given, settings, strategies as st
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from conftest import KeyringForTests, installed_keyring, send_prompt, wait_idle
from genai_desktop.core.redaction import redact
from genai_desktop.core.validation import UrlProblem, address_problem, endpoint_id, without_user_info
from test_settings_dialog import answer_next_box, click_ok, open_dialog

REMOTE_HTTP = "http://api.example.invalid/v1"  # never resolvable: only a proxy could carry the request


@pytest.fixture
def proxy(leak_trap, monkeypatch):
    """A loopback HTTP proxy: whatever reaches it would have gone over the network in clear text."""
    monkeypatch.setenv("HTTP_PROXY", leak_trap.url(""))
    monkeypatch.setenv("http_proxy", leak_trap.url(""))
    return leak_trap


@pytest.mark.parametrize("source", ["settings.json", "OPENAI_BASE_URL"])
def test_unencrypted_remote_address_is_refused_until_confirmed(qtbot, make_window, app_home, proxy, source):
    if source == "settings.json":
        window = make_window(base_url=REMOTE_HTTP)
    else:
        window = make_window(environ={"OPENAI_BASE_URL": REMOTE_HTTP})
    assert window.controller.settings.current.effective.base_url == REMOTE_HTTP
    send_prompt(qtbot, window, "hello over clear text")
    wait_idle(qtbot, window)
    qtbot.wait(200)
    assert proxy.hits == []  # neither the key nor the conversation went out
    banner = window.errorBanner
    assert banner.isVisible() and "not encrypted" in banner.titleLabel.text()
    assert "confirm" in banner.adviceLabel.text() and banner.settingsButton.isVisible()
    assert "api.example.invalid" in banner.detailLabel.text()

    # Confirmed in Settings (also when the environment sets the address): remembered, and the request goes.
    qtbot.mouseClick(banner.settingsButton, Qt.LeftButton)
    qtbot.waitUntil(lambda: window._settings_dialog is not None and window._settings_dialog.isVisible())
    dialog = window._settings_dialog
    answer_next_box(QMessageBox.Yes)
    click_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: window._settings_dialog is None)
    stored = json.loads((app_home / "config" / "settings.json").read_text())
    assert stored["cleartext_confirmed"] == endpoint_id(REMOTE_HTTP)
    qtbot.mouseClick(banner.retryButton, Qt.LeftButton)
    qtbot.waitUntil(lambda: proxy.hits != [], timeout=10000)
    assert proxy.hits[0].startswith("http://api.example.invalid/v1/")
    wait_idle(qtbot, window)


def test_declining_the_confirmation_in_settings_keeps_refusing(qtbot, make_window, proxy):
    window = make_window(environ={"OPENAI_BASE_URL": REMOTE_HTTP})
    dialog = open_dialog(qtbot, window)
    answer_next_box(QMessageBox.No)
    click_ok(qtbot, dialog)
    assert dialog.isVisible()
    dialog.reject()
    send_prompt(qtbot, window, "hello")
    wait_idle(qtbot, window)
    assert proxy.hits == [] and "not encrypted" in window.errorBanner.titleLabel.text()


def test_test_connection_asks_before_sending_in_clear_text(qtbot, make_window, proxy):
    window = make_window()
    dialog = open_dialog(qtbot, window)
    dialog.baseUrlEdit.setText(REMOTE_HTTP)
    answer_next_box(QMessageBox.No)
    qtbot.mouseClick(dialog.testConnectionButton, Qt.LeftButton)
    qtbot.wait(300)
    assert proxy.hits == []
    dialog.reject()


def test_user_info_from_the_environment_is_refused_and_never_shown(qtbot, make_window, api_server, app_home):
    password = "hunter2PASSWORDxyz"
    address = f"http://me:{password}@127.0.0.1:{api_server.port}/v1"
    window = make_window(environ={"OPENAI_BASE_URL": address})
    send_prompt(qtbot, window, "hello")
    wait_idle(qtbot, window)
    qtbot.wait(200)
    assert api_server.requests == []
    banner = window.errorBanner
    assert "user name or password" in banner.titleLabel.text()
    shown = " ".join((banner.titleLabel.text(), banner.adviceLabel.text(), banner.detailLabel.text()))
    assert password not in shown and "[REDACTED]@127.0.0.1" in shown
    window.close()
    logged = b"".join(path.read_bytes() for path in app_home.rglob("*.log*"))
    assert password.encode() not in logged


def test_self_test_ping_refuses_user_info_and_prints_it_redacted(app_home, api_server, monkeypatch, capsys):
    from genai_desktop.app import run_self_test
    from genai_desktop.core.paths import app_paths

    password = "hunter2PASSWORDxyz"
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://me:{password}@127.0.0.1:{api_server.port}/v1")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-0123456789abcdefTESTKEY")
    assert run_self_test(app_paths().ensure(), ping=True) == 1
    printed = capsys.readouterr().out
    assert password not in printed and "me:" not in printed
    ping_line = next(line for line in printed.splitlines() if line.startswith("ping:"))
    assert "FAILED" in ping_line and "user name or password" in ping_line and "[REDACTED]@127.0.0.1" in ping_line
    assert api_server.requests == []


def test_self_test_ping_refuses_unconfirmed_clear_text(app_home, proxy, monkeypatch):
    from genai_desktop.core.paths import app_paths
    from genai_desktop.core.selftest import check_ping

    result = check_ping(app_paths().ensure(), {"OPENAI_BASE_URL": REMOTE_HTTP,
                                               "OPENAI_API_KEY": "sk-test-0123456789abcdefTESTKEY"})
    assert not result.ok and "unencrypted" in result.detail
    assert proxy.hits == []


@pytest.mark.parametrize("url, confirmed, problem", [
    ("https://api.example.com/v1", "", None),
    ("http://localhost:11434/v1", "", None),
    ("http://[::1]:8000/v1", "", None),
    ("http://api.example.com/v1", "", UrlProblem.CLEARTEXT_UNCONFIRMED),
    ("http://api.example.com/v1/", "http://api.example.com/v1", None),
    ("HTTP://API.example.com/v1", "http://api.example.com/v1", None),
    ("http://api.example.com/v2", "http://api.example.com/v1", UrlProblem.CLEARTEXT_UNCONFIRMED),
    ("http://other.example/v1", "http://api.example.com/v1", UrlProblem.CLEARTEXT_UNCONFIRMED),
    ("https://me:pw@api.example.com/v1", "", UrlProblem.USER_INFO),
    ("http://me@localhost/v1", "", UrlProblem.USER_INFO),
    ("ftp://example.org/v1", "", UrlProblem.SCHEME),
])
def test_address_rule(url, confirmed, problem):
    assert address_problem(url, confirmed) is problem


# No "/", "?", "#" (they end the authority) and no whitespace (it ends an address in a text); "@" is allowed.
user_info_text = st.characters(blacklist_characters="/?#", blacklist_categories=("Cs", "Zs", "Zl", "Zp", "Cc"))


@pytest.mark.parametrize("url", ["http://me:p@ssw0rdSECRET@host.example/v1", "https://@@SECRET@@@host.example",
                                 "http://me@SECRET:x@host.example?next=a@b"])
def test_a_password_with_at_signs_is_redacted_whole(url):
    for shown in (without_user_info(url), redact(url), redact(f"error talking to {url}: refused")):
        assert "SECRET" not in shown and "[REDACTED]@host.example" in shown, shown


@settings(max_examples=300, deadline=None)
@given(user=st.text(alphabet=user_info_text, min_size=1, max_size=30),
       password=st.text(alphabet=user_info_text, min_size=6, max_size=30),
       path=st.text(alphabet="abc/?#=&", max_size=20))
@example(user="API_KEY", password="000000", path="")  # was taken for an "api_key: …" header, host and all
def test_user_info_never_survives_showing_or_logging(user, password, path):
    url = f"https://{user}:{password}@host.example/{path}"
    assert address_problem(url) is not None
    assert without_user_info(url) == f"https://[REDACTED]@host.example/{path}"
    for shown in (redact(url), redact(f"error talking to {url}: refused")):
        assert f"{user}:{password}" not in shown and "[REDACTED]@host.example" in shown


@pytest.mark.parametrize("call", ["run_chat", "ping", "list_models"])
def test_core_llm_itself_refuses_an_unsafe_address_before_sending(proxy, api_server, call):
    """The rule sits where every request is made, not in each caller: core/llm.py refuses on its own."""
    from genai_desktop.core import llm
    from genai_desktop.core.chat import ChatRequest
    from genai_desktop.core.errors import ChatError, ErrorKind

    def attempt(base_url: str, confirmed: str = "") -> ChatError | None:
        request = ChatRequest(base_url=base_url, model="fake-model", api_key="sk-test-0123456789abcdefTESTKEY",
                              messages=({"role": "user", "content": "hello"},), connect_timeout=2.0,
                              read_timeout=2.0, cleartext_confirmed=confirmed)
        try:
            if call == "run_chat":
                llm.run_chat(request, llm.CancelToken(), lambda _text: None)
            else:
                getattr(llm, call)(request)
        except ChatError as error:
            return error
        return None

    user_info = f"http://me:hunter2PASSWORDxyz@127.0.0.1:{api_server.port}/v1"
    for refused, problem in ((REMOTE_HTTP, UrlProblem.CLEARTEXT_UNCONFIRMED), (user_info, UrlProblem.USER_INFO)):
        error = attempt(refused)
        assert error is not None and error.kind is ErrorKind.UNSAFE_ADDRESS and error.detail == problem.value
    assert proxy.hits == [] and api_server.requests == []
    # Once confirmed, that very address is used (the request reaches the proxy standing in for it).
    attempt(REMOTE_HTTP, endpoint_id(REMOTE_HTTP))
    assert proxy.hits and proxy.hits[0].startswith("http://api.example.invalid/v1/")


def test_the_address_is_refused_before_a_missing_key_or_a_failing_keyring_is_reported(
        qtbot, make_window, monkeypatch):
    """The rule now lives in core/llm.py, after the key lookup: the address problem must still be what
    the user is told, also for an address the key store cannot even name (urlsplit raises on it)."""
    import keyring.errors

    class BrokenKeyring(KeyringForTests):
        def get_password(self, service, username):
            raise keyring.errors.KeyringError("locked")

        def set_password(self, service, username, password):
            raise keyring.errors.PasswordSetError("locked")

        def delete_password(self, service, username):
            raise keyring.errors.PasswordDeleteError("locked")

    with installed_keyring(BrokenKeyring()):
        for address, problem in (("http://[::1/v1", UrlProblem.NO_HOST), (REMOTE_HTTP, UrlProblem.CLEARTEXT_UNCONFIRMED)):
            window = make_window(environ={"OPENAI_BASE_URL": address, "OPENAI_API_KEY": None})
            send_prompt(qtbot, window, "hello")
            wait_idle(qtbot, window)
            error = window.controller.session.shown.turns[-1].error
            assert error is not None and error.detail == problem.value, error
            window.close()


def test_the_banner_and_the_settings_dialog_word_an_address_problem_alike(qtbot, make_window):
    """One wording per problem (ui.messages.address_problem_text): the banner says what is wrong, not
    only that the address cannot be used."""
    window = make_window(environ={"OPENAI_BASE_URL": "http://[::1/v1"})
    send_prompt(qtbot, window, "hello")
    wait_idle(qtbot, window)
    advice = window.errorBanner.adviceLabel.text()
    assert "The address has no valid server name." in advice and "Check the server address" in advice
    dialog = open_dialog(qtbot, window)
    dialog.baseUrlEdit.setEnabled(True)  # as if it were not set by OPENAI_BASE_URL: typed in the dialog
    dialog.baseUrlEdit.setText("https://")
    click_ok(qtbot, dialog)
    assert dialog.urlErrorLabel.text() == "The address has no valid server name."
    dialog.reject()
