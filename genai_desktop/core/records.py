"""What the history holds, as plain values the UI may use: no I/O here (the store is core.history)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


# Around each matched word in SearchHit.snippet (control characters: never in typed text).
HIT_START, HIT_END = "\x02", "\x03"
# The largest token count a message is taken to have (far above any context window): larger stored
# counts are not shown, so sums stay within what Qt's 64-bit numbers hold.
TOKEN_COUNT_LIMIT = 10**9


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


@dataclass(frozen=True)
class SearchHit:
    conversation_id: int
    message_id: int
    title: str
    snippet: str
