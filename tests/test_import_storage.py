"""A big import is stored in the background without shutting the window's own writes out, all or nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from genai_desktop.core.history import HistoryStore, import_into_file, pending_import_mark
from genai_desktop.core.transfer import TransferConversation, TransferMessage

REPO = Path(__file__).resolve().parent.parent


def big_import(chats: int = 300, messages: int = 40, words: int = 120) -> list[TransferConversation]:
    """About 20 MB of text: storing it (full-text index included) takes seconds."""
    body = " ".join(f"word{n}" for n in range(words))
    return [TransferConversation(f"imported {c}", tuple(TransferMessage("user" if m % 2 == 0 else "assistant",
                                                                        f"{c}-{m} {body}") for m in range(messages)))
            for c in range(chats)]


@pytest.fixture
def store_with_a_chat(tmp_path):
    path = tmp_path / "data" / "history.sqlite3"
    store = HistoryStore.open(path)
    own = store.create_conversation()
    store.add_message(own, "user", "my own chat")
    return path, store, own


def test_the_windows_writes_succeed_while_a_big_import_is_stored(store_with_a_chat):
    path, store, own = store_with_a_chat
    conversations = big_import()
    outcome = {}
    importer = threading.Thread(target=lambda: outcome.update(ids=import_into_file(path, conversations)))
    importer.start()
    written, started = 0, time.monotonic()
    while importer.is_alive():  # the window: a message now and then, each must be saved (raises if not)
        store.add_message(own, "user", f"typed while importing {written}")
        written += 1
        time.sleep(0.02)
    importer.join()
    assert time.monotonic() - started > 0.5 and written > 10, "the import was too small to overlap the writes"
    assert len(outcome["ids"]) == len(conversations)
    assert len(store.messages(own)) == written + 1
    assert len(store.conversations()) == len(conversations) + 1
    assert not pending_import_mark(path).exists()


def test_an_import_that_fails_half_way_leaves_nothing_behind(store_with_a_chat):
    path, store, own = store_with_a_chat

    def failing():
        yield from big_import(chats=120)
        raise ValueError("the file turned out to be bad")

    with pytest.raises(ValueError):
        import_into_file(path, failing())
    assert [chat.id for chat in store.conversations()] == [own]
    assert store.search("word7") == []  # the full-text index holds none of it either
    assert not pending_import_mark(path).exists()


def test_an_import_killed_half_way_is_undone_at_the_next_start(store_with_a_chat):
    path, store, own = store_with_a_chat
    store.close()
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(REPO)!r}); sys.path.insert(0, {str(REPO / "tests")!r})
        from pathlib import Path
        from test_import_storage import big_import
        from genai_desktop.core.history import import_into_file
        import_into_file(Path({str(path)!r}), big_import(chats=2000))
    """)
    child = subprocess.Popen([sys.executable, "-c", script])
    mark = pending_import_mark(path)
    deadline = time.monotonic() + 60
    while not mark.exists() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.3)  # a few more batches
    assert child.poll() is None, "the import ended before it could be killed"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert mark.exists()
    reopened = HistoryStore.open(path)
    assert [chat.id for chat in reopened.conversations()] == [own]
    assert reopened.search("word7") == []
    assert not mark.exists()
    reopened.close()
