"""Benchmark (issue 12, figures): reading an attached 300-page text PDF.

    .venv/bin/python tests/bench/bench_documents.py [pages] [rounds]

Makes a text PDF (default 300 pages of 40 lines, tests/document_files.py), then in the same run,
alternating, each in a fresh child process (so both pay the same imports and caches):
  - pypdf alone: PdfReader(path) and extract_text() of every page, joined (the baseline);
  - core.documents.read_document(path) with a progress callback and a cancel check, as the app
    calls it from its reading thread.
Prints the median extraction time of each and their ratio (goal: <= 1.2), the peak memory
(VmHWM) of each child over an interpreter that only imported the modules (to isolate
the reading), and the longest gap a 1 ms ticker thread saw while read_document ran on another
thread (pypdf is pure Python: this is how long the GUI thread could be kept from the GIL).
Also a million-row XLSX (capped at TABLE_MAX_ROWS rows and counted) and a CSV of the same size.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import document_files  # noqa: E402

CHILD = r"""
import json, sys, threading, time
sys.path.insert(0, sys.argv[3])
def high_water():  # VmHWM starts anew at exec: the child's own peak
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
import pypdf, openpyxl
from genai_desktop.core import documents, office_documents
before = high_water()
mode, path = sys.argv[1], sys.argv[2]
gaps = [0.0]
ticking = mode.endswith("-ticker")
mode = mode.removesuffix("-ticker")
if ticking:
    stop = threading.Event()
    def tick():
        last = time.perf_counter()
        while not stop.is_set():
            time.sleep(0.001)
            now = time.perf_counter()
            gaps[0] = max(gaps[0], now - last)
            last = now
    ticker = threading.Thread(target=tick)
    ticker.start()
started = time.perf_counter()
if mode == "idle":
    time.sleep(2.0)
    characters = 0
elif mode == "pypdf":
    reader = pypdf.PdfReader(path)
    text = "\n\n".join(page.extract_text() for page in reader.pages)
    characters = len(text)
else:
    attachment = documents.read_document(path, progress=lambda fraction: None, cancelled=lambda: False)
    characters = len(attachment.text)
elapsed = time.perf_counter() - started
if ticking:
    stop.set()
    ticker.join()
print(json.dumps({"seconds": elapsed, "peak": high_water() - before, "characters": characters,
                  "gap": gaps[0]}))
"""


def run(mode: str, path: Path) -> dict:
    result = subprocess.run([sys.executable, "-c", CHILD, mode, str(path), str(ROOT)], capture_output=True,
                            text=True, check=True)
    return json.loads(result.stdout)


def main() -> None:
    pages = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    with tempfile.TemporaryDirectory() as folder:
        pdf = document_files.text_pdf(Path(folder), pages=pages, lines_per_page=40)
        print(f"text PDF: {pages} pages, {pdf.stat().st_size / 1e6:.2f} MB; {rounds} rounds, alternating")
        results: dict[str, list[dict]] = {"pypdf": [], "app": []}
        for _ in range(rounds):
            for mode in results:
                results[mode].append(run(mode, pdf))
        median = {mode: statistics.median(item["seconds"] for item in items) for mode, items in results.items()}
        peak = {mode: max(item["peak"] for item in items) for mode, items in results.items()}
        assert results["app"][0]["characters"] >= results["pypdf"][0]["characters"] * 0.99
        print(f"  pypdf alone:    {median['pypdf']:.3f} s (median), peak memory +{peak['pypdf'] / 1e6:.1f} MB")
        print(f"  read_document:  {median['app']:.3f} s (median), peak memory +{peak['app'] / 1e6:.1f} MB")
        print(f"  ratio read_document / pypdf: {median['app'] / median['pypdf']:.3f} (goal <= 1.2)")
        gaps: dict[str, list[float]] = {"idle": [], "pypdf": [], "app": []}
        for _ in range(max(1, rounds // 2)):
            for mode in gaps:
                gaps[mode].append(run(f"{mode}-ticker", pdf)["gap"] * 1000)
        print("  longest gap of a 1 ms ticker thread (the GUI thread's stand-in; goal <= 50 ms), median of runs:")
        for mode, label in (("idle", "sleeping (the machine's own noise)"), ("pypdf", "while pypdf reads"),
                            ("app", "while read_document reads")):
            print(f"    {label}: {statistics.median(gaps[mode]):.1f} ms (max {max(gaps[mode]):.1f})")
        for name, maker in (("XLSX", document_files.xlsx_file), ("CSV", document_files.csv_file)):
            path = maker(Path(folder), rows=1_000_000, columns=3)
            item = run("app", path)
            print(f"{name} of 1,000,000 rows x 3 columns ({path.stat().st_size / 1e6:.1f} MB): "
                  f"{item['seconds']:.2f} s to read the capped rows and count the rest, "
                  f"peak memory +{item['peak'] / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
