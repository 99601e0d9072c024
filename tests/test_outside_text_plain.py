"""Text from outside (model names, chat titles, server messages, file names) is shown as plain text:
no label, tooltip or list renders it as markup, and no image it names is ever read."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as QtGui  # Qt.mightBeRichText lives in QtGui's Qt namespace
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QMessageBox, QWidget

from conftest import send_prompt, wait_idle, write_settings
from test_rendering_safety import FifoReadDetector  # the watcher process, answering every reader here
from test_settings_dialog import click_ok, open_dialog

REPO = Path(__file__).resolve().parent.parent
# Markup that Qt would render: an image read from the current folder (a FIFO that notices a
# reader), a link and bold text. SEEN marks where it shows; no "/" so that it can be a file name.
SEEN = "SEEN"


def hostile(kind: str) -> str:
    return f'{kind}<img src="local.png" width="900" height="900"><a href="https://evil.example">{SEEN}</a><b>bold<b>'


class RepeatedFifoReadDetector(FifoReadDetector):
    """Like FifoReadDetector, but answers every reader (a label re-reads its image at each paint, and
    a reader left without a writer would block the test for ever) and notes each in a file."""

    WATCHER = textwrap.dedent("""
        import errno, os, sys, time
        path, log = sys.argv[1], sys.argv[2]
        while True:
            try:
                fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as exc:
                if exc.errno != errno.ENXIO:
                    raise
                time.sleep(0.005)
                continue
            try:
                os.write(fd, b"SECRET-FILE-CONTENT")
            except OSError:
                pass
            os.close(fd)
            with open(log, "a") as note:
                note.write("OPENED\\n")
    """)

    def __init__(self, path):
        self.path, self.log = path, Path(f"{path}.opened")
        os.mkfifo(path)
        self._watcher = subprocess.Popen([sys.executable, "-c", self.WATCHER, str(path), str(self.log)])

    def opened(self) -> bool:
        return self.log.exists()


def rendered_markup() -> list[str]:
    """Every label, tooltip and item text showing SEEN that Qt would render as rich text."""
    def rich(text) -> bool:
        return isinstance(text, str) and SEEN in text and QtGui.mightBeRichText(text) and "<img" in text

    found = []
    for top in QApplication.topLevelWidgets():
        for widget in [top, *top.findChildren(QWidget)]:
            if isinstance(widget, QLabel) and SEEN in widget.text() and widget.textFormat() != Qt.PlainText \
                    and QtGui.mightBeRichText(widget.text()):
                found.append(f"label {widget.objectName() or type(widget.parent()).__name__}: {widget.text()}")
            if rich(widget.toolTip()) or rich(widget.statusTip()) or rich(widget.whatsThis()):
                found.append(f"tooltip of {widget.objectName()}: {widget.toolTip()}")
            if isinstance(widget, QAbstractItemView) and widget.model() is not None:
                model = widget.model()
                for row in range(model.rowCount()):
                    index = model.index(row, 0)
                    for role in (Qt.ToolTipRole, Qt.StatusTipRole, Qt.WhatsThisRole):
                        if rich(index.data(role)):
                            found.append(f"item tooltip in {widget.objectName()}: {index.data(role)}")
    return found


def shown_everywhere(qtbot, window) -> None:
    for top in QApplication.topLevelWidgets():
        if top.isVisible():
            top.repaint()
    qtbot.wait(100)


@pytest.mark.qt_log_ignore("This plugin does not support raise", "This plugin does not support grabbing")
def test_outside_text_is_never_rendered(qtbot, make_window, api_server, app_home, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    image = RepeatedFifoReadDetector(tmp_path / "local.png")
    try:
        model = hostile("gpt-4o")
        # A model name saved in the settings, shown at start-up.
        window = make_window(model=model)
        shown_everywhere(qtbot, window)
        assert SEEN in window.modelLabel.text()

        # A chat title, in the list, its tooltip, the delete question.
        api_server.set_mode("normal", reply="Fine.")
        send_prompt(qtbot, window, "hello")
        wait_idle(qtbot, window)
        window.controller.library.rename(window.controller.session.conversation_id, hostile("title"))

        # A server's error message, in the banner.
        api_server.set_mode("status", status=400, error_message=hostile("server said"))
        send_prompt(qtbot, window, "again")
        wait_idle(qtbot, window)
        assert window.errorBanner.isVisible() and SEEN in window.errorBanner.detailLabel.text()
        shown_everywhere(qtbot, window)
        assert rendered_markup() == []

        # Model names from /v1/models, chosen in the settings.
        api_server.set_mode("normal", reply="Fine.", model_ids=[hostile("listed")])
        dialog = open_dialog(qtbot, window)
        qtbot.mouseClick(dialog.loadModelsButton, Qt.LeftButton)
        qtbot.waitUntil(lambda: dialog.modelCombo.count() == 1 and dialog.loadModelsButton.isEnabled(), timeout=10000)
        dialog.modelCombo.setCurrentIndex(0)
        shown_everywhere(qtbot, window)
        assert rendered_markup() == []
        click_ok(qtbot, dialog)
        qtbot.waitUntil(lambda: window._settings_dialog is None)
        assert "listed" not in window.modelLabel.text()  # the default of new chats: this chat keeps its own

        # Model names from /v1/models in the chat's own picker, picked there: the list, the picker, the
        # status bar's model, the answer's heading.
        titled_chat = window.controller.session.conversation_id
        window.newChatAction.trigger()
        assert "listed" in window.modelLabel.text() and "listed" in window.chatModelCombo.currentText()
        api_server.set_mode("normal", reply="Fine.", model_ids=[hostile("listed"), hostile("picked")])
        window.chatModelCombo.showPopup()
        qtbot.waitUntil(lambda: window.chatModelCombo.count() == 2, timeout=10000)
        shown_everywhere(qtbot, window)
        assert rendered_markup() == []
        window.chatModelCombo.hidePopup()
        window.chatModelCombo.activated.emit(window.chatModelCombo.findText(hostile("picked")))
        send_prompt(qtbot, window, "with the picked model")
        wait_idle(qtbot, window)
        assert f"Assistant · {hostile('picked')}" in window.transcriptView.toPlainText()
        assert "picked" in window.modelLabel.text()
        shown_everywhere(qtbot, window)
        assert rendered_markup() == []
        window.open_conversation(titled_chat)

        # A file name, in the export's message.
        export_name = hostile("export") + ".md"
        window.choose_save_path = lambda *_args: tmp_path / export_name
        window.export_current("md")
        assert SEEN in window.statusBar().currentMessage()
        # The delete question shows the title: plain text.
        box_texts = []

        def read_box():
            box = QApplication.activeModalWidget()
            if not isinstance(box, QMessageBox):
                qtbot.wait(10)
                return read_box()
            box_texts.append((box.text(), box.textFormat()))
            shown_everywhere(qtbot, window)
            box_texts.append(rendered_markup())
            box.button(QMessageBox.Cancel).click()

        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, read_box)
        window.questions.confirm_delete(window.controller.library.conversation(window.controller.session.conversation_id).title)
        assert SEEN in box_texts[0][0] and box_texts[0][1] == Qt.PlainText and box_texts[1] == []

        shown_everywhere(qtbot, window)
        assert rendered_markup() == []
        window.close()

        # A restart: the saved model name and the chat title are shown again at once.
        window = make_window(model=model)
        shown_everywhere(qtbot, window)
        assert SEEN in window.modelLabel.text() and rendered_markup() == []
        qtbot.wait(200)
        assert not image.opened(), "a label read the image a model name or title named"
    finally:
        image.close()


def _at_most_4_gib() -> None:
    """Reading /dev/zero into an image grows until memory runs out: fail fast instead of swapping."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))


