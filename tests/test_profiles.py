"""Endpoint profiles (issue 13 point 1): stored in the settings, the old single endpoint migrated with its
key, a key and secret headers per profile in the keyring, presets, and the request built from the profile."""

from __future__ import annotations

import dataclasses
import json
from urllib.parse import urlsplit

import keyring
import pytest
from hypothesis import given, settings as hypothesis_settings, strategies as st

from conftest import TEST_KEY, installed_keyring, send_prompt, wait_idle
from fake_openai_server import FakeOpenAIServer
from genai_desktop.core import config_file
from genai_desktop.core.conversation import UserMessage
from genai_desktop.core.presets import NO_KEY_NEEDED, PRESETS, AzureHint, azure_advice, guess_preset, preset
from genai_desktop.core.profiles import (FIRST_PROFILE_ID, Profile, ProxyChoice, ProxyMode, is_header_name,
                                         read_profiles)
from genai_desktop.core.secrets import KEYRING_SERVICE, KeyStore, header_entry, key_entry
from genai_desktop.core.settings import Settings
from genai_desktop.core.validation import endpoint_id
from test_keyring import secret_service  # noqa: F401 - the fixture
from services_fixtures import make_services  # noqa: F401 - a fixture
from test_settings_dialog import MemoryKeyring

OTHER_KEY = "sk-other-0123456789abcdefOTHERKEY"
SUBSCRIPTION = "apim-subscription-0123456789"


def ask(qtbot, session, text: str):
    with qtbot.waitSignal(session.answerFinished, timeout=15000) as ended:
        assert session.send(UserMessage(text))
    return ended.args[0]


# --- the old settings file --------------------------------------------------------------------------

def test_a_file_without_profiles_has_its_address_and_model_as_the_first_profile(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"base_url": "https://gateway.course.example/v1", "model": "course-model"}))
    settings = config_file.load_settings(path).settings
    [first] = settings.profile_list()
    assert (first.id, first.name, first.base_url, first.model) == (
        FIRST_PROFILE_ID, "gateway.course.example", "https://gateway.course.example/v1", "course-model")
    assert settings.profile() == first and settings.profile("gone since") == first

    config_file.save_settings(path, settings.with_profiles(settings.profile_list(), FIRST_PROFILE_ID))
    again = config_file.load_settings(path).settings
    assert again.profile_list() == (first,) and again.default_profile == FIRST_PROFILE_ID
    assert json.loads(path.read_text())["base_url"] == first.base_url  # what an older build reads


def test_the_old_endpoint_and_its_key_become_the_first_profile_without_the_user_doing_anything(
        qtbot, make_window, api_server):
    with installed_keyring(MemoryKeyring()) as ring:
        ring.set_password(KEYRING_SERVICE, endpoint_id(api_server.base_url), TEST_KEY)  # as an older build saved it
        window = make_window(environ={"OPENAI_API_KEY": None})
        send_prompt(qtbot, window, "still there?")
        wait_idle(qtbot, window)
        assert not window.errorBanner.isVisible()
        assert api_server.chat_requests()[-1].headers["authorization"] == f"Bearer {TEST_KEY}"
        profile = window.controller.settings.current.effective.profile()
        assert profile.id == FIRST_PROFILE_ID and profile.base_url == api_server.base_url
        assert ring.keys[(KEYRING_SERVICE, key_entry(api_server.base_url, FIRST_PROFILE_ID))] == TEST_KEY
        assert ring.keys[(KEYRING_SERVICE, endpoint_id(api_server.base_url))] == TEST_KEY  # an older build's too


@pytest.mark.secret_service
def test_the_old_key_moves_into_the_first_profile_in_a_real_secret_service(secret_service, api_server):  # noqa: F811
    old_entry = endpoint_id(api_server.base_url)
    keyring.set_password(KEYRING_SERVICE, old_entry, TEST_KEY)
    try:
        settings = Settings.from_json_dict({"base_url": api_server.base_url, "model": "fake-model"})
        profile = settings.profile()
        lookup = KeyStore({}).lookup(profile.base_url, profile.id)
        assert lookup.key == TEST_KEY
        assert keyring.get_password(KEYRING_SERVICE, key_entry(profile.base_url, profile.id)) == TEST_KEY
        KeyStore({}).remove(profile.base_url, profile.id)  # gone for good: the old entry would bring it back
        assert keyring.get_password(KEYRING_SERVICE, old_entry) is None
        assert KeyStore({}).lookup(profile.base_url, profile.id).key == ""
    finally:
        for entry in (old_entry, key_entry(api_server.base_url, FIRST_PROFILE_ID)):
            try:
                keyring.delete_password(KEYRING_SERVICE, entry)
            except keyring.errors.PasswordDeleteError:
                pass


