"""Server quirks (issue 13, point 2): each refusal recognised from the server's real words (sources in
core/quirks.py), through the real SDK against the loopback server, the request asked again shaped for it,
and the quirk remembered per server (and model) in the settings, across a restart too."""

from __future__ import annotations

import logging

import pytest
from hypothesis import given, settings as hypothesis_settings
from hypothesis import strategies as st

from conftest import TEST_KEY
from fake_openai_server import QUIRK_REFUSALS
from services_fixtures import build, close
from genai_desktop.core import config_file
from genai_desktop.core.chat import ChatRequest
from genai_desktop.core.errors import ChatError, ErrorKind
from genai_desktop.core.llm import CancelToken, ping, run_chat
from genai_desktop.core.profiles import Quirk
from genai_desktop.core.quirks import (
    OLLAMA_DEFAULT_CONTEXT, REMEMBERED_ENTRIES, LearnedQuirk, QuirkChange, context_warning, forgotten, known_quirks,
    quirks_of, read_learned, refused_quirk, remembered)
from genai_desktop.core.settings import Settings
from genai_desktop.core.validation import endpoint_id

LEAF = st.none() | st.booleans() | st.integers() | st.text(max_size=30)
SYSTEM = {"role": "system", "content": "Answer in one word."}
USER = {"role": "user", "content": "Say hello."}


def ask(server, messages=(USER,), model="o1-mini", quirks=frozenset(), **fields):
    changes: list[QuirkChange] = []
    request = ChatRequest(base_url=server.base_url, model=model, api_key=TEST_KEY, messages=tuple(messages),
                          read_timeout=5, connect_timeout=2, quirks=frozenset(quirks), **fields)
    result = run_chat(request, CancelToken(), lambda _text: None, on_retry=lambda _wait: None,
                      on_quirk=changes.append)
    return result, changes


def bodies(server) -> list[dict]:
    return [request.json for request in server.chat_requests()]


# --- each refusal, learned in one request --------------------------------------------------------

def test_stream_options_refused_by_a_gateway_is_learned_logged_and_the_answer_comes_without_usage(
        api_server, caplog):
    api_server.set_mode("normal", refuse=["stream_options"])
    with caplog.at_level(logging.INFO, logger="genai_desktop.core.quirks"):
        result, changes = ask(api_server)
    (line,) = [record.getMessage() for record in caplog.records if record.name == "genai_desktop.core.quirks"]
    assert line == "server quirk learned: no_stream_options at 127.0.0.1 (model o1-mini), remembered"
    assert TEST_KEY not in caplog.text
    assert result.text == "Hello from the fake server." and result.usage is None
    assert changes == [QuirkChange(Quirk.NO_STREAM_OPTIONS)]
    first, second = bodies(api_server)
    assert "stream_options" in first and "stream_options" not in second


def test_azures_old_stream_options_refusal_is_still_handled(api_server):
    """The behaviour before issue 13 (a 400 naming stream_options: asked again without it), now remembered."""
    api_server.set_mode("normal", reject_stream_options=True)
    result, changes = ask(api_server)
    assert result.finish_reason == "stop" and changes == [QuirkChange(Quirk.NO_STREAM_OPTIONS)]


def test_max_completion_tokens_refused_by_azure_goes_as_max_tokens(api_server):
    api_server.set_mode("normal", refuse=["max_completion_tokens"])
    result, changes = ask(api_server, max_completion_tokens=1)
    assert result.finish_reason == "stop" and changes == [QuirkChange(Quirk.MAX_TOKENS)]
    first, second = bodies(api_server)
    assert first["max_completion_tokens"] == 1 and "max_tokens" not in first
    assert second["max_tokens"] == 1 and "max_completion_tokens" not in second


def test_a_reasoning_model_refusing_max_tokens_forgets_the_quirk(api_server):
    """The same server's gpt-5 deployment wants max_completion_tokens after all: the quirk goes for that model."""
    api_server.set_mode("normal", refuse=["max_tokens"])
    result, changes = ask(api_server, max_completion_tokens=1, quirks={Quirk.MAX_TOKENS})
    assert result.finish_reason == "stop" and changes == [QuirkChange(Quirk.MAX_TOKENS, learned=False)]
    first, second = bodies(api_server)
    assert first["max_tokens"] == 1 and second["max_completion_tokens"] == 1 and "max_tokens" not in second


