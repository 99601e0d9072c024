"""The SQLite history store: durability, damage, versions, search (core only, no window)."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from genai_desktop.core import history, history_rows, history_schema
from genai_desktop.core.errors import ErrorKind
from genai_desktop.core.history import HistoryError, HistoryProblem, HistoryStore, MessageState
from genai_desktop.core.history_schema import SCHEMA_VERSION, UserVersion
from genai_desktop.core.history_search import plain_text, snippet
from genai_desktop.core.records import HIT_END, HIT_START
from old_history import write_old_history

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "data" / "history.sqlite3"


def test_conversations_messages_titles_and_order(db_path):
    store = HistoryStore.open(db_path)
    first = store.create_conversation()
    store.add_message(first, "user", "  How do I   bake bread?\nQuickly.")
    second = store.create_conversation()
    store.add_message(second, "user", "Second chat")
    answer = store.add_message(second, "assistant", "", MessageState.STREAMING, model="m")
    store.finish(answer, "Here you go.", MessageState.DONE, prompt_tokens=5, completion_tokens=3)
    assert [c.id for c in store.conversations()] == [second, first]
    assert store.conversations()[1].title == "How do I bake bread? Quickly."
    messages = store.messages(second)
    assert [(m.role, m.content, m.state, m.completion_tokens) for m in messages] == [
        ("user", "Second chat", MessageState.DONE, None), ("assistant", "Here you go.", MessageState.DONE, 3)]
    store.rename(first, "Bread")
    store.set_draft(first, "unsent words")
    reopened = HistoryStore.open(db_path)
    assert {c.id: (c.title, c.draft) for c in reopened.conversations()}[first] == ("Bread", "unsent words")
    reopened.delete(second)
    assert reopened.messages(second) == [] and [c.id for c in reopened.conversations()] == [first]


def test_a_journal_of_a_finished_answer_is_dropped_at_start(db_path):
    """A crash while a new version of an answer streams: the stored answer stays, its journal goes."""
    store = HistoryStore.open(db_path)
    chat = store.create_conversation()
    answer = store.add_message(chat, "assistant", "", MessageState.STREAMING)
    store.finish(answer, "The complete first version.", MessageState.DONE, model="model-1")
    store.journal(answer, "Half of a new")
    assert [(m.content, m.model) for m in store.messages(chat)] == [("The complete first version.", "model-1")]
    store.close()
    reopened = HistoryStore.open(db_path)
    assert reopened.mark_interrupted() == 0
    assert [(m.content, m.state) for m in reopened.messages(chat)] == [
        ("The complete first version.", MessageState.DONE)]
    assert reopened._db.execute("SELECT COUNT(*) FROM journal").fetchone()[0] == 0


def test_files_are_user_only_from_creation(db_path):
    store = HistoryStore.open(db_path)
    store.add_message(store.create_conversation(), "user", "x")
    assert stat.S_IMODE(db_path.parent.stat().st_mode) == 0o700
    for path in db_path.parent.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_search_finds_words_with_snippets(db_path):
    store = HistoryStore.open(db_path)
    chat = store.create_conversation()
    store.add_message(chat, "user", "Tell me about sourdough starters please")
    hit_id = store.add_message(chat, "assistant", "A sourdough starter is flour and water, fermented.")
    other = store.create_conversation()
    store.add_message(other, "user", "Something else entirely")
    hits = store.search("fermented")
    assert [(h.conversation_id, h.message_id) for h in hits] == [(chat, hit_id)]
    assert f"{HIT_START}fermented{HIT_END}" in hits[0].snippet
    assert {h.message_id for h in store.search("sourd")} == {hit_id, hit_id - 1}  # a part of a word
    assert store.search('"quoted" AND OR (') == []  # user text is never FTS syntax
    message = store.add_message(other, "assistant", "", MessageState.STREAMING)
    store.journal(message, "journaled zebra text")
    assert store.search("zebra") == []  # a streaming answer is indexed once, when it ends
    assert store.messages(other)[-1].content == "journaled zebra text"
    store.finish(message, "journaled zebra text, finished", MessageState.DONE)
    assert [h.message_id for h in store.search("zebra")] == [message]


def test_search_finds_parts_of_words_in_any_case(db_path):
    """German compounds: "tabelle" finds "Vergleichstabelle" (the word index before found prefixes only)."""
    store = HistoryStore.open(db_path)
    chat = store.create_conversation()
    compound = store.add_message(chat, "user", "Mach mir eine Vergleichstabelle der Anbieter")
    umlaut = store.add_message(chat, "assistant", "Der Änderungsantrag liegt bei der KI-Abteilung.")
    store.add_message(chat, "user", "Rabatt: 50% auf snake_case")
    assert [h.message_id for h in store.search("tabelle")] == [compound]
    assert [h.message_id for h in store.search("VERGLEICHS")] == [compound]
    assert [h.message_id for h in store.search("änderung")] == [umlaut]
    assert [h.message_id for h in store.search("abteilung antrag")] == [umlaut]  # every word, in any order
    assert store.search("tabelle antrag") == []
    # Shorter than three characters: no trigram. Next to a longer word it filters that word's hits.
    assert [h.message_id for h in store.search("KI antrag")] == [umlaut]
    assert store.search("KI tabelle") == []
    assert store.search("ki") == []  # alone, only titles are searched (a scan of every message is too slow)
    store.rename(chat, "KI-Vergleich")
    literal_chat = store.create_conversation("Rabatt: 50% auf snake_case")
    literal_first = store.add_message(literal_chat, "user", "Was kostet das?")
    assert [(h.conversation_id, h.message_id) for h in store.search("ki")] == [(chat, compound)]  # its first message
    assert [h.message_id for h in store.search("0%")] == [literal_first]  # LIKE's wildcards are plain characters
    assert [h.message_id for h in store.search("e_")] == [literal_first]
    assert [h.message_id for h in store.search("%")] == [literal_first] and store.search("#") == []
    assert [h.conversation_id for h in store.search("e")] == [literal_chat, chat]  # newest first
    assert f"Vergleichs{HIT_START}tabelle{HIT_END}" in store.search("tabelle")[0].snippet


MARKDOWN_ANSWER = """## Vergleich der Anbieter

