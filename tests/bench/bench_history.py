"""Benchmark (store level, issue 4): a synthetic history of 10,000 conversations / 200,000 messages.

    .venv/bin/python tests/bench/bench_history.py

Prints: opening the store with it ÷ with an empty one (absolute difference too), search latency
for a word in 1% of the messages, time to load a 2,000-message conversation, and RSS after
loading it. The window-level start-up figure of issue 4 needs the sidebar, which is not built yet.
"""

from __future__ import annotations

import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

from genai_desktop.core.history import HistoryStore  # noqa: E402

WORDS = ("the quick brown fox jumps over lazy dog while models answer questions about bread code tables "
         "lists python keyring window stream token answer").split()


def build(path: Path, conversations: int, messages: int, big: int) -> int:
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
    rows += [(1, "user" if n % 2 == 0 else "assistant", " ".join(rng.choice(WORDS) for _ in range(60)), now)
             for n in range(big)]
    db.executemany("INSERT INTO messages(conversation_id, role, content, created) VALUES (?, ?, ?, ?)", rows)
    db.execute("COMMIT")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return 1


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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
