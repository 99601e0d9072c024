"""A model that cannot read pictures: its refusal recognised from each server's real words (see
core/vision.py for where each was seen), through the real SDK against the loopback server, and
remembered per server and model in the settings."""

from __future__ import annotations

import base64
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import TEST_KEY
from fake_openai_server import PICTURE_REFUSALS, PIXEL_PNG
from genai_desktop.core.chat import ChatRequest
from genai_desktop.core.errors import ChatError, ErrorKind
from genai_desktop.core.llm import CancelToken, run_chat
from genai_desktop.core.settings import Settings
from genai_desktop.core.validation import endpoint_id
from genai_desktop.core.vision import (
    REMEMBERED, REMEMBERED_MODELS, cannot_read_pictures, has_pictures, newly_refused_pictures, read_refusals,
    refused_before_sending, with_refusal)

PICTURE_URL = "data:image/png;base64," + base64.b64encode(PIXEL_PNG).decode()
WITH_PICTURE = ({"role": "user", "content": [{"type": "text", "text": "What is this?"},
                                             {"type": "image_url", "image_url": {"url": PICTURE_URL}}]},)
TEXT_ONLY = ({"role": "user", "content": "What is this?"},)

# The words each server says (the body's message as the app shows it)
REFUSAL_WORDS = {
    "openai": "Invalid content type. image_url is only supported by certain models.",
    "litellm": "image_url is only supported by certain models",
    "ollama": "this model does not support image input",
    "vllm": "text-model is not a multimodal model",
    "vllm_500": "text-model is not a multimodal model",
    "lmstudio": "Model does not support images. Please use a model that does.",
    "openrouter": "No endpoints found that support image input",
}


def ask(server, messages, model: str = "text-model"):
    request = ChatRequest(base_url=server.base_url, model=model, api_key=TEST_KEY, messages=messages,
                          read_timeout=5, connect_timeout=2)
    return run_chat(request, CancelToken(), lambda _text: None, on_retry=lambda _wait: None)


@pytest.mark.parametrize("refusal", sorted(PICTURE_REFUSALS))
def test_each_servers_refusal_of_a_picture_is_pictures_unsupported_with_its_words(api_server, refusal):
    api_server.set_mode("text_only", refusal=refusal)
    with pytest.raises(ChatError) as raised:
        ask(api_server, WITH_PICTURE)
    error = raised.value
    assert error.kind is ErrorKind.PICTURES_UNSUPPORTED
    assert error.status == PICTURE_REFUSALS[refusal][0]
    assert REFUSAL_WORDS[refusal] in error.server_message
    assert newly_refused_pictures(error)
    assert len(api_server.chat_requests()) == 1  # a refusal is not asked again (vLLM's 500 neither)


def test_lm_studios_error_string_is_the_servers_message_not_the_sdks_dump(api_server):
    """{"error": "…"} (LM Studio, Ollama's native routes): the words alone, as with {"error": {"message": …}}."""
    api_server.set_mode("text_only", refusal="lmstudio")
    with pytest.raises(ChatError) as raised:
        ask(api_server, WITH_PICTURE)
    assert raised.value.server_message == "Model does not support images. Please use a model that does."


def test_the_same_words_for_a_request_without_pictures_are_a_plain_refusal(api_server):
    """Ollama's words were seen for a request of .tex files (ollama/ollama#17301): no picture, no vision verdict."""
    api_server.set_mode("status", status=400, error_message="this model does not support image input")
    with pytest.raises(ChatError) as raised:
        ask(api_server, TEXT_ONLY)
    assert raised.value.kind is ErrorKind.BAD_REQUEST


def test_other_refusals_of_a_picture_request_keep_their_kind(api_server):
    api_server.set_mode("status", status=400, error_message="We could not parse the JSON body of your request.")
    with pytest.raises(ChatError) as raised:
        ask(api_server, WITH_PICTURE)
    assert raised.value.kind is ErrorKind.BAD_REQUEST
    api_server.set_mode("status", status=401)
    with pytest.raises(ChatError) as raised:
        ask(api_server, WITH_PICTURE)
    assert raised.value.kind is ErrorKind.AUTH
    api_server.set_mode("status", status=404)  # the model is not there: no verdict on its pictures
    with pytest.raises(ChatError) as raised:
        ask(api_server, WITH_PICTURE)
    assert raised.value.kind is ErrorKind.NOT_FOUND


