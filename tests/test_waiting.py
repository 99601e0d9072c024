"""The wait before an answer, through the real window against the loopback server: the indicator
where the answer will appear, the seconds waited, a busy server's countdown, Cancel, no silent retry."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextCursor

from conftest import send_prompt, transcript_text, wait_idle
from genai_desktop.ui import waiting_indicator


def _end_line(window):
    cursor = QTextCursor(window.transcriptView.document())
    cursor.movePosition(QTextCursor.End)
    return window.transcriptView.cursorRect(cursor)


def _record_texts(indicator) -> tuple[list[str], QTimer]:
    """The texts the indicator shows over time, each run of one text once (polled faster than it ticks)."""
    texts: list[str] = []
    poll = QTimer(indicator)
    poll.setInterval(10)
    poll.timeout.connect(lambda: texts[-1:] == [indicator.label.text()] or texts.append(indicator.label.text()))
    poll.start()
    return texts, poll


def test_the_indicator_stands_where_the_answer_will_appear_until_its_first_text(qtbot, make_window, api_server,
                                                                                 monkeypatch):
    monkeypatch.setattr(waiting_indicator, "ELAPSED_SHOWN_AFTER_SECONDS", 0.2)
    monkeypatch.setattr(waiting_indicator, "LONG_WAIT_ANNOUNCED_AFTER_SECONDS", 0.5)
    api_server.set_mode("normal", reply="Here it is.", first_byte_delay=1.6)
    window = make_window()
    announced: list[str] = []
    window.announcer.announced.connect(announced.append)
    indicator = window.findChild(type(window.waitingIndicator), "waitingIndicator")
    assert indicator is window.waitingIndicator and not indicator.isVisible()

    send_prompt(qtbot, window, "a slow question")
    assert indicator.isVisible()
    assert indicator.label.text() == "Waiting for the answer…"
    assert indicator.accessibleName() == "Waiting for the answer"
    assert not indicator.cancelButton.isVisible()  # Stop is at hand while it only waits
    # In the transcript, on the line under the answer's heading where the text will begin.
    view = window.transcriptView
    assert indicator.parent() is view.viewport()
    line = _end_line(window)
    assert view.viewport().rect().contains(indicator.geometry())
    assert indicator.geometry().left() == line.left() and abs(indicator.geometry().center().y() - line.center().y()) <= 2
    assert transcript_text(window).rstrip().endswith("Assistant · fake-model")

    qtbot.waitUntil(lambda: indicator.label.text() == "Waiting for the answer… 1 s", timeout=3000)
    assert indicator.accessibleDescription() == "Waiting for the answer… 1 s"
    assert "Still waiting for the answer." in announced
    wait_idle(qtbot, window)
    assert not indicator.isVisible()
    assert "Here it is." in transcript_text(window)


def test_the_indicator_shows_the_seconds_waited_after_a_few_and_its_dots_move(qtbot, make_window, api_server):
    """A long silence before the first text looks like a hang unless the wait moves and counts."""
    api_server.set_mode("stall_before_first_byte", stall_seconds=10)
    window = make_window(read_timeout=30.0)
    indicator = window.waitingIndicator
    texts, poll = _record_texts(indicator)
    send_prompt(qtbot, window, "a long think")
    assert indicator.isVisible() and indicator.label.text() == "Waiting for the answer…"
    phase = indicator.dots.phase
    qtbot.waitUntil(lambda: indicator.dots.phase != phase, timeout=1000)  # the dots pulse on their own
    phase = indicator.dots.phase
    qtbot.waitUntil(lambda: indicator.dots.phase != phase, timeout=1000)
    qtbot.waitUntil(lambda: len(texts) == 2, timeout=5000)
    poll.stop()
    # No seconds at first, then the first count is the threshold's: 3 s, not 0, 1 or 2.
    assert texts == ["Waiting for the answer…", "Waiting for the answer… 3 s"]
    assert indicator.accessibleDescription() == "Waiting for the answer… 3 s"
    qtbot.mouseClick(window.stopButton, Qt.LeftButton)
    wait_idle(qtbot, window)
    assert not indicator.isVisible()


def test_the_indicator_follows_the_end_of_the_transcript_when_it_scrolls_and_resizes(qtbot, make_window, api_server):
    api_server.set_mode("normal", reply="Long answer line.\n\n" * 60)
    window = make_window()
    send_prompt(qtbot, window, "fill the view")
    wait_idle(qtbot, window)
    api_server.set_mode("normal", reply="Late.", first_byte_delay=1.0)
    send_prompt(qtbot, window, "and once more")
    indicator, view = window.waitingIndicator, window.transcriptView
    qtbot.waitUntil(lambda: abs(indicator.geometry().center().y() - _end_line(window).center().y()) <= 2)
    view.verticalScrollBar().setValue(0)  # scrolled up to read: the indicator goes with the end, out of view
    assert _end_line(window).top() > view.viewport().height()
    assert abs(indicator.geometry().center().y() - _end_line(window).center().y()) <= 2
    assert not view.viewport().rect().intersects(indicator.geometry())
    window.resize(window.width() - 200, window.height())
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    qtbot.waitUntil(lambda: abs(indicator.geometry().center().y() - _end_line(window).center().y()) <= 2)
    wait_idle(qtbot, window)
    assert not indicator.isVisible()


def test_a_rate_limit_counts_down_to_the_next_try_and_then_answers(qtbot, make_window, api_server):
    api_server.set_mode("busy", reply="Worth the wait.", retry_after="2", tokens_per_second=5)
    window = make_window()
    announced: list[str] = []
    window.announcer.announced.connect(announced.append)
    retrying = []
    window.controller.session.answerRetrying.connect(retrying.append)
    indicator = window.waitingIndicator
    send_prompt(qtbot, window, "busy question")
    qtbot.waitUntil(lambda: indicator.label.text() == "Server busy — next try in 2 s", timeout=3000)
    assert indicator.isVisible() and indicator.cancelButton.isVisible()
    assert "The server is busy. Next try in 2 seconds." in announced
    # The status bar says the same, not "Answering…" (which contradicted the countdown) ...
    assert window.statusBar().currentMessage() == "Server busy — the app tries again by itself"
    qtbot.waitUntil(lambda: indicator.label.text() == "Server busy — next try in 1 s", timeout=3000)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "Answering…", timeout=3000)  # ... until the next try
    assert window.controller.session.busy
    wait_idle(qtbot, window)
    first, second = api_server.chat_requests()
    assert second.received_at - first.received_at >= 2.0  # the server's Retry-After was honoured
    assert [(event.wait.attempt, event.wait.seconds) for event in retrying] == [(2, 2.0)]
    assert "Worth the wait." in transcript_text(window)
    assert not indicator.isVisible() and not window.errorBanner.isVisible()
    assert transcript_text(window).count("busy question") == 1


def test_an_overloaded_server_s_retry_after_counts_down_and_then_answers(qtbot, make_window, api_server):
    """A gateway's 503 with Retry-After is waited out visibly and asked again, the question kept."""
    api_server.set_mode("busy", status=503, reply="Back on line.", retry_after="2")
    window = make_window()
    indicator = window.waitingIndicator
    send_prompt(qtbot, window, "overloaded question")
    qtbot.waitUntil(lambda: indicator.label.text() == "Server busy — next try in 2 s", timeout=3000)
    assert indicator.cancelButton.isVisible() and not window.errorBanner.isVisible()
    assert "overloaded question" in transcript_text(window)
    qtbot.waitUntil(lambda: indicator.label.text() == "Server busy — next try in 1 s", timeout=3000)
    wait_idle(qtbot, window)
    first, second = api_server.chat_requests()
    assert second.received_at - first.received_at >= 1.5  # the 503's Retry-After was honoured
    assert second.json["messages"][-1] == {"role": "user", "content": "overloaded question"}
    assert "Back on line." in transcript_text(window) and transcript_text(window).count("overloaded question") == 1
    assert not indicator.isVisible() and not window.errorBanner.isVisible()


