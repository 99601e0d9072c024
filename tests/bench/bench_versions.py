"""Benchmark (issue 11, point 8): showing another version of an answer in the 2,000-message chat.

    .venv/bin/python tests/bench/bench_versions.py

The chat is the 2,000-message one of bench_history (1,000 turns, the latest 30 rendered); each of
its answers has 3 versions. Prints, against rendering the chat shown as it is (the baseline, the
same run): flipping an answer (stored in one transaction, then the chat rendered anew from the
snapshot), the store's part alone; and reading the chat's messages with their versions against the
same chat without versions (core, each in a file of its own).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ["QT_QPA_PLATFORM"] = "offscreen"

from bench_history import build, timed  # noqa: E402

from genai_desktop.core.history import HistoryStore  # noqa: E402
from genai_desktop.core.records import MessageState  # noqa: E402


def with_versions(path: Path) -> None:
    """Every answer of chat 1 gets two more versions (the last one shown)."""
    store = HistoryStore.open(path)
    answers = [m.id for m in store.messages(1) if m.role == "assistant"]
    for answer in answers:
        for number in (2, 3):
            store.add_version(answer, f"Version {number} of answer {answer}. " * 40, MessageState.DONE)
    store.close()


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        (home / "data").mkdir()
        path = home / "data" / "history.sqlite3"
        build(path, 100, 4_000, 2_000)
        plain = home / "plain.sqlite3"
        shutil.copyfile(path, plain)
        with_versions(path)
        for label, file in (("without versions:", plain), ("with 3 versions each:", path)):
            store = HistoryStore.open(file)
            print(f"read the 2,000 messages, {label:22s} {timed(lambda: store.messages(1), 9) * 1000:7.1f} ms")
            store.close()
        os.environ["GENAI_DESKTOP_HOME"] = str(home)

        from PySide6.QtWidgets import QApplication

        from genai_desktop.app import build_main_window

        app = QApplication([])
        window = build_main_window(app)
        window.show()
        settle = time.monotonic() + 2  # the key lookup at start runs on a thread of its own
        while time.monotonic() < settle:
            app.processEvents()
            time.sleep(0.01)
        window.open_conversation(1)
        app.processEvents()
        session, pane = window.controller.session, window.chatPane
        last = len(session.shown.turns) - 1
        print(f"turns in the chat: {len(session.shown.turns)}, versions of the last answer: "
              f"{session.shown.turns[last].versions}")

        def render() -> None:
            pane.render_conversation(session.shown)
            app.processEvents()

        steps = iter([-1, +1] * 20)

        def flip() -> None:
            assert session.show_version(last, next(steps))
            app.processEvents()

        history = window.controller.guard.history
        answer_id = session.shown.turns[last].answer_id
        versions = iter([1, 3] * 20)

        def store_only() -> None:
            history.show_version(answer_id, next(versions))

        render()
        baseline = timed(render, 9)
        flipped = timed(flip, 9)
        print(f"render the chat shown (baseline):        {baseline * 1000:7.1f} ms")
        print(f"flip an answer (stored, rendered anew):  {flipped * 1000:7.1f} ms  (ratio {flipped / baseline:.2f})")
        print(f"  of which the store's transaction:      {timed(store_only, 9) * 1000:7.1f} ms")
        window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
