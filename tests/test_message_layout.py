"""The layout of the messages (issue 11, point 1): the user's message in a tinted block, the answer
full width, headings a little larger than the text, long addresses wrapped at their punctuation,
a readable centred column that follows the text size, and the actions under a message as small
icon buttons (Copy, Edit and resend, Regenerate, the versions "‹ 2 / 2 ›") that follow scrolling.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette, QTextCursor
from PySide6.QtWidgets import QApplication

from conftest import activate, send_prompt, shown_transcript, wait_idle
from message_bars import message_bar, message_entry, scroll_to_row
from genai_desktop.core.conversation import Turn, UserMessage
from genai_desktop.core.records import MessageState
from genai_desktop.ui.line_breaks import DISPLAY_BREAK
from genai_desktop.ui.transcript import TranscriptView

PROSE = ("A readable column keeps the eye on the text: lines of about seventy to eighty characters are easy "
         "to follow, while lines that run across a wide screen make the reader lose the place. ") * 4
ADDRESS = ("https://example.com/search?query=averyveryverylongvalue&language=deutsch&format=comparison"
           "&page=twelve")


def new_view(qtbot, width: int = 800) -> TranscriptView:
    return shown_transcript(qtbot, width)


def block_of(view, text: str):
    found = view.document().find(text)
    assert not found.isNull(), text
    return found.block()


def chat(qtbot, window, prompt: str) -> None:
    send_prompt(qtbot, window, prompt)
    wait_idle(qtbot, window)


# --- the look of a message ----------------------------------------------------------------------


def test_the_users_message_is_a_tinted_block_and_the_answer_is_not(qtbot, make_window, api_server):
    api_server.set_mode("normal", reply="The answer, full width.")
    window = make_window()
    chat(qtbot, window, "my question")
    view = window.transcriptView
    root = view.document().rootFrame()
    question = QTextCursor(block_of(view, "my question")).currentFrame()
    assert question is not root  # a block of its own ...
    tint = question.frameFormat().background().color()
    assert tint != view.palette().color(QPalette.Base) and question.frameFormat().padding() >= 4  # ... tinted, padded
    answer = block_of(view, "The answer, full width.")
    assert QTextCursor(answer).currentFrame() is root
    assert answer.blockFormat().background().style() == Qt.NoBrush
    # As a reader sees it: the pixels beside the question are tinted, those beside the answer are not.
    image = view.viewport().grab().toImage()
    dy = view.verticalScrollBar().value()

    def colour_left_of(block) -> tuple:
        rect = view.document().documentLayout().blockBoundingRect(block)
        return image.pixelColor(int(rect.left()) - 3, int(rect.center().y() - dy)).name()

    assert colour_left_of(block_of(view, "my question")) == tint.name()
    assert colour_left_of(answer) == view.palette().color(QPalette.Base).name()


def test_headings_are_a_little_larger_than_the_text_with_room_above(qtbot, make_window, api_server):
    api_server.set_mode("normal", reply="Intro line.\n\n# Überschrift Äpfel\n\nText.\n\n## Zwei\n\nMore.\n\n"
                                        "### Drei\n\nEnd.")
    window = make_window(font_point_size=10.0)
    chat(qtbot, window, "headings")
    view = window.transcriptView

    def ratios() -> dict[str, float]:
        body = block_of(view, "Text.").layout().lineAt(0).height()
        return {name: block_of(view, name).layout().lineAt(0).height() / body
                for name in ("Überschrift Äpfel", "Zwei", "Drei")}

    def gap_above(name: str) -> float:
        heading = block_of(view, name)
        layout = view.document().documentLayout()
        return layout.blockBoundingRect(heading).top() - layout.blockBoundingRect(heading.previous()).bottom()

    def padding() -> float:
        return QTextCursor(block_of(view, "headings")).currentFrame().frameFormat().padding()

    first, first_padding, first_gap = ratios(), padding(), gap_above("Überschrift Äpfel")
    assert 1.2 <= first["Überschrift Äpfel"] <= 1.5, first  # Qt's own H1 is twice the text
    assert first["Überschrift Äpfel"] > first["Zwei"] > first["Drei"] >= 1.0, first
    line = block_of(view, "Text.").layout().lineAt(0).height()
    assert gap_above("Überschrift Äpfel") >= 0.5 * line  # its umlauts no longer touch the line above
    for _ in range(3):
        window.zoomInAction.trigger()
    assert view.font().pointSizeF() > 12
    assert ratios() == pytest.approx(first, abs=0.12)  # Ctrl++ keeps the proportions
    assert padding() > first_padding * 1.15  # and the user's block grows with the text
    assert gap_above("Überschrift Äpfel") > first_gap * 1.15  # as does the room above a heading


def test_quotes_are_set_apart_and_tables_have_padded_bordered_cells_with_a_shaded_header(qtbot):
    view = new_view(qtbot)
    view.add_answer("model", "Before.\n\n> Quoted words.\n\n| Name | Size |\n|---|---|\n| a | 1 |\n")
    quote = block_of(view, "Quoted words.")
    assert quote.blockFormat().background().style() != Qt.NoBrush and quote.blockFormat().leftMargin() > 0
    quoted_colour = quote.begin().fragment().charFormat().foreground().color()
    assert quoted_colour != view.palette().color(QPalette.Text)  # muted
    table = QTextCursor(block_of(view, "Name")).currentTable()
    assert table.format().cellPadding() >= 5 and table.format().borderCollapse()
    border = table.format().borderBrush().color()
    assert abs(border.lightness() - view.palette().color(QPalette.Base).lightness()) >= 40  # a visible rule
    assert table.cellAt(0, 0).format().background().style() != Qt.NoBrush  # the header row shaded
    assert table.cellAt(1, 0).format().background().style() == Qt.NoBrush


def test_a_long_address_wraps_after_its_punctuation_and_copies_unchanged(qtbot):
    view = new_view(qtbot, width=420)
    view.add_answer("model", f"See {ADDRESS} for the table.")
    block = block_of(view, "for the table.")
    layout, text = block.layout(), block.text()
    assert layout.lineCount() >= 3
    ends = [text[:layout.lineAt(i).textStart() + layout.lineAt(i).textLength()].rstrip(" " + DISPLAY_BREAK)
            for i in range(layout.lineCount() - 1)]
    inside = [end for end in ends if "https://" in end]  # the lines that end within the address
    assert inside and all(end[-1] in "/?&=.-" for end in inside), ends
    view.selectAll()
    view.copy()
    assert f"See {ADDRESS} for the table." in QGuiApplication.clipboard().text()


def characters_per_line(view, text: str) -> int:
    layout = block_of(view, text[:40]).layout()
    return layout.lineAt(0).textLength()


def test_the_column_is_readable_and_centred_on_a_wide_window_and_follows_the_text_size(
        qtbot, make_window, api_server):
    api_server.set_mode("normal", reply=PROSE)
    window = make_window(font_point_size=10.0)
    window.resize(1900, 900)
    chat(qtbot, window, "prose")
    view = window.transcriptView
    qtbot.waitUntil(lambda: view.viewport().width() > 1200)

    def column() -> tuple[int, float, float]:
        rect = view.document().documentLayout().blockBoundingRect(block_of(view, PROSE[:40]))
        return characters_per_line(view, PROSE), rect.left(), view.viewport().width() - rect.right()

    count, left, right = column()
    assert 65 <= count <= 85, count
    assert abs(left - right) <= 24 and left > 200, (left, right)  # centred, with room either side
    for _ in range(3):
        window.zoomInAction.trigger()
    qtbot.wait(10)
    larger, larger_left, larger_right = column()
    assert 65 <= larger <= 85, larger  # the same column of text at the larger size ...
    assert larger_left < left - 50 and abs(larger_left - larger_right) <= 24  # ... wider, still centred
    window.resize(700, 700)
    qtbot.waitUntil(lambda: view.viewport().width() < 600)
    assert column()[1] <= 20  # a narrow window: the text uses its width


LONG_URL = "https://example.com/a/very/long/path/report?" + "&".join(f"key{n}=value{n}" for n in range(20))
MIXED = ("Body text here.\n\n> A quoted line.\n\n- first bullet\n- second bullet\n\n"
         "1. one numbered\n2. two numbered\n\n"
         f"| Name | Size |\n|---|---|\n| a | 1 |\n\nSee {LONG_URL} now.\n")


def text_left(view, text: str) -> float:
    """Where the first line of the block with text starts, in the document."""
    layout = block_of(view, text).layout()
    return layout.position().x() + layout.lineAt(0).x()


def test_an_answer_from_the_server_is_laid_out_in_the_window_in_light_and_dark(qtbot, make_window, api_server):
    """The quote, the table, the lists and a long address of a real answer in the real window, as the standalone
    view's tests check them: the reader gets the same look in the chat, in light and dark, at any text size."""
    from genai_desktop.ui.theme import apply_appearance

    assert len(LONG_URL) > 200
    api_server.set_mode("normal", reply=MIXED)
    window = make_window(appearance="light", font_point_size=10.0)
    try:
        chat(qtbot, window, "show me everything")
        view = window.transcriptView
        base = view.palette().color(QPalette.Base)
        body = text_left(view, "Body text here.")
        quote = block_of(view, "A quoted line.")
        assert quote.blockFormat().background().style() != Qt.NoBrush and quote.blockFormat().leftMargin() > 0
        assert quote.blockFormat().background().color() != base and text_left(view, "A quoted line.") > body
        table = QTextCursor(block_of(view, "Name")).currentTable()
        assert table is not None and table.format().cellPadding() >= 5 and table.format().borderCollapse()
        assert abs(table.format().borderBrush().color().lightness() - base.lightness()) >= 40
        assert table.cellAt(0, 0).format().background().style() != Qt.NoBrush  # the header row shaded
        assert table.cellAt(1, 0).format().background().style() == Qt.NoBrush

        address = block_of(view, "now.")
        lines = address.layout()
        assert lines.lineCount() >= 3  # broken into several lines ...
        right = view.viewport().width()
        for number in range(lines.lineCount()):  # ... each within the column
            line = lines.lineAt(number)
            assert lines.position().x() + line.x() + line.naturalTextWidth() <= right - 12, number
        assert view.document().size().width() <= right and view.horizontalScrollBar().maximum() == 0
        text = address.text()
        ends = [text[:lines.lineAt(i).textStart() + lines.lineAt(i).textLength()].rstrip(" " + DISPLAY_BREAK)
                for i in range(lines.lineCount() - 1)]
        within = [end for end in ends if not end.replace(DISPLAY_BREAK, "").endswith(LONG_URL)]
        assert within and all(end[-1] in "/?&=.-" for end in within), ends  # after its punctuation, not anywhere
        # Nor could it at another width: every place the address may wrap is after its punctuation, none in a word.
        assert all(text[i - 1] in "/?&=." for i, c in enumerate(text) if c == DISPLAY_BREAK), text

        def list_indents() -> list[float]:
            return [text_left(view, item) - text_left(view, "Body text here.")
                    for item in ("first bullet", "second bullet", "one numbered", "two numbered")]

        line_height = block_of(view, "Body text here.").layout().lineAt(0).height()
        indents, quote_indent = list_indents(), text_left(view, "A quoted line.") - body
        assert all(indent >= line_height for indent in indents), indents  # list items stand in from the text
        for _ in range(3):
            window.zoomInAction.trigger()  # View → Larger text
        qtbot.wait(10)
        assert view.font().pointSizeF() > 12
        assert all(larger > indent * 1.15 for larger, indent in zip(list_indents(), indents)), (indents, list_indents())
        assert text_left(view, "A quoted line.") - text_left(view, "Body text here.") > quote_indent * 1.15

        def colours() -> tuple:
            table = QTextCursor(block_of(view, "Name")).currentTable()
            return (block_of(view, "A quoted line.").blockFormat().background().color().name(),
                    table.cellAt(0, 0).format().background().color().name(),
                    table.format().borderBrush().color().name())

        light = colours()
        apply_appearance(QApplication.instance(), "dark")
        qtbot.wait(10)
        dark = colours()
        assert all(QColor(d).lightness() < 128 < QColor(l).lightness() for l, d in zip(light[:2], dark[:2])), (
            light, dark)
        assert dark[2] != light[2] and QColor(dark[2]).lightness() > view.palette().color(QPalette.Base).lightness()
    finally:
        apply_appearance(QApplication.instance(), "")