Hier ist die **Vergleichstabelle** mit `Preisen` und einem [Link](https://example.com/x):

| Anbieter | Preis pro Monat |
|:---------|----------------:|
| Alpha    | 10 €            |
| *Beta*   | 12 €            |

```python
print("Tabelle fertig")
```

> Hinweis: ~~alt~~ neu, siehe <https://example.org>.
"""


def test_search_snippets_are_plain_text_without_markdown(db_path):
    store = HistoryStore.open(db_path)
    chat = store.create_conversation()
    store.add_message(chat, "assistant", MARKDOWN_ANSWER)
    store.add_message(chat, "assistant", "# Titel\n\n" + "Viel Text davor. " * 40 + "Die **Tabelle** steht hier. "
                      + "Und danach noch mehr. " * 40)
    hits = store.search("tabelle")
    assert len(hits) == 2
    for hit in hits:
        shown = hit.snippet.replace(HIT_START, "").replace(HIT_END, "")
        for syntax in ("|", "##", "```", "**", "`", "](", "~~", "---", "<http", "\n"):
            assert syntax not in shown, (syntax, shown)
        assert f"{HIT_START}Tabelle{HIT_END}" in hit.snippet or f"{HIT_START}tabelle{HIT_END}" in hit.snippet
    long_hit, table_hit = hits
    shown = long_hit.snippet.replace(HIT_START, "").replace(HIT_END, "")
    assert shown.startswith("…") and shown.endswith("…") and len(shown) <= 130 and "Die Tabelle steht hier." in shown
    assert "Hier ist die Vergleichstabelle mit Preisen und einem Link: Anbieter · Preis pro Monat" in (
        table_hit.snippet.replace(HIT_START, "").replace(HIT_END, ""))
    assert plain_text(MARKDOWN_ANSWER) == (
        "Vergleich der Anbieter Hier ist die Vergleichstabelle mit Preisen und einem Link: Anbieter · Preis pro Monat "
        "Alpha · 10 € Beta · 12 € print(\"Tabelle fertig\") Hinweis: alt neu, siehe https://example.org.")
    assert plain_text("snake_case und __init__ und 2 * 3 * 4") == "snake_case und init und 2 * 3 * 4"
    assert snippet("kein Treffer hier", ["zzz"]) == "kein Treffer hier"


def test_the_kind_of_error_is_stored_with_a_failed_answer(db_path):
    store = HistoryStore.open(db_path)
    chat = store.create_conversation()
    cut = store.add_message(chat, "assistant", "", MessageState.STREAMING)
    store.finish(cut, "Half an ans", MessageState.FAILED, None, None, "m", ErrorKind.STREAM_CUT)
    old_call = store.add_message(chat, "assistant", "", MessageState.STREAMING)
    store.finish(old_call, "fine", MessageState.DONE, 3, 4, "m")  # the call without the kind still works
    limited = store.add_message(chat, "assistant", "", MessageState.STREAMING)
    store.finish(limited, "", MessageState.FAILED, error_kind=ErrorKind.RATE_LIMIT)
    store.close()
    store = HistoryStore.open(db_path)
    assert [(m.state, m.error_kind) for m in store.messages(chat)] == [
        (MessageState.FAILED, ErrorKind.STREAM_CUT), (MessageState.DONE, None), (MessageState.FAILED, ErrorKind.RATE_LIMIT)]
    store.finish(limited, "worked on a retry", MessageState.DONE)  # a new version that worked: no kind any more
    assert store.messages(chat)[-1].error_kind is None
    store._db.execute("UPDATE messages SET error_kind = 'a_kind_of_a_newer_build' WHERE id = ?", (cut,))
    assert store.messages(chat)[0].error_kind is None  # unknown: said as a generic failure


def test_read_only_opening_works_for_any_folder_name(tmp_path):
    path = tmp_path / "Daten 50% #1?x=y" / "history.sqlite3"  # characters a file: URI must escape
    store = HistoryStore.open(path)
    store.add_message(store.create_conversation(), "user", "kept")
    store.close()
    assert history.check_file(path)
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA user_version = 99")
    with pytest.raises(HistoryError) as caught:
        HistoryStore.open(path)
    assert caught.value.problem is HistoryProblem.NEWER_SCHEMA
    assert history_schema.read_only_uri(Path("/srv/a b")) == "file:///srv/a%20b?mode=ro"


def test_newer_schema_is_refused_and_left_untouched(db_path):
    HistoryStore.open(db_path).close()
    with sqlite3.connect(db_path) as connection:
        connection.execute("PRAGMA user_version = 99")
    before = db_path.read_bytes()
    with pytest.raises(HistoryError) as caught:
        HistoryStore.open(db_path)
    assert caught.value.problem is HistoryProblem.NEWER_SCHEMA
    assert db_path.read_bytes() == before


NEWER_APP_KILLED = textwrap.dedent("""
    import os, sqlite3, sys
    connection = sqlite3.connect(sys.argv[1], isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("CREATE TABLE IF NOT EXISTS future(x)")
    connection.execute("INSERT INTO future VALUES ('written by a newer version')")
    connection.execute("PRAGMA user_version = 99")
    os._exit(0)  # killed: the -wal file stays, not yet checkpointed into the database
""")


def test_newer_schema_with_a_pending_wal_is_left_untouched(db_path):
    HistoryStore.open(db_path).close()
    subprocess.run([sys.executable, "-c", NEWER_APP_KILLED, str(db_path)], check=True, timeout=60)
    wal = db_path.with_name(db_path.name + "-wal")
    before = (db_path.read_bytes(), wal.read_bytes())
    assert before[1]  # the newer version's writes are in the -wal file only
    with pytest.raises(HistoryError) as caught:
        HistoryStore.open(db_path)
    assert caught.value.problem is HistoryProblem.NEWER_SCHEMA
    assert (db_path.read_bytes(), wal.read_bytes()) == before


def with_a_next_step(monkeypatch, script: str) -> UserVersion:
    """The schema as if this build had one more (additive) step: script."""
    current = history_schema.SCHEMA_VERSION
    step = UserVersion(current.major, current.minor + 1)
    monkeypatch.setattr(history_schema, "MIGRATIONS",
                        [*history_schema.MIGRATIONS, (step, lambda db: history_schema._run(db, script))])
    monkeypatch.setattr(history_schema, "SCHEMA_VERSION", step)
    return step


def test_migration_backs_up_first_and_keeps_data(db_path, monkeypatch):
    store = HistoryStore.open(db_path)
    chat = store.create_conversation()
    store.add_message(chat, "user", "keep me")
    store.close()
    step = with_a_next_step(monkeypatch, "ALTER TABLE conversations ADD COLUMN pinned INTEGER DEFAULT 0;")
    migrated = HistoryStore.open(db_path)
    assert migrated.messages(chat)[0].content == "keep me"
    assert migrated._db.execute("PRAGMA user_version").fetchone()[0] == step.to_int()
    backup = db_path.with_name(f"history.sqlite3.before-v{step}")
    with sqlite3.connect(backup) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION.to_int()
        assert connection.execute("SELECT content FROM messages").fetchone()[0] == "keep me"


def test_a_version_1_history_is_migrated_to_the_current_schema(db_path):
    """A history written by the first release (schema 1) opens, keeps its chats and gets the new index."""
    connection = write_old_history(db_path, 1)
    connection.execute("INSERT INTO conversations(id, title, created, updated) VALUES (1, 'old chat', 0, 0)")
    connection.execute("INSERT INTO messages(conversation_id, role, content, state, created) "
                       "VALUES (1, 'assistant', 'cut', 'streaming', 0)")
    connection.commit()
    connection.close()
    store = HistoryStore.open(db_path)
    assert store._db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION.to_int()
    assert store.mark_interrupted() == 1 and store.conversations()[0].title == "old chat"
    plan = " ".join(row[-1] for row in store._db.execute(
        "EXPLAIN QUERY PLAN UPDATE messages SET state = 'interrupted' WHERE state = 'streaming'"))
    assert "messages_streaming" in plan  # start-up does not scan every message
    store.close()
    assert db_path.with_name(f"history.sqlite3.before-v{SCHEMA_VERSION}").exists()


def test_a_history_of_the_release_before_opens_migrated_with_its_chats_found_by_parts_of_words(db_path):
    """Schema 2, the plain version number before major.minor: every chat, message, draft and journaled
    answer is kept, the index is rebuilt for substrings, the new column is there, the old file backed up."""
    connection = write_old_history(db_path, 2)
    connection.execute("INSERT INTO conversations(id, title, created, updated, draft) "
                       "VALUES (1, 'Preise', 10, 20, 'noch nicht gesendet')")
    connection.executemany("INSERT INTO messages(id, conversation_id, role, content, state, model, prompt_tokens, "
                           "completion_tokens, created) VALUES (?, 1, ?, ?, ?, 'm', ?, ?, 11)", [
                               (1, "user", "Bitte eine Vergleichstabelle der Preise", "done", None, None),
                               (2, "assistant", "| Modell | Preis |\n|---|---|\n| a | 1 |", "done", 12, 30),
                               (3, "assistant", "", "streaming", None, None)])
    connection.execute("INSERT INTO journal(message_id, content) VALUES (3, 'halb angekommen')")
    connection.commit()
    connection.close()

    store = HistoryStore.open(db_path)
    assert store._db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION.to_int()
    assert [(c.title, c.draft, c.updated) for c in store.conversations()] == [("Preise", "noch nicht gesendet", 20.0)]
    assert store.mark_interrupted() == 1
    assert [(m.role, m.content, m.state, m.completion_tokens, m.error_kind) for m in store.messages(1)] == [
        ("user", "Bitte eine Vergleichstabelle der Preise", MessageState.DONE, None, None),
        ("assistant", "| Modell | Preis |\n|---|---|\n| a | 1 |", MessageState.DONE, 30, None),
        ("assistant", "halb angekommen", MessageState.INTERRUPTED, None, None)]
    assert [hit.message_id for hit in store.search("tabelle")] == [1]  # the old index found "Vergleichs…" only
    assert [hit.message_id for hit in store.search("odel")] == [2]
    assert store._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store.close()
    with sqlite3.connect(db_path.with_name(f"history.sqlite3.before-v{SCHEMA_VERSION}")) as backup:
        assert backup.execute("PRAGMA user_version").fetchone()[0] == 2
        assert backup.execute("SELECT COUNT(*) FROM messages").fetchone()[0] == 3


def test_a_history_from_before_the_chat_model_keeps_its_chats_with_no_model_of_their_own(db_path):
    """The step that gives a chat its model is additive: a file of the version before it upgrades with every
    chat kept and its model empty (the default's), and a build of that version still reads and writes the
    upgraded file with its own statements."""
    step = next(index for index, (_version, function) in enumerate(history_schema.MIGRATIONS)
                if function is history_schema._add_conversation_model)
    before = history_schema.MIGRATIONS[step - 1][0]
    db_path.parent.mkdir(parents=True)
    with sqlite3.connect(db_path, isolation_level=None) as connection:
        for _version, function in history_schema.MIGRATIONS[:step]:
            function(connection)
        connection.execute(f"PRAGMA user_version = {before.to_int()}")
        connection.execute("INSERT INTO conversations(id, title, created, updated, draft) VALUES (1, 'old', 1, 2, 'd')")
        connection.execute("INSERT INTO messages(conversation_id, role, content, model, created) "
                           "VALUES (1, 'assistant', 'an answer', 'gpt-old', 1)")
    connection.close()
    store = HistoryStore.open(db_path)
    assert [(chat.title, chat.draft, chat.model) for chat in store.conversations()] == [("old", "d", "")]
    assert store.messages(1)[0].model == "gpt-old"  # each answer keeps the model that wrote it
    store.set_model(1, "gpt-new")
    assert store.conversation(1).model == "gpt-new"
    assert store.conversation(store.create_conversation(model="picked")).model == "picked"
    store.close()
    with sqlite3.connect(db_path) as older_build:  # its statements name the columns it knows
        older_build.execute("INSERT INTO conversations(title, created, updated) VALUES ('from 1.1', 3, 3)")
        assert older_build.execute("SELECT id, title, updated, draft, created FROM conversations WHERE id != 2 "
                                   "ORDER BY id").fetchall() == [(1, "old", 2, "d", 1), (3, "from 1.1", 3, "", 3)]
    older_build.close()
    assert HistoryStore.open(db_path).conversation(3).model == ""


def test_a_file_with_a_higher_minor_opens_as_it_is(db_path):
    """A newer build added a column and a table (a minor step): this build uses the file, writes into it
    and leaves the newer version, the new column's values and the new table as they were."""
    HistoryStore.open(db_path).close()
    newer = UserVersion(SCHEMA_VERSION.major, SCHEMA_VERSION.minor + 1)
    with sqlite3.connect(db_path) as connection:
        connection.execute("ALTER TABLE messages ADD COLUMN voice_note_count INTEGER NOT NULL DEFAULT 0")
        connection.execute("CREATE TABLE voice_notes(id INTEGER PRIMARY KEY, message_id INTEGER, name TEXT)")
        connection.execute("INSERT INTO conversations(id, title, created, updated) VALUES (1, 'from the newer', 1, 1)")
        connection.execute("INSERT INTO messages(id, conversation_id, role, content, created, voice_note_count) "
                           "VALUES (1, 1, 'user', 'with a voice note', 1, 1)")
        connection.execute("INSERT INTO voice_notes VALUES (1, 1, 'memo.ogg')")
        connection.execute(f"PRAGMA user_version = {newer.to_int()}")
    store = HistoryStore.open(db_path)
    assert [m.content for m in store.messages(1)] == ["with a voice note"]
    answer = store.add_message(1, "assistant", "", MessageState.STREAMING)
    store.finish(answer, "a note about a Vergleichstabelle", MessageState.DONE)
    assert [hit.message_id for hit in store.search("tabelle")] == [answer]
    store.close()
    assert not list(db_path.parent.glob("*.before-v*"))  # nothing migrated
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == newer.to_int()  # not written down
        assert connection.execute("SELECT voice_note_count FROM messages ORDER BY id").fetchall() == [(1,), (0,)]
        assert connection.execute("SELECT name FROM voice_notes").fetchall() == [("memo.ogg",)]
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.parametrize("version", [UserVersion(SCHEMA_VERSION.major + 1, 0), UserVersion(0, 3),
                                     UserVersion.from_int(-1)], ids=["higher major", "0.3", "negative"])
def test_a_file_with_a_higher_major_is_refused_as_newer_and_left_untouched(db_path, version):
    HistoryStore.open(db_path).close()
    with sqlite3.connect(db_path) as connection:
        connection.execute(f"PRAGMA user_version = {version.to_int() if version.major < 0x8000 else -1}")
    before = db_path.read_bytes()
    with pytest.raises(HistoryError) as caught:
        HistoryStore.open(db_path)
    assert caught.value.problem is HistoryProblem.NEWER_SCHEMA
    assert db_path.read_bytes() == before and not list(db_path.parent.glob("*.before-v*"))


def test_user_version_holds_major_and_minor():
    assert UserVersion.from_int(UserVersion(1, 1).to_int()) == UserVersion(1, 1) and UserVersion(1, 1).to_int() == 65537
    assert UserVersion.from_int(2) == UserVersion(0, 2)  # the plain numbers before the split: 0.minor
    assert UserVersion(1, 0) > UserVersion(0, 9) > UserVersion(0, 2)
    assert [step for step, _migration in history_schema.MIGRATIONS] == sorted(
        step for step, _migration in history_schema.MIGRATIONS)


def test_failed_migration_changes_nothing(db_path, monkeypatch):
    HistoryStore.open(db_path).close()
    with_a_next_step(monkeypatch, "ALTER TABLE conversations ADD COLUMN a INTEGER;\nTHIS IS NOT SQL;")
    with pytest.raises(HistoryError) as caught:
        HistoryStore.open(db_path)
    assert caught.value.problem is HistoryProblem.UNREADABLE and "syntax error" in caught.value.detail
    assert not list(db_path.parent.glob("*.corrupt-*"))
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION.to_int()
        columns = [row[1] for row in connection.execute("PRAGMA table_info(conversations)")]
    assert "a" not in columns


@pytest.mark.parametrize("where", ["header", "page", "message page"])
def test_corrupt_database_is_moved_aside_and_replaced(db_path, where):
    store = HistoryStore.open(db_path)
    chat = store.create_conversation()
    for number in range(400):
        store.add_message(chat, "user", f"message {number} " + "x" * 200)
    store._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    data = bytearray(db_path.read_bytes())
    # The b-tree header and cell pointers of a page: the file's first, its sixth, or one holding messages.
    offset = {"header": 0, "page": 4096 * 5, "message page": data.find(b"message 200 x") // 4096 * 4096}[where]
    for index in range(offset, offset + 64):
        data[index] ^= 0xA5
    db_path.write_bytes(bytes(data))
    fresh = HistoryStore.open(db_path, verify=True)
    assert fresh.moved_aside is not None and fresh.moved_aside.exists()
    assert fresh.moved_aside.name.startswith("history.sqlite3.corrupt-")
    assert fresh.moved_aside.read_bytes() == bytes(data)
    assert fresh._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    if where == "header":  # nothing can be read without the header
        assert fresh.salvaged == 0 and fresh.conversations() == []
    else:  # one damaged page loses its own rows only; what is read back is exactly what was written
        recovered = [m.content for c in fresh.conversations() for m in fresh.messages(c.id)]
        assert 300 <= fresh.salvaged == len(recovered) <= 400
        if where == "message page":
            assert len(recovered) < 400 and not any(text.startswith("message 200 ") for text in recovered)
        assert all(text == f"message {text.split()[1]} " + "x" * 200 for text in recovered)
        assert [hit.message_id for hit in fresh.search("message")] != []  # indexed again
    fresh.add_message(fresh.create_conversation(), "user", "works again")


SALVAGE_CHILD = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from genai_desktop.core.history import HistoryStore
    store = HistoryStore.open(Path(sys.argv[1]), verify=True)
    print(json.dumps({"moved_aside": str(store.moved_aside), "salvaged": store.salvaged,
                      "chats": [[c.title, [[m.role, m.content, m.state.value, m.model, m.completion_tokens]
                                           for m in store.messages(c.id)]] for c in store.conversations()]}))
""")


def test_salvage_copes_with_garbled_rows_and_keys(db_path):
    """Values of the wrong type, an unknown state, a bad role and a key near the top of the range in a
    damaged file: what can be used is kept, the rest skipped, and the read ends quickly."""
    db_path.parent.mkdir(mode=0o700)
    damaged = sqlite3.connect(db_path)
    damaged.executescript("""
        CREATE TABLE conversations(id INTEGER PRIMARY KEY, title, created, updated, draft);
        CREATE TABLE messages(id INTEGER PRIMARY KEY, conversation_id, role, content, state, model, prompt_tokens,
                              completion_tokens, created);
        CREATE TABLE journal(message_id INTEGER PRIMARY KEY, content);
        CREATE TABLE filler(id INTEGER PRIMARY KEY, data);
        PRAGMA user_version = 2;
    """)
    damaged.execute("INSERT INTO conversations VALUES (1, NULL, 'yesterday', NULL, X'00')")
    damaged.executemany("INSERT INTO messages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", [
        (1, 1, "user", "kept question", "done", "m", None, None, 1.0),
        (2, 1, "assistant", b"\xff\xfe", "done", "m", None, None, 1.0),  # not text: skipped
        (3, 1, "assistant", "kept answer", "garbled", 5, "many", 7, "later"),
        (4, 1, "wizard", "unknown role", "done", "m", None, None, 1.0),  # refused by the CHECK
        (5, None, "user", "no chat", "done", "m", None, None, 1.0),  # skipped
        (2 ** 62, 1, "user", "far away", "done", "", None, None, 1.0),
    ])
    damaged.executemany("INSERT INTO filler VALUES (?, ?)", [(n, f"filler {n} " + "f" * 300) for n in range(300)])
    damaged.commit()
    damaged.close()
    data = bytearray(db_path.read_bytes())
    offset = data.find(b"filler 150 ") // 4096 * 4096
    for index in range(offset, offset + 64):
        data[index] ^= 0xA5
    db_path.write_bytes(bytes(data))

    result = subprocess.run([sys.executable, "-c", SALVAGE_CHILD, str(db_path)], cwd=REPO, capture_output=True,
                            text=True, timeout=60, env=dict(os.environ, PYTHONPATH=str(REPO)))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["moved_aside"] != "None" and report["salvaged"] == 3
    assert report["chats"] == [["", [["user", "kept question", "done", "m", None],
                                     ["assistant", "kept answer", "interrupted", "", 7],
                                     ["user", "far away", "done", "", None]]]]


def rows_table(path: Path, keys) -> None:
    table = sqlite3.connect(path)
    table.execute("PRAGMA page_size = 4096")
    table.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, content TEXT)")
    table.executemany("INSERT INTO t VALUES (?, ?)", [(key, "x" * 300) for key in keys])
    table.commit()
    table.close()


def readable_keys(path: Path, keys) -> set[int]:
    source = sqlite3.connect(path)
    readable = set()
    for key in keys:
        try:
            readable.update(row[0] for row in source.execute("SELECT id FROM t WHERE id = ?", (key,)))
        except sqlite3.DatabaseError:
            continue
    source.close()
    return readable


@pytest.mark.parametrize("keys, damaged_key", [(range(1, 5001), 1000), ([*range(1, 201), *range(20001, 23001)], 20101)],
                         ids=["one run of keys", "a gap of 20,000 keys before the damage"])
def test_reading_around_a_damaged_page_loses_only_its_rows(tmp_path, keys, damaged_key):
    path = tmp_path / "t.sqlite3"
    rows_table(path, keys)
    data = bytearray(path.read_bytes())
    page = next(at // 4096 for at, _size, key in leaf_cell_keys(data) if key == damaged_key)
    data[page * 4096:(page + 1) * 4096] = b"\xff" * 4096
    path.write_bytes(bytes(data))
    readable = readable_keys(path, keys)
    assert len(keys) - 20 < len(readable) < len(keys)
    source = sqlite3.connect(path)
    read = [row["id"] for row in history_rows.readable_rows(source, "SELECT id, content FROM t", "id")]
    assert sorted(read) == sorted(readable)  # every readable row, each once


def leaf_cell_keys(data: bytes):
    """(page offset, offset of the key's varint, key) of every cell on the table's leaf pages."""
    for base in range(4096, len(data), 4096):
        if data[base] != 0x0D:
            continue
        for cell in range(int.from_bytes(data[base + 3:base + 5], "big")):
            at = base + int.from_bytes(data[base + 8 + 2 * cell:base + 10 + 2 * cell], "big")
            while data[at] & 0x80:  # the payload size
                at += 1
            at += 1
            key, end = 0, at
            while True:
                key = key << 7 | data[end] & 0x7F
                end += 1
                if not data[end - 1] & 0x80:
                    break
            yield at, end - at, key


@pytest.mark.parametrize("garbled", [(1000, 500), (1000, 1), (2000, 2500)])
def test_reading_a_table_with_a_garbled_key_ends_and_yields_each_row_once(tmp_path, garbled):
    path = tmp_path / "t.sqlite3"
    rows_table(path, range(1, 3001))
    data = bytearray(path.read_bytes())
    target, new_key = garbled
    at = next(at for at, size, key in leaf_cell_keys(data) if key == target and size == 2)
    data[at:at + 2] = bytes([0x80 | new_key >> 7, new_key & 0x7F])  # still two bytes: the page stays valid
    path.write_bytes(bytes(data))
    source = sqlite3.connect(path)
    keys = []
    for row in history_rows.readable_rows(source, "SELECT id, content FROM t", "id"):
        keys.append(row["id"])
        assert len(keys) <= 3000, "rows read again and again"
    assert len(keys) == len(set(keys)) >= 2000


def test_locked_is_not_corruption(db_path):
    store = HistoryStore.open(db_path)
    chat = store.create_conversation()
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(HistoryError) as caught:
            store.add_message(chat, "user", "while locked")
        assert caught.value.problem is HistoryProblem.LOCKED
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert not list(db_path.parent.glob("*.corrupt-*"))
    store.add_message(chat, "user", "after the lock")


DISK_FULL_CHILD = textwrap.dedent("""
    import resource, sys
    from pathlib import Path
    from genai_desktop.core.history import HistoryStore, HistoryError
    store = HistoryStore.open(Path(sys.argv[1]))
    chat = store.create_conversation()
    store.add_message(chat, "user", "before the disk filled up")
    resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))
    try:
        for number in range(1000):
            store.add_message(chat, "user", "y" * 5000)
    except HistoryError as error:
        print("PROBLEM", error.problem.value, flush=True)
""")


def test_disk_full_is_reported_not_treated_as_corruption(db_path):
    HistoryStore.open(db_path).close()
    result = subprocess.run([sys.executable, "-c", DISK_FULL_CHILD, str(db_path)], cwd=REPO, capture_output=True,
                            text=True, timeout=60, env=dict(os.environ, PYTHONPATH=str(REPO)),
                            preexec_fn=lambda: signal.signal(signal.SIGXFSZ, signal.SIG_IGN))
    assert "PROBLEM disk_full" in result.stdout, result.stdout + result.stderr
    store = HistoryStore.open(db_path)
    assert store.moved_aside is None
    assert store._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert store.messages(store.conversations()[0].id)[0].content == "before the disk filled up"


JOURNAL_CHILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    from genai_desktop.core.history import HistoryStore, MessageState
    store = HistoryStore.open(Path(sys.argv[1]))
    chat = store.create_conversation()
    store.add_message(chat, "user", "prompt " + sys.argv[2])
    answer = store.add_message(chat, "assistant", "", MessageState.STREAMING)
    text = ""
    for number in range(100000):
        text += f"token{number} "
        store.journal(answer, text)
        print(chat, len(text), flush=True)
""")


def test_kill_loop_keeps_every_committed_message_and_journaled_answer(db_path):
    """SIGKILL at random moments while an answer is journaled, 50 times."""
    rng = random.Random(4)
    HistoryStore.open(db_path).close()
    for attempt in range(50):
        child = subprocess.Popen([sys.executable, "-c", JOURNAL_CHILD, str(db_path), str(attempt)], cwd=REPO,
                                 stdout=subprocess.PIPE, text=True, env=dict(os.environ, PYTHONPATH=str(REPO)))
        last = None
        wanted = rng.randint(1, 60)
        for _ in range(wanted):
            last = child.stdout.readline().split()
        child.send_signal(signal.SIGKILL)
        child.wait()
        store = HistoryStore.open(db_path)
        assert store.moved_aside is None
        assert store._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert store.mark_interrupted() == 1
        chat, committed = int(last[0]), int(last[1])
        prompt, answer = store.messages(chat)
        assert prompt.content == f"prompt {attempt}"
        assert answer.state is MessageState.INTERRUPTED and len(answer.content) >= committed
        store.close()
    assert len(HistoryStore.open(db_path).conversations()) == 50


def test_damaged_header_is_found_without_the_full_check(db_path):
    store = HistoryStore.open(db_path)
    store.add_message(store.create_conversation(), "user", "x")
    store.close()
    data = bytearray(db_path.read_bytes())
    data[0:16] = b"garbage-garbage!"
    db_path.write_bytes(bytes(data))
    assert HistoryStore.open(db_path).moved_aside is not None


# --- the search index of long answers, put in apart from their transaction (schema 1.8) ----------------------

def _index_is_whole(store: HistoryStore) -> None:
    """FTS5's own check of the index; with nothing pending, against the messages it was made from too (rank 1)."""
    pending = store._db.execute("SELECT count(*) FROM search_pending").fetchone()[0]
    store._db.execute("INSERT INTO messages_fts(messages_fts, rank) VALUES ('integrity-check', ?)", (int(not pending),))


def test_an_answer_stored_to_be_indexed_later_is_found_once_indexed_and_after_a_crash(db_path):
    store = HistoryStore.open(db_path)
    chat = store.create_conversation("t")
    store.add_message(chat, "user", "question")
    answer = store.add_message(chat, "assistant", "", MessageState.STREAMING)
    store.journal(answer, "Vergleichstabelle so far")
    store.finish(answer, "Die Vergleichstabelle ist fertig.", MessageState.DONE, index_later=True)
    assert store.messages(chat)[-1].content == "Die Vergleichstabelle ist fertig."  # stored at once
    assert store.search("tabelle") == []  # not indexed yet ...
    _index_is_whole(store)  # ... and the index is whole meanwhile
    store.close()  # a crash before the indexing ran
    reopened = HistoryStore.open(db_path)
    assert reopened.index_pending() == 1  # what the window's start does (HistoryGuard.start)
    assert [hit.message_id for hit in reopened.search("tabelle")] == [answer]
    _index_is_whole(reopened)
    assert reopened.index_pending() == 0


def test_an_answer_indexed_on_a_connection_of_its_own_while_the_window_writes(db_path):
    store = HistoryStore.open(db_path)
    chat = store.create_conversation("t")
    answer = store.add_message(chat, "assistant", "", MessageState.STREAMING)
    store.finish(answer, "word " * 50_000 + "needle", MessageState.DONE, index_later=True)
    assert history.index_pending_in_file(db_path) == 1  # what the background task runs
    assert [hit.message_id for hit in store.search("needle")] == [answer]
    store.add_message(chat, "user", "next question")  # the window's connection writes on
    _index_is_whole(store)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["finish", "finish later", "version", "version later", "show", "index",
                                           "delete"]), st.integers(0, 2)), max_size=16))
