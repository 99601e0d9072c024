"""A reasoning model's thinking in the transcript: a collapsible section above its answer.

The section is a toggle line (one of the view's own command links, so an answer cannot forge it)
and, while open, the thinking under it as plain, muted text (the palette's PlaceholderText, so it
follows light and dark). It is open while the thinking arrives and collapses once the answer
starts; a reopened chat shows it collapsed. The thinking is model output: it is inserted as plain
text only, never read as markup, and can therefore never name a resource to load.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QPalette, QTextBlockFormat, QTextCharFormat, QTextCursor

from .answer_stream import fixed_mark
from .markdown_render import insert_with_breaks
from .transcript_style import coloured

if TYPE_CHECKING:
    from .transcript import TranscriptView

SHOWN_CHARACTERS = 200_000  # of one answer's thinking; the rest is kept (history, export), not laid out
THINKING_COMMAND = "thinking"


@dataclass
class ThinkingSection:
    number: int
    toggle: QTextCursor  # a fixed_mark at the start of the toggle line's block
    text: str = ""
    open: bool = False
    arriving: bool = False  # the thinking of the answer streaming now is coming in
    started: float | None = None  # when it began to arrive (monotonic), if it arrived while shown
    seconds: int | None = None  # how long the model thought, when known
    body_length: int = 0  # document positions the open thinking takes after the toggle line
    shown: int = 0  # characters of text shown while open
    run: int = 0  # the run without a break opportunity at the end of what is shown


class ThinkingSections(QObject):
    """The thinking sections of one transcript, and the one of the answer streaming now."""

    toggled = Signal(str)  # what a screen reader is told when a section opens or closes

    def __init__(self, view: TranscriptView):
        super().__init__(view)
        self._view = view
        self._sections: dict[int, ThinkingSection] = {}
        self._numbers = itertools.count(1)
        self.streaming: ThinkingSection | None = None  # the section of the answer that streams now
        self._answer_start: QTextCursor | None = None  # where that answer begins

    # --- the transcript's calls ---------------------------------------------------------------

    def begin_answer(self, cursor: QTextCursor, reasoning: str) -> None:
        """An answer begins at cursor (an empty block): its stored thinking, if any, as a collapsed section
        there (cursor ends after it); thinking that arrives later goes here too."""
        self._answer_start = fixed_mark(self._view.document(), cursor.position())
        self.streaming = self._add(cursor, reasoning) if reasoning else None

    def _add(self, cursor: QTextCursor, text: str) -> ThinkingSection:
        """A section at cursor (the start of an answer's first block), collapsed; cursor ends after it."""
        section = ThinkingSection(next(self._numbers), fixed_mark(self._view.document(), cursor.position()), text)
        self._sections[section.number] = section
        self._view.command_links.insert(cursor, self._label(section), f"{THINKING_COMMAND}/{section.number}",
                                        new_block=False)
        cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        return section

    def append(self, tail_start: QTextCursor, text: str) -> None:
        """Thinking of the streaming answer arrived: its section (made where the answer begins if there is
        none yet) is open while it arrives. tail_start, where the answer's unrendered text begins, stays after it."""
        section = self.streaming
        if section is None:
            if self._answer_start is None:
                return
            cursor = QTextCursor(self._view.document())
            cursor.setPosition(self._answer_start.position())
            section = self.streaming = self._add(cursor, "")
            if tail_start.position() < cursor.position():
                tail_start.setPosition(cursor.position())
        if not section.arriving:
            section.arriving, section.started = True, time.monotonic()
            self._set_open(section, True)
        section.text += text
        if section.open:
            self._show_more(section)

    def answer_started(self) -> None:
        """The answer's first words: the thinking is done and folds away."""
        section = self.streaming
        if section is not None and section.arriving:
            self._stop_arriving(section)
            self._set_open(section, False)

    def end_stream(self) -> None:
        """The streaming answer ended: a thinking cut off before any answer stays as it is, open."""
        section, self.streaming, self._answer_start = self.streaming, None, None
        if section is not None and section.arriving:
            self._stop_arriving(section)
            self._relabel(section)

    def toggle(self, number: int) -> None:
        section = self._sections.get(number)
        if section is None:
            return
        self._set_open(section, not section.open)
        self.toggled.emit(self.tr("Thinking shown") if section.open else self.tr("Thinking hidden"))

    def is_open(self, number: int) -> bool:
        return self._sections[number].open

    def numbers(self) -> list[int]:
        return list(self._sections)

    def clear(self) -> None:
        self._sections.clear()
        self.streaming = self._answer_start = None

    # --- the document --------------------------------------------------------------------------

    def _label(self, section: ThinkingSection) -> str:
        if section.arriving:
            words = self.tr("Thinking…")
        elif section.seconds is not None:
            words = self.tr("Thought for %1 s").replace("%1", str(section.seconds))
        else:
            words = self.tr("Thinking")
        return f"{words} {'▾' if section.open else '▸'}"

    def _stop_arriving(self, section: ThinkingSection) -> None:
        section.arriving = False
        if section.started is not None:
            section.seconds = max(1, round(time.monotonic() - section.started))

    def _relabel(self, section: ThinkingSection) -> None:
        cursor = QTextCursor(section.toggle.block())
        cursor.beginEditBlock()
        cursor.movePosition(QTextCursor.EndOfBlock, QTextCursor.KeepAnchor)
        cursor.removeSelectedText()
        self._view.command_links.insert(cursor, self._label(section), f"{THINKING_COMMAND}/{section.number}",
                                        new_block=False)
        cursor.endEditBlock()

    def _body_start(self, section: ThinkingSection) -> int:
        block = section.toggle.block()
        return block.position() + block.length() - 1  # the end of the toggle line

    def _set_open(self, section: ThinkingSection, shown: bool) -> None:
        if section.open == shown:
            self._relabel(section)
            return
        cursor = QTextCursor(self._view.document())
        cursor.beginEditBlock()
        section.open = shown
        if shown:
            section.shown, section.run, section.body_length = 0, 0, 0
            self._show_more(section)
        else:
            start = self._body_start(section)
            cursor.setPosition(start)
            cursor.setPosition(start + section.body_length, QTextCursor.KeepAnchor)
            cursor.removeSelectedText()
            section.body_length = 0
        self._relabel(section)
        cursor.endEditBlock()

    def _show_more(self, section: ThinkingSection) -> None:
        """The part of the thinking not shown yet, at the end of the open section (up to SHOWN_CHARACTERS)."""
        if section.shown >= len(section.text) or section.shown > SHOWN_CHARACTERS:
            return
        piece = section.text[section.shown:SHOWN_CHARACTERS]
        section.shown += len(piece)
        cut = section.shown >= SHOWN_CHARACTERS and len(section.text) > SHOWN_CHARACTERS
        text = piece.lstrip("\n") if section.body_length == 0 else piece
        if cut:
            text = text.rstrip() + " …"
            section.shown = SHOWN_CHARACTERS + 1  # nothing more is shown
        if not text:
            return
        start = self._body_start(section)
        cursor = QTextCursor(self._view.document())
        cursor.setPosition(start + section.body_length)
        cursor.beginEditBlock()
        muted = coloured(QTextCharFormat(), self._view.palette(), QPalette.PlaceholderText)
        if section.body_length == 0:
            indented = QTextBlockFormat()
            indented.setLeftMargin(12)
            cursor.insertBlock(indented, muted)
        section.run = insert_with_breaks(cursor, text, muted, section.run)
        section.body_length = cursor.position() - start
        cursor.endEditBlock()
