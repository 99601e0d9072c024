"""Logging to a rotating file with every key redacted, tracebacks and chained causes included."""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from pathlib import Path

from .paths import create_private_file
from .redaction import redact

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_HANDLER_NAME = "genai-desktop"


class RedactingFormatter(logging.Formatter):
    """Redacts the finished text, so messages, arguments and exception chains are all covered."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))

    def formatException(self, ei) -> str:  # noqa: N802 - logging's API name
        return redact(super().formatException(ei))


def ensure_std_streams() -> None:
    """A windowed build has no console: sys.stdout/stderr are None there."""
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115


def setup_logging(log_file: Path, level: str = "INFO") -> None:
    log_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not log_file.exists():
        create_private_file(log_file)
    root = logging.getLogger()
    for handler in list(root.handlers):
        if handler.get_name() == _HANDLER_NAME:
            root.removeHandler(handler)
            handler.close()
    handler = logging.handlers.RotatingFileHandler(log_file, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(RedactingFormatter(LOG_FORMAT))
    root.addHandler(handler)
    root.setLevel(getattr(logging, level.upper(), logging.INFO))
    # Transport libraries log request details at DEBUG; they never need to be that loud here.
    for noisy in ("httpx2", "httpcore2", "httpx", "httpcore", "openai"):
        logging.getLogger(noisy).setLevel(max(root.level, logging.INFO))
    logging.captureWarnings(True)
