"""Answers Qt cannot lay out quickly are bounded for display only (issue 9, point 1).

A line without a break opportunity, a long block and a big table cost Qt's layout more than
linear time on the GUI thread. These tests check the structure that bounds it — not timings
(tests/bench/bench_hostile_layout.py measures those): no run without a break opportunity
longer than RUN_CAP, no block longer than BLOCK_CAP, no table piece longer than TABLE_CAP rows,
at most a step of the answer shown at once with the rest behind "Show more" — while the copy
and the history keep the text whole and every character stays reachable.
"""

from __future__ import annotations

import os
import re

from PySide6.QtCore import QUrl
from PySide6.QtGui import QGuiApplication, QTextTable

from conftest import send_prompt, shown_transcript, wait_idle
from message_bars import message_bar
from genai_desktop.ui.transcript import TranscriptView

RUN_CAP = 100  # markdown_render.RUN_CHARACTERS
BLOCK_CAP = 8200  # markdown_stream.BLOCK_CHARACTERS, a repeated table header and the breaks in it
TABLE_CAP = 101  # markdown_stream.TABLE_PIECE_ROWS and the header row
BREAK = "\u200b"
MEGABYTE = 1024 * 1024


def unbroken_answer(size: int = MEGABYTE) -> str:
    return os.urandom(size // 2).hex()


def table_answer(rows: int) -> str:
    return "| row | value |\n|---|---|\n" + "".join(f"| r{i} | v{i} |\n" for i in range(rows))


def new_view(qtbot) -> TranscriptView:
    return shown_transcript(qtbot, 800, 600)


def layout_extremes(view: TranscriptView) -> tuple[int, int, int]:
    """The longest run without a break opportunity, the longest block, the most rows in one table."""
    document = view.document()
    longest_run = longest_block = 0
    block = document.begin()
    while block.isValid():
        text = block.text()
        longest_block = max(longest_block, len(text))
        longest_run = max([longest_run, *map(len, re.findall(rf"[^\s{BREAK}]+", text))])
        block = block.next()
    rows = [frame.rows() for frame in document.rootFrame().childFrames() if isinstance(frame, QTextTable)]
    return longest_run, longest_block, max(rows, default=0)


def command_links(view: TranscriptView, action: str) -> list[str]:
    links = []
    block = view.document().begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            href = iterator.fragment().charFormat().anchorHref()
            if href.startswith(f"{view.command_links.prefix}{action}/"):
                links.append(href)
            iterator += 1
        block = block.next()
    return links


def click(view: TranscriptView, href: str) -> None:
    view.anchorClicked.emit(QUrl(href))


def wait_for_steps(qtbot, view: TranscriptView) -> None:
    """The steps that follow a shown step by themselves, a timer tick each."""
    qtbot.waitUntil(lambda: not view._more_links.showing, timeout=60_000)  # cheaper to poll than the document


def show_everything(qtbot, view: TranscriptView) -> int:
    """Let the automatic steps end, then click every "Show more" left. Returns the number of clicks."""
    wait_for_steps(qtbot, view)
    links = command_links(view, "more")
    for link in links:
        click(view, link)
    wait_for_steps(qtbot, view)
    assert not command_links(view, "more")
    return len(links)


def shown_text(view: TranscriptView) -> str:
    return view.toPlainText().replace(BREAK, "")


def assert_bounded(view: TranscriptView) -> None:
    longest_run, longest_block, most_rows = layout_extremes(view)
    assert longest_run <= RUN_CAP and longest_block <= BLOCK_CAP and most_rows <= TABLE_CAP, (
        longest_run, longest_block, most_rows)


def copied_by_link(view: TranscriptView, label_action: str = "copy", index: int = -1) -> str:
    click(view, command_links(view, label_action)[index])
    return QGuiApplication.clipboard().text()


def copied_answer(qtbot, view: TranscriptView, index: int = -1) -> str:
    """What the Copy button under the index-th answer puts on the clipboard."""
    message_bar(qtbot, view, index, answer=True).copyButton.click()
    return QGuiApplication.clipboard().text()


def test_a_megabyte_without_a_break_is_broken_for_display_only(qtbot):
    view = new_view(qtbot)
    text = unbroken_answer()
    view.add_answer("model", text)
    assert_bounded(view)
    assert len(shown_text(view)) < len(text) // 2 and command_links(view, "more")  # a step at once
    assert copied_answer(qtbot, view) == text  # Copy under the answer: whole, without the display breaks
    assert show_everything(qtbot, view) == 0  # the rest followed in steps, without a click
    assert_bounded(view)
    assert text in shown_text(view).replace("\n", "")  # every character reachable, in order
    view.selectAll()
    view.copy()
    copied = QGuiApplication.clipboard().text()
    assert BREAK not in copied and text in copied.replace("\n", "")


def test_a_streamed_megabyte_without_a_break_is_bounded_while_it_streams(qtbot):
    view = new_view(qtbot)
    text = unbroken_answer()
    view.begin_answer("model")
    for start in range(0, len(text), 3000):
        view.append_answer(text[start:start + 3000])
        view._flush()  # the flush timer's tick
        if start % 90_000 == 0:
            assert_bounded(view)
    assert view.end_answer() == text
    assert_bounded(view)
    assert copied_answer(qtbot, view) == text
    show_everything(qtbot, view)
    assert text in shown_text(view).replace("\n", "")


def test_a_20000_row_table_shows_capped_rows_and_the_rest_on_click(qtbot):
    view = new_view(qtbot)
    text = table_answer(20_000)
    view.add_answer("model", text)
    assert_bounded(view)
    shown_rows = set(re.findall(r"v(\d+)", shown_text(view)))
    assert 0 < len(shown_rows) <= 400 and command_links(view, "more")
    assert copied_answer(qtbot, view) == text
    wait_for_steps(qtbot, view)
    assert len(set(re.findall(r"v(\d+)", shown_text(view)))) <= 4_000  # some steps follow by themselves
    assert show_everything(qtbot, view) == 1  # the rest is one click away
    assert_bounded(view)
    assert set(re.findall(r"v(\d+)", shown_text(view))) == {str(i) for i in range(20_000)}


def test_a_huge_code_block_wraps_and_its_copy_stays_whole(qtbot):
    view = new_view(qtbot)
    code = unbroken_answer(MEGABYTE // 2) + "\n" + "short line\n" * 3000
    view.add_answer("model", f"Here:\n\n```text\n{code}```\n\nDone.")
    assert_bounded(view)
    show_everything(qtbot, view)
    assert_bounded(view)
    assert copied_by_link(view) == code  # "Copy code" of the whole block
    assert "Done." in shown_text(view) and code.split("\n")[0] in shown_text(view).replace("\n", "")


def test_a_huge_answer_and_table_reopened_from_the_history_are_bounded(qtbot, make_window, api_server):
    hexadecimal, table = unbroken_answer(), table_answer(20_000)
    window = make_window()
    for reply in (hexadecimal, table):
        api_server.set_mode("normal", reply=reply, tokens=[reply[i:i + 4000] for i in range(0, len(reply), 4000)])
        send_prompt(qtbot, window, "something big")
        wait_idle(qtbot, window, timeout=60_000)
    assert_bounded(window.transcriptView)
    window.close()

    again = make_window()
    view = again.transcriptView
    assert [turn.answer for turn in again.controller.session.shown.turns] == [hexadecimal, table]  # the history keeps them whole
    assert_bounded(view)
    assert len(command_links(view, "more")) == 2  # one for each answer
    assert len(set(re.findall(r"v(\d+)", shown_text(view)))) <= 400
    assert copied_answer(qtbot, view, 0) == hexadecimal and copied_answer(qtbot, view, 1) == table
    assert show_everything(qtbot, view) == 1  # the table's rest; the unbroken answer followed by itself
    assert_bounded(view)
    shown = shown_text(view)
    assert hexadecimal in shown.replace("\n", "")
    assert set(re.findall(r"v(\d+)", shown)) == {str(i) for i in range(20_000)}


def test_showing_more_keeps_the_later_messages_findable(qtbot):
    view = new_view(qtbot)
    view.add_user_message("first question", message_id=1)
    view.add_answer("model", unbroken_answer(MEGABYTE // 4), message_id=2)
    view.add_user_message("second question", message_id=3)
    view.add_answer("model", "A short answer.", message_id=4)
    show_everything(qtbot, view)
    assert view.jump_to(3)  # a message's mark is the end of the block before its heading
    assert view.textCursor().block().next().text() == "You"
    assert view.textCursor().block().next().next().text() == "second question"


def test_showing_more_while_the_next_answer_streams_keeps_its_tail_in_place(qtbot):
    """Steps of an earlier answer insert text before the streaming one: its tail must move with them."""
    view = new_view(qtbot)
    first = unbroken_answer(MEGABYTE // 4)
    view.add_answer("model", first, message_id=1)
    view.begin_answer("model", message_id=2)
    view.append_answer("First paragraph of the second answer.\n\nAn unfinished tail")
    view._flush()
    for link in command_links(view, "more"):
        click(view, link)
    wait_for_steps(qtbot, view)
    view.append_answer(" that goes on.")
    view._flush()
    view.end_answer()
    assert not command_links(view, "more")
    shown = shown_text(view)
    assert shown.endswith("First paragraph of the second answer.\nAn unfinished tail that goes on.\n")  # its bar's row
    assert shown.count("An unfinished tail") == 1
    assert first in shown.replace("\n", "") and shown.count("Assistant · model") == 2


def test_breaks_never_split_a_character_outside_the_basic_plane(qtbot):
    """Found by test_fuzz_markdown: a document counts UTF-16 units, so an emoji is two positions."""
    view = new_view(qtbot)
    text = "😀" * 250 + " and " + "𐠈A" * 150
    view.add_answer("model", text)
    assert_bounded(view)
    assert text in shown_text(view)


# One helper puts the invisible wrap points everywhere (the transcript every 100, the link question every 16).
from hypothesis import given, settings, strategies as st  # noqa: E402

from genai_desktop.ui.line_breaks import (  # noqa: E402
    DISPLAY_BREAK, display_breaks, with_display_breaks, without_display_breaks,
)

run_text = st.text(alphabet=st.sampled_from("ab \n\t\u00e9\U0001f600"), max_size=300)


@settings(max_examples=300, deadline=None)
@given(text=run_text, run_length=st.integers(min_value=1, max_value=40), cut=st.integers(min_value=0, max_value=300))
def test_display_breaks_bound_every_run_keep_the_text_and_stream_like_the_whole(text, run_length, cut):
    broken = with_display_breaks(text, run_length)
    assert without_display_breaks(broken) == text
    assert all(len(run) <= run_length for run in re.split(rf"[\s{DISPLAY_BREAK}]", broken))
    needed = sum((len(run) - 1) // run_length for run in re.split(r"\s", text) if run)
    assert broken.count(DISPLAY_BREAK) == needed  # no more than the runs need
    # In two pieces (as a stream arrives), with the run carried over: the same places.
    cut = min(cut, len(text))
    first, run = display_breaks(text[:cut], run_length)
    second, _run = display_breaks(text[cut:], run_length, run)
    assert first + [cut + offset for offset in second] == display_breaks(text, run_length)[0]


def test_the_link_question_breaks_after_dots_and_every_16_characters():
    from genai_desktop.ui.link_dialog import breakable

    assert breakable("a" * 40 + ".example") == "a" * 16 + DISPLAY_BREAK + "a" * 16 + DISPLAY_BREAK + "a" * 8 \
        + "." + DISPLAY_BREAK + "example"