@pytest.mark.parametrize("refusal", ["temperature", "temperature_parameter"])
def test_temperature_refused_by_a_reasoning_model_is_not_sent_again(api_server, refusal):
    api_server.set_mode("normal", refuse=[refusal])
    result, changes = ask(api_server, temperature=0.7)
    assert result.finish_reason == "stop" and changes == [QuirkChange(Quirk.NO_TEMPERATURE)]
    first, second = bodies(api_server)
    assert first["temperature"] == 0.7 and "temperature" not in second


def test_a_refused_system_role_goes_as_developer(api_server):
    api_server.set_mode("normal", refuse=["system"])
    result, changes = ask(api_server, messages=(SYSTEM, USER))
    assert result.finish_reason == "stop" and changes == [QuirkChange(Quirk.DEVELOPER_ROLE)]
    first, second = bodies(api_server)
    assert [m["role"] for m in first["messages"]] == ["system", "user"]
    assert second["messages"] == [{"role": "developer", "content": SYSTEM["content"]}, USER]


def test_o1_mini_refusing_system_and_developer_gets_the_system_prompt_in_the_first_user_message(api_server):
    api_server.set_mode("normal", refuse=["system", "developer"])
    result, changes = ask(api_server, messages=(SYSTEM, USER, {"role": "assistant", "content": "Hi."},
                                                {"role": "user", "content": "Again."}))
    assert result.finish_reason == "stop"
    assert changes == [QuirkChange(Quirk.DEVELOPER_ROLE), QuirkChange(Quirk.SYSTEM_IN_USER)]
    last = bodies(api_server)[-1]["messages"]
    assert [m["role"] for m in last] == ["user", "assistant", "user"]
    assert last[0]["content"] == "Answer in one word.\n\nSay hello." and last[2]["content"] == "Again."


def test_the_system_prompt_goes_as_the_first_part_of_a_message_with_parts(api_server):
    api_server.set_mode("normal", refuse=["system", "developer"])
    parts = {"role": "user", "content": [{"type": "text", "text": "Read this."}]}
    ask(api_server, messages=(SYSTEM, parts), quirks={Quirk.SYSTEM_IN_USER})
    (only,) = bodies(api_server)
    assert only["messages"] == [{"role": "user", "content": [{"type": "text", "text": "Answer in one word."},
                                                             {"type": "text", "text": "Read this."}]}]


def test_several_quirks_of_one_model_are_learned_one_refusal_at_a_time(api_server):
    api_server.set_mode("normal", refuse=["temperature", "system", "max_completion_tokens"])
    result, changes = ask(api_server, messages=(SYSTEM, USER), temperature=0.2, max_completion_tokens=1)
    assert result.finish_reason == "stop"
    assert [change.quirk for change in changes] == [Quirk.NO_TEMPERATURE, Quirk.DEVELOPER_ROLE, Quirk.MAX_TOKENS]
    assert len(api_server.chat_requests()) == 4


def test_known_quirks_shape_the_first_request(api_server):
    api_server.set_mode("normal", refuse=list(QUIRK_REFUSALS.keys() - {"max_tokens", "developer"}))
    result, changes = ask(api_server, messages=(SYSTEM, USER), temperature=0.2, max_completion_tokens=1,
                          quirks={Quirk.NO_STREAM_OPTIONS, Quirk.MAX_TOKENS, Quirk.NO_TEMPERATURE, Quirk.DEVELOPER_ROLE})
    assert result.finish_reason == "stop" and changes == []
    (only,) = bodies(api_server)
    assert only["messages"][0]["role"] == "developer" and only["max_tokens"] == 1
    assert not {"temperature", "stream_options", "max_completion_tokens"} & set(only)


def test_a_server_that_keeps_refusing_is_asked_once_more_then_its_error_is_shown(api_server):
    words = QUIRK_REFUSALS["temperature"][1]["error"]["message"].replace("{value}", "0.7")
    api_server.set_mode("status", status=400, error_message=words)
    with pytest.raises(ChatError) as raised:
        ask(api_server, temperature=0.7)
    assert raised.value.kind is ErrorKind.BAD_REQUEST and "'temperature'" in raised.value.server_message
    assert len(api_server.chat_requests()) == 2


def test_words_about_what_the_request_did_not_carry_teach_nothing(api_server):
    words = QUIRK_REFUSALS["temperature"][1]["error"]["message"].replace("{value}", "0.7")
    api_server.set_mode("status", status=400, error_message=words)
    with pytest.raises(ChatError):
        ask(api_server)  # no temperature sent
    assert len(api_server.chat_requests()) == 1


