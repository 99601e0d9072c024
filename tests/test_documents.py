"""Reading attached documents (core.documents, core.office_documents): what each type yields, and
every refusal (issue 12 points 2 and 5). The files are made here (tests/document_files.py)."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import threading
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

import document_files as make
from genai_desktop.core import documents, office_documents
from genai_desktop.core.attachments import (DOCUMENT_MAX_BYTES, AttachmentKind, AttachmentRefused, ReadCancelled,
                                            RefusalKind, check_source, text_tokens)
from genai_desktop.core.documents import TABLE_MAX_ROWS, TEXT_MAX_TOKENS, is_document, read_document

ROOT = Path(__file__).resolve().parent.parent


def refusal(path, **arguments) -> AttachmentRefused:
    with pytest.raises(AttachmentRefused) as caught:
        read_document(str(path), **arguments)
    assert caught.value.name == Path(path).name  # the base name, never the folders
    return caught.value


@pytest.fixture
def folder(tmp_path) -> Path:
    """A folder whose name must never show up in what is read (only the file's base name may)."""
    path = tmp_path / "Private folder of Erika"
    path.mkdir()
    return path


# --- which files are documents ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["report.pdf", "REPORT.PDF", "notes.docx", "table.xlsx", "slides.pptx",
                                  "data.csv", "data.tsv", "a.txt", "README.md", "x.json", "page.html",
                                  "drawing.svg", "feed.xml", "main.py", "app.tsx", "Makefile", "Dockerfile",
                                  r"C:\Users\erika\Desktop\Brief.DOCX", "/home/erika/notes.txt"])
def test_documents_are_known_by_their_name(name):
    assert is_document(name)


@pytest.mark.parametrize("name", ["photo.jpg", "screen.png", "setup.exe", "old.doc", "old.xls", "old.ppt",
                                  "text.odt", "archive.zip", "noextension", "", "pdf", "docx."])
def test_other_files_are_not_documents_and_are_refused_as_unsupported(name, folder):
    assert not is_document(name)
    if name:
        (folder / name).write_bytes(b"some bytes")
        assert refusal(folder / name).kind is RefusalKind.UNSUPPORTED


# --- what each type yields ---------------------------------------------------------------------------------


def test_a_text_pdf_yields_the_text_of_every_page_named_by_its_base_name(folder):
    path = make.text_pdf(folder, pages=3, text="Größe und Maße")
    attachment = read_document(str(path))
    assert attachment.kind is AttachmentKind.DOCUMENT and attachment.mime == "application/pdf"
    assert attachment.name == "report.pdf" and attachment.pages == 3
    assert attachment.size == path.stat().st_size
    for page in (1, 2, 3):
        assert make.pdf_page_line("Größe und Maße", page) in attachment.text
    assert attachment.text.index("page 1") < attachment.text.index("page 2") < attachment.text.index("page 3")
    assert attachment.tokens == text_tokens(attachment.text)
    shown = "\n".join(str(value) for value in (attachment.name, attachment.text, attachment.mime, repr(attachment)))
    assert folder.name not in shown  # the local path stays local: only `source` knows it
    assert attachment.source == str(path) and attachment.source_stamp == (path.stat().st_size,
                                                                          path.stat().st_mtime_ns)


def test_an_attachment_read_is_checked_against_its_file_before_sending(folder):
    path = make.text_pdf(folder)
    attachment = read_document(str(path))
    check_source(attachment)  # unchanged: no refusal
    os.utime(path, ns=(0, 10**9))
    with pytest.raises(AttachmentRefused) as caught:
        check_source(attachment)
    assert caught.value.kind is RefusalKind.CHANGED


def test_a_pdf_protected_only_against_editing_is_read(folder):
    """An owner password alone (AES-256): anyone may open it, so the app reads it."""
    attachment = read_document(str(make.encrypted_pdf(folder, password="", text="Open figures")))
    assert "Open figures - page 1" in attachment.text


def test_a_docx_yields_paragraphs_and_its_table_as_markdown(folder):
    text = read_document(str(make.docx_file(folder))).text
    assert text.startswith("Meeting notes\n\nGröße und Maße: alles in Ordnung.")
    assert "Second paragraph with a tab\there." in text
    assert "| Name | Amount |\n| --- | --- |\n| Apples | 3 |\n| Pears \\| ripe | 5 |" in text


