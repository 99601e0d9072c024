"""Export conversations (Markdown, JSON) and read imports (this app's JSON, ChatGPT's export).

Parsing is all-or-nothing: a malformed file raises ImportProblem before anything is stored.
"""

from __future__ import annotations

import codecs
import json
import re
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from .attachment_transfer import BadAttachment, exported_part, imported_parts, markdown_names
from .records import MESSAGE_ROLES, shown_time, utf8_text

APP_FORMAT = "genai-desktop"
APP_FORMAT_VERSION = 1
# The largest file imported. ChatGPT's conversations.json holds the text of every chat (pictures are
# separate files): even years of heavy use stay below this. Parsing takes about 3x the file's size in
# memory for a while, and storing 200 MB takes about 10 s (on a background thread).
IMPORT_SIZE_LIMIT = 200 * 1024 * 1024


class ImportProblem(Exception):
    """The file is not an export this app can read; says why in plain words (English, for the log)."""


class ImportTooLarge(ImportProblem):
    """The file is larger than IMPORT_SIZE_LIMIT: refused before it is read."""

    def __init__(self, size: int, limit: int = IMPORT_SIZE_LIMIT):
        super().__init__(f"the file has {size} bytes; at most {limit} are imported")
        self.size, self.limit = size, limit


@dataclass(frozen=True)
class TransferMessage:
    role: str
    content: str
    model: str = ""
    created: float = 0.0
    reasoning: str = ""  # an answer's thinking: in the JSON export (a key of its own), not in the Markdown one
    parts: tuple = ()  # a user's attachments (core.attachments.Attachment): in the JSON export, named in the Markdown one


@dataclass(frozen=True)
class TransferConversation:
    title: str
    messages: tuple[TransferMessage, ...]
    created: float = field(default_factory=time.time)
    updated: float = field(default_factory=time.time)


def to_markdown(conversation: TransferConversation, you: str = "You", assistant: str = "Assistant",
                untitled: str = "Chat", attached: str = "Attached: %1") -> str:
    """Readable anywhere; model output is kept as it was written, images stay links, nothing is loaded.

    The conversation as it was had: an answer's thinking is left out, as it is left out of what the
    model is sent (the JSON export keeps it). A message's attachments are named (attached holds %1 for
    the names), not copied: a document's text or a picture belongs in the JSON export."""
    parts = [f"# {conversation.title or untitled}", ""]
    for message in conversation.messages:
        if message.role == "system":
            continue
        heading = you if message.role == "user" else (f"{assistant} ({message.model})" if message.model else assistant)
        parts += [f"## {heading}", "", message.content.rstrip(), ""]
        if message.parts:
            parts += [markdown_names(message.parts, attached), ""]
    return "\n".join(parts).rstrip() + "\n"


def to_json(conversations: list[TransferConversation]) -> str:
    return json.dumps({
        "format": APP_FORMAT,
        "version": APP_FORMAT_VERSION,
        "conversations": [{
            "title": c.title, "created": c.created, "updated": c.updated,
            "messages": [{"role": m.role, "content": m.content, "model": m.model, "created": m.created,
                          **({"reasoning": m.reasoning} if m.reasoning else {}),  # older builds ignore the key
                          **({"attachments": [exported_part(part) for part in m.parts]} if m.parts else {})}
                         for m in c.messages],
        } for c in conversations],
    }, ensure_ascii=False, indent=2)


def read_import(path: Path) -> list[TransferConversation]:
    """Read and parse an export file; one larger than IMPORT_SIZE_LIMIT is refused before it is read.

    Each step's input is dropped as soon as the next step has its output (text, JSON document), so
    memory holds about two of them at a time instead of the bytes, the text and the document.
    """
    return _parse_document(_loaded(_read_text(Path(path))))


def parse_import(data: bytes) -> list[TransferConversation]:
    return _parse_document(_loaded(_decoded(data)))


