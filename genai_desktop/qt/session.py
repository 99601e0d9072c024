"""The chat session: the chat shown (its id, turns, draft and model) and the answer state machine.

It sends, regenerates, continues, resends and stops, through one worker thread. What the window
shows comes out of it as immutable snapshots (ShownChat, AnswerStarted, AnswerEnded), so a slot
never reads back into the session for what the signal could have said. An answer keeps streaming
into its own chat while another one is shown; only the shown chat's events reach the window.
"""

from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass, field, replace

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from ..core.assistants import chat_assistant, stored_chat_assistant
from ..core.chat import ChatResult
from ..core.conversation import Turn, UserMessage, request_for, turns_from_messages, usage_total, with_answer
from ..core.errors import ChatError
from ..core.cancel import CancelToken
from ..core.retry import RetryWait
from ..core.records import MessageState
from ..core.quirks import QuirkChange, context_warning, known_quirks, remembered
from ..core.vision import newly_refused_pictures, refused_before_sending, refused_unsent, with_refusal, without_refusal
from .history_guard import HistoryGuard
from .library import Library
from .settings_service import SettingsService
from .worker import ChatJob, ChatWorkerThread

log = logging.getLogger(__name__)

JOURNAL_INTERVAL_SECONDS = 0.5  # a crash or kill loses at most this much of a streaming answer
COMPLETE_VERSION = (MessageState.DONE, MessageState.TRUNCATED)  # an answer kept as a version when another comes


@dataclass(frozen=True)
class ShownChat:
    """The chat shown, as one value: None as id for a new chat not saved yet."""

    conversation_id: int | None
    turns: tuple[Turn, ...]
    draft: str
    model: str  # the model the next answer is asked from
    streaming_index: int | None = None  # the turn whose answer streams now, if in this chat
    can_retry: bool = False
    can_continue: bool = False
    profile_id: str = ""  # the endpoint profile the next answer is asked from (Settings.profile)
    assistant_id: str = ""  # the assistant whose system prompt the next answer is asked with (core/assistants.py)

    @property
    def usage_total(self) -> int | None:
        return usage_total(self.turns)


@dataclass(frozen=True)
class AnswerStarted:
    request_id: int
    index: int  # of the turn in the shown chat
    turn: Turn
    again: bool  # it answers the last turn shown again (retry, regenerate, continue, resend): render anew
    chat: ShownChat  # with the turn streaming


@dataclass(frozen=True)
class AnswerEnded:
    request_id: int
    turn: Turn  # as stored: its state, error and usage
    result: ChatResult | None  # None when it failed (turn.error says why)
    chat: ShownChat  # after the answer ended: can_retry, can_continue, usage_total


@dataclass(frozen=True)
class EarlierAnswerKept:
    """A new version of the last answer did not complete: the earlier answer is shown again."""

    request_id: int
    why: ChatError | MessageState  # the error, or the state it ended in (stopped, interrupted)
    chat: ShownChat


@dataclass(frozen=True)
class AnswerRetrying:
    """The server refused the request before answering; it is asked again after wait.seconds."""

    request_id: int
    wait: RetryWait


@dataclass(frozen=True)
class VersionShown:
    """Another version of an answer is shown (and the chat continues from it)."""

    index: int  # of the turn in the shown chat
    turn: Turn  # with the version shown
    chat: ShownChat


@dataclass
class _Active:
    request_id: int
    turn: Turn  # as it is now (replaced as text arrives)
    conversation_id: int | object  # the chat's id, or the session's _unsaved_chat
    continuing: bool = False
    earlier: Turn | None = None  # the answer a new version replaces once it is complete
    cancel: CancelToken = field(default_factory=CancelToken)
    thought: bool = False  # thinking arrived for this request
    journaled: tuple[int, int] = (-1, -1)  # lengths of the answer text and the thinking last journaled