def test_a_docx_marks_headings_and_reads_a_text_box_once(folder):
    mc = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    body = ('<w:p><w:pPr><w:pStyle w:val="berschrift1"/></w:pPr><w:r><w:t>Einleitung</w:t></w:r></w:p>'
            '<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:txbxContent><w:p><w:r><w:t>In the box'
            '</w:t></w:r></w:p></w:txbxContent></mc:Choice><mc:Fallback><w:txbxContent><w:p><w:r><w:t>In the box'
            '</w:t></w:r></w:p></w:txbxContent></mc:Fallback></mc:AlternateContent></w:r></w:p>'
            '<w:p><w:r><w:t>Kept</w:t></w:r><w:del><w:r><w:delText>Deleted</w:delText></w:r></w:del></w:p>')
    text = read_document(str(make.docx_from_body(folder, "styled.docx", body, mc))).text
    assert text.startswith("# Einleitung")
    assert text.count("In the box") == 1
    assert "Kept" in text and "Deleted" not in text


def test_a_table_inside_a_table_cell_stays_in_its_cell(folder):
    inner = "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>in1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>in2</w:t></w:r>" \
            "</w:p></w:tc></w:tr></w:tbl>"
    body = (f"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>outer</w:t></w:r></w:p></w:tc><w:tc>{inner}<w:p/></w:tc></w:tr>"
            "</w:tbl>")
    text = read_document(str(make.docx_from_body(folder, "nested.docx", body))).text
    assert text.splitlines()[0] == "| outer | in1 \\| in2 |"
    assert text.count("---") == 2  # the outer table's two columns; the inner one is folded into its cell


def test_an_xlsx_yields_each_sheet_as_a_markdown_table(folder):
    attachment = read_document(str(make.xlsx_file(folder, rows=2, columns=2, sheets=("Umsatz", "Kosten"))))
    assert attachment.text == ("## Sheet: Umsatz\n\n| Column 1 | Column 2 |\n| --- | --- |\n| r1c1 | r1c2 |\n"
                               "| r2c1 | r2c2 |\n\n## Sheet: Kosten\n\n| Column 1 | Column 2 |\n| --- | --- |\n"
                               "| r1c1 | r1c2 |\n| r2c1 | r2c2 |")
    assert (attachment.rows_shown, attachment.rows_total, attachment.capped) == (6, 6, False)


def test_a_spreadsheet_over_the_row_cap_says_how_many_rows_are_left_out(folder):
    rows = TABLE_MAX_ROWS + 500
    attachment = read_document(str(make.xlsx_file(folder, rows=rows, columns=2)))
    assert attachment.capped and attachment.rows_shown == TABLE_MAX_ROWS and attachment.rows_total == rows + 1
    assert make.sheet_cell(TABLE_MAX_ROWS - 1, 2) in attachment.text  # the header is row 1 of those shown
    assert make.sheet_cell(TABLE_MAX_ROWS, 1) not in attachment.text
    assert attachment.text.endswith(f"[Only the first {TABLE_MAX_ROWS} of {rows + 1} rows are included here.]")


def test_the_row_cap_is_shared_by_all_sheets_and_each_capped_sheet_says_so(folder):
    attachment = read_document(str(make.xlsx_file(folder, rows=TABLE_MAX_ROWS - 11, columns=1,
                                                  sheets=("First", "Second", "Third"))))
    assert (attachment.rows_shown, attachment.rows_total) == (TABLE_MAX_ROWS, 3 * (TABLE_MAX_ROWS - 10))
    second = attachment.text.split("## Sheet: Second")[1].split("## Sheet: Third")[0]
    assert "| r9c1 |" in second and "| r10c1 |" not in second
    assert f"[Only the first 10 of {TABLE_MAX_ROWS - 10} rows are included here.]" in second
    assert attachment.text.endswith(f"## Sheet: Third\n\n[None of its {TABLE_MAX_ROWS - 10} rows are included "
                                    "here: the row limit was reached.]")


def test_rows_are_counted_with_any_namespace_prefix_and_page_breaks_are_no_rows(folder):
    import re

    path = make.xlsx_file(folder, rows=TABLE_MAX_ROWS + 3000, columns=3)
    prefixed = folder / "prefixed.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(prefixed, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb"<(/?)(?=[a-zA-Z])", rb"<\1x:", data).replace(b" xmlns=", b" xmlns:x=")
                data = data.replace(b"</x:sheetData>", b'</x:sheetData><x:rowBreaks count="1"><x:brk id="5"/>'
                                                       b"</x:rowBreaks>")
            target.writestr(info, data)
    attachment = read_document(str(prefixed))
    assert (attachment.rows_shown, attachment.rows_total) == (TABLE_MAX_ROWS, TABLE_MAX_ROWS + 3001)