def test_test_connection_passes_on_a_server_refusing_max_completion_tokens(api_server):
    """ping asks for one token with max_completion_tokens: on such an Azure it failed before."""
    api_server.set_mode("normal", refuse=["max_completion_tokens"])
    request = ChatRequest(base_url=api_server.base_url, model="gpt-4o", api_key=TEST_KEY, read_timeout=5)
    assert ping(request).finish_reason == "stop"


# --- Ollama ---------------------------------------------------------------------------------------

def test_an_ollama_server_is_recognised_by_its_answer_once(api_server):
    api_server.set_mode("normal", ollama=True)
    _result, changes = ask(api_server)
    assert changes == [QuirkChange(Quirk.OLLAMA_CONTEXT)]
    _result, changes = ask(api_server, quirks={Quirk.OLLAMA_CONTEXT})
    assert changes == []
    api_server.set_mode("normal")
    assert ask(api_server)[1] == []


def test_ollamas_port_counts_as_ollama_before_it_answered():
    assert Quirk.OLLAMA_CONTEXT in known_quirks((), "http://localhost:11434/v1", "llama3.2")
    assert Quirk.OLLAMA_CONTEXT not in known_quirks((), "http://localhost:1234/v1", "llama3.2")
    assert known_quirks((), "http://[::1/v1", "x") == frozenset()


def test_a_long_chat_to_ollama_is_warned_about_a_short_one_and_other_servers_not():
    document = {"role": "user", "content": [{"type": "text", "text": "x" * (OLLAMA_DEFAULT_CONTEXT * 4)}]}
    warning = context_warning((SYSTEM, document), {Quirk.OLLAMA_CONTEXT})
    assert warning is not None and warning.limit == OLLAMA_DEFAULT_CONTEXT and warning.tokens > warning.limit
    assert context_warning((SYSTEM, USER), {Quirk.OLLAMA_CONTEXT}) is None
    assert context_warning((SYSTEM, document), set()) is None
    assert context_warning((SYSTEM, document), {Quirk.OLLAMA_CONTEXT}, context_tokens=200_000) is None


# --- remembered -----------------------------------------------------------------------------------

def test_model_quirks_are_kept_per_model_and_server_quirks_for_the_server():
    url = "https://Gateway.example/v1/"
    learned = remembered((), url, "o1-mini", QuirkChange(Quirk.DEVELOPER_ROLE))
    learned = remembered(learned, url, "o1-mini", QuirkChange(Quirk.NO_STREAM_OPTIONS))
    assert learned == (("https://gateway.example/v1", "", "no_stream_options"),
                       ("https://gateway.example/v1", "o1-mini", "developer_role"))
    assert known_quirks(learned, "https://gateway.example/v1", "o1-mini") == {Quirk.DEVELOPER_ROLE,
                                                                              Quirk.NO_STREAM_OPTIONS}
    assert known_quirks(learned, url, "gpt-4o") == {Quirk.NO_STREAM_OPTIONS}
    assert known_quirks(learned, "https://other.example/v1", "o1-mini") == frozenset()
    settings = Settings(learned_quirks=learned)
    assert quirks_of(settings, url) == (LearnedQuirk(Quirk.NO_STREAM_OPTIONS, ""),
                                        LearnedQuirk(Quirk.DEVELOPER_ROLE, "o1-mini"))
    assert remembered(learned, url, "o1-mini", QuirkChange(Quirk.DEVELOPER_ROLE, learned=False)) == learned[:1]
    assert forgotten(learned, url) == ()


def test_learned_quirks_survive_the_settings_file_and_stay_bounded(tmp_path):
    learned = ()
    for n in range(REMEMBERED_ENTRIES + 20):
        learned = remembered(learned, f"https://s{n}.example/v1", "m", QuirkChange(Quirk.NO_TEMPERATURE))
    assert len(learned) == REMEMBERED_ENTRIES and learned[0][0] == f"https://s{REMEMBERED_ENTRIES + 19}.example/v1"
    config_file.save_settings(tmp_path / "settings.json", Settings(learned_quirks=learned))
    assert config_file.load_settings(tmp_path / "settings.json").settings.learned_quirks == learned


@hypothesis_settings(max_examples=200, deadline=None)
@given(st.one_of(LEAF, st.lists(st.one_of(LEAF, st.lists(st.one_of(LEAF, st.sampled_from(
    ["https://a.example/v1", "o1-mini", "", *[quirk.value for quirk in Quirk]])), max_size=4)), max_size=6)))
