"""Each part of the main window built alone (as qutebrowser's tests/unit/mainwindow/ do), with a
stand-in for the services (session, settings, library) that holds what the part reads and records
what it is asked to do. The whole window against the real server is tested end to end in the other
test files; each service alone in tests/test_services_*.py."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QWidget

from genai_desktop.core.conversation import Turn, UserMessage
from genai_desktop.core.errors import ChatError, ErrorKind
from genai_desktop.core.records import Conversation, HistoryError, HistoryProblem, MessageState
from genai_desktop.core.settings import EffectiveSettings, KeySource, Settings
from genai_desktop.qt.session import AnswerEnded, ShownChat
from genai_desktop.qt.settings_service import KeyState
from genai_desktop.ui.banner import ErrorBanner
from genai_desktop.ui.chat_pane import ChatPane, turn_note
from genai_desktop.ui.composer import Composer
from genai_desktop.ui.messages import answer_note, error_kind_title
from genai_desktop.ui.questions import Questions
from genai_desktop.ui.text_size import TextSize
from genai_desktop.ui.transcript import TranscriptView
from genai_desktop.ui.transfer_dialogs import TransferDialogs
from genai_desktop.ui.window_actions import WindowActions


def turn(prompt: str, *args, **values) -> Turn:
    return Turn(UserMessage(prompt), *args, **values)


class StandInSession:
    """The chat session's side the parts use: the chat shown as a snapshot, and what they ask of it."""

    def __init__(self, asked: list[tuple], turns: list[Turn]):
        self.asked = asked
        self.turns = turns
        self.busy = False
        self.streaming_elsewhere = False
        self.streaming_conversation_id = None
        self.draft = ""
        self.conversation_id = 1

    @property
    def shown(self) -> ShownChat:
        return ShownChat(self.conversation_id, tuple(self.turns), self.draft, "m", None, self.can_retry(),
                         self.can_continue())

    def send(self, message):
        self.asked.append(("send", message))
        return True

    def resend_from(self, index, message):
        self.asked.append(("resend_from", index, message))
        return True

    def stop(self):
        self.asked.append(("stop",))

    def save_draft(self, text):
        self.asked.append(("save_draft", text))
        self.draft = text

    def can_retry(self):
        return bool(self.turns) and not self.turns[-1].finished

    def can_continue(self):
        return self.can_retry() and bool(self.turns[-1].answer.strip())

    def can_regenerate(self):
        return bool(self.turns)

    def regenerate(self):
        self.asked.append(("regenerate",))
        return True


class StandInSettings:
    def __init__(self, asked: list[tuple]):
        self.asked = asked
        self.current = EffectiveSettings(Settings(), Settings())

    def remember(self, **values):
        self.asked.append(("remember", values))

    def find_local_servers(self, on_done, owner=None):  # the first start's probe: nothing found here
        self.asked.append(("find_local_servers",))


class StandInLibrary:
    def conversation(self, conversation_id):
        return Conversation(conversation_id, "A title", 0.0) if conversation_id else None

    def conversations(self):
        return [self.conversation(1)]

    def export_json(self, ids, target):
        raise PermissionError(13, "Permission denied")


class StandInController:
    """What the window's parts read from the services (controller.session, .settings, .library), and a
    record of what they ask of them."""

    def __init__(self, turns: list[Turn] | None = None):
        self.asked: list[tuple] = []
        self.session = StandInSession(self.asked, turns or [])
        self.settings = StandInSettings(self.asked)
        self.library = StandInLibrary()


def answer_failed(controller: StandInController, failed: Turn) -> AnswerEnded:
    """What the session signals when the last turn's answer failed: the turn as stored, the chat after it."""
    controller.session.turns[-1:] = [failed]
    return AnswerEnded(1, failed, None, controller.session.shown)


# --- messages: the words of answer states --------------------------------------------------------

@pytest.mark.parametrize("kind", list(ErrorKind))
def test_every_error_kind_has_words_of_its_own_without_facts(qapp, kind):
    title = error_kind_title(kind)
    assert title and "%1" not in title
    assert " 0 " not in title and "1 MB" not in title  # no fact made up for a limit the history does not keep
    note = answer_note(MessageState.FAILED, True, kind)
    assert note.startswith("Answer cut off: ") and note.endswith(title)
    if kind is not ErrorKind.UNEXPECTED:
        assert title != error_kind_title(ErrorKind.UNEXPECTED)


