"""Python's cyclic garbage collection, run only on the GUI thread.

The collector runs in whichever thread happens to allocate when a threshold is crossed.
When that is a worker or keyring thread and the garbage holds Qt objects, their C++
destructors run there: against Qt's rules, and it can deadlock (a destructor holding a Qt
mutex waits for the GIL while the GUI thread, holding the GIL, waits for that mutex; seen
in this project's test run). So automatic collection is switched off and the GUI thread
collects on a timer, with the same thresholds the interpreter would use.

A full collection walks every object the process holds: 70-150 ms once Qt, the SDK, Pygments and
the formula renderer are loaded. So it waits while an answer streams (the young generations are
still collected), and the first one freezes what survives it (gc.freeze: the modules and the
window, which live as long as the app), so that later full collections walk only what came after.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer, Slot

CHECK_INTERVAL_MS = 250


class GuiThreadGarbageCollector(QObject):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        self._busy = False  # an answer streams: no full collection now
        self._frozen = False
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_INTERVAL_MS)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    @Slot()
    def check(self) -> None:
        counts = gc.get_count()
        if counts[0] <= self._thresholds[0]:
            return
        generation = 0
        if counts[1] > self._thresholds[1]:
            generation = 2 if counts[2] > self._thresholds[2] and not self._busy else 1
        gc.collect(generation)
        if generation == 2 and not self._frozen:
            gc.freeze()
            self._frozen = True

    @Slot(bool)
    def set_busy(self, busy: bool) -> None:
        """While an answer streams, full collections wait for its end."""
        self._busy = busy


def collect_garbage_on_gui_thread(app: QObject) -> GuiThreadGarbageCollector:
    """Install once per application (a child of it, so it lives as long)."""
    return app.findChild(GuiThreadGarbageCollector) or GuiThreadGarbageCollector(app)
