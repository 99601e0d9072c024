"""SettingsService alone (QtCore, a temp settings file, the loopback server)."""

from __future__ import annotations

import json

from services_fixtures import make_services  # noqa: F401 - a fixture
from conftest import TEST_KEY
from genai_desktop.core.settings import KeySource


def test_saving_writes_the_file_and_says_what_applies(qtbot, make_services, tmp_path):
    settings = make_services(environ={"GENAI_DESKTOP_MODEL": "env-model"}, session=False).settings
    with qtbot.waitSignal(settings.changed) as changed:
        settings.save(settings.current.stored.replace(model="my-model", temperature=0.3))
    current = changed.args[0]
    assert current is settings.current and current.stored.model == "my-model"
    assert current.effective.model == "env-model" and "model" in current.from_environment
    assert json.loads((tmp_path / "settings.json").read_text())["model"] == "my-model"


def test_the_key_state_names_where_the_key_is(qtbot, make_services):
    settings = make_services(session=False).settings
    with qtbot.waitSignal(settings.keyStateChanged, timeout=10000) as state:
        settings.refresh_key_state()
    assert state.args[0].source is KeySource.ENVIRONMENT and settings.key_state == state.args[0]


def test_connection_test_and_model_list_with_unsaved_settings(qtbot, make_services, api_server):
    settings = make_services(environ={}, session=False).settings
    edited = settings.current.stored.replace(model="fake-model-2")
    results = []
    settings.test_connection(edited, TEST_KEY, results.append, results.append)
    settings.list_models(edited, TEST_KEY, results.append, results.append)
    qtbot.waitUntil(lambda: len(results) == 2, timeout=10000)
    models = next(result for result in results if isinstance(result, list))
    assert "fake-model" in models and "fake-model-2" in models
    assert api_server.chat_requests()[-1].json["model"] == "fake-model-2"
