"""Loads the OpenAI SDK once, on first use, from whichever thread asks first.

Two threads importing the SDK at the same moment (the background preload and a first
request) can see pydantic half-initialised and fail with a circular-import error, so
every lazy import of the SDK goes through this lock.
"""

from __future__ import annotations

import threading
from types import ModuleType

_lock = threading.Lock()


def load_sdk() -> ModuleType:
    with _lock:
        import openai

    return openai
