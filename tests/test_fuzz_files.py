"""Property-based tests (Hypothesis) of the files that come from outside: the settings file, history rows
another program (or a damaged disk) wrote, and both importers (issue 9).

Each runs a few hundred examples in a few seconds. Examples that found bugs are kept as @example.
"""

from __future__ import annotations

import dataclasses
import json
import math
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from genai_desktop.core import records, transfer
from genai_desktop.core.config_file import load_settings, save_settings
from genai_desktop.core.errors import ErrorKind
from genai_desktop.core.history import HistoryStore
from genai_desktop.core.records import TOKEN_COUNT_LIMIT, Conversation, HistoryError, Message, MessageState, SearchHit
from genai_desktop.core.settings import Settings, apply_environment

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow])

# Text with lone surrogates too ("\ud800" is valid JSON and valid Python, but no UTF-8).
any_text = st.text(st.one_of(st.characters(), st.integers(0xD800, 0xDFFF).map(chr)), max_size=20)
json_scalars = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
                         st.floats(allow_nan=True, allow_infinity=True), any_text)
json_values = st.recursive(json_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(any_text, inner, max_size=4)), max_leaves=12)


# --- the settings loader ------------------------------------------------------------------------------------

SETTING_NAMES = list(Settings().to_json_dict())


def assert_usable(loaded: Settings) -> None:
    """What the app does with settings: write them back, apply the environment, ask SQLite for the chat."""
    assert isinstance(loaded, Settings)
    json.dumps(loaded.to_json_dict(), ensure_ascii=False, allow_nan=False).encode("utf-8")
    assert 0 <= loaded.open_conversation <= 2**63 - 1
    assert loaded.window_geometry.isascii() and loaded.sidebar_state.isascii()
    for name in ("connect_timeout", "read_timeout"):
        assert 0 < getattr(loaded, name) <= 86400
    assert 0 <= loaded.font_point_size <= 200
    assert loaded.temperature is None or 0 <= loaded.temperature <= 2
    for declared in dataclasses.fields(Settings):  # each value is one its declaration reads back unchanged
        value = getattr(loaded, declared.name)
        assert declared.metadata["read"](value) == value, declared.name
    apply_environment(loaded, {"OPENAI_BASE_URL": "http://localhost:1/v1"})


# Besides any JSON value: the defaults of every declared setting, so a field meets the others' types.
DECLARED_DEFAULTS = st.sampled_from([declared.default for declared in dataclasses.fields(Settings)])


@FUZZ
@given(st.dictionaries(st.one_of(st.sampled_from(SETTING_NAMES), any_text),
                       st.one_of(json_values, DECLARED_DEFAULTS), max_size=8))
@example({"open_conversation": 2**63})
@example({"model": "\ud800", "window_geometry": "\u00e4", "font_point_size": 1e6})
def test_settings_from_any_json_object_are_usable(data):
    assert_usable(Settings.from_json_dict(data))


@FUZZ
@given(st.dictionaries(st.sampled_from(["OPENAI_BASE_URL", "GENAI_DESKTOP_MODEL", "GENAI_DESKTOP_LOG_LEVEL"]),
                       st.one_of(any_text, st.sampled_from(["debug", " Warning ", "LOUD", " "])), max_size=3))
def test_environment_overrides_pass_the_same_declarations(environ):
    effective = apply_environment(Settings(), environ)
    assert_usable(effective.effective)
    for name in effective.from_environment:
        declared = next(f for f in dataclasses.fields(Settings) if f.name == name)
        assert environ[declared.metadata["environment"]].strip()


@FUZZ
@given(st.one_of(st.binary(max_size=200), json_values.map(lambda value: json.dumps(value).encode()),
                 st.integers(1, 200_000).map(lambda depth: b"[" * depth)))
@example(b"[" * 100_000)
def test_the_settings_file_with_any_bytes_loads_usable_settings(tmp_path_factory, raw):
    path = tmp_path_factory.mktemp("settings") / "settings.json"
    path.write_bytes(raw)
    loaded = load_settings(path)
    assert_usable(loaded.settings)
    if loaded.moved_aside is not None:
        assert loaded.moved_aside.read_bytes() == raw and not path.exists()
    save_settings(path, loaded.settings)
    assert load_settings(path).settings == loaded.settings


# --- history rows of any type ---------------------------------------------------------------------------------

