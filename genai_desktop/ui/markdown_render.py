"""One group of an answer's Markdown, rendered safely and boundedly into a document fragment.

Images become "[image: host]" text and are never fetched; a group the renderer would lose a
word of is shown as plain text; runs of more than RUN_CHARACTERS characters without a space get
invisible break opportunities (marked with BREAK_PROPERTY, so a copy can drop them again).
"""

from __future__ import annotations

import re

from PySide6.QtCore import QUrl
from PySide6.QtGui import (
    QGuiApplication, QPalette, QTextBlock, QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument,
    QTextDocumentFragment, QTextFormat, QTextTable,
)
from PySide6.QtWidgets import QTextBrowser

from .line_breaks import ADDRESS_CHARACTERS, DISPLAY_BREAK, address_breaks, display_breaks, has_address_run
from .markdown_stream import MarkdownBlock
from .message_layout import shape_table
from .math_render import draw_formulas_in, insert_formula, set_markdown_with_formulas
from .transcript_style import fragments, shaded

_Feature = QTextDocument.MarkdownFeature
MARKDOWN_FEATURES = _Feature(_Feature.MarkdownDialectGitHub.value | _Feature.MarkdownNoHTML.value)
RUN_CHARACTERS = 100  # the longest run without a break opportunity that Qt lays out
BREAK_PROPERTY = QTextFormat.UserProperty + 1  # marks the DISPLAY_BREAKs the view put in (not the model)
_UNBROKEN_RUN = re.compile(rf"[^\s{DISPLAY_BREAK}]{{{RUN_CHARACTERS + 1},}}")


class NoResourceDocument(QTextDocument):
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


def _is_code(block: QTextBlock) -> bool:
    block_format = block.blockFormat()
    return block_format.nonBreakableLines() or block_format.hasProperty(QTextFormat.BlockCodeFence)


def _break_long_runs(document: QTextDocument) -> None:
    """Break opportunities in every long run of a rendered document (long code lines wrap too),
    and after the punctuation of an address outside code."""
    edit = None
    block = document.begin()
    while block.isValid():
        text = block.text()
        long_run = block.length() > RUN_CHARACTERS and _UNBROKEN_RUN.search(text)
        address = block.length() > ADDRESS_CHARACTERS and has_address_run(text) and not _is_code(block)
        if long_run or address:
            if edit is None:  # only a document with a long run is edited (most are not)
                edit = QTextCursor(document)
                edit.beginEditBlock()  # a cursor outside an edit block lays its block out at every move
            block_format = block.blockFormat()
            if long_run and block_format.nonBreakableLines():  # a code line Qt would lay out in one piece
                block_format.setNonBreakableLines(False)
                QTextCursor(block).setBlockFormat(block_format)
            offsets = set(address_breaks(text) if address else ())
            if long_run:  # a run is cut at an address's breaks already: no break inside its words ("valu|e19")
                bounds = [0, *sorted(offsets), len(text)]
                for start, end in zip(bounds, bounds[1:]):
                    offsets.update(start + offset for offset in display_breaks(text[start:end], RUN_CHARACTERS)[0])
            offsets = sorted(offsets)
            cursor = QTextCursor(block)
            for offset in reversed(offsets):
                cursor.setPosition(block.position() + _utf16_length(text, offset))
                cursor.insertText(DISPLAY_BREAK, _break_format(cursor.charFormat()))
        block = block.next()
    if edit is not None:
        edit.endEditBlock()


def _follow_text_size(document: QTextDocument) -> None:
    """Qt's reader gives code its fixed font's point size; without it, code follows the text size (Ctrl++).
    Code in a line of text is also shaded, as a code block is: a change of font alone was hard to see."""
    sized = {index for index, text_format in enumerate(document.allFormats())
             if text_format.isCharFormat() and text_format.hasProperty(QTextFormat.FontPointSize)}
    if not sized:  # one call into Qt: a group without code is not walked
        return
    pieces = [(piece.position(), piece.length(), piece.charFormat())
              for piece in fragments(document) if piece.charFormatIndex() in sized]
    palette = QGuiApplication.palette()  # the view's: it follows the app's (restyle after a switch)
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    for position, length, char_format in pieces:
        char_format.clearProperty(QTextFormat.FontPointSize)
        if char_format.fontFixedPitch() and not _is_code(document.findBlock(position)):
            shaded(char_format, palette, QPalette.AlternateBase)
        cursor.setPosition(position)
        cursor.setPosition(position + length, QTextCursor.KeepAnchor)
        cursor.setCharFormat(char_format)
    cursor.endEditBlock()


