"""The questions the window asks: a destructive one (delete), a yes/no one (replace later
messages), which file to save or open, which files to attach, a model's context size, and a file problem. Plain-text boxes, Cancel as default.

Tests and embedders replace an answer by assigning to the attribute (window.confirm_delete = …
reaches the instance here): nothing else asks these questions."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDir, QObject, Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLabel, QMessageBox, QWidget

from ..core.context_sizes import CONTEXT_SIZE_MAX, CONTEXT_SIZE_MIN
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

    def choose_attachments(self) -> list[Path]:
        chosen, _ = QFileDialog.getOpenFileNames(self._parent, self.tr("Attach files"), QDir.homePath(),
                                                 self.tr("All files (*)"))
        return [Path(path) for path in chosen]

    def ask_context_size(self, model: str, tokens: int) -> int | None:
        """The context size the user gives model (tokens: the size used now), or None."""
        dialog = QInputDialog(self._parent)
        dialog.setObjectName("contextSizeDialog")
        dialog.setWindowTitle(self.tr("Context size"))
        dialog.setInputMode(QInputDialog.IntInput)
        dialog.setIntRange(CONTEXT_SIZE_MIN, CONTEXT_SIZE_MAX)
        dialog.setIntStep(1024)
        dialog.setIntValue(tokens)
        dialog.setLabelText(self.tr("How many tokens can “%1” take in one request? Its provider’s documentation "
                                    "says it (for a local model: the context length it is run with).")
                            .replace("%1", model))
        for label in dialog.findChildren(QLabel):  # the model's name is outside text: never markup
            label.setTextFormat(Qt.PlainText)
            label.setWordWrap(True)
        return dialog.intValue() if dialog.exec() == QInputDialog.Accepted else None

    def file_problem(self, title: str, detail: str) -> None:
        """Told, not asked: the box does not block the window."""
        plain_message_box(QMessageBox.Warning, title, detail, QMessageBox.Ok, self._parent).open()