def test_answer_notes_for_each_state(qapp):
    assert answer_note(MessageState.DONE, True) == ""
    assert answer_note(MessageState.STOPPED, True) != answer_note(MessageState.STOPPED, False)
    assert answer_note(MessageState.FAILED, False, ErrorKind.TIMEOUT).startswith("No answer: ")
    assert answer_note(MessageState.FAILED, False) == "The answer failed."  # kind unknown (an older history)


# --- the banner ---------------------------------------------------------------------------------

def test_banner_error_offers_settings_only_where_they_help(qtbot):
    banner = ErrorBanner()
    qtbot.addWidget(banner)
    banner.show_error(ChatError(ErrorKind.AUTH), can_retry=True)
    assert banner.settingsButton.isVisibleTo(banner) and banner.shown_kind is ErrorKind.AUTH
    assert banner.tone == "error" and banner.accessibleName() == "Error"
    banner.show_error(ChatError(ErrorKind.RATE_LIMIT, retry_after="7"), can_retry=True)
    assert not banner.settingsButton.isVisibleTo(banner) and "7 seconds" in banner.adviceLabel.text()
    banner.show_notice("Stopped.", "Continue or Retry.", can_retry=True, tone="note")
    assert banner.shown_kind is None and banner.tone == "note" and banner.accessibleName() == "Note"
    assert "palette(" in banner.styleSheet() and "179, 38, 30" not in banner.styleSheet()


# --- the chat pane ------------------------------------------------------------------------------

def make_pane(qtbot, turns):
    controller = StandInController(turns)
    pane = ChatPane(controller)
    qtbot.addWidget(pane)
    return pane, controller


def test_pane_renders_the_turns_with_their_notes(qtbot):
    turns = [turn("first question", "first answer", MessageState.DONE, model="m", prompt_id=1, answer_id=2),
             turn("second question", "half", MessageState.TRUNCATED, model="m", prompt_id=3, answer_id=4)]
    pane, controller = make_pane(qtbot, turns)
    pane.on_chat_shown(controller.session.shown)
    text = pane.transcriptView.toPlainText()
    assert "first answer" in text and "second question" in text
    assert "The answer ended before it was complete." in text
    assert pane.errorBanner.isVisibleTo(pane) and pane.errorBanner.continueButton.isVisibleTo(pane)


def test_pane_shows_a_failed_answer_reopened_in_the_live_words(qtbot):
    """Once the history keeps an answer's error kind, a reopened answer names the error as it did live."""
    asked = turn("question", "partial answer", model="m", prompt_id=1, answer_id=2)
    pane, controller = make_pane(qtbot, [asked])
    pane.transcriptView.add_user_message("question", 1, 0)
    pane.transcriptView.begin_answer("m", 2)
    pane.transcriptView.append_answer("partial answer")
    pane.on_answer_failed(answer_failed(controller, replace(
        asked, state=MessageState.FAILED, error=ChatError(ErrorKind.STREAM_CUT, server_message="reset by peer"))))
    live = pane.transcriptView.toPlainText()
    reopened_turn = turn("question", "partial answer", MessageState.FAILED, ChatError(ErrorKind.STREAM_CUT),
                         model="m", prompt_id=1, answer_id=2)  # the kind alone: what the history keeps
    controller.session.turns = [reopened_turn]
    pane.on_chat_shown(controller.session.shown)
    assert turn_note(reopened_turn) in live
    assert pane.transcriptView.toPlainText() == live


