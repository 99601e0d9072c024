"""A model that cannot read pictures, through the real window against the loopback server: the clear
message with nothing lost, the model remembered (in the settings file, across a restart), said at attach
time, and never sent a picture again; another model chosen in the chat answers the same message."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from conftest import send_prompt, transcript_text, wait_idle
from fake_openai_server import PIXEL_PNG
from genai_desktop.core.attachments import Attachment, AttachmentKind
from genai_desktop.core.conversation import UserMessage
from genai_desktop.core.validation import endpoint_id
from genai_desktop.core.vision import has_pictures
from genai_desktop.ui.picture_support import picture_warning

PICTURE = Attachment(AttachmentKind.PICTURE, "screenshot.png", "image/png", len(PIXEL_PNG), data=PIXEL_PNG,
                     width=1, height=1)


def send_picture(qtbot, window, text: str = "What is in this screenshot?") -> None:
    """What the composer does with a message and a picture chip: UserMessage(text, parts) to the session."""
    window.errorBanner.hide()  # as Send does first (Composer.aboutToSend)
    assert window.controller.session.send(UserMessage(text, (PICTURE,)))
    wait_idle(qtbot, window)


def choose_model(qtbot, window, name: str) -> None:
    combo = window.chatModelCombo
    combo.lineEdit().setText(name)
    qtbot.keyClick(combo.lineEdit(), Qt.Key_Return)
    assert window.controller.session.shown.model == name


def settings_file(app_home):
    return json.loads((app_home / "config" / "settings.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("refusal", ["openai", "ollama", "vllm", "lmstudio", "litellm", "openrouter"])
def test_a_refused_picture_is_said_clearly_kept_remembered_and_another_model_answers(
        qtbot, make_window, api_server, app_home, refusal):
    api_server.set_mode("text_only", refusal=refusal, vision_models=["vision-model"])
    window = make_window()
    settings = lambda: window.controller.settings.current.effective  # noqa: E731
    assert picture_warning(settings(), "fake-model") == ""  # nothing known yet

    send_picture(qtbot, window)
    banner = window.errorBanner
    assert banner.isVisible()
    assert banner.titleLabel.text() == "This model cannot read pictures."
    assert "Pick a model that reads pictures" in banner.adviceLabel.text()
    assert "pictures are kept" in banner.adviceLabel.text()
    assert banner.retryButton.isVisible()
    assert [part["type"] for part in api_server.chat_requests()[0].json["messages"][-1]["content"]].count("image_url") == 1
    # nothing lost: the message and its picture are the chat's last turn, shown in the transcript
    turn = window.controller.session.shown.turns[-1]
    assert turn.message == UserMessage("What is in this screenshot?", (PICTURE,))
    assert "What is in this screenshot?" in transcript_text(window)
    # remembered for this server and model, in the settings file too
    entry = [endpoint_id(api_server.base_url), "fake-model"]
    assert settings_file(app_home)["models_without_pictures"] == [entry]
    assert "fake-model cannot read pictures" in picture_warning(settings(), "fake-model")
    assert picture_warning(settings(), "vision-model") == ""

    # Another model chosen in the chat, then Retry: the same message and picture go to it.
    choose_model(qtbot, window, "vision-model")
    qtbot.mouseClick(banner.retryButton, Qt.LeftButton)
    wait_idle(qtbot, window)
    assert not banner.isVisible()
    last = api_server.chat_requests()[-1].json
    assert last["model"] == "vision-model" and has_pictures(last["messages"])
    assert "Hello from the fake server." in transcript_text(window)


def test_a_remembered_model_is_never_sent_a_picture_and_is_said_so_after_a_restart(
        qtbot, make_window, api_server, app_home):
    api_server.set_mode("text_only")
    window = make_window()
    send_picture(qtbot, window)
    assert len(api_server.chat_requests()) == 1
    window.close()

    window = make_window()  # a restart: the settings file is read again
    assert "No answer: This model cannot read pictures." in transcript_text(window)  # as it was worded live
    assert "fake-model cannot read pictures" in picture_warning(window.controller.settings.current.effective,
                                                                "fake-model")
    send_picture(qtbot, window, "And this one?")
    assert len(api_server.chat_requests()) == 1  # not sent
    banner = window.errorBanner
    assert banner.isVisible()
    assert banner.titleLabel.text() == "This model cannot read pictures: it refused them before, so nothing was sent."
    assert "Retry asks it once more" in banner.adviceLabel.text()
    assert window.controller.session.shown.turns[-1].message.parts == (PICTURE,)  # kept

    # Text alone still goes to that model; the remembered entry is stored once.
    send_prompt(qtbot, window, "Just text, then.")
    wait_idle(qtbot, window)
    assert len(api_server.chat_requests()) == 2
    assert not has_pictures(api_server.chat_requests()[-1].json["messages"])
    assert len(settings_file(app_home)["models_without_pictures"]) == 1


def test_retry_after_a_remembered_refusal_asks_the_model_once_more(qtbot, make_window, api_server, app_home):
    """The user's own Retry is the way out when a model learnt to read pictures (LM Studio and Ollama refuse
    them for a vision model whose projector file was missing): asked once, remembered again if it refuses."""
    api_server.set_mode("text_only")
    window = make_window()
    send_picture(qtbot, window)
    send_picture(qtbot, window, "And this one?")
    assert len(api_server.chat_requests()) == 1  # the second was not sent
    banner = window.errorBanner
    qtbot.mouseClick(banner.retryButton, Qt.LeftButton)
    wait_idle(qtbot, window)
    assert len(api_server.chat_requests()) == 2  # asked once more, refused again
    assert banner.titleLabel.text() == "This model cannot read pictures."
    assert settings_file(app_home)["models_without_pictures"] == [[endpoint_id(api_server.base_url), "fake-model"]]
    send_picture(qtbot, window, "A third one?")
    assert len(api_server.chat_requests()) == 2  # remembered again: not sent

    api_server.set_mode("text_only", vision_models=["fake-model"])  # it reads pictures now
    qtbot.mouseClick(banner.retryButton, Qt.LeftButton)
    wait_idle(qtbot, window)
    assert len(api_server.chat_requests()) == 3 and has_pictures(api_server.chat_requests()[-1].json["messages"])
    assert "Hello from the fake server." in transcript_text(window)
    assert settings_file(app_home)["models_without_pictures"] == []
    assert picture_warning(window.controller.settings.current.effective, "fake-model") == ""


def test_a_model_of_another_server_with_the_same_name_is_not_affected(qtbot, make_window, api_server):
    api_server.set_mode("text_only")
    window = make_window()
    send_picture(qtbot, window)
    here = window.controller.settings.current.effective
    assert picture_warning(here, "fake-model")
    elsewhere = here.replace(base_url="https://api.example.com/v1")
    assert picture_warning(elsewhere, "fake-model") == ""
