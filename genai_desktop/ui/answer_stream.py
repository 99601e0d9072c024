"""An answer shown in steps: the state of the answer streaming in, and the groups held back.

Finished Markdown blocks are rendered in groups, once each; the rest (the blocks of a group
not complete yet and the block being written) is redrawn as a preview that shows no Markdown
syntax (stream_preview), as often as its cost allows. An answer shows at most DISPLAY_STEP_COST of layout work at once and adds the rest
step by step, up to SHOWN_WITHOUT_CLICK_COST; anything after that waits behind a "Show more"
link (MoreLinks). Which groups are shown without a click depends only on the text, never on
timing: a streamed answer ends up like the same answer reopened from the history.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Slot
from PySide6.QtGui import QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument

from .markdown_stream import MarkdownBlock, MarkdownBlockSplitter
from .messages import counted
from .stream_preview import preview_block

if TYPE_CHECKING:
    from .transcript import TranscriptView

FLUSH_INTERVAL_MS = 30
GROUP_CHARACTERS = 1500  # keeps one rendering step short
DISPLAY_STEP_COST = 100_000  # what an answer shows at once (and each step after it adds), in prose characters
END_STEP_COST = 2 * GROUP_CHARACTERS  # a step after a streamed answer ended: about as long as a streaming tick
SHOWN_WITHOUT_CLICK_COST = 1_500_000  # an answer is shown step by step up to this; the rest on "Show more"
PREVIEW_PAUSE = 2  # after a preview that took t to draw, the next waits 2 t: its share of the GUI thread stays small


def fixed_mark(document: QTextDocument, position: int) -> QTextCursor:
    """A place in document that moves with text inserted or removed before it, not with text inserted at it."""
    mark = QTextCursor(document)
    mark.setPosition(position)
    mark.setKeepPositionOnInsert(True)
    return mark


@dataclass
class AnswerStream:
    tail_start: QTextCursor  # a fixed_mark where the preview of what is not rendered yet begins
    splitter: MarkdownBlockSplitter = field(default_factory=MarkdownBlockSplitter)
    unrendered: list[MarkdownBlock] = field(default_factory=list)  # finished, not rendered yet (in the preview)
    finished: bool = False  # the splitter has handed out the last block
    pending: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    shown_cost: int = 0  # layout work of the groups shown or to be shown without a click, in prose characters
    step_cost: int = 0  # of the groups rendered in this one (unbudgeted) step
    held: list[MarkdownBlock] = field(default_factory=list)  # groups not shown yet, behind "Show more"
    held_automatic: int = 0  # how many of them are shown by the next steps without a click
    preview_shown: list[str] = field(default_factory=list)  # the Markdown of the preview's blocks shown now
    preview_due: float = 0.0  # perf_counter time from which the preview may be drawn again
    tail_formats: tuple[QTextBlockFormat, QTextCharFormat] | None = None  # of the block at tail_start, before the preview
    seconds_per_cost: float = 0.0  # how long rendering a group took, per unit of its cost (the latest ones)

    def take_pending(self) -> str:
        """The text appended since the last flush, handed to the splitter."""
        text = "".join(self.pending)
        self.pending.clear()
        if text:
            self.text.append(text)
            self.unrendered.extend(self.splitter.feed(text))
        return text

    def finish(self) -> None:
        self.take_pending()
        self.unrendered.extend(self.splitter.finish())
        self.finished = True

    def shows_now(self, group: MarkdownBlock, timed: bool) -> bool:
        """Whether group is rendered in this step; if not, it is held (shown by a later step or a click).

        Without a time budget (timed False: a whole answer at once) one step is rendered, the rest by later steps.
        """
        automatic = (self.held_automatic == len(self.held) and (
            not self.shown_cost or self.shown_cost + group.cost <= SHOWN_WITHOUT_CLICK_COST))
        if automatic:
            self.shown_cost += group.cost
        if automatic and not self.held and (
                timed or not self.step_cost or self.step_cost + group.cost <= DISPLAY_STEP_COST):
            self.step_cost += group.cost
            return True
        self.held.append(group)
        self.held_automatic += automatic
        return False

    def hold_rest(self) -> None:
        """The groups a budgeted step left: held, to be shown by the next steps without a click (as far as
        they would be), so the end of a streamed answer never renders a backlog at once."""
        self.step_cost = DISPLAY_STEP_COST  # this step is over
        while (group := self.next_group()) is not None:
            self.shows_now(group, timed=False)

    def preview(self) -> list[MarkdownBlock]:
        """What stands for the rest of the answer while it streams: no Markdown syntax shows in it.

        Nothing while finished groups wait for their turn (they are drawn within ticks) or are held back.
        """
        if self.held or self.group_ready():
            return []
        prose = "".join(block.text for block in self.unrendered)  # blocks of a run not complete yet
        tail = preview_block(*self.splitter.unfinished())
        if tail is not None and not tail.is_code:
            prose, tail = prose + tail.text, None
        return [block for block in (MarkdownBlock(prose) if prose.strip() else None, tail) if block is not None]

    def preview_changed(self) -> bool:
        return [block.text for block in self.preview()] != self.preview_shown

    def next_group(self) -> MarkdownBlock | None:
        """One code block or table, or a run of other blocks rendered together (a loose list stays one list).

        A run ends only where the text says (its size, a code block or table after it, the end), never
        where the stream happened to pause: a streamed answer is grouped like a reopened one.
        """
        count = self._next_group_size()
        if not count:
            return None
        if count == 1 and (self.unrendered[0].is_code or self.unrendered[0].table_rows):
            return self.unrendered.pop(0)
        group, self.unrendered[:count] = self.unrendered[:count], []
        return MarkdownBlock("".join(block.text for block in group))

    def next_group_cost(self) -> int:
        """The cost of the group next_group() would hand out now (0: none)."""
        count = self._next_group_size()
        if count == 1 and (self.unrendered[0].is_code or self.unrendered[0].table_rows):
            return self.unrendered[0].cost
        return sum(len(block.text) for block in self.unrendered[:count])

    def rendered(self, group: MarkdownBlock, seconds: float) -> None:
        """group took seconds to render: the estimate of the next one's time follows."""
        if group.cost:
            rate = seconds / group.cost
            self.seconds_per_cost = rate if not self.seconds_per_cost else 0.7 * self.seconds_per_cost + 0.3 * rate

    def fits(self, seconds_left: float) -> bool:
        """Whether the next group is likely rendered within seconds_left (judged by the ones before it)."""
        return self.next_group_cost() * self.seconds_per_cost <= seconds_left

    def group_ready(self) -> bool:
        return self._next_group_size() > 0

    def _next_group_size(self) -> int:
        if not self.unrendered:
            return 0
        if self.unrendered[0].is_code or self.unrendered[0].table_rows:
            return 1
        count, size = 0, 0
        while (count < len(self.unrendered) and not self.unrendered[count].is_code
               and not self.unrendered[count].table_rows and size < GROUP_CHARACTERS):
            size += len(self.unrendered[count].text)
            count += 1
        if count == len(self.unrendered) and size < GROUP_CHARACTERS and not self.finished:
            return 0  # the run may go on
        return count


