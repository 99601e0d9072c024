"""Issue 12, point 6 through the real window against the loopback server: a message sent with attachments
is stored with them, shown with its chips after a restart, sent again on Regenerate, Continue and Edit
and resend, exported and imported with them, and found by the words of its documents.

The message goes to the session as the composer sends it (ChatSession.send with a UserMessage and its
parts), so these tests do not depend on how the composer makes the chips."""

from __future__ import annotations

import base64
import json

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, QUrl
from PySide6.QtGui import QColor, QImage, QTextDocument

from conftest import activate, transcript_text, wait_idle
from genai_desktop.core.attachments import Attachment, AttachmentKind
from genai_desktop.core.conversation import Turn, UserMessage, chat_messages
from genai_desktop.core.history import HistoryStore
from genai_desktop.ui.transcript_attachments import Thumbnails, attachment_names


def png_bytes(width: int = 320, height: int = 200) -> bytes:
    image = QImage(width, height, QImage.Format_RGB32)
    image.fill(QColor("teal"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    assert image.save(buffer, "PNG")
    return bytes(data)


def attachments(tmp_path) -> tuple[Attachment, ...]:
    notes = tmp_path / "Private Folder" / "notes.txt"
    notes.parent.mkdir()
    notes.write_text("The pelican budget is 4711 euros.", encoding="utf-8")
    picture = png_bytes()
    return (Attachment(AttachmentKind.DOCUMENT, "notes.txt", "text/plain", notes.stat().st_size,
                       text=notes.read_text(encoding="utf-8"), source=str(notes)),
            Attachment(AttachmentKind.PICTURE, "chart.png", "image/png", len(picture), data=picture,
                       width=320, height=200))


def stored_attachments(app_home) -> list[tuple]:
    store = HistoryStore.open(app_home / "data" / "history.sqlite3")
    try:
        return [tuple(row) for row in store._db.execute("SELECT m.content, a.position, a.kind, a.name, a.mime, a.text, length(a.data) "
                                 "FROM attachments a JOIN messages m ON m.id = a.message_id "
                                 "ORDER BY a.message_id, a.position").fetchall()]
    finally:
        store.close()


def send(qtbot, window, message: UserMessage) -> None:
    assert window.controller.session.send(message)
    wait_idle(qtbot, window)



def test_attachments_are_stored_and_shown_as_chips_after_a_restart(qtbot, make_window, api_server, app_home,
                                                                    tmp_path):
    api_server.set_mode("normal", reply="The budget is 4711 euros.")
    parts = attachments(tmp_path)
    window = make_window()
    send(qtbot, window, UserMessage("What does this say?", parts))
    assert attachment_names(window.transcriptView.document()) == ["notes.txt", "chart.png"]  # shown as sent
    assert stored_attachments(app_home) == [
        ("What does this say?", 0, "document", "notes.txt", "text/plain", "The pelican budget is 4711 euros.", 0),
        ("What does this say?", 1, "picture", "chart.png", "image/png", "", len(parts[1].data))]
    window.close()

    again = make_window()
    view = again.transcriptView
    assert again.controller.session.shown.turns[0].message.parts == parts
    assert attachment_names(view.document()) == ["notes.txt", "chart.png"]
    shown = transcript_text(again)
    assert "notes.txt" in shown and "chart.png" in shown and "What does this say?" in shown
    assert shown.index("What does this say?") < shown.index("notes.txt") < shown.index("The budget is 4711 euros.")
    assert "pelican" not in shown  # a document is named, its text is not spread over the transcript
    assert "Private Folder" not in shown
    qtbot.waitUntil(lambda: not Thumbnails.of(view).pending)
    thumbnails = [view.document().resource(QTextDocument.ImageResource, QUrl(name))
                  for name in _image_names(view.document())]
    assert len(thumbnails) == 1 and (thumbnails[0].width(), thumbnails[0].height()) == (48, 30)
    assert thumbnails[0].pixelColor(24, 15) == QColor("teal")  # the picture itself
    assert view.blocked_resources == []  # the thumbnail is the document's own: nothing was loaded


def _image_names(document: QTextDocument) -> list[str]:
    from genai_desktop.ui.transcript_style import fragments
    return [piece.charFormat().toImageFormat().name() for piece in fragments(document)
            if piece.charFormat().isImageFormat()]


def test_a_message_of_attachments_alone_is_shown_and_names_its_chat(qtbot, make_window, api_server, app_home,
                                                                    tmp_path):
    api_server.set_mode("normal", reply="A teal rectangle.")
    window = make_window()
    send(qtbot, window, UserMessage("", attachments(tmp_path)[1:]))
    window.close()
    again = make_window()
    assert attachment_names(again.transcriptView.document()) == ["chart.png"]
    assert "A teal rectangle." in transcript_text(again)
    assert again.sidebar.model.index(0).data(Qt.DisplayRole) == "chart.png"
    assert again.controller.session.can_regenerate()


def test_regenerate_continue_and_edit_and_resend_keep_the_attachments(qtbot, make_window, api_server, app_home,
                                                                      tmp_path):
    parts = attachments(tmp_path)
    api_server.set_mode("normal", reply="Cut off here", finish_reason="length")
    window = make_window()
    send(qtbot, window, UserMessage("Summarise", parts))
    window.close()

    again = make_window()
    session = again.controller.session
    api_server.set_mode("normal", reply=" and the rest.")
    activate(again)
    again.continue_answer()
    wait_idle(qtbot, again)
    assert session.shown.turns[0].message.parts == parts
    continued = api_server.chat_requests()[-1].json["messages"]
    assert continued[0] == chat_messages("", session.shown.turns, 0, False)[0]  # the message with its parts

    api_server.set_mode("normal", reply="A new version.")
    qtbot.keyClick(again, Qt.Key_R, Qt.ControlModifier)
    wait_idle(qtbot, again)
    assert "A new version." in transcript_text(again)
    regenerated = api_server.chat_requests()[-1].json["messages"]
    assert regenerated == list(chat_messages("", [Turn(UserMessage("Summarise", parts))], 0, False))
    assert session.shown.turns[0].message.parts == parts
    assert attachment_names(again.transcriptView.document()) == ["notes.txt", "chart.png"]

    assert session.resend_from(0, UserMessage("Only the picture, please", parts[1:]))
    wait_idle(qtbot, again)
    assert [row[3] for row in stored_attachments(app_home)] == ["chart.png"]  # the edited message's own
    assert attachment_names(again.transcriptView.document()) == ["chart.png"]
    assert "Private Folder" not in json.dumps([request.json for request in api_server.chat_requests()])


def test_regenerate_after_a_restart_sends_the_document_and_the_picture_again(qtbot, make_window, api_server,
                                                                             tmp_path):
    parts = attachments(tmp_path)
    api_server.set_mode("normal", reply="First.")
    window = make_window()
    send(qtbot, window, UserMessage("Summarise", parts))
    window.close()
    again = make_window()
    api_server.set_mode("normal", reply="Second.")
    activate(again)
    qtbot.keyClick(again, Qt.Key_R, Qt.ControlModifier)
    wait_idle(qtbot, again)
    body = json.dumps(api_server.chat_requests()[-1].json)
    assert "The pelican budget is 4711 euros." in body and "notes.txt" in body
    assert base64.b64encode(parts[1].data).decode("ascii") in body


def test_search_finds_a_documents_words_and_says_where(qtbot, make_window, api_server, tmp_path):
    api_server.set_mode("normal", reply="Noted.")
    window = make_window()
    send(qtbot, window, UserMessage("Have a look", attachments(tmp_path)))
    window.newChatAction.trigger()
    activate(window)
    qtbot.keyClick(window, Qt.Key_K, Qt.ControlModifier)
    qtbot.keyClicks(window.searchEdit, "pelican")
    results = window.sidebar.searchResults
    qtbot.waitUntil(lambda: results.count() == 1)
    assert results.item(0).text() == "Have a look"
    assert results.item(0).data(Qt.AccessibleTextRole) == "Have a look: In notes.txt: The pelican budget is 4711 euros."
    qtbot.keyClick(window.searchEdit, Qt.Key_Return)
    assert attachment_names(window.transcriptView.document()) == ["notes.txt", "chart.png"]


def test_export_and_import_carry_the_attachments(qtbot, make_window, api_server, app_home, tmp_path, monkeypatch):
    api_server.set_mode("normal", reply="Seen.")
    parts = attachments(tmp_path)
    window = make_window()
    send(qtbot, window, UserMessage("Two files", parts))
    target = {}
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName",
                        lambda parent, title, suggested, file_filter: (str(tmp_path / target["name"]), file_filter))
    target["name"] = "chat.md"
    window.exportMarkdownAction.trigger()
    markdown = (tmp_path / "chat.md").read_text(encoding="utf-8")
    assert "Two files\n\nAttached: notes.txt, chart.png\n" in markdown and "pelican" not in markdown
    target["name"] = "chat.json"
    window.exportJsonAction.trigger()
    exported = (tmp_path / "chat.json").read_text(encoding="utf-8")
    assert base64.b64encode(parts[1].data).decode("ascii") in exported and "Private Folder" not in exported

    window.choose_open_path = lambda title, file_filter: tmp_path / "chat.json"
    window.importAction.trigger()
    qtbot.waitUntil(lambda: window.sidebar.model.rowCount() == 2)
    store = HistoryStore.open(app_home / "data" / "history.sqlite3")
    imported = store.conversations()[0]
    assert [m.parts for m in store.messages(imported.id)] == [parts, ()]
    store.close()


def test_a_message_of_attachments_that_could_not_be_saved_at_first_is_saved_with_them_later(
        qtbot, make_window, api_server, app_home, tmp_path):
    api_server.set_mode("normal", reply="A chart.")
    window = make_window()
    history = window.controller.guard.history._db
    history.execute("PRAGMA query_only = ON")  # the disk is full: nothing of this chat is saved
    send(qtbot, window, UserMessage("", attachments(tmp_path)))
    history.execute("PRAGMA query_only = OFF")  # room again
    window.controller.session.save_draft("a follow-up being typed")  # the chat is saved now, with its messages
    assert [(row[0], row[3]) for row in stored_attachments(app_home)] == [("", "notes.txt"), ("", "chart.png")]
