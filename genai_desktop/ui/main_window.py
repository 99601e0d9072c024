"""The main window: builds its parts and wires them in one place (_connect_signals), and keeps
its size and place. What each part does lives in its own module:

- window_actions.py: actions, menus, toolbar, keyboard shortcuts, About
- chat_pane.py: the transcript, the banner (banner.py), the welcome, the chat's status labels
- composer.py: the message box, Send and Stop, editing an earlier message, drafts; its attachments
  in attachment_tray.py (chips: attachment_chips.py), files dropped onto the window too
- model_picker.py: the chat's model, above its messages; assistant_picker.py: its assistant beside it
- chat_list.py: the list of chats (rename, delete, context menu); the list widget is sidebar.py
- transfer_dialogs.py: export and import
- course_import.py: course packages (import with its preview, a dropped one, export, remove)
- questions.py: the questions asked (delete? replace? which file?)
- text_size.py: larger and smaller text
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, QTimer, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMainWindow, QSplitter, QWidget

from .. import APP_NAME
from ..core.course_content import COURSE_PACKAGE_SUFFIX
from ..qt.controller import ChatController
from ..qt.notices import (
    HistoryDamaged, HistoryMovedAside, HistoryNotOpened, HistoryWriteFailed, SettingsMovedAside,
)
from ..qt.session import ShownChat
from .chat_list import ChatList
from .chat_pane import SHOWN_TURNS, ChatPane  # noqa: F401 - SHOWN_TURNS: the history benchmark reads it here
from .attachment_tray import FileDrops
from .composer import Composer
from .course_import import CourseImport
from .first_paint import after_first_paint
from .messages import settings_moved_aside_text
from .assistant_picker import AssistantPicker
from .model_picker import ModelPicker
from .questions import Questions
from .sidebar import Sidebar
from .text_size import TextSize
from .transfer_dialogs import TransferDialogs
from .window_actions import WindowActions

if TYPE_CHECKING:
    from .settings_dialog import SettingsDialog


def _answer_of_questions(name: str) -> property:
    """window.confirm_delete etc.: the Questions instance's, so that assigning one here replaces it there."""
    return property(lambda window: getattr(window.questions, name),
                    lambda window, answer: setattr(window.questions, name, answer))


