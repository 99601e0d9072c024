"""The thinking section of the transcript, alone: open while the thinking arrives, collapsed once the answer
starts, toggled by a click and by the keyboard, plain muted text that follows light and dark."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QPalette, QTextCursor

from conftest import shown_transcript
from genai_desktop.ui.thinking_section import SHOWN_CHARACTERS, THINKING_COMMAND
from genai_desktop.ui.transcript import TranscriptView

THOUGHT = "First the question.\nThen the answer."


@pytest.fixture
def view(qtbot):
    return shown_transcript(qtbot, 600, 400)


def toggle_link(view: TranscriptView, number: int | None = None) -> QUrl:
    number = number if number is not None else view.thinking.numbers()[-1]
    return QUrl(f"{view.command_links.prefix}{THINKING_COMMAND}/{number}")


def streamed(view: TranscriptView, qtbot, thinking: list[str], answer: list[str]) -> None:
    view.begin_answer("m")
    for piece in thinking:
        view.append_thinking(piece)
    for piece in answer:
        view.append_answer(piece)
    words = re.findall(r"\w+", "".join(answer))  # shown rendered: the words, not the Markdown around them
    qtbot.waitUntil(lambda: all(word in view.toPlainText() for word in words))


def test_open_while_the_thinking_arrives_then_collapsed_when_the_answer_starts(view, qtbot):
    view.begin_answer("m")
    view.append_thinking("First the question.\n")
    view.append_thinking("Then the answer.")
    [number] = view.thinking.numbers()
    assert view.thinking.is_open(number)
    assert "Thinking… ▾" in view.toPlainText() and "Then the answer." in view.toPlainText()
    view.append_answer("\n\n")  # whitespace before the answer: still thinking
    assert view.thinking.is_open(number)
    view.append_answer("Hello!")
    assert not view.thinking.is_open(number)
    view.end_answer()
    text = view.toPlainText()
    assert "Then the answer." not in text and "Hello!" in text
    assert text.index("Thought for 1 s ▸") < text.index("Hello!")  # above the answer, how long it took


def test_a_click_or_the_keyboard_opens_and_closes_it_and_a_screen_reader_is_told(view, qtbot):
    streamed(view, qtbot, [THOUGHT], ["Hello!"])
    view.end_answer()
    told = []
    view.thinking.toggled.connect(told.append)
    view.anchorClicked.emit(toggle_link(view))
    text = view.toPlainText()
    assert "Thought for 1 s ▾" in text and text.index("Then the answer.") < text.index("Hello!")
    view.setFocus()
    view.moveCursor(QTextCursor.Start)
    qtbot.keyClick(view, Qt.Key_Tab)  # the first link in the transcript: the toggle
    qtbot.keyClick(view, Qt.Key_Return)
    assert "Then the answer." not in view.toPlainText() and "Hello!" in view.toPlainText()
    assert told == ["Thinking shown", "Thinking hidden"]


def test_the_answer_after_it_is_rendered_as_before(view, qtbot):
    """The section takes no part of the answer: the answer's text and Markdown are what they were."""
    streamed(view, qtbot, [THOUGHT], ["# Title\n\nSome **bold** text.\n"])
    view.end_answer()
    with_thinking = view.toPlainText()
    plain = TranscriptView()
    qtbot.add_widget(plain)
    plain.add_answer("m", "# Title\n\nSome **bold** text.\n")
    assert with_thinking.replace("Thought for 1 s ▸\n", "") == plain.toPlainText()


def test_a_reopened_answer_shows_its_thinking_collapsed(view):
    view.add_answer("m", "Hello!", reasoning=THOUGHT)
    [number] = view.thinking.numbers()
    assert not view.thinking.is_open(number)
    assert "Thinking ▸" in view.toPlainText() and "First the question." not in view.toPlainText()
    view.anchorClicked.emit(toggle_link(view, number))
    assert "Thinking ▾\nFirst the question.\nThen the answer.\nHello!" in view.toPlainText()


def test_an_answer_without_thinking_has_no_section(view, qtbot):
    streamed(view, qtbot, [], ["Hello!"])
    view.end_answer()
    view.add_answer("m", "Again")
    assert view.thinking.numbers() == [] and "Think" not in view.toPlainText()


def test_the_thinking_is_plain_muted_text_that_follows_light_and_dark(view, leak_trap):
    markup = f"<b>bold?</b> ![x]({leak_trap.url()}) <img src='{leak_trap.url('/img')}'> **not bold**"
    view.add_answer("m", "Hello!", reasoning=markup)
    view.anchorClicked.emit(toggle_link(view))
    assert markup in view.toPlainText()  # as it was written: no markup read
    assert not view.blocked_resources and not leak_trap.hits
    block = view.document().findBlock(view.toPlainText().index("<b>bold?"))
    fragment = block.begin().fragment()
    assert not fragment.charFormat().isAnchor() and fragment.charFormat().fontWeight() != 700
    placeholder = view.palette().color(QPalette.PlaceholderText)
    assert fragment.charFormat().foreground().color() == placeholder
    dark = QPalette(view.palette())
    dark.setColor(QPalette.PlaceholderText, Qt.darkMagenta)
    view.setPalette(dark)
    block = view.document().findBlock(view.toPlainText().index("<b>bold?"))
    assert block.begin().fragment().charFormat().foreground().color() == dark.color(QPalette.PlaceholderText)


def test_a_link_in_an_answer_cannot_toggle_the_thinking(view):
    view.add_answer("m", f"[open](genai-app://0000000000000000/{THINKING_COMMAND}/1)", reasoning=THOUGHT)
    view.anchorClicked.emit(QUrl(f"genai-app://0000000000000000/{THINKING_COMMAND}/1"))
    assert not view.thinking.is_open(1)


def test_a_very_long_thinking_shows_its_start(view):
    view.add_answer("m", "Hello!", reasoning="word " * (SHOWN_CHARACTERS // 4))
    view.anchorClicked.emit(toggle_link(view))
    text = view.toPlainText()
    assert "word word …\nHello!" in text and len(text) < SHOWN_CHARACTERS + 200
