"""The history's schema: its version in PRAGMA user_version, and one migration function per version step.

The version is major.minor (the major in the upper 16 bits of user_version, the minor in the lower,
as qutebrowser's UserVersion). A minor step only adds: a column with a default (or NULL), a table,
an index; it never renames, drops or changes what a value means. So a build opens a file of its own
major with a higher minor as it is (its writes leave the new columns at their defaults) and never
writes its own, lower, version into it. A higher major is refused as newer and left untouched.
Before the split the version was a plain integer (1 and 2): those are 0.1 and 0.2 now.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from urllib.parse import quote

from .records import HistoryError, HistoryProblem


@dataclass(frozen=True, order=True)
class UserVersion:
    major: int
    minor: int

    @classmethod
    def from_int(cls, value: int) -> "UserVersion":
        value &= 0xFFFF_FFFF  # user_version is a signed 32-bit number: a negative one is a very high major
        return cls(value >> 16, value & 0xFFFF)

    def to_int(self) -> int:
        return self.major << 16 | self.minor

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}"


NEW_FILE = UserVersion(0, 0)


def _run(connection: sqlite3.Connection, script: str) -> None:
    for statement in statements(script):
        connection.execute(statement)


MESSAGE_INDEX_TRIGGERS = """
    CREATE TRIGGER messages_ai AFTER INSERT ON messages BEGIN
        INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
    END;
    CREATE TRIGGER messages_ad AFTER DELETE ON messages BEGIN
        INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
    END;
    CREATE TRIGGER messages_au AFTER UPDATE OF content ON messages BEGIN
        INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
        INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
    END;
