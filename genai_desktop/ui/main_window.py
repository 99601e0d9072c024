"""The main window: transcript, prompt box, inline error banner, welcome."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame, QHBoxLayout, QLabel, QMainWindow, QMessageBox, QPlainTextEdit, QPushButton, QSizePolicy,
    QVBoxLayout, QWidget,
)

from .. import APP_NAME, __version__
from ..core.errors import ChatError, ErrorKind
from ..core.chat import ChatResult
from ..core.settings import EffectiveSettings, KeySource
from ..qt.controller import ChatController, KeyState
from .messages import error_advice, error_title, server_detail
from .settings_dialog import SettingsDialog
from .transcript import TranscriptView


class PromptEdit(QPlainTextEdit):
    """Enter sends, Shift+Enter starts a new line."""

    submitted = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key_Return, Qt.Key_Enter) and not event.modifiers() & (
                Qt.ShiftModifier | Qt.ControlModifier | Qt.AltModifier):
            self.submitted.emit()
            return
        super().keyPressEvent(event)


def _plain_label(object_name: str) -> QLabel:
    """A wrapping label that never interprets its text as HTML (server messages go into some)."""
    label = QLabel()
    label.setObjectName(object_name)
    label.setTextFormat(Qt.PlainText)
    label.setWordWrap(True)
    return label


class ErrorBanner(QFrame):
    """Inline error: what happened, what to do, the server's words, and Retry."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("errorBanner")
        self.setAccessibleName(self.tr("Error"))
        self.setFrameShape(QFrame.StyledPanel)
        self.setStyleSheet("#errorBanner { background: rgba(179, 38, 30, 0.14); border: 1px solid #b3261e;"
                           " border-radius: 6px; }")
        self.titleLabel = _plain_label("errorTitleLabel")
        font = self.titleLabel.font()
        font.setBold(True)
        self.titleLabel.setFont(font)
        self.adviceLabel = _plain_label("errorAdviceLabel")
        self.detailLabel = _plain_label("errorDetailLabel")
        self.detailLabel.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.retryButton = QPushButton(self.tr("Retry"))
        self.retryButton.setObjectName("retryButton")
        self.retryButton.setAccessibleName(self.tr("Retry"))
        self.settingsButton = QPushButton(self.tr("Settings…"))
        self.settingsButton.setObjectName("errorSettingsButton")
        self.settingsButton.setAccessibleName(self.tr("Open settings"))
        self.dismissButton = QPushButton(self.tr("Dismiss"))
        self.dismissButton.setObjectName("dismissErrorButton")
        self.dismissButton.setAccessibleName(self.tr("Dismiss error"))
        self.dismissButton.clicked.connect(self.hide)
        texts = QVBoxLayout()
        texts.addWidget(self.titleLabel)
        texts.addWidget(self.adviceLabel)
        texts.addWidget(self.detailLabel)
        buttons = QVBoxLayout()
        buttons.addWidget(self.retryButton)
        buttons.addWidget(self.settingsButton)
        buttons.addWidget(self.dismissButton)
        buttons.addStretch()
        layout = QHBoxLayout(self)
        layout.addLayout(texts, 1)
        layout.addLayout(buttons)

    def show_error(self, error: ChatError, can_retry: bool) -> None:
        self.titleLabel.setText(error_title(error))
        self.adviceLabel.setText(error_advice(error))
        detail = server_detail(error)
        self.detailLabel.setText(detail)
        self.detailLabel.setVisible(bool(detail))
        self.retryButton.setVisible(can_retry)
        self.settingsButton.setVisible(error.kind in SETTINGS_ERRORS)
        self.setAccessibleDescription(f"{error_title(error)} {error_advice(error)}")
        self.show()


SETTINGS_ERRORS = {
    ErrorKind.NO_KEY, ErrorKind.INVALID_KEY, ErrorKind.AUTH, ErrorKind.PERMISSION, ErrorKind.NOT_FOUND,
    ErrorKind.BAD_REQUEST, ErrorKind.NOT_OPENAI, ErrorKind.TIMEOUT, ErrorKind.KEYRING_LOCKED,
    ErrorKind.KEYRING_UNAVAILABLE, ErrorKind.CONNECTION,
}


class WelcomePanel(QFrame):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("welcomePanel")
        self.setAccessibleName(self.tr("Welcome"))
        self.setFrameShape(QFrame.StyledPanel)
        title = QLabel(self.tr("Welcome to GenAI Desktop"))
        title.setObjectName("welcomeTitle")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        text = QLabel(self.tr(
            "To chat, this app needs an API key from OpenAI or from another compatible service "
            "(for example Azure OpenAI, OpenRouter, or a local Ollama or LM Studio).\n\n"
            "Open the settings and paste your key. It is stored in your system's keyring, never in a file."))
        text.setObjectName("welcomeText")
        text.setWordWrap(True)
        text.setTextFormat(Qt.PlainText)
        self.openSettingsButton = QPushButton(self.tr("Open settings"))
        self.openSettingsButton.setObjectName("welcomeSettingsButton")
        self.openSettingsButton.setAccessibleName(self.tr("Open settings"))
        self.openSettingsButton.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(text)
        row = QHBoxLayout()
        row.addWidget(self.openSettingsButton)
        row.addStretch()
        layout.addLayout(row)


