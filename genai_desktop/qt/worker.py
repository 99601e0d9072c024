"""The chat worker: lives in its own QThread and turns one request into signals."""

from __future__ import annotations

import atexit
import dataclasses
import logging
import os
import sys
import threading
from dataclasses import dataclass

from typing import Callable

from PySide6.QtCore import QObject, QThread, Signal, Slot

from ..core.errors import ChatError, ErrorKind, error_from_exception
from ..core.chat import ChatRequest, ChatResult
from ..core.cancel import CancelToken
from ..core.presets import key_to_send
from ..core.secrets import KeyStore, RequestSecrets
from ..core.validation import endpoint_id

log = logging.getLogger(__name__)
CANCEL_POLL_SECONDS = 0.05  # how soon Stop or closing frees the worker while the keyring is asked


@dataclass(frozen=True)
class ChatJob:
    request_id: int
    request: ChatRequest  # api_key and the secret headers are filled in here, in the worker thread
    cancel: CancelToken
    key_store: KeyStore


class _Pending:
    """One key lookup under way: its outcome (RequestSecrets or the exception) once done is set."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.outcome: RequestSecrets | BaseException | None = None


class KeyLookups:
    """Key lookups on daemon threads, at most one under way per key store and profile (endpoint without one).

    A keyring can block for minutes (an unlock prompt nobody answers, a hung D-Bus). On the chat
    thread itself that would keep the QThread running past closing, and Qt aborts the process
    when a running QThread is destroyed; a daemon thread left waiting in the keyring ends with
    the process instead. A Send after Stop waits for the lookup already under way rather than
    starting another: otherwise each Send/Stop would leave one more thread stuck in the keyring.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._under_way: dict[tuple[int, str], _Pending] = {}

    def lookup_unless_cancelled(self, key_store: KeyStore, request: ChatRequest,
                                cancel: CancelToken) -> RequestSecrets | None:
        """The key and secret headers; None as soon as the request is cancelled (the lookup goes on for the
        next request)."""
        # id() is safe as a key: the thread below holds key_store until the entry is removed.
        name = (id(key_store), endpoint_id(request.base_url), request.profile.id if request.profile else "")
        with self._lock:
            pending = self._under_way.get(name)
            if pending is None:
                pending = self._under_way[name] = _Pending()
                threading.Thread(target=self._lookup, args=(key_store, request, name, pending),
                                 name="chat-key-lookup", daemon=True).start()
        while not pending.done.wait(CANCEL_POLL_SECONDS):
            if cancel.is_set():
                log.info("the key lookup was still waiting for the keyring when the request was cancelled")
                return None
        if isinstance(pending.outcome, BaseException):
            raise pending.outcome
        return pending.outcome

    def _lookup(self, key_store: KeyStore, request: ChatRequest, name: tuple, pending: _Pending) -> None:
        try:
            pending.outcome = key_store.request_secrets(request.base_url, request.profile)
        except BaseException as exc:  # noqa: BLE001 - handed to the worker, which reports it
            pending.outcome = exc
        finally:
            with self._lock:  # the next request asks afresh: the key may have been saved meanwhile
                del self._under_way[name]
            pending.done.set()


