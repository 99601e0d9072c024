"""MainWindow.open_file: the one place a file the app is asked to open (its command line, a second
start's) is routed by its type — a course package to the course import, any other file to the message
being written, as an attachment."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import send_prompt, wait_idle
from genai_desktop.core.history import HistoryStore
from genai_desktop.ui import main_window


def wait_read(qtbot, window, count: int) -> None:
    qtbot.waitUntil(lambda: len(window.attachmentTray.chips) == count and not window.attachmentTray.reading,
                    timeout=15000)


@pytest.fixture
def recording_window(monkeypatch, make_window):
    """A window whose course import only records what it was given (the course part is another's)."""

    class RecordingWindow(main_window.MainWindow):
        def __init__(self, controller):
            super().__init__(controller)
            self.imported: list[Path] = []

        def import_course_package(self, path: Path) -> None:
            self.imported.append(path)

    monkeypatch.setattr(main_window, "MainWindow", RecordingWindow)  # build_main_window builds this one
    return make_window


def test_a_file_opened_is_attached_to_the_message_and_sent_with_it(qtbot, make_window, api_server, tmp_path):
    notes = tmp_path / "Notizen.txt"
    notes.write_text("Die Abgabe ist am Freitag.", encoding="utf-8")
    window = make_window()
    window.promptEdit.setPlainText("Wann ist die Abgabe?")
    window.open_file(notes)
    wait_read(qtbot, window, 1)
    assert [chip.accessibleName() for chip in window.attachmentTray.chips] == ["Notizen.txt"]
    assert window.promptEdit.toPlainText() == "Wann ist die Abgabe?"  # what was typed stays
    send_prompt(qtbot, window, "Wann ist die Abgabe?")
    wait_idle(qtbot, window)
    assert "Die Abgabe ist am Freitag." in str(api_server.chat_requests()[-1].json["messages"][-1]["content"])


@pytest.mark.parametrize("name", ["weg.txt", "Ordner"])
def test_a_file_that_cannot_be_read_is_told_like_any_attachment(qtbot, make_window, tmp_path, name):
    (tmp_path / "Ordner").mkdir()  # weg.txt: gone since the file manager named it; Ordner: a folder
    window = make_window()
    window.open_file(tmp_path / name)
    qtbot.waitUntil(lambda: not window.attachmentTray.reading and window.attachmentTray.noticeLabel.text() != "",
                    timeout=15000)
    assert name in window.attachmentTray.noticeLabel.text() and window.attachmentTray.parts == ()


def test_a_course_package_goes_to_the_course_import_and_is_not_attached(qtbot, recording_window, tmp_path):
    window = recording_window()
    package, shouted, notes = tmp_path / "Kurs.genai-course", tmp_path / "KURS.GENAI-COURSE", tmp_path / "n.txt"
    for path in (package, shouted, notes):
        path.write_text("{}", encoding="utf-8")
    window.open_file(package)
    window.open_file(shouted)  # a name's case is no other type (the desktop's glob ignores it too)
    window.open_file(notes)
    wait_read(qtbot, window, 1)
    assert window.imported == [package, shouted]
    assert [chip.accessibleName() for chip in window.attachmentTray.chips] == ["n.txt"]


def test_a_course_package_named_as_text_is_routed_as_a_path(recording_window, tmp_path):
    window = recording_window()
    window.open_file(str(tmp_path / "Kurs.genai-course"))  # what a signal may carry
    assert window.imported == [tmp_path / "Kurs.genai-course"] and isinstance(window.imported[0], Path)


def test_a_file_whose_name_is_no_text_is_attached_named_with_a_replacement_character(qtbot, make_window, api_server,
                                                                                    app_home, tmp_path):
    """A name from a Latin-1 system, as a file manager hands it over: shown, sent and kept with U+FFFD."""
    import os

    latin = tmp_path / os.fsdecode(b"Gr\xfc\xdfe.txt")
    latin.write_text("Viele Gr\u00fc\u00dfe", encoding="utf-8")
    window = make_window()
    window.open_file(latin)
    wait_read(qtbot, window, 1)
    assert window.attachmentTray.parts[0].name == "Gr\ufffd\ufffde.txt"
    send_prompt(qtbot, window, "Von wem?")
    wait_idle(qtbot, window)
    assert "Gr\ufffd\ufffde.txt" in str(api_server.chat_requests()[-1].json["messages"][-1]["content"])
    store = HistoryStore.open(app_home / "data" / "history.sqlite3")  # a lone surrogate would fail this write
    try:
        (conversation,) = store.conversations()
        assert [part.name for message in store.messages(conversation.id) for part in message.parts] == [
            "Gr\ufffd\ufffde.txt"]
    finally:
        store.close()
