"""The chat worker: lives in its own QThread and turns one request into signals."""

from __future__ import annotations

import dataclasses
import logging
import threading
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal, Slot

from ..core.errors import ChatError, ErrorKind, error_from_exception
from ..core.chat import ChatRequest, ChatResult
from ..core.llm import CancelToken, run_chat
from ..core.secrets import KeyLookup, KeyStore
from ..core.validation import endpoint_id

log = logging.getLogger(__name__)
CANCEL_POLL_SECONDS = 0.05  # how soon Stop or closing frees the worker while the keyring is asked


@dataclass(frozen=True)
class ChatJob:
    request_id: int
    request: ChatRequest  # api_key is filled in here, in the worker thread
    cancel: CancelToken
    key_store: KeyStore


class _Pending:
    """One key lookup under way: its outcome (a KeyLookup or the exception) once done is set."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.outcome: KeyLookup | BaseException | None = None


class KeyLookups:
    """Key lookups on daemon threads, at most one under way per key store and endpoint.

    A keyring can block for minutes (an unlock prompt nobody answers, a hung D-Bus). On the chat
    thread itself that would keep the QThread running past closing, and Qt aborts the process
    when a running QThread is destroyed; a daemon thread left waiting in the keyring ends with
    the process instead. A Send after Stop waits for the lookup already under way rather than
    starting another: otherwise each Send/Stop would leave one more thread stuck in the keyring.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._under_way: dict[tuple[int, str], _Pending] = {}

    def lookup_unless_cancelled(self, key_store: KeyStore, base_url: str, cancel: CancelToken) -> KeyLookup | None:
        """The key; None as soon as the request is cancelled (the lookup goes on for the next request)."""
        # id() is safe as a key: the thread below holds key_store until the entry is removed.
        name = (id(key_store), endpoint_id(base_url))
        with self._lock:
            pending = self._under_way.get(name)
            if pending is None:
                pending = self._under_way[name] = _Pending()
                threading.Thread(target=self._lookup, args=(key_store, base_url, name, pending),
                                 name="chat-key-lookup", daemon=True).start()
        while not pending.done.wait(CANCEL_POLL_SECONDS):
            if cancel.is_set():
                log.info("the key lookup was still waiting for the keyring when the request was cancelled")
                return None
        if isinstance(pending.outcome, BaseException):
            raise pending.outcome
        return pending.outcome

    def _lookup(self, key_store: KeyStore, base_url: str, name: tuple[int, str], pending: _Pending) -> None:
        try:
            pending.outcome = key_store.lookup(base_url)
        except BaseException as exc:  # noqa: BLE001 - handed to the worker, which reports it
            pending.outcome = exc
        finally:
            with self._lock:  # the next request asks afresh: the key may have been saved meanwhile
                del self._under_way[name]
            pending.done.set()


class ChatWorker(QObject):
    textReceived = Signal(int, str)
    finished = Signal(int, object)  # request id, ChatResult
    failed = Signal(int, object)  # request id, ChatError

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
                lookup = self._key_lookups.lookup_unless_cancelled(job.key_store, request.base_url, job.cancel)
                if lookup is None:
                    self.finished.emit(job.request_id, ChatResult("", None, cancelled=True))
                    return
                keyring_error = lookup.keyring_error
                request = dataclasses.replace(request, api_key=lookup.key)
            try:
                # run_chat refuses an unsafe address first, then a missing key (ErrorKind.NO_KEY).
                result = run_chat(request, job.cancel, lambda text: self.textReceived.emit(job.request_id, text))
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
