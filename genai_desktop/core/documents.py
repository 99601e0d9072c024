"""Reads a document the user attaches into an Attachment of its text, on a reading thread.

PDF (pypdf), DOCX and PPTX (zipfile and expat), XLSX (openpyxl) and CSV as Markdown tables, and
text files by their extension (HTML, SVG and XML too: as text, never rendered or parsed). What
a file holds is hostile: the size is checked with stat before anything is read, archives by
their declared sizes (core.office_documents), the text by TEXT_MAX_CHARS, and every failure of a
library on a damaged file is a refusal (AttachmentRefused), never a crash. The libraries are
imported on the first document that needs them, not at start.
"""

from __future__ import annotations

import codecs
import csv
import io
import logging
import math
import os
import stat
from dataclasses import dataclass
from pathlib import PurePath
from typing import Callable

from .attachments import (CHARS_PER_TOKEN, DOCUMENT_MAX_BYTES, Attachment, AttachmentKind, AttachmentRefused,
                          ReadCancelled, RefusalKind, base_name)
from .lazy import IMPORT_LOCK
from .records import utf8_text

log = logging.getLogger(__name__)

# More text than any model's context holds (about 2.3 million tokens): a document past it is
# refused as it is read, so a huge one never sits in memory whole.
TEXT_MAX_CHARS = 8_000_000
TEXT_MAX_TOKENS = math.ceil(TEXT_MAX_CHARS / CHARS_PER_TOKEN)
# Rows of a spreadsheet or CSV file sent (all sheets together); the rest are counted, and the
# text and Attachment.rows_shown/rows_total say so. 2000 rows of ten columns: about 60k tokens.
TABLE_MAX_ROWS = 2000
TABLE_MAX_COLUMNS = 100  # wider rows are cut, and the text says so
CHUNK_BYTES = 1024 * 1024

OFFICE_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
TABLE_TYPES = {".csv": "text/csv", ".tsv": "text/tab-separated-values"}
# Text files by extension (mime: what the file is; it is always sent as text).
TEXT_TYPES = {
    ".txt": "text/plain", ".text": "text/plain", ".md": "text/markdown", ".markdown": "text/markdown",
    ".rst": "text/x-rst", ".json": "application/json", ".jsonl": "application/jsonl", ".xml": "application/xml",
    ".html": "text/html", ".htm": "text/html", ".svg": "image/svg+xml", ".css": "text/css",
    ".yaml": "application/yaml", ".yml": "application/yaml", ".toml": "application/toml", ".ini": "text/plain",
    ".cfg": "text/plain", ".conf": "text/plain", ".log": "text/plain", ".tex": "application/x-tex",
    ".bib": "text/plain", ".srt": "text/plain", ".vtt": "text/vtt", ".ics": "text/calendar",
    ".sql": "application/sql", ".ipynb": "application/json",
    **{extension: "text/plain" for extension in (
        ".py", ".pyi", ".js", ".mjs", ".cjs", ".ts", ".tsx", ".jsx", ".java", ".kt", ".kts", ".scala", ".groovy",
        ".gradle", ".c", ".h", ".cpp", ".cc", ".cxx", ".hpp", ".hh", ".cs", ".fs", ".vb", ".go", ".rs", ".swift",
        ".m", ".mm", ".rb", ".php", ".pl", ".pm", ".lua", ".r", ".jl", ".dart", ".hs", ".ml", ".ex", ".exs",
        ".erl", ".clj", ".lisp", ".el", ".vue", ".svelte", ".scss", ".sass", ".less", ".sh", ".bash", ".zsh",
        ".fish", ".ps1", ".bat", ".cmd", ".cmake", ".mk", ".proto", ".graphql", ".tf", ".nix", ".asm", ".s",
        ".v", ".sv", ".vhd", ".f90", ".pas", ".properties", ".env", ".gitignore", ".dockerfile", ".patch",
        ".diff")},
}
TEXT_FILE_NAMES = {"makefile", "dockerfile", "readme", "license", "copying", "changelog", "authors", "todo"}
PDF_TYPE = "application/pdf"


def document_type(name: str) -> str:
    """The mime type of a document this app reads, by its name; "" for any other file."""
    path = PurePath(base_name(name).lower())
    extension = path.suffix
    if extension == ".pdf":
        return PDF_TYPE
    for table in (OFFICE_TYPES, TABLE_TYPES, TEXT_TYPES):
        if extension in table:
            return table[extension]
    return "text/plain" if path.name in TEXT_FILE_NAMES or path.name in TEXT_TYPES else ""


def is_document(name: str) -> bool:
    """A file read_document reads (by its name; what it holds is checked when it is read)."""
    return bool(document_type(name))


