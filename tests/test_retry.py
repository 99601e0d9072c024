"""The retry policy (core/retry.py) and the visible retries of core.llm.run_chat against the loopback server."""

from __future__ import annotations

import email.utils
import math
import threading
import time

import pytest
from hypothesis import example, given, strategies as st

from conftest import TEST_KEY
from genai_desktop.core import llm, retry
from genai_desktop.core.chat import ChatRequest
from genai_desktop.core.errors import ChatError, ErrorKind
from genai_desktop.core.retry import RetryWait, retry_wait, server_wait_seconds

NOW = 1_800_000_000.0
RATE_LIMITED = ChatError(ErrorKind.RATE_LIMIT, status=429)


# --- reading the server's wait -------------------------------------------------------------------

@pytest.mark.parametrize("headers, seconds", [
    ({"retry-after": "7"}, 7.0),
    ({"retry-after": " 2.5 "}, 2.5),
    ({"retry-after": "0"}, 0.0),
    ({"retry-after-ms": "1500"}, 1.5),
    ({"retry-after-ms": "250", "retry-after": "9"}, 0.25),  # the finer one wins
    ({"retry-after": email.utils.formatdate(NOW + 30, usegmt=True)}, 30.0),
    ({"retry-after": email.utils.formatdate(NOW - 30, usegmt=True)}, 0.0),  # a date gone by: now
    ({"retry-after": "1" + "0" * 40}, 1e40),
    ({"retry-after": "soon"}, None),
    ({"retry-after": "-5"}, None),
    ({"retry-after": "nan"}, None),
    ({"retry-after": "inf"}, None),
    ({"retry-after": "1e3"}, None),
    ({"retry-after": "٣"}, None),  # a digit, but not one HTTP knows
    ({}, None),
])
def test_the_wait_the_server_asks_for(headers, seconds):
    assert server_wait_seconds(headers, NOW) == seconds


@given(st.one_of(st.text(max_size=80), st.from_regex(r"\A[0-9. ]{0,30}\Z"),
                 st.floats(allow_nan=True, allow_infinity=True).map(str),
                 st.integers(min_value=-10**30, max_value=10**400).map(str),
                 st.datetimes().map(lambda moment: email.utils.format_datetime(moment))),
       st.sampled_from(["retry-after", "retry-after-ms"]))
@example("9" * 500, "retry-after")
@example("Wed, 21 Oct 9999 07:28:00 GMT", "retry-after")
@example("Wed, 21 Oct 0001 07:28:00 GMT", "retry-after")
@example("Wed, 32 Foo 2015 99:99:99 +9999", "retry-after")
def test_a_hostile_retry_after_never_raises_and_never_makes_an_endless_or_negative_wait(value, header):
    seen = server_wait_seconds({header: value}, NOW)
    assert seen is None or (seen >= 0 and not math.isnan(seen))
    advised = retry.advised_wait_text(seen)  # what the error's advice says: "Wait N seconds"
    assert advised == "" or (advised.isdigit() and int(advised) <= 86400)
    for attempts in range(1, retry.MAX_ATTEMPTS + 2):
        wait = retry_wait(RATE_LIMITED, seen, attempts, 0.5)
        assert wait is None or 0 < wait <= retry.MAX_WAIT_SECONDS
        if attempts >= retry.MAX_ATTEMPTS:
            assert wait is None


# --- deciding ---------------------------------------------------------------------------------------

def test_the_server_asked_wait_is_honoured_up_to_the_cap_and_beyond_it_not_waited_out():
    assert retry_wait(RATE_LIMITED, 2.0, 1, 0.9) == 2.0
    assert retry_wait(RATE_LIMITED, retry.MAX_WAIT_SECONDS, 1, 0.0) == retry.MAX_WAIT_SECONDS
    assert retry_wait(RATE_LIMITED, retry.MAX_WAIT_SECONDS + 1, 1, 0.0) is None
    assert retry_wait(RATE_LIMITED, math.inf, 1, 0.0) is None


@given(st.floats(min_value=0, max_value=1, exclude_max=True))
def test_without_a_hint_the_back_off_grows_with_jitter_and_ends(jitter):
    waits = [retry_wait(RATE_LIMITED, None, attempts, jitter) for attempts in range(1, retry.MAX_ATTEMPTS + 1)]
    assert waits[-1] is None and all(wait is not None for wait in waits[:-1])
    for attempts, wait in enumerate(waits[:-1], start=1):
        full = min(retry.BACKOFF_FIRST_SECONDS * 2 ** (attempts - 1), retry.BACKOFF_LONGEST_SECONDS)
        assert 0.75 * full <= wait <= full
    assert retry_wait(RATE_LIMITED, 0.0, 1, jitter) == waits[0]  # "Retry-After: 0" is no hint: back off


