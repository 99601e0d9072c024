"""Checks FakeOpenAIServer against the real openai SDK, so app tests can trust it."""

from __future__ import annotations

import base64
import json
import threading
import time
import urllib.request

import openai
import pytest
from openai import OpenAI

from fake_openai_server import PICTURE_REFUSALS, PIXEL_PNG, QUIRK_REFUSALS, STALLED_REPLIES, FakeOpenAIServer, LeakTrapServer, split_reply

REPLY = "Hello from the fake server."
MESSAGES = [{"role": "user", "content": "Say hello."}]


@pytest.fixture
def server():
    with FakeOpenAIServer() as srv:
        yield srv


@pytest.fixture
def client(server):
    client = OpenAI(api_key="sk-test", base_url=server.base_url, max_retries=0,
                    timeout=openai.Timeout(5, connect=2, read=1))
    yield client
    client.close()


def stream(client, **kwargs):
    return client.chat.completions.create(model="fake-model", messages=MESSAGES, stream=True, **kwargs)


def consume(chunks, into: list[str]) -> list:
    """Iterate a stream, appending content to `into` as it arrives (kept if the stream raises)."""
    seen = []
    for chunk in chunks:
        seen.append(chunk)
        if chunk.choices and chunk.choices[0].delta.content:
            into.append(chunk.choices[0].delta.content)
    return seen


def test_normal_stream_yields_reply_and_stop(client):
    text: list[str] = []
    chunks = consume(stream(client), text)
    assert "".join(text) == REPLY
    assert chunks[0].choices[0].delta.role == "assistant"
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert chunks[-1].model == "fake-model"


def test_think_tags_come_inline_before_the_answer_with_the_tags_split_across_chunks(server, client):
    server.set_mode("think_tags", thinking="Let me think.", tag_piece=3)
    text: list[str] = []
    consume(stream(client), text)
    assert "".join(text) == "<think>\nLet me think.\n</think>\n\n" + REPLY
    assert "<think>" not in text and "<th" in text  # the opening tag is cut in pieces


@pytest.mark.parametrize("field", ["reasoning_content", "reasoning"])
def test_reasoning_deltas_come_in_their_field_before_the_answer(server, client, field):
    server.set_mode(field, thinking="Let me think.")
    text: list[str] = []
    chunks = consume(stream(client), text)
    thinking = [getattr(chunk.choices[0].delta, field, None) for chunk in chunks if chunk.choices]
    assert "".join(piece for piece in thinking if piece) == "Let me think."
    first_answer = next(i for i, chunk in enumerate(chunks) if chunk.choices and chunk.choices[0].delta.content)
    assert all(not piece for piece in thinking[first_answer:])  # all of the thinking came first
    assert "".join(text) == REPLY
    assert chunks[-1].choices[0].finish_reason == "stop"


def test_pause_after_thinking(server, client):
    server.set_mode("reasoning_content", thinking="Hmm.", pause_after_thinking=0.4)
    arrived = {}
    started = time.monotonic()
    for chunk in stream(client):
        delta = chunk.choices[0].delta if chunk.choices else None
        for name in ("reasoning_content", "content"):
            if delta is not None and getattr(delta, name, None):
                arrived.setdefault(name, time.monotonic() - started)
    assert arrived["content"] - arrived["reasoning_content"] >= 0.35


def test_split_reply_round_trips():
    for reply in (REPLY, "  two  spaces\n\nand lines ", "", "x"):
        assert "".join(split_reply(reply)) == reply


def test_stream_usage_with_include_usage(client):
    chunks = consume(stream(client, stream_options={"include_usage": True}), [])
    assert chunks[-1].choices == []
    usage = chunks[-1].usage
    assert usage.completion_tokens == len(split_reply(REPLY))
    assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens


def test_stream_without_include_usage_has_no_usage_chunk(client):
    assert all(chunk.choices for chunk in consume(stream(client), []))


