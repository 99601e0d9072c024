"""ChatSession alone (QtCore, a real temp history, the loopback server): the shown chat as one value,
answers as immutable snapshots, the messages sent built in core from the turns."""

from __future__ import annotations

import dataclasses

import pytest

from services_fixtures import make_services  # noqa: F401 - a fixture
from genai_desktop.core.conversation import UserMessage
from genai_desktop.core.errors import ErrorKind
from genai_desktop.core.records import MessageState


def ask(qtbot, session, text: str, signal: str = "answerFinished"):
    with qtbot.waitSignal(getattr(session, signal), timeout=15000) as ended:
        assert session.send(UserMessage(text))
    return ended.args[0]


def test_an_answer_comes_as_snapshots_and_is_stored(qtbot, make_services, api_server):
    api_server.set_mode("normal", reply="Lima is the capital.")
    services = make_services()
    session = services.session
    started = []
    session.answerStarted.connect(started.append)
    ended = ask(qtbot, session, "capital of Peru?")

    assert [(s.index, s.turn.prompt, s.turn.model, s.again) for s in started] == [(0, "capital of Peru?",
                                                                                    "fake-model", False)]
    assert ended.turn.answer == "Lima is the capital." and ended.turn.state is MessageState.DONE
    assert ended.result.finish_reason == "stop" and not ended.chat.can_retry
    with pytest.raises(dataclasses.FrozenInstanceError):
        ended.turn.answer = "changed"  # a slot cannot change what the session holds
    chat = session.shown
    assert chat.conversation_id is not None and chat.streaming_index is None and chat.draft == ""
    stored = services.guard.history.messages(chat.conversation_id)
    assert [(m.role, m.content) for m in stored] == [("user", "capital of Peru?"),
                                                      ("assistant", "Lima is the capital.")]


def test_the_request_is_built_from_the_turns_with_the_system_prompt(qtbot, make_services, api_server,
                                                                   quick_back_off):
    api_server.set_mode("normal", reply="First.")
    session = make_services(system_prompt="Be brief.").session
    ask(qtbot, session, "one")
    api_server.set_mode("status", status=429)
    ask(qtbot, session, "two", "answerFailed")  # no answer: not part of the conversation after it
    api_server.set_mode("normal", reply="Third.")
    ask(qtbot, session, "three")
    assert api_server.chat_requests()[-1].json["messages"] == [
        {"role": "system", "content": "Be brief."}, {"role": "user", "content": "one"},
        {"role": "assistant", "content": "First."}, {"role": "user", "content": "three"}]


@pytest.mark.parametrize("mode, params, kind", [("status", {"status": 429}, ErrorKind.RATE_LIMIT),
                                                ("drop_mid_stream", {}, ErrorKind.STREAM_CUT)])
def test_a_failure_keeps_the_question_and_does_not_make_it_the_draft(qtbot, make_services, api_server, mode, params,
                                                                     kind, quick_back_off):
    api_server.set_mode(mode, reply="alpha beta gamma delta", **params)
    services = make_services()
    session = services.session
    session.save_draft("question")  # typed, then sent: the draft goes
    failed = ask(qtbot, session, "question", "answerFailed")
    assert failed.turn.error.kind is kind and failed.turn.state is MessageState.FAILED and failed.chat.can_retry
    assert failed.result is None
    assert session.shown.draft == "" and services.library.conversation(session.conversation_id).draft == ""
    assert [turn.prompt for turn in session.shown.turns] == ["question"]


def test_a_failed_answer_keeps_its_error_kind_in_the_history_until_a_new_version_works(qtbot, make_services,
                                                                                       api_server):
    """2.8: reopened, a failed answer knows why it failed (the window words it as it did live)."""
    api_server.set_mode("drop_mid_stream", reply="alpha beta gamma delta")
    services = make_services()
    session = services.session
    ask(qtbot, session, "question", "answerFailed")
    failed_chat = session.conversation_id
    assert services.guard.history.messages(failed_chat)[-1].error_kind is ErrorKind.STREAM_CUT
    session.open(None)
    session.open(failed_chat)
    reopened = session.shown.turns[-1]
    assert reopened.state is MessageState.FAILED and reopened.error.kind is ErrorKind.STREAM_CUT

    api_server.set_mode("normal", reply="It worked.")
    with qtbot.waitSignal(session.answerFinished, timeout=15000):
        assert session.regenerate()
    assert services.guard.history.messages(failed_chat)[-1].error_kind is None
    session.open(None)
    session.open(failed_chat)
    assert session.shown.turns[-1].error is None


