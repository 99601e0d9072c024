"""Work that can wait until the window is on screen: it runs once the window has painted for the first time.

What starts with the window but is not needed for its first picture (the keyring's first lookup with
its D-Bus backend, the watch for a second start) competes with building and painting it for the GIL and
the CPU. Started here, it runs just after: the window appears sooner (tests/bench/bench_startup.py).
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

LONGEST_WAIT_MS = 1000  # a window that is shown but never painted (minimised at start) waits no longer


class _AfterFirstPaint(QObject):
    def __init__(self, window: QWidget, work: Callable[[], None]):
        super().__init__(window)
        self._window = window
        self._work: Callable[[], None] | None = work
        self._longest = QTimer(self)
        self._longest.setSingleShot(True)
        self._longest.timeout.connect(self._run)
        window.installEventFilter(self)
        QTimer.singleShot(0, self, self._look)  # not called once the window (this object's parent) is gone

    def _look(self) -> None:
        if self._work is None:
            return
        if not self._window.isVisible():  # built without being shown (an embedder, a test): nothing to wait for
            self._run()
        else:
            self._longest.start(LONGEST_WAIT_MS)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Paint and self._work is not None:
            QTimer.singleShot(0, self, self._run)  # after this paint has reached the screen
        return False

    def _run(self) -> None:
        work, self._work = self._work, None
        if work is None:
            return
        self._longest.stop()
        self._window.removeEventFilter(self)
        work()


def after_first_paint(window: QWidget, work: Callable[[], None]) -> None:
    """Run work once window has painted for the first time; at once (on the next turn of the event loop)
    if the window is not shown by then."""
    _AfterFirstPaint(window, work)