def test_custom_tokens_and_finish_reason(server, client):
    server.set_mode("normal", tokens=["a", "b", "c"], finish_reason="length")
    text: list[str] = []
    chunks = consume(stream(client), text)
    assert text == ["a", "b", "c"]
    assert chunks[-1].choices[0].finish_reason == "length"


def test_non_streaming_create(client):
    completion = client.chat.completions.create(model="fake-model", messages=MESSAGES)
    assert completion.choices[0].message.content == REPLY
    assert completion.choices[0].finish_reason == "stop"
    assert completion.usage.completion_tokens == len(split_reply(REPLY))


def test_models_list(client):
    assert [m.id for m in client.models.list()] == ["fake-model", "fake-model-2"]


def test_unknown_path_is_openai_404(client):
    with pytest.raises(openai.NotFoundError) as info:
        client.get("/nope", cast_to=object)
    assert info.value.body["type"] == "invalid_request_error"


def test_drop_mid_stream_raises_connection_error_after_text(server, client):
    server.set_mode("drop_mid_stream", after_tokens=2)
    text: list[str] = []
    with pytest.raises(openai.APIConnectionError) as info:
        consume(stream(client), text)
    assert not isinstance(info.value, openai.APITimeoutError)
    assert "".join(text) == "".join(split_reply(REPLY)[:2])


def test_stall_mid_stream_raises_read_timeout(server, client):
    server.set_mode("stall_mid_stream")
    text: list[str] = []
    started = time.monotonic()
    with pytest.raises(openai.APITimeoutError):
        consume(stream(client), text)
    assert 0.9 < time.monotonic() - started < 3
    assert "".join(text) == "".join(split_reply(REPLY)[:3])


@pytest.mark.parametrize("mode", sorted(STALLED_REPLIES))
def test_stall_in_a_block_waits_mid_block_then_ends_normally(server, client, mode):
    server.set_mode(mode)
    before, after = STALLED_REPLIES[mode]
    text: list[str] = []
    chunks = stream(client)
    received = threading.Thread(target=lambda: text.extend(
        chunk.choices[0].delta.content or "" for chunk in chunks if chunk.choices))
    received.start()
    assert server.wait_until_stalled()
    time.sleep(0.3)  # the stall holds: nothing after it arrives
    assert "".join(text) == "".join(before)
    assert not "".join(before).endswith("\n")  # it stalls in the middle of a line
    server.resume()
    received.join(timeout=5)
    assert "".join(text) == "".join(before + after)


def test_stall_in_a_block_ends_on_its_own_after_stall_seconds(server, client):
    server.set_mode("stall_in_table", stall_seconds=0.2)
    text = "".join(chunk.choices[0].delta.content or "" for chunk in stream(client) if chunk.choices)
    assert text == "".join(sum(STALLED_REPLIES["stall_in_table"], []))


def test_stall_before_first_byte_raises_timeout(server, client):
    server.set_mode("stall_before_first_byte")
    with pytest.raises(openai.APITimeoutError):
        stream(client)


def test_stall_ends_by_closing_the_connection(server, client):
    server.set_mode("stall_before_first_byte", stall_seconds=0.2)
    with pytest.raises(openai.APIConnectionError) as info:
        stream(client)
    assert not isinstance(info.value, openai.APITimeoutError)


def test_first_byte_delay(server, client):
    server.set_mode("normal", first_byte_delay=0.3)
    started = time.monotonic()
    text: list[str] = []
    consume(stream(client), text)
    assert time.monotonic() - started >= 0.3
    assert "".join(text) == REPLY


def test_no_finish_reason_ends_quietly(server, client):
    server.set_mode("no_finish_reason")
    text: list[str] = []
    chunks = consume(stream(client, stream_options={"include_usage": True}), text)
    assert "".join(text) == REPLY
    assert all(chunk.choices and chunk.choices[0].finish_reason is None for chunk in chunks)


def test_sse_error_raises_api_error(server, client):
    server.set_mode("sse_error", error_message="Boom.")
    text: list[str] = []
    with pytest.raises(openai.APIError) as info:
        consume(stream(client), text)
    # APIConnectionError is a subclass of APIError: make sure this is the SSE event itself.
    assert not isinstance(info.value, openai.APIConnectionError)
    assert info.value.message == "Boom."
    assert info.value.body["type"] == "server_error"
    assert "".join(text) == "".join(split_reply(REPLY)[:3])


