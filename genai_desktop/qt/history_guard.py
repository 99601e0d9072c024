"""The history guard: every history call goes through it, so a failure never crashes a slot.

A damaged page leaves a repair mark (the full check and repair run at the next start) and says
so; a failed write (disk full, locked) says so and the text stays in memory.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Signal

from ..core.history import HistoryStore, check_file, index_pending_in_file, repair_mark
from ..core.paths import create_private_file
from ..core.records import HistoryError, HistoryProblem
from .tasks import BackgroundTasks

log = logging.getLogger(__name__)

INDEX_AT_ONCE_CHARACTERS = 20_000  # an answer this long is indexed in about 2 ms; a longer one on a thread


@dataclass(frozen=True)
class OpenedHistory:
    """The history as the composition root opened it: the store, or why it is in memory only."""

    store: HistoryStore
    path: Path  # the file (the store is in memory when problem says why)
    problem: HistoryError | None
    repair_mark: Path


def open_history(path: Path) -> OpenedHistory:
    """Open the history; if it cannot be (newer version, locked), keep this session in memory."""
    mark = repair_mark(path)
    try:
        # Damage found by the last session's check: the full check now, so the file is moved
        # aside and what can still be read is copied into a fresh one.
        store = HistoryStore.open(path, verify=mark.exists())
        mark.unlink(missing_ok=True)
        problem = None
    except HistoryError as error:
        log.error("history not opened: %s", error)
        store, problem = HistoryStore.in_memory(), error
    if store.moved_aside is not None:
        log.error("the history was damaged and moved to %s", store.moved_aside)
    return OpenedHistory(store, path, problem, mark)


class HistoryGuard(QObject):
    failed = Signal(object)  # HistoryError: the text stays in memory
    damaged = Signal()  # a damaged page was found: repaired at the next start

    def __init__(self, opened: OpenedHistory, parent: QObject | None = None):
        super().__init__(parent)
        self.history = opened.store
        self.path = opened.path
        self.problem = opened.problem  # why the history is in memory only, or None
        self._repair_mark = opened.repair_mark
        self._tasks: BackgroundTasks | None = None  # given by start()
        self.closed = False

    def start(self, tasks: BackgroundTasks) -> None:
        """Start-up housekeeping: answers left streaming are interrupted, empty chats go, answers a crash left
        out of the search index are put in, the file is checked."""
        self._tasks = tasks
        self.save(self.history.mark_interrupted)
        self.save(self.history.delete_empty, 0)
        self.save(self.history.index_pending)
        if self.problem is None and self.history.on_disk:
            path = self.path

            def checked(intact: bool) -> None:
                if not intact:
                    log.error("the history has a damaged page; it is repaired at the next start")
                    self.report(HistoryError(HistoryProblem.DAMAGED, "quick_check"))

            # Reading every page takes too long for start-up (0.45 s at 200,000 messages): done on the side.
            tasks.run(lambda: check_file(path), checked, lambda error: log.warning("history check: %s", error))

    def store_answer(self, store: Callable, message_id: int | None, text: str, *arguments):
        """store (HistoryStore.finish or add_version) an answer, then index its text for search: a long one on a
        thread of its own (its index took tens of milliseconds of the window's time as it ended), a short one
        at once (well under a millisecond: searched at once, and never a second writer)."""
        later = len(text) > INDEX_AT_ONCE_CHARACTERS and self.history.on_disk and self._tasks is not None
        result = self.save(lambda *stored: store(*stored, index_later=later), message_id, text, *arguments)
        if later and not self.closed and message_id is not None:
            self._tasks.run(lambda path=self.path: index_pending_in_file(path), lambda _count: None, self._not_indexed)
        return result

    def _not_indexed(self, error) -> None:
        log.warning("an answer was not put into the search index now (%s); the next start does it", error)

    def save(self, write: Callable, *arguments):
        """A history write; on failure (disk full, locked) the text stays in memory and the user is told.

        Skipped when its first argument, the row it is about, is None: that row was never saved
        (or belongs to a deleted chat); and after close().
        """
        if self.closed or (arguments and arguments[0] is None):
            return None
        return self.load(write, *arguments)

    def load(self, call: Callable, *arguments, default=None):
        """A history read (or write); a damaged page shows a notice (and is repaired at the next start)
        instead of a crash, a full disk a message."""
        if self.closed:
            return default
        try:
            return call(*arguments)
        except HistoryError as error:
            log.error("history access failed: %s", error)
            self.report(error)
            return default

    def report(self, error: HistoryError) -> None:
        if error.problem is HistoryProblem.DAMAGED:
            try:
                create_private_file(self._repair_mark)
            except OSError as mark_error:
                log.error("the repair mark could not be written: %s", mark_error.strerror)
            self.damaged.emit()
        else:
            self.failed.emit(error)

    def close(self) -> None:
        self.closed = True
        self.history.close()
