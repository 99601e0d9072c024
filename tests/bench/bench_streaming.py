"""Benchmark: stream 20,000 tokens at 2,000 tokens/s through the real window.

Prints the longest and p99 GUI-thread stall (gaps of a 1 ms heartbeat timer while the
answer streams) and the window's wall time divided by the raw SDK's wall time for the
same stream, both measured in this run against the loopback server.

    .venv/bin/python tests/bench/bench_streaming.py [--tokens 20000] [--rate 2000]

Goal (issue 2): longest stall <= 50 ms, p99 <= 16 ms, ratio <= 1.05.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parent.parent)]


KEY = "sk-bench-0123456789abcdef"


def markdown_tokens(count: int) -> list[str]:
    """A long answer of the usual shape: headings, prose, lists, code blocks and tables."""
    pattern = (
        ["## Section heading\n\n"]
        + ["Some ", "ordinary ", "prose ", "with ", "**bold** ", "and ", "`code` ", "words ", "in ", "it. "] * 6
        + ["\n\n", "- first ", "item\n", "- second ", "item\n", "- third ", "item\n\n"]
        + ["```python\n", "def ", "answer", "(x):\n", "    return ", "x * ", "42\n", "```\n\n"]
        + ["| a | b |\n", "|---|---|\n", "| 1 | 2 |\n", "| 3 | 4 |\n\n"]
    )
    tokens = []
    while len(tokens) < count:
        tokens.extend(pattern)
    return tokens[:count]


def start_server_process(tokens: list[str], rate: float) -> tuple[subprocess.Popen, str]:
    """The loopback server in its own process, so it does not compete for this one's GIL."""
    server = subprocess.Popen([sys.executable, str(HERE.parent / "fake_openai_server.py"), "normal"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    server.stdin.write(json.dumps({"tokens": tokens, "tokens_per_second": rate}) + "\n")
    server.stdin.flush()
    return server, server.stdout.readline().strip()


def raw_sdk_seconds(base_url: str) -> float:
    import openai

    client = openai.OpenAI(api_key=KEY, base_url=base_url, max_retries=0)
    started = time.perf_counter()
    with client.chat.completions.create(model="fake-model", messages=[{"role": "user", "content": "go"}],
                                        stream=True) as stream:
        for _chunk in stream:
            pass
    return time.perf_counter() - started


def window_run(base_url: str, home: Path) -> tuple[float, list[float], int]:
    from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from genai_desktop.app import build_main_window
    from genai_desktop.core.config_file import save_settings
    from genai_desktop.core.settings import Settings

    save_settings(home / "config" / "settings.json", Settings(base_url=base_url, model="fake-model"))
    app = QApplication.instance() or QApplication([])
    window = build_main_window(app, environ={"GENAI_DESKTOP_HOME": str(home), "OPENAI_API_KEY": KEY})
    window.resize(1000, 800)
    window.show()
    app.processEvents()

    gaps: list[float] = []
    clock = QElapsedTimer()
    last = [0]
    heartbeat = QTimer()
    heartbeat.setTimerType(Qt.PreciseTimer)
    heartbeat.setInterval(1)

    def beat():
        now = clock.nsecsElapsed()
        gaps.append((now - last[0]) / 1e6)
        last[0] = now

    heartbeat.timeout.connect(beat)
    done = []
    loop = QEventLoop()

    def on_busy(busy: bool) -> None:
        if not busy:
            done.append(time.perf_counter())
            loop.quit()

    window.controller.session.busyChanged.connect(on_busy)
    window.promptEdit.setPlainText("go")
    clock.start()
    heartbeat.start()
    started = time.perf_counter()
    window.send()
    loop.exec()
    heartbeat.stop()
    elapsed = done[0] - started
    characters = len(window.transcriptView.toPlainText())
    window.close()
    return elapsed, gaps[1:], characters


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tokens", type=int, default=20_000)
    parser.add_argument("--rate", type=float, default=2_000)
    args = parser.parse_args()
    tokens = markdown_tokens(args.tokens)
    server, base_url = start_server_process(tokens, args.rate)
    with tempfile.TemporaryDirectory() as home:
        import openai  # noqa: F401 - loaded before timing either side

        baseline = raw_sdk_seconds(base_url)
        elapsed, gaps, characters = window_run(base_url, Path(home))
        server.stdin.close()
        server.wait()
        gaps.sort()
        p99 = gaps[int(len(gaps) * 0.99) - 1]
        print(f"tokens streamed:            {args.tokens} at {args.rate:.0f}/s ({characters} characters shown)")
        print(f"raw SDK wall time:          {baseline:.3f} s")
        print(f"window wall time:           {elapsed:.3f} s")
        print(f"ratio window / raw SDK:     {elapsed / baseline:.3f}   (goal <= 1.05)")
        print(f"heartbeats:                 {len(gaps)} (1 ms timer on the GUI thread)")
        print(f"longest GUI-thread stall:   {gaps[-1]:.1f} ms   (goal <= 50)")
        print(f"p99 GUI-thread stall:       {p99:.1f} ms   (goal <= 16)")
        print(f"median heartbeat gap:       {statistics.median(gaps):.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