def test_a_rate_limit_without_retry_after_backs_off_visibly_and_then_answers(qtbot, make_window, api_server,
                                                                           quick_back_off):
    """Without the server's hint the app still waits and asks again, and says so: no silent retry."""
    api_server.set_mode("busy", reply="After a pause.", retry_after=None)
    window = make_window()
    announced: list[str] = []
    window.announcer.announced.connect(announced.append)
    shown_at_retry = []
    window.controller.session.answerRetrying.connect(  # after the pane's slot: what the retry made it show
        lambda event: shown_at_retry.append((event.wait.attempt, event.wait.seconds, indicator.label.text(),
                                             indicator.cancelButton.isVisible())))
    indicator = window.waitingIndicator
    send_prompt(qtbot, window, "no hint")
    wait_idle(qtbot, window)
    [(attempt, seconds, text, cancel)] = shown_at_retry
    assert attempt == 2 and 0 < seconds <= 0.02  # the back-off's own wait, none from the server
    assert text == "Server busy — next try in 1 s" and cancel
    assert "The server is busy. Next try in 1 second." in announced
    assert len(api_server.chat_requests()) == 2
    assert "After a pause." in transcript_text(window) and transcript_text(window).count("no hint") == 1
    assert not indicator.isVisible() and not window.errorBanner.isVisible()


