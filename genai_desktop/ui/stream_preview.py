"""The unfinished end of a streaming answer as Markdown that shows none of its syntax.

A block still being written is not yet Markdown a renderer can be given as it is: an open
code fence, a table without its delimiter row, a half-written row, an unclosed ``**`` would
all show their markers. So the block is made whole for the moment, the way it will look once
complete: an open code block is closed (its fence line is never shown, a line that may become
its closing fence waits for its newline), a table shows its complete rows (a half-written row
waits for its newline, a line that may be a table's header waits for its delimiter row), and
the last paragraph loses the markers nothing has closed yet.

Unclosed emphasis (``**``, ``*``, ``_``, ``~``) loses its markers and its words show at once,
plain until the closing marker arrives a few tokens later and the run turns bold: the reader
never waits for words, and a marker is never added that the answer may not close (``2 * 3``).
An open code span is closed at once, so its text shows as code and is never read as Markdown.
A link shows its text; its target waits for the closing parenthesis. Math (``$$``, ``\\[``,
``\\(``) and a half-written entity or autolink wait until complete: half a formula means nothing.
Only the display is changed: the answer's text, its copy and its final rendering are the text
as written.
"""

from __future__ import annotations

import re

from .markdown_stream import MarkdownBlock

_MAY_BE_FENCE = re.compile(r" {0,3}(?:`{3,}[^`]*|~{3,}.*|`{1,2}|~{1,2})")  # a line that is or may grow into one
_WORD_CHARACTER = re.compile(r"[^\W_]")
_SPECIAL = re.compile(r"[\\`$*_~!\[\]&<]")  # where a marker may start
_PARTIAL_ENTITY = re.compile(r"&#?[0-9A-Za-z]*")
_PARTIAL_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>]*|[^\s<>@]+@[^\s<>]*)")
_MATH_CLOSERS = {"\\[": "\\]", "\\(": "\\)", "$$": "$$"}


def preview_block(text: str, fence: str | None, in_table: bool) -> MarkdownBlock | None:
    """The block being read (MarkdownBlockSplitter.unfinished) as Markdown that shows no syntax, or None."""
    if fence is not None:
        return _open_code_block(text, fence)
    shown = _complete_lines(text, in_table)
    if not in_table:
        shown = hide_unclosed_markers(shown)
    return MarkdownBlock(shown) if shown.strip() else None


def _open_code_block(text: str, fence: str) -> MarkdownBlock:
    line_start = text.rfind("\n") + 1
    partial = text[line_start:].strip(" ")
    if partial and not partial.strip(fence[0]):
        text = text[:line_start]  # may become the closing fence: waits for its newline
    elif partial:
        text += "\n"
    return MarkdownBlock(text + fence + "\n", is_code=True)


def _complete_lines(text: str, in_table: bool) -> str:
    line_start = text.rfind("\n") + 1
    shown_end, partial = line_start, text[line_start:]
    if partial and (in_table or "|" in partial or _MAY_BE_FENCE.fullmatch(partial)
                    or not _WORD_CHARACTER.search(partial)):
        partial = ""  # a row, a fence, a delimiter row or a marker in the making: waits for its newline
    if not in_table and not partial and line_start:
        previous_start = text.rfind("\n", 0, line_start - 1) + 1
        if "|" in text[previous_start:line_start]:
            shown_end = previous_start  # may be a table's header: waits for the line after it
    return text[:shown_end] + partial


def _punctuation(character: str | None) -> bool:
    return character is not None and not character.isalnum() and not character.isspace()


def _space(character: str | None) -> bool:
    return character is None or character.isspace()


