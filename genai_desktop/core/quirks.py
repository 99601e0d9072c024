"""Server quirks: what a server refused once, recognised from its own words, remembered, and applied
to every request after it (issue 13, point 2).

A refused request is asked again at once with the quirk applied, and the quirk is remembered in
Settings.learned_quirks, per server (its endpoint id: two profiles for one server share them) and, for
the quirks that depend on the model, per model: the next request is shaped right the first time, after
a restart too. The words are the servers' real ones (each cited where it was seen):

- stream_options: Azure OpenAI before api-version 2024-07: "Unrecognized request argument supplied:
  stream_options"; one-api/new-api gateways: "Unknown parameter: 'stream_options'." (code
  unknown_parameter, QuantumNous/new-api#418). Server-wide: the app then asks for no usage counts.
- max_completion_tokens: Azure OpenAI with an older api-version and some gpt-4o deployments: "Unrecognized
  request argument supplied: max_completion_tokens" (param and code null; openai/openai-python#1724,
  BerriAI/litellm#8638): max_tokens is sent instead. The reverse, from reasoning models (o1, o3, gpt-5,
  also on Azure): "Unsupported parameter: 'max_tokens' is not supported with this model. Use
  'max_completion_tokens' instead." (param max_tokens, code unsupported_parameter; teilomillet/gollm#33,
  griptape-ai/ComfyUI-Griptape#312): the quirk is forgotten for that model.
- temperature, reasoning models (o1, o3, gpt-5, gpt-5-mini): "Unsupported value: 'temperature' does not
  support 0.7 with this model. Only the default (1) value is supported." (param temperature, code
  unsupported_value; gabrii/Cursor-Azure-GPT-5#33, QwenLM/qwen-code#921); some answer "Unsupported
  parameter: 'temperature' is not supported with this model.". No temperature is sent to that model.
- the system role, o1-mini and o1-preview (and Azure's o1 deployments): "Unsupported value:
  'messages[0].role' does not support 'system' with this model." (param messages[0].role, code
  unsupported_value; tailcallhq/forgecode#1177, BerriAI/litellm#5671): the system prompt goes as a
  "developer" message. o1-mini and o1-preview refuse that too, "… does not support 'developer' with this
  model." (lobehub/lobehub#5704, QuantumNous/new-api#847): the system prompt then goes in front of the
  first user message.
- Ollama: every chunk of its /v1 stream says "system_fingerprint": "fp_ollama" (g0t4/ask-openai.nvim's
  notes), and 11434 is its port. Its /v1 cannot set the context size per request (ollama/ollama#2722,
  NousResearch/hermes-agent#43995) and cuts a longer prompt silently, saying so only in its own log
  ("truncating input prompt limit=2048 prompt=3940", ed-donner/llm_engineering#80). The default was 2048
  tokens before v0.6.7, 4096 since (zed-industries/zed#31682); since v0.15.5 it depends on the graphics
  memory, 4096 below 24 GiB (open-webui/docs#1393). The app says so before a longer request goes.

A quirk counts only when the request carried what the words name (a message about temperature for a
request without one teaches nothing), and each change is tried once per request: a server that keeps
refusing gets its error shown, never an endless loop.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Collection, Iterable
from urllib.parse import urlsplit

from .attachments import text_tokens
from .profiles import Quirk
from .records import remembered_entries
from .validation import endpoint_id

if TYPE_CHECKING:
    from .settings import Settings

log = logging.getLogger(__name__)

# Quirks of the server whatever the model; the others are learned per model.
SERVER_WIDE = frozenset({Quirk.NO_STREAM_OPTIONS, Quirk.OLLAMA_CONTEXT})
OLLAMA_PORT = 11434
OLLAMA_FINGERPRINT = "fp_ollama"
OLLAMA_DEFAULT_CONTEXT = 4096  # tokens: Ollama's default since v0.6.7 (and below 24 GiB of graphics memory since v0.15.5)
MESSAGE_OVERHEAD_TOKENS = 4  # the role and separators each message costs in a chat template
REMEMBERED_ENTRIES = 200  # (server, model, quirk) entries kept: the settings file stays small
REMEMBERED_CHARS = 20_000

LearnedQuirks = tuple[tuple[str, str, str], ...]  # (server's endpoint id, model or "" for all, Quirk value), newest first


@dataclass(frozen=True)
class QuirkChange:
    """What one refusal (or one answer) taught about a server."""

    quirk: Quirk
    learned: bool = True  # False: the server now refuses what the quirk does, so it is forgotten


@dataclass(frozen=True)
class LearnedQuirk:
    """One quirk as the profile form lists it."""

    quirk: Quirk
    model: str = ""  # "": the whole server


@dataclass(frozen=True)
class ContextWarning:
    """A request that an Ollama server will probably cut: its estimated size and the context it fits."""

    tokens: int  # an estimate on the safe side (attachments.text_tokens)
    limit: int


_UNKNOWN_ARGUMENT = r"(?:unrecognized request argument|unknown parameter|unsupported parameter|extra (?:inputs|fields)|not permitted|not supported)"
_MAX_COMPLETION_TOKENS = re.compile(
    _UNKNOWN_ARGUMENT + r".*max_completion_tokens|max_completion_tokens.*" + _UNKNOWN_ARGUMENT, re.I | re.S)
_MAX_TOKENS_REFUSED = re.compile(r"'max_tokens' is not supported|use 'max_completion_tokens' instead", re.I)
_BOTH_LIMITS = re.compile(r"max_tokens.{0,20}max_completion_tokens.{0,20}same time", re.I | re.S)
_TEMPERATURE = re.compile(r"'temperature' (?:does not support|is not supported)|unsupported (?:value|parameter): 'temperature'",
                          re.I)
_ROLE_REFUSED = r"(?:'messages\[\d+\]\.role' does not support '{role}'|role '{role}' is not supported)"
_SYSTEM_REFUSED = re.compile(_ROLE_REFUSED.format(role="system"), re.I)
_DEVELOPER_REFUSED = re.compile(_ROLE_REFUSED.format(role="developer"), re.I)


def refused_quirk(words: str, param: str, arguments: dict) -> QuirkChange | None:
    """What a server's refusal (its message and the param it names) of the request sent with arguments
    teaches; None if it names nothing a quirk mends."""
    param = param or ""
    roles = {message.get("role") for message in arguments.get("messages", ()) if isinstance(message, dict)}
    # Any refusal naming stream_options, as before issue 13: the servers' words for it vary most.
    if "stream_options" in arguments and ("stream_options" in words or param == "stream_options"):
        return QuirkChange(Quirk.NO_STREAM_OPTIONS)
    if "max_completion_tokens" in arguments and not (_BOTH_LIMITS.search(words) or _MAX_TOKENS_REFUSED.search(words)) and (
            _MAX_COMPLETION_TOKENS.search(words) or param == "max_completion_tokens"):
        return QuirkChange(Quirk.MAX_TOKENS)
    if "max_tokens" in arguments and (_MAX_TOKENS_REFUSED.search(words) or param == "max_tokens"):
        return QuirkChange(Quirk.MAX_TOKENS, learned=False)
    if "temperature" in arguments and (_TEMPERATURE.search(words) or param == "temperature"):
        return QuirkChange(Quirk.NO_TEMPERATURE)
    if "system" in roles and _SYSTEM_REFUSED.search(words):
        return QuirkChange(Quirk.DEVELOPER_ROLE)
    if "developer" in roles and _DEVELOPER_REFUSED.search(words):
        return QuirkChange(Quirk.SYSTEM_IN_USER)
    return None


def shaped(arguments: dict, quirks: Collection[Quirk]) -> dict:
    """The arguments of a chat request as the server with quirks takes them (a new dict; messages copied
    where changed)."""
    arguments = dict(arguments)
    if Quirk.NO_STREAM_OPTIONS in quirks:
        arguments.pop("stream_options", None)
    if Quirk.MAX_TOKENS in quirks and "max_completion_tokens" in arguments:
        arguments["max_tokens"] = arguments.pop("max_completion_tokens")
    if Quirk.NO_TEMPERATURE in quirks:
        arguments.pop("temperature", None)
    messages = list(arguments.get("messages", ()))
    if Quirk.SYSTEM_IN_USER in quirks:
        messages = _system_in_first_user_message(messages)
    elif Quirk.DEVELOPER_ROLE in quirks:
        messages = [{**message, "role": "developer"} if _role(message) == "system" else message
                    for message in messages]
    arguments["messages"] = messages
    return arguments


def _role(message: object) -> object:
    return message.get("role") if isinstance(message, dict) else None


def _system_in_first_user_message(messages: list) -> list:
    """The system (or developer) messages' text put in front of the first user message, as its first part."""
    instructions = [message.get("content") for message in messages if _role(message) in ("system", "developer")]
    rest = [message for message in messages if _role(message) not in ("system", "developer")]
    text = "\n\n".join(content for content in instructions if isinstance(content, str) and content.strip())
    for index, message in enumerate(rest):
        if _role(message) == "user" and text:
            content = message.get("content")
            if isinstance(content, str):
                content = f"{text}\n\n{content}"
            elif isinstance(content, (list, tuple)):
                content = [{"type": "text", "text": text}, *content]
            rest[index] = {**message, "content": content}
            break
    return rest