@dataclass
class _Held:
    link: QTextCursor  # at the start of the link's block: moves with text inserted before it
    groups: list[MarkdownBlock]
    automatic: int  # how many of groups appear without a click
    step_cost: int  # the most each step shows (at least one group)
    formulas_later: bool  # a streamed answer's rest: formulas not waited for (TranscriptView.insert_group)


class MoreLinks(QObject):
    """The groups of answers past their display budget, each answer's behind one "Show more" link.

    The marks the view keeps (message starts, the streaming tail) are QTextCursors: they move by
    themselves when a step inserts text before them.
    """

    def __init__(self, view: TranscriptView):
        super().__init__(view)
        self._view = view
        self._held: dict[int, _Held] = {}
        self._numbers = itertools.count(1)
        self.showing: list[int] = []  # links whose groups are still being added, a step per tick
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FLUSH_INTERVAL_MS)
        self._timer.timeout.connect(self.show_next_step)

    def __contains__(self, number: int) -> bool:
        return number in self._held

    def hold(self, cursor: QTextCursor, groups: list[MarkdownBlock], automatic: int,
             step_cost: int = DISPLAY_STEP_COST, formulas_later: bool = False) -> None:
        """A "Show more" link at cursor for groups; the first automatic of them follow by themselves, step_cost a step."""
        number = next(self._numbers)
        characters = sum(len(group.text) for group in groups)
        if cursor.block().length() > 1:  # the link takes the place of the next group, in a block of its own
            cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        label = counted(characters,
                        QCoreApplication.translate("TranscriptView", "Show more of this answer (1 more character)"),
                        QCoreApplication.translate("TranscriptView", "Show more of this answer (%1 more characters)"))
        self._view.command_links.insert(cursor, label, f"more/{number}", new_block=False)
        self._held[number] = _Held(QTextCursor(cursor.block()), list(groups), automatic, step_cost, formulas_later)
        if automatic:
            self.showing.append(number)
            if not self._timer.isActive():  # small steps (the end of a streamed answer) follow one another at once
                self._timer.start(0 if step_cost < DISPLAY_STEP_COST else FLUSH_INTERVAL_MS)

    @Slot()
    def show_next_step(self) -> None:
        """One step of one "Show more" per tick: the window stays responsive while the rest appears."""
        while self.showing:
            number = self.showing.pop(0)
            if number in self._held:
                self.show(number)
                break
        if self.showing:
            self._timer.start()  # another answer's rest is still coming

    def show(self, number: int, clicked: bool = False) -> None:
        """Replace a "Show more" link by the next step_cost of its groups, and a link for the rest.

        Later steps come by themselves for the groups marked automatic, and for all after a click.
        """
        held = self._held.pop(number)
        groups, automatic = held.groups, len(held.groups) if clicked else held.automatic
        cursor = QTextCursor(held.link.block())
        cursor.beginEditBlock()
        cursor.movePosition(QTextCursor.EndOfBlock, QTextCursor.KeepAnchor)
        cursor.removeSelectedText()
        cost = 0
        while automatic and (not cost or cost + groups[0].cost <= held.step_cost):
            group = groups.pop(0)
            automatic -= 1
            self._view.insert_group(cursor, group, held.formulas_later)
            cost += group.cost
        if groups:
            self.hold(cursor, groups, automatic, held.step_cost, held.formulas_later)
        elif cursor.block().length() == 1:
            cursor.deletePreviousChar()  # the link's empty block, as end_answer removes the tail's
        cursor.endEditBlock()

    def clear(self) -> None:
        self._held.clear()
        self.showing.clear()
        self._timer.stop()
