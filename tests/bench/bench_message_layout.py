"""Benchmark (issue 11, point 1): rendering the turns a chat opens with (30), with the message layout.

    .venv/bin/python tests/bench/bench_message_layout.py [OTHER_CHECKOUT]

Prints the median time to render 30 turns (a question, an answer with a heading, a list, a quote,
a table and a long address) into a shown TranscriptView, and the bars placed; with OTHER_CHECKOUT
(for example the commit before, in a scratch worktree) the same in a fresh process of that tree,
interleaved, and the ratio.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
CHILD = r"""
import os, statistics, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
sys.path.insert(0, sys.argv[1])
from PySide6.QtWidgets import QApplication
app = QApplication([])
from genai_desktop.ui.transcript import TranscriptView
ANSWER = ("## A heading\n\nSome words of an answer, and a [link](https://example.com/a/b?c=d).\n\n"
          "- one\n- two\n\n> a quote\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
          "See https://example.com/search?query=averyveryverylongvalue&language=deutsch for more.\n")
view = TranscriptView(); view.resize(1000, 700); view.show(); app.processEvents()
times = []
for _ in range(15):
    view.clear_transcript()
    started = time.perf_counter()
    with view.batch():
        for index in range(30):
            view.add_user_message(f"question {index}", index * 2, index)
            try:
                view.add_answer("m", ANSWER, "", "", index * 2 + 1, turn_index=index)
            except TypeError:  # the tree before: no turn index
                view.add_answer("m", ANSWER, "", "", index * 2 + 1)
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    app.processEvents()
    times.append(time.perf_counter() - started)
print(statistics.median(times) * 1000)
"""


def run(tree: str) -> float:
    out = subprocess.run([sys.executable, "-c", CHILD, tree], capture_output=True, text=True, check=True,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    other = sys.argv[1] if len(sys.argv) > 1 else None
    ours, theirs = [], []
    for _ in range(3):
        ours.append(run(str(REPO)))
        if other:
            theirs.append(run(other))
    print(f"30 turns rendered and shown, this tree: {statistics.median(ours):.1f} ms")
    if other:
        print(f"30 turns rendered and shown, {other}: {statistics.median(theirs):.1f} ms")
        print(f"ratio: {statistics.median(ours) / statistics.median(theirs):.2f}")


if __name__ == "__main__":
    main()
