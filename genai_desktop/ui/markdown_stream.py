"""Splits a growing Markdown answer into finished blocks and an unfinished tail.

Finished blocks are rendered as Markdown once each; only the tail is redrawn while
an answer streams, so the cost per update does not grow with the answer.

Qt lays out a paragraph, a code block and a table as a whole, and its cost grows faster
than their size (a line without a break opportunity, a table's rows). So no block handed
out is longer than BLOCK_CHARACTERS, nor a table longer than TABLE_PIECE_ROWS rows: longer
ones are cut into pieces for display — a code block's pieces are each fenced again, a table's
each repeat its header. Where the cuts fall depends only on the text, never on how it arrived
in chunks, so a streamed answer looks exactly like the same answer reopened from the history.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_TABLE_DELIMITER_ROW = re.compile(r"^ {0,3}\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
BLOCK_CHARACTERS = 8000  # the longest piece of a paragraph, code block or table laid out at once
TABLE_PIECE_ROWS = 100  # Qt lays a table out cell by cell: about 0.2 ms a row
ROW_COST = 500  # a table row costs Qt about as much as 500 characters of prose


@dataclass(frozen=True)
class MarkdownBlock:
    text: str  # Markdown to render (a piece of a long block is made whole again: fenced, with the header)
    code: str | None = None  # the body of a whole fenced code block, for "Copy code" (on its last piece)
    is_code: bool = False  # a fenced code block or a piece of one
    table_rows: int = 0  # rows of a table (piece) in it
    continues_code: bool = False  # a later piece of a code block cut into pieces (its header is on the first)
    code_goes_on: bool = False  # a piece of a code block that more pieces follow

    @property
    def cost(self) -> int:
        """About how long Qt takes to lay it out, in characters of prose."""
        return len(self.text) + ROW_COST * self.table_rows


def _fence_of(line: str) -> str | None:
    match = _FENCE.match(line)
    return match.group(1) if match else None


def _is_table_start(header: str, delimiter: str) -> bool:
    return "|" in header and "-" in delimiter and _TABLE_DELIMITER_ROW.match(delimiter) is not None


class MarkdownBlockSplitter:
    """Feed text as it arrives; feed() returns the blocks finished by it."""

    def __init__(self) -> None:
        self._pending = ""  # text not yet returned as a finished block
        self._scan_from = 0  # offset in _pending of the first line not yet scanned
        self._search_from = 0  # offset in _pending up to which there is no newline
        self._continued_line = False  # _pending starts in the middle of a line (a long line was cut)
        self._previous_line: str | None = None  # the last line scanned in this block
        self._fence: str | None = None  # open fence of the code block being read
        self._fence_line = ""  # its opening line, repeated on each of its pieces
        self._code_parts: list[str] = []  # its body so far, for "Copy code"
        self._code_from = 0  # offset in _pending where its body (still in _pending) begins
        self._table_header = ""  # header and delimiter rows of the table being read, for its pieces
        self._table_rows = 0  # its rows in _pending
        self._code_continues = False  # _pending goes on with a code block cut before it
        self._table_continues = False  # _pending goes on with a table cut before it

    @property
    def tail(self) -> str:
        return self._pending

    @property
    def in_code(self) -> bool:
        return self._fence is not None

    def unfinished(self) -> tuple[str, str | None, bool]:
        """The block being read, as far as it goes: its Markdown (a piece made whole again, as its
        finished blocks are), the fence of its open code block, and whether it is a table."""
        if self._fence is not None:
            return self._piece_prefix() + self._pending, self._fence, False
        header = self._table_header if self._table_continues else ""
        return header + self._pending, None, bool(self._table_header)

    def feed(self, text: str) -> list[MarkdownBlock]:
        finished: list[MarkdownBlock] = []
        # In steps, so a whole answer fed at once is not copied at every cut.
        for start in range(0, len(text), BLOCK_CHARACTERS):
            finished.extend(self._feed(text[start:start + BLOCK_CHARACTERS]))
        return finished

    def _feed(self, text: str) -> list[MarkdownBlock]:
        self._pending += text
        finished: list[MarkdownBlock] = []
        while True:
            newline = self._pending.find("\n", self._search_from)
            end = newline + 1 if newline >= 0 else len(self._pending)
            if end > BLOCK_CHARACTERS:
                finished.append(self._cut_long())
                continue
            if newline < 0:
                self._search_from = len(self._pending)
                return finished
            line = self._pending[self._scan_from:newline]
            continued, self._continued_line = self._continued_line and self._scan_from == 0, False
            self._scan_from = self._search_from = end
            block = self._scan_line(line, end, continued)
            if block is not None:
                finished.append(block)

    def _scan_line(self, line: str, end: int, continued: bool) -> MarkdownBlock | None:
        previous, self._previous_line = self._previous_line, line
        fence = None if continued else _fence_of(line)
        if self._fence is not None:
            closing = fence is not None and fence[0] == self._fence[0] and len(fence) >= len(
                self._fence) and not line.strip().strip(fence[0])
            if not closing:
                return None
            self._code_parts.append(self._pending[self._code_from:end - len(line) - 1])
            block = MarkdownBlock(self._piece_prefix() + self._pending[:end], code="".join(self._code_parts),
                                  is_code=True, continues_code=self._code_continues)
            self._cut(end)
            return block
        if fence is not None:
            # A fence opens a new block: what came before it is finished.
            before = self._pending[: end - len(line) - 1]
            block = self._text_block(len(before)) if before.strip() else None
            if block is not None:
                self._cut(len(before))
                end -= len(before)
            self._fence, self._fence_line, self._code_continues = fence, line, False
            self._code_parts, self._code_from = [], end
            return block
        if not continued and not line.strip():
            if not self._pending[:end].strip():
                return None
            block = self._text_block(end)
            self._cut(end)
            return block
        if self._table_header:
            self._table_rows += 1
            if self._table_rows >= TABLE_PIECE_ROWS:
                block = self._text_block(end)
                self._cut(end, piece=True)
                return block
        elif previous is not None and not continued and _is_table_start(previous, line):
            self._table_header = f"{previous}\n{line}\n"
            self._table_rows = 1  # the header counts as a row
        return None

    def _cut_long(self) -> MarkdownBlock:
        """The block would grow past BLOCK_CHARACTERS: cut it after its last whole line, else in a line."""
        at = self._scan_from
        if at == 0 or (self._fence is not None and at == self._code_from):
            # One line longer than the limit: cut at a space if there is one late enough.
            window = self._pending[:BLOCK_CHARACTERS]
            space = max(window.rfind(" "), window.rfind("\t"))
            at = space + 1 if space >= max(at, BLOCK_CHARACTERS // 2) else BLOCK_CHARACTERS
            self._continued_line = True
        if self._fence is not None:
            self._code_parts.append(self._pending[self._code_from:at])
            block = MarkdownBlock(self._piece_prefix() + self._pending[:at] + ("" if at == self._scan_from else "\n")
                                  + self._fence + "\n", is_code=True, continues_code=self._code_continues,
                                  code_goes_on=True)
        else:
            block = self._text_block(at)
        self._cut(at, piece=True)
        return block

    def _piece_prefix(self) -> str:
        return self._fence_line + "\n" if self._code_continues else ""

    def _text_block(self, end: int) -> MarkdownBlock:
        if not self._table_header:
            return MarkdownBlock(self._pending[:end])
        header = self._table_header if self._table_continues else ""
        return MarkdownBlock(header + self._pending[:end], table_rows=self._table_rows)

    def finish(self) -> list[MarkdownBlock]:
        """The answer is complete: whatever is left is a block, even an unclosed fence."""
        rest = self._pending
        if self._fence is not None:
            # Code after the last full line belongs to the unclosed fence too.
            block = MarkdownBlock(self._piece_prefix() + rest, "".join(self._code_parts) + rest[self._code_from:],
                                  is_code=True, continues_code=self._code_continues)
        else:
            block = self._text_block(len(rest))
        keep = rest.strip() or self._code_continues
        self.__init__()
        return [block] if keep else []

    def _cut(self, end: int, piece: bool = False) -> None:
        """Drop the first end characters of _pending; piece: the same block goes on after them."""
        self._pending = self._pending[end:]
        self._scan_from = max(0, self._scan_from - end)
        self._search_from = max(0, self._search_from - end)
        self._code_continues = piece and self._fence is not None
        self._table_continues = piece and bool(self._table_header)
        if not piece:
            self._fence, self._fence_line, self._code_parts = None, "", []
            self._table_header, self._previous_line = "", None
        self._code_from = 0
        self._table_rows = 0
