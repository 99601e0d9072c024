"""User settings as data, with defaults and environment overrides (no file I/O here).

Each setting is declared once, as a field of Settings: its type and default, its group (the
endpoint it talks to, the user's preferences, or window state remembered between starts), how a
value from the settings file is read (anything unusable keeps the default), and the environment
variable that overrides it, if any. The file stays one flat JSON object, as it always was.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from enum import Enum
from typing import Callable, Mapping

from .context_sizes import ContextSizes, stored_context_sizes
from .course_content import Assistant, Course, PromptTemplate, read_assistants, read_courses, read_templates
from .quirks import LearnedQuirks, read_learned
from .presets import guess_preset
from .profiles import FIRST_PROFILE_ID, Profile, ProxyChoice, profile_with_id, read_profiles, read_proxy_choice
from .records import is_utf8_text
from .validation import is_model_name
from .vision import ModelRefusals, read_refusals

DEFAULT_BASE_URL = "https://api.openai.com/v1"
DEFAULT_MODEL = "gpt-5-mini"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
API_KEY_ENV = "OPENAI_API_KEY"  # handled by secrets: a key is no setting
SQLITE_INTEGER_MAX = 2**63 - 1


class KeySource(Enum):
    """Where the API key in use comes from (lookup order: environment, then keyring)."""

    ENVIRONMENT = "environment"
    KEYRING = "keyring"
    SESSION = "session"
    NONE = "none"


class Group(Enum):
    """What a setting belongs to: endpoint profiles, preferences and window state grow apart."""

    ENDPOINT = "endpoint"  # where requests go and how they are made
    PREFERENCE = "preference"  # how the app looks and answers, whatever the endpoint
    WINDOW = "window"  # remembered between starts; never shown in the settings dialog


class Unusable(Exception):
    """A stored value a reader cannot take: the default is kept."""


Reader = Callable[[object], object]  # a stored JSON value -> the setting's value, or raise Unusable


def _storable_text(text: str) -> bool:
    """Text the settings file, the history and Qt can take: UTF-8 (JSON may hold lone surrogates),
    and no NUL (it cuts the text short in C APIs)."""
    return is_utf8_text(text) and "\0" not in text


def text(allowed: Callable[[str], bool] = lambda _value: True) -> Reader:
    def read(value: object) -> str:
        if isinstance(value, str) and _storable_text(value) and allowed(value):
            return value
        raise Unusable

    return read


def one_of(*choices: str) -> Reader:
    return text(lambda value: value in choices)


def number(lowest: float, highest: float, optional: bool = False) -> Reader:
    """A float within [lowest, highest] (a JSON integer too); None as well if optional."""
    def read(value: object) -> float | None:
        if optional and value is None:
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool) and lowest <= value <= highest:
            return float(value)
        raise Unusable

    return read


def flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    raise Unusable


def row_id(value: object) -> int:
    # A chat id is a SQLite integer: a larger one overflows when the history is asked for it.
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= SQLITE_INTEGER_MAX:
        return value
    raise Unusable


def setting(default, group: Group, read: Reader, environment: str = "",
            from_environment: Callable[[str], str] = str):
    """A settings field: default, group, how a stored value is read, and the variable overriding it.
    from_environment prepares the variable's text before read checks it."""
    return field(default=default, metadata={"group": group, "read": read, "environment": environment,
                                            "from_environment": from_environment})


MODEL_LISTS_KEPT = 4  # servers whose model list is remembered between starts
MODEL_LISTS_CHARS = 50_000  # of all their names together: the settings file stays small whatever a server lists
ModelLists = tuple[tuple[str, tuple[str, ...]], ...]  # (server's endpoint id, its model names), newest first


def model_lists(value: object) -> ModelLists:
    """Remembered model lists, [[server, [name, …]], …] in the file: an unusable entry or name is dropped,
    and only the newest MODEL_LISTS_KEPT servers and MODEL_LISTS_CHARS characters are kept. Names only:
    a list is never stored with a key."""
    if not isinstance(value, (list, tuple)):
        raise Unusable
    kept: dict[str, tuple[str, ...]] = {}
    budget = MODEL_LISTS_CHARS
    for entry in value:
        if len(kept) == MODEL_LISTS_KEPT:
            break
        if not (isinstance(entry, (list, tuple)) and len(entry) == 2 and isinstance(entry[0], str)
                and isinstance(entry[1], (list, tuple)) and _storable_text(entry[0])
                and len(entry[0]) <= budget and entry[0] not in kept):
            continue
        budget -= len(entry[0])
        names = []
        for name in entry[1]:
            if is_model_name(name) and _storable_text(name) and len(name) <= budget:
                names.append(name)
                budget -= len(name)
        kept[entry[0]] = tuple(names)
    return tuple(kept.items())


