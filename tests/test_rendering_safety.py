"""Model output is untrusted: nothing it names is fetched or read, no link is followed by itself."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QTextCursor

from conftest import send_prompt, transcript_text, wait_idle
from message_bars import message_bar


class FifoReadDetector:
    """A named pipe that notices if anyone opens it for reading.

    The watcher is a separate process: a reader blocked in open() may hold the GIL, so a
    thread of this process could not answer it.
    """

    WATCHER = textwrap.dedent("""
        import errno, os, sys, time
        path = sys.argv[1]
        while True:
            try:
                fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as exc:
                if exc.errno != errno.ENXIO:  # ENXIO: nobody is reading, as it should be
                    raise
                time.sleep(0.01)
                continue
            os.write(fd, b"SECRET-FILE-CONTENT")
            os.close(fd)
            print("OPENED", flush=True)
            break
    """)

    def __init__(self, path):
        self.path = path
        os.mkfifo(path)
        self._watcher = subprocess.Popen([sys.executable, "-c", self.WATCHER, str(path)], stdout=subprocess.PIPE,
                                         text=True)

    def opened(self) -> bool:
        return self._watcher.poll() is not None and "OPENED" in self._watcher.stdout.read()

    def close(self):
        if self._watcher.poll() is None:
            self._watcher.kill()
        self._watcher.wait()


def words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]{4,}", text)


def test_model_output_loads_nothing_and_loses_nothing(qtbot, make_window, api_server, leak_trap, tmp_path):
    secret = FifoReadDetector(tmp_path / "secret.png")
    reply = (
        f"Intro sentence here.\n\n"
        f"![x](http://127.0.0.1:{leak_trap.port}/leak) markdown image then words afterwards.\n\n"
        f"Raw <img src=\"http://127.0.0.1:{leak_trap.port}/leak2\"> html image and trailing words.\n\n"
        f"[t](file:///etc/passwd) local link and ![local](file://{secret.path}) local image remain.\n\n"
        f"<a href=\"https://evil.example/x\">raw anchor</a> <script>alert(1)</script> <style>body{{}}</style> "
        f"closing paragraph stays.\n\n"
        f"- list item one\n- list item two\n\nFinal words visible."
    )
    api_server.set_mode("normal", reply=reply)
    window = make_window()
    send_prompt(qtbot, window, "show me")
    wait_idle(qtbot, window)
    window.transcriptView.repaint()
    qtbot.wait(300)
    try:
        assert leak_trap.hits == []
        assert not secret.opened()
    finally:
        secret.close()
    shown = transcript_text(window)
    # Every word a reader should see: the text without the targets of Markdown links and images.
    visible_source = re.sub(r"\]\([^)]*\)", "]", reply)
    missing = [w for w in words(visible_source) if w not in shown]
    assert len(words(visible_source)) > 30 and missing == [], missing
    assert "[image: 127.0.0.1" in shown
    assert "<img src=" in shown and "<script>alert(1)</script>" in shown  # raw HTML is shown as text
    assert "Final words visible." in shown
    assert window.transcriptView.blocked_resources == []  # images became text: nothing was even asked for


def _click_link(qtbot, view, link_text: str) -> None:
    document = view.document()
    cursor = document.find(link_text)
    assert not cursor.isNull(), link_text
    middle = QTextCursor(document)
    middle.setPosition((cursor.selectionStart() + cursor.selectionEnd()) // 2)
    rect = view.cursorRect(middle)
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=QPoint(rect.center().x(), rect.center().y()))


@pytest.fixture
def link_window(qtbot, make_window, api_server):
    api_server.set_mode("normal", reply=(
        "Links: [local file](file:///etc/passwd) and [web page](https://example.org/path?q=1) and "
        "[evil scheme](ms-msdt:/id) and [https://bank.example](https://evil.example/login) end."))
    window = make_window()
    send_prompt(qtbot, window, "links")
    wait_idle(qtbot, window)
    opened, asked = [], []
    view = window.transcriptView
    view.confirm_link = lambda url: asked.append(url.toString()) or True
    view.open_link = lambda url: opened.append(url.toString()) or True
    return window, asked, opened


def test_file_link_click_opens_nothing_and_keeps_the_transcript(qtbot, link_window):
    window, asked, opened = link_window
    before = transcript_text(window)
    _click_link(qtbot, window.transcriptView, "local file")
    qtbot.wait(50)
    assert transcript_text(window) == before
    assert asked == [] and opened == []
    assert "root:" not in transcript_text(window)


def test_web_link_asks_then_opens_in_system_browser(qtbot, link_window):
    window, asked, opened = link_window
    before = transcript_text(window)
    _click_link(qtbot, window.transcriptView, "web page")
    assert asked == ["https://example.org/path?q=1"] and opened == asked
    assert transcript_text(window) == before


def test_deceptive_link_shows_real_target(qtbot, link_window):
    window, asked, _opened = link_window
    _click_link(qtbot, window.transcriptView, "https://bank.example")
    assert asked == ["https://evil.example/login"]


def test_other_schemes_are_refused(qtbot, link_window):
    window, asked, opened = link_window
    _click_link(qtbot, window.transcriptView, "evil scheme")
    assert asked == [] and opened == []


def test_declined_link_is_not_opened(qtbot, link_window):
    window, _asked, opened = link_window
    window.transcriptView.confirm_link = lambda url: False
    _click_link(qtbot, window.transcriptView, "web page")
    assert opened == []


def test_confirmation_dialog_shows_the_real_address(qtbot, link_window):
    from test_link_dialog import ask_and_read

    window, _asked, opened = link_window
    view = window.transcriptView
    view.confirm_link = view._ask_before_opening
    seen = ask_and_read(qtbot, view, "https://evil.example/login")
    assert "https://evil.example/login" in seen["texts"] and "Server: evil.example" in seen["texts"]
    assert opened == []


def test_copy_code_and_copy_answer(qtbot, make_window, api_server):
    from PySide6.QtGui import QGuiApplication

    api_server.set_mode("normal", reply="Here:\n\n```python\nprint('copy me')\n```\n\nThat is all.")
    window = make_window()
    send_prompt(qtbot, window, "code")
    wait_idle(qtbot, window)
    _click_link(qtbot, window.transcriptView, "Copy")  # the code block header's button (before "Copy answer")
    assert QGuiApplication.clipboard().text() == "print('copy me')\n"
    qtbot.mouseClick(message_bar(qtbot, window.transcriptView, answer=True).copyButton, Qt.LeftButton)
    assert QGuiApplication.clipboard().text().startswith("Here:\n\n```python")


def test_forged_command_link_from_the_model_does_nothing(qtbot, make_window, api_server):
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.clipboard().setText("unchanged")
    api_server.set_mode("normal", reply="[forged](genai-app://0000/copy/1) text")
    window = make_window()
    send_prompt(qtbot, window, "forge")
    wait_idle(qtbot, window)
    _click_link(qtbot, window.transcriptView, "forged")
    assert QGuiApplication.clipboard().text() == "unchanged"