# --- a key and secret headers per profile -----------------------------------------------------------

def two_profiles(base_url: str) -> dict:
    course = Profile("course", "Course gateway", base_url, "fake-model", headers=(("X-Course", "week-3"),),
                     secret_headers=("Ocp-Apim-Subscription-Key",))
    other = Profile("other", "Other account", base_url, "other-model")
    return Settings().with_profiles((course, other), "course").to_json_dict()


def test_each_profile_sends_its_own_key_and_headers_and_a_secret_header_comes_from_the_keyring(
        qtbot, make_services, api_server):
    stored = {name: value for name, value in two_profiles(api_server.base_url).items()
              if name in ("profiles", "default_profile", "model")}
    with installed_keyring(MemoryKeyring()) as ring:
        services = make_services(environ={}, profiles=read_profiles(stored["profiles"]),
                                 default_profile="course", model="fake-model")
        store = services.settings.key_store
        store.save(api_server.base_url, TEST_KEY, profile_id="course")
        store.save(api_server.base_url, OTHER_KEY, profile_id="other")
        store.save_header_value(api_server.base_url, "course", "Ocp-Apim-Subscription-Key", SUBSCRIPTION)
        ask(qtbot, services.session, "hello")
        sent = api_server.chat_requests()[-1]
        assert sent.headers["authorization"] == f"Bearer {TEST_KEY}"
        assert sent.headers["x-course"] == "week-3"
        assert sent.headers["ocp-apim-subscription-key"] == SUBSCRIPTION
        assert sent.json["model"] == "fake-model"
        assert ring.keys[(KEYRING_SERVICE, header_entry(api_server.base_url, "course",
                                                        "ocp-apim-subscription-key"))] == SUBSCRIPTION

        services.settings.save(services.settings.current.stored.with_profiles(
            services.settings.current.stored.profile_list(), "other"))
        services.session.open(None)  # a new chat: the new default profile
        ask(qtbot, services.session, "and you?")
        sent = api_server.chat_requests()[-1]
        assert sent.headers["authorization"] == f"Bearer {OTHER_KEY}"
        assert "ocp-apim-subscription-key" not in sent.headers and "x-course" not in sent.headers
        assert sent.json["model"] == "other-model"


def test_a_key_does_not_follow_a_profile_to_an_address_typed_over_it(api_server):
    with installed_keyring(MemoryKeyring()):
        store = KeyStore({})
        store.save(api_server.base_url, TEST_KEY, profile_id="course")
        assert store.lookup(api_server.base_url, "course").key == TEST_KEY
        assert store.lookup("https://elsewhere.example/v1", "course").key == ""
        assert store.lookup(api_server.base_url, "another").key == ""


def test_a_local_server_needs_no_key_and_gets_none_of_the_real_ones(qtbot, make_services, api_server):
    ollama = Profile("local", "Ollama", api_server.base_url, "llama3.2", preset="ollama")
    with installed_keyring(MemoryKeyring()):
        services = make_services(environ={}, profiles=(ollama,), default_profile="local", model="llama3.2")
        ended = ask(qtbot, services.session, "hi")
        assert ended.turn.error is None
        assert api_server.chat_requests()[-1].headers["authorization"] == f"Bearer {NO_KEY_NEEDED}"

        other = dataclasses.replace(ollama, preset="other")  # an unknown server still needs a key
        services.settings.save(services.settings.current.stored.with_profiles((other,), "local"))
        with qtbot.waitSignal(services.session.answerFailed, timeout=15000) as failed:
            assert services.session.send(UserMessage("hi again"))
        assert failed.args[0].turn.error.kind.value == "no_key"
        assert len(api_server.chat_requests()) == 1


