"""Office documents (DOCX, XLSX, PPTX): ZIP archives of XML parts, read without trusting them.

An archive bomb is refused before anything is decompressed, by the sizes its directory declares
(ARCHIVE_MAX_EXPANDED for all parts together, ARCHIVE_MAX_DIRECTORY for the directory itself);
zipfile then never returns more than a part declares (it stops there and fails the CRC), so the
declared sizes are also a cap on what is read. XML parts are parsed with expat, streamed, and
refused (DAMAGED) when they carry a DOCTYPE: Office never writes one, and entities declared in
it are how XML expands a few bytes into gigabytes. DOCX and PPTX are read with expat alone (no
lxml: it would add megabytes to the shipped file); XLSX with openpyxl, after the same checks.
"""

from __future__ import annotations

import re
import struct
import zipfile
from datetime import datetime, time
from pathlib import PurePosixPath
from xml.parsers import expat

from .attachments import MiB, AttachmentRefused, RefusalKind
from .documents import TABLE_MAX_ROWS, Read, Steps, TextOut, load_library, markdown_table, rows_note

ARCHIVE_MAX_EXPANDED = 256 * MiB  # all parts together; a million-row sheet of a few columns is ~100 MB
ARCHIVE_MAX_DIRECTORY = 2 * MiB  # the central directory zipfile reads whole: ~25,000 parts
SHEET_MAX_ROW_NUMBER = 1_048_576  # Excel's last row: a larger row number is a damaged sheet
READ_BYTES = 64 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a password-protected Office file is an OLE container
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
MC_FALLBACK = "http://schemas.openxmlformats.org/markup-compatibility/2006 Fallback"


class _StopParsing(Exception):
    """Raised by a handler that has seen enough (the prolog of a part)."""


# --- the archive -------------------------------------------------------------------------------------------


def open_archive(file, size: int, name: str) -> zipfile.ZipFile:
    """The archive, once its directory and declared sizes are within the caps."""
    file.seek(0)
    if file.read(len(OLE_MAGIC)) == OLE_MAGIC:
        raise AttachmentRefused(RefusalKind.ENCRYPTED, name)
    if _directory_size(file, size) > ARCHIVE_MAX_DIRECTORY:
        raise AttachmentRefused(RefusalKind.EXPANDS_TOO_MUCH, name, limit=ARCHIVE_MAX_EXPANDED, detail="directory")
    file.seek(0)
    archive = zipfile.ZipFile(file)
    if sum(info.file_size for info in archive.infolist()) > ARCHIVE_MAX_EXPANDED:
        archive.close()
        raise AttachmentRefused(RefusalKind.EXPANDS_TOO_MUCH, name, limit=ARCHIVE_MAX_EXPANDED)
    return archive


def _directory_size(file, size: int) -> int:
    """The central directory's size from the end record (ZIP64's too), before zipfile reads it whole."""
    tail_start = max(0, size - (22 + 65535))
    file.seek(tail_start)
    tail = file.read()
    end = tail.rfind(b"PK\x05\x06")
    if end < 0 or len(tail) < end + 22:
        raise zipfile.BadZipFile("no end of central directory")
    directory = struct.unpack_from("<I", tail, end + 12)[0]
    locator = end - 20
    if locator >= 0 and tail[locator:locator + 4] == b"PK\x06\x07":
        file.seek(struct.unpack_from("<Q", tail, locator + 8)[0])
        record = file.read(56)
        if record[:4] == b"PK\x06\x06":
            directory = struct.unpack_from("<Q", record, 40)[0]
    return directory


def part_chunks(archive: zipfile.ZipFile, part: str, steps: Steps, done: list[int], total: int):
    """The bytes of a part, a chunk at a time; done[0] counts bytes for progress over total."""
    with archive.open(part) as stream:
        while chunk := stream.read(READ_BYTES):
            done[0] += len(chunk)
            steps(done[0] / max(1, total))
            yield chunk


