"""What the window needs for its first picture is all it loads before it: the rest waits for the first paint.

The time to window is measured by tests/bench/bench_startup.py against a hello-world; these tests keep
what it found out of the start: the chat client with asyncio, the keyring with its D-Bus backend, the
settings dialog, the local-server probe's HTTP library, parsing the system's CA store.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

NOT_BEFORE_THE_FIRST_PAINT = ("asyncio", "keyring", "secretstorage", "urllib.request", "openai", "pygments",
                              "genai_desktop.core.llm", "genai_desktop.ui.settings_dialog")

CHILD = """
import json, ssl, sys, time
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
parsed = []
load_verify_locations = ssl.SSLContext.load_verify_locations
class CountingContext(ssl.SSLContext):
    def load_verify_locations(self, *args, **kwargs):
        parsed.append(args or kwargs)
        return load_verify_locations(self, *args, **kwargs)
ssl.SSLContext = CountingContext
from genai_desktop.app import build_main_window
from genai_desktop.core.tls import use_bundled_ca_if_system_has_none
use_bundled_ca_if_system_has_none()  # as main() does before the window
app = QApplication([])
window = build_main_window(app)
seen = {}
class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if watched is window and event.type() == QEvent.Type.Paint and not seen:
            seen["modules"] = sorted(name for name in sys.modules if name.split(".")[0] in WATCHED_ROOTS
                                     or name in WATCHED)
            seen["key state"] = window.controller.settings.key_state is not None
            seen["CA files parsed"] = len(parsed)
        return False
WATCHED = set(sys.argv[1].split(","))
WATCHED_ROOTS = {name for name in WATCHED if "." not in name}
first_paint = FirstPaint()
window.installEventFilter(first_paint)
window.show()
deadline = time.monotonic() + 30
while (not seen or window.controller.settings.key_state is None) and time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.005)
seen["key state later"] = window.controller.settings.key_state is not None
seen["keyring later"] = "keyring" in sys.modules
from PySide6.QtTest import QTest
QTest.keyClicks(window.promptEdit, "H")  # typing prepares the first request (app.py), the chat client too
while "genai_desktop.core.llm" not in sys.modules and time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.005)
seen["chat client after typing"] = "genai_desktop.core.llm" in sys.modules
print(json.dumps(seen))
window.close()
"""


def test_the_window_paints_before_the_chat_client_the_keyring_and_the_settings_dialog_load(tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in ("SSL_CERT_FILE", "SSL_CERT_DIR")}
    env.update(GENAI_DESKTOP_HOME=str(tmp_path), PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen",
               OPENAI_API_KEY="")
    out = subprocess.run([sys.executable, "-c", CHILD, ",".join(NOT_BEFORE_THE_FIRST_PAINT)], env=env,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["modules"] == [], f"loaded before the first paint: {seen['modules']}"
    assert seen["CA files parsed"] == 0  # the start only looks whether the system has a store
    assert not seen["key state"]  # looked up once the window is up ...
    assert seen["key state later"] and seen["keyring later"]  # ... and then it comes
    assert seen["chat client after typing"]


def test_work_after_the_first_paint_runs_after_it_at_once_when_hidden_and_never_for_a_deleted_window(qtbot):
    import shiboken6
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QWidget

    from genai_desktop.ui.first_paint import after_first_paint

    events: list[str] = []

    class Paints(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                events.append(f"paint {watched.objectName()}")
            return False

    paints = Paints()
    hidden, shown, gone = QWidget(), QWidget(), QWidget()
    for name, widget in (("hidden", hidden), ("shown", shown), ("gone", gone)):
        widget.setObjectName(name)
        widget.installEventFilter(paints)
        after_first_paint(widget, lambda name=name: events.append(f"work {name}"))
    qtbot.addWidget(hidden)
    qtbot.addWidget(shown)
    shown.show()
    shiboken6.delete(gone)  # before the event loop turned: its work must not run (nor raise)
    qtbot.waitUntil(lambda: "work shown" in events)
    qtbot.wait(50)
    assert events.index("paint shown") < events.index("work shown")
    assert "work hidden" in events and "work gone" not in events
    assert events.count("work shown") == 1
