"""What is shown follows a change of appearance or text size while the app runs (issue 10, 2.9 and 2.11).

A QTextDocument keeps the colours and sizes it was given when the text went in, and a widget with
a style sheet keeps the palette it had: switching to dark left light grey code blocks with light
text, dark blue links on dark and a white chat list; Ctrl++ left "Copy code" at its old size (now the code block header's "Copy").
The checks are contrasts (as a reader sees them), not exact colours.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QListView

from conftest import send_prompt, wait_idle
from message_bars import message_bar

REPLY = "Here:\n\n```python\nprint('hi')\n```\n\nSee [the page](https://example.com/page) for more."


def luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast(first: QColor, second: QColor) -> float:
    """The WCAG contrast ratio: 1 (the same) to 21 (black on white)."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.fixture
def appearance():
    """Switches the app's appearance as the settings do; puts back "follow the system" afterwards."""
    from genai_desktop.ui.theme import apply_appearance

    app = QApplication.instance()
    yield lambda name: apply_appearance(app, name)
    apply_appearance(app, "")


def fragments(view, text: str):
    """(fragment, its block) for every piece of the transcript whose text is text."""
    found = []
    block = view.document().begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            piece = iterator.fragment()
            if piece.isValid() and piece.text() == text:
                found.append((piece, block))
            iterator += 1
        block = block.next()
    assert found, text
    return found


def text_colour(view, char_format) -> QColor:
    brush = char_format.foreground()
    return brush.color() if brush.style() != brush.style().NoBrush else view.palette().color(QPalette.Text)


def background_colour(view, block) -> QColor:
    brush = block.blockFormat().background()
    return brush.color() if brush.style() != brush.style().NoBrush else view.palette().color(QPalette.Base)


def user_tint(view, block) -> QColor:
    """The background of the frame (the user's message) block stands in, in the colours of the moment."""
    from PySide6.QtGui import QTextCursor

    frame = QTextCursor(block).currentFrame()
    assert frame is not view.document().rootFrame()
    return frame.frameFormat().background().color()


def code_pieces(view):
    """(piece, its block) for every piece of the code line: its tokens, in their colours once Pygments has them."""
    block = view.document().find("print").block()
    found = []
    iterator = block.begin()
    while not iterator.atEnd():
        found.append((iterator.fragment(), block))
        iterator += 1
    return found


def wait_for_colours(qtbot, view) -> None:
    qtbot.waitUntil(lambda: len(code_pieces(view)) > 1, timeout=10_000)  # Pygments arrives on a thread


