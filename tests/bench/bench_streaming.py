"""Benchmark: stream an answer at 2,000 tokens/s through the real window, through its end.

Prints the longest and p99 GUI-thread stall (gaps of a 1 ms heartbeat timer) from Send until
SETTLE_SECONDS after the answer ended — the final render, the save and the search index of the
whole answer included — and, apart, the end-of-answer stall: the longest gap from the last piece
of text on (what the window does once the answer is complete). Also the window's wall time (until
the finished answer is shown) divided by the raw SDK's wall time for the same stream from the
same loopback server, measured in this run; and the chat worker thread's CPU seconds (it holds the GIL
the window waits for meanwhile). Each size runs in a window of its own, deleted before the next; the
question is typed, as a user types it (typing loads what the first request and formulas need).

    .venv/bin/python tests/bench/bench_streaming.py [--tokens 2000,10000,20000] [--rate 2000]
        [--variant prose|code] [--features highlighting,math]

--variant code: an answer that is mostly code blocks (with their languages) and tables.
--features: the rendering features that must be on (their branches merged); the benchmark stops
if one is missing, and always prints which are. Both variants carry code with languages and
formulas, so whatever is merged is measured; the baseline is the same stream read raw by the SDK.

Goals (issues 2 and 11): longest stall <= 50 ms, p99 <= 16 ms, ratio <= 1.05, and the
end-of-answer stall flat across answer sizes.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parent.parent)]


KEY = "sk-bench-0123456789abcdef"
SETTLE_SECONDS = 0.5  # measured on after the answer ended: steps that follow by themselves land here
# The module each rendering feature lives in: present once its branch is merged.
RENDERING_FEATURES = {"highlighting": "genai_desktop.ui.code_blocks", "math": "genai_desktop.ui.math_render"}


def markdown_tokens(count: int, variant: str = "prose") -> list[str]:
    """A long answer of the usual shape: headings, prose, lists, a formula, code blocks and tables.

    variant "code": mostly code blocks and tables, a line of prose between them.
    """
    code = ["```python\n", "def ", "answer", "(x):\n", "    return ", "x * ", "42\n", "```\n\n"]
    table = ["| a | b |\n", "|---|---|\n", "| 1 | 2 |\n", "| 3 | 4 |\n\n"]
    if variant == "code":
        pattern = (
            ["Here ", "is ", "the ", "**next** ", "part:\n\n"]
            + ["```python\n"] + [f"def step_{i}(values: list[int]) -> int:\n" if i % 4 == 0 else
                                 f"    total = sum(v * {i} for v in values)  # {i}\n" for i in range(16)] + ["```\n\n"]
            + ["| name ", "| value ", "| note |\n", "|---|---:|---|\n"]
            + [piece for i in range(8) for piece in (f"| row {i} ", f"| {i * 7} ", f"| `code {i}` |\n")] + ["\n"]
            + ["```bash\n", "for f in *.txt; do\n", "    wc -l \"$f\"\n", "done\n", "```\n\n"]
        )
    else:
        pattern = (
            ["## Section heading\n\n"]
            + ["Some ", "ordinary ", "prose ", "with ", "**bold** ", "and ", "`code` ", "words ", "in ", "it. "] * 6
            + ["The ", "formula ", "$E ", "= ", "mc^2$ ", "again:\n\n", "$$\\int_0^1 ", "x\\,dx ", "= ", "\\frac{1}{2}$$\n\n"]
            + ["\n\n", "- first ", "item\n", "- second ", "item\n", "- third ", "item\n\n"]
            + code + table
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


@dataclass
class WindowRun:
    seconds: float  # from Send until the finished answer is shown
    gaps: list[float]  # heartbeat gaps in ms, from Send until SETTLE_SECONDS after the end
    end_gaps: list[float]  # those from the last piece of text on
    characters: int
    end_costs: dict[str, float]  # ms of each part of the end, on the GUI thread
    worker_seconds: float  # CPU time of the chat worker thread so far (it holds the GIL the window needs meanwhile)


def thread_cpu_seconds(name: str) -> float:
    """CPU seconds (user and system) of this process's thread called name (Linux: /proc), 0 if there is none."""
    for task in Path("/proc/self/task").iterdir():
        try:
            if (task / "comm").read_text().strip() == name:
                fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
                return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except OSError:
            continue
    return 0.0


def time_calls(costs: dict[str, float], named: dict[str, tuple[type, str]]) -> Callable[[], None]:
    """Each named method puts the time of its last call into costs[name] (they run on the GUI thread).

    Returns what puts the methods back."""
    originals = [(owner, method, getattr(owner, method)) for owner, method in named.values()]
    for name, (owner, method) in named.items():
        original = getattr(owner, method)

        def timed(*args, _original=original, _name=name, **kwargs):
            started = time.perf_counter()
            try:
                return _original(*args, **kwargs)
            finally:
                costs[_name] = (time.perf_counter() - started) * 1e3

        setattr(owner, method, timed)

    def restore() -> None:
        for owner, method, original in originals:
            setattr(owner, method, original)

    return restore


def shown_window(base_url: str, home: Path):
    """(the QApplication, the real main window) for home, its settings pointing at base_url, shown."""
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
    return app, window


