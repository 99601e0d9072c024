"""Where the formulas are in an answer's Markdown: $…$, \\(…\\), $$…$$ and \\[…\\].

Plain text rules, before Markdown reads it (Markdown would eat a formula's backslashes and
underscores): not in code spans, fences or link targets; "$5 and $10" is money (no space after
an opening $, none before a closing one, no digit right after it); \\$ is a dollar sign.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Formula:
    source: str  # the LaTeX between the delimiters
    text: str  # as written, with its delimiters
    display: bool


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.M)
_LINK_TARGET = re.compile(r"\]\([^)\n]*\)?")
_AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*>")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def _fence_end(text: str, start: int, fence: str) -> int:
    """The end of the fenced code block whose opening line starts at start (the text's end if unclosed)."""
    closing = re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$", re.M)
    line_end = text.find("\n", start)
    if line_end < 0:
        return len(text)
    match = closing.search(text, line_end + 1)
    return match.end() if match else len(text)


def _code_span_end(text: str, start: int) -> int:
    """The end of the code span opening at start, or the end of its backtick run if it never closes."""
    run = re.compile("`+").match(text, start).end() - start
    closing = re.compile(f"(?<!`){'`' * run}(?!`)").search(text, start + run)
    return closing.end() if closing else start + run


def _closing_dollar(text: str, start: int) -> int:
    """Where the inline formula opened just before start ends ($), or -1."""
    position = start
    while position < len(text):
        char = text[position]
        if char == "\\":
            position += 2
            continue
        if char == "`" or (char == "\n" and _BLANK_LINE.match(text, position)):  # a code span or a new paragraph
            return -1
        if char == "$":  # the first $ closes, or the opening one was not a formula's ("$5, and $x$")
            after = text[position + 1:position + 2]
            return position if not text[position - 1].isspace() and not after.isdigit() and after != "$" else -1
        position += 1
    return -1


def _closing(text: str, start: int, delimiter: str) -> int:
    """Where delimiter ($$, \\), \\]) next stands from start, not past a blank line; or -1."""
    end = text.find(delimiter, start)
    if end < 0:
        return -1
    if delimiter != "$$" and _BLANK_LINE.search(text, start, end):
        return -1
    return end


def find_formulas(text: str) -> list[tuple[int, int, Formula]]:
    """The formulas in Markdown text with their (start, end), outside code spans, fences and link targets.

    The usual rules: "$5 and $10" is money (no space after an opening $, none before a closing one,
    and no digit right after it); \\$ is a dollar sign.
    """
    found: list[tuple[int, int, Formula]] = []
    position = 0
    while position < len(text):
        char = text[position]
        at_line_start = position == 0 or text[position - 1] == "\n"
        if at_line_start and char in " `~":
            fence = _FENCE.match(text, position)
            if fence:
                position = _fence_end(text, position, fence.group(1))
                continue
        if char == "`":
            position = _code_span_end(text, position)
            continue
        if char == "]":
            link = _LINK_TARGET.match(text, position)
            if link:
                position = link.end()
                continue
        if char == "<":
            autolink = _AUTOLINK.match(text, position)
            if autolink:
                position = autolink.end()
                continue
        if char == "\\":
            opener = text[position + 1:position + 2]
            if opener in ("(", "["):
                delimiter = "\\)" if opener == "(" else "\\]"
                end = _closing(text, position + 2, delimiter)
                if end >= 0 and text[position + 2:end].strip():
                    found.append((position, end + 2, Formula(text[position + 2:end].strip(), text[position:end + 2],
                                                             display=opener == "[")))
                    position = end + 2
                    continue
            position += 2  # an escaped character, \$ among them
            continue
        if char == "$":
            if text.startswith("$$", position):
                end = _closing(text, position + 2, "$$")
                if end >= 0 and text[position + 2:end].strip():
                    found.append((position, end + 2, Formula(text[position + 2:end].strip(), text[position:end + 2],
                                                             display=True)))
                    position = end + 2
                else:
                    position += 2
                continue
            after = text[position + 1:position + 2]
            if after and not after.isspace():
                end = _closing_dollar(text, position + 1)
                if end >= 0:
                    found.append((position, end + 1, Formula(text[position + 1:end], text[position:end + 1],
                                                             display=False)))
                    position = end + 1
                    continue
        position += 1
    return found


def nesting(source: str) -> int:
    """How deeply source's groups ({…}, \\left…\\right, \\begin…\\end) nest."""
    depth = deepest = 0
    for match in re.finditer(r"\\begin\b|\\end\b|\\left\b|\\right\b|\\\{|\\\}|[{}]", source):
        token = match.group()
        if token in ("\\{", "\\}"):
            continue
        depth += 1 if token in ("{", "\\begin", "\\left") else -1
        deepest = max(deepest, depth)
    return deepest


def code_span(text: str) -> str:
    """text as a Markdown code span (its backtick runs fenced by a longer one)."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    ticks = "`" * (longest + 1)
    return f"{ticks} {text} {ticks}"

