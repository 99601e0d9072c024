"""What a user attaches to a message, as plain values: a document's text or a re-encoded picture.

The readers (core.documents for documents, ui.picture_prep for pictures: Qt decodes them) make
these; the composer shows them as chips; the conversation sends them; the history stores them.
A refusal is a fact (its kind, the file's base name, the limit that applied); the UI words it.
The local path an attachment was read from is never sent and never stored: only its base name.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from enum import Enum
from pathlib import PurePath

MiB = 1024 * 1024
DOCUMENT_MAX_BYTES = 50 * MiB  # checked with stat before reading: a huge file is never read to find out
PICTURE_MAX_BYTES = 20 * MiB
PICTURE_MAX_SIDE = 2048  # the long side of a picture as sent (OpenAI scales larger ones down anyway)

# An estimate, and the app says so: about 4 characters per token in English, fewer in German and
# code; 3.5 keeps the estimate on the safe side of the real count.
CHARS_PER_TOKEN = 3.5


class AttachmentKind(str, Enum):
    DOCUMENT = "document"  # sent as text naming the file
    PICTURE = "picture"  # sent as an image_url part with a data: URL


class RefusalKind(str, Enum):
    NO_TEXT_LAYER = "no_text_layer"  # a scanned PDF: only pictures of text
    ENCRYPTED = "encrypted"  # a password-protected PDF (or Office file)
    DAMAGED = "damaged"  # not readable as the type its name or content says
    UNSUPPORTED = "unsupported"  # a type this app does not read
    TOO_LARGE = "too_large"  # limit: the byte limit that applied
    EMPTY = "empty"  # 0 bytes, or no text at all
    VANISHED = "vanished"  # gone between attaching and sending
    UNREADABLE = "unreadable"  # no permission, a folder, a device
    CHANGED = "changed"  # changed between attaching and sending: attach it again
    EXPANDS_TOO_MUCH = "expands_too_much"  # an archive (DOCX/XLSX/PPTX) whose content expands past limit bytes
    TOO_MANY_TOKENS = "too_many_tokens"  # limit: the context size it does not fit in


class AttachmentRefused(Exception):
    """An attachment that will not go, and why (kind); name is the file's base name."""

    def __init__(self, kind: RefusalKind, name: str, limit: int = 0, detail: str = ""):
        super().__init__(f"{kind.value}: {name}" + (f" limit={limit}" if limit else ""))
        self.kind = kind
        self.name = name
        self.limit = limit
        self.detail = detail  # for the log only (an exception class, a library's message)


@dataclass(frozen=True)
class Attachment:
    kind: AttachmentKind
    name: str  # the base name shown and sent, never a path
    mime: str  # the original file's type ("application/pdf"); a picture's: the encoded data's ("image/jpeg")
    size: int  # bytes of the original file (a pasted picture: of its encoded data)
    text: str = ""  # a document's text as sent (tables as Markdown)
    data: bytes = b""  # a picture as sent: re-encoded, without metadata
    width: int = 0  # a picture's size as sent
    height: int = 0
    pages: int = 0  # a PDF's or a presentation's pages/slides read; 0: not paged
    rows_shown: int = 0  # a spreadsheet capped at rows_shown of rows_total rows (stated, never silent)
    rows_total: int = 0
    # Where it was read from, to see before sending that it is still there and unchanged: never
    # sent, never stored, not part of equality. Empty for a pasted picture.
    source: str = field(default="", compare=False, repr=False)
    source_stamp: tuple = field(default=(), compare=False, repr=False)  # (size, mtime_ns) when read

    @property
    def capped(self) -> bool:
        return self.rows_total > self.rows_shown > 0

    @property
    def tokens(self) -> int:
        """The estimated tokens this attachment costs in a request."""
        if self.kind is AttachmentKind.PICTURE:
            return picture_tokens(self.width, self.height)
        return text_tokens(self.text)


def base_name(path: str) -> str:
    """The file name alone (a Windows path too): what is shown and sent, never the folders.

    A name that is not text in the system's encoding (Python keeps its bytes as lone surrogates) has them
    as U+FFFD: Qt would drop them silently, and neither SQLite nor a request's UTF-8 can hold them.
    """
    name = PurePath(path.replace("\\", "/")).name or "file"
    return "".join("\ufffd" if "\ud800" <= char <= "\udfff" else char for char in name)


def text_tokens(text: str) -> int:
    """The estimated tokens of a text: an estimate on the safe side, not a tokenizer's count."""
    return math.ceil(len(text) / CHARS_PER_TOKEN)


def picture_tokens(width: int, height: int) -> int:
    """OpenAI's published cost of a picture at high detail: scaled to fit 2048×2048, then so the
    short side is at most 768, then 170 tokens per 512-pixel tile plus 85."""
    if width <= 0 or height <= 0:
        return 85
    scale = min(1.0, 2048 / max(width, height))
    width, height = width * scale, height * scale
    scale = min(1.0, 768 / min(width, height))
    width, height = width * scale, height * scale
    return 85 + 170 * math.ceil(width / 512) * math.ceil(height / 512)


class ReadCancelled(Exception):
    """The user cancelled reading an attachment (raised by a reader that was told to stop)."""


def source_stamp(path: str) -> tuple:
    """What says a file is unchanged since it was read: its size and modification time."""
    status = os.stat(path)
    return (status.st_size, status.st_mtime_ns)


def check_source(attachment: Attachment) -> None:
    """Before sending: the file an attachment was read from is still there, readable and unchanged
    (raises AttachmentRefused VANISHED, UNREADABLE or CHANGED). A pasted picture has no file."""
    if not attachment.source:
        return
    try:
        stamp = source_stamp(attachment.source)
        with open(attachment.source, "rb") as file:
            file.read(1)
    except FileNotFoundError:
        raise AttachmentRefused(RefusalKind.VANISHED, attachment.name) from None
    except OSError as exc:
        raise AttachmentRefused(RefusalKind.UNREADABLE, attachment.name, detail=type(exc).__name__) from None
    if attachment.source_stamp and stamp != attachment.source_stamp:
        raise AttachmentRefused(RefusalKind.CHANGED, attachment.name)