@pytest.mark.parametrize("error, retried", [
    (ChatError(ErrorKind.RATE_LIMIT, status=429), True),
    (ChatError(ErrorKind.SERVER, status=502), True),
    (ChatError(ErrorKind.SERVER, status=503), True),
    (ChatError(ErrorKind.SERVER, status=504), True),
    (ChatError(ErrorKind.QUOTA, status=429), False),
    (ChatError(ErrorKind.SERVER, status=500), False),
    (ChatError(ErrorKind.AUTH, status=401), False),
    (ChatError(ErrorKind.BAD_REQUEST, status=400), False),
    (ChatError(ErrorKind.NOT_OPENAI, status=503), False),  # a captive portal's page is no busy server
    (ChatError(ErrorKind.CONNECTION), False),
    (ChatError(ErrorKind.TIMEOUT), False),
])
def test_which_refusals_are_asked_again(error, retried):
    assert (retry_wait(error, 1.0, 1, 0.0) is not None) is retried


# --- run_chat against the loopback server ----------------------------------------------------------

def _request(api_server, **values) -> ChatRequest:
    return ChatRequest(base_url=api_server.base_url, model="fake-model", api_key=TEST_KEY,
                       messages=({"role": "user", "content": "hi"},), read_timeout=5, connect_timeout=2, **values)


def test_a_rate_limit_is_waited_out_visibly_then_answered(api_server):
    api_server.set_mode("busy", retry_after="1")
    waits: list[RetryWait] = []
    result = llm.run_chat(_request(api_server), llm.CancelToken(), lambda _text: None, on_retry=waits.append)
    assert result.text == "Hello from the fake server." and result.finish_reason == "stop"
    assert [(wait.attempt, wait.seconds, wait.error.kind, wait.error.status) for wait in waits] == [
        (2, 1.0, ErrorKind.RATE_LIMIT, 429)]
    first, second = api_server.chat_requests()
    assert second.received_at - first.received_at >= 1.0


def test_a_busy_server_with_an_http_date_is_waited_for(api_server):
    api_server.set_mode("busy", status=503, retry_after_date_in=2)
    waits: list[RetryWait] = []
    llm.run_chat(_request(api_server), llm.CancelToken(), lambda _text: None, on_retry=waits.append)
    # The date has whole seconds: "in 2 s" is due 1 to 2 s after it was written.
    assert len(waits) == 1 and 1.0 <= waits[0].seconds <= 2.0 and waits[0].error.kind is ErrorKind.SERVER
    first, second = api_server.chat_requests()
    assert second.received_at - first.received_at >= waits[0].seconds - 0.05


@pytest.mark.parametrize("params, kind", [
    ({"status": 429, "code": "insufficient_quota", "error_message": "You exceeded your current quota."}, ErrorKind.QUOTA),
    ({"status": 500, "retry_after": "1"}, ErrorKind.SERVER),
    ({"status": 429, "retry_after": "90"}, ErrorKind.RATE_LIMIT),  # longer than anyone waits in front of a window
])
def test_refusals_that_waiting_does_not_help_fail_at_once_with_one_request(api_server, params, kind):
    api_server.set_mode("status", **params)
    waits: list[RetryWait] = []
    started = time.monotonic()
    with pytest.raises(ChatError) as info:
        llm.run_chat(_request(api_server), llm.CancelToken(), lambda _text: None, on_retry=waits.append)
    assert info.value.kind is kind and waits == [] and len(api_server.chat_requests()) == 1
    assert time.monotonic() - started < 1.0
    if params.get("retry_after") == "90":
        assert info.value.retry_after == "90"  # the advice says when to try


def test_without_anyone_to_show_the_wait_nothing_is_retried(api_server):
    """ping and the settings dialog's test pass no on_retry: a silent retry is not allowed there either."""
    api_server.set_mode("busy", retry_after="1")
    with pytest.raises(ChatError) as info:
        llm.run_chat(_request(api_server), llm.CancelToken(), lambda _text: None)
    assert info.value.kind is ErrorKind.RATE_LIMIT and len(api_server.chat_requests()) == 1


def test_a_connection_lost_before_the_first_byte_is_not_retried_silently(api_server):
    """The SDK asked twice more by itself (SDK_RETRIES = 2); the request may have been answered already."""
    api_server.set_mode("stall_before_first_byte", stall_seconds=0.05)
    with pytest.raises(ChatError) as info:
        llm.run_chat(_request(api_server), llm.CancelToken(), lambda _text: None, on_retry=lambda _wait: None)
    assert info.value.kind is ErrorKind.CONNECTION
    assert len(api_server.chat_requests()) == 1


def test_stop_during_the_wait_ends_it_at_once_without_asking_again(api_server):
    api_server.set_mode("busy", retry_after="30")
    cancel = llm.CancelToken()
    waiting = threading.Event()

    def on_retry(_wait: RetryWait) -> None:
        waiting.set()
        threading.Timer(0.1, cancel.cancel).start()

    started = time.monotonic()
    result = llm.run_chat(_request(api_server), cancel, lambda _text: None, on_retry=on_retry)
    assert waiting.is_set() and result.cancelled and result.text == ""
    assert time.monotonic() - started < 2.0
    assert len(api_server.chat_requests()) == 1
