"""Property tests of the Markdown transcript: model output is any text, arriving in any chunks.

The property: an answer streamed in any chunks, with the view's flush timer firing at any
point between them, ends up as the same document as the same answer rendered at once from
the history (add_answer). Both go through the same block splitter, so the document is
compared exactly (its HTML, with the view's private command-link token normalised away), and
the copy texts too. Also: no resource is ever asked for (images become text, a code block's
language is text in its header), and no word of the input is lost.

And while it streams: an answer of well-formed Markdown (code blocks, tables, emphasis, code
spans, links, lists, headings) arriving in any chunks never shows a fence line, a table's
delimiter row, a pipe or an emphasis, code or link marker at any flush — nor at its end.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from genai_desktop.ui import transcript
from genai_desktop.ui.code_blocks import CodeBlocks
from genai_desktop.ui.math_render import FORMULA_OBJECT, FORMULA_TEXT, text_with_formulas
from genai_desktop.ui.transcript import DISPLAY_BREAK, TranscriptView

# Characters that make Markdown structure, plus words, spaces and a few non-ASCII letters.
MARKUP = list("`~|-*_#>[]()!<>:=+.\\&;$^") + ["$$", "\\(", "\\)", "\\[", "\\]"] + [
                                             "\n", "\n\n", "   ", "    ", "\t", "1. ", "- ", "```", "~~~",
                                             "| a | b |\n|---|---|\n", "![i](http://127.0.0.1:9/x.png)",
                                             "<img src=\"file:///etc/passwd\">", "[l](file:///etc/passwd)",
                                             # code blocks with a header and colours, and hostile languages
                                             "```python\n", "~~~js\n", "```<img src=x>\n", "```../../etc\n",
                                             "def f(x): return 'a' # c\n"]
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


def _lexers_loaded(qtbot) -> None:
    """The lexers the inputs name, there before rendering: both views colour their code alike and at once."""
    from genai_desktop.ui.code_blocks import _loader

    for language in ("python", "js", "<img", "../../etc"):
        _loader().lexer(language)
    qtbot.waitUntil(lambda: {"python", "js", "<img", "../../etc"} <= set(_loader().lexers), timeout=20_000)


def _settle(view: TranscriptView) -> None:
    while view._more_links.showing:  # the steps that follow by themselves, each a tick of their timer
        view._more_links.show_next_step()


@pytest.fixture(autouse=True)
def _code_stays_plain(monkeypatch):
    """The structure is compared here, code plain in both views (the colour passes need the event loop, which
    these tests never run): the streamed view's colour steps are left out too. Colours while an answer streams,
    and after it, are tested in test_code_blocks.py."""
    monkeypatch.setattr(CodeBlocks, "colour_in_view", lambda _blocks: False)


def check_streaming_equals_at_once(qtbot, text: str, cuts: list[int], flushes: list[bool]) -> None:
    _lexers_loaded(qtbot)
    at_once, streamed = _views(qtbot)
    at_once.add_answer("model", text)
    streamed.begin_answer("model")
    for index, chunk in enumerate(_chunks(text, cuts)):
        streamed.append_answer(chunk)
        if flushes[index % len(flushes)] if flushes else False:
            streamed._flush()  # the timer fired between two chunks
    assert streamed.end_answer() == text
    for view in (at_once, streamed):
        _settle(view)
    assert _document(streamed) == _document(at_once)
    assert sorted(streamed.command_links.copy_texts.values()) == sorted(at_once.command_links.copy_texts.values())
    assert at_once.blocked_resources == [] and streamed.blocked_resources == []
    assert _formulas(streamed) == _formulas(at_once)  # the HTML leaves formula objects out
    shown = text_with_formulas(at_once.document()).replace(DISPLAY_BREAK, "").replace("\n", "")  # a formula's words too
    lost = [word for word in _visible_words(text) if word not in shown]
    assert lost == [], lost


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@example(text="`| a | b |\n|---|---|\n", cuts=[], flushes=[])  # Qt's renderer dropped the cell "b"
@example(text="```python\ndef f(x): return 'a' # c\n```\n```<img src=x>\n<b>x</b>\n", cuts=[5, 30], flushes=[True])
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


# Well-formed Markdown: every marker is closed, so none may show, at any moment of a stream.
SAFE_WORDS = ["word", "Zeile", "naïve", "日本語", "ab12", "x" * 120]
inline = st.sampled_from(SAFE_WORDS).flatmap(lambda word: st.sampled_from([
    word, f"**{word}**", f"*{word}*", f"_{word}_", f"`{word}`", f"~~{word}~~", f"[{word}](http://127.0.0.1:9/{word})",
    f"**{word} *{word}***"]))
sentences = st.lists(inline, min_size=1, max_size=8).map(" ".join)
code_lines = st.lists(st.sampled_from(SAFE_WORDS + ["x = 1", "print(x)", "    return y"]), max_size=5)
well_formed_blocks = st.one_of(
    sentences.map(lambda text: text + "\n\n"),
    st.lists(sentences, min_size=2, max_size=3).map(lambda lines: "\n".join(lines) + "\n\n"),
    sentences.map(lambda text: f"## {text}\n\n"),
    st.lists(sentences, min_size=1, max_size=3).map(lambda items: "".join(f"- {item}\n" for item in items) + "\n"),
    st.tuples(st.sampled_from([("```python", "```"), ("```", "```"), ("~~~", "~~~"), ("````text", "````")]),
              code_lines).map(lambda pair: pair[0][0] + "\n" + "".join(line + "\n" for line in pair[1]) + pair[0][1]
                              + "\n\n"),
    st.lists(st.tuples(inline, inline), min_size=1, max_size=6).map(
        lambda rows: "| head | more |\n|---|:---:|\n" + "".join(f"| {a} | {b} |\n" for a, b in rows) + "\n"),
)
well_formed_answers = st.lists(well_formed_blocks, min_size=1, max_size=8).map("".join)
_SYNTAX = re.compile(r"[*_`|~\[\]]|\]\(|(?m:^ {0,3}(?:`{3,}|~{3,}))|(?m:^ {0,3}\|?\s*:?-{3,})")


def _syntax_shown(view: TranscriptView) -> list[str]:
    return _SYNTAX.findall(view.toPlainText().replace(DISPLAY_BREAK, ""))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@example(text="Some **bold** text\n\n```python\nx = 1\n```\n\n| head | more |\n|---|:---:|\n| a | b |\n\n",
         cuts=list(range(0, 90, 3)))
@given(text=well_formed_answers, cuts=st.lists(st.integers(min_value=0, max_value=600), max_size=25))
def test_no_markdown_syntax_shows_at_any_moment_of_a_stream(qtbot, text, cuts):
    view = TranscriptView()
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.begin_answer("model")
    for chunk in _chunks(text, cuts):
        view.append_answer(chunk)
        view._flush()  # the timer fired after every chunk
        while view._flush_timer.isActive() and view._flush_timer.interval() == transcript.STEP_PAUSE_MS:
            view._flush()  # the steps that follow soon
        assert _syntax_shown(view) == [], (text, view.toPlainText())
    assert view.end_answer() == text
    assert _syntax_shown(view) == []
    _settle(view)
    assert _syntax_shown(view) == []
    at_once = TranscriptView()
    qtbot.addWidget(at_once)
    at_once.resize(600, 400)
    at_once.add_answer("model", text)
    _settle(at_once)
    assert _document(view) == _document(at_once)