class MainWindow(QMainWindow):
    def __init__(self, controller: ChatController):
        super().__init__()
        self.controller = controller
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_NAME)
        self.resize(900, 700)
        self._failed_prompt = ""
        self._settings_dialog: SettingsDialog | None = None

        self.settingsAction = QAction(self.tr("&Settings…"), self)
        self.settingsAction.setObjectName("settingsAction")
        self.settingsAction.setShortcut(QKeySequence("Ctrl+,"))
        self.settingsAction.setShortcutContext(Qt.ApplicationShortcut)
        self.settingsAction.setToolTip(self.tr("Settings (Ctrl+,)"))
        self.settingsAction.triggered.connect(self.open_settings)
        self.newChatAction = QAction(self.tr("&New chat"), self)
        self.newChatAction.setObjectName("newChatAction")
        self.newChatAction.setShortcut(QKeySequence.New)
        self.newChatAction.triggered.connect(self.new_chat)
        self.quitAction = QAction(self.tr("&Quit"), self)
        self.quitAction.setObjectName("quitAction")
        self.quitAction.setShortcut(QKeySequence.Quit)
        self.quitAction.triggered.connect(self.close)
        self.aboutAction = QAction(self.tr("&About GenAI Desktop"), self)
        self.aboutAction.setObjectName("aboutAction")
        self.aboutAction.triggered.connect(self._about)

        file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.addAction(self.newChatAction)
        file_menu.addAction(self.settingsAction)
        file_menu.addSeparator()
        file_menu.addAction(self.quitAction)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(self.aboutAction)
        toolbar = self.addToolBar(self.tr("Main toolbar"))
        toolbar.setObjectName("mainToolBar")
        toolbar.setMovable(False)
        toolbar.addAction(self.newChatAction)
        toolbar.addAction(self.settingsAction)

        self.welcomePanel = WelcomePanel()
        self.welcomePanel.openSettingsButton.clicked.connect(self.open_settings)
        self.welcomePanel.hide()
        self.transcriptView = TranscriptView()
        self.transcriptView.notice.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.errorBanner = ErrorBanner()
        self.errorBanner.hide()
        self.errorBanner.retryButton.clicked.connect(self.retry)
        self.errorBanner.settingsButton.clicked.connect(self.open_settings)

        self.promptEdit = PromptEdit()
        self.promptEdit.setObjectName("promptEdit")
        self.promptEdit.setAccessibleName(self.tr("Message"))
        self.promptEdit.setAccessibleDescription(self.tr("Type your message. Enter sends, Shift+Enter starts a new line."))
        self.promptEdit.setPlaceholderText(self.tr("Type a message — Enter sends, Shift+Enter adds a line"))
        self.promptEdit.setTabChangesFocus(True)
        self.promptEdit.setFixedHeight(self.promptEdit.fontMetrics().lineSpacing() * 4 + 16)
        self.promptEdit.submitted.connect(self.send)
        self.sendButton = QPushButton(self.tr("Send"))
        self.sendButton.setObjectName("sendButton")
        self.sendButton.setAccessibleName(self.tr("Send"))
        self.sendButton.setToolTip(self.tr("Send the message (Enter)"))
        self.sendButton.clicked.connect(self.send)
        self.stopButton = QPushButton(self.tr("Stop"))
        self.stopButton.setObjectName("stopButton")
        self.stopButton.setAccessibleName(self.tr("Stop"))
        self.stopButton.setToolTip(self.tr("Stop the answer (Esc)"))
        self.stopButton.setEnabled(False)
        self.stopButton.clicked.connect(self.stop)
        self._stop_shortcut = QShortcut(QKeySequence(Qt.Key_Escape), self, activated=self.stop)
        for button in (self.sendButton, self.stopButton):
            button.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Expanding)

        buttons = QVBoxLayout()
        buttons.addWidget(self.sendButton)
        buttons.addWidget(self.stopButton)
        input_row = QHBoxLayout()
        input_row.addWidget(self.promptEdit, 1)
        input_row.addLayout(buttons)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.welcomePanel)
        layout.addWidget(self.transcriptView, 1)
        layout.addWidget(self.errorBanner)
        layout.addLayout(input_row)
        self.setCentralWidget(central)
        self.modelLabel = QLabel()
        self.modelLabel.setObjectName("modelLabel")
        self.statusBar().addPermanentWidget(self.modelLabel)

        controller.turnStarted.connect(self._on_turn_started)
        controller.answerText.connect(self._on_answer_text)
        controller.answerFinished.connect(self._on_answer_finished)
        controller.answerFailed.connect(self._on_answer_failed)
        controller.busyChanged.connect(self._on_busy_changed)
        controller.settingsChanged.connect(self._show_settings_summary)
        controller.keyStateChanged.connect(self._on_key_state)
        controller.conversationCleared.connect(self.transcriptView.clear_transcript)
        self._show_settings_summary(controller.settings)
        if controller.settings_moved_aside is not None:
            QTimer.singleShot(0, self._tell_settings_moved_aside)
        controller.refresh_key_state()
        self.promptEdit.setFocus()

    # --- actions --------------------------------------------------------------------------------

    @Slot()
    def send(self) -> None:
        prompt = self.promptEdit.toPlainText()
        if not prompt.strip() or self.controller.busy:
            return
        if self.controller.send(prompt):
            self.errorBanner.hide()
            self.promptEdit.clear()

    @Slot()
    def stop(self) -> None:
        self.controller.stop()

    @Slot()
    def retry(self) -> None:
        turns = self.controller.turns
        if turns and self.controller.retry():
            self.errorBanner.hide()
            if self.promptEdit.toPlainText() == turns[-1].prompt:
                self.promptEdit.clear()

    @Slot()
    def new_chat(self) -> None:
        self.errorBanner.hide()
        self.controller.clear_conversation()
        self.promptEdit.setFocus()

    @Slot()
    def open_settings(self) -> None:
        if self._settings_dialog is not None:
            self._settings_dialog.raise_()
            self._settings_dialog.activateWindow()
            return
        dialog = SettingsDialog(self.controller, self)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.finished.connect(self._settings_closed)
        self._settings_dialog = dialog
        dialog.open()

    @Slot(int)
    def _settings_closed(self, _result: int) -> None:
        self._settings_dialog = None
        self.promptEdit.setFocus()

    def _about(self) -> None:
        QMessageBox.about(self, self.tr("About GenAI Desktop"),
                          self.tr("GenAI Desktop %1\n\nA desktop chat app for OpenAI-compatible APIs.")
                          .replace("%1", __version__))

    def _tell_settings_moved_aside(self) -> None:
        self.statusBar().showMessage(
            self.tr("The settings file could not be read and was moved to %1. Default settings are in use.")
            .replace("%1", str(self.controller.settings_moved_aside)), 20000)

    # --- controller signals ------------------------------------------------------------------------

    @Slot(int, str, str)
    def _on_turn_started(self, _request_id: int, prompt: str, model: str) -> None:
        turns = self.controller.turns
        is_retry = bool(self._failed_prompt) and turns and turns[-1].prompt == prompt and self._failed_prompt == prompt
        if not is_retry:
            self.transcriptView.add_user_message(prompt)
        self._failed_prompt = ""
        self.transcriptView.begin_answer(model)

    @Slot(int, str)
    def _on_answer_text(self, _request_id: int, text: str) -> None:
        self.transcriptView.append_answer(text)

    @Slot(int, object)
    def _on_answer_finished(self, _request_id: int, result: ChatResult) -> None:
        note = ""
        if result.cancelled:
            note = (self.tr("Stopped. The answer above is incomplete.") if result.text.strip()
                    else self.tr("Stopped before the answer began."))
            self._failed_prompt = self.controller.turns[-1].prompt
        elif result.finish_reason == "length":
            note = self.tr("The answer was cut off: it reached the length limit.")
        elif result.finish_reason == "content_filter":
            note = self.tr("The answer was stopped by the provider's content filter.")
        elif result.finish_reason not in ("stop", None):
            note = self.tr("The answer ended early (%1).").replace("%1", result.finish_reason)
        self.transcriptView.end_answer(note)

    @Slot(int, object)
    def _on_answer_failed(self, _request_id: int, error: ChatError) -> None:
        turns = self.controller.turns
        prompt = turns[-1].prompt if turns else ""
        if turns and turns[-1].answer.strip():
            note = self.tr("Answer cut off: %1").replace("%1", error_title(error))
        else:
            note = self.tr("No answer: %1").replace("%1", error_title(error))
        self.transcriptView.end_answer(note)
        self._failed_prompt = prompt
        if not self.promptEdit.toPlainText().strip():
            self.promptEdit.setPlainText(prompt)  # the prompt is never lost
            self.promptEdit.moveCursor(self.promptEdit.textCursor().MoveOperation.End)
        self.errorBanner.show_error(error, can_retry=self.controller.can_retry())
        if error.kind is ErrorKind.NO_KEY:
            self.welcomePanel.show()

    @Slot(bool)
    def _on_busy_changed(self, busy: bool) -> None:
        self.sendButton.setEnabled(not busy)
        self.stopButton.setEnabled(busy)
        self.statusBar().showMessage(self.tr("Answering…") if busy else "", 0 if busy else 1)

    @Slot(object)
    def _show_settings_summary(self, settings: EffectiveSettings) -> None:
        effective = settings.effective
        self.modelLabel.setText(self.tr("Model: %1").replace("%1", effective.model))
        self.modelLabel.setToolTip(effective.base_url)

    @Slot(object)
    def _on_key_state(self, state: KeyState) -> None:
        self.welcomePanel.setVisible(state.source is KeySource.NONE)

    # --- shutdown -----------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if self.transcriptView.streaming:
            self.transcriptView.end_answer()
        self.controller.shutdown()
        super().closeEvent(event)
