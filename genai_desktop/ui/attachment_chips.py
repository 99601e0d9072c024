"""An attachment as a chip above the message box: its name, size and estimated tokens, a
thumbnail for a picture, a remove control (Delete or Backspace when the chip has focus), and while
the file is read: a progress bar and Cancel. Also the words for an attachment's facts and for
every refusal (each names the file and says what to do).

The name comes from outside (a file name): it is shown as plain text, never as markup.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QSize, Qt, Signal
from PySide6.QtGui import QFocusEvent, QImage, QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QFrame, QGridLayout, QLabel, QProgressBar, QPushButton, QSizePolicy, QToolButton, QWidget,
)

from ..core.attachments import Attachment, AttachmentKind, AttachmentRefused, RefusalKind
from .messages import counted, number_text, plain_label, plain_tooltip

translate = QCoreApplication.translate
THUMBNAIL_SIDE = 40
NAME_WIDTH = 200  # a long file name is elided in the chip (the whole name is its tooltip and accessible name)


def size_text(size: int) -> str:
    """A file size as people read it: "812 bytes", "12.1 kB", "50 MB" (German: "12,1 kB")."""
    if size < 1024:
        return counted(size, translate("Attachments", "1 byte"), translate("Attachments", "%1 bytes"))
    precision = 0 if size % (1024 * 1024) == 0 else 1  # a limit reads "50 MB", a file "12.1 kB"
    return QLocale().formattedDataSize(size, precision, QLocale.DataSizeTraditionalFormat)


def tokens_text(tokens: int) -> str:
    return counted(tokens, translate("Attachments", "about 1 token"),
                   translate("Attachments", "about %1 tokens"))


def attachment_facts(attachment: Attachment) -> str:
    """The chip's second line: the size, what was read, the estimated tokens."""
    facts = [size_text(attachment.size)]
    if attachment.kind is AttachmentKind.PICTURE:
        facts.append(translate("Attachments", "%1×%2 px").replace("%1", str(attachment.width))
                     .replace("%2", str(attachment.height)))
    elif attachment.pages:
        facts.append(counted(attachment.pages, translate("Attachments", "1 page"),
                             translate("Attachments", "%1 pages")))
    facts.append(tokens_text(attachment.tokens))
    return " · ".join(facts)


def capped_text(attachment: Attachment) -> str:
    """A spreadsheet read only in part: said on the chip, never silent."""
    return (translate("Attachments", "Only the first %1 of %2 rows are sent")
            .replace("%1", number_text(attachment.rows_shown)).replace("%2", number_text(attachment.rows_total)))


def refusal_text(refusal: AttachmentRefused) -> str:
    """Why a file will not go, naming it, and what to do."""
    kind, limit = refusal.kind, refusal.limit
    if kind is RefusalKind.NO_TEXT_LAYER:
        text = translate("Attachments", "“%1” has no text layer — this app does not read text from images. "
                                        "Export it with OCR (text recognition) and attach it again.")
    elif kind is RefusalKind.ENCRYPTED:
        text = translate("Attachments", "“%1” is protected by a password. Save a copy without the password "
                                        "and attach that.")
    elif kind is RefusalKind.DAMAGED:
        text = translate("Attachments", "“%1” could not be read: the file is damaged or not what its name says. "
                                        "Open it in its own program, save it again and attach the new file.")
    elif kind is RefusalKind.UNSUPPORTED:
        text = translate("Attachments", "“%1” is a kind of file this app does not read. Attach a PDF, Word, "
                                        "Excel, PowerPoint, CSV or text file, or a PNG, JPEG, WebP or GIF picture.")
    elif kind is RefusalKind.TOO_LARGE and limit:
        text = translate("Attachments", "“%1” is larger than %2, the most this app reads of such a file. "
                                        "Attach a smaller file, or a part of it.").replace("%2", size_text(limit))
    elif kind is RefusalKind.TOO_LARGE:
        text = translate("Attachments", "“%1” is too large to read on this computer. Attach a smaller file, "
                                        "or a part of it.")
    elif kind is RefusalKind.EMPTY:
        text = translate("Attachments", "“%1” is empty: there is nothing in it to send. Check that you chose "
                                        "the right file.")
    elif kind is RefusalKind.VANISHED:
        text = translate("Attachments", "“%1” is no longer there. Attach it again from where it is now, or "
                                        "remove it from the message.")
    elif kind is RefusalKind.UNREADABLE:
        text = translate("Attachments", "“%1” cannot be read: it is not a file, or this app may not open it. "
                                        "Check the file, or remove it from the message.")
    elif kind is RefusalKind.CHANGED:
        text = translate("Attachments", "“%1” changed after it was attached. Remove it and attach it again to "
                                        "send what it holds now.")
    elif kind is RefusalKind.EXPANDS_TOO_MUCH:
        text = translate("Attachments", "“%1” would unpack to more than %2, more than this app reads: it may be "
                                        "damaged or made to overload programs. Open it in its own program and "
                                        "save it again.").replace("%2", size_text(limit))
    else:  # RefusalKind.TOO_MANY_TOKENS: limit is the model's context size
        text = translate("Attachments", "“%1” alone is more than this model can take (%2 tokens, an estimate). "
                                        "Attach a part of it, or choose a model with a larger context.") \
            .replace("%2", number_text(limit))
    return text.replace("%1", refusal.name)


