"""File → Export and Import: which file (asked), then the library writes or reads it; the
outcome in the status bar, a problem in a box."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Signal

from ..qt.controller import ChatController
from .messages import counted, export_failed_notice, import_too_large_notice, import_unreadable_notice
from .questions import Questions


class TransferDialogs(QObject):
    statusMessage = Signal(str, int)  # 0 ms: until the next one; "" clears

    def __init__(self, controller: ChatController, questions: Questions,
                 chosen_conversation: Callable[[], int | None], parent: QObject | None = None):
        super().__init__(parent)
        self.controller = controller
        self.questions = questions
        self._chosen_conversation = chosen_conversation

    def export_current(self, kind: str) -> None:
        conversation_id = self._chosen_conversation()
        conversation = self.controller.library.conversation(conversation_id)
        if conversation is None:
            return
        stem = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", conversation.title).strip()[:60] or "chat"
        if kind == "md":
            path = self.questions.choose_save_path(self.tr("Export chat as Markdown"), f"{stem}.md",
                                                   self.tr("Markdown (*.md);;All files (*)"))
            write = lambda target: self.controller.library.export_markdown(  # noqa: E731
                conversation_id, target, self.tr("You"), self.tr("Assistant"), self.tr("New chat"),
                self.tr("Attached: %1"))
        else:
            path = self.questions.choose_save_path(self.tr("Export chat as JSON"), f"{stem}.json",
                                                   self.tr("JSON (*.json);;All files (*)"))
            write = lambda target: self.controller.library.export_json([conversation_id], target)  # noqa: E731
        self._write_export(path, write)

    def export_all(self) -> None:
        path = self.questions.choose_save_path(self.tr("Export all chats"), "genai-desktop-chats.json",
                                               self.tr("JSON (*.json);;All files (*)"))
        ids = [conversation.id for conversation in self.controller.library.conversations()]
        self._write_export(path, lambda target: self.controller.library.export_json(ids, target))

    def _write_export(self, path: Path | None, write) -> None:
        if path is None:
            return
        try:
            write(path)
        except OSError as error:
            self.questions.file_problem(*export_failed_notice(error.strerror or str(error)))
            return
        self.statusMessage.emit(self.tr("Exported to %1").replace("%1", str(path)), 8000)

    def import_chats(self) -> None:
        path = self.questions.choose_open_path(self.tr("Import chats"),
                                               self.tr("Chat exports (*.json);;All files (*)"))
        if path is None:
            return
        self.statusMessage.emit(self.tr("Importing…"), 0)

        def done(count: int) -> None:
            self.statusMessage.emit(counted(count, self.tr("Imported 1 chat."), self.tr("Imported %1 chats.")), 8000)

        def problem(detail: str) -> None:
            self.statusMessage.emit("", 0)
            self.questions.file_problem(*import_unreadable_notice(detail))

        def too_large(limit: int) -> None:
            self.statusMessage.emit("", 0)
            self.questions.file_problem(*import_too_large_notice(limit))

        self.controller.library.import_file(path, done, problem, too_large)
