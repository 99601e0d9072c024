"""The services the window talks to, built together: the only way from the UI to the core's I/O.

Each service has one job and can be built alone in a test (QtCore only); this composite is what
`window.controller` is, so tests and embedders keep one handle on all of them. The composition
root (app.py) reads the settings and opens the history once and hands them in.
"""

from __future__ import annotations

from pathlib import Path
from typing import Mapping

from PySide6.QtCore import QObject

from ..core.settings import Settings
from ..core.trust import TrustStore
from .courses import CourseService
from .history_guard import HistoryGuard, OpenedHistory
from .library import Library
from .model_lists import ModelLists
from .notices import HistoryDamaged, HistoryMovedAside, HistoryNotOpened, HistoryWriteFailed, NoticeBridge
from .session import ChatSession
from .settings_service import SettingsService
from .tasks import BackgroundTasks
from .trust_service import TrustService


class ChatController(QObject):
    def __init__(self, settings_file: Path, stored: Settings, history: OpenedHistory, environ: Mapping[str, str],
                 notices: NoticeBridge | None = None, parent: QObject | None = None):
        """stored and history: as the composition root read and opened them. notices may already hold
        what happened before (the settings file moved aside)."""
        super().__init__(parent)
        self.notices = notices or NoticeBridge(self)
        self.tasks = BackgroundTasks(self)
        self.settings = SettingsService(settings_file, stored, environ, self.tasks, self)
        self.models = ModelLists(self.settings, self)
        self.trust = TrustService(TrustStore(self.settings.trust_folder), self)
        self.courses = CourseService(self.settings, self.trust, self)
        self.guard = HistoryGuard(history, self)
        self.guard.failed.connect(lambda error: self.notices.post(HistoryWriteFailed(error)))
        self.guard.damaged.connect(lambda: self.notices.post(HistoryDamaged()))
        if history.store.moved_aside is not None:
            self.notices.post(HistoryMovedAside(history.store.moved_aside, history.store.salvaged))
        elif history.problem is not None:
            self.notices.post(HistoryNotOpened(history.problem))
        self.library = Library(self.guard, self.tasks, self)
        self.session = ChatSession(self.settings, self.guard, self.library, self)
        self.guard.start(self.tasks)
        self.session.open(self.settings.current.stored.open_conversation or None)

    def shutdown(self, timeout_ms: int = 3000) -> bool:
        """Store what streams, stop the worker (bounded wait) and close the history. Safe to call twice.

        False if the worker thread still runs: then the process must end without destroying it.
        """
        stopped = self.session.shutdown(timeout_ms)
        self.tasks.close()
        if not self.guard.closed:
            self.guard.close()
        return stopped
