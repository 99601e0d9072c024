"""Profiles an administrator presets for every user of a machine (issue 13 point 6).

The file is read at each start from, in order:
  1. the file named by GENAI_DESKTOP_PROFILES, if set;
  2. with GENAI_DESKTOP_HOME set (portable use, tests): profiles.json in that folder;
  3. otherwise profiles.json in the system-wide configuration folder (platformdirs.site_config_dir):
     Windows  C:\\ProgramData\\GenAI Desktop\\profiles.json
     macOS    /Library/Application Support/GenAI Desktop/profiles.json
     Linux    /etc/xdg/GenAI Desktop/profiles.json (the first folder of XDG_CONFIG_DIRS)

It holds {"profiles": [{"name", "base_url", "model", "preset", "headers", "secret_headers", "proxy",
"context_tokens", "id"}, …], "default": "<name or id>"} — the fields of core.profiles.Profile; no keys
(each user's key goes into their keyring). A profile without "id" gets one made from its name, so the
chats and keyring entries of a user keep pointing at it. A preset profile the user does not have (by id)
is added; one they have is theirs (their edits stay). The default applies only to a user who has set up
nothing yet. A file that cannot be read or is not such an object is ignored with a log line.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Mapping

from .profiles import Profile, profile_with_id, read_profiles
from .settings import DEFAULT_BASE_URL, Settings

log = logging.getLogger(__name__)
PROFILES_ENV = "GENAI_DESKTOP_PROFILES"
FILE_NAME = "profiles.json"
FILE_SIZE_LIMIT = 1_000_000


def admin_file(environ: Mapping[str, str]) -> Path:
    """Where the administrator's file is looked for (see the module's docstring)."""
    from .paths import APP_DIR_NAME, HOME_ENV

    if environ.get(PROFILES_ENV, "").strip():
        return Path(environ[PROFILES_ENV].strip())
    if environ.get(HOME_ENV, "").strip():
        return Path(environ[HOME_ENV].strip()) / FILE_NAME
    import platformdirs

    return Path(platformdirs.site_config_dir(APP_DIR_NAME, appauthor=False)) / FILE_NAME


def _with_ids(entries: list) -> list:
    """Entries without an id get "admin-<name as a slug>" (the same at every start)."""
    given = []
    for entry in entries:
        if isinstance(entry, dict) and not entry.get("id") and isinstance(entry.get("name"), str):
            slug = re.sub(r"[^a-z0-9]+", "-", entry["name"].strip().lower()).strip("-") or "profile"
            entry = {**entry, "id": f"admin-{slug}"}
        given.append(entry)
    return given


def read_admin_file(path: Path) -> tuple[tuple[Profile, ...], str]:
    """The preset profiles and the default's id ("" for none); nothing if the file is absent or unusable."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(FILE_SIZE_LIMIT + 1)
    except FileNotFoundError:
        return (), ""
    except OSError as error:
        log.warning("the administrator's profile file %s could not be read: %s", path, error.strerror)
        return (), ""
    try:
        if len(raw) > FILE_SIZE_LIMIT:
            raise ValueError("too large")
        data = json.loads(raw.decode("utf-8"))
        entries = data.get("profiles") if isinstance(data, dict) else data
        profiles = read_profiles(_with_ids(entries if isinstance(entries, list) else []))
    except (ValueError, RecursionError) as error:
        log.warning("the administrator's profile file %s is not usable: %s", path, type(error).__name__)
        return (), ""
    wanted = data.get("default", "") if isinstance(data, dict) else ""
    default = next((p.id for p in profiles if isinstance(wanted, str) and wanted in (p.id, p.name)), "")
    log.info("the administrator presets %d profiles (%s)", len(profiles), path)
    return profiles, default


def with_admin_profiles(settings: Settings, environ: Mapping[str, str]) -> Settings:
    """The user's settings with the administrator's profiles they do not have yet."""
    preset, default = read_admin_file(admin_file(environ))
    if not preset:
        return settings
    listed = settings.profile_list()
    taken = {p.name.casefold() for p in listed}
    added = tuple(p for p in preset if profile_with_id(listed, p.id) is None and p.name.casefold() not in taken)
    untouched = not settings.profiles and settings.base_url == DEFAULT_BASE_URL  # nothing set up yet
    if not added and not (untouched and default):
        return settings
    if untouched:
        # the first profile was never set up: the administrator's list replaces it
        return settings.with_profiles(preset, default or preset[0].id)
    return settings.with_profiles(listed + added, settings.default_profile_id())
