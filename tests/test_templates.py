"""Prompt templates' fill-in fields (core/templates.py): found in any text, filled in one pass, searched."""

from __future__ import annotations

import re

from hypothesis import assume, given, settings as hypothesis_settings, strategies as st

from genai_desktop.core.course_content import PromptTemplate
from genai_desktop.core.templates import FIELD_NAME_CHARACTERS, Field, fields, fill, matches, with_template, without

BUILTINS = {"date": "1. Dezember 2026", "time": "23:15"}
# Text made of braces, names and the characters that could confuse a parser of {{Name}}.
BRACED = st.lists(st.one_of(st.sampled_from(["{", "}", "{{", "}}", " ", "\n", "\r", "Text", "Sprache", "Datum",
                                             "{{Text}}", "{{ Sprache }}", "{{Datum}}", "{{date}}",
                                             "a" * (FIELD_NAME_CHARACTERS + 1), "\0", "é", "\ud800"]),
                            st.text(max_size=8)), max_size=30).map("".join)
ANY_TEXT = st.one_of(st.text(max_size=300), BRACED)


def test_fields_in_order_once_each_and_built_ins_left_to_the_app():
    text = "Übersetze ins {{ Sprache }}: {{Text}}\nStand {{Datum}}, {{UHRZEIT}} – noch einmal {{Text}}"
    assert fields(text) == (Field("Sprache"), Field("Text"))
    assert fields(text)[1].long and not fields(text)[0].long
    assert fill(text, {"Sprache": "Englische", "Text": "Guten Tag"}, BUILTINS) == (
        "Übersetze ins Englische: Guten Tag\nStand 1. Dezember 2026, 23:15 – noch einmal Guten Tag")


def test_braces_that_make_no_field_stay_as_written():
    text = "{{}} {{ }} {{a\nb}} {single} {{{Text}}} {{" + "x" * (FIELD_NAME_CHARACTERS + 1) + "}} {{Text"
    assert fields(text) == (Field("Text"),)
    assert fill(text, {"Text": "T"}, BUILTINS) == text.replace("{{Text}}", "T")


def test_a_value_is_put_in_as_given_and_not_filled_again():
    assert fill("{{A}} {{B}}", {"A": "{{B}}", "B": "{{Datum}}"}, BUILTINS) == "{{B}} {{Datum}}"


def test_a_field_without_a_value_stays():
    assert fill("{{A}} and {{B}}", {"A": "1"}, {}) == "1 and {{B}}"
    assert fill("{{Datum}}", {}, {}) == "{{Datum}}"


@hypothesis_settings(max_examples=400, deadline=None)
@given(ANY_TEXT)
def test_any_text_parses_and_fills_without_losing_a_character(text):
    found = fields(text)
    assert len({field.name for field in found}) == len(found)
    assert all(0 < len(field.name) <= FIELD_NAME_CHARACTERS and field.name == field.name.strip()
               and not field.builtin for field in found)
    assert fill(text, {}, {}) == text  # nothing given: the text exactly as written
    marker = "\x01"
    filled = fill(text, {field.name: marker for field in found}, {"date": marker, "time": marker})
    if marker not in text:
        # every field written is gone, everything else stays: taking the markers out of the filled text
        # leaves the text with its fields taken out
        fields_out = re.sub(r"\{\{([^{}\r\n]+)\}\}",
                            lambda m: "" if 0 < len(m.group(1).strip()) <= FIELD_NAME_CHARACTERS else m.group(0),
                            text)
        assert filled.replace(marker, "") == fields_out


@hypothesis_settings(max_examples=400, deadline=None)
@given(ANY_TEXT, st.data())
def test_any_values_fill_in_one_pass(text, data):
    """What a value holds never changes the result: filling with stand-ins, then putting the values in
    for the stand-ins, gives the same text (a value with {{Text}} in it is not filled again)."""
    names = [field.name for field in fields(text)]
    values = data.draw(st.fixed_dictionaries({}, optional={name: ANY_TEXT for name in names}))
    stand_ins = {name: chr(0xE000 + index) for index, name in enumerate(names)}
    assume(not any(mark in text or any(mark in value for value in values.values()) for mark in stand_ins.values()))
    by_stand_ins = fill(text, {name: stand_ins[name] for name in values}, BUILTINS)
    expected = by_stand_ins
    for name, value in values.items():
        expected = expected.replace(stand_ins[name], value)
    assert fill(text, values, BUILTINS) == expected


def test_search_every_word_in_name_text_or_origin():
    template = PromptTemplate("t1", "Höfliche E-Mail", "Formulieren Sie {{Text}} als E-Mail um.")
    assert matches(template, "")
    assert matches(template, "höflich mail")
    assert matches(template, "KURS", origin="Kurs „KI im Büro“")
    assert not matches(template, "höflich zusammenfassen")


def test_own_templates_added_changed_and_removed_by_id():
    one, two = PromptTemplate("a", "One", "1"), PromptTemplate("b", "Two", "2")
    listed = with_template(with_template((), one), two)
    assert listed == (one, two)
    changed = PromptTemplate("a", "One, better", "1!")
    assert with_template(listed, changed) == (changed, two)
    assert without(listed, "a") == (two,)
