"""History rows as read, by column name, from a file any program may have written: values of the
wrong type are replaced, so a record always holds what it declares. Also what can still be read
from a damaged file (for HistoryStore to copy into a fresh one)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Mapping
from pathlib import Path

from .chat import token_count
from .errors import ErrorKind
from .history_schema import read_only_uri
from .records import Conversation, Message, MessageState, decoded_text, shown_time

lenient_text = decoded_text  # SQLite's text_factory: text that is not UTF-8 is still read
_STATE_OF = {known.value: known for known in MessageState}  # any SQLite value is hashable
_ERROR_KINDS = {known.value: known for known in ErrorKind}
MESSAGE_COLUMNS = ("id", "conversation_id", "role", "content", "state", "model", "prompt_tokens",
                   "completion_tokens", "created", "error_kind", "reasoning")
CONVERSATION_COLUMNS = ("id", "title", "created", "updated", "draft", "model")


def text_of(value) -> str:
    if isinstance(value, bytes):  # a BLOB where text belongs
        return lenient_text(value)
    return value if isinstance(value, str) else ""


def time_of(value, unknown: float | None = None) -> float:
    """A time stamp that can be shown as a date; else unknown (None: now)."""
    shown = shown_time(value)
    if shown is not None:
        return shown
    return time.time() if unknown is None else unknown


def error_kind_of(value) -> ErrorKind | None:
    """A stored ErrorKind value; None for none, and for a kind this build does not know (a newer one's)."""
    return _ERROR_KINDS.get(value) if isinstance(value, str) else None


def conversation_record(row: Mapping) -> Conversation:
    return Conversation(row["id"], text_of(row["title"]), time_of(row["updated"], 0.0), text_of(row["draft"]),
                        time_of(row["created"], 0.0), text_of(row["model"]), text_of(row["profile"]),
                        text_of(row["assistant"]))


def message_record(row: Mapping, version: int = 1, versions: int = 1) -> Message:
    """A message row (a role the app knows: the caller skips the others) as a Message. Read straight
    from the row, without usable_message's dict: a long chat reads thousands of rows when it opens.
    version, versions: of an answer, where the row stands among its versions (history_versions)."""
    return Message(row["id"], row["conversation_id"], row["role"], text_of(row["content"]),
                   _STATE_OF.get(row["state"], MessageState.INTERRUPTED),
                   text_of(row["model"]), token_count(row["prompt_tokens"]), token_count(row["completion_tokens"]),
                   time_of(row["created"], 0.0), error_kind_of(row["error_kind"]), text_of(row["reasoning"]),
                   version, versions)


def usable_chat(row: Mapping) -> dict:
    """A conversation row read from a damaged file, with values of the wrong type replaced."""
    return {"id": row["id"], "title": text_of(row.get("title")), "created": time_of(row.get("created")),
            "updated": time_of(row.get("updated")), "draft": text_of(row.get("draft")),
            "model": text_of(row.get("model"))}


class _MissingAsNone(dict):
    def __missing__(self, column: str) -> None:
        return None


def usable_message(row: Mapping) -> dict:
    """A message row by message_record's rules, as the columns to store again (a bad role is refused by
    the table's CHECK). A column the row does not have (a file of an older version, read whole) is None."""
    message = message_record(_MissingAsNone(zip(row.keys(), row) if isinstance(row, sqlite3.Row) else row))
    values = {column: getattr(message, column) for column in MESSAGE_COLUMNS}
    values["error_kind"] = message.error_kind.value if message.error_kind else None
    return values


def salvageable_rows(damaged: Path) -> tuple[list[dict], list[dict], dict[int, tuple[str, str]]]:
    """(chats, messages, journal texts and thinking by message id) that can still be read from a damaged history,
    opened read-only and left as it is; whatever its version, its columns are read by name. Messages
    whose chat row was lost get a chat of their own again."""
    try:
        source = sqlite3.connect(read_only_uri(damaged), uri=True)
    except sqlite3.Error:
        return [], [], {}
    source.row_factory = sqlite3.Row
    try:
        chats = {row["id"]: usable_chat(row) for row in readable_rows(source, "SELECT * FROM conversations", "id")}
        messages = [usable_message(row) for row in readable_rows(source, "SELECT * FROM messages", "id")
                    if isinstance(row["content"], str) and isinstance(row["conversation_id"], int)]
        journal = {row["message_id"]: (row["content"], text_of(row.get("reasoning"))) for row in readable_rows(
            source, "SELECT * FROM journal", "message_id") if isinstance(row["content"], str)}
    finally:
        source.close()
    for message in messages:
        if message["conversation_id"] not in chats:
            title = " ".join(message["content"].split())[:80] if message["role"] == "user" else ""
            chats[message["conversation_id"]] = usable_chat({"id": message["conversation_id"], "title": title,
                                                             "created": message["created"],
                                                             "updated": message["created"]})
    return list(chats.values()), messages, journal


def readable_rows(source: sqlite3.Connection, select: str, key: str, step: int = 500):
    """The rows of a possibly damaged table that can still be read, each once, by its integer key (as dicts).

    Rows are read in batches after the last key read, in the file's own order. A batch that hits a
    damaged page is read again in ever smaller batches up to the damaged row, then the keys after it
    one at a time; when several such windows in a row yield nothing, the next ones jump twice as far
    each time, so a garbled key range ends quickly.
    """
    source.row_factory = sqlite3.Row
    after, limit, empty_windows, seen = 0, step, 0, set()
    while after < 2 ** 63 - step:
        try:
            rows = source.execute(f"{select} WHERE {key} > ? ORDER BY {key} LIMIT {limit}", (after,)).fetchall()
        except sqlite3.DatabaseError:
            if limit > 1:
                limit //= 2
                continue
            rows = []
            for single in range(after + 1, after + step + 1):
                try:
                    rows += source.execute(f"{select} WHERE {key} = ?", (single,)).fetchall()
                except sqlite3.DatabaseError:
                    continue
            empty_windows = 0 if rows else empty_windows + 1
            after += step * 2 ** min(max(0, empty_windows - 3), 50)
        else:
            if not rows:
                return
            if rows[-1][key] > after:  # a rowid: always an integer
                after = rows[-1][key]
            else:  # a garbled key at the end of the batch
                after = max(after + 1, max(row[key] for row in rows))
        limit = step
        for row in rows:
            if row[key] not in seen:
                seen.add(row[key])
                yield dict(zip(row.keys(), row))
