"""Answer versions (issue 11, point 8): Regenerate adds a version, another one can be shown, the chat
continues from and exports the version shown; a crash during a new version keeps the earlier ones.

The store alone (core), the session against the loopback server (QtCore), the real window."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from conftest import activate, send_prompt, transcript_text, wait_idle
from services_fixtures import build, close, make_services  # noqa: F401 - a fixture
from genai_desktop.core import history_schema, history_versions
from genai_desktop.core.conversation import UserMessage
from genai_desktop.core.errors import ErrorKind
from genai_desktop.core.history import HistoryStore
from genai_desktop.core.history_schema import SCHEMA_VERSION
from genai_desktop.core.records import MessageState
from old_history import write_old_history

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "data" / "history.sqlite3"


def answered(store: HistoryStore, *versions: str) -> tuple[int, int]:
    """A chat with one question and its answer in these versions (the last one shown); (chat, answer)."""
    chat = store.create_conversation()
    store.add_message(chat, "user", "the question")
    answer = store.add_message(chat, "assistant", "", MessageState.STREAMING, model="m1")
    store.finish(answer, versions[0], MessageState.DONE, 3, 5, "m1")
    for number, text in enumerate(versions[1:], 2):
        assert store.add_version(answer, text, MessageState.DONE, 3, 7, f"m{number}") == number
    return chat, answer


def hidden_rows(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT COUNT(*) FROM answer_versions").fetchone()[0]


# --- the store ---------------------------------------------------------------------------------------


def test_versions_are_stored_and_the_messages_row_is_the_one_shown(db_path):
    store = HistoryStore.open(db_path)
    chat, answer = answered(store, "First alpaca.", "Second bison.", "Third camel.")
    shown = store.messages(chat)[-1]
    assert (shown.content, shown.version, shown.versions, shown.model) == ("Third camel.", 3, 3, "m3")
    assert [(m.version, m.content, m.model) for m in store.answer_versions(answer)] == [
        (1, "First alpaca.", "m1"), (2, "Second bison.", "m2"), (3, "Third camel.", "m3")]
    assert store.messages(chat)[0].versions == 1  # the question has one

    moved = store.show_version(answer, 2)
    assert (moved.content, moved.version, moved.versions, moved.completion_tokens) == ("Second bison.", 2, 3, 7)
    assert store.show_version(answer, 4) is None and store.show_version(answer, 0) is None
    store.close()
    reopened = HistoryStore.open(db_path)  # the choice is stored
    assert [(m.role, m.content, m.version, m.versions) for m in reopened.messages(chat)] == [
        ("user", "the question", 1, 1), ("assistant", "Second bison.", 2, 3)]
    assert [m.content for m in reopened.answer_versions(answer)] == ["First alpaca.", "Second bison.", "Third camel."]
    reopened.show_version(answer, 1)
    assert [(m.content, m.model) for m in reopened.messages(chat)][-1] == ("First alpaca.", "m1")
    assert reopened._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_versions_numbered_with_gaps_by_another_program_are_all_shown(db_path):
    store = HistoryStore.open(db_path)
    chat, answer = answered(store, "one", "two")
    store._db.execute("UPDATE answer_versions SET number = 5")  # the version shown is number 1 now
    assert [(m.content, m.version, m.versions) for m in store.messages(chat)][-1] == ("two", 1, 2)
    assert [m.content for m in store.answer_versions(answer)] == ["two", "one"]
    assert store.show_version(answer, 2).content == "one"
    assert [(m.content, m.version, m.versions) for m in store.messages(chat)][-1] == ("one", 2, 2)
    assert store.add_version(answer, "three", MessageState.DONE) == 3
    assert [m.content for m in store.answer_versions(answer)] == ["two", "one", "three"]


def test_search_finds_the_version_shown_only(db_path):
    """The word index follows the messages row: a hidden version is not found (a hit would open a chat
    where its words are nowhere to be seen); shown again, it is found again."""
    store = HistoryStore.open(db_path)
    _chat, answer = answered(store, "First alpaca.", "Second bison.")
    assert store.search("bison") and not store.search("alpaca")
    store.show_version(answer, 1)
    assert [hit.message_id for hit in store.search("alpaca")] == [answer] and not store.search("bison")


def test_deleting_from_a_turn_or_the_chat_deletes_its_versions(db_path):
    store = HistoryStore.open(db_path)
    assert store._db.execute("PRAGMA foreign_keys").fetchone()[0] == 1  # what makes the cascade work
    chat, answer = answered(store, "one", "two", "three")
    kept_chat, _kept = answered(store, "other one", "other two")
    store.delete_from(chat, answer)  # edit and resend: everything from this row on goes
    assert store.answer_versions(answer) == [] and hidden_rows(db_path) == 1
    chat, answer = answered(store, "one", "two")
    store.delete(chat)
    assert hidden_rows(db_path) == 1
    store.delete(kept_chat)
    assert hidden_rows(db_path) == 0


NEW_VERSION_KILLED = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    from genai_desktop.core.history import HistoryStore
    store = HistoryStore.open(Path(sys.argv[1]))
    answer = int(sys.argv[2])
    store.journal(answer, "Half of a fourth")  # the new version streams: the journal only
    os._exit(0)  # killed mid-stream
""")