def test_a_spreadsheet_with_a_million_rows_is_capped_and_counted(folder):
    attachment = read_document(str(make.xlsx_file(folder, rows=1_000_000, columns=1)))
    assert (attachment.rows_shown, attachment.rows_total) == (TABLE_MAX_ROWS, 1_000_001)
    assert attachment.text.endswith(f"[Only the first {TABLE_MAX_ROWS} of 1000001 rows are included here.]")


def test_cells_of_other_types_read_as_excel_shows_them(folder):
    import datetime

    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["when", "how much", "ok", "formula"])
    sheet.append([datetime.datetime(2026, 3, 1), 0.1 + 0.2, True, "=1+1"])
    sheet.append([datetime.datetime(2026, 3, 1, 14, 30), 12, False, None])
    workbook.save(folder / "types.xlsx")
    text = read_document(str(folder / "types.xlsx")).text
    assert "| 2026-03-01 | 0.3 | TRUE |  |" in text  # a formula never computed by Excel has no value
    assert "| 2026-03-01 14:30:00 | 12 | FALSE |  |" in text


def test_a_german_excel_csv_is_read_with_its_semicolons_and_windows_1252(folder):
    path = folder / "Umsätze.csv"
    path.write_bytes("Monat;Umsatz\nMärz;1.234,50\n\nApril;\"a|b\"\n".encode("cp1252"))
    attachment = read_document(str(path))
    assert attachment.name == "Umsätze.csv" and attachment.mime == "text/csv"
    assert attachment.text == "| Monat | Umsatz |\n| --- | --- |\n| März | 1.234,50 |\n| April | a\\|b |"
    assert (attachment.rows_shown, attachment.rows_total) == (3, 3)  # the empty line is no row


def test_a_csv_over_the_row_cap_is_capped_and_counted(folder):
    attachment = read_document(str(make.csv_file(folder, rows=TABLE_MAX_ROWS * 3, columns=2)))
    assert (attachment.rows_shown, attachment.rows_total) == (TABLE_MAX_ROWS, TABLE_MAX_ROWS * 3 + 1)
    assert attachment.text.endswith(f"[Only the first {TABLE_MAX_ROWS} of {TABLE_MAX_ROWS * 3 + 1} rows are "
                                    "included here.]")


def test_a_pptx_yields_its_slides_in_order(folder):
    attachment = read_document(str(make.pptx_file(folder)))
    assert attachment.pages == 2
    assert attachment.text == ("## Slide 1\n\nWelcome\n\nFirst slide text\n\n"
                               "## Slide 2\n\nFigures\n\nRevenue grew\n\nCosts fell")


def test_slides_come_in_the_presentations_order_not_their_file_names(folder):
    path = make.pptx_file(folder, slides=(("one",), ("two",)))
    rewritten = folder / "reordered.pptx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(rewritten, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "ppt/presentation.xml":
                data = data.replace(b'r:id="rId1"', b'r:id="TMP"').replace(b'r:id="rId2"', b'r:id="rId1"')
                data = data.replace(b'r:id="TMP"', b'r:id="rId2"')
            target.writestr(info, data)
    assert read_document(str(rewritten)).text == "## Slide 1\n\ntwo\n\n## Slide 2\n\none"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_a_text_file_is_read_in_its_encoding(folder, encoding):
    path = folder / "notes.txt"
    path.write_bytes("Größe: 5 m²\r\nZeile 2\n".encode(encoding))
    assert read_document(str(path)).text == "Größe: 5 m²\r\nZeile 2"


