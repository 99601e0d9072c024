"""Formats in the transcript that follow the view: colours named by their palette role, and the
size of the app's own small links named as a share of the view's font.

A QTextDocument keeps the colours and sizes it was given, so switching to dark (or light) or
changing the text size with Ctrl++ would leave what is shown as it was. restyle() puts the
current palette's colours and the current size back, in one walk, only on such a change.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette, QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument, QTextFormat

FOREGROUND_ROLE = QTextFormat.UserProperty + 2  # a character format: the palette role of its colour
BACKGROUND_ROLE = QTextFormat.UserProperty + 3  # a block format: the palette role of its background
SMALL_TEXT = QTextFormat.UserProperty + 4  # a character format: shown at small_point_size() of the view's font
# Not set by us: a link Qt's Markdown reader made gets the palette's link colour of the moment.


def small_point_size(point_size: float) -> float:
    return max(point_size * 0.85, 7)


def coloured(char_format: QTextCharFormat, palette: QPalette, role: QPalette.ColorRole) -> QTextCharFormat:
    char_format.setForeground(palette.color(role))
    char_format.setProperty(FOREGROUND_ROLE, role.value)
    return char_format


def small(char_format: QTextCharFormat, point_size: float) -> QTextCharFormat:
    char_format.setFontPointSize(small_point_size(point_size))
    char_format.setProperty(SMALL_TEXT, True)
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


def restyle(document: QTextDocument, palette: QPalette, point_size: float) -> None:
    """Every colour named by a role in palette's colour, every small text at point_size's share."""
    # The formats in use say which need a change: most fragments are walked past by their format's number.
    formats = document.allFormats()
    colour_of = {index: role for index, char_format in enumerate(formats)
                 if (role := _foreground_role(char_format)) is not None}
    small_formats = {index for index, char_format in enumerate(formats) if char_format.hasProperty(SMALL_TEXT)}
    shade_of = {index: role for index, block_format in enumerate(formats)
                if (role := block_format.property(BACKGROUND_ROLE)) is not None}
    if not (colour_of or small_formats or shade_of):
        return
    changes: list[tuple[int, int, QTextCharFormat]] = []
    shades: list[tuple[int, QColor]] = []
    block = document.begin()
    while block.isValid():
        if block.blockFormatIndex() in shade_of:
            shades.append((block.position(), palette.color(QPalette.ColorRole(shade_of[block.blockFormatIndex()]))))
        iterator = block.begin()
        while not iterator.atEnd():
            piece = iterator.fragment()
            index = piece.charFormatIndex()
            if index in colour_of or index in small_formats:
                change = QTextCharFormat()
                if index in colour_of:
                    change.setForeground(palette.color(QPalette.ColorRole(colour_of[index])))
                if index in small_formats:
                    change.setFontPointSize(small_point_size(point_size))
                changes.append((piece.position(), piece.position() + piece.length(), change))
            iterator += 1
        block = block.next()
    cursor = QTextCursor(document)
    cursor.beginEditBlock()  # one relayout
    for start, end, change in changes:
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.KeepAnchor)
        cursor.mergeCharFormat(change)
    for position, colour in shades:
        cursor.setPosition(position)
        background = QTextBlockFormat()
        background.setBackground(colour)
        cursor.mergeBlockFormat(background)
    cursor.endEditBlock()
