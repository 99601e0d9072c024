"""A hostile or broken server, through the real window: absurd usage numbers, decompression bombs,
redirects to another origin, a key echoed in a header. Nothing gets stuck, nothing leaks, the
answer so far is kept and the next request works."""

from __future__ import annotations

import json
import logging
import tracemalloc

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from PySide6.QtCore import Qt

from conftest import TEST_KEY, send_prompt, transcript_text, wait_idle
from fake_openai_server import GiB, FakeOpenAIServer
from genai_desktop.core import http_client, llm
from genai_desktop.core.chat import ChatRequest
from genai_desktop.core.errors import ChatError, ErrorKind
from genai_desktop.core.lazy import load_sdk
from genai_desktop.core.logsetup import setup_logging

REPLY = "alpha beta gamma delta epsilon zeta eta theta."
PARTIAL = "alpha beta gamma"  # the first three tokens the bomb modes send before the bomb
MiB = 2**20
SLACK = 16 * MiB  # what a request costs besides the body it reads (the SDK, parsing, the window)


def everything_shown(window) -> str:
    banner = window.errorBanner
    return " ".join([transcript_text(window), banner.titleLabel.text(), banner.adviceLabel.text(),
                     banner.detailLabel.text(), window.usageLabel.text(), window.statusBar().currentMessage()])


def open_dialog(qtbot, window):
    window.settingsAction.trigger()
    qtbot.waitUntil(lambda: window._settings_dialog is not None and window._settings_dialog.isVisible())
    return window._settings_dialog


def assert_recovers(qtbot, window, api_server) -> None:
    """Send is on again and the next request is answered."""
    assert not window.controller.session.busy
    assert window.sendButton.isEnabled()
    api_server.set_mode("normal", reply="Recovered fine.")
    send_prompt(qtbot, window, "again")
    wait_idle(qtbot, window)
    assert "Recovered fine." in transcript_text(window)
    assert not window.errorBanner.isVisible()


class PeakMemory:
    """Peak Python allocations (tracemalloc) while the block runs, above what was allocated before.

    The SDK is loaded first: importing it is not what is measured.
    """

    def __enter__(self):
        load_sdk()
        tracemalloc.start()
        self._base = tracemalloc.get_traced_memory()[0]
        return self

    def __exit__(self, *exc_info):
        self.peak = tracemalloc.get_traced_memory()[1] - self._base
        tracemalloc.stop()


# --- point 2: absurd usage numbers -------------------------------------------------------------

@pytest.mark.parametrize("count", [10**30, 1.5e300, "abc", -12, 2**63, 12.5, [3], {"n": 3}],
                         ids=repr)
def test_absurd_token_counts_never_stop_a_turn(qtbot, make_window, api_server, count):
    api_server.set_mode("normal", reply=REPLY, usage={"prompt_tokens": count, "completion_tokens": count,
                                                      "total_tokens": count})
    window = make_window()
    send_prompt(qtbot, window, "count this")
    wait_idle(qtbot, window)
    assert REPLY in transcript_text(window)
    assert not window.errorBanner.isVisible()
    turn = window.controller.session.shown.turns[-1]
    assert turn.finished and (turn.prompt_tokens, turn.completion_tokens) == (None, None)
    assert window.usageLabel.text() == ""  # no count rather than a wrong one
    shown = everything_shown(window)
    assert "-12" not in shown and "abc" not in shown and "Tokens:" not in shown
    assert_recovers(qtbot, window, api_server)


def test_a_sane_count_next_to_an_absurd_one_is_kept(qtbot, make_window, api_server, app_home):
    api_server.set_mode("normal", reply=REPLY, usage={"prompt_tokens": 7, "completion_tokens": -12})
    window = make_window()
    send_prompt(qtbot, window, "count this")
    wait_idle(qtbot, window)
    turn = window.controller.session.shown.turns[-1]
    assert (turn.prompt_tokens, turn.completion_tokens) == (7, 0)
    assert "-12" not in everything_shown(window)
    assert window.usageLabel.text() == "This chat: 7 tokens"
    stored = window.controller.guard.history.messages(window.controller.session.conversation_id)[-1]
    assert (stored.prompt_tokens, stored.completion_tokens) == (7, 0)


