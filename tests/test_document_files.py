"""The test-file makers (tests/document_files.py) make what they say, checked with the reference
libraries themselves (pypdf, openpyxl, zipfile, csv): the reader tests and the window tests of
issue 12 rely on them."""

from __future__ import annotations

import csv
import zipfile

import pypdf
import pytest

import document_files as make


def test_a_text_pdf_has_the_text_of_each_page(tmp_path):
    reader = pypdf.PdfReader(make.text_pdf(tmp_path, pages=3, text="Größe", lines_per_page=2))
    assert len(reader.pages) == 3
    for page_number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert make.pdf_page_line("Größe", page_number) in text and make.FILLER in text


def test_an_image_pdf_has_pages_with_a_picture_and_no_text(tmp_path):
    reader = pypdf.PdfReader(make.image_pdf(tmp_path, pages=2))
    assert len(reader.pages) == 2
    for page in reader.pages:
        assert page.extract_text().strip() == ""
        assert "/Im1" in page["/Resources"]["/XObject"]


def test_an_encrypted_pdf_opens_only_with_its_password(tmp_path):
    reader = pypdf.PdfReader(make.encrypted_pdf(tmp_path, password="secret", text="Hidden"))
    assert reader.is_encrypted and not reader.decrypt("")
    assert reader.decrypt("secret")
    assert "Hidden - page 1" in reader.pages[0].extract_text()
    anyone = pypdf.PdfReader(make.encrypted_pdf(tmp_path, name="open.pdf", password=""))
    assert anyone.is_encrypted and anyone.decrypt("")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["open.pdf", "secret.pdf"]


def test_a_truncated_copy_is_shorter_and_pypdf_cannot_read_it_whole(tmp_path):
    original = make.text_pdf(tmp_path, pages=20, lines_per_page=20)
    damaged = make.truncated(original, keep=0.5)
    assert damaged.stat().st_size == original.stat().st_size // 2
    assert damaged.read_bytes() == original.read_bytes()[: damaged.stat().st_size]


def test_office_files_are_zip_archives_whose_parts_are_well_formed(tmp_path):
    from xml.etree import ElementTree

    for path in (make.docx_file(tmp_path), make.pptx_file(tmp_path), make.xlsx_file(tmp_path)):
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None
            for name in archive.namelist():
                ElementTree.fromstring(archive.read(name))
    with zipfile.ZipFile(make.docx_file(tmp_path, name="t.docx")) as archive:
        document = archive.read("word/document.xml").decode()
    assert "Größe und Maße" in document and "Pears | ripe" in document and "<w:tbl>" in document


def test_an_xlsx_has_a_header_and_the_rows_asked_for_in_each_sheet(tmp_path):
    import openpyxl

    workbook = openpyxl.load_workbook(make.xlsx_file(tmp_path, rows=4, columns=2, sheets=("One", "Two")),
                                      read_only=True)
    assert workbook.sheetnames == ["One", "Two"]
    rows = list(workbook["Two"].iter_rows(values_only=True))
    workbook.close()
    assert rows[0] == ("Column 1", "Column 2")
    assert rows[1:] == [(make.sheet_cell(row, 1), make.sheet_cell(row, 2)) for row in range(1, 5)]


def test_a_csv_has_the_same_cells(tmp_path):
    path = make.csv_file(tmp_path, rows=2, delimiter=";", encoding="cp1252")
    with open(path, newline="", encoding="cp1252") as file:
        rows = list(csv.reader(file, delimiter=";"))
    assert rows == [["Column 1", "Column 2", "Column 3"], ["r1c1", "r1c2", "r1c3"], ["r2c1", "r2c2", "r2c3"]]


def test_the_zip_bomb_declares_its_true_size_and_expands_to_it(tmp_path):
    path = make.zip_bomb_docx(tmp_path, expanded=8 * make.MiB)
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("word/document.xml")
        assert 8 * make.MiB <= info.file_size < 9 * make.MiB
        assert len(archive.read(info)) == info.file_size  # the CRC is checked by zipfile
    big = make.zip_bomb_docx(tmp_path, name="big.docx")
    with zipfile.ZipFile(big) as archive:
        assert archive.getinfo("word/document.xml").file_size >= make.GiB
    assert big.stat().st_size < 2 * make.MiB


def test_the_lying_zip_declares_little_and_holds_much(tmp_path):
    import zlib

    path = make.lying_zip_docx(tmp_path, expanded=16 * make.MiB, declared=1000)
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("word/document.xml")
        assert info.file_size == 1000
        with pytest.raises(zipfile.BadZipFile, match="CRC"):
            archive.read(info)  # zipfile stops at the declared size
        data = path.read_bytes()
    start = info.header_offset + 30 + len(info.filename)
    expanded = zlib.decompressobj(-15).decompress(data[start:start + info.compress_size])
    assert len(expanded) >= 16 * make.MiB


def test_the_entity_docx_declares_nested_entities(tmp_path):
    with zipfile.ZipFile(make.entity_docx(tmp_path)) as archive:
        document = archive.read("word/document.xml").decode()
    assert "<!DOCTYPE" in document and "<!ENTITY lol9" in document and "&lol9;" in document
