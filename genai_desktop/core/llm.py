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
import threading
import time
from typing import Callable
from urllib.parse import urlsplit

from .chat import ChatRequest, ChatResult, field_of, usage_counts
from .errors import ChatError, ErrorKind, error_from_exception
from .redaction import REDACTED, known_secrets, redact, register_secret
from .lazy import load_sdk
from .validation import check_api_key, is_model_name, refuse_unsafe_address

log = logging.getLogger(__name__)
BATCH_SECONDS = 0.03  # deliver text to the GUI at most ~33 times a second
SDK_RETRIES = 2  # connection errors, 429 and 5xx before any byte; streams are never retried
MAX_ANSWER_CHARS = 4_000_000  # one answer; the text up to here is kept (a real answer is < 0.5 M)


class CancelToken:
    """Set from any thread; interrupts the stream it is attached to immediately."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task | None = None

    def cancel(self) -> None:
        with self._lock:
            self._event.set()
            loop, task = self._loop, self._task
        if loop is not None and task is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(task.cancel)
            except RuntimeError:  # the loop closed meanwhile: the stream is over anyway
                pass

    def is_set(self) -> bool:
        return self._event.is_set()

    def _attach(self, loop: asyncio.AbstractEventLoop | None, task: asyncio.Task | None) -> bool:
        with self._lock:
            self._loop, self._task = loop, task
            return self._event.is_set()


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

    api_key = _checked_key(request.api_key)
    timeout = openai.Timeout(request.read_timeout, connect=request.connect_timeout)
    return openai.AsyncOpenAI(
        api_key=api_key, base_url=request.base_url, timeout=timeout, max_retries=SDK_RETRIES,
        http_client=api_http_client(timeout, openai.DEFAULT_CONNECTION_LIMITS),
    )


def _create_arguments(request: ChatRequest, with_usage: bool) -> dict:
    arguments: dict = dict(model=request.model, messages=list(request.messages), stream=True)
    if with_usage:
        arguments["stream_options"] = {"include_usage": True}
    if request.temperature is not None:
        arguments["temperature"] = request.temperature
    if request.max_completion_tokens is not None:
        arguments["max_completion_tokens"] = request.max_completion_tokens
    return arguments


def run_chat(
    request: ChatRequest,
    cancel: CancelToken,
    on_text: Callable[[str], None],
    batch_seconds: float = BATCH_SECONDS,
) -> ChatResult:
    """Stream one answer, handing text to on_text in batches; raise ChatError on failure.

    Text already handed out stays valid when an error follows: the caller keeps it
    as a partial answer.
    """
    try:
        host = urlsplit(request.base_url).hostname or "?"
    except ValueError:  # "http://[::1/v1": _client refuses it, with the reason
        host = "?"
    log.info("chat request: model=%s host=%s messages=%d", request.model, host, len(request.messages))
    started = time.monotonic()
    try:
        result = asyncio.run(_stream(request, cancel, on_text, batch_seconds))
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


async def _stream(request: ChatRequest, cancel: CancelToken, on_text, batch_seconds: float) -> ChatResult:
    openai = load_sdk()

    loop = asyncio.get_running_loop()
    batcher = _Batcher(loop, on_text, batch_seconds)
    secrets = _SecretFilter(())
    if cancel._attach(loop, asyncio.current_task()):
        return ChatResult("", None, cancelled=True)
    finish_reason = None
    usage = None
    try:
        async with _client(request) as client:
            secrets = _SecretFilter(known_secrets())  # _client registered this request's key
            try:
                stream = await client.chat.completions.create(**_create_arguments(request, with_usage=True))
            except openai.BadRequestError as exc:
                if "stream_options" not in str(exc.message):
                    raise
                # Some compatible servers reject stream_options: ask again without usage.
                stream = await client.chat.completions.create(**_create_arguments(request, with_usage=False))
            async with stream:
                content_type = stream.response.headers.get("content-type", "")
                if "event-stream" not in content_type and "json" not in content_type:
                    raise ChatError(ErrorKind.NOT_OPENAI, detail=content_type.split(";")[0])
                received_any = False
                async for chunk in stream:
                    received_any = True
                    usage = usage_counts(field_of(chunk, "usage")) or usage
                    for text, reason in _choices(chunk):
                        if text:
                            _add_capped(batcher, secrets.feed(text))
                        finish_reason = reason or finish_reason
                if not received_any:
                    raise ChatError(ErrorKind.NOT_OPENAI, detail=content_type.split(";")[0])
                _add_capped(batcher, secrets.finish())
    except asyncio.CancelledError:
        _add_held(batcher, secrets)
        batcher.flush()
        return ChatResult(batcher.text, finish_reason, cancelled=True, usage=usage)
    except BaseException as exc:  # noqa: BLE001 - every failure becomes a ChatError
        _add_held(batcher, secrets)
        batcher.flush()
        if cancel.is_set():
            return ChatResult(batcher.text, finish_reason, cancelled=True, usage=usage)
        raise error_from_exception(exc, partial=bool(batcher.parts)) from None
    batcher.flush()
    if finish_reason is None:
        raise ChatError(ErrorKind.INCOMPLETE)
    return ChatResult(batcher.text, finish_reason, usage=usage)


def _choices(chunk: object):
    """(text, finish_reason) of each choice in one stream chunk; a value of the wrong type is no value."""
    choices = field_of(chunk, "choices")
    for choice in choices if isinstance(choices, list) else ():
        text = field_of(field_of(choice, "delta"), "content")
        reason = field_of(choice, "finish_reason")
        yield (text if isinstance(text, str) else "",
               reason if isinstance(reason, str) and reason else None)


def _add_capped(batcher: _Batcher, text: str) -> None:
    room = MAX_ANSWER_CHARS - batcher.length
    if len(text) <= room:
        batcher.add(text)
        return
    if room > 0:
        batcher.add(text[:room])
    raise ChatError(ErrorKind.ANSWER_TOO_LONG, limit=MAX_ANSWER_CHARS)


def _add_held(batcher: _Batcher, secrets: _SecretFilter) -> None:
    """The held-back end of an answer that stopped early, kept as part of it (within the cap)."""
    held = secrets.finish()[: max(0, MAX_ANSWER_CHARS - batcher.length)]
    if held:
        batcher.add(held)


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
