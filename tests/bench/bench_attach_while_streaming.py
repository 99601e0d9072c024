"""Benchmark: attach a 300-page text PDF through the real window while an answer streams.

Prints the longest and p99 GUI-thread stall (gaps of a 1 ms heartbeat timer) while the PDF is read
(from the drop until its chip is ready), and over the whole stream, for the same stream without an
attachment measured in this run (the baseline), and with the PDF read on a thread of the app instead
of a child process (how it was first built); and the time from the drop to the chip.

    .venv/bin/python tests/bench/bench_attach_while_streaming.py [--pages 300] [--tokens 10000] [--rate 2000]

Goal (issue 12): longest stall <= 50 ms while attaching; the stream's stalls as without it.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent), str(HERE.parent.parent)]

from bench_streaming import KEY, Heartbeat, shown_window, markdown_tokens, percentile, start_server_process  # noqa: E402


ON_A_THREAD = "the PDF read on a thread"  # what the app did before core/reading_process.py: for comparison


@contextmanager
def read_on_a_thread(wanted: bool):
    """Documents read by core.documents on the reading thread itself, not in a child process."""
    from genai_desktop.ui import attachment_tray

    original = attachment_tray.read_document
    if wanted:
        from genai_desktop.core.documents import read_document

        attachment_tray.read_document = lambda path, progress, cancelled: read_document(path, progress, cancelled)
    try:
        yield
    finally:
        attachment_tray.read_document = original


def run(base_url: str, home: Path, pdf: Path | None) -> dict:
    from PySide6.QtCore import QEventLoop, QTimer

    app, window = shown_window(base_url, home)
    tray = window.attachmentTray

    heartbeat = Heartbeat()
    clock = heartbeat.clock
    marks: dict[str, float] = {}
    loop = QEventLoop()
    session = window.controller.session

    def on_text(_request, _text):
        if pdf is not None and "attached" not in marks:
            marks["attached"] = clock.nsecsElapsed() / 1e6
            tray.add_files([str(pdf)])

    def on_changed():
        if tray.parts and "read" not in marks:
            marks["read"] = clock.nsecsElapsed() / 1e6

    session.answerText.connect(on_text)
    tray.changed.connect(on_changed)
    session.answerFinished.connect(lambda _ended: QTimer.singleShot(300, loop.quit))
    window.promptEdit.setPlainText("go")
    heartbeat.start()
    window.send()
    loop.exec()
    if pdf is not None and "read" not in marks:  # the stream ended first: wait for the chip
        deadline = time.monotonic() + 60
        while "read" not in marks and time.monotonic() < deadline and not tray.noticeLabel.text():
            app.processEvents()
    heartbeat.stop()
    refused = tray.noticeLabel.text()
    window.close()
    gaps = heartbeat.gaps()
    reading = heartbeat.gaps(marks.get("attached", 0), marks.get("read", 0))
    return {"gaps": gaps, "reading": reading, "marks": marks, "refused": refused}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--tokens", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=2000)
    args = parser.parse_args()
    import document_files

    print(f"load before: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        pdf = document_files.text_pdf(folder, "report.pdf", pages=args.pages, lines_per_page=40)
        print(f"{args.pages}-page PDF: {pdf.stat().st_size / 1e6:.1f} MB; answer of {args.tokens} tokens at "
              f"{args.rate:.0f} tokens/s")
        server, base_url = start_server_process(markdown_tokens(2000), args.rate)  # warm-up: the window's and
        try:  # the SDK's first-use costs are not the baseline's
            run(base_url, folder / "warm-up", None)
        finally:
            server.terminate()
            server.wait()
        results = {}
        for name, attached in (("without an attachment", None), ("attaching the PDF", pdf),
                               (ON_A_THREAD, pdf)):
            server, base_url = start_server_process(markdown_tokens(args.tokens), args.rate)
            try:
                home = folder / name.replace(" ", "-")
                with read_on_a_thread(name == ON_A_THREAD):
                    results[name] = run(base_url, home, attached)
            finally:
                server.terminate()
                server.wait()
    for name, result in results.items():
        gaps = result["gaps"]
        print(f"{name:>24}: whole stream longest stall {max(gaps):6.1f} ms, p99 {percentile(gaps, 0.99):5.1f} ms "
              f"({len(gaps)} beats)")
    for name in ("attaching the PDF", ON_A_THREAD):
        attaching = results[name]
        if attaching["refused"]:
            print(f"refused: {attaching['refused']}")
            return 1
        marks, reading = attaching["marks"], attaching["reading"]
        print(f"{name:>24}: while reading, longest stall {max(reading):6.1f} ms, p99 "
              f"{percentile(reading, 0.99):5.1f} ms over {len(reading)} beats; drop to chip "
              f"{marks['read'] - marks['attached']:.0f} ms")
    print(f"load after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
