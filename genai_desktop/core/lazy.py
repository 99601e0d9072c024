"""Loads the OpenAI SDK once, on first use, from whichever thread asks first.

Two threads importing large packages at the same moment (the background preload and a first
request, or the SDK and the keyring's backends) can see pydantic half-initialised and fail
with a circular-import error (PySide6's import hook inspects modules as they load). So every
lazy import of the SDK, and the keyring's first load, goes through IMPORT_LOCK.
"""

from __future__ import annotations

import threading
from types import ModuleType

IMPORT_LOCK = threading.RLock()


def load_sdk() -> ModuleType:
    with IMPORT_LOCK:
        import openai

    return openai


def load_keyring() -> ModuleType:
    """keyring, with its backend chosen (which imports the backend's packages) under the lock."""
    with IMPORT_LOCK:
        import keyring

        keyring.get_keyring()
    return keyring
