"""The conversation model: a user's message, a turn (message and answer), and what goes to the server.

Values only (frozen), so a snapshot handed to the window cannot change under it. The messages a
request sends are built here from the turns, not from a prompt string threaded through the UI.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Iterable, Sequence

from .assistants import default_assistant
from .attachments import Attachment, AttachmentKind, text_tokens
from .chat import ChatRequest
from .course_content import Assistant
from .errors import ChatError
from .profiles import Profile
from .records import Message, MessageState
from .settings import Settings
from .thinking import OPEN_TAG, split_thinking

CONTINUE_INSTRUCTION = ("Your previous answer was cut off. Continue it exactly where it stopped, "
                        "without repeating anything and without an introduction.")


@dataclass(frozen=True)
class UserMessage:
    """What the user sent: its text and its parts (Attachment values: documents, pictures)."""

    text: str
    parts: tuple = ()

    @property
    def empty(self) -> bool:
        return not self.text.strip() and not self.parts


@dataclass(frozen=True)
class Turn:
    """One message and its answer, as shown and as stored (ids of the two history rows)."""

    message: UserMessage
    answer: str = ""
    state: MessageState | None = None  # None: not answered yet
    error: ChatError | None = None
    model: str = ""
    prompt_id: int | None = None
    answer_id: int | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    reasoning: str = ""  # the model's thinking before its answer: shown apart, stored, never sent back
    version: int = 1  # which of the answer's versions this is (1-based): the one the chat continues from
    versions: int = 1  # how many versions of the answer there are (Regenerate adds one)

    @property
    def prompt(self) -> str:
        return self.message.text

    @property
    def finished(self) -> bool:
        """The model said it was done (finish_reason "stop")."""
        return self.state is MessageState.DONE

    @property
    def tokens(self) -> int | None:
        if self.prompt_tokens is None and self.completion_tokens is None:
            return None
        return (self.prompt_tokens or 0) + (self.completion_tokens or 0)


def turns_from_messages(messages: Iterable[Message]) -> list[Turn]:
    """A chat's stored rows as turns; an answer without a message before it (imported) is a turn of its own."""
    turns: list[Turn] = []
    for message in messages:
        if message.role == "user":
            turns.append(Turn(UserMessage(message.content, message.parts), prompt_id=message.id))
        elif message.role == "assistant":
            if not turns or turns[-1].state is not None:
                turns.append(Turn(UserMessage("")))
            turns[-1] = with_answer(turns[-1], message)
    return turns


def with_answer(turn: Turn, message: Message) -> Turn:
    """The turn with message (a stored answer, the version shown) as its answer."""
    error = ChatError(message.error_kind) if message.error_kind is not None else None  # its kind alone
    reasoning, answer = message.reasoning, message.content
    if not reasoning and answer.lstrip().startswith(OPEN_TAG):  # stored inline (an import, an older build)
        reasoning, answer = split_thinking(answer)
    return Turn(turn.message, answer, message.state, error, message.model, turn.prompt_id,
                message.id, message.prompt_tokens, message.completion_tokens, reasoning,
                version=message.version, versions=message.versions)


def usage_total(turns: Sequence[Turn]) -> int | None:
    counted = [turn.tokens for turn in turns if turn.tokens is not None]
    return sum(counted) if counted else None


MESSAGE_TOKENS = 4  # what a message costs beyond its text (its role, the framing): an estimate
PART_TOKENS = 16  # what an attachment costs beyond its content (the lines that name it)


def document_text(document: Attachment) -> str:
    """A document as the model reads it: named by its base name (never a path), with its pages. What
    a reader left out (a spreadsheet's rows past the cap) its text says where it was left out."""
    pages = f", {document.pages} {'slides' if 'presentation' in document.mime else 'pages'}" if document.pages else ""
    head = f'[Attached file "{document.name}"{pages}]'
    return f'{head}\n{document.text}\n[End of "{document.name}"]'