class Heartbeat:
    """A 1 ms timer on the GUI thread: the gaps between its beats are how long the thread was busy."""

    def __init__(self):
        from PySide6.QtCore import QElapsedTimer, Qt, QTimer

        self.beats: list[tuple[float, float]] = []  # (time of the beat, gap before it), ms
        self.clock = QElapsedTimer()
        self._last = 0
        self._timer = QTimer()
        self._timer.setTimerType(Qt.PreciseTimer)
        self._timer.setInterval(1)
        self._timer.timeout.connect(self._beat)

    def _beat(self) -> None:
        now = self.clock.nsecsElapsed()
        self.beats.append((now / 1e6, (now - self._last) / 1e6))
        self._last = now

    def start(self) -> None:
        self.clock.start()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def gaps(self, after: float = 0.0, until: float = float("inf")) -> list[float]:
        """The gaps (ms) of the beats from after to until (ms since start), the first beat left out."""
        return [gap for at, gap in self.beats[1:] if after <= at <= until]


TYPING_SECONDS = 1.5  # typing a question takes longer: what typing starts loading is there by Send


def type_prompt(app, window, text: str) -> None:
    """Type text into the message box as a user does (typing prepares the first request and the formulas)."""
    from PySide6.QtTest import QTest

    QTest.keyClicks(window.promptEdit, text)
    deadline = time.perf_counter() + TYPING_SECONDS
    while time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.01)


def window_run(base_url: str, home: Path) -> WindowRun:
    from PySide6.QtCore import QEvent, QEventLoop, QTimer

    from genai_desktop.core.history import HistoryStore
    from genai_desktop.ui.transcript import TranscriptView

    end_costs: dict[str, float] = {}
    restore = time_calls(end_costs, {"final render": (TranscriptView, "end_answer"), "save + index": (HistoryStore, "finish")})
    app, window = shown_window(base_url, home)

    heartbeat = Heartbeat()
    clock = heartbeat.clock
    last_text = [0.0]
    done: list[float] = []
    loop = QEventLoop()
    session = window.controller.session
    session.answerText.connect(lambda _request, _text: last_text.__setitem__(0, clock.nsecsElapsed() / 1e6))

    def on_finished(_ended) -> None:  # connected after the window's own slot: runs once it has shown the end
        done.append(time.perf_counter())
        QTimer.singleShot(int(SETTLE_SECONDS * 1000), loop.quit)

    session.answerFinished.connect(on_finished)
    type_prompt(app, window, "go")
    heartbeat.start()
    started = time.perf_counter()
    window.send()
    loop.exec()
    heartbeat.stop()
    characters = len(window.transcriptView.toPlainText())
    worker_seconds = thread_cpu_seconds("chat-worker")
    window.close()
    window.deleteLater()  # gone before the next size is measured: its timers and objects would weigh on it
    app.sendPostedEvents(None, QEvent.DeferredDelete)
    gaps = heartbeat.gaps()
    end_gaps = heartbeat.gaps(after=last_text[0])
    restore()
    return WindowRun(done[0] - started, gaps, end_gaps, characters, dict(end_costs), worker_seconds)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * share) - 1)]


def check_features(wanted: list[str]) -> dict[str, bool]:
    present = {name: importlib.util.find_spec(module) is not None for name, module in RENDERING_FEATURES.items()}
    missing = [name for name in wanted if not present.get(name)]
    if missing:
        raise SystemExit(f"not on this branch: {', '.join(missing)} ({', '.join(RENDERING_FEATURES[m] for m in missing)})")
    return present


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tokens", default="20000", help="answer sizes, comma-separated: 2000,10000,20000")
    parser.add_argument("--rate", type=float, default=2_000)
    parser.add_argument("--variant", choices=("prose", "code"), default="prose")
    parser.add_argument("--features", default="", help="rendering features that must be on: highlighting,math")
    args = parser.parse_args()
    present = check_features([name for name in args.features.split(",") if name])
    print(f"variant {args.variant}; rendering features: "
          + ", ".join(f"{name} {'on' if on else 'not on this branch'}" for name, on in present.items()))
    print(f"{'tokens':>7} {'chars':>7} {'raw s':>7} {'window s':>8} {'ratio':>6} {'longest':>8} {'p99':>6} "
          f"{'end stall':>9} {'render':>6} {'save':>6} {'worker s':>8}   (ms; goals: ratio <= 1.05, longest <= 50, "
          "p99 <= 16, end stall flat; render: end_answer, save: history.finish; worker s: the chat worker's CPU seconds)")
    import openai  # noqa: F401 - loaded before timing either side

    for count in (int(size) for size in args.tokens.split(",")):
        server, base_url = start_server_process(markdown_tokens(count, args.variant), args.rate)
        with tempfile.TemporaryDirectory() as home:
            baseline = raw_sdk_seconds(base_url)
            run = window_run(base_url, Path(home))
        server.stdin.close()
        server.wait()
        print(f"{count:>7} {run.characters:>7} {baseline:>7.3f} {run.seconds:>8.3f} {run.seconds / baseline:>6.3f} "
              f"{max(run.gaps):>8.1f} {percentile(run.gaps, 0.99):>6.1f} {max(run.end_gaps):>9.1f} "
              f"{run.end_costs.get('final render', 0):>6.1f} {run.end_costs.get('save + index', 0):>6.1f} "
              f"{run.worker_seconds:>8.2f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
