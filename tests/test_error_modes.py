"""Every way an endpoint fails, through the real window: right message, nothing lost, next request works."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

import keyring.core
import keyring.errors

from conftest import TEST_KEY, KeyringForTests, installed_keyring, send_prompt, transcript_text, wait_idle
from genai_desktop.core.validation import endpoint_id

REPLY = "alpha beta gamma delta epsilon zeta eta theta."
PARTIAL = "alpha beta gamma"  # the first three tokens the failing modes send

# mode, params, expected title words, whether part of the answer arrived first
CASES = [
    ("stall_before_first_byte", {}, "stopped responding", False),
    # Taken and closed without a word (a proxy ending long requests): reached, not "could not be reached".
    ("stall_before_first_byte", {"stall_seconds": 0.3}, "closed the connection without answering", False),
    ("stall_mid_stream", {}, "stopped responding", True),
    ("drop_mid_stream", {}, "connection was lost", True),
    ("no_finish_reason", {}, "answer is incomplete", True),
    ("sse_error", {"error_message": "Overloaded shard 7"}, "reported an error", True),
    ("status", {"status": 401}, "rejected the API key", False),
    ("status", {"status": 403}, "not allowed", False),
    ("status", {"status": 404}, "does not know this model", False),
    ("status", {"status": 429}, "slow down", False),
    ("status", {"status": 429, "error_message": "You exceeded your current quota, please check your plan",
                "code": "insufficient_quota"}, "no quota", False),
    ("status", {"status": 500}, "server had a problem", False),
    ("status", {"status": 503}, "server had a problem", False),
    ("html", {}, "not an OpenAI-compatible API", False),
]


@pytest.mark.usefixtures("quick_back_off")  # 429 and 503 are asked again before the error shows
@pytest.mark.parametrize("mode, params, title, partial", CASES,
                         ids=[f"{c[0]}-{c[1].get('status', '')}{c[1].get('code', '')}{c[1].get('stall_seconds', '')}"
                              for c in CASES])
def test_failure_is_explained_and_recoverable(qtbot, make_window, api_server, mode, params, title, partial):
    api_server.set_mode(mode, reply=REPLY, **params)
    window = make_window(read_timeout=1.0)
    send_prompt(qtbot, window, "tell me the letters")
    wait_idle(qtbot, window, timeout=30000)

    banner = window.errorBanner
    assert banner.isVisible()
    assert title in banner.titleLabel.text()
    assert banner.adviceLabel.text()
    assert window.promptEdit.toPlainText() == ""  # the question is in the transcript, not back in the box
    assert banner.retryButton.isVisible()
    shown = transcript_text(window)
    assert "tell me the letters" in shown
    if partial:
        assert PARTIAL in shown
        assert "Answer cut off" in shown
    else:
        assert "alpha" not in shown
    everything_visible = " ".join([shown, banner.titleLabel.text(), banner.adviceLabel.text(),
                                   banner.detailLabel.text()])
    assert TEST_KEY not in everything_visible
    if mode == "sse_error":
        assert "Overloaded shard 7" in banner.detailLabel.text()
    if mode == "status":
        assert str(params["status"]) in banner.detailLabel.text()

    # The next request works: the same question asked again as a new message.
    api_server.set_mode("normal", reply="Recovered fine.")
    send_prompt(qtbot, window, "tell me the letters")
    wait_idle(qtbot, window)
    assert not banner.isVisible()
    assert "Recovered fine." in transcript_text(window)
    assert transcript_text(window).count("tell me the letters") == 2  # sent again as a new message
    assert window.promptEdit.toPlainText() == ""
    # A failed turn with no answer is not sent again as history; a partial one is.
    messages = api_server.chat_requests()[-1].json["messages"]
    assert messages[-1] == {"role": "user", "content": "tell me the letters"}
    assert len(messages) == (3 if partial else 1)


def test_retry_asks_again_without_duplicating_the_prompt(qtbot, make_window, api_server):
    api_server.set_mode("drop_mid_stream", reply=REPLY)
    window = make_window()
    send_prompt(qtbot, window, "question")
    wait_idle(qtbot, window)
    api_server.set_mode("normal", reply="Complete answer.")
    qtbot.mouseClick(window.errorBanner.retryButton, Qt.LeftButton)
    wait_idle(qtbot, window)
    shown = transcript_text(window)
    assert shown.count("question") == 1
    assert "Complete answer." in shown and PARTIAL not in shown  # the new answer replaces the cut one
    assert window.promptEdit.toPlainText() == ""
    assert api_server.chat_requests()[-1].json["messages"] == [{"role": "user", "content": "question"}]


def test_unreachable_server(qtbot, make_window):
    window = make_window(base_url="http://127.0.0.1:9/v1")
    send_prompt(qtbot, window, "anyone there?")
    wait_idle(qtbot, window, timeout=30000)
    assert "could not be reached" in window.errorBanner.titleLabel.text()
    assert window.promptEdit.toPlainText() == "" and "anyone there?" in transcript_text(window)


@pytest.mark.parametrize("bad_key", ["sk-abc\u201d", "sk-abc\ndef"])
def test_unusable_key_is_an_error_not_a_dead_worker(qtbot, make_window, api_server, bad_key):
    window = make_window(environ={"OPENAI_API_KEY": None})
    # A key that somehow got past the dialog (an older version, or edited in the keyring by hand).
    window.controller.settings.key_store._session[endpoint_id(api_server.base_url)] = bad_key
    send_prompt(qtbot, window, "hello")
    wait_idle(qtbot, window)
    assert "cannot be sent" in window.errorBanner.titleLabel.text()
    assert bad_key.strip() not in window.errorBanner.detailLabel.text()
    assert api_server.chat_requests() == []
    window.controller.settings.key_store._session.clear()
    window.controller.settings.key_store._environ["OPENAI_API_KEY"] = TEST_KEY
    send_prompt(qtbot, window, "hello again")
    wait_idle(qtbot, window)
    assert not window.errorBanner.isVisible()


def test_no_key_leads_to_settings(qtbot, make_window, api_server, monkeypatch):
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    import keyring.core

    keyring.core.init_backend()
    try:
        window = make_window(environ={"OPENAI_API_KEY": None})
        qtbot.waitUntil(lambda: window.welcomePanel.isVisible())
        send_prompt(qtbot, window, "hello")
        wait_idle(qtbot, window)
        assert window.errorBanner.settingsButton.isVisible()
        assert api_server.chat_requests() == []
        assert window.promptEdit.toPlainText() == "" and "hello" in transcript_text(window)
    finally:
        monkeypatch.delenv("PYTHON_KEYRING_BACKEND")
        keyring.core.init_backend()


class _EmptyKeyring(KeyringForTests):
    """A working keyring that holds no key."""

    def get_password(self, service, username):
        return None

    def set_password(self, service, username, password):
        raise keyring.errors.PasswordSetError("read-only in this test")

    def delete_password(self, service, username):
        raise keyring.errors.PasswordDeleteError("nothing stored")


# Rough edge 2.7: after these failures the question was put back into the message box as well, where
# it became the chat's draft, and Enter asked it a second time.
FAILURES_BEFORE_AN_ANSWER = {
    "no key": ({"OPENAI_API_KEY": None}, {}, None, "No API key"),
    "unreachable": ({}, {"base_url": "http://127.0.0.1:9/v1"}, None, "could not be reached"),
    "cut connection": ({}, {}, ("drop_mid_stream", {}), "connection was lost"),
    "429": ({}, {}, ("status", {"status": 429}), "slow down"),
}


@pytest.mark.usefixtures("quick_back_off")
@pytest.mark.parametrize("typed_meanwhile", ["", "a thought typed while waiting"])
@pytest.mark.parametrize("failure", list(FAILURES_BEFORE_AN_ANSWER))
def test_a_failed_question_stays_in_the_transcript_and_the_message_box_stays_as_left(
        qtbot, make_window, api_server, failure, typed_meanwhile):
    environ, settings, server_mode, title = FAILURES_BEFORE_AN_ANSWER[failure]
    if server_mode is not None:
        api_server.set_mode(server_mode[0], reply=REPLY, **server_mode[1])
    with installed_keyring(_EmptyKeyring()):
        window = make_window(environ=environ, **settings)
        send_prompt(qtbot, window, "what is the capital of Peru?")
        window.promptEdit.setPlainText(typed_meanwhile)  # before the failure arrives (it needs the event loop)
        wait_idle(qtbot, window, timeout=30000)
        assert title in window.errorBanner.titleLabel.text()
        assert window.errorBanner.retryButton.isVisible()
        assert transcript_text(window).count("what is the capital of Peru?") == 1
        assert window.promptEdit.toPlainText() == typed_meanwhile
        qtbot.waitUntil(lambda: window.controller.session.shown.draft == typed_meanwhile)  # saved after a pause
        chat = window.controller.session.conversation_id
        assert window.controller.library.conversation(chat).draft == typed_meanwhile

        # Enter sends what the box holds, never the failed question a second time.
        requests = len(api_server.chat_requests())
        window.promptEdit.setFocus()
        qtbot.keyClick(window.promptEdit, Qt.Key_Return)
        wait_idle(qtbot, window, timeout=30000)
        asked = [turn.prompt for turn in window.controller.session.shown.turns]
        assert asked == ["what is the capital of Peru?"] + ([typed_meanwhile] if typed_meanwhile else [])
        if not typed_meanwhile:
            assert len(api_server.chat_requests()) == requests  # nothing was sent
