"""Issue 12 point 7, through the real window against the loopback server: nothing in an attachment is
loaded or rendered (an HTML or SVG file is text), no local path goes to the server, the key never
appears in a request body, the history or an export."""

from __future__ import annotations

import json
import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from conftest import TEST_KEY, transcript_text, wait_idle
from fake_openai_server import PIXEL_PNG
from genai_desktop.core.attachments import Attachment, AttachmentKind, source_stamp
from genai_desktop.core.conversation import UserMessage
from genai_desktop.core.logsetup import setup_logging

FOLDER = "Private-Client-Folder-7391"  # no request body may name it


def attachments(tmp_path, leak_trap) -> tuple[Attachment, ...]:
    """An HTML page and an SVG that name resources on the leak trap, and a picture, as files in FOLDER."""
    folder = tmp_path / FOLDER
    folder.mkdir()
    page = (f'<html><head><link rel="stylesheet" href="{leak_trap.url("/css")}"></head><body>'
            f'<img src="{leak_trap.url("/img")}"><script>fetch("{leak_trap.url("/script")}")</script>'
            '<p>Quarterly figures</p></body></html>')
    drawing = (f'<svg xmlns="http://www.w3.org/2000/svg"><image href="{leak_trap.url("/svg")}"/>'
               '<text>Floor plan</text></svg>')
    files = {"report.html": page.encode(), "plan.svg": drawing.encode(), "photo.png": PIXEL_PNG}
    parts = []
    for name, data in files.items():
        path = folder / name
        path.write_bytes(data)
        if name.endswith(".png"):
            part = Attachment(AttachmentKind.PICTURE, name, "image/png", len(data), data=data, width=1, height=1)
        else:
            part = Attachment(AttachmentKind.DOCUMENT, name, "text/html" if name.endswith("html") else "image/svg+xml",
                              len(data), text=data.decode())
        parts.append(Attachment(**{**part.__dict__, "source": str(path), "source_stamp": source_stamp(str(path))}))
    return tuple(parts)


def send(qtbot, window, parts) -> None:
    assert window.controller.session.send(UserMessage("Summarise these, please.", parts))
    wait_idle(qtbot, window)


def test_no_local_path_and_no_key_in_any_request_body(qtbot, make_window, api_server, leak_trap, tmp_path):
    window = make_window()
    parts = attachments(tmp_path, leak_trap)
    send(qtbot, window, parts)
    window.controller.session.regenerate()  # sent again: the stored parts too
    wait_idle(qtbot, window)
    requests = api_server.chat_requests()
    assert len(requests) == 2
    for request in requests:
        body = request.body.decode("utf-8")
        assert FOLDER not in body and str(tmp_path) not in body
        assert TEST_KEY not in body  # only in the header
        assert request.headers["authorization"] == f"Bearer {TEST_KEY}"
    for request in requests:  # named by base name, with their text, the picture as a data: URL
        body = json.dumps(request.json)
        for name, words in (("report.html", "Quarterly figures"), ("plan.svg", "Floor plan")):
            assert name in body and words in body
        assert "data:image/png;base64," in body


def test_html_and_svg_attachments_are_text_never_rendered_or_fetched(qtbot, make_window, leak_trap, tmp_path):
    window = make_window()
    parts = attachments(tmp_path, leak_trap)
    send(qtbot, window, parts)
    qtbot.wait(300)  # time for anything that would load a resource
    assert leak_trap.hits == []
    names = [part.name for part in parts]
    showing = [label for label in window.findChildren(QLabel) if any(name in label.text() for name in names)]
    for label in showing:  # a file name is outside text: never markup
        assert label.textFormat() == Qt.PlainText, label.objectName()
    shown = transcript_text(window)
    # Shown as text, a tag is escaped (&lt;img src=&quot;…): an element would keep its attribute as it is.
    assert f'src="{leak_trap.url("")}' not in window.transcriptView.toHtml()
    assert showing or all(name in shown for name in names)  # the chips are there, as text
    assert leak_trap.hits == []


def test_a_refusal_echoing_the_key_shows_and_keeps_it_nowhere(qtbot, make_window, api_server, app_home, tmp_path,
                                                               leak_trap):
    """A gateway that echoes the key in its refusal of pictures: redacted on screen, in the log, and the
    remembered model, the history and both exports hold no key."""
    log_file = app_home / "logs" / "genai-desktop.log"
    setup_logging(log_file, "DEBUG")
    try:
        api_server.set_mode("text_only", error_message="image_url is only supported by certain models (key {key})")
        window = make_window()
        send(qtbot, window, attachments(tmp_path, leak_trap))
        banner = window.errorBanner
        assert banner.titleLabel.text() == "This model cannot read pictures."
        assert "[REDACTED]" in banner.detailLabel.text()
        shown = " ".join([transcript_text(window), banner.titleLabel.text(), banner.adviceLabel.text(),
                          banner.detailLabel.text(), window.statusBar().currentMessage()])
        assert TEST_KEY not in shown
        library, chat = window.controller.library, window.controller.session.conversation_id
        library.export_json([chat], tmp_path / "export.json")
        library.export_markdown(chat, tmp_path / "export.md", "You", "Assistant", "Untitled")
        window.close()  # the history is closed: its files are all on disk
        for handler in logging.getLogger().handlers:
            handler.flush()
        settings = (app_home / "config" / "settings.json").read_text(encoding="utf-8")
        assert "models_without_pictures" in settings
        files = [tmp_path / "export.json", tmp_path / "export.md", log_file, app_home / "config" / "settings.json",
                 *(path for path in app_home.rglob("*") if path.is_file() and "history" in path.name)]
        assert any("history" in path.name for path in files)
        for path in files:
            assert TEST_KEY.encode() not in path.read_bytes(), path.name
        assert "Summarise these, please." in (tmp_path / "export.md").read_text(encoding="utf-8")
    finally:
        for handler in list(logging.getLogger().handlers):
            if handler.get_name() == "genai-desktop":
                logging.getLogger().removeHandler(handler)
                handler.close()
