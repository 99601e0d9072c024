"""Run the real app window in this process (offscreen) and report history commits on stdout.

    python tests/window_driver.py "PROMPT"
    python tests/window_driver.py --regenerate    (a new version of the reopened chat's last answer)

Used by tests that SIGKILL the app at random moments. Environment: GENAI_DESKTOP_HOME (with a
settings.json naming the loopback server) and OPENAI_API_KEY. Prints "ready" once the window
is shown, "sent" after the prompt went out, and "committed <what> <message id> <characters>"
after every history write that returned (so it is on disk, in the WAL).
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from genai_desktop.app import build_main_window  # noqa: E402
from genai_desktop.core.history import HistoryStore  # noqa: E402


def report_commits() -> None:
    def wrap(name: str):
        original = getattr(HistoryStore, name)

        def reported(self, *args, **kwargs):
            result = original(self, *args, **kwargs)
            if name == "add_message":
                print(f"committed {args[1]} {result} {len(args[2])}", flush=True)
            else:  # journal(message id, content), finish(message id, content, state, ...)
                print(f"committed {name} {args[0]} {len(args[1])}", flush=True)
            return result

        setattr(HistoryStore, name, reported)

    for name in ("add_message", "journal", "finish"):
        wrap(name)


def main() -> int:
    report_commits()
    app = QApplication([sys.argv[0]])
    window = build_main_window(app)
    window.show()
    print("ready", flush=True)

    def send() -> None:
        if sys.argv[1] != "--regenerate":
            window.promptEdit.setPlainText(sys.argv[1])
            window.send()
        elif window.regenerateAction.isEnabled():  # once the chat the app reopens is shown
            window.regenerateAction.trigger()
        elif time.monotonic() < give_up:
            QTimer.singleShot(20, send)
            return
        else:
            print("nothing to regenerate", flush=True)
            app.exit(1)
            return
        print("sent", flush=True)

    give_up = time.monotonic() + 20
    QTimer.singleShot(0, send)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