# --- point 3: decompression bombs -------------------------------------------------------------

def test_a_bomb_in_the_stream_keeps_the_answer_so_far_and_memory_bounded(qtbot, make_window, api_server):
    api_server.set_mode("gzip_bomb", reply=REPLY, expanded=GiB)  # 3 tokens, then one endless line
    window = make_window(read_timeout=10.0)
    with PeakMemory() as memory:
        send_prompt(qtbot, window, "tell me the letters")
        wait_idle(qtbot, window, timeout=60000)
    assert memory.peak < http_client.MAX_SSE_LINE_BYTES + SLACK, f"{memory.peak / MiB:.0f} MiB"
    banner = window.errorBanner
    assert banner.isVisible()
    assert "The server sent more than 8 MB" in banner.titleLabel.text()
    assert PARTIAL in transcript_text(window) and "Answer cut off" in transcript_text(window)
    assert window.controller.session.shown.turns[-1].answer == "alpha beta gamma "
    assert_recovers(qtbot, window, api_server)


def test_a_bomb_as_an_error_body_is_not_read_whole(qtbot, make_window, api_server):
    api_server.set_mode("gzip_bomb", status=403, expanded=GiB)
    window = make_window(read_timeout=10.0)
    with PeakMemory() as memory:
        send_prompt(qtbot, window, "hello")
        wait_idle(qtbot, window, timeout=60000)
    assert memory.peak < http_client.MAX_ERROR_BODY_BYTES + SLACK, f"{memory.peak / MiB:.0f} MiB"
    banner = window.errorBanner
    assert "The server sent more than 1 MB" in banner.titleLabel.text()
    assert "HTTP status 403" in banner.detailLabel.text()
    assert window.promptEdit.toPlainText() == "" and "hello" in transcript_text(window)  # not back in the box
    assert_recovers(qtbot, window, api_server)


def test_a_bomb_as_the_model_list_is_not_read_whole(qtbot, make_window, api_server):
    api_server.set_mode("gzip_bomb", expanded=GiB)
    window = make_window(read_timeout=10.0)
    dialog = open_dialog(qtbot, window)
    with PeakMemory() as memory:
        qtbot.mouseClick(dialog.loadModelsButton, Qt.LeftButton)
        qtbot.waitUntil(lambda: dialog.loadModelsButton.isEnabled(), timeout=60000)
    assert memory.peak < http_client.MAX_BODY_BYTES + SLACK, f"{memory.peak / MiB:.0f} MiB"
    assert "The server sent more than 16 MB" in dialog.testResultLabel.text()
    assert dialog.modelCombo.currentText() == "fake-model"
    api_server.set_mode("normal")
    qtbot.mouseClick(dialog.loadModelsButton, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.modelCombo.count() == 2, timeout=10000)
    dialog.reject()


def sse_event(content: str) -> bytes:
    chunk = {"id": "c", "object": "chat.completion.chunk", "created": 0, "model": "fake-model",
             "choices": [{"index": 0, "delta": {"content": content}, "finish_reason": None}]}
    return b"data: " + json.dumps(chunk).encode() + b"\n\n"


class _Pieces(http_client.httpx2.AsyncByteStream):
    def __init__(self, pieces: list[bytes]) -> None:
        self._pieces = pieces

    async def __aiter__(self):
        for piece in self._pieces:
            yield piece


def read_capped(pieces: list[bytes], line_limit: int) -> bytes:
    import asyncio

    encoded = http_client.httpx2.Response(200, stream=_Pieces(pieces))
    stream = http_client._CappedStream(encoded, limit=10**9, line_limit=line_limit)

    async def read() -> bytes:
        return b"".join([piece async for piece in stream])

    return asyncio.run(read())