"""


def _create_tables(connection: sqlite3.Connection) -> None:
    """0.1, the first release: chats, messages and a word index of the messages."""
    _run(connection, """
    CREATE TABLE conversations (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL DEFAULT '',
        created REAL NOT NULL,
        updated REAL NOT NULL,
        draft TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant')),
        content TEXT NOT NULL DEFAULT '',
        state TEXT NOT NULL DEFAULT 'done',
        model TEXT NOT NULL DEFAULT '',
        prompt_tokens INTEGER,
        completion_tokens INTEGER,
        created REAL NOT NULL
    );
    CREATE INDEX messages_by_conversation ON messages(conversation_id, id);
    CREATE INDEX conversations_by_update ON conversations(updated DESC);
    CREATE VIRTUAL TABLE messages_fts USING fts5(content, content='messages', content_rowid='id');
    """ + MESSAGE_INDEX_TRIGGERS)


def _add_journal(connection: sqlite3.Connection) -> None:
    """0.2: the text of a streaming answer goes to a table of its own, outside the full-text index
    (re-indexing the whole answer twice a second would slow the window down as it grows); start-up
    finds answers cut by a crash without reading every message."""
    _run(connection, """
    CREATE TABLE journal (
        message_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
        content TEXT NOT NULL
    );
    CREATE INDEX messages_streaming ON messages(id) WHERE state = 'streaming';
    DROP INDEX conversations_by_update;
    CREATE INDEX conversations_by_update ON conversations(updated DESC, id DESC);
    """)


def _index_substrings(connection: sqlite3.Connection) -> None:
    """1.0: the index holds every three characters (FTS5's trigram tokenizer, SQLite 3.34 or later), so
    a part of a word is found: "tabelle" in "Vergleichstabelle". A major step: the index answers other
    queries than the word index before it. Rebuilt from the messages (about 9 s for 200,000 messages)."""
    _run(connection, """
    DROP TRIGGER messages_ai;
    DROP TRIGGER messages_ad;
    DROP TRIGGER messages_au;
    DROP TABLE messages_fts;
    CREATE VIRTUAL TABLE messages_fts USING fts5(content, content='messages', content_rowid='id',
                                                 tokenize='trigram');
    """ + MESSAGE_INDEX_TRIGGERS + """
    INSERT INTO messages_fts(messages_fts) VALUES ('rebuild');
    """)


def _add_error_kind(connection: sqlite3.Connection) -> None:
    """1.1: why an answer failed or was cut off (an errors.ErrorKind value), to say so again on reopening."""
    connection.execute("ALTER TABLE messages ADD COLUMN error_kind TEXT")


def _add_reasoning(connection: sqlite3.Connection) -> None:
    """1.2: an answer's thinking (a reasoning model's, shown apart and never sent back), and the journal's
    copy of it while it streams. Outside the word index: search finds what was said, not what was thought."""
    _run(connection, """
    ALTER TABLE messages ADD COLUMN reasoning TEXT NOT NULL DEFAULT '';
    ALTER TABLE journal ADD COLUMN reasoning TEXT NOT NULL DEFAULT '';
    """)


def _add_answer_versions(connection: sqlite3.Connection) -> None:
    """1.3: the versions of an answer that are not shown (Regenerate adds one). The messages row stays the
    version shown, so search, export and an older build see that one alone; a version moves between the
    two in one transaction (history_versions). Deleting the answer (edit and resend, deleting the chat)
    deletes its versions."""
    _run(connection, """
    CREATE TABLE answer_versions (
        message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
        number INTEGER NOT NULL CHECK (number > 0),
        content TEXT NOT NULL DEFAULT '',
        reasoning TEXT NOT NULL DEFAULT '',
        state TEXT NOT NULL DEFAULT 'done',
        model TEXT NOT NULL DEFAULT '',
        prompt_tokens INTEGER,
        completion_tokens INTEGER,
        error_kind TEXT,
        created REAL NOT NULL,
        PRIMARY KEY (message_id, number)
    );
    """)


def _add_conversation_model(connection: sqlite3.Connection) -> None:
    """1.4: the model a chat asks (picked in the chat); '' for the chats before, which use the default model."""
    connection.execute("ALTER TABLE conversations ADD COLUMN model TEXT NOT NULL DEFAULT ''")


def _add_attachments(connection: sqlite3.Connection) -> None:
    """1.5: what a user attached to a message (core.attachments.Attachment, in order): a document's text,
    a picture as sent (re-encoded, without metadata). In the history file itself, a table of its own:
    one file to back up, move and protect (user-only), stored in the same transaction as its message,
    deleted with it (edit and resend, deleting the chat) by the foreign key. Its own word index (name and
    text), so search finds a document's words; the messages' index and what an older build reads stay
    as they were. An older build of major 1 reads the file as it is and does not see the attachments."""
    _run(connection, """
    CREATE TABLE attachments (
        id INTEGER PRIMARY KEY,
        message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        kind TEXT NOT NULL,
        name TEXT NOT NULL DEFAULT '',
        mime TEXT NOT NULL DEFAULT '',
        size INTEGER NOT NULL DEFAULT 0,
        text TEXT NOT NULL DEFAULT '',
        data BLOB NOT NULL DEFAULT x'',
        width INTEGER NOT NULL DEFAULT 0,
        height INTEGER NOT NULL DEFAULT 0,
        pages INTEGER NOT NULL DEFAULT 0,
        rows_shown INTEGER NOT NULL DEFAULT 0,
        rows_total INTEGER NOT NULL DEFAULT 0,
        UNIQUE (message_id, position)
    );
    CREATE VIRTUAL TABLE attachments_fts USING fts5(name, text, content='attachments', content_rowid='id',
                                                    tokenize='trigram');
    CREATE TRIGGER attachments_ai AFTER INSERT ON attachments BEGIN
        INSERT INTO attachments_fts(rowid, name, text) VALUES (new.id, new.name, new.text);
    END;
    CREATE TRIGGER attachments_ad AFTER DELETE ON attachments BEGIN
        INSERT INTO attachments_fts(attachments_fts, rowid, name, text) VALUES ('delete', old.id, old.name, old.text);
    END;
    CREATE TRIGGER attachments_au AFTER UPDATE OF name, text ON attachments BEGIN
        INSERT INTO attachments_fts(attachments_fts, rowid, name, text) VALUES ('delete', old.id, old.name, old.text);
        INSERT INTO attachments_fts(rowid, name, text) VALUES (new.id, new.name, new.text);
    END;
    """)


def _add_conversation_profile(connection: sqlite3.Connection) -> None:
    """1.6: the endpoint profile a chat asks (core/profiles.py, its id); '' for the chats before, which use the
    default profile."""
    connection.execute("ALTER TABLE conversations ADD COLUMN profile TEXT NOT NULL DEFAULT ''")


def _add_conversation_assistant(connection: sqlite3.Connection) -> None:
    """1.7: the assistant a chat is asked with (core/assistants.py, its id); '' for the chats before, which were
    asked with the single system prompt (the first assistant now)."""
    connection.execute("ALTER TABLE conversations ADD COLUMN assistant TEXT NOT NULL DEFAULT ''")


def _defer_answer_indexing(connection: sqlite3.Connection) -> None:
    """1.8: a finished answer's text goes into the search index after the transaction that stores it, on a
    thread of its own (indexing every three characters of a long answer took 17-34 ms for 360,000 of them,
    a stall of the window at the moment the answer ended). search_pending holds the answers stored but not
    indexed yet: while one is there, the index neither gets its text nor is told to delete it (a delete of
    what it never got would damage it), until HistoryStore.index_pending() indexes the text it holds then;
    a start indexes those a crash left. Older builds of this major keep working on the file (their writes
    leave nothing pending; what a newer build left pending is indexed when it opens the file again)."""
    _run(connection, """
    CREATE TABLE search_pending (message_id INTEGER PRIMARY KEY);
    DROP TRIGGER messages_ad;
    DROP TRIGGER messages_au;
    CREATE TRIGGER messages_ad AFTER DELETE ON messages BEGIN
        INSERT INTO messages_fts(messages_fts, rowid, content) SELECT 'delete', old.id, old.content
            WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE message_id = old.id);
        DELETE FROM search_pending WHERE message_id = old.id;
    END;
    CREATE TRIGGER messages_au AFTER UPDATE OF content ON messages
        WHEN NOT EXISTS (SELECT 1 FROM search_pending WHERE message_id = new.id) BEGIN
        INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
        INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
    END;
    """)


# Each step's version and the function that brings the version before it there, in order.
MIGRATIONS: list[tuple[UserVersion, Callable[[sqlite3.Connection], None]]] = [
    (UserVersion(0, 1), _create_tables),
    (UserVersion(0, 2), _add_journal),
    (UserVersion(1, 0), _index_substrings),
    (UserVersion(1, 1), _add_error_kind),
    (UserVersion(1, 2), _add_reasoning),
    (UserVersion(1, 3), _add_answer_versions),
    (UserVersion(1, 4), _add_conversation_model),
    (UserVersion(1, 5), _add_attachments),
    (UserVersion(1, 6), _add_conversation_profile),
    (UserVersion(1, 7), _add_conversation_assistant),
    (UserVersion(1, 8), _defer_answer_indexing),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]


def is_newer(version: UserVersion) -> bool:
    """A version this build must not touch: a higher major, or a minor of an older major that no build
    wrote (its steps are all known here; 0.99 would be a file this build knows nothing about)."""
    if version.major == SCHEMA_VERSION.major:
        return False
    last_of_its_major = max((step for step, _migrate in MIGRATIONS if step.major == version.major), default=None)
    return version.major > SCHEMA_VERSION.major or last_of_its_major is None or version > last_of_its_major


def stored_version(path: Path) -> UserVersion:
    """The file's schema version (0.0: a new file), read through a read-only connection: closing a
    writable one would checkpoint a newer version's -wal file into a history this app must not touch."""
    if path.stat().st_size == 0:
        return NEW_FILE
    reader = sqlite3.connect(read_only_uri(path), uri=True, timeout=0.2)
    try:
        return UserVersion.from_int(reader.execute("PRAGMA user_version").fetchone()[0])
    finally:
        reader.close()