def test_a_task_list_is_drawn_with_its_boxes_and_the_rest_of_the_answer_still_rendered(qtbot, make_window, api_server):
    """Qt draws "- [x]" as a ticked box, so its "x" is not in the text: taken for a lost word, that made the whole
    answer plain text, every ** and $ of it visible."""
    from PySide6.QtGui import QTextBlockFormat

    api_server.set_mode("normal", reply="Plan with **bold** and [the docs](https://example.com/docs):\n\n"
                                        "- [ ] an open task\n- [x] a done task\n* [X] another done one\n\nThe end $x^2$.")
    window = make_window()
    chat(qtbot, window, "a checklist")
    view = window.transcriptView
    shown = view.toPlainText()
    assert "**" not in shown and "[" not in shown and "](" not in shown and "$" not in shown, shown
    assert "an open task" in shown and "a done task" in shown and "The end" in shown
    markers = [block_of(view, text).blockFormat().marker() for text in ("an open task", "a done task", "another done")]
    assert markers == [QTextBlockFormat.MarkerType.Unchecked, QTextBlockFormat.MarkerType.Checked,
                       QTextBlockFormat.MarkerType.Checked]
    bold = QTextCursor(view.document().find("bold")).charFormat()
    assert bold.fontWeight() > 400 and QTextCursor(view.document().find("the docs")).charFormat().isAnchor()


