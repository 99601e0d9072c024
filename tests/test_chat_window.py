"""The chat through the real window against the loopback server."""

from __future__ import annotations

from PySide6.QtCore import Qt

from conftest import TEST_KEY, send_prompt, transcript_text, wait_idle


def test_answer_streams_in_as_markdown_with_conversation_history(qtbot, make_window, api_server):
    api_server.set_mode("normal", reply="# Plan\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\nprint('hi')\n```\nDone.")
    window = make_window(system_prompt="Be brief.")
    assert "GenAI Desktop" in window.windowTitle()
    send_prompt(qtbot, window, "first question")
    wait_idle(qtbot, window)
    text = transcript_text(window)
    assert "first question" in text and "Plan" in text and "print('hi')" in text and "Done." in text
    assert not window.errorBanner.isVisible()
    assert window.promptEdit.toPlainText() == ""
    markdown = window.transcriptView.document().toMarkdown()
    assert "# Plan" in markdown and "|a|b|" in markdown.replace(" ", "") and "```" in markdown

    api_server.set_mode("normal", reply="Second answer.")
    send_prompt(qtbot, window, "second question")
    wait_idle(qtbot, window)
    body = api_server.chat_requests()[-1].json
    roles = [message["role"] for message in body["messages"]]
    assert roles == ["system", "user", "assistant", "user"]
    assert body["messages"][0]["content"] == "Be brief."
    assert body["messages"][3]["content"] == "second question"
    assert body["stream"] is True and body["model"] == "fake-model"
    assert api_server.chat_requests()[-1].headers["authorization"] == f"Bearer {TEST_KEY}"


def test_enter_sends_and_shift_enter_adds_a_line(qtbot, make_window, api_server):
    window = make_window()
    window.promptEdit.setFocus()
    qtbot.keyClicks(window.promptEdit, "line one")
    qtbot.keyClick(window.promptEdit, Qt.Key_Return, Qt.ShiftModifier)
    qtbot.keyClicks(window.promptEdit, "line two")
    assert window.promptEdit.toPlainText() == "line one\nline two"
    qtbot.keyClick(window.promptEdit, Qt.Key_Return)
    wait_idle(qtbot, window)
    assert api_server.chat_requests()[-1].json["messages"][-1]["content"] == "line one\nline two"


def test_only_one_request_at_a_time(qtbot, make_window, api_server):
    api_server.set_mode("trickle", tokens_per_second=40)
    window = make_window()
    send_prompt(qtbot, window, "one")
    assert window.controller.session.busy and not window.sendButton.isEnabled()
    window.promptEdit.setPlainText("two")
    window.send()
    window.controller.session.send("three")
    wait_idle(qtbot, window)
    assert len(api_server.chat_requests()) == 1
    assert window.promptEdit.toPlainText() == "two"  # the second prompt was not swallowed


def test_streaming_touches_only_the_streaming_message(qtbot, make_window, api_server):
    """Earlier messages are never re-rendered: every document change lies inside the new answer."""
    window = make_window()
    api_server.set_mode("normal", reply="# First\n\n" + "Earlier answer text. " * 50)
    send_prompt(qtbot, window, "one")
    wait_idle(qtbot, window)
    document = window.transcriptView.document()
    earlier_end = document.characterCount() - 1
    earlier_text = window.transcriptView.toPlainText()
    changes = []
    document.contentsChange.connect(lambda position, removed, added: changes.append((position, removed, added)))
    blocks = ["## Part %d\n\nSome words here and there.\n\n- a\n- b\n\n```\ncode %d\n```\n" % (i, i) for i in range(30)]
    api_server.set_mode("trickle", tokens=blocks, tokens_per_second=200)
    send_prompt(qtbot, window, "two")
    wait_idle(qtbot, window)
    assert len(changes) > 10
    assert min(position for position, _removed, _added in changes) >= earlier_end
    assert window.transcriptView.toPlainText().startswith(earlier_text)
    shown = window.transcriptView.toPlainText()
    for i in range(30):
        assert f"Part {i}" in shown and f"code {i}" in shown
    assert "## Part 29" in document.toMarkdown() and "```\ncode 29\n```" in document.toMarkdown()
    copied = window.transcriptView.command_links.copy_texts.values()
    assert sorted(text for text in copied if text.startswith("code ")) == sorted(f"code {i}\n" for i in range(30))
    assert shown.count("Code\u2003\u2003\ufffc\u2009Copy\n") == 30  # each block's header: language, Copy button


def test_long_answer_without_blank_lines_stays_responsive(qtbot, make_window, api_server):
    """One giant paragraph never becomes a finished block: it must stream as plain text, then render."""
    api_server.set_mode("normal", tokens=["word "] * 20000)
    window = make_window()
    send_prompt(qtbot, window, "one long line")
    wait_idle(qtbot, window, timeout=60000)
    assert window.controller.session.shown.turns[-1].answer == "word " * 20000
    assert window.transcriptView.toPlainText().count("word") == 20000


def test_typing_a_message_prepares_what_the_first_request_needs(qtbot, make_window):
    """The SDK, the HTTP stack and the system's certificates (50 ms of CPU) are ready before Send is pressed."""
    from genai_desktop.core import trust

    window = make_window()
    trust._contexts.clear()
    qtbot.keyClicks(window.promptEdit, "H")
    qtbot.waitUntil(lambda: bool(trust._contexts), timeout=10_000)
