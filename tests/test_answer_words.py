"""Issue 10, 1 (words in one place) and 2.8 (stale or wrong banners), through the whole window
against the loopback server: an answer's note reads the same live and after reopening; a Stop the
user pressed is a neutral note, not a red error; the "no API key" error goes once a key is set up."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from conftest import KeyringForTests, installed_keyring, send_prompt, transcript_text, wait_idle


class MemoryKeyring(KeyringForTests):
    """A working keyring that keeps its entries in memory."""

    def __init__(self):
        super().__init__()
        self.entries = {}

    def get_password(self, service, username):
        return self.entries.get((service, username))

    def set_password(self, service, username, password):
        self.entries[(service, username)] = password

    def delete_password(self, service, username):
        self.entries.pop((service, username), None)


def answer_block_text(window) -> str:
    """The transcript's last answer, from its "Assistant" heading on (its text, note and usage)."""
    text = transcript_text(window)
    return text[text.rindex("Assistant"):]


def reopen(qtbot, window) -> None:
    """Show another chat, then this one again: rendered from what the history keeps."""
    shown = window.controller.session.conversation_id
    window.new_chat()
    qtbot.waitUntil(lambda: window.controller.session.conversation_id is None)
    window.open_conversation(shown)
    qtbot.waitUntil(lambda: window.controller.session.conversation_id == shown)


def banner_tint(qtbot, window) -> int:
    """How much redder than green the banner's own background is (0 for a grey; ~20 for the error red)."""
    banner = window.errorBanner
    qtbot.waitUntil(banner.isVisible)
    image = banner.grab().toImage()
    colour = image.pixelColor(4, image.height() // 2)  # inside the border, left of the texts
    return colour.red() - colour.green()


@pytest.mark.parametrize("finish_reason", ["length", "content_filter"])
def test_a_cut_off_answer_reads_the_same_live_and_reopened(qtbot, make_window, api_server, finish_reason):
    api_server.set_mode("normal", reply="The first half of", finish_reason=finish_reason)
    window = make_window()
    send_prompt(qtbot, window, "tell me everything")
    wait_idle(qtbot, window)
    live = answer_block_text(window)
    assert "The first half of" in live
    reopen(qtbot, window)
    assert answer_block_text(window) == live
    # Why it ended is known only at that moment: the live banner says it, beside the same note.
    assert window.errorBanner.isVisible()
    assert window.errorBanner.titleLabel.text() in live


def test_a_stopped_answer_reads_the_same_live_and_reopened(qtbot, make_window, api_server):
    api_server.set_mode("trickle", reply=" ".join(f"word{i}" for i in range(400)), tokens_per_second=60)
    window = make_window()
    send_prompt(qtbot, window, "count")
    qtbot.waitUntil(lambda: "word3" in transcript_text(window), timeout=5000)
    window.stop()
    wait_idle(qtbot, window)
    live = answer_block_text(window)
    reopen(qtbot, window)
    assert answer_block_text(window) == live and "Stopped." in live


def test_a_stop_the_user_pressed_is_a_neutral_note_not_an_error(qtbot, make_window, api_server):
    api_server.set_mode("trickle", reply=" ".join(f"word{i}" for i in range(400)), tokens_per_second=60)
    window = make_window()
    send_prompt(qtbot, window, "count")
    qtbot.waitUntil(lambda: "word3" in transcript_text(window), timeout=5000)
    qtbot.mouseClick(window.stopButton, Qt.LeftButton)
    wait_idle(qtbot, window)
    assert window.errorBanner.retryButton.isVisible()  # Continue and Retry are still offered
    assert abs(banner_tint(qtbot, window)) < 8, "the banner after Stop is tinted red like an error"
    assert window.errorBanner.accessibleName() == "Note"

    # A real failure next is still the red error: the measure can tell the two apart.
    api_server.set_mode("status", status=500)
    window.retry()
    wait_idle(qtbot, window)
    assert "server had a problem" in window.errorBanner.titleLabel.text()
    assert banner_tint(qtbot, window) > 8
    assert window.errorBanner.accessibleName() == "Error"


def test_the_no_key_error_goes_when_a_key_is_saved(qtbot, make_window, api_server):
    with installed_keyring(MemoryKeyring()) as memory:
        window = make_window(environ={"OPENAI_API_KEY": None})
        qtbot.waitUntil(window.welcomePanel.isVisible)
        send_prompt(qtbot, window, "hello")
        wait_idle(qtbot, window)
        banner = window.errorBanner
        assert "No API key" in banner.titleLabel.text() and banner.isVisible()

        saved = []
        # What the settings dialog does on OK: save the key in the keyring, then look again.
        window.controller.settings.save_key(api_server.base_url, "sk-now-a-key-1234567890", False, saved.append,
                                            pytest.fail, window)
        qtbot.waitUntil(lambda: bool(saved))
        assert memory.entries
        window.controller.settings.refresh_key_state()
        qtbot.waitUntil(lambda: not window.welcomePanel.isVisible())
        assert not (banner.isVisible() and "No API key" in banner.titleLabel.text()), "the red no-key error stays"
        # The question waits in the transcript: a neutral note offers to ask it now.
        assert banner.isVisible() and banner.tone == "note" and banner.retryButton.isVisible()

        api_server.set_mode("normal", reply="Hello there")
        qtbot.mouseClick(banner.retryButton, Qt.LeftButton)
        wait_idle(qtbot, window)
        assert not banner.isVisible()
        assert "Hello there" in transcript_text(window)
        assert len(api_server.chat_requests()) == 1
        window.close()


def test_a_failed_answer_reads_the_same_live_and_reopened(qtbot, make_window, api_server):
    api_server.set_mode("sse_error", reply="Half an answer and then", after_tokens=3)
    window = make_window()
    send_prompt(qtbot, window, "tell me")
    wait_idle(qtbot, window)
    live = answer_block_text(window)
    assert "Answer cut off" in live
    reopen(qtbot, window)
    assert answer_block_text(window) == live