class ChatWorker(QObject):
    textReceived = Signal(int, str)
    thinkingReceived = Signal(int, str)  # request id, a piece of the model's thinking (before its answer)
    finished = Signal(int, object)  # request id, ChatResult
    failed = Signal(int, object)  # request id, ChatError
    retryWaiting = Signal(int, object)  # request id, core.retry.RetryWait: refused, asked again after a wait
    quirkChanged = Signal(int, str, str, object)  # request id, its base_url and model, core.quirks.QuirkChange

    def __init__(self) -> None:
        super().__init__()
        self._key_lookups = KeyLookups()

    @Slot(object)
    def run(self, job: ChatJob) -> None:
        """Never lets an exception escape: every outcome becomes a signal."""
        try:
            request = job.request
            keyring_error = None
            if not request.api_key:
                found = self._key_lookups.lookup_unless_cancelled(job.key_store, request, job.cancel)
                if found is None:
                    self.finished.emit(job.request_id, ChatResult("", None, cancelled=True))
                    return
                keyring_error = found.lookup.keyring_error
                preset = request.profile.preset if request.profile else ""
                request = dataclasses.replace(request, api_key=key_to_send(preset, found.lookup.key),
                                              headers=request.headers + found.headers)
            from ..core import llm  # the chat client (and asyncio) load with the first request, not the window

            try:
                # run_chat refuses an unsafe address first, then a missing key (ErrorKind.NO_KEY).
                result = llm.run_chat(request, job.cancel, lambda text: self.textReceived.emit(job.request_id, text),
                                      on_thinking=lambda text: self.thinkingReceived.emit(job.request_id, text),
                                      on_retry=lambda wait: self.retryWaiting.emit(job.request_id, wait),
                                      on_quirk=lambda change: self.quirkChanged.emit(
                                          job.request_id, request.base_url, request.model, change))
            except ChatError as error:
                if error.kind is ErrorKind.NO_KEY and keyring_error is not None:
                    raise keyring_error from None  # no key because the keyring failed: say that
                raise
            self.finished.emit(job.request_id, result)
        except BaseException as exc:  # noqa: BLE001 - a dead worker would freeze the chat
            error = error_from_exception(exc) if not isinstance(exc, ChatError) else exc
            if error.kind is ErrorKind.UNEXPECTED:
                log.error("unexpected error in chat worker", exc_info=exc)
            self.failed.emit(job.request_id, error)


_running_threads: set[QThread] = set()  # a running QThread must never be destroyed: keep it until it ends


@atexit.register
def _stop_running_threads() -> None:
    """An embedding that never closed its window: end the worker threads before Qt is torn down."""
    for thread in list(_running_threads):
        thread.quit()
        thread.wait(3000)
    if any(thread.isRunning() for thread in _running_threads):
        exit_without_destroying_threads(1)


def exit_without_destroying_threads(code: int, reason: str = "a worker thread did not stop") -> None:
    """End the process now, logs flushed, when a thread still runs that Python's teardown would break.

    Letting Python tear down a QThread that still runs makes Qt abort the process (SIGABRT,
    "QThread: Destroyed while thread ... is still running"); a daemon thread that Python ends at exit
    while it is inside Qt's C++ code (emitting a signal, decoding a picture) aborts it too (glibc:
    "FATAL: exception not rethrown"). The history was closed already.
    """
    log.log(logging.ERROR if reason == "a worker thread did not stop" else logging.INFO,
            "%s; exiting without waiting for it", reason)
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


class ChatWorkerThread(QObject):
    """The chat worker in its own QThread: started once, given jobs, stopped at shutdown."""

    _startJob = Signal(object)

    def __init__(self, on_text: Callable[[int, str], None], on_finished: Callable[[int, object], None],
                 on_failed: Callable[[int, object], None], on_thinking: Callable[[int, str], None] | None = None,
                 on_retry: Callable[[int, object], None] | None = None,
                 on_quirk: Callable[[int, str, str, object], None] | None = None):
        super().__init__()
        self._thread = QThread()  # no parent: its lifetime is managed by stop()
        self._thread.setObjectName("chat-worker")
        self._worker = ChatWorker()
        self._worker.moveToThread(self._thread)
        self._startJob.connect(self._worker.run)
        self._worker.textReceived.connect(on_text)
        if on_thinking is not None:
            self._worker.thinkingReceived.connect(on_thinking)
        self._worker.finished.connect(on_finished)
        self._worker.failed.connect(on_failed)
        if on_retry is not None:
            self._worker.retryWaiting.connect(on_retry)
        if on_quirk is not None:
            self._worker.quirkChanged.connect(on_quirk)
        self._thread.finished.connect(self._worker.deleteLater)
        _running_threads.add(self._thread)
        self._thread.finished.connect(lambda thread=self._thread: _running_threads.discard(thread))
        self._thread.start()

    def start(self, job: ChatJob) -> None:
        self._startJob.emit(job)

    @property
    def running(self) -> bool:
        return self._thread.isRunning()

    def stop(self, timeout_ms: int) -> bool:
        """Quit the thread and wait a bounded time; False if it still runs (see exit_without_destroying_threads)."""
        self._thread.quit()
        stopped = self._thread.wait(timeout_ms)
        if not stopped:
            log.error("chat worker did not stop within %d ms", timeout_ms)
        return stopped