@pytest.mark.parametrize(("status", "error_class", "code"), [
    (400, openai.BadRequestError, None),
    (401, openai.AuthenticationError, "invalid_api_key"),
    (403, openai.PermissionDeniedError, "unsupported_country_region_territory"),
    (404, openai.NotFoundError, "model_not_found"),
    (429, openai.RateLimitError, "rate_limit_exceeded"),
    (500, openai.InternalServerError, None),
    (503, openai.InternalServerError, None),
])
@pytest.mark.parametrize("streaming", [True, False])
def test_status_errors(server, client, status, error_class, code, streaming):
    server.set_mode("status", status=status)
    with pytest.raises(error_class) as info:
        client.chat.completions.create(model="fake-model", messages=MESSAGES, stream=streaming)
    error = info.value
    assert error.status_code == status
    assert error.code == code
    assert error.request_id == "req_fake123"
    assert error.response.headers.get("retry-after") == ("0" if status in (429, 503) else None)
    assert len(server.chat_requests()) == 1  # max_retries=0: no retry despite retry-after


def test_status_error_messages_and_retry_after(server, client):
    server.set_mode("status", status=404)
    with pytest.raises(openai.NotFoundError) as info:
        client.chat.completions.create(model="gpt-x", messages=MESSAGES)
    assert info.value.body["message"] == "The model `gpt-x` does not exist or you do not have access to it."

    server.set_mode("status", status=429, error_message="You exceeded your current quota.", retry_after="7")
    with pytest.raises(openai.RateLimitError) as info:
        client.models.list()
    assert info.value.body["message"] == "You exceeded your current quota."
    assert info.value.response.headers["retry-after"] == "7"


def test_html_stream_yields_nothing(server, client):
    server.set_mode("html")
    assert list(stream(client)) == []


def test_html_non_streaming_comes_back_as_a_string(server, client):
    # The SDK does not check Content-Type: a non-JSON 200 body is returned as plain text.
    server.set_mode("html")
    result = client.chat.completions.create(model="fake-model", messages=MESSAGES)
    assert isinstance(result, str) and "Hotel WiFi login" in result


def test_request_recording(server, client):
    consume(stream(client), [])
    client.models.list()
    assert server.wait_for_requests(2)
    chat, models = server.requests
    assert chat.headers["authorization"] == "Bearer sk-test"
    assert chat.method == "POST" and chat.path == "/v1/chat/completions"
    assert chat.json["messages"] == MESSAGES and chat.json["stream"] is True
    assert models.method == "GET" and models.path == "/v1/models" and models.json is None
    assert server.chat_requests() == [chat]


def test_models_status_fails_the_model_list_while_chats_work(server, client):
    server.set_mode("normal", reply="Still answering.", models_status=404)
    with pytest.raises(openai.NotFoundError):
        client.models.list()
    text: list[str] = []
    consume(stream(client), text)
    assert "".join(text) == "Still answering."
    server.set_mode("normal", models_status=None)
    assert [model.id for model in client.models.list()] == ["fake-model", "fake-model-2"]


def test_trickle_pacing(server, client):
    server.set_mode("trickle", tokens=["x"] * 200, tokens_per_second=2000)
    text: list[str] = []
    started = time.monotonic()
    consume(stream(client), text)
    assert len(text) == 200
    assert 0.08 <= time.monotonic() - started <= 0.5


def test_stop_releases_stalled_clients_quickly(server):
    slow_client = OpenAI(api_key="sk-test", base_url=server.base_url, max_retries=0, timeout=60)
    server.set_mode("stall_before_first_byte")
    errors: list[BaseException] = []

    def call() -> None:
        try:
            stream(slow_client)
        except openai.APIConnectionError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=call) for _ in range(3)]
    for thread in threads:
        thread.start()
    assert server.wait_for_requests(3)
    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < 2
    for thread in threads:
        thread.join(timeout=2)
    assert len(errors) == 3
    server.stop()  # idempotent


