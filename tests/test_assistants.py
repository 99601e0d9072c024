"""Assistants per chat (issue 14 point 6): a chat starts with the default assistant, its assistant is shown and
changed above its messages, remembered per chat in the history (schema 1.7), and its system prompt is what the
loopback server receives; the single system prompt of older settings becomes the default assistant; the
assistants are managed on the settings' Answers page."""

from __future__ import annotations

import json
import sqlite3

import pytest
from PySide6.QtCore import Qt

from conftest import send_prompt, wait_idle
from services_fixtures import make_services  # noqa: F401 - a fixture
from test_services_session import ask
from test_settings_dialog import click_ok, open_dialog
from genai_desktop.core import history_schema
from genai_desktop.core.assistants import (FIRST_ASSISTANT_ID, assistant_list, chat_assistant, default_assistant,
                                           with_assistants)
from genai_desktop.core.conversation import Turn, UserMessage, request_for
from genai_desktop.core.course_content import Assistant
from genai_desktop.core.history import HistoryStore
from genai_desktop.core.history_schema import SCHEMA_VERSION, UserVersion
from genai_desktop.core.settings import Settings

TUTOR = Assistant("tutor", "Tutor", "You are a patient tutor.")
TRANSLATOR = Assistant("translator", "Translator", "Translate everything into French.")


def system_prompt_sent(request) -> str | None:
    first = request.json["messages"][0]
    return first["content"] if first["role"] == "system" else None


# --- the settings: the single system prompt becomes the default assistant ---------------------------------------

def test_an_older_settings_file_with_a_system_prompt_has_it_as_its_default_assistant_and_asks_with_it():
    older = Settings.from_json_dict({"system_prompt": "Antworte auf Deutsch.", "model": "m"})  # no assistants
    assert assistant_list(older) == (Assistant(FIRST_ASSISTANT_ID, "", "Antworte auf Deutsch."),)
    assert default_assistant(older).system_prompt == "Antworte auf Deutsch."
    assert chat_assistant(older, "removed-since") == default_assistant(older)
    request = request_for(older, [Turn(UserMessage("Hallo"))], 0)
    assert request.messages[0] == {"role": "system", "content": "Antworte auf Deutsch."}

    with pytest.raises(ValueError):  # unnamed, the file would drop it: the window names the first one
        with_assistants(older, assistant_list(older), FIRST_ASSISTANT_ID)
    both = with_assistants(older, (Assistant(FIRST_ASSISTANT_ID, "General", "Antworte auf Deutsch."), TUTOR), "tutor")
    assert (both.default_assistant, both.system_prompt) == ("tutor", TUTOR.system_prompt)  # an older build's prompt
    again = Settings.from_json_dict(json.loads(json.dumps(both.to_json_dict())))
    assert assistant_list(again) == both.assistants and default_assistant(again) == TUTOR
    assert request_for(again, [Turn(UserMessage("Hallo"))], 0).messages[0]["content"] == TUTOR.system_prompt
    assert request_for(again, [Turn(UserMessage("Hallo"))], 0, assistant=TRANSLATOR).messages[0]["content"] == \
        TRANSLATOR.system_prompt


def test_the_settings_dialog_shows_the_migrated_prompt_as_an_assistant_and_saves_it_named(qtbot, make_window,
                                                                                         app_home, api_server):
    window = make_window(system_prompt="Antworte auf Deutsch.")  # as an older build wrote the file
    combo = window.chatAssistantCombo
    assert [combo.itemText(i) for i in range(combo.count())] == ["General"] and combo.isVisible()
    send_prompt(qtbot, window, "Hallo")
    wait_idle(qtbot, window)
    assert system_prompt_sent(api_server.chat_requests()[-1]) == "Antworte auf Deutsch."

    dialog = open_dialog(qtbot, window)
    form = dialog.assistantForm
    assert form.assistantCombo.currentText() == "General (default)"
    assert dialog.systemPromptEdit.toPlainText() == "Antworte auf Deutsch."
    assert not form.removeAssistantButton.isEnabled()  # there is always one
    click_ok(qtbot, dialog)  # nothing changed by the user: it is stored named, as it is
    qtbot.waitUntil(lambda: window._settings_dialog is None, timeout=10000)
    stored = json.loads((app_home / "config" / "settings.json").read_text())
    assert stored["assistants"] == [{"id": FIRST_ASSISTANT_ID, "name": "General",
                                     "system_prompt": "Antworte auf Deutsch.", "course": ""}]
    assert (stored["default_assistant"], stored["system_prompt"]) == (FIRST_ASSISTANT_ID, "Antworte auf Deutsch.")