def xml_parser(name: str) -> expat.XMLParserType:
    """An expat parser with namespaces ("uri local" names) that refuses any DOCTYPE."""
    parser = expat.ParserCreate(namespace_separator=" ")

    def refuse_doctype(*_arguments) -> None:
        raise AttachmentRefused(RefusalKind.DAMAGED, name, detail="DOCTYPE in an Office part")

    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_doctype
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return parser


def parse_part(archive, part: str, parser, name: str, steps: Steps, done: list[int], total: int) -> None:
    """Feed a part to parser; a part that is not well-formed XML is DAMAGED."""
    try:
        for chunk in part_chunks(archive, part, steps, done, total):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise AttachmentRefused(RefusalKind.DAMAGED, name, detail=f"XML: {exc}") from None


def check_prologs(archive: zipfile.ZipFile, name: str) -> None:
    """Every XML part's prolog, up to its first element: no DOCTYPE (for a reader, openpyxl,
    whose own parser would expand entities)."""
    for info in archive.infolist():
        if not info.filename.endswith((".xml", ".rels")):
            continue
        parser = xml_parser(name)

        def stop(*_arguments) -> None:
            raise _StopParsing()

        parser.StartElementHandler = stop
        try:
            with archive.open(info) as stream:
                while chunk := stream.read(4096):
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
        except _StopParsing:
            pass
        except expat.ExpatError as exc:
            raise AttachmentRefused(RefusalKind.DAMAGED, name, detail=f"XML: {exc}") from None


def relationship_targets(archive: zipfile.ZipFile, rels_part: str, name: str) -> dict[str, tuple[str, str]]:
    """A .rels part: id -> (type, target part path inside the archive)."""
    targets: dict[str, tuple[str, str]] = {}
    if rels_part not in archive.NameToInfo:
        return targets
    base = PurePosixPath(rels_part).parent.parent  # "word/_rels/document.xml.rels" -> "word"
    parser = xml_parser(name)

    def start(tag: str, attributes: dict) -> None:
        if tag == f"{RELS} Relationship" and attributes.get("TargetMode") != "External":
            target = attributes.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else _joined(base, target)
            targets[attributes.get("Id", "")] = (attributes.get("Type", ""), path)

    parser.StartElementHandler = start
    parse_part(archive, rels_part, parser, name, _no_steps, [0], 1)
    return targets


def _joined(base: PurePosixPath, target: str) -> str:
    parts: list[str] = []
    for piece in (base / target).parts:
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in (".", ""):
            parts.append(piece)
    return "/".join(parts)


def _no_steps(_fraction: float) -> None:
    pass


def main_part(archive: zipfile.ZipFile, name: str, default: str) -> str:
    """The package's main document part (from _rels/.rels), or the usual path."""
    for kind, target in relationship_targets(archive, "_rels/.rels", name).values():
        if kind.endswith("/officeDocument") and target in archive.NameToInfo:
            return target
    if default not in archive.NameToInfo:
        raise AttachmentRefused(RefusalKind.DAMAGED, name, detail=f"no {default}")
    return default


# --- DOCX --------------------------------------------------------------------------------------------------

_HEADING_STYLE = re.compile(r"(?:heading|berschrift|titre|titolo|kop)\s*([1-6])$", re.IGNORECASE)


