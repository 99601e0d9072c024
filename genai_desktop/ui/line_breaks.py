"""Invisible places to wrap a line, for display only: Qt lays out a run without one in time
quadratic in its length (a 1 MB hex answer froze the window for minutes), and a label cannot
wrap a 224-character server name without them. A web address gets them after its / ? & = . -
(Qt's line breaking knows none in it and cut "https://exam|ple.com" where the line ended).
Copies and exports never contain them."""

from __future__ import annotations

import re
from functools import lru_cache

DISPLAY_BREAK = "\u200b"  # zero width space: a break opportunity, invisible
_RUN_END = re.compile(rf"[\s{DISPLAY_BREAK}]")
ADDRESS_CHARACTERS = 30  # a run this long with an address's punctuation in it wraps after the punctuation
_ADDRESS_RUN = re.compile(rf"[^\s{DISPLAY_BREAK}]{{{ADDRESS_CHARACTERS},}}")
_ADDRESS_MARKS = "/?&=.\\-_~#+"
_AFTER_MARKS = re.compile(rf"[{_ADDRESS_MARKS}]+(?=[^\s{DISPLAY_BREAK}{_ADDRESS_MARKS}])")
_ADDRESS = re.compile(rf"[^\s{DISPLAY_BREAK}]*[/?&=][^\s{DISPLAY_BREAK}]*")


@lru_cache(maxsize=None)
def _long_run(run_length: int) -> re.Pattern:
    return re.compile(rf"[^\s{DISPLAY_BREAK}]{{{run_length + 1},}}")


def display_breaks(text: str, run_length: int, run_before: int = 0) -> tuple[list[int], int]:
    """Where to put break opportunities in text so no run without one exceeds run_length.

    run_before: length of the run the text continues. Returns the offsets and the run at its end.
    Only runs longer than run_length are visited (the text is scanned by the regex engine, not
    word by word in Python: this runs on every flush of a streaming answer).
    """
    first = _RUN_END.search(text)
    first_end = first.start() if first else len(text)
    offsets = list(range(run_length - run_before, first_end, run_length))  # the run continued
    for match in _long_run(run_length).finditer(text, first_end):
        offsets.extend(range(match.start() + run_length, match.end(), run_length))
    if first is None:  # one run, the one before continued
        start, run = 0, run_before + len(text)
    else:
        start = len(text)
        while not _RUN_END.match(text, start - 1):
            start -= 1
        run = len(text) - start
    if offsets and offsets[-1] >= start:
        run = len(text) - offsets[-1]
    return [offset for offset in offsets if offset > 0 or run_before], run


def with_display_breaks(text: str, run_length: int) -> str:
    """text with a DISPLAY_BREAK wherever display_breaks puts one."""
    offsets, _run = display_breaks(text, run_length)
    bounds = [0, *offsets, len(text)]
    return DISPLAY_BREAK.join(text[start:end] for start, end in zip(bounds, bounds[1:]))


def without_display_breaks(text: str) -> str:
    return text.replace(DISPLAY_BREAK, "")


def address_breaks(text: str) -> list[int]:
    """Offsets after the punctuation of the long runs of text that look like an address (have / ? & or =)."""
    offsets = []
    for run in _ADDRESS_RUN.finditer(text):
        if not _ADDRESS.fullmatch(text, run.start(), run.end()):
            continue  # a long word, a number: left to Qt
        for mark in _AFTER_MARKS.finditer(text, run.start(), run.end()):
            offsets.append(mark.end())
    return offsets


def has_address_run(text: str) -> bool:
    return any(_ADDRESS.fullmatch(text, run.start(), run.end()) for run in _ADDRESS_RUN.finditer(text))