def refuse_newer(version: UserVersion) -> None:
    if is_newer(version):
        raise HistoryError(HistoryProblem.NEWER_SCHEMA, f"schema {version} is newer than this app's {SCHEMA_VERSION}")


def migrate(connection: sqlite3.Connection, path: Path, version: UserVersion) -> None:
    """Run the steps after version in one transaction, after a backup copy of a file that has data.

    A file of this major at this or a higher minor is used as it is: never written down to this version.
    """
    if version.major == SCHEMA_VERSION.major and version.minor >= SCHEMA_VERSION.minor:
        return
    if version != NEW_FILE:  # a copy of the old database first, so a failed migration loses nothing
        back_up(connection, backup_path(path))
    connection.execute("BEGIN IMMEDIATE")
    try:
        for step, function in MIGRATIONS:
            if step > version:
                function(connection)
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION.to_int()}")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def backup_path(path: Path) -> Path:
    """Where the copy made before an upgrade goes: history.sqlite3.before-v1.1 (the version upgraded to)."""
    return path.with_name(f"{path.name}.before-v{SCHEMA_VERSION}")


def back_up(connection: sqlite3.Connection, backup: Path) -> None:
    """Copy the database to backup: into a new file of its own, then renamed to that name, so a file
    or link already there is replaced, never written through. A failure here says nothing about the
    history itself: it is a HistoryError, never taken for damage (which would move the history aside)."""
    descriptor, temporary = tempfile.mkstemp(prefix=f".{backup.name}.", suffix=".tmp", dir=backup.parent)
    os.close(descriptor)
    try:
        target = sqlite3.connect(temporary)
        try:
            connection.backup(target)
        finally:
            target.close()
        os.replace(temporary, backup)
    except (sqlite3.Error, OSError) as error:
        with suppress(OSError):
            os.unlink(temporary)
        raise HistoryError(HistoryProblem.UNREADABLE, f"the backup before the upgrade failed: {error}") from None


def read_only_uri(path: Path) -> str:
    """A file: URI that opens path read-only; its authority is empty, so a Windows network path works too."""
    posix = path.resolve().as_posix()
    return "file://" + quote(posix if posix.startswith("/") else "/" + posix, safe="/:") + "?mode=ro"


def statements(script: str) -> list[str]:
    """Split a migration script into statements (triggers keep their inner semicolons)."""
    found, current = [], []
    for line in script.strip().splitlines():
        current.append(line)
        joined = "\n".join(current).strip()
        if joined.endswith(";") and sqlite3.complete_statement(joined):
            found.append(joined)
            current = []
    return found