def test_a_kill_during_a_new_version_keeps_every_earlier_one(db_path):
    store = HistoryStore.open(db_path)
    chat, answer = answered(store, "one", "two", "three")
    store.show_version(answer, 2)
    store.close()
    subprocess.run([sys.executable, "-c", NEW_VERSION_KILLED, str(db_path), str(answer)], check=True, timeout=60,
                   cwd=REPO)
    started = HistoryStore.open(db_path)
    assert started.mark_interrupted() == 0  # as the next start does
    assert [(m.content, m.state, m.version, m.versions) for m in started.messages(chat)][-1] == (
        "two", MessageState.DONE, 2, 3)
    assert [m.content for m in started.answer_versions(answer)] == ["one", "two", "three"]
    assert started._db.execute("SELECT COUNT(*) FROM journal").fetchone()[0] == 0


def test_a_damaged_history_is_salvaged_with_the_versions_of_the_answers_read_back(db_path):
    store = HistoryStore.open(db_path)
    chat = store.create_conversation()
    for number in range(300):
        store.add_message(chat, "user", f"message {number} " + "x" * 200)
    answer = store.add_message(chat, "assistant", "", MessageState.STREAMING)
    store.finish(answer, "version one", MessageState.DONE, 1, 2, "m1")
    store.add_version(answer, "version two", MessageState.TRUNCATED, 3, 4, "m2", ErrorKind.STREAM_CUT)
    store.add_version(answer, "version three", MessageState.DONE, 5, 6, "m3")
    store.show_version(answer, 2)
    store._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    data = bytearray(db_path.read_bytes())
    offset = data.find(b"message 100 x") // 4096 * 4096  # a page of questions: the answer's rows are elsewhere
    for index in range(offset, offset + 64):
        data[index] ^= 0xA5
    db_path.write_bytes(bytes(data))

    fresh = HistoryStore.open(db_path, verify=True)
    assert fresh.moved_aside is not None and fresh.salvaged < 301
    shown = fresh.messages(chat)[-1]
    assert (shown.content, shown.version, shown.versions) == ("version two", 2, 3)
    assert [(m.content, m.state, m.model, m.completion_tokens, m.error_kind) for m in fresh.answer_versions(answer)] == [
        ("version one", MessageState.DONE, "m1", 2, None),
        ("version two", MessageState.TRUNCATED, "m2", 4, ErrorKind.STREAM_CUT),
        ("version three", MessageState.DONE, "m3", 6, None)]
    assert fresh._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_version_carries_every_column_the_two_tables_share(db_path):
    """What moves between messages and answer_versions: every column of a version that the messages row
    has too (messages.reasoning, once it is there, must move with its version)."""
    store = HistoryStore.open(db_path)
    columns = {table: {row[1] for row in store._db.execute(f"PRAGMA table_info({table})")}
               for table in ("messages", "answer_versions")}
    shared = (columns["messages"] & columns["answer_versions"]) - {"id"}
    assert set(history_versions.VERSION_COLUMNS) == shared


