"""Issue 4 through the real window: chats survive restarts, drafts, switching, search,
regenerate/edit, usage, export/import, damage. The loopback server answers."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from PySide6.QtCore import QLocale, Qt, QUrl
from PySide6.QtWidgets import QLineEdit, QMessageBox

from message_bars import message_bar
from conftest import TEST_KEY, activate, send_prompt, transcript_text, wait_idle, write_settings
from genai_desktop.core.history import HistoryStore
from genai_desktop.core.records import MessageState
from genai_desktop.core.conversation import CONTINUE_INSTRUCTION

REPO = Path(__file__).resolve().parent.parent


def history_of(app_home):
    """What is on disk, read with a connection of its own."""
    store = HistoryStore.open(app_home / "data" / "history.sqlite3")
    try:
        return {c.title or "": [(m.role, m.content, m.state) for m in store.messages(c.id)]
                for c in store.conversations()}
    finally:
        store.close()


def chat_titles(window) -> list[str]:
    model = window.sidebar.model
    return [model.index(row).data(Qt.DisplayRole) for row in range(model.rowCount())]


def click_chat(qtbot, window, title: str) -> None:
    titles = chat_titles(window)
    index = window.sidebar.model.index(titles.index(title))
    rect = window.conversationList.visualRect(index)
    qtbot.mouseClick(window.conversationList.viewport(), Qt.LeftButton, pos=rect.center())


def chat(qtbot, window, prompt: str) -> None:
    send_prompt(qtbot, window, prompt)
    wait_idle(qtbot, window)


def test_a_chat_survives_a_restart(qtbot, make_window, api_server, app_home):
    api_server.set_mode("normal", reply="Bread needs flour, water, salt and yeast.")
    window = make_window()
    chat(qtbot, window, "How do I bake bread?")
    chat(qtbot, window, "And how long?")
    window.close()

    again = make_window()
    shown = transcript_text(again)
    assert "How do I bake bread?" in shown and "And how long?" in shown
    assert shown.count("Bread needs flour, water, salt and yeast.") == 2
    assert chat_titles(again) == ["How do I bake bread?"]
    assert [turn.finished for turn in again.controller.session.shown.turns] == [True, True]
    # The next question goes out with the whole chat as context.
    chat(qtbot, again, "Thanks")
    messages = api_server.chat_requests()[-1].json["messages"]
    assert [m["content"] for m in messages] == ["How do I bake bread?", "Bread needs flour, water, salt and yeast.",
                                                "And how long?", "Bread needs flour, water, salt and yeast.",
                                                "Thanks"]


def test_the_prompt_is_saved_before_the_request_goes_out(qtbot, make_window, api_server, app_home):
    api_server.set_mode("stall_before_first_byte")
    window = make_window()
    send_prompt(qtbot, window, "saved before sending")
    qtbot.waitUntil(lambda: len(api_server.chat_requests()) == 1)
    assert history_of(app_home) == {"saved before sending": [
        ("user", "saved before sending", MessageState.DONE), ("assistant", "", MessageState.STREAMING)]}
    window.stop()
    wait_idle(qtbot, window)


def close_mid_stream(qtbot, make_window, api_server, app_home) -> tuple[list[str], tuple]:
    """Ask "long story", close the window while the answer streams; the words sent and what is stored."""
    words = [f"w{i} " for i in range(200)]
    api_server.set_mode("trickle", tokens=words, tokens_per_second=40)
    window = make_window()
    send_prompt(qtbot, window, "long story")
    qtbot.waitUntil(lambda: len(window.controller.session.shown.turns[-1].answer) > 20, timeout=10000)
    window.close()
    return words, history_of(app_home)["long story"][1]


def test_closing_mid_stream_keeps_the_answer_and_offers_continue(qtbot, make_window, api_server, app_home):
    words, partial = close_mid_stream(qtbot, make_window, api_server, app_home)
    assert partial[0] == "assistant" and partial[2] is MessageState.INTERRUPTED
    assert partial[1] and "".join(words).startswith(partial[1])

    api_server.set_mode("normal", reply="THE END.")
    again = make_window()
    assert partial[1].strip() in transcript_text(again)
    assert "interrupted" in transcript_text(again)
    banner = again.errorBanner
    assert banner.isVisible() and banner.continueButton.isVisible() and banner.retryButton.isVisible()
    qtbot.mouseClick(banner.continueButton, Qt.LeftButton)
    wait_idle(qtbot, again)
    sent = api_server.chat_requests()[-1].json["messages"]
    assert sent[-3:] == [{"role": "user", "content": "long story"},
                         {"role": "assistant", "content": partial[1]},
                         {"role": "user", "content": CONTINUE_INSTRUCTION}]
    assert history_of(app_home)["long story"][1] == ("assistant", partial[1] + "THE END.", MessageState.DONE)
    assert not banner.isVisible()
    assert (partial[1] + "THE END.").strip() in transcript_text(again).replace("\n", "")


def test_drafts_follow_their_chat_across_switching_and_restart(qtbot, make_window, api_server):
    api_server.set_mode("normal", reply="ok")
    window = make_window()
    chat(qtbot, window, "first chat")
    window.promptEdit.setPlainText("draft of the first chat")
    activate(window)
    qtbot.keyClick(window, Qt.Key_N, Qt.ControlModifier)
    assert window.promptEdit.toPlainText() == "" and transcript_text(window) == ""
    window.promptEdit.setPlainText("draft of a new chat")
    qtbot.waitUntil(lambda: window.controller.session.conversation_id is not None)  # saved while typing
    click_chat(qtbot, window, "first chat")
    assert window.promptEdit.toPlainText() == "draft of the first chat"
    assert "first chat" in transcript_text(window)
    click_chat(qtbot, window, "New chat")
    assert window.promptEdit.toPlainText() == "draft of a new chat"
    window.close()

    again = make_window()
    assert again.promptEdit.toPlainText() == "draft of a new chat"  # the chat shown last is shown again
    click_chat(qtbot, again, "first chat")
    assert again.promptEdit.toPlainText() == "draft of the first chat"


def test_switching_while_streaming_never_mixes_answers(qtbot, make_window, api_server, app_home):
    words = [f"tok{i} " for i in range(60)]
    api_server.set_mode("trickle", tokens=words, tokens_per_second=30)
    window = make_window()
    send_prompt(qtbot, window, "streaming chat")
    qtbot.waitUntil(lambda: "tok3" in transcript_text(window), timeout=10000)
    window.newChatAction.trigger()
    window.promptEdit.setPlainText("other chat draft")
    qtbot.wait(400)
    assert "tok" not in transcript_text(window)
    assert "Answering in another chat" in window.statusBar().currentMessage()
    click_chat(qtbot, window, "● streaming chat")
    qtbot.waitUntil(lambda: "tok3" in transcript_text(window))
    assert "other chat draft" not in transcript_text(window)
    wait_idle(qtbot, window)
    assert "".join(words).strip() in transcript_text(window).replace("\n", "")
    assert transcript_text(window).count("tok59") == 1
    stored = history_of(app_home)
    assert stored["streaming chat"][1] == ("assistant", "".join(words), MessageState.DONE)
    assert stored[""] == []  # the other chat holds its draft only


def test_rename_and_delete(qtbot, make_window, api_server, app_home):
    api_server.set_mode("normal", reply="ok")
    window = make_window()
    chat(qtbot, window, "keep me")
    window.newChatAction.trigger()
    chat(qtbot, window, "delete me")
    assert chat_titles(window) == ["delete me", "keep me"]
    index = window.sidebar.model.index(1)
    window.conversationList.edit(index)
    editor = window.conversationList.viewport().findChild(QLineEdit)
    editor.setText("  Renamed   chat ")
    qtbot.keyClick(editor, Qt.Key_Return)  # the view commits the edit on its next turn
    qtbot.waitUntil(lambda: chat_titles(window) == ["delete me", "Renamed chat"])

    asked = []
    window.confirm_delete = lambda title: asked.append(title) or False
    window.deleteAction.trigger()
    assert asked == ["delete me"] and len(chat_titles(window)) == 2
    window.confirm_delete = lambda title: True
    window.deleteAction.trigger()
    assert chat_titles(window) == ["Renamed chat"]
    assert transcript_text(window) == "" and window.controller.session.conversation_id is None
    window.close()
    assert list(history_of(app_home)) == ["Renamed chat"]


def test_search_finds_a_message_and_jumps_to_it(qtbot, make_window, api_server):
    window = make_window()
    for topic in ("sourdough starter", "tomato soup", "pizza dough"):
        api_server.set_mode("normal", reply=f"Here is how to make {topic}.")
        window.newChatAction.trigger()
        chat(qtbot, window, f"Tell me about {topic}")
    for _ in range(30):  # a long chat: the hit is older than the part rendered at first
        chat(qtbot, window, "filler question")
    window.newChatAction.trigger()
    click_chat(qtbot, window, "Tell me about pizza dough")  # a chat opens at its end
    bar = window.transcriptView.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == bar.maximum()
    assert "Show 1 earlier message" in transcript_text(window)  # 31 turns, the latest 30 rendered
    window.newChatAction.trigger()
    activate(window)
    qtbot.keyClick(window, Qt.Key_K, Qt.ControlModifier)
    assert window.searchEdit.hasFocus()
    qtbot.keyClicks(window.searchEdit, "starter")
    results = window.sidebar.searchResults
    qtbot.waitUntil(lambda: results.count() == 2)  # the prompt and the answer
    assert all(results.item(row).text() == "Tell me about sourdough starter" for row in range(2))
    assert all("\x02starter\x03" in results.item(row).data(Qt.UserRole + 2) for row in range(2))
    qtbot.keyClick(window.searchEdit, Qt.Key_Return)
    assert "Tell me about sourdough starter" in transcript_text(window)
    assert window.transcriptView.textCursor().selectedText().lower() == "starter"
    window.searchEdit.clear()
    qtbot.keyClicks(window.searchEdit, "zebra")
    qtbot.waitUntil(lambda: window.sidebar.stack.currentWidget() is window.sidebar.noResultsLabel)


def test_regenerate_replaces_the_last_answer(qtbot, make_window, api_server, app_home):
    api_server.set_mode("normal", reply="First try.")
    window = make_window()
    chat(qtbot, window, "a question")
    api_server.set_mode("normal", reply="Second try.")
    activate(window)
    qtbot.keyClick(window, Qt.Key_R, Qt.ControlModifier)
    wait_idle(qtbot, window)
    shown = transcript_text(window)
    assert "Second try." in shown and "First try." not in shown and shown.count("a question") == 1
    assert api_server.chat_requests()[-1].json["messages"] == [{"role": "user", "content": "a question"}]
    assert history_of(app_home)["a question"] == [("user", "a question", MessageState.DONE),
                                                  ("assistant", "Second try.", MessageState.DONE)]


def test_a_new_version_that_fails_or_is_stopped_keeps_the_earlier_answer(qtbot, make_window, api_server, app_home):
    api_server.set_mode("normal", reply="First try.")
    window = make_window()
    chat(qtbot, window, "a question")
    kept = [("user", "a question", MessageState.DONE), ("assistant", "First try.", MessageState.DONE)]

    api_server.set_mode("drop_mid_stream", reply="Half of a second")
    activate(window)
    qtbot.keyClick(window, Qt.Key_R, Qt.ControlModifier)
    wait_idle(qtbot, window)
    assert "First try." in transcript_text(window) and "Half of" not in transcript_text(window)
    assert window.controller.session.shown.turns[-1].finished and window.controller.session.shown.turns[-1].answer == "First try."
    banner = window.errorBanner
    assert banner.isVisible() and "The earlier answer is kept." in banner.adviceLabel.text()
    assert banner.retryButton.isVisible() and not banner.continueButton.isVisible()
    assert history_of(app_home)["a question"] == kept

    words = [f"v{i} " for i in range(300)]  # stopped half way: the earlier answer comes back
    api_server.set_mode("trickle", tokens=words, tokens_per_second=40)
    qtbot.mouseClick(banner.retryButton, Qt.LeftButton)
    qtbot.waitUntil(lambda: "v3" in transcript_text(window), timeout=10000)
    assert "First try." not in transcript_text(window)  # the new version streams in its place
    window.stop()
    wait_idle(qtbot, window)
    assert "First try." in transcript_text(window) and "v3" not in transcript_text(window)
    assert banner.isVisible() and "stopped" in banner.titleLabel.text()
    assert history_of(app_home)["a question"] == kept

    window.regenerate()  # closed while the new version streams: the earlier answer is what is stored
    qtbot.waitUntil(lambda: "v3" in transcript_text(window), timeout=10000)
    window.close()
    assert history_of(app_home)["a question"] == kept

    api_server.set_mode("no_finish_reason", reply="Cut without saying so")
    again = make_window()
    assert "First try." in transcript_text(again) and not again.errorBanner.isVisible()
    again.regenerate()
    wait_idle(qtbot, again)
    assert "incomplete" in again.errorBanner.titleLabel.text() and "First try." in transcript_text(again)
    assert "The earlier answer is kept." in again.errorBanner.adviceLabel.text()

    api_server.set_mode("normal", reply="Second try.")
    again.chatModelCombo.lineEdit().setText("fake-model-2")  # the chat's model (the default is the settings')
    qtbot.keyClick(again.chatModelCombo.lineEdit(), Qt.Key_Return)
    again.regenerate()  # with another model: the stored answer names it
    wait_idle(qtbot, again)
    assert "Second try." in transcript_text(again) and "First try." not in transcript_text(again)
    assert history_of(app_home)["a question"][1] == ("assistant", "Second try.", MessageState.DONE)
    store = HistoryStore.open(app_home / "data" / "history.sqlite3")
    assert [m.model for m in store.messages(store.conversations()[0].id)] == ["", "fake-model-2"]
    store.close()


def test_retry_after_a_crash_that_fails_again_keeps_the_journaled_answer(qtbot, make_window, api_server,
                                                                          app_home):
    _words, partial = close_mid_stream(qtbot, make_window, api_server, app_home)
    api_server.set_mode("status", status=400)
    again = make_window()
    qtbot.mouseClick(again.errorBanner.retryButton, Qt.LeftButton)
    wait_idle(qtbot, again)
    assert history_of(app_home)["long story"][1] == partial
    assert partial[1].strip() in transcript_text(again)
    assert again.controller.session.can_continue()  # the cut answer can still be continued


def test_edit_and_resend_replaces_later_messages_after_confirmation(qtbot, make_window, api_server, app_home):
    api_server.set_mode("normal", reply="answer")
    window = make_window()
    for prompt in ("one", "two", "three"):
        chat(qtbot, window, prompt)
    asked = []
    window.confirm_replace = lambda later: asked.append(later) or False
    window.begin_edit(1)
    assert window.editBar.isVisible() and window.promptEdit.toPlainText() == "two"
    window.promptEdit.setPlainText("two, edited")
    window.send()
    assert asked == [1] and len(window.controller.session.shown.turns) == 3  # refused: nothing changed
    window.confirm_replace = lambda later: True
    window.send()
    wait_idle(qtbot, window)
    assert [turn.prompt for turn in window.controller.session.shown.turns] == ["one", "two, edited"]
    assert not window.editBar.isVisible()
    assert [m["content"] for m in api_server.chat_requests()[-1].json["messages"]] == ["one", "answer", "two, edited"]
    assert [m[1] for m in history_of(app_home)["one"]] == ["one", "answer", "two, edited", "answer"]
    shown = transcript_text(window)
    assert "three" not in shown and "two, edited" in shown


def test_edit_button_in_the_transcript_starts_editing(qtbot, make_window, api_server):
    api_server.set_mode("normal", reply="answer")
    window = make_window()
    chat(qtbot, window, "first prompt")
    bar = message_bar(qtbot, window.transcriptView, answer=False)
    assert bar.editButton.isVisible() and bar.editButton.accessibleName() == "Edit and resend"
    qtbot.mouseClick(bar.editButton, Qt.LeftButton)
    assert window.promptEdit.toPlainText() == "first prompt" and window.editBar.isVisible()
    window.cancelEditButton.click()
    assert window.promptEdit.toPlainText() == "" and not window.editBar.isVisible()


def test_usage_per_answer_and_per_chat(qtbot, make_window, api_server):
    api_server.set_mode("normal", reply="one two three")
    window = make_window()
    chat(qtbot, window, "count")
    first = window.controller.session.shown.turns[-1]
    assert first.completion_tokens == 3 and first.prompt_tokens > 0
    assert f"Tokens: {first.tokens}" in transcript_text(window)
    chat(qtbot, window, "again")
    total = sum(turn.tokens for turn in window.controller.session.shown.turns)
    assert window.usageLabel.text() == f"This chat: {QLocale().toString(total)} tokens"
    qtbot.waitUntil(lambda: window.modelLabel.isVisible())
    gap = (window.modelLabel.geometry().left() + window.modelLabel.contentsMargins().left()
           - window.usageLabel.geometry().right())  # the two status items stand apart, not as one phrase
    assert gap >= 2 * window.fontMetrics().horizontalAdvance("M")

    api_server.set_mode("normal", reply="no usage here", send_usage=False)
    window.newChatAction.trigger()
    chat(qtbot, window, "quiet server")
    assert window.usageLabel.text() == "" and "Tokens:" not in transcript_text(window)

    api_server.set_mode("normal", reply="asked again without it", reject_stream_options=True)
    window.newChatAction.trigger()
    chat(qtbot, window, "strict server")  # rejects stream_options with a 400: asked again without it
    first, second = api_server.chat_requests()[-2:]
    assert "stream_options" in first.json and "stream_options" not in second.json
    assert "asked again without it" in transcript_text(window) and not window.errorBanner.isVisible()
    assert window.usageLabel.text() == "" and "Tokens:" not in transcript_text(window)


def test_export_and_import_through_the_file_dialogs(qtbot, make_window, api_server, app_home, tmp_path,
                                                    monkeypatch):
    api_server.set_mode("normal", reply="Use *plenty* of water.")
    window = make_window()
    chat(qtbot, window, "Pasta tips?")
    chosen = {}

    def fake_save(parent, title, suggested, file_filter):
        chosen["suggested"] = suggested
        return str(tmp_path / chosen["name"]), file_filter

    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName", fake_save)
    chosen["name"] = "chat.md"
    window.exportMarkdownAction.trigger()
    assert chosen["suggested"].endswith("Pasta tips.md")
    markdown = (tmp_path / "chat.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Pasta tips?") and "## You" in markdown and "Use *plenty* of water." in markdown
    chosen["name"] = "chat.json"
    window.exportJsonAction.trigger()
    chosen["name"] = "all.json"
    window.exportAllAction.trigger()
    exported = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    assert [c["title"] for c in exported["conversations"]] == ["Pasta tips?"]

    store = HistoryStore.open(app_home / "data" / "history.sqlite3")
    stored_times = store._db.execute("SELECT created FROM conversations UNION ALL "
                                     "SELECT created FROM messages ORDER BY 1").fetchall()
    store.close()
    exported_times = [exported["conversations"][0]["created"]] + [
        m["created"] for m in exported["conversations"][0]["messages"]]
    assert sorted(exported_times) == [row[0] for row in stored_times]  # the dates go along

    window.choose_open_path = lambda title, file_filter: tmp_path / "chat.json"
    window.importAction.trigger()
    qtbot.waitUntil(lambda: len(chat_titles(window)) == 2)
    assert chat_titles(window) == ["Pasta tips?", "Pasta tips?"]
    store = HistoryStore.open(app_home / "data" / "history.sqlite3")
    imported = store.conversations()[0]  # the newest: the import keeps the exported dates
    assert (imported.created, [m.created for m in store.messages(imported.id)]) == (
        exported_times[0], exported_times[1:])
    store.close()


def test_a_malformed_import_says_so_and_imports_nothing(qtbot, make_window, app_home, tmp_path):
    window = make_window()
    bad = tmp_path / "export.json"  # the first chat is fine, the second is not: nothing may be imported
    bad.write_text(json.dumps({"format": "genai-desktop", "version": 1, "conversations": [
        {"title": "fine", "messages": [{"role": "user", "content": "hi"}]},
        {"title": "bad", "messages": [{"role": "wizard", "content": "abracadabra"}]}]}))
    window.choose_open_path = lambda title, file_filter: bad
    window.importAction.trigger()
    qtbot.waitUntil(lambda: any(box.isVisible() for box in window.findChildren(QMessageBox)))
    box = next(box for box in window.findChildren(QMessageBox) if box.isVisible())
    assert box.windowTitle() == "Nothing was imported" and "Nothing was imported." in box.text()
    box.close()
    assert chat_titles(window) == []


def test_a_chatgpt_export_is_imported(qtbot, make_window, app_home):
    window = make_window()
    window.choose_open_path = lambda title, file_filter: Path(__file__).parent / "data" / "chatgpt_conversations.json"
    window.importAction.trigger()
    qtbot.waitUntil(lambda: len(chat_titles(window)) > 0)
    assert "Imported" in window.statusBar().currentMessage()
    click_chat(qtbot, window, chat_titles(window)[0])
    assert "You" in transcript_text(window) and "Assistant" in transcript_text(window)


def test_a_corrupt_history_is_moved_aside_and_the_user_told(qtbot, make_window, app_home):
    data = app_home / "data"
    data.mkdir(parents=True)
    (data / "history.sqlite3").write_bytes(b"this is not a database at all" * 100)
    window = make_window()
    banner = window.errorBanner
    assert banner.isVisible() and "damaged" in banner.titleLabel.text()
    aside = list(data.glob("history.sqlite3.corrupt-*"))
    assert len(aside) == 1 and str(aside[0]) in banner.detailLabel.text()
    assert aside[0].read_bytes().startswith(b"this is not a database")


def test_a_damaged_page_is_found_after_start_and_repaired_at_the_next(qtbot, make_window, api_server, app_home):
    api_server.set_mode("normal", reply="kept " + "y" * 300)
    window = make_window()
    for number in range(30):
        chat(qtbot, window, f"question {number} " + "q" * 300)
    window.close()
    path = app_home / "data" / "history.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    data = bytearray(path.read_bytes())
    page = data.find(b"question 15 ") // 4096 * 4096
    data[page:page + 64] = bytes(byte ^ 0xA5 for byte in data[page:page + 64])
    path.write_bytes(bytes(data))
    (app_home / "config" / "settings.json").write_text("{}")  # open a new chat: the damaged page is not read

    damaged = make_window()  # opening reads no damaged page; the check after start-up does
    qtbot.waitUntil(lambda: "damaged" in damaged.errorBanner.titleLabel.text())
    damaged.close()

    repaired = make_window()
    banner = repaired.errorBanner
    salvaged = repaired.controller.guard.history.salvaged
    assert banner.isVisible() and f"{QLocale().toString(salvaged)} messages could still be read" in banner.adviceLabel.text()
    aside = [file for file in path.parent.glob("history.sqlite3.corrupt-*") if not file.name.endswith(("-wal", "-shm"))]
    assert len(aside) == 1 and str(aside[0]) in banner.detailLabel.text()
    recovered = [text for messages in history_of(app_home).values() for role, text, _state in messages
                 if role == "user"]
    assert 40 <= salvaged < 60 and 20 <= len(recovered) < 30
    assert "question 15 " + "q" * 300 not in recovered and "question 0 " + "q" * 300 in recovered
    assert not (path.parent / "history.sqlite3.needs-repair").exists()


def test_a_damaged_page_read_while_the_app_runs_is_a_notice_not_a_crash(qtbot, make_window, api_server, app_home):
    api_server.set_mode("normal", reply="fine")
    window = make_window()
    for number in range(20):
        chat(qtbot, window, f"long question {number} " + "q" * 600)
    window.newChatAction.trigger()
    path = app_home / "data" / "history.sqlite3"
    window.controller.guard.history._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with open(path, "r+b") as file:  # damage a page of that chat under the running app
        data = file.read()
        page = data.find(b"long question 10 ") // 4096 * 4096
        file.seek(page)
        file.write(bytes(byte ^ 0xA5 for byte in data[page:page + 64]))
    window.controller.guard.history._db.execute("PRAGMA cache_size = 0")  # no copy of the page in memory
    click_chat(qtbot, window, chat_titles(window)[0])  # pytest-qt fails the test on any exception
    assert "damaged" in window.errorBanner.titleLabel.text()
    assert (path.parent / "history.sqlite3.needs-repair").exists()
    window.newChatAction.trigger()
    chat(qtbot, window, "still chatting")
    assert "fine" in transcript_text(window)


def test_a_newer_history_is_left_alone_and_the_chat_still_works(qtbot, make_window, api_server, app_home):
    data = app_home / "data"
    data.mkdir(parents=True)
    path = data / "history.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA user_version = 99")
    connection.execute("CREATE TABLE future(x)")
    connection.commit()
    connection.close()
    before = path.read_bytes()
    api_server.set_mode("normal", reply="still here")
    window = make_window()
    assert "newer version" in window.errorBanner.titleLabel.text()
    chat(qtbot, window, "hello")
    assert "still here" in transcript_text(window)
    window.close()
    assert path.read_bytes() == before


def test_disk_full_while_saving_keeps_the_text_and_says_so(qtbot, make_window, api_server):
    reply = "A long answer. " * 400
    api_server.set_mode("normal", reply=reply)
    window = make_window()
    chat(qtbot, window, "small")
    store = window.controller.guard.history
    pages = store._db.execute("PRAGMA page_count").fetchone()[0]
    store._db.execute(f"PRAGMA max_page_count = {pages}")  # SQLite now answers SQLITE_FULL
    chat(qtbot, window, "this one does not fit " + "x" * 20000)  # not even the prompt fits
    banner = window.errorBanner
    assert banner.isVisible() and "disk is full" in banner.titleLabel.text()
    assert window.controller.session.shown.turns[-1].answer == reply
    assert reply.strip().split(". ")[0] in transcript_text(window)
    assert "this one does not fit" in transcript_text(window)
    store._db.execute("PRAGMA max_page_count = 1000000")  # room again: the next chat is saved
    chat(qtbot, window, "saved again")
    assert window.controller.session.shown.turns[-1].prompt_id is not None


def test_an_answer_in_a_chat_that_could_not_be_saved_stays_in_it(qtbot, make_window, api_server):
    words = [f"u{i} " for i in range(40)]
    api_server.set_mode("trickle", tokens=words, tokens_per_second=40)
    window = make_window()
    window.controller.guard.history._db.execute("PRAGMA query_only = ON")  # every write fails: the chat gets no id
    send_prompt(qtbot, window, "unsaved chat")
    qtbot.waitUntil(lambda: "u2" in transcript_text(window), timeout=10000)
    assert window.controller.session.conversation_id is None and window.statusBar().currentMessage() == "Answering…"
    window.new_chat()  # another chat without an id: the answer must not come into it
    assert transcript_text(window) == ""
    assert window.statusBar().currentMessage() == "Answering in another chat…"
    wait_idle(qtbot, window)
    assert transcript_text(window) == "" and window.controller.session.shown.turns == ()
    window.controller.guard.history._db.execute("PRAGMA query_only = OFF")


def test_a_chat_that_gets_its_id_late_is_saved_whole_with_its_streaming_answer(qtbot, make_window, api_server,
                                                                                app_home):
    words = [f"u{i} " for i in range(40)]
    api_server.set_mode("normal", reply="saved late")
    window = make_window()
    history = window.controller.guard.history._db
    history.execute("PRAGMA query_only = ON")  # the disk is full: nothing of this chat is saved
    chat(qtbot, window, "first question")
    api_server.set_mode("trickle", tokens=words, tokens_per_second=30)
    send_prompt(qtbot, window, "second question")
    qtbot.waitUntil(lambda: "u2" in transcript_text(window), timeout=10000)
    history.execute("PRAGMA query_only = OFF")  # room again
    window.controller.session.save_draft("a follow-up being typed")  # the chat is saved now, with an id
    chat_id = window.controller.session.conversation_id
    assert chat_id is not None and window.sidebar.model.streaming_id == chat_id
    window.new_chat()
    window.open_conversation(chat_id)  # read back from the history: everything is there, the answer streams on
    assert "first question" in transcript_text(window) and "saved late" in transcript_text(window)
    wait_idle(qtbot, window)
    assert "".join(words).strip() in transcript_text(window).replace("\n", "")
    assert history_of(app_home)["first question"] == [
        ("user", "first question", MessageState.DONE), ("assistant", "saved late", MessageState.DONE),
        ("user", "second question", MessageState.DONE), ("assistant", "".join(words), MessageState.DONE)]


def test_deleting_a_chat_that_got_its_id_late_detaches_its_answer(qtbot, make_window, api_server):
    api_server.set_mode("trickle", tokens=[f"u{i} " for i in range(90)], tokens_per_second=30)
    window = make_window()
    window.controller.guard.history._db.execute("PRAGMA query_only = ON")
    send_prompt(qtbot, window, "unsaved chat")
    qtbot.waitUntil(lambda: "u2" in transcript_text(window), timeout=10000)
    window.controller.guard.history._db.execute("PRAGMA query_only = OFF")
    window.controller.session.save_draft("a follow-up being typed")
    window.controller.library.delete(window.controller.session.conversation_id)
    assert window.controller.session.shown.turns == () and window.controller.session.conversation_id is None
    wait_idle(qtbot, window)
    assert transcript_text(window) == "" and window.controller.session.shown.turns == ()


def test_a_failed_new_version_in_a_chat_that_could_not_be_saved_keeps_the_earlier_answer(qtbot, make_window,
                                                                                          api_server):
    api_server.set_mode("normal", reply="First try.")
    window = make_window()
    window.controller.guard.history._db.execute("PRAGMA query_only = ON")
    chat(qtbot, window, "a question")
    api_server.set_mode("status", status=400)
    window.regenerate()
    wait_idle(qtbot, window)
    window.controller.guard.history._db.execute("PRAGMA query_only = OFF")
    assert window.controller.session.shown.turns[-1].answer == "First try." and "First try." in transcript_text(window)


def test_a_new_version_stopped_in_a_chat_not_shown_leaves_no_streaming_mark(qtbot, make_window, api_server):
    api_server.set_mode("normal", reply="First try.")
    window = make_window()
    chat(qtbot, window, "chat A")
    first = window.controller.session.conversation_id
    window.new_chat()
    chat(qtbot, window, "chat B")
    second = window.controller.session.conversation_id
    window.open_conversation(first)
    api_server.set_mode("trickle", tokens=[f"v{i} " for i in range(300)], tokens_per_second=40)
    window.regenerate()
    qtbot.waitUntil(lambda: "v3" in transcript_text(window), timeout=10000)
    window.open_conversation(second)
    assert window.sidebar.model.streaming_id == first
    window.stop()
    wait_idle(qtbot, window)
    assert window.sidebar.model.streaming_id is None and not chat_titles(window)[1].startswith("●")
    window.open_conversation(first)
    assert "First try." in transcript_text(window) and "v3" not in transcript_text(window)


def test_edit_and_resend_of_a_message_that_was_not_saved_replaces_the_later_ones_on_disk(qtbot, make_window,
                                                                                          api_server, app_home):
    api_server.set_mode("normal", reply="answer")
    window = make_window()
    chat(qtbot, window, "one")
    window.controller.guard.history._db.execute("PRAGMA query_only = ON")  # the disk is full for this one
    chat(qtbot, window, "two")
    window.controller.guard.history._db.execute("PRAGMA query_only = OFF")
    chat(qtbot, window, "three")
    window.confirm_replace = lambda later: True
    window.begin_edit(1)
    window.promptEdit.setPlainText("two, edited")
    window.send()
    wait_idle(qtbot, window)
    assert [m[1] for m in history_of(app_home)["one"]] == ["one", "answer", "two, edited", "answer"]


def test_sidebar_width_is_remembered(qtbot, make_window):
    window = make_window()
    window.resize(1000, 700)
    window.splitter.setSizes([333, 667])
    width = window.splitter.sizes()[0]
    window.close()
    again = make_window()
    assert again.splitter.sizes()[0] == width


def is_journal_write(line: str) -> bool:
    return line.startswith("committed journal ") and not line.endswith(" 0\n")


def test_kill_loop_through_the_window(app_home, api_server):
    """The real app streams from a slow server and is SIGKILLed at random moments, 50 times.

    After each kill the history passes integrity_check, and every write the app reported as
    returned is there: each prompt, and at least the journaled part of each answer.
    """
    words = [f"word{i} " for i in range(400)]
    api_server.set_mode("trickle", tokens=words, tokens_per_second=60)
    full_answer = "".join(words)
    write_settings(app_home, base_url=api_server.base_url, model="fake-model", read_timeout=5.0)
    env = dict(os.environ, GENAI_DESKTOP_HOME=str(app_home), OPENAI_API_KEY=TEST_KEY, PYTHONPATH=str(REPO),
               QT_QPA_PLATFORM="offscreen")
    rng = random.Random(50)
    database = app_home / "data" / "history.sqlite3"
    journaled_kills = 0
    for attempt in range(50):
        child = subprocess.Popen([sys.executable, str(REPO / "tests" / "window_driver.py"), f"prompt {attempt}"],
                                 cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        lines: list[str] = []
        reader = threading.Thread(target=lambda: lines.extend(iter(child.stdout.readline, "")), daemon=True)
        reader.start()
        deadline = time.monotonic() + 30
        while "sent\n" not in lines and time.monotonic() < deadline:
            time.sleep(0.01)
        assert "sent\n" in lines, f"attempt {attempt}: the window did not send ({lines})"
        if attempt % 2:  # every other kill comes after the answer was journaled, however slow the machine
            while not any(map(is_journal_write, lines)) and time.monotonic() < deadline:
                time.sleep(0.01)
            assert any(map(is_journal_write, lines)), f"attempt {attempt}: the answer was never journaled"
            time.sleep(rng.uniform(0.0, 1.0))
        else:  # the others at any moment: before the first token, mid-stream, between journal writes
            time.sleep(rng.uniform(0.0, 2.5))
        child.send_signal(signal.SIGKILL)
        child.wait(10)
        reader.join(5)

        connection = sqlite3.connect(database)
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok", attempt
        stored = dict(connection.execute("SELECT m.id, COALESCE(j.content, m.content) FROM messages m "
                                         "LEFT JOIN journal j ON j.message_id = m.id"))
        connection.close()
        written: dict[int, int] = {}
        for line in lines:
            if line.startswith("committed "):
                _, _what, message_id, length = line.split()
                written[int(message_id)] = max(written.get(int(message_id), 0), int(length))
        journaled_kills += any(map(is_journal_write, lines))
        prompts = [text for text in stored.values() if text == f"prompt {attempt}"]
        assert prompts == [f"prompt {attempt}"], f"attempt {attempt}: the prompt was not kept"
        for message_id, length in written.items():
            assert message_id in stored, f"attempt {attempt}: message {message_id} lost"
            assert len(stored[message_id]) >= length, f"attempt {attempt}: journaled text lost"
            if stored[message_id].startswith("word"):
                assert full_answer.startswith(stored[message_id])
    assert journaled_kills >= 25  # at least the kills that waited for a journal write

    store = HistoryStore.open(database)
    try:
        store.mark_interrupted()
        conversations = store.conversations()
        assert len(conversations) == 50
        states = [m.state for c in conversations for m in store.messages(c.id) if m.role == "assistant"]
        assert len(states) == 50 and MessageState.STREAMING not in states
    finally:
        store.close()


def test_a_crash_while_a_new_version_streams_keeps_the_earlier_ones(qtbot, make_window, api_server, app_home):
    """The real app is SIGKILLed while Regenerate streams a third version: the next start shows the chat as it was
    before, version 2 of 2, and version 1 is still there to flip to."""
    api_server.set_mode("normal", reply="Version one.")
    window = make_window(read_timeout=5.0)
    chat(qtbot, window, "question")
    api_server.set_mode("normal", reply="Version two.")
    activate(window)
    qtbot.keyClick(window, Qt.Key_R, Qt.ControlModifier)
    wait_idle(qtbot, window)
    window.close()

    api_server.set_mode("trickle", tokens=[f"partial{i} " for i in range(400)], tokens_per_second=40)
    env = dict(os.environ, GENAI_DESKTOP_HOME=str(app_home), OPENAI_API_KEY=TEST_KEY, PYTHONPATH=str(REPO),
               QT_QPA_PLATFORM="offscreen")
    child = subprocess.Popen([sys.executable, str(REPO / "tests" / "window_driver.py"), "--regenerate"],
                             cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(iter(child.stdout.readline, "")), daemon=True)
    reader.start()
    deadline = time.monotonic() + 30
    while not any(map(is_journal_write, lines)) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert "sent\n" in lines and any(map(is_journal_write, lines)), lines  # the third version was on disk, in part
    child.send_signal(signal.SIGKILL)
    child.wait(10)
    reader.join(5)

    again = make_window()
    qtbot.waitUntil(lambda: "Version two." in transcript_text(again))
    assert "partial0" not in transcript_text(again)
    bar = message_bar(qtbot, again.transcriptView, answer=True)
    assert bar.versionLabel.isVisible() and bar.versionLabel.text() == "2 / 2"
    qtbot.mouseClick(bar.versionPrevious, Qt.LeftButton)
    qtbot.waitUntil(lambda: "Version one." in transcript_text(again))
    qtbot.waitUntil(lambda: history_of(app_home)["question"][-1] == ("assistant", "Version one.", MessageState.DONE))


def test_stopped_and_usage_less_answers_are_stored_as_ended(qtbot, make_window, api_server, app_home):
    api_server.set_mode("normal", reply="no usage from this server", send_usage=False)
    window = make_window()
    chat(qtbot, window, "quiet")
    api_server.set_mode("trickle", tokens=[f"t{i} " for i in range(100)], tokens_per_second=20)
    send_prompt(qtbot, window, "stop me")
    qtbot.waitUntil(lambda: "t2" in window.controller.session.shown.turns[-1].answer, timeout=10000)
    window.stop()
    wait_idle(qtbot, window)
    stored = history_of(app_home)
    assert stored["quiet"][1] == ("assistant", "no usage from this server", MessageState.DONE)
    answer = stored["quiet"][3]
    assert answer[2] is MessageState.STOPPED and answer[1] == window.controller.session.shown.turns[-1].answer != ""


def test_the_journal_catches_up_while_the_stream_pauses(qtbot, make_window, api_server, app_home):
    api_server.set_mode("stall_mid_stream", reply="one two three four five six", after_tokens=3)
    window = make_window(read_timeout=30.0)
    send_prompt(qtbot, window, "pause after three")
    qtbot.waitUntil(lambda: window.controller.session.shown.turns and window.controller.session.shown.turns[-1].answer == "one two three ",
                    timeout=10000)
    qtbot.wait(1200)  # no text arrives now; what did arrive is journaled anyway
    assert history_of(app_home)["pause after three"][1][1] == "one two three "
    window.stop()
    wait_idle(qtbot, window)


def test_edit_and_resend_keeps_the_chats_draft(qtbot, make_window, api_server, app_home):
    api_server.set_mode("normal", reply="answer")
    window = make_window()
    chat(qtbot, window, "first")
    window.promptEdit.setPlainText("my unsent draft")
    window.begin_edit(0)
    window.promptEdit.setPlainText("first, edited")
    window.send()
    wait_idle(qtbot, window)
    assert window.promptEdit.toPlainText() == "my unsent draft"
    assert window.controller.session.shown.draft == "my unsent draft" and not window.errorBanner.isVisible()
    window.close()
    assert make_window().promptEdit.toPlainText() == "my unsent draft"


def test_renaming_survives_a_refresh_of_the_list(qtbot, make_window, api_server):
    api_server.set_mode("normal", reply="ok")
    window = make_window()
    chat(qtbot, window, "old title")
    window.conversationList.edit(window.sidebar.model.index(0))
    editor = window.conversationList.viewport().findChild(QLineEdit)
    editor.setText("new title")
    window.controller.library.changed.emit()  # an answer ends elsewhere, a draft creates a chat …
    assert editor.isVisible() and editor.text() == "new title"
    qtbot.keyClick(editor, Qt.Key_Return)
    qtbot.waitUntil(lambda: chat_titles(window) == ["new title"])


def test_titles_and_snippets_never_become_markup(qtbot, make_window, api_server):
    api_server.set_mode("normal", reply="look <img src=http://127.0.0.1:9/x.png> here")
    window = make_window()
    chat(qtbot, window, "<b>bold</b> <img src=http://127.0.0.1:9/y.png>")
    tooltip = window.sidebar.model.index(0).data(Qt.ToolTipRole)
    assert tooltip.startswith("<p>") and "&lt;img" in tooltip and "<img" not in tooltip
    window.searchEdit.setText("look")
    window.sidebar.run_search()
    item = window.sidebar.searchResults.item(0)
    assert "<img" not in item.toolTip() and "&lt;img" in item.toolTip()


def test_deleting_the_streaming_chat_detaches_its_answer(qtbot, make_window, api_server, app_home):
    api_server.set_mode("trickle", tokens=[f"x{i} " for i in range(200)], tokens_per_second=40)
    window = make_window()
    send_prompt(qtbot, window, "doomed")
    qtbot.waitUntil(lambda: "x2" in transcript_text(window), timeout=10000)
    window.confirm_delete = lambda title: True
    window.deleteAction.trigger()
    window.promptEdit.setPlainText("a new chat right away")
    window.composer.save_draft()
    wait_idle(qtbot, window)
    assert "x" not in transcript_text(window)
    assert chat_titles(window) == ["New chat"]
    assert history_of(app_home) == {"": []}


def test_a_long_answers_search_index_is_made_off_the_window_thread_a_short_ones_at_once(
        qtbot, make_window, api_server, monkeypatch):
    """Indexing every three characters of a long answer took tens of milliseconds of the window's time as the
    answer ended: the window stores it, a background task indexes it; a short answer is indexed at once."""
    from genai_desktop.qt import history_guard

    indexed_on: list[str] = []
    original = HistoryStore._index_pending

    def recorded(store):
        count = original(store)
        if count:
            indexed_on.append(threading.current_thread().name)
        return count

    monkeypatch.setattr(HistoryStore, "_index_pending", recorded)
    long_reply = "Eine lange Antwort. " * (history_guard.INDEX_AT_ONCE_CHARACTERS // 20) + "Schlusswort"
    api_server.set_mode("normal", reply=long_reply)
    window = make_window()
    send_prompt(qtbot, window, "Lang, bitte")
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: bool(indexed_on), timeout=10_000)
    assert indexed_on[0] != threading.main_thread().name
    qtbot.waitUntil(lambda: any("Schlusswort" in hit.snippet for hit in window.controller.guard.history.search(
        "Schlusswort")), timeout=10_000)

    indexed_on.clear()
    api_server.set_mode("normal", reply="Kurz und Knapp.")
    send_prompt(qtbot, window, "Kurz, bitte")
    wait_idle(qtbot, window)
    assert indexed_on == [threading.main_thread().name]
    assert window.controller.guard.history.search("Knapp")  # found at once