def hide_unclosed_markers(text: str) -> str:
    """text without the markers of emphasis, links, math nothing has closed yet; an open code span closed."""
    removed: list[tuple[int, int]] = []  # spans of text not shown
    closing = ""  # the backticks that close an open code span
    openers: list[list] = []  # emphasis runs that may open: [character, start, length]
    brackets: list[tuple[int, bool]] = []  # where a link's text (or an image's, True) starts
    end = len(text)
    found = _SPECIAL.search(text)
    while found:
        i = found.start()
        character = text[i]
        after_marker = i + 1
        if character == "\\":
            if i + 1 == end:
                removed.append((i, end))  # half an escape
                break
            opener = text[i:i + 2]
            if opener in _MATH_CLOSERS:
                close = text.find(_MATH_CLOSERS[opener], i + 2)
                if close < 0:
                    removed.append((i, end))
                    break
                after_marker = close + 2
            else:
                after_marker = i + 2
        elif character == "`":
            run = _run_length(text, i, "`")
            close = _find_backtick_run(text, i + run, run)
            if close < 0:
                content = text[i + run:]
                if content.strip():
                    closing = (" " if content.endswith("`") else "") + "`" * run
                else:
                    removed.append((i, end))
                break  # the rest is the code span's
            after_marker = close + run
        elif character == "$":
            if text.startswith("$$", i):
                close = text.find("$$", i + 2)
                if close < 0:
                    removed.append((i, end))
                    break
                after_marker = close + 2
        elif character in "*_~":
            run = _run_length(text, i, character)
            after_marker = i + run
            before = text[i - 1] if i else None
            after = text[after_marker] if after_marker < end else None
            if after is None:  # at the very end: it closes what it can, else it may still open
                if not _close(openers, character, run, exact=True):
                    removed.append((i, end))
                break
            left = not _space(after) and (not _punctuation(after) or _space(before) or _punctuation(before))
            right = not _space(before) and (not _punctuation(before) or _space(after) or _punctuation(after))
            if character == "_":
                left, right = left and (not right or _punctuation(before)), right and (not left or _punctuation(after))
            if not (right and _close(openers, character, run)) and left and not right:
                openers.append([character, i, run])  # intraword ones (5*3) are left alone
        elif character == "!":
            if text.startswith("![", i):
                brackets.append((i, True))
                after_marker = i + 2
        elif character == "[":
            brackets.append((i, False))
        elif character == "]" and brackets:
            start, image = brackets.pop()
            if text.startswith("(", i + 1):
                close = text.find(")", i + 2)
                if close < 0:  # the target is still being written: the text shows, the target waits
                    removed.extend([(start, end)] if image else [(start, start + 1), (i, end)])
                    break
                after_marker = close + 1
            elif i + 1 == end:  # may become a link
                removed.extend([(start, end)] if image else [(start, start + 1), (i, end)])
                break
        elif character == "&":
            if _PARTIAL_ENTITY.fullmatch(text, i):
                removed.append((i, end))
                break
        elif character == "<":
            if _PARTIAL_AUTOLINK.fullmatch(text, i):
                removed.append((i, end))
                break
        found = _SPECIAL.search(text, after_marker)
    removed.extend((start, end) if image else (start, start + 1) for start, image in brackets)
    removed.extend((start, start + length) for _character, start, length in openers)
    return _without(text, removed) + closing


def _run_length(text: str, start: int, character: str) -> int:
    end = start
    while end < len(text) and text[end] == character:
        end += 1
    return end - start


def _find_backtick_run(text: str, start: int, length: int) -> int:
    """Where the next run of exactly length backticks after start begins, or -1."""
    at = text.find("`" * length, start)
    while at >= 0:
        run = _run_length(text, at, "`")
        if run == length:
            return at
        at = text.find("`" * length, at + run)
    return -1


def _close(openers: list[list], character: str, length: int, exact: bool = False) -> bool:
    """Close the latest openers of character with a run of length.

    exact: the run at the very end closes only if it closes whole openers (``**bold*`` may still become
    ``**bold**``); otherwise nothing changes.
    """
    if exact:
        trial = [list(opener) for opener in openers]
        if not _close_whole(trial, character, length):
            return False
    closed = False
    while length and any(opener[0] == character for opener in openers):
        index = max(i for i, opener in enumerate(openers) if opener[0] == character)
        used = min(length, openers[index][2])
        openers[index][2] -= used
        length -= used
        del openers[index + 1:]  # openers inside that nothing closed stay as they are
        if not openers[index][2]:
            del openers[index]
        closed = True
    return closed


def _close_whole(openers: list[list], character: str, length: int) -> bool:
    while length:
        indexes = [i for i, opener in enumerate(openers) if opener[0] == character]
        if not indexes or openers[indexes[-1]][2] > length:
            return False
        length -= openers[indexes[-1]][2]
        del openers[indexes[-1]:]
    return True


def _without(text: str, removed: list[tuple[int, int]]) -> str:
    parts, at = [], 0
    for start, end in sorted(removed):
        if start > at:
            parts.append(text[at:start])
        at = max(at, end)
    parts.append(text[at:])
    return "".join(parts)