def test_leak_trap_records_hits():
    with LeakTrapServer() as trap:
        with urllib.request.urlopen(trap.url("/secret.png?q=1"), timeout=2) as response:
            assert response.headers["Content-Type"] == "image/png"
            assert response.read() == PIXEL_PNG
        assert trap.hits == ["/secret.png?q=1"]


def test_busy_refuses_the_first_requests_then_answers_and_records_their_times(server, client):
    server.set_mode("busy", busy_requests=2, retry_after="1")
    for _ in range(2):
        with pytest.raises(openai.RateLimitError) as info:
            stream(client)
        assert info.value.response.headers["retry-after"] == "1"
        assert info.value.code == "rate_limit_exceeded"
    text: list[str] = []
    consume(stream(client), text)
    assert "".join(text) == REPLY
    first, second, third = server.chat_requests()
    assert 0 < first.received_at <= second.received_at <= third.received_at <= time.monotonic()
    server.set_mode("busy", status=503)  # set_mode counts afresh
    with pytest.raises(openai.InternalServerError):
        stream(client)
    consume(stream(client), [])


def test_retry_after_as_an_http_date_and_in_milliseconds(server, client):
    import email.utils

    server.set_mode("status", status=503, retry_after_date_in=30, retry_after_ms=1500)
    with pytest.raises(openai.InternalServerError) as info:
        stream(client)
    headers = info.value.response.headers
    when = email.utils.parsedate_to_datetime(headers["retry-after"]).timestamp()
    assert 28 <= when - time.time() <= 31
    assert headers["retry-after-ms"] == "1500"


def test_a_used_up_quota_names_its_code(server, client):
    server.set_mode("status", status=429, code="insufficient_quota",
                    error_message="You exceeded your current quota, please check your plan and billing details.")
    with pytest.raises(openai.RateLimitError) as info:
        stream(client)
    assert info.value.code == "insufficient_quota" and info.value.body["type"] == "insufficient_quota"


PICTURE_MESSAGES = [{"role": "user", "content": [
    {"type": "text", "text": "What is in this picture?"},
    {"type": "image_url", "image_url": {"url": "data:image/png;base64," + base64.b64encode(PIXEL_PNG).decode()}}]}]


@pytest.mark.parametrize("refusal", sorted(PICTURE_REFUSALS))
def test_text_only_refuses_a_picture_with_that_servers_status_and_body(server, client, refusal):
    server.set_mode("text_only", refusal=refusal)
    with pytest.raises(openai.APIStatusError) as raised:
        client.chat.completions.create(model="text-model", messages=PICTURE_MESSAGES, stream=True)
    status, body = PICTURE_REFUSALS[refusal]
    assert raised.value.status_code == status
    sent = raised.value.response.json()
    assert set(sent) == set(body)
    text = json.dumps(sent)
    assert "{model}" not in text and "{param}" not in text
    if refusal == "openai":  # where the picture was, as OpenAI names it
        assert sent["error"]["param"] == "messages.[0].content.[1].type"
    if refusal in ("vllm", "litellm"):
        assert "text-model" in text


def test_text_only_answers_text_and_its_vision_models(server, client):
    server.set_mode("text_only", vision_models=["vision-model"])
    text: list[str] = []
    consume(stream(client), text)  # no picture
    assert "".join(text) == REPLY
    text.clear()
    consume(client.chat.completions.create(model="vision-model", messages=PICTURE_MESSAGES, stream=True), text)
    assert "".join(text) == REPLY


def test_text_only_can_echo_the_key_in_its_words(server, client):
    server.set_mode("text_only", error_message="no pictures for {key}")
    with pytest.raises(openai.BadRequestError) as raised:
        client.chat.completions.create(model="text-model", messages=PICTURE_MESSAGES)
    assert raised.value.response.json()["error"]["message"] == "no pictures for sk-test"


