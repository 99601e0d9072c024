"""Short background jobs (keyring, Test connection, model list) off the GUI thread.

They run on daemon threads rather than the chat thread: a keyring unlock prompt can
block for minutes, and must neither hold up a chat nor keep the process alive at exit.
"""

from __future__ import annotations

import itertools
import logging
import threading
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal, Slot

from ..core.errors import error_from_exception

log = logging.getLogger(__name__)


class BackgroundTasks(QObject):
    _completed = Signal(int, bool, object)  # task id, ok, result or ChatError

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._callbacks: dict[int, tuple[Callable, Callable]] = {}
        self._ids = itertools.count(1)
        self._closed = threading.Event()
        self._completed.connect(self._deliver)

    def run(self, work: Callable[[], Any], on_done: Callable[[Any], None], on_error: Callable[[Any], None],
            owner: QObject | None = None) -> int:
        """Run work() on a daemon thread; on_done/on_error are called on the GUI thread.

        If owner (say, a dialog) is destroyed first, the result is dropped instead of
        being handed to a dead widget.
        """
        task_id = next(self._ids)
        self._callbacks[task_id] = (on_done, on_error)
        if owner is not None:
            owner.destroyed.connect(lambda *_args, task=task_id: self._callbacks.pop(task, None))
        threading.Thread(target=self._work, args=(task_id, work), name=f"task-{task_id}", daemon=True).start()
        return task_id

    def close(self) -> None:
        """Results that arrive after this are dropped."""
        self._closed.set()
        self._callbacks.clear()

    def _work(self, task_id: int, work: Callable[[], Any]) -> None:
        try:
            ok, value = True, work()
        except BaseException as exc:  # noqa: BLE001 - reported to the caller, never lost
            ok, value = False, error_from_exception(exc)
            log.info("background task failed: %s", value)
        if not self._closed.is_set():
            self._completed.emit(task_id, ok, value)

    @Slot(int, bool, object)
    def _deliver(self, task_id: int, ok: bool, value: Any) -> None:
        callbacks = self._callbacks.pop(task_id, None)
        if callbacks is not None:
            callbacks[0 if ok else 1](value)
