"""Stopping a request: a token the window sets and the stream (core/llm.py) watches.

Apart from llm.py so that the window can hold tokens without importing the chat client (and asyncio
with it) before its first paint.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import asyncio


class CancelToken:
    """Set from any thread; interrupts the stream it is attached to immediately."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task | None = None

    def cancel(self) -> None:
        with self._lock:
            self._event.set()
            loop, task = self._loop, self._task
        if loop is not None and task is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(task.cancel)
            except RuntimeError:  # the loop closed meanwhile: the stream is over anyway
                pass

    def is_set(self) -> bool:
        return self._event.is_set()

    def _attach(self, loop: asyncio.AbstractEventLoop | None, task: asyncio.Task | None) -> bool:
        with self._lock:
            self._loop, self._task = loop, task
            return self._event.is_set()
