"""Course packages (core/course_package.py): the issue's example imports, every refusal names its place,
re-importing updates without duplicating, removing takes back what was added, export round-trips."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings as hypothesis_settings, strategies as st

from genai_desktop.core.course_package import (MAX_PACKAGE_BYTES, Change, PackageRefused, Refusal, applied,
                                               export_package, preview, read_package, removed)
from genai_desktop.core.settings import Settings
from tls_certificates import make_ca

# The example from issue 14, filled in.
EXAMPLE = {"format": "genai-course", "version": 1, "title": "KI im Büro", "welcome": "Willkommen im Kurs!",
           "profiles": [{"name": "Kurs-Server", "base_url": "https://llm.kurs.example/v1", "model": "kurs-modell",
                         "context_tokens": 128000, "headers": {"X-Course": "ki-buero-2026"}}],
           "assistants": [{"name": "Tutor", "system_prompt": "Du bist ein geduldiger Tutor."}],
           "templates": [{"name": "Zusammenfassen", "text": "Fasse zusammen: {{Text}}"}],
           "settings": {"language": "de", "default_profile": "Kurs-Server", "default_assistant": "Tutor"}}


def package_bytes(**changes) -> bytes:
    data = json.loads(json.dumps(EXAMPLE))
    data.update(changes)
    return json.dumps(data).encode("utf-8")


def refusal_of(data: bytes) -> PackageRefused:
    with pytest.raises(PackageRefused) as caught:
        read_package(data)
    return caught.value


def test_the_issues_example_imports_and_new_chats_use_its_profile_and_assistant():
    package = read_package(package_bytes(unknown_key={"ignored": True}))
    settings = applied(Settings(), package)
    profile = settings.profile()
    assert (profile.name, profile.base_url, profile.model, profile.context_tokens, profile.headers) == (
        "Kurs-Server", "https://llm.kurs.example/v1", "kurs-modell", 128000, (("X-Course", "ki-buero-2026"),))
    assert settings.base_url == "https://llm.kurs.example/v1" and settings.model == "kurs-modell"
    tutor = next(a for a in settings.assistants if a.id == settings.default_assistant)
    assert (tutor.name, tutor.system_prompt, tutor.course) == ("Tutor", "Du bist ein geduldiger Tutor.",
                                                               package.course_id)
    assert [(t.name, t.text, t.course) for t in settings.prompt_templates] == [
        ("Zusammenfassen", "Fasse zusammen: {{Text}}", package.course_id)]
    assert settings.language == "de"
    assert [c.title for c in settings.courses] == ["KI im Büro"]
    # the user's own first profile stays; the course's is added next to it
    assert [p.name for p in settings.profile_list()] == ["OpenAI", "Kurs-Server"]
    again = Settings.from_json_dict(json.loads(json.dumps(settings.to_json_dict())))
    assert again == settings  # what is saved reads back the same


def test_the_preview_says_what_is_added_then_what_is_updated_and_removed():
    package = read_package(package_bytes())
    first = preview(Settings(), package)
    assert not first.updating
    assert first.profiles == ((Change.ADD, "Kurs-Server"),)
    assert first.assistants == ((Change.ADD, "Tutor"),) and first.templates == ((Change.ADD, "Zusammenfassen"),)
    assert (first.default_profile, first.default_assistant, first.language) == ("Kurs-Server", "Tutor", "de")
    settings = applied(Settings(), package)
    newer = read_package(package_bytes(templates=[{"name": "Übersetzen", "text": "Übersetze: {{Text}}"}]))
    second = preview(settings, newer)
    assert second.updating and second.profiles == ((Change.UPDATE, "Kurs-Server"),)
    assert second.templates == ((Change.ADD, "Übersetzen"), (Change.REMOVE, "Zusammenfassen"))
    assert second.language is None  # already German: nothing to change
    without_profiles = read_package(package_bytes(id="other course", profiles=[], settings={}))
    assert preview(settings, without_profiles).default_profile == ""  # the default stays: not listed as a change


def test_importing_the_same_course_again_updates_it_without_duplicating():
    settings = applied(Settings(), read_package(package_bytes()))
    changed = json.loads(package_bytes())
    changed["profiles"][0]["model"] = "kurs-modell-2"
    changed["assistants"][0]["system_prompt"] = "Neu."
    settings = applied(settings, read_package(json.dumps(changed).encode()))
    assert [p.name for p in settings.profile_list()] == ["OpenAI", "Kurs-Server"]
    assert settings.profile().model == "kurs-modell-2"
    assert [(a.name, a.system_prompt) for a in settings.assistants] == [("General", ""), ("Tutor", "Neu.")]
    assert len(settings.prompt_templates) == 1 and len(settings.courses) == 1


def test_a_course_profile_named_like_the_users_own_gets_its_own_name():
    own = Settings().with_profiles((Settings().profile_list()[0].__class__("mine", "Kurs-Server",
                                                                           "https://other.example/v1"),), "mine")
    settings = applied(own, read_package(package_bytes()))
    assert [p.name for p in settings.profile_list()] == ["Kurs-Server", "Kurs-Server 2"]
    assert applied(settings, read_package(package_bytes())).profile_list() == settings.profile_list()


def test_removing_a_course_removes_what_it_added_and_keeps_the_users_own():
    before = Settings().replace(language="en")
    package = read_package(package_bytes())
    settings = applied(before, package, certificates_added=("AA:BB",))
    after, gone, certificates = removed(settings, package.course_id)
    assert [p.name for p in gone] == ["Kurs-Server"] and certificates == ("AA:BB",)
    assert [p.name for p in after.profile_list()] == ["OpenAI"]
    assert after.base_url == before.base_url
    assert [(a.name, a.system_prompt, a.course) for a in after.assistants] == [("General", "", "")]  # the user's own
    assert (after.prompt_templates, after.courses, after.default_assistant) == ((), (), "")


@pytest.mark.parametrize("where, value, place", [
    ("profiles", [{"name": "S", "base_url": "https://h.example/v1", "api_key": "x"}], "profiles[0].api_key"),
    ("profiles", [{"name": "S", "base_url": "https://h.example/v1",
                   "headers": {"api-key": "0123456789abcdef"}}], "profiles[0].headers.api-key"),
    ("profiles", [{"name": "S", "base_url": "https://h.example/v1",
                   "headers": {"X-Info": "Bearer abcdefghijkl"}}], "profiles[0].headers.X-Info"),
    ("profiles", [{"name": "S", "base_url": "https://me:secret@h.example/v1"}], "profiles[0].base_url"),
    ("assistants", [{"name": "T", "system_prompt": "Use sk-proj-abcdefghijklmnop to log in."}],
     "assistants[0].system_prompt"),
    ("welcome", "Ihr Schlüssel: sk-abcdefghijklmnopqrstuvwx", "welcome"),
    ("templates", [{"name": "K", "text": "Nimm key-4f9a8b7c6d5e4f3a2b1c"}], "templates[0].text"),
])
def test_a_key_like_value_anywhere_is_refused_saying_where(where, value, place):
    refused = refusal_of(package_bytes(**{where: value}))
    assert (refused.reason, refused.where) == (Refusal.KEY_INSIDE, place)
    assert "abcdefghijkl" not in str(refused) and "secret" not in refused.detail  # the key is not repeated


@pytest.mark.parametrize("data, reason, place", [
    (package_bytes(version=2), Refusal.NEWER_VERSION, "version"),
    (package_bytes(version="2.0"), Refusal.NEWER_VERSION, "version"),
    (json.dumps({k: v for k, v in EXAMPLE.items() if k != "version"}).encode(), Refusal.NO_VERSION, "version"),
    (package_bytes(format="something-else"), Refusal.NOT_A_COURSE, "format"),
    (b"\xff\xfe not json", Refusal.NOT_JSON, ""),
    (b"[1, 2]", Refusal.NOT_JSON, ""),
    (package_bytes(title=5), Refusal.WRONG_TYPE, "title"),
    (package_bytes(profiles={"name": "x"}), Refusal.WRONG_TYPE, "profiles"),
    (package_bytes(profiles=[{"name": "S", "base_url": "https://h.example/v1", "context_tokens": "lots"}]),
     Refusal.WRONG_TYPE, "profiles[0].context_tokens"),
    (package_bytes(profiles=[{"name": "S", "base_url": "ftp://h.example/v1"}]), Refusal.BAD_VALUE,
     "profiles[0].base_url"),
    (package_bytes(assistants=[{"name": ["T"]}]), Refusal.WRONG_TYPE, "assistants[0].name"),
    (package_bytes(templates=[{"name": "A", "text": "1"}, {"name": "a", "text": "2"}]), Refusal.DUPLICATE,
     "templates[1].name"),
    (package_bytes(settings={"default_assistant": "Nobody"}), Refusal.UNKNOWN_NAME, "settings.default_assistant"),
    (package_bytes(settings={"language": "fr"}), Refusal.BAD_VALUE, "settings.language"),
    (package_bytes(welcome="x" * MAX_PACKAGE_BYTES), Refusal.TOO_BIG, ""),
    (package_bytes(profiles=[{"name": "A", "base_url": "http://10.0.0.1/v1"},
                             {"name": "B", "base_url": "http://10.0.0.2/v1"}]), Refusal.CLEARTEXT, "profiles"),
])
def test_each_refusal_names_its_reason_and_place(data, reason, place):
    refused = refusal_of(data)
    assert (refused.reason, refused.where) == (reason, place)


def test_a_higher_minor_version_with_unknown_keys_imports():
    package = read_package(package_bytes(version="1.7", profiles=[
        {"name": "S", "base_url": "https://h.example/v1", "later_field": [1]}], settings={}))
    assert package.profiles[0].name == "S"


def test_a_certificate_that_is_not_a_ca_is_refused_and_a_ca_is_read_for_its_hosts():
    not_ca = make_ca("Just a server", ca=False)
    refused = refusal_of(package_bytes(certificates=[{"pem": not_ca.pem.decode(), "hosts": ["llm.kurs.example"]}]))
    assert (refused.reason, refused.where, refused.detail) == (Refusal.CERTIFICATE, "certificates[0]", "not_ca")
    no_hosts = refusal_of(package_bytes(certificates=[{"pem": make_ca().pem.decode(), "hosts": []}]))
    assert (no_hosts.reason, no_hosts.detail) == (Refusal.CERTIFICATE, "no_hosts")
    ca = make_ca("Kurs CA")
    package = read_package(package_bytes(certificates=[{"pem": ca.pem.decode(), "hosts": ["LLM.kurs.example"]}]))
    assert [(c.subject, c.hosts, c.der) for c in package.certificates] == [("Kurs CA", ("llm.kurs.example",),
                                                                            ca.der)]


def test_an_unencrypted_address_to_another_machine_needs_the_confirmation():
    package = read_package(package_bytes(profiles=[{"name": "Lab", "base_url": "http://10.1.2.3:8000/v1"}],
                                         settings={}))
    assert preview(Settings(), package).cleartext_address == "http://10.1.2.3:8000/v1"
    with pytest.raises(PackageRefused) as caught:
        applied(Settings(), package)
    assert caught.value.reason is Refusal.CLEARTEXT
    assert applied(Settings(), package, confirm_cleartext=True).cleartext_confirmed == "http://10.1.2.3:8000/v1"


def test_export_writes_what_import_reads_back_without_keys():
    package = read_package(package_bytes())
    settings = applied(Settings(), package)
    settings = settings.with_profiles(tuple(p if p.name != "Kurs-Server" else p.__class__(
        p.id, p.name, p.base_url, p.model, context_tokens=p.context_tokens, headers=p.headers,
        secret_headers=("X-Secret-Header",)) for p in settings.profile_list()), settings.default_profile)
    data = export_package(settings, "Mein Kurs", "Hallo")
    assert b"X-Secret-Header" not in data
    again = read_package(data)
    assert again.title == "Mein Kurs" and again.welcome == "Hallo"
    assert [(p.name, p.base_url, p.model, p.context_tokens, p.headers) for p in again.profiles] == [
        (p.name, p.base_url, p.model, p.context_tokens, p.headers) for p in settings.profile_list()]
    assert [(a.name, a.system_prompt) for a in again.assistants] == [("Tutor", "Du bist ein geduldiger Tutor.")]
    assert [(t.name, t.text) for t in again.templates] == [("Zusammenfassen", "Fasse zusammen: {{Text}}")]
    imported = applied(Settings(), again)
    assert imported.profile().name == "Kurs-Server" and imported.language == "de"


def test_export_refuses_a_header_value_that_looks_like_a_key():
    settings = Settings().with_profiles((Settings().profile_list()[0].__class__(
        "p", "Gateway", "https://gw.example/v1", headers=(("X-Note", "sk-abcdefghijklmnop"),)),), "p")
    with pytest.raises(PackageRefused) as caught:
        export_package(settings, "Kurs")
    assert (caught.value.reason, caught.value.where) == (Refusal.KEY_INSIDE, "profiles[0].headers.X-Note")


JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner,
                                                                                        max_size=4), max_leaves=12)
PLACES = ("title", "welcome", "profiles", "assistants", "templates", "certificates", "settings", "id", "version")


@given(place=st.sampled_from(PLACES), value=JSON_VALUES, into_entry=st.booleans(), entry_field=st.sampled_from(
    ("name", "base_url", "model", "context_tokens", "headers", "system_prompt", "text", "pem", "hosts")))
@hypothesis_settings(max_examples=300, deadline=None)
def test_any_value_anywhere_is_read_or_refused_never_a_crash(place, value, into_entry, entry_field):
    """Whatever a hand-edited or hostile file holds, reading it ends in a package or a PackageRefused."""
    data = json.loads(package_bytes())
    if into_entry and place in ("profiles", "assistants", "templates"):
        data[place][0][entry_field] = value  # a field of an entry
    else:
        data[place] = value
    try:
        package = read_package(json.dumps(data).encode("utf-8"))
    except PackageRefused as refused:
        assert isinstance(refused.reason, Refusal)
        return
    preview(Settings(), package)
    applied(Settings(), package, confirm_cleartext=True)


def test_a_deeply_nested_file_is_refused_not_recursed_into():
    nested = "[" * 900 + "]" * 900
    refused = refusal_of(package_bytes()[:-1] + b', "extra": ' + nested.encode() + b"}")
    assert refused.reason in (Refusal.TOO_MANY, Refusal.NOT_JSON)


def test_words_shaped_like_the_log_redactions_tokens_are_no_key():
    """A course about databases writes "key-value-store": the log would redact it, a package keeps it."""
    package = read_package(package_bytes(templates=[{"name": "DB", "text": "Erkläre einen key-value-store und "
                                                                          "die key-points-of-design: {{Text}}"}]))
    assert "key-value-store" in package.templates[0].text


def test_an_older_builds_single_system_prompt_stays_an_assistant_beside_the_courses():
    """Settings of a build before assistants hold one system prompt: importing a course keeps it as an
    assistant of its own (named in the user's language), which the chats of that build go on asking with;
    removing the course leaves it the default again."""
    from genai_desktop.core.assistants import FIRST_ASSISTANT_ID, chat_assistant, default_assistant

    before = Settings(system_prompt="Antworte immer auf Deutsch.")
    package = read_package(package_bytes())
    settings = applied(before, package, first_assistant_name="Allgemein")
    stored = Settings.from_json_dict(json.loads(json.dumps(settings.to_json_dict())))  # as the file keeps it
    first = chat_assistant(stored, FIRST_ASSISTANT_ID)
    assert (first.id, first.name, first.system_prompt) == (FIRST_ASSISTANT_ID, "Allgemein", before.system_prompt)
    assert default_assistant(stored).name == EXAMPLE["assistants"][0]["name"]  # new chats: the course's
    after, _gone, _certificates = removed(stored, package.course_id)
    assert default_assistant(after).system_prompt == before.system_prompt
    assert after.system_prompt == before.system_prompt
    exported = read_package(export_package(before, "Mein Kurs", first_assistant_name="Allgemein"))
    assert [(a.name, a.system_prompt) for a in exported.assistants] == [("Allgemein", before.system_prompt)]
