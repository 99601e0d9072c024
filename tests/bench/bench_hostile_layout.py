"""Benchmark: the longest GUI-thread stall for answers Qt's layout handles badly (issue 9, point 1).

For unbroken answers (hexadecimal, no break opportunity) of 128 KB, 512 KB and 1 MB and for
tables of 5,000, 10,000 and 20,000 rows, prints the longest gap of a 1 ms heartbeat timer on
the GUI thread while the answer streams into the transcript (fed to the view directly,
CHUNK characters every INTERVAL ms, the view's own flush timer doing the rendering) and when
it is reopened (add_answer, as a chat is rendered from the history), next to the same figures
for a normal prose answer of the same size measured in the same run.

    .venv/bin/python tests/bench/bench_hostile_layout.py [--chunk 2000] [--interval 10]

Goal: longest stall <= 250 ms in every row, streaming and reopening.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parent.parent)]

KB = 1024


def unbroken(size: int) -> str:
    return os.urandom(size // 2).hex()


def table(rows: int) -> str:
    return "| row | value | note |\n|---|---|---|\n" + "".join(f"| {i} | {i * 7919 % 10007} | ok |\n"
                                                            for i in range(rows))


def prose(size: int) -> str:
    paragraph = ("Some ordinary prose with **bold** and `code` words in it, the way answers are written. " * 5
                 + "\n\n")
    return (paragraph * (size // len(paragraph) + 1))[:size]


class Heartbeat:
    def __init__(self):
        from PySide6.QtCore import QElapsedTimer, Qt, QTimer

        self.clock = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setTimerType(Qt.PreciseTimer)
        self.timer.setInterval(1)
        self.timer.timeout.connect(self._beat)
        self.longest = 0.0
        self._last = 0

    def _beat(self):
        now = self.clock.nsecsElapsed()
        self.longest = max(self.longest, (now - self._last) / 1e6)
        self._last = now

    def start(self):
        self.longest = 0.0
        self.clock.start()
        self._last = 0
        self.timer.start()

    def stop(self) -> float:
        self.timer.stop()
        return self.longest


def new_view(app):
    from genai_desktop.ui.transcript import TranscriptView

    view = TranscriptView()
    view.resize(1000, 800)
    view.show()
    app.processEvents()
    return view


def streaming_stall(app, text: str, chunk: int, interval: int) -> float:
    from PySide6.QtCore import QEventLoop, QTimer

    view = new_view(app)
    loop = QEventLoop()
    position = [0]
    feeder = QTimer()
    feeder.setInterval(interval)

    def feed():
        if position[0] >= len(text):
            feeder.stop()
            view.end_answer()
            QTimer.singleShot(300, loop.quit)  # and whatever layout follows
            return
        view.append_answer(text[position[0]:position[0] + chunk])
        position[0] += chunk

    feeder.timeout.connect(feed)
    heartbeat = Heartbeat()
    view.begin_answer("model")
    heartbeat.start()
    feeder.start()
    loop.exec()
    return _closed(app, view, heartbeat)


def _closed(app, view, heartbeat) -> float:
    """The longest stall measured, once the view is gone (its teardown is not measured)."""
    stall = heartbeat.stop()
    view.close()
    view.deleteLater()
    app.processEvents()
    return stall


def reopening_stall(app, text: str) -> float:
    from PySide6.QtCore import QEventLoop, QTimer

    view = new_view(app)
    loop = QEventLoop()
    heartbeat = Heartbeat()
    QTimer.singleShot(20, lambda: view.add_answer("model", text))
    QTimer.singleShot(400, loop.quit)
    heartbeat.start()
    loop.exec()
    return _closed(app, view, heartbeat)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chunk", type=int, default=2000, help="characters per chunk")
    parser.add_argument("--interval", type=int, default=10, help="ms between chunks")
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    cases = [(f"unbroken {size // KB} KB", unbroken(size)) for size in (128 * KB, 512 * KB, 1024 * KB)]
    cases += [(f"table {rows:,} rows", table(rows)) for rows in (5_000, 10_000, 20_000)]
    print(f"chunks of {args.chunk} characters every {args.interval} ms; longest GUI-thread stall in ms "
          f"(goal <= 250)")
    print(f"{'answer':22s} {'size':>9s} | {'streaming':>9s} {'prose':>7s} | {'reopening':>9s} {'prose':>7s}")
    for name, text in cases:
        baseline = prose(len(text))
        streamed = streaming_stall(app, text, args.chunk, args.interval)
        streamed_prose = streaming_stall(app, baseline, args.chunk, args.interval)
        reopened = reopening_stall(app, text)
        reopened_prose = reopening_stall(app, baseline)
        print(f"{name:22s} {len(text):9,d} | {streamed:9.1f} {streamed_prose:7.1f} | {reopened:9.1f} "
              f"{reopened_prose:7.1f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