def test_any_stored_value_reads_as_valid_quirks_or_the_default(value):
    try:
        learned = read_learned(value)
    except ValueError:
        assert not isinstance(value, list)
        return
    for server, model, quirk in learned:
        assert server and isinstance(model, str) and Quirk(quirk)
    assert Settings.from_json_dict({"learned_quirks": value}).learned_quirks in ((), learned)


@hypothesis_settings(max_examples=300, deadline=None)
@given(st.text(max_size=300), st.text(max_size=40),
       st.dictionaries(st.sampled_from(["stream_options", "max_completion_tokens", "max_tokens", "temperature",
                                        "messages"]),
                       st.none() | st.integers() | st.lists(st.dictionaries(st.sampled_from(["role", "content"]),
                                                                           st.text(max_size=10)), max_size=3)))
def test_any_words_from_a_server_teach_at_most_one_quirk_of_what_was_sent(words, param, arguments):
    arguments = {name: value for name, value in arguments.items() if name != "messages" or isinstance(value, list)}
    change = refused_quirk(words, param, arguments)
    assert change is None or isinstance(change, QuirkChange)


@pytest.mark.parametrize("words, param, arguments, expected", [
    ("Setting 'max_tokens' and 'max_completion_tokens' at the same time is not supported.", "",
     {"max_completion_tokens": 1}, None),
    ("Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
     "max_tokens", {"max_completion_tokens": 1}, None),  # it is not max_completion_tokens that was refused
    ("Unrecognized request argument supplied: stream_options", "", {}, None),
    ("We could not parse the JSON body of your request.", "", {"temperature": 1, "stream_options": {}}, None),
    ("Unsupported value: 'messages[0].role' does not support 'system' with this model.", "messages[0].role",
     {"messages": [USER]}, None),
])
def test_refusals_that_name_no_quirk_of_the_request(words, param, arguments, expected):
    assert refused_quirk(words, param, arguments) is expected


# --- through the services, across a restart ------------------------------------------------------

def test_a_quirk_learned_in_a_chat_is_remembered_across_a_restart(qtbot, tmp_path, api_server):
    api_server.set_mode("normal", refuse=["system"])
    services = build(tmp_path, api_server.base_url, model="o1-mini", system_prompt="Answer in one word.")
    try:
        with qtbot.waitSignal(services.session.answerFinished, timeout=15000):
            assert services.session.send("Hello?")
    finally:
        close(services)
    assert [m["role"] for m in bodies(api_server)[1]["messages"]] == ["developer", "user"]
    stored = config_file.load_settings(tmp_path / "settings.json").settings
    assert stored.learned_quirks == ((endpoint_id(api_server.base_url), "o1-mini", "developer_role"),)

    api_server.requests.clear()
    services = build(tmp_path, api_server.base_url, **{name: getattr(stored, name) for name in (
        "model", "system_prompt", "learned_quirks")})
    try:
        with qtbot.waitSignal(services.session.answerFinished, timeout=15000):
            assert services.session.send("And again?")
    finally:
        close(services)
    (only,) = bodies(api_server)  # asked once, as the server takes it
    assert only["messages"][0] == {"role": "developer", "content": "Answer in one word."}


def test_a_long_chat_to_ollama_is_said_before_the_answer(qtbot, tmp_path, api_server):
    api_server.set_mode("normal", ollama=True)
    services = build(tmp_path, api_server.base_url, model="llama3.2")
    try:
        with qtbot.assertNotEmitted(services.session.contextMayBeCut):
            with qtbot.waitSignal(services.session.answerFinished, timeout=15000):
                services.session.send("Short question.")  # Ollama recognised by its answer
        assert Quirk.OLLAMA_CONTEXT in known_quirks(services.settings.current.effective.learned_quirks,
                                                    api_server.base_url, "other-model")
        with qtbot.waitSignal(services.session.contextMayBeCut, timeout=5000) as said:
            with qtbot.waitSignal(services.session.answerFinished, timeout=15000):
                services.session.send("Summarise: " + "word " * OLLAMA_DEFAULT_CONTEXT)
    finally:
        close(services)
    warning = said.args[1]
    assert warning.limit == OLLAMA_DEFAULT_CONTEXT and warning.tokens > OLLAMA_DEFAULT_CONTEXT
