"""Endpoint profiles and the network choices they carry, as plain values (issue 13).

A profile is one server the user talks to: its address, default model, context size, extra
headers and proxy choice. Its API key, and the value of a header marked secret, are in the
keyring (core.secrets), never here. Quirks learned from a server are kept per server address
(two profiles for the same server share them), not in the profile.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class ProxyMode(str, Enum):
    SYSTEM = "system"  # environment variables (and on Windows and macOS the system settings)
    PAC = "pac"  # an automatic configuration script: ProxyChoice.pac_url, or found with WPAD when empty
    MANUAL = "manual"  # ProxyChoice.address (host:port), except for ProxyChoice.bypass
    NONE = "none"  # straight to the server


@dataclass(frozen=True)
class ProxyChoice:
    mode: ProxyMode = ProxyMode.SYSTEM
    pac_url: str = ""
    address: str = ""  # host:port of a manual proxy
    bypass: tuple[str, ...] = ()  # hosts or domains (".corp.example") a manual proxy is not used for
    user: str = ""  # the proxy login's user name; its password is in the keyring


class Quirk(str, Enum):
    """What a server refused once and the app then does differently for it, remembered."""

    NO_STREAM_OPTIONS = "no_stream_options"  # stream_options rejected: no usage counts asked for
    MAX_TOKENS = "max_tokens"  # max_completion_tokens rejected: the older max_tokens is sent
    NO_TEMPERATURE = "no_temperature"  # temperature rejected (reasoning models): none sent
    DEVELOPER_ROLE = "developer_role"  # the system role refused: the system prompt goes as "developer"
    # Neither system nor developer taken (o1-mini, o1-preview): the system prompt goes before the first user message.
    SYSTEM_IN_USER = "system_in_user"
    # Not a refusal: an Ollama server, whose /v1 silently cuts a request to its context size (core.quirks says so).
    OLLAMA_CONTEXT = "ollama_context"


@dataclass(frozen=True)
class Profile:
    id: str  # stable, never shown: the keyring entries and the chats that use the profile name it
    name: str  # what the user calls it; unique among the profiles
    base_url: str
    model: str = ""
    preset: str = "other"  # which preset filled the form (core.presets), "other": an OpenAI-compatible server
    context_tokens: int = 0  # 0: the model's known size or the conservative default (core.context_sizes)
    headers: tuple[tuple[str, str], ...] = ()  # extra headers sent with every request (values not secret)
    secret_headers: tuple[str, ...] = ()  # names of extra headers whose values are in the keyring
    proxy: ProxyChoice | None = None  # None: the global choice (Settings)
