"""The attachments of the message being written: their chips above the message box, the files
being read (off the GUI thread, with progress and Cancel), the refusals (naming the file and
what to do), and the estimate of what the request will cost against the model's context size.

Files come from the attach button's dialog, a drop (FileDrops: onto the window or the message
box) or a paste; each is read by its reader: a picture by ui.picture_prep (Qt decodes it), any
other file by core.documents (through qt.attachment_jobs), which refuses what it does not read.
Nothing is read on the GUI thread, and nothing goes before sending without the check that its
file is still there and unchanged, and that the request fits the model.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from PySide6.QtCore import QCoreApplication, QEvent, QMimeData, QObject, Qt, Signal, Slot
from PySide6.QtGui import QImage, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QScrollArea, QToolButton, QVBoxLayout, QWidget

from ..core.assistants import chat_assistant
from ..core.attachments import Attachment, AttachmentKind, AttachmentRefused, RefusalKind, base_name, check_source
from ..core.context_sizes import SizeSource, context_size, with_user_size
from ..core.conversation import Turn, UserMessage, request_tokens
from ..qt.attachment_jobs import AttachmentJobs, read_document
from ..qt.controller import ChatController
from .attachment_chips import THUMBNAIL_SIDE, AttachmentChip, refusal_text
from .flow_layout import FlowLayout
from .messages import number_text, plain_label
from .picture_support import picture_warning
from .questions import Questions

translate = QCoreApplication.translate
NOTICES_SHOWN = 5  # the latest refusals (one per file); older ones give way
# A problem reads in light and dark alike: the text in the palette's colour on a red tint (as the error banner).
PROBLEM_STYLE = "QLabel { background: rgba(179, 38, 30, 0.14); border: 1px solid #b3261e; border-radius: 4px; padding: 3px; }"
CHIP_ROWS_SHOWN = 2  # rows of chips shown at most above the message box; more scroll


def picture_prep():
    """ui.picture_prep, imported on the first picture."""
    from . import picture_prep as module

    return module


def local_files(mime: QMimeData) -> list[str]:
    """The local files a drop or a paste carries (a copied file in a file manager is its URL)."""
    if not mime.hasUrls():
        return []
    return [url.toLocalFile() for url in mime.urls() if url.isLocalFile() and url.toLocalFile()]


class FileDrops(QObject):
    """Files dropped onto a widget (the main window: anywhere its children pass a drop on) are attached."""

    def __init__(self, widget: QWidget, tray: "AttachmentTray"):
        super().__init__(widget)
        self._tray = tray
        widget.setAcceptDrops(True)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() in (QEvent.DragEnter, QEvent.DragMove) and local_files(event.mimeData()):
            event.acceptProposedAction()
            return True
        if event.type() == QEvent.Drop and local_files(event.mimeData()):
            event.acceptProposedAction()
            self._tray.add_files(local_files(event.mimeData()))
            return True
        return False


class AttachmentTray(QWidget):
    changed = Signal()  # an attachment was added, read or removed
    told = Signal(str)  # a problem the user is told (for screen readers too)

    def __init__(self, controller: ChatController, questions: Questions, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("attachmentTray")
        self.controller = controller
        self.questions = questions
        self.jobs = AttachmentJobs(self)
        self.jobs.progressed.connect(self._on_progress)
        self.jobs.done.connect(self._on_read)
        self.jobs.refused.connect(self._on_refused)
        self.jobs.cancelled.connect(self._on_cancelled)
        self._chips: list[AttachmentChip] = []
        self._notices: list[str] = []
        self.focus_before: QWidget | None = None  # the chips come after it in the Tab order (the attach button)
        self.focus_after: QWidget | None = None  # where focus goes when the last chip is removed (the message box)

        row_widget = QWidget()
        self._row = FlowLayout(row_widget)
        self.chipsArea = QScrollArea()
        self.chipsArea.setObjectName("attachmentChips")
        self.chipsArea.setAccessibleName(translate("Attachments", "Attachments"))
        self.chipsArea.setWidget(row_widget)
        self.chipsArea.setWidgetResizable(True)
        self.chipsArea.setFrameShape(QScrollArea.NoFrame)
        self.chipsArea.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.chipsArea.setFocusPolicy(Qt.NoFocus)
        self.noticeLabel = plain_label(object_name="attachmentNotice")
        self.noticeLabel.setStyleSheet(PROBLEM_STYLE)
        self.noticeLabel.setAccessibleName(translate("Attachments", "Attachment problems"))
        self.dismissNoticeButton = QToolButton()
        self.dismissNoticeButton.setObjectName("dismissAttachmentNoticeButton")
        self.dismissNoticeButton.setText("×")
        self.dismissNoticeButton.setAutoRaise(True)
        self.dismissNoticeButton.setAccessibleName(translate("Attachments", "Dismiss"))
        self.modelWarningLabel = plain_label(object_name="attachmentModelWarning")  # set_model_warning()
        self.modelWarningLabel.setStyleSheet(PROBLEM_STYLE)
        self.modelWarningLabel.hide()
        self.estimateLabel = plain_label(object_name="attachmentEstimate")
        self.estimateLabel.setAccessibleName(translate("Attachments", "Estimated size of the message"))
        self.contextSizeButton = QPushButton(translate("Attachments", "Context size…"))
        self.contextSizeButton.setObjectName("contextSizeButton")
        self.contextSizeButton.setAccessibleName(translate("Attachments", "Context size of this model"))
        self.contextSizeButton.setAccessibleDescription(
            translate("Attachments", "How many tokens this model can take: set it if the app does not know it"))
        self.over_limit = False

        notice_row = QHBoxLayout()
        notice_row.addWidget(self.noticeLabel, 1)
        notice_row.addWidget(self.dismissNoticeButton, 0, Qt.AlignTop)
        estimate_row = QHBoxLayout()
        estimate_row.addWidget(self.estimateLabel, 1)
        estimate_row.addWidget(self.contextSizeButton)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.chipsArea)
        layout.addLayout(notice_row)
        layout.addWidget(self.modelWarningLabel)
        layout.addLayout(estimate_row)
        self.dismissNoticeButton.clicked.connect(self.clear_notices)
        self.contextSizeButton.clicked.connect(self.ask_context_size)
        self._show_parts()

    # --- what is attached -----------------------------------------------------------------------

    @property
    def parts(self) -> tuple[Attachment, ...]:
        return tuple(chip.attachment for chip in self._chips if chip.attachment is not None)

    @property
    def reading(self) -> tuple[str, ...]:
        """The names of the files still being read."""
        return tuple(chip.name for chip in self._chips if chip.reading)

    @property
    def chips(self) -> tuple[AttachmentChip, ...]:
        return tuple(self._chips)

    @property
    def has_pictures(self) -> bool:
        return any(attachment.kind is AttachmentKind.PICTURE for attachment in self.parts)

    def add_files(self, paths: Iterable[str]) -> None:
        for path in paths:
            path = str(path)
            chip = self._add_chip(base_name(path))
            chip.job_id = self.jobs.start(chip.name, self._file_job(path))

    def add_pasted_image(self, image: QImage) -> None:
        prep = picture_prep()
        image = image.copy()  # the clipboard's may change while the copy is encoded
        chip = self._add_chip(translate("Attachments", "Pasted picture"))

        def job(_progress, _cancelled):
            attachment = prep.prepare_pasted_picture(image)
            return attachment, prep.picture_thumbnail(attachment, THUMBNAIL_SIDE)

        chip.job_id = self.jobs.start(chip.name, job)

    def set_parts(self, parts: Sequence[Attachment]) -> None:
        """These attachments instead of the ones there (a message being edited brings its own)."""
        self.clear()
        for attachment in parts:
            thumbnail = None
            if attachment.kind is AttachmentKind.PICTURE:
                thumbnail = picture_prep().picture_thumbnail(attachment, THUMBNAIL_SIDE)
            self._add_chip(attachment.name).show_ready(attachment, thumbnail)
        self._show_parts()
        self.changed.emit()

    def clear(self) -> None:
        """No attachments (a message was sent): reading stops, the notices go."""
        for chip in list(self._chips):
            self._remove(chip, focus=False)
        self._notices.clear()
        self._show_parts()

    def _file_job(self, path: str):
        prep = picture_prep()
        if prep.is_picture(path):
            def picture(_progress, _cancelled):
                attachment = prep.prepare_picture_file(path)
                return attachment, prep.picture_thumbnail(attachment, THUMBNAIL_SIDE)

            return picture
        return lambda progress, cancelled: (read_document(path, progress, cancelled), None)

    def _add_chip(self, name: str) -> AttachmentChip:
        chip = AttachmentChip(name)
        chip.removeRequested.connect(self._remove)
        chip.cancelRequested.connect(self._cancel)
        self._row.insertWidget(len(self._chips), chip)
        previous = self._chips[-1] if self._chips else self.focus_before
        if previous is not None:
            QWidget.setTabOrder(previous, chip)  # attach button, the chips, then the message box
        self._chips.append(chip)
        self._show_parts()
        return chip

    @Slot(object)
    def _remove(self, chip: AttachmentChip, focus: bool = True) -> None:
        if chip not in self._chips:
            return
        index = self._chips.index(chip)
        had_focus = chip.hasFocus()
        self._chips.remove(chip)
        if chip.reading and chip.job_id is not None:
            self.jobs.cancel(chip.job_id)  # its cancelled signal finds no chip: gone already
        chip.hide()
        chip.deleteLater()
        if focus and had_focus:  # the next chip, else the one before, else the message box
            neighbours = self._chips[index:index + 1] or self._chips[index - 1:index]
            target = neighbours[0] if neighbours else self.focus_after
            if target is not None:
                target.setFocus()
        self._show_parts()
        self.changed.emit()

    @Slot(object)
    def _cancel(self, chip: AttachmentChip) -> None:
        self._remove(chip)

    def _chip_of(self, job_id: int) -> AttachmentChip | None:
        return next((chip for chip in self._chips if chip.job_id == job_id), None)

    @Slot(int, float)
    def _on_progress(self, job_id: int, fraction: float) -> None:
        chip = self._chip_of(job_id)
        if chip is not None:
            chip.show_progress(fraction)

    @Slot(int, object)
    def _on_read(self, job_id: int, result: tuple) -> None:
        chip = self._chip_of(job_id)
        if chip is not None:
            attachment, thumbnail = result
            chip.show_ready(attachment, thumbnail)
            self._show_parts()
            self.changed.emit()

    @Slot(int, object)
    def _on_refused(self, job_id: int, refusal: AttachmentRefused) -> None:
        chip = self._chip_of(job_id)
        if chip is not None:
            self._remove(chip)
            self.tell(refusal_text(refusal))

    @Slot(int)
    def _on_cancelled(self, job_id: int) -> None:
        chip = self._chip_of(job_id)
        if chip is not None:
            self._remove(chip)

    # --- what the user is told ------------------------------------------------------------------

    def tell(self, text: str) -> None:
        """A problem with an attachment, under the chips until dismissed or the message is sent."""
        self._notices = [*self._notices, text][-NOTICES_SHOWN:]
        self._show_parts()
        self.told.emit(text)

    def set_model_warning(self, text: str) -> None:
        """What the chat's model means for the attachments (it cannot read pictures): shown while it holds, "" ends it."""
        self.modelWarningLabel.setText(text)
        self.modelWarningLabel.setVisible(bool(text) and bool(self._chips))

    @Slot()
    def clear_notices(self) -> None:
        self._notices.clear()
        self._show_parts()

    def _show_parts(self) -> None:
        self.chipsArea.setVisible(bool(self._chips))
        self._fit_chips()
        self.noticeLabel.setText("\n".join(self._notices))
        self.noticeLabel.setVisible(bool(self._notices))
        self.dismissNoticeButton.setVisible(bool(self._notices))
        self.estimateLabel.setVisible(bool(self._chips))
        self.modelWarningLabel.setVisible(bool(self.modelWarningLabel.text()) and bool(self._chips))
        self.contextSizeButton.setVisible(bool(self._chips))
        self.setVisible(bool(self._chips or self._notices))

    def _fit_chips(self) -> None:
        """The chips' rows as high as they need, up to CHIP_ROWS_SHOWN rows (more scroll)."""
        if not self._chips:
            return
        width = self.chipsArea.viewport().width() if self.chipsArea.isVisible() else self.width()
        needed = self._row.heightForWidth(max(width, 1))
        most = CHIP_ROWS_SHOWN * max(chip.sizeHint().height() for chip in self._chips) + (CHIP_ROWS_SHOWN - 1) * 6
        self.chipsArea.setFixedHeight(min(needed, most))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._fit_chips()  # a narrower window wraps the chips into more rows

    # --- before sending: the estimate, the checks -----------------------------------------------

    def _context(self):
        settings = self.controller.settings.current.effective
        shown = self.controller.session.shown
        profile_tokens = settings.profile(shown.profile_id).context_tokens
        system_prompt = chat_assistant(settings, shown.assistant_id).system_prompt  # the chat's assistant's
        return shown.model, context_size(shown.model, settings.context_sizes, profile_tokens), system_prompt

    def update_estimate(self, text: str, earlier: Sequence[Turn]) -> None:
        """The request's estimated tokens against the model's context size, shown while there are attachments."""
        if not self._chips:
            self.over_limit = False
            self.set_model_warning("")
            return
        model, size, system_prompt = self._context()
        self.set_model_warning(picture_warning(self.controller.settings.current.effective, model)
                               if self.has_pictures else "")
        tokens = request_tokens(system_prompt, earlier, UserMessage(text, self.parts))
        self.over_limit = tokens > size.tokens
        if self.over_limit:
            words = translate("Attachments", "About %1 tokens — more than the %2 this model can take (an "
                                             "estimate). Remove an attachment, or choose a model with a larger "
                                             "context.")
        else:
            words = translate("Attachments", "About %1 of %2 tokens — an estimate")
        words = words.replace("%1", number_text(tokens)).replace("%2", number_text(size.tokens))
        if size.source is SizeSource.DEFAULT:
            words += " " + translate("Attachments", "(this app does not know the model’s context size: "
                                                    "set it with “Context size…”)")
        self.estimateLabel.setText(words)
        self.estimateLabel.setStyleSheet(PROBLEM_STYLE if self.over_limit else "")

    def check_before_send(self, text: str, earlier: Sequence[Turn]) -> bool:
        """Every file is still there and unchanged, nothing is being read, the request fits: else say why."""
        if self.reading:
            self.tell(translate("Attachments", "“%1” is still being read. Wait a moment, or cancel it.")
                      .replace("%1", self.reading[0]))
            return False
        problems = []
        for attachment in self.parts:
            try:
                check_source(attachment)
            except AttachmentRefused as refusal:
                problems.append(refusal_text(refusal))
        if problems:
            for problem in problems:
                self.tell(problem)
            return False
        self.update_estimate(text, earlier)
        if self.over_limit:
            _model, size, _system_prompt = self._context()
            largest = max(self.parts, key=lambda attachment: attachment.tokens, default=None)
            if largest is not None and largest.tokens > size.tokens:
                self.tell(refusal_text(AttachmentRefused(RefusalKind.TOO_MANY_TOKENS, largest.name, size.tokens)))
            else:
                self.tell(self.estimateLabel.text())
            return False
        return True

    @Slot()
    def ask_context_size(self) -> None:
        """The user's own context size for the chat's model (the settings keep it)."""
        model, size, _system_prompt = self._context()
        tokens = self.questions.ask_context_size(model, size.tokens)
        if tokens is None or tokens == size.tokens:
            return
        stored = self.controller.settings.current.stored
        try:
            self.controller.settings.save(stored.replace(
                context_sizes=with_user_size(stored.context_sizes, model, tokens)))
        except OSError as exc:
            self.tell(translate("Attachments", "The context size could not be saved: %1").replace("%1", str(exc)))
        self.changed.emit()