class Steps:
    """What a reader calls as it goes: checks whether the user cancelled (raises ReadCancelled)
    and reports the fraction done, at most once per percent."""

    def __init__(self, progress: Callable[[float], None] | None, cancelled: Callable[[], bool] | None):
        self._progress, self._cancelled = progress, cancelled
        self._reported = -1.0

    def __call__(self, fraction: float) -> None:
        if self._cancelled is not None and self._cancelled():
            raise ReadCancelled()
        fraction = min(1.0, max(0.0, fraction))
        if self._progress is not None and (fraction - self._reported >= 0.01 or fraction == 1.0 > self._reported):
            self._reported = fraction
            self._progress(fraction)


class TextOut:
    """A document's text as it is read, refused (TOO_MANY_TOKENS) once past TEXT_MAX_CHARS."""

    def __init__(self, name: str):
        self.name = name
        self.parts: list[str] = []
        self.length = 0

    def add(self, text: str) -> None:
        self.length += len(text)
        if self.length > TEXT_MAX_CHARS:
            raise AttachmentRefused(RefusalKind.TOO_MANY_TOKENS, self.name, limit=TEXT_MAX_TOKENS)
        self.parts.append(text)

    def text(self) -> str:
        return "".join(self.parts)


@dataclass
class Read:
    """What a reader found besides the text: pages or slides, and the rows of a capped table."""

    pages: int = 0
    rows_shown: int = 0
    rows_total: int = 0


def read_document(path: str, progress: Callable[[float], None] | None = None,
                  cancelled: Callable[[], bool] | None = None) -> Attachment:
    """The document at path as an Attachment of its text (named by its base name only).

    Runs on a reading thread: progress(fraction 0..1) is called from it, cancelled() is polled
    (True: raises ReadCancelled). Raises AttachmentRefused with the reason a file is not sent.
    """
    name = base_name(str(path))
    mime = document_type(name)
    if not mime:
        # A folder dropped is not a type this app does not know: it cannot be read as a file.
        raise AttachmentRefused(RefusalKind.UNREADABLE if os.path.isdir(path) else RefusalKind.UNSUPPORTED, name)
    steps = Steps(progress, cancelled)
    steps(0.0)
    file, status = open_document(str(path), name)
    with file:
        out = TextOut(name)
        try:
            found = _reader_for(name)(file, status.st_size, out, steps)
        except (AttachmentRefused, ReadCancelled):
            raise
        except Exception as exc:  # a library failing on a damaged file, whatever it raises
            log.info("could not read %s: %s", name, type(exc).__name__)
            raise AttachmentRefused(RefusalKind.DAMAGED, name, detail=type(exc).__name__) from None
    text = utf8_text(out.text().strip())
    if not text:
        raise AttachmentRefused(RefusalKind.EMPTY, name)
    steps(1.0)
    return Attachment(AttachmentKind.DOCUMENT, name, mime, status.st_size, text=text, pages=found.pages,
                      rows_shown=found.rows_shown, rows_total=found.rows_total, source=os.path.abspath(path),
                      source_stamp=(status.st_size, status.st_mtime_ns))


def open_document(path: str, name: str):
    """The file opened for reading and its status, or a refusal: gone, not a regular readable
    file, 0 bytes, over DOCUMENT_MAX_BYTES (by stat, before the file is even opened). Opened
    without blocking, so a named pipe swapped in for the file never hangs the reader."""
    try:
        status = os.stat(path)
        _check_status(status, name)
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise AttachmentRefused(RefusalKind.VANISHED, name) from None
    except OSError as exc:
        raise AttachmentRefused(RefusalKind.UNREADABLE, name, detail=type(exc).__name__) from None
    try:
        status = os.fstat(descriptor)  # the file opened: replaced since the stat above?
        _check_status(status, name)
    except BaseException:
        os.close(descriptor)
        raise
    return os.fdopen(descriptor, "rb"), status


def _check_status(status: os.stat_result, name: str) -> None:
    if not stat.S_ISREG(status.st_mode):
        raise AttachmentRefused(RefusalKind.UNREADABLE, name, detail="not a regular file")
    if status.st_size == 0:
        raise AttachmentRefused(RefusalKind.EMPTY, name)
    if status.st_size > DOCUMENT_MAX_BYTES:
        raise AttachmentRefused(RefusalKind.TOO_LARGE, name, limit=DOCUMENT_MAX_BYTES)


def _reader_for(name: str):
    extension = PurePath(name.lower()).suffix
    if extension == ".pdf":
        return read_pdf
    if extension in OFFICE_TYPES:
        from . import office_documents

        return {".docx": office_documents.read_docx, ".xlsx": office_documents.read_xlsx,
                ".pptx": office_documents.read_pptx}[extension]
    if extension in TABLE_TYPES:
        return read_csv
    return read_text


def load_library(module: str):
    """A document library, imported on first use (under the app's import lock: see core.lazy)."""
    import importlib

    with IMPORT_LOCK:
        return importlib.import_module(module)


# --- PDF ---------------------------------------------------------------------------------------------------