def test_assistants_are_added_renamed_made_default_and_removed_in_the_settings(qtbot, make_window, app_home,
                                                                               api_server):
    window = make_window(system_prompt="Be brief.")
    dialog = open_dialog(qtbot, window)
    dialog.pages.show_page("answersPage")
    form = dialog.assistantForm
    qtbot.mouseClick(form.newAssistantButton, Qt.LeftButton)
    assert form.assistantNameEdit.text() == "New assistant" and dialog.focusWidget() is form.assistantNameEdit
    form.assistantNameEdit.clear()
    qtbot.keyClicks(form.assistantNameEdit, "Translator")
    dialog.systemPromptEdit.setPlainText("Translate into French.")
    form.defaultAssistantCheck.setChecked(True)
    assert [form.assistantCombo.itemText(i) for i in range(form.assistantCombo.count())] == [
        "General", "Translator (default)"]
    form.assistantCombo.setCurrentIndex(0)
    form.assistantCombo.activated.emit(0)  # back to the first: the second keeps what was typed
    assert dialog.systemPromptEdit.toPlainText() == "Be brief."
    qtbot.mouseClick(form.removeAssistantButton, Qt.LeftButton)
    assert [form.assistantCombo.itemText(i) for i in range(form.assistantCombo.count())] == ["Translator (default)"]
    click_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: window._settings_dialog is None, timeout=10000)
    stored = json.loads((app_home / "config" / "settings.json").read_text())
    [translator] = stored["assistants"]
    assert (translator["name"], translator["system_prompt"]) == ("Translator", "Translate into French.")
    assert stored["default_assistant"] == translator["id"] and stored["system_prompt"] == "Translate into French."
    combo = window.chatAssistantCombo  # the chat's list follows at once
    assert [combo.itemText(i) for i in range(combo.count())] == ["Translator"]
    send_prompt(qtbot, window, "Hello")
    wait_idle(qtbot, window)
    assert system_prompt_sent(api_server.chat_requests()[-1]) == "Translate into French."


# --- the chat's assistant ---------------------------------------------------------------------------------------

def test_a_chat_is_asked_with_its_own_assistant_and_new_chats_with_the_default(qtbot, make_services, api_server):
    services = make_services(assistants=(TUTOR, TRANSLATOR), default_assistant="tutor")
    session = services.session
    assert session.shown.assistant_id == "tutor"  # a new chat: the default
    session.set_chat_assistant("translator")
    ask(qtbot, session, "hello")
    assert system_prompt_sent(api_server.chat_requests()[-1]) == TRANSLATOR.system_prompt
    chat = session.shown.conversation_id
    assert services.guard.history.conversation(chat).assistant == "translator"

    session.open(None)
    assert session.shown.assistant_id == "tutor"
    ask(qtbot, session, "and here?")
    assert system_prompt_sent(api_server.chat_requests()[-1]) == TUTOR.system_prompt
    other = session.shown.conversation_id
    assert services.guard.history.conversation(other).assistant == "tutor"  # stored: a new default later
    services.settings.save(with_assistants(services.settings.current.stored, (TUTOR, TRANSLATOR), "translator"))
    session.open(chat)
    session.open(other)
    assert session.shown.assistant_id == "tutor"  # keeps the one it was asked with

    session.open(chat)
    assert session.shown.assistant_id == "translator"
    ask(qtbot, session, "still French?")
    assert system_prompt_sent(api_server.chat_requests()[-1]) == TRANSLATOR.system_prompt

    services.settings.save(with_assistants(services.settings.current.stored, (TUTOR,), "tutor"))
    assert session.shown.assistant_id == "tutor"  # its assistant was removed: the default one
    ask(qtbot, session, "and now?")
    assert system_prompt_sent(api_server.chat_requests()[-1]) == TUTOR.system_prompt