class _WordText:
    """expat handlers that collect a Word body: paragraphs as lines, tables as Markdown tables
    (a table inside a cell flattened into it), headings marked with #."""

    def __init__(self, out: TextOut):
        self.out = out
        self.runs: list[str] = []  # the paragraph being read
        self.in_text = False
        self.heading = 0
        self.tables: list[list[list[list[str]]]] = []  # tables -> rows -> cells -> paragraphs
        self.fallbacks = 0  # inside mc:Fallback: the same text box again, for older readers

    def start(self, tag: str, attributes: dict) -> None:
        if tag == MC_FALLBACK:
            self.fallbacks += 1
        if self.fallbacks or not tag.startswith(W):
            return
        local = tag[len(W) + 1:]
        if local == "t":
            self.in_text = True
        elif local == "tab":
            self.runs.append("\t")
        elif local in ("br", "cr"):
            self.runs.append("\n")
        elif local == "pStyle":
            match = _HEADING_STYLE.search(attributes.get(f"{W} val", ""))
            self.heading = int(match.group(1)) if match else 0
        elif local == "tbl":
            self.tables.append([])
        elif local == "tr" and self.tables:
            self.tables[-1].append([])
        elif local == "tc" and self.tables and self.tables[-1]:
            self.tables[-1][-1].append([])

    def end(self, tag: str) -> None:
        if tag == MC_FALLBACK:
            self.fallbacks -= 1
        elif self.fallbacks:
            return
        elif tag == f"{W} t":
            self.in_text = False
        elif tag == f"{W} p":
            text = "".join(self.runs).strip()
            self.runs = []
            if self.heading and text:
                text = "#" * self.heading + " " + text
            self.heading = 0
            self._paragraph(text)
        elif tag == f"{W} tbl" and self.tables:
            rows = [[" ".join(paragraph for paragraph in cell if paragraph) for cell in row]
                    for row in self.tables.pop() if row]
            table = markdown_table(rows)
            if self.tables:  # nested: its rows go into the enclosing cell, on one line
                self._paragraph(" ".join(line.strip("|") for line in table.splitlines() if "---" not in line))
            elif table:
                self.out.add(("\n\n" if self.out.length else "") + table)

    def characters(self, data: str) -> None:
        if self.in_text and not self.fallbacks:
            self.runs.append(data)

    def _paragraph(self, text: str) -> None:
        if self.tables and self.tables[-1] and self.tables[-1][-1]:
            self.tables[-1][-1][-1].append(text)
        elif text:
            self.out.add(("\n\n" if self.out.length else "") + text)


def read_docx(file, size: int, out: TextOut, steps: Steps) -> Read:
    """A Word document's body: paragraphs, headings and tables (not headers, footers, comments)."""
    with open_archive(file, size, out.name) as archive:
        part = main_part(archive, out.name, "word/document.xml")
        handlers = _WordText(out)
        parser = xml_parser(out.name)
        parser.StartElementHandler, parser.EndElementHandler = handlers.start, handlers.end
        parser.CharacterDataHandler = handlers.characters
        parser.buffer_text = True
        parse_part(archive, part, parser, out.name, steps, [0], archive.getinfo(part).file_size)
    return Read()


# --- PPTX --------------------------------------------------------------------------------------------------


def read_pptx(file, size: int, out: TextOut, steps: Steps) -> Read:
    """A presentation's slides in their order, each under "## Slide n" with its paragraphs."""
    with open_archive(file, size, out.name) as archive:
        presentation = main_part(archive, out.name, "ppt/presentation.xml")
        rels = relationship_targets(archive, _rels_of(presentation), out.name)
        order: list[str] = []
        parser = xml_parser(out.name)

        def slide_id(tag: str, attributes: dict) -> None:
            if tag == f"{P} sldId":
                target = rels.get(attributes.get(f"{R} id", ""), ("", ""))[1]
                if target in archive.NameToInfo and target not in order:
                    order.append(target)

        parser.StartElementHandler = slide_id
        parse_part(archive, presentation, parser, out.name, _no_steps, [0], 1)
        total = sum(archive.getinfo(slide).file_size for slide in order)
        done = [0]
        for number, slide in enumerate(order, start=1):
            paragraphs = _slide_paragraphs(archive, slide, out.name, steps, done, total)
            out.add(("\n\n" if out.length else "") + f"## Slide {number}"
                    + "".join("\n\n" + paragraph for paragraph in paragraphs))
    return Read(pages=len(order))


