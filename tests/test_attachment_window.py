"""Attachments through the real window against the loopback server: by drop (QDropEvent with file
URLs, onto the window and onto the message box), by the clipboard and by the attach button with
its dialog answered; what the request body holds; refusals; the estimate and the context size;
edit and resend. The test files are made here (picture_files, document_files)."""

from __future__ import annotations

import base64
import os
import re

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from conftest import activate, send_prompt, wait_idle
from genai_desktop.core.attachments import PICTURE_MAX_SIDE
from picture_files import GPS_LATITUDE, SECRET, camera_jpeg, jpeg_markers, pillow_view, screenshot

FOLDER = "Privater Ordner von Jemand"  # in every test file's path: it must never reach the server


@pytest.fixture
def files(tmp_path):
    folder = tmp_path / FOLDER
    folder.mkdir()
    return folder


def file_mime(*paths) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    return mime


def drop(widget, *paths) -> None:
    """What a file manager's drop does: a drag entering the widget, then the drop."""
    mime = file_mime(*paths)
    middle = widget.rect().center()
    enter = QDragEnterEvent(middle, Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    dropped = QDropEvent(QPointF(middle), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(widget, dropped)
    assert dropped.isAccepted()


def chips(window):
    return window.attachmentTray.chips


def wait_read(qtbot, window, count: int) -> None:
    qtbot.waitUntil(lambda: len(chips(window)) == count and not window.attachmentTray.reading, timeout=15000)


def sent_messages(api_server) -> list:
    return api_server.chat_requests()[-1].json["messages"]


def image_parts(content) -> list[bytes]:
    return [base64.b64decode(part["image_url"]["url"].split(",", 1)[1]) for part in content
            if part["type"] == "image_url"]


def test_pictures_dropped_onto_the_window_go_scaled_and_without_exif(qtbot, make_window, api_server, files):
    api_server.set_mode("normal", reply="A red and blue picture.")
    window = make_window()
    photo = camera_jpeg(files / "urlaub.jpg", width=3000, height=1500)
    assert SECRET.encode() in photo.read_bytes()
    drop(window.transcriptView.viewport(), photo)  # onto the transcript: the window takes it
    wait_read(qtbot, window, 1)
    chip = chips(window)[0]
    assert chip.accessibleName() == "urlaub.jpg" and chip.thumbnail.isVisible()
    send_prompt(qtbot, window, "What is this?")
    wait_idle(qtbot, window)
    assert chips(window) == () and window.promptEdit.toPlainText() == ""
    body = api_server.chat_requests()[-1].body
    assert FOLDER.encode() not in body and str(files).encode() not in body
    content = sent_messages(api_server)[-1]["content"]
    assert content[0] == {"type": "text", "text": "What is this?"}
    assert content[1] == {"type": "text", "text": '[Attached picture "urlaub.jpg"]'}
    (data,) = image_parts(content)
    sent = pillow_view(data)
    assert max(sent.size) == PICTURE_MAX_SIDE and sent.size == (1024, 2048)  # upright, as EXIF said
    assert 0xE1 not in jpeg_markers(data) and not sent.getexif()  # no EXIF (APP1) segment at all
    assert SECRET.encode() not in data and b"GPS" not in data and str(GPS_LATITUDE[0]).encode() not in data


def test_a_file_dropped_onto_the_message_box_is_attached_not_written_into_it(qtbot, make_window, api_server, files):
    window = make_window()
    picture = files / "bild.png"
    screenshot(300, 200).save(str(picture))
    window.promptEdit.setPlainText("Look:")
    drop(window.promptEdit.viewport(), picture)
    wait_read(qtbot, window, 1)
    assert window.promptEdit.toPlainText() == "Look:"
    assert chips(window)[0].accessibleName() == "bild.png"


def test_the_attach_button_and_its_shortcut_ask_for_files(qtbot, make_window, api_server, files):
    window = make_window()
    first, second = files / "eins.png", files / "zwei.png"
    for path in (first, second):
        screenshot(120, 80).save(str(path))
    asked = []
    window.choose_attachments = lambda: asked.append("dialog") or [first, second]
    assert window.attachButton.objectName() == "attachButton" and window.attachButton.accessibleName()
    qtbot.mouseClick(window.attachButton, Qt.LeftButton)
    wait_read(qtbot, window, 2)
    assert [chip.accessibleName() for chip in chips(window)] == ["eins.png", "zwei.png"]
    activate(window)
    window.choose_attachments = lambda: asked.append("shortcut") or []
    qtbot.keyClick(window.promptEdit, Qt.Key_O, Qt.ControlModifier)
    assert asked == ["dialog", "shortcut"] and len(chips(window)) == 2


def test_pasting_a_copied_picture_or_copied_files_attaches_them_and_text_stays_text(qtbot, make_window, api_server,
                                                                                   files):
    api_server.set_mode("normal", reply="Seen.")
    window = make_window()
    clipboard = QApplication.clipboard()
    clipboard.setImage(screenshot(640, 400))
    window.promptEdit.setFocus()
    qtbot.keyClick(window.promptEdit, Qt.Key_V, Qt.ControlModifier)
    wait_read(qtbot, window, 1)
    assert chips(window)[0].accessibleName().startswith("Pasted picture ")
    copied = files / "kopie.png"
    screenshot(100, 100).save(str(copied))
    clipboard.setMimeData(file_mime(copied))
    qtbot.keyClick(window.promptEdit, Qt.Key_V, Qt.ControlModifier)
    wait_read(qtbot, window, 2)
    assert chips(window)[1].accessibleName() == "kopie.png" and window.promptEdit.toPlainText() == ""
    clipboard.setText("just text")
    qtbot.keyClick(window.promptEdit, Qt.Key_V, Qt.ControlModifier)
    assert window.promptEdit.toPlainText() == "just text" and len(chips(window)) == 2
    qtbot.mouseClick(window.sendButton, Qt.LeftButton)
    wait_idle(qtbot, window)
    pasted, copied_data = image_parts(sent_messages(api_server)[-1]["content"])
    assert pillow_view(pasted).size == (640, 400) and pillow_view(copied_data).size == (100, 100)


def test_a_chip_removed_by_delete_is_not_sent_and_focus_stays_in_the_chips(qtbot, make_window, api_server, files):
    api_server.set_mode("normal", reply="Ok.")
    window = make_window()
    paths = [files / f"{name}.png" for name in ("a", "b")]
    for path in paths:
        screenshot(50, 50).save(str(path))
    drop(window, *paths)
    wait_read(qtbot, window, 2)
    first, second = chips(window)
    from test_accessibility import tab_chain

    assert tab_chain(window.attachButton, 5) == ["attachButton", "attachmentChip", "attachmentChip", "promptEdit",
                                                 "sendButton"]
    first.setFocus()
    qtbot.keyClick(first, Qt.Key_Delete)
    assert chips(window) == (second,) and second.hasFocus()
    qtbot.keyClick(second, Qt.Key_Backspace)
    assert chips(window) == () and window.promptEdit.hasFocus() and not window.attachmentTray.isVisible()
    send_prompt(qtbot, window, "nothing attached")
    wait_idle(qtbot, window)
    assert sent_messages(api_server)[-1]["content"] == "nothing attached"  # one string, as before


def test_a_message_of_only_a_picture_can_be_sent(qtbot, make_window, api_server, files):
    api_server.set_mode("normal", reply="A screenshot.")
    window = make_window()
    picture = files / "nur.png"
    screenshot(80, 60).save(str(picture))
    drop(window, picture)
    wait_read(qtbot, window, 1)
    qtbot.mouseClick(window.sendButton, Qt.LeftButton)
    wait_idle(qtbot, window)
    content = sent_messages(api_server)[-1]["content"]
    assert content[0] == {"type": "text", "text": '[Attached picture "nur.png"]'} and len(image_parts(content)) == 1


def notice(window) -> str:
    label = window.attachmentTray.noticeLabel
    return label.text() if label.isVisible() else ""


def test_refusals_name_the_file_and_nothing_is_lost(qtbot, make_window, api_server, files):
    window = make_window()
    empty = files / "leer.png"
    empty.write_bytes(b"")
    damaged = files / "kaputt.jpg"
    damaged.write_bytes(b"MZ\x90\x00" * 100)
    announced = []
    window.announcer.announced.connect(announced.append)
    drop(window, empty, damaged)
    qtbot.waitUntil(lambda: not window.attachmentTray.reading and notice(window).count("\n") == 1, timeout=15000)
    assert chips(window) == ()
    assert "“leer.png” is empty" in notice(window)
    assert "“kaputt.jpg” could not be read: the file is damaged" in notice(window)
    assert window.attachmentTray.noticeLabel.textFormat() == Qt.PlainText
    assert any("“leer.png” is empty" in text for text in announced)  # a screen reader hears it too
    qtbot.mouseClick(window.attachmentTray.dismissNoticeButton, Qt.LeftButton)
    assert notice(window) == ""


@pytest.mark.parametrize("change, words", [("vanish", "is no longer there"), ("change", "changed after it was attached"),
                                           ("unreadable", "cannot be read")])
def test_a_file_gone_or_changed_before_sending_stops_the_send_and_keeps_the_message(qtbot, make_window, api_server,
                                                                                    files, change, words):
    window = make_window()
    picture = files / "bild.png"
    screenshot(60, 60).save(str(picture))
    drop(window, picture)
    wait_read(qtbot, window, 1)
    if change == "vanish":
        picture.unlink()
    elif change == "change":
        screenshot(61, 60).save(str(picture))
        os.utime(picture, ns=(1, 1))
    else:  # a folder where the file was: it cannot be read (as root too, unlike a file without permissions)
        picture.unlink()
        picture.mkdir()
    send_prompt(qtbot, window, "Here it is")
    assert f"“bild.png” {words}" in notice(window)
    assert api_server.chat_requests() == [] and not window.controller.session.busy
    assert window.promptEdit.toPlainText() == "Here it is" and len(chips(window)) == 1


def test_the_estimate_is_shown_and_over_the_context_size_nothing_is_sent(qtbot, make_window, api_server, files):
    api_server.set_mode("normal", reply="Fine.")
    window = make_window(model="mystery-model")
    picture = files / "gross.png"
    screenshot(2000, 1000).save(str(picture))
    drop(window, picture)
    wait_read(qtbot, window, 1)
    estimate = window.attachmentTray.estimateLabel
    assert estimate.isVisible() and re.match(r"About [\d,]+ of 8,192 tokens — an estimate", estimate.text())
    assert "does not know the model’s context size" in estimate.text()
    window.ask_context_size = lambda model, tokens: 1000 if (model, tokens) == ("mystery-model", 8192) else None
    qtbot.mouseClick(window.attachmentTray.contextSizeButton, Qt.LeftButton)
    assert window.controller.settings.current.stored.context_sizes == (("mystery-model", 1000),)
    assert "more than the 1,000 this model can take" in estimate.text()
    assert "does not know" not in estimate.text()
    send_prompt(qtbot, window, "Describe it")
    assert "“gross.png” alone is more than this model can take (1,000 tokens" in notice(window)
    assert api_server.chat_requests() == [] and window.promptEdit.toPlainText() == "Describe it"
    window.ask_context_size = lambda model, tokens: 128_000
    qtbot.mouseClick(window.attachmentTray.contextSizeButton, Qt.LeftButton)
    assert re.match(r"About [\d,]+ of 128,000 tokens — an estimate$", estimate.text())
    qtbot.mouseClick(window.sendButton, Qt.LeftButton)
    wait_idle(qtbot, window)
    assert len(image_parts(sent_messages(api_server)[-1]["content"])) == 1


def test_edit_and_resend_puts_the_attachments_back_as_chips_and_sends_them(qtbot, make_window, api_server, files):
    api_server.set_mode("normal", reply="Answer.")
    window = make_window()
    picture, waiting = files / "erst.png", files / "neu.png"
    for path in (picture, waiting):
        screenshot(90, 60).save(str(path))
    drop(window, picture)
    wait_read(qtbot, window, 1)
    send_prompt(qtbot, window, "First")
    wait_idle(qtbot, window)
    drop(window, waiting)  # attached to the next message when the edit begins: it waits
    wait_read(qtbot, window, 1)
    estimate = window.attachmentTray.estimateLabel
    waiting_estimate = estimate.text()  # after the first turn
    window.begin_edit(0)
    assert [chip.accessibleName() for chip in chips(window)] == ["erst.png"]
    assert estimate.text() != waiting_estimate  # the edited message goes first: no earlier turn counted
    qtbot.mouseClick(window.cancelEditButton, Qt.LeftButton)
    assert [chip.accessibleName() for chip in chips(window)] == ["neu.png"]
    window.begin_edit(0)
    window.promptEdit.setPlainText("First, edited")
    qtbot.mouseClick(window.sendButton, Qt.LeftButton)
    wait_idle(qtbot, window)
    content = sent_messages(api_server)[-1]["content"]
    assert content[0]["text"] == "First, edited" and content[1]["text"] == '[Attached picture "erst.png"]'
    assert len(image_parts(content)) == 1
    assert [chip.accessibleName() for chip in chips(window)] == ["neu.png"]  # still waiting for the next message


def test_a_picture_attached_for_a_model_that_refused_pictures_is_warned_about(qtbot, make_window, api_server, files):
    api_server.set_mode("text_only")
    window = make_window()
    tray = window.attachmentTray
    picture = files / "bild.png"
    screenshot(40, 40).save(str(picture))
    drop(window, picture)
    wait_read(qtbot, window, 1)
    assert not tray.modelWarningLabel.isVisible()  # nothing known about the model yet
    qtbot.mouseClick(window.sendButton, Qt.LeftButton)
    wait_idle(qtbot, window)  # refused by the server: remembered for this model
    assert len(api_server.chat_requests()) == 1
    drop(window, picture)  # attached again: said at attach time
    wait_read(qtbot, window, 1)
    assert tray.has_pictures and tray.modelWarningLabel.isVisible()
    assert "fake-model cannot read pictures" in tray.modelWarningLabel.text()
    assert tray.modelWarningLabel.textFormat() == Qt.PlainText  # it names the model: outside text
    qtbot.mouseClick(chips(window)[0].removeButton, Qt.LeftButton)
    assert not tray.modelWarningLabel.isVisible() and not tray.has_pictures


def test_the_context_size_question_shows_the_model_name_as_plain_text(qtbot, make_window, api_server):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QInputDialog, QLabel

    window = make_window()
    seen = []

    def answer():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog) and dialog.objectName() == "contextSizeDialog"
        seen.extend((label.textFormat(), label.text()) for label in dialog.findChildren(QLabel) if label.text())
        dialog.setIntValue(32_768)
        dialog.accept()

    QTimer.singleShot(0, answer)
    assert window.questions.ask_context_size('<img src="https://attacker.test/x.png">m', 8192) == 32_768
    assert seen and all(text_format == Qt.PlainText for text_format, _text in seen)
    assert any('<img src="https://attacker.test/x.png">m' in text for _format, text in seen)


def test_the_estimate_follows_the_chats_model(qtbot, make_window, api_server, files):
    window = make_window()
    picture = files / "bild.png"
    screenshot(40, 40).save(str(picture))
    drop(window, picture)
    wait_read(qtbot, window, 1)
    estimate = window.attachmentTray.estimateLabel
    assert " of 8,192 tokens" in estimate.text()  # fake-model: not known, the conservative default
    combo = window.chatModelCombo
    combo.setFocus()
    combo.lineEdit().setText("gpt-4o")
    qtbot.keyClick(combo.lineEdit(), Qt.Key_Return)
    qtbot.waitUntil(lambda: " of 128,000 tokens — an estimate" in estimate.text())
    assert "does not know" not in estimate.text()
