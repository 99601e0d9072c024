"""The main window: transcript, prompt box, inline error banner, welcome."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QByteArray, QDir, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QApplication, QDialog, QDialogButtonBox, QFileDialog, QFrame, QHBoxLayout, QMainWindow, QMenu,
    QMessageBox, QPlainTextEdit, QPushButton, QSizePolicy, QSplitter, QTableWidget, QTableWidgetItem, QToolBar,
    QVBoxLayout, QWidget,
)

from .. import APP_NAME, __version__
from ..core.errors import ChatError, ErrorKind
from ..core.records import HistoryError, HistoryProblem, MessageState
from ..core.settings import EffectiveSettings, KeySource
from ..core.conversation import Turn, UserMessage
from ..qt.controller import ChatController
from ..qt.notices import (
    HistoryDamaged, HistoryMovedAside, HistoryNotOpened, HistoryWriteFailed, SettingsMovedAside,
)
from ..qt.session import AnswerEnded, AnswerStarted, EarlierAnswerKept, ShownChat
from ..qt.settings_service import KeyState
from .announcer import Announcer
from ..core.validation import without_user_info
from .messages import (
    counted, error_advice, error_title, number_text, plain_label, plain_message_box, plain_tooltip, server_detail,
)
from .settings_dialog import SettingsDialog
from .sidebar import Sidebar
from .transcript import TranscriptView


ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
DEFAULT_FONT_STEPS = (7, 8, 9, 10, 11, 12, 13, 14, 16, 18, 20, 22, 24, 28, 32)
SHOWN_TURNS = 30  # a long chat renders its latest turns; "Show earlier messages" renders more
DRAFT_SAVE_DELAY_MS = 400


def icon(name: str) -> QIcon:
    """An SVG icon: crisp at every scale factor."""
    return QIcon(str(ICONS / f"{name}.svg"))


class PromptEdit(QPlainTextEdit):
    """Enter sends, Shift+Enter starts a new line."""

    submitted = Signal()
    typed = Signal()  # the user typed (not a draft put back by the app)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key_Return, Qt.Key_Enter) and not event.modifiers() & (
                Qt.ShiftModifier | Qt.ControlModifier | Qt.AltModifier):
            self.submitted.emit()
            return
        super().keyPressEvent(event)
        if event.text():
            self.typed.emit()


class ErrorBanner(QFrame):
    """Inline error: what happened, what to do, the server's words, and Retry."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("errorBanner")
        self.setAccessibleName(self.tr("Error"))
        self.setFrameShape(QFrame.StyledPanel)
        self.setStyleSheet("#errorBanner { background: rgba(179, 38, 30, 0.14); border: 1px solid #b3261e;"
                           " border-radius: 6px; }")
        self.titleLabel = plain_label(object_name="errorTitleLabel")
        font = self.titleLabel.font()
        font.setBold(True)
        self.titleLabel.setFont(font)
        self.adviceLabel = plain_label(object_name="errorAdviceLabel")
        self.detailLabel = plain_label(object_name="errorDetailLabel")
        self.detailLabel.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.retryButton = QPushButton(self.tr("Retry"))
        self.retryButton.setObjectName("retryButton")
        self.retryButton.setAccessibleName(self.tr("Retry"))
        self.retryButton.setAccessibleDescription(self.tr("Ask for this answer again"))
        self.continueButton = QPushButton(self.tr("Continue"))
        self.continueButton.setObjectName("continueButton")
        self.continueButton.setAccessibleName(self.tr("Continue"))
        self.continueButton.setAccessibleDescription(self.tr("Ask the model to go on from where the answer was cut off"))
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
        buttons.addWidget(self.continueButton)
        buttons.addWidget(self.retryButton)
        buttons.addWidget(self.settingsButton)
        buttons.addWidget(self.dismissButton)
        buttons.addStretch()
        layout = QHBoxLayout(self)
        layout.addLayout(texts, 1)
        layout.addLayout(buttons)

    def show_error(self, error: ChatError, can_retry: bool, can_continue: bool = False, note: str = "") -> None:
        advice = f"{error_advice(error)} {note}" if note else error_advice(error)
        self.show_notice(error_title(error), advice, server_detail(error), can_retry, can_continue)
        self.settingsButton.setVisible(error.kind in SETTINGS_ERRORS)

    def show_notice(self, title: str, advice: str, detail: str = "", can_retry: bool = False,
                    can_continue: bool = False) -> None:
        self.titleLabel.setText(title)
        self.adviceLabel.setText(advice)
        self.detailLabel.setText(detail)
        self.detailLabel.setVisible(bool(detail))
        self.retryButton.setVisible(can_retry)
        self.continueButton.setVisible(can_continue)
        self.settingsButton.hide()
        self.setAccessibleDescription(f"{title} {advice}")
        self.show()


