"""The <think> tag splitter: however the content is cut into stream pieces, the thinking and the answer
it hands out are the same, neither holds a tag, and nothing is lost or duplicated."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from genai_desktop.core.thinking import CLOSE_TAG, OPEN_TAG, ThinkingSplitter, split_thinking

# Text built from pieces that make the splitter's edge cases likely: tags, parts of tags, whitespace.
pieces = st.sampled_from([OPEN_TAG, CLOSE_TAG, "<", "</", "<th", "</thi", "think>", ">", " ", "\n", "\n\n", "\t",
                          "a", "Okay, ", "x < y", "answer", "ü", "<thinking>"])
contents = st.lists(st.one_of(pieces, st.text(max_size=6)), max_size=14).map("".join)


def streamed(text: str, cuts: list[int]) -> tuple[list[str], list[str]]:
    """The thinking and answer pieces the splitter hands out for text cut at cuts."""
    splitter = ThinkingSplitter()
    thinking, answer = [], []
    bounds = [0, *sorted(cut % (len(text) + 1) for cut in cuts), len(text)]
    for start, end in zip(bounds, bounds[1:]):
        got_thinking, got_answer = splitter.feed(text[start:end])
        thinking.append(got_thinking)
        answer.append(got_answer)
    got_thinking, got_answer = splitter.finish()
    return thinking + [got_thinking], answer + [got_answer]


@settings(max_examples=400, deadline=None)
@given(contents, st.lists(st.integers(min_value=0, max_value=200), max_size=12))
@example("<think>\nhmm\n</think>\n\nThe answer", [1, 3, 9, 14, 17, 20])
@example("  <think>cut off </thi", [5])
def test_any_cutting_of_the_content_hands_out_the_same_thinking_and_answer(text, cuts):
    thinking, answer = streamed(text, cuts)
    assert ("".join(thinking), "".join(answer)) == split_thinking(text)


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(), max_size=3).filter(str.isspace) | st.just(""), contents, contents,
       st.lists(st.integers(min_value=0, max_value=200), max_size=12))
def test_the_tags_around_the_thinking_are_never_handed_out(space, thought, answer_text, cuts):
    while CLOSE_TAG in thought:
        thought = thought.replace(CLOSE_TAG, "")
    thinking, answer = streamed(f"{space}{OPEN_TAG}{thought}{CLOSE_TAG}{answer_text}", cuts)
    assert "".join(thinking) == thought.strip()
    assert "".join(answer) == answer_text.lstrip()


@pytest.mark.parametrize(("text", "expected"), [
    ("<think>\nLet me see.\n</think>\n\nHello!", ("Let me see.", "Hello!")),
    ("\n  <think>a</think>b", ("a", "b")),  # leading whitespace before the tag
    ("<think>\n\n</think>\n\nHi", ("", "Hi")),  # Qwen3 with thinking off: an empty section
    ("<think>no end, the stream was cut", ("no end, the stream was cut", "")),
    ("Use <think> tags like this", ("", "Use <think> tags like this")),  # not at the start: the answer's text
    ("<thinking>x</thinking>", ("", "<thinking>x</thinking>")),
    ("<thi", ("", "<thi")),  # the start of a tag that never came is answer text
    ("  ", ("", "  ")),
    ("<think>a</think>b <think>c</think>", ("a", "b <think>c</think>")),  # only the first, leading one
])
def test_split_thinking(text, expected):
    assert split_thinking(text) == expected
    thinking, answer = streamed(text, list(range(len(text))))  # one character at a time
    assert ("".join(thinking), "".join(answer)) == expected


def test_thinking_is_handed_out_while_it_arrives_and_the_tag_never():
    splitter = ThinkingSplitter()
    assert splitter.feed("<th") == ("", "")
    assert splitter.feed("ink>First ") == ("First", "")  # the trailing space waits: it may end the thinking
    assert splitter.feed("step.</th") == (" step.", "")
    assert splitter.feed("ink>\n\n") == ("", "")
    assert splitter.feed("Answer") == ("", "Answer")
    assert splitter.feed(" <think>") == ("", " <think>")
    assert splitter.finish() == ("", "")


def test_an_answer_without_thinking_goes_on_at_once():
    splitter = ThinkingSplitter()
    assert splitter.feed("Hello") == ("", "Hello")
    assert splitter.feed(" <think>") == ("", " <think>")
