"""The chat controller: owns the conversation, the worker thread and the settings.

Widgets call its methods and listen to its signals; it is the only way from the UI
to the core's I/O.
"""

from __future__ import annotations

import atexit
import itertools
import logging
import os
from dataclasses import dataclass, field
from typing import Callable, Mapping

from PySide6.QtCore import QObject, QThread, Signal, Slot

from ..core import config_file, llm, secrets
from ..core.errors import ChatError
from ..core.chat import ChatRequest, ChatResult
from ..core.llm import CancelToken
from ..core.paths import AppPaths
from ..core.secrets import KeyLookup, KeyStore
from ..core.settings import EffectiveSettings, KeySource, Settings, apply_environment
from .tasks import BackgroundTasks
from .worker import ChatJob, ChatWorker

log = logging.getLogger(__name__)


@dataclass
class Turn:
    """One prompt and its answer. Answers that failed with no text are not sent again."""

    prompt: str
    answer: str = ""
    finished: bool = False  # the model said it was done (finish_reason present)
    error: ChatError | None = None


@dataclass(frozen=True)
class KeyState:
    source: KeySource
    keyring_error: ChatError | None = None
    keyring_backend: str = ""
    keyring_usable: bool = True
    keyring_reason: str = ""


@dataclass
class _Active:
    request_id: int
    turn: Turn
    cancel: CancelToken = field(default_factory=CancelToken)


_running_threads: set[QThread] = set()  # a running QThread must never be destroyed: keep it until it ends


@atexit.register
def _stop_running_threads() -> None:
    """An embedding that never closed its window: end the worker threads before Qt is torn down."""
    for thread in list(_running_threads):
        thread.quit()
        thread.wait(3000)


