"""A reasoning model's thinking through the real window against the loopback server, in each of the three
forms servers send it (inline <think> tags split across chunks, reasoning_content deltas, reasoning deltas):
shown apart and open while it arrives, collapsed once the answer starts, never a tag on screen, stored
apart from the answer, collapsed in a reopened chat, never sent back."""

from __future__ import annotations

import json
import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from conftest import send_prompt, transcript_text, wait_idle
from genai_desktop.core.history import HistoryStore

THOUGHT = "The user says hi. A short greeting back is best."
REPLY = "Hello! How can I help?"
MODES = ["think_tags", "reasoning_content", "reasoning"]


def stored_answers(app_home) -> list[tuple[str, str]]:
    store = HistoryStore.open(app_home / "data" / "history.sqlite3")
    try:
        return [(m.content, m.reasoning) for c in store.conversations() for m in store.messages(c.id)
                if m.role == "assistant"]
    finally:
        store.close()


def watch(window) -> list[tuple[str, bool, str]]:
    """What the window shows right after each piece of thinking and of the answer was handled by it."""
    seen: list[tuple[str, bool, str]] = []
    view, session = window.transcriptView, window.controller.session

    def record(kind: str) -> None:
        section = view.thinking.streaming
        seen.append((kind, section is not None and section.open, view.toPlainText()))

    # Connected after the window's own slots, so each runs once the window has shown the piece.
    session.answerThinking.connect(lambda _request, _text: record("thinking"))
    session.answerText.connect(lambda _request, text: record("answer") if text.strip() else None)
    return seen


@pytest.mark.parametrize("mode", MODES)
def test_the_thinking_is_shown_apart_stored_apart_and_never_sent_back(qtbot, make_window, api_server, app_home, mode):
    api_server.set_mode(mode, reply=REPLY, thinking=THOUGHT, tag_piece=3)
    window = make_window()
    seen = watch(window)
    send_prompt(qtbot, window, "Hi")
    wait_idle(qtbot, window)

    thinking = [(is_open, shown) for kind, is_open, shown in seen if kind == "thinking"]
    assert thinking and all(is_open for is_open, _shown in thinking)  # open while it arrives
    assert "Thinking… ▾" in thinking[0][1] and THOUGHT in thinking[-1][1]  # the text as it arrives
    first_answer = next(is_open for kind, is_open, _shown in seen if kind == "answer")
    assert not first_answer  # collapsed once the answer starts
    shown = transcript_text(window)
    assert "<think" not in shown and "think>" not in shown
    assert all("<th" not in text and "k>" not in text for _kind, _open, text in seen)  # at no moment
    assert THOUGHT not in shown and REPLY in shown
    assert shown.index("Thought for 1 s ▸") < shown.index(REPLY)
    assert window.controller.session.shown.turns[-1].reasoning == THOUGHT
    assert stored_answers(app_home) == [(REPLY, THOUGHT)]  # no tags in the content, the thinking apart
    window.close()

    again = make_window()  # the chat reopened
    [number] = again.transcriptView.thinking.numbers()
    assert not again.transcriptView.thinking.is_open(number)
    reopened = transcript_text(again)
    assert "Thinking ▸" in reopened and THOUGHT not in reopened and REPLY in reopened
    announced: list[str] = []
    again.announcer.announced.connect(announced.append)
    view = again.transcriptView
    place = QTextCursor(view.document())
    place.setPosition(reopened.index("Thinking ▸") + 2)
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=view.cursorRect(place).center())
    assert THOUGHT in transcript_text(again) and announced == ["Thinking shown"]
    api_server.set_mode("normal", reply="Fine.")
    send_prompt(qtbot, again, "Thanks")
    wait_idle(qtbot, again)
    messages = api_server.chat_requests()[-1].json["messages"]
    assert [m["content"] for m in messages] == ["Hi", REPLY, "Thanks"]  # the answer only
    sent = json.dumps(messages)
    assert "think" not in sent and "user says hi" not in sent and "reasoning" not in sent


def test_the_thinking_is_journaled_while_it_arrives(qtbot, make_window, api_server, app_home):
    """A crash while the model thinks keeps the thinking (the journal, as for the answer)."""
    api_server.set_mode("think_tags", reply=REPLY, thinking=THOUGHT, pause_after_thinking=30)
    window = make_window()
    send_prompt(qtbot, window, "Hi")
    history = app_home / "data" / "history.sqlite3"

    def journaled() -> list[str]:
        with sqlite3.connect(history) as connection:
            return [row[0] for row in connection.execute("SELECT reasoning FROM journal")]

    qtbot.waitUntil(lambda: journaled() == [THOUGHT], timeout=5000)
    assert transcript_text(window).rstrip().endswith(THOUGHT)  # shown open, while the answer has not started
    window.controller.session.stop()
    wait_idle(qtbot, window)
    assert stored_answers(app_home) == [("", THOUGHT)]
    assert "Thought for" in transcript_text(window) and THOUGHT in transcript_text(window)  # no answer: stays open


def test_regenerate_replaces_the_thinking_with_the_new_versions(qtbot, make_window, api_server, app_home):
    api_server.set_mode("reasoning_content", reply=REPLY, thinking=THOUGHT)
    window = make_window()
    send_prompt(qtbot, window, "Hi")
    wait_idle(qtbot, window)
    api_server.set_mode("normal", reply="Hi there.")
    assert window.controller.session.regenerate()
    wait_idle(qtbot, window)
    assert window.transcriptView.thinking.numbers() == [] and "Thought" not in transcript_text(window)
    assert stored_answers(app_home) == [("Hi there.", "")]


def test_think_tags_are_never_shown_nor_sent_back(qtbot, make_window, api_server):
    """What a user sees and the server receives, nothing else (fails on the build before this section)."""
    api_server.set_mode("think_tags", reply=REPLY, thinking=THOUGHT, tag_piece=2)
    window = make_window()
    send_prompt(qtbot, window, "Hi")
    wait_idle(qtbot, window)
    assert "<think>" not in transcript_text(window) and REPLY in transcript_text(window)
    api_server.set_mode("normal", reply="Fine.")
    send_prompt(qtbot, window, "Thanks")
    wait_idle(qtbot, window)
    assert [m["content"] for m in api_server.chat_requests()[-1].json["messages"]] == ["Hi", REPLY, "Thanks"]


def test_the_waiting_indicator_gives_way_to_the_thinking(qtbot, make_window, api_server):
    """The thinking is the answer's first piece: the wait is over when it arrives, not when the answer does."""
    api_server.set_mode("reasoning_content", reply=REPLY, thinking=THOUGHT, pause_after_thinking=1.0)
    window = make_window()
    waiting_when_thinking: list[bool] = []
    window.controller.session.answerThinking.connect(
        lambda _request, _text: waiting_when_thinking.append(window.waitingIndicator.isVisible()))
    send_prompt(qtbot, window, "Hi")
    qtbot.waitUntil(lambda: bool(waiting_when_thinking), timeout=5000)
    assert not window.waitingIndicator.isVisible()  # during the pause before the answer
    wait_idle(qtbot, window)
    assert waiting_when_thinking and not any(waiting_when_thinking)
