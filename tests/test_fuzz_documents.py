"""Property-based tests (Hypothesis) of the document readers: hostile bytes never crash them and
never hang them (issue 12). Whatever a file holds, read_document returns a usable Attachment or
raises AttachmentRefused; nothing else escapes. The time limit of each test is the hang guard.

Inputs: random bytes under each document name; valid files (tests/document_files.py) with bytes
changed, cut or inserted; and Office parts built from XML fragments chosen to hit the readers'
corners (tables in the wrong places, row and column numbers out of range, entities, bad values).
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import document_files as make
from genai_desktop.core.attachments import AttachmentKind, AttachmentRefused
from genai_desktop.core.documents import TEXT_MAX_CHARS, read_document

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
pytestmark = pytest.mark.timeout(300)
FOLDER = Path(tempfile.mkdtemp(prefix="fuzz-documents-"))
atexit.register(shutil.rmtree, FOLDER, ignore_errors=True)
NAMES = ["x.pdf", "x.docx", "x.xlsx", "x.pptx", "x.csv", "x.tsv", "x.txt", "x.html", "x.json", "x.svg"]


def read_or_refuse(name: str, data: bytes) -> None:
    path = FOLDER / name
    path.write_bytes(data)
    try:
        attachment = read_document(str(path), progress=check_fraction, cancelled=lambda: False)
    except AttachmentRefused as refusal:
        assert refusal.name == name
        return
    assert attachment.kind is AttachmentKind.DOCUMENT and attachment.name == name
    assert attachment.text.strip() == attachment.text and attachment.text
    attachment.text.encode("utf-8")  # no lone surrogates: storable and sendable
    assert len(attachment.text) <= TEXT_MAX_CHARS
    assert 0 <= attachment.rows_shown <= attachment.rows_total and attachment.pages >= 0


def check_fraction(fraction: float) -> None:
    assert 0.0 <= fraction <= 1.0


def valid(name: str) -> bytes:
    folder = Path(tempfile.mkdtemp(dir=FOLDER))
    maker = {"pdf": lambda: make.text_pdf(folder, pages=2, lines_per_page=3), "docx": lambda: make.docx_file(folder),
             "xlsx": lambda: make.xlsx_file(folder, rows=4), "pptx": lambda: make.pptx_file(folder),
             "csv": lambda: make.csv_file(folder, rows=4)}[name.rsplit(".", 1)[1]]
    return maker().read_bytes()


VALID = {name: valid(name) for name in ("x.pdf", "x.docx", "x.xlsx", "x.pptx", "x.csv")}


@FUZZ
@given(name=st.sampled_from(NAMES), data=st.binary(min_size=1, max_size=4096))
@example(name="x.pdf", data=b"%PDF-1.7\n")
@example(name="x.docx", data=b"PK\x05\x06" + bytes(18))
@example(name="x.xlsx", data=b"PK\x03\x04")
@example(name="x.csv", data=b'"unclosed,quote\n' * 10)
def test_random_bytes_under_any_document_name(name, data):
    read_or_refuse(name, data)


# Byte patterns that mean something to a PDF or ZIP parser, inserted where Hypothesis chooses.
TOKENS = [b"<<", b">>", b"[", b"]", b"0 0 R", b"99999 0 R", b"/Length 999999999", b"/Filter /FlateDecode",
          b"/Type /Pages", b"/Kids [1 0 R]", b"/Count -1", b"stream\n", b"endstream", b"obj", b"endobj", b"xref",
          b"trailer", b"startxref\n0", b"%%EOF", b"/Encrypt 1 0 R", b"(", b")", b"\\", b"BT", b"Tj", b"ET",
          b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06", b"\xff\xff\xff\xff", b"\x00"]

edits = st.lists(st.tuples(st.sampled_from(["replace", "insert", "delete"]), st.integers(0, 2**31 - 1),
                           st.one_of(st.binary(min_size=1, max_size=8), st.sampled_from(TOKENS))),
                 min_size=1, max_size=6)


def edited(data: bytes, changes) -> bytes:
    data = bytearray(data)
    for kind, position, piece in changes:
        position %= len(data) + 1
        if kind == "replace":
            data[position:position + len(piece)] = piece
        elif kind == "insert":
            data[position:position] = piece
        else:
            del data[position:position + len(piece)]
    return bytes(data) or b"x"


@FUZZ
@given(name=st.sampled_from(sorted(VALID)), changes=edits)
def test_valid_documents_with_bytes_changed_cut_or_inserted(name, changes):
    read_or_refuse(name, edited(VALID[name], changes))


@FUZZ
@given(name=st.sampled_from(sorted(VALID)), keep=st.floats(0.0, 1.0))
def test_valid_documents_cut_short_anywhere(name, keep):
    data = VALID[name]
    read_or_refuse(name, data[: max(1, int(len(data) * keep))])


# --- Office parts from XML fragments ------------------------------------------------------------------------

# Text and markup that mean something to an XML parser (entities, CDATA, a DOCTYPE, bad characters).
XML_TEXT = ["x", "ü", " ", "\t", "\n", "&amp;", "&lt;", "&#0;", "&#xD800;", "&#x1F600;", "&undefined;", "<!--c-->",
            "<![CDATA[a|b]]>", "<?pi x?>", "<!DOCTYPE x>", "<", "]]>", "|", "\\", "\u2028", "\x00", "---"]
WORD_ELEMENTS = ["w:p", "w:r", "w:t", 'w:t xml:space="preserve"', "w:tab", "w:br", "w:cr", "w:tbl", "w:tr", "w:tc",
                 'w:pStyle w:val="Heading9"', 'w:pStyle w:val="berschrift1"', "w:pPr", "mc:AlternateContent",
                 "mc:Fallback", "w:delText", "w:txbxContent"]
SLIDE_ELEMENTS = ["a:p", "a:r", "a:t", "a:br", "p:sp", "p:txBody", "a:tbl", "a:tr", "a:tc"]
SHEET_CELLS = ['<c t="inlineStr"><is><t>text</t></is></c>', "<c><v>1.5</v></c>", '<c t="s"><v>7</v></c>',
               '<c t="b"><v>2</v></c>', '<c t="d"><v>not a date</v></c>', '<c t="e"><v>#DIV/0!</v></c>',
               '<c t="n"><v>1e999</v></c>', '<c t="n"><v>abc</v></c>', '<c r="XFD1"><v>1</v></c>',
               '<c r="ZZZZ9"><v>1</v></c>', '<c r="A99999999999"><v>1</v></c>', '<c s="999"><v>1</v></c>',
               '<c t="str"><v>&#0;</v></c>', "<c/>"]
SHEET_ROWS = ['<row r="1">', '<row r="2">', '<row r="0">', '<row r="-5">', '<row r="1048577">',
              '<row r="x">', "<row>", '<row r="9" spans="1:99999">']


def elements(names):
    """Well-formed XML (mostly: the text pieces may break it) of elements nested any which way."""
    leaves = st.sampled_from(XML_TEXT)
    return st.recursive(leaves, lambda inner: st.builds(
        lambda name, children: f"<{name}>{''.join(children)}</{name.split()[0]}>",
        st.sampled_from(names), st.lists(inner, max_size=4)), max_leaves=30)


sheet_rows = st.lists(st.builds(lambda row, cells: row + "".join(cells) + "</row>", st.sampled_from(SHEET_ROWS),
                                st.lists(st.sampled_from(SHEET_CELLS), max_size=5)), max_size=8).map("".join)


def office_file(parts: dict[str, str]) -> bytes:
    path = FOLDER / "built.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for part, text in parts.items():
            archive.writestr(part, text.encode("utf-8", "surrogatepass"))
    return path.read_bytes()


def replaced_part(name: str, part: str, text: str) -> dict[str, str]:
    source = FOLDER / f"source-{name}"
    source.write_bytes(VALID[name])
    with zipfile.ZipFile(source) as archive:
        parts = {info.filename: archive.read(info).decode() for info in archive.infolist()}
    parts[part] = text
    return parts


MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'


@FUZZ
@given(body=elements(WORD_ELEMENTS))
@example(body="<w:tc><w:p><w:r><w:t>cell outside a table</w:t></w:r></w:p></w:tc>")
@example(body="</w:tbl></w:tbl><w:tr><w:tc>")
def test_word_bodies_built_from_fragments(body):
    document = (f'<?xml version="1.0"?><w:document xmlns:w="{make.W}" {MC}><w:body>{body}'
                "</w:body></w:document>")
    read_or_refuse("x.docx", office_file(replaced_part("x.docx", "word/document.xml", document)))


@FUZZ
@given(body=elements(SLIDE_ELEMENTS))
def test_slides_built_from_fragments(body):
    slide = ('<?xml version="1.0"?><p:sld xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
             'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><p:cSld><p:spTree><p:sp><p:txBody>'
             f"{body}</p:txBody></p:sp></p:spTree></p:cSld></p:sld>")
    read_or_refuse("x.pptx", office_file(replaced_part("x.pptx", "ppt/slides/slide1.xml", slide)))


@settings(FUZZ, max_examples=80)  # a row numbered past Excel's last is walked to there (~0.3 s) before it is refused
@given(rows=sheet_rows, dimension=st.sampled_from(["A1:C5", "A1:XFD1048576", "", "garbage"]))
@example(rows='<row r="1"><c r="A99999999999"><v>1</v></c></row>', dimension="A1")
@example(rows='<row r="1048576"><c><v>1</v></c></row>', dimension="A1:A1")  # Excel's last row: read
def test_sheets_built_from_fragments(rows, dimension):
    sheet = ('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             f'<dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>')
    read_or_refuse("x.xlsx", office_file(replaced_part("x.xlsx", "xl/worksheets/sheet1.xml", sheet)))


@FUZZ
@given(text=st.text(st.sampled_from(list(',;\t|"\n\r ab1ü€\x00\\')), max_size=300),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]),
       name=st.sampled_from(["x.csv", "x.tsv", "x.txt", "x.md"]))
def test_text_and_csv_in_any_encoding(text, encoding, name):
    read_or_refuse(name, text.encode(encoding, "replace") or b" ")
