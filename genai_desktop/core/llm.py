"""Talking to an OpenAI-compatible endpoint: streamed chat, model list, ping.

Streams run on the SDK's async client inside a private event loop of the calling
(worker) thread. Stop cancels the asyncio task, which closes the HTTP response at
once even when the server has gone silent; a blocking read of the sync client can
only be interrupted by its read timeout (seen with openai 3.54.0).

Every request goes through http_client.py's client: no redirects, capped bodies. What the SDK
builds from a server's JSON is not type-checked by it, so every field is read here with
field_of and checked before use.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import random
import time
from pathlib import Path
from typing import Callable, Collection
from urllib.parse import urlsplit

from .cancel import CancelToken
from .chat import ChatRequest, ChatResult, field_of, usage_counts
from .errors import ChatError, ErrorKind, error_from_exception
from .redaction import REDACTED, known_secrets, redact, register_secret
from .lazy import load_sdk
from .profiles import Quirk
from .quirks import QuirkChange, is_ollama_chunk, log_change, refused_quirk, shaped
from .thinking import ThinkingSplitter
from .retry import RetryWait, retry_wait, server_wait_seconds
from .validation import check_api_key, is_model_name, refuse_unsafe_address
from .vision import picture_refusal

log = logging.getLogger(__name__)
BATCH_SECONDS = 0.03  # deliver text to the GUI at most ~33 times a second
# After a stream chunk the worker had to wait for (the network had nothing more), it pauses this long
# before reading again, so the next read takes every event that came meanwhile at once: one wake-up
# (asyncio, httpx, the SSE decoder) per pause instead of one per token, and far less of the GIL the
# window needs (tests/bench/bench_streaming.py). Well under a batch: no text is shown later for it.
READ_PAUSE_SECONDS = 0.008
WAITED_SECONDS = 0.0005  # a chunk that took longer than this to come was waited for
# The SDK's own retries are silent (a rate-limited request once waited 16 s with nothing on screen):
# refusals are retried by _open_stream instead, as retry.py decides, each wait shown to the user.
SDK_RETRIES = 0
MAX_ANSWER_CHARS = 4_000_000  # one answer; the text up to here is kept (a real answer is < 0.5 M)


def _checked_key(api_key: str) -> str:
    if not api_key:
        raise ChatError(ErrorKind.NO_KEY)
    if not check_api_key(api_key).ok:
        raise ChatError(ErrorKind.INVALID_KEY)
    register_secret(api_key)
    return api_key.strip()


def _client(request: ChatRequest):
    """The SDK's async client on the guarded HTTP client; use it with async with (closes both).

    Every request goes through here, so here the address rule is applied (whatever set the address:
    the dialog, settings.json, OPENAI_BASE_URL), before the key is checked or anything is sent.
    """
    refuse_unsafe_address(request.base_url, request.cleartext_confirmed)
    openai = load_sdk()
    from .http_client import api_http_client
    from .trust import TrustStore, context_for_url

    api_key = _checked_key(request.api_key)
    timeout = openai.Timeout(request.read_timeout, connect=request.connect_timeout)
    return openai.AsyncOpenAI(
        api_key=api_key, base_url=request.base_url, timeout=timeout, max_retries=SDK_RETRIES,
        default_headers=dict(request.headers) or None,
        http_client=api_http_client(timeout, openai.DEFAULT_CONNECTION_LIMITS, request.proxy, context_for_url(
            request.base_url, TrustStore(Path(request.trust_folder)) if request.trust_folder else None)),
    )


def _create_arguments(request: ChatRequest, quirks: Collection[Quirk]) -> dict:
    """The request's arguments, shaped for the server's quirks (core/quirks.py)."""
    arguments: dict = dict(model=request.model, messages=list(request.messages), stream=True,
                           stream_options={"include_usage": True})
    if request.temperature is not None:
        arguments["temperature"] = request.temperature
    if request.max_completion_tokens is not None:
        arguments["max_completion_tokens"] = request.max_completion_tokens
    return shaped(arguments, quirks)


def run_chat(
    request: ChatRequest,
    cancel: CancelToken,
    on_text: Callable[[str], None],
    batch_seconds: float = BATCH_SECONDS,
    on_thinking: Callable[[str], None] | None = None,
    on_retry: Callable[[RetryWait], None] | None = None,
    on_quirk: Callable[[QuirkChange], None] | None = None,
) -> ChatResult:
    """Stream one answer, handing text to on_text in batches; raise ChatError on failure.

    A reasoning model's thinking goes to on_thinking (batched likewise) and into ChatResult.reasoning,
    never into the answer's text. Text already handed out stays valid when an error follows: the
    caller keeps it as a partial answer. A refusal before the answer (rate limit, busy server) is
    asked again after the wait retry.py allows, told to on_retry first; without on_retry nobody
    would see the wait, so nothing is retried. A refusal that names a server quirk (core/quirks.py) is asked
    again at once, shaped for it; on_quirk hears each quirk learned or forgotten, to remember it.
    """
    try:
        host = urlsplit(request.base_url).hostname or "?"
    except ValueError:  # "http://[::1/v1": _client refuses it, with the reason
        host = "?"
    log.info("chat request: model=%s host=%s messages=%d", request.model, host, len(request.messages))
    started = time.monotonic()
    try:
        quirks = _QuirkLearning(request, host, on_quirk)
        result = asyncio.run(_stream(request, cancel, _Channels(on_text, on_thinking, batch_seconds), on_retry, quirks))
    except ChatError as error:
        log.warning("chat request failed after %.1f s: %s", time.monotonic() - started, error)
        raise
    finally:
        cancel._attach(None, None)
    log.info(
        "chat answer: finish_reason=%s cancelled=%s chars=%d seconds=%.1f",
        result.finish_reason, result.cancelled, len(result.text), time.monotonic() - started,
    )
    return result


class _Batcher:
    """Collects text pieces and hands them on at most every batch_seconds."""

    def __init__(self, loop: asyncio.AbstractEventLoop, on_text: Callable[[str], None], seconds: float):
        self._loop, self._on_text, self._seconds = loop, on_text, seconds
        self._pending: list[str] = []
        self._timer: asyncio.TimerHandle | None = None
        self.parts: list[str] = []
        self.length = 0

    def add(self, text: str) -> None:
        self._pending.append(text)
        self.parts.append(text)
        self.length += len(text)
        if self._timer is None:
            self._timer = self._loop.call_later(self._seconds, self.flush)

    def flush(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._pending:
            text = "".join(self._pending)
            self._pending.clear()
            self._on_text(text)

    @property
    def text(self) -> str:
        return "".join(self.parts)


class _SecretFilter:
    """Replaces every registered secret in the streamed answer: a hostile server can echo the key,
    which would then be shown, stored in the history and exported.

    Only the exact secrets, not redact()'s patterns: those would mangle an answer's legitimate
    sk-… examples. An end of the text that could be the start of a secret (at most longest secret
    - 1 characters) waits for more text or the end of the stream, so a key split across stream
    pieces is caught too; any other text goes on at once, also while a server stalls.
    """

    def __init__(self, secrets: tuple[str, ...]) -> None:
        self._secrets = secrets  # longest first, so a secret containing another is replaced whole
        self._held = ""

    def feed(self, text: str) -> str:
        """The text that is safe to hand on now."""
        text = self._held + text
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        cut = len(text) - self._unfinished_secret_length(text)
        self._held = text[cut:]
        return text[:cut]

    def _unfinished_secret_length(self, text: str) -> int:
        """The length of the longest end of text that begins some secret."""
        longest = 0
        for secret in self._secrets:
            # Only where the secret's first character is (few places), from the earliest (the longest end).
            start = text.find(secret[0], max(0, len(text) - len(secret) + 1))
            while start != -1 and len(text) - start > longest:
                if secret.startswith(text[start:]):
                    longest = len(text) - start
                    break
                start = text.find(secret[0], start + 1)
        return longest

    def finish(self) -> str:
        """The held-back end: the stream is over, so no secret can complete there any more."""
        text, self._held = self._held, ""
        return text


class _Channels:
    """The answer and the thinking of one stream, each through its own secret filter and batcher.

    The thinking comes in a delta field of its own or at the start of the content between <think>
    tags (ThinkingSplitter); the key filter applies to it as to the answer (it is shown and stored too).
    """

    def __init__(self, on_text: Callable[[str], None], on_thinking: Callable[[str], None] | None, seconds: float):
        self._on_text, self._on_thinking, self._seconds = on_text, on_thinking or (lambda _text: None), seconds
        self._tags = ThinkingSplitter()
        self.watch_secrets(())

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        self.answer = _Batcher(loop, self._on_text, self._seconds)
        self.thinking = _Batcher(loop, self._on_thinking, self._seconds)

    def watch_secrets(self, secrets: tuple[str, ...]) -> None:
        self._answer_secrets, self._thinking_secrets = _SecretFilter(secrets), _SecretFilter(secrets)

    def add(self, content: str, reasoning: str) -> None:
        thinking, answer = self._tags.feed(content) if content else ("", "")
        if reasoning or thinking:
            _add_capped(self.thinking, self._thinking_secrets.feed(reasoning + thinking))
        if answer:
            _add_capped(self.answer, self._answer_secrets.feed(answer))

    def finish(self) -> None:
        """The stream is complete: what the tag splitter and the secret filters held back goes on (capped)."""
        thinking, answer = self._tags.finish()
        for batcher, secrets, text in ((self.thinking, self._thinking_secrets, thinking),
                                       (self.answer, self._answer_secrets, answer)):
            text = secrets.feed(text) + secrets.finish()
            if text:  # an answer without thinking never hands out an empty thinking piece
                _add_capped(batcher, text)

    def finish_early(self) -> None:
        """The held-back ends of a stream that stopped early, kept (within the cap), then handed out."""
        thinking, answer = self._tags.finish()
        for batcher, secrets, text in ((self.thinking, self._thinking_secrets, thinking),
                                       (self.answer, self._answer_secrets, answer)):
            held = (secrets.feed(text) + secrets.finish())[: max(0, MAX_ANSWER_CHARS - batcher.length)]
            if held:
                batcher.add(held)
        self.flush()

    def flush(self) -> None:
        self.thinking.flush()  # the thinking comes before its answer
        self.answer.flush()

    def result(self, finish_reason: str | None, cancelled: bool = False, usage: dict | None = None) -> ChatResult:
        return ChatResult(self.answer.text, finish_reason, cancelled=cancelled, usage=usage,
                          reasoning=self.thinking.text)


class _QuirkLearning:
    """The quirks one request is shaped with, as its refusals (and answer) teach more; each change told once."""

    def __init__(self, request: ChatRequest, host: str, on_quirk: Callable[[QuirkChange], None] | None):
        self.quirks = set(request.quirks)
        self._request, self._host, self._on_quirk = request, host, on_quirk
        self._tried: set[QuirkChange] = set()

    def learn(self, change: QuirkChange | None) -> bool:
        """True if change is new for this request (it is applied): the request is asked again."""
        if change is None or change in self._tried:
            return False
        self._tried.add(change)
        (self.quirks.add if change.learned else self.quirks.discard)(change.quirk)
        log_change(change, self._host, self._request.model)
        if self._on_quirk is not None:
            self._on_quirk(change)
        return True

    def see_chunk(self, chunk: object) -> None:
        if Quirk.OLLAMA_CONTEXT not in self.quirks and is_ollama_chunk(field_of(chunk, "system_fingerprint")):
            self.learn(QuirkChange(Quirk.OLLAMA_CONTEXT))


async def _stream(request: ChatRequest, cancel: CancelToken, channels: _Channels,
                  on_retry: Callable[[RetryWait], None] | None, quirks: _QuirkLearning) -> ChatResult:
    openai = load_sdk()

    loop = asyncio.get_running_loop()
    channels.start(loop)
    if cancel._attach(loop, asyncio.current_task()):
        return ChatResult("", None, cancelled=True)
    finish_reason = None
    usage = None
    try:
        async with _client(request) as client:
            channels.watch_secrets(known_secrets())  # _client registered this request's key
            stream = await _open_stream(openai, client, request, on_retry, quirks)
            async with stream:
                content_type = stream.response.headers.get("content-type", "")
                if "event-stream" not in content_type and "json" not in content_type:
                    raise ChatError(ErrorKind.NOT_OPENAI, detail=content_type.split(";")[0])
                received_any = False
                asked = loop.time()
                async for chunk in stream:
                    received_any = True
                    if loop.time() - asked > WAITED_SECONDS:
                        await asyncio.sleep(READ_PAUSE_SECONDS)
                    quirks.see_chunk(chunk)
                    usage = usage_counts(field_of(chunk, "usage")) or usage
                    for text, reasoning, reason in _choices(chunk):
                        channels.add(text, reasoning)
                        finish_reason = reason or finish_reason
                    asked = loop.time()
                if not received_any:
                    raise ChatError(ErrorKind.NOT_OPENAI, detail=content_type.split(";")[0])
                channels.finish()
    except asyncio.CancelledError:
        channels.finish_early()
        return channels.result(finish_reason, cancelled=True, usage=usage)
    except BaseException as exc:  # noqa: BLE001 - every failure becomes a ChatError
        channels.finish_early()
        if cancel.is_set():
            return channels.result(finish_reason, cancelled=True, usage=usage)
        raise error_from_exception(exc, partial=bool(channels.answer.parts)) from None
    channels.flush()
    if finish_reason is None:
        raise ChatError(ErrorKind.INCOMPLETE)
    return channels.result(finish_reason, usage=usage)


# Where servers that parse a reasoning model's thinking out send it: DeepSeek, vLLM and LiteLLM name the
# field reasoning_content, OpenRouter and newer vLLM reasoning (some send both with the same text: the first wins).
REASONING_FIELDS = ("reasoning_content", "reasoning")


async def _open_stream(openai, client, request: ChatRequest, on_retry: Callable[[RetryWait], None] | None,
                       quirks: _QuirkLearning):
    """The stream, once the server took the request; a refusal retry.py allows is asked again after its wait,
    one that names a server quirk at once, shaped for it.

    The wait is an asyncio sleep in the stream's task: Stop (the CancelToken) ends it at once.
    """
    attempts = 0
    while True:
        attempts += 1
        arguments = _create_arguments(request, quirks.quirks)
        try:
            # What chat.completions.create() posts, with the stream's chunks left as the JSON they came as:
            # building the SDK's models cost 0.2 ms of worker CPU per chunk (a 12th of that without), and
            # the worker holds the GIL the window needs meanwhile (tests/bench/bench_streaming.py).
            return await client.post("/chat/completions", body=arguments, cast_to=object, stream=True,
                                     stream_cls=openai.AsyncStream[object],
                                     options={"security": {"bearer_auth": True}})
        except openai.APIStatusError as exc:
            error = error_from_exception(exc)
            if exc.status_code in (400, 422) and quirks.learn(
                    refused_quirk(error.server_message, str(getattr(exc, "param", None) or ""), arguments)):
                attempts -= 1  # not a retry retry.py counts: the same request, shaped as the server takes it
                continue
            error = picture_refusal(error, request.messages)  # never retried
            wait = None if on_retry is None else retry_wait(
                error, server_wait_seconds(exc.response.headers, time.time()), attempts, random.random())
            if wait is None:
                raise error from None
            log.info("chat request refused (%s); attempt %d in %.1f s", error, attempts + 1, wait)
            on_retry(RetryWait(attempts + 1, wait, error))
            await asyncio.sleep(wait)


def _choices(chunk: object):
    """(text, thinking, finish_reason) of each choice in one stream chunk (its JSON as the server sent it);
    a value of the wrong type is no value. The thinking fields, which the API does not declare, are read
    like the others."""
    choices = field_of(chunk, "choices")
    for choice in choices if isinstance(choices, list) else ():
        delta = field_of(choice, "delta")
        text = field_of(delta, "content")
        reasoning = next((value for value in (field_of(delta, name) for name in REASONING_FIELDS)
                          if isinstance(value, str) and value), "")
        reason = field_of(choice, "finish_reason")
        yield (text if isinstance(text, str) else "", reasoning,
               reason if isinstance(reason, str) and reason else None)


def _add_capped(batcher: _Batcher, text: str) -> None:
    room = MAX_ANSWER_CHARS - batcher.length
    if len(text) <= room:
        batcher.add(text)
        return
    if room > 0:
        batcher.add(text[:room])
    raise ChatError(ErrorKind.ANSWER_TOO_LONG, limit=MAX_ANSWER_CHARS)


def ping(request: ChatRequest) -> ChatResult:
    """A one-token chat request: proves address, key and model work together."""
    one_token = dataclasses.replace(request, messages=({"role": "user", "content": "Reply with OK."},),
                                    temperature=None, max_completion_tokens=1)
    return run_chat(one_token, CancelToken(), lambda _text: None)


def list_models(request: ChatRequest) -> list[str]:
    """The model names the server offers, sorted; ChatError on failure."""
    try:
        return asyncio.run(_list_models(request))
    except Exception as exc:  # noqa: BLE001
        raise error_from_exception(exc) from None


async def _list_models(request: ChatRequest) -> list[str]:
    async with _client(request) as client:
        try:
            # The JSON as it came: model_ids reads any shape (an HTML page comes as a str).
            body = await client.get("/models", cast_to=object)
        except (json.JSONDecodeError, UnicodeDecodeError):  # called JSON, but is not
            raise ChatError(ErrorKind.NOT_OPENAI) from None
    names = model_ids(body)
    if names is None:
        raise ChatError(ErrorKind.NOT_OPENAI)
    return names


def model_ids(body: object) -> list[str] | None:
    """The model names in a /models answer, sorted and without duplicates; None if it is not a model list.

    Names are redacted like every text from a server that reaches the screen; a name that is not a
    string, is empty, absurdly long or holds control characters is skipped (validation.is_model_name).
    """
    data = field_of(body, "data")
    if not isinstance(data, list):
        return None
    names = set()
    for entry in data:
        name = field_of(entry, "id")
        if is_model_name(name):
            names.add(redact(name.strip()))
    return sorted(names)
