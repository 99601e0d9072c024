"""Attachments in the JSON export (pictures as base64) and import (checked like every import), named in
the Markdown export (issue 12, point 6)."""

from __future__ import annotations

import base64
import json

import pytest

from genai_desktop.core.attachments import PICTURE_MAX_BYTES, PICTURE_MAX_SIDE, Attachment, AttachmentKind
from genai_desktop.core.history import HistoryStore, import_into_file
from genai_desktop.core.transfer import (ImportProblem, TransferConversation, TransferMessage, parse_import,
                                         to_json, to_markdown)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00picture bytes\xff" * 10


def document(name: str = "notes.md") -> Attachment:
    return Attachment(AttachmentKind.DOCUMENT, name, "text/markdown", 120, text="# Notes\n\nThe budget is 40 k€.",
                      source="/home/someone/private/notes.md", source_stamp=(120, 5))


def picture() -> Attachment:
    return Attachment(AttachmentKind.PICTURE, "screenshot.png", "image/png", len(PNG), data=PNG, width=800,
                      height=600)


def sheet() -> Attachment:
    return Attachment(AttachmentKind.DOCUMENT, "big.csv", "text/csv", 9_999, text="| a |\n|---|\n| 1 |",
                      rows_shown=1000, rows_total=1_000_000)


def chat_with(*parts: Attachment) -> TransferConversation:
    return TransferConversation("With files", (TransferMessage("user", "Look at these", created=1.0, parts=parts),
                                               TransferMessage("assistant", "Seen.", "m", 2.0)), 1.0, 2.0)


def exported(*parts: Attachment) -> dict:
    return json.loads(to_json([chat_with(*parts)]))


def test_json_export_carries_the_attachments_and_the_import_reads_them_back():
    text = to_json([chat_with(document(), picture(), sheet())])
    stored = json.loads(text)["conversations"][0]["messages"][0]["attachments"]
    assert stored[1]["data"] == base64.b64encode(PNG).decode("ascii") and "text" not in stored[1]
    assert stored[0]["text"] == "# Notes\n\nThe budget is 40 k€." and "data" not in stored[0]
    assert stored[2]["rows_shown"] == 1000 and stored[2]["rows_total"] == 1_000_000
    assert "/home/someone" not in text and "source" not in text  # where a file was read from never goes along
    (imported,) = parse_import(text.encode("utf-8"))
    assert imported.messages[0].parts == (document(), picture(), sheet())
    assert imported.messages[1].parts == ()
    assert "attachments" not in json.loads(text)["conversations"][0]["messages"][1]  # none: no key (older builds)


def test_an_imported_chat_is_stored_with_its_attachments(tmp_path):
    path = tmp_path / "history.sqlite3"
    HistoryStore.open(path).close()
    (chat,) = import_into_file(path, parse_import(to_json([chat_with(document(), picture())]).encode("utf-8")))
    store = HistoryStore.open(path)
    assert [m.parts for m in store.messages(chat)] == [(document(), picture()), ()]
    assert [hit.attachment for hit in store.search("budget")] == ["notes.md"]
    store.close()


def test_a_name_with_folders_is_imported_as_its_base_name():
    document_with_path = exported(document())
    attachment = document_with_path["conversations"][0]["messages"][0]["attachments"][0]
    for name, expected in (("C:\\Users\\someone\\notes.md", "notes.md"), ("../../.ssh/id_rsa", "id_rsa"),
                           ("/etc/passwd", "passwd"), ("tab\there.txt", "tab here.txt")):
        attachment["name"] = name
        (imported,) = parse_import(json.dumps(document_with_path).encode("utf-8"))
        assert imported.messages[0].parts[0].name == expected


def _altered(change) -> bytes:
    document_json = exported(document(), picture())
    change(document_json["conversations"][0]["messages"][0]["attachments"])
    return json.dumps(document_json).encode("utf-8")


def _set(index: int, key: str, value):
    return lambda attachments: attachments[index].__setitem__(key, value)


@pytest.mark.parametrize("change, why", [
    (_set(0, "kind", "voice"), "kind"),
    (_set(1, "data", "not base64 at all!"), "not base64"),
    (_set(1, "data", base64.b64encode(b"GIF89a" + PNG).decode()), "not a picture of type image/png"),
    (_set(1, "mime", "image/svg+xml"), "a picture is one of"),  # never a type that can hold script
    (_set(1, "data", "A" * ((PICTURE_MAX_BYTES + 2) // 3 * 4 + 4)), "at most"),
    (_set(1, "width", PICTURE_MAX_SIDE + 1), "width"),
    (_set(1, "height", -1), "height"),
    (_set(1, "size", 10**12), "size"),
    (_set(1, "size", True), "size"),
    (_set(1, "text", "a picture with text"), "text"),
    (_set(0, "data", base64.b64encode(PNG).decode()), "a document is sent as text"),
    (_set(0, "text", 5), "text"),
    (_set(0, "name", "x" * 300), "name"),
    (_set(0, "rows_shown", 10), "rows_shown"),
    (lambda attachments: attachments.append("a string"), "an object"),
    (lambda attachments: attachments.clear() or attachments.append({"kind": "document"}), "name"),
])
def test_an_import_with_a_malformed_attachment_is_refused_whole(change, why):
    with pytest.raises(ImportProblem, match="message 1: attachment") as refused:
        parse_import(_altered(change))
    assert why in str(refused.value)


def test_attachments_that_are_not_a_list_are_refused():
    document_json = exported(document())
    document_json["conversations"][0]["messages"][0]["attachments"] = {"kind": "document"}
    with pytest.raises(ImportProblem, match="a list"):
        parse_import(json.dumps(document_json).encode("utf-8"))


def test_the_markdown_export_names_the_attachments_as_plain_text():
    hostile = Attachment(AttachmentKind.DOCUMENT, "[click](https://attacker.example)*<b>&amp;_x_ (2).md",
                         "text/markdown", 3, text="secret words")
    markdown = to_markdown(chat_with(document(), picture(), hostile), attached="Angehängt: %1")
    assert ("Look at these\n\nAngehängt: notes.md, screenshot.png, "
            "\\[click\\](https://attacker.example)\\*\\<b\\>\\&amp;\\_x\\_ (2).md\n") in markdown
    assert "secret words" not in markdown and "budget" not in markdown  # named, not copied
    assert "Attached" not in to_markdown(chat_with())
