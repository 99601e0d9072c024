"""The transcript's own links (copy code, show more, show earlier); the buttons under a message are
message_actions'.

Their addresses start with a random token made for each view: a model's answer cannot forge
one, so a link in an answer can never copy, edit or click anything for the user.
"""

from __future__ import annotations

import secrets as random_tokens
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QPalette, QTextBlockFormat, QTextCharFormat, QTextCursor

from .transcript_style import coloured, small

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


class CommandLinks:
    def __init__(self, view: QWidget):
        self._view = view  # whose palette the links take
        self.prefix = f"genai-app://{random_tokens.token_hex(8)}/"
        self.copy_texts: dict[int, str] = {}  # the number in a copy link's address -> the text it copies

    def insert(self, cursor: QTextCursor, label: str, command: str, new_block: bool = True) -> None:
        """A small link at cursor (in a block of its own with new_block) that asks for command when clicked."""
        if new_block:
            cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        link = small(coloured(QTextCharFormat(), self._view.palette(), QPalette.Link))
        link.setAnchor(True)
        link.setAnchorHref(f"{self.prefix}{command}")
        cursor.insertText(label, link)

    def insert_copy(self, cursor: QTextCursor, label: str, text: str) -> None:
        number = len(self.copy_texts) + 1
        self.copy_texts[number] = text
        self.insert(cursor, label, f"copy/{number}")

    def command(self, url: QUrl) -> str | None:
        """The command of one of these links; None for any other link."""
        address = url.toString()
        return address[len(self.prefix):] if address.startswith(self.prefix) else None

    def clear(self) -> None:
        self.copy_texts.clear()