def _step_of_versions() -> history_schema.UserVersion:
    return next(step for step, function in history_schema.MIGRATIONS if function is history_schema._add_answer_versions)


def test_an_older_history_upgrades_with_one_version_of_every_answer(db_path):
    connection = write_old_history(db_path, 2)  # the oldest file format the tests keep
    connection.execute("INSERT INTO conversations(id, title, created, updated) VALUES (1, 'old chat', 0, 0)")
    connection.executemany("INSERT INTO messages(id, conversation_id, role, content, state, created) "
                           "VALUES (?, 1, ?, ?, 'done', 1)", [(1, "user", "question"), (2, "assistant", "answer")])
    connection.commit()
    connection.close()
    store = HistoryStore.open(db_path)
    assert store._db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION.to_int()
    assert [(m.content, m.version, m.versions) for m in store.messages(1)] == [("question", 1, 1), ("answer", 1, 1)]
    assert [m.content for m in store.answer_versions(2)] == ["answer"]
    assert store.add_version(2, "answer again", MessageState.DONE) == 2


def test_a_file_of_the_step_before_upgrades_and_a_build_of_that_step_still_reads_it(db_path, monkeypatch):
    """The build before versions reads a file that has them: the version shown, never a duplicate turn;
    its own writes (a new answer replacing the shown one, edit and resend) leave the versions sound."""
    step = _step_of_versions()
    before = [(version, function) for version, function in history_schema.MIGRATIONS if version < step]
    with monkeypatch.context() as older:
        older.setattr(history_schema, "MIGRATIONS", before)
        older.setattr(history_schema, "SCHEMA_VERSION", before[-1][0])
        HistoryStore.open(db_path).close()
        assert "answer_versions" not in {row[0] for row in sqlite3.connect(db_path).execute(
            "SELECT name FROM sqlite_master")}
    store = HistoryStore.open(db_path)  # upgraded
    chat, answer = answered(store, "First alpaca.", "Second bison.", "Third camel.")
    store.show_version(answer, 2)
    store.close()

    with monkeypatch.context() as older:  # the older build: the file's higher minor is used as it is
        older.setattr(history_schema, "MIGRATIONS", before)
        older.setattr(history_schema, "SCHEMA_VERSION", before[-1][0])
        old_build = HistoryStore.open(db_path)
        old_build.finish(answer, "Regenerated by the older build.", MessageState.DONE)
        assert [m.content for m in old_build.messages(chat)] == ["the question", "Regenerated by the older build."]
        old_build.close()
    store = HistoryStore.open(db_path)
    assert [m.content for m in store.answer_versions(answer)] == [
        "First alpaca.", "Regenerated by the older build.", "Third camel."]  # it took the shown one's place
    assert [hit.message_id for hit in store.search("older build")] == [answer] and not store.search("camel")


# --- the session against the loopback server ----------------------------------------------------------


def regenerate(qtbot, session, signal: str = "answerFinished"):
    with qtbot.waitSignal(getattr(session, signal), timeout=15000) as ended:
        assert session.regenerate()
    return ended.args[0]


def ask(qtbot, session, text: str):
    with qtbot.waitSignal(session.answerFinished, timeout=15000) as ended:
        assert session.send(UserMessage(text))
    return ended.args[0]