class MainWindow(QMainWindow):
    # Replaceable in tests and by embedders; the defaults ask the user.
    confirm_delete = _answer_of_questions("confirm_delete")
    confirm_replace = _answer_of_questions("confirm_replace")
    choose_save_path = _answer_of_questions("choose_save_path")
    choose_open_path = _answer_of_questions("choose_open_path")
    choose_attachments = _answer_of_questions("choose_attachments")
    ask_context_size = _answer_of_questions("ask_context_size")

    def __init__(self, controller: ChatController):
        super().__init__()
        self.controller = controller
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_NAME)
        self.resize(900, 700)
        self._settings_dialog: SettingsDialog | None = None

        self.questions = Questions(self)
        self.windowActions = WindowActions(self)
        for action in self.windowActions.all():  # window.newChatAction etc., as before the parts had modules
            setattr(self, action.objectName(), action)
        self.chatPane = ChatPane(controller)
        self.composer = Composer(controller, self.questions)
        self.chatPane.add_below(self.composer)
        self.fileDrops = FileDrops(self, self.composer.attachments)  # files dropped anywhere on the window
        self.courseImport = CourseImport(controller, self.questions, self)  # after fileDrops: sees a course first
        self.modelPicker = ModelPicker(controller)
        self.chatPane.add_above(self.modelPicker)
        self.assistantPicker = AssistantPicker(controller)
        self.modelPicker.add_beside(self.assistantPicker)
        self.sidebar = Sidebar(controller.library.conversations, controller.library.search)
        self.chatList = ChatList(controller, self.sidebar, self.questions, self.windowActions, self)
        self.transfer = TransferDialogs(controller, self.questions, self.chatList.chosen_conversation, self)
        self.textSize = TextSize(controller, self.chatPane.transcriptView, self.composer, self)
        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.chatPane)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([240, 660])
        self.setCentralWidget(self.splitter)
        self.statusBar().addPermanentWidget(self.chatPane.usageLabel)
        self.statusBar().addPermanentWidget(self.chatPane.modelLabel)
        # The status bar puts its items 2 px apart: "78 tokens Model: …" read as one phrase.
        self.chatPane.modelLabel.setContentsMargins(self.fontMetrics().horizontalAdvance("M") * 2, 0, 0, 0)

        # The children tests and embedders address on the window (the same objects, not copies).
        self.welcomePanel = self.chatPane.welcomePanel
        self.transcriptView = self.chatPane.transcriptView
        self.errorBanner = self.chatPane.errorBanner
        self.announcer = self.chatPane.announcer
        self.waitingIndicator = self.chatPane.waitingIndicator
        self.usageLabel, self.modelLabel = self.chatPane.usageLabel, self.chatPane.modelLabel
        self.promptEdit, self.sendButton, self.stopButton = (self.composer.promptEdit, self.composer.sendButton,
                                                             self.composer.stopButton)
        self.editBar, self.editLabel = self.composer.editBar, self.composer.editLabel
        self.cancelEditButton = self.composer.cancelEditButton
        self.attachButton, self.attachmentTray = self.composer.attachButton, self.composer.attachments
        self.chatModelCombo = self.modelPicker.combo
        self.chatAssistantCombo = self.assistantPicker.combo
        self.conversationList, self.searchEdit = self.sidebar.conversationList, self.sidebar.searchEdit
        self.send, self.stop, self.begin_edit = self.composer.send, self.composer.stop, self.composer.begin_edit
        self.regenerate, self.retry = self.chatPane.regenerate, self.chatPane.retry
        self.continue_answer = self.chatPane.continue_answer
        self.step_version = self.chatPane.step_version
        self.export_current = self.transfer.export_current
        self.font_point_size = self.textSize.point_size

        new_chat_button = self.windowActions.toolbar_button(self.newChatAction)
        settings_button = self.windowActions.toolbar_button(self.settingsAction)
        for first, second in ((self.promptEdit, self.sendButton), (self.sendButton, self.stopButton),
                              (self.stopButton, self.chatModelCombo), (self.chatModelCombo, self.chatAssistantCombo),
                              (self.chatAssistantCombo, self.transcriptView),
                              (self.transcriptView, new_chat_button),
                              (new_chat_button, settings_button), (settings_button, self.searchEdit),
                              (self.searchEdit, self.conversationList)):
            QWidget.setTabOrder(first, second)
        self._restore_window_state(controller.settings.current.effective)
        self._connect_signals()

        self.chatPane.show_settings_summary(controller.settings.current)
        self._on_chat_shown(controller.session.shown)
        self.chatList.refresh()
        controller.notices.flush()  # what happened before this window listened
        # The keyring's first lookup imports its D-Bus backend (0.1 s of the GIL): once the window is up.
        after_first_paint(self, controller.settings.refresh_key_state)
        self.promptEdit.setFocus()

    def _connect_signals(self) -> None:
        actions, pane, composer, chats, transfer = (self.windowActions, self.chatPane, self.composer, self.chatList,
                                                    self.transfer)
        controller = self.controller
        # menus and toolbar
        actions.settingsAction.triggered.connect(self.open_settings)
        actions.newChatAction.triggered.connect(self.new_chat)
        actions.quitAction.triggered.connect(self.close)
        actions.zoomInAction.triggered.connect(lambda: self.textSize.change(+1))
        actions.zoomOutAction.triggered.connect(lambda: self.textSize.change(-1))
        actions.zoomResetAction.triggered.connect(lambda: self.textSize.change(0))
        actions.shortcutsAction.triggered.connect(actions.show_shortcuts)
        actions.aboutAction.triggered.connect(actions.show_about)
        actions.searchAction.triggered.connect(chats.focus_search)
        actions.renameAction.triggered.connect(chats.rename_current)
        actions.deleteAction.triggered.connect(chats.delete_current)
        actions.regenerateAction.triggered.connect(pane.regenerate)
        actions.continueAction.triggered.connect(pane.continue_answer)
        actions.editLastAction.triggered.connect(composer.begin_edit_last)
        actions.templatesAction.triggered.connect(lambda: composer.open_templates())
        actions.exportMarkdownAction.triggered.connect(lambda: transfer.export_current("md"))
        actions.exportJsonAction.triggered.connect(lambda: transfer.export_current("json"))
        actions.exportAllAction.triggered.connect(transfer.export_all)
        actions.importAction.triggered.connect(transfer.import_chats)
        actions.importCourseAction.triggered.connect(self.courseImport.choose_and_import)
        actions.exportCourseAction.triggered.connect(self.courseImport.export)
        actions.removeCourseAction.triggered.connect(self.courseImport.remove)
        # the parts with one another
        pane.settingsRequested.connect(self.open_settings)
        pane.transcriptView.editRequested.connect(composer.begin_edit)
        pane.transcriptView.message_actions.set_regenerate_action(actions.regenerateAction)  # the same action
        composer.aboutToSend.connect(pane.errorBanner.hide)  # first: saving the prompt may show a notice of its own
        composer.attachments.told.connect(lambda text: pane.announcer.announce(text, assertive=True))
        self.modelPicker.modelChosen.connect(pane.show_model)
        self.modelPicker.modelChosen.connect(lambda _model: composer.update_estimate())  # another context size
        controller.settings.changed.connect(lambda _settings: composer.update_estimate())
        self.assistantPicker.assistantChosen.connect(lambda _id: composer.update_estimate())  # another system prompt
        chats.openRequested.connect(self.open_conversation)
        self.sidebar.conversationChosen.connect(self.open_conversation)
        self.sidebar.searchHitChosen.connect(self.open_search_hit)
        # the status bar
        for part in (pane, chats, transfer, self.textSize, self.modelPicker):
            part.statusMessage.connect(self.statusBar().showMessage)
        # the services: the chat shown and its answers, settings and key, the list of chats, notices
        session = controller.session
        session.answerStarted.connect(pane.on_answer_started)
        session.answerText.connect(pane.on_answer_text)
        session.answerThinking.connect(pane.on_answer_thinking)
        session.answerRetrying.connect(pane.on_answer_retrying)
        session.contextMayBeCut.connect(pane.on_context_may_be_cut)
        session.answerFinished.connect(pane.on_answer_finished)
        session.answerFailed.connect(pane.on_answer_failed)
        session.earlierAnswerKept.connect(pane.on_earlier_answer_kept)
        session.versionShown.connect(pane.on_version_shown)
        session.busyChanged.connect(self._on_busy_changed)
        session.chatShown.connect(self._on_chat_shown)
        controller.settings.changed.connect(pane.show_settings_summary)
        controller.settings.changed.connect(self.modelPicker.on_settings_changed)
        controller.settings.changed.connect(self.assistantPicker.on_settings_changed)
        session.chatShown.connect(self.assistantPicker.show_chat)
        controller.models.changed.connect(self.modelPicker.show_list)
        controller.settings.keyStateChanged.connect(pane.on_key_state)
        controller.library.changed.connect(chats.refresh)
        controller.notices.posted.connect(self._on_notice)  # the history's too: failed writes, damage

    # --- what needs more than one part ----------------------------------------------------------

    @Slot()
    def new_chat(self) -> None:
        self.open_conversation(None)
        self.promptEdit.setFocus()

    def open_conversation(self, conversation_id: int | None) -> None:
        """Show a chat; the draft of the one left is saved first."""
        self.composer.save_draft()
        if conversation_id is None or conversation_id != self.controller.session.conversation_id:
            self.controller.session.open(conversation_id)

    def import_course_package(self, path: Path) -> None:
        """Import a .genai-course file (menu, drop, a file argument): refused with the reason, or previewed first."""
        self.courseImport.import_path(Path(path))

    def open_file(self, path: Path) -> None:
        """A file the app was asked to open (its command line, also a second start's): the one place
        that routes it by its type. A course package is imported, any other file attached to the
        message being written (which says itself when a file cannot be read)."""
        path = Path(path)
        if path.suffix.lower() == COURSE_PACKAGE_SUFFIX:
            self.import_course_package(path)
        else:
            self.composer.attachments.add_files([str(path)])

    def open_search_hit(self, conversation_id: int, message_id: int, words: str) -> None:
        self.open_conversation(conversation_id)
        self.chatPane.jump_to(message_id, words)

    @Slot(object)
    def _on_chat_shown(self, chat: ShownChat) -> None:
        self.composer.show_draft(chat.draft)
        self.modelPicker.show_chat(chat)
        self.chatPane.on_chat_shown(chat)
        self.sidebar.select(chat.conversation_id)

    @Slot(bool)
    def _on_busy_changed(self, busy: bool) -> None:
        self.composer.set_busy(busy)
        for action in self.windowActions.answer_actions:
            action.setEnabled(not busy)
        self.chatPane.on_busy_changed(busy)

    @Slot()
    def open_settings(self) -> None:
        if self._settings_dialog is not None:
            self._settings_dialog.raise_()
            self._settings_dialog.activateWindow()
            return
        from .settings_dialog import SettingsDialog  # 10 ms of imports: on the first opening, not at start

        dialog = SettingsDialog(self.controller, self)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.finished.connect(self._settings_closed)
        self._settings_dialog = dialog
        dialog.open()

    @Slot(int)
    def _settings_closed(self, _result: int) -> None:
        self._settings_dialog = None
        self.promptEdit.setFocus()

    def _tell_settings_moved_aside(self, path: Path) -> None:
        self.statusBar().showMessage(settings_moved_aside_text(str(path)), 20000)

    @Slot(object)
    def _on_notice(self, notice: object) -> None:
        """A notice from the services, also one from before this window listened (replayed by flush())."""
        pane = self.chatPane
        if isinstance(notice, SettingsMovedAside):
            # after the start-up status line, which would replace it
            QTimer.singleShot(0, lambda: self._tell_settings_moved_aside(notice.path))
        elif isinstance(notice, HistoryMovedAside):
            pane.tell_history_moved_aside(notice.path, notice.salvaged)
        elif isinstance(notice, HistoryNotOpened):
            pane.tell_history_not_opened(notice.error)
        elif isinstance(notice, HistoryWriteFailed):
            pane.on_history_failed(notice.error)
        elif isinstance(notice, HistoryDamaged):
            pane.on_history_damaged()

    # --- window state: restore, bring to front, close ---------------------------------------------

    def _restore_window_state(self, settings) -> None:
        if settings.window_geometry:
            self.restoreGeometry(QByteArray.fromBase64(settings.window_geometry.encode("ascii")))
        if settings.sidebar_state:
            self.splitter.restoreState(QByteArray.fromBase64(settings.sidebar_state.encode("ascii")))
        self.textSize.apply(settings.font_point_size)

    @Slot()
    def bring_to_front(self) -> None:
        """A second start of the app asked for this window."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if self.transcriptView.streaming:
            self.transcriptView.end_answer()
        self.composer.save_draft()
        self.composer.attachments.jobs.cancel_all()
        self.controller.settings.remember(
            window_geometry=bytes(self.saveGeometry().toBase64()).decode("ascii"),
            sidebar_state=bytes(self.splitter.saveState().toBase64()).decode("ascii"),
            open_conversation=self.controller.session.conversation_id or 0)
        self.controller.shutdown()
        super().closeEvent(event)
