"""The API key: environment first, then the OS keyring, or memory for this session only.

Every function here may block (a keyring unlock prompt can wait for minutes), so
callers run them off the GUI thread. The key is never written to a file.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Mapping

from .errors import ChatError, ErrorKind
from .lazy import load_keyring
from .redaction import register_secret
from .settings import API_KEY_ENV, KeySource
from .validation import check_api_key, endpoint_id

log = logging.getLogger(__name__)
KEYRING_SERVICE = "GenAI Desktop"


@dataclass(frozen=True)
class KeyLookup:
    key: str  # "" when there is none
    source: KeySource
    # Why the keyring could not be asked, if it could not (then key may still come from env/session).
    keyring_error: ChatError | None = None

    def __repr__(self) -> str:  # never show the key
        return f"KeyLookup(source={self.source.value}, has_key={bool(self.key)}, keyring_error={self.keyring_error})"


@dataclass(frozen=True)
class KeyringStatus:
    usable: bool
    backend: str
    reason: str = ""


def _keyring_error(exc: Exception) -> ChatError:
    from keyring.errors import KeyringLocked

    kind = ErrorKind.KEYRING_LOCKED if isinstance(exc, KeyringLocked) else ErrorKind.KEYRING_UNAVAILABLE
    return ChatError(kind, detail=type(exc).__name__, server_message=str(exc)[:200])


def keyring_status() -> KeyringStatus:
    """Which backend keyring chose, and whether it can work at all."""
    try:
        keyring = load_keyring()
        from keyring.backends import chainer, fail

        backend = keyring.get_keyring()
        name = f"{type(backend).__module__}.{type(backend).__name__}"
        if isinstance(backend, chainer.ChainerBackend):
            name += " (" + ", ".join(f"{type(b).__module__}.{type(b).__name__}" for b in backend.backends) + ")"
        if isinstance(backend, fail.Keyring):
            return KeyringStatus(False, name, "no system keyring was found")
        if type(backend).__module__.startswith("keyring.backends.null"):
            return KeyringStatus(False, name, "the keyring is switched off (null backend)")
        if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
            return KeyringStatus(False, name, "no system keyring was found")
        if backend.priority <= 0:
            return KeyringStatus(False, name, "the keyring backend is not usable here")
        return KeyringStatus(True, name)
    except Exception as exc:  # noqa: BLE001 - broken D-Bus and friends
        return KeyringStatus(False, "unknown", f"{type(exc).__name__}: {exc}"[:200])


class KeyStore:
    """Looks keys up in order environment -> keyring (or session memory), one entry per endpoint."""

    def __init__(self, environ: Mapping[str, str]):
        self._environ = environ
        self._session: dict[str, str] = {}
        self._lock = threading.Lock()

    def environment_key(self) -> str:
        check = check_api_key(self._environ.get(API_KEY_ENV, ""))
        return check.key if check.ok else ""

    def lookup(self, base_url: str) -> KeyLookup:
        env_key = self.environment_key()
        if env_key:
            register_secret(env_key)
            return KeyLookup(env_key, KeySource.ENVIRONMENT)
        endpoint = endpoint_id(base_url)
        with self._lock:
            session_key = self._session.get(endpoint, "")
        if session_key:
            return KeyLookup(session_key, KeySource.SESSION)
        try:
            keyring = load_keyring()

            stored = keyring.get_password(KEYRING_SERVICE, endpoint) or ""
        except Exception as exc:  # noqa: BLE001 - any backend failure means "not available"
            error = _keyring_error(exc)
            log.warning("keyring lookup failed: %s", error.kind.value)
            return KeyLookup("", KeySource.NONE, error)
        check = check_api_key(stored)
        if not check.ok:  # empty, or damaged by hand: ask for it again
            return KeyLookup("", KeySource.NONE)
        register_secret(check.key)
        return KeyLookup(check.key, KeySource.KEYRING)

    def save(self, base_url: str, key: str, session_only: bool = False) -> KeySource:
        """Store the key; raise ChatError if the keyring cannot take it (nothing is written elsewhere)."""
        check = check_api_key(key)
        if not check.ok:
            raise ChatError(ErrorKind.INVALID_KEY)
        register_secret(check.key)
        endpoint = endpoint_id(base_url)
        if session_only:
            with self._lock:
                self._session[endpoint] = check.key
            log.info("API key kept for this session only")
            return KeySource.SESSION
        try:
            keyring = load_keyring()

            keyring.set_password(KEYRING_SERVICE, endpoint, check.key)
        except Exception as exc:  # noqa: BLE001
            raise _keyring_error(exc) from None
        with self._lock:
            self._session.pop(endpoint, None)
        log.info("API key saved in the system keyring")
        return KeySource.KEYRING

    def remove(self, base_url: str) -> None:
        """Forget the key for this endpoint; removing a key that is not there is fine."""
        endpoint = endpoint_id(base_url)
        with self._lock:
            self._session.pop(endpoint, None)
        try:
            keyring = load_keyring()
            from keyring.errors import PasswordDeleteError

            try:
                keyring.delete_password(KEYRING_SERVICE, endpoint)
            except PasswordDeleteError:
                pass
        except Exception as exc:  # noqa: BLE001
            raise _keyring_error(exc) from None
        log.info("API key removed")


# --- proxy passwords (issue 13 point 3) ----------------------------------------------------------

def _proxy_entry(proxy: str, user: str) -> str:
    """The keyring entry of a proxy login: one per proxy (host:port) and user name."""
    return f"proxy {proxy.strip().lower()} {user}"


class ProxyPasswords:
    """Passwords of proxy logins: the keyring, or memory for this session only when it cannot take them.

    The user name is part of the proxy choice (settings); the password is never in a file."""

    def __init__(self) -> None:
        self._session: dict[str, str] = {}
        self._lock = threading.Lock()

    def password(self, proxy: str, user: str) -> str:
        """The stored password, "" when there is none or the keyring cannot be asked."""
        entry = _proxy_entry(proxy, user)
        with self._lock:
            kept = self._session.get(entry, "")
        if kept:
            return kept
        try:
            stored = load_keyring().get_password(KEYRING_SERVICE, entry) or ""
        except Exception as exc:  # noqa: BLE001 - any backend failure means "not available"
            log.warning("keyring lookup of a proxy password failed: %s", _keyring_error(exc).kind.value)
            return ""
        if stored:
            register_secret(stored)
        return stored

    def save(self, proxy: str, user: str, password: str, session_only: bool = False) -> KeySource:
        """Store the password; raise ChatError if the keyring cannot take it (nothing is written elsewhere)."""
        entry = _proxy_entry(proxy, user)
        if password:
            register_secret(password)
        if session_only:
            with self._lock:
                self._session[entry] = password
            log.info("proxy password kept for this session only")
            return KeySource.SESSION
        try:
            load_keyring().set_password(KEYRING_SERVICE, entry, password)
        except Exception as exc:  # noqa: BLE001
            raise _keyring_error(exc) from None
        with self._lock:
            self._session.pop(entry, None)
        log.info("proxy password saved in the system keyring")
        return KeySource.KEYRING


PROXY_PASSWORDS = ProxyPasswords()  # one per process: the chat worker and the settings dialog share it
