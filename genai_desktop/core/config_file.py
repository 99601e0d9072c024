"""Reading and writing settings.json: atomic writes, corrupt files moved aside."""

from __future__ import annotations

import json
import logging
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LoadedSettings:
    settings: Settings
    moved_aside: Path | None = None  # where a corrupt file went, to tell the user


def write_private_file_atomically(path: Path, data: bytes) -> None:
    """Temp file in the same folder (0600), fsync, rename over the target, fsync the folder."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        try:
            os.unlink(temp_name)
        except OSError:
            pass
        raise
    if hasattr(os, "O_DIRECTORY"):
        dir_fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def load_settings(path: Path) -> LoadedSettings:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return LoadedSettings(Settings())
    try:
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict):
            raise ValueError("settings file does not hold a JSON object")
        return LoadedSettings(Settings.from_json_dict(data))
    except ValueError as exc:  # includes JSONDecodeError and UnicodeDecodeError
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = path.with_name(f"{path.name}.corrupt-{stamp}")
        os.replace(path, aside)
        log.warning("settings file was unreadable (%s); moved to %s", type(exc).__name__, aside)
        return LoadedSettings(Settings(), moved_aside=aside)


def save_settings(path: Path, settings: Settings) -> None:
    data = json.dumps(settings.to_json_dict(), indent=2, ensure_ascii=False).encode("utf-8")
    write_private_file_atomically(path, data + b"\n")
