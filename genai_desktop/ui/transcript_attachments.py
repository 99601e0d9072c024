"""A user's attachments in the transcript: a row of chips under the message, as text in the document.

Not the composer's chips (widgets with a remove control): here each is the file's name, its size and,
for a picture, a small thumbnail, shaded like a chip, read-only. The name is outside text and goes
in as plain text (insertText never reads markup); the thumbnail is the stored picture itself, added
to the document as a resource of its own, so nothing is loaded from a file or the network. It is
decoded off the GUI thread (a 2048-pixel PNG takes about 150 ms to decode, even to a thumbnail: a chat
of screenshots would freeze the window as it opens): a blank of its size first, the picture once ready.
Each chip's text carries the name in a format property: attachment_names() reads them back (tests,
automation), as a screen reader reads the text.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import (
    QBuffer, QByteArray, QCoreApplication, QIODevice, QLocale, QObject, QSize, Qt, QThreadPool, QUrl, Signal, Slot,
)
from PySide6.QtGui import (
    QImage, QImageReader, QPalette, QTextCharFormat, QTextCursor, QTextDocument, QTextFormat, QTextImageFormat,
)
from PySide6.QtWidgets import QTextEdit

from ..core.attachments import Attachment, AttachmentKind
from .messages import plain_tooltip
from .transcript_style import coloured, fragments, shaded

ATTACHMENT_NAME = QTextFormat.UserProperty + 20  # a chip's text: the attachment's name
THUMBNAIL_SIDE = 48  # pixels (device-independent) of a picture's chip thumbnail, its long side
_THUMBNAIL_URLS = itertools.count(1)
_SPACE = "\u00a0"  # around a chip's text, inside its shade (kept at the start of a line, as a space is not)
_NO_BREAK = "\u00a0"  # inside a chip's text: a chip moves to the next line whole (a long name still wraps)


def chip_text(part: Attachment, locale: QLocale | None = None) -> str:
    """What a chip says: the name, the size, and a capped spreadsheet's rows (said, never silent)."""
    locale = locale or QLocale()
    text = f"{part.name} · {locale.formattedDataSize(part.size, 1, QLocale.DataSizeTraditionalFormat)}"
    if part.capped:
        text += " · " + QCoreApplication.translate("TranscriptView", "%1 of %2 rows").replace(
            "%1", locale.toString(part.rows_shown)).replace("%2", locale.toString(part.rows_total))
    return text


def thumbnail(part: Attachment, side: int) -> QImage:
    """The picture scaled to side pixels on its long side (never up), decoded at that size; a null image
    when its data cannot be read (a row another program wrote)."""
    data = QByteArray(part.data)
    buffer = QBuffer(data)
    buffer.open(QIODevice.ReadOnly)
    reader = QImageReader(buffer)
    size = reader.size()
    if size.isValid() and max(size.width(), size.height()) > side:
        reader.setScaledSize(size.scaled(QSize(side, side), Qt.KeepAspectRatio))
    return reader.read()


def thumbnail_size(part: Attachment, side: int) -> QSize:
    """The size of part's thumbnail (from the size stored with it, so the layout never waits for the decoding)."""
    size = QSize(part.width, part.height)
    if size.isEmpty():
        return QSize(side, side)
    return size.scaled(QSize(side, side), Qt.KeepAspectRatio) if max(part.width, part.height) > side else size


class Thumbnails(QObject):
    """The thumbnails of a view's chips, decoded one at a time on a thread of their own and put in when ready."""

    ready = Signal(str, QImage)  # the resource's name, the decoded thumbnail

    def __init__(self, view: QTextEdit):
        super().__init__(view)
        self.setObjectName("attachmentThumbnails")
        self._view = view
        self._waiting: dict[str, QTextDocument] = {}
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self.destroyed.connect(self._pool.clear)  # closing never waits for thumbnails not begun
        self.ready.connect(self._show)

    @staticmethod
    def of(view: QTextEdit) -> "Thumbnails":
        found = view.findChild(Thumbnails, "attachmentThumbnails")
        return found if found is not None else Thumbnails(view)

    @property
    def pending(self) -> bool:
        return bool(self._waiting)

    def request(self, document: QTextDocument, part: Attachment, size: QSize) -> str:
        """The name of part's thumbnail resource in document: blank now, the picture when it is decoded."""
        name = f"attachment-thumbnail:{next(_THUMBNAIL_URLS)}"
        blank = QImage(size, QImage.Format_ARGB32_Premultiplied)
        blank.fill(Qt.transparent)
        document.addResource(QTextDocument.ImageResource, QUrl(name), blank)
        self._waiting[name] = document
        ready = self.ready

        def decode() -> None:
            image = thumbnail(part, max(size.width(), size.height()))
            try:
                ready.emit(name, image)
            except RuntimeError:  # the view is gone
                pass

        self._pool.start(decode)
        return name

    def clear(self) -> None:
        """The transcript was cleared (another chat shown): thumbnails still to come are not wanted."""
        self._pool.clear()
        self._waiting.clear()

    @Slot(str, QImage)
    def _show(self, name: str, image: QImage) -> None:
        document = self._waiting.pop(name, None)
        if document is None or image.isNull():
            return  # a cleared transcript shows it no more; a damaged picture keeps its blank
        document.addResource(QTextDocument.ImageResource, QUrl(name), image)
        self._view.viewport().update()


def insert_attachment_chips(cursor: QTextCursor, parts, palette: QPalette, thumbnails: Thumbnails,
                            ratio: float = 1.0) -> None:
    """The chips of parts at cursor (an empty block of the user's message), one after another; ratio:
    the screen's device pixels per pixel, for a sharp thumbnail."""
    document = cursor.document()
    for index, part in enumerate(parts):
        if index:
            cursor.insertText("  ", QTextCharFormat())
        chip = shaded(coloured(QTextCharFormat(), palette, QPalette.Text), palette, QPalette.Base)
        chip.setProperty(ATTACHMENT_NAME, part.name)
        chip.setToolTip(plain_tooltip(part.name))
        if part.kind is AttachmentKind.PICTURE and part.data:
            size = thumbnail_size(part, round(THUMBNAIL_SIDE * ratio))
            picture = QTextImageFormat()
            picture.setName(thumbnails.request(document, part, size))
            picture.setWidth(size.width() / ratio)
            picture.setHeight(size.height() / ratio)
            picture.setVerticalAlignment(QTextCharFormat.AlignMiddle)
            picture.setProperty(ATTACHMENT_NAME, part.name)
            cursor.insertImage(picture)
        cursor.insertText(_SPACE + chip_text(part).replace(" ", _NO_BREAK) + _SPACE, chip)  # wrapped whole
    cursor.setCharFormat(QTextCharFormat())


def attachment_names(document: QTextDocument) -> list[str]:
    """The names of the attachment chips in document, in order (a thumbnail and its text count once)."""
    names = []
    for piece in fragments(document):
        name = piece.charFormat().property(ATTACHMENT_NAME)
        if name is not None and not piece.charFormat().isImageFormat():
            names.append(name)
    return names
