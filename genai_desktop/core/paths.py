"""Where the app keeps its files: per-user dirs, or all under GENAI_DESKTOP_HOME."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

HOME_ENV = "GENAI_DESKTOP_HOME"
APP_DIR_NAME = "GenAI Desktop"


@dataclass(frozen=True)
class AppPaths:
    config_dir: Path
    data_dir: Path
    log_dir: Path

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def history_file(self) -> Path:
        return self.data_dir / "history.sqlite3"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "genai-desktop.log"

    def ensure(self) -> "AppPaths":
        """Create the folders user-only (0700), or make them so; the files in them are private too."""
        for folder in (self.config_dir, self.data_dir, self.log_dir):
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            if os.name != "nt" and folder.stat().st_mode & 0o077:
                try:
                    folder.chmod(0o700)
                except OSError as error:  # a USB stick's FAT, a folder of another user: used as it is
                    log.warning("%s could not be made user-only: %s", folder, error.strerror)
        return self


def create_private_file(path: Path) -> None:
    """An empty user-only (0600) file, unless it exists; never readable by others for a moment."""
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def app_paths(environ: dict[str, str] | None = None) -> AppPaths:
    environ = os.environ if environ is None else environ
    home = environ.get(HOME_ENV, "").strip()
    if home:
        root = Path(home).expanduser()
        return AppPaths(root / "config", root / "data", root / "logs")
    import platformdirs

    return AppPaths(
        Path(platformdirs.user_config_dir(APP_DIR_NAME, appauthor=False)),
        Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False)),
        Path(platformdirs.user_log_dir(APP_DIR_NAME, appauthor=False)),
    )
