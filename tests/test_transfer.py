"""Export and import (core): this app's JSON round trip, ChatGPT's export, malformed files import nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from genai_desktop.core.history import HistoryError, HistoryStore
from genai_desktop.core.transfer import (
    ImportProblem, TransferConversation, TransferMessage, parse_import, to_json, to_markdown,
)

CHATGPT_EXPORT = Path(__file__).parent / "data" / "chatgpt_conversations.json"


def sample() -> TransferConversation:
    return TransferConversation("Plan", (
        TransferMessage("system", "Be brief."),
        TransferMessage("user", "Show ![x](https://evil.example/p.png) please"),
        TransferMessage("assistant", "```py\nprint(1)\n```", model="m1"),
    ), created=10.0, updated=20.0)


def test_markdown_export():
    text = to_markdown(sample())
    assert text.startswith("# Plan\n") and "## You" in text and "## Assistant (m1)" in text
    assert "Be brief." not in text and "```py\nprint(1)\n```" in text
    assert "![x](https://evil.example/p.png)" in text  # kept as written, never fetched
    assert to_markdown(TransferConversation("", ()), "Sie", "Assistent", "Neuer Chat").startswith("# Neuer Chat\n")


def test_app_json_round_trip_into_the_store(tmp_path):
    data = to_json([sample(), sample()]).encode()
    parsed = parse_import(data)
    assert parsed == [sample(), sample()]
    store = HistoryStore.open(tmp_path / "h.sqlite3")
    ids = store.import_conversations(parsed)
    assert [m.content for m in store.messages(ids[0])][1:] == [m.content for m in sample().messages][1:]
    assert store.search("print")


def test_chatgpt_export_follows_the_visible_thread():
    conversations = parse_import(CHATGPT_EXPORT.read_bytes())
    assert [c.title for c in conversations] == ["Brot backen", "Second"]
    first = conversations[0]
    assert [(m.role, m.content) for m in first.messages] == [
        ("user", "Wie backe ich Sauerteigbrot?"), ("assistant", "Sie brauchen **Mehl**, Wasser und Zeit."),
        ("user", "Und wie lange?"), ("assistant", "Etwa 12 bis 18 Stunden.")]
    assert first.messages[1].model == "gpt-4o" and first.created == 1717000000.5


def chatgpt_node(node_id: str, parent: str | None, children: list, message) -> dict:
    return {"id": node_id, "parent": parent, "children": children, "message": message}


def test_chatgpt_export_keeps_the_text_of_messages_with_pictures_and_skips_odd_ones():
    picture = {"content_type": "image_asset_pointer", "asset_pointer": "file-service://file-abc", "width": 10}
    mapping = {
        "root": chatgpt_node("root", None, ["a"], None),
        "a": chatgpt_node("a", "root", ["b"], {"author": {"role": "user"}, "create_time": 5.0, "content": {
            "content_type": "multimodal_text", "parts": [picture, "What is in this picture?"]}}),
        "b": chatgpt_node("b", "a", ["c"], {"author": "assistant", "content": {"content_type": "text",
                                                                               "parts": ["odd author"]}}),
        "c": chatgpt_node("c", "b", [], {"author": {"role": "assistant"}, "metadata": None, "content": {
            "content_type": "text", "parts": ["A bread roll."]}}),
    }
    parsed = parse_import(json.dumps([{"title": "Pictures", "mapping": mapping}]).encode())  # no current_node
    assert [(m.role, m.content) for m in parsed[0].messages] == [
        ("user", "What is in this picture?"), ("assistant", "A bread roll.")]


@pytest.mark.parametrize("content", [
    b"\xff\xfe not utf-8", b"{not json", b"[]x", b'{"format": "genai-desktop", "version": 99, "conversations": []}',
    b'{"format": "genai-desktop", "version": 1, "conversations": [{"title": "a", "messages": [{"role": "robot"}]}]}',
    b'[{"title": "t", "mapping": {"a": {"parent": "b"}, "b": {"parent": "a"}}, "current_node": "a"}]',
    b'[{"title": "t", "mapping": {"a": {"parent": null, "children": ["b"]}, "b": "not a node"}}]',
    b'[{"title": "t", "mapping": {"a": {"parent": null, "children": ["a"]}}, "current_node": ["a"]}]',
    b'{"something": "else"}',
])
def test_malformed_files_are_refused(content):
    with pytest.raises(ImportProblem):
        parse_import(content)


def test_a_failing_import_stores_nothing(tmp_path):
    store = HistoryStore.open(tmp_path / "h.sqlite3")
    store.add_message(store.create_conversation("kept"), "user", "existing")
    good = sample()
    bad = TransferConversation("bad", (TransferMessage("robot", "invalid role"),))  # violates the CHECK constraint
    with pytest.raises(HistoryError) as caught:  # a plain error the controller reports, not a crash
        store.import_conversations([good, bad])
    assert "CHECK constraint failed" in caught.value.detail
    assert [c.title for c in store.conversations()] == ["kept"]
    assert json.loads(to_json([])) == {"format": "genai-desktop", "version": 1, "conversations": []}