@pytest.mark.parametrize("name, content", [
    ("page.html", '<html><body onload="alert(1)"><img src="https://example.com/x.png"><b>Hi</b></body></html>'),
    ("drawing.svg", '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><text>Hi</text></svg>'),
    ("feed.xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "expanded">]><x>&e;</x>'),
    ("data.json", '{"a": [1, 2, {"b": null}]}'),
    ("main.py", 'import os\nprint("hi")\n'),
])
def test_markup_and_code_are_sent_as_the_text_they_are(folder, name, content):
    """Never rendered, never parsed: an XML file's entities stay unexpanded, links stay text."""
    (folder / name).write_text(content, encoding="utf-8")
    attachment = read_document(str(folder / name))
    assert attachment.text == content.strip()


# --- refusals ----------------------------------------------------------------------------------------------


def test_a_scanned_pdf_is_refused_as_having_no_text_layer(folder):
    assert refusal(make.image_pdf(folder, pages=3)).kind is RefusalKind.NO_TEXT_LAYER


def test_a_password_protected_pdf_is_refused_as_encrypted(folder):
    assert refusal(make.encrypted_pdf(folder, password="secret")).kind is RefusalKind.ENCRYPTED


def test_a_password_protected_office_file_is_refused_as_encrypted(folder):
    """Office saves a file with a password as an OLE container (EncryptedPackage), not a ZIP."""
    path = folder / "Gehalt.xlsx"
    path.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(4096))
    assert refusal(path).kind is RefusalKind.ENCRYPTED


@pytest.mark.parametrize("maker, name", [(make.text_pdf, "damaged.pdf"), (make.docx_file, "damaged.docx"),
                                         (make.xlsx_file, "damaged.xlsx"), (make.pptx_file, "damaged.pptx")])
def test_a_truncated_file_is_refused_as_damaged(folder, maker, name):
    original = maker(folder)
    assert refusal(make.truncated(original, keep=0.6, name=name)).kind is RefusalKind.DAMAGED


@pytest.mark.parametrize("name", ["report.docx", "report.xlsx", "report.pptx"])
def test_a_pdf_named_as_an_office_file_is_refused_as_damaged(folder, name):
    assert refusal(make.copy_as(make.text_pdf(folder), name)).kind is RefusalKind.DAMAGED


def test_an_office_file_named_pdf_is_refused_as_damaged(folder):
    assert refusal(make.copy_as(make.docx_file(folder), "notes.pdf")).kind is RefusalKind.DAMAGED


def test_an_office_archive_without_its_main_part_is_refused_as_damaged(folder):
    path = folder / "empty.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("other.xml", "<x/>")
    assert refusal(path).kind is RefusalKind.DAMAGED


def test_a_file_with_nul_bytes_named_as_text_is_refused_as_damaged(folder):
    path = folder / "program.txt"
    path.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00" * 100)
    assert refusal(path).kind is RefusalKind.DAMAGED


def test_an_empty_file_is_refused_as_empty(folder):
    for name in ("empty.pdf", "empty.txt", "empty.docx", "empty.csv"):
        (folder / name).write_bytes(b"")
        assert refusal(folder / name).kind is RefusalKind.EMPTY


def test_a_document_without_any_text_is_refused_as_empty(folder):
    (folder / "blank.txt").write_text(" \n\t\n")
    assert refusal(folder / "blank.txt").kind is RefusalKind.EMPTY
    assert refusal(make.docx_file(folder, name="blank.docx", paragraphs=("", " "), table=None)).kind \
        is RefusalKind.EMPTY


def test_a_file_over_the_size_limit_is_refused_by_stat_before_it_is_opened(folder, monkeypatch):
    path = folder / "huge.txt"
    with open(path, "wb") as file:
        file.truncate(DOCUMENT_MAX_BYTES + 1)  # sparse: no disk space, no bytes worth reading
    opened = []
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda *arguments: opened.append(arguments) or real_open(*arguments))
    found = refusal(path)
    assert found.kind is RefusalKind.TOO_LARGE and found.limit == DOCUMENT_MAX_BYTES
    assert opened == []
    with open(path, "wb") as file:
        file.truncate(DOCUMENT_MAX_BYTES)  # exactly at the limit: opened and read (NUL bytes are no text)
    assert refusal(path).kind is RefusalKind.DAMAGED and len(opened) == 1


def test_a_file_that_is_gone_is_refused_as_vanished(folder):
    assert refusal(folder / "gone.pdf").kind is RefusalKind.VANISHED


def test_a_folder_or_a_named_pipe_with_a_documents_name_is_refused_without_blocking(folder):
    (folder / "folder.txt").mkdir()
    assert refusal(folder / "folder.txt").kind is RefusalKind.UNREADABLE
    os.mkfifo(folder / "pipe.txt")
    assert refusal(folder / "pipe.txt").kind is RefusalKind.UNREADABLE
    (folder / "Reports").mkdir()  # a folder dropped, with no type in its name: not "unsupported"
    assert refusal(folder / "Reports").kind is RefusalKind.UNREADABLE


