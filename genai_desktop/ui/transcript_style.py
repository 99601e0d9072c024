"""Formats in the transcript that follow the view: colours named by their palette role, and the
app's own small links sized relative to the document's font.

A QTextDocument keeps the colours it was given, so switching to dark (or light) would leave what
is shown in the old colours: restyle() puts the current palette's colours back, in one walk, on a
palette change. Sizes given as an adjustment (the app's small links) follow the document's
default font, which Ctrl++ changes; headings get a size between Qt's steps (its Markdown H1 is
twice the text), and the app's icons in the text a size in pixels, so rescale() sets theirs again
on a font change.
"""

from __future__ import annotations

from PySide6.QtGui import (
    QColor, QFont, QFontMetricsF, QPalette, QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument, QTextFormat, QTextFrame,
    QTextImageFormat, QTextTable,
)

FOREGROUND_ROLE = QTextFormat.UserProperty + 2  # a character format: the palette role of its colour
BACKGROUND_ROLE = QTextFormat.UserProperty + 3  # a block or frame format: the palette role of its background
BORDER_ROLE = QTextFormat.UserProperty + 5  # a frame (table) format: the palette role of its border
HEADER_ROLE = QTextFormat.UserProperty + 6  # a table format: the palette role of its first row's background
FONT_SCALE = QTextFormat.UserProperty + 7  # a character format: its size relative to the document's font
ICON_LINES = QTextFormat.UserProperty + 9  # an image format: its side in lines of the document's font
# Not set by us: a link Qt's Markdown reader made gets the palette's link colour of the moment.

# Colours of the transcript's own that mix two of the palette's (kept as negative "roles").
USER_TINT = -1  # the background of the user's messages: the base with a little of the highlight
MUTED_TEXT = -2  # quoted text: between the text and the base, still readable
QUOTE_SHADE = -3  # the background of a quote: the base with a little of the text
RULE = -4  # table borders: visible on light and dark (the dark palette's "mid" is almost its base)


def _mixed(first: QColor, second: QColor, share: float) -> QColor:
    return QColor.fromRgbF(*(a + (b - a) * share for a, b in zip(first.getRgbF()[:3], second.getRgbF()[:3])))


def role_colour(palette: QPalette, role: int) -> QColor:
    if role == USER_TINT:
        return _mixed(palette.color(QPalette.Base), palette.color(QPalette.Highlight), 0.13)
    if role == MUTED_TEXT:
        return _mixed(palette.color(QPalette.Text), palette.color(QPalette.Base), 0.28)
    if role == QUOTE_SHADE:
        return _mixed(palette.color(QPalette.Base), palette.color(QPalette.Text), 0.05)
    if role == RULE:
        return _mixed(palette.color(QPalette.Base), palette.color(QPalette.Text), 0.3)
    return palette.color(QPalette.ColorRole(role))


def _role_value(role: QPalette.ColorRole | int) -> int:
    return role if isinstance(role, int) else role.value


def fragments(document: QTextDocument):
    """Every fragment of document's text, in order (a run of characters in one format)."""
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            piece = iterator.fragment()
            if piece.isValid():
                yield piece
            iterator += 1
        block = block.next()


def coloured(char_format: QTextCharFormat, palette: QPalette, role: QPalette.ColorRole | int) -> QTextCharFormat:
    char_format.setForeground(role_colour(palette, _role_value(role)))
    char_format.setProperty(FOREGROUND_ROLE, _role_value(role))
    return char_format


def small(char_format: QTextCharFormat) -> QTextCharFormat:
    """Smaller than the text around it (HTML's "small": 0.8 of the document's font), at any text size."""
    char_format.setProperty(QTextFormat.FontSizeAdjustment, -1)
    return char_format


def scaled(char_format: QTextCharFormat, point_size: float, scale: float) -> QTextCharFormat:
    """scale times the document's font (point_size), set again by rescale() when that changes."""
    char_format.clearProperty(QTextFormat.FontSizeAdjustment)  # Qt's, which would override the size
    char_format.setFontPointSize(point_size * scale)
    char_format.setProperty(FONT_SCALE, scale)
    return char_format


def line_sized(image_format: QTextImageFormat, font: QFont, lines: float) -> QTextImageFormat:
    """A square image `lines` lines of font high, set again by rescale() when the font changes."""
    side = _icon_side(QFontMetricsF(font).height(), lines)
    image_format.setWidth(side)
    image_format.setHeight(side)
    image_format.setProperty(ICON_LINES, lines)
    return image_format


def _icon_side(line_height: float, lines: float) -> float:
    return float(round(line_height * lines))  # a float: Qt reads an image's width as a double property only


def shaded(block_format, palette: QPalette, role: QPalette.ColorRole | int):
    """A block's (or frame's) background in palette's colour for role."""
    block_format.setBackground(role_colour(palette, _role_value(role)))
    block_format.setProperty(BACKGROUND_ROLE, _role_value(role))
    return block_format


def bordered(table_format, palette: QPalette, role: QPalette.ColorRole | int):
    table_format.setBorderBrush(role_colour(palette, _role_value(role)))
    table_format.setProperty(BORDER_ROLE, _role_value(role))
    return table_format


