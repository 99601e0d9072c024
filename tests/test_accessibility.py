"""Keyboard, screen readers, text size and remembered window state."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QPalette
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractSpinBox, QApplication, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit, QWidget,
)

from conftest import activate, send_prompt, wait_idle
from genai_desktop.ui.announcer import LONGEST_ANNOUNCEMENT, spoken_text

INTERACTIVE = (QAbstractButton, QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractSpinBox)


def interactive_widgets(root: QWidget) -> list[QWidget]:
    return [w for w in root.findChildren(QWidget) if isinstance(w, INTERACTIVE)
            and w.isVisibleTo(root) and w.focusPolicy() != Qt.NoFocus
            and not (isinstance(w, QLineEdit) and isinstance(w.parent(), (QComboBox, QAbstractSpinBox)))]


def accessible_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name) if interface else ""


def accessible_description(widget: QWidget) -> str:
    """What a screen reader says after the name (Qt falls back to the tooltip)."""
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Description) if interface else ""


def test_every_interactive_widget_has_an_accessible_name(qtbot, make_window, api_server):
    api_server.set_mode("status", status=401)
    window = make_window()
    send_prompt(qtbot, window, "fail please")
    wait_idle(qtbot, window)
    window.settingsAction.trigger()
    qtbot.waitUntil(lambda: window._settings_dialog is not None)
    widgets = [w for root in (window, window._settings_dialog) for w in interactive_widgets(root)]
    assert len(widgets) > 20
    assert [f"{type(w).__name__} {w.objectName()!r}" for w in widgets if not accessible_name(w).strip()] == []
    assert [f"{type(w).__name__} {w.objectName()!r}" for w in widgets if not accessible_description(w).strip()] == []
    window._settings_dialog.reject()
    window.welcomePanel.show()
    button = window.welcomePanel.openSettingsButton
    assert accessible_name(button) and accessible_description(button)


def tab_chain(start: QWidget, steps: int = 25) -> list[str]:
    """The widgets Tab visits from start: Qt's focus chain, keeping what accepts Tab focus."""
    names, widget = [], start
    for _ in range(200):
        if widget.isEnabled() and widget.isVisible() and widget.focusPolicy() & Qt.TabFocus \
                and widget.focusProxy() is None:
            names.append(widget.objectName())
            if len(names) == steps:
                break
        widget = widget.nextInFocusChain()
        if widget is start:
            break
    return names


def test_tab_reaches_prompt_send_stop_transcript_and_settings(qtbot, make_window, api_server):
    api_server.set_mode("trickle", tokens_per_second=5)
    window = make_window()
    idle = tab_chain(window.promptEdit)  # Send is enabled while idle, Stop while an answer streams
    assert idle[:2] == ["promptEdit", "sendButton"], idle
    for name in ("chatModelCombo", "transcriptView", "newChatButton", "settingsToolButton", "searchEdit",
                 "conversationList"):
        assert name in idle, idle
    send_prompt(qtbot, window, "slow")
    qtbot.waitUntil(lambda: window.stopButton.isEnabled())
    busy = tab_chain(window.promptEdit)
    assert busy[:5] == ["promptEdit", "stopButton", "chatModelCombo", "chatAssistantCombo", "transcriptView"], busy
    window.stop()
    wait_idle(qtbot, window)


