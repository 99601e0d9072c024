"""Benchmark (store level, issue 4): a synthetic history of 10,000 conversations / 200,000 messages.

    .venv/bin/python tests/bench/bench_history.py

Prints: opening the store with it ÷ with an empty one (absolute difference too), search latency
for a word in 1% of the messages, time to load a 2,000-message conversation, and RSS after
loading it. The window-level start-up figure of issue 4 needs the sidebar, which is not built yet.
Since issue 10 (the trigram index): search for a part of a word, for a common three letters and for
one or two characters (no index: a LIKE over the messages), what the index costs on disk (the file
with it, without any index and with the word index before it, each vacuumed), and the one-time
upgrade of such a history from the schema before (backup copy and index rebuilt).
"""

from __future__ import annotations

import random
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

from genai_desktop.core.history import HistoryStore  # noqa: E402
from genai_desktop.core.history_schema import MESSAGE_INDEX_TRIGGERS  # noqa: E402

WORDS = ("the quick brown fox jumps over lazy dog while models answer questions about bread code tables "
         "lists python keyring window stream token answer").split()


CODE_SAMPLES = (  # fenced code in an answer, as models write it (bench_history_window's code variant)
    "python", "def {name}(items):\n    \"\"\"Sum the {word} items.\"\"\"\n    total = 0\n    for item in items:\n"
    "        if item > 3:  # {word}\n            total += item * 2\n    return total\n\nprint({name}([1, 2, 5]))\n",
    "javascript", "const {name} = async (url) => {{\n  const response = await fetch(url);\n  // {word}\n"
    "  return response.json().then((data) => data.items.map((x) => x * 2));\n}};\n",
    "bash", "for file in *.txt; do\n  echo \"{word}: $file\"  # {name}\n  grep -c '{word}' \"$file\"\ndone\n",
    "rust", "fn {name}(values: &[i32]) -> i32 {{\n    // {word}\n    values.iter().filter(|v| **v > 3).sum()\n}}\n",
)


def code_answer(rng: random.Random, number: int) -> str:
    language, body = CODE_SAMPLES[2 * (number % 4)], CODE_SAMPLES[2 * (number % 4) + 1]
    words = " ".join(rng.choice(WORDS) for _ in range(30))
    return (f"{words}\n\n```{language}\n{body.format(name=f'f_{number}', word=rng.choice(WORDS))}```\n\n"
            f"{' '.join(rng.choice(WORDS) for _ in range(20))}")


def build(path: Path, conversations: int, messages: int, big: int, code_every: int = 0) -> int:
    """A history; with code_every, every code_every-th answer of the big chat (conversation 1) has a code block."""
    rng = random.Random(1)
    store = HistoryStore.open(path)
    db = store._db
    db.execute("BEGIN")
    now = time.time()
    db.executemany("INSERT INTO conversations(id, title, created, updated) VALUES (?, ?, ?, ?)",
                   [(i + 1, f"Conversation {i}", now - i, now - i) for i in range(conversations)])
    rows = []
    for number in range(messages - big):
        text = " ".join(rng.choice(WORDS) for _ in range(40))
        if number % 100 == 0:
            text += " zanzibar"  # the word that occurs in 1% of the messages
        rows.append((number % conversations + 1, "user" if number % 2 == 0 else "assistant", text, now))
    rows += [(1, "user" if n % 2 == 0 else "assistant",
              code_answer(rng, n) if code_every and n % 2 and n // 2 % code_every == 0
              else " ".join(rng.choice(WORDS) for _ in range(60)), now) for n in range(big)]
    db.executemany("INSERT INTO messages(conversation_id, role, content, created) VALUES (?, ?, ?, ?)", rows)
    db.execute("COMMIT")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return 1


def vacuumed_size(path: Path, index: str | None, folder: Path) -> int:
    """The size of a vacuumed copy of path with the message index as given: 'trigram' (as it is), None
    (none at all) or 'unicode61' (the word index before issue 10, as that schema made it)."""
    copy = folder / f"copy-{index}.sqlite3"
    shutil.copy(path, copy)
    db = sqlite3.connect(copy, isolation_level=None)
    if index != "trigram":
        for trigger in ("messages_ai", "messages_ad", "messages_au"):
            db.execute(f"DROP TRIGGER {trigger}")
        db.execute("DROP TABLE messages_fts")
    if index == "unicode61":
        old_schema(db)
    db.execute("VACUUM")
    db.close()
    size = copy.stat().st_size
    copy.unlink()
    return size