def is_ollama_chunk(chunk_fingerprint: object) -> bool:
    """A stream chunk's system_fingerprint says Ollama sent it."""
    return chunk_fingerprint == OLLAMA_FINGERPRINT


def _is_ollama_port(base_url: str) -> bool:
    try:
        return urlsplit(base_url.strip()).port == OLLAMA_PORT
    except ValueError:
        return False


# --- remembered per server and model -------------------------------------------------------------

def known_quirks(learned: LearnedQuirks, base_url: str, model: str) -> frozenset[Quirk]:
    """The quirks a request to model at base_url is shaped with: the server's, the model's there, and
    Ollama's at Ollama's port."""
    server, model = endpoint_id(base_url), model.strip()
    quirks = {Quirk(value) for known, for_model, value in learned if known == server and for_model in ("", model)}
    if _is_ollama_port(base_url):
        quirks.add(Quirk.OLLAMA_CONTEXT)
    return frozenset(quirks)


def quirks_of(settings: "Settings", base_url: str) -> tuple[LearnedQuirk, ...]:
    """What the app learned about the server at base_url, newest first: the profile form lists these."""
    server = endpoint_id(base_url)
    return tuple(LearnedQuirk(Quirk(value), model) for known, model, value in settings.learned_quirks if known == server)


def remembered(learned: LearnedQuirks, base_url: str, model: str, change: QuirkChange) -> LearnedQuirks:
    """learned with change applied: a learned quirk first (for the whole server if it is server-wide, else for
    model), a forgotten one removed."""
    entry = (endpoint_id(base_url), "" if change.quirk in SERVER_WIDE else model.strip(), change.quirk.value)
    rest = tuple(known for known in learned if known != entry)
    return read_learned(((entry,) + rest) if change.learned else rest)


