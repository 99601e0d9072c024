"""Prompt templates' fill-in fields (issue 14): finding them in a template's text, the built-ins the app
fills itself ({{Datum}}, {{Uhrzeit}}), filling them, and searching a library of templates. Pure: the UI
words and formats what it shows (the date in the app's language), and keeps the starter set translated.

A field is written {{Name}}: a name of up to FIELD_NAME_CHARACTERS characters without braces or line
breaks, spaces around it ignored ({{ Text }} is {{Text}}). Everything else stays as written, braces that
make no field included, and a value is put in as given: a value holding "{{Text}}" is not filled again.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Iterable, Mapping

from .course_content import PromptTemplate

FIELD_NAME_CHARACTERS = 40
_FIELD = re.compile(r"\{\{([^{}\r\n]+)\}\}")  # linear: a run without braces is scanned once

# Built-in fields, in German and English, by what the app puts in (case does not matter: {{datum}} too).
BUILTINS = {"datum": "date", "date": "date", "heute": "date", "today": "date",
            "uhrzeit": "time", "zeit": "time", "time": "time"}
# Fields that take a text of some length (a multi-line box in the form); the others take a word or a line.
LONG_FIELDS = frozenset({"text", "inhalt", "entwurf", "draft", "content", "code", "notizen", "notes",
                         "e-mail", "email", "nachricht", "message"})


@dataclass(frozen=True)
class Field:
    name: str  # as the form shows it, spaces around it dropped
    builtin: str = ""  # "date", "time": the app fills it; "": the user does

    @property
    def long(self) -> bool:
        return self.name.casefold() in LONG_FIELDS


def _name(written: str) -> str:
    """The field's name, or "" when what stands between the braces is no name (blank, too long)."""
    name = written.strip()
    return name if 0 < len(name) <= FIELD_NAME_CHARACTERS else ""


def _spans(text: str) -> Iterable[tuple[int, int, Field]]:
    for match in _FIELD.finditer(text):
        name = _name(match.group(1))
        if name:
            yield match.start(), match.end(), Field(name, BUILTINS.get(name.casefold(), ""))


def fields(text: str) -> tuple[Field, ...]:
    """The fields the user fills, each once, in the order they first appear (built-ins left out)."""
    seen: dict[str, Field] = {}
    for _start, _end, field in _spans(text):
        if not field.builtin:
            seen.setdefault(field.name, field)
    return tuple(seen.values())


def fill(text: str, values: Mapping[str, str], builtins: Mapping[str, str]) -> str:
    """The text with each field replaced: a user field by values[name], a built-in by builtins[kind]
    ("date", "time"). A field without a value stays as written. One pass: values are not filled again."""
    out, position = [], 0
    for start, end, field in _spans(text):
        value = builtins.get(field.builtin) if field.builtin else values.get(field.name)
        if value is None:
            continue
        out.append(text[position:start])
        out.append(value)
        position = end
    out.append(text[position:])
    return "".join(out)


def matches(template: PromptTemplate, query: str, origin: str = "") -> bool:
    """Every word of the query is in the template's name, its text or its origin (a course's title)."""
    haystack = " ".join((template.name, template.text, origin)).casefold()
    return all(word in haystack for word in query.casefold().split())


def new_template_id() -> str:
    """A stable id for a template the user makes (never shown)."""
    return f"template-{uuid.uuid4().hex[:12]}"


def without(templates: tuple[PromptTemplate, ...], template_id: str) -> tuple[PromptTemplate, ...]:
    return tuple(template for template in templates if template.id != template_id)


def with_template(templates: tuple[PromptTemplate, ...], template: PromptTemplate) -> tuple[PromptTemplate, ...]:
    """The list with the template replaced where its id is, or added at the end."""
    if any(existing.id == template.id for existing in templates):
        return tuple(template if existing.id == template.id else existing for existing in templates)
    return templates + (template,)
