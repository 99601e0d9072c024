"""Documents through the real window against the loopback server (core.documents reads them): the
text of each document in the request body, named by its base name; a spreadsheet capped and said
so; every refusal of a document worded with its name; Cancel while a big PDF is read. The test
documents are made here (document_files)."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt

import document_files as made
from conftest import send_prompt, wait_idle
from test_attachment_window import FOLDER, chips, drop, files, notice, sent_messages, wait_read  # noqa: F401



def test_documents_by_the_button_go_as_text_naming_each_file(qtbot, make_window, api_server, files):
    api_server.set_mode("normal", reply="Summarised.")
    from genai_desktop.core.documents import TABLE_MAX_ROWS, rows_note

    window = make_window(context_sizes=[["fake-model", 200_000]])  # the spreadsheet is more than 8,192 tokens
    html = files / "seite.html"
    html.write_text('<html><body><script>alert("x")</script><img src="https://attacker.test/p.png">Hallo</body>'
                    "</html>", encoding="utf-8")
    chosen = [made.text_pdf(files, "bericht.pdf", pages=3), made.docx_file(files, "notizen.docx"),
              made.xlsx_file(files, "zahlen.xlsx", rows=TABLE_MAX_ROWS + 500), made.csv_file(files, "liste.csv"),
              made.pptx_file(files, "vortrag.pptx"), html]
    window.choose_attachments = lambda: chosen
    qtbot.mouseClick(window.attachButton, Qt.LeftButton)
    wait_read(qtbot, window, len(chosen))
    sheet_chip = chips(window)[2]
    sheet = sheet_chip.attachment
    assert sheet.capped and sheet.rows_total > TABLE_MAX_ROWS  # the reader capped it (its header row counted too)
    assert sheet_chip.cappedLabel.isVisible()
    assert sheet_chip.cappedLabel.text() == f"Only the first {sheet.rows_shown:,} of {sheet.rows_total:,} rows are sent"
    assert "3 pages" in chips(window)[0].factsLabel.text()
    send_prompt(qtbot, window, "Summarise them.")
    wait_idle(qtbot, window)
    body = api_server.chat_requests()[-1].body
    assert FOLDER.encode() not in body and str(files).encode() not in body
    content = sent_messages(api_server)[-1]["content"]
    assert isinstance(content, str) and content.endswith("\n\nSummarise them.")  # no pictures: one string
    assert '[Attached file "bericht.pdf", 3 pages]' in content
    for page in (1, 2, 3):
        assert made.pdf_page_line("Quarterly figures", page) in content
    assert '[Attached file "notizen.docx"]' in content and "Größe und Maße" in content and "Apples" in content
    assert '[Attached file "zahlen.xlsx"]' in content and rows_note(sheet.rows_shown, sheet.rows_total) in content
    assert made.sheet_cell(1, 3) in content and made.sheet_cell(TABLE_MAX_ROWS + 1, 1) not in content
    assert '[Attached file "liste.csv"]' in content and made.sheet_cell(3, 3) in content
    assert "Revenue grew" in content
    assert '<script>alert("x")</script>' in content  # an HTML file is its text, sent as written


def test_every_refusal_of_a_document_names_it(qtbot, make_window, api_server, files):
    window = make_window()
    big = files / "riesig.txt"
    with open(big, "wb") as file:  # sparse: 51 MB that take no room and are never read
        file.truncate(51 * 1024 * 1024)
    empty = files / "leer.txt"
    empty.write_bytes(b"")
    unknown = files / "programm.exe"
    unknown.write_bytes(b"MZ\x90\x00" * 100)
    words = []
    for batch in ([made.image_pdf(files, "scan.pdf"), made.encrypted_pdf(files, "geheim.pdf"),
                   made.truncated(made.text_pdf(files, "ganz.pdf", pages=4), keep=0.3, name="kaputt.pdf"),
                   made.zip_bomb_docx(files, "bombe.docx")], [big, empty, unknown]):
        drop(window, *batch)  # at most NOTICES_SHOWN of them are shown at once
        qtbot.waitUntil(lambda: not window.attachmentTray.reading and len(notice(window).splitlines()) == len(batch),
                        timeout=30000)
        assert chips(window) == ()
        words.append(notice(window))
        qtbot.mouseClick(window.attachmentTray.dismissNoticeButton, Qt.LeftButton)
    words = "\n".join(words)
    assert "“scan.pdf” has no text layer — this app does not read text from images" in words
    assert "“geheim.pdf” is protected by a password" in words
    assert "“kaputt.pdf” could not be read: the file is damaged" in words
    assert "“bombe.docx” would unpack to more than" in words
    assert "“riesig.txt” is larger than 50 MB" in words
    assert "“leer.txt” is empty" in words
    assert "“programm.exe” is a kind of file this app does not read" in words
    assert api_server.chat_requests() == []


def test_cancel_stops_reading_a_big_pdf_and_nothing_of_it_is_sent(qtbot, make_window, api_server, files):
    api_server.set_mode("normal", reply="Ok.")
    window = make_window()
    pdf = made.text_pdf(files, "dick.pdf", pages=600, lines_per_page=40)
    drop(window, pdf)
    (chip,) = chips(window)
    qtbot.waitUntil(lambda: chip.progressBar.maximum() == 100 or not chip.reading, timeout=15000)
    assert chip.reading, "read before it could be cancelled: make the PDF bigger"
    assert chip.progressBar.isVisible() and chip.cancelButton.isVisible()
    qtbot.mouseClick(chip.cancelButton, Qt.LeftButton)
    assert chips(window) == () and not window.attachmentTray.reading
    qtbot.wait(200)
    assert chips(window) == () and notice(window) == ""
    send_prompt(qtbot, window, "without it")
    wait_idle(qtbot, window)
    assert sent_messages(api_server)[-1]["content"] == "without it"


def test_a_document_changed_after_attaching_is_not_sent(qtbot, make_window, api_server, files):
    window = make_window()
    text = files / "notiz.md"
    text.write_text("# Heading\nfirst version", encoding="utf-8")
    drop(window.promptEdit.viewport(), text)
    wait_read(qtbot, window, 1)
    text.write_text("# Heading\nsecond version, longer", encoding="utf-8")
    os.utime(text, ns=(1, 1))
    send_prompt(qtbot, window, "Read it")
    assert "“notiz.md” changed after it was attached" in notice(window) and api_server.chat_requests() == []
