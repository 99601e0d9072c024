"""core/conversation.py: the conversation model and the messages built from it (no Qt)."""

from __future__ import annotations

import dataclasses

import pytest

from genai_desktop.core.conversation import (
    CONTINUE_INSTRUCTION, Turn, UserMessage, chat_messages, request_for, turns_from_messages,
)
from genai_desktop.core.errors import ErrorKind
from genai_desktop.core.records import Message, MessageState
from genai_desktop.core.settings import Settings


def test_a_user_message_is_a_value_with_parts():
    message = UserMessage("hello")
    assert message.parts == () and not message.empty
    assert UserMessage("  ").empty and not UserMessage("", parts=("a document",)).empty
    with pytest.raises(dataclasses.FrozenInstanceError):
        message.text = "changed"


def test_messages_skip_unanswered_turns_and_continue_asks_to_go_on():
    turns = [Turn(UserMessage("one"), "First.", MessageState.DONE),
             Turn(UserMessage("failed"), "", MessageState.FAILED),
             Turn(UserMessage("three"), "Cut o", MessageState.FAILED)]
    assert chat_messages("", turns, 2, continuing=False) == (
        {"role": "user", "content": "one"}, {"role": "assistant", "content": "First."},
        {"role": "user", "content": "three"})
    assert chat_messages("Sys", turns, 2, continuing=True)[0] == {"role": "system", "content": "Sys"}
    assert chat_messages("Sys", turns, 2, continuing=True)[-2:] == (
        {"role": "assistant", "content": "Cut o"}, {"role": "user", "content": CONTINUE_INSTRUCTION})


def test_the_request_carries_the_settings_and_no_key():
    settings = Settings(base_url="https://example.test/v1", model="m", temperature=0.5)
    request = request_for(settings, [Turn(UserMessage("hi"))], 0)
    assert (request.base_url, request.model, request.temperature, request.api_key) == (
        "https://example.test/v1", "m", 0.5, "")
    assert request.messages == ({"role": "user", "content": "hi"},)


def test_stored_rows_become_turns():
    rows = [Message(1, 9, "assistant", "imported answer", MessageState.DONE),
            Message(2, 9, "user", "q", MessageState.DONE),
            Message(3, 9, "assistant", "a", MessageState.TRUNCATED, "m", 3, 4)]
    turns = turns_from_messages(rows)
    assert [(t.prompt, t.answer, t.state, t.prompt_id, t.answer_id, t.tokens) for t in turns] == [
        ("", "imported answer", MessageState.DONE, None, 1, None), ("q", "a", MessageState.TRUNCATED, 2, 3, 7)]


def test_a_stored_error_kind_becomes_the_turns_error():
    rows = [Message(1, 9, "user", "q", MessageState.DONE),
            Message(2, 9, "assistant", "half", MessageState.FAILED, "m", error_kind=ErrorKind.TIMEOUT),
            Message(3, 9, "user", "q2", MessageState.DONE),
            Message(4, 9, "assistant", "whole", MessageState.DONE, "m")]
    failed, done = turns_from_messages(rows)
    assert failed.error.kind is ErrorKind.TIMEOUT and failed.error.server_message == ""  # the kind alone
    assert done.error is None
