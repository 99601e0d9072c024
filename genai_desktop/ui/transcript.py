"""The transcript: a QTextBrowser made safe for model output and fast for streaming.

Model output is untrusted. It is rendered with MarkdownNoHTML (raw HTML shows as text
and nothing after it is lost), images become "[image: host]" text and are never
fetched, links are never followed inside the view, and a click on an http(s) or
mailto link asks first, showing the real target. While an answer streams, finished
Markdown blocks are rendered once each and only the unfinished tail is redrawn.
"""

from __future__ import annotations

import secrets as random_tokens
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable

from PySide6.QtCore import Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import (
    QDesktopServices, QFont, QFontDatabase, QGuiApplication, QPalette, QTextBlockFormat, QTextCharFormat,
    QTextCursor, QTextDocument, QTextDocumentFragment, QTextFormat,
)
from PySide6.QtWidgets import QTextBrowser, QWidget

from ..core.validation import LinkVerdict, check_link
from .link_dialog import ask_before_opening
from .markdown_stream import MarkdownBlock, MarkdownBlockSplitter
from .messages import counted, plain_tooltip

_Feature = QTextDocument.MarkdownFeature
MARKDOWN_FEATURES = _Feature(_Feature.MarkdownDialectGitHub.value | _Feature.MarkdownNoHTML.value)
FLUSH_INTERVAL_MS = 30
# Markdown rendering per tick while streaming; what does not fit waits as plain text.
RENDER_BUDGET_SECONDS = 0.004
GROUP_CHARACTERS = 1500  # keeps one rendering step short


class _NoResourceDocument(QTextDocument):
    """A document that never reads a file or URL a model named."""

    def loadResource(self, type_: int, url: QUrl):  # noqa: N802 - Qt API
        return None


def _image_placeholder_text(url: str) -> str:
    host = QUrl(url).host() or QUrl(url).scheme() or "?"
    return QTextBrowser.tr("[image: %1 — not loaded]").replace("%1", host)


def render_markdown_fragment(markdown: str) -> tuple[QTextDocumentFragment, QTextBlockFormat]:
    """Markdown to a fragment with every image replaced by text; also the first block's format."""
    scratch = _NoResourceDocument()
    scratch.setMarkdown(markdown, MARKDOWN_FEATURES)
    images: list[tuple[int, int, str]] = []
    block = scratch.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            piece = iterator.fragment()
            if piece.isValid() and piece.charFormat().isImageFormat():
                images.append((piece.position(), piece.length(), piece.charFormat().toImageFormat().name()))
            iterator += 1
        block = block.next()
    for position, length, url in reversed(images):
        cursor = QTextCursor(scratch)
        cursor.setPosition(position)
        cursor.setPosition(position + length, QTextCursor.KeepAnchor)
        placeholder = QTextCharFormat()
        placeholder.setFontItalic(True)
        cursor.insertText(_image_placeholder_text(url), placeholder)
    return QTextDocumentFragment(scratch), scratch.firstBlock().blockFormat()


@dataclass
class _Streaming:
    splitter: MarkdownBlockSplitter = field(default_factory=MarkdownBlockSplitter)
    tail_start: int = 0  # document position where the plain-text tail begins
    tail_in_code: bool = False
    unrendered: list[MarkdownBlock] = field(default_factory=list)  # finished, still shown as plain text
    pending: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def plain_tail(self) -> str:
        return "".join(block.text for block in self.unrendered) + self.splitter.tail

    def next_group(self) -> MarkdownBlock:
        """One code block, or a run of other blocks rendered together (a loose list stays one list)."""
        if self.unrendered[0].code is not None:
            return self.unrendered.pop(0)
        count, size = 0, 0
        while count < len(self.unrendered) and self.unrendered[count].code is None and size < GROUP_CHARACTERS:
            size += len(self.unrendered[count].text)
            count += 1
        group, self.unrendered[:count] = self.unrendered[:count], []
        return MarkdownBlock("".join(block.text for block in group))


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
        if check_link(target) is not LinkVerdict.ALLOWED:
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
        self._keep_scrolled(lambda: self._render_tail(stream, budget=None))
        self._stream = None
        cursor = self._end_cursor()
        if cursor.block().length() == 1 and cursor.blockNumber() > 0:
            cursor.deletePreviousChar()  # the empty paragraph that waited for more text
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
        if stream.unrendered or in_code != stream.tail_in_code:
            self._keep_scrolled(lambda: self._render_tail(stream, budget=RENDER_BUDGET_SECONDS))
        elif text:
            self._keep_scrolled(lambda: self._end_cursor().insertText(text, self._tail_format(stream)))
        if stream.unrendered and not self._flush_timer.isActive():
            self._flush_timer.start()  # the rest on the next tick, even if no more text comes

    def _tail_format(self, stream: _Streaming) -> QTextCharFormat:
        tail_format = QTextCharFormat()
        if stream.tail_in_code:
            tail_format.setFont(QFontDatabase.systemFont(QFontDatabase.FixedFont))
        return tail_format

    def _render_tail(self, stream: _Streaming, budget: float | None) -> None:
        """Render finished blocks as Markdown (for at most budget seconds), the rest as plain text."""
        deadline = None if budget is None else time.perf_counter() + budget
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()  # one relayout for the whole change
        cursor.setPosition(stream.tail_start)
        cursor.movePosition(QTextCursor.End, QTextCursor.KeepAnchor)
        cursor.removeSelectedText()
        # Each group starts in an empty block: a new one, or the empty one Qt leaves after a table.
        while stream.unrendered and (deadline is None or time.perf_counter() < deadline):
            if cursor.block().length() > 1:
                cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
            self._insert_markdown(cursor, stream.next_group())
        if cursor.block().length() > 1:
            cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        stream.tail_start = cursor.position()
        stream.tail_in_code = stream.splitter.in_code and not stream.unrendered
        tail = stream.plain_tail()
        if tail:
            cursor.insertText(tail, self._tail_format(stream))
        cursor.endEditBlock()

    def _insert_markdown(self, cursor: QTextCursor, block: MarkdownBlock) -> None:
        start = cursor.position()
        fragment, first_format = render_markdown_fragment(block.text)
        cursor.insertFragment(fragment)
        QTextCursor(self.document().findBlock(start)).setBlockFormat(first_format)
        if block.code is not None:
            self._shade_code_blocks(start, cursor.position())
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

