"""Property tests of the Markdown transcript: model output is any text, arriving in any chunks.

The property: an answer streamed in any chunks, with the view's flush timer firing at any
point between them, ends up as the same document as the same answer rendered at once from
the history (add_answer). Both go through the same block splitter, so the document is
compared exactly (its HTML, with the view's private command-link token normalised away), and
the copy texts too. Also: no resource is ever asked for (images become text), and no word of
the input is lost.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from genai_desktop.ui.math_render import FORMULA_OBJECT, FORMULA_TEXT, text_with_formulas
from genai_desktop.ui.transcript import DISPLAY_BREAK, TranscriptView

# Characters that make Markdown structure, plus words, spaces and a few non-ASCII letters.
MARKUP = list("`~|-*_#>[]()!<>:=+.\\&;$^") + ["$$", "\\(", "\\)", "\\[", "\\]"] + [
                                             "\n", "\n\n", "   ", "    ", "\t", "1. ", "- ", "```", "~~~",
                                             "| a | b |\n|---|---|\n", "![i](http://127.0.0.1:9/x.png)",
                                             "<img src=\"file:///etc/passwd\">", "[l](file:///etc/passwd)"]
WORDS = ["word", "Zeile", "naïve", "日本語", "x" * 150, "ab12"]
pieces = st.one_of(st.sampled_from(MARKUP), st.sampled_from(WORDS), st.text(min_size=1, max_size=3))
answers = st.lists(pieces, max_size=60).map("".join)


def _views(qtbot) -> tuple[TranscriptView, TranscriptView]:
    views = []
    for _ in range(2):
        view = TranscriptView()
        qtbot.addWidget(view)
        view.resize(600, 400)
        views.append(view)
    return views[0], views[1]


def _document(view: TranscriptView) -> str:
    """The document's HTML; a copy link named by what it copies (its number is just the order of insertion)."""
    html = view.document().toHtml().replace(view.command_links.prefix, "genai-app://TOKEN/")
    return re.sub(r"TOKEN/copy/(\d+)", lambda found: f"TOKEN/copy/{hash(view.command_links.copy_texts[int(found[1])])}", html)


def _formulas(view: TranscriptView) -> list[str]:
    """What each formula object in the view was written as, in order."""
    found = []
    block = view.document().begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            if iterator.fragment().charFormat().objectType() == FORMULA_OBJECT:
                found.append(iterator.fragment().charFormat().property(FORMULA_TEXT))
            iterator += 1
        block = block.next()
    return found


def _chunks(text: str, cuts: list[int]) -> list[str]:
    points = sorted({min(cut, len(text)) for cut in cuts} | {0, len(text)})
    return [text[a:b] for a, b in zip(points, points[1:])]


def _visible_words(text: str) -> list[str]:
    """The words a reader must find: not link targets, fence info strings or reference definitions."""
    text = re.sub(r"\]\([^)]*\)?", "]", text)
    text = re.sub(r"(?m)^ {0,3}(`{3,}|~{3,}).*$", "", text)
    return re.findall(r"[^\W\d_]+", text)


def check_streaming_equals_at_once(qtbot, text: str, cuts: list[int], flushes: list[bool]) -> None:
    at_once, streamed = _views(qtbot)
    at_once.add_answer("model", text)
    streamed.begin_answer("model")
    for index, chunk in enumerate(_chunks(text, cuts)):
        streamed.append_answer(chunk)
        if flushes[index % len(flushes)] if flushes else False:
            streamed._flush()  # the timer fired between two chunks
    assert streamed.end_answer() == text
    for view in (at_once, streamed):
        while view._more_links.showing:  # the steps that follow by themselves, each a tick of their timer
            view._more_links.show_next_step()
    assert _document(streamed) == _document(at_once)
    assert sorted(streamed.command_links.copy_texts.values()) == sorted(at_once.command_links.copy_texts.values())
    assert at_once.blocked_resources == [] and streamed.blocked_resources == []
    assert _formulas(streamed) == _formulas(at_once)  # the HTML leaves formula objects out
    shown = text_with_formulas(at_once.document()).replace(DISPLAY_BREAK, "").replace("\n", "")  # a formula's words too
    lost = [word for word in _visible_words(text) if word not in shown]
    assert lost == [], lost


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@example(text="`| a | b |\n|---|---|\n", cuts=[], flushes=[])  # Qt's renderer dropped the cell "b"
@given(text=answers, cuts=st.lists(st.integers(min_value=0, max_value=400), max_size=12),
       flushes=st.lists(st.booleans(), max_size=12))
def test_streaming_in_any_chunks_renders_like_the_answer_at_once(qtbot, text, cuts, flushes):
    check_streaming_equals_at_once(qtbot, text, cuts, flushes)


long_answers = st.tuples(answers, st.integers(min_value=20, max_value=400)).map(lambda pair: pair[0] * pair[1])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# Found by it: an empty paragraph more or less where a table or a plain-text block met a step's end.
@example(text="| a | b |\n|---|---|\n" * 99, cuts=[], flushes=[True])
@example(text="\n`| a | b |\n|---|---|\n" * 192, cuts=[], flushes=[True])
@example(text="```\n| a | b |\n|---|---|\n" * 367, cuts=[], flushes=[True])
@given(text=long_answers, cuts=st.lists(st.integers(min_value=0, max_value=30_000), max_size=12),
       flushes=st.lists(st.booleans(), max_size=12))
def test_long_answers_cut_into_pieces_render_alike_however_they_arrive(qtbot, text, cuts, flushes):
    """Long enough for the cuts into pieces (paragraphs, code blocks, tables) and the display budget."""
    check_streaming_equals_at_once(qtbot, text, cuts, flushes)
