"""Reading and writing settings.json: atomic writes, corrupt files moved aside."""

from __future__ import annotations

import json
import logging
import os
import stat
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


# Settings are a few hundred bytes; anything far larger is not a settings file (and is not read into memory).
SETTINGS_SIZE_LIMIT = 1_000_000


def _read_regular_file(path: Path, limit: int) -> bytes | None:
    """At most limit bytes of path, or None if it is no regular file. Opened without blocking: a FIFO
    named settings.json would otherwise block every start in open(), and a device is never read. A
    link to a regular file is followed (a dotfile manager links settings.json into the config folder)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            return None
        return handle.read(limit)


def load_settings(path: Path) -> LoadedSettings:
    """The stored settings; a file that cannot be read as settings is moved aside and defaults are used."""
    try:
        raw = _read_regular_file(path, SETTINGS_SIZE_LIMIT + 1)
    except FileNotFoundError:
        return LoadedSettings(Settings())
    except OSError as error:  # a folder of that name, no permission: defaults, and the file is left alone
        log.warning("settings file could not be read (%s); default settings are used", error.strerror)
        return LoadedSettings(Settings())
    try:
        if raw is None:
            raise ValueError("settings file is not a regular file")
        if len(raw) > SETTINGS_SIZE_LIMIT:
            raise ValueError("settings file is too large")
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict):
            raise ValueError("settings file does not hold a JSON object")
        return LoadedSettings(Settings.from_json_dict(data))
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, UnicodeDecodeError; deep nesting
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = path.with_name(f"{path.name}.corrupt-{stamp}")
        try:
            os.replace(path, aside)
        except OSError as error:
            log.warning("settings file was unreadable (%s) and could not be moved aside (%s)",
                        type(exc).__name__, error.strerror)
            return LoadedSettings(Settings())
        log.warning("settings file was unreadable (%s); moved to %s", type(exc).__name__, aside)
        return LoadedSettings(Settings(), moved_aside=aside)


def save_settings(path: Path, settings: Settings) -> None:
    data = json.dumps(settings.to_json_dict(), indent=2, ensure_ascii=False).encode("utf-8")
    write_private_file_atomically(path, data + b"\n")
