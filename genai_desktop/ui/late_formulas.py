"""Formulas of a streaming answer swapped in once laid out: the window never waits for ziamath.

While an answer streams (and while the rest of a streamed answer is shown in steps), a group is
rendered with the formulas ziamath has laid out so far; one not laid out yet shows as its source
in a code span for the moment (math_render.formulas_not_waited_for), and is laid out on the
formulas thread meanwhile. The group is kept here and rendered again in place, by the same code
that renders an answer at once, as soon as all its formulas are laid out: the answer ends up as
the same answer reopened from the history. (Waiting instead stalled the window for the ~0.4 s
ziamath takes to load at the first formula, and for up to 0.1 s a second after that.)

Tables (laid out cell by cell, and their frames make a group's range awkward to replace) and code
(which has no formulas) are rendered waiting, as before.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtGui import QTextBlockFormat, QTextCharFormat, QTextCursor

from .answer_stream import FLUSH_INTERVAL_MS, fixed_mark
from .markdown_stream import MarkdownBlock
from .math_render import formulas_ready

if TYPE_CHECKING:
    from .transcript import TranscriptView

SWAP_BUDGET_SECONDS = 0.004  # groups rendered again per tick; the rest in the next one


@dataclass
class _Waiting:
    """A group shown with some of its formulas as code, until they are laid out."""
    start: QTextCursor  # fixed_marks around it
    end: QTextCursor
    shown: str  # its text as shown: a group redrawn or cleared since is left alone
    group: MarkdownBlock
    keys: set[tuple[str, bool]]  # its formulas not laid out when it was rendered
    formats: tuple[QTextBlockFormat, QTextCharFormat]  # of the empty block it was rendered in


def _range(view: TranscriptView, start: int, end: int) -> QTextCursor:
    cursor = QTextCursor(view.document())
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.KeepAnchor)
    return cursor


class LateFormulas(QObject):
    """The groups of one view waiting for their formulas, rendered again in order once these are laid out."""

    def __init__(self, view: TranscriptView, keep_scrolled: Callable[[Callable[[], None]], None]):
        super().__init__(view)
        self._view = view
        self._keep_scrolled = keep_scrolled  # the view's: reading at the end, the end stays in view
        self._waiting: list[_Waiting] = []
        self._timer = QTimer(self)
        self._timer.setInterval(FLUSH_INTERVAL_MS)
        self._timer.timeout.connect(self.swap_in_ready)

    @property
    def waiting(self) -> bool:
        """Some group shows a formula as code that will be drawn once laid out."""
        return bool(self._waiting)

    def keep(self, start: int, end: int, group: MarkdownBlock, keys: set[tuple[str, bool]],
             formats: tuple[QTextBlockFormat, QTextCharFormat]) -> None:
        """group, rendered from start to end with the formulas of keys as code: rendered again once they are ready."""
        document = self._view.document()
        self._waiting.append(_Waiting(fixed_mark(document, start), fixed_mark(document, end),
                                      _range(self._view, start, end).selectedText(), group, set(keys), formats))
        if not self._timer.isActive():
            self._timer.start()

    @Slot()
    def swap_in_ready(self) -> None:
        """Render again the groups whose formulas are all laid out now, for SWAP_BUDGET_SECONDS."""
        deadline = time.perf_counter() + SWAP_BUDGET_SECONDS
        for waiting in list(self._waiting):
            if time.perf_counter() > deadline:
                break
            if formulas_ready(waiting.keys):
                self._waiting.remove(waiting)
                self._keep_scrolled(lambda waiting=waiting: self._render_again(waiting))
        if not self._waiting:
            self._timer.stop()

    def _render_again(self, waiting: _Waiting) -> None:
        cursor = _range(self._view, waiting.start.position(), waiting.end.position())
        if cursor.selectedText() != waiting.shown:
            return  # redrawn or cleared since
        cursor.beginEditBlock()  # one relayout
        cursor.removeSelectedText()
        cursor.setBlockFormat(waiting.formats[0])  # the block as it was before the group was rendered in it
        cursor.setBlockCharFormat(waiting.formats[1])
        self._view.insert_group(cursor, waiting.group, formulas_later=True)
        cursor.endEditBlock()

    def clear(self) -> None:
        self._waiting.clear()
        self._timer.stop()