def test_any_order_of_answers_stored_indexed_flipped_and_deleted_keeps_the_index_whole(tmp_path_factory, operations):
    """While an answer waits for its index, the index neither gets its text nor is told to delete it (a delete of
    what it never got damages an FTS5 index); whatever happens meanwhile, it ends up indexing what is shown."""
    store = HistoryStore.open(tmp_path_factory.mktemp("history") / "history.sqlite3")
    chat = store.create_conversation("t")
    answers = []
    for number in range(3):
        store.add_message(chat, "user", f"question{number}")
        answers.append(store.add_message(chat, "assistant", "", MessageState.STREAMING))
    words = (f"wort{number:04d}x" for number in range(10_000))
    gone: set[int] = set()
    for operation, which in operations:
        answer = answers[which]
        if answer in gone:
            continue
        later = operation.endswith("later")
        if operation.startswith("finish"):
            store.finish(answer, f"Antwort {next(words)}", MessageState.DONE, index_later=later)
        elif operation.startswith("version"):
            store.add_version(answer, f"Version {next(words)}", MessageState.DONE, index_later=later)
        elif operation == "show":
            store.show_version(answer, 1)
        elif operation == "index":
            store.index_pending()
        else:
            store.delete_from(chat, answer)
            gone.update(other for other in answers if other >= answer)
        _index_is_whole(store)
    store.index_pending()
    _index_is_whole(store)
    for message in store.messages(chat):
        for word in message.content.split()[1:]:
            assert message.id in {hit.message_id for hit in store.search(word)}
    store.close()