def data_url(picture: Attachment) -> str:
    return f"data:{picture.mime};base64,{base64.b64encode(picture.data).decode('ascii')}"


def user_content(message: UserMessage) -> str | list[dict]:
    """A user message's content: one string (its documents first, then its text), or with pictures
    a list of parts, each picture an image_url part with a data: URL after a text part naming it."""
    if not message.parts:
        return message.text
    texts = [document_text(part) for part in message.parts if part.kind is AttachmentKind.DOCUMENT]
    if message.text.strip():
        texts.append(message.text)
    text = "\n\n".join(texts)
    pictures = [part for part in message.parts if part.kind is AttachmentKind.PICTURE]
    if not pictures:
        return text
    content: list[dict] = [{"type": "text", "text": text}] if text else []
    for picture in pictures:
        content.append({"type": "text", "text": f'[Attached picture "{picture.name}"]'})
        content.append({"type": "image_url", "image_url": {"url": data_url(picture)}})
    return content


def message_tokens(message: UserMessage) -> int:
    """The estimated tokens a user message costs in a request, its attachments with it."""
    return (MESSAGE_TOKENS + text_tokens(message.text)
            + sum(PART_TOKENS + part.tokens for part in message.parts))


def request_tokens(system_prompt: str, earlier: Sequence[Turn], message: UserMessage) -> int:
    """The estimated tokens of the request that would send message after the earlier turns: the
    same messages chat_messages builds, counted by the estimate (not a tokenizer)."""
    total = MESSAGE_TOKENS + text_tokens(system_prompt) if system_prompt.strip() else 0
    for turn in earlier:
        if turn.answer:
            total += message_tokens(turn.message) if turn.prompt or turn.message.parts else 0
            total += MESSAGE_TOKENS + text_tokens(turn.answer)
    return total + message_tokens(message)


def chat_messages(system_prompt: str, turns: Sequence[Turn], index: int, continuing: bool) -> tuple[dict, ...]:
    """The Chat Completions messages that ask for the answer of turns[index].

    Earlier turns without an answer (one that failed before any text) are not part of the
    conversation; continuing sends the cut-off answer and asks the model to go on. An answer's
    thinking is never sent: a model is not given its own reasoning back (DeepSeek refuses it).
    """
    messages: list[dict] = []
    if system_prompt.strip():
        messages.append({"role": "system", "content": system_prompt})
    for earlier in turns[:index]:
        if earlier.answer:
            if earlier.prompt or earlier.message.parts:
                messages.append({"role": "user", "content": user_content(earlier.message)})
            messages.append({"role": "assistant", "content": earlier.answer})
    turn = turns[index]
    messages.append({"role": "user", "content": user_content(turn.message)})
    if continuing:
        messages.append({"role": "assistant", "content": turn.answer})
        messages.append({"role": "user", "content": CONTINUE_INSTRUCTION})
    return tuple(messages)


def request_for(settings: Settings, turns: Sequence[Turn], index: int, continuing: bool = False,
                model: str = "", profile: Profile | None = None, assistant: Assistant | None = None) -> ChatRequest:
    """The request for the answer of turns[index] to profile (the chat's; None: the default profile), asked
    from model (the chat's; "": the profile's default model) with the system prompt of assistant (the chat's;
    None: the default assistant); the key and secret headers are filled in by the worker."""
    profile = profile or settings.profile()
    system_prompt = (assistant or default_assistant(settings)).system_prompt
    return ChatRequest(
        base_url=profile.base_url, model=model or profile.model or settings.model, api_key="",
        messages=chat_messages(system_prompt, turns, index, continuing),
        temperature=settings.temperature, connect_timeout=settings.connect_timeout,
        read_timeout=settings.read_timeout, cleartext_confirmed=settings.cleartext_confirmed,
        profile=profile, headers=profile.headers, proxy=profile.proxy or settings.proxy,
    )