# --- presets ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("chosen", [p for p in PRESETS if p.id != "other"], ids=lambda p: p.id)
def test_each_preset_sends_the_request_its_server_expects(qtbot, make_services, chosen):
    """Path, headers and body of each preset's request, against the loopback server under the preset's path."""
    prefix = urlsplit(chosen.base_url).path.rstrip("/")
    model = chosen.model or "my-deployment"
    with FakeOpenAIServer(api_prefix=prefix) as server, installed_keyring(MemoryKeyring()):
        profile = Profile("p", chosen.name, server.base_url + "/", model, preset=chosen.id)
        services = make_services(base_url=server.base_url + "/", environ={}, profiles=(profile,),
                                 default_profile="p", model=model)
        if chosen.needs_key:
            services.settings.key_store.save(profile.base_url, TEST_KEY, profile_id="p")
        ended = ask(qtbot, services.session, "hello")
        assert ended.turn.error is None
        [sent] = server.chat_requests()
        assert urlsplit(sent.path).path == f"{prefix}/chat/completions"
        assert sent.headers["authorization"] == f"Bearer {TEST_KEY if chosen.needs_key else NO_KEY_NEEDED}"
        assert sent.json["model"] == model and sent.json["stream"] is True
        assert sent.json["messages"][-1] == {"role": "user", "content": "hello"}


def test_a_preset_is_recognised_from_its_address():
    assert guess_preset("https://api.openai.com/v1") == "openai"
    assert guess_preset("https://my-team.openai.azure.com/openai/v1/") == "azure"
    assert guess_preset("http://localhost:11434/v1") == "ollama"
    assert guess_preset("http://localhost:1234/v1") == "lmstudio"
    assert guess_preset("http://localhost:8000/v1") == "other"
    assert guess_preset("http://[::1/v1") == "other"
    assert preset("from a newer build").id == "other"


def test_azure_hints_for_a_pasted_deployment_address_a_resource_address_and_a_model_name():
    pasted = ("https://my-team.openai.azure.com/openai/deployments/chat-prod/chat/completions"
              "?api-version=2024-10-21")
    [advice] = azure_advice(pasted, "")
    assert (advice.hint, advice.base_url, advice.model) == (
        AzureHint.DEPLOYMENT_URL, "https://my-team.openai.azure.com/openai/v1/", "chat-prod")
    [advice] = azure_advice("https://my-team.openai.azure.com/", "chat-prod")
    assert (advice.hint, advice.base_url) == (AzureHint.NOT_V1, "https://my-team.openai.azure.com/openai/v1/")
    assert [a.hint for a in azure_advice("https://<resource>.openai.azure.com/openai/v1/", "gpt-4o")] == [
        AzureHint.PLACEHOLDER, AzureHint.MODEL_NAME]
    assert azure_advice("https://my-team.openai.azure.com/openai/v1/", "chat-prod") == ()


# --- what the settings file may hold ----------------------------------------------------------------

def test_profiles_round_trip_with_their_proxy_choice_and_unusable_ones_are_dropped():
    proxy = ProxyChoice(ProxyMode.MANUAL, address="proxy.corp.example:3128", bypass=(".corp.example",), user="me")
    good = Profile("a", "Company", "https://ai.corp.example/v1", "m", headers=(("X-Team", "blue"),),
                   secret_headers=("X-Token",), proxy=proxy, context_tokens=32000)
    stored = json.loads(json.dumps(Settings().with_profiles((good,), "a").to_json_dict()))["profiles"]
    stored += [{"id": "b", "name": "company", "base_url": "x"},  # the same name (case aside)
               {"id": "a", "name": "Again", "base_url": "x"},  # the same id
               {"id": "c", "name": "", "base_url": "x"}, "not a profile",
               {"id": "d", "name": "Bad header", "base_url": "x", "headers": [["X-Evil\r\nHost", "x"],
                                                                            ["Authorization", "Bearer stolen"],
                                                                            ["X-Ok", "line\r\nbreak"]]}]
    profiles = read_profiles(stored)
    assert profiles[0] == good
    assert [p.name for p in profiles] == ["Company", "Bad header"] and profiles[1].headers == ()


