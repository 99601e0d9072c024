"""Property-based tests of what a server sends: the SSE stream (any bytes, any JSON shapes), the usage
numbers and the model list. Whatever arrives, run_chat returns an answer or raises a ChatError,
never anything else, and never hangs; the parsers accept any JSON.

The streams are served by one loopback server for all examples (mode "raw"), through the real SDK
and the guarded HTTP client.
"""

from __future__ import annotations

import json
import math
import unicodedata

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import TEST_KEY
from fake_openai_server import FakeOpenAIServer
from genai_desktop.core import llm
from genai_desktop.core.chat import TOKEN_COUNT_LIMIT, ChatRequest, ChatResult, usage_counts
from genai_desktop.core.errors import ChatError
from genai_desktop.core.redaction import redact
from genai_desktop.core.validation import MAX_MODEL_NAME_CHARS

# Each end-to-end example is one request through the SDK (~0.1 s, most of it the SDK's TLS context).
FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                      HealthCheck.too_slow])

# Any JSON value, numbers at their extremes included.
json_scalars = st.one_of(
    st.none(), st.booleans(), st.text(max_size=20),
    st.integers(min_value=-(2**70), max_value=2**70), st.sampled_from([10**30, 2**63, 2**63 - 1, -1, 0]),
    st.floats(allow_nan=False, allow_infinity=False), st.sampled_from([1.5e300, -0.0, 12.5, 1e-300]),
)
any_json = st.recursive(json_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)), max_leaves=12)

# Chunk-like shapes: mostly the right keys with plausible values, and now and then any value in
# any place (a strategy listed twice in one_of is drawn about twice as often).
content = st.one_of(st.text(max_size=30), st.text(max_size=30), any_json)
delta = st.one_of(st.fixed_dictionaries({"content": content}, optional={"role": any_json}),
                  st.fixed_dictionaries({"content": content}), any_json)
reason = st.one_of(st.sampled_from(["stop", "length", None, ""]), st.sampled_from(["stop", None]), any_json)
choice = st.one_of(
    st.fixed_dictionaries({"delta": delta, "finish_reason": reason}, optional={"index": any_json}),
    st.fixed_dictionaries({"delta": delta, "finish_reason": reason}),
    any_json)
count = st.one_of(st.integers(0, 10**6), st.integers(0, 10**6), any_json)
usage_like = st.one_of(
    st.fixed_dictionaries({"prompt_tokens": count, "completion_tokens": count}, optional={"total_tokens": count}),
    st.fixed_dictionaries({}, optional={"prompt_tokens": any_json, "completion_tokens": any_json}),
    any_json)
chunk = st.one_of(
    st.fixed_dictionaries({"choices": st.lists(choice, max_size=3)}),
    st.fixed_dictionaries({"choices": st.lists(choice, max_size=3)}, optional={
        "usage": usage_like, "id": any_json, "object": any_json, "model": any_json}),
    st.fixed_dictionaries({"choices": st.one_of(st.just([]), any_json), "usage": usage_like}),
    any_json)


def sse_line(field: str, value: str, end: str) -> str:
    return f"{field}: {value}{end}"


@st.composite
def sse_streams(draw) -> bytes:
    """Event streams as servers write them: data lines of JSON chunks, [DONE], comments, other fields,
    any line ends, sometimes junk in between."""
    end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    parts = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["chunk"] * 8 + ["done", "comment", "field", "junk", "error"]))
        if kind == "chunk":
            parts.append(sse_line("data", json.dumps(draw(chunk)), end) + end)
        elif kind == "done":
            parts.append(sse_line("data", "[DONE]", end) + end)
        elif kind == "comment":
            parts.append(":" + draw(st.text(max_size=10)).replace("\n", "").replace("\r", "") + end)
        elif kind == "field":
            name = draw(st.sampled_from(["event", "id", "retry", "x"]))
            parts.append(sse_line(name, draw(st.text(max_size=10)), end))
        elif kind == "error":
            parts.append("event: error" + end + sse_line("data", json.dumps({"error": draw(any_json)}), end) + end)
        else:
            parts.append(draw(st.text(max_size=20)))
    return "".join(parts).encode("utf-8", "surrogatepass")


