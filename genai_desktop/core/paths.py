"""Where the app keeps its files: per-user dirs, or all under GENAI_DESKTOP_HOME."""

from __future__ import annotations

import logging
import os
import stat
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

HOME_ENV = "GENAI_DESKTOP_HOME"
APP_DIR_NAME = "GenAI Desktop"
# Windows has no POSIX modes (chmod only toggles read-only) and locks with msvcrt, not flock. A module
# value, read at each call, so tests on Linux can walk the Windows paths (tests/test_windows_paths.py).
WINDOWS = os.name == "nt"


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
        """Create the folders user-only (0700), or make them so; the files in them are private too.

        Raises LinkedFolder when one of them is a symbolic link: whoever could put it there (a shared
        GENAI_DESKTOP_HOME, another program) would choose where settings, history and log go. A folder
        of another user is used as it is, never chmod-ed.
        """
        for folder in (self.config_dir, self.data_dir, self.log_dir):
            if folder.is_symlink():
                raise LinkedFolder(folder)
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            info = folder.lstat()
            if stat.S_ISLNK(info.st_mode):  # made a link between the check and mkdir
                raise LinkedFolder(folder)
            if not WINDOWS and info.st_mode & 0o077:
                if info.st_uid != os.getuid():
                    log.warning("%s belongs to another user; it is used as it is", folder)
                    continue
                try:
                    folder.chmod(0o700)  # not a link: checked above
                except OSError as error:  # a USB stick's FAT: used as it is
                    log.warning("%s could not be made user-only: %s", folder, error.strerror)
        return self


class LinkedFolder(Exception):
    """One of the app's own folders is a symbolic link; the app does not use it."""

    def __init__(self, folder: Path):
        super().__init__(f"{folder} is a symbolic link")
        self.folder = folder


# Windows has no O_NOFOLLOW; creating links there needs rights (or developer mode) users rarely have.
NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)


def open_private_file(path: Path, flags: int) -> int:
    """os.open of a file of the app's, created user-only (0600) so it is never readable by others for a
    moment, and never through a symbolic link (OSError: ELOOP), so a link cannot redirect what is written."""
    return os.open(path, flags | os.O_CREAT | NO_FOLLOW | getattr(os, "O_BINARY", 0), 0o600)


def create_private_file(path: Path) -> None:
    """An empty user-only (0600) file, unless it exists; never through a symbolic link."""
    os.close(open_private_file(path, os.O_WRONLY))


def app_paths(environ: dict[str, str] | None = None, platform_dirs=None) -> AppPaths:
    """The app's folders; platform_dirs is a platformdirs class (default: this system's), so a test can ask
    where Windows or macOS would put them."""
    environ = os.environ if environ is None else environ
    home = environ.get(HOME_ENV, "").strip()
    if home:
        root = Path(home).expanduser()
        return AppPaths(root / "config", root / "data", root / "logs")
    if platform_dirs is None:
        import platformdirs

        platform_dirs = platformdirs.PlatformDirs
    # Not roaming: on Windows everything is under %LOCALAPPDATA% (the history is no file to sync).
    dirs = platform_dirs(APP_DIR_NAME, appauthor=False)
    return AppPaths(Path(dirs.user_config_dir), Path(dirs.user_data_dir), Path(dirs.user_log_dir))
