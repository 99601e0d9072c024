"""core/reading_process.py: a document read in a child process comes back as the same Attachment
(its file and stamp too, for the check before sending), a refusal with its kind, name and limit,
progress on the way, and Cancel ends the child at once."""

from __future__ import annotations

import os
import threading
import time

import pytest

import document_files as made
from genai_desktop.core.attachments import (
    DOCUMENT_MAX_BYTES, AttachmentRefused, ReadCancelled, RefusalKind, check_source,
)
from genai_desktop.core.documents import read_document
from genai_desktop.core.reading_process import read_document_in_process


def never() -> bool:
    return False


def test_a_document_read_in_a_child_is_what_reading_it_here_gives(tmp_path):
    pdf = made.text_pdf(tmp_path, "bericht.pdf", pages=30, lines_per_page=5)
    fractions = []
    attachment = read_document_in_process(str(pdf), fractions.append, never)
    assert attachment == read_document(str(pdf))
    assert attachment.source == str(pdf) and attachment.source_stamp == (pdf.stat().st_size, pdf.stat().st_mtime_ns)
    check_source(attachment)  # the file it names is the one read
    assert fractions and fractions == sorted(fractions) and fractions[-1] == 1.0


def program(folder):
    (folder / "x.exe").write_bytes(b"MZ")
    return folder / "x.exe"


def too_big(folder):
    with open(folder / "big.txt", "wb") as file:  # sparse: takes no room, never read
        file.truncate(DOCUMENT_MAX_BYTES + 1)
    return folder / "big.txt"


@pytest.mark.parametrize("make, kind, limit", [
    (lambda folder: made.encrypted_pdf(folder, "geheim.pdf"), RefusalKind.ENCRYPTED, 0),
    (lambda folder: made.image_pdf(folder, "scan.pdf"), RefusalKind.NO_TEXT_LAYER, 0),
    (program, RefusalKind.UNSUPPORTED, 0),
    (too_big, RefusalKind.TOO_LARGE, DOCUMENT_MAX_BYTES),
])
def test_a_refusal_comes_back_with_its_kind_name_and_limit(tmp_path, make, kind, limit):
    path = make(tmp_path)
    with pytest.raises(AttachmentRefused) as refused:
        read_document_in_process(str(path), lambda _fraction: None, never)
    assert (refused.value.kind, refused.value.name, refused.value.limit) == (kind, path.name, limit)


def test_cancel_ends_the_child_at_once(tmp_path):
    pdf = made.text_pdf(tmp_path, "dick.pdf", pages=600, lines_per_page=40)
    started = threading.Event()
    cancel = threading.Event()

    def progress(_fraction):
        started.set()

    outcome = []

    def read():
        try:
            read_document_in_process(str(pdf), progress, cancel.is_set)
        except ReadCancelled:
            outcome.append("cancelled")

    reader = threading.Thread(target=read)
    began = time.monotonic()
    reader.start()
    assert started.wait(30)
    cancel.set()
    reader.join(5)
    assert outcome == ["cancelled"] and time.monotonic() - began < 30
    import multiprocessing

    assert not [child for child in multiprocessing.active_children() if child.name == "read-document"]


def test_a_child_that_dies_without_a_word_is_a_damaged_file(tmp_path, monkeypatch):
    from genai_desktop.core import reading_process

    monkeypatch.setattr(reading_process, "_read_in_child", _die)
    path = tmp_path / "notes.txt"
    path.write_text("text", encoding="utf-8")
    with pytest.raises(AttachmentRefused) as refused:
        read_document_in_process(str(path), lambda _fraction: None, never)
    assert refused.value.kind is RefusalKind.DAMAGED and refused.value.name == "notes.txt"


def _die(_path, _connection):
    os._exit(3)  # as a reader killed by the system would end


def test_without_a_child_process_the_document_is_read_here(tmp_path, monkeypatch):
    from multiprocessing.context import SpawnProcess

    def refuse(_process):
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(SpawnProcess, "start", refuse)
    path = tmp_path / "notes.md"
    path.write_text("# Notes\nstill read", encoding="utf-8")
    fractions = []
    attachment = read_document_in_process(str(path), fractions.append, never)
    assert attachment.text == "# Notes\nstill read" and fractions[-1] == 1.0
