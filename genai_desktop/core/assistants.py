"""Assistants (issue 14 point 6): the system prompt a chat is asked with, picked per chat, one of them the
default that new chats start with.

There is always at least one. Settings of an older build have no assistants but a single system prompt:
it becomes the first assistant (FIRST_ASSISTANT_ID, no name of its own: the window names it in the user's
language) without the user doing anything, and the chats of that build keep it. Settings.system_prompt
stays the default assistant's prompt, for an older build reading the file; once there are assistants,
the list is what counts.
"""

from __future__ import annotations

from dataclasses import replace

from .course_content import ITEMS_KEPT, NAME_CHARACTERS, Assistant
from .profiles import new_profile_id
from .settings import Settings

FIRST_ASSISTANT_ID = "first"  # the assistant the single system prompt of older versions became


def assistant_list(settings: Settings) -> tuple[Assistant, ...]:
    """The assistants, never none: with none stored, the one the single system prompt became (named "")."""
    return settings.assistants or (Assistant(FIRST_ASSISTANT_ID, "", settings.system_prompt),)


def assistant_with_id(assistants: tuple[Assistant, ...], assistant_id: str) -> Assistant | None:
    return next((assistant for assistant in assistants if assistant.id == assistant_id), None)


def default_assistant(settings: Settings) -> Assistant:
    listed = assistant_list(settings)
    return assistant_with_id(listed, settings.default_assistant) or listed[0]


def chat_assistant(settings: Settings, assistant_id: str = "") -> Assistant:
    """The assistant of that id; the default one for "" or an id no assistant has (removed since)."""
    return assistant_with_id(assistant_list(settings), assistant_id) or default_assistant(settings)


def stored_chat_assistant(stored_id: str) -> str:
    """The assistant a chat stored in the history asks: a chat of a build before assistants ('') was asked
    with the single system prompt, which became the first assistant (if it was removed since: the default)."""
    return stored_id or FIRST_ASSISTANT_ID


def with_assistants(settings: Settings, listed: tuple[Assistant, ...], default_id: str) -> Settings:
    """These assistants (at least one; every one named), default_id the default; system_prompt follows the
    default one, so an older build reading the file asks with it."""
    listed = tuple(listed[:ITEMS_KEPT])
    if not listed:
        raise ValueError("there is always an assistant")
    if not all(assistant.name.strip() for assistant in listed):  # the file would drop it: name the first one
        raise ValueError("an assistant without a name (ui.assistant_picker.assistant_name gives the first its name)")
    default = assistant_with_id(listed, default_id) or listed[0]
    return settings.replace(assistants=listed, default_assistant=default.id, system_prompt=default.system_prompt)


def new_assistant(name: str, system_prompt: str = "") -> Assistant:
    return Assistant(new_profile_id(), name.strip()[:NAME_CHARACTERS], system_prompt)  # a stable id, as a profile's


def with_first_assistant_named(settings: Settings, name: str) -> Settings:
    """settings with their assistants stored: with none stored yet, the one the single system prompt became,
    named name (in the user's language), so that what is added beside it (a course's) never replaces it."""
    if settings.assistants:
        return settings
    return with_assistants(settings, (replace(assistant_list(settings)[0], name=name),), settings.default_assistant)
