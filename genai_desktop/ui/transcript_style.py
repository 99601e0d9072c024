"""Formats in the transcript that follow the view: colours named by their palette role, and the
app's own small links sized relative to the document's font.

A QTextDocument keeps the colours it was given, so switching to dark (or light) would leave what
is shown in the old colours: restyle() puts the current palette's colours back, in one walk, on a
palette change. Sizes need no walk: a size given as an adjustment (as Qt's Markdown headings
have) follows the document's default font, which Ctrl++ changes.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette, QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument, QTextFormat

FOREGROUND_ROLE = QTextFormat.UserProperty + 2  # a character format: the palette role of its colour
BACKGROUND_ROLE = QTextFormat.UserProperty + 3  # a block format: the palette role of its background
# Not set by us: a link Qt's Markdown reader made gets the palette's link colour of the moment.


def coloured(char_format: QTextCharFormat, palette: QPalette, role: QPalette.ColorRole) -> QTextCharFormat:
    char_format.setForeground(palette.color(role))
    char_format.setProperty(FOREGROUND_ROLE, role.value)
    return char_format


def small(char_format: QTextCharFormat) -> QTextCharFormat:
    """Smaller than the text around it (HTML's "small": 0.8 of the document's font), at any text size."""
    char_format.setProperty(QTextFormat.FontSizeAdjustment, -1)
    return char_format


def shaded(block_format: QTextBlockFormat, palette: QPalette, role: QPalette.ColorRole) -> QTextBlockFormat:
    block_format.setBackground(palette.color(role))
    block_format.setProperty(BACKGROUND_ROLE, role.value)
    return block_format


def _foreground_role(char_format: QTextFormat) -> int | None:
    role = char_format.property(FOREGROUND_ROLE)
    if role is None and char_format.isCharFormat() and char_format.toCharFormat().isAnchor():
        return QPalette.Link.value
    return role


def restyle(document: QTextDocument, palette: QPalette) -> None:
    """Every colour named by a role in palette's colour (one edit: one relayout)."""
    # The formats in use say which need a change: fragments are walked past by their format's number.
    colour_of: dict[int, QColor] = {}
    shade_of: dict[int, QColor] = {}
    from .code_blocks import token_colour  # code_blocks builds on this module

    for index, text_format in enumerate(document.allFormats()):
        role = _foreground_role(text_format)
        colour = palette.color(QPalette.ColorRole(role)) if role is not None else token_colour(text_format, palette)
        if colour is not None and text_format.foreground().color() != colour:
            colour_of[index] = colour
        role = text_format.property(BACKGROUND_ROLE)
        if role is not None and text_format.background().color() != palette.color(QPalette.ColorRole(role)):
            shade_of[index] = palette.color(QPalette.ColorRole(role))
    if not (colour_of or shade_of):
        return
    colours: list[tuple[int, int, QColor]] = []
    shades: list[tuple[int, QColor]] = []
    block = document.begin()
    while block.isValid():
        if block.blockFormatIndex() in shade_of:
            shades.append((block.position(), shade_of[block.blockFormatIndex()]))
        iterator = block.begin()
        while not iterator.atEnd():
            piece = iterator.fragment()
            if piece.charFormatIndex() in colour_of:
                colours.append((piece.position(), piece.position() + piece.length(), colour_of[piece.charFormatIndex()]))
            iterator += 1
        block = block.next()
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    for start, end, colour in colours:
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.KeepAnchor)
        change = QTextCharFormat()
        change.setForeground(colour)
        cursor.mergeCharFormat(change)
    for position, colour in shades:
        cursor.setPosition(position)
        change = QTextBlockFormat()
        change.setBackground(colour)
        cursor.mergeBlockFormat(change)
    cursor.endEditBlock()
