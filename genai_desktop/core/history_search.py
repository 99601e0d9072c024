"""Search over every message: parts of words (the trigram index), and snippets as plain text.

Each word typed is looked for as a substring, case-insensitively: "tabelle" finds "Vergleichstabelle".
The index holds three characters at a time, so a word of one or two characters ("KI") cannot use it:
next to a longer word it filters that word's hits; a query of such words only looks in the chat
titles (a LIKE over every message took 64 ms for 200,000 messages when none held it; over the
titles it is a few ms), each hit showing the chat's first message.
Hits are newest first: ranking substrings (bm25 over trigrams) took 0.4 s for a common three letters.
An attachment (its name and text, an index of its own) is a hit of the message it came with when it holds
every word itself, as a message is: its snippet is from the attachment, which the hit names.
"""

from __future__ import annotations

import re
import sqlite3
from typing import Callable

from .history_rows import text_of
from .records import HIT_END, HIT_START, SearchHit

INDEXED_LENGTH = 3  # the trigram index finds words of at least this many characters
SNIPPET_CHARACTERS = 110  # about two lines of the sidebar
_CONTEXT_BEFORE = 35  # characters of the snippet before the first word found
_RAW_WINDOW = 600  # characters of the message around the first word found that are made plain

Rows = Callable[[str, tuple], list[sqlite3.Row]]


def search_messages(read: Rows, text: str, limit: int) -> list[SearchHit]:
    """The newest messages holding every word of text; read runs a query (HistoryStore._read)."""
    words = text.split()
    if not words:
        return []
    indexed = [word for word in words if len(word) >= INDEXED_LENGTH]
    short = [word for word in words if len(word) < INDEXED_LENGTH]
    like = "".join(" AND m.content LIKE ? ESCAPE '\\'" for _word in short)
    patterns = tuple(f"%{_like_escaped(word)}%" for word in short)
    if indexed:
        query = " ".join('"' + word.replace('"', '""') + '"' for word in indexed)  # user text is never FTS syntax
        rows = read(
            "SELECT c.id AS chat_id, m.id AS message_id, c.title AS title, m.content AS content, '' AS attachment "
            "FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid "
            "JOIN conversations c ON c.id = m.conversation_id "
            f"WHERE messages_fts MATCH ?{like} ORDER BY messages_fts.rowid DESC LIMIT ?", (query, *patterns, limit))
        rows = _newest_first(rows, _attachment_rows(read, query, indexed, short, patterns, limit), limit)
    else:
        titled = "".join(" AND c.title LIKE ? ESCAPE '\\'" for _word in short)
        rows = read(
            "SELECT c.id AS chat_id, m.id AS message_id, c.title AS title, m.content AS content, '' AS attachment "
            "FROM conversations c JOIN messages m ON m.id = "
            "(SELECT MIN(first.id) FROM messages first WHERE first.conversation_id = c.id) "
            f"WHERE 1{titled} ORDER BY c.updated DESC, c.id DESC LIMIT ?", (*patterns, limit))
    return [SearchHit(row["chat_id"], row["message_id"], text_of(row["title"]),
                      snippet(text_of(row["content"]), words) if row["content"] or not row["attachment"]
                      else "", text_of(row["attachment"]))
            for row in rows]


def _attachment_rows(read: Rows, query: str, indexed: list[str], short: list[str], patterns: tuple,
                     limit: int) -> list[dict]:
    """The newest attachments holding every word (the short ones in their name or text), with their message;
    of a document's text (a long PDF's is megabytes) the part around the first word found, for the snippet."""
    like = "".join(" AND (a.text LIKE ? ESCAPE '\\' OR a.name LIKE ? ESCAPE '\\')" for _word in short)
    rows = read(
        "SELECT c.id AS chat_id, m.id AS message_id, c.title AS title, a.name AS attachment, a.text AS content "
        "FROM attachments_fts JOIN attachments a ON a.id = attachments_fts.rowid "
        "JOIN messages m ON m.id = a.message_id JOIN conversations c ON c.id = m.conversation_id "
        f"WHERE attachments_fts MATCH ?{like} ORDER BY attachments_fts.rowid DESC LIMIT ?",
        (query, *(pattern for pattern in patterns for _twice in range(2)), limit))
    return [{**dict(zip(row.keys(), row)), "content": _around(text_of(row["content"]), indexed)} for row in rows]


def _around(text: str, words: list[str]) -> str:
    """The part of text around the first of words in it (case-insensitively), as snippet() reads it: a
    regular expression over a whole long text costs about 20 ms per megabyte, str.find a tenth of that."""
    if len(text) <= 2 * _RAW_WINDOW:
        return text
    folded = text.lower()
    found = [at for at in (folded.find(word.lower()) for word in words) if at != -1]
    if not found or len(folded) != len(text):  # lower() changed the length ("İ"): positions differ, all of it
        return text
    return text[max(0, min(found) - _RAW_WINDOW):min(found) + _RAW_WINDOW * 2]