def test_pane_after_stop_shows_a_note_and_after_a_key_drops_the_no_key_error(qtbot):
    stopped = turn("question", "some words", MessageState.STOPPED, model="m", prompt_id=1, answer_id=2)
    pane, controller = make_pane(qtbot, [stopped])
    pane.on_chat_shown(controller.session.shown)
    assert pane.errorBanner.tone == "note" and pane.errorBanner.retryButton.isVisibleTo(pane)

    pane.on_answer_failed(answer_failed(controller, replace(stopped, state=MessageState.FAILED, answer="",
                                                            error=ChatError(ErrorKind.NO_KEY))))
    assert pane.errorBanner.shown_kind is ErrorKind.NO_KEY and pane.welcomePanel.isVisibleTo(pane)
    pane.on_key_state(KeyState(KeySource.NONE))
    assert pane.errorBanner.shown_kind is ErrorKind.NO_KEY  # still no key: the error holds
    pane.on_key_state(KeyState(KeySource.KEYRING))
    assert pane.errorBanner.shown_kind is None and pane.errorBanner.tone == "note"
    assert not pane.welcomePanel.isVisibleTo(pane)
    controller.session.turns = []  # nothing to ask again: the banner just goes
    pane.errorBanner.show_error(ChatError(ErrorKind.NO_KEY), can_retry=False)
    pane.on_key_state(KeyState(KeySource.ENVIRONMENT))
    assert not pane.errorBanner.isVisibleTo(pane)


def test_pane_words_the_history_notices(qtbot):
    pane, _ = make_pane(qtbot, [])
    pane.on_history_failed(HistoryError(HistoryProblem.DISK_FULL, "No space left on device"))
    assert "disk is full" in pane.errorBanner.titleLabel.text()
    assert "Free up disk space" in pane.errorBanner.adviceLabel.text()
    assert pane.errorBanner.detailLabel.text() == "No space left on device"
    pane.on_history_damaged()
    assert "damaged" in pane.errorBanner.titleLabel.text()


def test_pane_retry_hides_the_banner_and_asks_again(qtbot):
    failed = turn("ask me", "", MessageState.FAILED, ChatError(ErrorKind.SERVER), prompt_id=1, answer_id=2)
    pane, controller = make_pane(qtbot, [failed])
    pane.on_chat_shown(controller.session.shown)
    assert pane.errorBanner.isVisibleTo(pane)
    qtbot.mouseClick(pane.errorBanner.retryButton, Qt.LeftButton)
    assert ("regenerate",) in controller.asked
    assert not pane.errorBanner.isVisibleTo(pane)


# --- the composer -------------------------------------------------------------------------------

def make_composer(qtbot, turns=None):
    controller = StandInController(turns)
    parent = QWidget()
    qtbot.addWidget(parent)
    composer = Composer(controller, Questions(parent), parent)
    return composer, controller


def test_composer_enter_sends_shift_enter_adds_a_line(qtbot):
    composer, controller = make_composer(qtbot)
    qtbot.keyClicks(composer.promptEdit, "line one")
    qtbot.keyClick(composer.promptEdit, Qt.Key_Return, Qt.ShiftModifier)
    qtbot.keyClicks(composer.promptEdit, "line two")
    with qtbot.waitSignal(composer.aboutToSend):
        qtbot.keyClick(composer.promptEdit, Qt.Key_Return)
    assert ("send", UserMessage("line one\nline two")) in controller.asked
    assert composer.promptEdit.toPlainText() == ""


def test_composer_busy_switches_send_and_stop(qtbot):
    composer, controller = make_composer(qtbot)
    composer.set_busy(True)
    assert not composer.sendButton.isEnabled() and composer.stopButton.isEnabled()
    qtbot.mouseClick(composer.stopButton, Qt.LeftButton)
    assert controller.asked == [("stop",)]
    composer.set_busy(False)
    assert composer.sendButton.isEnabled() and not composer.stopButton.isEnabled()


def test_composer_saves_the_draft_after_typing_stops(qtbot):
    composer, controller = make_composer(qtbot)
    qtbot.keyClicks(composer.promptEdit, "unsent")
    qtbot.waitUntil(lambda: ("save_draft", "unsent") in controller.asked, timeout=2000)


