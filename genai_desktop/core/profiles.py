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


# --- reading profiles back from the settings file ---------------------------------------------------

FIRST_PROFILE_ID = "first"  # the profile the single endpoint of older versions became (its key moves with it)
PROFILES_KEPT = 50  # more is no list a person keeps; the settings file stays small
NAME_CHARACTERS = 80
HEADERS_KEPT = 20
_TOKEN_CHARACTERS = frozenset("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
# Headers the SDK or HTTP itself sets: an extra header of one of these names would replace the key or break
# the request, so a profile never carries one.
RESERVED_HEADERS = frozenset({"authorization", "content-type", "content-length", "host", "transfer-encoding",
                              "connection", "proxy-authorization", "cookie"})


def is_header_name(name: object) -> bool:
    """An HTTP field name (RFC 9110 token), not one the request sets itself, of a sane length."""
    return (isinstance(name, str) and 0 < len(name) <= 100 and set(name) <= _TOKEN_CHARACTERS
            and name.lower() not in RESERVED_HEADERS)


def is_header_value(value: object) -> bool:
    """Printable ASCII and spaces (no line break could smuggle in another header), of a sane length."""
    return isinstance(value, str) and len(value) <= 8000 and all(" " <= ch <= "~" or ch == "\t" for ch in value)


def stored_text(value: object, limit: int = 2000) -> str:
    """A text from the settings file, if it is one a field can keep; ValueError otherwise."""
    if isinstance(value, str) and len(value) <= limit and "\0" not in value:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates from the JSON file
            raise ValueError("not UTF-8") from None
        return value
    raise ValueError("not a usable text")


MAX_BYPASS_ENTRIES = 200


def read_proxy_choice(value: object) -> ProxyChoice | None:
    """A ProxyChoice from its JSON form ({"mode": "manual", "address": "…", …}); None for None (a profile
    that uses the global choice); ValueError for anything else that is not one. Fields that are unusable
    keep their defaults; an address is kept as typed (it is checked when used, and the form says what is
    wrong with it)."""
    if value is None or isinstance(value, ProxyChoice):
        return value
    if not isinstance(value, dict):
        raise ValueError("not an object")
    try:
        mode = ProxyMode(value.get("mode"))
    except ValueError:
        raise ValueError("unknown mode") from None

    def text(name: str) -> str:
        field = value.get(name, "")
        return field if isinstance(field, str) and "\0" not in field and len(field) <= 2000 else ""

    bypass = value.get("bypass", ())
    entries = tuple(entry.strip() for entry in bypass[:MAX_BYPASS_ENTRIES]
                    if isinstance(entry, str) and entry.strip() and "\0" not in entry and len(entry) <= 300) \
        if isinstance(bypass, (list, tuple)) else ()
    return ProxyChoice(mode=mode, pac_url=text("pac_url").strip(), address=text("address").strip(),
                       bypass=entries, user=text("user"))


def read_profile(value: object) -> Profile:
    """One profile as the settings file holds it; raise ValueError for anything unusable."""
    if not isinstance(value, dict):
        raise ValueError("not a profile")
    name = stored_text(value.get("name"), NAME_CHARACTERS).strip()
    profile_id = stored_text(value.get("id"), 100)
    if not name or not profile_id:
        raise ValueError("a profile needs an id and a name")
    headers = value.get("headers", ())
    secret_headers = value.get("secret_headers", ())
    if not isinstance(headers, (list, tuple)) or not isinstance(secret_headers, (list, tuple)):
        raise ValueError("headers are no list")
    kept_headers = tuple((pair[0], pair[1]) for pair in headers[:HEADERS_KEPT]
                         if isinstance(pair, (list, tuple)) and len(pair) == 2
                         and is_header_name(pair[0]) and is_header_value(pair[1]))
    context = value.get("context_tokens", 0)
    if not isinstance(context, int) or isinstance(context, bool) or not 0 <= context <= 100_000_000:
        context = 0
    return Profile(id=profile_id, name=name, base_url=stored_text(value.get("base_url")).strip(),
                   model=stored_text(value.get("model", ""), 300).strip(), preset=stored_text(value.get("preset", "other"), 40),
                   context_tokens=context, headers=kept_headers,
                   secret_headers=tuple(name for name in secret_headers[:HEADERS_KEPT] if is_header_name(name)),
                   proxy=read_proxy_choice(value.get("proxy")))


def read_profiles(value: object) -> tuple[Profile, ...]:
    """The profile list: an unusable profile is dropped, and so is one whose id or name an earlier one has."""
    if not isinstance(value, (list, tuple)):
        raise ValueError("not a list")
    kept: list[Profile] = []
    for entry in value[:PROFILES_KEPT]:
        try:
            profile = read_profile(entry)
        except ValueError:
            continue
        if all(profile.id != other.id and profile.name.casefold() != other.name.casefold() for other in kept):
            kept.append(profile)
    return tuple(kept)


def profile_with_id(profiles: tuple[Profile, ...], profile_id: str) -> Profile | None:
    return next((profile for profile in profiles if profile.id == profile_id), None)


def new_profile_id() -> str:
    import uuid

    return uuid.uuid4().hex[:12]


def unique_name(wanted: str, profiles: tuple[Profile, ...]) -> str:
    """wanted, or "wanted 2", "wanted 3" … if another profile is called so already."""
    taken = {profile.name.casefold() for profile in profiles}
    name, number = wanted, 1
    while name.casefold() in taken:
        number += 1
        name = f"{wanted} {number}"
    return name