def _foreground_role(char_format: QTextFormat) -> int | None:
    role = char_format.property(FOREGROUND_ROLE)
    if role is None and char_format.isCharFormat() and char_format.toCharFormat().isAnchor():
        return QPalette.Link.value
    return role


def _frames(frame: QTextFrame):
    for child in frame.childFrames():
        yield child
        yield from _frames(child)


def _restyle_frames(document: QTextDocument, palette: QPalette) -> None:
    """The user's tinted blocks and the tables: their backgrounds, borders and header rows."""
    for frame in _frames(document.rootFrame()):
        frame_format = frame.frameFormat()
        changed = False
        for role_property, colour_of, set_colour in (
                (BACKGROUND_ROLE, lambda f: f.background().color(), lambda f, c: f.setBackground(c)),
                (BORDER_ROLE, lambda f: f.borderBrush().color(), lambda f, c: f.setBorderBrush(c))):
            role = frame_format.property(role_property)
            if role is not None and colour_of(frame_format) != role_colour(palette, role):
                set_colour(frame_format, role_colour(palette, role))
                changed = True
        if changed:
            frame.setFrameFormat(frame_format)
        header = frame_format.property(HEADER_ROLE)
        if isinstance(frame, QTextTable) and header is not None:
            shade_header_row(frame, role_colour(palette, header))


def shade_header_row(table: QTextTable, colour: QColor) -> None:
    for column in range(table.columns()):
        cell = table.cellAt(0, column)
        cell_format = cell.format()
        if cell_format.background().color() != colour:
            cell_format.setBackground(colour)
            cell.setFormat(cell_format)


def restyle(document: QTextDocument, palette: QPalette) -> None:
    """Every colour named by a role in palette's colour (one edit: one relayout)."""
    # The formats in use say which need a change: fragments are walked past by their format's number.
    changes: dict[int, QTextCharFormat] = {}
    shade_of: dict[int, QColor] = {}
    from .code_blocks import token_colour  # code_blocks builds on this module

    has_frames = False
    for index, text_format in enumerate(document.allFormats()):
        role = _foreground_role(text_format)
        colour = role_colour(palette, role) if role is not None else token_colour(text_format, palette)
        if colour is not None and text_format.foreground().color() != colour:
            changes[index] = QTextCharFormat()
            changes[index].setForeground(colour)
        role = text_format.property(BACKGROUND_ROLE)
        if text_format.isFrameFormat() or text_format.hasProperty(HEADER_ROLE):
            has_frames = has_frames or any(text_format.hasProperty(p) for p in (BACKGROUND_ROLE, BORDER_ROLE,
                                                                              HEADER_ROLE))
        elif role is not None and text_format.background().color() != role_colour(palette, role):
            if text_format.isCharFormat():  # shaded characters (an attachment's chip), not a block
                changes.setdefault(index, QTextCharFormat()).setBackground(role_colour(palette, role))
            else:
                shade_of[index] = role_colour(palette, role)
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    if has_frames:
        _restyle_frames(document, palette)
    _apply(document, changes, shade_of)
    cursor.endEditBlock()


def rescale(document: QTextDocument, font: QFont) -> None:
    """Every size given relative to the document's font (headings, icons) set for font."""
    point_size, line = font.pointSizeF(), QFontMetricsF(font).height()
    changes: dict[int, QTextCharFormat] = {}
    for index, text_format in enumerate(document.allFormats()):
        scale, lines = text_format.property(FONT_SCALE), text_format.property(ICON_LINES)
        if scale is not None and abs(text_format.toCharFormat().fontPointSize() - point_size * scale) > 0.01:
            changes[index] = QTextCharFormat()
            changes[index].setFontPointSize(point_size * scale)
        elif lines is not None and text_format.toImageFormat().width() != _icon_side(line, lines):
            side = _icon_side(line, lines)
            changes[index] = QTextCharFormat()
            changes[index].setProperty(QTextFormat.ImageWidth, side)
            changes[index].setProperty(QTextFormat.ImageHeight, side)
    _apply(document, changes, {})


def _apply(document: QTextDocument, changes: dict[int, QTextCharFormat], shade_of: dict[int, QColor]) -> None:
    """Merge changes[format number] into every fragment with that format, shade_of into blocks."""
    if not (changes or shade_of):
        return
    merges: list[tuple[int, int, QTextCharFormat]] = []
    shades: list[tuple[int, QColor]] = []
    block = document.begin()
    while block.isValid():
        if block.blockFormatIndex() in shade_of:
            shades.append((block.position(), shade_of[block.blockFormatIndex()]))
        iterator = block.begin()
        while not iterator.atEnd():
            piece = iterator.fragment()
            if piece.charFormatIndex() in changes:
                merges.append((piece.position(), piece.position() + piece.length(), changes[piece.charFormatIndex()]))
            iterator += 1
        block = block.next()
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    for start, end, change in merges:
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.KeepAnchor)
        cursor.mergeCharFormat(change)
    for position, colour in shades:
        cursor.setPosition(position)
        change = QTextBlockFormat()
        change.setBackground(colour)
        cursor.mergeBlockFormat(change)
    cursor.endEditBlock()