def test_the_conversation_and_the_chat_list_show_when_they_have_the_keyboard(qtbot, make_window):
    """Fusion draws no focus on them: Tab seemed to stop nowhere between the pickers and the toolbar."""
    window = make_window()
    activate(window)
    highlight = window.palette().color(QPalette.Highlight).name()

    def ring(widget) -> bool:
        image = widget.grab().toImage()
        return {image.pixelColor(widget.width() // 2, y).name() for y in (0, 1)} == {highlight}  # 2 px

    for widget, other in ((window.transcriptView, window.conversationList),
                          (window.conversationList, window.transcriptView)):
        widget.setFocus(Qt.TabFocusReason)
        qtbot.waitUntil(widget.hasFocus)
        assert ring(widget) and not ring(other)


def test_finished_answer_is_announced(qtbot, make_window, api_server):
    api_server.set_mode("normal", reply="The capital of France is Paris.")
    window = make_window()
    with qtbot.waitSignal(window.announcer.announced, timeout=10000) as blocker:
        send_prompt(qtbot, window, "capital?")
    assert "Answer complete." in blocker.args[0] and "Paris" in blocker.args[0]
    assert "Paris" in window.transcriptView.accessibleDescription()


def test_errors_are_announced(qtbot, make_window, api_server):
    api_server.set_mode("status", status=401)
    window = make_window()
    with qtbot.waitSignal(window.announcer.announced, timeout=10000) as blocker:
        send_prompt(qtbot, window, "hello")
    assert "rejected the API key" in blocker.args[0]


def test_sentence_by_sentence_while_streaming(qtbot, make_window, api_server):
    api_server.set_mode("trickle", tokens=["First sentence", " here. ", "Second one", "! Third ", "without end"],
                        tokens_per_second=10)
    window = make_window(announce_while_streaming=True)
    heard = []
    window.announcer.announced.connect(heard.append)
    send_prompt(qtbot, window, "talk")
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: any("without end" in text for text in heard))
    assert heard[0] == "First sentence here." and heard[1] == "Second one!"
    assert heard[-1].endswith("Third without end")


def test_text_size_keys_change_and_remember_the_size(qtbot, make_window, app_home):
    window = make_window()
    activate(window)
    normal = window.font_point_size()
    qtbot.keyClick(window, Qt.Key_Plus, Qt.ControlModifier)
    qtbot.keyClick(window, Qt.Key_Plus, Qt.ControlModifier)
    larger = window.font_point_size()
    assert larger > normal and window.promptEdit.font().pointSizeF() == larger
    window.resize(700, 500)
    window.close()
    stored = json.loads((app_home / "config" / "settings.json").read_text())
    assert stored["font_point_size"] == larger and stored["window_geometry"]
    from genai_desktop.app import build_main_window

    again = build_main_window(environ={"GENAI_DESKTOP_HOME": str(app_home), "OPENAI_API_KEY": "sk-x1234567890"})
    qtbot.addWidget(again)
    again.show()
    activate(again)
    assert again.font_point_size() == larger
    assert (again.width(), again.height()) == (700, 500)
    qtbot.keyClick(again, Qt.Key_Minus, Qt.ControlModifier)
    assert again.font_point_size() < larger
    qtbot.keyClick(again, Qt.Key_0, Qt.ControlModifier)
    assert again.font_point_size() == normal
    again.close()


def test_keyboard_shortcuts_list(qtbot, make_window):
    window = make_window()
    rows = dict(window.windowActions.shortcut_rows())
    assert rows["Settings"] == "Ctrl+," and rows["Stop the answer"] == "Esc" and rows["New chat"] == "Ctrl+N"
    assert "Ctrl++" in rows["Larger text"] and rows["Normal text size"] == "Ctrl+0"


def test_appearance_light_dark_and_system(qtbot, make_window):
    from genai_desktop.ui.theme import apply_appearance

    app = QApplication.instance()
    window = make_window(appearance="dark")
    assert app.palette().color(app.palette().ColorRole.Window).lightness() < 80
    assert app.palette().color(app.palette().ColorRole.Link).lightness() > 120  # links readable on dark
    window.settingsAction.trigger()
    qtbot.waitUntil(lambda: window._settings_dialog is not None)
    dialog = window._settings_dialog
    dialog.appearanceCombo.setCurrentIndex(dialog.appearanceCombo.findData("light"))
    dialog.buttonBox.accepted.emit()
    qtbot.waitUntil(lambda: window._settings_dialog is None)
    assert app.palette().color(app.palette().ColorRole.Window).lightness() > 180
    apply_appearance(app, "")  # system: this test platform reports no scheme, so light
    assert app.palette().color(app.palette().ColorRole.Window).lightness() > 180


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab \n\t"), max_size=20_000), st.integers(0, 30_000))
def test_spoken_text_is_the_whole_text_normalised_and_cut(words, spaces):
    """The announcement of a long answer looks only at its start, and says what the whole text would."""
    text = " " * spaces + words
    whole = " ".join(text.split())
    expected = whole if len(whole) <= LONGEST_ANNOUNCEMENT else whole[: LONGEST_ANNOUNCEMENT - 1] + "…"
    assert spoken_text(text) == expected
