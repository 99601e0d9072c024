"""Settings and keys: the stored settings with environment overrides, the key for an address,
Test connection and the model list. Keyring and network work runs in the background."""

from __future__ import annotations

import itertools
import dataclasses
import logging
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Mapping

from PySide6.QtCore import QObject, Signal, Slot

from ..core import config_file, secrets
from ..core.chat import ChatRequest, ChatResult
from ..core.errors import ChatError
from ..core.local_servers import LocalServer, find_local_servers
from ..core.presets import key_to_send, preset
from ..core.profiles import Profile, new_profile_id, unique_name
from ..core.secrets import KeyLookup, KeyStore
from ..core.settings import EffectiveSettings, KeySource, Settings, apply_environment
from .tasks import BackgroundTasks

log = logging.getLogger(__name__)


def _chat_client():
    """core.llm, imported on its first use on a task's thread: not while the window is built (asyncio)."""
    from ..core import llm

    return llm


@dataclass(frozen=True)
class KeyState:
    source: KeySource
    keyring_error: ChatError | None = None
    keyring_usable: bool = True
    needed: bool = True  # False: the profile's server needs no key (a local Ollama, LM Studio)


@dataclass(frozen=True)
class ProfileSecret:
    """A key (header "") or a secret header's value to store for a profile."""

    base_url: str
    profile_id: str
    value: str = field(repr=False)
    header: str = ""