def test_the_chat_keeps_the_assistant_picked_in_the_window_across_a_restart(qtbot, make_window, api_server):
    assistants = [{"id": a.id, "name": a.name, "system_prompt": a.system_prompt} for a in (TUTOR, TRANSLATOR)]
    window = make_window(assistants=assistants, default_assistant="tutor")
    combo = window.chatAssistantCombo
    assert combo.currentText() == "Tutor" and combo.accessibleName() == "Assistant of this chat"
    assert window.findChild(object, "chatAssistantLabel").buddy() is combo
    combo.setCurrentIndex(1)
    combo.activated.emit(1)
    send_prompt(qtbot, window, "Bonjour?")
    wait_idle(qtbot, window)
    assert system_prompt_sent(api_server.chat_requests()[-1]) == TRANSLATOR.system_prompt
    chat = window.controller.session.conversation_id
    window.close()

    window = make_window()  # a restart: the chat shown at the close is shown again
    assert window.controller.session.conversation_id == chat
    assert window.chatAssistantCombo.currentText() == "Translator"
    send_prompt(qtbot, window, "Encore?")
    wait_idle(qtbot, window)
    assert system_prompt_sent(api_server.chat_requests()[-1]) == TRANSLATOR.system_prompt
    window.newChatAction.trigger()
    assert window.chatAssistantCombo.currentText() == "Tutor"  # a new chat: the default


# --- the history: schema 1.7 ------------------------------------------------------------------------------------

def _step_of_the_chat_assistant() -> UserVersion:
    return next(step for step, function in history_schema.MIGRATIONS
                if function is history_schema._add_conversation_assistant)


def test_a_history_of_the_build_before_upgrades_and_its_chats_keep_the_single_system_prompt(
        monkeypatch, qtbot, make_services, api_server, tmp_path):
    """Additive: a 1.6 file upgrades with a backup, its chats have no assistant of their own (''), and are asked
    with the assistant the single system prompt became even when another one is the default now; the build
    before still writes the upgraded file with its own statements."""
    step = _step_of_the_chat_assistant()
    assert step == UserVersion(1, 7) <= SCHEMA_VERSION
    path = tmp_path / "history.sqlite3"  # where make_services keeps its history
    before = [(version, function) for version, function in history_schema.MIGRATIONS if version < step]
    with monkeypatch.context() as older:
        older.setattr(history_schema, "MIGRATIONS", before)
        older.setattr(history_schema, "SCHEMA_VERSION", before[-1][0])
        HistoryStore.open(path).close()  # the file as the build before makes it
    with sqlite3.connect(path) as connection:  # a chat of that build, written as it writes it
        old_chat = connection.execute("INSERT INTO conversations(title, created, updated, model, profile) "
                                      "VALUES ('from 1.6', 1, 1, '', '')").lastrowid
        connection.execute("INSERT INTO messages(conversation_id, role, content, state, created) "
                           "VALUES (?, 'user', 'earlier question', 'done', 1)", (old_chat,))
    connection.close()

    services = make_services(system_prompt="The old single prompt.",
                             assistants=(Assistant(FIRST_ASSISTANT_ID, "General", "The old single prompt."), TUTOR),
                             default_assistant="tutor")
    assert path.with_name(f"{path.name}.before-v{SCHEMA_VERSION}").exists()
    history = services.guard.history
    assert history.conversation(old_chat).assistant == ""
    session = services.session
    session.open(old_chat)
    assert session.shown.assistant_id == FIRST_ASSISTANT_ID and session.shown.turns[0].prompt == "earlier question"
    ask(qtbot, session, "again")
    assert system_prompt_sent(api_server.chat_requests()[-1]) == "The old single prompt."
    session.open(None)
    assert session.shown.assistant_id == "tutor"  # a new chat: the default

    with sqlite3.connect(path) as older_build:  # its statements name only the columns it knows
        older_build.execute("INSERT INTO conversations(title, created, updated, model, profile) "
                            "VALUES ('from 1.6 again', 3, 3, '', '')")
        row = older_build.execute("SELECT id, title FROM conversations WHERE title = 'from 1.6 again'").fetchone()
    older_build.close()
    assert history.conversation(row[0]).assistant == ""


def test_an_assistant_s_name_and_prompt_are_shown_as_plain_text(qtbot, make_window):
    hostile = {"id": "h", "name": "<b>Bold</b>", "system_prompt": '<img src="https://attacker.example/?q=1">'}
    window = make_window(assistants=[hostile], default_assistant="h")
    combo = window.chatAssistantCombo
    assert combo.itemText(0) == "<b>Bold</b>"  # a combo box shows its items as plain text
    tooltip = combo.itemData(0, Qt.ToolTipRole)
    assert "<img" not in tooltip and "&lt;img src=&quot;https://attacker.example/?q=1&quot;&gt;" in tooltip