# A value of any SQLite storage class; ("bad-utf8", b) is stored as TEXT that is not UTF-8.
sqlite_values = st.one_of(
    st.none(), st.integers(min_value=-(2**63), max_value=2**63 - 1), st.floats(allow_nan=False),
    st.sampled_from([math.inf, -math.inf]), any_text.map(lambda text: text.encode("utf-8", "surrogatepass")
                                                         .decode("utf-8", "replace")),
    st.binary(max_size=12), st.binary(min_size=1, max_size=8).map(lambda raw: ("bad-utf8", raw + b"\xff")),
    st.sampled_from([state.value for state in MessageState] + ["user", "assistant", "system"]
                    + [kind.value for kind in ErrorKind]))

CONVERSATION_COLUMNS = ("id", "title", "created", "updated", "draft", "model")
MESSAGE_COLUMNS = ("id", "conversation_id", "role", "content", "state", "model", "prompt_tokens",
                   "completion_tokens", "created", "error_kind")


def rows(columns, small_ids: bool):
    ids = st.integers(1, 6) if small_ids else sqlite_values
    return st.lists(st.tuples(ids, *[sqlite_values] * (len(columns) - 1)), max_size=6)


def insert(db: sqlite3.Connection, table: str, columns: tuple[str, ...], row: tuple) -> None:
    marks = ", ".join("CAST(? AS TEXT)" if isinstance(value, tuple) else "?" for value in row)
    values = [value[1] if isinstance(value, tuple) else value for value in row]
    try:
        db.execute(f"INSERT INTO {table}({', '.join(columns)}) VALUES ({marks})", values)
    except sqlite3.Error:
        pass  # NOT NULL, a duplicate or non-integer key: SQLite itself refuses such a row


@pytest.fixture(scope="module")
def empty_history(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "history.sqlite3"
    HistoryStore.open(path).close()
    return path


@FUZZ
@given(rows(CONVERSATION_COLUMNS, small_ids=True), rows(MESSAGE_COLUMNS, small_ids=False),
       st.lists(st.tuples(st.integers(1, 8), sqlite_values), max_size=3), any_text)
def test_history_rows_of_any_type_read_as_declared_or_as_history_errors(tmp_path_factory, empty_history, chats,
                                                                        messages, journal, query):
    path = tmp_path_factory.mktemp("history") / "history.sqlite3"
    shutil.copy(empty_history, path)
    db = sqlite3.connect(path)
    db.execute("PRAGMA ignore_check_constraints = ON")  # a role the table would refuse, too
    for row in chats:
        insert(db, "conversations", CONVERSATION_COLUMNS, row)
    for row in messages:
        # Messages must belong to a chat the test reads; their ids are any value SQLite takes as a key.
        insert(db, "messages", MESSAGE_COLUMNS, row)
    for message_id, content in journal:
        insert(db, "journal", ("message_id", "content"), (message_id, content))
    db.commit()
    db.close()
    try:
        store = HistoryStore.open(path)
    except HistoryError:
        return
    try:
        try:
            store.mark_interrupted()
            store.delete_empty()
            chats_read = store.conversations()
            for chat in chats_read:
                assert_conversation(chat)
                assert_conversation(store.conversation(chat.id))
            for chat_id in {*(chat.id for chat in chats_read), *range(1, 7)}:
                for message in store.messages(chat_id):
                    assert_message(message, chat_id)
            hits = store.search(query.encode("utf-8", "surrogatepass").decode("utf-8", "replace"))
            for hit in hits + store.search("a"):
                assert isinstance(hit, SearchHit) and isinstance(hit.conversation_id, int)
                assert isinstance(hit.message_id, int) and isinstance(hit.title, str) and isinstance(hit.snippet, str)
                hit.snippet.encode("utf-8")  # text the sidebar can show
        except HistoryError:
            pass
    finally:
        store.close()


# --- search snippets: plain text whatever the Markdown ----------------------------------------------------------

plain_words = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzäöüßABCXYZ0123456789"), min_size=1, max_size=8)
markdown_blocks = st.one_of(
    st.lists(plain_words, min_size=1, max_size=4).map(lambda words: "#" * 2 + " " + " ".join(words)),
    st.lists(plain_words, min_size=1, max_size=4).map(lambda words: "| " + " | ".join(words) + " |\n|"
                                                      + "---|" * len(words)),
    st.tuples(plain_words, plain_words).map(lambda pair: f"```{pair[0]}\n{pair[1]}\n```"),
    st.tuples(plain_words, st.sampled_from(["**", "*", "`", "~~", "__"])).map(lambda pair: pair[1] + pair[0] + pair[1]),
    st.tuples(plain_words, plain_words).map(lambda pair: f"[{pair[0]}](https://example.com/{pair[1]})"),
    st.lists(plain_words, min_size=1, max_size=4).map(lambda words: "- " + " ".join(words)),
    st.lists(plain_words, min_size=1, max_size=4).map(lambda words: "> " + " ".join(words)),
    plain_words)


@settings(max_examples=300, deadline=None)
@given(st.lists(markdown_blocks, min_size=1, max_size=12), st.integers(0, 40))
def test_snippets_of_any_markdown_are_plain_text_around_the_word_found(blocks, pick):
    """Headings, tables, fences, emphasis, code, links, lists and quotes of any words: the snippet holds
    the words a reader sees (the first one found marked) and none of the syntax."""
    from genai_desktop.core.history_search import SNIPPET_CHARACTERS, plain_text, snippet

    markdown = "\n\n".join(blocks)
    words = plain_text(markdown).replace(" · ", " ").split()
    word = words[pick % len(words)]
    found = snippet(markdown, [word])
    shown = found.replace(records.HIT_START, "").replace(records.HIT_END, "")
    for syntax in ("|", "##", "```", "**", "`", "~~", "](", "---", "> ", "- "):
        assert syntax not in shown, (syntax, markdown, found)
    assert f"{records.HIT_START}" in found and len(shown) <= SNIPPET_CHARACTERS + len(word) + 2
    assert word.lower() in shown.lower()


@settings(max_examples=300, deadline=None)
@given(any_text.map(lambda text: records.utf8_text(text) * 7), st.lists(any_text, max_size=3))
def test_a_snippet_of_any_text_is_short_text(content, words):
    from genai_desktop.core.history_search import SNIPPET_CHARACTERS, snippet

    words = [records.utf8_text(word) for word in words]
    found = snippet(content, words)
    assert isinstance(found, str)
    longest = max((len(word) for word in words), default=0)
    assert len(found.replace(records.HIT_START, "").replace(records.HIT_END, "")) <= SNIPPET_CHARACTERS + longest + 2


def assert_conversation(chat: Conversation) -> None:
    assert isinstance(chat.id, int) and isinstance(chat.title, str) and isinstance(chat.draft, str)
    assert isinstance(chat.model, str)
    assert type(chat.updated) is float and type(chat.created) is float
    assert math.isfinite(chat.updated) and math.isfinite(chat.created)


def assert_message(message: Message, chat_id: int) -> None:
    assert isinstance(message.id, int) and message.conversation_id == chat_id
    assert message.role in ("system", "user", "assistant")
    assert isinstance(message.content, str) and isinstance(message.model, str)
    assert isinstance(message.state, MessageState)
    for count in (message.prompt_tokens, message.completion_tokens):
        assert count is None or (type(count) is int and 0 <= count <= TOKEN_COUNT_LIMIT)
    assert type(message.created) is float and math.isfinite(message.created)
    assert message.error_kind is None or isinstance(message.error_kind, ErrorKind)


# --- both importers -------------------------------------------------------------------------------------------

maybe = lambda strategy: st.one_of(strategy, json_values)  # noqa: E731 - the right type, or anything at all
times = st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True), st.integers(-(2**70), 2**70))

