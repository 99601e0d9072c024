"""View → Larger / Smaller / Normal text: the size of the transcript and the message box, remembered."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal, Slot
from PySide6.QtWidgets import QApplication

from ..qt.controller import ChatController
from .composer import Composer
from .transcript import TranscriptView

DEFAULT_FONT_STEPS = (7, 8, 9, 10, 11, 12, 13, 14, 16, 18, 20, 22, 24, 28, 32)


class TextSize(QObject):
    statusMessage = Signal(str, int)

    def __init__(self, controller: ChatController, transcript: TranscriptView, composer: Composer,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.controller = controller
        self._transcript = transcript
        self._composer = composer
        self._chosen = 0.0  # the size chosen (0: the system's)
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """The system's text size changed while the app runs: the system's size is followed."""
        if event.type() == QEvent.ApplicationFontChange and watched is QApplication.instance() and not self._chosen:
            self.apply(0.0)
        return False

    def apply(self, point_size: float) -> None:
        """point_size 0: the system's size."""
        self._chosen = point_size
        font = QApplication.font()
        if point_size > 0:
            font.setPointSizeF(point_size)
        self._transcript.setFont(font)
        self._transcript.document().setDefaultFont(font)
        self._composer.set_font(font)

    def point_size(self) -> float:
        return self._transcript.font().pointSizeF()

    @Slot()
    def change(self, step: int) -> None:
        """Ctrl + / Ctrl - move along common sizes; Ctrl 0 goes back to the system's size. Remembered."""
        if step == 0:
            size = 0.0
        else:
            current = self.point_size()
            larger = [s for s in DEFAULT_FONT_STEPS if s > current + 0.1]
            smaller = [s for s in DEFAULT_FONT_STEPS if s < current - 0.1]
            size = float((larger[0] if larger else DEFAULT_FONT_STEPS[-1]) if step > 0
                         else (smaller[-1] if smaller else DEFAULT_FONT_STEPS[0]))
        self.apply(size)
        self.controller.settings.remember(font_point_size=size)
        self.statusMessage.emit(self.tr("Text size: %1 pt").replace("%1", f"{self.point_size():g}"), 3000)
