"""Services built one by one, as app.py builds them, with QtCore only: no window, no widgets.

The real parts: a temp history file, a settings file in a temp folder, the loopback API server.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import TEST_KEY
from genai_desktop.core.settings import Settings
from genai_desktop.qt.history_guard import HistoryGuard, open_history
from genai_desktop.qt.library import Library
from genai_desktop.qt.session import ChatSession
from genai_desktop.qt.settings_service import SettingsService
from genai_desktop.qt.tasks import BackgroundTasks


@dataclass
class Services:
    tasks: BackgroundTasks
    settings: SettingsService
    guard: HistoryGuard
    library: Library
    session: ChatSession | None = None


def build(folder: Path, base_url: str, environ: dict | None = None, session: bool = True, **stored) -> Services:
    tasks = BackgroundTasks()
    environ = {"OPENAI_API_KEY": TEST_KEY} if environ is None else environ
    settings = SettingsService(folder / "settings.json",
                               Settings(**{"base_url": base_url, "model": "fake-model", "read_timeout": 2.0,
                                           "connect_timeout": 2.0, **stored}), environ, tasks)
    guard = HistoryGuard(open_history(folder / "history.sqlite3"))
    library = Library(guard, tasks)
    services = Services(tasks, settings, guard, library)
    if session:
        services.session = ChatSession(settings, guard, library)
    return services


def close(services: Services) -> None:
    if services.session is not None:
        assert services.session.shutdown()
    services.tasks.close()
    services.guard.close()


@pytest.fixture
def make_services(tmp_path, api_server):
    made = []

    def make(**options) -> Services:
        options.setdefault("base_url", api_server.base_url)
        services = build(tmp_path, **options)
        made.append(services)
        return services

    yield make
    for services in made:
        close(services)
