"""The pictures of a turn in its request, until the composer's request content is merged (issue 12).

Import the fixture into a test module to use it (it is autouse there).
"""

from __future__ import annotations

import base64
import dataclasses

import pytest

from genai_desktop.core.attachments import AttachmentKind
from genai_desktop.core.vision import has_pictures


@pytest.fixture(autouse=True)
def pictures_in_requests(monkeypatch):
    """Stands in for the composer engineer's chat_messages (core/conversation.py, issue 12) until it is
    merged: a turn's pictures go as image_url parts with data: URLs. Once the real one sends them this
    does nothing (the request has its pictures already) and can be deleted."""
    from genai_desktop.qt import session as session_module

    real = session_module.request_for

    def request_with_pictures(settings, turns, index, continuing=False, model="", profile=None):
        request = real(settings, turns, index, continuing, model, profile)
        pictures = [part for part in turns[index].message.parts if part.kind is AttachmentKind.PICTURE]
        if has_pictures(request.messages) or not pictures:
            return request
        messages = list(request.messages)
        at = max(i for i, message in enumerate(messages) if message == {"role": "user", "content": turns[index].prompt})
        messages[at] = {"role": "user", "content": [{"type": "text", "text": turns[index].prompt}] + [
            {"type": "image_url", "image_url": {"url": f"data:{part.mime};base64,{base64.b64encode(part.data).decode()}"}}
            for part in pictures]}
        return dataclasses.replace(request, messages=tuple(messages))

    monkeypatch.setattr(session_module, "request_for", request_with_pictures)
