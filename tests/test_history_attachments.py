"""Attachments in the history (issue 12, point 6): stored with their message in the history file's own
table, read back in order, deleted with the message, found by search, salvaged from a damaged file,
and a file of the schema before still upgrading (and readable by the build before)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from genai_desktop.core import history_schema
from genai_desktop.core.attachments import Attachment, AttachmentKind
from genai_desktop.core.conversation import turns_from_messages
from genai_desktop.core.history import HistoryStore, MessageState
from genai_desktop.core.history_schema import SCHEMA_VERSION

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4  # the bytes are stored as they are, not decoded


def report(text: str = "The quarterly figures: revenue rose by eleven percent in the Nordics.") -> Attachment:
    return Attachment(AttachmentKind.DOCUMENT, "report.pdf", "application/pdf", 48_213, text=text, pages=3,
                      source="/home/someone/Secret Folder/report.pdf", source_stamp=(48_213, 1))


def table() -> Attachment:
    return Attachment(AttachmentKind.DOCUMENT, "sales.xlsx",
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 9_000,
                      text="| region | sales |\n|---|---|\n| north | 5 |", rows_shown=1000, rows_total=25_000)


def photo() -> Attachment:
    return Attachment(AttachmentKind.PICTURE, "holiday.jpg", "image/png", 3_000_000, data=PNG, width=2048, height=1536,
                      source="/home/someone/Pictures/holiday.jpg")


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "data" / "history.sqlite3"


def asked(store: HistoryStore, text: str, parts: tuple) -> tuple[int, int]:
    chat = store.create_conversation()
    return chat, store.add_message(chat, "user", text, MessageState.DONE, "", parts)


def test_attachments_are_stored_with_their_message_and_read_back_in_order(db_path):
    store = HistoryStore.open(db_path)
    parts = (report(), photo(), table())
    chat, prompt = asked(store, "Summarise these", parts)
    answer = store.add_message(chat, "assistant", "", MessageState.STREAMING, "m")
    store.finish(answer, "A summary.", MessageState.DONE)
    store.close()

    reopened = HistoryStore.open(db_path)
    messages = reopened.messages(chat)
    assert [m.parts for m in messages] == [parts, ()]
    assert messages[0].parts[1].data == PNG and messages[0].parts[2].capped
    turns = turns_from_messages(messages)
    assert turns[0].message.parts == parts and turns[0].message.text == "Summarise these"
    # Where a file was read from is never stored: no column holds a folder of the path.
    reopened.close()
    raw = db_path.read_bytes() + (db_path.with_name(db_path.name + "-wal").read_bytes()
                                  if db_path.with_name(db_path.name + "-wal").exists() else b"")
    assert b"Secret Folder" not in raw and b"/home/someone" not in raw
    assert b"revenue rose by eleven percent" in raw  # the text itself is there


def test_a_message_of_attachments_alone_names_the_chat_after_the_first(db_path):
    store = HistoryStore.open(db_path)
    chat, _prompt = asked(store, "", (photo(), report()))
    assert store.conversation(chat).title == "holiday.jpg"
    assert [m.parts for m in store.messages(chat)] == [(photo(), report())]
    other, _prompt = asked(store, "What is this?", (photo(),))
    assert store.conversation(other).title == "What is this?"


def test_the_attachments_go_with_their_message(db_path):
    """Edit and resend deletes from a message on; deleting a chat deletes all: their rows and their index go."""
    store = HistoryStore.open(db_path)
    chat, first = asked(store, "first", (report(),))
    second = store.add_message(chat, "user", "second", MessageState.DONE, "", (table(),))
    store.delete_from(chat, second)
    assert [m.parts for m in store.messages(chat)] == [(report(),)]
    assert [hit.message_id for hit in store.search("north")] == []
    store.delete(chat)
    assert store._db.execute("SELECT COUNT(*) FROM attachments").fetchone()[0] == 0
    assert store.search("quarterly") == []
    store._db.execute("INSERT INTO attachments_fts(attachments_fts) VALUES ('integrity-check')")


def test_search_finds_the_text_and_the_name_of_an_attachment(db_path):
    store = HistoryStore.open(db_path)
    chat, prompt = asked(store, "Please look at this", (report(), photo()))
    later = store.add_message(chat, "user", "revenue in my own words", MessageState.DONE, "", (report(),))
    hits = store.search("revenue nordics")  # both words in the document, not in the message
    assert [(hit.message_id, hit.attachment) for hit in hits] == [(later, "report.pdf"), (prompt, "report.pdf")]
    assert "\x02revenue\x03" in hits[0].snippet and "\x02Nordics\x03" in hits[0].snippet
    own = store.search("revenue")  # in the later message's own text and in its document: one hit, its own text
    assert [(hit.message_id, hit.attachment) for hit in own] == [(later, ""), (prompt, "report.pdf")]
    assert [(hit.message_id, hit.attachment, hit.snippet) for hit in store.search("holiday")] == [
        (prompt, "holiday.jpg", "")]  # a picture is found by its name
    assert [hit.message_id for hit in store.search("by figures")] == [later, prompt]  # a short word filters
    assert store.search("by zebra") == []


def test_rows_another_program_wrote_are_read_with_bad_values_replaced(db_path):
    store = HistoryStore.open(db_path)
    chat, prompt = asked(store, "look", (report(),))
    store._db.execute("INSERT INTO attachments(message_id, position, kind, name, mime, size, text, data, width) "
                      "VALUES (?, 1, 'voice', 'memo.ogg', 'audio/ogg', 1, '', x'00', 0)", (prompt,))  # a newer kind
    store._db.execute("INSERT INTO attachments(message_id, position, kind, name, mime, size, text, data, width, pages) "
                      "VALUES (?, 2, 'picture', '../../etc/x.png', x'ff', 'big', 7, 'text, not bytes', -5, 2.5)",
                      (prompt,))
    parts = store.messages(chat)[0].parts
    assert parts[0] == report()
    assert parts[1] == Attachment(AttachmentKind.PICTURE, "x.png", "\ufffd", 0, text="7", data=b"", width=0, pages=0)
    assert len(parts) == 2


def test_a_damaged_history_is_salvaged_with_the_attachments_of_its_messages(db_path):
    store = HistoryStore.open(db_path)
    chat = store.create_conversation()
    for number in range(300):
        store.add_message(chat, "user", f"message {number} " + "x" * 200)
    prompt = store.add_message(chat, "user", "with files", MessageState.DONE, "", (report(), photo()))
    store._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    data = bytearray(db_path.read_bytes())
    offset = data.find(b"message 100 x") // 4096 * 4096  # a page of questions: the attachments are elsewhere
    for index in range(offset, offset + 64):
        data[index] ^= 0xA5
    db_path.write_bytes(bytes(data))

    fresh = HistoryStore.open(db_path, verify=True)
    assert fresh.moved_aside is not None and fresh.salvaged < 301
    saved = {m.id: m for m in fresh.messages(chat)}
    assert saved[prompt].parts == (report(), photo())
    assert [hit.attachment for hit in fresh.search("quarterly")] == ["report.pdf"]  # indexed again
    assert fresh._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _step_of_attachments() -> history_schema.UserVersion:
    return next(step for step, function in history_schema.MIGRATIONS if function is history_schema._add_attachments)


def test_a_file_of_the_step_before_upgrades_and_the_build_before_keeps_it_sound(db_path, monkeypatch):
    """Additive: a file of the step before upgrades with a backup; the step before's schema leaves the new
    table alone, and what that build writes (deleting from a message on, deleting a chat) takes the
    attachments along, their index too (the triggers and the foreign key are in the file)."""
    step = _step_of_attachments()
    assert step <= SCHEMA_VERSION and step.major == SCHEMA_VERSION.major == 1  # a minor step of major 1
    before = [(version, function) for version, function in history_schema.MIGRATIONS if version < step]
    with monkeypatch.context() as older:
        older.setattr(history_schema, "MIGRATIONS", before)
        older.setattr(history_schema, "SCHEMA_VERSION", before[-1][0])
        HistoryStore.open(db_path).close()  # the file as the build before makes it
    # what that build writes (as it writes it: it knows none of the later columns)
    connection = sqlite3.connect(db_path)
    old_chat = connection.execute("INSERT INTO conversations(title, created, updated) VALUES ('', 1, 1)").lastrowid
    connection.execute("INSERT INTO messages(conversation_id, role, content, state, created) "
                       "VALUES (?, 'user', 'from before', 'done', 1)", (old_chat,))
    connection.commit()
    connection.close()
    store = HistoryStore.open(db_path)  # upgraded
    assert db_path.with_name(f"{db_path.name}.before-v{SCHEMA_VERSION}").exists()
    assert [(m.content, m.parts) for m in store.messages(old_chat)] == [("from before", ())]
    chat, prompt = asked(store, "with a file", (report(),))
    kept, _kept_prompt = asked(store, "kept", (table(),))
    store.close()

    # What the build before runs on it, as it runs it: it knows nothing of attachments.
    connection = sqlite3.connect(db_path)
    connection.execute("PRAGMA foreign_keys = ON")
    assert connection.execute("SELECT content FROM messages WHERE id = ?", (prompt,)).fetchone() == ("with a file",)
    connection.execute("DELETE FROM messages WHERE conversation_id = ? AND id >= ?", (chat, prompt))
    connection.commit()
    connection.close()
    store = HistoryStore.open(db_path)
    assert store.search("quarterly") == [] and [hit.attachment for hit in store.search("north")] == ["sales.xlsx"]
    assert store.messages(kept)[0].parts == (table(),)
    store._db.execute("INSERT INTO attachments_fts(attachments_fts) VALUES ('integrity-check')")


def test_a_hit_deep_in_a_long_document_has_its_words_in_the_snippet(db_path):
    store = HistoryStore.open(db_path)
    long_text = "Filler words about nothing in particular. " * 50_000 + "The Kilimanjaro expedition budget. " + "tail " * 99
    _chat, prompt = asked(store, "the long one", (report(long_text),))
    (hit,) = store.search("KILIMANJARO budget")
    assert hit.message_id == prompt and hit.attachment == "report.pdf"
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
    assert "\x02Kilimanjaro\x03 expedition \x02budget\x03" in hit.snippet
