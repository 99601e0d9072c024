"""The transcript: a QTextBrowser made safe for model output and fast for streaming.

Model output is untrusted. It is rendered with MarkdownNoHTML (raw HTML shows as text
and nothing after it is lost), images become "[image: host]" text and are never
fetched, links are never followed inside the view, and a click on an http(s) or
mailto link asks first, showing the real target. While an answer streams, finished
Markdown blocks are rendered once each and only the unfinished tail is redrawn.

Qt's layout is slower than linear for a line without a break opportunity, a long block and
a big table, so the work is bounded for display only (the copy, history and export keep the
text whole): runs of more than RUN_CHARACTERS characters without a space get invisible break
opportunities, long blocks are cut into pieces (markdown_stream), and an answer shows at most
DISPLAY_STEP_COST of layout work at once and adds the rest step by step, up to
SHOWN_WITHOUT_CLICK_COST — anything after that is one click ("Show more") away.
"""

from __future__ import annotations

import itertools
import re
import secrets as random_tokens
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable

from PySide6.QtCore import Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtCore import QMimeData
from PySide6.QtGui import (
    QDesktopServices, QFont, QFontDatabase, QGuiApplication, QPalette, QTextBlock, QTextBlockFormat, QTextCharFormat,
    QTextCursor, QTextDocument, QTextDocumentFragment, QTextFormat,
)
from PySide6.QtWidgets import QTextBrowser, QWidget

from ..core.validation import LinkVerdict, check_link
from .line_breaks import DISPLAY_BREAK, display_breaks
from .link_dialog import ask_before_opening
from .markdown_stream import BLOCK_CHARACTERS, MarkdownBlock, MarkdownBlockSplitter
from .messages import counted, plain_tooltip

_Feature = QTextDocument.MarkdownFeature
MARKDOWN_FEATURES = _Feature(_Feature.MarkdownDialectGitHub.value | _Feature.MarkdownNoHTML.value)
FLUSH_INTERVAL_MS = 30
# Markdown rendering per tick while streaming; what does not fit waits as plain text.
RENDER_BUDGET_SECONDS = 0.004
GROUP_CHARACTERS = 1500  # keeps one rendering step short
RUN_CHARACTERS = 100  # the longest run without a break opportunity that Qt lays out
DISPLAY_STEP_COST = 100_000  # what an answer shows at once (and each step after it adds), in prose characters
SHOWN_WITHOUT_CLICK_COST = 1_500_000  # an answer is shown step by step up to this; the rest on "Show more"
TAIL_CHARACTERS = BLOCK_CHARACTERS  # the most of the not yet rendered text shown as plain text
BREAK_PROPERTY = QTextFormat.UserProperty + 1  # marks the DISPLAY_BREAKs the view put in (not the model)
_UNBROKEN_RUN = re.compile(rf"[^\s{DISPLAY_BREAK}]{{{RUN_CHARACTERS + 1},}}")


class _NoResourceDocument(QTextDocument):
    """A document that never reads a file or URL a model named."""

    def loadResource(self, type_: int, url: QUrl):  # noqa: N802 - Qt API
        return None


def _image_placeholder_text(url: str) -> str:
    host = QUrl(url).host() or QUrl(url).scheme() or "?"
    return QTextBrowser.tr("[image: %1 — not loaded]").replace("%1", host)


def _break_format(char_format: QTextCharFormat) -> QTextCharFormat:
    marked = QTextCharFormat(char_format)
    marked.setProperty(BREAK_PROPERTY, True)
    return marked


def insert_with_breaks(cursor: QTextCursor, text: str, char_format: QTextCharFormat, run_before: int = 0) -> int:
    """Insert plain text with display breaks in its long runs; returns the run at its end."""
    offsets, run = display_breaks(text, RUN_CHARACTERS, run_before)
    marked = _break_format(char_format)
    start = 0
    for offset in offsets:
        if offset > start:
            cursor.insertText(text[start:offset], char_format)
        cursor.insertText(DISPLAY_BREAK, marked)
        start = offset
    if start < len(text) or not offsets:
        cursor.insertText(text[start:], char_format)
    return run


def _utf16_length(text: str, end: int) -> int:
    """Where code point end of text is in a document, which counts UTF-16 units (an emoji is two)."""
    return len(text[:end].encode("utf-16-le")) // 2


