"""The running instance's side of qt-free core.instance: answer raise requests from a second start."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from ..core.instance import take_raise_request


class RaiseRequests(QObject):
    """Emits raiseRequested when a second start asks for the window, then openRequested with the files
    it was started with (if any), and answers it."""

    raiseRequested = Signal()
    openRequested = Signal(list)  # absolute Paths, in the order the second start was given them

    def __init__(self, data_dir: Path, parent: QObject | None = None):
        super().__init__(parent)
        self._data_dir = data_dir
        # A request already there came from a start during ours (or a crash): answered at once.
        QTimer.singleShot(0, self._check)
        self._watcher = QFileSystemWatcher([str(data_dir)], self)
        self._watcher.directoryChanged.connect(self._check)
        self._poll = QTimer(self)  # some file systems do not report changes: look now and then too
        self._poll.setInterval(1000)
        self._poll.timeout.connect(self._check)
        self._poll.start()

    def _check(self, *_args) -> None:
        request = take_raise_request(self._data_dir)
        if request is None:
            return
        self.raiseRequested.emit()
        if request.files:
            self.openRequested.emit(list(request.files))
