"""The main window: transcript, prompt box, inline error banner, welcome."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication, QDialog, QDialogButtonBox, QFrame, QHBoxLayout, QLabel, QMainWindow, QMessageBox,
    QPlainTextEdit, QPushButton, QSizePolicy, QTableWidget, QTableWidgetItem, QToolBar, QVBoxLayout, QWidget,
)

from .. import APP_NAME, __version__
from ..core.errors import ChatError, ErrorKind
from ..core.chat import ChatResult
from ..core.settings import EffectiveSettings, KeySource
from ..qt.controller import ChatController, KeyState
from .announcer import Announcer
from .messages import error_advice, error_title, server_detail
from .settings_dialog import SettingsDialog
from .transcript import TranscriptView


ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
DEFAULT_FONT_STEPS = (7, 8, 9, 10, 11, 12, 13, 14, 16, 18, 20, 22, 24, 28, 32)


def icon(name: str) -> QIcon:
    """An SVG icon: crisp at every scale factor."""
    return QIcon(str(ICONS / f"{name}.svg"))


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
        self.retryButton.setAccessibleDescription(self.tr("Ask for this answer again"))
        self.settingsButton = QPushButton(self.tr("Settings…"))
        self.settingsButton.setObjectName("errorSettingsButton")
        self.settingsButton.setAccessibleName(self.tr("Open settings"))
        self.settingsButton.setAccessibleDescription(self.tr("Check the key, address and model"))
        self.dismissButton = QPushButton(self.tr("Dismiss"))
        self.dismissButton.setObjectName("dismissErrorButton")
        self.dismissButton.setAccessibleName(self.tr("Dismiss error"))
        self.dismissButton.setAccessibleDescription(self.tr("Hide this message"))
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
        self.openSettingsButton.setAccessibleDescription(self.tr("Enter your API key"))
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
        self._settings_dialog: SettingsDialog | None = None

        self.settingsAction = self._action("settingsAction", self.tr("&Settings…"), "Ctrl+,", self.open_settings,
                                           icon("settings"))
        self.settingsAction.setShortcutContext(Qt.ApplicationShortcut)
        self.newChatAction = self._action("newChatAction", self.tr("&New chat"), QKeySequence.New, self.new_chat,
                                          icon("new-chat"))
        self.quitAction = self._action("quitAction", self.tr("&Quit"), QKeySequence.Quit, self.close)
        self.zoomInAction = self._action("zoomInAction", self.tr("&Larger text"), QKeySequence.ZoomIn,
                                         lambda: self.change_font_size(+1))
        self.zoomInAction.setShortcuts([QKeySequence.ZoomIn, QKeySequence("Ctrl+=")])
        self.zoomOutAction = self._action("zoomOutAction", self.tr("&Smaller text"), QKeySequence.ZoomOut,
                                          lambda: self.change_font_size(-1))
        self.zoomResetAction = self._action("zoomResetAction", self.tr("&Normal text size"), "Ctrl+0",
                                            lambda: self.change_font_size(0))
        self.shortcutsAction = self._action("shortcutsAction", self.tr("&Keyboard shortcuts"),
                                            QKeySequence.HelpContents, self.show_shortcuts)
        self.aboutAction = self._action("aboutAction", self.tr("&About GenAI Desktop"), None, self._about)

        file_menu = self.menuBar().addMenu(self.tr("&File"))
        for action in (self.newChatAction, self.settingsAction, None, self.quitAction):
            file_menu.addAction(action) if action else file_menu.addSeparator()
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        for action in (self.zoomInAction, self.zoomOutAction, self.zoomResetAction):
            view_menu.addAction(action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(self.shortcutsAction)
        help_menu.addAction(self.aboutAction)
        toolbar = QToolBar(self.tr("Main toolbar"))
        toolbar.setObjectName("mainToolBar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)
        self.addToolBar(toolbar)
        for action in (self.newChatAction, self.settingsAction):
            toolbar.addAction(action)
            button = toolbar.widgetForAction(action)
            button.setObjectName(action.objectName().replace("Action", "ToolButton"))
            button.setAccessibleName(action.text().replace("&", "").rstrip("…"))
            button.setFocusPolicy(Qt.TabFocus)  # reachable with Tab, not only with the mouse
        self._toolbar = toolbar

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
        self.sendButton = QPushButton(icon("send"), self.tr("Send"))
        self.sendButton.setObjectName("sendButton")
        self.sendButton.setAccessibleName(self.tr("Send"))
        self.sendButton.setToolTip(self.tr("Send the message (Enter)"))
        self.sendButton.clicked.connect(self.send)
        self.stopButton = QPushButton(icon("stop"), self.tr("Stop"))
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
        self.modelLabel.setAccessibleName(self.tr("Model in use"))
        self.modelLabel.setObjectName("modelLabel")
        self.statusBar().addPermanentWidget(self.modelLabel)

        self.announcer = Announcer(self.transcriptView, self)
        self.announcer.while_streaming = controller.settings.effective.announce_while_streaming
        self.announcer.announced.connect(self.transcriptView.setAccessibleDescription)
        for first, second in ((self.promptEdit, self.sendButton), (self.sendButton, self.stopButton),
                              (self.stopButton, self.transcriptView),
                              (self.transcriptView, self._toolbar.widgetForAction(self.newChatAction)),
                              (self._toolbar.widgetForAction(self.newChatAction),
                               self._toolbar.widgetForAction(self.settingsAction))):
            QWidget.setTabOrder(first, second)
        self._restore_window_state(controller.settings.effective)

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

    def _action(self, name: str, text: str, shortcut, slot, action_icon: QIcon | None = None) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if action_icon is not None:
            action.setIcon(action_icon)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setToolTip(f"{text.replace('&', '').rstrip('…')} ({action.shortcut().toString(QKeySequence.NativeText)})")
        action.triggered.connect(slot)
        return action

    # --- window state ---------------------------------------------------------------------------

    def _restore_window_state(self, settings) -> None:
        if settings.window_geometry:
            self.restoreGeometry(QByteArray.fromBase64(settings.window_geometry.encode("ascii")))
        self._apply_font_size(settings.font_point_size)

    def _apply_font_size(self, point_size: float) -> None:
        font = QApplication.font()
        if point_size > 0:
            font.setPointSizeF(point_size)
        for widget in (self.transcriptView, self.promptEdit):
            widget.setFont(font)
        self.transcriptView.document().setDefaultFont(font)
        self.promptEdit.setFixedHeight(self.promptEdit.fontMetrics().lineSpacing() * 4 + 16)
        self._font_point_size = point_size

    def font_point_size(self) -> float:
        return self.transcriptView.font().pointSizeF()

    @Slot()
    def change_font_size(self, step: int) -> None:
        """Ctrl + / Ctrl - move along common sizes; Ctrl 0 goes back to the system's size. Remembered."""
        if step == 0:
            size = 0.0
        else:
            current = self.font_point_size()
            larger = [s for s in DEFAULT_FONT_STEPS if s > current + 0.1]
            smaller = [s for s in DEFAULT_FONT_STEPS if s < current - 0.1]
            size = float((larger[0] if larger else DEFAULT_FONT_STEPS[-1]) if step > 0
                         else (smaller[-1] if smaller else DEFAULT_FONT_STEPS[0]))
        self._apply_font_size(size)
        self.controller.remember(font_point_size=size)
        self.statusBar().showMessage(self.tr("Text size: %1 pt").replace("%1", f"{self.font_point_size():g}"), 3000)

    def show_shortcuts(self) -> None:
        dialog = ShortcutsDialog(self._shortcut_rows(), self)
        dialog.exec()

    def _shortcut_rows(self) -> list[tuple[str, str]]:
        native = QKeySequence.NativeText
        rows = [(action.text().replace("&", "").rstrip("…"), ", ".join(k.toString(native) for k in action.shortcuts()))
                for action in (self.newChatAction, self.settingsAction, self.zoomInAction, self.zoomOutAction,
                               self.zoomResetAction, self.shortcutsAction, self.quitAction)]
        rows[1:1] = [(self.tr("Send the message"), self.tr("Enter")),
                     (self.tr("New line in the message"), self.tr("Shift+Enter")),
                     (self.tr("Stop the answer"), self.tr("Esc")),
                     (self.tr("Move between controls"), self.tr("Tab, Shift+Tab"))]
        return rows

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

    @Slot(int, str, str, bool)
    def _on_turn_started(self, _request_id: int, prompt: str, model: str, retry: bool) -> None:
        if not retry:  # a retry answers the prompt already shown
            self.transcriptView.add_user_message(prompt)
        self.transcriptView.begin_answer(model)
        self.announcer.answer_started()

    @Slot(int, str)
    def _on_answer_text(self, _request_id: int, text: str) -> None:
        self.transcriptView.append_answer(text)
        self.announcer.answer_text(text)

    @Slot(int, object)
    def _on_answer_finished(self, _request_id: int, result: ChatResult) -> None:
        note = ""
        if result.cancelled:
            note = (self.tr("Stopped. The answer above is incomplete.") if result.text.strip()
                    else self.tr("Stopped before the answer began."))
        elif result.finish_reason == "length":
            note = self.tr("The answer was cut off: it reached the length limit.")
        elif result.finish_reason == "content_filter":
            note = self.tr("The answer was stopped by the provider's content filter.")
        elif result.finish_reason not in ("stop", None):
            note = self.tr("The answer ended early (%1).").replace("%1", result.finish_reason)
        answer = self.transcriptView.end_answer(note)
        self.announcer.answer_finished(note or self.tr("Answer complete."), answer)

    @Slot(int, object)
    def _on_answer_failed(self, _request_id: int, error: ChatError) -> None:
        turns = self.controller.turns
        prompt = turns[-1].prompt if turns else ""
        if turns and turns[-1].answer.strip():
            note = self.tr("Answer cut off: %1").replace("%1", error_title(error))
        else:
            note = self.tr("No answer: %1").replace("%1", error_title(error))
        self.transcriptView.end_answer(note)
        if not self.promptEdit.toPlainText().strip():
            self.promptEdit.setPlainText(prompt)  # the prompt is never lost
            self.promptEdit.moveCursor(self.promptEdit.textCursor().MoveOperation.End)
        self.errorBanner.show_error(error, can_retry=self.controller.can_retry())
        self.announcer.announce(f"{error_title(error)} {error_advice(error)}", assertive=True)
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
        self.announcer.while_streaming = effective.announce_while_streaming
        self.modelLabel.setText(self.tr("Model: %1").replace("%1", effective.model))
        self.modelLabel.setToolTip(effective.base_url)

    @Slot(object)
    def _on_key_state(self, state: KeyState) -> None:
        self.welcomePanel.setVisible(state.source is KeySource.NONE)

    # --- shutdown -----------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if self.transcriptView.streaming:
            self.transcriptView.end_answer()
        self.controller.remember(window_geometry=bytes(self.saveGeometry().toBase64()).decode("ascii"))
        self.controller.shutdown()
        super().closeEvent(event)


class ShortcutsDialog(QDialog):
    """Help → Keyboard shortcuts: everything the app does by keyboard."""

    def __init__(self, rows: list[tuple[str, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        table = QTableWidget(len(rows), 2, self)
        table.setObjectName("shortcutsTable")
        table.setAccessibleName(self.tr("Keyboard shortcuts"))
        table.setHorizontalHeaderLabels([self.tr("Action"), self.tr("Keys")])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.NoEditTriggers)
        for row, (what, keys) in enumerate(rows):
            table.setItem(row, 0, QTableWidgetItem(what))
            table.setItem(row, 1, QTableWidgetItem(keys))
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.resize(520, 360)