def test_regenerate_twice_keeps_three_versions_and_flipping_is_stored_and_sent(qtbot, make_services, api_server,
                                                                               tmp_path):
    services = make_services()
    session, history = services.session, services.guard.history
    api_server.set_mode("normal", reply="Version one.")
    ask(qtbot, session, "question")
    api_server.set_mode("normal", reply="Version two.")
    assert regenerate(qtbot, session).turn.versions == 2
    api_server.set_mode("normal", reply="Version three.")
    ended = regenerate(qtbot, session)
    assert (ended.turn.answer, ended.turn.version, ended.turn.versions) == ("Version three.", 3, 3)
    assert ended.chat.turns[-1] == ended.turn
    answer_id = ended.turn.answer_id
    assert [m.content for m in history.answer_versions(answer_id)] == ["Version one.", "Version two.", "Version three."]

    assert not session.show_version(0, +1) and not session.show_version(1, -1)  # no version 4, no turn 1
    with qtbot.waitSignal(session.versionShown) as shown:
        assert session.show_version(0, -1)
    flipped = shown.args[0]
    assert (flipped.index, flipped.turn.answer, flipped.turn.version, flipped.turn.versions) == (
        0, "Version two.", 2, 3)
    assert flipped.chat.turns[0] == flipped.turn == session.shown.turns[0]
    assert [(m.content, m.version) for m in history.messages(session.conversation_id)][-1] == ("Version two.", 2)

    chat = session.conversation_id
    session.open(None)
    session.open(chat)  # reopening the chat
    assert (session.shown.turns[0].answer, session.shown.turns[0].version, session.shown.turns[0].versions) == (
        "Version two.", 2, 3)
    api_server.set_mode("normal", reply="Follow-up answer.")
    ask(qtbot, session, "and then?")
    assert api_server.chat_requests()[-1].json["messages"] == [
        {"role": "user", "content": "question"}, {"role": "assistant", "content": "Version two."},
        {"role": "user", "content": "and then?"}]

    with qtbot.waitSignal(session.versionShown):  # an earlier answer, not only the last, can be flipped
        assert session.show_version(0, -1)
    close(services)  # a restart
    again = build(tmp_path, api_server.base_url)
    try:
        again.session.open(chat)
        first = again.session.shown.turns[0]
        assert (first.answer, first.version, first.versions) == ("Version one.", 1, 3)
        api_server.set_mode("normal", reply="Third answer.")
        ask(qtbot, again.session, "once more")
        assert api_server.chat_requests()[-1].json["messages"][1] == {"role": "assistant", "content": "Version one."}
        exported = again.library.exported_conversation(chat)  # File → Export: the versions shown
        assert [m.content for m in exported.messages] == ["question", "Version one.", "and then?",
                                                          "Follow-up answer.", "once more", "Third answer."]
    finally:
        close(again)


def test_a_new_version_that_fails_or_is_stopped_leaves_the_versions_as_they_were(qtbot, make_services, api_server):
    services = make_services()
    session, history = services.session, services.guard.history
    api_server.set_mode("normal", reply="Version one.")
    ask(qtbot, session, "question")
    api_server.set_mode("normal", reply="Version two.")
    answer_id = regenerate(qtbot, session).turn.answer_id
    versions = [(m.content, m.state) for m in history.answer_versions(answer_id)]

    api_server.set_mode("status", status=500)
    kept = regenerate(qtbot, session, "earlierAnswerKept")
    assert kept.why.kind is ErrorKind.SERVER
    assert (kept.chat.turns[-1].answer, kept.chat.turns[-1].version, kept.chat.turns[-1].versions) == (
        "Version two.", 2, 2)
    assert [(m.content, m.state) for m in history.answer_versions(answer_id)] == versions

    api_server.set_mode("trickle", tokens=[f"v{i} " for i in range(300)], tokens_per_second=40)
    with qtbot.waitSignal(session.answerText, timeout=10000):
        assert session.regenerate()
    streaming = session.shown.turns[-1]
    assert (streaming.version, streaming.versions) == (3, 3)  # it streams as the next version
    assert not session.show_version(0, -1)  # refused while the answer streams
    with qtbot.waitSignal(session.earlierAnswerKept, timeout=10000) as stopped:
        session.stop()
    assert stopped.args[0].why is MessageState.STOPPED
    assert (session.shown.turns[-1].version, session.shown.turns[-1].versions) == (2, 2)
    assert [(m.content, m.state) for m in history.answer_versions(answer_id)] == versions
    assert history.messages(session.conversation_id)[-1].versions == 2


def test_retry_of_an_unfinished_answer_replaces_it_without_a_version(qtbot, make_services, api_server):
    services = make_services()
    session = services.session
    api_server.set_mode("drop_mid_stream", reply="alpha beta gamma delta")
    with qtbot.waitSignal(session.answerFailed, timeout=15000):
        session.send("question")
    api_server.set_mode("normal", reply="It worked.")
    ended = regenerate(qtbot, session)
    assert (ended.turn.answer, ended.turn.version, ended.turn.versions) == ("It worked.", 1, 1)
    assert [m.content for m in services.guard.history.answer_versions(ended.turn.answer_id)] == ["It worked."]