app_messages = st.fixed_dictionaries(
    {"role": maybe(st.sampled_from(records.MESSAGE_ROLES)), "content": maybe(any_text)},
    optional={"model": maybe(any_text), "created": maybe(times)})
app_exports = st.fixed_dictionaries({
    "format": st.just(transfer.APP_FORMAT), "version": maybe(st.just(transfer.APP_FORMAT_VERSION)),
    "conversations": maybe(st.lists(maybe(st.fixed_dictionaries(
        {"messages": maybe(st.lists(maybe(app_messages), max_size=4))},
        optional={"title": maybe(any_text), "created": maybe(times), "updated": maybe(times)})), max_size=3))})

node_ids = st.sampled_from(["a", "b", "c", "d"])
chatgpt_messages = st.fixed_dictionaries({}, optional={
    "author": maybe(st.fixed_dictionaries({"role": maybe(st.sampled_from(["user", "assistant", "system", "tool"]))})),
    "content": maybe(st.fixed_dictionaries({}, optional={
        "content_type": maybe(st.sampled_from(["text", "code", "multimodal_text", "image"])),
        "parts": maybe(st.lists(maybe(any_text), max_size=3)), "text": maybe(any_text)})),
    "create_time": maybe(times), "metadata": maybe(st.fixed_dictionaries({}, optional={"model_slug": maybe(any_text)}))})
chatgpt_nodes = st.fixed_dictionaries({}, optional={
    "parent": maybe(st.one_of(st.none(), node_ids)), "children": maybe(st.lists(node_ids, max_size=3)),
    "message": maybe(chatgpt_messages)})