def test_opening_a_chat_shows_it_from_the_history(qtbot, make_services, api_server):
    api_server.set_mode("normal", reply="Answer one.")
    services = make_services()
    session = services.session
    ask(qtbot, session, "first chat")
    first = session.conversation_id
    with qtbot.waitSignal(session.chatShown) as shown:
        session.open(None)
    assert shown.args[0].conversation_id is None and shown.args[0].turns == ()
    session.save_draft("typed in a new chat")  # typing saves the new chat
    second = session.conversation_id
    assert second is not None and second != first
    with qtbot.waitSignal(session.chatShown) as shown:
        session.open(first)
    chat = shown.args[0]
    assert [(t.prompt, t.answer, t.state) for t in chat.turns] == [("first chat", "Answer one.", MessageState.DONE)]
    assert chat.model == "fake-model" and chat.usage_total == chat.turns[0].tokens
    session.open(second)
    assert session.shown.draft == "typed in a new chat"


def test_stop_ends_the_answer_as_stopped(qtbot, make_services, api_server):
    api_server.set_mode("trickle", tokens=[f"w{i} " for i in range(200)], tokens_per_second=40)
    session = make_services().session
    with qtbot.waitSignal(session.answerText, timeout=10000):
        session.send("long one")
    assert session.busy and session.shown.streaming_index == 0
    with qtbot.waitSignal(session.answerFinished, timeout=10000) as finished:
        session.stop()
    assert finished.args[0].result.cancelled and finished.args[0].turn.state is MessageState.STOPPED
    assert not session.busy


def test_regenerate_that_fails_keeps_the_earlier_answer(qtbot, make_services, api_server):
    api_server.set_mode("normal", reply="Good answer.")
    session = make_services().session
    ask(qtbot, session, "q")
    api_server.set_mode("status", status=500)
    with qtbot.waitSignal(session.earlierAnswerKept, timeout=15000) as kept:
        assert session.regenerate()
    assert kept.args[0].why.kind is ErrorKind.SERVER
    assert [turn.answer for turn in kept.args[0].chat.turns] == ["Good answer."]


def test_deleting_the_shown_chat_shows_a_new_one(qtbot, make_services, api_server):
    services = make_services()
    session = services.session
    ask(qtbot, session, "to be deleted")
    with qtbot.waitSignal(session.chatShown) as shown:
        services.library.delete(session.conversation_id)
    assert shown.args[0].conversation_id is None and shown.args[0].turns == ()
    assert services.library.conversations() == []


def test_the_chat_shown_asks_its_own_model_and_keeps_it(qtbot, make_services, api_server):
    """A model picked in a new chat is the chat's from its first row on; Regenerate asks the chat's model
    now, Continue the model that wrote the answer; a chat without a model follows the default."""
    services = make_services()
    session = services.session
    assert session.shown.model == "fake-model"
    session.set_chat_model("  picked-model ")
    session.save_draft("a draft makes the chat a row")
    chat = session.conversation_id
    assert services.library.conversation(chat).model == "picked-model"
    ended = ask(qtbot, session, "one")
    assert ended.turn.model == "picked-model" and api_server.chat_requests()[-1].json["model"] == "picked-model"

    session.set_chat_model("other-model")
    with qtbot.waitSignal(session.answerFinished, timeout=15000) as regenerated:
        assert session.regenerate()
    assert regenerated.args[0].turn.model == "other-model"
    assert api_server.chat_requests()[-1].json["model"] == "other-model"

    api_server.set_mode("drop_mid_stream", reply="alpha beta gamma delta epsilon")
    assert ask(qtbot, session, "two", "answerFailed").turn.model == "other-model"  # cut off: Continue is offered
    session.set_chat_model("third-model")
    api_server.set_mode("normal", reply="and the rest")
    with qtbot.waitSignal(session.answerFinished, timeout=15000) as continued:
        assert session.continue_answer()
    assert continued.args[0].turn.model == "other-model"  # the answer goes on with the model that wrote it
    assert api_server.chat_requests()[-1].json["model"] == "other-model"

    session.open(None)
    assert session.shown.model == "fake-model"  # a new chat: the default
    session.open(chat)
    assert session.shown.model == "third-model"
    older = services.guard.history.create_conversation()  # as a chat from before the model column
    services.guard.history.add_message(older, "user", "old")
    session.open(older)
    assert session.shown.model == "fake-model"
    services.settings.save(services.settings.current.stored.replace(model="new-default"))
    assert session.shown.model == "new-default"
