"""The transcript: a QTextBrowser made safe for model output and fast for streaming.

Model output is untrusted. It is rendered with MarkdownNoHTML (raw HTML shows as text
and nothing after it is lost), images become "[image: host]" text and are never
fetched, links are never followed inside the view, and a click on an http(s) or
mailto link asks first, showing the real target. While an answer streams, finished
Markdown blocks are rendered once each and only the unfinished tail is redrawn, as a preview
that shows no Markdown syntax (stream_preview).

Qt's layout is slower than linear for a line without a break opportunity, a long block and
a big table, so the work is bounded for display only (the copy, history and export keep the
text whole): long runs get invisible break opportunities (markdown_render), long blocks are
cut into pieces (markdown_stream), and an answer is shown in steps, the rest of a very long
one behind "Show more" (answer_stream).
"""

from __future__ import annotations

import time
from contextlib import contextmanager, nullcontext
from typing import Callable

from PySide6.QtCore import QEvent, QMimeData, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import (
    QDesktopServices, QFont, QGuiApplication, QPalette, QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QStyle, QTextBrowser, QWidget

from ..core.validation import LinkVerdict, check_link
from .answer_stream import (
    DISPLAY_STEP_COST, END_STEP_COST, FLUSH_INTERVAL_MS, PREVIEW_PAUSE, AnswerStream, MoreLinks, fixed_mark,
)
from .code_blocks import CodeBlocks
from .command_links import CommandLinks
from .line_breaks import DISPLAY_BREAK
from .late_formulas import LateFormulas
from .link_dialog import ask_before_opening
from .markdown_render import NoResourceDocument, insert_markdown, remove_display_breaks
from .markdown_stream import MarkdownBlock
from .message_actions import MessageActions, is_action_row
from .message_layout import (
    DOCUMENT_MARGIN, column_margin, respace, shape_rendered, user_frame_format,
)
from .math_render import (
    MAX_SOURCE_CHARACTERS, OBJECT_REPLACEMENT, formula_sources_back, formulas_not_waited_for, prepare_formulas,
)
from .messages import copied_text, counted, link_not_opened_text, plain_tooltip
from .thinking_section import THINKING_COMMAND, ThinkingSections
from .transcript_attachments import Thumbnails, insert_attachment_chips
from .transcript_style import coloured, rescale, restyle

# Markdown rendering per tick while streaming; what does not fit waits for the next tick, which follows at once.
RENDER_BUDGET_SECONDS = 0.004
STEP_PAUSE_MS = 4  # between two steps of a streaming answer that follow at once: the window gets a turn


def _has_code(document: QTextDocument, start: int, end: int) -> bool:
    block = document.findBlock(start)
    while block.isValid() and block.position() <= end:
        if block.blockFormat().hasProperty(QTextFormat.BlockCodeFence):
            return True
        block = block.next()
    return False


def _code_preformatted(document: QTextDocument) -> None:
    """Code blocks as Qt's HTML writes <pre>: shown, their lines wrap in the column (shade_code_lines)."""
    cursor = QTextCursor(document)
    block = document.begin()
    while block.isValid():
        block_format = block.blockFormat()
        if block_format.hasProperty(QTextFormat.BlockCodeFence):
            block_format.setNonBreakableLines(True)
            cursor.setPosition(block.position())
            cursor.setBlockFormat(block_format)
        block = block.next()


class TranscriptView(QTextBrowser):
    notice = Signal(str)  # short feedback for the status bar ("Copied", "Link blocked")
    editRequested = Signal(int)  # the index of the turn whose prompt the user wants to edit
    earlierRequested = Signal()  # "Show earlier messages" was clicked
    versionStepRequested = Signal(int, int)  # the turn whose answer to show in another version, -1 or +1

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("transcriptView")
        self.setAccessibleName(self.tr("Conversation"))
        self.setAccessibleDescription(self.tr("The messages of this chat. Answers can be selected and copied."))
        self.setPlaceholderText(self.tr("Your conversation appears here. Type a message below to start."))
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setUndoRedoEnabled(False)
        self.document().setUndoRedoEnabled(False)
        self.document().setDocumentMargin(DOCUMENT_MARGIN)
        respace(self.document(), self.font())  # lists indent by the text size from the start
        self.anchorClicked.connect(self._on_anchor_clicked)
        self.highlighted.connect(self._on_link_hovered)
        self.command_links = CommandLinks(self)
        self.message_actions = MessageActions(self)
        self._answer_turn: tuple[int | None, int, int] = (None, 1, 1)  # the streaming answer's turn, version, versions
        self._message_starts: dict[int, QTextCursor] = {}  # history message id -> a fixed_mark where it starts
        self._more_links = MoreLinks(self)
        self.thinking = ThinkingSections(self)
        self.late_formulas = LateFormulas(self, self._keep_scrolled)
        self._stream: AnswerStream | None = None
        self._colours_next = False  # the next step of a streaming answer is a colour pass (code in view)
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(FLUSH_INTERVAL_MS)
        self._flush_timer.timeout.connect(self._flush)
        self.blocked_resources: list[str] = []
        # Replaceable in tests; the defaults ask the user and hand the URL to the system browser.
        self.confirm_link: Callable[[QUrl], bool] = self._ask_before_opening
        self.open_link: Callable[[QUrl], bool] = QDesktopServices.openUrl

    # --- safety ------------------------------------------------------------------------------

    def loadResource(self, type_: int, url: QUrl):  # noqa: N802 - Qt API
        """Never fetch or read anything an answer names; images were replaced by text anyway."""
        self.blocked_resources.append(url.toString())
        return None

    def setSource(self, url: QUrl, type_=None) -> None:  # noqa: N802 - Qt API
        """Navigation inside the transcript would replace the conversation: refuse it."""
        self.blocked_resources.append(url.toString())

    def createMimeDataFromSelection(self) -> QMimeData:  # noqa: N802 - Qt API
        """A copied selection is the text itself: without the breaks added for display, formulas as written,
        code as preformatted text (shown, its lines wrap; pasted, they keep their indentation)."""
        data = super().createMimeDataFromSelection()
        cursor = self.textCursor()
        selected = cursor.selectedText()
        if DISPLAY_BREAK not in selected and OBJECT_REPLACEMENT not in selected and not _has_code(
                self.document(), cursor.selectionStart(), cursor.selectionEnd()):
            return data
        scratch = NoResourceDocument()
        QTextCursor(scratch).insertFragment(cursor.selection())
        remove_display_breaks(scratch)
        formula_sources_back(scratch)
        _code_preformatted(scratch)
        clean = QMimeData()
        clean.setText(scratch.toPlainText())
        clean.setHtml(scratch.toHtml())
        return clean

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        """Light/dark switched: what is shown takes the new colours (new text does anyway)."""
        super().changeEvent(event)
        if event.type() == QEvent.PaletteChange:
            restyle(self.document(), self.palette())
        elif event.type() == QEvent.FontChange:  # Ctrl++ / Ctrl-: headings, the column and the bars follow
            rescale(self.document(), self.font())
            respace(self.document(), self.font())
            self._fit_column()
            self.message_actions.schedule()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        """Reading at the end, the end stays in view when the view shrinks (the error banner comes)."""
        self._keep_scrolled(lambda: (QTextBrowser.resizeEvent(self, event), self._fit_column()))

    def scroll_to_end(self) -> None:
        self.verticalScrollBar().setValue(self.verticalScrollBar().maximum())

    def _fit_column(self) -> None:
        """A readable column of body text, centred in a wide window."""
        # Measured as if the scroll bar were there: the column does not shift (and relayout) when it comes.
        bar = self.verticalScrollBar()
        width = self.contentsRect().width() - self.style().pixelMetric(QStyle.PM_ScrollBarExtent, None, bar)
        margin = column_margin(width, self.font())
        root = self.document().rootFrame()
        frame_format = root.frameFormat()
        if frame_format.leftMargin() != margin or frame_format.rightMargin() != margin:
            frame_format.setLeftMargin(margin)
            frame_format.setRightMargin(margin)
            root.setFrameFormat(frame_format)

    @Slot(QUrl)
    def _on_link_hovered(self, url: QUrl) -> None:
        # Escaped: the address comes from the model, and Qt shows HTML-looking tooltips as rich text.
        shown = not url.isEmpty() and self.command_links.command(url) is None
        self.setToolTip(plain_tooltip(url.toString()) if shown else "")

    @Slot(QUrl)
    def _on_anchor_clicked(self, url: QUrl) -> None:
        command = self.command_links.command(url)
        if command is not None:
            self._run_command(command)
            return
        target = url.toString(QUrl.FullyEncoded)
        verdict = check_link(target)
        if verdict is not LinkVerdict.ALLOWED:
            self.notice.emit(link_not_opened_text(target, verdict is LinkVerdict.MAILTO_ATTACHMENT))
            return
        if self.confirm_link(url):
            self.open_link(url)

    def _ask_before_opening(self, url: QUrl) -> bool:
        return ask_before_opening(url, self)

    def _run_command(self, command: str) -> None:
        action, _, number = command.partition("/")
        if action == "copy" and number.isdigit() and int(number) in self.command_links.copy_texts:
            QGuiApplication.clipboard().setText(self.command_links.copy_texts[int(number)])
            self.notice.emit(copied_text())
        elif action == "earlier":
            self.earlierRequested.emit()
        elif action == "more" and number.isdigit() and int(number) in self._more_links:
            self._more_links.show(int(number), clicked=True)
        elif action == THINKING_COMMAND and number.isdigit():
            self._keep_scrolled(lambda: self.thinking.toggle(int(number)))

    # --- building the transcript -----------------------------------------------------------------

    def _end_cursor(self) -> QTextCursor:
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.End)
        return cursor

    def _keep_scrolled(self, change: Callable[[], None]) -> None:
        bar = self.verticalScrollBar()
        at_bottom = bar.value() >= bar.maximum() - 4
        change()
        if at_bottom:
            bar.setValue(bar.maximum())

    def _new_block(self, cursor: QTextCursor, top_margin: float = 0) -> None:
        if self.document().isEmpty():
            return
        block_format = QTextBlockFormat()
        block_format.setTopMargin(top_margin)
        if cursor.block().length() == 1 and not is_action_row(cursor) and self._after_frame(cursor):
            cursor.setBlockFormat(block_format)  # the empty line Qt keeps after a frame (a user's message): used
        else:
            cursor.insertBlock(block_format, QTextCharFormat())

    @staticmethod
    def _after_frame(cursor: QTextCursor) -> bool:
        previous = cursor.block().previous()
        return previous.isValid() and QTextCursor(previous).currentFrame() is not cursor.currentFrame()

    def _heading_format(self) -> QTextCharFormat:
        heading = coloured(QTextCharFormat(), self.palette(), QPalette.Highlight)
        heading.setFontWeight(QFont.Bold)
        return heading

    def _insert_heading(self, text: str) -> None:
        cursor = self._end_cursor()
        self._new_block(cursor, top_margin=14)
        cursor.insertText(text, self._heading_format())

    def add_earlier_link(self, hidden: int) -> None:
        """At the top of a long chat: only its latest messages are rendered until this is clicked."""
        self.command_links.insert(self._end_cursor(), counted(hidden, self.tr("Show 1 earlier message"),
                                                              self.tr("Show %1 earlier messages")),
                                  "earlier", new_block=False)

    def _mark_start(self, message_id: int | None) -> None:
        if message_id is not None:
            self._message_starts[message_id] = fixed_mark(self.document(), self._end_cursor().position())

    def add_user_message(self, text: str, message_id: int | None = None, edit_index: int | None = None,
                         parts: tuple = ()) -> None:
        """The user's message in a tinted block, with Copy and (given the turn's index) Edit and resend;
        its attachments (parts) as chips under its text."""
        def change() -> None:
            cursor = self._end_cursor()
            spacer = QTextBlockFormat()  # the frame goes in an empty block of its own, kept out of sight
            spacer.setLineHeight(1, QTextBlockFormat.FixedHeight.value)
            if is_action_row(cursor) or cursor.block().length() > 1:
                cursor.insertBlock(spacer, QTextCharFormat())
            else:
                cursor.setBlockFormat(spacer)
            self._mark_start(message_id)
            cursor.insertFrame(user_frame_format(self.palette(), self.font()))
            cursor.insertText(self.tr("You"), self._heading_format())
            cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
            cursor.insertText(text, QTextCharFormat())
            if parts:
                if text:
                    cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
                insert_attachment_chips(cursor, parts, self.palette(), Thumbnails.of(self), self.devicePixelRatioF())
            self.message_actions.add(cursor, text, edit_index, answer=False)

        self._keep_scrolled(change)

    def add_answer(self, model: str, text: str, note: str = "", details: str = "",
                   message_id: int | None = None, reasoning: str = "", turn_index: int | None = None,
                   version: int = 1, versions: int = 1) -> None:
        """A finished answer from the history, rendered at once (its thinking collapsed above it)."""
        self.begin_answer(model, message_id, reasoning, turn_index, version, versions)
        self.append_answer(text)
        self.end_answer(note, details)

    @contextmanager
    def batch(self):
        """Many insertions, one relayout: edit blocks nest, the document lays out once at the end."""
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        try:
            yield
        finally:
            cursor.endEditBlock()

    def jump_to(self, message_id: int, words: str = "") -> bool:
        """Scroll to a message and select the first of words in it (search results)."""
        mark = self._message_starts.get(message_id)
        if mark is None:
            return False
        start = mark.position()
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        for word in words.split():
            found = self.document().find(word, start)
            if not found.isNull():
                cursor = found
                break
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())  # then back up, so the message ends up near the top
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        return True

    def add_note(self, text: str, warning: bool = True) -> None:
        """A line from the app itself (cut-off marks, errors), visibly not part of the answer."""
        def change() -> None:
            cursor = self._end_cursor()
            self._new_block(cursor, top_margin=4)
            note = coloured(QTextCharFormat(), self.palette(), QPalette.PlaceholderText)
            note.setFontItalic(True)
            cursor.insertText(("⚠ " if warning else "") + text, note)

        self._keep_scrolled(change)

    def begin_answer(self, model: str, message_id: int | None = None, reasoning: str = "",
                     turn_index: int | None = None, version: int = 1, versions: int = 1) -> None:
        """turn_index, version, versions: for the answer's bar (the version switcher shows with versions > 1)."""
        self.end_answer()
        self._answer_turn = (turn_index, version, versions)
        self._mark_start(message_id)
        self._keep_scrolled(lambda: self._insert_heading(self.tr("Assistant · %1").replace("%1", model)))
        cursor = self._end_cursor()
        self._new_block(cursor)
        self._keep_scrolled(lambda: self.thinking.begin_answer(cursor, reasoning))
        self._stream = AnswerStream(tail_start=fixed_mark(self.document(), cursor.position()))

    def append_thinking(self, text: str) -> None:
        """The model's thinking before the streaming answer: shown apart, above it, as plain text."""
        if self._stream is not None and text:
            self._keep_scrolled(lambda: self.thinking.append(self._stream.tail_start, text))

    def append_answer(self, text: str) -> None:
        if self._stream is None or not text:
            return
        if text.strip():
            self._keep_scrolled(self.thinking.answer_started)
        self._stream.pending.append(text)
        if not self._flush_timer.isActive():
            self._flush_timer.start(FLUSH_INTERVAL_MS)

    @property
    def streaming(self) -> bool:
        return self._stream is not None

    @property
    def showing_rest(self) -> bool:
        """The rest of an ended answer is still being shown, step by step."""
        return bool(self._more_links.showing)

    @property
    def settled(self) -> bool:
        """Nothing more appears by itself: no answer streams, no steps of an ended one are still coming, no
        code block waits for its colours, no formula for its drawing."""
        return (self._stream is None and not self.showing_rest and not CodeBlocks.of(self).colouring
                and not self.late_formulas.waiting)

    def end_answer(self, note: str = "", details: str = "") -> str:
        """Render the rest of the streaming answer, the app's note and details (tokens); returns the answer."""
        stream = self._stream
        if stream is None:
            return ""
        self._flush_timer.stop()
        ended: list[str] = []

        def end() -> None:
            with self.batch():  # one relayout for the rest, the notes and the actions, not one for each
                self.thinking.end_stream()
                # A streamed answer's rest is rendered in budgeted steps: the end of a long answer never freezes
                # the window (add_answer, the answer at once, renders its first step whole, as opening a chat does).
                streamed = bool(stream.text)
                stream.finish()
                self._render_tail(stream, budget=RENDER_BUDGET_SECONDS if streamed else None)
                if streamed:
                    stream.hold_rest()
                self._stream = None
                CodeBlocks.of(self).resume_colours()  # the blocks left plain while it streamed
                cursor = self._end_cursor()
                if cursor.block().length() == 1 and cursor.blockNumber() > 0:
                    cursor.deletePreviousChar()  # the empty paragraph that waited for more text
                if stream.held:
                    self._more_links.hold(self._end_cursor(), stream.held, stream.held_automatic,
                                          END_STEP_COST if streamed else DISPLAY_STEP_COST, formulas_later=streamed)
                if note:
                    self.add_note(note)
                if details:
                    self.add_note(details, warning=False)
                text = "".join(stream.text)
                if text.strip():
                    turn_index, version, versions = self._answer_turn
                    self.message_actions.add(self._end_cursor(), text, turn_index, True, version, versions)
                ended.append(text)

        self._keep_scrolled(end)  # once, after the batch (inside it, the view is not laid out)
        return ended[0]

    def clear_transcript(self) -> None:
        self._flush_timer.stop()
        self._stream = None
        self.command_links.clear()
        self.message_actions.clear()
        self._message_starts.clear()
        self._more_links.clear()
        self.late_formulas.clear()
        self.thinking.clear()
        Thumbnails.of(self).clear()
        self.clear()
        self._fit_column()

    @Slot()
    def _flush(self) -> None:
        """One step of the streaming answer: its new text drawn, or (every other step) code colours in view."""
        stream = self._stream
        if stream is None:
            return
        if self._colours_next and CodeBlocks.of(self).colour_in_view():
            self._colours_next = False
            self._flush_timer.start(STEP_PAUSE_MS)  # the text's turn
            return
        text = stream.take_pending()
        prepare_formulas(stream.splitter.tail[-(len(text) + MAX_SOURCE_CHARACTERS):])  # laid out meanwhile
        if stream.group_ready() or (stream.preview_changed() and time.perf_counter() >= stream.preview_due):
            self._keep_scrolled(lambda: self._render_tail(stream, budget=RENDER_BUDGET_SECONDS))
            self._colours_next = CodeBlocks.of(self).colouring
        if not self._flush_timer.isActive():
            if stream.group_ready() or self._colours_next:
                self._flush_timer.start(STEP_PAUSE_MS)  # the next step after a turn for everything else
            elif stream.preview_changed():
                self._flush_timer.start(FLUSH_INTERVAL_MS)  # the preview waited: drawn later, even if no text comes

    def _render_tail(self, stream: AnswerStream, budget: float | None) -> None:
        """Render finished groups as Markdown (for at most budget seconds), the rest as a preview without syntax."""
        started = time.perf_counter()
        deadline = None if budget is None else started + budget
        stream.step_cost = 0
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()  # one relayout for the whole change
        cursor.setPosition(stream.tail_start.position())
        cursor.movePosition(QTextCursor.End, QTextCursor.KeepAnchor)
        cursor.removeSelectedText()
        if stream.preview_shown:  # the preview's first block took its formats (a list's, a heading's): given back
            cursor.setBlockFormat(stream.tail_formats[0])
            cursor.setBlockCharFormat(stream.tail_formats[1])
        rendered = False
        # Within the budget: a group that would likely overrun it waits for the next pass (one follows at once),
        # so that the window gets a turn (and draws) between two long groups.
        while deadline is None or not rendered or stream.fits(deadline - time.perf_counter()):
            group = stream.next_group()
            if group is None:
                break
            if stream.shows_now(group, timed=budget is not None):
                group_started = time.perf_counter()
                self.insert_group(cursor, group, formulas_later=budget is not None)
                stream.rendered(group, time.perf_counter() - group_started)
                rendered = True
        if cursor.block().length() > 1:
            cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        stream.tail_start.setPosition(cursor.position())
        stream.tail_formats = (cursor.blockFormat(), cursor.blockCharFormat())
        preview = stream.preview()
        with formulas_not_waited_for():  # the preview is drawn again anyway
            for block in preview:
                self.insert_group(cursor, block)
        stream.preview_shown = [block.text for block in preview]
        cursor.endEditBlock()
        finished = time.perf_counter()
        stream.preview_due = finished + PREVIEW_PAUSE * (finished - started)

    def insert_group(self, cursor: QTextCursor, group: MarkdownBlock, formulas_later: bool = False) -> None:
        """One group of an answer rendered at cursor; a code block with its header, Copy button and colours.

        formulas_later (a streamed answer): formulas not laid out yet are not waited for; shown as code for
        now, the group is rendered again once they are (late_formulas). Tables wait (bounded) as before.
        """
        # Each group starts in an empty block: a new one, or the empty one Qt leaves after a table.
        if cursor.block().length() > 1:
            cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        later = formulas_later and not group.is_code and not group.table_rows
        start, formats = cursor.position(), (cursor.blockFormat(), cursor.blockCharFormat()) if later else None
        with formulas_not_waited_for() if later else nullcontext() as missing:
            if group.is_code:
                CodeBlocks.of(self).insert(cursor, group)
            else:
                insert_markdown(cursor, group)
                if not group.table_rows:
                    shape_rendered(self.document(), start, cursor.position(), self.palette(),
                                   self.font().pointSizeF(), group.text)
        if missing:
            self.late_formulas.keep(start, cursor.position(), group, missing, formats)