chatgpt_exports = st.lists(st.fixed_dictionaries(
    {"mapping": maybe(st.dictionaries(node_ids, maybe(chatgpt_nodes), max_size=4))},
    optional={"current_node": maybe(st.one_of(st.none(), node_ids)), "title": maybe(any_text),
              "create_time": maybe(times), "update_time": maybe(times)}), max_size=3)


def assert_imports_whole_or_refused(data: bytes) -> None:
    try:
        parsed = transfer.parse_import(data)
    except transfer.ImportProblem:
        return
    for conversation in parsed:
        assert isinstance(conversation.title, str)
        assert all(type(value) is float and 0 <= value <= records.LATEST_TIME
                   for value in (conversation.created, conversation.updated))
        for message in conversation.messages:
            assert message.role in records.MESSAGE_ROLES and isinstance(message.content, str)
            assert isinstance(message.model, str) and type(message.created) is float
    store = HistoryStore.in_memory()
    try:
        ids = store.import_conversations(parsed)  # valid data is stored whole: no error at all
        assert len(ids) == len(parsed)
        assert [len(store.messages(chat_id)) for chat_id in ids] == [len(c.messages) for c in parsed]
        for chat_id, conversation in zip(ids, parsed):
            assert [m.content for m in store.messages(chat_id)] == [m.content for m in conversation.messages]
    finally:
        store.close()


@FUZZ
@given(app_exports)
@example({"format": "genai-desktop", "version": 1, "conversations": [
    {"title": "\ud800", "messages": [{"role": "user", "content": "\udfff", "created": 1e400}]}]})
def test_the_app_importer_refuses_or_imports_whole(document):
    assert_imports_whole_or_refused(json.dumps(document).encode("utf-8"))


@FUZZ
@given(chatgpt_exports)
@example([{"mapping": {"a": {"message": {"author": {"role": "user"}, "content": {"parts": ["\ud83d"]}}}}}])
def test_the_chatgpt_importer_refuses_or_imports_whole(document):
    assert_imports_whole_or_refused(json.dumps(document).encode("utf-8"))


@FUZZ
@given(st.one_of(st.binary(max_size=100), json_values.map(lambda value: json.dumps(value).encode("utf-8"))))
@example(b"[" * 100_000)
@example(b"1" * 5000)
def test_the_importers_refuse_any_other_file_with_an_import_problem(data):
    assert_imports_whole_or_refused(data)


json_texts = st.one_of(json_values.map(lambda value: json.dumps(value, indent=None)),
                       json_values.map(lambda value: json.dumps(value, indent=2)),
                       st.text(alphabet='[]{}:," \n0123456789.-eEtruefalsnNI\\', max_size=40))


@FUZZ
@given(json_texts)
@example('[{"a": [1, 2]}, {}] x')
@example('{"a": [1, {"b": ')
def test_the_piecewise_json_reader_reads_what_json_loads_reads(text):
    """The importer decodes big files piece by piece (the window keeps drawing); same result as json.loads."""
    try:
        expected = json.dumps(json.loads(text))
    except (ValueError, RecursionError):
        with pytest.raises(transfer.ImportProblem):
            transfer._loaded(text)
        return
    assert json.dumps(transfer._loaded(text)) == expected


# --- one rule for storable text and showable dates (records.py), used by the history, the importers
# and the settings loader alike ---------------------------------------------------------------------

any_time = st.one_of(st.none(), st.booleans(), st.integers(min_value=-2**70, max_value=2**70),
                     st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=5))


@settings(max_examples=300, deadline=None)
@given(value=any_time)
def test_one_date_rule_for_the_history_and_the_importers(value):
    from genai_desktop.core import history_rows

    shown = records.shown_time(value)
    if shown is not None:
        assert type(shown) is float and 0 <= shown <= records.LATEST_TIME and shown == value
    assert history_rows.time_of(value, -1.0) == (-1.0 if shown is None else shown)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        assert transfer._number(value, "here") == (0.0 if shown is None else shown)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(any_text, st.text(alphabet="a\0\ud800\udfff\u00e9", max_size=10)))
def test_one_utf8_rule_for_the_history_the_importers_and_the_settings(text):
    from genai_desktop.core import settings as settings_module

    stored = records.utf8_text(text)
    stored.encode("utf-8")  # always storable
    assert len(stored) == len(text)
    assert (stored == text) is records.is_utf8_text(text)
    assert settings_module._storable_text(text) is (records.is_utf8_text(text) and "\0" not in text)
    decoded = records.decoded_text(text.encode("utf-8", "surrogatepass"))  # a BLOB in the history
    decoded.encode("utf-8")
    assert (decoded == text) is records.is_utf8_text(text)