def test_composer_editing_an_earlier_message_asks_and_resends(qtbot):
    turns = [turn("one", "a", MessageState.DONE), turn("two", "b", MessageState.DONE),
             turn("three", "c", MessageState.DONE)]
    composer, controller = make_composer(qtbot, turns)
    composer.promptEdit.setPlainText("my draft")
    composer.begin_edit(0)  # the draft is saved first
    assert controller.session.draft == "my draft"
    assert composer.editBar.isVisibleTo(composer) and composer.promptEdit.toPlainText() == "one"
    asked = []
    composer.questions.confirm_replace = lambda later: asked.append(later) or False
    composer.promptEdit.setPlainText("one, edited")
    composer.send()
    assert asked == [2] and not any(call[0] == "resend_from" for call in controller.asked)
    composer.questions.confirm_replace = lambda later: True
    composer.send()
    assert ("resend_from", 0, UserMessage("one, edited")) in controller.asked
    assert not composer.editBar.isVisibleTo(composer) and composer.promptEdit.toPlainText() == "my draft"


# --- actions, questions, text size, export ------------------------------------------------------

README = Path(__file__).resolve().parent.parent / "README.md"


def test_actions_carry_the_readme_names_and_list_their_shortcuts(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    actions = WindowActions(window)
    names = {action.objectName() for action in actions.all()}
    table = README.read_text(encoding="utf-8")
    for name in names:
        assert f"`{name}`" in table
    assert {"newChatButton", "settingsToolButton"} <= {child.objectName() for child in window.findChildren(QWidget)}
    rows = dict(actions.shortcut_rows())
    assert rows["Settings"] == "Ctrl+," and rows["Stop the answer"] == "Esc"


def test_the_delete_question_defaults_to_cancel(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    questions = Questions(parent)
    seen = []

    def answer():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, answer)
            return
        seen.append((box.objectName(), box.textFormat(), box.defaultButton() is box.button(QMessageBox.Cancel)))
        box.defaultButton().click()

    QTimer.singleShot(0, answer)
    assert questions.confirm_delete("<b>title</b>") is False
    assert seen == [("deleteChatDialog", Qt.PlainText, True)]


def text_size_parts(qtbot):
    """TextSize with the transcript and composer it sizes, built alone."""
    controller = StandInController()
    parent = QWidget()
    qtbot.addWidget(parent)
    transcript = TranscriptView(parent)
    composer = Composer(controller, Questions(parent), parent)
    return controller, transcript, composer, TextSize(controller, transcript, composer, parent)


def test_text_size_steps_and_is_remembered(qtbot):
    controller, _transcript, composer, size = text_size_parts(qtbot)
    size.apply(12.0)
    with qtbot.waitSignal(size.statusMessage) as told:
        size.change(+1)
    assert size.point_size() == 13.0 and composer.promptEdit.font().pointSizeF() == 13.0
    assert ("remember", {"font_point_size": 13.0}) in controller.asked and "13 pt" in told.args[0]


def test_the_systems_text_size_is_followed_while_the_app_runs_unless_one_was_chosen(qtbot):
    _controller, transcript, composer, size = text_size_parts(qtbot)
    size.apply(0.0)  # the system's size
    application = QApplication.instance()
    normal = application.font()
    larger = QFont(normal)
    larger.setPointSizeF(normal.pointSizeF() * 2)
    try:
        application.setFont(larger)  # the desktop's text size doubled
        assert transcript.font().pointSizeF() == larger.pointSizeF()
        assert composer.promptEdit.font().pointSizeF() == larger.pointSizeF()
        size.apply(12.0)  # a size chosen with Ctrl++ stays
        application.setFont(normal)
        assert transcript.font().pointSizeF() == 12.0
    finally:
        application.setFont(normal)


def test_an_export_that_cannot_be_written_is_told_in_words(qtbot, tmp_path):
    controller = StandInController()
    parent = QWidget()
    qtbot.addWidget(parent)
    questions = Questions(parent)
    problems = []
    questions.choose_save_path = lambda title, name, file_filter: tmp_path / name
    questions.file_problem = lambda title, detail: problems.append((title, detail))
    transfer = TransferDialogs(controller, questions, lambda: 1, parent)
    transfer.export_current("json")
    assert problems == [("Export failed", "The file could not be written: Permission denied")]
    questions.choose_save_path = lambda title, name, file_filter: None  # cancelled: nothing happens
    transfer.export_all()
    assert len(problems) == 1
