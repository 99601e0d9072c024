"""What the history holds, as plain values the UI may use: no I/O here (the store is core.history)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import Callable

from .errors import ErrorKind


# Around each matched word in SearchHit.snippet (control characters: never in typed text).
HIT_START, HIT_END = "\x02", "\x03"
# The largest token count a message is taken to have (far above any context window): larger stored
# counts are not shown, so sums stay within what Qt's 64-bit numbers hold.
TOKEN_COUNT_LIMIT = 10**9
MESSAGE_ROLES = ("system", "user", "assistant")  # the history's messages table CHECKs the same
LATEST_TIME = 253402300799  # the end of the year 9999: dates after it cannot be shown
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def shown_time(value: object) -> float | None:
    """A time stamp (seconds) that can be shown as a date, as a float; None for anything else
    (not a number, a bool, negative, nan, inf, after LATEST_TIME)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= LATEST_TIME:
        return float(value)  # nan and inf fail the comparison
    return None


def is_utf8_text(text: str) -> bool:
    """False for text holding lone surrogates ("\\ud800" in JSON, half an emoji cut off; undecodable
    bytes in an environment variable): Python keeps them, but UTF-8 (files, SQLite, Qt) cannot."""
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def utf8_text(text: str) -> str:
    """text with each lone surrogate as U+FFFD, as a decoder shows what it cannot read."""
    return text if is_utf8_text(text) else _LONE_SURROGATE.sub("\ufffd", text)


def decoded_text(value: bytes) -> str:
    """Bytes stored where text belongs: UTF-8, with U+FFFD for what cannot be read."""
    return value.decode("utf-8", "replace")


def remembered_entries(value: object, width: int, usable: Callable[[tuple[str, ...]], bool], most: int,
                       chars: int) -> tuple[tuple[str, ...], ...]:
    """What the app remembers as a list of text tuples in the settings file ([[server, model], …]),
    newest first: an entry that is not `width` storable texts, or not usable, or a repeat is dropped,
    and only the first `most` entries (and `chars` characters) are kept. Raises ValueError for a value
    that is no list at all (the settings reader keeps the default)."""
    if not isinstance(value, (list, tuple)):
        raise ValueError("not a list")
    kept: list[tuple[str, ...]] = []
    budget = chars
    for entry in value:
        if len(kept) == most:
            break
        if not (isinstance(entry, (list, tuple)) and len(entry) == width
                and all(isinstance(text, str) and is_utf8_text(text) and "\0" not in text for text in entry)):
            continue
        entry = tuple(entry)
        size = sum(map(len, entry))
        if not usable(entry) or entry in kept or size > budget:
            continue
        budget -= size
        kept.append(entry)
    return tuple(kept)


class MessageState(str, Enum):
    DONE = "done"
    STREAMING = "streaming"  # journaled while it arrives; found like this after a crash = interrupted
    INTERRUPTED = "interrupted"
    FAILED = "failed"
    STOPPED = "stopped"
    TRUNCATED = "truncated"  # the model stopped early: length limit, content filter


class HistoryProblem(Enum):
    NEWER_SCHEMA = "newer_schema"
    LOCKED = "locked"
    DISK_FULL = "disk_full"  # or the disk cannot be written to (I/O error, a file-size limit)
    UNREADABLE = "unreadable"
    DAMAGED = "damaged"  # a damaged page, found while reading or writing
    LINKED = "linked"  # the history file is a symbolic link: not followed, not opened


class HistoryError(Exception):
    def __init__(self, problem: HistoryProblem, detail: str = ""):
        super().__init__(f"{problem.value}: {detail}")
        self.problem = problem
        self.detail = detail


@dataclass(frozen=True)
class Conversation:
    id: int
    title: str
    updated: float
    draft: str = ""
    created: float = 0.0
    model: str = ""  # the model the chat asks; "": the default model from the settings
    profile: str = ""  # the id of the endpoint profile the chat asks; "": the default profile
    assistant: str = ""  # the id of the assistant the chat is asked with; "": a chat from before assistants


@dataclass(frozen=True)
class Message:
    id: int
    conversation_id: int
    role: str
    content: str
    state: MessageState
    model: str = ""
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    created: float = 0.0
    error_kind: ErrorKind | None = None  # why a failed or cut-off answer ended so (None: not known, or no error)
    reasoning: str = ""  # an answer's thinking, shown apart (never sent back)
    version: int = 1  # of an answer: which of its versions this is (1-based), the one shown
    versions: int = 1  # how many versions the answer has (history_versions keeps those not shown)
    parts: tuple = ()  # of a user's message: its attachments (core.attachments.Attachment), in order


@dataclass(frozen=True)
class SearchHit:
    conversation_id: int
    message_id: int
    title: str
    snippet: str
    attachment: str = ""  # the name of the attachment the words were found in; "": in the message itself
