"""The chips of a user's attachments in the transcript, alone (the window's tests are in
test_attachments_history_window): plain text, a thumbnail that is the picture itself, rows stated,
and colours that follow light and dark."""

from __future__ import annotations

import threading

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QLocale, QSize, QUrl
from PySide6.QtGui import QColor, QImage, QPalette, QTextDocument

from genai_desktop.core.attachments import Attachment, AttachmentKind
from genai_desktop.ui import transcript_attachments
from genai_desktop.ui.transcript import TranscriptView
from genai_desktop.ui.transcript_attachments import ATTACHMENT_NAME, Thumbnails, attachment_names, chip_text, thumbnail
from genai_desktop.ui.transcript_style import fragments


def encoded(image: QImage, kind: bytes = b"PNG") -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    assert image.save(buffer, kind.decode())
    return bytes(data)


def picture(name: str = "wide.png", width: int = 1600, height: int = 400, data: bytes | None = None) -> Attachment:
    if data is None:
        image = QImage(width, height, QImage.Format_RGB32)
        image.fill(QColor("orange"))
        data = encoded(image)
    return Attachment(AttachmentKind.PICTURE, name, "image/png", len(data), data=data, width=width, height=height)


def view_with(qtbot, *parts: Attachment, text: str = "Look") -> TranscriptView:
    view = TranscriptView()
    qtbot.addWidget(view)
    view.add_user_message(text, 1, 0, parts)
    return view


def chip_formats(view: TranscriptView):
    return [piece.charFormat() for piece in fragments(view.document())
            if piece.charFormat().property(ATTACHMENT_NAME) is not None]


def test_a_name_that_looks_like_markup_is_shown_as_written(qtbot):
    hostile = Attachment(AttachmentKind.DOCUMENT, '<img src="https://attacker.example/x.png"><b>bold</b>.html',
                         "text/html", 10, text="<script>alert(1)</script>")
    view = view_with(qtbot, hostile)
    assert attachment_names(view.document()) == [hostile.name]
    assert hostile.name in view.toPlainText() and "alert" not in view.toPlainText()
    assert view.blocked_resources == []
    (chip,) = chip_formats(view)
    assert "&lt;img" in chip.toolTip() and "<img" not in chip.toolTip()  # escaped: Qt reads tooltips as markup


def test_a_picture_has_a_small_thumbnail_of_itself_decoded_off_the_gui_thread(qtbot, monkeypatch):
    """A damaged one keeps the blank of its size; the layout never waits for the decoding."""
    decoded_on = []

    def recording(part, side):
        decoded_on.append(threading.current_thread() is threading.main_thread())
        return thumbnail(part, side)

    monkeypatch.setattr(transcript_attachments, "thumbnail", recording)
    view = view_with(qtbot, picture(), picture("broken.png", data=b"\x89PNG\r\n\x1a\n not really"))
    images = [f.toImageFormat() for f in chip_formats(view) if f.isImageFormat()]
    assert [(image.width(), image.height()) for image in images] == [(48, 12), (48, 12)]  # laid out at once
    assert attachment_names(view.document()) == ["wide.png", "broken.png"]
    qtbot.waitUntil(lambda: not Thumbnails.of(view).pending)
    assert decoded_on == [False, False]
    shown = [view.document().resource(QTextDocument.ImageResource, QUrl(image.name())) for image in images]
    assert (shown[0].size(), shown[0].pixelColor(24, 6)) == (QSize(48, 12), QColor("orange"))
    assert shown[1].pixelColor(24, 6).alpha() == 0  # still the blank
    assert view.blocked_resources == []


def test_a_thumbnail_ready_after_the_transcript_was_cleared_is_dropped(qtbot):
    view = view_with(qtbot, picture())
    view.clear_transcript()
    view.add_user_message("other", 2, 0)
    assert not Thumbnails.of(view).pending
    qtbot.wait(300)  # time for a decoding that had begun to come back
    assert [piece for piece in fragments(view.document()) if piece.charFormat().isImageFormat()] == []
    assert view.blocked_resources == []


def test_a_capped_spreadsheet_says_how_many_rows_went_along():
    sheet = Attachment(AttachmentKind.DOCUMENT, "sales.csv", "text/csv", 2_500_000, text="…", rows_shown=1000,
                       rows_total=25_000)
    assert chip_text(sheet, QLocale(QLocale.English, QLocale.UnitedStates)) == "sales.csv · 2.4 MB · 1,000 of 25,000 rows"
    document = Attachment(AttachmentKind.DOCUMENT, "notes.txt", "text/plain", 900, text="…")
    assert chip_text(document, QLocale(QLocale.English, QLocale.UnitedStates)) == "notes.txt · 900 bytes"


def test_a_message_of_attachments_alone_shows_them_under_the_heading(qtbot):
    view = view_with(qtbot, picture(), text="")
    lines = [line for line in view.toPlainText().split("\n") if line.strip()]
    assert lines[0] == "You" and lines[1].replace("\u00a0", " ").startswith("\ufffc wide.png · ")  # thumbnail, name


def test_the_chips_follow_a_switch_between_light_and_dark(qtbot):
    view = view_with(qtbot, picture())
    dark = QPalette(view.palette())
    dark.setColor(QPalette.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.Text, QColor("#eeeeee"))
    view.setPalette(dark)
    text_chip = next(f for f in chip_formats(view) if not f.isImageFormat())
    assert text_chip.background().color() == QColor("#1e1e1e")
    assert text_chip.foreground().color() == QColor("#eeeeee")