def test_a_vision_model_and_a_text_request_are_answered(api_server):
    api_server.set_mode("text_only", vision_models=["vision-model"])
    assert ask(api_server, WITH_PICTURE, model="vision-model").text == "Hello from the fake server."
    assert ask(api_server, TEXT_ONLY).text == "Hello from the fake server."


def test_has_pictures_looks_at_every_message_and_part():
    assert has_pictures(WITH_PICTURE)
    assert not has_pictures(TEXT_ONLY)
    earlier = ({"role": "user", "content": [{"type": "image_url", "image_url": {"url": PICTURE_URL}}]},
               {"role": "assistant", "content": "A pixel."}, *TEXT_ONLY)
    assert has_pictures(earlier)  # a picture of an earlier turn goes with the request too
    assert not has_pictures(({"role": "user", "content": [{"type": "text", "text": "image_url"}]},))


def test_a_refused_model_is_remembered_per_server_and_never_sent_a_picture():
    settings = Settings(base_url="https://gateway.example/v1/")
    assert not cannot_read_pictures(settings, "text-model")
    settings = settings.replace(models_without_pictures=with_refusal(settings, "text-model"))
    assert settings.models_without_pictures == ((endpoint_id("https://gateway.example/v1"), "text-model"),)
    assert cannot_read_pictures(settings, "text-model")
    assert not cannot_read_pictures(settings, "vision-model")
    assert not cannot_read_pictures(settings.replace(base_url="http://localhost:11434/v1"), "text-model")

    def request(messages, model="text-model"):
        return ChatRequest(base_url=settings.base_url, model=model, api_key="", messages=messages)

    refused = refused_before_sending(settings, request(WITH_PICTURE))
    assert refused is not None and refused.kind is ErrorKind.PICTURES_UNSUPPORTED and refused.detail == REMEMBERED
    assert not newly_refused_pictures(refused)  # remembered already: not stored again
    assert refused_before_sending(settings, request(TEXT_ONLY)) is None
    assert refused_before_sending(settings, request(WITH_PICTURE, "vision-model")) is None


def test_remembered_models_survive_the_settings_file_and_stay_bounded():
    settings = Settings()
    for number in range(REMEMBERED_MODELS + 20):
        settings = settings.replace(models_without_pictures=with_refusal(settings, f"model-{number}"))
    remembered = settings.models_without_pictures
    assert len(remembered) == REMEMBERED_MODELS
    assert remembered[0][1] == f"model-{REMEMBERED_MODELS + 19}"  # the newest first
    again = Settings.from_json_dict(json.loads(json.dumps(settings.to_json_dict())))
    assert again.models_without_pictures == remembered
    settings = settings.replace(models_without_pictures=with_refusal(settings, "model-150"))
    assert [name for _server, name in settings.models_without_pictures].count("model-150") == 1


@pytest.mark.parametrize("stored", ["text-model", 3, None, {"a": "b"}])
def test_an_unusable_stored_value_keeps_the_default(stored):
    assert Settings.from_json_dict({"models_without_pictures": stored}).models_without_pictures == ()


def test_unusable_entries_are_dropped():
    assert read_refusals([["https://x/v1", "m"], ["only one"], [1, 2], ["https://x/v1", ""], ["a\0", "b"],
                          ["https://x/v1", "m"], ["https://y/v1", "\udcff"], ("https://y/v1", "n")]) == (
        ("https://x/v1", "m"), ("https://y/v1", "n"))


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
                    lambda inner: st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
                    max_leaves=40)


@settings(max_examples=300, deadline=None)
@given(JSON)
def test_any_stored_value_gives_usable_bounded_refusals(value):
    """Any program can write the settings file: whatever it holds, the remembered models are pairs of
    non-empty texts the file can hold again, within the bounds."""
    remembered = Settings.from_json_dict({"models_without_pictures": value}).models_without_pictures
    assert len(remembered) <= REMEMBERED_MODELS
    assert len(set(remembered)) == len(remembered)
    for server, model in remembered:
        assert isinstance(server, str) and isinstance(model, str) and server and model
    json.dumps(Settings(models_without_pictures=remembered).to_json_dict())