@pytest.fixture(scope="module")
def raw_server():
    with FakeOpenAIServer("raw") as server:
        yield server


def chat_with(server, body: bytes, content_type: str = "text/event-stream", status: int = 200,
              piece: int = 4096):
    server.set_mode("raw", body=body, content_type=content_type, status=status, piece=piece)
    request = ChatRequest(base_url=server.base_url, model="fake-model", api_key=TEST_KEY,
                          messages=({"role": "user", "content": "fuzz"},), read_timeout=5.0, connect_timeout=5.0)
    received: list[str] = []
    try:
        result = llm.run_chat(request, llm.CancelToken(), received.append, batch_seconds=0.0)
    except ChatError as error:
        return error, "".join(received)
    return result, "".join(received)


def check_outcome(outcome, received: str) -> None:
    """Only an answer or a ChatError; an answer's fields have the types the window relies on."""
    assert isinstance(outcome, (ChatResult, ChatError)), type(outcome)
    if isinstance(outcome, ChatResult):
        assert isinstance(outcome.text, str) and outcome.text == received
        assert outcome.finish_reason is None or (isinstance(outcome.finish_reason, str) and outcome.finish_reason)
        assert outcome.usage is None or check_usage(outcome.usage)
    else:
        assert isinstance(str(outcome), str)


def check_usage(usage) -> bool:
    assert isinstance(usage, dict) and usage
    assert set(usage) <= {"prompt_tokens", "completion_tokens"}
    for value in usage.values():
        assert type(value) is int and 0 <= value <= TOKEN_COUNT_LIMIT
    return True


@FUZZ
@given(body=st.binary(max_size=3000), piece=st.integers(1, 64))
@example(body=b"data: " + b"[" * 100_000 + b"\n\n", piece=4096)  # nesting deeper than the parser's recursion
@example(body=b"data: {\"choices\": [{\"delta\": {\"content\": \"\\ud800\"}}]}\n\n", piece=7)  # a lone surrogate
@example(body=b"data: \xff\xfe\n\n", piece=3)  # not UTF-8
def test_any_bytes_as_a_stream(raw_server, body, piece):
    check_outcome(*chat_with(raw_server, body, piece=piece))


@FUZZ
@given(body=sse_streams(), piece=st.sampled_from([1, 5, 64, 4096]))
@example(body=b'data: {"choices": "abc"}\n\n', piece=4096)
@example(body=b'data: {"choices": [{"delta": {"content": 5}, "finish_reason": {"a": 1}}]}\n\n', piece=4096)
@example(body=b'data: {"choices": [], "usage": {"prompt_tokens": 1e999}}\n\n', piece=4096)
def test_any_json_shapes_in_a_stream(raw_server, body, piece):
    check_outcome(*chat_with(raw_server, body, piece=piece))


@FUZZ
@given(body=st.one_of(st.binary(max_size=500), any_json.map(lambda v: json.dumps(v).encode())),
       content_type=st.sampled_from(["application/json", "text/html", "text/plain", "", "text/event-stream"]),
       status=st.sampled_from([200, 400, 401, 403, 404, 422]))
def test_any_answer_to_the_chat_request(raw_server, body, content_type, status):
    check_outcome(*chat_with(raw_server, body, content_type=content_type, status=status))


