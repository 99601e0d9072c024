"""Settings and keys: the stored settings with environment overrides, the key for an address,
Test connection and the model list. Keyring and network work runs in the background."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping

from PySide6.QtCore import QObject, Signal

from ..core import config_file, llm, secrets
from ..core.chat import ChatRequest, ChatResult
from ..core.errors import ChatError
from ..core.secrets import KeyLookup, KeyStore
from ..core.settings import EffectiveSettings, KeySource, Settings, apply_environment
from .tasks import BackgroundTasks

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class KeyState:
    source: KeySource
    keyring_error: ChatError | None = None
    keyring_usable: bool = True


class SettingsService(QObject):
    changed = Signal(object)  # EffectiveSettings
    keyStateChanged = Signal(object)  # KeyState

    def __init__(self, settings_file: Path, stored: Settings, environ: Mapping[str, str], tasks: BackgroundTasks,
                 parent: QObject | None = None):
        """stored: the settings the composition root read at start (read once, not again here)."""
        super().__init__(parent)
        self._file = settings_file
        self._environ = dict(environ)
        self._current = apply_environment(stored, self._environ)
        self.key_store = KeyStore(self._environ)
        self.key_state: KeyState | None = None  # None until the first lookup finished
        self._tasks = tasks

    @property
    def trust_folder(self) -> Path:
        """Where this app's trusted company CAs are: next to its settings file (core/trust.py)."""
        from ..core.trust import TrustStore

        return TrustStore.in_folder(self._file.parent).folder

    @property
    def current(self) -> EffectiveSettings:
        return self._current

    def save(self, stored: Settings) -> None:
        """Write the user's settings; environment overrides keep applying on top."""
        address_changed = stored.base_url != self._current.stored.base_url
        config_file.save_settings(self._file, stored)
        self._current = apply_environment(stored, self._environ)
        self.changed.emit(self._current)
        if address_changed:
            self.refresh_key_state()

    def remember(self, **window_state) -> None:
        """Keep window state (size, text size) for the next start; a failure to write is not worth a word."""
        try:
            self.save(self._current.stored.replace(**window_state))
        except OSError as exc:
            log.warning("could not remember the window state: %s", exc)

    # --- the key (all keyring work in the background) --------------------------------------

    def refresh_key_state(self) -> None:
        def done(state: KeyState) -> None:
            self.key_state = state
            self.keyStateChanged.emit(state)

        self.look_up_key_state(self._current.effective.base_url, done)

    def look_up_key_state(self, base_url: str, on_done: Callable[[KeyState], None],
                          owner: QObject | None = None) -> None:
        """The key state of any address (a key is stored per endpoint): the settings dialog asks for the
        address being edited, which is not the one in use until it is saved."""
        store = self.key_store

        def work() -> KeyState:
            usable = secrets.keyring_status().usable
            lookup: KeyLookup = store.lookup(base_url)
            return KeyState(lookup.source if lookup.key else KeySource.NONE, lookup.keyring_error, usable)

        self._tasks.run(work, on_done, lambda error: log.warning("key lookup failed: %s", error), owner)

    def save_key(self, base_url: str, key: str, session_only: bool, on_done: Callable[[KeySource], None],
                 on_error: Callable[[ChatError], None], owner: QObject | None = None) -> None:
        self._tasks.run(lambda: self.key_store.save(base_url, key, session_only), on_done, on_error, owner)

    def remove_key(self, base_url: str, on_done: Callable[[object], None],
                   on_error: Callable[[ChatError], None], owner: QObject | None = None) -> None:
        self._tasks.run(lambda: self.key_store.remove(base_url), on_done, on_error, owner)

    # --- probes with settings being edited ----------------------------------------------------

    def _probe_request(self, settings: Settings, key: str) -> Callable[[], ChatRequest]:
        store = self.key_store

        def build() -> ChatRequest:
            api_key = key or store.lookup(settings.base_url).key
            return ChatRequest(base_url=settings.base_url, model=settings.model, api_key=api_key,
                               connect_timeout=settings.connect_timeout, read_timeout=settings.read_timeout,
                               cleartext_confirmed=settings.cleartext_confirmed, trust_folder=str(self.trust_folder))

        return build

    def test_connection(self, settings: Settings, key: str, on_done: Callable[[ChatResult], None],
                        on_error: Callable[[ChatError], None], owner: QObject | None = None) -> None:
        """One-token chat with the given (possibly unsaved) settings; key "" means the stored key."""
        build = self._probe_request(settings, key)
        self._tasks.run(lambda: llm.ping(build()), on_done, on_error, owner)

    def list_models(self, settings: Settings, key: str, on_done: Callable[[list], None],
                    on_error: Callable[[ChatError], None], owner: QObject | None = None) -> None:
        build = self._probe_request(settings, key)
        self._tasks.run(lambda: llm.list_models(build()), on_done, on_error, owner)
