"""Logging to a rotating file with every key redacted, tracebacks and chained causes included."""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from pathlib import Path

from .paths import open_private_file
from .redaction import redact

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_HANDLER_NAME = "genai-desktop"


class RedactingFormatter(logging.Formatter):
    """Redacts the finished text, so messages, arguments and exception chains are all covered."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))

    def formatException(self, ei) -> str:  # noqa: N802 - logging's API name
        return redact(super().formatException(ei))


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Each log file, the one made after a rotation too, is user-only (0600) from the moment it exists
    (the base class creates it with the umask: 0644) and is never opened through a symbolic link."""

    def _open(self):
        descriptor = open_private_file(Path(self.baseFilename), os.O_WRONLY | os.O_APPEND)
        return os.fdopen(descriptor, "a", encoding=self.encoding, errors=self.errors)


def ensure_std_streams() -> None:
    """A windowed build has no console: sys.stdout/stderr are None there."""
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115


def setup_logging(log_file: Path, level: str = "INFO") -> None:
    log_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    root = logging.getLogger()
    for handler in list(root.handlers):
        if handler.get_name() == _HANDLER_NAME:
            root.removeHandler(handler)
            handler.close()
    try:
        handler = PrivateRotatingFileHandler(log_file, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError as error:  # a link where the log belongs, a read-only folder: the app runs without a log file
        print(f"genai-desktop: no log file ({log_file}: {error.strerror}); logging to standard error",
              file=sys.stderr)
        handler = logging.StreamHandler(sys.stderr)
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(RedactingFormatter(LOG_FORMAT))
    root.addHandler(handler)
    root.setLevel(getattr(logging, level.upper(), logging.INFO))
    # Transport libraries log request details at DEBUG; they never need to be that loud here.
    for noisy in ("httpx2", "httpcore2", "httpx", "httpcore", "openai"):
        logging.getLogger(noisy).setLevel(max(root.level, logging.INFO))
    logging.captureWarnings(True)
