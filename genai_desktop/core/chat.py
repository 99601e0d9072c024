"""The data that crosses layers for one chat request and its answer."""

from __future__ import annotations

from dataclasses import dataclass, field


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


@dataclass(frozen=True)
class ChatResult:
    text: str
    finish_reason: str | None  # "stop", "length", "content_filter", ...
    cancelled: bool = False
    usage: dict | None = None