def old_schema(db: sqlite3.Connection) -> None:
    """The word index (and version number) of the schema before issue 10, built from the messages."""
    db.execute("CREATE VIRTUAL TABLE messages_fts USING fts5(content, content='messages', content_rowid='id')")
    db.executescript(MESSAGE_INDEX_TRIGGERS)
    db.execute("INSERT INTO messages_fts(messages_fts) VALUES ('rebuild')")
    db.execute("ALTER TABLE messages DROP COLUMN error_kind")
    db.execute("PRAGMA user_version = 2")


def upgrade_time(path: Path, folder: Path) -> float:
    """Opening a copy of path as the schema before issue 10 wrote it: the one-time upgrade."""
    old = folder / "old.sqlite3"
    shutil.copy(path, old)
    db = sqlite3.connect(old, isolation_level=None)
    for trigger in ("messages_ai", "messages_ad", "messages_au"):
        db.execute(f"DROP TRIGGER {trigger}")
    db.execute("DROP TABLE messages_fts")
    old_schema(db)
    db.execute("VACUUM")
    db.close()
    started = time.perf_counter()
    HistoryStore.open(old).close()
    return time.perf_counter() - started


def timed(function, repeat: int = 5) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        empty, full = Path(folder) / "empty.sqlite3", Path(folder) / "full.sqlite3"
        HistoryStore.open(empty).close()
        started = time.perf_counter()
        big_conversation = build(full, 10_000, 200_000, 2_000)
        print(f"built 10,000 conversations / 200,000 messages in {time.perf_counter() - started:.1f} s "
              f"({full.stat().st_size / 1e6:.0f} MB)")
        open_empty = timed(lambda: HistoryStore.open(empty).close())
        open_full = timed(lambda: HistoryStore.open(full).close())
        store = HistoryStore.open(full)
        list_full = timed(store.conversations)
        search = timed(lambda: store.search("zanzibar"))
        hits = len(store.search("zanzibar", limit=5000))
        load = timed(lambda: store.messages(big_conversation))
        loaded = store.messages(big_conversation)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"open store: empty {open_empty * 1000:.1f} ms, full {open_full * 1000:.1f} ms "
              f"(+{(open_full - open_empty) * 1000:.1f} ms; goal for start-up: <= +100 ms)")
        print(f"list 10,000 conversations: {list_full * 1000:.1f} ms")
        print(f"search a word in 1% of messages: {search * 1000:.1f} ms for the first 50 of {hits} hits (goal <= 50 ms)")
        print(f"load a {len(loaded)}-message conversation: {load * 1000:.1f} ms (goal <= 200 ms, rendering not included)")
        print(f"peak RSS of this process: {rss:.0f} MB")
        for query, what in (("anzib", "a part of that word"), ("the", "a common three letters (most messages)"),
                            ("th quick", "two letters next to a word"),
                            ("zq", "two letters alone (the chat titles only)"),
                            ("quick zanzi", "two words")):
            took = timed(lambda: store.search(query))
            print(f"search {what!s} {query!r}: {took * 1000:.1f} ms for {len(store.search(query))} hits (goal <= 50 ms)")
        store.close()
        with_index, without, words = (vacuumed_size(full, index, Path(folder)) for index in ("trigram", None, "unicode61"))
        print(f"on disk (vacuumed): {with_index / 1e6:.0f} MB with the trigram index, {without / 1e6:.0f} MB without "
              f"any index, {words / 1e6:.0f} MB with the word index before: the trigram index costs "
              f"{(with_index - without) / 1e6:.0f} MB ({(with_index - without) / without:.0%} of the rest), "
              f"{(with_index - words) / 1e6:.0f} MB more than the word index")
        print(f"one-time upgrade of this history from the schema before (backup, index rebuilt): "
              f"{upgrade_time(full, Path(folder)):.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
