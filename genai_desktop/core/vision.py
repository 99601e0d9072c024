"""Models that cannot read pictures: a server's refusal recognised, and remembered per model.

A text-only model answers a request with image_url parts with a 400 whose words differ from server
to server; these are the real ones (each cited where it was seen):

- OpenAI (gpt-3.5-turbo, o1-preview; Azure OpenAI and OpenRouter pass it on):
  {"error": {"message": "Invalid content type. image_url is only supported by certain models.",
  "type": "invalid_request_error", "param": "messages.[0].content.[1].type", "code": null}}
  (vllm-project/vllm#11629, browser-use/web-ui#274, danny-avila/LibreChat#6333)
- LiteLLM's proxy wraps the provider's words: "litellm.BadRequestError: OpenAIException - Invalid
  content type. image_url is only supported by certain models.\nReceived Model Group=…" (BerriAI/litellm#18176)
- Ollama: "this model does not support image input" (ollama/ollama#17301); its own capability check
  says "… does not support vision" (server/images.go, errCapabilities + errCapabilityVision)
- vLLM: {"object": "error", "message": "facebook/opt-125m is not a multimodal model None",
  "type": "BadRequestError", "param": null, "code": 400} (studio-dots-ai/dots.ocr#61); some versions
  send the same words with a 500 (vllm-project/vllm#19144)
- LM Studio: {"error": "Model does not support images. Please use a model that does."}
  (lmstudio-ai/lmstudio-bug-tracker#908)
- OpenRouter, when no provider of the model takes pictures, a 404: {"error": {"message": "No endpoints
  found that support image input", "code": 404}} (aaif-goose/goose#5396, openclaw/openclaw#99079). When
  it passes a provider's refusal on, its message is only "Provider returned error" (the provider's
  words are in metadata.raw): that one is not recognised, and stays a plain refusal.

The words alone are not enough (Ollama's message was seen for a request of .tex files,
ollama/ollama#17301): a refusal counts only when the request carried a picture. The model is then
remembered (Settings.models_without_pictures, per server and model name), so the app says so when
a picture is attached next time and does not send one to that model again by itself: only the
user's Retry of such a request asks the model once more (it is forgotten first, and remembered again
if it refuses once more).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterable, Sequence

from .errors import ChatError, ErrorKind
from .records import remembered_entries
from .validation import endpoint_id

if TYPE_CHECKING:
    from .chat import ChatRequest
    from .settings import Settings

PICTURE_REFUSAL = re.compile(
    r"image_url is only supported by certain models"  # OpenAI, Azure, OpenRouter, LiteLLM
    r"|does not support (?:image|vision)"  # Ollama, LM Studio ("Model does not support images")
    r"|is not a multimodal model"  # vLLM
    r"|no endpoints found that support image input"  # OpenRouter
    r"|(?:image|vision|multimodal) (?:input )?is not supported",
    re.IGNORECASE)
# Kinds a picture refusal comes as: a 400/422, OpenRouter's 404, a 500 from the vLLM versions that send one.
REFUSAL_KINDS = frozenset({ErrorKind.BAD_REQUEST, ErrorKind.NOT_FOUND, ErrorKind.SERVER})
REMEMBERED_MODELS = 200  # (server, model) pairs kept: the settings file stays small
REMEMBERED_CHARS = 20_000
REMEMBERED = "remembered"  # ChatError.detail of a refusal the app remembered: nothing was sent

ModelRefusals = tuple[tuple[str, str], ...]  # (server's endpoint id, model name), newest first


def has_pictures(messages: Iterable[dict]) -> bool:
    """A request's messages carry a picture: an image_url part in some message's content."""
    for message in messages:
        content = message.get("content") if isinstance(message, dict) else None
        if isinstance(content, (list, tuple)) and any(
                isinstance(part, dict) and part.get("type") == "image_url" for part in content):
            return True
    return False


def is_picture_refusal(error: ChatError) -> bool:
    """The server's words say the model cannot read pictures (whatever the request was)."""
    return error.kind in REFUSAL_KINDS and bool(PICTURE_REFUSAL.search(error.server_message))


def picture_refusal(error: ChatError, messages: Sequence[dict]) -> ChatError:
    """error as PICTURES_UNSUPPORTED when it refused a request with pictures for that reason, else as it is."""
    if error.kind is ErrorKind.PICTURES_UNSUPPORTED or not is_picture_refusal(error) or not has_pictures(messages):
        return error
    return ChatError(ErrorKind.PICTURES_UNSUPPORTED, server_message=error.server_message, status=error.status,
                     request_id=error.request_id)


def refused_before_sending(settings: "Settings", request: "ChatRequest") -> ChatError | None:
    """The error of a request that must not go: its pictures would go to a model that refused pictures
    before (at the same server). None: it may go."""
    if has_pictures(request.messages) and cannot_read_pictures(settings, request.model):
        return ChatError(ErrorKind.PICTURES_UNSUPPORTED, detail=REMEMBERED)
    return None


def newly_refused_pictures(error: ChatError) -> bool:
    """The server refused pictures now (not a refusal remembered from before): the model is remembered."""
    return error.kind is ErrorKind.PICTURES_UNSUPPORTED and error.detail != REMEMBERED


def refused_unsent(error: ChatError | None) -> bool:
    """error is the app's own refusal of a request with pictures (nothing was sent). Retry then asks the
    model once more: a model can learn to read pictures (LM Studio and Ollama refuse them for a vision
    model whose projector file is missing, lmstudio-ai/lmstudio-bug-tracker#356)."""
    return error is not None and error.kind is ErrorKind.PICTURES_UNSUPPORTED and error.detail == REMEMBERED


def cannot_read_pictures(settings: "Settings", model: str) -> bool:
    """model, at the settings' server, refused pictures before."""
    return (endpoint_id(settings.base_url), model.strip()) in settings.models_without_pictures


def with_refusal(settings: "Settings", model: str) -> ModelRefusals:
    """The remembered models with model (at the settings' server) added first."""
    entry = (endpoint_id(settings.base_url), model.strip())
    return read_refusals((entry, *(known for known in settings.models_without_pictures if known != entry)))


def without_refusal(settings: "Settings", model: str) -> ModelRefusals:
    """The remembered models without model (at the settings' server)."""
    entry = (endpoint_id(settings.base_url), model.strip())
    return tuple(known for known in settings.models_without_pictures if known != entry)


def read_refusals(value: object) -> ModelRefusals:
    """The remembered models as the settings file holds them, [[server, model], …]: an unusable
    entry is dropped, and only the newest REMEMBERED_MODELS (and REMEMBERED_CHARS) are kept.
    Raises ValueError for a value that is no list at all (the settings reader keeps the default)."""
    return remembered_entries(value, 2, all, REMEMBERED_MODELS, REMEMBERED_CHARS)
