"""Invisible places to wrap a line, for display only: Qt lays out a run without one in time
quadratic in its length (a 1 MB hex answer froze the window for minutes), and a label cannot
wrap a 224-character server name without them. Copies and exports never contain them."""

from __future__ import annotations

import re

DISPLAY_BREAK = "\u200b"  # zero width space: a break opportunity, invisible
_RUN_END = re.compile(rf"[\s{DISPLAY_BREAK}]")


def display_breaks(text: str, run_length: int, run_before: int = 0) -> tuple[list[int], int]:
    """Where to put break opportunities in text so no run without one exceeds run_length.

    run_before: length of the run the text continues. Returns the offsets and the run at its end.
    """
    offsets: list[int] = []
    run = run_before
    start = 0
    for match in _RUN_END.finditer(text):
        offsets.extend(range(start + run_length - run, match.start(), run_length))
        start, run = match.end(), 0
    offsets.extend(range(start + run_length - run, len(text), run_length))
    if offsets and offsets[-1] >= start:
        run = len(text) - offsets[-1]
    else:
        run += len(text) - start
    return [offset for offset in offsets if offset > 0 or run_before], run


def with_display_breaks(text: str, run_length: int) -> str:
    """text with a DISPLAY_BREAK wherever display_breaks puts one."""
    offsets, _run = display_breaks(text, run_length)
    bounds = [0, *offsets, len(text)]
    return DISPLAY_BREAK.join(text[start:end] for start, end in zip(bounds, bounds[1:]))


def without_display_breaks(text: str) -> str:
    return text.replace(DISPLAY_BREAK, "")
