"""ui/attachment_chips.py alone: what a chip shows (plain text), its keys, its reading state, and
the words of every refusal."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from genai_desktop.core.attachments import (
    DOCUMENT_MAX_BYTES, Attachment, AttachmentKind, AttachmentRefused, RefusalKind,
)
from genai_desktop.ui.attachment_chips import AttachmentChip, refusal_text, size_text
from picture_files import qt_written, qt_picture


def chip_for(qtbot, attachment: Attachment | None, name: str = "") -> AttachmentChip:
    chip = AttachmentChip(name or attachment.name)
    qtbot.addWidget(chip)
    if attachment is not None:
        chip.show_ready(attachment)
    chip.show()
    return chip


def test_a_document_chip_shows_its_name_as_plain_text_its_size_and_tokens(qtbot):
    name = "<b>report</b> <i>x</i>.txt"
    chip = chip_for(qtbot, Attachment(AttachmentKind.DOCUMENT, name, "text/plain", 12_400, text="x" * 7000))
    assert chip.objectName() == "attachmentChip" and chip.accessibleName() == name
    assert chip.nameLabel.textFormat() == Qt.PlainText and chip.nameLabel.text() == name
    assert chip.factsLabel.text() == "12.1 kB · about 2,000 tokens"
    assert chip.nameLabel.toolTip() == "<p>&lt;b&gt;report&lt;/b&gt; &lt;i&gt;x&lt;/i&gt;.txt</p>"  # escaped
    assert not chip.cappedLabel.isVisible() and not chip.progressBar.isVisible()
    assert chip.removeButton.isVisible() and chip.removeButton.accessibleName() == f"Remove {name}"


def test_a_long_name_is_elided_in_the_middle_and_whole_in_the_tooltip_and_accessible_name(qtbot):
    name = "A very long name of a quarterly report that goes on and on for ever and ever.pdf"
    chip = chip_for(qtbot, Attachment(AttachmentKind.DOCUMENT, name, "application/pdf", 10, text="x"))
    assert "…" in chip.nameLabel.text() and chip.nameLabel.text().endswith("ever.pdf")
    assert chip.accessibleName() == name and name in chip.nameLabel.toolTip()


def test_a_capped_spreadsheet_says_so_on_its_chip(qtbot):
    sheet = Attachment(AttachmentKind.DOCUMENT, "big.xlsx", "application/vnd.ms-excel", 900_000, text="| a |",
                       rows_shown=1000, rows_total=1_000_000)
    chip = chip_for(qtbot, sheet)
    assert chip.cappedLabel.isVisible()
    assert chip.cappedLabel.text() == "Only the first 1,000 of 1,000,000 rows are sent"
    assert "1,000,000 rows" in chip.accessibleDescription()


def test_a_picture_chip_has_a_thumbnail_and_its_size_in_pixels(qtbot):
    data = qt_written(qt_picture(300, 200), b"png")
    picture = Attachment(AttachmentKind.PICTURE, "photo.png", "image/png", len(data), data=data, width=300,
                         height=200)
    chip = AttachmentChip("photo.png")
    qtbot.addWidget(chip)
    chip.show_ready(picture, QImage.fromData(data).scaled(40, 27))
    chip.show()
    assert chip.thumbnail.isVisible() and chip.thumbnail.pixmap().width() == 40
    assert chip.factsLabel.text().startswith(f"{size_text(len(data))} · 300×200 px · about ")


@pytest.mark.parametrize("key", [Qt.Key_Delete, Qt.Key_Backspace])
def test_delete_or_backspace_on_a_focused_chip_removes_it(qtbot, key):
    chip = chip_for(qtbot, Attachment(AttachmentKind.DOCUMENT, "a.txt", "text/plain", 3, text="abc"))
    with qtbot.waitSignal(chip.removeRequested) as removed:
        qtbot.keyClick(chip, key)
    assert removed.args == [chip]
    with qtbot.waitSignal(chip.removeRequested):
        qtbot.mouseClick(chip.removeButton, Qt.LeftButton)


def test_a_chip_being_read_shows_progress_and_cancel(qtbot):
    chip = chip_for(qtbot, None, "big.pdf")
    assert chip.reading and chip.progressBar.isVisible() and chip.cancelButton.isVisible()
    assert not chip.removeButton.isVisible() and chip.factsLabel.text() == "Reading…"
    chip.show_progress(0.25)
    assert chip.progressBar.value() == 25
    with qtbot.waitSignal(chip.cancelRequested):
        qtbot.mouseClick(chip.cancelButton, Qt.LeftButton)
    with qtbot.waitSignal(chip.cancelRequested):
        qtbot.keyClick(chip, Qt.Key_Delete)
    assert chip.cancelButton.accessibleName() == "Stop reading big.pdf"


def test_every_refusal_names_the_file_and_says_something_of_its_own():
    texts = {kind: refusal_text(AttachmentRefused(kind, "<b>file</b>.pdf", DOCUMENT_MAX_BYTES)) for kind in RefusalKind}
    assert all("“<b>file</b>.pdf”" in text for text in texts.values())
    assert len(set(texts.values())) == len(RefusalKind)
    assert "no text layer" in texts[RefusalKind.NO_TEXT_LAYER] and "OCR" in texts[RefusalKind.NO_TEXT_LAYER]
    assert "50 MB" in texts[RefusalKind.TOO_LARGE] and "password" in texts[RefusalKind.ENCRYPTED]
    assert "52,428,800 tokens" in texts[RefusalKind.TOO_MANY_TOKENS]
    assert "too large" in refusal_text(AttachmentRefused(RefusalKind.TOO_LARGE, "a.pdf"))  # no limit known


def test_sizes_read_as_people_read_them():
    assert [size_text(size) for size in (0, 1, 812, 12_400, 20 * 1024 * 1024, 3_500_000)] == [
        "0 bytes", "1 byte", "812 bytes", "12.1 kB", "20 MB", "3.3 MB"]


def test_chips_wrap_into_rows_where_the_width_ends(qtbot):
    from PySide6.QtWidgets import QWidget

    from genai_desktop.ui.flow_layout import FlowLayout

    holder = QWidget()
    qtbot.addWidget(holder)
    flow = FlowLayout(holder, spacing=6)
    chips = [chip_for(qtbot, Attachment(AttachmentKind.DOCUMENT, f"file{number}.txt", "text/plain", 10, text="x"))
             for number in range(5)]
    for chip in chips:
        flow.insertWidget(flow.count(), chip)
    width, height = chips[0].sizeHint().width(), chips[0].sizeHint().height()
    holder.resize(2 * width + 6 + 10, flow.heightForWidth(2 * width + 16))  # room for two in a row
    holder.show()
    qtbot.waitUntil(lambda: chips[2].y() > 0)
    assert [(chip.x(), chip.y()) for chip in chips] == [
        (0, 0), (width + 6, 0), (0, height + 6), (width + 6, height + 6), (0, 2 * (height + 6))]
    assert flow.heightForWidth(2 * width + 16) == 3 * height + 12
    assert flow.heightForWidth(10 * width) == height  # all in one row
    flow.insertWidget(0, chip_for(qtbot, Attachment(AttachmentKind.DOCUMENT, "first.txt", "text/plain", 1, text="y")))
    assert flow.itemAt(0).widget().name == "first.txt" and flow.count() == 6
