"""Benchmark (issue 12, point 6): reopening a chat whose messages carry pictures.

    .venv/bin/python tests/bench/bench_attachment_chips.py [pictures]

A chat of `pictures` (default 20) messages, each with one 2048×1280 PNG screenshot (PNG cannot be
decoded at a reduced size, so each thumbnail costs a full decode). Prints, in the same run: the GUI
thread's time to render the chat with the thumbnails decoded on their own thread (what the app does)
against decoding each thumbnail inline while rendering (the baseline), the longest stall of the GUI
thread while the thumbnails arrive, and the time until all are shown; and the store's time to read
the chat's messages with their attachments against the same chat without them. Then search: 50
documents of about 1 MB of text each, the word found at their end: the store's search (the text
around the first word found, then the snippet) against making the snippet from each whole text
(the baseline: what a message's hit does).
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(REPO))
os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QTimer  # noqa: E402
from PySide6.QtGui import QColor, QImage, QPainter  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from genai_desktop.core.attachments import Attachment, AttachmentKind  # noqa: E402
from genai_desktop.core.history import HistoryStore, MessageState  # noqa: E402
from genai_desktop.ui import transcript_attachments  # noqa: E402
from genai_desktop.ui.transcript import TranscriptView  # noqa: E402


def screenshot(seed: int) -> bytes:
    rng = random.Random(seed)
    image = QImage(2048, 1280, QImage.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    for _ in range(3000):
        painter.fillRect(rng.randrange(2048), rng.randrange(1280), 30, 10, QColor(rng.randrange(256), 90, 120))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def render(app: QApplication, parts: list[Attachment], inline: bool) -> tuple[float, float, float]:
    """(GUI time to render, longest GUI stall until all thumbnails are in, time until then) in seconds."""
    view = TranscriptView()
    view.resize(900, 700)
    view.show()
    app.processEvents()
    thumbnails = transcript_attachments.Thumbnails.of(view)
    if inline:  # the baseline: each thumbnail decoded where it is inserted
        def request(document, part, size):
            name = f"inline:{id(part)}:{time.perf_counter_ns()}"
            from PySide6.QtCore import QUrl
            from PySide6.QtGui import QTextDocument
            document.addResource(QTextDocument.ImageResource, QUrl(name),
                                 transcript_attachments.thumbnail(part, max(size.width(), size.height())))
            return name
        thumbnails.request = request
    started = time.perf_counter()
    with view.batch():
        for index, part in enumerate(parts):
            view.add_user_message(f"screenshot {index}", index + 1, index, (part,))
    rendered = time.perf_counter() - started
    stall, last = 0.0, time.perf_counter()
    while thumbnails.pending:
        app.processEvents()
        now = time.perf_counter()
        stall, last = max(stall, now - last), now
        time.sleep(0.001)
    done = time.perf_counter() - started
    view.close()
    view.deleteLater()
    app.processEvents()
    return rendered, max(stall, rendered), done


def store_read(parts: list[Attachment]) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as folder:
        store = HistoryStore.open(Path(folder) / "history.sqlite3")
        with_parts, without = store.create_conversation(), store.create_conversation()
        for index, part in enumerate(parts):
            for chat, attached in ((with_parts, (part,)), (without, ())):
                store.add_message(chat, "user", f"screenshot {index}", MessageState.DONE, "", attached)
                store.add_message(chat, "assistant", "A screenshot of a table.")
        times = {}
        for chat in (without, with_parts, without, with_parts):
            started = time.perf_counter()
            for _ in range(20):
                store.messages(chat)
            times.setdefault(chat, []).append((time.perf_counter() - started) / 20)
        store.close()
        return statistics.median(times[with_parts]), statistics.median(times[without])


def search_documents(count: int = 50) -> tuple[float, float]:
    from genai_desktop.core.history_search import snippet
    with tempfile.TemporaryDirectory() as folder:
        store = HistoryStore.open(Path(folder) / "history.sqlite3")
        chat = store.create_conversation()
        texts = []
        for index in range(count):
            texts.append(f"Filler words number {index} about nothing. " * 25_000 + "The Kilimanjaro budget.")
            store.add_message(chat, "user", f"document {index}", MessageState.DONE, "", (Attachment(
                AttachmentKind.DOCUMENT, f"report-{index}.pdf", "application/pdf", 1, text=texts[-1]),))
        store.search("kilimanjaro")
        started = time.perf_counter()
        hits = store.search("kilimanjaro")
        searched = time.perf_counter() - started
        assert len(hits) == count and all("Kilimanjaro" in hit.snippet for hit in hits)
        started = time.perf_counter()
        for text in texts:
            snippet(text, ["kilimanjaro"])
        whole = time.perf_counter() - started
        store.close()
        return searched, whole


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    app = QApplication([sys.argv[0]])
    parts = [Attachment(AttachmentKind.PICTURE, f"screen-{index}.png", "image/png", 0, data=data, width=2048,
                        height=1280) for index, data in enumerate(screenshot(seed) for seed in range(count))]
    print(f"{count} messages, each with a 2048×1280 PNG of about {len(parts[0].data) // 1024} KB")
    render(app, parts[:2], inline=False)  # warm-up
    inline = render(app, parts, inline=True)
    threaded = render(app, parts, inline=False)
    documents = [Attachment(AttachmentKind.DOCUMENT, part.name.replace(".png", ".txt"), "text/plain", 1, text="t")
                 for part in parts]
    no_pictures = render(app, documents, inline=False)
    print(f"render, GUI thread:     inline {inline[0] * 1000:7.1f} ms   off-thread {threaded[0] * 1000:7.1f} ms   "
          f"ratio {threaded[0] / inline[0]:.3f}")
    print(f"longest GUI stall:      inline {inline[1] * 1000:7.1f} ms   off-thread {threaded[1] * 1000:7.1f} ms   "
          f"(the same chat with documents instead: {no_pictures[1] * 1000:.1f} ms, its layout)")
    print(f"all thumbnails shown:   inline {inline[2] * 1000:7.1f} ms   off-thread {threaded[2] * 1000:7.1f} ms")
    with_parts, without = store_read(parts)
    print(f"store.messages():       with attachments {with_parts * 1000:.2f} ms   without {without * 1000:.2f} ms   "
          f"ratio {with_parts / without:.2f}")
    searched, whole = search_documents()
    print(f"search, 50 hits in 1 MB documents: {searched * 1000:.1f} ms   "
          f"snippets of the whole texts alone {whole * 1000:.1f} ms   ratio {searched / whole:.2f}")
    QTimer.singleShot(0, app.quit)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
