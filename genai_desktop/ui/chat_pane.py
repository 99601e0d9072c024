"""The chat pane: the transcript of the chat shown, the banner under it, the first-start welcome,
and the status-bar labels of the chat (its tokens, the model in use). It renders the session's
snapshots (the chat shown, an answer started or ended); the words come from messages.py."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ..core.conversation import Turn
from ..core.errors import ChatError, ErrorKind
from ..core.quirks import ContextWarning
from ..core.presets import preset
from ..core.records import HistoryError, MessageState
from ..core.settings import EffectiveSettings, KeySource
from ..core.validation import without_user_info
from ..qt.controller import ChatController
from ..qt.session import AnswerEnded, AnswerRetrying, AnswerStarted, EarlierAnswerKept, ShownChat, VersionShown
from ..qt.settings_service import KeyState
from .announcer import Announcer
from .banner import ErrorBanner
from .messages import (
    answer_complete_text, answer_note, busy_text, counted, earlier_answer_kept_text, error_advice, error_title,
    finish_reason_text, history_damaged_notice, history_not_opened_notice, history_repair_notice,
    history_save_failed_notice, key_ready_notice, new_answer_not_complete_title, number_text, plain_label,
    plain_tooltip, resume_advice, version_shown_text,
)
from .server_quirks import context_cut_advice, context_cut_title
from .proxy_form import ask_proxy_login
from .transcript import TranscriptView
from .waiting_indicator import WaitingIndicator

SHOWN_TURNS = 30  # a long chat renders its latest turns; "Show earlier messages" renders more


class WelcomePanel(QFrame):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("welcomePanel")
        self.setAccessibleName(self.tr("Welcome"))
        self.setFrameShape(QFrame.StyledPanel)
        title = plain_label(self.tr("Welcome to GenAI Desktop"), "welcomeTitle", wrap=False)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        text = plain_label(self.tr(
            "To chat, this app needs an API key from OpenAI or from another compatible service "
            "(for example Azure OpenAI, OpenRouter, or a local Ollama or LM Studio).\n\n"
            "Open the settings and paste your key. It is stored in your system's keyring, never in a file."),
            "welcomeText")
        self.openSettingsButton = QPushButton(self.tr("Open settings"))
        self.openSettingsButton.setObjectName("welcomeSettingsButton")
        self.openSettingsButton.setAccessibleName(self.tr("Open settings"))
        self.openSettingsButton.setAccessibleDescription(self.tr("Enter your API key"))
        self.openSettingsButton.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(text)
        row = QHBoxLayout()
        row.addWidget(self.openSettingsButton)
        row.addStretch()
        layout.addLayout(row)
        # A local Ollama or LM Studio found on this computer: chatting without an account (first start).
        self.localServerLabel = plain_label(object_name="localServerLabel")
        self.useLocalServerButton = QPushButton()
        self.useLocalServerButton.setObjectName("useLocalServerButton")
        self.useLocalServerButton.setAccessibleDescription(self.tr("Chat with the model on this computer; no key "
                                                                   "is needed"))
        local_row = QHBoxLayout()
        local_row.addWidget(self.useLocalServerButton)
        local_row.addStretch()
        layout.addWidget(self.localServerLabel)
        layout.addLayout(local_row)
        self.localServerLabel.hide()
        self.useLocalServerButton.hide()
        self.local_server = None  # the LocalServer offered

    def offer_local_server(self, server) -> None:
        """server: a core.local_servers.LocalServer; its model names are outside text (plain label)."""
        name = preset(server.preset).name
        self.local_server = server
        if server.models:
            text = counted(len(server.models),
                           self.tr("%2 is running on this computer with 1 model (%3). You can chat with it "
                                   "without an account or key."),
                           self.tr("%2 is running on this computer with %1 models, for example %3. You can chat "
                                   "with it without an account or key.")).replace("%2", name).replace(
                                       "%3", server.models[0])
        else:
            text = self.tr("%1 is running on this computer, but has no model yet. Download one in %1, then "
                           "use it here without an account or key.").replace("%1", name)
        self.localServerLabel.setText(text)
        self.useLocalServerButton.setText(self.tr("Use %1").replace("%1", name))
        self.useLocalServerButton.setAccessibleName(self.useLocalServerButton.text())
        self.localServerLabel.show()
        self.useLocalServerButton.show()


def turn_note(turn: Turn) -> str:
    """The words under an answer, from what the history keeps of it: the same live and reopened."""
    return answer_note(turn.state, bool(turn.answer.strip()), turn.error.kind if turn.error is not None else None)


class ChatPane(QWidget):
    statusMessage = Signal(str, int)  # text, milliseconds (0: until the next one)
    settingsRequested = Signal()

    def __init__(self, controller: ChatController, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("chatArea")
        self.controller = controller
        self.welcomePanel = WelcomePanel()
        self.welcomePanel.hide()
        self.transcriptView = TranscriptView()
        self.transcriptView.versionStepRequested.connect(self.step_version)
        self.waitingIndicator = WaitingIndicator()
        self.waitingIndicator.follow(self.transcriptView)
        self.errorBanner = ErrorBanner()
        self.errorBanner.hide()
        # Plain text: the model name comes from the settings or a server's model list, and a QLabel
        # would render "<img src=…>" in it (and read the file) at every start. Both go in the status bar.
        self.modelLabel = plain_label(object_name="modelLabel", wrap=False)
        self.modelLabel.setAccessibleName(self.tr("Model in use"))
        self.usageLabel = plain_label(object_name="usageLabel", wrap=False)
        self.usageLabel.setAccessibleName(self.tr("Tokens used in this chat"))
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 6, 6, 6)
        self._column.addWidget(self.welcomePanel)
        self._column.addWidget(self.transcriptView, 1)
        self._column.addWidget(self.errorBanner)
        self._shown_turns = SHOWN_TURNS
        self.announcer = Announcer(self.transcriptView, self)
        self.announcer.while_streaming = controller.settings.current.effective.announce_while_streaming
        self.announcer.announced.connect(self.transcriptView.setAccessibleDescription)
        self.waitingIndicator.announcement.connect(self.announcer.announce)
        self.waitingIndicator.cancelRequested.connect(controller.session.stop)
        self.transcriptView.notice.connect(lambda text: self.statusMessage.emit(text, 6000))
        self.transcriptView.earlierRequested.connect(self.show_earlier)
        self.transcriptView.thinking.toggled.connect(self.announcer.announce)
        self.welcomePanel.openSettingsButton.clicked.connect(self.settingsRequested)
        self.welcomePanel.useLocalServerButton.clicked.connect(self._use_local_server)
        self._looked_for_local_server = False
        self.errorBanner.settingsButton.clicked.connect(self.settingsRequested)
        self.errorBanner.retryButton.clicked.connect(self.retry)
        self.errorBanner.continueButton.clicked.connect(self.continue_answer)
        self.errorBanner.proxyLoginButton.clicked.connect(self._ask_proxy_login)
        self.errorBanner.trustRequested.connect(self.ask_to_trust)

    def ask_to_trust(self, error: ChatError) -> None:
        """The banner's "Trust this certificate authority…": the authority's file first where the server sent
        none, then the question (window-modal, not blocking); once trusted, Retry is up to the user."""
        from .trust_question import ask_to_trust

        self.trustQuestion = ask_to_trust(error, self.controller.trust, self, self.choose_authority_file)
        if self.trustQuestion is not None:
            self.trustQuestion.trusted.connect(self._say_trusted)

    def choose_authority_file(self) -> str:
        """The certificate file from IT ("" if none was chosen); tests assign their own answer."""
        from PySide6.QtWidgets import QFileDialog

        return QFileDialog.getOpenFileName(self, self.tr("Certificate of the authority"), "",
                                           self.tr("Certificates (*.pem *.crt *.cer *.der);;All files (*)"))[0]

    def _say_trusted(self, added) -> None:
        from .trust_question import trusted_notice

        self.errorBanner.show_notice(*trusted_notice(added.hosts), can_retry=True, tone="note")

    def add_below(self, widget: QWidget) -> None:
        """The composer's place: under the banner."""
        self._column.addWidget(widget)

    def add_above(self, widget: QWidget) -> None:
        """The chat's model picker's place: above the transcript."""
        self._column.insertWidget(0, widget)

    # --- rendering ----------------------------------------------------------------------------

    def _usage_text(self, turn: Turn) -> str:
        if turn.tokens is None:
            return ""
        return self.tr("Tokens: %1 (prompt %2, answer %3)").replace("%1", number_text(turn.tokens)).replace(
            "%2", number_text(turn.prompt_tokens or 0)).replace("%3", number_text(turn.completion_tokens or 0))

    def render_conversation(self, chat: ShownChat) -> None:
        """Rebuild the transcript from the chat's turns (the latest ones of a long chat)."""
        view = self.transcriptView
        view.clear_transcript()
        self.waitingIndicator.stop()
        turns = chat.turns
        first = max(0, len(turns) - self._shown_turns)
        with view.batch():
            if first:
                view.add_earlier_link(first)
            for index in range(first, len(turns)):
                turn = turns[index]
                if not turn.message.empty:
                    view.add_user_message(turn.prompt, turn.prompt_id, index, turn.message.parts)
                if index == chat.streaming_index:
                    view.begin_answer(turn.model, turn.answer_id, turn.reasoning, index, turn.version, turn.versions)
                    view.append_answer(turn.answer)
                    if not turn.answer:  # back in a chat whose answer has not begun
                        self.waitingIndicator.start()
                elif turn.state is not None:
                    view.add_answer(turn.model, turn.answer, turn_note(turn), self._usage_text(turn), turn.answer_id,
                                    turn.reasoning, index, turn.version, turn.versions)
        view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())  # a chat opens at its end
        self._update_usage(chat.usage_total)

    @Slot()
    def show_earlier(self) -> None:
        self._shown_turns += SHOWN_TURNS * 4
        self.render_conversation(self.controller.session.shown)
        self.transcriptView.verticalScrollBar().setValue(0)

    def jump_to(self, message_id: int, words: str) -> None:
        """A search hit: the message shown with its words marked, rendered if it was older than the part shown."""
        if not self.transcriptView.jump_to(message_id, words):
            chat = self.controller.session.shown
            self._shown_turns = len(chat.turns)
            self.render_conversation(chat)
            self.transcriptView.jump_to(message_id, words)
        self.transcriptView.setFocus()

    def _update_usage(self, total: int | None) -> None:
        self.usageLabel.setText("" if total is None else self.tr("This chat: %1 tokens").replace("%1", number_text(total)))

    def _offer_resume(self, turn: Turn, can_retry: bool, can_continue: bool, reason: str = "") -> None:
        """The last answer did not end normally: offer Continue and Retry without a fresh error."""
        if not can_retry or turn.state is None:
            return
        if turn.error is not None:
            self.errorBanner.show_error(turn.error, True, can_continue)
        else:  # the user's own Stop is a note, not an error
            self.errorBanner.show_notice(turn_note(turn), resume_advice(), reason, can_retry=True,
                                         can_continue=can_continue,
                                         tone="note" if turn.state is MessageState.STOPPED else "error")

    @Slot(object)
    def on_chat_shown(self, chat: ShownChat) -> None:
        self.errorBanner.hide()
        self._shown_turns = SHOWN_TURNS
        self.show_model(chat.model)
        self.render_conversation(chat)
        if chat.turns:
            self._offer_resume(chat.turns[-1], chat.can_retry, chat.can_continue)
        self._show_busy_status()

    # --- asking again -------------------------------------------------------------------------

    def _answer_again(self, allowed: bool, start: Callable[[], bool]) -> None:
        """Retry, regenerate, continue: the banner goes first. The message box stays as the user left it."""
        if not self.controller.session.shown.turns or not allowed:
            return
        self.errorBanner.hide()
        start()

    @Slot()
    def retry(self) -> None:
        """Ask again for the last answer: one that did not finish, or a new version that failed."""
        self._answer_again(self.controller.session.can_regenerate(), self.controller.session.regenerate)

    @Slot()
    def _ask_proxy_login(self) -> None:
        """The proxy's login prompt; once its password is kept, the request is asked again."""
        error = self.errorBanner.shown_error
        if error is not None and error.kind is ErrorKind.PROXY_LOGIN:
            ask_proxy_login(self, self.controller.settings, error, self._proxy_login_kept)

    def _proxy_login_kept(self, source: KeySource) -> None:
        if source is KeySource.SESSION:
            self.statusMessage.emit(self.tr("The system keyring is not available: the proxy password is kept "
                                            "until the app is closed."), 10000)
        self.retry()

    @Slot()
    def regenerate(self) -> None:
        self._answer_again(self.controller.session.can_regenerate(), self.controller.session.regenerate)

    @Slot()
    def continue_answer(self) -> None:
        self._answer_again(self.controller.session.can_continue(), self.controller.session.continue_answer)

    # --- versions of an answer ----------------------------------------------------------------

    @Slot(int, int)
    def step_version(self, turn_index: int, step: int) -> None:
        """The answer of turn turn_index flipped to its version before (step -1) or after (+1)."""
        self.controller.session.show_version(turn_index, step)

    @Slot(object)
    def on_version_shown(self, shown: VersionShown) -> None:
        """Another version of an answer is shown: the chat rendered anew from it, where the user was reading."""
        scroll_bar = self.transcriptView.verticalScrollBar()
        position = scroll_bar.value()
        focused = self.window().focusWidget()
        button = focused.objectName() if focused is not None and focused.parent() in self.transcriptView.message_actions.bars else ""
        self.render_conversation(shown.chat)
        scroll_bar.setValue(position)
        if button:
            self.transcriptView.message_actions.focus_button(shown.index, button)
        self.announcer.announce(version_shown_text(shown.turn.version, shown.turn.versions))

    # --- the answer streaming -----------------------------------------------------------------

    @Slot(object)
    def on_answer_started(self, started: AnswerStarted) -> None:
        if started.again:  # retry, regenerate, continue: the last turn is shown anew, streaming
            self.render_conversation(started.chat)
        else:
            turn = started.turn
            self.transcriptView.add_user_message(turn.prompt, turn.prompt_id, started.index, turn.message.parts)
            self.transcriptView.begin_answer(turn.model, turn.answer_id, turn.reasoning, started.index, turn.version,
                                             turn.versions)
            self.transcriptView.scroll_to_end()  # what was just sent is in view, wherever the user was reading
        self.waitingIndicator.start()
        self.announcer.answer_started()

    @Slot(object)
    def on_answer_retrying(self, retrying: AnswerRetrying) -> None:
        """The server refused for now: the wait before the next try counts down where the answer will be, and
        the status bar says so instead of "Answering…" until the next try."""
        self.waitingIndicator.retry_in(retrying.wait.seconds)
        self.statusMessage.emit(self.tr("Server busy — the app tries again by itself"), 0)
        QTimer.singleShot(round(retrying.wait.seconds * 1000), self, self._show_busy_status)

    @Slot(int, object)
    def on_context_may_be_cut(self, _request_id: int, warning: ContextWarning) -> None:
        """The answer starting goes to an Ollama server that will cut the chat: said while it streams."""
        title, advice = context_cut_title(), context_cut_advice(warning)
        self.errorBanner.show_notice(title, advice, tone="note")
        self.announcer.announce(f"{title} {advice}")

    @Slot(int, str)
    def on_answer_thinking(self, _request_id: int, text: str) -> None:
        if text:
            self.waitingIndicator.stop()  # the thinking is the answer's first piece: it shows where the answer goes
        self.transcriptView.append_thinking(text)

    @Slot(int, str)
    def on_answer_text(self, _request_id: int, text: str) -> None:
        if text:
            self.waitingIndicator.stop()
        self.transcriptView.append_answer(text)
        self.announcer.answer_text(text)

    @Slot(object)
    def on_answer_finished(self, ended: AnswerEnded) -> None:
        result, turn, chat = ended.result, ended.turn, ended.chat
        note = turn_note(turn)  # the words reopening the chat shows under it too
        reason = "" if result.cancelled else finish_reason_text(result.finish_reason)  # known only now
        self.waitingIndicator.stop()
        answer = self.transcriptView.end_answer(note, self._usage_text(turn))
        self._update_usage(chat.usage_total)
        self.announcer.answer_finished(" ".join(part for part in (note, reason) if part) or answer_complete_text(),
                                       answer)
        if result.cancelled or result.finish_reason != "stop":
            self._offer_resume(turn, chat.can_retry, chat.can_continue, reason)

    @Slot(object)
    def on_answer_failed(self, ended: AnswerEnded) -> None:
        # The question stays in the transcript, with Retry; the message box stays as the user left
        # it (putting the question back there made it the draft, and Enter asked it twice).
        turn, error = ended.turn, ended.turn.error
        self.waitingIndicator.stop()
        self.transcriptView.end_answer(turn_note(turn))
        self.errorBanner.show_error(error, can_retry=ended.chat.can_retry, can_continue=ended.chat.can_continue)
        self.announcer.announce(f"{error_title(error)} {error_advice(error)}", assertive=True)
        if error.kind is ErrorKind.NO_KEY:
            self.welcomePanel.show()

    @Slot(object)
    def on_earlier_answer_kept(self, kept_answer: EarlierAnswerKept) -> None:
        """A new version of the last answer failed, was stopped or cut off: the earlier answer is shown again."""
        why = kept_answer.why
        self.render_conversation(kept_answer.chat)
        kept = earlier_answer_kept_text()
        if isinstance(why, ChatError):
            self.errorBanner.show_error(why, can_retry=True, note=kept)
            self.announcer.announce(f"{error_title(why)} {error_advice(why)} {kept}", assertive=True)
            if why.kind is ErrorKind.NO_KEY:
                self.welcomePanel.show()
            return
        title = new_answer_not_complete_title(why)
        self.errorBanner.show_notice(title, kept, can_retry=True,
                                     tone="note" if why is MessageState.STOPPED else "error")
        self.announcer.announce(f"{title} {kept}")

    @Slot(bool)
    def on_busy_changed(self, _busy: bool) -> None:
        self._show_busy_status()

    def _show_busy_status(self) -> None:
        session = self.controller.session
        self.statusMessage.emit(busy_text(session.busy, session.streaming_elsewhere), 0 if session.busy else 1)

    # --- settings and the key -----------------------------------------------------------------

    @Slot(object)
    def show_settings_summary(self, settings: EffectiveSettings) -> None:
        effective = settings.effective
        self.announcer.while_streaming = effective.announce_while_streaming
        self.show_model(self.controller.session.shown.model)  # a chat without a model of its own follows the default
        self.modelLabel.setToolTip(plain_tooltip(without_user_info(effective.base_url)))

    @Slot(str)
    def show_model(self, model: str) -> None:
        """The model the chat shown asks (its own, or the default)."""
        self.modelLabel.setText(self.tr("Model: %1").replace("%1", model))

    @Slot(object)
    def on_key_state(self, state: KeyState) -> None:
        has_key = state.source is not KeySource.NONE or not state.needed
        self.welcomePanel.setVisible(not has_key)
        if not has_key and not self._looked_for_local_server and not self.controller.settings.current.stored.profiles:
            self._looked_for_local_server = True  # first start (no profile set up): once, off the GUI thread
            self.controller.settings.find_local_servers(self._offer_local_servers, self)
        if has_key and self.errorBanner.isVisibleTo(self) and self.errorBanner.shown_kind is ErrorKind.NO_KEY:
            if self.controller.session.can_retry():  # the question waits in the transcript: one click asks it
                title, advice = key_ready_notice()
                self.errorBanner.show_notice(title, advice, can_retry=True, tone="note")
            else:
                self.errorBanner.hide()

    def _offer_local_servers(self, servers: tuple) -> None:
        if servers and self.welcomePanel.isVisibleTo(self):
            self.welcomePanel.offer_local_server(servers[0])

    @Slot()
    def _use_local_server(self) -> None:
        server = self.welcomePanel.local_server
        if server is not None:
            profile = self.controller.settings.use_local_server(server)
            self.statusMessage.emit(self.tr("New chats now use %1 on this computer.").replace("%1", profile.name),
                                    8000)

    # --- the history's notices ----------------------------------------------------------------

    def tell_history_moved_aside(self, moved_aside: Path, salvaged: int) -> None:
        """At start: the history was damaged, moved aside and started anew (salvaged: messages copied over)."""
        title, advice = history_damaged_notice(salvaged)
        self.errorBanner.show_notice(title, advice, str(moved_aside))

    def tell_history_not_opened(self, error: HistoryError) -> None:
        """At start: the history could not be opened (newer version, a link, locked)."""
        title, advice = history_not_opened_notice(error.problem)
        self.errorBanner.show_notice(title, advice, error.detail)

    @Slot()
    def on_history_damaged(self) -> None:
        self.errorBanner.show_notice(*history_repair_notice())

    @Slot(object)
    def on_history_failed(self, error: HistoryError) -> None:
        title, advice = history_save_failed_notice(error.problem)
        self.errorBanner.show_notice(title, advice, error.detail)
