"""The questions the window asks: a destructive one (delete), a yes/no one (replace later
messages), which file to save or open, and a file problem. Plain-text boxes, Cancel as default.

Tests and embedders replace an answer by assigning to the attribute (window.confirm_delete = …
reaches the instance here): nothing else asks these questions."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDir, QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from .messages import counted, plain_message_box


class Questions(QObject):
    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self._parent = parent

    def ask(self, icon: QMessageBox.Icon, object_name: str, title: str, text: str, yes: str,
            role: QMessageBox.ButtonRole = QMessageBox.AcceptRole) -> bool:
        """One question with Cancel (the default, so Enter never deletes or replaces) and one answer."""
        box = plain_message_box(icon, title, text, QMessageBox.Cancel, self._parent)
        box.setObjectName(object_name)
        button = box.addButton(yes, role)
        box.setDefaultButton(QMessageBox.Cancel)
        box.exec()
        return box.clickedButton() is button

    def confirm_delete(self, title: str) -> bool:
        return self.ask(QMessageBox.Warning, "deleteChatDialog", self.tr("Delete chat?"),
                        self.tr("Delete the chat “%1” and all its messages? This cannot be undone.")
                        .replace("%1", title), self.tr("Delete"), QMessageBox.DestructiveRole)

    def confirm_replace(self, later: int) -> bool:
        return self.ask(QMessageBox.Question, "replaceMessagesDialog", self.tr("Replace later messages?"),
                        counted(later, self.tr("Sending replaces this message and everything after it: one "
                                               "more of your messages and the answers."),
                                self.tr("Sending replaces this message and everything after it: %1 more of "
                                        "your messages and the answers.")), self.tr("Replace and send"))

    def choose_save_path(self, title: str, name: str, file_filter: str) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(self._parent, title, str(Path(QDir.homePath()) / name), file_filter)
        return Path(chosen) if chosen else None

    def choose_open_path(self, title: str, file_filter: str) -> Path | None:
        chosen, _ = QFileDialog.getOpenFileName(self._parent, title, QDir.homePath(), file_filter)
        return Path(chosen) if chosen else None

    def file_problem(self, title: str, detail: str) -> None:
        """Told, not asked: the box does not block the window."""
        plain_message_box(QMessageBox.Warning, title, detail, QMessageBox.Ok, self._parent).open()
