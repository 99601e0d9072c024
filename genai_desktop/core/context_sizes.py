"""How many tokens a model can take in one request (its context size), to say before sending
whether a message with its attachments fits.

Known sizes of common models by name, a conservative default for a model not known (a company
gateway's deployment name, a local model: Ollama runs most with a small context unless told
otherwise), and the user's own size per model (a setting, which wins). Sizes are what the
providers publish; the estimate they are held against is an estimate and the app says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from .records import is_utf8_text
from .validation import is_model_name

DEFAULT_CONTEXT_SIZE = 8_192  # an unknown model: small enough to be true of nearly every model in use
CONTEXT_SIZE_MIN = 512
CONTEXT_SIZE_MAX = 100_000_000
CONTEXT_SIZES_KEPT = 200  # models with a size of the user's own: the settings file stays small

# Name prefixes, the longest matching one wins ("gpt-4o-mini" before "gpt-4o" before "gpt-4").
KNOWN_CONTEXT_SIZES: dict[str, int] = {
    "gpt-5": 400_000,
    "gpt-5-chat": 128_000,
    "gpt-4.1": 1_047_576,
    "gpt-4o": 128_000,
    "gpt-4-turbo": 128_000,
    "gpt-4": 8_192,
    "gpt-3.5-turbo": 16_385,
    "o1": 200_000,
    "o1-mini": 128_000,
    "o3": 200_000,
    "o4-mini": 200_000,
    "claude": 200_000,
    "gemini-1.5-pro": 2_097_152,
    "gemini-1.5-flash": 1_048_576,
    "gemini-2": 1_048_576,
    "deepseek-chat": 128_000,
    "deepseek-reasoner": 128_000,
    "mistral-large": 131_072,
    "llama-3.1": 131_072,
    "llama-3.3": 131_072,
}


class SizeSource(str, Enum):
    USER = "user"  # the user set it for this model
    KNOWN = "known"  # a common model's published size
    DEFAULT = "default"  # not known: the conservative default


@dataclass(frozen=True)
class ContextSize:
    tokens: int
    source: SizeSource


ContextSizes = tuple[tuple[str, int], ...]  # (model name, tokens) the user set, as the settings keep them


def _bare_name(model: str) -> str:
    """The model's own name: without a router's vendor prefix ("openai/gpt-4o") and Ollama's tag."""
    name = model.strip().lower().rsplit("/", 1)[-1]
    return name.split(":", 1)[0]


def context_size(model: str, user_sizes: ContextSizes = (), profile_tokens: int = 0) -> ContextSize:
    """The context size a request to model is held against: the user's for this model, else the one set in
    the profile (profile_tokens, 0: none), else the known or default size."""
    for name, tokens in user_sizes:
        if name == model:
            return ContextSize(tokens, SizeSource.USER)
    if profile_tokens > 0:
        return ContextSize(profile_tokens, SizeSource.USER)
    bare = _bare_name(model)
    matches = [prefix for prefix in KNOWN_CONTEXT_SIZES
               if bare == prefix or (bare.startswith(prefix) and not bare[len(prefix)].isalnum())]
    if matches:
        return ContextSize(KNOWN_CONTEXT_SIZES[max(matches, key=len)], SizeSource.KNOWN)
    return ContextSize(DEFAULT_CONTEXT_SIZE, SizeSource.DEFAULT)


def with_user_size(user_sizes: ContextSizes, model: str, tokens: int | None) -> ContextSizes:
    """The user's sizes with model's set to tokens (None: back to the known or default size), newest first."""
    kept = tuple((name, size) for name, size in user_sizes if name != model)
    if tokens is None:
        return kept
    return (((model, tokens),) + kept)[:CONTEXT_SIZES_KEPT]


def stored_context_sizes(value: object) -> ContextSizes:
    """The settings file's [[model, tokens], …]: an unusable entry is dropped (the reader of the setting)."""
    from .settings import Unusable  # settings imports this module for the field

    if not isinstance(value, (list, tuple)):
        raise Unusable
    kept: dict[str, int] = {}
    for entry in value:
        if len(kept) == CONTEXT_SIZES_KEPT:
            break
        if (isinstance(entry, (list, tuple)) and len(entry) == 2 and is_model_name(entry[0]) and is_utf8_text(entry[0])
                and isinstance(entry[1], int) and not isinstance(entry[1], bool)
                and CONTEXT_SIZE_MIN <= entry[1] <= CONTEXT_SIZE_MAX and entry[0] not in kept):
            kept[entry[0]] = entry[1]
    return tuple(kept.items())
