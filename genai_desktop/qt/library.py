"""The library of chats: the list, rename, delete, search, drafts, export and import."""

from __future__ import annotations

import logging
import time
from typing import Callable

from PySide6.QtCore import QObject, Signal

from ..core import config_file, transfer
from ..core.history import import_into_file
from ..core.records import Conversation, HistoryError
from .history_guard import HistoryGuard
from .tasks import BackgroundTasks

log = logging.getLogger(__name__)


class Library(QObject):
    changed = Signal()  # the list of chats (titles, order) changed; the list itself is read in pages
    deleted = Signal(int)  # a chat's id, after its rows were deleted

    def __init__(self, guard: HistoryGuard, tasks: BackgroundTasks, parent: QObject | None = None):
        super().__init__(parent)
        self._guard = guard
        self._tasks = tasks

    def conversations(self, limit: int | None = None) -> list[Conversation]:
        """The chats, newest first (the first limit of them)."""
        return self._guard.load(self._guard.history.conversations, limit, default=[])

    def conversation(self, conversation_id: int | None) -> Conversation | None:
        if conversation_id is None:
            return None
        return self._guard.load(self._guard.history.conversation, conversation_id)

    def create(self, model: str = "", profile: str = "", assistant: str = "") -> int | None:
        """A new chat's id; None if the history cannot be written. model, profile, assistant: the ones it asks
        ("": the defaults)."""
        return self._guard.save(self._guard.history.create_conversation, "", model, profile, assistant)

    def set_assistant(self, conversation_id: int, assistant: str) -> None:
        self._guard.save(self._guard.history.set_assistant, conversation_id, assistant)

    def set_profile(self, conversation_id: int, profile: str, model: str) -> None:
        self._guard.save(self._guard.history.set_profile, conversation_id, profile, model)

    def set_model(self, conversation_id: int, model: str) -> None:
        self._guard.save(self._guard.history.set_model, conversation_id, model)

    def store_draft(self, conversation_id: int | None, text: str) -> None:
        self._guard.save(self._guard.history.set_draft, conversation_id, text)

    def delete_empty(self, keep: int | None) -> None:
        """Chats without a message or a draft go, except keep (0 or None: no chat is kept)."""
        self._guard.save(self._guard.history.delete_empty, keep or 0)

    def rename(self, conversation_id: int, title: str) -> None:
        if title.strip():
            self._guard.save(self._guard.history.rename, conversation_id, title)
            self.changed.emit()

    def delete(self, conversation_id: int) -> None:
        self._guard.save(self._guard.history.delete, conversation_id)
        self.deleted.emit(conversation_id)
        self.changed.emit()

    def search(self, text: str):
        return self._guard.load(self._guard.history.search, text, default=[])

    # --- export and import ----------------------------------------------------------------------

    def exported_conversation(self, conversation_id: int) -> transfer.TransferConversation:
        conversation = self.conversation(conversation_id)
        messages = tuple(transfer.TransferMessage(m.role, m.content, m.model, m.created, m.reasoning, m.parts)
                         for m in self._guard.load(self._guard.history.messages, conversation_id, default=[])
                         if m.content or m.role == "user")
        if conversation is None:
            return transfer.TransferConversation("", messages, updated=time.time())
        return transfer.TransferConversation(conversation.title, messages, conversation.created, conversation.updated)

    def export_markdown(self, conversation_id: int, path, you: str, assistant: str, untitled: str,
                        attached: str = "Attached: %1") -> None:
        text = transfer.to_markdown(self.exported_conversation(conversation_id), you, assistant, untitled, attached)
        config_file.write_private_file_atomically(path, text.encode("utf-8"))

    def export_json(self, conversation_ids: list[int], path) -> None:
        text = transfer.to_json([self.exported_conversation(cid) for cid in conversation_ids])
        config_file.write_private_file_atomically(path, text.encode("utf-8"))

    def import_file(self, path, on_done: Callable[[int], None], on_problem: Callable[[str], None],
                    on_too_large: Callable[[int], None]) -> None:
        """Read, check and store the file in the background: all of it or nothing.

        on_too_large gets the size limit in bytes when the file is larger (it is not read then).
        Storing happens on a connection of the background thread's own when the history is a file;
        the in-memory history (a file that could not be opened) belongs to this thread.
        """
        history, history_file = self._guard.history, self._guard.path

        def work():
            try:
                conversations = transfer.read_import(path)
                if not history.on_disk:
                    return conversations
                return len(import_into_file(history_file, conversations))
            except (transfer.ImportProblem, HistoryError) as problem:
                return problem

        def stored(result) -> None:
            if isinstance(result, list):
                try:
                    result = len(history.import_conversations(result))
                except HistoryError as error:
                    result = error
            if isinstance(result, transfer.ImportTooLarge):
                on_too_large(result.limit)
            elif isinstance(result, Exception):
                log.warning("import failed: %s", result)
                on_problem(str(result))
            else:
                self.changed.emit()
                on_done(result)

        self._tasks.run(work, stored, lambda error: on_problem(error.detail or error.kind.value))
