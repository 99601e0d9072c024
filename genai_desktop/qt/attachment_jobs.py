"""Reading attachments off the GUI thread, with progress and Cancel.

A job is a function given a progress callback (a fraction from 0 to 1) and a cancelled() probe
(a document's job waits there for a child process that reads it: core/reading_process.py);
it runs on a daemon thread of its own (a stuck read of a network share must neither hold up the
chat nor keep the process alive at exit) and its end arrives on the GUI thread as a signal:
done (its result), refused (an AttachmentRefused: the UI words it) or cancelled. Cancel is
immediate for the window: a reader polls cancelled() and stops, and whatever a job returns after
it was cancelled is dropped.
"""

from __future__ import annotations

import itertools
import logging
import threading
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal, Slot

from ..core.attachments import Attachment, AttachmentRefused, ReadCancelled, RefusalKind

log = logging.getLogger(__name__)

Progress = Callable[[float], None]
Cancelled = Callable[[], bool]
Job = Callable[[Progress, Cancelled], Any]
PROGRESS_STEP = 0.01  # smaller steps are not sent to the window: a 300-page PDF reports 100 times, not 300
READING_AT_ONCE = 2  # files read at the same time; more wait their turn (a drop of 200 files reads two by two)


def read_document(path: str, progress: Progress, cancelled: Cancelled) -> Attachment:
    """A document's text, read by core.documents in a child process (core/reading_process.py says why)."""
    from ..core.reading_process import read_document_in_process

    return read_document_in_process(path, progress, cancelled)


class AttachmentJobs(QObject):
    progressed = Signal(int, float)  # job id, fraction read
    done = Signal(int, object)  # job id, what the job returned
    refused = Signal(int, object)  # job id, AttachmentRefused
    cancelled = Signal(int)  # job id

    _ended = Signal(int, str, object)  # job id, "done" / "refused" / "cancelled", value: from the job's thread
    _progress = Signal(int, float)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._ids = itertools.count(1)
        self._cancel: dict[int, threading.Event] = {}
        self._turns = threading.BoundedSemaphore(READING_AT_ONCE)
        self._ended.connect(self._deliver)
        self._progress.connect(self._deliver_progress)

    @property
    def running(self) -> int:
        return len(self._cancel)

    def start(self, name: str, job: Job) -> int:
        """Run job on a thread of its own; name is the file's base name (for a refusal of a reader that failed)."""
        job_id = next(self._ids)
        cancel = self._cancel[job_id] = threading.Event()
        threading.Thread(target=self._work, args=(job_id, name, job, cancel), name=f"attachment-{job_id}",
                         daemon=True).start()
        return job_id

    def cancel(self, job_id: int) -> None:
        """Stop the job: cancelled is emitted now, whatever the job does after this is dropped."""
        cancel = self._cancel.pop(job_id, None)
        if cancel is not None:
            cancel.set()
            self.cancelled.emit(job_id)

    def cancel_all(self) -> None:
        """At exit, or when the composer's attachments are cleared."""
        for job_id in list(self._cancel):
            self.cancel(job_id)

    def _work(self, job_id: int, name: str, job: Job, cancel: threading.Event) -> None:
        reported = [0.0]

        def progress(fraction: float) -> None:
            fraction = min(max(float(fraction), 0.0), 1.0)
            step = fraction - reported[0]
            if (step >= PROGRESS_STEP or (fraction == 1.0 and step > 0)) and not cancel.is_set():
                reported[0] = fraction
                self._progress.emit(job_id, fraction)

        while not self._turns.acquire(timeout=0.05):
            if cancel.is_set():
                return
        if cancel.is_set():  # cancelled while it waited its turn
            self._turns.release()
            return
        try:
            outcome, value = "done", job(progress, cancel.is_set)
        except ReadCancelled:
            outcome, value = "cancelled", None
        except AttachmentRefused as refusal:
            outcome, value = "refused", refusal
            log.info("attachment refused: %s (%s)", refusal, refusal.detail)
        except MemoryError:
            outcome, value = "refused", AttachmentRefused(RefusalKind.TOO_LARGE, name, detail="MemoryError")
        except Exception as exc:  # noqa: BLE001 - a reader's failure on hostile bytes: the file is not readable
            log.warning("reading an attachment failed: %s", type(exc).__name__, exc_info=True)
            outcome, value = "refused", AttachmentRefused(RefusalKind.DAMAGED, name, detail=type(exc).__name__)
        finally:
            self._turns.release()
        if not cancel.is_set():  # cancel_all() runs before the window closes: this object is still there
            self._ended.emit(job_id, outcome, value)

    @Slot(int, float)
    def _deliver_progress(self, job_id: int, fraction: float) -> None:
        if job_id in self._cancel:
            self.progressed.emit(job_id, fraction)

    @Slot(int, str, object)
    def _deliver(self, job_id: int, outcome: str, value: object) -> None:
        if self._cancel.pop(job_id, None) is None:  # cancelled meanwhile
            return
        if outcome == "done":
            self.done.emit(job_id, value)
        elif outcome == "refused":
            self.refused.emit(job_id, value)
        else:
            self.cancelled.emit(job_id)
