"""The notice bridge: notices posted before the window listens are replayed in order by flush()."""

from __future__ import annotations

from pathlib import Path

from genai_desktop.core.records import HistoryError, HistoryProblem
from genai_desktop.qt.notices import HistoryDamaged, HistoryWriteFailed, NoticeBridge, SettingsMovedAside


def test_notices_wait_for_flush_then_go_out_at_once(qtbot):
    bridge = NoticeBridge()
    seen = []
    bridge.post(SettingsMovedAside(Path("/x/settings.json.corrupt")))
    bridge.post(HistoryWriteFailed(HistoryError(HistoryProblem.DISK_FULL, "full")))
    bridge.posted.connect(seen.append)
    assert seen == []  # nobody asked yet
    bridge.flush()
    assert [type(notice) for notice in seen] == [SettingsMovedAside, HistoryWriteFailed]
    bridge.post(HistoryDamaged())
    assert seen[-1] == HistoryDamaged() and len(seen) == 3
    bridge.flush()
    assert len(seen) == 3  # replayed once only
