"""Benchmark (issue 9, point 11): the longest GUI-thread stall while the real window imports a big
ChatGPT conversations.json (the synthetic one of bench_import.py).

    .venv/bin/python tests/bench/bench_import_window.py [megabytes]

A 5 ms timer on the GUI thread records the longest gap between its ticks from the click on
Import to "Imported N chats." in the status bar; the total time is printed too.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_import import build  # noqa: E402


def main() -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from genai_desktop.app import build_main_window

    megabytes = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    app = QApplication([sys.argv[0]])
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "conversations.json"
        chats = build(export, megabytes)
        window = build_main_window(app, environ={"GENAI_DESKTOP_HOME": str(Path(folder) / "home"),
                                                 "OPENAI_API_KEY": "sk-bench"})
        window.show()
        gaps, last, started = [0.0], [0.0], [0.0]

        def tick() -> None:
            now = time.perf_counter()
            gaps.append(now - last[0])
            last[0] = now

        def begin() -> None:
            gaps.clear()
            started[0] = last[0] = time.perf_counter()
            window.choose_open_path = lambda *_arguments: export
            window.importAction.trigger()

        def check() -> None:
            if window.statusBar().currentMessage().startswith("Imported") or any(
                    box.isVisible() for box in window.findChildren(QMessageBox)):
                print(f"export: {export.stat().st_size / 2**20:.0f} MiB, {chats} chats")
                print(f"status: {window.statusBar().currentMessage()!r}")
                print(f"import: {time.perf_counter() - started[0]:.1f} s, longest GUI-thread stall {max(gaps):.3f} s")
                app.quit()
            else:
                QTimer.singleShot(20, check)

        ticker = QTimer()
        ticker.setInterval(5)
        ticker.timeout.connect(tick)
        ticker.start()
        QTimer.singleShot(500, begin)
        QTimer.singleShot(600, check)
        app.exec()
        window.controller.shutdown()


if __name__ == "__main__":
    main()