def test_a_code_block_a_table_and_the_text_after_them_do_not_touch(qtbot, make_window, api_server):
    """A table sat right on the code block above it, and the next paragraph right under the table."""
    api_server.set_mode("normal", reply="Intro.\n\n```python\nx = 1\n```\n| alpha | beta |\n|---|---|\n| one | two |\n\nAfter.")
    window = make_window()
    chat(qtbot, window, "code then table")
    view = window.transcriptView
    layout = view.document().documentLayout()
    code_bottom = layout.blockBoundingRect(block_of(view, "x = 1")).bottom()
    table = QTextCursor(block_of(view, "alpha")).currentTable()
    assert table is not None
    table_rect = layout.frameBoundingRect(table)
    after_top = layout.blockBoundingRect(block_of(view, "After.")).top()
    first_cell_top = layout.blockBoundingRect(table.cellAt(0, 0).firstCursorPosition().block()).top()
    last_cell_bottom = layout.blockBoundingRect(table.cellAt(1, 1).lastCursorPosition().block()).bottom()
    assert first_cell_top - code_bottom >= 6 + 6, (code_bottom, table_rect)  # a gap, then the cell's padding
    assert after_top - last_cell_bottom >= 6 + 6, (last_cell_bottom, after_top)


def test_turns_are_set_apart_by_a_gap_that_grows_with_the_text(qtbot, make_window, api_server):
    """Between one answer (its buttons) and the next question's tinted block there is room: the turns do not run
    into each other, at any text size."""
    api_server.set_mode("normal", reply="The first answer.")
    window = make_window(font_point_size=10.0)
    chat(qtbot, window, "first question")
    chat(qtbot, window, "second question")
    view = window.transcriptView

    def gap_and_line() -> tuple[float, float]:
        bar = message_bar(qtbot, view, 0, answer=True)  # the first answer's buttons: the end of its turn
        scrolled = view.verticalScrollBar().value()
        answer_end = bar.geometry().y() + bar.geometry().height() + scrolled
        frame = QTextCursor(block_of(view, "second question")).currentFrame()
        tint_top = view.document().documentLayout().frameBoundingRect(frame).top() + frame.frameFormat().topMargin()
        image = view.viewport().grab().toImage()  # as the reader sees it: the tint begins there, not above
        x = int(view.document().documentLayout().frameBoundingRect(frame).center().x())
        tint = frame.frameFormat().background().color().name()
        assert image.pixelColor(x, int(tint_top - scrolled) + 1).name() == tint
        assert image.pixelColor(x, int(tint_top - scrolled) - 2).name() != tint
        return tint_top - answer_end, block_of(view, "The first answer.").layout().lineAt(0).height()

    gap, line = gap_and_line()
    assert gap >= 0.5 * line, (gap, line)
    for _ in range(3):
        window.zoomInAction.trigger()
    qtbot.wait(10)
    larger_gap, larger_line = gap_and_line()
    assert larger_line > line and larger_gap > gap * 1.15, (gap, larger_gap)