@st.composite
def well_formed_streams(draw):
    """What a correct server sends: text pieces, a finish reason, perhaps a usage chunk."""
    pieces = draw(st.lists(st.text(min_size=1, max_size=12), max_size=8))
    reason = draw(st.sampled_from(["stop", "length", "content_filter"]))
    usage = draw(st.one_of(st.none(), st.fixed_dictionaries(
        {"prompt_tokens": st.integers(0, TOKEN_COUNT_LIMIT), "completion_tokens": st.integers(0, TOKEN_COUNT_LIMIT)})))
    events = [{"choices": [{"index": 0, "delta": {"content": p}, "finish_reason": None}]} for p in pieces]
    events.append({"choices": [{"index": 0, "delta": {}, "finish_reason": reason}]})
    if usage is not None:
        events.append({"choices": [], "usage": usage})
    body = b"".join(b"data: " + json.dumps(e).encode() + b"\n\n" for e in events) + b"data: [DONE]\n\n"
    return body, "".join(pieces), reason, usage


@FUZZ
@given(stream=well_formed_streams(), piece=st.sampled_from([1, 3, 4096]))
def test_a_well_formed_stream_is_read_exactly(raw_server, stream, piece):
    body, text, reason, usage = stream
    result, received = chat_with(raw_server, body, piece=piece)
    assert isinstance(result, ChatResult), result
    assert result.text == text == received and result.finish_reason == reason and result.usage == usage


# --- the parsers on their own -------------------------------------------------------------------

@settings(max_examples=500, deadline=None)
@given(usage=st.one_of(usage_like, any_json))
@example(usage={"prompt_tokens": 10**30, "completion_tokens": 1.5e300})
@example(usage={"prompt_tokens": "abc", "completion_tokens": -12})
@example(usage={"prompt_tokens": 2**63, "completion_tokens": True})
@example(usage={"prompt_tokens": math.inf, "completion_tokens": math.nan})
def test_usage_accepts_any_shape(usage):
    counts = usage_counts(usage)
    assert counts is None or check_usage(counts)
    for name in ("prompt_tokens", "completion_tokens"):
        value = usage.get(name) if isinstance(usage, dict) else None
        assert (counts or {}).get(name) == sane_count(value)  # every sane count kept, nothing else


def sane_count(value):
    """The rule: a whole number from 0 to TOKEN_COUNT_LIMIT (12.0 is one; True, 12.5 and "12" are not)."""
    if type(value) is float and value.is_integer():
        value = int(value)
    return value if type(value) is int and 0 <= value <= TOKEN_COUNT_LIMIT else None


@settings(max_examples=500, deadline=None)
@given(body=st.one_of(
    any_json,
    st.fixed_dictionaries({"data": st.one_of(st.lists(st.one_of(
        st.fixed_dictionaries({"id": st.one_of(st.text(max_size=30), any_json)}), any_json), max_size=6), any_json)},
        optional={"object": any_json})))
def test_model_list_accepts_any_shape(body):
    names = llm.model_ids(body)
    if not isinstance(body, dict) or not isinstance(body.get("data"), list):
        assert names is None
        return
    assert isinstance(names, list) and names == sorted(set(names))
    assert all(isinstance(name, str) and name and len(name) <= MAX_MODEL_NAME_CHARS for name in names)
    expected = {redact(entry["id"].strip()) for entry in body["data"] if isinstance(entry, dict)
                and isinstance(entry.get("id"), str) and entry["id"].strip()
                and len(entry["id"]) <= MAX_MODEL_NAME_CHARS
                and not any(unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") for char in entry["id"])}
    assert set(names) == expected  # every usable name, redacted like all server text, nothing else


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.one_of(st.binary(max_size=400), any_json.map(lambda v: json.dumps(v).encode())),
       content_type=st.sampled_from(["application/json", "text/html", "text/plain"]),
       status=st.sampled_from([200, 400, 404]))
def test_any_model_list_answer_end_to_end(raw_server, body, content_type, status):
    raw_server.set_mode("raw", body=body, content_type=content_type, status=status)
    request = ChatRequest(base_url=raw_server.base_url, model="fake-model", api_key=TEST_KEY, read_timeout=5.0)
    try:
        names = llm.list_models(request)
    except ChatError:
        return
    assert isinstance(names, list) and all(isinstance(name, str) for name in names)
