"""The data that crosses layers for one chat request and its answer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .profiles import Profile, ProxyChoice, Quirk
from .records import TOKEN_COUNT_LIMIT


@dataclass(frozen=True)
class ChatRequest:
    base_url: str
    model: str
    api_key: str = field(repr=False)
    messages: tuple[dict, ...] = ()
    temperature: float | None = None
    connect_timeout: float = 10.0
    read_timeout: float = 120.0
    max_completion_tokens: int | None = None
    # The endpoint_id of the plain-http address the user confirmed (Settings.cleartext_confirmed):
    # core/llm.py refuses every other plain-http address to another machine before using the key.
    cleartext_confirmed: str = ""
    # What the server (and model) refused before (core.quirks.known_quirks): the request is shaped for it.
    quirks: frozenset[Quirk] = frozenset()
    # The profile the request goes to (its key and secret headers are looked up by its id); None: the
    # address alone, as before profiles.
    profile: Profile | None = None
    # Extra headers sent with the request: the profile's, and its secret ones once the worker looked them up.
    headers: tuple[tuple[str, str], ...] = field(default=(), repr=False)
    # How requests reach the server (core/proxies.py): the profile's choice, else the global one.
    proxy: ProxyChoice = ProxyChoice()
    # The folder of the trusted company CAs (core/trust.py) of the app that asks; "": the process's app folder.
    trust_folder: str = ""


@dataclass(frozen=True)
class ChatResult:
    text: str
    finish_reason: str | None  # "stop", "length", "content_filter", ...
    cancelled: bool = False
    usage: dict[str, int] | None = None  # from usage_counts: only sane counts
    reasoning: str = ""  # the model's thinking before the answer, apart from text (never sent back)


def field_of(value: object, name: str) -> object:
    """A field of what the SDK built from a server's JSON: a mapping's item or an object's attribute.

    The SDK does not check the types it was sent, so any field can hold any JSON value.
    """
    if isinstance(value, Mapping):
        return value.get(name)
    if value is None or isinstance(value, (str, bytes, int, float, list, tuple)):
        return None
    try:
        return getattr(value, name, None)
    except Exception:  # noqa: BLE001 - a model whose attribute cannot be read has no such field
        return None


def token_count(value: object) -> int | None:
    """A whole number from 0 to TOKEN_COUNT_LIMIT, else None (a string, a fraction, 1e300, -12, True)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        if not value.is_integer():  # also inf and nan
            return None
        value = int(value)
    if isinstance(value, int) and 0 <= value <= TOKEN_COUNT_LIMIT:
        return value
    return None


def usage_counts(usage: object) -> dict[str, int] | None:
    """The prompt and answer token counts of a server's usage object, the ones that are sane.

    Whatever the server sent (any JSON shape), the result holds only ints the history and the
    window can use, or is None when there is no usable count at all.
    """
    counts = {}
    for name in ("prompt_tokens", "completion_tokens"):
        count = token_count(field_of(usage, name))
        if count is not None:
            counts[name] = count
    return counts or None
