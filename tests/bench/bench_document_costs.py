"""Benchmark: what Qt's work per step costs as one transcript document grows (why p99 grows with the answer).

For answers of bench_streaming's shape (all of it shown, colours on), prints the document's size (characters,
blocks, fragments, of those the code colours' fragments, frames), then the cost of two things a streaming
step makes Qt do, each next to a baseline measured in the same run:

- a table inserted at the end: Qt walks every fragment of the document whenever a frame comes or goes, so
  this grows with the whole document; baseline, the same insertion into a document of the same text
  without formats (no colours, tables or code frames);
- one repaint of the viewport at the end of the answer (where a streaming answer is read); baseline, a bare
  QTextBrowser showing a copy of the same document (what Qt alone costs for that picture).

    .venv/bin/python tests/bench/bench_document_costs.py [--tokens 2000,10000,20000] [--variant code|prose]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent.parent)]

REPEATS = 7


def median_ms(action, repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1e3


def shown_answer(app, text: str):
    """A transcript with text as one finished answer, every step and colour of it shown."""
    from genai_desktop.ui.transcript import TranscriptView

    view = TranscriptView()
    view.resize(1000, 800)
    view.show()
    view.add_answer("bench", text)
    deadline = time.perf_counter() + 120
    while time.perf_counter() < deadline:
        app.processEvents()
        held = list(view._more_links._held)  # noqa: SLF001 - benchmark: every "Show more" link
        for number in held:
            view._more_links.show(number, clicked=True)  # noqa: SLF001 - all of it, as a long stream ends up
        if view.settled and not held:
            break
    app.processEvents()
    return view


def census(document) -> tuple[int, int]:
    """(fragments, of them coloured code) of document's text."""
    from genai_desktop.ui.code_blocks import TOKEN_PROPERTY
    from genai_desktop.ui.transcript_style import fragments

    total = coloured = 0
    for piece in fragments(document):
        total += 1
        coloured += piece.charFormat().hasProperty(TOKEN_PROPERTY)
    return total, coloured


def table_insert_ms(document) -> float:
    from PySide6.QtGui import QTextCursor

    def insert() -> None:
        cursor = QTextCursor(document)
        cursor.movePosition(QTextCursor.End)
        cursor.beginEditBlock()
        cursor.insertTable(2, 2)
        cursor.endEditBlock()  # where Qt does its part

    return median_ms(insert)


def repaint_at_end_ms(app, view) -> float:
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum())
    app.processEvents()
    return median_ms(view.viewport().repaint)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tokens", default="2000,10000,20000")
    parser.add_argument("--variant", choices=("prose", "code"), default="code")
    args = parser.parse_args()

    from PySide6.QtGui import QTextDocument
    from PySide6.QtWidgets import QApplication, QTextBrowser

    from bench_streaming import markdown_tokens

    app = QApplication.instance() or QApplication([])
    print(f"variant {args.variant}; ms, medians of {REPEATS}; plain: the same text without formats; "
          "bare: a QTextBrowser showing a copy of the document")
    print(f"{'tokens':>7} {'chars':>7} {'blocks':>6} {'fragments':>9} {'colours':>7} {'frames':>6} "
          f"{'table':>6} {'plain':>6} {'ratio':>6} {'repaint':>7} {'bare':>6} {'ratio':>6}")
    for count in (int(size) for size in args.tokens.split(",")):
        view = shown_answer(app, "".join(markdown_tokens(count, args.variant)))
        document = view.document()
        fragments, coloured = census(document)
        frames = len(document.rootFrame().childFrames())
        characters, blocks = document.characterCount(), document.blockCount()
        bare = QTextBrowser()
        bare.resize(view.size())
        bare.setDocument(document.clone(bare))
        bare.show()
        repaint, bare_repaint = repaint_at_end_ms(app, view), repaint_at_end_ms(app, bare)
        plain = QTextDocument()
        plain.setTextWidth(document.textWidth())
        plain.setPlainText(document.toPlainText())
        table, plain_table = table_insert_ms(document), table_insert_ms(plain)
        print(f"{count:>7} {characters:>7} {blocks:>6} {fragments:>9} {coloured:>7} {frames:>6} "
              f"{table:>6.2f} {plain_table:>6.2f} {table / plain_table:>6.1f} "
              f"{repaint:>7.2f} {bare_repaint:>6.2f} {repaint / bare_repaint:>6.2f}", flush=True)
        for widget in (view, bare):
            widget.close()
            widget.deleteLater()
        app.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