def _break_long_runs(document: QTextDocument) -> None:
    """Break opportunities in every run of a rendered document; long code lines wrap too."""
    edit = None
    block = document.begin()
    while block.isValid():
        text = block.text()
        if block.length() > RUN_CHARACTERS and _UNBROKEN_RUN.search(text):
            if edit is None:  # only a document with a long run is edited (most are not)
                edit = QTextCursor(document)
                edit.beginEditBlock()  # a cursor outside an edit block lays its block out at every move
            block_format = block.blockFormat()
            if block_format.nonBreakableLines():  # a code line Qt would lay out in one piece
                block_format.setNonBreakableLines(False)
                QTextCursor(block).setBlockFormat(block_format)
            offsets, _run = display_breaks(text, RUN_CHARACTERS)
            cursor = QTextCursor(block)
            for offset in reversed(offsets):
                cursor.setPosition(block.position() + _utf16_length(text, offset))
                cursor.insertText(DISPLAY_BREAK, _break_format(cursor.charFormat()))
        block = block.next()
    if edit is not None:
        edit.endEditBlock()


def _remove_display_breaks(document: QTextDocument) -> None:
    breaks: list[tuple[int, int]] = []
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            piece = iterator.fragment()
            if piece.isValid() and piece.charFormat().hasProperty(BREAK_PROPERTY):
                breaks.append((piece.position(), piece.length()))
            iterator += 1
        block = block.next()
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    for position, length in reversed(breaks):
        cursor.setPosition(position)
        cursor.setPosition(position + length, QTextCursor.KeepAnchor)
        cursor.removeSelectedText()
    cursor.endEditBlock()


# Markdown that hides words by design: link and image targets, image alt texts, fence info strings,
# reference definitions, entities. Any other word missing after rendering was lost by the renderer.
_HIDDEN_BY_MARKDOWN = re.compile(
    r"!\[[^\]]*\](?:\([^)]*\)?)?|\]\([^)]*\)?|(?m:^ {0,3}(?:`{3,}|~{3,}).*$)|(?m:^ {0,3}\[[^\]]*\]:.*$)|&#?\w+;")
_WORD = re.compile(r"[^\W\d_]+")


def words_lost(markdown: str, shown: str) -> bool:
    """Whether a word of markdown is missing from its rendering (Qt drops a table row's extra cells)."""
    return any(word not in shown for word in set(_WORD.findall(_HIDDEN_BY_MARKDOWN.sub(" ", markdown))))


def render_markdown_fragment(markdown: str) -> tuple[QTextDocumentFragment, QTextBlockFormat]:
    """Markdown to a fragment with every image replaced by text; also the first block's format.

    Should the renderer lose a word, the block is shown as plain text instead: no text is hidden.
    """
    scratch = _NoResourceDocument()
    scratch.setMarkdown(markdown, MARKDOWN_FEATURES)
    shown = scratch.toPlainText()
    if words_lost(markdown, shown):
        scratch.setPlainText(markdown.strip("\n"))  # blank lines around it, as Markdown would drop them
        shown = scratch.toPlainText()
    # Few calls into Qt per group: while a worker thread holds the GIL, each one can wait for it
    # (walking every fragment cost ~1.7 ms a group while streaming). allFormats() is one call and
    # holds the format of every fragment, so a document without an image format is not walked.
    has_images = any(char_format.isImageFormat() for char_format in scratch.allFormats())
    images: list[tuple[int, int, str]] = []
    block = scratch.begin() if has_images else QTextBlock()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            piece = iterator.fragment()
            if piece.isValid() and piece.charFormat().isImageFormat():
                images.append((piece.position(), piece.length(), piece.charFormat().toImageFormat().name()))
            iterator += 1
        block = block.next()
    if images:
        edit = QTextCursor(scratch)
        edit.beginEditBlock()  # a cursor outside an edit block lays its block out at every move
        for position, length, url in reversed(images):
            cursor = QTextCursor(scratch)
            cursor.setPosition(position)
            cursor.setPosition(position + length, QTextCursor.KeepAnchor)
            placeholder = QTextCharFormat()
            placeholder.setFontItalic(True)
            cursor.insertText(_image_placeholder_text(url), placeholder)
        edit.endEditBlock()
    if images or _UNBROKEN_RUN.search(shown):
        _break_long_runs(scratch)
    return QTextDocumentFragment(scratch), scratch.firstBlock().blockFormat()


