"""The model lists service alone (QtCore, the loopback server): loaded once per server and session,
off the GUI thread, remembered in the settings file without the key, failures said and tried again."""

from __future__ import annotations

import json

from conftest import TEST_KEY
from services_fixtures import make_services  # noqa: F401 - a fixture
from genai_desktop.core.config_file import load_settings
from genai_desktop.core.errors import ErrorKind
from genai_desktop.qt.model_lists import ModelLists


def model_list_requests(server) -> list:
    return [request for request in server.requests if request.path == "/v1/models"]


def test_a_list_is_loaded_once_per_server_and_remembered_without_the_key(qtbot, make_services, api_server, tmp_path):
    services = make_services()
    models = ModelLists(services.settings)
    assert models.current().names == () and not models.current().loaded
    with qtbot.waitSignal(models.changed, timeout=10000, check_params_cb=lambda known: known.loaded) as arrived:
        assert models.load().loading
    assert arrived.args[0].names == ("fake-model", "fake-model-2")
    assert models.load().loaded and models.load(again_after_failure=True).loaded
    assert len(model_list_requests(api_server)) == 1
    stored = (tmp_path / "settings.json").read_text(encoding="utf-8")
    assert TEST_KEY not in stored and json.loads(stored)["known_models"] == [
        [api_server.base_url, ["fake-model", "fake-model-2"]]]

    # The next start: the list is known before the server is asked.
    remembered = load_settings(tmp_path / "settings.json").settings.known_models
    again = ModelLists(make_services(known_models=remembered).settings)
    assert again.current().names == ("fake-model", "fake-model-2") and not again.current().loaded


def test_a_failed_load_is_said_and_tried_again_only_when_asked(qtbot, make_services, api_server):
    api_server.set_mode("normal", models_status=404)
    services = make_services()
    models = ModelLists(services.settings)
    with qtbot.waitSignal(models.changed, timeout=10000, check_params_cb=lambda known: not known.loading) as failed:
        models.load()
    assert failed.args[0].error.kind is ErrorKind.NOT_FOUND and failed.args[0].names == ()
    assert models.load().error is not None and len(model_list_requests(api_server)) == 1  # focus, typing: not again
    api_server.set_mode("normal")
    with qtbot.waitSignal(models.changed, timeout=10000, check_params_cb=lambda known: known.loaded):
        models.load(again_after_failure=True)  # the user opened the list
    assert len(model_list_requests(api_server)) == 2
