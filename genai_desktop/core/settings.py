"""User settings as data, with defaults and environment overrides (no file I/O here)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from enum import Enum
from typing import Mapping

from .records import is_utf8_text

DEFAULT_BASE_URL = "https://api.openai.com/v1"
DEFAULT_MODEL = "gpt-5-mini"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")

# Environment variable -> settings field it overrides. OPENAI_API_KEY is handled by secrets.
ENV_OVERRIDES = {
    "OPENAI_BASE_URL": "base_url",
    "GENAI_DESKTOP_MODEL": "model",
    "GENAI_DESKTOP_LOG_LEVEL": "log_level",
}
API_KEY_ENV = "OPENAI_API_KEY"


class KeySource(Enum):
    """Where the API key in use comes from (lookup order: environment, then keyring)."""

    ENVIRONMENT = "environment"
    KEYRING = "keyring"
    SESSION = "session"
    NONE = "none"


@dataclass(frozen=True)
class Settings:
    base_url: str = DEFAULT_BASE_URL
    model: str = DEFAULT_MODEL
    # None: do not send a temperature (some models accept only their default).
    temperature: float | None = None
    system_prompt: str = ""
    connect_timeout: float = 10.0
    # Longest silence between two pieces of a streamed answer before giving up.
    read_timeout: float = 120.0
    log_level: str = "INFO"
    # "" follows the system locale; otherwise "de" or "en".
    language: str = ""
    # "" follows the system's light or dark scheme; otherwise "light" or "dark".
    appearance: str = ""
    # Window state, remembered between starts (0 and "" mean the defaults).
    font_point_size: float = 0.0
    window_geometry: str = ""  # base64 of QWidget.saveGeometry()
    sidebar_state: str = ""  # base64 of QSplitter.saveState()
    open_conversation: int = 0  # the chat shown at the last close (0: a new chat)
    # Screen readers: also announce an answer sentence by sentence while it streams.
    announce_while_streaming: bool = False
    # The http:// address to another machine the user confirmed (its endpoint id): requests to
    # any other unencrypted remote address are refused, whatever set the address.
    cleartext_confirmed: str = ""

    def replace(self, **changes) -> "Settings":
        return dataclasses.replace(self, **changes)

    def to_json_dict(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_json_dict(cls, data: Mapping) -> "Settings":
        """Build from stored JSON, keeping defaults for unknown, ill-typed or unusable values."""
        defaults = cls()
        values = {}
        for f in dataclasses.fields(cls):
            if f.name not in data:
                continue
            value = data[f.name]
            default = getattr(defaults, f.name)
            if isinstance(default, bool):
                if isinstance(value, bool):
                    values[f.name] = value
            elif f.name == "temperature":
                if value is None or _number_within(value, 0, 2):
                    values[f.name] = None if value is None else float(value)
            elif isinstance(default, float):
                if _number_within(value, *FLOAT_RANGES[f.name]):
                    values[f.name] = float(value)
            elif isinstance(default, int):
                # A chat id is a SQLite integer: a larger one overflows when the history is asked for it.
                if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= SQLITE_INTEGER_MAX:
                    values[f.name] = value
            elif isinstance(value, str) and _storable_text(value):
                values[f.name] = value
        for name in ("window_geometry", "sidebar_state"):  # base64, decoded as ASCII by the window
            if not values.get(name, "").isascii():
                values.pop(name)
        if values.get("appearance", "") not in ("", "light", "dark"):
            values.pop("appearance")
        if values.get("language", "") not in ("", "de", "en"):
            values.pop("language")
        if values.get("log_level", "INFO").upper() not in LOG_LEVELS:
            values.pop("log_level")
        return cls(**values)


SQLITE_INTEGER_MAX = 2**63 - 1
# Timeouts must be positive; a font size of 0 means "the system's", above 200 pt nothing fits the window.
FLOAT_RANGES = {"connect_timeout": (1e-3, 86400), "read_timeout": (1e-3, 86400), "font_point_size": (0, 200)}


def _number_within(value, lowest: float, highest: float) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and lowest <= value <= highest


def _storable_text(text: str) -> bool:
    """Text the settings file, the history and Qt can take: UTF-8 (JSON may hold lone surrogates),
    and no NUL (it cuts the text short in C APIs)."""
    return is_utf8_text(text) and "\0" not in text


@dataclass(frozen=True)
class EffectiveSettings:
    """The stored settings with environment overrides applied, and which fields they locked."""

    stored: Settings
    effective: Settings
    from_environment: frozenset[str] = field(default_factory=frozenset)


def apply_environment(stored: Settings, environ: Mapping[str, str]) -> EffectiveSettings:
    changes = {}
    for variable, name in ENV_OVERRIDES.items():
        value = environ.get(variable, "").strip()
        if value and _storable_text(value):  # undecodable bytes arrive as lone surrogates
            changes[name] = value.upper() if name == "log_level" else value
    if changes.get("log_level") not in (None, *LOG_LEVELS):
        changes.pop("log_level")
    return EffectiveSettings(stored, stored.replace(**changes), frozenset(changes))