@pytest.mark.parametrize("pieces", [
    [b"data: " + b"x" * 8, b"xxxxx\n\ndata: [DONE]\n\n"],  # the line ends in the next piece: 19 bytes
    [b"data: " + b"x" * 14 + b"\r", b"\n"],  # 20 bytes, then its line end split from it
    [b"ok\n" + b"y" * 40 + b"\nok\n"],  # inside one piece
    [b"z" * 21],  # never ended
], ids=["ended-by-the-next-piece", "cr-lf-split", "inside-a-piece", "open"])
def test_the_line_cap_counts_every_line_whatever_the_pieces(pieces):
    with pytest.raises(http_client.ResponseTooLarge):
        read_capped(pieces, line_limit=16)
    body = b"".join(pieces)
    longest = max(map(len, body.replace(b"\r", b"\n").split(b"\n")))
    assert read_capped(pieces, line_limit=longest) == body  # at the cap itself: read whole


def test_a_line_past_the_cap_ended_in_a_later_piece_is_refused(qtbot, make_window, api_server, monkeypatch):
    monkeypatch.setattr(http_client, "MAX_SSE_LINE_BYTES", 4096)
    finish = {"id": "c", "object": "chat.completion.chunk", "created": 0, "model": "fake-model",
              "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
    body = (sse_event("alpha ") + sse_event("x" * 6000) + sse_event("omega")
            + b"data: " + json.dumps(finish).encode() + b"\n\ndata: [DONE]\n\n")  # a whole answer
    api_server.set_mode("raw", body=body, piece=len(body))
    window = make_window()
    send_prompt(qtbot, window, "one long line")
    wait_idle(qtbot, window)
    assert "The server sent more than 1 MB" in window.errorBanner.titleLabel.text()
    assert window.controller.session.shown.turns[-1].answer == "alpha "
    assert "omega" not in transcript_text(window) and "xxxxxxxx" not in transcript_text(window)
    assert_recovers(qtbot, window, api_server)


def test_an_endless_answer_stops_at_the_answer_cap_with_memory_bounded(api_server):
    """Valid events without end (each line short): the cap on one answer's text stops it."""
    api_server.set_mode("gzip_bomb", reply=REPLY, filler=sse_event("lorem ipsum " * 80), expanded=64 * MiB)
    request = ChatRequest(base_url=api_server.base_url, model="fake-model", api_key=TEST_KEY,
                          messages=({"role": "user", "content": "go on"},), read_timeout=10.0)
    received = []
    with PeakMemory() as memory, pytest.raises(ChatError) as caught:
        llm.run_chat(request, llm.CancelToken(), received.append)
    assert caught.value.kind is ErrorKind.ANSWER_TOO_LONG and caught.value.limit == llm.MAX_ANSWER_CHARS
    text = "".join(received)
    assert len(text) == llm.MAX_ANSWER_CHARS  # filled up to the cap, then stopped
    assert text.startswith("alpha beta gamma lorem ipsum")
    # The text is held a few times over (the parts, the joined batches, the caller's list).
    assert memory.peak < 6 * llm.MAX_ANSWER_CHARS + SLACK, f"{memory.peak / MiB:.0f} MiB"


def test_the_answer_cap_is_worded_and_keeps_the_text(qtbot, make_window, api_server, monkeypatch):
    monkeypatch.setattr(llm, "MAX_ANSWER_CHARS", 1000)
    words = [f"w{i:04d} " for i in range(400)]  # 6 characters each: 2,400 in all
    api_server.set_mode("normal", tokens=words)
    window = make_window()
    send_prompt(qtbot, window, "a long one")
    wait_idle(qtbot, window)
    assert "The answer is longer than 1,000 characters" in window.errorBanner.titleLabel.text()
    assert window.controller.session.shown.turns[-1].answer == "".join(words)[:1000]
    assert "w0165" in transcript_text(window) and "w0167" not in transcript_text(window)
    assert_recovers(qtbot, window, api_server)


# --- point 7: redirects -----------------------------------------------------------------------

@pytest.fixture
def elsewhere():
    """Another origin (another port on loopback), which must never hear from the app."""
    with FakeOpenAIServer(reply="Answered by the other origin.") as server:
        yield server


@pytest.mark.parametrize("status", [307, 308, 301, 302])
@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_a_redirect_to_another_origin_is_never_followed(qtbot, make_window, api_server, elsewhere, status, host):
    target = f"http://{host}:{elsewhere.port}"
    api_server.set_mode("redirect", status=status, location=f"{target}/v1/chat/completions")
    window = make_window()
    send_prompt(qtbot, window, "the whole conversation")
    wait_idle(qtbot, window)
    assert elsewhere.requests == []
    assert len(api_server.chat_requests()) == 1  # asked once, not retried
    banner = window.errorBanner
    assert banner.titleLabel.text() == f"The server tried to send the request to another address: {target}"
    assert "Redirects are not followed" in banner.adviceLabel.text()
    assert banner.settingsButton.isVisible()
    assert f"HTTP status {status}" in banner.detailLabel.text()
    assert "Answered by the other origin." not in transcript_text(window)
    assert window.promptEdit.toPlainText() == "" and "the whole conversation" in transcript_text(window)  # not back in the box
    assert_recovers(qtbot, window, api_server)


def test_a_redirect_within_the_same_origin_is_refused_too(qtbot, make_window, api_server):
    api_server.set_mode("redirect", status=308, location="/v2/chat/completions")
    window = make_window()
    send_prompt(qtbot, window, "hello")
    wait_idle(qtbot, window)
    assert [r.path for r in api_server.requests] == ["/v1/chat/completions"]
    assert window.errorBanner.titleLabel.text().endswith(f"http://127.0.0.1:{api_server.port}")


def test_the_model_list_does_not_follow_a_redirect(qtbot, make_window, api_server, elsewhere):
    api_server.set_mode("redirect", status=302, location=f"{elsewhere.base_url}/models")
    window = make_window()
    dialog = open_dialog(qtbot, window)
    qtbot.mouseClick(dialog.loadModelsButton, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.loadModelsButton.isEnabled(), timeout=10000)
    assert elsewhere.requests == []
    assert f"another address: http://127.0.0.1:{elsewhere.port}" in dialog.testResultLabel.text()
    dialog.reject()


@pytest.mark.parametrize("body", [b"not json", b"\xff\xfe", b'{"data": 5}', b"[1, 2]"])
def test_a_model_list_that_is_no_model_list(api_server, body):
    api_server.set_mode("raw", body=body, content_type="application/json")
    request = ChatRequest(base_url=api_server.base_url, model="m", api_key=TEST_KEY)
    with pytest.raises(ChatError) as caught:
        llm.list_models(request)
    assert caught.value.kind is ErrorKind.NOT_OPENAI


def test_a_redirect_target_shows_only_its_origin_and_redacted():
    """What the banner names: scheme, host (ASCII form) and port; no path, query or user info."""
    import httpx2

    from genai_desktop.core.errors import redirect_origin
    from genai_desktop.core.redaction import register_secret

    register_secret(TEST_KEY)

    def origin(location: str, url: str = "https://api.example.com/v1/chat/completions") -> str:
        request = httpx2.Request("POST", url)
        return redirect_origin(httpx2.Response(307, headers={"location": location.encode()}, request=request))

    assert origin("http://api.example.com/v1/chat/completions") == "http://api.example.com"  # https to http
    assert origin("https://me:secret@evil.example:8443/x?key=1#f") == "https://evil.example:8443"
    assert origin("//evil.example/v1") == "https://evil.example"
    assert origin("/v2/chat") == "https://api.example.com"
    assert origin("https://\u0430pple.com/") == "https://xn--pple-43d.com"  # Cyrillic a: shown as what it is
    assert origin("http://[::1]:8080/") == "http://[::1]:8080"
    assert origin("") == ""  # a redirect that names no place
    assert origin("mailto:x@example.com") == ""  # no host
    assert origin("http://\x00/") == ""  # no URL at all
    error = ChatError(ErrorKind.REDIRECTED, location=f"https://{TEST_KEY}.evil.example")
    assert TEST_KEY not in error.location and TEST_KEY not in str(error)


# --- point 8: what a server sends is redacted before it is shown --------------------------------

def test_a_key_echoed_in_the_content_type_is_never_shown(qtbot, make_window, api_server, app_home):
    log_file = app_home / "logs" / "genai-desktop.log"
    setup_logging(log_file, "DEBUG")
    try:
        api_server.set_mode("html", status=403, content_type="text/html; echoed={key}")
        window = make_window()
        send_prompt(qtbot, window, "hello")
        wait_idle(qtbot, window)
        banner = window.errorBanner
        assert "not an OpenAI-compatible API" in banner.titleLabel.text()
        assert "Content type: text/html; echoed=[REDACTED]" in banner.detailLabel.text()
        assert TEST_KEY not in everything_shown(window)
        for handler in logging.getLogger().handlers:
            handler.flush()
        assert "not_openai" in log_file.read_text() and TEST_KEY not in log_file.read_text()
    finally:
        for handler in list(logging.getLogger().handlers):
            if handler.get_name() == "genai-desktop":
                logging.getLogger().removeHandler(handler)
                handler.close()


def test_self_test_ping_prints_no_echoed_key(app_home, api_server, monkeypatch, capsys):
    from conftest import write_settings
    from genai_desktop.app import run_self_test
    from genai_desktop.core.paths import app_paths

    write_settings(app_home, base_url=api_server.base_url, model="fake-model")
    monkeypatch.setenv("OPENAI_API_KEY", TEST_KEY)
    api_server.set_mode("html", status=403, content_type="text/html; echoed={key}")
    run_self_test(app_paths(), ping=True)
    printed = capsys.readouterr().out
    assert "ping: FAILED" in printed and "echoed=[REDACTED]" in printed
    assert TEST_KEY not in printed


@pytest.mark.parametrize("field", ["server_message", "request_id", "retry_after", "detail", "location"])
def test_every_text_of_an_error_is_redacted_when_it_is_made(field):
    from genai_desktop.core.redaction import register_secret

    register_secret(TEST_KEY)
    error = ChatError(ErrorKind.SERVER, **{field: f"prefix {TEST_KEY} suffix"})
    assert TEST_KEY not in getattr(error, field) and TEST_KEY not in str(error)
    assert "[REDACTED]" in getattr(error, field)


def self_signed_certificate(folder):
    """A certificate for localhost and 127.0.0.1, and its key, as PEM files."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                    x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256()))
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


def test_a_redirect_from_https_to_plain_http_is_never_followed(qtbot, make_window, elsewhere, tmp_path, monkeypatch):
    """The case the review found: https://… answered 307 to http://…, and the SDK sent the conversation
    in clear text. Here over real TLS, trusted through SSL_CERT_FILE as a company CA would be."""
    import ssl

    pytest.importorskip("cryptography")  # a dependency of the keyring on Linux only
    cert_file, key_file = self_signed_certificate(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert_file))
    with FakeOpenAIServer(tls=context) as secure:
        window = make_window(base_url=secure.base_url)
        send_prompt(qtbot, window, "over TLS")  # TLS works: the answer comes
        wait_idle(qtbot, window)
        assert "Hello from the fake server." in transcript_text(window)
        secure.set_mode("redirect", status=307, location=f"http://127.0.0.1:{elsewhere.port}/v1/chat/completions")
        send_prompt(qtbot, window, "the whole conversation")
        wait_idle(qtbot, window)
        assert elsewhere.requests == []
        assert window.errorBanner.titleLabel.text().endswith(f"another address: http://127.0.0.1:{elsewhere.port}")
        assert window.promptEdit.toPlainText() == "" and "the whole conversation" in transcript_text(window)  # not back in the box


def test_a_key_echoed_in_the_answer_is_never_shown_stored_or_exported(qtbot, make_window, api_server,
                                                                       app_home, tmp_path):
    """A hostile server streams the key back, cut mid-key across separate pieces (each arriving on
    its own, so the window receives them in separate batches)."""
    pieces = ["Your key is ", TEST_KEY[:7], TEST_KEY[7:19], TEST_KEY[19:], " and an example: sk-EXAMPLE0123456789."]
    api_server.set_mode("normal", tokens=pieces, tokens_per_second=15)
    window = make_window()
    send_prompt(qtbot, window, "echo my key")
    wait_idle(qtbot, window)
    shown = transcript_text(window)
    assert "Your key is [REDACTED] and an example: sk-EXAMPLE0123456789." in shown  # the example stays
    assert TEST_KEY not in everything_shown(window)
    conversation = window.controller.session.conversation_id
    window.controller.library.export_markdown(conversation, tmp_path / "chat.md", "You", "Assistant", "Untitled")
    window.controller.library.export_json([conversation], tmp_path / "chat.json")
    window.close()
    for exported in (tmp_path / "chat.md", tmp_path / "chat.json"):
        text = exported.read_text(encoding="utf-8")
        assert "[REDACTED]" in text and TEST_KEY not in text
    stored = b"".join(path.read_bytes() for path in app_home.rglob("*") if path.is_file())
    assert TEST_KEY.encode() not in stored


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=st.text(max_size=20), after=st.text(max_size=20),
       cuts=st.lists(st.integers(min_value=0, max_value=80), max_size=6))
def test_a_key_in_the_stream_is_replaced_however_it_is_cut(api_server, before, after, cuts):
    answer = f"{before}{TEST_KEY}{after}{TEST_KEY[:-1]}"  # the key whole, then all of it but its end
    bounds = sorted({0, len(answer), *(cut % (len(answer) + 1) for cut in cuts)})
    api_server.set_mode("normal", tokens=[answer[a:b] for a, b in zip(bounds, bounds[1:]) if b > a])
    request = ChatRequest(base_url=api_server.base_url, model="fake-model", api_key=TEST_KEY,
                          messages=({"role": "user", "content": "echo"},))
    received: list[str] = []
    result = llm.run_chat(request, llm.CancelToken(), received.append, batch_seconds=0.0)
    expected = answer.replace(TEST_KEY, "[REDACTED]")
    assert "".join(received) == result.text == expected


@settings(max_examples=400, deadline=None)
@given(secrets=st.lists(st.text(alphabet="ab", min_size=4, max_size=9), min_size=1, max_size=3),
       text=st.text(alphabet="ab ", max_size=60), cuts=st.lists(st.integers(min_value=0, max_value=60), max_size=8))
def test_no_registered_secret_survives_any_cut_of_the_stream(secrets, text, cuts):
    """Overlapping secrets, secrets inside secrets, repeats: none is left in what the filter hands on,
    and text that holds no secret passes unchanged."""
    bounds = sorted({0, len(text), *(min(cut, len(text)) for cut in cuts)})
    keys = llm._SecretFilter(tuple(sorted(set(secrets), key=len, reverse=True)))
    out = "".join(keys.feed(text[a:b]) for a, b in zip(bounds, bounds[1:])) + keys.finish()
    assert not any(secret in out for secret in secrets)
    if not any(secret in text for secret in secrets):
        assert out == text
