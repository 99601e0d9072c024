"""The values a course brings and the user keeps (core/course_content.py): kept in the settings file,
read back whatever the file holds."""

from __future__ import annotations

import json

from hypothesis import given, settings as hypothesis_settings, strategies as st

from genai_desktop.core.course_content import Assistant, Course, PromptTemplate
from genai_desktop.core.settings import Settings

JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
                    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner, max_size=6),
                    max_leaves=30)


def test_assistants_templates_and_courses_survive_the_settings_file():
    stored = Settings(assistants=(Assistant("a1", "Tutor", "Antworte auf Deutsch.", course="c1"),
                                  Assistant("a2", "Mine", "")),
                      default_assistant="a1",
                      prompt_templates=(PromptTemplate("t1", "Zusammenfassen", "Fasse zusammen: {{Text}}", "c1"),),
                      courses=(Course("c1", "GenAI-Kurs", "Willkommen!", ("p1",), ("a1",), ("t1",), ("AB:CD",)),))
    assert Settings.from_json_dict(json.loads(json.dumps(stored.to_json_dict()))) == stored


def test_unusable_entries_are_dropped_and_the_rest_kept():
    read = Settings.from_json_dict({
        "assistants": [{"id": "a", "name": "A", "system_prompt": "ok"}, {"id": "a", "name": "again"},
                       {"name": "no id"}, {"id": "b", "name": " "}, {"id": "c", "name": "C", "system_prompt": 5},
                       "nonsense", {"id": "d", "name": "D\0"}],
        "prompt_templates": {"not": "a list"},
        "courses": [{"id": "c", "title": "T", "profiles": "p"}, {"id": "k", "title": "K", "templates": ["t"]}],
    })
    assert read.assistants == (Assistant("a", "A", "ok"),)
    assert read.prompt_templates == ()
    assert read.courses == (Course("k", "K", templates=("t",)),)


@hypothesis_settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["assistants", "prompt_templates", "courses", "default_assistant"]), JSON))
def test_whatever_the_file_holds_the_settings_load(data):
    loaded = Settings.from_json_dict(data)
    assert all(isinstance(entry, Assistant) for entry in loaded.assistants)
    assert all(isinstance(entry, PromptTemplate) for entry in loaded.prompt_templates)
    assert all(isinstance(entry, Course) for entry in loaded.courses)
    assert Settings.from_json_dict(json.loads(json.dumps(loaded.to_json_dict()))) == loaded