def _rels_of(part: str) -> str:
    path = PurePosixPath(part)
    return str(path.parent / "_rels" / f"{path.name}.rels")


def _slide_paragraphs(archive, slide: str, name: str, steps: Steps, done: list[int], total: int) -> list[str]:
    paragraphs: list[str] = []
    runs: list[str] = []
    in_text = [False]
    parser = xml_parser(name)

    def start(tag: str, _attributes: dict) -> None:
        if tag == f"{A} t":
            in_text[0] = True
        elif tag == f"{A} br":
            runs.append("\n")

    def end(tag: str) -> None:
        if tag == f"{A} t":
            in_text[0] = False
        elif tag == f"{A} p":
            text = "".join(runs).strip()
            runs.clear()
            if text:
                paragraphs.append(text)

    def characters(data: str) -> None:
        if in_text[0]:
            runs.append(data)

    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, characters
    parser.buffer_text = True
    parse_part(archive, slide, parser, name, steps, done, total)
    return paragraphs


# --- XLSX --------------------------------------------------------------------------------------------------

_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")


def read_xlsx(file, size: int, out: TextOut, steps: Steps) -> Read:
    """Each sheet as a Markdown table under "## Sheet: title" (the values Excel last computed,
    not formulas); past TABLE_MAX_ROWS rows in all, the rest of the rows are counted only."""
    with open_archive(file, size, out.name) as archive:
        check_prologs(archive, out.name)
    file.seek(0)
    openpyxl = load_library("openpyxl")
    workbook = openpyxl.load_workbook(file, read_only=True, data_only=True, keep_links=False)
    try:
        sheets = workbook.worksheets
        shown = total = 0
        for index, sheet in enumerate(sheets):
            fraction = index / len(sheets)
            steps(fraction)
            rows, counted_all = _sheet_rows(sheet, TABLE_MAX_ROWS - shown, out.name, lambda: steps(fraction))
            sheet_total = len(rows) if counted_all else max(len(rows), _count_rows(workbook, sheet, steps))
            shown, total = shown + len(rows), total + sheet_total
            text = f"## Sheet: {sheet.title}"
            if rows:
                text += "\n\n" + markdown_table(rows, out.name)
            if sheet_total > len(rows):
                text += "\n\n" + rows_note(len(rows), sheet_total)
            out.add(("\n\n" if out.length else "") + text)
    finally:
        workbook.close()
    return Read(rows_shown=shown, rows_total=total)


def _sheet_rows(sheet, room: int, name: str, poll) -> tuple[list[list[str]], bool]:
    """Up to room non-empty rows as cell texts, and whether that was all of them (poll(): cancelled?)."""
    sheet.reset_dimensions()  # the declared size may be wrong; the rows are what counts
    rows: list[list[str]] = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number > SHEET_MAX_ROW_NUMBER:
            raise AttachmentRefused(RefusalKind.DAMAGED, name, detail="row number past Excel's last row")
        if number % 1000 == 0:
            poll()
        if not any(value is not None and str(value).strip() for value in values):
            continue
        if len(rows) >= room:
            return rows, False
        rows.append([_cell_text(value) for value in values])
    return rows, True


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return f"{value:.15g}"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    return str(value)


def _count_rows(workbook, sheet, steps: Steps) -> int:
    """The rows of a sheet, counted in its XML (row elements), without parsing its cells."""
    archive = workbook._archive  # openpyxl's own open archive of the same file
    part = sheet._worksheet_path
    total, count, tail = archive.getinfo(part).file_size, 0, b""
    done = [0]
    for chunk in part_chunks(archive, part, steps, done, total):
        data = tail + chunk
        count += len(_ROW_TAG.findall(data))
        tail = data[-32:]
        count -= len(_ROW_TAG.findall(tail))  # counted again with the next chunk
    return count + len(_ROW_TAG.findall(tail))
