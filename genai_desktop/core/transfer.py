"""Export conversations (Markdown, JSON) and read imports (this app's JSON, ChatGPT's export).

Parsing is all-or-nothing: a malformed file raises ImportProblem before anything is stored.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field

APP_FORMAT = "genai-desktop"
APP_FORMAT_VERSION = 1
ROLES = ("system", "user", "assistant")


class ImportProblem(Exception):
    """The file is not an export this app can read; says why in plain words (English, for the log)."""


@dataclass(frozen=True)
class TransferMessage:
    role: str
    content: str
    model: str = ""
    created: float = 0.0


@dataclass(frozen=True)
class TransferConversation:
    title: str
    messages: tuple[TransferMessage, ...]
    created: float = field(default_factory=time.time)
    updated: float = field(default_factory=time.time)


def to_markdown(conversation: TransferConversation, you: str = "You", assistant: str = "Assistant",
                untitled: str = "Chat") -> str:
    """Readable anywhere; model output is kept as it was written, images stay links, nothing is loaded."""
    parts = [f"# {conversation.title or untitled}", ""]
    for message in conversation.messages:
        if message.role == "system":
            continue
        heading = you if message.role == "user" else (f"{assistant} ({message.model})" if message.model else assistant)
        parts += [f"## {heading}", "", message.content.rstrip(), ""]
    return "\n".join(parts).rstrip() + "\n"


def to_json(conversations: list[TransferConversation]) -> str:
    return json.dumps({
        "format": APP_FORMAT,
        "version": APP_FORMAT_VERSION,
        "conversations": [{
            "title": c.title, "created": c.created, "updated": c.updated,
            "messages": [{"role": m.role, "content": m.content, "model": m.model, "created": m.created}
                         for m in c.messages],
        } for c in conversations],
    }, ensure_ascii=False, indent=2)


def parse_import(data: bytes) -> list[TransferConversation]:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ImportProblem(f"not a JSON file ({error})") from None
    if isinstance(document, dict) and document.get("format") == APP_FORMAT:
        return _parse_app(document)
    if isinstance(document, list) and all(isinstance(item, dict) and "mapping" in item for item in document):
        return [_parse_chatgpt(item, index) for index, item in enumerate(document)]
    raise ImportProblem("neither a GenAI Desktop export nor ChatGPT's conversations.json")


def _text(value, where: str) -> str:
    if not isinstance(value, str):
        raise ImportProblem(f"{where}: text expected")
    return value


def _number(value, where: str) -> float:
    if value is None:
        return 0.0
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ImportProblem(f"{where}: number expected")
    return float(value)


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
            if not isinstance(message, dict) or message.get("role") not in ROLES:
                raise ImportProblem(f"{place}: malformed")
            messages.append(TransferMessage(message["role"], _text(message.get("content"), place),
                                            _text(message.get("model", ""), place),
                                            _number(message.get("created"), place)))
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
        text = "\n".join(part for part in parts if isinstance(part, str)).strip() if isinstance(parts, list) else ""
        if text:  # of a message with pictures (multimodal_text), the text parts
            model = _object(message.get("metadata")).get("model_slug") or ""
            messages.append(TransferMessage(role, text, model if isinstance(model, str) else "",
                                            _number(message.get("create_time"), where)))
    return TransferConversation(_text(item.get("title") or "", where), tuple(messages),
                                _number(item.get("create_time"), where), _number(item.get("update_time"), where))
