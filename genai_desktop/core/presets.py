"""Presets that fill the profile form for the servers course participants use (issue 13).

A preset is facts (address, a model to start with, whether a key is needed); the UI words its name and
hints. The Azure checks say what the user most often pastes instead of the v1 address and a deployment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from urllib.parse import urlsplit

OTHER = "other"
# The SDK always sends a key: a server that needs none (a local Ollama, LM Studio) gets this one, never a real key.
NO_KEY_NEEDED = "no-key-needed"


@dataclass(frozen=True)
class Preset:
    id: str
    name: str  # a product's own name, the same in every language ("other" is worded by the UI)
    base_url: str  # for Azure a template: <resource> is the user's
    model: str  # a model to start with; for Azure the deployment's name, which only the user knows
    needs_key: bool = True
    local: bool = False  # on this computer: found by the first-start probe


PRESETS: tuple[Preset, ...] = (
    Preset("openai", "OpenAI", "https://api.openai.com/v1", "gpt-5-mini"),
    Preset("azure", "Azure OpenAI", "https://<resource>.openai.azure.com/openai/v1/", ""),
    Preset("openrouter", "OpenRouter", "https://openrouter.ai/api/v1", "openrouter/auto"),
    Preset("mistral", "Mistral", "https://api.mistral.ai/v1", "mistral-small-latest"),
    Preset("gemini", "Google Gemini", "https://generativelanguage.googleapis.com/v1beta/openai/", "gemini-2.5-flash"),
    Preset("ollama", "Ollama", "http://localhost:11434/v1", "", needs_key=False, local=True),
    Preset("lmstudio", "LM Studio", "http://localhost:1234/v1", "", needs_key=False, local=True),
    Preset(OTHER, "", "", ""),
)
AZURE_PLACEHOLDER = "<resource>"


def preset(preset_id: str) -> Preset:
    """The preset of that id; an unknown one (a newer build's) is "other"."""
    return next((p for p in PRESETS if p.id == preset_id), PRESETS[-1])


def key_to_send(preset_id: str, stored_key: str) -> str:
    """The key a request carries: the stored one; for a server that needs none and has none, a stand-in."""
    if stored_key or preset(preset_id).needs_key:
        return stored_key
    return NO_KEY_NEEDED


def guess_preset(base_url: str) -> str:
    """Which preset an address belongs to (the first profile, migrated from an address alone)."""
    try:
        parts = urlsplit(base_url.strip())
        host, port = (parts.hostname or "").lower(), parts.port
    except ValueError:
        return OTHER
    if host.endswith(".openai.azure.com"):
        return "azure"
    for candidate in PRESETS[:-1]:
        known = urlsplit(candidate.base_url)
        if candidate.id != "azure" and known.hostname == host and (not candidate.local or known.port == port):
            return candidate.id
    return OTHER


class AzureHint(Enum):
    DEPLOYMENT_URL = "deployment_url"  # a deployment's full address pasted: the v1 address and its name are offered
    NOT_V1 = "not_v1"  # the resource's address without /openai/v1/: the v1 form is offered
    PLACEHOLDER = "placeholder"  # <resource> still in the address
    MODEL_NAME = "model_name"  # a model's name where the deployment's name belongs (they can differ)


@dataclass(frozen=True)
class AzureAdvice:
    hint: AzureHint
    base_url: str = ""  # the address to use instead, if one follows from what was pasted
    model: str = ""  # the deployment's name, if the pasted address named it


_DEPLOYMENT = re.compile(r"/openai/deployments/([^/?#]+)", re.IGNORECASE)
_MODEL_NAME = re.compile(r"^(gpt-[0-9]|o[0-9]|chatgpt-|text-embedding-|dall-e|whisper|tts-)", re.IGNORECASE)


def azure_advice(base_url: str, model: str) -> tuple[AzureAdvice, ...]:
    """What to tell a user filling the Azure form: the address first, then the deployment name."""
    advice = []
    address = base_url.strip()
    if AZURE_PLACEHOLDER in address:
        advice.append(AzureAdvice(AzureHint.PLACEHOLDER))
    else:
        try:
            parts = urlsplit(address)
            origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
        except ValueError:
            origin = ""
        deployment = _DEPLOYMENT.search(address)
        if origin and deployment:
            advice.append(AzureAdvice(AzureHint.DEPLOYMENT_URL, f"{origin}/openai/v1/", deployment.group(1)))
        elif origin and not parts.path.rstrip("/").lower().endswith("/openai/v1"):
            advice.append(AzureAdvice(AzureHint.NOT_V1, f"{origin}/openai/v1/"))
    if _MODEL_NAME.match(model.strip()):
        advice.append(AzureAdvice(AzureHint.MODEL_NAME))
    return tuple(advice)
