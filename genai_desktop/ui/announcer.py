"""Tells screen readers about answers: when one is finished, and optionally sentence by sentence."""

from __future__ import annotations

import re

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent

_SENTENCE_END = re.compile(r"[.!?:;](?=\s)|\n")
LONGEST_ANNOUNCEMENT = 2000


def spoken_text(text: str) -> str:
    """text with its whitespace runs as single spaces, at most LONGEST_ANNOUNCEMENT characters.

    Only as much of text is looked at as that takes: the end of a long answer stays as quick as a short one's.
    """
    looked_at = 2 * LONGEST_ANNOUNCEMENT
    while True:
        spoken = " ".join(text[:looked_at].split())
        if len(spoken) > LONGEST_ANNOUNCEMENT:
            return spoken[: LONGEST_ANNOUNCEMENT - 1] + "…"
        if looked_at >= len(text):
            return spoken
        looked_at *= 4  # mostly whitespace so far


class Announcer(QObject):
    announced = Signal(str)  # every announcement, for a visible status line and for tests

    def __init__(self, target: QObject, parent: QObject | None = None):
        super().__init__(parent)
        self._target = target  # the accessible object the announcements come from
        self._pending = ""
        self.while_streaming = False

    def announce(self, text: str, assertive: bool = False) -> None:
        text = spoken_text(text)
        if not text:
            return
        event = QAccessibleAnnouncementEvent(self._target, text)
        event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive if assertive
                            else QAccessible.AnnouncementPoliteness.Polite)
        QAccessible.updateAccessibility(event)
        self.announced.emit(text)

    def answer_started(self) -> None:
        self._pending = ""

    def answer_text(self, text: str) -> None:
        """While streaming (if switched on): announce each finished sentence."""
        if not self.while_streaming:
            return
        self._pending += text
        last_end = None
        for last_end in _SENTENCE_END.finditer(self._pending):
            pass
        if last_end is not None:
            self.announce(self._pending[: last_end.end()])
            self._pending = self._pending[last_end.end():]

    def answer_finished(self, summary: str, answer: str) -> None:
        """The whole answer when it is done, or (while streaming) what was not yet read out."""
        rest = self._pending if self.while_streaming else answer
        self._pending = ""
        self.announce(f"{summary} {rest}".strip())
