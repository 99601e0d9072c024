"""Splits a growing Markdown answer into finished blocks and an unfinished tail.

Finished blocks are rendered as Markdown once each; only the tail is redrawn while
an answer streams, so the cost per update does not grow with the answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


@dataclass(frozen=True)
class MarkdownBlock:
    text: str
    code: str | None = None  # the body of a fenced code block, for "Copy code"


def _fence_of(line: str) -> str | None:
    match = _FENCE.match(line)
    return match.group(1) if match else None


class MarkdownBlockSplitter:
    """Feed text as it arrives; take() returns the blocks finished since the last call."""

    def __init__(self) -> None:
        self._pending = ""  # text not yet returned as a finished block
        self._scan_from = 0  # offset in _pending of the first line not yet scanned
        self._block_start_fence: str | None = None  # open fence of the block being read
        self._code_lines: list[str] = []

    @property
    def tail(self) -> str:
        return self._pending

    @property
    def in_code(self) -> bool:
        return self._block_start_fence is not None

    def feed(self, text: str) -> list[MarkdownBlock]:
        self._pending += text
        finished: list[MarkdownBlock] = []
        while True:
            newline = self._pending.find("\n", self._scan_from)
            if newline < 0:
                return finished
            line = self._pending[self._scan_from:newline]
            end = newline + 1
            self._scan_from = end
            fence = _fence_of(line)
            if self._block_start_fence is not None:
                closing = fence is not None and fence[0] == self._block_start_fence[0] and len(fence) >= len(
                    self._block_start_fence) and not line.strip().strip(fence[0])
                if closing:
                    finished.append(self._cut(end, code="".join(self._code_lines)))
                    self._block_start_fence = None
                    self._code_lines = []
                else:
                    self._code_lines.append(line + "\n")
            elif fence is not None:
                # A fence opens a new block: what came before it is finished.
                before = self._pending[: end - len(line) - 1]
                if before.strip():
                    finished.append(self._cut(len(before)))
                self._block_start_fence = fence
                self._code_lines = []
            elif not line.strip() and self._pending[:end].strip():
                finished.append(self._cut(end))

    def finish(self) -> list[MarkdownBlock]:
        """The answer is complete: whatever is left is a block, even an unclosed fence."""
        rest = self._pending
        code = "".join(self._code_lines) if self._block_start_fence is not None else None
        if code is not None:
            # Code after the last full line belongs to the unclosed fence too.
            last_line = rest[self._scan_from:]
            code += last_line
        self.__init__()
        return [MarkdownBlock(rest, code)] if rest.strip() else []

    def _cut(self, end: int, code: str | None = None) -> MarkdownBlock:
        block = MarkdownBlock(self._pending[:end], code)
        self._pending = self._pending[end:]
        self._scan_from -= end
        return block
