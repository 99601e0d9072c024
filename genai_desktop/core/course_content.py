"""What a course brings and the user keeps (issue 14), as plain values: assistants (a name and a system
prompt), prompt templates with fill-in fields, and the record of an imported course package (what it
added, so that importing it again updates and removing it takes exactly that away).

Each value is kept in the settings file; none holds a key or a secret. The readers drop what is
unusable, so a damaged or hand-edited file never stops the app.
"""

from __future__ import annotations

from dataclasses import dataclass

from .profiles import stored_text

NAME_CHARACTERS = 80
PROMPT_CHARACTERS = 100_000  # a system prompt or a template: long instructions, not documents
ITEMS_KEPT = 500  # assistants or templates: more is no list a person keeps
COURSES_KEPT = 50
# The file a course leader hands out, and its type as the release registers it with the desktop
# (build/release-files/genai-desktop-mime.xml, the desktop entry's MimeType=).
COURSE_PACKAGE_SUFFIX = ".genai-course"
COURSE_PACKAGE_MIME_TYPE = "application/x-genai-course"


@dataclass(frozen=True)
class Assistant:
    id: str  # stable, never shown: chats name their assistant by it
    name: str
    system_prompt: str
    course: str = ""  # the id of the course that added it; "": the user's own


@dataclass(frozen=True)
class PromptTemplate:
    id: str
    name: str
    text: str  # with fill-in fields written {{Name}}
    course: str = ""  # the id of the course that added it; "": the user's own


@dataclass(frozen=True)
class Course:
    """An imported course package: its title and welcome text, and the ids of what it added."""

    id: str
    title: str
    welcome: str = ""
    profiles: tuple[str, ...] = ()
    assistants: tuple[str, ...] = ()
    templates: tuple[str, ...] = ()
    certificates: tuple[str, ...] = ()  # SHA-256 fingerprints of the authorities it trusted


def _ids(value: object) -> tuple[str, ...]:
    if not isinstance(value, (list, tuple)):
        raise ValueError("not a list")
    return tuple(stored_text(item, 200) for item in value[:ITEMS_KEPT])


def _named(value: object) -> tuple[str, str, str]:
    """id, name and course of an entry; ValueError when there is no id or name."""
    if not isinstance(value, dict):
        raise ValueError("not an object")
    entry_id, name = stored_text(value.get("id"), 200), stored_text(value.get("name"), NAME_CHARACTERS).strip()
    if not entry_id or not name:
        raise ValueError("an entry needs an id and a name")
    return entry_id, name, stored_text(value.get("course", ""), 200)


def _unique(entries: list, limit: int) -> tuple:
    """The usable entries in order, without one whose id an earlier one has."""
    kept, seen = [], set()
    for entry in entries:
        if entry.id not in seen and len(kept) < limit:
            kept.append(entry)
            seen.add(entry.id)
    return tuple(kept)


def _read_named(value: object, build) -> tuple:
    """The usable entries of a stored list; build(id, name, course, entry) makes one or raises ValueError."""
    if not isinstance(value, (list, tuple)):
        raise ValueError("not a list")
    read = []
    for entry in value[:ITEMS_KEPT * 2]:
        try:
            read.append(build(*_named(entry), entry))
        except ValueError:
            continue
    return _unique(read, ITEMS_KEPT)


def read_assistants(value: object) -> tuple[Assistant, ...]:
    return _read_named(value, lambda entry_id, name, course, entry: Assistant(
        entry_id, name, stored_text(entry.get("system_prompt", ""), PROMPT_CHARACTERS), course))


def read_templates(value: object) -> tuple[PromptTemplate, ...]:
    return _read_named(value, lambda entry_id, name, course, entry: PromptTemplate(
        entry_id, name, stored_text(entry.get("text", ""), PROMPT_CHARACTERS), course))


def read_courses(value: object) -> tuple[Course, ...]:
    if not isinstance(value, (list, tuple)):
        raise ValueError("not a list")
    read = []
    for entry in value[:COURSES_KEPT * 2]:
        try:
            if not isinstance(entry, dict):
                raise ValueError("not an object")
            course_id, title = stored_text(entry.get("id"), 200), stored_text(entry.get("title"), 200).strip()
            if not course_id or not title:
                raise ValueError("a course needs an id and a title")
            read.append(Course(course_id, title, stored_text(entry.get("welcome", ""), PROMPT_CHARACTERS),
                               *(_ids(entry.get(name, ())) for name in
                                 ("profiles", "assistants", "templates", "certificates"))))
        except ValueError:
            continue
    return _unique(read, COURSES_KEPT)

