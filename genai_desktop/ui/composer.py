"""The composer: the message box, Send and Stop, the edit bar of an earlier message, the
chat's draft (saved a moment after typing stops), and the attachments (attachment_tray.py):
the attach button, files dropped or pasted into the box, a pasted picture; and the prompt library
(prompt_library.py), opened by its button, Ctrl+T or "/" typed into the empty box."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QFont, QImage, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame, QHBoxLayout, QPlainTextEdit, QPushButton, QSizePolicy, QToolButton, QVBoxLayout, QWidget,
)

from ..core.conversation import UserMessage
from ..qt.controller import ChatController
from .attachment_tray import AttachmentTray, local_files
from .messages import plain_label
from .questions import Questions
from .window_actions import ATTACH_SHORTCUT, TEMPLATES_SHORTCUT, icon

DRAFT_SAVE_DELAY_MS = 400


def pasted_picture(mime: QMimeData) -> QImage | None:
    """A copied picture, not text: a word processor copies text with a picture of it, and that is text."""
    if mime.hasImage() and not (mime.hasText() and mime.text().strip()):
        image = mime.imageData()
        if isinstance(image, QImage) and not image.isNull():
            return image
    return None


class PromptEdit(QPlainTextEdit):
    """Enter sends, Shift+Enter starts a new line. Files dropped or pasted into it, and a pasted
    picture, are attached instead of written into the text."""

    submitted = Signal()
    typed = Signal()  # the user typed (not a draft put back by the app)
    filesGiven = Signal(list)  # local file paths dropped or pasted
    pictureGiven = Signal(QImage)  # a picture pasted
    libraryRequested = Signal()  # "/" typed into the empty box: the prompt library, as chat apps do

    def canInsertFromMimeData(self, source: QMimeData) -> bool:  # noqa: N802 - Qt API
        return bool(local_files(source)) or pasted_picture(source) is not None or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802 - Qt API
        files = local_files(source)
        if files:
            self.filesGiven.emit(files)
            return
        picture = pasted_picture(source)
        if picture is not None:
            self.pictureGiven.emit(picture)
            return
        super().insertFromMimeData(source)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key_Return, Qt.Key_Enter) and not event.modifiers() & (
                Qt.ShiftModifier | Qt.ControlModifier | Qt.AltModifier):
            self.submitted.emit()
            return
        if event.text() == "/" and self.document().isEmpty() and not event.modifiers() & (
                Qt.ControlModifier | Qt.AltModifier):
            self.libraryRequested.emit()
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
        self._parts_before_edit: tuple = ()  # what was attached to the new message when an edit began
        self.attachButton = QToolButton()
        self.attachButton.setObjectName("attachButton")
        self.attachButton.setIcon(icon("attach"))
        self.attachButton.setIconSize(QSize(24, 24))
        self.attachButton.setAutoRaise(True)
        self.attachButton.setAccessibleName(self.tr("Attach files"))
        self.attachButton.setAccessibleDescription(self.tr("Attach documents or pictures to the message"))
        self.attachButton.setToolTip(self.tr("Attach documents or pictures (%1)")
                                     .replace("%1", QKeySequence(ATTACH_SHORTCUT).toString(QKeySequence.NativeText)))
        self.attachButton.setFocusPolicy(Qt.StrongFocus)
        self._attach_shortcut = QShortcut(ATTACH_SHORTCUT, self, activated=self.choose_attachments)
        self.templatesButton = QToolButton()
        self.templatesButton.setObjectName("templatesButton")
        self.templatesButton.setIcon(icon("templates"))
        self.templatesButton.setIconSize(QSize(24, 24))
        self.templatesButton.setAutoRaise(True)
        self.templatesButton.setAccessibleName(self.tr("Prompt templates"))
        self.templatesButton.setAccessibleDescription(self.tr("Choose a prepared prompt and fill in its blanks"))
        self.templatesButton.setToolTip(self.tr("Prompt templates (%1, or / in an empty message)").replace(
            "%1", QKeySequence(TEMPLATES_SHORTCUT).toString(QKeySequence.NativeText)))
        self.templatesButton.setFocusPolicy(Qt.StrongFocus)
        self.promptLibrary = None  # the library while it is open
        self.attachments = AttachmentTray(controller, questions)
        self.attachments.focus_before, self.attachments.focus_after = self.attachButton, self.promptEdit

        buttons = QVBoxLayout()
        buttons.addWidget(self.sendButton)
        buttons.addWidget(self.stopButton)
        side_buttons = QVBoxLayout()
        side_buttons.addWidget(self.attachButton)
        side_buttons.addWidget(self.templatesButton)
        side_buttons.addStretch()
        input_row = QHBoxLayout()
        input_row.addLayout(side_buttons)
        input_row.addWidget(self.promptEdit, 1)
        input_row.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.editBar)
        layout.addWidget(self.attachments)
        layout.addLayout(input_row)
        QWidget.setTabOrder(self.templatesButton, self.attachButton)  # then the chips, then the message box
        QWidget.setTabOrder(self.attachButton, self.promptEdit)
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
        self.attachButton.clicked.connect(self.choose_attachments)
        self.templatesButton.clicked.connect(lambda: self.open_templates())
        self.promptEdit.libraryRequested.connect(lambda: self.open_templates(typed_slash=True))
        self.promptEdit.filesGiven.connect(self.attachments.add_files)
        self.promptEdit.pictureGiven.connect(self.attachments.add_pasted_image)
        self.attachments.changed.connect(self.update_estimate)

    def set_font(self, font: QFont) -> None:
        """The text size of the message box: four lines high at any size."""
        self.promptEdit.setFont(font)
        self.promptEdit.setFixedHeight(self.promptEdit.fontMetrics().lineSpacing() * 4 + 16)

    # --- sending ------------------------------------------------------------------------------

    def _earlier_turns(self) -> tuple:
        """The turns the message goes after: all of the chat's, or those before the one being edited."""
        turns = self.controller.session.shown.turns
        return turns if self._editing is None else turns[:self._editing]

    @Slot()
    def update_estimate(self) -> None:
        """What depends on the attachments, the chat's turns and its model, anew: the estimate (called when
        any of them changes: an attachment read or removed, another chat or model, the settings, typing)."""
        self.attachments.update_estimate(self.promptEdit.toPlainText(), self._earlier_turns())

    @Slot()
    def send(self) -> None:
        prompt = self.promptEdit.toPlainText()
        session = self.controller.session
        if session.busy or not (prompt.strip() or self.attachments.chips):
            return
        if not self.attachments.check_before_send(prompt, self._earlier_turns()):
            return  # the tray says why (still reading, a file gone or changed, too long for the model)
        if self._editing is not None:
            later = len(session.shown.turns) - self._editing - 1
            if later > 0 and not self.questions.confirm_replace(later):
                return
        message = UserMessage(prompt, self.attachments.parts)
        self.aboutToSend.emit()
        if self._editing is not None:
            sent = session.resend_from(self._editing, message)
        else:
            sent = session.send(message)
        if sent and self._editing is not None:
            self.cancel_edit()  # the chat's own draft comes back into the box, and what was attached to it
        elif sent:
            self.promptEdit.clear()
            self.attachments.clear()

    @Slot()
    def choose_attachments(self) -> None:
        self.attachments.add_files(str(path) for path in self.questions.choose_attachments())

    # --- the prompt library -------------------------------------------------------------------

    def open_templates(self, typed_slash: bool = False) -> None:
        """The library, window-modal; its filled text goes where the cursor is (over the selection, which fills
        the template's text field). Opened by a typed "/", cancelling gives the "/" back with what was typed
        into the search, so a message can still begin with one."""
        from .prompt_library import PromptLibrary

        if self.promptLibrary is not None:
            self.promptLibrary.raise_()
            return
        selected = self.promptEdit.textCursor().selectedText().replace("\u2029", "\n")  # Qt's paragraph mark
        library = PromptLibrary(self.controller.settings, self.window(), given=selected)
        library.setAttribute(Qt.WA_DeleteOnClose)
        library.filled.connect(self.put_text)
        if typed_slash:
            library.declined.connect(lambda typed: self.put_text("/" + typed, False))
        library.finished.connect(self._templates_closed)
        self.promptLibrary = library
        library.open()

    @Slot(int)
    def _templates_closed(self, _result: int) -> None:
        self.promptLibrary = None
        self.promptEdit.setFocus()

    @Slot(str, bool)
    def put_text(self, text: str, over_selection: bool = True) -> None:
        """Text into the message box at the cursor (over what is selected, or after it); sending stays the
        user's step."""
        cursor = self.promptEdit.textCursor()
        if not over_selection:
            cursor.setPosition(cursor.selectionEnd())
        cursor.insertText(text)
        self.promptEdit.setTextCursor(cursor)
        self.promptEdit.setFocus()

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
        self.update_estimate()
        if self._editing is None:  # the text of an edit is not the chat's draft
            self.controller.session.save_draft(self.promptEdit.toPlainText())

    def show_draft(self, draft: str) -> None:
        """Another chat is shown: its draft comes into the box (an edit in progress ends)."""
        self.cancel_edit(keep_text=True)
        self._draft_timer.stop()
        self.promptEdit.setPlainText(draft)
        self.promptEdit.moveCursor(self.promptEdit.textCursor().MoveOperation.End)
        self._draft_timer.stop()
        self.update_estimate()  # another chat: other turns before the message

    # --- edit and resend ----------------------------------------------------------------------

    @Slot(int)
    def begin_edit(self, turn_index: int) -> None:
        turns = self.controller.session.shown.turns
        if self.controller.session.busy or not 0 <= turn_index < len(turns) or turns[turn_index].message.empty:
            return
        self.save_draft()
        if self._editing is None:  # they come back when the edit ends
            self._parts_before_edit = self.attachments.parts
        self._editing = turn_index
        later = len(turns) - turn_index - 1
        self.editLabel.setText(self.tr("Editing an earlier message. Sending replaces it and everything after it.")
                               if later else self.tr("Editing your last message. Sending replaces it and its answer."))
        self.editBar.show()
        self.attachments.set_parts(turns[turn_index].message.parts)
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
        self.attachments.set_parts(self._parts_before_edit)  # what was attached to the new message
        self._parts_before_edit = ()
        if not keep_text:
            self.promptEdit.setPlainText(self.controller.session.shown.draft)
