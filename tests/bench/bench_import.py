"""Benchmark (issue 9, point 11): importing a big ChatGPT conversations.json.

    .venv/bin/python tests/bench/bench_import.py [megabytes]

Builds a synthetic export of about the given size (default 100 MB: about 2,000 chats of 40
messages of 1.2 KB each), then, each in a fresh child process: the peak memory (VmHWM) of parsing
it as a multiple of the file's size, for the way it was read before issue 9 (the bytes held through
parsing) and for transfer.read_import; the parse time; and the time of the store's all-or-nothing
import transaction into an empty history file (since issue 9 on a background thread's connection:
it was the GUI thread's stall).
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

WORDS = ("the quick brown fox jumps over lazy dog while models answer questions about bread code tables "
         "lists python keyring window stream token answer Straße Grüße").split()


def build(path: Path, megabytes: int) -> int:
    rng = random.Random(1)
    chats = []
    size, number = 0, 0
    while size < megabytes * 1_000_000:
        mapping, parent = {"root": {"id": "root", "message": None, "parent": None, "children": []}}, "root"
        for turn in range(40):
            node = f"n{turn}"
            text = " ".join(rng.choice(WORDS) for _ in range(200))
            mapping[node] = {"id": node, "parent": parent, "children": [], "message": {
                "id": node, "author": {"role": "user" if turn % 2 == 0 else "assistant"},
                "create_time": 1717000000 + turn, "content": {"content_type": "text", "parts": [text]},
                "metadata": {"model_slug": "gpt-4o"}}}
            mapping[parent]["children"].append(node)
            parent = node
            size += len(text) + 250
        chats.append({"title": f"Chat {number}", "create_time": 1717000000, "update_time": 1717000100,
                      "current_node": parent, "mapping": mapping})
        number += 1
    path.write_text(json.dumps(chats, ensure_ascii=False), encoding="utf-8")
    return number


CHILD = r"""
import resource, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from genai_desktop.core import transfer
from genai_desktop.core.history import HistoryStore, import_into_file
def high_water():  # VmHWM starts anew at exec, unlike ru_maxrss, which a child inherits from its parent
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
before = high_water()
start = time.perf_counter()
if sys.argv[4] == "baseline":  # how the import read files before issue 9: the bytes held through parsing
    conversations = transfer.parse_import(Path(sys.argv[1]).read_bytes())
else:
    conversations = transfer.read_import(Path(sys.argv[1]))
parsed = time.perf_counter() - start
peak = high_water()
HistoryStore.open(Path(sys.argv[2])).close()
start = time.perf_counter()
import_into_file(Path(sys.argv[2]), conversations)
stored = time.perf_counter() - start
print(parsed, peak - before, stored, sum(len(c.messages) for c in conversations))
"""


def measure(export: Path, folder: Path, mode: str) -> tuple[float, float, float, int]:
    history = folder / f"{mode}.sqlite3"
    output = subprocess.run([sys.executable, "-c", CHILD, str(export), str(history), str(ROOT), mode],
                            capture_output=True, text=True, check=True).stdout.split()
    return float(output[0]), float(output[1]), float(output[2]), int(output[3])


def main() -> None:
    megabytes = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "conversations.json"
        chats = build(export, megabytes)
        size = export.stat().st_size
        base_parse, base_peak, _stored, messages = measure(export, Path(folder), "baseline")
        parsed, peak, stored, _messages = measure(export, Path(folder), "read_import")
        print(f"export: {size / 2**20:.0f} MiB, {chats} chats, {messages} messages")
        print(f"parse, bytes held throughout (before): {base_parse:.2f} s, peak memory {base_peak / 2**20:.0f} MiB "
              f"= {base_peak / size:.2f}x the file")
        print(f"parse, read_import (now): {parsed:.2f} s, peak memory {peak / 2**20:.0f} MiB = {peak / size:.2f}x "
              f"the file ({peak / base_peak:.2f}x before)")
        print(f"store's import transaction (a background thread's connection): {stored:.2f} s "
              f"= {stored / (size / 2**20) * 1000:.0f} ms per MiB")


if __name__ == "__main__":
    main()
