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


# --- through the SDK, against the loopback server ------------------------------------------------

from conftest import TEST_KEY  # noqa: E402
from genai_desktop.core import llm  # noqa: E402
from genai_desktop.core.chat import ChatRequest  # noqa: E402

THOUGHT = "First I add two and two. That makes four."
REPLY = "The answer is 4."


def ask(server, **mode):
    request = ChatRequest(base_url=server.base_url, model="fake-model", api_key=TEST_KEY,
                          messages=({"role": "user", "content": "2+2?"},))
    text, thinking = [], []
    result = llm.run_chat(request, llm.CancelToken(), text.append, batch_seconds=0.0, on_thinking=thinking.append)
    return result, "".join(text), "".join(thinking)


@pytest.mark.parametrize("mode", ["think_tags", "reasoning_content", "reasoning"])
def test_the_thinking_is_handed_out_apart_from_the_answer(api_server, mode):
    api_server.set_mode(mode, reply=REPLY, thinking=THOUGHT)
    result, text, thinking = ask(api_server)
    assert (thinking, text) == (THOUGHT, REPLY)
    assert (result.reasoning, result.text, result.finish_reason) == (THOUGHT, REPLY, "stop")


def test_a_stream_cut_during_the_thinking_keeps_it_as_thinking(api_server):
    inline = f"<think>\n{THOUGHT}"
    api_server.set_mode("no_finish_reason", tokens=[inline[i:i + 4] for i in range(0, len(inline), 4)])
    request = ChatRequest(base_url=api_server.base_url, model="fake-model", api_key=TEST_KEY,
                          messages=({"role": "user", "content": "2+2?"},))
    thinking: list[str] = []
    with pytest.raises(llm.ChatError):
        llm.run_chat(request, llm.CancelToken(), lambda text: pytest.fail(f"answer text {text!r}"),
                     batch_seconds=0.0, on_thinking=thinking.append)
    assert "".join(thinking) == THOUGHT


@pytest.mark.parametrize("mode", ["think_tags", "reasoning_content"])
def test_a_key_echoed_in_the_thinking_is_replaced(api_server, mode):
    """The thinking is shown and stored like the answer: the key filter applies to it too."""
    api_server.set_mode(mode, reply=REPLY, thinking=f"The key is {TEST_KEY} here.", tag_piece=5)
    result, _text, thinking = ask(api_server)
    assert TEST_KEY not in thinking and TEST_KEY not in result.reasoning
    assert thinking == result.reasoning == "The key is [REDACTED] here."
