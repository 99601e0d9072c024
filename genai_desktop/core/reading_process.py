"""Reading a document in a process of its own.

pypdf and openpyxl are pure Python: on a thread of the app they hold the GIL about half the time,
and the window's own work (an answer streaming in) then takes twice as long. In a child process
they hold only the child's, a hostile file's memory peak lands there, and Cancel ends the process
at once. The child is started with "spawn" (never "fork": the app runs Qt threads) and imports
only core; the frozen app calls multiprocessing.freeze_support() first thing (__main__.py).
"""

from __future__ import annotations

import logging
import multiprocessing
from typing import Callable

from .attachments import Attachment, AttachmentRefused, ReadCancelled, RefusalKind, base_name

log = logging.getLogger(__name__)
POLL_SECONDS = 0.05  # how often the parent looks at cancelled() while the child reads
PROGRESS_STEP = 0.01  # the child sends progress in steps of at least this


def _read_in_child(path: str, connection) -> None:
    """The child's work: read the document, send progress and then its end (plain tuples: an
    AttachmentRefused does not pickle back with its kind)."""
    from .documents import read_document

    sent = [0.0]

    def progress(fraction: float) -> None:
        if fraction - sent[0] >= PROGRESS_STEP or fraction >= 1.0 > sent[0]:
            sent[0] = fraction
            connection.send(("progress", fraction))

    try:
        connection.send(("done", read_document(path, progress=progress)))
    except AttachmentRefused as refusal:
        connection.send(("refused", (refusal.kind.value, refusal.name, refusal.limit, refusal.detail)))
    except MemoryError:
        connection.send(("refused", (RefusalKind.TOO_LARGE.value, base_name(path), 0, "MemoryError")))
    except Exception as exc:  # noqa: BLE001 - whatever a reader raises on hostile bytes: the file is not readable
        connection.send(("refused", (RefusalKind.DAMAGED.value, base_name(path), 0, type(exc).__name__)))
    finally:
        connection.close()


def read_document_in_process(path: str, progress: Callable[[float], None],
                             cancelled: Callable[[], bool]) -> Attachment:
    """core.documents.read_document, run in a child process (call it from a thread of the app: it
    waits for the child). Raises AttachmentRefused, or ReadCancelled once cancelled() is true."""
    context = multiprocessing.get_context("spawn")
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(target=_read_in_child, args=(path, sending), name="read-document", daemon=True)
    try:
        child.start()
    except (OSError, RuntimeError) as exc:  # no process to be had (a sandbox, a process limit): read it here
        log.warning("could not start a process to read a document, reading it on this thread: %s", exc)
        receiving.close()
        sending.close()
        from .documents import read_document

        return read_document(path, progress=progress, cancelled=cancelled)
    sending.close()  # the child's end: once the child is gone, recv() ends instead of waiting
    try:
        while True:
            if cancelled():
                raise ReadCancelled
            if not receiving.poll(POLL_SECONDS):
                continue
            try:
                kind, value = receiving.recv()
            except EOFError:  # the child died without a word (killed, out of memory, a crash in C)
                raise AttachmentRefused(RefusalKind.DAMAGED, base_name(path), detail="reader ended") from None
            if kind == "progress":
                progress(value)
            elif kind == "done":
                return value
            else:
                refused_kind, name, limit, detail = value
                raise AttachmentRefused(RefusalKind(refused_kind), name, limit, detail)
    finally:
        receiving.close()
        if child.is_alive():
            child.terminate()  # cancelled, or failed: the child has nothing more to give
        child.join(5)