def read_pdf(file, size: int, out: TextOut, steps: Steps) -> Read:
    """The text layer of each page, pages apart by a blank line. No text on any page: a scan
    (NO_TEXT_LAYER). A password is never asked: a PDF that needs one is ENCRYPTED (one that only
    forbids editing opens with the empty password and is read)."""
    pypdf = load_library("pypdf")
    # In memory, as pypdf itself reads a file given by name (at most DOCUMENT_MAX_BYTES): its parser
    # seeks and reads in small pieces, each a system call on a file.
    reader = pypdf.PdfReader(io.BytesIO(file.read()), strict=False)
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")
        except pypdf.errors.DependencyError:  # AES without a crypto library: cannot be opened here
            opened = False
        if not opened:
            raise AttachmentRefused(RefusalKind.ENCRYPTED, out.name)
    pages = reader.pages
    count = len(pages)
    if count == 0:
        raise AttachmentRefused(RefusalKind.EMPTY, out.name)
    with_text = 0
    for index in range(count):
        steps(index / count)
        text = (pages[index].extract_text() or "").rstrip()
        if text.strip():
            with_text += 1
            out.add(("\n\n" if out.length else "") + text)
    if not with_text:
        raise AttachmentRefused(RefusalKind.NO_TEXT_LAYER, out.name)
    return Read(pages=count)


# --- text and CSV ------------------------------------------------------------------------------------------

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def text_encoding(file) -> str:
    """The encoding of a text file: by its byte order mark; else UTF-8 if all of it decodes as
    UTF-8; else Windows-1252 (what Windows editors and German Excel write). Leaves the file at 0."""
    head = file.read(4)
    file.seek(0)
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := file.read(CHUNK_BYTES):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1252"
    finally:
        file.seek(0)


def read_text(file, size: int, out: TextOut, steps: Steps) -> Read:
    """A text file as it is (HTML and SVG too: sent as text, never rendered). A file with NUL
    bytes is no text file in a single-byte or UTF-8 encoding: DAMAGED."""
    encoding = text_encoding(file)
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    done = 0
    while chunk := file.read(CHUNK_BYTES):
        done += len(chunk)
        steps(done / size)
        text = decoder.decode(chunk)
        if "\x00" in text:
            raise AttachmentRefused(RefusalKind.DAMAGED, out.name, detail="NUL in a text file")
        out.add(text)
    out.add(decoder.decode(b"", final=True))
    return Read()


def read_csv(file, size: int, out: TextOut, steps: Steps) -> Read:
    """A CSV (or TSV) file as a Markdown table; past TABLE_MAX_ROWS the rows are counted only.
    The delimiter is sniffed (comma, semicolon, tab, pipe): German Excel writes semicolons."""
    encoding = text_encoding(file)
    text = io.TextIOWrapper(file, encoding=encoding, errors="replace", newline="")
    sample = text.read(64 * 1024)
    text.seek(0)
    if "\x00" in sample:
        raise AttachmentRefused(RefusalKind.DAMAGED, out.name, detail="NUL in a text file")
    delimiter = "\t" if out.name.lower().endswith(".tsv") else ","
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        pass  # one column, or no clear delimiter: read as it is
    rows, total = [], 0
    for number, row in enumerate(csv.reader(text, delimiter=delimiter)):
        if number % 1000 == 0:
            steps(file.tell() / size)
        if not any(cell.strip() for cell in row):
            continue
        total += 1
        if len(rows) < TABLE_MAX_ROWS:
            rows.append(row)
    text.detach()
    out.add(markdown_table(rows, out.name))
    if total > len(rows):
        out.add("\n\n" + rows_note(len(rows), total))
    return Read(rows_shown=len(rows), rows_total=total)


# --- tables ------------------------------------------------------------------------------------------------


def rows_note(shown: int, total: int) -> str:
    """Said to the model under a capped table (the user sees rows_shown/rows_total on the chip)."""
    if not shown:
        return f"[None of its {total} rows are included here: the row limit was reached.]"
    return f"[Only the first {shown} of {total} rows are included here.]"


def _cell(value: str) -> str:
    return " ".join(value.split()).replace("\\", "\\\\").replace("|", "\\|")


def markdown_table(rows: list[list[str]], name: str = "") -> str:
    """Rows of cell texts as a Markdown table, the first row its header; empty trailing columns
    are dropped, columns past TABLE_MAX_COLUMNS cut (and said)."""
    if not rows:
        return ""
    width = max((index + 1 for row in rows for index, cell in enumerate(row) if str(cell).strip()), default=1)
    cut = width > TABLE_MAX_COLUMNS
    width = min(width, TABLE_MAX_COLUMNS)
    lines = []
    for number, row in enumerate(rows):
        cells = [_cell(str(cell)) for cell in row[:width]] + [""] * (width - len(row))
        lines.append("| " + " | ".join(cells) + " |")
        if number == 0:
            lines.append("|" + " --- |" * width)
    if cut:
        lines.append(f"\n[Only the first {TABLE_MAX_COLUMNS} columns are included here.]")
    return "\n".join(lines)
