"""Test documents made by the tests themselves (no binaries checked in, none fetched).

Each maker writes one file into `folder` and returns its path. What a document says is given by
the arguments, so a test can look for it in what was read or sent:

    text_pdf(folder, name="report.pdf", pages=1, text="Quarterly figures", lines_per_page=1)
        page n reads f"{text} - page {n}" (and lines_per_page - 1 more lines of filler words)
    image_pdf(folder, name="scan.pdf", pages=1)      pictures of text only, no text layer
    encrypted_pdf(folder, name="secret.pdf", password="secret", text=...)   AES-256, by qpdf;
        password="" makes one readable without a password (an owner password only)
    docx_file(folder, name="notes.docx", paragraphs=DOCX_PARAGRAPHS, table=DOCX_TABLE)
    docx_from_body(folder, name, body_xml)   a DOCX of the given <w:body> XML (prefix w:)
    xlsx_file(folder, name="table.xlsx", rows=3, columns=3, sheets=("Sheet1",))
        a header row ("Column 1", ...) and `rows` rows of cells f"r{row}c{column}" (1-based)
    csv_file(folder, name="data.csv", rows=3, columns=3, delimiter=",", encoding="utf-8")
        the same cells as xlsx_file
    pptx_file(folder, name="slides.pptx", slides=PPTX_SLIDES)
    zip_bomb_docx(folder, name="bomb.docx", expanded=GiB)   declares its true, huge size (~1 MB file)
    lying_zip_docx(folder, name="liar.docx", expanded=64 * MiB, declared=1000)
        declares a tiny size, expands hugely (zipfile stops at the declared size: "Bad CRC-32")
    entity_docx(folder, name="laughs.docx")   "billion laughs": a DOCTYPE with nested entities
    truncated(path, keep=0.5)   the same file cut short (a damaged copy next to it)
    copy_as(path, name)   the same bytes under another name (a PDF named .docx)

Helpers for what to look for: pdf_page_line(text, page), sheet_cell(row, column). A bomb's
expanded size is at least the size asked for (whole MiB of spaces and the XML around them).

The PDFs, DOCX, XLSX and PPTX files are minimal but valid for the readers (pypdf, openpyxl,
zipfile + XML); Office would want more parts (styles, a slide master) that the readers never read.
"""

from __future__ import annotations

import csv
import shutil
import struct
import subprocess
import zipfile
import zlib
from pathlib import Path
from xml.sax.saxutils import escape

MiB = 1024 * 1024
GiB = 1024 * MiB
FILLER = "The quick brown fox jumps over the lazy dog while the report lists every figure of the quarter."

DOCX_PARAGRAPHS = ("Meeting notes", "Größe und Maße: alles in Ordnung.", "Second paragraph with a tab\there.")
DOCX_TABLE = (("Name", "Amount"), ("Apples", "3"), ("Pears | ripe", "5"))
PPTX_SLIDES = (("Welcome", "First slide text"), ("Figures", "Revenue grew", "Costs fell"))


# --- PDF ---------------------------------------------------------------------------------------------------


def _pdf_string(text: str) -> bytes:
    data = text.encode("cp1252")
    return b"(" + data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    packed = zlib.compress(data)
    return b"<< " + extra + b" /Filter /FlateDecode /Length %d >>\nstream\n" % len(packed) + packed + b"\nendstream"


def _write_pdf(path: Path, page_contents: list[bytes], resources: bytes, extra_objects: list[bytes] = ()) -> Path:
    """A PDF with one content stream per page. Objects: 1 catalog, 2 pages, 3 font, then the
    extra objects (4 ...), then per page: the page and its content."""
    first_page = 4 + len(extra_objects)
    page_ids = [first_page + 2 * index for index in range(len(page_contents))]
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % i for i in page_ids)
               + b"] /Count %d >>" % len(page_ids),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
               *extra_objects]
    for page_id, content in zip(page_ids, page_contents):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources " + resources
                       + b" /Contents %d 0 R >>" % (page_id + 1))
        objects.append(_stream(content))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def pdf_page_line(text: str, page: int) -> str:
    """The first line of page `page` (1-based) of text_pdf(text=text)."""
    return f"{text} - page {page}"