# --- the buttons under a message ---------------------------------------------------------------


def test_buttons_under_the_messages_copy_and_say_so(qtbot, make_window, api_server):
    api_server.set_mode("normal", reply="The **answer** text.")
    window = make_window()
    chat(qtbot, window, "first question")
    view = window.transcriptView
    user_bar = message_bar(qtbot, view, answer=False)
    assert user_bar.copyButton.isVisible() and user_bar.editButton.isVisible()
    assert not user_bar.regenerateButton.isVisible() and not user_bar.versionLabel.isVisible()
    assert user_bar.copyButton.accessibleName() == user_bar.copyButton.toolTip() == "Copy message"
    assert user_bar.editButton.toolTip() == "Edit and resend"
    assert not user_bar.copyButton.icon().isNull() and not user_bar.editButton.icon().isNull()
    qtbot.mouseClick(user_bar.copyButton, Qt.LeftButton)
    assert QGuiApplication.clipboard().text() == "first question"
    answer_bar = message_bar(qtbot, view, answer=True)
    assert answer_bar.copyButton.accessibleName() == "Copy answer"
    qtbot.mouseClick(answer_bar.copyButton, Qt.LeftButton)
    assert QGuiApplication.clipboard().text() == "The **answer** text."  # the answer as written, whole
    assert answer_bar.copyButton.toolTip() == "Copied"  # confirmed at the button ...
    assert window.statusBar().currentMessage() == "Copied to the clipboard."  # ... and in the status bar
    qtbot.waitUntil(lambda: answer_bar.copyButton.toolTip() == "Copy answer", timeout=4000)