def check_readable(qtbot, window) -> None:
    view = window.transcriptView
    for text in ("the page", "\u2009Copy"):  # "\u2009Copy": the code header's button
        for piece, block in fragments(view, text):
            assert contrast(text_colour(view, piece.charFormat()), background_colour(view, block)) >= 4.5, text
    for piece, block in code_pieces(view):
        assert contrast(text_colour(view, piece.charFormat()), background_colour(view, block)) >= 4.5, piece.text()
    # The user's message: its tinted block set apart from the page, its text readable on it.
    tint = user_tint(view, fragments(view, "code and a link")[0][1])
    assert tint != view.palette().color(QPalette.Base)
    assert contrast(view.palette().color(QPalette.Text), tint) >= 4.5
    code_block = code_pieces(view)[0][1]
    assert background_colour(view, code_block) != view.palette().color(QPalette.Base)  # still set apart
    chats = window.findChild(QListView, "conversationList")
    base = chats.viewport().palette().color(QPalette.Base)
    assert contrast(base, QApplication.palette().color(QPalette.Text)) >= 4.5
    image = chats.viewport().grab().toImage()
    painted = image.pixelColor(image.width() // 2, image.height() - 3)  # below the last chat: the list's base
    assert contrast(painted, QApplication.palette().color(QPalette.Text)) >= 4.5


@pytest.mark.parametrize(("first", "then"), [("light", "dark"), ("dark", "light")])
def test_switching_appearance_recolours_the_chat_shown_and_the_chat_list(
        qtbot, make_window, api_server, appearance, first, then):
    api_server.set_mode("normal", reply=REPLY)
    window = make_window(appearance=first)
    send_prompt(qtbot, window, "code and a link")
    wait_idle(qtbot, window)
    wait_for_colours(qtbot, window.transcriptView)
    check_readable(qtbot, window)
    appearance(then)
    qtbot.wait(10)
    check_readable(qtbot, window)


def test_copy_links_grow_with_larger_text(qtbot, make_window, api_server):
    api_server.set_mode("normal", reply=REPLY)
    window = make_window(font_point_size=10.0)
    send_prompt(qtbot, window, "code and a link")
    wait_idle(qtbot, window)
    view = window.transcriptView

    def widths() -> dict[str, float]:
        # What the layout made of each line: the size on screen, not a number in a format.
        return {text: fragments(view, text)[0][1].layout().lineAt(0).naturalTextWidth()
                for text in ("\u2009Copy", "code and a link")}

    def button_size() -> int:
        return message_bar(qtbot, view, answer=True).copyButton.iconSize().height()

    before, icon_before = widths(), button_size()
    for _ in range(4):  # 10 -> 14 pt
        window.zoomInAction.trigger()
    qtbot.wait(10)
    after, icon_after = widths(), button_size()
    assert view.font().pointSizeF() == 14
    growth = {text: after[text] / before[text] for text in before}
    assert growth["code and a link"] > 1.25  # the text grew ...
    assert growth["\u2009Copy"] > 1.25, growth  # ... and the links with it
    assert icon_after / icon_before > 1.25, (icon_before, icon_after)  # ... and the buttons under the answer


def test_in_dark_check_boxes_and_fields_have_an_outline_one_can_see(qtbot, make_window, appearance):
    """Fusion outlines them in the window's colour made darker: on dark grey that was 1.2:1 against their fill."""
    from PySide6.QtWidgets import QCheckBox, QStyle, QStyleOptionButton

    window = make_window(appearance="dark")
    field = window.sidebar.searchEdit
    qtbot.waitUntil(field.isVisible)
    image = field.grab().toImage()
    edge, inside = image.pixelColor(field.width() - 6, 0), image.pixelColor(field.width() - 6, field.height() // 2)
    assert contrast(edge, inside) >= 3, (edge.name(), inside.name())
    field.setFocus(Qt.TabFocusReason)  # with the keyboard, Fusion's outline in the highlight colour shows through
    qtbot.waitUntil(field.hasFocus)
    focused = field.grab().toImage().pixelColor(field.width() - 6, 0)
    assert focused.blue() > focused.red() + 60, focused.name()

    box = QCheckBox("Read answers aloud")
    qtbot.addWidget(box)
    box.show()
    option = QStyleOptionButton()
    option.initFrom(box)
    indicator = box.style().subElementRect(QStyle.SE_CheckBoxIndicator, option, box)
    image = box.grab().toImage()
    edge = image.pixelColor(indicator.left(), indicator.center().y())
    inside = image.pixelColor(indicator.center())
    assert contrast(edge, inside) >= 3, (edge.name(), inside.name())


def test_code_in_a_line_of_text_is_shaded_in_light_and_dark(qtbot, make_window, api_server, appearance):
    """A change of font alone hardly showed which words are code; the shade follows a switch of appearance."""
    api_server.set_mode("normal", reply="Call `compute()` first.\n\n```python\nx = 1\n```\n")
    appearance("light")
    window = make_window()
    send_prompt(qtbot, window, "inline code")
    wait_idle(qtbot, window)
    view = window.transcriptView
    (span, _block), = fragments(view, "compute()")
    light = span.charFormat().background().color()
    assert span.charFormat().fontFixedPitch() and light == view.palette().color(QPalette.AlternateBase)
    (word, _block), = fragments(view, " first.")
    assert word.charFormat().background().style() == word.charFormat().background().style().NoBrush
    appearance("dark")
    qtbot.waitUntil(lambda: view.palette().color(QPalette.Base).lightness() < 128)
    (span, _block), = fragments(view, "compute()")
    dark = span.charFormat().background().color()
    assert dark == view.palette().color(QPalette.AlternateBase) and dark.lightness() < light.lightness()
