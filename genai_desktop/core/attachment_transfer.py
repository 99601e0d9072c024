"""Attachments in this app's JSON export (a picture's data as base64) and read back from an import.

An import is outside input: each attachment is checked as the readers check a file (a kind this app
knows, sizes within the limits a reader applies, a picture whose bytes are the type it says, a name
that is a base name only) and refused whole otherwise, before anything is stored (transfer).
"""

from __future__ import annotations

import base64
import binascii
import re

from .attachments import (DOCUMENT_MAX_BYTES, PICTURE_MAX_BYTES, PICTURE_MAX_SIDE, Attachment, AttachmentKind,
                          base_name)
from .records import utf8_text

NAME_MAX_CHARACTERS = 255  # what a file system allows for a file name
MIME_MAX_CHARACTERS = 127  # RFC 6838: a type and a subtype of at most 127 characters each
COUNT_LIMIT = 2**31 - 1  # pages and rows
# The picture types a picture is sent as, and how their bytes begin.
PICTURE_SIGNATURES = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
    "image/webp": (b"RIFF",),  # and "WEBP" at offset 8
}
_LIMIT_OF_KIND = {AttachmentKind.DOCUMENT: DOCUMENT_MAX_BYTES, AttachmentKind.PICTURE: PICTURE_MAX_BYTES}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# What makes Markdown of text in the middle of a line: emphasis, code, links and images (no link
# without "["), HTML and entities, tables, strikethrough. A name keeps its dots and brackets readable.
_MARKDOWN_SYNTAX = re.compile(r"([\\`*_\[\]<>&|~])")


class BadAttachment(ValueError):
    """An imported attachment that is not one this app could have stored; says why (for the log)."""


def exported_part(part: Attachment) -> dict:
    """part as a JSON object: what is stored of it (never where it was read from)."""
    exported = {"kind": part.kind.value, "name": part.name, "mime": part.mime, "size": part.size}
    if part.kind is AttachmentKind.PICTURE:
        exported.update(data=base64.b64encode(part.data).decode("ascii"), width=part.width, height=part.height)
    else:
        exported["text"] = part.text
    for name in ("pages", "rows_shown", "rows_total"):
        if getattr(part, name):
            exported[name] = getattr(part, name)
    return exported


def markdown_names(parts, attached: str) -> str:
    """The line naming a message's attachments in the Markdown export; attached holds %1 for the names.
    A name is outside text: its Markdown syntax is escaped, so it reads as the name it is anywhere."""
    names = ", ".join(_MARKDOWN_SYNTAX.sub(r"\\\1", _CONTROL.sub(" ", part.name)) for part in parts)
    return attached.replace("%1", names)


def _count(value, what: str, limit: int = COUNT_LIMIT) -> int:
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= limit:
        raise BadAttachment(f"{what}: a whole number from 0 to {limit} expected")
    return value


def _text(value, what: str, limit: int | None = None) -> str:
    if not isinstance(value, str):
        raise BadAttachment(f"{what}: text expected")
    if limit is not None and len(value) > limit:
        raise BadAttachment(f"{what}: at most {limit} characters")
    return utf8_text(value)


def _picture_data(value, mime: str) -> bytes:
    if not isinstance(value, str) or len(value) > (PICTURE_MAX_BYTES + 2) // 3 * 4:  # checked before decoding
        raise BadAttachment(f"data: base64 of at most {PICTURE_MAX_BYTES} bytes expected")
    try:
        data = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise BadAttachment("data: not base64") from None
    signatures = PICTURE_SIGNATURES.get(mime)
    if signatures is None:
        raise BadAttachment(f"mime: a picture is one of {', '.join(PICTURE_SIGNATURES)}")
    if not data.startswith(signatures) or (mime == "image/webp" and data[8:12] != b"WEBP"):
        raise BadAttachment(f"data: not a picture of type {mime}")
    return data


def imported_part(value) -> Attachment:
    """One attachment of an imported message (raises BadAttachment)."""
    if not isinstance(value, dict):
        raise BadAttachment("an object expected")
    kind = next((known for known in AttachmentKind if known.value == value.get("kind")), None)
    if kind is None:
        raise BadAttachment(f"kind: one of {', '.join(known.value for known in AttachmentKind)}")
    name = _CONTROL.sub(" ", base_name(_text(value.get("name"), "name", NAME_MAX_CHARACTERS))).strip() or "file"
    mime = _text(value.get("mime", ""), "mime", MIME_MAX_CHARACTERS * 2 + 1)
    size = _count(value.get("size"), "size", _LIMIT_OF_KIND[kind])
    pages = _count(value.get("pages"), "pages")
    rows_shown, rows_total = _count(value.get("rows_shown"), "rows_shown"), _count(value.get("rows_total"), "rows_total")
    if rows_shown > rows_total:
        raise BadAttachment("rows_shown: more than rows_total")
    if kind is AttachmentKind.PICTURE:
        if value.get("text"):
            raise BadAttachment("text: a picture has none")
        data = _picture_data(value.get("data"), mime)
        return Attachment(kind, name, mime, size, data=data, width=_count(value.get("width"), "width", PICTURE_MAX_SIDE),
                          height=_count(value.get("height"), "height", PICTURE_MAX_SIDE), pages=pages,
                          rows_shown=rows_shown, rows_total=rows_total)
    if value.get("data"):
        raise BadAttachment("data: a document is sent as text")
    return Attachment(kind, name, mime, size, text=_text(value.get("text", ""), "text"), pages=pages,
                      rows_shown=rows_shown, rows_total=rows_total)


def imported_parts(value) -> tuple[Attachment, ...]:
    """The attachments of an imported message (none when the key is missing: an export without them)."""
    if value is None:
        return ()
    if not isinstance(value, list):
        raise BadAttachment("a list expected")
    parts = []
    for number, item in enumerate(value, 1):
        try:
            parts.append(imported_part(item))
        except BadAttachment as error:
            raise BadAttachment(f"attachment {number}: {error}") from None
    return tuple(parts)
