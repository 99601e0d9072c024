"""Start the real app (genai_desktop.app.main, its command line as given) and report on stdout what its
window has attached, each time that changes, and each dialog it opens:

    python tests/launch_driver.py [ARGUMENTS...]

prints 'attached ["name", ...]' (JSON) once the attachments are read, and 'dialog <objectName>' when a
dialog is shown. Used by the tests that hand the app a file on its command line, the first start's and
a second start's. With SEND_FILE_OPEN_EVENT=path the driver sends the application the FileOpen event
macOS sends for a document double-clicked in the Finder, once the window is built.
"""

from __future__ import annotations

import json
import os
import sys

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication, QDialog

from genai_desktop import app


def report_attachments(window) -> None:
    tray = window.attachmentTray

    def report() -> None:
        if not tray.reading:
            print("attached", json.dumps([part.name for part in tray.parts]), flush=True)

    tray.changed.connect(report)


def report_dialogs(window) -> None:
    reported = set()

    def look() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible() and id(widget) not in reported:
                reported.add(id(widget))
                print("dialog", widget.objectName(), flush=True)

    timer = QTimer(window)
    timer.timeout.connect(look)
    timer.start(50)


def build_and_report(*args, **kwargs):
    window = build_main_window(*args, **kwargs)
    report_attachments(window)
    report_dialogs(window)
    if os.environ.get("SEND_FILE_OPEN_EVENT"):
        QTimer.singleShot(0, lambda: QApplication.sendEvent(QApplication.instance(),
                                                            QFileOpenEvent(os.environ["SEND_FILE_OPEN_EVENT"])))
    return window


build_main_window = app.build_main_window
app.build_main_window = build_and_report  # main() builds its window through it

if __name__ == "__main__":
    raise SystemExit(app.main(sys.argv[1:]))