@pytest.mark.parametrize("swapped_in", ["folder", "pipe", "empty file"])
def test_a_file_swapped_for_something_else_after_its_check_is_refused_not_a_crash(folder, monkeypatch, swapped_in):
    """Between the stat and the open another program may replace the file: what was opened is checked again."""
    regular = make.text_pdf(folder, name="regular.pdf")
    target = folder / "swapped.txt"
    {"folder": target.mkdir, "pipe": lambda: os.mkfifo(target), "empty file": target.touch}[swapped_in]()
    real_stat = os.stat
    monkeypatch.setattr(os, "stat", lambda path, *arguments, **keywords: real_stat(
        regular if str(path) == str(target) else path, *arguments, **keywords))
    found = refusal(target)
    assert found.kind is (RefusalKind.EMPTY if swapped_in == "empty file" else RefusalKind.UNREADABLE)


def test_a_zip_bomb_is_refused_by_its_declared_size_without_decompressing(folder):
    path = make.zip_bomb_docx(folder)  # 1 GiB of XML in a ~1 MB file
    started = time.process_time()
    found = refusal(path)
    assert found.kind is RefusalKind.EXPANDS_TOO_MUCH and found.limit == office_documents.ARCHIVE_MAX_EXPANDED
    assert time.process_time() - started < 1.0  # decompressing it would take seconds