class ChatController(QObject):
    turnStarted = Signal(int, str, str, bool)  # request id, prompt, model, whether it retries the last turn
    answerText = Signal(int, str)
    answerFinished = Signal(int, object)  # request id, ChatResult
    answerFailed = Signal(int, object)  # request id, ChatError
    busyChanged = Signal(bool)
    conversationCleared = Signal()
    settingsChanged = Signal(object)  # EffectiveSettings
    keyStateChanged = Signal(object)  # KeyState

    _startJob = Signal(object)

    def __init__(self, paths: AppPaths, environ: Mapping[str, str] | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._paths = paths
        self._environ = dict(os.environ if environ is None else environ)
        loaded = config_file.load_settings(paths.settings_file)
        self.settings_moved_aside = loaded.moved_aside
        self._settings = apply_environment(loaded.settings, self._environ)
        self.key_store = KeyStore(self._environ)
        self.key_state: KeyState | None = None  # None until the first lookup finished
        self.tasks = BackgroundTasks(self)
        self._turns: list[Turn] = []
        self._active: _Active | None = None
        self._ids = itertools.count(1)
        self._shut_down = False

        self._thread = QThread()  # no parent: its lifetime is managed by shutdown()
        self._thread.setObjectName("chat-worker")
        self._worker = ChatWorker()
        self._worker.moveToThread(self._thread)
        self._startJob.connect(self._worker.run)
        self._worker.textReceived.connect(self._on_text)
        self._worker.finished.connect(self._on_finished)
        self._worker.failed.connect(self._on_failed)
        self._thread.finished.connect(self._worker.deleteLater)
        _running_threads.add(self._thread)
        self._thread.finished.connect(lambda thread=self._thread: _running_threads.discard(thread))
        self._thread.start()

    # --- settings -------------------------------------------------------------------------

    @property
    def settings(self) -> EffectiveSettings:
        return self._settings

    def save_settings(self, stored: Settings) -> None:
        """Write the user's settings; environment overrides keep applying on top."""
        address_changed = stored.base_url != self._settings.stored.base_url
        config_file.save_settings(self._paths.settings_file, stored)
        self._settings = apply_environment(stored, self._environ)
        self.settingsChanged.emit(self._settings)
        if address_changed:
            self.refresh_key_state()

    def remember(self, **window_state) -> None:
        """Keep window state (size, text size) for the next start; a failure to write is not worth a word."""
        try:
            self.save_settings(self._settings.stored.replace(**window_state))
        except OSError as exc:
            log.warning("could not remember the window state: %s", exc)

    # --- the key (all keyring work in the background) --------------------------------------

    def refresh_key_state(self) -> None:
        base_url = self._settings.effective.base_url
        store = self.key_store

        def work() -> KeyState:
            status = secrets.keyring_status()
            lookup: KeyLookup = store.lookup(base_url)
            return KeyState(lookup.source if lookup.key else KeySource.NONE, lookup.keyring_error,
                            status.backend, status.usable, status.reason)

        def done(state: KeyState) -> None:
            self.key_state = state
            self.keyStateChanged.emit(state)

        self.tasks.run(work, done, lambda error: log.warning("key lookup failed: %s", error))

    def save_key(self, base_url: str, key: str, session_only: bool, on_done: Callable[[KeySource], None],
                 on_error: Callable[[ChatError], None], owner: QObject | None = None) -> None:
        self.tasks.run(lambda: self.key_store.save(base_url, key, session_only), on_done, on_error, owner)

    def remove_key(self, base_url: str, on_done: Callable[[object], None],
                   on_error: Callable[[ChatError], None], owner: QObject | None = None) -> None:
        self.tasks.run(lambda: self.key_store.remove(base_url), on_done, on_error, owner)

    def _probe_request(self, settings: Settings, key: str) -> Callable[[], ChatRequest]:
        store = self.key_store

        def build() -> ChatRequest:
            api_key = key or store.lookup(settings.base_url).key
            return ChatRequest(base_url=settings.base_url, model=settings.model, api_key=api_key,
                               connect_timeout=settings.connect_timeout, read_timeout=settings.read_timeout)

        return build

    def test_connection(self, settings: Settings, key: str, on_done: Callable[[ChatResult], None],
                        on_error: Callable[[ChatError], None], owner: QObject | None = None) -> None:
        """One-token chat with the given (possibly unsaved) settings; key "" means the stored key."""
        build = self._probe_request(settings, key)
        self.tasks.run(lambda: llm.ping(build()), on_done, on_error, owner)

    def list_models(self, settings: Settings, key: str, on_done: Callable[[list], None],
                    on_error: Callable[[ChatError], None], owner: QObject | None = None) -> None:
        build = self._probe_request(settings, key)
        self.tasks.run(lambda: llm.list_models(build()), on_done, on_error, owner)

    # --- chat --------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._active is not None

    @property
    def turns(self) -> list[Turn]:
        return list(self._turns)

    def send(self, prompt: str) -> bool:
        """Start answering prompt; False if a request is running or the prompt is empty."""
        if self._shut_down or self._active is not None or not prompt.strip():
            return False
        turn = Turn(prompt)
        self._turns.append(turn)
        self._start(turn, retry=False)
        return True

    def can_retry(self) -> bool:
        return self._active is None and bool(self._turns) and not self._turns[-1].finished

    def retry(self) -> bool:
        """Ask again for the last answer that did not finish."""
        if not self.can_retry() or self._shut_down:
            return False
        turn = self._turns[-1]
        turn.answer, turn.error = "", None
        self._start(turn, retry=True)
        return True

    def stop(self) -> None:
        if self._active is not None:
            self._active.cancel.cancel()

    def clear_conversation(self) -> None:
        self.stop()
        self._turns.clear()
        self.conversationCleared.emit()

    def _messages_for(self, turn: Turn) -> tuple[dict, ...]:
        settings = self._settings.effective
        messages: list[dict] = []
        if settings.system_prompt.strip():
            messages.append({"role": "system", "content": settings.system_prompt})
        for earlier in self._turns:
            if earlier is turn:
                break
            if earlier.answer:  # a failed turn with no answer is not part of the conversation
                messages.append({"role": "user", "content": earlier.prompt})
                messages.append({"role": "assistant", "content": earlier.answer})
        messages.append({"role": "user", "content": turn.prompt})
        return tuple(messages)

    def _start(self, turn: Turn, retry: bool) -> None:
        settings = self._settings.effective
        request = ChatRequest(
            base_url=settings.base_url, model=settings.model, api_key="",
            messages=self._messages_for(turn), temperature=settings.temperature,
            connect_timeout=settings.connect_timeout, read_timeout=settings.read_timeout,
        )
        self._active = _Active(next(self._ids), turn)
        self.busyChanged.emit(True)
        self.turnStarted.emit(self._active.request_id, turn.prompt, settings.model, retry)
        self._startJob.emit(ChatJob(self._active.request_id, request, self._active.cancel, self.key_store))

    def _current(self, request_id: int) -> _Active | None:
        active = self._active
        return active if active is not None and active.request_id == request_id else None

    @Slot(int, str)
    def _on_text(self, request_id: int, text: str) -> None:
        active = self._current(request_id)
        if active is None or active.cancel.is_set():
            return  # late text after Stop is dropped
        active.turn.answer += text
        self.answerText.emit(request_id, text)

    @Slot(int, object)
    def _on_finished(self, request_id: int, result: ChatResult) -> None:
        active = self._current(request_id)
        if active is None:
            return
        active.turn.finished = not result.cancelled and result.finish_reason == "stop"
        self._end_request()
        self.answerFinished.emit(request_id, result)

    @Slot(int, object)
    def _on_failed(self, request_id: int, error: ChatError) -> None:
        active = self._current(request_id)
        if active is None:
            return
        active.turn.error = error
        self._end_request()
        self.answerFailed.emit(request_id, error)

    def _end_request(self) -> None:
        """The worker's answer is final; a next request queues behind its return."""
        self._active = None
        self.busyChanged.emit(False)

    # --- shutdown ------------------------------------------------------------------------------

    def shutdown(self, timeout_ms: int = 3000) -> bool:
        """Cancel, stop the worker thread and wait a bounded time. Safe to call twice."""
        if self._shut_down:
            return True
        self._shut_down = True
        self.stop()
        self.tasks.close()
        self._thread.quit()
        stopped = self._thread.wait(timeout_ms)
        if not stopped:
            log.error("chat worker did not stop within %d ms", timeout_ms)
        return stopped
