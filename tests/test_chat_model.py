"""A model per chat, through the real window against the loopback server: the chat's model picker
(chatModelCombo) filled from /v1/models and cached per server, the model remembered with the chat
(after switching chats and after a restart), new chats on the default model, each answer headed by
the model that wrote it, a typed name where the server has no list, hostile names shown plain."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from conftest import TEST_KEY, activate, send_prompt, transcript_text, wait_idle
from test_settings_dialog import click_ok, open_dialog

HEADING = "Assistant · "
# The offscreen platform cannot raise a popup or let it grab the keyboard: a list opened here says so.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise", "This plugin does not support grabbing")


def model_list_requests(server) -> list:
    return [request for request in server.requests if request.path == "/v1/models"]


def open_list(qtbot, window) -> None:
    """As a user opens the picker's list: Alt+Down on it (the list opens once it is there)."""
    activate(window)
    window.chatModelCombo.setFocus()
    qtbot.keyClick(window.chatModelCombo, Qt.Key_Down, Qt.AltModifier)


def listed(window) -> list[str]:
    combo = window.chatModelCombo
    return [combo.itemText(index) for index in range(combo.count())]


def pick(qtbot, window, name: str) -> None:
    """Choose name in the open list with the keyboard, as a user does."""
    combo = window.chatModelCombo
    qtbot.waitUntil(lambda: combo.view().isVisible(), timeout=10000)
    view = combo.view()
    view.setCurrentIndex(combo.model().index(combo.findText(name), 0))
    qtbot.keyClick(view, Qt.Key_Return)
    qtbot.waitUntil(lambda: not view.isVisible())


def headings(window) -> list[str]:
    return [line.removeprefix(HEADING) for line in transcript_text(window).splitlines() if line.startswith(HEADING)]


def test_the_chat_asks_the_model_picked_in_it_and_remembers_it(qtbot, make_window, api_server, app_home):
    window = make_window()
    combo = window.chatModelCombo
    assert combo.isVisible() and combo.isEditable() and combo.accessibleName()
    assert combo.currentText() == "fake-model"  # a new chat: the default model from the settings
    assert model_list_requests(api_server) == []  # nothing is asked before the picker is used

    open_list(qtbot, window)
    qtbot.waitUntil(lambda: listed(window) == ["fake-model", "fake-model-2"], timeout=10000)
    assert "2 models" in combo.toolTip()
    pick(qtbot, window, "fake-model-2")
    assert combo.currentText() == "fake-model-2" and "fake-model-2" in window.modelLabel.text()
    send_prompt(qtbot, window, "first")
    wait_idle(qtbot, window)
    assert api_server.chat_requests()[-1].json["model"] == "fake-model-2"
    first_chat = window.controller.session.conversation_id

    # Another model within the same chat: each answer keeps the model that wrote it.
    open_list(qtbot, window)
    pick(qtbot, window, "fake-model")
    send_prompt(qtbot, window, "second")
    wait_idle(qtbot, window)
    assert api_server.chat_requests()[-1].json["model"] == "fake-model"
    assert headings(window) == ["fake-model-2", "fake-model"]
    open_list(qtbot, window)
    pick(qtbot, window, "fake-model-2")

    # A name typed over a listed one, confirmed with Enter, is the chat's model (not the item it replaced).
    combo.lineEdit().selectAll()
    qtbot.keyClicks(combo.lineEdit(), "fake-model-3")
    qtbot.keyClick(combo.lineEdit(), Qt.Key_Return)
    assert combo.currentText() == "fake-model-3" and "fake-model-3" in window.modelLabel.text()
    open_list(qtbot, window)
    pick(qtbot, window, "fake-model-2")

    # A new chat starts with the default; the first chat keeps its own.
    window.newChatAction.trigger()
    assert combo.currentText() == "fake-model" and "fake-model-2" not in window.modelLabel.text()
    send_prompt(qtbot, window, "in a new chat")
    wait_idle(qtbot, window)
    assert api_server.chat_requests()[-1].json["model"] == "fake-model"
    window.open_conversation(first_chat)
    assert combo.currentText() == "fake-model-2"
    assert headings(window) == ["fake-model-2", "fake-model"]
    # The list was asked for once on this server, however often the picker was used.
    open_list(qtbot, window)
    qtbot.waitUntil(lambda: combo.view().isVisible())
    assert combo.view().currentIndex().data() == "fake-model-2"  # the list opens at the chat's model
    combo.hidePopup()
    assert len(model_list_requests(api_server)) == 1
    send_prompt(qtbot, window, "third")
    wait_idle(qtbot, window)
    assert api_server.chat_requests()[-1].json["model"] == "fake-model-2"
    window.close()

    # After a restart: the chat, its model and each answer's model; the list is there before any request.
    settings_file = (app_home / "config" / "settings.json").read_text(encoding="utf-8")
    assert TEST_KEY not in settings_file
    assert json.loads(settings_file)["known_models"] == [[api_server.base_url, ["fake-model", "fake-model-2"]]]
    restarted = make_window()
    assert restarted.controller.session.conversation_id == first_chat
    assert restarted.chatModelCombo.currentText() == "fake-model-2"
    assert headings(restarted) == ["fake-model-2", "fake-model", "fake-model-2"]
    assert listed(restarted) == ["fake-model", "fake-model-2"] and len(model_list_requests(api_server)) == 1
    send_prompt(qtbot, restarted, "after the restart")
    wait_idle(qtbot, restarted)
    assert api_server.chat_requests()[-1].json["model"] == "fake-model-2"