class ChatSession(QObject):
    chatShown = Signal(object)  # ShownChat: another chat is shown (or the shown one was deleted)
    answerStarted = Signal(object)  # AnswerStarted
    answerText = Signal(int, str)  # request id, text: of the answer streaming into the chat shown
    answerThinking = Signal(int, str)  # request id, text: of the thinking before that answer
    answerFinished = Signal(object)  # AnswerEnded
    answerFailed = Signal(object)  # AnswerEnded, turn.error says why
    earlierAnswerKept = Signal(object)  # EarlierAnswerKept
    answerRetrying = Signal(object)  # AnswerRetrying: of the answer streaming into the chat shown
    versionShown = Signal(object)  # VersionShown
    # request id, core.quirks.ContextWarning: the answer starting in the chat shown goes to an Ollama server
    # with more than its context, which it cuts silently
    contextMayBeCut = Signal(int, object)
    busyChanged = Signal(bool)

    def __init__(self, settings: SettingsService, guard: HistoryGuard, library: Library,
                 parent: QObject | None = None):
        super().__init__(parent)
        self._settings = settings
        self._guard = guard
        self._library = library
        self._turns: list[Turn] = []
        self._conversation_id: int | None = None
        self._unsaved_chat = object()  # stands for the chat shown while it has no id (say, the disk was full)
        self._draft = ""
        self._model = ""  # the model the chat shown asks, as stored with it; "": its profile's default model
        self._profile = ""  # the id of the profile the chat shown asks, as stored with it; "": the default profile
        self._assistant = ""  # the id of the assistant the chat shown is asked with, as stored; "": the default one
        self._active: _Active | None = None
        self._ids = itertools.count(1)
        self._shut_down = False
        self._journal_timer = QTimer(self)
        self._journal_timer.setInterval(int(JOURNAL_INTERVAL_SECONDS * 1000))
        self._journal_timer.timeout.connect(self._journal)
        library.deleted.connect(self._on_deleted)

        self._worker = ChatWorkerThread(self._on_text, self._on_finished, self._on_failed,
                                        on_thinking=self._on_thinking, on_retry=self._on_retry,
                                        on_quirk=self._on_quirk)

    # --- the chat shown -------------------------------------------------------------------------

    @property
    def shown(self) -> ShownChat:
        active = self._active
        index = len(self._turns) - 1 if active is not None and self._shown(active) else None
        settings = self._settings.current.effective
        profile = settings.profile(self._profile)  # a profile deleted since: the default one
        return ShownChat(self._conversation_id, tuple(self._turns), self._draft,
                         self._model or profile.model or settings.model, index, self.can_retry(),
                         self.can_continue(), profile.id, chat_assistant(settings, self._assistant).id)

    @property
    def conversation_id(self) -> int | None:
        """The chat shown; None for a new chat not saved yet."""
        return self._conversation_id

    def open(self, conversation_id: int | None) -> None:
        """Show another chat (None: a new one). A streaming answer goes on in its own chat."""
        conversation = self._library.conversation(conversation_id)
        if conversation is None:
            conversation_id = None
        elif conversation_id == self._conversation_id:
            return
        self._conversation_id = conversation_id
        self._unsaved_chat = object()
        self._library.delete_empty(conversation_id)
        self._turns = self._load_turns(conversation_id) if conversation_id is not None else []
        self._draft = conversation.draft if conversation else ""
        self._model = conversation.model if conversation else ""
        self._profile = conversation.profile if conversation else ""
        self._assistant = stored_chat_assistant(conversation.assistant) if conversation else ""
        self.chatShown.emit(self.shown)
        self._library.changed.emit()

    def set_chat_model(self, model: str) -> None:
        """The model the chat shown asks from now on (picked in the chat); stored with the chat once it has a row.
        Its answers keep the model that wrote each."""
        model = model.strip()
        if not model or model == self._model:
            return
        self._model = model
        if self._conversation_id is not None:
            self._library.set_model(self._conversation_id, model)

    def set_chat_profile(self, profile_id: str) -> None:
        """The profile the chat shown asks from now on (picked in the chat), with that profile's default model;
        stored with the chat once it has a row."""
        if profile_id == self.shown.profile_id and self._profile:
            return
        self._profile, self._model = profile_id, ""
        if self._conversation_id is not None:
            self._library.set_profile(self._conversation_id, profile_id, "")

    def set_chat_assistant(self, assistant_id: str) -> None:
        """The assistant the chat shown is asked with from now on (picked in the chat); stored with the chat once
        it has a row."""
        if assistant_id == self._assistant:
            return
        self._assistant = assistant_id
        if self._conversation_id is not None:
            self._library.set_assistant(self._conversation_id, assistant_id)

    def _load_turns(self, conversation_id: int) -> list[Turn]:
        turns = turns_from_messages(self._guard.load(self._guard.history.messages, conversation_id, default=[]))
        active = self._active
        if active is not None and active.conversation_id == conversation_id:
            # The streaming answer is the one in memory, not its row; it is the chat's last turn.
            rows = {active.turn.prompt_id, active.turn.answer_id} - {None}
            turns = [turn for turn in turns if not {turn.prompt_id, turn.answer_id} & rows] + [active.turn]
        return turns

    def save_draft(self, text: str) -> None:
        """The unsent text of the chat shown; typing in a new chat saves that chat."""
        if self._shut_down or text == self._draft:
            return
        self._draft = text
        if self._conversation_id is None and text.strip():
            self._store_shown_chat()
            self._library.changed.emit()
        self._library.store_draft(self._conversation_id, text)

    def _store_shown_chat(self) -> None:
        """The chat shown gets a row in the history (and an id), if the history can be written.

        Its messages that could not be saved before (the disk was full) are saved now, an answer
        still streaming as one; that answer belongs to the chat under its new id.
        """
        chat = self._conversation_id = self._library.create(self._model, self._profile, self._assistant)
        if chat is None:
            return
        history = self._guard.history
        active = self._active
        streaming = active.turn if active is not None and active.conversation_id is self._unsaved_chat else None
        for index, turn in enumerate(self._turns):
            is_streaming = streaming is not None and index == len(self._turns) - 1
            if not turn.message.empty and turn.prompt_id is None:
                turn = replace(turn, prompt_id=self._guard.save(history.add_message, chat, "user", turn.prompt,
                                                                MessageState.DONE, "", turn.message.parts))
            if turn.state is not None and turn.answer_id is None:
                turn = replace(turn, answer_id=self._guard.save(history.add_message, chat, "assistant", "",
                                                                MessageState.STREAMING, turn.model))
                if not is_streaming:
                    self._store_answer(turn)
            self._turns[index] = turn
            if is_streaming:
                active.turn = turn
        if streaming is not None:
            active.conversation_id = chat

    @Slot(int)
    def _on_deleted(self, conversation_id: int) -> None:
        active = self._active
        if active is not None and active.conversation_id == conversation_id:
            self.stop()
            # Detached: its rows are gone, and their ids may be given to new ones before the worker returns.
            active.conversation_id = -1
            active.turn = replace(active.turn, prompt_id=None, answer_id=None)
        if conversation_id == self._conversation_id:
            self._conversation_id, self._unsaved_chat = None, object()
            self._turns, self._draft, self._model, self._profile, self._assistant = [], "", "", "", ""
            self.chatShown.emit(self.shown)

    # --- answering ------------------------------------------------------------------------------

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

    def send(self, message: UserMessage | str) -> bool:
        """Start answering message; False if a request is running or the message is empty.

        The message is committed to the history before the request goes out.
        """
        return self._send(message if isinstance(message, UserMessage) else UserMessage(message), again=False)

    def _send(self, message: UserMessage, again: bool) -> bool:
        if self._shut_down or self._active is not None or message.empty:
            return False
        model, profile_id, assistant_id = self.shown.model, self.shown.profile_id, self.shown.assistant_id
        if self._assistant != assistant_id:  # a chat keeps the assistant it was first asked with (new: the default)
            self.set_chat_assistant(assistant_id)
        if self._profile != profile_id:  # a chat keeps the profile it was first asked, as its model
            self.set_chat_profile(profile_id)
        if self._model != model:  # a chat keeps the model it was first asked: the one picked, else the default then
            self.set_chat_model(model)
        if self._conversation_id is None:
            self._store_shown_chat()
        history, chat = self._guard.history, self._conversation_id
        self._turns.append(Turn(
            message, model=model,
            prompt_id=self._guard.save(history.add_message, chat, "user", message.text,
                                       MessageState.DONE, "", message.parts),
            answer_id=self._guard.save(history.add_message, chat, "assistant", "", MessageState.STREAMING, model)))
        if not again:  # an edited message was not the draft: the draft stays
            self._draft = ""
            self._library.store_draft(chat, "")
        self._start(again=again)
        self._library.changed.emit()
        return True

    def can_retry(self) -> bool:
        return self._active is None and bool(self._turns) and not self._turns[-1].finished

    def can_regenerate(self) -> bool:
        return self._active is None and bool(self._turns) and not self._turns[-1].message.empty

    def can_continue(self) -> bool:
        return self.can_retry() and bool(self._turns[-1].answer.strip())

    def regenerate(self) -> bool:
        """Ask for a new version of the last answer.

        The earlier answer stays, in the history too, until the new one is complete: a new version
        that fails, is stopped, is cut off by a crash or closing gives way to it again. A complete
        new version is shown and the earlier one, if it was complete too, is kept as a version
        (an unfinished one it replaces, as Retry does).
        """
        if not self.can_regenerate() or self._shut_down:
            return False
        earlier = self._turns[-1] if self._turns[-1].answer.strip() else None
        model = self.shown.model
        if refused_unsent(self._turns[-1].error):  # Retry after "refused pictures before": asked once more
            self._settings.remember(models_without_pictures=without_refusal(self._settings.current.effective, model))
        turn = replace(self._turns[-1], answer="", reasoning="", error=None, prompt_tokens=None, completion_tokens=None, model=model)
        if earlier is not None and earlier.state in COMPLETE_VERSION:  # it streams as the next version
            turn = replace(turn, version=earlier.versions + 1, versions=earlier.versions + 1)
        history = self._guard.history
        if turn.answer_id is None:
            turn = replace(turn, answer_id=self._guard.save(history.add_message, self._conversation_id, "assistant",
                                                            "", MessageState.STREAMING, model))
        if earlier is None:  # else the stored row keeps the earlier answer; the new one goes to the journal only
            self._guard.store_answer(history.finish, turn.answer_id, "", MessageState.STREAMING, None, None, model, None, "")
        self._turns[-1] = turn
        self._start(again=True, earlier=earlier)
        return True

    def continue_answer(self) -> bool:
        """Ask the model to go on from where the last answer was cut off."""
        if not self.can_continue() or self._shut_down:
            return False
        turn = self._turns[-1] = replace(self._turns[-1], error=None)
        self._guard.store_answer(self._guard.history.finish, turn.answer_id, turn.answer, MessageState.STREAMING)
        self._start(again=True, continuing=True)
        return True

    def resend_from(self, turn_index: int, message: UserMessage | str) -> bool:
        """Edit and resend: the turn at turn_index and everything after it are replaced."""
        message = message if isinstance(message, UserMessage) else UserMessage(message)
        if self._active is not None or message.empty or not 0 <= turn_index < len(self._turns):
            return False
        stored = [row for turn in self._turns[turn_index:] for row in (turn.prompt_id, turn.answer_id) if row is not None]
        if stored:  # from the first of them that was saved (one the disk had no room for was not)
            self._guard.save(self._guard.history.delete_from, self._conversation_id, min(stored))
        self._turns = self._turns[:turn_index]
        return self._send(message, again=True)  # shown anew from the history, with the new turn

    def stop(self) -> None:
        if self._active is not None:
            self._active.cancel.cancel()

    def _start(self, again: bool, continuing: bool = False, earlier: Turn | None = None) -> None:
        """Ask for the answer of the last turn shown."""
        settings = self._settings.current.effective
        index = len(self._turns) - 1
        # the turn's own model: a new answer's is the chat's; Continue asks the model that wrote the answer
        request = request_for(settings, self._turns, index, continuing, self._turns[index].model or self.shown.model,
                              settings.profile(self._profile), chat_assistant(settings, self._assistant))
        request = replace(request, quirks=known_quirks(settings.learned_quirks, request.base_url, request.model))
        turn = self._turns[index] = replace(self._turns[index], state=MessageState.STREAMING)
        self._active = _Active(next(self._ids), turn, self._shown_chat, continuing, earlier)
        self._journal_timer.start()
        self.busyChanged.emit(True)
        self.answerStarted.emit(AnswerStarted(self._active.request_id, index, turn, again, self.shown))
        warning = context_warning(request.messages, request.quirks,
                                  request.profile.context_tokens if request.profile else 0)
        if warning is not None:
            self.contextMayBeCut.emit(self._active.request_id, warning)
        refused = refused_before_sending(settings, request)  # pictures to a model that refused them: not sent
        if refused is not None:
            QTimer.singleShot(0, self, lambda request_id=self._active.request_id: self._on_failed(request_id, refused))
            return
        request = replace(request, trust_folder=str(self._settings.trust_folder))  # the window's, not the process's
        self._worker.start(ChatJob(self._active.request_id, request, self._active.cancel, self._settings.key_store))

    def _current(self, request_id: int) -> _Active | None:
        active = self._active
        return active if active is not None and active.request_id == request_id else None

    @property
    def _shown_chat(self) -> int | object:
        """The chat shown, as _Active.conversation_id names it: its id, or the token of a chat without one."""
        return self._conversation_id if self._conversation_id is not None else self._unsaved_chat

    def _shown(self, active: _Active) -> bool:
        return active.conversation_id == self._shown_chat

    def _update(self, active: _Active, turn: Turn) -> None:
        """The active turn is now turn; in the shown chat it is the last one."""
        active.turn = turn
        if self._shown(active):
            self._turns[-1] = turn

    @Slot(int, str)
    def _on_text(self, request_id: int, text: str) -> None:
        active = self._current(request_id)
        if active is None or active.cancel.is_set():
            return  # late text after Stop is dropped
        self._update(active, replace(active.turn, answer=active.turn.answer + text))
        if self._shown(active):
            self.answerText.emit(request_id, text)

    @Slot(int, str)
    def _on_thinking(self, request_id: int, text: str) -> None:
        active = self._current(request_id)
        if active is None or active.cancel.is_set():
            return
        if active.continuing and active.turn.reasoning and not active.thought:
            text = "\n\n" + text  # the thinking of the continuation, after the cut-off answer's
        active.thought = True
        self._update(active, replace(active.turn, reasoning=active.turn.reasoning + text))
        if self._shown(active):
            self.answerThinking.emit(request_id, text)

    @Slot(int, object)
    def _on_retry(self, request_id: int, wait: RetryWait) -> None:
        active = self._current(request_id)
        if active is not None and not active.cancel.is_set() and self._shown(active):
            self.answerRetrying.emit(AnswerRetrying(request_id, wait))

    @Slot(int, str, str, object)
    def _on_quirk(self, _request_id: int, base_url: str, model: str, change: QuirkChange) -> None:
        """A server quirk learned (or forgotten) while asking: remembered for the next request, also after a restart."""
        learned = self._settings.current.stored.learned_quirks
        self._settings.remember(learned_quirks=remembered(learned, base_url, model, change))

    @Slot(int, object)
    def _on_finished(self, request_id: int, result: ChatResult) -> None:
        active = self._current(request_id)
        if active is None:
            return
        turn = active.turn
        if result.cancelled:
            state = MessageState.STOPPED
        elif result.finish_reason == "stop":
            state = MessageState.DONE
        elif result.finish_reason is None:
            state = MessageState.INTERRUPTED  # the stream ended without saying it was done
        else:
            state = MessageState.TRUNCATED
        if state not in (MessageState.DONE, MessageState.TRUNCATED) and self._keep_earlier(active, state):
            return
        turn = replace(turn, state=state)
        usage = result.usage or {}  # sane ints only: core.chat.usage_counts checked what the server sent
        if usage:
            earlier = (turn.prompt_tokens or 0, turn.completion_tokens or 0) if active.continuing else (0, 0)
            turn = replace(turn, prompt_tokens=earlier[0] + usage.get("prompt_tokens", 0),
                           completion_tokens=earlier[1] + usage.get("completion_tokens", 0))
        self._end(active, turn, result)

    @Slot(int, object)
    def _on_failed(self, request_id: int, error: ChatError) -> None:
        active = self._current(request_id)
        if active is not None and newly_refused_pictures(error):  # said at attach time from now on
            self._settings.remember(models_without_pictures=with_refusal(self._settings.current.effective,
                                                                         active.turn.model or self.shown.model))
        if active is None or self._keep_earlier(active, error):
            return
        self._end(active, replace(active.turn, error=error, state=MessageState.FAILED), None)

    def _end(self, active: _Active, turn: Turn, result: ChatResult | None) -> None:
        """The answer is final: stored, the request ends, the window told if it shows the chat."""
        turn = self._store_answer(turn, active.earlier)
        self._update(active, turn)
        self._end_request()
        if self._shown(active):
            ended = AnswerEnded(active.request_id, turn, result, self.shown)
            (self.answerFailed if result is None else self.answerFinished).emit(ended)
        self._library.changed.emit()

    def _restore_earlier(self, active: _Active) -> bool:
        """A new version of an answer did not complete: the earlier answer is the answer again."""
        if active.earlier is None:
            return False
        earlier = active.earlier
        turn = replace(active.turn, answer=earlier.answer, reasoning=earlier.reasoning, state=earlier.state,
                       error=earlier.error,
                       model=earlier.model, prompt_tokens=earlier.prompt_tokens,
                       completion_tokens=earlier.completion_tokens, version=earlier.version, versions=earlier.versions)
        self._update(active, turn)
        self._store_answer(turn)  # also drops the new version's journal
        return True

    def _keep_earlier(self, active: _Active, why: ChatError | MessageState) -> bool:
        if not self._restore_earlier(active):
            return False
        self._end_request()
        if self._shown(active):
            self.earlierAnswerKept.emit(EarlierAnswerKept(active.request_id, why, self.shown))
        self._library.changed.emit()
        return True

    def _store_answer(self, turn: Turn, earlier: Turn | None = None) -> Turn:
        """The answer's text, thinking, state, usage, model and error kind as they are now; its journal goes.
        Returns the turn as stored: a complete new version of a complete earlier answer is added as
        a version (the earlier one kept), else it replaces the answer.

        The kind is kept so that a reopened chat words a failed answer as it was worded live."""
        history, kind = self._guard.history, turn.error.kind if turn.error else None
        if earlier is not None and earlier.state in COMPLETE_VERSION and turn.state in COMPLETE_VERSION:
            versions = self._guard.store_answer(history.add_version, turn.answer_id, turn.answer, turn.state,
                                        turn.prompt_tokens, turn.completion_tokens, turn.model, kind, turn.reasoning)
            return turn if versions is None else replace(turn, version=versions, versions=versions)
        self._guard.store_answer(history.finish, turn.answer_id, turn.answer, turn.state, turn.prompt_tokens,
                         turn.completion_tokens, turn.model, kind, turn.reasoning)
        return turn

    def show_version(self, turn_index: int, step: int) -> bool:
        """Show another version of the answer of turn turn_index (step -1: the one before, +1: the next);
        stored, so the chat continues from it, and emitted as versionShown. False while an answer
        streams in the chat shown, and for a version that is not there or could not be stored."""
        active = self._active
        if (active is not None and self._shown(active)) or not 0 <= turn_index < len(self._turns):
            return False
        turn = self._turns[turn_index]
        version = turn.version + step
        if step == 0 or not 1 <= version <= turn.versions:
            return False
        shown = self._guard.save(self._guard.history.show_version, turn.answer_id, version)
        if shown is None:
            return False
        turn = self._turns[turn_index] = with_answer(turn, shown)
        self.versionShown.emit(VersionShown(turn_index, turn, self.shown))
        return True

    @Slot()
    def _journal(self) -> None:
        """Every JOURNAL_INTERVAL while an answer streams: what arrived since the last time."""
        active = self._active
        lengths = (len(active.turn.answer), len(active.turn.reasoning)) if active is not None else None
        if active is not None and lengths != active.journaled:
            active.journaled = lengths
            self._guard.save(self._guard.history.journal, active.turn.answer_id, active.turn.answer,
                             active.turn.reasoning)

    def _end_request(self) -> None:
        """The worker's answer is final; a next request queues behind its return."""
        self._journal_timer.stop()
        self._active = None
        self.busyChanged.emit(False)

    # --- shutdown ------------------------------------------------------------------------------

    def shutdown(self, timeout_ms: int = 3000) -> bool:
        """Cancel and store what streams, stop the worker thread, wait a bounded time. Safe to call twice.

        False if the worker thread still runs: then the process must end without destroying it.
        """
        if self._shut_down:
            return not self._worker.running
        active = self._active
        if active is not None and not self._restore_earlier(active):
            # closing mid-stream keeps the answer so far, shown as interrupted (a new version of an
            # answer cut off by closing gave way to the earlier answer instead)
            self._update(active, replace(active.turn, state=MessageState.INTERRUPTED))
            self._store_answer(active.turn)
        self._shut_down = True
        self.stop()
        return self._worker.stop(timeout_ms)