def forgotten(learned: LearnedQuirks, base_url: str) -> LearnedQuirks:
    """learned without anything about the server at base_url (the user asks for it to be learned anew)."""
    server = endpoint_id(base_url)
    return tuple(known for known in learned if known[0] != server)


def read_learned(value: object) -> LearnedQuirks:
    """The learned quirks as the settings file holds them, [[server, model, quirk], …]: an unusable entry
    (an unknown quirk too) is dropped, and only the newest REMEMBERED_ENTRIES (and REMEMBERED_CHARS) are kept.
    Raises ValueError for a value that is no list at all (the settings reader keeps the default)."""
    quirk_values = {quirk.value for quirk in Quirk}
    return remembered_entries(value, 3, lambda entry: bool(entry[0]) and entry[2] in quirk_values,
                              REMEMBERED_ENTRIES, REMEMBERED_CHARS)


# --- Ollama's context cut ----------------------------------------------------------------------

def request_tokens(messages: Iterable[dict]) -> int:
    """The estimated tokens of a request's text (its documents are text in it), on the safe side."""
    total = 0
    for message in messages:
        content = message.get("content") if isinstance(message, dict) else None
        parts = [content] if isinstance(content, str) else [
            part.get("text") for part in content if isinstance(part, dict)] if isinstance(content, (list, tuple)) else []
        total += MESSAGE_OVERHEAD_TOKENS + sum(text_tokens(part) for part in parts if isinstance(part, str))
    return total


def context_warning(messages: Iterable[dict], quirks: Collection[Quirk],
                    context_tokens: int = 0) -> ContextWarning | None:
    """The warning for a request to an Ollama server that is longer than its context (context_tokens, the
    size the user set for the profile, else Ollama's default); None for any other request."""
    if Quirk.OLLAMA_CONTEXT not in quirks:
        return None
    limit = context_tokens if context_tokens > 0 else OLLAMA_DEFAULT_CONTEXT
    tokens = request_tokens(messages)
    return ContextWarning(tokens, limit) if tokens > limit else None


def log_change(change: QuirkChange, host: str, model: str) -> None:
    if change.learned:
        log.info("server quirk learned: %s at %s (model %s), remembered", change.quirk.value, host, model)
    else:
        log.info("server quirk forgotten: %s at %s (model %s), the server refused it", change.quirk.value, host, model)
