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

log = logging.getLogger(__name__)
CANCEL_POLL_SECONDS = 0.05  # how soon Stop or closing frees the worker while the keyring is asked


@dataclass(frozen=True)
class ChatJob:
    request_id: int
    request: ChatRequest  # api_key is filled in here, in the worker thread
    cancel: CancelToken
    key_store: KeyStore


def lookup_key_unless_cancelled(key_store: KeyStore, base_url: str, cancel: CancelToken) -> KeyLookup | None:
    """The key, looked up on a daemon thread; None as soon as the request is cancelled.

    A keyring can block for minutes (an unlock prompt nobody answers, a hung D-Bus). On the chat
    thread itself that would keep the QThread running past closing, and Qt aborts the process
    when a running QThread is destroyed. A daemon thread left waiting in the keyring ends with
    the process instead.
    """
    outcome: list = []
    done = threading.Event()

    def lookup() -> None:
        try:
            outcome.append(key_store.lookup(base_url))
        except BaseException as exc:  # noqa: BLE001 - handed to the worker, which reports it
            outcome.append(exc)
        finally:
            done.set()

    threading.Thread(target=lookup, name="chat-key-lookup", daemon=True).start()
    while not done.wait(CANCEL_POLL_SECONDS):
        if cancel.is_set():
            log.info("the key lookup was still waiting for the keyring when the request was cancelled")
            return None
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


class ChatWorker(QObject):
    textReceived = Signal(int, str)
    finished = Signal(int, object)  # request id, ChatResult
    failed = Signal(int, object)  # request id, ChatError

    @Slot(object)
    def run(self, job: ChatJob) -> None:
        """Never lets an exception escape: every outcome becomes a signal."""
        try:
            request = job.request
            if not request.api_key:
                lookup = lookup_key_unless_cancelled(job.key_store, request.base_url, job.cancel)
                if lookup is None:
                    self.finished.emit(job.request_id, ChatResult("", None, cancelled=True))
                    return
                if not lookup.key and lookup.keyring_error:
                    raise lookup.keyring_error
                request = dataclasses.replace(request, api_key=lookup.key)
            # run_chat refuses an unsafe address first, then a missing key (ErrorKind.NO_KEY).
            result = run_chat(request, job.cancel, lambda text: self.textReceived.emit(job.request_id, text))
            self.finished.emit(job.request_id, result)
        except BaseException as exc:  # noqa: BLE001 - a dead worker would freeze the chat
            error = error_from_exception(exc) if not isinstance(exc, ChatError) else exc
            if error.kind is ErrorKind.UNEXPECTED:
                log.error("unexpected error in chat worker", exc_info=exc)
            self.failed.emit(job.request_id, error)
