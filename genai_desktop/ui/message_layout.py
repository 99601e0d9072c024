"""How a message looks in the transcript: the user's message as a tinted block, the answer full
width, headings a little larger than the text (not Qt's twice), quotes set apart, tables with
padded, bordered cells and a shaded header, and a readable column centred in a wide window.

Colours are named by palette role (transcript_style) so a light/dark switch re-colours them;
sizes are relative to the document's font so Ctrl++ / Ctrl− scales them.
"""

from __future__ import annotations

import re
from typing import Callable

from PySide6.QtGui import (
    QFont, QFontMetricsF, QPalette, QTextBlock, QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument,
    QTextFrameFormat, QTextLength, QTextTable,
)

from .transcript_style import (
    BACKGROUND_ROLE, HEADER_ROLE, MUTED_TEXT, QUOTE_SHADE, RULE, USER_TINT, bordered, coloured, role_colour, scaled,
    shade_header_row, shaded,
)

HEADING_SCALES = {1: 1.35, 2: 1.2, 3: 1.1}  # Qt's Markdown makes an H1 2× the text, an H2 1.5×
COLUMN_CHARACTERS = 76  # the body text's line length in a wide window
DOCUMENT_MARGIN = 12  # the transcript's margin around everything, at least
# Prose to measure a line by: a font's "average character width" is a guess that misses real text.
_SAMPLE = "The quick brown fox jumps over the lazy dog, and then it rests for a while in the sun. "


def user_frame_format(palette: QPalette, font: QFont) -> QTextFrameFormat:
    """The user's message: a tinted block with padding, apart from the turn before it."""
    frame_format = QTextFrameFormat()
    shaded(frame_format, palette, USER_TINT)
    frame_format.setBorder(0)
    return _spaced(frame_format, font)


def _spaced(frame_format: QTextFrameFormat, font: QFont) -> QTextFrameFormat:
    line = QFontMetricsF(font).height()
    frame_format.setPadding(round(line * 0.6))
    frame_format.setTopMargin(round(line * 1.2))
    frame_format.setBottomMargin(round(line * 0.3))
    return frame_format


def respace(document: QTextDocument, font: QFont) -> None:
    """What the transcript's layout gives in pixels, set for font (a new view, Ctrl++ / Ctrl−): the user's blocks,
    headings and quotes, and the indent of lists (Qt's is 40 px at any text size; this is 40 px at 10 pt)."""
    _respace_user_frames(document, font)
    _respace_headings_and_quotes(document, font.pointSizeF())
    document.setIndentWidth(round(QFontMetricsF(font).height() * 2.5))


def _respace_user_frames(document: QTextDocument, font: QFont) -> None:
    """The user's blocks' padding and margins for font: one frame per message shown."""
    cursor = QTextCursor(document)
    cursor.beginEditBlock()  # one relayout
    for frame in document.rootFrame().childFrames():
        frame_format = frame.frameFormat()
        if frame_format.property(BACKGROUND_ROLE) == USER_TINT:
            frame.setFrameFormat(_spaced(frame_format, font))
    cursor.endEditBlock()


# A line that can make a heading (ATX or setext) or a quote, also inside a list item: only then is a group walked.
_HEADING_OR_QUOTE = re.compile(r"(?m)^\s{0,3}(?:(?:[-*+]|\d+[.)])\s+)*(?:#{1,6}(?:\s|$)|>)|^\s{0,3}(?:=+|-+)\s*$")


def shape_rendered(document: QTextDocument, start: int, end: int, palette: QPalette, point_size: float,
                   markdown: str) -> None:
    """Headings and quotes of the group rendered from markdown between start and end in the transcript's look."""
    if not _HEADING_OR_QUOTE.search(markdown):
        return  # most groups: nothing to walk
    block = document.findBlock(start)
    cursor = QTextCursor(document)
    while block.isValid() and block.position() <= end:
        block_format = block.blockFormat()
        if _spaced_block(block_format, point_size):
            if block_format.headingLevel():
                scale = HEADING_SCALES.get(block_format.headingLevel(), 1.0)
                change = lambda char_format: scaled(char_format, point_size, scale)  # noqa: E731 - used at once
            else:  # a quote
                shaded(block_format, palette, QUOTE_SHADE)
                change = lambda char_format: coloured(char_format, palette, MUTED_TEXT)  # noqa: E731
            QTextCursor(block).setBlockFormat(block_format)
            _set_fragments(cursor, block, change)
        block = block.next()


