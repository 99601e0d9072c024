"""Profiles an administrator presets in a file (issue 13 point 6): where it is read from, what it adds."""

from __future__ import annotations

import json
from pathlib import Path

from genai_desktop.core.admin_profiles import PROFILES_ENV, admin_file, read_admin_file, with_admin_profiles
from genai_desktop.core.profiles import FIRST_PROFILE_ID, Profile, ProxyMode
from genai_desktop.core.settings import Settings

COMPANY = {
    "default": "Company gateway",
    "profiles": [
        {"name": "Company gateway", "base_url": "https://ai.corp.example/v1", "model": "corp-large",
         "headers": [["X-Department", "training"]], "secret_headers": ["Ocp-Apim-Subscription-Key"],
         "proxy": {"mode": "manual", "address": "proxy.corp.example:3128", "bypass": [".corp.example"]}},
        {"name": "Local Ollama", "base_url": "http://localhost:11434/v1", "model": "llama3.2", "preset": "ollama"},
        {"name": "", "base_url": "x"},  # unusable: dropped
    ],
}


def test_the_file_is_looked_for_where_the_docstring_says(tmp_path):
    assert admin_file({PROFILES_ENV: str(tmp_path / "x.json"), "GENAI_DESKTOP_HOME": "/h"}) == tmp_path / "x.json"
    assert admin_file({"GENAI_DESKTOP_HOME": str(tmp_path)}) == tmp_path / "profiles.json"
    assert admin_file({}).name == "profiles.json" and "GenAI Desktop" in str(admin_file({}))


def test_a_user_who_set_up_nothing_gets_the_administrators_list_and_default(tmp_path):
    path = tmp_path / "profiles.json"
    path.write_text(json.dumps(COMPANY))
    settings = with_admin_profiles(Settings(), {PROFILES_ENV: str(path)})
    gateway, ollama = settings.profile_list()
    assert (gateway.id, gateway.name, gateway.model) == ("admin-company-gateway", "Company gateway", "corp-large")
    assert gateway.headers == (("X-Department", "training"),) and gateway.proxy.mode is ProxyMode.MANUAL
    assert ollama.preset == "ollama"
    assert settings.profile() == gateway and settings.base_url == "https://ai.corp.example/v1"


def test_a_user_with_an_endpoint_keeps_it_and_their_edits_and_gets_the_missing_presets_added(tmp_path):
    path = tmp_path / "profiles.json"
    path.write_text(json.dumps(COMPANY))
    own = Settings(base_url="https://api.openai.com/v1/", model="gpt-5")  # an older build's single endpoint
    settings = with_admin_profiles(own, {PROFILES_ENV: str(path)})
    assert [p.id for p in settings.profile_list()] == [FIRST_PROFILE_ID, "admin-company-gateway", "admin-local-ollama"]
    assert settings.profile().id == FIRST_PROFILE_ID and settings.base_url == "https://api.openai.com/v1/"

    edited = settings.with_profiles(tuple(p if p.id != "admin-local-ollama" else Profile(
        p.id, "My Ollama", p.base_url, "qwen3") for p in settings.profile_list()), FIRST_PROFILE_ID)
    again = with_admin_profiles(edited, {PROFILES_ENV: str(path)})
    assert again == edited  # nothing missing: the user's edit stays


def test_a_missing_or_broken_file_changes_nothing(tmp_path, caplog):
    assert read_admin_file(tmp_path / "absent.json") == ((), "")
    broken = tmp_path / "broken.json"
    broken.write_bytes(b"{not json")
    assert with_admin_profiles(Settings(), {PROFILES_ENV: str(broken)}) == Settings()
    assert "not usable" in caplog.text
    (tmp_path / "folder.json").mkdir()
    assert read_admin_file(tmp_path / "folder.json") == ((), "")


def test_the_window_starts_with_the_administrators_profiles(qtbot, make_window, app_home, api_server):
    Path(app_home).mkdir(parents=True, exist_ok=True)
    (Path(app_home) / "profiles.json").write_text(json.dumps({"profiles": [
        {"name": "Course gateway", "base_url": api_server.base_url, "model": "fake-model"}]}))
    window = make_window()
    names = [p.name for p in window.controller.settings.current.effective.profile_list()]
    assert "Course gateway" in names
    assert window.modelPicker.profileCombo.isVisible()  # the user's endpoint and the preset one