def test_resend_from_a_turn_deletes_the_versions_after_it(qtbot, make_services, api_server):
    services = make_services()
    session = services.session
    api_server.set_mode("normal", reply="Version one.")
    ask(qtbot, session, "question")
    api_server.set_mode("normal", reply="Version two.")
    regenerate(qtbot, session)
    assert hidden_rows(services.guard.path) == 1
    with qtbot.waitSignal(session.answerFinished, timeout=15000) as ended:
        assert session.resend_from(0, "another question")
    assert (ended.args[0].turn.version, ended.args[0].turn.versions) == (1, 1)
    assert hidden_rows(services.guard.path) == 0


def test_a_crash_during_a_new_version_keeps_the_earlier_ones(qtbot, make_services, api_server, tmp_path):
    """What the next start finds on disk when the app is killed while a new version streams."""
    services = make_services()
    session = services.session
    api_server.set_mode("normal", reply="Version one.")
    ask(qtbot, session, "question")
    api_server.set_mode("normal", reply="Version two.")
    answer_id = regenerate(qtbot, session).turn.answer_id
    api_server.set_mode("trickle", tokens=[f"v{i} " for i in range(300)], tokens_per_second=40)
    assert session.regenerate()
    path = services.guard.path

    def journaled() -> bool:
        with sqlite3.connect(path) as connection:
            return bool(connection.execute("SELECT COUNT(*) FROM journal").fetchone()[0])

    qtbot.waitUntil(journaled, timeout=10000)
    next_start = HistoryStore.open(path)  # the process is gone; the next one starts on the same file
    try:
        assert next_start.mark_interrupted() == 0
        assert [(m.content, m.state, m.version, m.versions) for m in next_start.messages(session.conversation_id)][-1] \
            == ("Version two.", MessageState.DONE, 2, 2)
        assert [m.content for m in next_start.answer_versions(answer_id)] == ["Version one.", "Version two."]
    finally:
        next_start.close()


# --- the real window -----------------------------------------------------------------------------------


def test_the_window_flips_versions_and_exports_the_one_shown(qtbot, make_window, api_server, app_home, tmp_path,
                                                             monkeypatch):
    api_server.set_mode("normal", reply="First try.")
    window = make_window()
    send_prompt(qtbot, window, "a question")
    wait_idle(qtbot, window)
    for reply in ("Second try.", "Third try."):
        api_server.set_mode("normal", reply=reply)
        activate(window)
        qtbot.keyClick(window, Qt.Key_R, Qt.ControlModifier)
        wait_idle(qtbot, window)
    assert "Third try." in transcript_text(window) and "Second try." not in transcript_text(window)
    shown = window.controller.session.shown.turns[-1]
    assert (shown.version, shown.versions) == (3, 3)

    announced = []
    window.announcer.announced.connect(announced.append)
    window.step_version(0, -1)  # what the answer's "‹" asks
    assert "Second try." in transcript_text(window) and "Third try." not in transcript_text(window)
    assert transcript_text(window).count("a question") == 1
    assert announced == ["Version 2 of 3 of the answer is shown."]
    window.step_version(0, -1)
    assert "First try." in transcript_text(window)
    window.step_version(0, -1)  # there is no version 0: nothing changes
    assert "First try." in transcript_text(window)
    window.step_version(0, +1)
    assert "Second try." in transcript_text(window)

    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName",
                        lambda parent, title, suggested, file_filter: (str(tmp_path / "chat.md"), file_filter))
    window.exportMarkdownAction.trigger()
    markdown = (tmp_path / "chat.md").read_text(encoding="utf-8")
    assert "Second try." in markdown and "First try." not in markdown and "Third try." not in markdown
    window.close()

    again = make_window()  # a restart shows the version chosen
    assert "Second try." in transcript_text(again) and "Third try." not in transcript_text(again)
    turn = again.controller.session.shown.turns[-1]
    assert (turn.version, turn.versions) == (2, 3)

    api_server.set_mode("normal", reply="A long answer that needs scrolling. " * 120)
    send_prompt(qtbot, again, "a long one")  # the flipped answer is now far above the end
    wait_idle(qtbot, again)
    scroll_bar = again.transcriptView.verticalScrollBar()
    assert scroll_bar.maximum() > 0
    scroll_bar.setValue(0)  # reading the first answer
    again.step_version(0, +1)
    assert "Third try." in transcript_text(again) and scroll_bar.value() == 0  # not thrown to the end