class SettingsService(QObject):
    changed = Signal(object)  # EffectiveSettings
    keyStateChanged = Signal(object)  # KeyState
    _checkStep = Signal(int, object)  # a connection check's id and one of its steps, sent from the check's thread

    def __init__(self, settings_file: Path, stored: Settings, environ: Mapping[str, str], tasks: BackgroundTasks,
                 parent: QObject | None = None):
        """stored: the settings the composition root read at start (read once, not again here)."""
        super().__init__(parent)
        self._file = settings_file
        self._environ = dict(environ)
        self._current = apply_environment(stored, self._environ)
        self.key_store = KeyStore(self._environ)
        self.key_store.environment_profile = self._current.effective.default_profile_id()
        self.key_state: KeyState | None = None  # None until the first lookup finished
        self._tasks = tasks
        self._step_listeners: dict[int, Callable[[object], None]] = {}  # connection checks running, by id
        self._check_ids = itertools.count(1)
        self._checkStep.connect(self._deliver_step)

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
        self.key_store.environment_profile = self._current.effective.default_profile_id()
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
        effective = self._current.effective
        needed = preset(effective.profile().preset).needs_key

        def done(state: KeyState) -> None:
            self.key_state = dataclasses.replace(state, needed=needed)
            self.keyStateChanged.emit(self.key_state)

        self.look_up_key_state(effective.base_url, done, profile_id=effective.default_profile_id())

    def look_up_key_state(self, base_url: str, on_done: Callable[[KeyState], None],
                          owner: QObject | None = None, profile_id: str = "") -> None:
        """The key state of any profile (a key is stored per profile): the settings dialog asks for the
        profile being edited, which is not the one in use until it is saved."""
        store = self.key_store

        def work() -> KeyState:
            usable = secrets.keyring_status().usable
            lookup: KeyLookup = store.lookup(base_url, profile_id)
            return KeyState(lookup.source if lookup.key else KeySource.NONE, lookup.keyring_error, usable)

        self._tasks.run(work, on_done, lambda error: log.warning("key lookup failed: %s", error), owner)

    def save_key(self, base_url: str, key: str, session_only: bool, on_done: Callable[[KeySource], None],
                 on_error: Callable[[ChatError], None], owner: QObject | None = None, profile_id: str = "") -> None:
        self._tasks.run(lambda: self.key_store.save(base_url, key, session_only, profile_id), on_done, on_error,
                        owner)

    def save_secrets(self, secrets_: list[ProfileSecret], session_only: bool, on_done: Callable[[object], None],
                     on_error: Callable[[ChatError], None], owner: QObject | None = None) -> None:
        """Store keys and secret header values one after the other; the first failure stops and is reported."""
        store = self.key_store

        def work() -> None:
            for secret in secrets_:
                if secret.header:
                    store.save_header_value(secret.base_url, secret.profile_id, secret.header, secret.value,
                                            session_only)
                else:
                    store.save(secret.base_url, secret.value, session_only, secret.profile_id)

        self._tasks.run(work, on_done, on_error, owner)

    def forget_profiles(self, profiles: list[Profile]) -> None:
        """The keys and secret header values of removed profiles go too (a failure is only logged)."""
        store = self.key_store

        def work() -> None:
            for profile in profiles:
                store.remove(profile.base_url, profile.id)
                for header in profile.secret_headers:
                    store.remove_header_value(profile.base_url, profile.id, header)

        self._tasks.run(work, lambda _none: None, lambda error: log.warning("a removed profile's key stayed: %s",
                                                                            error))

    def remove_key(self, base_url: str, on_done: Callable[[object], None],
                   on_error: Callable[[ChatError], None], owner: QObject | None = None, profile_id: str = "") -> None:
        self._tasks.run(lambda: self.key_store.remove(base_url, profile_id), on_done, on_error, owner)

    # --- a local server instead of an account ---------------------------------------------------

    def find_local_servers(self, on_done: Callable[[tuple[LocalServer, ...]], None],
                           owner: QObject | None = None) -> None:
        """A local Ollama or LM Studio answering on its default port (a short loopback probe)."""
        self._tasks.run(find_local_servers, on_done, lambda error: log.warning("local probe failed: %s", error),
                        owner)

    def use_local_server(self, server: LocalServer) -> Profile:
        """A profile for the server found, made the default (new chats use it; it needs no key)."""
        stored = self._current.stored
        listed = stored.profile_list()
        profile = Profile(new_profile_id(), unique_name(preset(server.preset).name, listed), server.base_url,
                          server.models[0] if server.models else "", preset=server.preset)
        self.save(stored.with_profiles(listed + (profile,), profile.id))  # looks the key state up again
        return profile

    # --- a proxy's login (its password in the keyring) -----------------------------------------

    def save_proxy_login(self, proxy: str, user: str, password: str, on_done: Callable[[KeySource], None],
                         on_error: Callable[[ChatError], None], owner: QObject | None = None) -> None:
        """Keep the login a proxy (host:port) asked for: the password in the keyring (in memory for this
        session when the keyring cannot take it: on_done is told KeySource.SESSION), the user name in the
        global proxy choice. The chat's next request sends it."""
        passwords = secrets.PROXY_PASSWORDS

        def work() -> KeySource:
            try:
                return passwords.save(proxy, user, password)
            except ChatError as error:
                log.warning("the proxy password could not be saved in the keyring: %s", error.kind.value)
                return passwords.save(proxy, user, password, session_only=True)

        if user != self._current.stored.proxy.user:
            self.save(self._current.stored.replace(proxy=replace(self._current.stored.proxy, user=user)))
        self._tasks.run(work, on_done, on_error, owner)

    # --- probes with settings being edited ----------------------------------------------------

    def _probe_request(self, settings: Settings, key: str, profile: Profile | None) -> Callable[[], ChatRequest]:
        """The request of a probe to profile (None: the default profile of settings), with its key (key "": the
        stored one) and headers (a secret header's stored value)."""
        store = self.key_store
        profile = profile or settings.profile()

        def build() -> ChatRequest:
            found = store.request_secrets(profile.base_url, profile)
            return ChatRequest(base_url=profile.base_url, model=profile.model or settings.model,
                               api_key=key_to_send(profile.preset, key or found.lookup.key),
                               connect_timeout=settings.connect_timeout, read_timeout=settings.read_timeout,
                               cleartext_confirmed=settings.cleartext_confirmed, profile=profile,
                               headers=profile.headers + found.headers, proxy=profile.proxy or settings.proxy,
                               trust_folder=str(self.trust_folder))

        return build

    def test_connection(self, settings: Settings, key: str, on_done: Callable[[ChatResult], None],
                        on_error: Callable[[ChatError], None], owner: QObject | None = None,
                        profile: Profile | None = None) -> None:
        """One-token chat with the given (possibly unsaved) settings and profile; key "" means the stored key."""
        build = self._probe_request(settings, key, profile)
        self._tasks.run(lambda: _chat_client().ping(build()), on_done, on_error, owner)

    def check_connection(self, settings: Settings, key: str, on_step: Callable[[object], None],
                         on_done: Callable[[list], None], on_error: Callable[[ChatError], None],
                         owner: QObject | None = None, profile: Profile | None = None) -> None:
        """The step-by-step connection check (core.connection_check) with the given (possibly unsaved)
        settings and profile (None: the default profile of settings); key "" means the stored key. on_step hears each StepResult as it is known, on the GUI
        thread (until owner is destroyed); on_done gets them all."""
        from ..core.connection_check import check_connection
        from ..core.connection_steps import endpoint_from_profile

        check_id = next(self._check_ids)
        self._step_listeners[check_id] = on_step
        if owner is not None:
            owner.destroyed.connect(lambda *_args: self._step_listeners.pop(check_id, None))
        store = self.key_store
        profile = profile or settings.profile()

        def work() -> list:
            found = store.request_secrets(profile.base_url, profile)
            endpoint = endpoint_from_profile(profile, settings, key_to_send(profile.preset, key or found.lookup.key),
                                             dict(found.headers), str(self.trust_folder))
            return check_connection(endpoint, on_step=lambda result: self._checkStep.emit(check_id, result))

        def finished(callback: Callable) -> Callable:
            def call(value: object) -> None:
                self._step_listeners.pop(check_id, None)
                callback(value)
            return call

        self._tasks.run(work, finished(on_done), finished(on_error), owner)

    @Slot(int, object)
    def _deliver_step(self, check_id: int, result: object) -> None:
        listener = self._step_listeners.get(check_id)
        if listener is not None:
            listener(result)

    def list_models(self, settings: Settings, key: str, on_done: Callable[[list], None],
                    on_error: Callable[[ChatError], None], owner: QObject | None = None,
                    profile: Profile | None = None) -> None:
        build = self._probe_request(settings, key, profile)
        self._tasks.run(lambda: _chat_client().list_models(build()), on_done, on_error, owner)