SETTINGS_ERRORS = {
    ErrorKind.NO_KEY, ErrorKind.INVALID_KEY, ErrorKind.AUTH, ErrorKind.PERMISSION, ErrorKind.NOT_FOUND,
    ErrorKind.BAD_REQUEST, ErrorKind.NOT_OPENAI, ErrorKind.TIMEOUT, ErrorKind.KEYRING_LOCKED,
    ErrorKind.KEYRING_UNAVAILABLE, ErrorKind.CONNECTION, ErrorKind.REDIRECTED, ErrorKind.UNSAFE_ADDRESS,
}


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
        self.searchAction = self._action("searchAction", self.tr("&Search all chats"), QKeySequence.Find,
                                         self.focus_search)
        self.searchAction.setShortcuts([QKeySequence.Find, QKeySequence("Ctrl+K")])
        self.renameAction = self._action("renameAction", self.tr("Re&name chat"), "F2", self.rename_current)
        self.deleteAction = self._action("deleteAction", self.tr("&Delete chat…"), None, self.delete_current)
        self.regenerateAction = self._action("regenerateAction", self.tr("&Regenerate last answer"), "Ctrl+R",
                                             self.regenerate)
        self.continueAction = self._action("continueAction", self.tr("&Continue the answer"), "Ctrl+Shift+R",
                                           self.continue_answer)
        self.editLastAction = self._action("editLastAction", self.tr("&Edit last message"), "Ctrl+E",
                                           lambda: self.begin_edit(len(self.controller.session.shown.turns) - 1))
        self.exportMarkdownAction = self._action("exportMarkdownAction", self.tr("Export chat as &Markdown…"), None,
                                                 lambda: self.export_current("md"))
        self.exportJsonAction = self._action("exportJsonAction", self.tr("Export chat as &JSON…"), None,
                                             lambda: self.export_current("json"))
        self.exportAllAction = self._action("exportAllAction", self.tr("Export &all chats…"), None, self.export_all)
        self.importAction = self._action("importAction", self.tr("&Import chats…"), None, self.import_chats)

        file_menu = self.menuBar().addMenu(self.tr("&File"))
        for action in (self.newChatAction, None, self.importAction, self.exportMarkdownAction, self.exportJsonAction,
                       self.exportAllAction, None, self.settingsAction, None, self.quitAction):
            file_menu.addAction(action) if action else file_menu.addSeparator()
        chat_menu = self.menuBar().addMenu(self.tr("&Chat"))
        for action in (self.regenerateAction, self.continueAction, self.editLastAction, None, self.searchAction,
                       self.renameAction, self.deleteAction):
            chat_menu.addAction(action) if action else chat_menu.addSeparator()
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
            button.setObjectName("newChatButton" if action is self.newChatAction
                                 else action.objectName().replace("Action", "ToolButton"))
            button.setAccessibleName(action.text().replace("&", "").rstrip("…"))
            button.setFocusPolicy(Qt.TabFocus)  # reachable with Tab, not only with the mouse
        self._toolbar = toolbar

        self.welcomePanel = WelcomePanel()
        self.welcomePanel.openSettingsButton.clicked.connect(self.open_settings)
        self.welcomePanel.hide()
        self.transcriptView = TranscriptView()
        self.transcriptView.notice.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.transcriptView.editRequested.connect(self.begin_edit)
        self.transcriptView.earlierRequested.connect(self._show_earlier)
        self.errorBanner = ErrorBanner()
        self.errorBanner.hide()
        self.errorBanner.retryButton.clicked.connect(self.retry)
        self.errorBanner.continueButton.clicked.connect(self.continue_answer)
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
        self.editBar = QFrame()
        self.editBar.setObjectName("editBar")
        self.editLabel = plain_label(object_name="editLabel")
        self.cancelEditButton = QPushButton(self.tr("Cancel editing"))
        self.cancelEditButton.setObjectName("cancelEditButton")
        self.cancelEditButton.setAccessibleName(self.tr("Cancel editing"))
        self.cancelEditButton.setAccessibleDescription(self.tr("Keep the chat as it is"))
        self.cancelEditButton.clicked.connect(self.cancel_edit)
        edit_row = QHBoxLayout(self.editBar)
        edit_row.setContentsMargins(0, 0, 0, 0)
        edit_row.addWidget(self.editLabel, 1)
        edit_row.addWidget(self.cancelEditButton)
        self.editBar.hide()
        self._editing: int | None = None  # index of the turn being edited

        buttons = QVBoxLayout()
        buttons.addWidget(self.sendButton)
        buttons.addWidget(self.stopButton)
        input_row = QHBoxLayout()
        input_row.addWidget(self.promptEdit, 1)
        input_row.addLayout(buttons)
        chat_area = QWidget()
        chat_area.setObjectName("chatArea")
        layout = QVBoxLayout(chat_area)
        layout.setContentsMargins(0, 6, 6, 6)
        layout.addWidget(self.welcomePanel)
        layout.addWidget(self.transcriptView, 1)
        layout.addWidget(self.errorBanner)
        layout.addWidget(self.editBar)
        layout.addLayout(input_row)
        self.sidebar = Sidebar(controller.library.conversations, controller.library.search)
        self.conversationList = self.sidebar.conversationList
        self.searchEdit = self.sidebar.searchEdit
        self.sidebar.conversationChosen.connect(self.open_conversation)
        self.sidebar.searchHitChosen.connect(self.open_search_hit)
        self.sidebar.model.renameRequested.connect(controller.library.rename)
        self.conversationList.itemDelegate().closeEditor.connect(
            lambda *_args: QTimer.singleShot(0, self._refresh_conversations))
        self.conversationList.setContextMenuPolicy(Qt.CustomContextMenu)
        self.conversationList.customContextMenuRequested.connect(self._conversation_menu)
        self._delete_shortcut = QShortcut(QKeySequence.Delete, self.conversationList, activated=self.delete_current,
                                          context=Qt.WidgetShortcut)
        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(chat_area)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([240, 660])
        self.setCentralWidget(self.splitter)
        # Plain text: the model name comes from the settings or a server's model list, and a QLabel
        # would render "<img src=…>" in it (and read the file) at every start.
        self.modelLabel = plain_label(object_name="modelLabel", wrap=False)
        self.modelLabel.setAccessibleName(self.tr("Model in use"))
        self.usageLabel = plain_label(object_name="usageLabel", wrap=False)
        self.usageLabel.setAccessibleName(self.tr("Tokens used in this chat"))
        self.statusBar().addPermanentWidget(self.usageLabel)
        self.statusBar().addPermanentWidget(self.modelLabel)
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_SAVE_DELAY_MS)
        self._draft_timer.timeout.connect(self._save_draft)
        self.promptEdit.textChanged.connect(self._draft_timer.start)
        self._shown_turns = SHOWN_TURNS
        # Replaceable in tests; the defaults ask the user.
        self.confirm_delete: Callable[[str], bool] = self._ask_delete
        self.confirm_replace: Callable[[int], bool] = self._ask_replace
        self.choose_save_path: Callable[[str, str, str], Path | None] = self._ask_save_path
        self.choose_open_path: Callable[[str, str], Path | None] = self._ask_open_path

        self.announcer = Announcer(self.transcriptView, self)
        self.announcer.while_streaming = controller.settings.current.effective.announce_while_streaming
        self.announcer.announced.connect(self.transcriptView.setAccessibleDescription)
        for first, second in ((self.promptEdit, self.sendButton), (self.sendButton, self.stopButton),
                              (self.stopButton, self.transcriptView),
                              (self.transcriptView, self._toolbar.widgetForAction(self.newChatAction)),
                              (self._toolbar.widgetForAction(self.newChatAction),
                               self._toolbar.widgetForAction(self.settingsAction)),
                              (self._toolbar.widgetForAction(self.settingsAction), self.searchEdit),
                              (self.searchEdit, self.conversationList)):
            QWidget.setTabOrder(first, second)
        self._restore_window_state(controller.settings.current.effective)

        session = controller.session
        session.answerStarted.connect(self._on_answer_started)
        session.answerText.connect(self._on_answer_text)
        session.answerFinished.connect(self._on_answer_finished)
        session.answerFailed.connect(self._on_answer_failed)
        session.earlierAnswerKept.connect(self._on_earlier_answer_kept)
        session.busyChanged.connect(self._on_busy_changed)
        session.chatShown.connect(self._on_chat_shown)
        controller.settings.changed.connect(self._show_settings_summary)
        controller.settings.keyStateChanged.connect(self._on_key_state)
        controller.library.changed.connect(self._refresh_conversations)
        controller.notices.posted.connect(self._on_notice)
        self._show_settings_summary(controller.settings.current)
        self._on_chat_shown(session.shown)
        self._refresh_conversations()
        controller.notices.flush()  # what happened before this window listened
        controller.settings.refresh_key_state()
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
        if settings.sidebar_state:
            self.splitter.restoreState(QByteArray.fromBase64(settings.sidebar_state.encode("ascii")))
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
        self.controller.settings.remember(font_point_size=size)
        self.statusBar().showMessage(self.tr("Text size: %1 pt").replace("%1", f"{self.font_point_size():g}"), 3000)

    def show_shortcuts(self) -> None:
        dialog = ShortcutsDialog(self._shortcut_rows(), self)
        dialog.exec()

    def _shortcut_rows(self) -> list[tuple[str, str]]:
        native = QKeySequence.NativeText
        rows = [(action.text().replace("&", "").rstrip("…"), ", ".join(k.toString(native) for k in action.shortcuts()))
                for action in (self.newChatAction, self.searchAction, self.regenerateAction, self.continueAction,
                               self.editLastAction, self.renameAction, self.settingsAction, self.zoomInAction,
                               self.zoomOutAction, self.zoomResetAction, self.shortcutsAction, self.quitAction)]
        rows[1:1] = [(self.tr("Send the message"), self.tr("Enter")),
                     (self.tr("New line in the message"), self.tr("Shift+Enter")),
                     (self.tr("Stop the answer"), self.tr("Esc")),
                     (self.tr("Move between controls"), self.tr("Tab, Shift+Tab"))]
        return rows

    # --- actions --------------------------------------------------------------------------------

    @Slot()
    def send(self) -> None:
        prompt = self.promptEdit.toPlainText()
        session = self.controller.session
        if not prompt.strip() or session.busy:
            return
        if self._editing is not None:
            later = len(session.shown.turns) - self._editing - 1
            if later > 0 and not self.confirm_replace(later):
                return
        self.errorBanner.hide()  # first: saving the prompt may show a notice of its own
        if self._editing is not None:
            sent = session.resend_from(self._editing, UserMessage(prompt))
        else:
            sent = session.send(UserMessage(prompt))
        if sent and self._editing is not None:
            self.cancel_edit()  # the chat's own draft comes back into the box
        elif sent:
            self.promptEdit.clear()

    @Slot()
    def stop(self) -> None:
        self.controller.session.stop()

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
    def regenerate(self) -> None:
        self._answer_again(self.controller.session.can_regenerate(), self.controller.session.regenerate)

    @Slot()
    def continue_answer(self) -> None:
        self._answer_again(self.controller.session.can_continue(), self.controller.session.continue_answer)

    @Slot()
    def new_chat(self) -> None:
        self.open_conversation(None)
        self.promptEdit.setFocus()

    # --- chats: switching, drafts, rename, delete, search -------------------------------------------

    @Slot()
    def _save_draft(self) -> None:
        self._draft_timer.stop()
        if self._editing is None:  # the text of an edit is not the chat's draft
            self.controller.session.save_draft(self.promptEdit.toPlainText())

    def open_conversation(self, conversation_id: int | None) -> None:
        """Show a chat; the draft of the one left is saved first."""
        self._save_draft()
        if conversation_id is None or conversation_id != self.controller.session.conversation_id:
            self.controller.session.open(conversation_id)

    def open_search_hit(self, conversation_id: int, message_id: int, words: str) -> None:
        self.open_conversation(conversation_id)
        if not self.transcriptView.jump_to(message_id, words):  # older than the part rendered
            self._shown_turns = len(self.controller.session.shown.turns)
            self._render_conversation(self.controller.session.shown)
            self.transcriptView.jump_to(message_id, words)
        self.transcriptView.setFocus()

    @Slot()
    def focus_search(self) -> None:
        self.searchEdit.setFocus()
        self.searchEdit.selectAll()

    @Slot()
    def rename_current(self) -> None:
        row = self.sidebar.model.row_of(self.controller.session.conversation_id)
        if row >= 0:
            self.conversationList.setFocus()
            self.conversationList.edit(self.sidebar.model.index(row))

    def _chosen_conversation(self) -> int | None:
        """The chat selected in the list if it has focus, else the one shown."""
        if self.conversationList.hasFocus() and self.sidebar.current_conversation() is not None:
            return self.sidebar.current_conversation()
        return self.controller.session.conversation_id

    @Slot()
    def delete_current(self) -> None:
        conversation_id = self._chosen_conversation()
        conversation = self.controller.library.conversation(conversation_id)
        if conversation is None:
            return
        if self.confirm_delete(conversation.title or self.tr("New chat")):
            self.controller.library.delete(conversation_id)
            self.statusBar().showMessage(self.tr("Chat deleted."), 4000)

    def _ask_delete(self, title: str) -> bool:
        box = plain_message_box(QMessageBox.Warning, self.tr("Delete chat?"),
                                self.tr("Delete the chat “%1” and all its messages? This cannot be undone.")
                                .replace("%1", title), QMessageBox.Cancel, self)
        box.setObjectName("deleteChatDialog")
        delete = box.addButton(self.tr("Delete"), QMessageBox.DestructiveRole)
        box.setDefaultButton(QMessageBox.Cancel)
        box.exec()
        return box.clickedButton() is delete

    def _conversation_menu(self, position) -> None:
        index = self.conversationList.indexAt(position)
        if not index.isValid():
            return
        self.open_conversation(self.sidebar.current_conversation())
        menu = QMenu(self)
        for action in (self.renameAction, self.exportMarkdownAction, self.exportJsonAction, None, self.deleteAction):
            menu.addAction(action) if action else menu.addSeparator()
        menu.popup(self.conversationList.viewport().mapToGlobal(position))

    # --- edit and resend ------------------------------------------------------------------------------

    @Slot(int)
    def begin_edit(self, turn_index: int) -> None:
        turns = self.controller.session.shown.turns
        if self.controller.session.busy or not 0 <= turn_index < len(turns) or not turns[turn_index].prompt:
            return
        self._save_draft()
        self._editing = turn_index
        later = len(turns) - turn_index - 1
        self.editLabel.setText(self.tr("Editing an earlier message. Sending replaces it and everything after it.")
                               if later else self.tr("Editing your last message. Sending replaces it and its answer."))
        self.editBar.show()
        self.promptEdit.setPlainText(turns[turn_index].prompt)
        self.promptEdit.moveCursor(self.promptEdit.textCursor().MoveOperation.End)
        self.promptEdit.setFocus()

    @Slot()
    def cancel_edit(self, keep_text: bool = False) -> None:
        if self._editing is None:
            return
        self._editing = None
        self.editBar.hide()
        if not keep_text:
            self.promptEdit.setPlainText(self.controller.session.shown.draft)

    def _ask_replace(self, later: int) -> bool:
        box = plain_message_box(QMessageBox.Question, self.tr("Replace later messages?"),
                                counted(later, self.tr("Sending replaces this message and everything after it: one "
                                                       "more of your messages and the answers."),
                                        self.tr("Sending replaces this message and everything after it: %1 more of "
                                                "your messages and the answers.")),
                                QMessageBox.Cancel, self)
        box.setObjectName("replaceMessagesDialog")
        replace = box.addButton(self.tr("Replace and send"), QMessageBox.AcceptRole)
        box.setDefaultButton(QMessageBox.Cancel)
        box.exec()
        return box.clickedButton() is replace

    # --- export and import ------------------------------------------------------------------------------

    def _ask_save_path(self, title: str, name: str, file_filter: str) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(self, title, str(Path(QDir.homePath()) / name), file_filter)
        return Path(chosen) if chosen else None

    def _ask_open_path(self, title: str, file_filter: str) -> Path | None:
        chosen, _ = QFileDialog.getOpenFileName(self, title, QDir.homePath(), file_filter)
        return Path(chosen) if chosen else None

    def _file_problem(self, title: str, detail: str) -> None:
        plain_message_box(QMessageBox.Warning, title, detail, QMessageBox.Ok, self).open()

    def export_current(self, kind: str) -> None:
        conversation_id = self._chosen_conversation()
        conversation = self.controller.library.conversation(conversation_id)
        if conversation is None:
            return
        stem = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", conversation.title).strip()[:60] or "chat"
        if kind == "md":
            path = self.choose_save_path(self.tr("Export chat as Markdown"), f"{stem}.md",
                                         self.tr("Markdown (*.md);;All files (*)"))
            write = lambda target: self.controller.library.export_markdown(  # noqa: E731
                conversation_id, target, self.tr("You"), self.tr("Assistant"), self.tr("New chat"))
        else:
            path = self.choose_save_path(self.tr("Export chat as JSON"), f"{stem}.json",
                                         self.tr("JSON (*.json);;All files (*)"))
            write = lambda target: self.controller.library.export_json([conversation_id], target)  # noqa: E731
        self._write_export(path, write)

    def export_all(self) -> None:
        path = self.choose_save_path(self.tr("Export all chats"), "genai-desktop-chats.json",
                                     self.tr("JSON (*.json);;All files (*)"))
        ids = [conversation.id for conversation in self.controller.library.conversations()]
        self._write_export(path, lambda target: self.controller.library.export_json(ids, target))

    def _write_export(self, path: Path | None, write) -> None:
        if path is None:
            return
        try:
            write(path)
        except OSError as error:
            self._file_problem(self.tr("Export failed"), self.tr("The file could not be written: %1")
                               .replace("%1", error.strerror or str(error)))
            return
        self.statusBar().showMessage(self.tr("Exported to %1").replace("%1", str(path)), 8000)

    def import_chats(self) -> None:
        path = self.choose_open_path(self.tr("Import chats"),
                                     self.tr("Chat exports (*.json);;All files (*)"))
        if path is None:
            return
        self.statusBar().showMessage(self.tr("Importing…"))

        def done(count: int) -> None:
            self.statusBar().showMessage(counted(count, self.tr("Imported 1 chat."), self.tr("Imported %1 chats.")),
                                         8000)

        def problem(detail: str) -> None:
            self.statusBar().clearMessage()
            self._file_problem(self.tr("Nothing was imported"), self.tr(
                "This file is not a chat export that GenAI Desktop can read (its own JSON export or "
                "ChatGPT's conversations.json). Nothing was imported.\n\nDetails: %1").replace("%1", detail[:300]))

        def too_large(limit: int) -> None:
            self.statusBar().clearMessage()
            self._file_problem(self.tr("Nothing was imported"), self.tr(
                "This file is too large to import: GenAI Desktop imports files of up to %1 MB.")
                .replace("%1", number_text(limit // (1024 * 1024))))

        self.controller.library.import_file(path, done, problem, too_large)

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

    def _tell_settings_moved_aside(self, path: Path) -> None:
        self.statusBar().showMessage(
            self.tr("The settings file could not be read and was moved to %1. Default settings are in use.")
            .replace("%1", str(path)), 20000)

    @Slot(object)
    def _on_notice(self, notice: object) -> None:
        """A notice from the services, also one from before this window listened (replayed by flush())."""
        if isinstance(notice, SettingsMovedAside):
            # after the start-up status line, which would replace it
            QTimer.singleShot(0, lambda: self._tell_settings_moved_aside(notice.path))
        elif isinstance(notice, HistoryMovedAside):
            self._tell_history_moved_aside(notice.path, notice.salvaged)
        elif isinstance(notice, HistoryNotOpened):
            self._tell_history_not_opened(notice.error)
        elif isinstance(notice, HistoryWriteFailed):
            self._on_history_failed(notice.error)
        elif isinstance(notice, HistoryDamaged):
            self._on_history_damaged()

    # --- controller signals ------------------------------------------------------------------------

    def _note_for(self, turn: Turn) -> str:
        """The app's words under a stored answer that did not end normally."""
        state = turn.state
        if state is MessageState.STOPPED:
            return (self.tr("Stopped. The answer above is incomplete.") if turn.answer.strip()
                    else self.tr("Stopped before the answer began."))
        if state is MessageState.INTERRUPTED:
            return self.tr("The answer was interrupted: the app was closed or the connection ended.")
        if state is MessageState.TRUNCATED:
            return self.tr("The answer ended before it was complete.")
        if state is MessageState.FAILED:
            if turn.error is not None:
                return (self.tr("Answer cut off: %1") if turn.answer.strip()
                        else self.tr("No answer: %1")).replace("%1", error_title(turn.error))
            return self.tr("The answer failed.")
        return ""

    def _usage_text(self, turn: Turn) -> str:
        if turn.tokens is None:
            return ""
        return self.tr("Tokens: %1 (prompt %2, answer %3)").replace("%1", number_text(turn.tokens)).replace(
            "%2", number_text(turn.prompt_tokens or 0)).replace("%3", number_text(turn.completion_tokens or 0))

    def _render_conversation(self, chat: ShownChat) -> None:
        """Rebuild the transcript from the chat's turns (the latest ones of a long chat)."""
        view = self.transcriptView
        view.clear_transcript()
        turns = chat.turns
        first = max(0, len(turns) - self._shown_turns)
        with view.batch():
            if first:
                view.add_earlier_link(first)
            for index in range(first, len(turns)):
                turn = turns[index]
                if turn.prompt:
                    view.add_user_message(turn.prompt, turn.prompt_id, index)
                if index == chat.streaming_index:
                    view.begin_answer(turn.model, turn.answer_id)
                    view.append_answer(turn.answer)
                elif turn.state is not None:
                    view.add_answer(turn.model, turn.answer, self._note_for(turn), self._usage_text(turn),
                                    turn.answer_id)
        view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())  # a chat opens at its end
        self._update_usage(chat.usage_total)

    def _offer_resume(self, turn: Turn, can_retry: bool, can_continue: bool) -> None:
        """The last answer did not end normally: offer Continue and Retry without a fresh error."""
        if not can_retry or turn.state is None:
            return
        if turn.error is not None:
            self.errorBanner.show_error(turn.error, True, can_continue)
        else:
            self.errorBanner.show_notice(self._note_for(turn), self.tr(
                "Continue asks the model to go on from where it stopped; Retry asks for a new answer."),
                can_retry=True, can_continue=can_continue)

    @Slot(object)
    def _on_chat_shown(self, chat: ShownChat) -> None:
        self.cancel_edit(keep_text=True)
        self._draft_timer.stop()
        self.errorBanner.hide()
        self._shown_turns = SHOWN_TURNS
        self._render_conversation(chat)
        self.promptEdit.setPlainText(chat.draft)
        self.promptEdit.moveCursor(self.promptEdit.textCursor().MoveOperation.End)
        self._draft_timer.stop()
        if chat.turns:
            self._offer_resume(chat.turns[-1], chat.can_retry, chat.can_continue)
        self._show_busy_status()
        self.sidebar.select(chat.conversation_id)

    @Slot()
    def _refresh_conversations(self) -> None:
        """The list of chats changed (always also after another chat was shown)."""
        if self.conversationList.state() == QAbstractItemView.EditingState:
            return  # a title being typed is not thrown away: the list is refreshed when the editor closes
        session = self.controller.session
        self.sidebar.model.streaming_id = session.streaming_conversation_id
        self.sidebar.show_conversations(session.conversation_id)
        if self.searchEdit.text().strip():
            self.sidebar.run_search()  # results of deleted or changed chats go
        has_chat = session.conversation_id is not None
        for action in (self.exportMarkdownAction, self.exportJsonAction, self.renameAction, self.deleteAction):
            action.setEnabled(has_chat)

    @Slot()
    def _show_earlier(self) -> None:
        self._shown_turns += SHOWN_TURNS * 4
        self._render_conversation(self.controller.session.shown)
        self.transcriptView.verticalScrollBar().setValue(0)

    def _update_usage(self, total: int | None) -> None:
        self.usageLabel.setText("" if total is None else self.tr("This chat: %1 tokens").replace("%1", number_text(total)))

    def _tell_history_moved_aside(self, moved_aside: Path, salvaged: int) -> None:
        self.errorBanner.show_notice(
            self.tr("The chat history was damaged and could not be read."),
            counted(salvaged, self.tr("1 message could still be read and is in the new history. The damaged "
                                      "file was kept under a new name:"),
                    self.tr("%1 messages could still be read and are in the new history. The damaged file "
                            "was kept under a new name:")) if salvaged else
            self.tr("The damaged file was kept under a new name, and a new, empty history was started. "
                    "The old file:"),
            str(moved_aside))

    def _tell_history_not_opened(self, error: HistoryError) -> None:
        problem = error.problem
        if problem is HistoryProblem.NEWER_SCHEMA:
            title = self.tr("The chat history was saved by a newer version of GenAI Desktop.")
            advice = self.tr("This version does not change it and does not save the chats of this session. "
                             "Please use the newer version of GenAI Desktop.")
        elif problem is HistoryProblem.LINKED:
            title = self.tr("The chat history was not opened: it is a link to another place.")
            advice = self.tr("GenAI Desktop does not follow links in its own folders, so that no one can "
                             "redirect your chats. Chats of this session are not saved. Remove the link, or "
                             "move the file it points to in its place.")
        else:
            title = self.tr("The chat history could not be opened.")
            advice = self.tr("Chats of this session are not saved. Another program may be using the file.")
        self.errorBanner.show_notice(title, advice, error.detail)

    @Slot()
    def _on_history_damaged(self) -> None:
        self.errorBanner.show_notice(
            self.tr("Part of the chat history is damaged."),
            self.tr("Restart GenAI Desktop to repair it: what can still be read is kept, and the damaged file "
                    "is kept as well."))

    @Slot(object)
    def _on_history_failed(self, error: HistoryError) -> None:
        if error.problem is HistoryProblem.DISK_FULL:
            title = self.tr("The chat could not be saved: the disk is full or cannot be written to.")
        elif error.problem is HistoryProblem.LOCKED:
            title = self.tr("The chat could not be saved: the history file is busy.")
        else:
            title = self.tr("The chat could not be saved.")
        advice = self.tr("The messages that could not be saved stay in this window until you close it. "
                         "The app keeps trying to save new messages.")
        if error.problem is HistoryProblem.DISK_FULL:
            advice += " " + self.tr("Free up disk space (or check that the drive is still connected), then keep chatting.")
        self.errorBanner.show_notice(title, advice, error.detail)

    # --- controller signals ------------------------------------------------------------------------

    @Slot(object)
    def _on_answer_started(self, started: AnswerStarted) -> None:
        if started.again:  # retry, regenerate, continue: the last turn is shown anew, streaming
            self._render_conversation(started.chat)
        else:
            turn = started.turn
            self.transcriptView.add_user_message(turn.prompt, turn.prompt_id, started.index)
            self.transcriptView.begin_answer(turn.model, turn.answer_id)
        self.announcer.answer_started()

    @Slot(int, str)
    def _on_answer_text(self, _request_id: int, text: str) -> None:
        self.transcriptView.append_answer(text)
        self.announcer.answer_text(text)

    @Slot(object)
    def _on_answer_finished(self, ended: AnswerEnded) -> None:
        result, turn = ended.result, ended.turn
        note = ""
        if result.cancelled:
            note = self._note_for(turn)
        elif result.finish_reason == "length":
            note = self.tr("The answer was cut off: it reached the length limit.")
        elif result.finish_reason == "content_filter":
            note = self.tr("The answer was stopped by the provider's content filter.")
        elif result.finish_reason not in ("stop", None):
            note = self.tr("The answer ended early (%1).").replace("%1", result.finish_reason)
        answer = self.transcriptView.end_answer(note, self._usage_text(turn))
        self._update_usage(ended.chat.usage_total)
        self.announcer.answer_finished(note or self.tr("Answer complete."), answer)
        if result.cancelled or result.finish_reason != "stop":
            self._offer_resume(turn, ended.chat.can_retry, ended.chat.can_continue)

    @Slot(object)
    def _on_answer_failed(self, ended: AnswerEnded) -> None:
        # The question stays in the transcript, with Retry; the message box stays as the user left
        # it (putting the question back there made it the draft, and Enter asked it twice).
        turn, error = ended.turn, ended.turn.error
        self.transcriptView.end_answer(self._note_for(turn))
        self.errorBanner.show_error(error, can_retry=ended.chat.can_retry, can_continue=ended.chat.can_continue)
        self.announcer.announce(f"{error_title(error)} {error_advice(error)}", assertive=True)
        if error.kind is ErrorKind.NO_KEY:
            self.welcomePanel.show()

    @Slot(object)
    def _on_earlier_answer_kept(self, kept_answer: EarlierAnswerKept) -> None:
        """A new version of the last answer failed, was stopped or cut off: the earlier answer is shown again."""
        why = kept_answer.why
        self._render_conversation(kept_answer.chat)
        kept = self.tr("The earlier answer is kept.")
        if isinstance(why, ChatError):
            self.errorBanner.show_error(why, can_retry=True, note=kept)
            self.announcer.announce(f"{error_title(why)} {error_advice(why)} {kept}", assertive=True)
            if why.kind is ErrorKind.NO_KEY:
                self.welcomePanel.show()
            return
        if why is MessageState.STOPPED:
            title = self.tr("The new answer was stopped before it was complete.")
        else:
            title = self.tr("The new answer was cut off before it was complete.")
        self.errorBanner.show_notice(title, kept, can_retry=True)
        self.announcer.announce(f"{title} {kept}")

    @Slot(bool)
    def _on_busy_changed(self, busy: bool) -> None:
        self.sendButton.setEnabled(not busy)
        self.stopButton.setEnabled(busy)
        for action in (self.regenerateAction, self.continueAction, self.editLastAction):
            action.setEnabled(not busy)
        self._show_busy_status()

    def _show_busy_status(self) -> None:
        busy = self.controller.session.busy
        elsewhere = self.controller.session.streaming_elsewhere
        self.statusBar().showMessage(self.tr("Answering in another chat…") if elsewhere else
                                     self.tr("Answering…") if busy else "", 0 if busy else 1)

    @Slot(object)
    def _show_settings_summary(self, settings: EffectiveSettings) -> None:
        effective = settings.effective
        self.announcer.while_streaming = effective.announce_while_streaming
        self.modelLabel.setText(self.tr("Model: %1").replace("%1", effective.model))
        self.modelLabel.setToolTip(plain_tooltip(without_user_info(effective.base_url)))

    @Slot(object)
    def _on_key_state(self, state: KeyState) -> None:
        self.welcomePanel.setVisible(state.source is KeySource.NONE)

    @Slot()
    def bring_to_front(self) -> None:
        """A second start of the app asked for this window."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    # --- shutdown -----------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if self.transcriptView.streaming:
            self.transcriptView.end_answer()
        self._save_draft()
        self.controller.settings.remember(
            window_geometry=bytes(self.saveGeometry().toBase64()).decode("ascii"),
            sidebar_state=bytes(self.splitter.saveState().toBase64()).decode("ascii"),
            open_conversation=self.controller.session.conversation_id or 0)
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
        rows_height = table.verticalHeader().length() + table.horizontalHeader().height() + 2 * table.frameWidth()
        self.resize(max(520, table.horizontalHeader().length() + 40), rows_height + buttons.sizeHint().height() + 40)