def test_the_answers_switcher_flips_by_click_and_keyboard(qtbot, make_window, api_server):
    """The ‹ n / m › under a regenerated answer: shown only with two versions or more, a click flips, and
    the focus stays on the switcher of the chat drawn anew, so Space flips again without looking for it."""
    from message_bars import message_bar

    api_server.set_mode("normal", reply="First try.")
    window = make_window()
    send_prompt(qtbot, window, "a question")
    wait_idle(qtbot, window)
    view = window.transcriptView
    assert not message_bar(qtbot, view, answer=True).versionLabel.isVisible()  # one version: no switcher
    api_server.set_mode("normal", reply="Second try.")
    activate(window)
    qtbot.keyClick(window, Qt.Key_R, Qt.ControlModifier)
    wait_idle(qtbot, window)
    bar = message_bar(qtbot, view, answer=True)
    assert bar.versionLabel.isVisible() and bar.versionLabel.text() == "2 / 2"
    qtbot.mouseClick(bar.versionPrevious, Qt.LeftButton)
    qtbot.waitUntil(lambda: "First try." in transcript_text(window))
    bar = message_bar(qtbot, view, answer=True)
    assert bar.versionLabel.text() == "1 / 2" and "Second try." not in transcript_text(window)
    bar.versionNext.setFocus(Qt.TabFocusReason)
    qtbot.keyClick(bar.versionNext, Qt.Key_Space)
    qtbot.waitUntil(lambda: "Second try." in transcript_text(window))
    bar = message_bar(qtbot, view, answer=True)
    assert bar.versionLabel.text() == "2 / 2" and not bar.versionNext.isEnabled()  # the last one
    focused = window.focusWidget()
    assert focused is bar.versionPrevious  # Next is disabled now: the way back keeps the focus
    qtbot.keyClick(focused, Qt.Key_Space)
    qtbot.waitUntil(lambda: "First try." in transcript_text(window))
    assert window.focusWidget().objectName() == "versionNext"


def test_the_window_continues_the_chat_from_the_version_clicked_to(qtbot, make_window, api_server):
    """Flipping back to an earlier version by its ‹ button: the next question goes on from the answer shown,
    so the model sees what the user reads, not the version flipped away from."""
    from message_bars import message_bar

    api_server.set_mode("normal", reply="First try.")
    window = make_window()
    send_prompt(qtbot, window, "a question")
    wait_idle(qtbot, window)
    api_server.set_mode("normal", reply="Second try.")
    window.regenerateAction.trigger()
    wait_idle(qtbot, window)
    assert "Second try." in transcript_text(window)
    view = window.transcriptView
    qtbot.mouseClick(message_bar(qtbot, view, answer=True).versionPrevious, Qt.LeftButton)
    qtbot.waitUntil(lambda: "First try." in transcript_text(window))

    api_server.set_mode("normal", reply="Follow-up.")
    send_prompt(qtbot, window, "next question")
    wait_idle(qtbot, window)
    assert api_server.chat_requests()[-1].json["messages"] == [
        {"role": "user", "content": "a question"}, {"role": "assistant", "content": "First try."},
        {"role": "user", "content": "next question"}]

    first_answer = message_bar(qtbot, view, 0, answer=True)  # the first turn's answer, no longer the last
    assert first_answer.versionLabel.text() == "1 / 2"
    qtbot.mouseClick(first_answer.versionNext, Qt.LeftButton)
    qtbot.waitUntil(lambda: "Second try." in transcript_text(window) and "First try." not in transcript_text(window))
    send_prompt(qtbot, window, "and again")
    wait_idle(qtbot, window)
    assert [(m["role"], m["content"]) for m in api_server.chat_requests()[-1].json["messages"]] == [
        ("user", "a question"), ("assistant", "Second try."), ("user", "next question"),
        ("assistant", "Follow-up."), ("user", "and again")]
