"""The composer: the message box, Send and Stop, the edit bar of an earlier message, and the
chat's draft (saved a moment after typing stops). Attachments are to come here next."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPlainTextEdit, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from ..core.conversation import UserMessage
from ..qt.controller import ChatController
from .messages import plain_label
from .questions import Questions
from .window_actions import icon

DRAFT_SAVE_DELAY_MS = 400


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


class Composer(QWidget):
    aboutToSend = Signal()  # before the session is asked: saving the prompt may show a notice of its own

    def __init__(self, controller: ChatController, questions: Questions, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("composer")
        self.controller = controller
        self.questions = questions
        self.promptEdit = PromptEdit()
        self.promptEdit.setObjectName("promptEdit")
        self.promptEdit.setAccessibleName(self.tr("Message"))
        self.promptEdit.setAccessibleDescription(self.tr("Type your message. Enter sends, Shift+Enter starts a new line."))
        self.promptEdit.setPlaceholderText(self.tr("Type a message — Enter sends, Shift+Enter adds a line"))
        self.promptEdit.setTabChangesFocus(True)
        self.sendButton = QPushButton(icon("send"), self.tr("Send"))
        self.sendButton.setObjectName("sendButton")
        self.sendButton.setAccessibleName(self.tr("Send"))
        self.sendButton.setToolTip(self.tr("Send the message (Enter)"))
        self.stopButton = QPushButton(icon("stop"), self.tr("Stop"))
        self.stopButton.setObjectName("stopButton")
        self.stopButton.setAccessibleName(self.tr("Stop"))
        self.stopButton.setToolTip(self.tr("Stop the answer (Esc)"))
        self.stopButton.setEnabled(False)
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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.editBar)
        layout.addLayout(input_row)
        self.set_font(self.promptEdit.font())

        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_SAVE_DELAY_MS)
        self._draft_timer.timeout.connect(self.save_draft)
        self.promptEdit.textChanged.connect(self._draft_timer.start)
        self.promptEdit.submitted.connect(self.send)
        self.sendButton.clicked.connect(self.send)
        self.stopButton.clicked.connect(self.stop)
        self.cancelEditButton.clicked.connect(self.cancel_edit)

    def set_font(self, font: QFont) -> None:
        """The text size of the message box: four lines high at any size."""
        self.promptEdit.setFont(font)
        self.promptEdit.setFixedHeight(self.promptEdit.fontMetrics().lineSpacing() * 4 + 16)

    # --- sending ------------------------------------------------------------------------------

    @Slot()
    def send(self) -> None:
        prompt = self.promptEdit.toPlainText()
        session = self.controller.session
        if not prompt.strip() or session.busy:
            return
        if self._editing is not None:
            later = len(session.shown.turns) - self._editing - 1
            if later > 0 and not self.questions.confirm_replace(later):
                return
        self.aboutToSend.emit()
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

    @Slot(bool)
    def set_busy(self, busy: bool) -> None:
        self.sendButton.setEnabled(not busy)
        self.stopButton.setEnabled(busy)

    # --- drafts -------------------------------------------------------------------------------

    @Slot()
    def save_draft(self) -> None:
        self._draft_timer.stop()
        if self._editing is None:  # the text of an edit is not the chat's draft
            self.controller.session.save_draft(self.promptEdit.toPlainText())

    def show_draft(self, draft: str) -> None:
        """Another chat is shown: its draft comes into the box (an edit in progress ends)."""
        self.cancel_edit(keep_text=True)
        self._draft_timer.stop()
        self.promptEdit.setPlainText(draft)
        self.promptEdit.moveCursor(self.promptEdit.textCursor().MoveOperation.End)
        self._draft_timer.stop()

    # --- edit and resend ----------------------------------------------------------------------

    @Slot(int)
    def begin_edit(self, turn_index: int) -> None:
        turns = self.controller.session.shown.turns
        if self.controller.session.busy or not 0 <= turn_index < len(turns) or not turns[turn_index].prompt:
            return
        self.save_draft()
        self._editing = turn_index
        later = len(turns) - turn_index - 1
        self.editLabel.setText(self.tr("Editing an earlier message. Sending replaces it and everything after it.")
                               if later else self.tr("Editing your last message. Sending replaces it and its answer."))
        self.editBar.show()
        self.promptEdit.setPlainText(turns[turn_index].prompt)
        self.promptEdit.moveCursor(self.promptEdit.textCursor().MoveOperation.End)
        self.promptEdit.setFocus()

    @Slot()
    def begin_edit_last(self) -> None:
        self.begin_edit(len(self.controller.session.shown.turns) - 1)

    @Slot()
    def cancel_edit(self, keep_text: bool = False) -> None:
        if self._editing is None:
            return
        self._editing = None
        self.editBar.hide()
        if not keep_text:
            self.promptEdit.setPlainText(self.controller.session.shown.draft)
