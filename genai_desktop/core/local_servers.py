"""The first-start probe: is a local Ollama or LM Studio answering on its default port (issue 13)?

A course participant with a local model can then chat without an account. The probe asks only this
computer (the presets' loopback addresses), never through a proxy, with a short timeout, and reads at
most a small answer; it runs off the GUI thread (qt/settings_service.py).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

from .presets import PRESETS
from .validation import is_model_name

log = logging.getLogger(__name__)
PROBE_SECONDS = 0.5  # a server on this computer answers /v1/models within milliseconds
ANSWER_BYTES = 1_000_000
MODELS_KEPT = 200


@dataclass(frozen=True)
class LocalServer:
    preset: str  # core.presets id: "ollama" or "lmstudio"
    base_url: str
    models: tuple[str, ...]  # what its /v1/models lists (may be empty: nothing downloaded yet)


def local_candidates() -> tuple[tuple[str, str], ...]:
    """(preset id, base URL) of the servers looked for: the local presets, at 127.0.0.1 (not a name
    that a hosts file could point elsewhere)."""
    return tuple((p.id, p.base_url.replace("//localhost:", "//127.0.0.1:")) for p in PRESETS if p.local)


def find_local_servers(candidates: tuple[tuple[str, str], ...] | None = None,
                       timeout: float = PROBE_SECONDS) -> tuple[LocalServer, ...]:
    """The candidates that answer /models like an OpenAI-compatible server, in order."""
    import urllib.request  # 17 ms: on the probe's thread, not while the window is built

    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never a proxy for this computer
    found = []
    for preset_id, base_url in candidates if candidates is not None else local_candidates():
        try:
            with opener.open(base_url.rstrip("/") + "/models", timeout=timeout) as answer:
                body = json.loads(answer.read(ANSWER_BYTES + 1)[:ANSWER_BYTES])
        except (OSError, ValueError):  # refused, timed out, not JSON, cut at the limit
            continue
        data = body.get("data") if isinstance(body, dict) else None
        if not isinstance(data, list):
            continue
        names = [entry.get("id") for entry in data[:MODELS_KEPT] if isinstance(entry, dict)]
        found.append(LocalServer(preset_id, base_url, tuple(name for name in names if is_model_name(name))))
        log.info("a local server answers: %s with %d models", preset_id, len(found[-1].models))
    return tuple(found)
