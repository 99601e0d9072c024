"""Conversation history in SQLite: never loses a sent prompt or a streamed answer.

WAL journal, schema versioned major.minor with one migration function per step (history_schema:
run in one transaction after a backup copy), a newer schema refused and left untouched, a corrupt
file moved aside, files user-only from creation. Rows are read by column name (history_rows),
search is history_search. A store object belongs to the thread that opened it (sqlite3 enforces that).
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from .config_file import write_private_file_atomically
from .errors import ErrorKind
from .history_attachments import ATTACHMENT_INSERT, parts_of_chat, salvageable_attachments, store_parts
from .history_rows import (CONVERSATION_COLUMNS, MESSAGE_COLUMNS, conversation_record, lenient_text, message_record,
                           salvageable_rows)
from .history_schema import NEW_FILE, migrate, read_only_uri, refuse_newer, stored_version
from .history_search import search_messages
from .history_versions import VERSION_COLUMNS, AnswerVersions, salvageable_versions
from .paths import open_private_file
from .records import (MESSAGE_ROLES, Conversation, HistoryError, HistoryProblem, Message, MessageState, SearchHit)

log = logging.getLogger(__name__)
CHAT_FIELDS = "id, title, updated, draft, created, model, profile, assistant"  # what a Conversation holds


def _problem_of(error: sqlite3.Error) -> HistoryProblem | None:
    """Locked and full are not corruption: such a database must never be thrown away."""
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return HistoryProblem.LOCKED
    if "full" in text or "disk i/o" in text:  # a file-size limit, a removed drive: cannot be written either
        return HistoryProblem.DISK_FULL
    return None


def _history_error(error: sqlite3.DatabaseError) -> HistoryError:
    if _is_corruption(error):
        return HistoryError(HistoryProblem.DAMAGED, str(error))
    return HistoryError(_problem_of(error) or HistoryProblem.UNREADABLE, str(error))


def _is_corruption(error: sqlite3.DatabaseError) -> bool:
    text = str(error).lower()
    return "not a database" in text or "malformed" in text or "corrupt" in text


class HistoryStore(AnswerVersions):
    def __init__(self, connection: sqlite3.Connection, path: Path, moved_aside: Path | None = None):
        self._db = connection
        self._db.row_factory = sqlite3.Row
        self.on_disk = path != Path(":memory:")  # in_memory(): a session that is not kept
        self.moved_aside = moved_aside  # where a corrupt database went, to tell the user
        self.salvaged = 0  # messages read back from it into the fresh history

    # --- opening --------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, verify: bool = False) -> "HistoryStore":
        """Open (creating or migrating); a damaged header is found here at once.

        verify=True also runs PRAGMA quick_check, which finds a damaged page too but reads the
        whole file (about 0.45 s for 200,000 messages): meant for a background check, not start-up.
        """
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        _refuse_links(path)
        moved_aside = None
        try:
            connection = cls._connect(path, verify)
        except sqlite3.DatabaseError as error:
            if not _is_corruption(error):  # locked, full, a failed migration: never thrown away
                raise HistoryError(_problem_of(error) or HistoryProblem.UNREADABLE, str(error)) from None
            moved_aside = cls._move_aside(path)
            connection = cls._connect(path, verify)
        store = cls(connection, path, moved_aside)
        try:
            store.remove_pending_import(pending_import_mark(path))
        except HistoryError as error:  # tried again at the next start; the mark stays
            log.error("an unfinished import could not be undone: %s", error)
        if moved_aside is not None:
            try:
                store.salvaged = store._salvage(moved_aside)
            except Exception as error:  # noqa: BLE001 - saving what can be read is a bonus; the fresh history works
                log.warning("nothing could be read back from the damaged history: %s", type(error).__name__)
        return store

    def _salvage(self, damaged: Path) -> int:
        """Copy what can still be read from a damaged history into this fresh one; returns the messages saved.

        Rows are read in batches, and a batch that hits a damaged page is read row by row, so one bad
        page loses only its own rows (history_rows.salvageable_rows). The versions of an answer not
        shown come along with their answer (history_versions.salvageable_versions).
        """
        chats, messages, journal = salvageable_rows(damaged)
        versions = salvageable_versions(damaged)
        attachments = salvageable_attachments(damaged)
        saved, saved_ids = 0, set()
        with self._atomic():
            self._db.executemany(f"INSERT INTO conversations({', '.join(CONVERSATION_COLUMNS)}) "
                                 f"VALUES ({', '.join(':' + name for name in CONVERSATION_COLUMNS)})", chats)
            for message in messages:
                try:
                    self._db.execute(f"INSERT INTO messages({', '.join(MESSAGE_COLUMNS)}) "
                                     f"VALUES ({', '.join(':' + name for name in MESSAGE_COLUMNS)})",
                                     {**message, "state": message["state"].value})
                    saved += 1
                    saved_ids.add(message["id"])
                except sqlite3.IntegrityError:
                    continue  # a damaged row (say, an unknown role): skipped, the rest is kept
                if message["id"] in journal:
                    self._db.execute("INSERT INTO journal(message_id, content, reasoning) VALUES (?, ?, ?)",
                                     (message["id"], *journal[message["id"]]))
            columns = ("message_id", "number", *VERSION_COLUMNS)
            self._db.executemany(f"INSERT INTO answer_versions({', '.join(columns)}) "
                                 f"VALUES ({', '.join(':' + name for name in columns)})",
                                 [version for version in versions if version["message_id"] in saved_ids])
            for row in attachments:
                if row[0] in saved_ids:
                    try:
                        self._db.execute(ATTACHMENT_INSERT, row)
                    except sqlite3.IntegrityError:
                        continue  # the same position twice in a garbled file: the first one is kept
        return saved

    @staticmethod
    def _connect(path: Path, verify: bool) -> sqlite3.Connection:
        try:  # user-only before SQLite writes; never through a link (one made since _refuse_links: ELOOP)
            os.close(open_private_file(path, os.O_WRONLY | os.O_EXCL))
        except FileExistsError:
            pass
        except OSError as error:
            raise HistoryError(HistoryProblem.UNREADABLE, f"{path} could not be created: {error.strerror}") from None
        previous_umask = os.umask(0o077)  # the -wal and -shm files too
        try:
            version = stored_version(path)
            refuse_newer(version)
            connection = sqlite3.connect(path, timeout=0.2, isolation_level=None)
            try:
                connection.execute("PRAGMA foreign_keys = ON")
                if verify and connection.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                    raise sqlite3.DatabaseError("database disk image is malformed (quick_check)")
                connection.execute("PRAGMA journal_mode = WAL")
                connection.execute("PRAGMA synchronous = NORMAL")
                migrate(connection, path, version)
            except BaseException:
                connection.close()
                raise
        finally:
            os.umask(previous_umask)
        return connection

    @staticmethod
    def _move_aside(path: Path) -> Path:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = path.with_name(f"{path.name}.corrupt-{stamp}")
        os.replace(path, aside)
        for suffix in ("-wal", "-shm"):
            extra = path.with_name(path.name + suffix)
            if extra.exists():
                os.replace(extra, aside.with_name(aside.name + suffix))
        return aside

    @classmethod
    def in_memory(cls) -> "HistoryStore":
        """A store that keeps this session only: used when the history file cannot be opened."""
        connection = sqlite3.connect(":memory:", isolation_level=None)
        connection.execute("PRAGMA foreign_keys = ON")
        migrate(connection, Path(":memory:"), NEW_FILE)
        return cls(connection, Path(":memory:"))

    def close(self) -> None:
        self._db.close()

    def _write(self, sql: str, parameters: tuple = ()) -> sqlite3.Cursor:
        try:
            return self._db.execute(sql, parameters)
        except sqlite3.DatabaseError as error:
            raise _history_error(error) from None

    def _read(self, sql: str, parameters: tuple = ()) -> list[sqlite3.Row]:
        """Rows of a query; a damaged page found on the way is a HistoryError (DAMAGED), not a crash.

        Text that is not UTF-8 (written by another program) is read with replacement characters: the
        query runs again with a decoding text factory, so the usual case keeps SQLite's fast decoding.
        """
        try:
            try:
                return self._db.execute(sql, parameters).fetchall()
            except sqlite3.OperationalError as error:
                if "decode" not in str(error).lower():
                    raise
                self._db.text_factory = lenient_text
                try:
                    return self._db.execute(sql, parameters).fetchall()
                finally:
                    self._db.text_factory = str
        except sqlite3.DatabaseError as error:
            raise _history_error(error) from None

    # --- conversations --------------------------------------------------------------------------

    def create_conversation(self, title: str = "", model: str = "", profile: str = "", assistant: str = "") -> int:
        now = time.time()
        return self._write("INSERT INTO conversations(title, created, updated, model, profile, assistant) "
                           "VALUES (?, ?, ?, ?, ?, ?)", (title, now, now, model, profile, assistant)).lastrowid

    def conversations(self, limit: int | None = None) -> list[Conversation]:
        """Newest first; limit None reads them all."""
        rows = self._read(f"SELECT {CHAT_FIELDS} FROM conversations ORDER BY updated DESC, id DESC LIMIT ?",
                          (-1 if limit is None else limit,))
        return [conversation_record(row) for row in rows]

    def rename(self, conversation_id: int, title: str) -> None:
        self._write("UPDATE conversations SET title = ? WHERE id = ?", (title.strip(), conversation_id))

    def delete(self, conversation_id: int) -> None:
        self._write("DELETE FROM conversations WHERE id = ?", (conversation_id,))

    def conversation(self, conversation_id: int) -> Conversation | None:
        rows = self._read(f"SELECT {CHAT_FIELDS} FROM conversations WHERE id = ?", (conversation_id,))
        return conversation_record(rows[0]) if rows else None

    def delete_empty(self, keep: int | None = None) -> None:
        """Chats opened but never used (no message, no draft) are not kept.

        Such a chat is always among the newest (it was never updated after its creation), so only
        those are looked at: start-up stays fast with a long history.
        """
        self._write("DELETE FROM conversations WHERE id IN (SELECT id FROM conversations "
                    "ORDER BY updated DESC, id DESC LIMIT 20) AND id IS NOT ? AND draft = '' AND NOT EXISTS "
                    "(SELECT 1 FROM messages WHERE conversation_id = conversations.id)", (keep,))

    def set_draft(self, conversation_id: int, draft: str) -> None:
        self._write("UPDATE conversations SET draft = ? WHERE id = ?", (draft, conversation_id))

    def set_model(self, conversation_id: int, model: str) -> None:
        """The model the chat asks from now on (its answers keep the model that wrote each)."""
        self._write("UPDATE conversations SET model = ? WHERE id = ?", (model, conversation_id))

    def set_profile(self, conversation_id: int, profile: str, model: str) -> None:
        """The profile the chat asks from now on, and its model there."""
        self._write("UPDATE conversations SET profile = ?, model = ? WHERE id = ?", (profile, model, conversation_id))

    def set_assistant(self, conversation_id: int, assistant: str) -> None:
        """The assistant the chat is asked with from now on (its answers so far stay as they were)."""
        self._write("UPDATE conversations SET assistant = ? WHERE id = ?", (assistant, conversation_id))

    # --- messages --------------------------------------------------------------------------------

    def messages(self, conversation_id: int) -> list[Message]:
        rows = self._read(
            "SELECT m.id, m.conversation_id, m.role, CASE m.state WHEN 'streaming' THEN COALESCE(j.content, m.content) "
            "ELSE m.content END AS content, m.state, m.model, m.prompt_tokens, m.completion_tokens, m.created, "
            "m.error_kind, CASE m.state WHEN 'streaming' THEN COALESCE(j.reasoning, m.reasoning) ELSE m.reasoning END "
            "AS reasoning FROM messages m LEFT JOIN journal j ON j.message_id = m.id "
            "WHERE m.conversation_id = ? ORDER BY m.id", (conversation_id,))
        # Rows another program wrote may hold any type in any column: a bad value is replaced, a message
        # with a role the app does not know is skipped.
        versions = self.shown_versions(conversation_id) if rows else {}
        if versions:  # answers regenerated: each knows which of its versions it is
            messages = [message_record(row, *versions.get(row["id"], (1, 1))) for row in rows
                        if row["role"] in MESSAGE_ROLES]
        else:
            messages = [message_record(row) for row in rows if row["role"] in MESSAGE_ROLES]
        parts = parts_of_chat(self._read, conversation_id) if rows else {}
        if parts:  # messages with attachments (history_attachments)
            messages = [replace(message, parts=parts[message.id]) if message.id in parts else message
                        for message in messages]
        return messages

    def add_message(self, conversation_id: int, role: str, content: str,
                    state: MessageState = MessageState.DONE, model: str = "", parts: tuple = ()) -> int:
        """Committed when this returns, with its attachments (parts): a user's prompt is safe before the
        request goes out. A chat's title is its first message's text (or, without text, its first
        attachment's name)."""
        now = time.time()
        title = " ".join(content.split()) or (parts[0].name if parts else "")
        with self._atomic():
            message_id = self._write(
                "INSERT INTO messages(conversation_id, role, content, state, model, created) VALUES (?, ?, ?, ?, ?, ?)",
                (conversation_id, role, content, state.value, model, now)).lastrowid
            store_parts(self._write, message_id, parts)
            self._write("UPDATE conversations SET updated = ?, title = CASE WHEN title = '' AND ? = 'user' "
                        "THEN substr(?, 1, 80) ELSE title END WHERE id = ?", (now, role, title, conversation_id))
        return message_id

    def journal(self, message_id: int, content: str, reasoning: str = "") -> None:
        """The answer (and its thinking) so far, while it streams; a crash keeps what was journaled."""
        self._write("INSERT INTO journal(message_id, content, reasoning) VALUES (?, ?, ?) "
                    "ON CONFLICT(message_id) DO UPDATE SET content = excluded.content, reasoning = excluded.reasoning",
                    (message_id, content, reasoning))

    @contextmanager
    def _atomic(self):
        """The writes inside land together or not at all; SQLite errors leave as HistoryError."""
        self._write("BEGIN IMMEDIATE")
        try:
            yield
            self._write("COMMIT")
        except BaseException as error:
            if self._db.in_transaction:  # SQLite may have rolled back already (disk full)
                self._db.execute("ROLLBACK")
            if isinstance(error, sqlite3.DatabaseError):
                raise _history_error(error) from None
            raise

    def _transaction(self, *statements: tuple[str, tuple]) -> list[sqlite3.Cursor]:
        """Several single statements, in one transaction."""
        with self._atomic():
            return [self._write(sql, parameters) for sql, parameters in statements]

    def finish(self, message_id: int, content: str, state: MessageState, prompt_tokens: int | None = None,
               completion_tokens: int | None = None, model: str | None = None,
               error_kind: ErrorKind | None = None, reasoning: str | None = None, index_later: bool = False) -> None:
        """The answer's final text and state (and model, if given); it is indexed for search from now on, or
        with index_later once index_pending() ran (a long answer's index is tens of milliseconds).

        error_kind: why a failed or cut-off answer ended so (read back as Message.error_kind); None
        clears an earlier one (a new version of the answer that worked). reasoning: the answer's
        thinking; None keeps the stored one (an answer continued).
        """
        with self._atomic():
            self._leave_for_index(message_id)
            self._write("UPDATE messages SET content = ?, state = ?, prompt_tokens = ?, completion_tokens = ?, "
                        "model = COALESCE(?, model), error_kind = ?, reasoning = COALESCE(?, reasoning) WHERE id = ?",
                        (content, state.value, prompt_tokens, completion_tokens, model,
                         None if error_kind is None else error_kind.value, reasoning, message_id))
            self._write("DELETE FROM journal WHERE message_id = ?", (message_id,))
            if not index_later:
                self._index_pending()

    def _leave_for_index(self, message_id: int) -> None:
        """In a transaction, before the message's text is replaced: its old text leaves the search index now
        (short: a streaming answer's is empty), the new one goes in with the pending ones (_index_pending)
        (history_schema._defer_answer_indexing)."""
        self._write("INSERT INTO messages_fts(messages_fts, rowid, content) SELECT 'delete', id, content "
                    "FROM messages WHERE id = ? AND NOT EXISTS (SELECT 1 FROM search_pending WHERE message_id = id)",
                    (message_id,))
        self._write("INSERT OR IGNORE INTO search_pending(message_id) VALUES (?)", (message_id,))

    def index_pending(self) -> int:
        """Put the text of the answers stored with index_later into the search index; how many.

        On a background thread on a connection of its own (index_pending_in_file), and at start for what a
        crash left."""
        with self._atomic():
            return self._index_pending()

    def _index_pending(self) -> int:
        indexed = self._write("INSERT INTO messages_fts(rowid, content) SELECT messages.id, messages.content "
                              "FROM messages JOIN search_pending ON search_pending.message_id = messages.id")
        self._write("DELETE FROM search_pending")
        return indexed.rowcount

    def mark_interrupted(self) -> int:
        """At start: answers still 'streaming' were cut by a crash or kill; their journal becomes their text."""
        marked, _journal = self._transaction(
            ("UPDATE messages SET state = ?, content = COALESCE((SELECT content FROM journal "
             "WHERE message_id = messages.id), content), reasoning = COALESCE((SELECT reasoning FROM journal "
             "WHERE message_id = messages.id), reasoning) WHERE state = ?",
             (MessageState.INTERRUPTED.value, MessageState.STREAMING.value)),
            ("DELETE FROM journal", ()))
        return marked.rowcount

    def delete_from(self, conversation_id: int, message_id: int) -> None:
        """Edit and resend: everything from this message on is replaced."""
        self._write("DELETE FROM messages WHERE conversation_id = ? AND id >= ?", (conversation_id, message_id))

    def import_conversations(self, conversations, pending_mark: Path | None = None) -> list[int]:
        """All or nothing: an error leaves the history as it was.

        With pending_mark (a background import on a connection of its own), the chats are stored in
        short transactions with pauses between them, so the window's own writes, which wait at most
        0.2 s, are never shut out for the seconds a big import takes. Before each transaction
        commits, the ids stored so far are written to pending_mark: an error deletes them again, and
        a crash or kill leaves the mark, which the next open() finds and undoes (remove_pending_import).
        """
        if pending_mark is None:
            with self._atomic():
                return list(dict.fromkeys(chat for chat, _messages in self._insert_chats(conversations)))
        ids: list[int] = []
        try:
            batch_started = time.monotonic()
            self._write("BEGIN IMMEDIATE")
            for chat, messages in self._insert_chats(conversations):
                if chat not in ids:
                    ids.append(chat)
                if messages and time.monotonic() - batch_started >= IMPORT_BATCH_SECONDS:
                    self._commit_import_batch(ids, pending_mark)
                    time.sleep(IMPORT_PAUSE_SECONDS)  # longer than SQLite's busy handler sleeps between tries
                    batch_started = time.monotonic()
                    self._write("BEGIN IMMEDIATE")
            self._commit_import_batch(ids, pending_mark)
        except BaseException as error:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            try:
                self._delete_chats(ids)
                pending_mark.unlink(missing_ok=True)
            except (HistoryError, OSError) as cleanup_error:  # the mark stays: the next start undoes it
                log.error("a failed import could not be undone now: %s", cleanup_error)
            if isinstance(error, sqlite3.DatabaseError):
                raise _history_error(error) from None
            raise
        pending_mark.unlink(missing_ok=True)
        return ids

    def _insert_chats(self, conversations):
        """Insert each chat and its messages; yields (chat id, messages stored) every few messages."""
        for conversation in conversations:
            updated = conversation.updated or time.time()
            chat = self._write("INSERT INTO conversations(title, created, updated) VALUES (?, ?, ?)",
                               (conversation.title, conversation.created or updated, updated)).lastrowid
            yield chat, 0
            messages = list(conversation.messages)
            insert = ("INSERT INTO messages(conversation_id, role, content, state, model, created, reasoning) "
                      "VALUES (?, ?, ?, 'done', ?, ?, ?)")
            for start in range(0, len(messages), IMPORT_MESSAGES_PER_STEP):
                step = messages[start:start + IMPORT_MESSAGES_PER_STEP]
                if not any(m.parts for m in step):
                    self._db.executemany(insert, [(chat, m.role, m.content, m.model, m.created or updated,
                                                   m.reasoning) for m in step])
                else:  # attachments need their message's id
                    for m in step:
                        message_id = self._db.execute(insert, (chat, m.role, m.content, m.model,
                                                               m.created or updated, m.reasoning)).lastrowid
                        store_parts(self._db.execute, message_id, m.parts)
                yield chat, len(step)

    def _commit_import_batch(self, ids: list[int], pending_mark: Path) -> None:
        write_private_file_atomically(pending_mark, json.dumps(ids).encode("ascii"))
        self._write("COMMIT")

    def _delete_chats(self, ids: list[int]) -> None:
        for start in range(0, len(ids), 500):
            with self._atomic():
                self._db.executemany("DELETE FROM conversations WHERE id = ?", [(i,) for i in ids[start:start + 500]])

    def remove_pending_import(self, pending_mark: Path) -> int:
        """An import cut off by a crash or kill: the chats it had stored go again. Returns how many."""
        try:
            ids = json.loads(pending_mark.read_bytes())
        except FileNotFoundError:
            return 0
        except (OSError, ValueError) as error:
            log.error("the mark of an unfinished import is unreadable (%s); its chats are kept", error)
            pending_mark.unlink(missing_ok=True)
            return 0
        ids = [i for i in ids if isinstance(i, int) and not isinstance(i, bool)] if isinstance(ids, list) else []
        self._delete_chats(ids)
        pending_mark.unlink(missing_ok=True)
        log.warning("removed the %d chats of an import that was cut off", len(ids))
        return len(ids)

    # --- search -----------------------------------------------------------------------------------

    def search(self, text: str, limit: int = 50) -> list[SearchHit]:
        """The newest messages holding every word typed, as a part of a word too (history_search)."""
        return search_messages(self._read, text, limit)


IMPORT_BUSY_TIMEOUT = 30.0  # seconds the import waits for the window's own short writes
IMPORT_BATCH_SECONDS = 0.1  # one transaction of an import holds the window's writes back this long at most
IMPORT_PAUSE_SECONDS = 0.06  # SQLite's busy handler tries again at least every 50 ms
IMPORT_MESSAGES_PER_STEP = 200


def import_into_file(path: Path, conversations) -> list[int]:
    """HistoryStore.import_conversations on a connection of its own, for a background thread: storing a
    big import takes seconds (about 5 s for 100 MB), too long for the GUI thread. It is stored in short
    transactions, all or nothing through the pending-import mark."""
    try:
        connection = sqlite3.connect(path, timeout=IMPORT_BUSY_TIMEOUT, isolation_level=None)
        connection.execute("PRAGMA foreign_keys = ON")
    except sqlite3.DatabaseError as error:
        raise _history_error(error) from None
    try:
        return HistoryStore(connection, path).import_conversations(conversations, pending_import_mark(path))
    finally:
        connection.close()


INDEX_BUSY_TIMEOUT = 5.0  # seconds the background indexing waits for the window's own short writes


def index_pending_in_file(path: Path) -> int:
    """HistoryStore.index_pending on a connection of its own, for a background thread: indexing a long answer
    takes tens of milliseconds, a stall if the window did it as the answer ends."""
    try:
        connection = sqlite3.connect(path, timeout=INDEX_BUSY_TIMEOUT, isolation_level=None)
    except sqlite3.DatabaseError as error:
        raise _history_error(error) from None
    try:
        return HistoryStore(connection, path).index_pending()
    finally:
        connection.close()


def pending_import_mark(path: Path) -> Path:
    """The ids an import has stored so far, while it runs: a start that finds it undoes that import."""
    return path.with_name(path.name + ".import-pending")


def repair_mark(path: Path) -> Path:
    """Left next to the history when the background check found damage: the next start repairs it."""
    return path.with_name(path.name + ".needs-repair")


def check_file(path: Path) -> bool:
    """PRAGMA quick_check on a connection of its own, read-only: for a background thread after start-up.

    False only when SQLite reports damage; a file it cannot open or that is busy counts as fine here.
    """
    try:
        connection = sqlite3.connect(read_only_uri(path), uri=True, timeout=5)
    except sqlite3.Error:
        return True
    try:
        return connection.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    except sqlite3.DatabaseError as error:
        return not _is_corruption(error)
    finally:
        connection.close()


def _refuse_links(path: Path) -> None:
    """The history (or its -wal or -shm file) as a symbolic link is not opened: SQLite would create a
    dangling link's target, write wherever the link points, and a link to something else than this
    history would be taken for damage."""
    for name in (path.name, path.name + "-wal", path.name + "-shm"):
        if path.with_name(name).is_symlink():
            raise HistoryError(HistoryProblem.LINKED, str(path.with_name(name)))