def test_every_retry_of_a_busy_server_counts_down_on_its_own(qtbot, make_window, api_server):
    """Two refusals in a row are two countdowns the user sees, not one wait that silently grows."""
    api_server.set_mode("busy", busy_requests=2, reply="Third time lucky.", retry_after="1.5")
    window = make_window()
    indicator = window.waitingIndicator
    retrying = []
    window.controller.session.answerRetrying.connect(
        lambda event: retrying.append((event.wait.attempt, event.wait.seconds, indicator.label.text())))
    texts, poll = _record_texts(indicator)
    send_prompt(qtbot, window, "try and try")
    wait_idle(qtbot, window)
    poll.stop()
    assert retrying == [(2, 1.5, "Server busy — next try in 2 s"), (3, 1.5, "Server busy — next try in 2 s")]
    countdowns = [text for text in texts if "next try in" in text]
    assert countdowns == ["Server busy — next try in 2 s", "Server busy — next try in 1 s"] * 2
    assert len(api_server.chat_requests()) == 3
    assert "Third time lucky." in transcript_text(window) and transcript_text(window).count("try and try") == 1
    assert not indicator.isVisible()


@pytest.mark.parametrize("how", ["indicator", "stop button"])
def test_cancel_during_the_countdown_asks_no_more_and_keeps_the_question(qtbot, make_window, api_server, how):
    api_server.set_mode("busy", retry_after="2")
    window = make_window()
    indicator = window.waitingIndicator
    send_prompt(qtbot, window, "never mind")
    qtbot.waitUntil(lambda: "next try in" in indicator.label.text(), timeout=3000)
    button = indicator.cancelButton if how == "indicator" else window.stopButton
    qtbot.mouseClick(button, Qt.LeftButton)
    wait_idle(qtbot, window, timeout=1500)  # at once, not after the 2 s wait: the request is over
    assert not indicator.isVisible()
    assert len(api_server.chat_requests()) == 1
    assert [turn.prompt for turn in window.controller.session.shown.turns] == ["never mind"]
    assert "never mind" in transcript_text(window)
    assert window.errorBanner.isVisible() and window.errorBanner.retryButton.isVisible()
    # Retry asks the kept question again.
    api_server.set_mode("normal", reply="Now then.")
    qtbot.mouseClick(window.errorBanner.retryButton, Qt.LeftButton)
    wait_idle(qtbot, window)
    assert "Now then." in transcript_text(window)
    assert api_server.chat_requests()[-1].json["messages"][-1] == {"role": "user", "content": "never mind"}