@dataclass
class _Streaming:
    splitter: MarkdownBlockSplitter = field(default_factory=MarkdownBlockSplitter)
    tail_start: int = 0  # document position where the plain-text tail begins
    tail_in_code: bool = False
    unrendered: list[MarkdownBlock] = field(default_factory=list)  # finished, still shown as plain text
    finished: bool = False  # the splitter has handed out the last block
    pending: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    shown_cost: int = 0  # layout work of the groups shown or to be shown without a click, in prose characters
    step_cost: int = 0  # of the groups rendered in this one (unbudgeted) step
    held: list[MarkdownBlock] = field(default_factory=list)  # groups not shown yet, behind "Show more"
    held_automatic: int = 0  # how many of them are shown by the next steps without a click
    tail_shown: int = 0  # characters of the plain tail shown
    tail_run: int = 0  # the run without a break opportunity at the end of the shown tail

    def plain_tail(self) -> str:
        if self.held:
            return ""  # what comes after held-back groups is held back too
        parts, size = [], 0
        for text in (*(block.text for block in self.unrendered), self.splitter.tail):
            if size >= TAIL_CHARACTERS:
                break
            parts.append(text)
            size += len(text)
        return "".join(parts)[:TAIL_CHARACTERS]

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


class TranscriptView(QTextBrowser):
    notice = Signal(str)  # short feedback for the status bar ("Copied", "Link blocked")
    editRequested = Signal(int)  # the index of the turn whose prompt the user wants to edit
    earlierRequested = Signal()  # "Show earlier messages" was clicked

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
        self.document().setDocumentMargin(12)
        self.anchorClicked.connect(self._on_anchor_clicked)
        self.highlighted.connect(self._on_link_hovered)
        self._command_prefix = f"genai-app://{random_tokens.token_hex(8)}/"  # models cannot forge these
        self._copy_texts: dict[int, str] = {}
        self._message_starts: dict[int, int] = {}  # history message id -> where it starts in the document
        # "Show more" link -> where it is, its groups, how many of them appear without a click
        self._held: dict[int, tuple[QTextCursor, list[MarkdownBlock], int]] = {}
        self._held_numbers = itertools.count(1)
        self._showing_more: list[int] = []  # clicked "Show more" links still adding their steps
        self._more_timer = QTimer(self)
        self._more_timer.setSingleShot(True)
        self._more_timer.setInterval(FLUSH_INTERVAL_MS)
        self._more_timer.timeout.connect(self._show_next_step)
        self._stream: _Streaming | None = None
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
        """A copied selection is the text itself, without the breaks added for display."""
        data = super().createMimeDataFromSelection()
        if DISPLAY_BREAK not in self.textCursor().selectedText():
            return data
        scratch = _NoResourceDocument()
        QTextCursor(scratch).insertFragment(self.textCursor().selection())
        _remove_display_breaks(scratch)
        clean = QMimeData()
        clean.setText(scratch.toPlainText())
        clean.setHtml(scratch.toHtml())
        return clean

    @Slot(QUrl)
    def _on_link_hovered(self, url: QUrl) -> None:
        # Escaped: the address comes from the model, and Qt shows HTML-looking tooltips as rich text.
        self.setToolTip("" if url.isEmpty() or self._is_command(url) else plain_tooltip(url.toString()))

    def _is_command(self, url: QUrl) -> bool:
        return url.toString().startswith(self._command_prefix)

    @Slot(QUrl)
    def _on_anchor_clicked(self, url: QUrl) -> None:
        if self._is_command(url):
            self._run_command(url.toString()[len(self._command_prefix):])
            return
        target = url.toString(QUrl.FullyEncoded)
        verdict = check_link(target)
        if verdict is LinkVerdict.MAILTO_ATTACHMENT:
            self.notice.emit(self.tr("This e-mail link was not opened: it asks to attach files from your computer."))
            return
        if verdict is not LinkVerdict.ALLOWED:
            self.notice.emit(self.tr("This link was not opened: only web and e-mail links can be opened (%1).")
                             .replace("%1", target[:200]))
            return
        if self.confirm_link(url):
            self.open_link(url)

    def _ask_before_opening(self, url: QUrl) -> bool:
        return ask_before_opening(url, self)

    def _run_command(self, command: str) -> None:
        action, _, number = command.partition("/")
        if action == "copy" and number.isdigit() and int(number) in self._copy_texts:
            QGuiApplication.clipboard().setText(self._copy_texts[int(number)])
            self.notice.emit(self.tr("Copied to the clipboard."))
        elif action == "edit" and number.isdigit():
            self.editRequested.emit(int(number))
        elif action == "earlier":
            self.earlierRequested.emit()
        elif action == "more" and number.isdigit() and int(number) in self._held:
            self._show_more(int(number), clicked=True)

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
        if not self.document().isEmpty():
            block_format = QTextBlockFormat()
            block_format.setTopMargin(top_margin)
            cursor.insertBlock(block_format, QTextCharFormat())

    def _insert_heading(self, text: str) -> None:
        cursor = self._end_cursor()
        self._new_block(cursor, top_margin=14)
        heading = QTextCharFormat()
        heading.setFontWeight(QFont.Bold)
        heading.setForeground(self.palette().color(QPalette.Highlight))
        cursor.insertText(text, heading)

    def _insert_command_link(self, cursor: QTextCursor, label: str, command: str, new_block: bool = True) -> None:
        """A small link of our own (copy, edit): models cannot forge the token in its address."""
        if new_block:
            cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        link = QTextCharFormat()
        link.setAnchor(True)
        link.setAnchorHref(f"{self._command_prefix}{command}")
        link.setForeground(self.palette().color(QPalette.Link))
        link.setFontPointSize(max(self.font().pointSizeF() * 0.85, 7))
        cursor.insertText(label, link)

    def _insert_copy_link(self, cursor: QTextCursor, label: str, text: str) -> None:
        number = len(self._copy_texts) + 1
        self._copy_texts[number] = text
        self._insert_command_link(cursor, label, f"copy/{number}")

    def add_earlier_link(self, hidden: int) -> None:
        """At the top of a long chat: only its latest messages are rendered until this is clicked."""
        self._insert_command_link(self._end_cursor(), counted(hidden, self.tr("Show 1 earlier message"),
                                                                  self.tr("Show %1 earlier messages")),
                                  "earlier", new_block=False)

    def _mark_start(self, message_id: int | None) -> None:
        if message_id is not None:
            self._message_starts[message_id] = self._end_cursor().position()

    def add_user_message(self, text: str, message_id: int | None = None, edit_index: int | None = None) -> None:
        def change() -> None:
            self._mark_start(message_id)
            self._insert_heading(self.tr("You"))
            cursor = self._end_cursor()
            self._new_block(cursor)
            cursor.insertText(text, QTextCharFormat())
            if edit_index is not None:
                self._insert_command_link(cursor, self.tr("Edit and resend"), f"edit/{edit_index}")

        self._keep_scrolled(change)

    def add_answer(self, model: str, text: str, note: str = "", details: str = "",
                   message_id: int | None = None) -> None:
        """A finished answer from the history, rendered at once."""
        self.begin_answer(model, message_id)
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
        start = self._message_starts.get(message_id)
        if start is None:
            return False
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
            note = QTextCharFormat()
            note.setFontItalic(True)
            note.setForeground(QGuiApplication.palette().color(QPalette.PlaceholderText))
            cursor.insertText(("⚠ " if warning else "") + text, note)

        self._keep_scrolled(change)

    def begin_answer(self, model: str, message_id: int | None = None) -> None:
        self.end_answer()
        self._mark_start(message_id)
        self._keep_scrolled(lambda: self._insert_heading(self.tr("Assistant · %1").replace("%1", model)))
        cursor = self._end_cursor()
        self._new_block(cursor)
        self._stream = _Streaming(tail_start=cursor.position())

    def append_answer(self, text: str) -> None:
        if self._stream is None or not text:
            return
        self._stream.pending.append(text)
        if not self._flush_timer.isActive():
            self._flush_timer.start()

    @property
    def streaming(self) -> bool:
        return self._stream is not None

    def end_answer(self, note: str = "", details: str = "") -> str:
        """Render the rest of the streaming answer, the app's note and details (tokens); returns the answer."""
        stream = self._stream
        if stream is None:
            return ""
        self._flush_timer.stop()
        self._take_pending(stream)
        stream.unrendered.extend(stream.splitter.finish())
        stream.finished = True
        self._keep_scrolled(lambda: self._render_tail(stream, budget=None))
        self._stream = None
        cursor = self._end_cursor()
        if cursor.block().length() == 1 and cursor.blockNumber() > 0:
            cursor.deletePreviousChar()  # the empty paragraph that waited for more text
        if stream.held:
            self._keep_scrolled(lambda: self._insert_more_link(self._end_cursor(), stream.held,
                                                               stream.held_automatic))
        if note:
            self.add_note(note)
        if details:
            self.add_note(details, warning=False)
        text = "".join(stream.text)
        if text.strip():
            self._keep_scrolled(lambda: self._insert_copy_link(self._end_cursor(), self.tr("Copy answer"), text))
        return text

    def clear_transcript(self) -> None:
        self._flush_timer.stop()
        self._stream = None
        self._copy_texts.clear()
        self._message_starts.clear()
        self._held.clear()
        self._showing_more.clear()
        self._more_timer.stop()
        self.clear()

    def _take_pending(self, stream: _Streaming) -> str:
        text = "".join(stream.pending)
        stream.pending.clear()
        if text:
            stream.text.append(text)
            stream.unrendered.extend(stream.splitter.feed(text))
        return text

    @Slot()
    def _flush(self) -> None:
        stream = self._stream
        if stream is None:
            return
        text = self._take_pending(stream)
        in_code = stream.splitter.in_code and not stream.unrendered
        if stream.group_ready() or in_code != stream.tail_in_code:
            self._keep_scrolled(lambda: self._render_tail(stream, budget=RENDER_BUDGET_SECONDS))
        elif text and not stream.held and stream.tail_shown < TAIL_CHARACTERS:
            shown = text[:TAIL_CHARACTERS - stream.tail_shown]
            stream.tail_shown += len(shown)
            self._keep_scrolled(lambda: self._append_tail(stream, self._end_cursor(), shown))
        if stream.group_ready() and not self._flush_timer.isActive():
            self._flush_timer.start()  # the rest on the next tick, even if no more text comes

    def _tail_format(self, stream: _Streaming) -> QTextCharFormat:
        tail_format = QTextCharFormat()
        if stream.tail_in_code:
            tail_format.setFont(QFontDatabase.systemFont(QFontDatabase.FixedFont))
        return tail_format

    def _render_tail(self, stream: _Streaming, budget: float | None) -> None:
        """Render finished blocks as Markdown (for at most budget seconds), the rest as plain text."""
        deadline = None if budget is None else time.perf_counter() + budget
        stream.step_cost = 0
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()  # one relayout for the whole change
        cursor.setPosition(stream.tail_start)
        cursor.movePosition(QTextCursor.End, QTextCursor.KeepAnchor)
        cursor.removeSelectedText()
        while deadline is None or time.perf_counter() < deadline:
            group = stream.next_group()
            if group is None:
                break
            # Which groups are shown without a click depends only on the text, never on timing.
            automatic = (stream.held_automatic == len(stream.held) and (
                not stream.shown_cost or stream.shown_cost + group.cost <= SHOWN_WITHOUT_CLICK_COST))
            if automatic:
                stream.shown_cost += group.cost
            # Without a time budget (a whole answer at once) one step is rendered, the rest by later steps.
            if automatic and not stream.held and (
                    budget is not None or not stream.step_cost or stream.step_cost + group.cost <= DISPLAY_STEP_COST):
                self._insert_group(cursor, group)
                stream.step_cost += group.cost
                continue
            stream.held.append(group)
            stream.held_automatic += automatic
        if cursor.block().length() > 1:
            cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        stream.tail_start = cursor.position()
        stream.tail_in_code = stream.splitter.in_code and not stream.unrendered
        stream.tail_run = 0
        tail = stream.plain_tail()
        stream.tail_shown = len(tail)
        if tail:
            self._append_tail(stream, cursor, tail)
        cursor.endEditBlock()

    def _append_tail(self, stream: _Streaming, cursor: QTextCursor, text: str) -> None:
        cursor.beginEditBlock()  # one relayout, however many breaks
        stream.tail_run = insert_with_breaks(cursor, text, self._tail_format(stream), stream.tail_run)
        cursor.endEditBlock()

    def _insert_group(self, cursor: QTextCursor, group: MarkdownBlock) -> None:
        # Each group starts in an empty block: a new one, or the empty one Qt leaves after a table.
        if cursor.block().length() > 1:
            cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        self._insert_markdown(cursor, group)

    def _insert_more_link(self, cursor: QTextCursor, held: list[MarkdownBlock], automatic: int) -> int:
        """The groups of an answer past its display budget, one click away."""
        number = next(self._held_numbers)
        characters = sum(len(group.text) for group in held)
        if cursor.block().length() > 1:  # the link takes the place of the next group: as _insert_group does
            cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        self._insert_command_link(cursor, counted(characters, self.tr("Show more of this answer (1 more character)"),
                                                  self.tr("Show more of this answer (%1 more characters)")),
                                  f"more/{number}", new_block=False)
        # At the start of the link's own block: text added after the link leaves it where it is.
        self._held[number] = (QTextCursor(cursor.block()), list(held), automatic)
        if automatic:
            self._showing_more.append(number)
            if not self._more_timer.isActive():
                self._more_timer.start()
        return number

    @Slot()
    def _show_next_step(self) -> None:
        """One step of one clicked "Show more" per tick: the window stays responsive while the rest appears."""
        while self._showing_more:
            number = self._showing_more.pop(0)
            if number in self._held:
                self._show_more(number)
                break
        if self._showing_more:
            self._more_timer.start()  # another answer's rest is still coming

    def _show_more(self, number: int, clicked: bool = False) -> None:
        """Replace a "Show more" link by the next DISPLAY_STEP_COST of its groups; the rest by later steps.

        Later steps come by themselves for the groups marked automatic, and for all after a click.
        """
        anchor, held, automatic = self._held.pop(number)
        if clicked:
            automatic = len(held)
        document = self.document()
        start = anchor.position()
        size_before = document.characterCount()
        cursor = QTextCursor(document.findBlock(start))
        cursor.beginEditBlock()
        cursor.movePosition(QTextCursor.EndOfBlock, QTextCursor.KeepAnchor)
        cursor.removeSelectedText()
        cost = 0
        while automatic and (not cost or cost + held[0].cost <= DISPLAY_STEP_COST):
            group = held.pop(0)
            automatic -= 1
            self._insert_group(cursor, group)
            cost += group.cost
        if held:
            self._insert_more_link(cursor, held, automatic)
        elif cursor.block().length() == 1:
            cursor.deletePreviousChar()  # the link's empty block, as end_answer removes the tail's
        cursor.endEditBlock()
        # What follows moved: the streaming tail and the marks of later messages.
        moved = document.characterCount() - size_before
        if self._stream is not None and self._stream.tail_start > start:
            self._stream.tail_start += moved
        for message_id, position in self._message_starts.items():
            if position > start:
                self._message_starts[message_id] = position + moved

    def _insert_markdown(self, cursor: QTextCursor, block: MarkdownBlock) -> None:
        start = cursor.position()
        fragment, first_format = render_markdown_fragment(block.text)
        cursor.insertFragment(fragment)
        QTextCursor(self.document().findBlock(start)).setBlockFormat(first_format)
        if block.is_code:
            self._shade_code_blocks(start, cursor.position())
        if block.code is not None:
            self._insert_copy_link(cursor, self.tr("Copy code"), block.code)

    def _shade_code_blocks(self, start: int, end: int) -> None:
        shade = self.palette().color(QPalette.AlternateBase)
        block = self.document().findBlock(start)
        while block.isValid() and block.position() <= end:
            block_format = block.blockFormat()
            if block_format.hasProperty(QTextFormat.BlockCodeFence) or block_format.nonBreakableLines():
                block_format.setBackground(shade)
                block_format.setLeftMargin(8)
                QTextCursor(block).setBlockFormat(block_format)
            block = block.next()

