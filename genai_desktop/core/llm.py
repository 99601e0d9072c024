"""Talking to an OpenAI-compatible endpoint: streamed chat, model list, ping.

Streams run on the SDK's async client inside a private event loop of the calling
(worker) thread. Stop cancels the asyncio task, which closes the HTTP response at
once even when the server has gone silent; a blocking read of the sync client can
only be interrupted by its read timeout (seen with openai 3.54.0).
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from typing import Callable
from urllib.parse import urlsplit

from .chat import ChatRequest, ChatResult
from .errors import ChatError, ErrorKind, error_from_exception
from .redaction import register_secret
from .lazy import load_sdk
from .validation import check_api_key

log = logging.getLogger(__name__)
BATCH_SECONDS = 0.03  # deliver text to the GUI at most ~33 times a second
SDK_RETRIES = 2  # connection errors, 429 and 5xx before any byte; streams are never retried


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


def _client_options(request: ChatRequest) -> dict:
    openai = load_sdk()

    return dict(
        api_key=_checked_key(request.api_key),
        base_url=request.base_url,
        timeout=openai.Timeout(request.read_timeout, connect=request.connect_timeout),
        max_retries=SDK_RETRIES,
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
    host = urlsplit(request.base_url).hostname or "?"
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

    def add(self, text: str) -> None:
        self._pending.append(text)
        self.parts.append(text)
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


async def _stream(request: ChatRequest, cancel: CancelToken, on_text, batch_seconds: float) -> ChatResult:
    openai = load_sdk()

    loop = asyncio.get_running_loop()
    batcher = _Batcher(loop, on_text, batch_seconds)
    if cancel._attach(loop, asyncio.current_task()):
        return ChatResult("", None, cancelled=True)
    finish_reason = None
    usage = None
    try:
        async with openai.AsyncOpenAI(**_client_options(request)) as client:
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
                    if getattr(chunk, "usage", None):
                        usage = chunk.usage.model_dump(exclude_none=True)
                    for choice in chunk.choices or ():
                        if choice.delta and choice.delta.content:
                            batcher.add(choice.delta.content)
                        if choice.finish_reason:
                            finish_reason = choice.finish_reason
                if not received_any:
                    raise ChatError(ErrorKind.NOT_OPENAI, detail=content_type.split(";")[0])
    except asyncio.CancelledError:
        batcher.flush()
        return ChatResult(batcher.text, finish_reason, cancelled=True, usage=usage)
    except BaseException as exc:  # noqa: BLE001 - every failure becomes a ChatError
        batcher.flush()
        if cancel.is_set():
            return ChatResult(batcher.text, finish_reason, cancelled=True, usage=usage)
        raise error_from_exception(exc, partial=bool(batcher.parts)) from None
    batcher.flush()
    if finish_reason is None:
        raise ChatError(ErrorKind.INCOMPLETE)
    return ChatResult(batcher.text, finish_reason, usage=usage)


def ping(request: ChatRequest) -> ChatResult:
    """A one-token chat request: proves address, key and model work together."""
    one_token = ChatRequest(
        base_url=request.base_url, model=request.model, api_key=request.api_key,
        messages=({"role": "user", "content": "Reply with OK."},),
        connect_timeout=request.connect_timeout, read_timeout=request.read_timeout,
        max_completion_tokens=1,
    )
    return run_chat(one_token, CancelToken(), lambda _text: None)


def list_models(request: ChatRequest) -> list[str]:
    openai = load_sdk()

    try:
        with openai.OpenAI(**_client_options(request)) as client:
            page = client.models.list()
            ids = sorted({model.id for model in page.data if getattr(model, "id", None)})
    except (AttributeError, TypeError, ValueError):
        # The SDK hands an HTML page (captive portal) on as a str, which then fails here.
        raise ChatError(ErrorKind.NOT_OPENAI) from None
    except Exception as exc:  # noqa: BLE001
        raise error_from_exception(exc) from None
    return ids
