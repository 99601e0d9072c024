"""API keys (one per profile) and secret header values: environment first, then the OS keyring, or memory
for this session only.

Every function here may block (a keyring unlock prompt can wait for minutes), so
callers run them off the GUI thread. The key is never written to a file.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Mapping

from .errors import ChatError, ErrorKind
from .lazy import load_keyring
from .profiles import FIRST_PROFILE_ID, Profile
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
class RequestSecrets:
    """What a request to a profile carries from the keyring: its key and the values of its secret headers."""

    lookup: KeyLookup
    headers: tuple[tuple[str, str], ...] = field(default=(), repr=False)


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


def key_entry(base_url: str, profile_id: str = "") -> str:
    """The keyring entry a key is under: one per profile and its address (a key never follows an address
    typed over it to another server); without a profile (older builds) one per endpoint."""
    return f"profile:{profile_id} {endpoint_id(base_url)}" if profile_id else endpoint_id(base_url)


def header_entry(base_url: str, profile_id: str, header: str) -> str:
    """The keyring entry of a profile's secret header value (header names are case-insensitive)."""
    return f"{key_entry(base_url, profile_id)} header:{header.lower()}"


class KeyStore:
    """Looks keys up in order environment -> keyring (or session memory), one entry per profile."""

    def __init__(self, environ: Mapping[str, str]):
        self._environ = environ
        self._session: dict[str, str] = {}
        self._lock = threading.Lock()
        # OPENAI_API_KEY is the default profile's key (as OPENAI_BASE_URL is its address): another profile's
        # server never gets it. SettingsService keeps this the default profile's id.
        self.environment_profile = FIRST_PROFILE_ID

    def environment_key(self) -> str:
        check = check_api_key(self._environ.get(API_KEY_ENV, ""))
        return check.key if check.ok else ""

    def lookup(self, base_url: str, profile_id: str = "") -> KeyLookup:
        env_key = self.environment_key() if profile_id in ("", self.environment_profile) else ""
        if env_key:
            register_secret(env_key)
            return KeyLookup(env_key, KeySource.ENVIRONMENT)
        entry = key_entry(base_url, profile_id)
        with self._lock:  # the first profile also takes a session key given for its address alone
            session_key = self._session.get(entry, "") or (
                self._session.get(endpoint_id(base_url), "") if profile_id == FIRST_PROFILE_ID else "")
        if session_key:
            return KeyLookup(session_key, KeySource.SESSION)
        try:
            stored = self._stored_key(entry, base_url, profile_id)
        except Exception as exc:  # noqa: BLE001 - any backend failure means "not available"
            error = _keyring_error(exc)
            log.warning("keyring lookup failed: %s", error.kind.value)
            return KeyLookup("", KeySource.NONE, error)
        check = check_api_key(stored)
        if not check.ok:  # empty, or damaged by hand: ask for it again
            return KeyLookup("", KeySource.NONE)
        register_secret(check.key)
        return KeyLookup(check.key, KeySource.KEYRING)

    @staticmethod
    def _stored_key(entry: str, base_url: str, profile_id: str) -> str:
        """The keyring's key; the first profile takes over the key an older build saved for its address."""
        keyring = load_keyring()
        stored = keyring.get_password(KEYRING_SERVICE, entry) or ""
        if stored or profile_id != FIRST_PROFILE_ID:
            return stored
        stored = keyring.get_password(KEYRING_SERVICE, endpoint_id(base_url)) or ""
        if check_api_key(stored).ok:
            register_secret(stored.strip())
            keyring.set_password(KEYRING_SERVICE, entry, stored.strip())  # left in place for an older build
            log.info("the API key saved for the server address now belongs to the first profile")
        return stored

    def save(self, base_url: str, key: str, session_only: bool = False, profile_id: str = "") -> KeySource:
        """Store the key; raise ChatError if the keyring cannot take it (nothing is written elsewhere)."""
        check = check_api_key(key)
        if not check.ok:
            raise ChatError(ErrorKind.INVALID_KEY)
        register_secret(check.key)
        entry = key_entry(base_url, profile_id)
        if session_only:
            with self._lock:
                self._session[entry] = check.key
            log.info("API key kept for this session only")
            return KeySource.SESSION
        self._set(entry, check.key)
        with self._lock:
            self._session.pop(entry, None)
        log.info("API key saved in the system keyring")
        return KeySource.KEYRING

    def remove(self, base_url: str, profile_id: str = "") -> None:
        """Forget the key for this profile (or endpoint); removing a key that is not there is fine."""
        entry = key_entry(base_url, profile_id)
        with self._lock:
            self._session.pop(entry, None)
        self._delete(entry)
        if profile_id == FIRST_PROFILE_ID:  # else the older build's entry would come back at the next lookup
            self._delete(endpoint_id(base_url))
        log.info("API key removed")

    def request_secrets(self, base_url: str, profile: Profile | None) -> RequestSecrets:
        """The key of the profile (of base_url without one) and its secret headers' values that are stored."""
        lookup = self.lookup(base_url, profile.id if profile else "")
        headers = []
        for header in profile.secret_headers if profile else ():
            value = self.header_value(base_url, profile.id, header)
            if value:
                headers.append((header, value))
        return RequestSecrets(lookup, tuple(headers))

    # --- the values of a profile's secret headers (Profile.secret_headers) ---------------------------

    def header_value(self, base_url: str, profile_id: str, header: str) -> str:
        """The stored value, "" if there is none; raise ChatError if the keyring cannot be asked."""
        entry = header_entry(base_url, profile_id, header)
        with self._lock:
            value = self._session.get(entry, "")
        if not value:
            try:
                value = load_keyring().get_password(KEYRING_SERVICE, entry) or ""
            except Exception as exc:  # noqa: BLE001
                raise _keyring_error(exc) from None
        register_secret(value)
        return value

    def save_header_value(self, base_url: str, profile_id: str, header: str, value: str,
                          session_only: bool = False) -> None:
        register_secret(value)
        entry = header_entry(base_url, profile_id, header)
        if session_only:
            with self._lock:
                self._session[entry] = value
            return
        self._set(entry, value)

    def remove_header_value(self, base_url: str, profile_id: str, header: str) -> None:
        entry = header_entry(base_url, profile_id, header)
        with self._lock:
            self._session.pop(entry, None)
        self._delete(entry)

    @staticmethod
    def _set(entry: str, value: str) -> None:
        try:
            load_keyring().set_password(KEYRING_SERVICE, entry, value)
        except Exception as exc:  # noqa: BLE001
            raise _keyring_error(exc) from None

    @staticmethod
    def _delete(entry: str) -> None:
        try:
            keyring = load_keyring()
            from keyring.errors import PasswordDeleteError

            try:
                keyring.delete_password(KEYRING_SERVICE, entry)
            except PasswordDeleteError:
                pass
        except Exception as exc:  # noqa: BLE001
            raise _keyring_error(exc) from None


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
