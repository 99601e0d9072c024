"""Notices for the user that can arise before a window listens, kept until it does.

Like qutebrowser's GlobalMessageBridge: the settings file moved aside at start, a history that
was damaged or could not be opened, a write that failed while the window was still being built.
They are posted here as they happen and replayed, in order, when the window calls flush();
after that they go out at once. No one has to pull early state by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from ..core.records import HistoryError


@dataclass(frozen=True)
class SettingsMovedAside:
    """The settings file could not be read; it was moved to path and defaults are in use."""

    path: Path


@dataclass(frozen=True)
class HistoryMovedAside:
    """The history was damaged: moved to path, salvaged messages copied into a fresh one."""

    path: Path
    salvaged: int


@dataclass(frozen=True)
class HistoryNotOpened:
    """The history could not be opened (newer version, a link, locked): this session stays in memory."""

    error: HistoryError


@dataclass(frozen=True)
class HistoryWriteFailed:
    """A history write failed (disk full, locked): the text stays in memory."""

    error: HistoryError


@dataclass(frozen=True)
class HistoryDamaged:
    """A damaged page was found: it is repaired at the next start."""


class NoticeBridge(QObject):
    posted = Signal(object)  # one of the notices above

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._held: list[object] | None = []  # None once flushed: notices go out at once

    def post(self, notice: object) -> None:
        if self._held is None:
            self.posted.emit(notice)
        else:
            self._held.append(notice)

    def flush(self) -> None:
        """The window listens now: the notices so far, in order, and every later one at once."""
        held, self._held = self._held or [], None
        for notice in held:
            self.posted.emit(notice)
