"""One running app per user: a lock file, and a way for a second start to wake the first.

The first instance holds an OS lock (flock / msvcrt) on a file in the data folder for as
long as it runs; the OS drops it when the process ends, even after a crash or kill, so a
stale lock never blocks a start. A second start writes a raise request next to it, naming
the files it was started with (a double-clicked course package), and waits for the running
window to answer by taking the request away (qt.instance watches the folder).
It never opens the history database.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from .paths import NO_FOLLOW, open_private_file

LOCK_NAME = "instance.lock"
RAISE_REQUEST_NAME = "raise-request"
TAKEN_REQUEST_NAME = "raise-request.taken"  # the running window's, while it reads one
REQUEST_BYTES = 256 * 1024  # names of files, never their content: more is not a request from the app
FILES_PER_REQUEST = 100


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


def request_raise(data_dir: Path, files: Sequence[Path] = (), timeout: float = 3.0) -> bool:
    """Ask the running instance to show its window and open files; True if it answered within timeout.

    The files are named absolute: the running instance has a working folder of its own.
    """
    request = data_dir / RAISE_REQUEST_NAME
    draft = data_dir / f"{RAISE_REQUEST_NAME}.{os.getpid()}"
    # JSON with \u escapes: any file name (also one that is not valid UTF-8) in ASCII, read back the same.
    message = json.dumps({"pid": os.getpid(), "open": [os.path.abspath(path) for path in files]})
    try:
        draft.unlink(missing_ok=True)  # an earlier one, or a link: never written through
        descriptor = open_private_file(draft, os.O_WRONLY | os.O_EXCL)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(message)
        # Whole or not at all: the running window reacts to the name and must never read half a request.
        # os.replace puts the file in place of an earlier request or a link, never writing through one.
        os.replace(draft, request)
    except OSError:
        draft.unlink(missing_ok=True)
        return False
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


@dataclass(frozen=True)
class RaiseRequest:
    """What a second start asked for: the window, and the files it was started with."""

    files: tuple[Path, ...] = ()


def take_raise_request(data_dir: Path) -> RaiseRequest | None:
    """The waiting request, taken away (so the second start knows it was answered); None if there is none.

    Taken by renaming first: a request that arrives while this one is read is the next one, never lost.
    A request that cannot be read (an older build's, damaged, too big) still asks for the window.
    """
    taken = data_dir / TAKEN_REQUEST_NAME
    try:
        os.replace(data_dir / RAISE_REQUEST_NAME, taken)
    except OSError:  # none waiting (or one that cannot be taken: a folder in its place)
        return None
    try:
        descriptor = os.open(taken, os.O_RDONLY | NO_FOLLOW | getattr(os, "O_BINARY", 0))
        with os.fdopen(descriptor, "rb") as handle:
            data = handle.read(REQUEST_BYTES + 1)
    except OSError:
        data = b""
    finally:
        taken.unlink(missing_ok=True)
    return RaiseRequest(_files_named(data))


def _files_named(data: bytes) -> tuple[Path, ...]:
    if len(data) > REQUEST_BYTES:
        return ()
    try:
        named = json.loads(data.decode("ascii")).get("open", [])
    except (ValueError, AttributeError, RecursionError):  # an older build's (its pid only), no JSON object
        return ()
    if not isinstance(named, list):
        return ()
    return tuple(Path(name) for name in named[:FILES_PER_REQUEST]
                 if isinstance(name, str) and name and "\0" not in name and os.path.isabs(name))
