"""The chat controller: owns the conversation, the worker thread and the settings.

Widgets call its methods and listen to its signals; it is the only way from the UI
to the core's I/O.
"""

from __future__ import annotations

import atexit
import itertools
import logging
import os
import sys
import time
from dataclasses import dataclass, field, replace
from typing import Callable, Mapping

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from ..core import config_file, llm, secrets, transfer
from ..core.errors import ChatError
from ..core.chat import ChatRequest, ChatResult
from ..core.history import HistoryStore, check_file, import_into_file, repair_mark
from ..core.records import HistoryError, HistoryProblem, MessageState
from ..core.llm import CancelToken
from ..core.paths import AppPaths, create_private_file
from ..core.secrets import KeyLookup, KeyStore
from ..core.settings import EffectiveSettings, KeySource, Settings, apply_environment
from .tasks import BackgroundTasks
from .worker import ChatJob, ChatWorker

log = logging.getLogger(__name__)


CONTINUE_INSTRUCTION = ("Your previous answer was cut off. Continue it exactly where it stopped, "
                        "without repeating anything and without an introduction.")
JOURNAL_INTERVAL_SECONDS = 0.5  # a crash or kill loses at most this much of a streaming answer


@dataclass
class Turn:
    """One prompt and its answer, as shown and as stored (ids of the two history rows)."""

    prompt: str
    answer: str = ""
    state: MessageState | None = None  # None: not answered yet
    error: ChatError | None = None
    model: str = ""
    prompt_id: int | None = None
    answer_id: int | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None

    @property
    def finished(self) -> bool:
        """The model said it was done (finish_reason "stop")."""
        return self.state is MessageState.DONE

    @property
    def tokens(self) -> int | None:
        if self.prompt_tokens is None and self.completion_tokens is None:
            return None
        return (self.prompt_tokens or 0) + (self.completion_tokens or 0)


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
    conversation_id: int | object  # the chat's id, or the controller's _unsaved_chat
    continuing: bool = False
    earlier: Turn | None = None  # the answer a new version replaces once it is complete
    cancel: CancelToken = field(default_factory=CancelToken)
    journaled: int = -1  # length of the answer text last journaled


_running_threads: set[QThread] = set()  # a running QThread must never be destroyed: keep it until it ends


@atexit.register
def _stop_running_threads() -> None:
    """An embedding that never closed its window: end the worker threads before Qt is torn down."""
    for thread in list(_running_threads):
        thread.quit()
        thread.wait(3000)
    if any(thread.isRunning() for thread in _running_threads):
        exit_without_destroying_threads(1)


def exit_without_destroying_threads(code: int) -> None:
    """End the process now, logs flushed, when a worker is stuck where no cancel reaches it.

    Letting Python tear down a QThread that still runs makes Qt abort the process (SIGABRT,
    "QThread: Destroyed while thread ... is still running"); the history was closed already.
    """
    log.error("a worker thread did not stop; exiting without waiting for it")
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