def _spaced_block(block_format: QTextBlockFormat, point_size: float) -> bool:
    """A heading's or a quote's margins for the text size set on block_format; False for other blocks."""
    level = block_format.headingLevel()
    quoted = block_format.intProperty(QTextBlockFormat.BlockQuoteLevel)
    if level:
        # Room above a heading for its accents and umlauts: it no longer touches the line above.
        block_format.setTopMargin(round(point_size * HEADING_SCALES.get(level, 1.0) * 1.1))
        block_format.setBottomMargin(round(point_size * 0.3))
    elif quoted:
        block_format.setLeftMargin(round(point_size * 1.6 * quoted))
        block_format.setRightMargin(round(point_size))
        block_format.setTopMargin(2)
        block_format.setBottomMargin(2)
    return bool(level or quoted)


def _respace_headings_and_quotes(document: QTextDocument, point_size: float) -> None:
    """Their margins for the text size, as shape_rendered() gave them."""
    spaced = {index for index, text_format in enumerate(document.allFormats()) if text_format.isBlockFormat()
              and _spaced_block(text_format.toBlockFormat(), point_size)}
    if not spaced:  # one call into Qt: a chat without headings and quotes is not walked
        return
    cursor = QTextCursor(document)
    cursor.beginEditBlock()  # one relayout
    block = document.begin()
    while block.isValid():
        if block.blockFormatIndex() in spaced:
            block_format = block.blockFormat()
            before = QTextBlockFormat(block_format)
            if _spaced_block(block_format, point_size) and block_format != before:
                cursor.setPosition(block.position())
                cursor.setBlockFormat(block_format)
        block = block.next()
    cursor.endEditBlock()


def _set_fragments(cursor: QTextCursor, block: QTextBlock, change: Callable[[QTextCharFormat], object]) -> None:
    """Each fragment of block in its own format changed (a merge cannot remove a property)."""
    pieces = []
    iterator = block.begin()
    while not iterator.atEnd():
        piece = iterator.fragment()
        if piece.isValid():
            pieces.append((piece.position(), piece.length(), piece.charFormat()))
        iterator += 1
    for position, length, char_format in pieces:
        change(char_format)
        cursor.setPosition(position)
        cursor.setPosition(position + length, QTextCursor.KeepAnchor)
        cursor.setCharFormat(char_format)


def shape_table(table: QTextTable, palette: QPalette) -> None:
    """Padded cells, borders between the text's and the base's colour, a shaded header row.

    Done in the scratch document the group is rendered in: inside the transcript's edit block a
    table inserted as a fragment is not a table yet.
    """
    table_format = table.format()
    table_format.setCellPadding(6)
    table_format.setCellSpacing(0)
    table_format.setTopMargin(6)  # apart from a code block or text above and below
    table_format.setBottomMargin(6)
    table_format.setBorder(1)
    table_format.setBorderCollapse(True)
    table_format.setBorderStyle(QTextFrameFormat.BorderStyle_Solid)
    bordered(table_format, palette, RULE)
    table_format.setProperty(HEADER_ROLE, QPalette.AlternateBase.value)
    table_format.setWidth(QTextLength())  # as wide as its cells need
    table.setFormat(table_format)
    shade_header_row(table, role_colour(palette, QPalette.AlternateBase.value))


def column_margin(viewport_width: int, font: QFont) -> int:
    """The left and right margin that leave a column of COLUMN_CHARACTERS of body text, centred."""
    metrics = QFontMetricsF(font)
    column = metrics.horizontalAdvance(_SAMPLE) / len(_SAMPLE) * COLUMN_CHARACTERS
    return max(DOCUMENT_MARGIN, int((viewport_width - column) / 2))
