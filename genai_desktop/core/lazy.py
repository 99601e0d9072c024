"""Loads the OpenAI SDK once, on first use, from whichever thread asks first.

Two threads importing large packages at the same moment (the background preload and a first
request, or the SDK and the keyring's backends) can see pydantic half-initialised and fail
with a circular-import error (PySide6's import hook inspects modules as they load). So every
lazy import of the SDK, and the keyring's first load, goes through IMPORT_LOCK.
"""

from __future__ import annotations

import sys
import threading
from types import ModuleType

IMPORT_LOCK = threading.RLock()


def load_sdk() -> ModuleType:
    with IMPORT_LOCK:
        import openai

    return openai


def prepare_requests() -> None:
    """Everything a first request loads, ahead of it (on a thread, once the user types): the SDK, the HTTP
    stack beneath it (httpcore2, 0.1 s), the chat client (core/llm.py) and the system's certificates
    (core/trust.py: 50 ms of CPU)."""
    load_sdk()
    with IMPORT_LOCK:
        import httpcore2  # noqa: F401 - imported by the first connection otherwise

    from . import llm  # noqa: F401 - the chat client with asyncio: the window does not import it

    from .trust import shared_context

    shared_context()


def load_keyring() -> ModuleType:
    """keyring, with its backend chosen (which imports the backend's packages) under the lock."""
    with IMPORT_LOCK:
        if sys.platform != "darwin" and "keyring.backends.macOS.api" not in sys.modules:
            # keyring imports every backend to ask it whether it works here; the macOS one loads its
            # frameworks with ctypes.util.find_library, which elsewhere runs ldconfig and gcc three times
            # each (0.2 s of CPU at every start). keyring's own check refuses it off macOS anyway.
            sys.modules["keyring.backends.macOS.api"] = None  # type: ignore[assignment]
        import keyring

        keyring.get_keyring()
    return keyring
