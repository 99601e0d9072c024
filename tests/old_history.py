"""History files as the releases before issue 10 wrote them (plain integer versions 1 and 2), built from a
copy of their DDL in tests/data, so the tests keep checking real old files whatever the code says now."""

from __future__ import annotations

import sqlite3
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def write_old_history(path: Path, version: int) -> sqlite3.Connection:
    """A history of schema version 1 or 2 at path; returns a connection to fill it (commit and close it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path)
    for step in range(1, version + 1):
        connection.executescript((DATA / f"history-schema-v{step}.sql").read_text(encoding="utf-8"))
    connection.execute(f"PRAGMA user_version = {version}")
    return connection