def test_a_model_name_naming_dev_zero_does_not_stop_the_app_from_starting(tmp_path, api_server):
    """<img src="/dev/zero"> as the saved model name aborted every start with std::bad_alloc."""
    home = tmp_path / "home"
    write_settings(home, base_url=api_server.base_url, model='gpt-4o<img src="/dev/zero">')
    code = ("import sys\nfrom PySide6.QtCore import QTimer\nfrom PySide6.QtWidgets import QApplication\n"
            "from genai_desktop.app import main\napp = QApplication(sys.argv[:1])\n"
            "def quit_when_shown():\n"
            "    window = next(w for w in app.topLevelWidgets() if w.objectName() == 'mainWindow')\n"
            "    window.repaint(); print('SHOWN', window.modelLabel.text(), flush=True); window.close()\n"
            "QTimer.singleShot(300, quit_when_shown)\nsys.exit(main([]))\n")
    env = dict(os.environ, GENAI_DESKTOP_HOME=str(home), QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60,
                            stdin=subprocess.DEVNULL, preexec_fn=_at_most_4_gib)
    assert result.returncode == 0, result.stderr[-2000:]
    assert 'SHOWN Model: gpt-4o<img src="/dev/zero">' in result.stdout


def test_every_label_of_the_window_and_its_dialogs_is_plain_text(qtbot, make_window):
    """Not only those known to show outside text today: a label's text changes, its format stays."""
    from PySide6.QtCore import QUrl

    from genai_desktop.ui.link_dialog import LinkConfirmationDialog

    window = make_window()
    dialog = open_dialog(qtbot, window)
    link = LinkConfirmationDialog(QUrl("https://\u0430pple.com/"), window)
    qtbot.addWidget(link)
    labels = [label for top in (window, dialog, link) for label in top.findChildren(QLabel)]
    assert len(labels) > 20
    # QFormLayout's own labels for a row with no label text ("") are empty QLabels it makes itself.
    rich = [(label.objectName(), label.text()) for label in labels
            if label.textFormat() != Qt.PlainText and label.text()]
    assert rich == []
    dialog.reject()
