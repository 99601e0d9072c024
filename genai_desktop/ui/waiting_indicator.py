"""The wait before an answer, made visible: pulsing dots where the answer will appear, the seconds
waited after a few, and a busy server's countdown to the next try with Cancel.

It floats in the transcript's viewport at the document's end (under the answer's heading) and
follows scrolling, resizing and layout changes from outside, through the view's public API.
"""

from __future__ import annotations

import math
import time

from PySide6.QtCore import QEvent, QObject, QPointF, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QPainter, QPalette, QTextCursor
from PySide6.QtWidgets import QFrame, QHBoxLayout, QTextEdit, QToolButton, QWidget

from .messages import counted, plain_label

ELAPSED_SHOWN_AFTER_SECONDS = 3.0  # before this the dots say enough; a test may shorten it
LONG_WAIT_ANNOUNCED_AFTER_SECONDS = 10.0  # then a screen reader hears that the wait goes on
TICK_MS = 120  # one step of the dots' pulse; the text is checked on the same tick


class PulsingDots(QWidget):
    """Three dots, one after the other brighter: the app is waiting, not stuck."""

    DOTS = 3

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.phase = 0
        self.setFixedSize(self.sizeHint())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        size = self.fontMetrics().height()
        return QSize(size * 2, size)

    def step(self) -> None:
        self.phase = (self.phase + 1) % (self.DOTS * 3)
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        painter.setPen(Qt.NoPen)
        colour = self.palette().color(QPalette.Highlight)
        radius = self.height() / 5.5
        spacing = self.width() / self.DOTS
        for dot in range(self.DOTS):
            # A wave: the dot the phase is at is full, its neighbours fade.
            distance = min(abs(self.phase / 3 - dot), self.DOTS - abs(self.phase / 3 - dot))
            colour.setAlphaF(max(0.25, 1 - 0.6 * distance))
            painter.setBrush(colour)
            scale = 1 + 0.35 * max(0.0, 1 - distance)
            painter.drawEllipse(QPointF(spacing * (dot + 0.5), self.height() / 2), radius * scale, radius * scale)


class WaitingIndicator(QFrame):
    """Shown from Send until the first text, an error or Stop; a refusal's wait counts down in it."""

    cancelRequested = Signal()
    announcement = Signal(str)  # for the screen reader: the wait goes on long, a busy server's next try

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("waitingIndicator")
        self.setAccessibleName(self.tr("Waiting for the answer"))
        self.dots = PulsingDots()
        self.label = plain_label(object_name="waitingLabel", wrap=False)
        self.cancelButton = QToolButton()
        self.cancelButton.setObjectName("waitingCancelButton")
        self.cancelButton.setText(self.tr("Cancel"))
        self.cancelButton.setAccessibleName(self.tr("Cancel the request"))
        self.cancelButton.setCursor(Qt.PointingHandCursor)  # a raised button: flat, it read as plain text
        self.cancelButton.clicked.connect(self.cancelRequested)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(self.dots)
        row.addWidget(self.label)
        row.addWidget(self.cancelButton)
        row.addStretch()
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._started = 0.0
        self._retry_at: float | None = None  # monotonic time of the next try while a refusal's wait counts down
        self._announced_long_wait = False
        self._view: QTextEdit | None = None
        self.hide()

    # --- where it stands --------------------------------------------------------------------------

    def follow(self, view: QTextEdit) -> None:
        """Stand in view's viewport at the end of its document, there whatever moves it."""
        self._view = view
        self.setParent(view.viewport())
        self.hide()
        view.verticalScrollBar().valueChanged.connect(self._place)
        view.horizontalScrollBar().valueChanged.connect(self._place)
        view.document().documentLayout().documentSizeChanged.connect(self._place)
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Resize and self._view is not None and watched is self._view.viewport():
            self._place()
        return False

    @Slot()
    def _place(self) -> None:
        if self._view is None or self.isHidden():
            return
        cursor = QTextCursor(self._view.document())
        cursor.movePosition(QTextCursor.End)
        line = self._view.cursorRect(cursor)
        self.adjustSize()
        viewport = self._view.viewport()
        width = min(self.sizeHint().width(), max(0, viewport.width() - line.left()))
        # On the empty line where the answer will begin; kept inside the viewport when that line is at its
        # bottom edge, out of view with it when the user scrolled up to read.
        top = line.top() + (line.height() - self.height()) // 2
        if line.top() < viewport.height():
            top = max(0, min(top, viewport.height() - self.height()))
        self.setGeometry(line.left(), top, width, self.height())

    # --- what it says ---------------------------------------------------------------------------

    @property
    def waiting(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        """The request went out: wait for its first text."""
        self._started = time.monotonic()
        self._retry_at = None
        self._announced_long_wait = False
        self._timer.start()
        self._show_text()
        self.show()
        self.raise_()
        self._place()

    def retry_in(self, seconds: float) -> None:
        """The server refused for now: count down to the next try, with Cancel."""
        if not self.waiting:
            self.start()
        self._retry_at = time.monotonic() + seconds
        self.announcement.emit(counted(max(1, math.ceil(seconds)), self.tr("The server is busy. Next try in 1 second."),
                                       self.tr("The server is busy. Next try in %1 seconds.")))
        self._show_text()

    def stop(self) -> None:
        """The first text came, or an error, or Stop."""
        self._timer.stop()
        self._retry_at = None
        self.hide()

    @Slot()
    def _tick(self) -> None:
        self.dots.step()
        self._show_text()

    def _show_text(self) -> None:
        now = time.monotonic()
        if self._retry_at is not None and now < self._retry_at:
            seconds, template = str(math.ceil(self._retry_at - now)), self.tr("Server busy — next try in %1 s")
            text = template.replace("%1", seconds)
            # As wide as with two digits: Cancel does not move when the count goes from 10 s to 9 s.
            widest = template.replace("%1", "8" * max(2, len(seconds)))
            self.label.setMinimumWidth(self.label.fontMetrics().size(0, widest).width())  # as QLabel measures
        else:
            self.label.setMinimumWidth(0)
            self._retry_at = None
            waited = now - self._started
            text = self.tr("Waiting for the answer…")
            if waited >= ELAPSED_SHOWN_AFTER_SECONDS:
                text = self.tr("Waiting for the answer… %1 s").replace("%1", str(int(waited)))
            if waited >= LONG_WAIT_ANNOUNCED_AFTER_SECONDS and not self._announced_long_wait:
                self._announced_long_wait = True
                self.announcement.emit(self.tr("Still waiting for the answer."))
        self.cancelButton.setVisible(self._retry_at is not None)  # while waiting plainly, Stop is at hand
        if text != self.label.text():
            self.label.setText(text)
            self.setAccessibleDescription(text)
            self._place()