def test_the_countdowns_cancel_is_a_button_that_stays_put_as_the_seconds_drop(qtbot, make_window, api_server):
    """Flat, Cancel read as plain text; beside a shrinking count it moved from 10 s to 9 s, under the pointer."""
    api_server.set_mode("busy", retry_after="11")
    window = make_window()
    indicator = window.waitingIndicator
    send_prompt(qtbot, window, "a long wait")
    qtbot.waitUntil(lambda: indicator.label.text() == "Server busy — next try in 10 s", timeout=3000)
    assert not indicator.cancelButton.autoRaise()
    at_ten = indicator.cancelButton.mapTo(window, indicator.cancelButton.rect().topLeft())
    qtbot.waitUntil(lambda: indicator.label.text() == "Server busy — next try in 9 s", timeout=3000)
    assert indicator.cancelButton.mapTo(window, indicator.cancelButton.rect().topLeft()) == at_ten
    qtbot.mouseClick(indicator.cancelButton, Qt.LeftButton)
    wait_idle(qtbot, window, timeout=1500)
    assert len(api_server.chat_requests()) == 1


def test_a_used_up_quota_is_not_retried(qtbot, make_window, api_server):
    api_server.set_mode("status", status=429, code="insufficient_quota", retry_after="1",
                        error_message="You exceeded your current quota, please check your plan and billing details.")
    window = make_window()
    retrying = []
    window.controller.session.answerRetrying.connect(retrying.append)
    send_prompt(qtbot, window, "one more")
    wait_idle(qtbot, window)
    assert "no quota" in window.errorBanner.titleLabel.text()
    assert retrying == [] and len(api_server.chat_requests()) == 1
    assert not window.waitingIndicator.isVisible()


@pytest.mark.parametrize("params, title", [({"status": 429, "retry_after": "600"}, "slow down"),
                                           ({"status": 503, "retry_after_date_in": 600}, "server had a problem")])
def test_a_wait_longer_than_anyone_waits_is_not_counted_down_but_said(qtbot, make_window, api_server, params, title):
    api_server.set_mode("status", **params)
    window = make_window()
    send_prompt(qtbot, window, "later then")
    wait_idle(qtbot, window)
    assert title in window.errorBanner.titleLabel.text()
    assert re.fullmatch(r"Wait (599|600) seconds, then click Retry\.", window.errorBanner.adviceLabel.text())
    assert len(api_server.chat_requests()) == 1 and not window.waitingIndicator.isVisible()


def test_the_indicator_belongs_to_the_chat_whose_answer_it_waits_for(qtbot, make_window, api_server):
    api_server.set_mode("busy", reply="Back again.", retry_after="2")
    window = make_window()
    send_prompt(qtbot, window, "wait here")
    chat = window.controller.session.conversation_id
    qtbot.waitUntil(lambda: len(api_server.chat_requests()) == 1)
    window.controller.session.open(None)  # another chat shown while the first one waits
    assert not window.waitingIndicator.isVisible()
    qtbot.wait(300)
    window.controller.session.open(chat)
    assert window.waitingIndicator.isVisible()
    wait_idle(qtbot, window)
    assert "Back again." in transcript_text(window) and not window.waitingIndicator.isVisible()


def test_the_indicator_alone_counts_down_then_waits_again_and_cancels(qtbot):
    from PySide6.QtWidgets import QTextBrowser

    view = QTextBrowser()
    qtbot.addWidget(view)
    view.setPlainText("Assistant · model\n")
    view.show()
    indicator = waiting_indicator.WaitingIndicator()
    indicator.follow(view)
    announced: list[str] = []
    indicator.announcement.connect(announced.append)
    indicator.start()
    assert indicator.isVisible() and indicator.waiting and not indicator.cancelButton.isVisible()
    indicator.retry_in(0.4)
    assert indicator.label.text() == "Server busy — next try in 1 s" and indicator.cancelButton.isVisible()
    assert announced == ["The server is busy. Next try in 1 second."]
    qtbot.waitUntil(lambda: indicator.label.text() == "Waiting for the answer…", timeout=2000)  # the next try
    assert not indicator.cancelButton.isVisible()
    indicator.retry_in(5)
    with qtbot.waitSignal(indicator.cancelRequested, timeout=1000):
        qtbot.mouseClick(indicator.cancelButton, Qt.LeftButton)
    indicator.stop()
    assert not indicator.isVisible() and not indicator.waiting
