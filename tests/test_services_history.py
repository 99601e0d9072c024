"""HistoryGuard and Library alone (QtCore, a real temp history file)."""

from __future__ import annotations

import json
import sqlite3

from services_fixtures import make_services  # noqa: F401 - a fixture
from genai_desktop.core.records import HistoryError, HistoryProblem
from genai_desktop.core.history import repair_mark
from genai_desktop.qt.history_guard import open_history


def test_a_failed_write_is_reported_not_raised(qtbot, make_services):
    guard = make_services(session=False).guard
    guard.history._db.execute("PRAGMA query_only = ON")  # every write fails, as on a full disk
    with qtbot.waitSignal(guard.failed) as failed:
        assert guard.save(guard.history.create_conversation) is None
    assert isinstance(failed.args[0], HistoryError)
    guard.history._db.execute("PRAGMA query_only = OFF")
    assert guard.save(guard.history.create_conversation) is not None


def test_damage_leaves_a_repair_mark_for_the_next_start(qtbot, make_services, tmp_path):
    guard = make_services(session=False).guard
    with qtbot.waitSignal(guard.damaged):
        guard.report(HistoryError(HistoryProblem.DAMAGED, "quick_check"))
    assert repair_mark(tmp_path / "history.sqlite3").exists()


def test_a_damaged_file_is_moved_aside_and_a_newer_one_kept_in_memory(tmp_path):
    (tmp_path / "history.sqlite3").write_bytes(b"not a database" * 100)
    opened = open_history(tmp_path / "history.sqlite3")
    assert opened.store.on_disk and opened.problem is None and opened.store.moved_aside is not None
    opened.store.close()
    newer = tmp_path / "newer.sqlite3"
    with sqlite3.connect(newer) as db:
        db.execute("PRAGMA user_version = 999")
    opened = open_history(newer)
    assert not opened.store.on_disk and opened.problem.problem is HistoryProblem.NEWER_SCHEMA
    opened.store.close()


def test_the_library_lists_renames_searches_and_deletes(qtbot, make_services):
    services = make_services(session=False)
    library, history = services.library, services.guard.history
    chat = library.create()
    history.add_message(chat, "user", "Die Vergleichstabelle bitte")
    library.store_draft(chat, "draft text")
    with qtbot.waitSignal(library.changed):
        library.rename(chat, "Tabellen")
    assert [(c.title, c.draft) for c in library.conversations()] == [("Tabellen", "draft text")]
    assert [hit.conversation_id for hit in library.search("Vergleichstabelle")] == [chat]
    with qtbot.waitSignals([library.deleted, library.changed]):
        library.delete(chat)
    assert library.conversations() == [] and library.conversation(chat) is None


def test_export_and_import_round_trip(qtbot, make_services, tmp_path):
    services = make_services(session=False)
    library, history = services.library, services.guard.history
    chat = library.create()
    history.add_message(chat, "user", "exported question")
    library.rename(chat, "Export me")
    library.export_json([chat], tmp_path / "chats.json")
    assert json.loads((tmp_path / "chats.json").read_text())
    imported = []
    with qtbot.waitSignal(library.changed, timeout=10000):
        library.import_file(tmp_path / "chats.json", imported.append, imported.append, imported.append)
    assert imported == [1]
    assert sorted(c.title for c in library.conversations()) == ["Export me", "Export me"]