@hypothesis_settings(max_examples=200, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                    lambda children: st.lists(children, max_size=4)
                    | st.dictionaries(st.sampled_from(["id", "name", "base_url", "model", "headers", "proxy",
                                                       "secret_headers", "context_tokens", "mode", "bypass"]),
                                      children, max_size=6), max_leaves=30))
def test_whatever_the_file_holds_as_profiles_the_settings_load_and_every_header_is_sendable(value):
    settings = Settings.from_json_dict({"profiles": value, "default_profile": "x"})
    for profile in settings.profile_list():
        assert profile.name.strip() and profile.id
        for name, header_value in profile.headers:
            assert is_header_name(name) and "\r" not in header_value and "\n" not in header_value


@given(st.text(max_size=30))
def test_a_header_name_never_carries_a_separator_or_replaces_the_key(name):
    if is_header_name(name):
        assert not set(name) & set(" :\r\n\t\0()<>@,;\\\"/[]?={}") and name.lower() != "authorization"


# --- each chat remembers its profile ------------------------------------------------------------------

def test_a_chat_remembers_its_profile_and_asks_that_server_with_that_key(qtbot, make_services, api_server):
    with FakeOpenAIServer() as local, installed_keyring(MemoryKeyring()):
        course = Profile("course", "Course gateway", api_server.base_url, "fake-model")
        ollama = Profile("local", "Ollama", local.base_url, "llama3.2", preset="ollama")
        services = make_services(environ={}, profiles=(course, ollama), default_profile="course")
        services.settings.key_store.save(api_server.base_url, TEST_KEY, profile_id="course")
        session = services.session
        assert session.shown.profile_id == "course"
        session.set_chat_profile("local")
        assert (session.shown.profile_id, session.shown.model) == ("local", "llama3.2")
        ask(qtbot, session, "hello local")
        [sent] = local.chat_requests()
        assert sent.json["model"] == "llama3.2" and sent.headers["authorization"] == f"Bearer {NO_KEY_NEEDED}"
        assert api_server.chat_requests() == []
        chat = session.shown.conversation_id
        assert services.guard.history.conversation(chat).profile == "local"

        session.open(None)  # a new chat: the default profile
        assert session.shown.profile_id == "course"
        ask(qtbot, session, "hello course")
        assert api_server.chat_requests()[-1].headers["authorization"] == f"Bearer {TEST_KEY}"
        session.open(chat)  # the first chat again: its own profile
        assert (session.shown.profile_id, session.shown.model) == ("local", "llama3.2")
        ask(qtbot, session, "still local?")
        assert len(local.chat_requests()) == 2 and len(api_server.chat_requests()) == 1

        services.settings.save(services.settings.current.stored.with_profiles((course,), "course"))
        assert session.shown.profile_id == "course"  # its profile was deleted: the default one


def test_the_environments_key_is_the_default_profiles_only(qtbot, make_services, api_server):
    """OPENAI_API_KEY goes with the default profile (as OPENAI_BASE_URL does): another profile's server never
    gets it, and a new default profile gets it instead."""
    with FakeOpenAIServer() as router, installed_keyring(MemoryKeyring()):
        course = Profile("course", "Course gateway", api_server.base_url, "fake-model")
        other = Profile("router", "OpenRouter", router.base_url, "openrouter/auto", preset="openrouter")
        services = make_services(environ={"OPENAI_API_KEY": TEST_KEY}, profiles=(course, other),
                                 default_profile="course")
        session = services.session
        session.set_chat_profile("router")
        with qtbot.waitSignal(session.answerFailed, timeout=15000) as failed:
            assert session.send(UserMessage("hello"))
        assert failed.args[0].turn.error.kind.value == "no_key" and router.chat_requests() == []

        services.settings.save(services.settings.current.stored.with_profiles((course, other), "router"))
        session.open(None)
        ask(qtbot, session, "now?")
        assert router.chat_requests()[-1].headers["authorization"] == f"Bearer {TEST_KEY}"
        assert services.settings.key_store.lookup(api_server.base_url, "course").key == ""