def text_pdf(folder: Path, name: str = "report.pdf", pages: int = 1, text: str = "Quarterly figures",
             lines_per_page: int = 1) -> Path:
    """A PDF with a text layer (Helvetica, WinAnsi: German umlauts work)."""
    contents = []
    for page in range(1, pages + 1):
        lines = [pdf_page_line(text, page)] + [f"{line}. {FILLER}" for line in range(2, lines_per_page + 1)]
        shown = b" T* ".join(_pdf_string(line) + b" Tj" for line in lines)
        contents.append(b"BT /F1 10 Tf 12 TL 40 760 Td " + shown + b" ET")
    return _write_pdf(Path(folder) / name, contents, b"<< /Font << /F1 3 0 R >> >>")


def image_pdf(folder: Path, name: str = "scan.pdf", pages: int = 1) -> Path:
    """A scanned document: each page only a picture (grey stripes), no text at all."""
    side = 64
    pixels = bytes((x * 4 if (y // 8) % 2 else 255) for y in range(side) for x in range(side))
    image = _stream(pixels, b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                            b"/BitsPerComponent 8" % (side, side))
    content = b"q 500 0 0 650 56 70 cm /Im1 Do Q"
    return _write_pdf(Path(folder) / name, [content] * pages, b"<< /XObject << /Im1 4 0 R >> >>", [image])


def encrypted_pdf(folder: Path, name: str = "secret.pdf", password: str = "secret",
                  text: str = "Confidential figures") -> Path:
    """A password-protected PDF (AES-256, encrypted by qpdf). password="": anyone may open it
    (only an owner password is set), as many "protected" PDFs from offices are."""
    folder = Path(folder)
    plain = text_pdf(folder, name=f".plain-{name}", text=text)
    target = folder / name
    subprocess.run(["qpdf", "--encrypt", password, "owner-" + (password or "only"), "256", "--",
                    str(plain), str(target)], check=True, capture_output=True)
    plain.unlink()
    return target


def truncated(path: Path, keep: float = 0.5, name: str | None = None) -> Path:
    """A damaged copy of a file: only its first `keep` fraction (next to it, named damaged-<name>)."""
    path = Path(path)
    data = path.read_bytes()
    target = path.with_name(name or f"damaged-{path.name}")
    target.write_bytes(data[: int(len(data) * keep)])
    return target


# --- Office files: ZIP archives of XML parts ---------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _content_types(overrides: dict[str, str]) -> str:
    return (XML_HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            + "".join(f'<Override PartName="{part}" ContentType="{kind}"/>' for part, kind in overrides.items())
            + "</Types>")


def _relationships(targets: dict[str, tuple[str, str]]) -> str:
    """targets: id -> (relationship type's last part, target)."""
    return (XML_HEAD + f'<Relationships xmlns="{PACKAGE_RELS}">'
            + "".join(f'<Relationship Id="{rid}" Type="{R}/{kind}" Target="{target}"/>'
                      for rid, (kind, target) in targets.items())
            + "</Relationships>")


def _write_zip(path: Path, parts: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in parts.items():
            archive.writestr(part, data)
    return path


def _docx_parts(body_xml: str) -> dict[str, str]:
    return {"[Content_Types].xml": _content_types({"/word/document.xml": DOCX_MAIN}),
            "_rels/.rels": _relationships({"rId1": ("officeDocument", "word/document.xml")}),
            "word/document.xml": XML_HEAD + f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{body_xml}'
                                 "</w:body></w:document>"}


def _docx_paragraph(text: str) -> str:
    runs = []
    for index, piece in enumerate(text.split("\t")):
        if index:
            runs.append("<w:r><w:tab/></w:r>")
        if piece:
            runs.append(f'<w:r><w:t xml:space="preserve">{escape(piece)}</w:t></w:r>')
    return "<w:p>" + "".join(runs) + "</w:p>"


def docx_file(folder: Path, name: str = "notes.docx", paragraphs=DOCX_PARAGRAPHS, table=DOCX_TABLE) -> Path:
    """A Word document: the paragraphs, then the table (rows of cell texts; None: no table)."""
    body = "".join(_docx_paragraph(text) for text in paragraphs)
    if table:
        body += "<w:tbl>" + "".join(
            "<w:tr>" + "".join(f"<w:tc>{_docx_paragraph(cell)}</w:tc>" for cell in row) + "</w:tr>"
            for row in table) + "</w:tbl>"
    return _write_zip(Path(folder) / name, _docx_parts(body + "<w:sectPr/>"))


def docx_from_body(folder: Path, name: str, body_xml: str, namespaces: str = "") -> Path:
    """A Word document whose body is the given XML (w: is bound; namespaces adds xmlns:... declarations)."""
    parts = _docx_parts("")
    parts["word/document.xml"] = (XML_HEAD + f'<w:document xmlns:w="{W}" xmlns:r="{R}" {namespaces}><w:body>'
                                  f"{body_xml}</w:body></w:document>")
    return _write_zip(Path(folder) / name, parts)


def sheet_cell(row: int, column: int) -> str:
    """The text of data cell (row, column), both 1-based, in xlsx_file and csv_file."""
    return f"r{row}c{column}"


def _column_letter(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _sheet_rows(rows: int, columns: int):
    yield [f"Column {column}" for column in range(1, columns + 1)]
    for row in range(1, rows + 1):
        yield [sheet_cell(row, column) for column in range(1, columns + 1)]


def xlsx_file(folder: Path, name: str = "table.xlsx", rows: int = 3, columns: int = 3,
              sheets=("Sheet1",)) -> Path:
    """A spreadsheet: in each sheet a header row and `rows` rows (inline strings, streamed to
    the archive: a million rows take a few seconds)."""
    path = Path(folder) / name
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    sheet_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
    overrides = {"/xl/workbook.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"}
    overrides.update({f"/xl/worksheets/sheet{index}.xml": sheet_type for index in range(1, len(sheets) + 1)})
    workbook = (XML_HEAD + f'<workbook xmlns="{main}" xmlns:r="{R}"><sheets>'
                + "".join(f'<sheet name="{escape(title)}" sheetId="{index}" r:id="rId{index}"/>'
                          for index, title in enumerate(sheets, start=1))
                + "</sheets></workbook>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", _content_types(overrides))
        archive.writestr("_rels/.rels", _relationships({"rId1": ("officeDocument", "xl/workbook.xml")}))
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", _relationships(
            {f"rId{index}": ("worksheet", f"worksheets/sheet{index}.xml") for index in range(1, len(sheets) + 1)}))
        last = f"{_column_letter(columns)}{rows + 1}"
        for index in range(1, len(sheets) + 1):
            with archive.open(f"xl/worksheets/sheet{index}.xml", "w", force_zip64=True) as part:
                part.write((XML_HEAD + f'<worksheet xmlns="{main}"><dimension ref="A1:{last}"/><sheetData>').encode())
                batch = []
                for number, cells in enumerate(_sheet_rows(rows, columns), start=1):
                    # cells without their optional r="A1" reference: a million rows stay quick to write
                    batch.append(f'<row r="{number}">' + "".join(
                        f'<c t="inlineStr"><is><t>{escape(text)}</t></is></c>' for text in cells) + "</row>")
                    if len(batch) == 5000:
                        part.write("".join(batch).encode())
                        batch = []
                part.write(("".join(batch) + "</sheetData></worksheet>").encode())
    return path


def csv_file(folder: Path, name: str = "data.csv", rows: int = 3, columns: int = 3, delimiter: str = ",",
             encoding: str = "utf-8") -> Path:
    """A CSV file with the cells of xlsx_file (German Excel writes delimiter=";", encoding="cp1252")."""
    path = Path(folder) / name
    with open(path, "w", newline="", encoding=encoding) as file:
        csv.writer(file, delimiter=delimiter).writerows(_sheet_rows(rows, columns))
    return path


def pptx_file(folder: Path, name: str = "slides.pptx", slides=PPTX_SLIDES) -> Path:
    """A presentation: each slide a tuple of paragraphs (one text box per slide)."""
    presentation_ns = "http://schemas.openxmlformats.org/presentationml/2006/main"
    drawing_ns = "http://schemas.openxmlformats.org/drawingml/2006/main"
    slide_type = "application/vnd.openxmlformats-officedocument.presentationml.slide+xml"
    count = len(slides)
    overrides = {"/ppt/presentation.xml":
                 "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"}
    overrides.update({f"/ppt/slides/slide{index}.xml": slide_type for index in range(1, count + 1)})
    parts = {"[Content_Types].xml": _content_types(overrides),
             "_rels/.rels": _relationships({"rId1": ("officeDocument", "ppt/presentation.xml")}),
             "ppt/presentation.xml": XML_HEAD + f'<p:presentation xmlns:p="{presentation_ns}" xmlns:r="{R}">'
             "<p:sldIdLst>" + "".join(f'<p:sldId id="{255 + index}" r:id="rId{index}"/>'
                                      for index in range(1, count + 1)) + "</p:sldIdLst></p:presentation>",
             "ppt/_rels/presentation.xml.rels": _relationships(
                 {f"rId{index}": ("slide", f"slides/slide{index}.xml") for index in range(1, count + 1)})}
    for index, paragraphs in enumerate(slides, start=1):
        text = "".join(f"<a:p><a:r><a:t>{escape(line)}</a:t></a:r></a:p>" for line in paragraphs)
        parts[f"ppt/slides/slide{index}.xml"] = (
            XML_HEAD + f'<p:sld xmlns:p="{presentation_ns}" xmlns:a="{drawing_ns}"><p:cSld><p:spTree>'
            f"<p:sp><p:txBody><a:bodyPr/>{text}</p:txBody></p:sp></p:spTree></p:cSld></p:sld>")
    return _write_zip(Path(folder) / name, parts)


# --- hostile archives --------------------------------------------------------------------------------------

_BOMB_HEAD = (XML_HEAD + f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>').encode()
_BOMB_TAIL = b"</w:t></w:r></w:p></w:body></w:document>"


def zip_bomb_docx(folder: Path, name: str = "bomb.docx", expanded: int = GiB) -> Path:
    """A DOCX whose document.xml honestly declares that it expands to `expanded` bytes (spaces:
    about 1000:1, so 1 GiB is a ~1 MB file, written in about a second)."""
    return _bomb_docx(Path(folder) / name, expanded, declared=None)


def lying_zip_docx(folder: Path, name: str = "liar.docx", expanded: int = 64 * MiB, declared: int = 1000) -> Path:
    """A DOCX whose document.xml expands to `expanded` bytes but whose headers (local and central)
    declare only `declared`: a reader that trusts the declared sizes must still cap what it reads."""
    return _bomb_docx(Path(folder) / name, expanded, declared=declared)


def _bomb_docx(path: Path, expanded: int, declared: int | None) -> Path:
    """Written by hand: a mebibyte of spaces deflated once after a full flush (which resets the
    compressor) is the same bytes every time, so the compressed data is that block repeated."""
    assert expanded < 4 * GiB, "no ZIP64 here"
    blocks = -(-max(0, expanded - len(_BOMB_HEAD) - len(_BOMB_TAIL)) // MiB)  # rounded up
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)  # raw deflate, as in a ZIP entry
    head = packer.compress(_BOMB_HEAD) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(b" " * MiB) + packer.flush(zlib.Z_FULL_FLUSH)
    tail = packer.compress(_BOMB_TAIL) + packer.flush()
    crc = zlib.crc32(_BOMB_HEAD)
    spaces = b" " * MiB
    for _ in range(blocks):
        crc = zlib.crc32(spaces, crc)
    crc = zlib.crc32(_BOMB_TAIL, crc)
    true_size = len(_BOMB_HEAD) + blocks * MiB + len(_BOMB_TAIL)
    out = bytearray()
    records = []
    for part, content in _docx_parts("").items():
        if part != "word/document.xml":
            data = content.encode()
            records.append(_entry(out, part.encode(), _deflate(data), zlib.crc32(data), len(data)))
    records.append(_entry(out, b"word/document.xml", head + block * blocks + tail, crc,
                          true_size if declared is None else declared))
    directory = len(out)
    out += b"".join(records)
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(records), len(records), len(out) - directory,
                       directory, 0)
    path.write_bytes(bytes(out))
    return path


def _deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def _entry(out: bytearray, name: bytes, body: bytes, crc: int, declared: int) -> bytes:
    """Append a deflated entry (local header and data) to out; return its central directory record."""
    offset = len(out)
    out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(body), declared, len(name), 0)
    out += name + body
    return struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(body), declared,
                       len(name), 0, 0, 0, 0, 0, offset) + name


def entity_docx(folder: Path, name: str = "laughs.docx") -> Path:
    """A DOCX whose document.xml has a DOCTYPE with nested entities ("billion laughs")."""
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{level} "{("&lol" + (str(level - 1) if level > 1 else "") + ";") * 10}">'
        for level in range(1, 10))
    parts = _docx_parts("")
    parts["word/document.xml"] = (XML_HEAD + f"<!DOCTYPE w:document [{entities}]>"
                                  f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>'
                                  "</w:body></w:document>")
    return _write_zip(Path(folder) / name, parts)


def copy_as(path: Path, name: str) -> Path:
    """The same bytes under another name next to it (a PDF named .docx, a picture named .txt)."""
    target = Path(path).with_name(name)
    shutil.copyfile(path, target)
    return target
