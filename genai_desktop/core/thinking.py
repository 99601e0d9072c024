"""A reasoning model's thinking, told apart from its answer when it comes inline between <think> tags.

Qwen and DeepSeek (through Ollama, llama.cpp) put their thinking at the start of the content:
"<think>\\n…\\n</think>\\n\\nThe answer". Servers that parse it out send it in a delta field of
its own instead (reasoning_content, reasoning: read by core.llm). Only a <think> at the very start
(after whitespace) opens thinking: a tag later in an answer is the answer's text. The tags are never
part of either text; a stream cut before </think> leaves all of it as thinking.
"""

from __future__ import annotations

OPEN_TAG, CLOSE_TAG = "<think>", "</think>"

_START, _THINKING_START, _THINKING, _ANSWER_START, _ANSWER = range(5)


def split_thinking(text: str) -> tuple[str, str]:
    """(thinking, answer) of a whole content: what ThinkingSplitter hands out for it, however it is cut."""
    stripped = text.lstrip()
    if not stripped.startswith(OPEN_TAG):
        return "", text
    rest = stripped[len(OPEN_TAG):]
    end = rest.find(CLOSE_TAG)
    if end < 0:
        return rest.strip(), ""
    return rest[:end].strip(), rest[end + len(CLOSE_TAG):].lstrip()


def _partial_tag_length(text: str, tag: str) -> int:
    """The length of the longest end of text that is the start of tag (tag not in text)."""
    for length in range(min(len(tag) - 1, len(text)), 0, -1):
        if text.endswith(tag[:length]):
            return length
    return 0


class ThinkingSplitter:
    """Content pieces in, (thinking, answer) text out, as soon as each is known to be one or the other.

    Held back meanwhile: leading whitespace and a possible start of <think> at the beginning, a
    possible start of </think> and whitespace at the end of the thinking so far (it is stripped), the
    whitespace between </think> and the answer (dropped).
    """

    def __init__(self) -> None:
        self._state = _START
        self._held = ""

    def feed(self, text: str) -> tuple[str, str]:
        thinking, answer = "", ""
        text, self._held = self._held + text, ""
        while text:
            if self._state == _START:
                stripped = text.lstrip()
                if stripped.startswith(OPEN_TAG):
                    self._state, text = _THINKING_START, stripped[len(OPEN_TAG):]
                elif not stripped or OPEN_TAG.startswith(stripped):
                    self._held, text = text, ""  # could still become <think>
                else:
                    self._state = _ANSWER
            elif self._state in (_THINKING_START, _ANSWER_START):
                text = text.lstrip()
                if text:
                    self._state += 1  # _THINKING or _ANSWER
            elif self._state == _THINKING:
                end = text.find(CLOSE_TAG)
                if end >= 0:
                    thinking += text[:end].rstrip()
                    self._state, text = _ANSWER_START, text[end + len(CLOSE_TAG):]
                    continue
                partial = _partial_tag_length(text, CLOSE_TAG)
                sure = text[:len(text) - partial]
                kept = len(sure.rstrip())  # trailing whitespace waits: stripped if </think> follows
                thinking, self._held, text = thinking + sure[:kept], sure[kept:] + text[len(sure):], ""
            else:
                answer, text = answer + text, ""
        return thinking, answer

    def finish(self) -> tuple[str, str]:
        """What was held back, at the end of the stream: the start's text is answer, a cut thinking's is thinking."""
        held, self._held = self._held, ""
        if self._state == _START:
            return "", held  # whitespace, or the start of "<think>" that never came
        if self._state == _THINKING:
            return held.rstrip(), ""  # a start of "</think>" that never came is thinking too
        return "", ""