class ChatController(QObject):
    # Request id, prompt, model, and whether it answers the last turn shown again (retry, continue).
    turnStarted = Signal(int, str, str, bool)
    # Text, end and failure of the answer streaming into the chat shown (not of one in another chat).
    answerText = Signal(int, str)
    answerFinished = Signal(int, object)  # request id, ChatResult
    answerFailed = Signal(int, object)  # request id, ChatError
    earlierAnswerKept = Signal(int, object)  # request id, why a new version did not complete: ChatError, or
    # the MessageState it ended in (stopped, interrupted)
    busyChanged = Signal(bool)
    conversationLoaded = Signal()  # another chat is shown: turns, draft and usage changed
    conversationsChanged = Signal()  # the list of chats (titles, order) changed
    historyFailed = Signal(object)  # HistoryError: the text stays in memory
    historyDamaged = Signal()  # the background check found a damaged page: repaired at the next start
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
        self._journal_timer = QTimer(self)
        self._journal_timer.setInterval(int(JOURNAL_INTERVAL_SECONDS * 1000))
        self._journal_timer.timeout.connect(self._journal)
        self._open_history(paths)
        self._conversation_id: int | None = None
        self._unsaved_chat = object()  # stands for the chat shown while it has no id (say, the disk was full)
        self.draft = ""
        self.open_conversation(self._settings.stored.open_conversation or None)

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
        def done(state: KeyState) -> None:
            self.key_state = state
            self.keyStateChanged.emit(state)

        self.look_up_key_state(self._settings.effective.base_url, done)

    def look_up_key_state(self, base_url: str, on_done: Callable[[KeyState], None],
                          owner: QObject | None = None) -> None:
        """The key state of any address (a key is stored per endpoint): the settings dialog asks for the
        address being edited, which is not the one in use until it is saved."""
        store = self.key_store

        def work() -> KeyState:
            status = secrets.keyring_status()
            lookup: KeyLookup = store.lookup(base_url)
            return KeyState(lookup.source if lookup.key else KeySource.NONE, lookup.keyring_error,
                            status.backend, status.usable, status.reason)

        self.tasks.run(work, on_done, lambda error: log.warning("key lookup failed: %s", error), owner)

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
                               connect_timeout=settings.connect_timeout, read_timeout=settings.read_timeout,
                               cleartext_confirmed=settings.cleartext_confirmed)

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

    # --- history ---------------------------------------------------------------------------------

    def _open_history(self, paths: AppPaths) -> None:
        """Open the history; if it cannot be (newer version, locked), keep this session in memory."""
        self.history_problem: HistoryError | None = None
        self.last_history_error: HistoryError | None = None  # also from before the window listened
        mark = self._repair_mark = repair_mark(paths.history_file)
        try:
            # Damage found by the last session's check: the full check now, so the file is moved
            # aside and what can still be read is copied into a fresh one.
            self.history = HistoryStore.open(paths.history_file, verify=mark.exists())
            mark.unlink(missing_ok=True)
        except HistoryError as error:
            log.error("history not opened: %s", error)
            self.history_problem = error
            self.history = HistoryStore.in_memory()
        if self.history.moved_aside is not None:
            log.error("the history was damaged and moved to %s", self.history.moved_aside)
        self._save(self.history.mark_interrupted)
        self._save(self.history.delete_empty, 0)
        if self.history_problem is None:
            self._check_history_in_background(paths.history_file)

    def _check_history_in_background(self, path) -> None:
        """Reading every page takes too long for start-up (0.45 s at 200,000 messages): done on the side."""
        def checked(intact: bool) -> None:
            if not intact:
                log.error("the history has a damaged page; it is repaired at the next start")
                self._report(HistoryError(HistoryProblem.DAMAGED, "quick_check"))

        self.tasks.run(lambda: check_file(path), checked, lambda error: log.warning("history check: %s", error))

    def _save(self, write: Callable, *arguments):
        """A history write; on failure (disk full, locked) the text stays in memory and the user is told.

        Skipped when its first argument, the row it is about, is None: that row was never saved
        (or belongs to a deleted chat).
        """
        if self._shut_down or (arguments and arguments[0] is None):
            return None
        return self._load(write, *arguments)

    def _load(self, call: Callable, *arguments, default=None):
        """A history read (or write); a damaged page shows a notice (and is repaired at the next start)
        instead of a crash, a full disk a message."""
        try:
            return call(*arguments)
        except HistoryError as error:
            log.error("history access failed: %s", error)
            self._report(error)
            return default

    def _report(self, error: HistoryError) -> None:
        if error.problem is HistoryProblem.DAMAGED:
            try:
                create_private_file(self._repair_mark)
            except OSError as mark_error:
                log.error("the repair mark could not be written: %s", mark_error.strerror)
            self.historyDamaged.emit()
        else:
            self.last_history_error = error
            self.historyFailed.emit(error)

    @property
    def conversation_id(self) -> int | None:
        """The chat shown; None for a new chat not saved yet."""
        return self._conversation_id

    def conversations(self, limit: int | None = None):
        """The chats, newest first (the first limit of them)."""
        return [] if self._shut_down else self._load(self.history.conversations, limit, default=[])

    def conversation(self, conversation_id: int | None):
        if self._shut_down or conversation_id is None:
            return None
        return self._load(self.history.conversation, conversation_id)

    def open_conversation(self, conversation_id: int | None) -> None:
        """Show another chat (None: a new one). A streaming answer goes on in its own chat."""
        conversation = self.conversation(conversation_id)
        if conversation is None:
            conversation_id = None
        elif conversation_id == self._conversation_id:
            return
        self._conversation_id = conversation_id
        self._unsaved_chat = object()
        self._save(self.history.delete_empty, conversation_id or 0)  # 0: no chat is kept
        self._turns = self._load_turns(conversation_id) if conversation_id is not None else []
        self.draft = conversation.draft if conversation else ""
        self.conversationLoaded.emit()
        self.conversationsChanged.emit()

    def _load_turns(self, conversation_id: int) -> list[Turn]:
        turns: list[Turn] = []
        for message in self._load(self.history.messages, conversation_id, default=[]):
            if message.role == "user":
                turns.append(Turn(message.content, prompt_id=message.id))
            elif message.role == "assistant":
                if not turns or turns[-1].state is not None:
                    turns.append(Turn(""))  # an answer without a prompt (imported)
                turn = turns[-1]
                turn.answer, turn.state, turn.model, turn.answer_id = (message.content, message.state,
                                                                       message.model, message.id)
                turn.prompt_tokens, turn.completion_tokens = message.prompt_tokens, message.completion_tokens
        active = self._active
        if active is not None and active.conversation_id == conversation_id:
            turns = [active.turn if turn.answer_id == active.turn.answer_id else turn for turn in turns]
        return turns

    def save_draft(self, text: str) -> None:
        """The unsent text of the chat shown; typing in a new chat saves that chat."""
        if self._shut_down or text == self.draft:
            return
        self.draft = text
        if self._conversation_id is None and text.strip():
            self._store_shown_chat()
            self.conversationsChanged.emit()
        self._save(self.history.set_draft, self._conversation_id, text)

    def _store_shown_chat(self) -> None:
        """The chat shown gets a row in the history (and an id), if the history can be written.

        Its messages that could not be saved before (the disk was full) are saved now, an answer
        still streaming as one; that answer belongs to the chat under its new id.
        """
        chat = self._conversation_id = self._save(self.history.create_conversation)
        if chat is None:
            return
        for turn in self._turns:
            if turn.prompt and turn.prompt_id is None:
                turn.prompt_id = self._save(self.history.add_message, chat, "user", turn.prompt)
            if turn.state is not None and turn.answer_id is None:
                turn.answer_id = self._save(self.history.add_message, chat, "assistant", "", MessageState.STREAMING,
                                            turn.model)
                if not self.is_streaming(turn):
                    self._store_answer(turn)
        active = self._active
        if active is not None and active.conversation_id is self._unsaved_chat:
            active.conversation_id = chat

    def rename_conversation(self, conversation_id: int, title: str) -> None:
        if title.strip():
            self._save(self.history.rename, conversation_id, title)
            self.conversationsChanged.emit()

    def delete_conversation(self, conversation_id: int) -> None:
        active = self._active
        if active is not None and active.conversation_id == conversation_id:
            self.stop()
            # Detached: its rows are gone, and their ids may be given to new ones before the worker returns.
            active.conversation_id, active.turn.prompt_id, active.turn.answer_id = -1, None, None
        self._save(self.history.delete, conversation_id)
        if conversation_id == self._conversation_id:
            self._conversation_id, self._unsaved_chat = None, object()
            self._turns, self.draft = [], ""
            self.conversationLoaded.emit()
        self.conversationsChanged.emit()

    def search(self, text: str):
        return [] if self._shut_down else self._load(self.history.search, text, default=[])

    @property
    def usage_total(self) -> int | None:
        counted = [turn.tokens for turn in self._turns if turn.tokens is not None]
        return sum(counted) if counted else None

    # --- export and import ----------------------------------------------------------------------

    def exported_conversation(self, conversation_id: int) -> transfer.TransferConversation:
        conversation = self.conversation(conversation_id)
        messages = tuple(transfer.TransferMessage(m.role, m.content, m.model, m.created)
                         for m in self._load(self.history.messages, conversation_id, default=[])
                         if m.content or m.role == "user")
        if conversation is None:
            return transfer.TransferConversation("", messages, updated=time.time())
        return transfer.TransferConversation(conversation.title, messages, conversation.created, conversation.updated)

    def export_markdown(self, conversation_id: int, path, you: str, assistant: str, untitled: str) -> None:
        text = transfer.to_markdown(self.exported_conversation(conversation_id), you, assistant, untitled)
        config_file.write_private_file_atomically(path, text.encode("utf-8"))

    def export_json(self, conversation_ids: list[int], path) -> None:
        text = transfer.to_json([self.exported_conversation(cid) for cid in conversation_ids])
        config_file.write_private_file_atomically(path, text.encode("utf-8"))

    def import_file(self, path, on_done: Callable[[int], None], on_problem: Callable[[str], None],
                    on_too_large: Callable[[int], None]) -> None:
        """Read, check and store the file in the background: all of it or nothing.

        on_too_large gets the size limit in bytes when the file is larger (it is not read then).
        Storing happens on a connection of the background thread's own when the history is a file;
        the in-memory history (a file that could not be opened) belongs to this thread.
        """
        history = self.history

        def work():
            try:
                conversations = transfer.read_import(path)
                if not history.on_disk:
                    return conversations
                return len(import_into_file(history.path, conversations))
            except (transfer.ImportProblem, HistoryError) as problem:
                return problem

        def stored(result) -> None:
            if isinstance(result, list):
                try:
                    result = len(self.history.import_conversations(result))
                except HistoryError as error:
                    result = error
            if isinstance(result, transfer.ImportTooLarge):
                on_too_large(result.limit)
            elif isinstance(result, Exception):
                log.warning("import failed: %s", result)
                on_problem(str(result))
            else:
                self.conversationsChanged.emit()
                on_done(result)

        self.tasks.run(work, stored, lambda error: on_problem(error.detail or error.kind.value))

    # --- chat --------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._active is not None

    @property
    def streaming_conversation_id(self) -> int | None:
        active = self._active
        return active.conversation_id if active is not None and isinstance(active.conversation_id, int) else None

    @property
    def streaming_elsewhere(self) -> bool:
        """An answer streams into a chat other than the one shown."""
        return self._active is not None and not self._shown(self._active)

    @property
    def turns(self) -> list[Turn]:
        return list(self._turns)

    def is_streaming(self, turn: Turn) -> bool:
        return self._active is not None and self._active.turn is turn

    def send(self, prompt: str) -> bool:
        """Start answering prompt; False if a request is running or the prompt is empty.

        The prompt is committed to the history before the request goes out.
        """
        return self._send(prompt, again=False)

    def _send(self, prompt: str, again: bool) -> bool:
        if self._shut_down or self._active is not None or not prompt.strip():
            return False
        if self._conversation_id is None:
            self._store_shown_chat()
        model = self._settings.effective.model
        turn = Turn(prompt, model=model)
        turn.prompt_id = self._save(self.history.add_message, self._conversation_id, "user", prompt)
        turn.answer_id = self._save(self.history.add_message, self._conversation_id, "assistant", "",
                                    MessageState.STREAMING, model)
        if not again:  # an edited message was not the draft: the draft stays
            self.draft = ""
            self._save(self.history.set_draft, self._conversation_id, "")
        self._turns.append(turn)
        self._start(turn, again=again)
        self.conversationsChanged.emit()
        return True

    def can_retry(self) -> bool:
        return self._active is None and bool(self._turns) and not self._turns[-1].finished

    def can_regenerate(self) -> bool:
        return self._active is None and bool(self._turns) and bool(self._turns[-1].prompt)

    def can_continue(self) -> bool:
        return self.can_retry() and bool(self._turns[-1].answer.strip())

    def regenerate(self) -> bool:
        """Ask for a new version of the last answer.

        The earlier answer stays, in the history too, until the new one is complete: a new version
        that fails, is stopped, is cut off by a crash or closing gives way to it again.
        """
        if not self.can_regenerate() or self._shut_down:
            return False
        turn = self._turns[-1]
        earlier = replace(turn) if turn.answer.strip() else None
        turn.answer, turn.error, turn.prompt_tokens, turn.completion_tokens = "", None, None, None
        turn.model = self._settings.effective.model
        if turn.answer_id is None:
            turn.answer_id = self._save(self.history.add_message, self._conversation_id, "assistant", "",
                                        MessageState.STREAMING, turn.model)
        if earlier is None:  # else the stored row keeps the earlier answer; the new one goes to the journal only
            self._save(self.history.finish, turn.answer_id, "", MessageState.STREAMING, None, None, turn.model)
        self._start(turn, again=True, earlier=earlier)
        return True

    def continue_answer(self) -> bool:
        """Ask the model to go on from where the last answer was cut off."""
        if not self.can_continue() or self._shut_down:
            return False
        turn = self._turns[-1]
        turn.error = None
        self._save(self.history.finish, turn.answer_id, turn.answer, MessageState.STREAMING)
        self._start(turn, again=True, continuing=True)
        return True

    def resend_from(self, turn_index: int, prompt: str) -> bool:
        """Edit and resend: the turn at turn_index and everything after it are replaced."""
        if self._active is not None or not prompt.strip() or not 0 <= turn_index < len(self._turns):
            return False
        stored = [row for turn in self._turns[turn_index:] for row in (turn.prompt_id, turn.answer_id) if row is not None]
        if stored:  # from the first of them that was saved (one the disk had no room for was not)
            self._save(self.history.delete_from, self._conversation_id, min(stored))
        self._turns = self._turns[:turn_index]
        return self._send(prompt, again=True)  # shown anew from the history, with the new turn

    def stop(self) -> None:
        if self._active is not None:
            self._active.cancel.cancel()

    def _messages_for(self, turn: Turn, continuing: bool) -> tuple[dict, ...]:
        settings = self._settings.effective
        messages: list[dict] = []
        if settings.system_prompt.strip():
            messages.append({"role": "system", "content": settings.system_prompt})
        for earlier in self._turns:
            if earlier is turn:
                break
            if earlier.answer:  # a failed turn with no answer is not part of the conversation
                if earlier.prompt:
                    messages.append({"role": "user", "content": earlier.prompt})
                messages.append({"role": "assistant", "content": earlier.answer})
        messages.append({"role": "user", "content": turn.prompt})
        if continuing:
            messages.append({"role": "assistant", "content": turn.answer})
            messages.append({"role": "user", "content": CONTINUE_INSTRUCTION})
        return tuple(messages)

    def _start(self, turn: Turn, again: bool, continuing: bool = False, earlier: Turn | None = None) -> None:
        settings = self._settings.effective
        request = ChatRequest(
            base_url=settings.base_url, model=settings.model, api_key="",
            messages=self._messages_for(turn, continuing), temperature=settings.temperature,
            connect_timeout=settings.connect_timeout, read_timeout=settings.read_timeout,
            cleartext_confirmed=settings.cleartext_confirmed,
        )
        turn.state = MessageState.STREAMING
        self._active = _Active(next(self._ids), turn, self._shown_chat, continuing, earlier)
        self._journal_timer.start()
        self.busyChanged.emit(True)
        self.turnStarted.emit(self._active.request_id, turn.prompt, settings.model, again)
        self._startJob.emit(ChatJob(self._active.request_id, request, self._active.cancel, self.key_store))

    def _current(self, request_id: int) -> _Active | None:
        active = self._active
        return active if active is not None and active.request_id == request_id else None

    @property
    def _shown_chat(self) -> int | object:
        """The chat shown, as _Active.conversation_id names it: its id, or the token of a chat without one."""
        return self._conversation_id if self._conversation_id is not None else self._unsaved_chat

    def _shown(self, active: _Active) -> bool:
        return active.conversation_id == self._shown_chat

    @Slot(int, str)
    def _on_text(self, request_id: int, text: str) -> None:
        active = self._current(request_id)
        if active is None or active.cancel.is_set():
            return  # late text after Stop is dropped
        active.turn.answer += text
        if self._shown(active):
            self.answerText.emit(request_id, text)

    @Slot(int, object)
    def _on_finished(self, request_id: int, result: ChatResult) -> None:
        active = self._current(request_id)
        if active is None:
            return
        turn = active.turn
        if result.cancelled:
            turn.state = MessageState.STOPPED
        elif result.finish_reason == "stop":
            turn.state = MessageState.DONE
        elif result.finish_reason is None:
            turn.state = MessageState.INTERRUPTED  # the stream ended without saying it was done
        else:
            turn.state = MessageState.TRUNCATED
        if turn.state not in (MessageState.DONE, MessageState.TRUNCATED) and self._keep_earlier(active, turn.state):
            return
        usage = result.usage or {}  # sane ints only: core.chat.usage_counts checked what the server sent
        if usage:
            earlier = (turn.prompt_tokens or 0, turn.completion_tokens or 0) if active.continuing else (0, 0)
            turn.prompt_tokens = earlier[0] + usage.get("prompt_tokens", 0)
            turn.completion_tokens = earlier[1] + usage.get("completion_tokens", 0)
        self._store_answer(turn)
        self._end_request()
        if self._shown(active):
            self.answerFinished.emit(request_id, result)
        self.conversationsChanged.emit()

    @Slot(int, object)
    def _on_failed(self, request_id: int, error: ChatError) -> None:
        active = self._current(request_id)
        if active is None or self._keep_earlier(active, error):
            return
        active.turn.error = error
        active.turn.state = MessageState.FAILED
        self._store_answer(active.turn)
        self._end_request()
        if self._shown(active):
            self.answerFailed.emit(request_id, error)
        self.conversationsChanged.emit()

    def _restore_earlier(self, active: _Active) -> bool:
        """A new version of an answer did not complete: the earlier answer is the answer again."""
        earlier = active.earlier
        if earlier is None:
            return False
        turn = active.turn
        turn.answer, turn.state, turn.error, turn.model = earlier.answer, earlier.state, earlier.error, earlier.model
        turn.prompt_tokens, turn.completion_tokens = earlier.prompt_tokens, earlier.completion_tokens
        self._store_answer(turn)  # also drops the new version's journal
        return True

    def _keep_earlier(self, active: _Active, why: ChatError | MessageState) -> bool:
        if not self._restore_earlier(active):
            return False
        self._end_request()
        if self._shown(active):
            self.earlierAnswerKept.emit(active.request_id, why)
        self.conversationsChanged.emit()
        return True

    def _store_answer(self, turn: Turn) -> None:
        """The answer's text, state, usage and model as they are now; its journal goes."""
        self._save(self.history.finish, turn.answer_id, turn.answer, turn.state, turn.prompt_tokens,
                   turn.completion_tokens, turn.model)

    @Slot()
    def _journal(self) -> None:
        """Every JOURNAL_INTERVAL while an answer streams: what arrived since the last time."""
        active = self._active
        if active is not None and len(active.turn.answer) != active.journaled:
            active.journaled = len(active.turn.answer)
            self._save(self.history.journal, active.turn.answer_id, active.turn.answer)

    def _end_request(self) -> None:
        """The worker's answer is final; a next request queues behind its return."""
        self._journal_timer.stop()
        self._active = None
        self.busyChanged.emit(False)

    # --- shutdown ------------------------------------------------------------------------------

    def shutdown(self, timeout_ms: int = 3000) -> bool:
        """Cancel, stop the worker thread and wait a bounded time. Safe to call twice.

        False if the worker thread still runs: then the process must end without destroying it.
        """
        if self._shut_down:
            return not self._thread.isRunning()
        active = self._active
        if active is not None and not self._restore_earlier(active):
            # closing mid-stream keeps the answer so far, shown as interrupted (a new version of an
            # answer cut off by closing gave way to the earlier answer instead)
            active.turn.state = MessageState.INTERRUPTED
            self._store_answer(active.turn)
        self._shut_down = True
        self.stop()
        self.tasks.close()
        self._thread.quit()
        stopped = self._thread.wait(timeout_ms)
        if not stopped:
            log.error("chat worker did not stop within %d ms", timeout_ms)
        self.history.close()
        return stopped
