"""The versions of an answer (Regenerate adds one) in the history: the part of HistoryStore about them.

The messages row is always the version shown; the others wait in answer_versions, each under its
number (1 the first answer, counted in the order they were written). The version shown has no row
there: its number is the one the others leave free. A version moves between the two tables in one
transaction, so a crash leaves either the old or the new choice, never both or neither; the word
index follows the messages row, so search finds the version shown only (a hit in a hidden version
would open a chat where those words are nowhere to be seen).
"""

from __future__ import annotations

import itertools
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from .errors import ErrorKind
from .history_rows import message_record, readable_rows
from .history_schema import read_only_uri
from .records import Message, MessageState

# What a version is, in both tables (the rest of a messages row belongs to the answer, not to a version).
VERSION_COLUMNS = ("content", "reasoning", "state", "model", "prompt_tokens", "completion_tokens", "error_kind", "created")
_COLUMNS = ", ".join(VERSION_COLUMNS)


def shown_number(hidden) -> int:
    """The number of the version shown: the first one the hidden versions (numbered from 1) leave free."""
    taken = set(hidden)
    if len(taken) == max(taken, default=0):  # 1…n: the usual case, without a search
        return len(taken) + 1
    return next(number for number in itertools.count(1) if number not in taken)


@dataclass(frozen=True)
class VersionNumbers:
    """An answer's versions by number, in order; the one shown is also its version (1-based) among them,
    as the numbers before it are all taken."""

    shown: int
    numbers: tuple[int, ...]

    @classmethod
    def of(cls, hidden) -> "VersionNumbers":
        hidden = tuple(hidden)
        shown = shown_number(hidden)
        return cls(shown, tuple(sorted((*hidden, shown))))

    @property
    def versions(self) -> int:
        return len(self.numbers)


class AnswerVersions:
    """Mixed into HistoryStore: uses its _read, _write and _atomic (errors leave as HistoryError)."""

    def _numbers(self, message_id: int) -> VersionNumbers:
        return VersionNumbers.of(row[0] for row in self._read(
            "SELECT number FROM answer_versions WHERE message_id = ?", (message_id,)))

    def _hide_shown(self, message_id: int, number: int) -> None:
        self._write(f"INSERT INTO answer_versions(message_id, number, {_COLUMNS}) "
                    f"SELECT id, ?, {_COLUMNS} FROM messages WHERE id = ?", (number, message_id))

    def add_version(self, message_id: int, content: str, state: MessageState, prompt_tokens: int | None = None,
                    completion_tokens: int | None = None, model: str = "",
                    error_kind: ErrorKind | None = None, reasoning: str = "", index_later: bool = False) -> int:
        """A new version of the answer, complete: it is shown, the one shown so far is kept as a version;
        the journal of the new one goes. Returns how many versions there are now (the new one is the last).
        Indexed for search as HistoryStore.finish says."""
        with self._atomic():
            numbers = self._numbers(message_id)
            self._hide_shown(message_id, numbers.shown)
            self._leave_for_index(message_id)
            self._write("UPDATE messages SET content = ?, reasoning = ?, state = ?, prompt_tokens = ?, "
                        "completion_tokens = ?, model = ?, error_kind = ?, created = ? WHERE id = ?",
                        (content, reasoning, state.value, prompt_tokens, completion_tokens, model,
                         None if error_kind is None else error_kind.value, time.time(), message_id))
            self._write("DELETE FROM journal WHERE message_id = ?", (message_id,))
            if not index_later:
                self._index_pending()
        return numbers.versions + 1

    def show_version(self, message_id: int, version: int) -> Message | None:
        """Show the answer's version (counted from 1) instead of the one shown: stored, and returned as
        the answer's row now. None if the answer or the version does not exist."""
        with self._atomic():
            numbers = self._numbers(message_id)
            if not 1 <= version <= numbers.versions:
                return None
            chosen = numbers.numbers[version - 1]
            if chosen != numbers.shown:
                self._hide_shown(message_id, numbers.shown)
                self._write(f"UPDATE messages SET ({_COLUMNS}) = (SELECT {_COLUMNS} FROM answer_versions "
                            "WHERE message_id = ? AND number = ?) WHERE id = ?", (message_id, chosen, message_id))
                self._write("DELETE FROM answer_versions WHERE message_id = ? AND number = ?", (message_id, chosen))
            rows = self._read("SELECT id, conversation_id, role, content, state, model, prompt_tokens, "
                              "completion_tokens, created, error_kind, reasoning FROM messages WHERE id = ?", (message_id,))
        if not rows:
            return None
        return message_record(rows[0], version, numbers.versions)

    def answer_versions(self, message_id: int) -> list[Message]:
        """Every version of the answer, in order, the one shown among them (its row); as Messages whose
        version says which each is (and versions how many there are)."""
        shown = self._read("SELECT id, conversation_id, role, content, state, model, prompt_tokens, "
                           "completion_tokens, created, error_kind, reasoning FROM messages WHERE id = ?", (message_id,))
        if not shown:
            return []
        hidden = {row["number"]: row for row in self._read(
            f"SELECT number, {_COLUMNS} FROM answer_versions WHERE message_id = ?", (message_id,))}
        numbers = VersionNumbers.of(hidden)
        found = []
        for version, number in enumerate(numbers.numbers, 1):
            row = shown[0] if number == numbers.shown else {**dict(shown[0]), **dict(hidden[number])}
            found.append(message_record(row, version, numbers.versions))
        return found

    def shown_versions(self, conversation_id: int) -> dict[int, tuple[int, int]]:
        """For each answer of the chat that has several versions: (the version shown, how many)."""
        found = {}
        for message_id, hidden, highest in self._read(
                "SELECT m.id, COUNT(*), MAX(v.number) FROM messages m JOIN answer_versions v ON v.message_id = m.id "
                "WHERE m.conversation_id = ? GROUP BY m.id", (conversation_id,)):
            # numbered 1…n, the shown one n + 1; else (a version's row written by another program) looked up
            shown = hidden + 1 if highest == hidden else self._numbers(message_id).shown
            found[message_id] = (shown, hidden + 1)
        return found


def salvageable_versions(damaged: Path) -> list[dict]:
    """The versions not shown that can still be read from a damaged history (opened read-only, left as
    it is), by message_record's rules, as the columns to store again; none from a file without them."""
    try:
        source = sqlite3.connect(read_only_uri(damaged), uri=True)
    except sqlite3.Error:
        return []
    try:
        if not source.execute("SELECT 1 FROM sqlite_master WHERE name = 'answer_versions'").fetchone():
            return []
        found = []
        for row in readable_rows(source, "SELECT rowid, * FROM answer_versions", "rowid"):
            if isinstance(row.get("message_id"), int) and isinstance(row.get("number"), int) and row["number"] > 0:
                version = message_record({**row, "id": row["message_id"], "conversation_id": 0, "role": "assistant"})
                found.append({"message_id": row["message_id"], "number": row["number"],
                              **{column: getattr(version, column) for column in VERSION_COLUMNS},
                              "state": version.state.value,
                              "error_kind": version.error_kind.value if version.error_kind else None})
        return found
    except sqlite3.DatabaseError:  # even its table list is unreadable
        return []
    finally:
        source.close()