def remove_display_breaks(document: QTextDocument) -> None:
    breaks = [(piece.position(), piece.length())
              for piece in fragments(document) if piece.charFormat().hasProperty(BREAK_PROPERTY)]
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
    r"!\[[^\]]*\](?:\([^)]*\)?)?|\]\([^)]*\)?|(?m:^ {0,3}(?:`{3,}|~{3,}).*$)|(?m:^ {0,3}\[[^\]]*\]:.*$)|&#?\w+;"
    # A task's box: Qt draws it, its "x" is gone. [ \t], not \s: across blank lines that was quadratic (0.8 s).
    r"|(?m:^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\[[ xX]\](?=\s|$))")
_WORD = re.compile(r"[^\W\d_]+")


def words_lost(markdown: str, shown: str) -> bool:
    """Whether a word of markdown is missing from its rendering (Qt drops a table row's extra cells)."""
    return any(word not in shown for word in set(_WORD.findall(_HIDDEN_BY_MARKDOWN.sub(" ", markdown))))


def render_markdown_fragment(markdown: str) -> tuple[QTextDocumentFragment, QTextBlockFormat]:
    """Markdown to a fragment with every image replaced by text; also the first block's format.

    Should the renderer lose a word, the block is shown as plain text instead: no text is hidden.
    """
    scratch = NoResourceDocument()
    with_math = set_markdown_with_formulas(scratch, markdown, MARKDOWN_FEATURES)
    shown = scratch.toPlainText()
    if words_lost(with_math.markdown, shown):
        scratch.setPlainText(markdown.strip("\n"))  # blank lines around it, as Markdown would drop them
        shown = scratch.toPlainText()
        with_math.formulas.clear()
    for frame in scratch.rootFrame().childFrames():
        if isinstance(frame, QTextTable):
            shape_table(frame, QGuiApplication.palette())  # the view's: it follows the app's (restyle after a switch)
    _follow_text_size(scratch)
    # Few calls into Qt per group: while a worker thread holds the GIL, each one can wait for it
    # (walking every fragment cost ~1.7 ms a group while streaming). allFormats() is one call and
    # holds the format of every fragment, so a document without an image format is not walked.
    has_images = any(char_format.isImageFormat() for char_format in scratch.allFormats())
    images = [(piece.position(), piece.length(), piece.charFormat().toImageFormat().name())
              for piece in (fragments(scratch) if has_images else ()) if piece.charFormat().isImageFormat()]
    if images:
        edit = QTextCursor(scratch)
        edit.beginEditBlock()  # a cursor outside an edit block lays its block out at every move
        for position, length, url in reversed(images):
            cursor = QTextCursor(scratch)
            cursor.setPosition(position)
            cursor.setPosition(position + length, QTextCursor.KeepAnchor)
            formula = with_math.formulas.get(url)
            if formula is not None:  # only a formula of this block: a model cannot write its address
                insert_formula(cursor, formula)
                continue
            placeholder = QTextCharFormat()
            placeholder.setFontItalic(True)
            cursor.insertText(_image_placeholder_text(url), placeholder)
        edit.endEditBlock()
    if images or _UNBROKEN_RUN.search(shown) or has_address_run(shown):
        _break_long_runs(scratch)
    return QTextDocumentFragment(scratch), scratch.firstBlock().blockFormat()


def insert_markdown(cursor: QTextCursor, block: MarkdownBlock) -> None:
    """Render block at cursor (in the empty block it stands in)."""
    start = cursor.position()
    fragment, first_format = render_markdown_fragment(block.text)
    draw_formulas_in(cursor.document())
    cursor.insertFragment(fragment)
    QTextCursor(cursor.document().findBlock(start)).setBlockFormat(first_format)


CODE_BLOCK_GAP = 8  # pixels after a code block's last line: a table or text below does not touch it


def shade_code_lines(document: QTextDocument, start: int, end: int, palette: QPalette, last_piece: bool = True) -> None:
    """The lines of the code block between start and end set apart in palette's alternate base colour, and
    wrapped at the column's edge like the text around them."""
    text_block = document.findBlock(start)
    while text_block.isValid() and text_block.position() <= end:
        block_format = text_block.blockFormat()
        if block_format.hasProperty(QTextFormat.BlockCodeFence) or block_format.nonBreakableLines():
            shaded(block_format, palette, QPalette.AlternateBase)
            block_format.setLeftMargin(8)
            block_format.setNonBreakableLines(False)  # a long line wraps in the column: the chat never scrolls sideways
            if last_piece and (not text_block.next().isValid() or text_block.next().position() > end):
                block_format.setBottomMargin(CODE_BLOCK_GAP)  # the block's last line
            QTextCursor(text_block).setBlockFormat(block_format)
        text_block = text_block.next()
