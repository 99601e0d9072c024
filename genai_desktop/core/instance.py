"""One running app per user: a lock file, and a way for a second start to wake the first.

The first instance holds an OS lock (flock / msvcrt) on a file in the data folder for as
long as it runs; the OS drops it when the process ends, even after a crash or kill, so a
stale lock never blocks a start. A second start writes a raise request next to it and
waits for the running window to answer by removing it (qt.instance watches the folder).
It never opens the history database.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from .paths import open_private_file

LOCK_NAME = "instance.lock"
RAISE_REQUEST_NAME = "raise-request"


class InstanceLock:
    def __init__(self, handle):
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()  # closing the file drops the lock
            self._handle = None


def acquire_instance_lock(data_dir: Path) -> InstanceLock | None:
    """The lock, or None when another running instance holds it."""
    path = data_dir / LOCK_NAME
    if path.is_symlink():  # not the app's: removed (the link, never what it points to)
        path.unlink()
    descriptor = open_private_file(path, os.O_RDWR)
    handle = os.fdopen(descriptor, "r+b")  # noqa: SIM115 - held for the process's lifetime
    try:
        from . import paths  # its WINDOWS read at each call: tests walk the msvcrt branch on Linux

        if paths.WINDOWS:
            import msvcrt

            handle.seek(0)  # msvcrt locks bytes from the file position: always the first one
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None
    return InstanceLock(handle)


def request_raise(data_dir: Path, timeout: float = 3.0) -> bool:
    """Ask the running instance to show its window; True if it answered within timeout."""
    request = data_dir / RAISE_REQUEST_NAME
    try:
        request.unlink(missing_ok=True)  # an earlier request, or a link: never written through
        descriptor = open_private_file(request, os.O_WRONLY | os.O_EXCL)
    except OSError:
        return False
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(str(os.getpid()))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not request.exists():
            return True
        time.sleep(0.05)
    try:
        request.unlink()
    except OSError:
        pass
    return False
