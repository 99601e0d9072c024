"""The chat worker: lives in its own QThread and turns one request into signals."""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal, Slot

from ..core.errors import ChatError, ErrorKind, error_from_exception
from ..core.chat import ChatRequest
from ..core.llm import CancelToken, run_chat
from ..core.secrets import KeyStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ChatJob:
    request_id: int
    request: ChatRequest  # api_key is filled in here, in the worker thread
    cancel: CancelToken
    key_store: KeyStore


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
                lookup = job.key_store.lookup(request.base_url)
                if not lookup.key:
                    raise lookup.keyring_error or ChatError(ErrorKind.NO_KEY)
                request = dataclasses.replace(request, api_key=lookup.key)
            result = run_chat(request, job.cancel, lambda text: self.textReceived.emit(job.request_id, text))
            self.finished.emit(job.request_id, result)
        except BaseException as exc:  # noqa: BLE001 - a dead worker would freeze the chat
            error = error_from_exception(exc) if not isinstance(exc, ChatError) else exc
            if error.kind is ErrorKind.UNEXPECTED:
                log.error("unexpected error in chat worker", exc_info=exc)
            self.failed.emit(job.request_id, error)