def test_regenerate_is_under_the_last_answer_only_and_is_the_menus_action(qtbot, make_window, api_server):
    api_server.set_mode("normal", reply="an answer")
    window = make_window()
    chat(qtbot, window, "one")
    chat(qtbot, window, "two")
    view = window.transcriptView
    assert not message_bar(qtbot, view, 0, answer=True).regenerateButton.isVisible()
    last = message_bar(qtbot, view, -1, answer=True)
    assert last.regenerateButton.isVisible() and last.regenerateButton.isEnabled()
    assert last.regenerateButton.accessibleName() == "Regenerate last answer"
    assert last.regenerateButton.defaultAction() is window.regenerateAction
    # An icon button: it needs its picture to be seen, and its tooltip to be understood by hovering.
    assert not last.regenerateButton.icon().isNull()
    assert last.regenerateButton.toolButtonStyle() == Qt.ToolButtonIconOnly
    assert last.regenerateButton.toolTip().startswith("Regenerate last answer")
    requests = len(api_server.chat_requests())
    qtbot.mouseClick(last.regenerateButton, Qt.LeftButton)
    assert window.controller.session.busy
    wait_idle(qtbot, window)
    assert len(api_server.chat_requests()) == requests + 1
    assert [m["content"] for m in api_server.chat_requests()[-1].json["messages"]] == ["one", "an answer", "two"]


def test_the_version_switcher_shows_with_more_than_one_version_and_asks_for_a_step(qtbot):
    view = new_view(qtbot)
    turns = [Turn(UserMessage("q"), "first answer", MessageState.DONE, model="m", version=1, versions=1),
             Turn(UserMessage("q2"), "second try", MessageState.DONE, model="m", version=2, versions=2)]
    for index, turn in enumerate(turns):
        view.add_user_message(turn.prompt, edit_index=index)
        view.add_answer(turn.model, turn.answer, turn_index=index, version=turn.version, versions=turn.versions)
    single = message_bar(qtbot, view, 0, answer=True)
    assert not single.versionLabel.isVisible() and not single.versionPrevious.isVisible()
    bar = message_bar(qtbot, view, 1, answer=True)
    previous, label, following = bar.versionPrevious, bar.versionLabel, bar.versionNext
    assert (previous.objectName(), label.objectName(), following.objectName()) == (
        "versionPrevious", "versionLabel", "versionNext")
    assert label.isVisible() and label.text() == "2 / 2" and label.textFormat() == Qt.PlainText
    assert (previous.accessibleName(), label.accessibleName(), following.accessibleName()) == (
        "Previous version", "Version 2 of 2", "Next version")
    assert previous.isEnabled() and not following.isEnabled()  # the last version is shown
    with qtbot.waitSignal(view.versionStepRequested) as step:
        qtbot.mouseClick(previous, Qt.LeftButton)
    assert step.args == [1, -1]
    # Focus moved there by other means than a Tab key (an assistive tool): still visible on the flat button.
    unfocused = previous.grab().toImage()
    previous.setFocus(Qt.OtherFocusReason)
    assert previous.hasFocus() and previous.grab().toImage() != unfocused