def test_proxy_login_answers_a_connect_with_407_and_its_schemes(server):
    import http.client

    server.set_mode("proxy_login")
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    connection.request("CONNECT", "api.example.com:443")
    response = connection.getresponse()
    assert response.status == 407 and response.headers.get_all("Proxy-Authenticate") == ["NTLM", "Negotiate"]
    connection.close()
    server.set_mode("proxy_login", schemes=("Basic realm=\"corp\"",))
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(server.base_url + "/models", timeout=5)
    assert refused.value.code == 407 and refused.value.headers["Proxy-Authenticate"] == 'Basic realm="corp"'


QUIRK_REQUESTS = {  # what each refusal is about, in a request that carries it
    "stream_options": {"stream_options": {"include_usage": True}},
    "max_completion_tokens": {"max_completion_tokens": 5},
    "max_tokens": {"max_tokens": 5},
    "temperature": {"temperature": 0.7},
    "temperature_parameter": {"temperature": 0.7},
    "system": {"messages": [{"role": "system", "content": "Be brief."}, *MESSAGES]},
    "developer": {"messages": [{"role": "developer", "content": "Be brief."}, *MESSAGES]},
}


@pytest.mark.parametrize("refusal", sorted(QUIRK_REFUSALS))
def test_refuse_answers_a_request_carrying_it_with_that_servers_body(server, client, refusal):
    server.set_mode("normal", refuse=[refusal])
    arguments = {"messages": MESSAGES, **QUIRK_REQUESTS[refusal]}
    with pytest.raises(openai.BadRequestError) as raised:
        client.chat.completions.create(model="o1-mini", stream=True, **arguments)
    sent = raised.value.response.json()["error"]
    assert set(sent) == set(QUIRK_REFUSALS[refusal][1]["error"])
    assert "{" not in sent["message"]
    if refusal == "temperature":
        assert "does not support 0.7 with this model" in sent["message"]
    if refusal in ("system", "developer"):
        assert sent["param"] == "messages[0].role" and f"does not support '{refusal}'" in sent["message"]
    text: list[str] = []  # the same request without it is answered
    consume(client.chat.completions.create(model="o1-mini", stream=True, messages=MESSAGES), text)
    assert "".join(text) == REPLY


def test_refuse_names_the_first_refusal_that_applies(server, client):
    server.set_mode("normal", refuse=["temperature", "system"])
    with pytest.raises(openai.BadRequestError) as raised:
        client.chat.completions.create(model="o1-mini", messages=QUIRK_REQUESTS["system"]["messages"], stream=True)
    assert raised.value.param == "messages[0].role"


def test_ollama_marks_every_chunk_and_a_completion_with_its_fingerprint(server, client):
    server.set_mode("normal", ollama=True)
    chunks = consume(stream(client), [])
    assert chunks and all(chunk.system_fingerprint == "fp_ollama" for chunk in chunks)
    completion = client.chat.completions.create(model="fake-model", messages=MESSAGES)
    assert completion.system_fingerprint == "fp_ollama"
    server.set_mode("normal")
    assert all(chunk.system_fingerprint is None for chunk in consume(stream(client), []))


def test_an_api_prefix_serves_the_api_under_that_path_only():
    """Azure's /openai/v1 (and OpenRouter's /api/v1, Gemini's /v1beta/openai): under the prefix the API
    answers, and recorded requests count as chat requests; /v1 itself is then unknown."""
    with FakeOpenAIServer(api_prefix="/openai/v1/") as srv:
        assert srv.base_url.endswith("/openai/v1")
        client = OpenAI(api_key="sk-test", base_url=srv.base_url + "/", max_retries=0, timeout=5)
        assert [m.id for m in client.models.list()]
        text = []
        consume(stream(client), text)
        assert "".join(text) == REPLY
        assert [r.path for r in srv.chat_requests()] == ["/openai/v1/chat/completions"]
        plain = OpenAI(api_key="sk-test", base_url=f"http://127.0.0.1:{srv.port}/v1", max_retries=0, timeout=5)
        with pytest.raises(openai.NotFoundError):
            plain.models.list()
        client.close()
        plain.close()