class AttachmentChip(QFrame):
    """One attachment: being read (progress, Cancel) or ready (facts, remove)."""

    removeRequested = Signal(object)  # this chip: remove its attachment
    cancelRequested = Signal(object)  # this chip: stop reading its file

    def __init__(self, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("attachmentChip")
        self.setFocusPolicy(Qt.StrongFocus)
        self.setFrameShape(QFrame.StyledPanel)
        self.setSizePolicy(QSizePolicy.Maximum, QSizePolicy.Fixed)
        self.setStyleSheet("#attachmentChip { background: palette(base); border: 1px solid palette(mid);"
                           " border-radius: 6px; }"
                           "#attachmentChip:focus { border: 2px solid palette(highlight); }")
        self.attachment: Attachment | None = None  # None while reading
        self.job_id: int | None = None
        self.thumbnail = QLabel()
        self.thumbnail.setObjectName("attachmentThumbnail")
        self.thumbnail.setFixedSize(QSize(THUMBNAIL_SIDE, THUMBNAIL_SIDE))
        self.thumbnail.setAlignment(Qt.AlignCenter)
        self.thumbnail.hide()
        self.nameLabel = plain_label(object_name="attachmentName", wrap=False)
        self.factsLabel = plain_label(translate("Attachments", "Reading…"), "attachmentFacts", wrap=False)
        self.cappedLabel = plain_label(object_name="attachmentCapped", wrap=False)
        self.cappedLabel.hide()
        self.progressBar = QProgressBar()
        self.progressBar.setObjectName("attachmentProgress")
        self.progressBar.setRange(0, 0)  # busy until the reader says how far it is
        self.progressBar.setMaximumHeight(self.fontMetrics().height())
        self.progressBar.setTextVisible(False)
        self.cancelButton = QPushButton(translate("Attachments", "Cancel"))
        self.cancelButton.setObjectName("attachmentCancelButton")
        self.removeButton = QToolButton()
        self.removeButton.setObjectName("attachmentRemoveButton")
        self.removeButton.setText("×")
        self.removeButton.setAutoRaise(True)
        self.removeButton.hide()
        self._set_name(name)
        layout = QGridLayout(self)
        layout.setContentsMargins(6, 4, 4, 4)
        layout.setHorizontalSpacing(6)
        layout.setVerticalSpacing(0)
        layout.addWidget(self.thumbnail, 0, 0, 3, 1)
        layout.addWidget(self.nameLabel, 0, 1)
        layout.addWidget(self.factsLabel, 1, 1)
        layout.addWidget(self.cappedLabel, 2, 1)
        layout.addWidget(self.progressBar, 2, 1)
        layout.addWidget(self.removeButton, 0, 2, Qt.AlignTop)
        layout.addWidget(self.cancelButton, 0, 2, 3, 1, Qt.AlignVCenter)
        self.removeButton.clicked.connect(lambda: self.removeRequested.emit(self))
        self.cancelButton.clicked.connect(lambda: self.cancelRequested.emit(self))

    def _set_name(self, name: str) -> None:
        self.name = name
        self.setAccessibleName(name)
        self.nameLabel.setText(self.fontMetrics().elidedText(name, Qt.ElideMiddle, NAME_WIDTH))
        self.nameLabel.setToolTip(plain_tooltip(name))
        self.progressBar.setAccessibleName(translate("Attachments", "Reading %1").replace("%1", name))
        self.cancelButton.setAccessibleName(translate("Attachments", "Stop reading %1").replace("%1", name))
        remove = translate("Attachments", "Remove %1").replace("%1", name)
        self.removeButton.setAccessibleName(remove)
        self.removeButton.setToolTip(plain_tooltip(translate("Attachments", "%1 (Delete)").replace("%1", remove)))

    @property
    def reading(self) -> bool:
        return self.attachment is None

    def show_progress(self, fraction: float) -> None:
        self.progressBar.setRange(0, 100)
        self.progressBar.setValue(round(fraction * 100))

    def show_ready(self, attachment: Attachment, thumbnail: QImage | None = None) -> None:
        self.attachment = attachment
        if attachment.name != self.name:  # a pasted picture is named by its reader
            self._set_name(attachment.name)
        self.progressBar.hide()
        self.cancelButton.hide()
        self.removeButton.show()
        facts = attachment_facts(attachment)
        self.factsLabel.setText(facts)
        description = [facts]
        if attachment.capped:
            self.cappedLabel.setText(capped_text(attachment))
            self.cappedLabel.show()
            description.append(self.cappedLabel.text())
        self.setAccessibleDescription(". ".join(description))
        if thumbnail is not None and not thumbnail.isNull():
            self.thumbnail.setPixmap(QPixmap.fromImage(thumbnail))
            self.thumbnail.show()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key_Delete, Qt.Key_Backspace) and not event.modifiers():
            (self.cancelRequested if self.reading else self.removeRequested).emit(self)
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt API
        super().focusInEvent(event)
        self.update()  # the focus frame of the style sheet

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt API
        super().focusOutEvent(event)
        self.update()