def _read_text(path: Path) -> str:
    """The file's text, read and decoded a few MB at a time: the bytes are never all in memory, and
    decoding 200 MB at once would hold the GIL (and stall the window) for about 0.2 s."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    pieces, size = [], 0
    try:
        with open(path, "rb") as handle:
            if os.fstat(handle.fileno()).st_size > IMPORT_SIZE_LIMIT:
                raise ImportTooLarge(os.fstat(handle.fileno()).st_size)
            while chunk := handle.read(READ_CHUNK):
                size += len(chunk)
                if size > IMPORT_SIZE_LIMIT:  # a file that grows while it is read
                    raise ImportTooLarge(size)
                pieces.append(decoder.decode(chunk))
            pieces.append(decoder.decode(b"", final=True))
    except UnicodeDecodeError as error:
        raise ImportProblem(f"not a JSON file ({error})") from None
    except OSError as error:
        raise ImportProblem(f"the file could not be read ({error.strerror or error})") from None
    return "".join(pieces)


READ_CHUNK = 4 * 1024 * 1024


def _decoded(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportProblem(f"not a JSON file ({error})") from None


def _loaded(text: str):
    try:
        value, end = _decoded_piecewise(text, _skip_space(text, 0), PIECEWISE_DEPTH)
        if _skip_space(text, end) != len(text):
            raise json.JSONDecodeError("Extra data", text, end)
        return value
    except IndexError:  # the text ended inside an array or object
        raise ImportProblem("not a JSON file (it ends too early)") from None
    except (ValueError, RecursionError) as error:  # JSONDecodeError, a number too long; deep nesting
        raise ImportProblem(f"not a JSON file ({type(error).__name__}: {str(error)[:200]})") from None


# json.loads holds the GIL for the whole text: 0.8 s per 100 MB in which the window cannot redraw,
# although the import runs on a background thread. The outer arrays and objects (ChatGPT's list of
# chats, this app's "conversations", each chat's fields) are decoded here piece by piece instead,
# so the GUI thread gets its turn between the pieces; what is inside them is one raw_decode each.
PIECEWISE_DEPTH = 3
_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"[ \t\n\r]*")


def _skip_space(text: str, index: int) -> int:
    return _SPACE.match(text, index).end()


def _decoded_piecewise(text: str, index: int, depth: int):
    """The JSON value at index (no space before it) and where it ends, as json.loads would read it."""
    opening = text[index]
    if depth == 0 or opening not in "[{":
        return _DECODER.raw_decode(text, index)
    closing = "]" if opening == "[" else "}"
    result: list | dict = [] if opening == "[" else {}
    index = _skip_space(text, index + 1)
    if text[index] == closing:
        return result, index + 1
    while True:
        if opening == "{":
            if text[index] != '"':
                raise json.JSONDecodeError("Expecting property name enclosed in double quotes", text, index)
            key, index = _DECODER.raw_decode(text, index)
            index = _skip_space(text, index)
            if text[index] != ":":
                raise json.JSONDecodeError("Expecting ':' delimiter", text, index)
            value, index = _decoded_piecewise(text, _skip_space(text, index + 1), depth - 1)
            result[key] = value
        else:
            value, index = _decoded_piecewise(text, index, depth - 1)
            result.append(value)
        index = _skip_space(text, index)
        if text[index] == closing:
            return result, index + 1
        if text[index] != ",":
            raise json.JSONDecodeError("Expecting ',' delimiter", text, index)
        index = _skip_space(text, index + 1)


def _parse_document(document) -> list[TransferConversation]:
    if isinstance(document, dict) and document.get("format") == APP_FORMAT:
        return _parse_app(document)
    if isinstance(document, list) and all(isinstance(item, dict) and "mapping" in item for item in document):
        return [_parse_chatgpt(item, index) for index, item in enumerate(document)]
    raise ImportProblem("neither a GenAI Desktop export nor ChatGPT's conversations.json")


def _text(value, where: str) -> str:
    if not isinstance(value, str):
        raise ImportProblem(f"{where}: text expected")
    return utf8_text(value)


def _number(value, where: str) -> float:
    """A time stamp; 0 (unknown) when missing or not a date that can be shown."""
    if value is None:
        return 0.0
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ImportProblem(f"{where}: number expected")
    shown = shown_time(value)
    return 0.0 if shown is None else shown


def _parse_app(document: dict) -> list[TransferConversation]:
    if document.get("version") != APP_FORMAT_VERSION:
        raise ImportProblem(f"export version {document.get('version')!r} is not supported")
    conversations = document.get("conversations")
    if not isinstance(conversations, list):
        raise ImportProblem("'conversations' must be a list")
    result = []
    for index, item in enumerate(conversations):
        where = f"conversation {index + 1}"
        if not isinstance(item, dict) or not isinstance(item.get("messages"), list):
            raise ImportProblem(f"{where}: malformed")
        messages = []
        for number, message in enumerate(item["messages"]):
            place = f"{where}, message {number + 1}"
            if not isinstance(message, dict) or message.get("role") not in MESSAGE_ROLES:
                raise ImportProblem(f"{place}: malformed")
            try:
                parts = imported_parts(message.get("attachments"))
            except BadAttachment as error:
                raise ImportProblem(f"{place}: {error}") from None
            messages.append(TransferMessage(message["role"], _text(message.get("content"), place),
                                            _text(message.get("model", ""), place),
                                            _number(message.get("created"), place),
                                            _text(message.get("reasoning", ""), place), parts))
        result.append(TransferConversation(_text(item.get("title", ""), where), tuple(messages),
                                           _number(item.get("created"), where), _number(item.get("updated"), where)))
    return result


CHATGPT_TEXT_TYPES = ("text", "code", "multimodal_text", None)


def _object(value) -> dict:
    return value if isinstance(value, dict) else {}


def _parse_chatgpt(item: dict, index: int) -> TransferConversation:
    """ChatGPT's export: a tree of nodes in 'mapping'; the visible thread runs from current_node up to the root."""
    where = f"conversation {index + 1}"
    mapping = item.get("mapping")
    if not isinstance(mapping, dict):
        raise ImportProblem(f"{where}: 'mapping' must be an object")
    node_id = item.get("current_node")
    if node_id is None:  # older exports: follow the last child from the root
        roots = [key for key, node in mapping.items() if _object(node) and node.get("parent") is None]
        node_id, visited = (roots[0] if roots else None), set()
        while isinstance(node_id, str) and node_id not in visited:
            visited.add(node_id)
            children = _object(mapping.get(node_id)).get("children")
            if not isinstance(children, list) or not children:
                break
            node_id = children[-1]
    chain, seen = [], set()
    while node_id is not None:
        node = mapping.get(node_id) if isinstance(node_id, str) else None
        if not isinstance(node, dict) or node_id in seen:
            raise ImportProblem(f"{where}: broken message tree")
        seen.add(node_id)
        chain.append(node)
        node_id = node.get("parent")
    messages = []
    for node in reversed(chain):
        message = node.get("message")
        if not isinstance(message, dict):
            continue
        role = _object(message.get("author")).get("role")
        content = _object(message.get("content"))
        if role not in ("user", "assistant") or content.get("content_type") not in CHATGPT_TEXT_TYPES:
            continue
        parts = content.get("parts") or ([content["text"]] if isinstance(content.get("text"), str) else [])
        text = utf8_text("\n".join(part for part in parts if isinstance(part, str)).strip()
                         if isinstance(parts, list) else "")
        if text:  # of a message with pictures (multimodal_text), the text parts
            model = _object(message.get("metadata")).get("model_slug") or ""
            messages.append(TransferMessage(role, text, utf8_text(model) if isinstance(model, str) else "",
                                            _number(message.get("create_time"), where)))
    return TransferConversation(_text(item.get("title") or "", where), tuple(messages),
                                _number(item.get("create_time"), where), _number(item.get("update_time"), where))