def _global_proxy_choice(value: object) -> ProxyChoice:
    """The global choice is always one (None is only a profile's: "as the global one")."""
    choice = read_proxy_choice(value)
    if choice is None:
        raise ValueError("no choice")
    return choice


def _reading(read: Callable[[object], object]) -> Reader:
    """A reader from a function that raises ValueError for what it cannot use."""
    def reader(value: object) -> object:
        try:
            return read(value)
        except ValueError:
            raise Unusable from None

    return reader


def first_profile_name(base_url: str) -> str:
    """The name of the profile an address alone became: its preset's, else the server's host."""
    from .presets import OTHER, preset
    from urllib.parse import urlsplit

    guessed = guess_preset(base_url)
    if guessed != OTHER:
        return preset(guessed).name
    try:
        return (urlsplit(base_url.strip()).hostname or "")[:80] or "Server"
    except ValueError:
        return "Server"


# A timeout must be positive; a font size of 0 means "the system's", above 200 pt nothing fits the window.
TIMEOUT = number(1e-3, 86400)
BASE64 = text(str.isascii)  # saveGeometry()/saveState(), decoded as ASCII by the window


@dataclass(frozen=True)
class Settings:
    # --- endpoint -------------------------------------------------------------------------------
    # base_url and model are the default profile's address and model: what an older build reads, and what
    # OPENAI_BASE_URL and GENAI_DESKTOP_MODEL override. They win over the copy in the default's profile entry.
    base_url: str = setting(DEFAULT_BASE_URL, Group.ENDPOINT, text(), environment="OPENAI_BASE_URL")
    model: str = setting(DEFAULT_MODEL, Group.ENDPOINT, text(), environment="GENAI_DESKTOP_MODEL")
    # None: do not send a temperature (some models accept only their default).
    temperature: float | None = setting(None, Group.ENDPOINT, number(0, 2, optional=True))
    connect_timeout: float = setting(10.0, Group.ENDPOINT, TIMEOUT)
    # Longest silence between two pieces of a streamed answer before giving up.
    read_timeout: float = setting(120.0, Group.ENDPOINT, TIMEOUT)
    # The http:// address to another machine the user confirmed (its endpoint id): requests to
    # any other unencrypted remote address are refused, whatever set the address.
    cleartext_confirmed: str = setting("", Group.ENDPOINT, text())
    # The endpoint profiles (core/profiles.py); () in a file of an older build: its address became the first.
    profiles: tuple[Profile, ...] = setting((), Group.ENDPOINT, _reading(read_profiles))
    default_profile: str = setting("", Group.ENDPOINT, text())  # the id of the profile new chats use
    # How requests reach a server whose profile has no proxy choice of its own (core/proxies.py).
    proxy: ProxyChoice = setting(ProxyChoice(), Group.ENDPOINT, _reading(_global_proxy_choice))

    # --- preferences ----------------------------------------------------------------------------
    # The default assistant's system prompt, for an older build; with no assistants stored it is the first one's
    # (core/assistants.py: the chat's assistant is what a request uses).
    system_prompt: str = setting("", Group.PREFERENCE, text())
    # Stored as written ("debug" too); the environment's value is upper-cased.
    log_level: str = setting("INFO", Group.PREFERENCE, text(lambda value: value.upper() in LOG_LEVELS),
                             environment="GENAI_DESKTOP_LOG_LEVEL", from_environment=str.upper)
    language: str = setting("", Group.PREFERENCE, one_of("", "de", "en"))  # "": the system locale
    appearance: str = setting("", Group.PREFERENCE, one_of("", "light", "dark"))  # "": the system's scheme
    # Screen readers: also announce an answer sentence by sentence while it streams.
    announce_while_streaming: bool = setting(False, Group.PREFERENCE, flag)
    # The context size the user set per model, where the known size or the default is not right.
    context_sizes: ContextSizes = setting((), Group.PREFERENCE, stored_context_sizes)
    # Assistants (a name and a system prompt each), prompt templates and the courses imported (core/course_content.py).
    assistants: tuple[Assistant, ...] = setting((), Group.PREFERENCE, _reading(read_assistants))
    default_assistant: str = setting("", Group.PREFERENCE, text())  # the id of the assistant new chats start with
    prompt_templates: tuple[PromptTemplate, ...] = setting((), Group.PREFERENCE, _reading(read_templates))
    courses: tuple[Course, ...] = setting((), Group.PREFERENCE, _reading(read_courses))

    # --- window state (0 and "" mean the defaults) ------------------------------------------------
    font_point_size: float = setting(0.0, Group.WINDOW, number(0, 200))
    window_geometry: str = setting("", Group.WINDOW, BASE64)  # base64 of QWidget.saveGeometry()
    sidebar_state: str = setting("", Group.WINDOW, BASE64)  # base64 of QSplitter.saveState()
    open_conversation: int = setting(0, Group.WINDOW, row_id)  # the chat shown at the last close (0: a new chat)
    known_models: ModelLists = setting((), Group.WINDOW, model_lists)  # what each server's /v1/models listed
    # The models that refused pictures, per server (core/vision.py): said at attach time, never sent one again.
    models_without_pictures: ModelRefusals = setting((), Group.WINDOW, _reading(read_refusals))
    # What each server (and model there) refused once (core/quirks.py): requests are shaped for it, and it is listed.
    learned_quirks: LearnedQuirks = setting((), Group.WINDOW, _reading(read_learned))

    def replace(self, **changes) -> "Settings":
        return dataclasses.replace(self, **changes)

    def profile_list(self) -> tuple[Profile, ...]:
        """The profiles, never none: the default one with base_url and model (see there)."""
        listed = self.profiles or (Profile(FIRST_PROFILE_ID, first_profile_name(self.base_url), self.base_url,
                                           self.model, preset=guess_preset(self.base_url)),)
        default = profile_with_id(listed, self.default_profile) or listed[0]
        return tuple(dataclasses.replace(profile, base_url=self.base_url, model=self.model)
                     if profile is default else profile for profile in listed)

    def default_profile_id(self) -> str:
        listed = self.profiles
        return self.default_profile if profile_with_id(listed, self.default_profile) else (
            listed[0].id if listed else FIRST_PROFILE_ID)

    def profile(self, profile_id: str = "") -> Profile:
        """The profile of that id; the default one for "" or an id no profile has (deleted since)."""
        listed = self.profile_list()
        return profile_with_id(listed, profile_id) or profile_with_id(listed, self.default_profile_id()) \
            or listed[0]

    def with_profiles(self, listed: tuple[Profile, ...], default_id: str) -> "Settings":
        """These profiles, default_id the default (base_url and model follow it)."""
        default = profile_with_id(listed, default_id) or listed[0]
        return self.replace(profiles=tuple(listed), default_profile=default.id, base_url=default.base_url,
                            model=default.model)

    def to_json_dict(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_json_dict(cls, data: Mapping) -> "Settings":
        """Build from stored JSON, keeping defaults for unknown, ill-typed or unusable values."""
        values = {}
        for f in dataclasses.fields(cls):
            if f.name in data:
                try:
                    values[f.name] = f.metadata["read"](data[f.name])
                except Unusable:
                    pass
        return cls(**values)


def names_in(group: Group) -> tuple[str, ...]:
    """The settings of one group, in declaration order."""
    return tuple(f.name for f in dataclasses.fields(Settings) if f.metadata["group"] is group)


# Environment variable -> the setting it overrides.
ENV_OVERRIDES = {f.metadata["environment"]: f.name for f in dataclasses.fields(Settings) if f.metadata["environment"]}


@dataclass(frozen=True)
class EffectiveSettings:
    """The stored settings with environment overrides applied, and which fields they locked."""

    stored: Settings
    effective: Settings
    from_environment: frozenset[str] = field(default_factory=frozenset)


def apply_environment(stored: Settings, environ: Mapping[str, str]) -> EffectiveSettings:
    """Variables that are set (not blank) and hold a usable value override the stored settings."""
    changes = {}
    for f in dataclasses.fields(Settings):
        value = environ.get(f.metadata["environment"], "").strip() if f.metadata["environment"] else ""
        if not value:
            continue
        try:  # undecodable bytes arrive as lone surrogates: the reader refuses them
            changes[f.name] = f.metadata["read"](f.metadata["from_environment"](value))
        except Unusable:
            pass
    return EffectiveSettings(stored, stored.replace(**changes), frozenset(changes))
