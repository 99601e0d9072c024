"""Keeps API keys out of logs and error texts: known secrets plus key-shaped patterns."""

from __future__ import annotations

import re
import threading

REDACTED = "[REDACTED]"
# User info in an address (http://me:KEY@host): a password, wherever the address is printed. Up to the
# authority's last "@" (a password may hold one), never past its end ("/", "?", "#", a space).
_USER_INFO = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*://)[^\s/?#]+(?=@)")
_PATTERNS = [
    # First: "https://api_key:x@host" would otherwise be taken for an "api_key: x" header and lose its host.
    _USER_INFO,
    # Authorization / api-key headers, in header dumps, reprs and bytes reprs.
    re.compile(r"(?i)(authorization['\"]?\s*[:=,]\s*['\"]?(?:b['\"])?)(bearer\s+)?[^\s'\",)]+"),
    re.compile(r"(?i)(api[-_]key['\"]?\s*[:=,]\s*['\"]?(?:b['\"])?)[^\s'\",)]+"),
    re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]{6,}"),
    # OpenAI-style keys (sk-..., sk-proj-...) and similar prefixed tokens.
    re.compile(r"()\b(?:sk|rk|pk|key)-[A-Za-z0-9_-]{8,}"),
]
_known: set[str] = set()
_lock = threading.Lock()


def register_secret(value: str | None) -> None:
    """Remember a secret so every later redact() removes it, whatever its shape."""
    if value and len(value) >= 4:
        with _lock:
            _known.add(value)
            stripped = value.strip()
            if stripped:
                _known.add(stripped)


def known_secrets() -> tuple[str, ...]:
    """The registered secrets themselves, longest first, without the patterns: for text such as a
    model's answer, where an sk-… example is legitimate but the user's own key must not appear."""
    with _lock:
        return tuple(sorted(_known, key=len, reverse=True))


def redact(text: str) -> str:
    with _lock:
        known = sorted(_known, key=len, reverse=True)
    for secret in known:
        text = text.replace(secret, REDACTED)
    for pattern in _PATTERNS:
        text = pattern.sub(lambda m: m.group(1) + REDACTED, text)
    return text


def without_user_info(text: str) -> str:
    """text with the user name and password of every address in it redacted (http://me:p@ss@host
    becomes http://[REDACTED]@host): what redact() does to user info, for an address that is shown."""
    return _USER_INFO.sub(lambda m: m.group(1) + REDACTED, text)


def shorten(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
