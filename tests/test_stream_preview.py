"""The preview of a block still being written: what it shows of unclosed Markdown, and what it holds back."""

from __future__ import annotations

import pytest

from genai_desktop.ui.stream_preview import hide_unclosed_markers, preview_block


@pytest.mark.parametrize("written, shown", [
    ("Some **bol", "Some bol"),  # the words at once, without the marker
    ("Some **bold**", "Some **bold**"),  # closed: Markdown as written
    ("Some **bold*", "Some bold"),  # half the closing marker: still open
    ("**a *b*", "a *b*"),  # the inner one closed, the outer not
    ("**a *b***", "**a *b***"),
    ("text **", "text "),  # a marker at the very end may still open
    ("5*3 and 2 * 3 and snake_case", "5*3 and 2 * 3 and snake_case"),  # not emphasis: left as it is
    ("a `co*de", "a `co*de`"),  # an open code span is code at once, its text never read as Markdown
    ("see [text](http://exa", "see text"),  # the link's text; its target waits
    ("see [text]", "see text"),
    ("x ![alt](http://h", "x "),  # an image being written: nothing of it
    ("so $$\\int_0^1 x", "so "),  # half a formula waits
    ("so \\(x^2", "so "),
    ("so $$x$$ and", "so $$x$$ and"),
    ("Tom &am", "Tom "),  # half an entity
    ("at <https://exa", "at "),  # half an autolink
    ("a trailing \\", "a trailing "),  # half an escape
])
def test_unclosed_markers_never_show(written, shown):
    assert hide_unclosed_markers(written) == shown


def test_an_open_code_block_is_closed_and_a_possible_closing_fence_waits():
    assert preview_block("```python\ndef f():\n    ret", "```", False).text == "```python\ndef f():\n    ret\n```\n"
    block = preview_block("```python\ndef f():\n``", "```", False)
    assert block.is_code and block.text == "```python\ndef f():\n```\n"


@pytest.mark.parametrize("written, in_table, shown", [
    ("| a | b |\n|---|---|\n| 1 | 2", True, "| a | b |\n|---|---|\n"),  # a half row waits for its newline
    ("Intro\n| a | b |\n", False, "Intro\n"),  # a header waits for its delimiter row
    ("Intro\n| a | b |\n|--", False, "Intro\n"),
    ("Text\n```py", False, "Text\n"),  # a fence being written
    ("Text\n- ", False, "Text\n"),  # a marker with no word yet
])
def test_lines_that_may_become_syntax_wait_for_their_newline(written, in_table, shown):
    assert preview_block(written, None, in_table).text == shown