def test_a_zip_whose_headers_lie_about_its_size_is_never_read_past_what_it_declares(folder):
    path = make.lying_zip_docx(folder, expanded=64 * make.MiB, declared=1000)
    tracemalloc.start()
    try:
        found = refusal(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert found.kind is RefusalKind.DAMAGED  # zipfile stops at 1000 bytes and the CRC fails
    assert peak < 8 * 1024 * 1024


def test_a_pdf_whose_page_inflates_past_pypdfs_cap_is_refused_with_bounded_memory(folder):
    path = make.pdf_stream_bomb(folder, expanded=100 * make.MiB)  # ~100 kB
    tracemalloc.start()
    try:
        found = refusal(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert found.kind is RefusalKind.DAMAGED and found.detail == "LimitReachedError"
    assert peak < 250 * 1024 * 1024  # pypdf stops at 75 MB (and holds a copy or two of it)


def test_a_pdf_whose_page_tree_is_a_loop_is_refused_at_once(folder):
    path = make.text_pdf(folder, name="loop.pdf")
    path.write_bytes(path.read_bytes().replace(b"/Kids [4 0 R]", b"/Kids [4 0 R 2 0 R]"))
    assert refusal(path).kind is RefusalKind.DAMAGED


def test_an_archive_whose_directory_is_too_large_is_refused_before_it_is_read(folder):
    path = make.docx_file(folder)
    data = bytearray(path.read_bytes())
    end = data.rfind(b"PK\x05\x06")
    struct.pack_into("<I", data, end + 12, office_documents.ARCHIVE_MAX_DIRECTORY + 1)
    path.write_bytes(bytes(data))
    assert refusal(path).kind is RefusalKind.EXPANDS_TOO_MUCH


def test_an_archive_of_xml_with_entities_is_refused_and_never_expanded(folder):
    assert refusal(make.entity_docx(folder)).kind is RefusalKind.DAMAGED  # billion laughs


@pytest.mark.parametrize("name", ["harmless.docx", "harmless.pptx"])
def test_any_doctype_in_a_word_or_powerpoint_part_is_refused_even_a_harmless_one(folder, name):
    """Office never writes one; refusing each DOCTYPE is what keeps every entity trick out (expat's
    own amplification limit alone would stop only the billion laughs)."""
    path = (make.docx_file if name.endswith(".docx") else make.pptx_file)(folder, name=f"plain-{name}")
    hostile = folder / name
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(hostile, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename in ("word/document.xml", "ppt/slides/slide1.xml"):
                head, _, rest = data.partition(b"?>")
                data = head + b'?><!DOCTYPE x [<!ENTITY e "expanded">]>' + rest.replace(b"Meeting notes", b"&e;")
            target.writestr(info, data)
    assert refusal(hostile).kind is RefusalKind.DAMAGED


@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/worksheets/sheet1.xml", "[Content_Types].xml"])
def test_a_spreadsheet_with_a_doctype_in_any_part_is_refused(folder, part):
    path = make.xlsx_file(folder)
    hostile = folder / "hostile.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(hostile, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == part:
                head, _, rest = data.partition(b"?>")
                data = head + b'?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>' + rest
            target.writestr(info, data)
    assert refusal(hostile).kind is RefusalKind.DAMAGED


@pytest.mark.timeout(60)  # without the check, openpyxl walks four billion empty rows
def test_a_sheet_with_a_row_number_past_excels_last_row_is_refused_not_walked(folder):
    path = make.xlsx_file(folder, rows=1)
    hostile = folder / "rows.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(hostile, "w") as target:
        for info in source.infolist():
            data = source.read(info).replace(b'<row r="2">', b'<row r="4000000000">')
            target.writestr(info, data)
    assert refusal(hostile).kind is RefusalKind.DAMAGED


def test_a_document_with_more_text_than_any_context_is_refused_as_it_is_read(folder):
    path = folder / "book.txt"
    line = "All work and no play makes Jack a dull boy.\n"
    path.write_text(line * (documents.TEXT_MAX_CHARS // len(line) + 1000))
    found = refusal(path)
    assert found.kind is RefusalKind.TOO_MANY_TOKENS and found.limit == TEXT_MAX_TOKENS


# --- progress and cancel -----------------------------------------------------------------------------------


def test_progress_is_reported_from_the_reading_thread_and_ends_at_one(folder):
    path = make.text_pdf(folder, pages=150)
    reports: list[tuple[float, int]] = []
    thread = threading.Thread(target=lambda: read_document(
        str(path), progress=lambda fraction: reports.append((fraction, threading.get_ident()))))
    thread.start()
    thread.join(120)
    fractions = [fraction for fraction, _thread in reports]
    assert {ident for _fraction, ident in reports} == {thread.ident}
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0
    assert 50 <= len(fractions) <= 102  # about once per percent, not once per page


@pytest.mark.parametrize("maker", [lambda folder: make.text_pdf(folder, pages=200),
                                   lambda folder: make.csv_file(folder, rows=50_000),
                                   lambda folder: make.xlsx_file(folder, rows=TABLE_MAX_ROWS * 3),
                                   lambda folder: make.zip_bomb_docx(folder, name="big.docx",
                                                                     expanded=100 * make.MiB)])
def test_cancel_stops_reading_soon_and_closes_the_file(folder, maker):
    path = maker(folder)
    reports: list[float] = []
    open_files = len(os.listdir("/proc/self/fd"))
    with pytest.raises(ReadCancelled):
        read_document(str(path), progress=reports.append, cancelled=lambda: len(reports) >= 3)
    assert len(reports) == 3 and reports[-1] < 0.5
    assert len(os.listdir("/proc/self/fd")) == open_files


# --- the libraries load on the first document that needs them ----------------------------------------------


def test_the_document_libraries_are_imported_only_when_a_document_needs_them(folder):
    make.text_pdf(folder)
    make.xlsx_file(folder)
    (folder / "a.txt").write_text("text")
    script = (
        "import sys\n"
        "from genai_desktop.core.documents import read_document\n"
        "loaded = lambda: sorted(name for name in ('pypdf', 'openpyxl') if name in sys.modules)\n"
        f"folder = {str(folder)!r}\n"
        "print(loaded())\n"
        "read_document(folder + '/a.txt'); print(loaded())\n"
        "read_document(folder + '/report.pdf'); print(loaded())\n"
        "read_document(folder + '/table.xlsx'); print(loaded())\n")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:4] == ["[]", "[]", "['pypdf']", "['openpyxl', 'pypdf']"]


@pytest.mark.parametrize("missing", ["pypdf", "openpyxl"])
def test_the_self_test_reads_documents_and_fails_without_a_document_library(missing):
    from genai_desktop.core.selftest import check_documents

    assert check_documents().ok
    script = (f"import sys; sys.modules[{missing!r}] = None\n"
              "from genai_desktop.core.selftest import check_documents\nprint(check_documents().line())")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.stdout.startswith("documents: FAILED - ModuleNotFoundError"), result.stdout + result.stderr
    assert missing in result.stdout


def test_markdown_tables_escape_pipes_and_fold_line_breaks():
    table = documents.markdown_table([["a|b", "c\nd"], ["back\\slash", ""], ["only one"]])
    assert table == "| a\\|b | c d |\n| --- | --- |\n| back\\\\slash |  |\n| only one |  |"
    wide = documents.markdown_table([[str(column) for column in range(documents.TABLE_MAX_COLUMNS + 5)]])
    assert wide.splitlines()[0].count(" | ") == documents.TABLE_MAX_COLUMNS - 1
    assert wide.endswith(f"[Only the first {documents.TABLE_MAX_COLUMNS} columns are included here.]")
