"""A message's attachments in the history (the table of schema 1.5): stored with the message, read back
in order as core.attachments.Attachment values.

Rows another program wrote may hold anything: a value of the wrong type is replaced (as history_rows
does for messages), a row of a kind this build does not know is skipped, a name is its base name.
Where an attachment was read from (source, source_stamp) is never stored.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from .attachments import Attachment, AttachmentKind, base_name
from .history_rows import readable_rows, text_of
from .history_schema import read_only_uri

ATTACHMENT_COLUMNS = ("kind", "name", "mime", "size", "text", "data", "width", "height", "pages",
                      "rows_shown", "rows_total")
_KINDS = {known.value: known for known in AttachmentKind}
ATTACHMENT_INSERT = (f"INSERT INTO attachments(message_id, position, {', '.join(ATTACHMENT_COLUMNS)}) "
           f"VALUES (?, ?, {', '.join('?' for _column in ATTACHMENT_COLUMNS)})")

Write = Callable[[str, tuple], sqlite3.Cursor]
Read = Callable[[str, tuple], list]


def attachment_row(message_id: int, position: int, part: Attachment) -> tuple:
    """The values stored for part (the columns of ATTACHMENT_INSERT, in order)."""
    return (message_id, position, part.kind.value, part.name, part.mime, part.size, part.text, part.data,
            part.width, part.height, part.pages, part.rows_shown, part.rows_total)


def store_parts(write: Write, message_id: int, parts: Iterable[Attachment]) -> None:
    """parts as the attachments of message_id, in order (inside the caller's transaction)."""
    for position, part in enumerate(parts):
        write(ATTACHMENT_INSERT, attachment_row(message_id, position, part))


def _count(value) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def attachment_record(row: Mapping) -> Attachment | None:
    """A stored row as an Attachment; None for a kind this build does not know (a newer one's)."""
    kind = _KINDS.get(row["kind"]) if isinstance(row["kind"], str) else None
    if kind is None:
        return None
    data = row["data"]
    return Attachment(kind, base_name(text_of(row["name"])), text_of(row["mime"]), _count(row["size"]),
                      text=text_of(row["text"]), data=data if isinstance(data, bytes) else b"",
                      width=_count(row["width"]), height=_count(row["height"]), pages=_count(row["pages"]),
                      rows_shown=_count(row["rows_shown"]), rows_total=_count(row["rows_total"]))


def parts_of_chat(read: Read, conversation_id: int) -> dict[int, tuple[Attachment, ...]]:
    """The attachments of a chat's messages, by message id, each message's in order."""
    found: dict[int, list[Attachment]] = {}
    for row in read(f"SELECT a.message_id, {', '.join('a.' + column for column in ATTACHMENT_COLUMNS)} "
                    "FROM attachments a JOIN messages m ON m.id = a.message_id WHERE m.conversation_id = ? "
                    "ORDER BY a.message_id, a.position", (conversation_id,)):
        part = attachment_record(row)
        if part is not None:
            found.setdefault(row["message_id"], []).append(part)
    return {message_id: tuple(parts) for message_id, parts in found.items()}


def salvageable_attachments(damaged: Path) -> list[tuple]:
    """The attachments that can still be read from a damaged history (opened read-only, left as it is),
    as attachment_row values; none from a file without them."""
    try:
        source = sqlite3.connect(read_only_uri(damaged), uri=True)
    except sqlite3.Error:
        return []
    try:
        if not source.execute("SELECT 1 FROM sqlite_master WHERE name = 'attachments'").fetchone():
            return []
        found = []
        for row in readable_rows(source, "SELECT * FROM attachments", "id"):
            if not all(column in row for column in ("message_id", "position", *ATTACHMENT_COLUMNS)):
                continue
            part = attachment_record(row)
            if part is not None and isinstance(row["message_id"], int) and isinstance(row["position"], int):
                found.append(attachment_row(row["message_id"], row["position"], part))
        return found
    except sqlite3.DatabaseError:  # even its table list is unreadable
        return []
    finally:
        source.close()