def test_bars_follow_scrolling_and_only_messages_near_the_view_get_one(qtbot):
    view = new_view(qtbot)
    with view.batch():
        for index in range(300):
            view.add_user_message(f"question {index}", edit_index=index)
            view.add_answer("m", f"answer {index}", turn_index=index)
    layout = view.document().documentLayout()

    def check_bars_on_their_rows() -> None:
        for bar in view.message_actions.bars:
            if bar.isVisible():
                row = layout.blockBoundingRect(bar.entry.row.block())
                row.translate(0, -view.verticalScrollBar().value())
                # The bar stands on its message's row, under the message.
                assert abs(bar.geometry().center().y() - row.center().y()) <= row.height(), (bar.geometry(), row)
                assert bar.geometry().left() == pytest.approx(row.left(), abs=2)

    for index in (0, 150, 599):
        entry = message_entry(view, index)
        scroll_to_row(view, entry)
        qtbot.waitUntil(lambda: view.message_actions.bar_of(entry) is not None)
        check_bars_on_their_rows()
        view.verticalScrollBar().setValue(view.verticalScrollBar().value() - 37)
        check_bars_on_their_rows()  # at once, not a moment later: they move with the text
    assert len(view.message_actions.bars) <= 60  # a small pool, not a bar per message
    assert sum(bar.isVisible() for bar in view.message_actions.bars) < 60


def test_the_buttons_are_reached_with_tab(qtbot, make_window, api_server):
    api_server.set_mode("normal", reply="answer")
    window = make_window()
    chat(qtbot, window, "question")
    activate(window)
    view = window.transcriptView
    message_bar(qtbot, view, answer=True)
    view.setFocus()
    reached = []
    for _ in range(20):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Tab)
        widget = QApplication.focusWidget()
        reached.append(widget.objectName() if widget else "")
        if widget is not None and widget.objectName() == "messageCopyButton":
            break
    assert "messageCopyButton" in reached, reached
    focused = QApplication.focusWidget()
    shown_focused = focused.grab().toImage()
    view.setFocus()
    assert focused.grab().toImage() != shown_focused  # the focus is visible on the button


def test_light_and_dark_recolour_the_tint_the_quote_and_the_table(qtbot):
    from genai_desktop.ui.theme import apply_appearance

    app = QApplication.instance()
    apply_appearance(app, "light")
    try:
        view = new_view(qtbot)
        view.add_user_message("question", edit_index=0)
        view.add_answer("m", "> quoted\n\n| Alpha | Beta |\n|---|---|\n| 1 | 2 |\n", turn_index=0)

        def colours() -> tuple:
            frame = QTextCursor(block_of(view, "question")).currentFrame()
            table = QTextCursor(block_of(view, "Alpha")).currentTable()
            return (frame.frameFormat().background().color().lightness(),
                    block_of(view, "quoted").blockFormat().background().color().lightness(),
                    table.cellAt(0, 0).format().background().color().lightness(),
                    table.format().borderBrush().color().name())

        light = colours()
        apply_appearance(app, "dark")
        qtbot.wait(10)
        dark = colours()
        assert all(d < 128 < l for l, d in zip(light[:3], dark[:3])), (light, dark)
        assert dark[3] != light[3] and QColor(dark[3]).lightness() > view.palette().color(QPalette.Base).lightness()
    finally:
        apply_appearance(app, "")


def test_the_end_stays_in_view_when_the_banner_comes_and_a_sent_message_is_always_shown(qtbot, make_window,
                                                                                       api_server):
    """Reading at the end: the error banner shrinks the view, and the end (the cut-off note) stays in view.
    Scrolled up to read: sending brings the view to the end, where the question and its answer appear."""
    api_server.set_mode("normal", reply="A long first answer. " * 200)
    window = make_window()
    send_prompt(qtbot, window, "first")
    wait_idle(qtbot, window)
    view, bar = window.transcriptView, window.transcriptView.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == bar.maximum()
    api_server.set_mode("drop_mid_stream", after_tokens=3, reply="cut off here and then more")
    send_prompt(qtbot, window, "second")
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: window.errorBanner.isVisible())
    qtbot.wait(50)  # the layout after the banner took its room
    assert bar.value() == bar.maximum()  # the end, with the note under the cut-off answer, is in view

    bar.setValue(0)  # reading the first answer
    api_server.set_mode("normal", reply="third answer")
    send_prompt(qtbot, window, "third")
    wait_idle(qtbot, window)
    assert bar.value() == bar.maximum() and "third answer" in view.toPlainText()