def test_a_typed_name_works_where_the_server_has_no_model_list(qtbot, make_window, api_server):
    api_server.set_mode("normal", reply="Typed.", models_status=404)
    window = make_window()
    combo = window.chatModelCombo
    open_list(qtbot, window)
    qtbot.waitUntil(lambda: "does not offer a list" in combo.toolTip(), timeout=10000)
    assert "does not offer a list" in window.statusBar().currentMessage()
    assert QApplication.activeModalWidget() is None  # said in the tooltip and the status bar, not in a box
    assert combo.isEditable() and combo.isEnabled() and listed(window) == []

    combo.lineEdit().selectAll()
    qtbot.keyClicks(combo.lineEdit(), "my-own-model")
    qtbot.keyClick(combo.lineEdit(), Qt.Key_Return)
    send_prompt(qtbot, window, "hello")
    wait_idle(qtbot, window)
    assert api_server.chat_requests()[-1].json["model"] == "my-own-model"
    assert headings(window) == ["my-own-model"]
    # The default stays the settings' one: a new chat asks it.
    window.newChatAction.trigger()
    assert combo.currentText() == "fake-model"


def test_a_chat_without_a_model_of_its_own_follows_the_default(qtbot, make_window, api_server):
    """Chats from before (their model column empty) and new chats use the default model from the
    settings, also after it changed; the first send keeps the model it asked with that chat."""
    window = make_window()
    history = window.controller.guard.history
    older = history.create_conversation()
    history.add_message(older, "user", "an older question")
    history.add_message(older, "assistant", "an older answer", model="old-model")
    window.open_conversation(older)
    assert window.chatModelCombo.currentText() == "fake-model" and headings(window) == ["old-model"]

    dialog = open_dialog(qtbot, window)
    assert "new chats" in dialog.modelCombo.toolTip() and dialog.modelCombo.accessibleName() == "Default model"
    dialog.modelCombo.setCurrentText("new-default")
    click_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: window._settings_dialog is None)
    assert window.chatModelCombo.currentText() == "new-default" and "new-default" in window.modelLabel.text()
    send_prompt(qtbot, window, "a new question")
    wait_idle(qtbot, window)
    assert api_server.chat_requests()[-1].json["model"] == "new-default"
    assert headings(window) == ["old-model", "new-default"]
    assert history.conversation(older).model == "new-default"  # kept with the chat from now on

    window.controller.settings.save(window.controller.settings.current.stored.replace(model="third-default"))
    assert window.chatModelCombo.currentText() == "new-default"  # a chat with its own model keeps it
    window.newChatAction.trigger()
    assert window.chatModelCombo.currentText() == "third-default"


def test_hostile_model_names_are_listed_plain_and_bounded(qtbot, make_window, api_server, leak_trap):
    markup = f'<img src="{leak_trap.url()}"><b>bold</b>'
    longest = "m" * 200
    api_server.set_mode("normal", reply="Fine.", model_ids=[
        markup, longest, "m" * 201, "line\nbreak", "escape\x1b[31m", "bidi\u202eevil", "fake-model"])
    window = make_window()
    combo = window.chatModelCombo
    open_list(qtbot, window)
    qtbot.waitUntil(lambda: combo.count() == 3, timeout=10000)
    assert sorted(listed(window)) == sorted([markup, longest, "fake-model"])  # too long, control characters: not listed
    assert combo.width() < window.width() // 2  # the longest name does not stretch the picker
    pick(qtbot, window, markup)
    assert combo.currentText() == markup
    send_prompt(qtbot, window, "hello")
    wait_idle(qtbot, window)
    assert api_server.chat_requests()[-1].json["model"] == markup
    assert headings(window) == [markup]  # the heading shows the name as written
    assert markup in window.modelLabel.text() and window.modelLabel.textFormat() == Qt.PlainText
    assert markup not in combo.toolTip()  # tooltips are the app's own words
    qtbot.wait(100)
    assert leak_trap.hits == []


def test_a_name_being_typed_stays_when_the_list_arrives(qtbot, make_window, api_server):
    api_server.set_mode("normal", first_byte_delay=0.3)
    window = make_window()
    combo = window.chatModelCombo
    activate(window)
    combo.setFocus()
    combo.lineEdit().selectAll()
    qtbot.keyClicks(combo.lineEdit(), "fake-mo")  # typing asks for the list (the completer offers it)
    qtbot.waitUntil(lambda: combo.count() == 2, timeout=10000)
    qtbot.wait(50)
    assert combo.currentText() == "fake-mo"
    assert window.controller.session.shown.model == "fake-model"  # chosen only with Enter or on leaving the field