def _newest_first(in_messages: list, in_attachments: list, limit: int) -> list:
    """Both lists of hits as one, newest message first, each message once (its own text before its attachments')."""
    if not in_attachments:
        return in_messages
    merged, seen = [], set()
    for row in sorted([*in_messages, *in_attachments], key=lambda row: (-row["message_id"], bool(row["attachment"]))):
        if row["message_id"] not in seen:
            seen.add(row["message_id"])
            merged.append(row)
    return merged[:limit]


def _like_escaped(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def snippet(content: str, words: list[str]) -> str:
    """The plain text (no Markdown syntax) around the first word found, each word found between
    HIT_START and HIT_END, with "…" where text was cut."""
    found = _finder(words)
    first = found.search(content) if found else None
    at = first.start() if first else 0
    start = max(0, at - _RAW_WINDOW // 2)
    window = content[start:at + _RAW_WINDOW // 2]
    if start > 0:  # the first line may be cut: its Markdown is not recognised as such
        window = window.split("\n", 1)[-1] if "\n" in window[:_RAW_WINDOW // 2] else window
    plain = plain_text(window)
    first = found.search(plain) if found else None
    begin = max(0, first.start() - _CONTEXT_BEFORE) if first else 0
    if begin > 0:  # from a word's start
        space = plain.find(" ", begin, first.start())
        begin = space + 1 if space != -1 else begin
    end = min(len(plain), max(begin + SNIPPET_CHARACTERS, first.end() if first else 0))
    if end < len(plain):  # to a word's end
        space = plain.rfind(" ", first.end() if first else begin, end)
        end = space if space > begin else end
    shown = plain[begin:end]
    if found:
        shown = found.sub(lambda match: f"{HIT_START}{match.group(0)}{HIT_END}", shown)
    cut_before = begin > 0 or start > 0
    cut_after = end < len(plain) or start + len(window) < len(content)
    return ("…" if cut_before else "") + shown + ("…" if cut_after else "")


def _finder(words: list[str]) -> re.Pattern | None:
    words = sorted({word for word in words if word}, key=len, reverse=True)  # the longest first where they overlap
    return re.compile("|".join(map(re.escape, words)), re.IGNORECASE) if words else None


_FENCE = re.compile(r"^\s*(`{3,}|~{3,}).*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_THEMATIC_BREAK = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
_LINE_START = re.compile(r"^\s*(?:#{1,6}(?=\s|$)|>+|[-*+](?=\s)|\d{1,9}[.)](?=\s))\s*")
_CLOSING_HASHES = re.compile(r"\s+#+\s*$")
_IMAGE_OR_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
_AUTOLINK = re.compile(r"<((?:https?|mailto|ftp):[^>\s]*)>", re.IGNORECASE)
_STARS_OR_STRIKE = re.compile(r"(\*{1,3}|~~)(?=\S)(.+?)(?<=\S)\1")
_UNDERSCORES = re.compile(r"(?<!\w)(_{1,3})(?=\S)(.+?)(?<=\S)\1(?!\w)")  # never inside snake_case
_LEFTOVER_MARKS = re.compile(r"\*{2,}|~~|`+|(?<!\w)_{2,}|_{2,}(?!\w)")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def plain_text(markdown: str) -> str:
    """Markdown as the words a reader sees, on one line: no fences, table pipes or rules, heading and
    quote marks, list bullets, emphasis marks, backticks or link targets. HTML stays as the text it
    is (the transcript shows it as text, never as markup)."""
    lines = []
    for line in markdown.splitlines():
        if _FENCE.match(line) or _TABLE_RULE.match(line) and "-" in line or _THEMATIC_BREAK.match(line):
            continue
        line = _CLOSING_HASHES.sub("", line) if line.lstrip().startswith("#") else line
        line = _LINE_START.sub("", line)
        if "|" in line:  # a table row: its cells, apart
            line = " · ".join(cell.strip() for cell in re.split(r"(?<!\\)\|", line) if cell.strip())
        lines.append(line)
    text = " ".join(" ".join(lines).split())
    text = _IMAGE_OR_LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    for _nesting in range(3):  # ***both*** and **_nested_** marks
        text = _UNDERSCORES.sub(r"\2", _STARS_OR_STRIKE.sub(r"\2", text))
    text = _LEFTOVER_MARKS.sub("", text)  # the other half of a pair cut off at the window's edge
    text = _ESCAPE.sub(r"\1", text)
    return " ".join(text.split())
