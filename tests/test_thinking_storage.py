"""An answer's thinking in the history (messages.reasoning, journaled while it streams), in the turns read
back, in the JSON export and import, and never in what is sent to the model."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from genai_desktop.core import history_schema
from genai_desktop.core.conversation import Turn, UserMessage, chat_messages, turns_from_messages
from genai_desktop.core.history import HistoryStore, MessageState
from genai_desktop.core.history_schema import SCHEMA_VERSION, UserVersion
from genai_desktop.core.transfer import TransferConversation, TransferMessage, parse_import, to_json, to_markdown

THOUGHT = "They greet me; I greet them back."


@pytest.fixture
def store(tmp_path) -> HistoryStore:
    opened = HistoryStore.open(tmp_path / "history.sqlite3")
    yield opened
    opened.close()


def test_the_thinking_is_stored_with_the_answer_and_read_back(store):
    chat = store.create_conversation()
    store.add_message(chat, "user", "Hi")
    answer = store.add_message(chat, "assistant", "", MessageState.STREAMING, "m")
    store.finish(answer, "Hello!", MessageState.DONE, reasoning=THOUGHT)
    assert [(m.content, m.reasoning) for m in store.messages(chat)] == [("Hi", ""), ("Hello!", THOUGHT)]
    store.finish(answer, "Hello again!", MessageState.DONE)  # reasoning not given (continued): kept
    assert store.messages(chat)[-1].reasoning == THOUGHT
    turn = turns_from_messages(store.messages(chat))[-1]
    assert (turn.answer, turn.reasoning) == ("Hello again!", THOUGHT)
    assert not store.search("greet")  # the index holds what was said, not what was thought


def test_the_thinking_is_journaled_while_it_streams_and_kept_by_a_crash(tmp_path, store):
    chat = store.create_conversation()
    answer = store.add_message(chat, "assistant", "", MessageState.STREAMING)
    store.journal(answer, "", "They greet")  # thinking so far, no answer yet
    assert [(m.content, m.reasoning) for m in store.messages(chat)] == [("", "They greet")]
    store.journal(answer, "Hel", THOUGHT)
    store.close()
    reopened = HistoryStore.open(tmp_path / "history.sqlite3")  # as after a crash: still 'streaming'
    assert reopened.mark_interrupted() == 1
    assert [(m.content, m.reasoning, m.state) for m in reopened.messages(chat)] == [
        ("Hel", THOUGHT, MessageState.INTERRUPTED)]
    reopened.close()


def test_an_older_build_still_reads_and_writes_the_file(tmp_path):
    """The step is additive: a build of the minor before (its version check, its statements) uses the file."""
    path = tmp_path / "history.sqlite3"
    HistoryStore.open(path).close()
    older = [(step, function) for step, function in history_schema.MIGRATIONS if step < SCHEMA_VERSION]
    assert not history_schema.is_newer(SCHEMA_VERSION) and SCHEMA_VERSION.minor >= 1
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(history_schema, "MIGRATIONS", older)
        patch.setattr(history_schema, "SCHEMA_VERSION", older[-1][0])
        assert not history_schema.is_newer(SCHEMA_VERSION)  # this file is not refused by it
    with sqlite3.connect(path) as connection:  # the statements of the build before, as it ran them
        connection.execute("INSERT INTO conversations(id, title, created, updated) VALUES (1, 't', 0, 0)")
        connection.execute("INSERT INTO messages(conversation_id, role, content, state, model, created) "
                           "VALUES (1, 'assistant', '', 'streaming', 'm', 0)")
        connection.execute("INSERT INTO journal(message_id, content) VALUES (1, 'so far') "
                           "ON CONFLICT(message_id) DO UPDATE SET content = excluded.content")
        connection.execute("UPDATE messages SET content = 'done', state = 'done', prompt_tokens = NULL, "
                           "completion_tokens = NULL, model = COALESCE(NULL, model), error_kind = NULL WHERE id = 1")
        rows = connection.execute(
            "SELECT m.id, m.conversation_id, m.role, CASE m.state WHEN 'streaming' THEN COALESCE(j.content, m.content) "
            "ELSE m.content END AS content, m.state, m.model, m.prompt_tokens, m.completion_tokens, m.created, "
            "m.error_kind FROM messages m LEFT JOIN journal j ON j.message_id = m.id "
            "WHERE m.conversation_id = 1 ORDER BY m.id").fetchall()
    assert [row[3] for row in rows] == ["done"]
    reopened = HistoryStore.open(path)
    assert [(m.content, m.reasoning) for m in reopened.messages(1)] == [("done", "")]
    reopened.close()


def test_an_answer_stored_with_its_think_tags_is_read_as_thinking_and_answer(store):
    """An import or an older build kept the tags in the content: shown apart all the same."""
    chat = store.create_conversation()
    store.add_message(chat, "user", "Hi")
    store.add_message(chat, "assistant", f"<think>\n{THOUGHT}\n</think>\n\nHello!")
    turn = turns_from_messages(store.messages(chat))[-1]
    assert (turn.reasoning, turn.answer) == (THOUGHT, "Hello!")


def test_the_thinking_is_never_sent_to_the_model():
    turns = [Turn(UserMessage("Hi"), "Hello!", MessageState.DONE, reasoning=THOUGHT),
             Turn(UserMessage("And now?"), "Half", MessageState.STOPPED, reasoning="More thoughts")]
    for continuing in (False, True):
        sent = json.dumps(chat_messages("Be brief.", turns, 1, continuing))
        assert "Hello!" in sent and THOUGHT not in sent and "More thoughts" not in sent and "think" not in sent


def test_the_json_export_keeps_the_thinking_and_the_import_reads_it_back():
    chat = TransferConversation("t", (TransferMessage("user", "Hi"),
                                      TransferMessage("assistant", "Hello!", "m", 5.0, reasoning=THOUGHT)))
    exported = to_json([chat])
    messages = json.loads(exported)["conversations"][0]["messages"]
    assert "reasoning" not in messages[0] and messages[1]["reasoning"] == THOUGHT
    assert parse_import(exported.encode("utf-8"))[0].messages == chat.messages
    assert THOUGHT not in to_markdown(chat)  # the Markdown export is the conversation as it was had


def test_an_imported_answer_keeps_its_thinking(tmp_path, store):
    chat = TransferConversation("t", (TransferMessage("user", "Hi"),
                                      TransferMessage("assistant", "Hello!", reasoning=THOUGHT)))
    [imported] = store.import_conversations([chat])
    assert [m.reasoning for m in store.messages(imported)] == ["", THOUGHT]
