"""The running instance's side of qt-free core.instance: answer raise requests from a second start."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from ..core.instance import RAISE_REQUEST_NAME


class RaiseRequests(QObject):
    """Emits raiseRequested when a second start asks for the window, and answers it."""

    raiseRequested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None):
        super().__init__(parent)
        self._request = data_dir / RAISE_REQUEST_NAME
        # A request already there came from a start during ours (or a crash): answered at once.
        QTimer.singleShot(0, self._check)
        self._watcher = QFileSystemWatcher([str(data_dir)], self)
        self._watcher.directoryChanged.connect(self._check)
        self._poll = QTimer(self)  # some file systems do not report changes: look now and then too
        self._poll.setInterval(1000)
        self._poll.timeout.connect(self._check)
        self._poll.start()

    def _check(self, *_args) -> None:
        if self._request.exists():
            self._request.unlink(missing_ok=True)
            self.raiseRequested.emit()
