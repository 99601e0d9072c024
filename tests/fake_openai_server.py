"""A real HTTP/1.1 server on 127.0.0.1 that speaks the OpenAI Chat Completions wire format.

It streams Server-Sent Events exactly like api.openai.com and can fail in every way a real
endpoint (or whatever sits between the app and it) fails: stalls, dropped connections,
streams without a finish_reason, SSE error events, HTTP error statuses, captive-portal HTML.

    with FakeOpenAIServer(mode="trickle", tokens_per_second=50) as srv:
        client = OpenAI(api_key="sk-test", base_url=srv.base_url)
        ...
        srv.set_mode("status", status=429)

Modes and their params (any mode also takes ``first_byte_delay`` in seconds,
``send_usage=False`` for a server that ignores ``stream_options``' usage request, and
``reject_stream_options=True`` for one that answers a request naming it with a 400, and
``model_ids`` for the ids /v1/models lists, ``models_status`` (say 404) for a server whose /v1/models
answers with that status and an OpenAI error body while its chats work (Ollama before 0.1.33, many
gateways), and ``unknown_model_status`` (say 400 or 404) for a
server that answers a chat with a model it does not list with that status and ``UNKNOWN_MODEL_MESSAGE``
as the error's message, as vLLM and LiteLLM do):

- ``normal``: answer with ``reply``; params ``tokens`` (list of stream pieces, default: ``reply``
  cut into words), ``tokens_per_second`` (default: as fast as possible), ``finish_reason``.
- ``trickle``: like normal, ``tokens_per_second`` defaults to 20.
- ``stall_before_first_byte``: read the request, send nothing until ``stall_seconds``
  (default 3600) pass or stop() is called, then close the connection.
- ``stall_mid_stream``: send the first ``after_tokens`` (default 3) tokens, then stall likewise.
- ``drop_mid_stream``: send the first ``after_tokens`` tokens, then shut the socket down.
- ``no_finish_reason``: all tokens, no finish_reason chunk, no ``[DONE]``, body ends cleanly.
- ``sse_error``: ``after_tokens`` tokens, then an ``{"error": ...}`` event (``error_message``).
- ``status``: HTTP ``status`` (default 500) with an OpenAI error body; ``error_message``,
  ``code`` (the error's code and type, e.g. ``insufficient_quota`` for a used-up quota),
  ``retry_after`` (default "0" for 429 and 503; None omits the header), ``retry_after_date_in``
  (seconds from now: Retry-After as an HTTP date instead), ``retry_after_ms`` (a retry-after-ms header).
- ``busy``: the first ``busy_requests`` (default 1) chat requests after set_mode get the ``status``
  error (default 429, with the ``status`` mode's params), the ones after answer like ``normal``.
- ``html``: a captive-portal page for every route; ``status`` (default 200), ``content_type``
  (default ``text/html; charset=utf-8``; ``{key}`` in it is replaced by the key the request
  carried, like a gateway that echoes headers).
- ``redirect``: HTTP ``status`` (default 307) with ``Location: location`` for every route (the
  body says where, as a real server's does).
- ``gzip_bomb``: a ``Content-Encoding: gzip`` body of about 1 MiB that expands to ``expanded``
  bytes (default 1 GiB): ``filler`` (bytes, default ``b"a"``) repeated. For /v1/models and
  ``status`` >= 400 (default 200) the body is JSON-ish text that never ends; for a streamed chat
  it is ``after_tokens`` (default 3) real events, then the filler (no newline in it: one endless
  SSE line, unless the filler has one).
- ``stall_in_code`` / ``stall_in_table``: ``STALLED_REPLIES[mode]``, an answer that stops for
  ``stall_seconds`` (default 3600, or until ``resume()``) in the middle of a code block, or of a
  table's row, then goes on to its end like ``normal``: what a reader sees of an unfinished block.
- ``text_only``: a server whose models (all but those in ``vision_models``, default none) cannot read
  pictures: a chat with an ``image_url`` part gets the 400 (or 500) body that server sends,
  ``PICTURE_REFUSALS[refusal]`` (``refusal`` default ``"openai"``; also ``"litellm"``, ``"ollama"``,
  ``"vllm"``, ``"vllm_500"``, ``"lmstudio"``, ``"openrouter"``); a chat without one, or to a vision model, is answered like ``normal``.
  ``error_message`` replaces the refusal's words (``{key}`` in it: the key the request carried, like a
  gateway that echoes headers).
- ``proxy_login``: a proxy that wants a login it can only get from Windows: every request (a CONNECT too)
  gets 407 with a ``Proxy-Authenticate`` header per entry of ``schemes`` (default ``("NTLM", "Negotiate")``).
- any mode also takes ``refuse``: names from ``QUIRK_REFUSALS`` (``"stream_options"``, ``"max_completion_tokens"``,
  ``"max_tokens"``, ``"temperature"``, ``"temperature_parameter"``, ``"system"``, ``"developer"``): a chat request
  carrying that argument (or a message with that role) gets the 400 with the body that server sends (the first
  refusal that applies, as OpenAI names one problem at a time), as core/quirks.py cites them; ``ollama=True``
  marks every stream chunk (and a completion) with Ollama's ``"system_fingerprint": "fp_ollama"``.
- ``raw``: ``body`` (bytes) as it is, for every route: ``status`` (default 200), ``content_type``
  (default ``text/event-stream``), sent chunked in pieces of ``piece`` bytes (default 4096), so a
  fuzzer can serve any stream.

- ``think_tags``, ``reasoning_content``, ``reasoning``: a reasoning model. First ``thinking`` (default
  ``DEFAULT_THINKING``), then ``pause_after_thinking`` seconds (default 0), then the answer like normal.
  ``think_tags`` sends the thinking inline in the content as Qwen through Ollama does,
  ``"<think>\n" + thinking + "\n</think>\n\n"`` in pieces of ``tag_piece`` characters (default 3: the
  tags are split across chunks); the others send it in a delta field of that name (DeepSeek, vLLM:
  ``reasoning_content``; OpenRouter: ``reasoning``), cut into words. ``tokens_per_second`` paces both.

``normal`` and ``trickle`` also take ``usage``: any JSON value sent as the usage of the stream's
usage chunk (and of a non-streaming completion) instead of plausible counts.

``FakeOpenAIServer(tls=context)`` speaks HTTPS with that server-side SSLContext, at
``https://localhost:PORT/v1``.

``FakeOpenAIServer(api_prefix="/openai/v1")`` serves the API under another path, as Azure OpenAI
(``/openai/v1``), OpenRouter (``/api/v1``) or Gemini (``/v1beta/openai``) do: ``base_url`` ends in it,
and ``/v1/…`` itself is then an unknown path (404).

The streaming-only modes (``no_finish_reason``, ``sse_error``) leave non-streaming requests
and /v1/models alone; ``stall_mid_stream``/``drop_mid_stream`` cut a non-streaming chat
completion's JSON body in half. Unknown paths always get a 404, whatever the mode.
"""

from __future__ import annotations

import base64
import email.utils
import functools
import json
import re
import socket
import socketserver
import ssl
import threading
import time
import zlib
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import urlsplit

MODES = frozenset({
    "normal", "trickle", "busy", "stall_before_first_byte", "stall_mid_stream", "drop_mid_stream",
    "no_finish_reason", "sse_error", "status", "html", "redirect", "gzip_bomb", "raw", "stall_in_code",
    "stall_in_table", "text_only", "proxy_login",
    *("think_tags", "reasoning_content", "reasoning"),  # the modes of a reasoning model
})
THINKING_MODES = ("think_tags", "reasoning_content", "reasoning")
DEFAULT_THINKING = "The user greets me. I should greet them back, briefly."

# The answers the stall_in_* modes stream: the pieces before the stall, and after it.
STALLED_REPLIES = {
    "stall_in_code": (["Here is the function:\n\n", "```python\n", "def answer(x):\n", "    return ", "x * 42"],
                      ["\n", "```\n\n", "It returns **forty-two** times x."]),
    "stall_in_table": (["The figures:\n\n", "| name | value |\n", "|---|---|\n", "| alpha | 1 |\n", "| beta | "],
                       ["2 |\n", "\n", "That is *all*."]),
}

CHAT_PATH = "/v1/chat/completions"
MODELS_PATH = "/v1/models"
REQUEST_ID = "req_fake123"

MODELS_BODY = {
    "object": "list",
    "data": [
        {"id": "fake-model", "object": "model", "created": 0, "owned_by": "test"},
        {"id": "fake-model-2", "object": "model", "created": 0, "owned_by": "test"},
    ],
}

CAPTIVE_PORTAL_HTML = (
    "<!DOCTYPE html>\n<html><head><title>Hotel WiFi</title></head><body>"
    "<h1>Hotel WiFi login</h1><p>Please accept the terms of use to continue.</p>"
    '<form method="post" action="/login"><input type="text" name="room">'
    '<button type="submit">Connect</button></form></body></html>\n'
)

UNKNOWN_MODEL_MESSAGE = "Invalid model name passed in model={model}. Call `/v1/models` to view available models."

# What a server answers a text-only model asked with an image_url part: status and JSON body ("{model}" and
# "{param}" filled in per request), as each was seen (sources in genai_desktop/core/vision.py).
PICTURE_REFUSALS: dict[str, tuple[int, Any]] = {
    "openai": (400, {"error": {"message": "Invalid content type. image_url is only supported by certain models.",
                               "type": "invalid_request_error", "param": "{param}", "code": None}}),
    "litellm": (400, {"error": {"message": "litellm.BadRequestError: OpenAIException - Invalid content type. "
                                           "image_url is only supported by certain models.\nReceived Model "
                                           "Group={model}\nAvailable Model Group Fallbacks=None",
                                "type": None, "param": None, "code": "400"}}),
    "ollama": (400, {"error": {"message": "this model does not support image input",
                               "type": "invalid_request_error", "param": None, "code": None}}),
    "vllm": (400, {"object": "error", "message": "{model} is not a multimodal model None",
                   "type": "BadRequestError", "param": None, "code": 400}),
    "vllm_500": (500, {"object": "error", "message": "{model} is not a multimodal model",
                       "type": "InternalServerError", "param": None, "code": 500}),
    "lmstudio": (400, {"error": "Model does not support images. Please use a model that does."}),
    "openrouter": (404, {"error": {"message": "No endpoints found that support image input", "code": 404}}),
}

# What a server answers a chat request carrying an argument (or role) it does not take: status and body, with
# "{value}" (the argument's value) and "{index}" (the message's index) filled in per request. Sources in core/quirks.py.
QUIRK_REFUSALS: dict[str, tuple[int, Any]] = {
    "stream_options": (400, {"error": {"message": "Unknown parameter: 'stream_options'.", "type": "invalid_request_error",
                                       "param": "stream_options", "code": "unknown_parameter"}}),
    "max_completion_tokens": (400, {"error": {"message": "Unrecognized request argument supplied: max_completion_tokens",
                                              "type": "invalid_request_error", "param": None, "code": None}}),
    "max_tokens": (400, {"error": {"message": "Unsupported parameter: 'max_tokens' is not supported with this model. "
                                              "Use 'max_completion_tokens' instead.", "type": "invalid_request_error",
                                   "param": "max_tokens", "code": "unsupported_parameter"}}),
    "temperature": (400, {"error": {"message": "Unsupported value: 'temperature' does not support {value} with this "
                                               "model. Only the default (1) value is supported.",
                                    "type": "invalid_request_error", "param": "temperature", "code": "unsupported_value"}}),
    "temperature_parameter": (400, {"error": {"message": "Unsupported parameter: 'temperature' is not supported with "
                                                         "this model.", "type": "invalid_request_error",
                                              "param": "temperature", "code": "unsupported_parameter"}}),
    "system": (400, {"error": {"message": "Unsupported value: 'messages[{index}].role' does not support 'system' with "
                                          "this model.", "type": "invalid_request_error",
                               "param": "messages[{index}].role", "code": "unsupported_value"}}),
    "developer": (400, {"error": {"message": "Unsupported value: 'messages[{index}].role' does not support 'developer' "
                                             "with this model.", "type": "invalid_request_error",
                                  "param": "messages[{index}].role", "code": "unsupported_value"}}),
}
QUIRK_ARGUMENTS = {"temperature_parameter": "temperature"}  # the argument a refusal is about, where not its name
OLLAMA_FINGERPRINT = "fp_ollama"

DEFAULT_SSE_ERROR = "The server had an error while processing your request."

# status -> (default message, type, code); "{model}" and "{key}" are filled in per request.
STATUS_ERRORS: dict[int, tuple[str, str, str | None]] = {
    400: ("We could not parse the JSON body of your request.", "invalid_request_error", None),
    401: ("Incorrect API key provided: {key}. You can find your API key at "
          "https://platform.openai.com/account/api-keys.", "invalid_request_error", "invalid_api_key"),
    403: ("Country, region, or territory not supported", "request_forbidden",
          "unsupported_country_region_territory"),
    404: ("The model `{model}` does not exist or you do not have access to it.",
          "invalid_request_error", "model_not_found"),
    429: ("Rate limit reached for requests", "requests", "rate_limit_exceeded"),
    500: ("The server had an error while processing your request. Sorry about that!",
          "server_error", None),
    502: ("Bad gateway.", "server_error", None),
    503: ("The engine is currently overloaded, please try again later.", "server_error", None),
}

# Wall-clock pacing granularity: how long a paced stream sleeps between writes.
PACING_TICK = 0.002

GiB = 2**30
_BOMB_BLOCK = 2**20  # the bomb is built from identical compressed blocks of this many bytes


def _bomb_block(filler: bytes) -> bytes:
    return filler * max(1, _BOMB_BLOCK // len(filler))


@functools.lru_cache(maxsize=8)
def _compressed_block(filler: bytes) -> bytes:
    """One block of filler, deflated on its own (a full flush resets the compressor): every copy is
    the same bytes, so a 1 GiB bomb costs one block's compression."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(_bomb_block(filler)) + compressor.flush(zlib.Z_FULL_FLUSH)


@functools.lru_cache(maxsize=8)
def _bomb_crc(prefix: bytes, filler: bytes, count: int) -> int:
    block = _bomb_block(filler)
    crc = zlib.crc32(prefix)
    for _ in range(count):
        crc = zlib.crc32(block, crc)
    return crc


def gzip_bomb_parts(prefix: bytes, filler: bytes, expanded: int):
    """The pieces of a gzip member that expands to prefix, then filler up to about expanded bytes.

    About 1 MiB of compressed bytes for a 1 GiB bomb, yielded block by block (so the server sends
    it as it goes); the CRC and length trailer are right, for a decoder that gets to the end.
    """
    block_size = len(_bomb_block(filler))
    count = max(1, (expanded - len(prefix)) // block_size)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    yield b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"  # gzip header: deflate, no name, no time
    yield compressor.compress(prefix) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = _compressed_block(filler)
    for _ in range(count):
        yield block
    yield compressor.flush()  # the final (empty) block
    total = len(prefix) + count * block_size
    yield _bomb_crc(prefix, filler, count).to_bytes(4, "little") + (total % 2**32).to_bytes(4, "little")


@dataclass
class RecordedRequest:
    method: str
    path: str  # including the query string
    headers: dict[str, str]  # lower-case keys
    body: bytes
    json: Any  # parsed body (normally a dict), or None when it is not JSON
    received_at: float = 0.0  # time.monotonic() when its headers were read: shows a wait was honoured


def _json_bytes(obj: Any) -> bytes:
    return json.dumps(obj, separators=(",", ":")).encode()


def _error_body(message: str, type_: str, code: str | None) -> dict[str, Any]:
    return {"error": {"message": message, "type": type_, "param": None, "code": code}}


def _mask_key(authorization: str) -> str:
    """Mask a key the way OpenAI's 401 message does: sk-pr****abcd."""
    key = authorization.removeprefix("Bearer ").strip()
    return f"{key[:5]}****{key[-4:]}" if len(key) > 12 else f"{key[:5]}***"


def split_reply(reply: str) -> list[str]:
    """Cut a reply into word-ish stream pieces that join back to it exactly."""
    return re.findall(r"\S+\s*|\s+", reply)


class _TrackingHTTPServer(ThreadingHTTPServer):
    """ThreadingHTTPServer that remembers its open connections so stop() can cut them."""

    daemon_threads = True

    def __init__(self, handler_class: type[BaseHTTPRequestHandler], owner: _BackgroundServer):
        self.owner = owner
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), handler_class)

    def server_bind(self) -> None:
        # HTTPServer.server_bind calls socket.getfqdn(), a reverse DNS lookup that can hang
        # for seconds on a machine without network; we know who we are.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def get_request(self):
        connection, address = super().get_request()
        tls = getattr(self.owner, "tls", None)
        if tls is not None:  # the handshake happens in the handler's thread, on its first read
            connection = tls.wrap_socket(connection, server_side=True, do_handshake_on_connect=False)
        return connection, address

    def process_request(self, request, client_address) -> None:
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def abort_connections(self) -> None:
        """Shut down every open connection, waking handlers blocked in recv() on keep-alive."""
        with self._connections_lock:
            connections = list(self._connections)
        for conn in connections:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # already closed by its handler


class _QuietHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # small SSE writes must leave at once, not wait for ACKs
    server: _TrackingHTTPServer

    def handle(self) -> None:
        try:
            super().handle()
        except (ConnectionError, ssl.SSLError):
            # The client went away (cancelled a stream, timed out, refused the certificate) or stop() cut the socket.
            self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _read_body(self) -> bytes:
        # The SDK (and urllib) always send Content-Length; chunked request bodies are not supported.
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _send_bytes(self, status: int, content_type: str, body: bytes,
                    headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class _BackgroundServer:
    """start()/stop()/context-manager plumbing shared by both servers."""

    handler_class: type[_QuietHandler]

    def __init__(self) -> None:
        self._stopping = threading.Event()  # set by stop(); every stall waits on it
        self._httpd: _TrackingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._stop_lock = threading.Lock()
        self.port = 0

    def start(self) -> Self:
        self._httpd = _TrackingHTTPServer(self.handler_class, self)
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
            name=f"{type(self).__name__}:{self.port}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        with self._stop_lock:
            if self._httpd is None or self._stopping.is_set():
                return
            self._stopping.set()
            self._httpd.shutdown()  # returns once serve_forever() has left its loop
            self._httpd.abort_connections()
            self._httpd.server_close()
            self._thread.join(timeout=1)

    def _pause(self, seconds: float) -> bool:
        """Sleep, but wake at once on stop(). True if the full time passed."""
        return not self._stopping.wait(seconds)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


class _OpenAIHandler(_QuietHandler):
    # One method for every verb: unknown method/path combinations get an OpenAI-style 404.
    def do_GET(self) -> None:
        self._handle()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_CONNECT = do_GET

    def _handle(self) -> None:
        fake: FakeOpenAIServer = self.server.owner  # type: ignore[assignment]
        received_at = time.monotonic()
        body = self._read_body()
        try:
            parsed = json.loads(body) if body else None
        except ValueError:
            parsed = None
        fake._record(RecordedRequest(
            method=self.command, path=self.path,
            headers={name.lower(): value for name, value in self.headers.items()},
            body=body, json=parsed, received_at=received_at))
        self.mode, self.reply, self.params = fake._snapshot()
        self.request_json = parsed if isinstance(parsed, dict) else {}
        self.model = str(self.request_json.get("model") or "fake-model")

        if self.mode == "proxy_login":
            self._send_proxy_login()
            return
        route = (self.command, fake.api_path(self.path))
        if route not in {("GET", MODELS_PATH), ("POST", CHAT_PATH)}:
            message = f"Invalid URL ({self.command} {route[1]})"
            self._send_json(404, _error_body(message, "invalid_request_error", None))
            return

        delay = self.params.get("first_byte_delay")
        if delay and not fake._pause(delay):
            self.close_connection = True
            return
        if self.mode == "busy" and route[1] == CHAT_PATH and fake._take_busy():
            self._send_status_error(default_status=429)
        elif self.mode == "stall_before_first_byte":
            self._stall_and_close()
        elif self.mode == "status":
            self._send_status_error()
        elif self.mode == "html":
            content_type = str(self.params.get("content_type", "text/html; charset=utf-8")).replace(
                "{key}", self.headers.get("Authorization", "").removeprefix("Bearer ").strip())
            self._send_bytes(int(self.params.get("status", 200)), content_type, CAPTIVE_PORTAL_HTML.encode())
        elif self.mode == "redirect":
            location = str(self.params["location"])
            body = _json_bytes(_error_body(f"Moved to {location}", "redirect", None))
            self._send_bytes(int(self.params.get("status", 307)), "application/json", body, {"Location": location})
        elif self.mode == "raw":
            self._send_raw()
        elif self.mode == "gzip_bomb":
            self._send_gzip_bomb(route[1] == CHAT_PATH and isinstance(parsed, dict) and bool(parsed.get("stream")))
        elif route[1] == MODELS_PATH and self.params.get("models_status"):
            message = f"Invalid URL ({self.command} {route[1]})"
            self._send_json(int(self.params["models_status"]), _error_body(message, "invalid_request_error", None))
        elif route[1] == MODELS_PATH:
            self._send_json(200, {"object": "list", "data": [
                {"id": model_id, "object": "model", "created": 0, "owned_by": "test"}
                for model_id in self._listed_models()]})
        elif not isinstance(parsed, dict):
            self._send_json(400, _error_body(STATUS_ERRORS[400][0], "invalid_request_error", None))
        elif self.params.get("unknown_model_status") and self.model not in self._listed_models():
            message = UNKNOWN_MODEL_MESSAGE.format(model=self.model)
            self._send_json(int(self.params["unknown_model_status"]),
                            _error_body(message, "invalid_request_error", "model_not_found"))
        elif self.mode == "text_only" and self._picture_part() and self.model not in self.params.get(
                "vision_models", ()):
            self._send_picture_refusal()
        elif self._quirk_refusal():
            self._send_quirk_refusal()
        elif "stream_options" in parsed and self.params.get("reject_stream_options"):
            message = "Unrecognized request argument supplied: stream_options"
            self._send_json(400, _error_body(message, "invalid_request_error", None))
        elif parsed.get("stream"):
            self._stream_chat()
        else:
            self._complete_chat()

    def _send_proxy_login(self) -> None:
        self.send_response(407, "Proxy Authentication Required")
        for scheme in self.params.get("schemes", ("NTLM", "Negotiate")):
            self.send_header("Proxy-Authenticate", scheme)
        self.send_header("Content-Length", "0")
        self.end_headers()
    def _quirk_refusal(self) -> tuple[str, str, int] | None:
        """The first refusal in params["refuse"] this request earns: (name, the refused value, message index)."""
        messages = self.request_json.get("messages") or []
        for name in self.params.get("refuse", ()):
            if name in ("system", "developer"):
                for index, message in enumerate(messages):
                    if isinstance(message, dict) and message.get("role") == name:
                        return name, name, index
            elif QUIRK_ARGUMENTS.get(name, name) in self.request_json:
                return name, json.dumps(self.request_json[QUIRK_ARGUMENTS.get(name, name)]), 0
        return None

    def _send_quirk_refusal(self) -> None:
        name, value, index = self._quirk_refusal()
        status, body = QUIRK_REFUSALS[name]
        text = json.dumps(body).replace("{value}", json.dumps(value)[1:-1]).replace("{index}", str(index))
        self._send_bytes(status, "application/json", text.encode(), {"x-request-id": REQUEST_ID})

    def _picture_part(self) -> str:
        """Where the request's first image_url part is, as OpenAI's param names it ("" if it has none)."""
        for m, message in enumerate(self.request_json.get("messages") or ()):
            content = message.get("content") if isinstance(message, dict) else None
            for p, part in enumerate(content if isinstance(content, list) else ()):
                if isinstance(part, dict) and part.get("type") == "image_url":
                    return f"messages.[{m}].content.[{p}].type"
        return ""

    def _send_picture_refusal(self) -> None:
        status, body = PICTURE_REFUSALS[str(self.params.get("refusal", "openai"))]
        if self.params.get("error_message"):
            key = self.headers.get("Authorization", "").removeprefix("Bearer ").strip()
            message = str(self.params["error_message"]).replace("{key}", key)
            body = ({"error": {**body["error"], "message": message}} if isinstance(body.get("error"), dict)
                    else {**body, "message": message} if "message" in body else {"error": message})
        text = json.dumps(body).replace("{model}", json.dumps(self.model)[1:-1]).replace("{param}", self._picture_part())
        self._send_bytes(status, "application/json", text.encode(), {"x-request-id": REQUEST_ID})

    def _listed_models(self) -> list[str]:
        ids = self.params.get("model_ids")
        return [model["id"] for model in MODELS_BODY["data"]] if ids is None else list(ids)

    # -- plain responses ---------------------------------------------------------------------

    def _send_json(self, status: int, obj: Any, headers: dict[str, str] | None = None) -> None:
        self._send_bytes(status, "application/json", _json_bytes(obj),
                         {"x-request-id": REQUEST_ID, **(headers or {})})

    def _send_status_error(self, default_status: int = 500) -> None:
        status = int(self.params.get("status", default_status))
        default_message, type_, code = STATUS_ERRORS.get(
            status, (f"HTTP {status}", "server_error" if status >= 500 else "invalid_request_error", None))
        if self.params.get("code"):
            type_ = code = str(self.params["code"])
        message = self.params.get("error_message") or default_message.format(
            model=self.model, key=_mask_key(self.headers.get("Authorization", "")))
        retry_after = self.params.get("retry_after", "0" if status in (429, 503) else None)
        if self.params.get("retry_after_date_in") is not None:
            retry_after = email.utils.formatdate(time.time() + float(self.params["retry_after_date_in"]), usegmt=True)
        headers = {} if retry_after is None else {"retry-after": str(retry_after)}
        if self.params.get("retry_after_ms") is not None:
            headers["retry-after-ms"] = str(self.params["retry_after_ms"])
        self._send_json(status, _error_body(message, type_, code), headers)

    def _complete_chat(self) -> None:
        tokens = self._tokens()
        finish_reason = self.params.get("finish_reason", "stop")
        body = _json_bytes({
            "id": "chatcmpl-fake",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": self.model,
            **({"system_fingerprint": OLLAMA_FINGERPRINT} if self.params.get("ollama") else {}),
            "choices": [{
                "index": 0,
                "message": {"role": "assistant", "content": "".join(tokens)},
                "finish_reason": finish_reason,
            }],
            "usage": self.params["usage"] if "usage" in self.params else self._usage(len(tokens)),
        })
        if self.mode not in ("stall_mid_stream", "drop_mid_stream"):
            self._send_bytes(200, "application/json", body, {"x-request-id": REQUEST_ID})
            return
        # Promise the whole body, deliver half of it, then stall or hang up.
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[: len(body) // 2])
        self._fail_mid_body()

    def _send_raw(self) -> None:
        body, piece = bytes(self.params.get("body", b"")), max(1, int(self.params.get("piece", 4096)))
        self.send_response(int(self.params.get("status", 200)))
        self.send_header("Content-Type", str(self.params.get("content_type", "text/event-stream")))
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for start in range(0, len(body), piece):
            self._write_chunk(body[start:start + piece])
        self._write_chunk(b"")

    def _send_gzip_bomb(self, streaming: bool) -> None:
        status = int(self.params.get("status", 200))
        filler = bytes(self.params.get("filler", b"a"))
        if streaming and status < 400:
            content_type = "text/event-stream"
            tokens = self._tokens()[: int(self.params.get("after_tokens", 3))]
            prefix = self._event(self._chunk({"role": "assistant", "content": ""})) + b"".join(
                self._event(self._chunk({"content": t})) for t in tokens)
        elif status >= 400:
            content_type, prefix = "application/json", b'{"error":{"message":"'
        else:
            content_type, prefix = "application/json", b'{"object":"list","data":[{"id":"'
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("x-request-id", REQUEST_ID)
        self.end_headers()
        for part in gzip_bomb_parts(prefix, filler, int(self.params.get("expanded", GiB))):
            self._write_chunk(part)
        self._write_chunk(b"")

    # -- streaming ---------------------------------------------------------------------------

    def _stream_chat(self) -> None:
        tokens = self._tokens()
        finish_reason = self.params.get("finish_reason", "stop")
        after = int(self.params.get("after_tokens", 3))

        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("x-request-id", REQUEST_ID)
        self.end_headers()
        self._write_chunk(self._event(self._chunk({"role": "assistant", "content": ""})))

        if self.mode in ("stall_mid_stream", "drop_mid_stream"):
            if self._send_tokens(tokens[:after]):
                self._fail_mid_body()
            else:
                self.close_connection = True
            return
        if self.mode == "sse_error":
            if not self._send_tokens(tokens[:after]):
                self.close_connection = True
                return
            message = self.params.get("error_message", DEFAULT_SSE_ERROR)
            self._write_chunk(self._event(
                {"error": {"message": message, "type": "server_error", "code": None}}))
            self._write_chunk(b"")
            return
        if self.mode in THINKING_MODES and not self._send_thinking():
            self.close_connection = True
            return
        if self.mode in STALLED_REPLIES:
            before, tokens = STALLED_REPLIES[self.mode]
            if not self._send_tokens(before) or not self.server.owner.stalled(float(self.params.get("stall_seconds", 3600))):
                self.close_connection = True
                return
        if not self._send_tokens(tokens):
            self.close_connection = True  # stop() interrupted a paced stream
            return
        if self.mode != "no_finish_reason":
            tail = [self._chunk({}, finish_reason)]
            if (self.request_json.get("stream_options") or {}).get("include_usage") and self.params.get(
                    "send_usage", True):
                tail.append({**self._chunk({}), "choices": [], "usage": self._usage(len(tokens))})
            if "usage" in self.params and tail[-1].get("usage") is not None:
                tail[-1]["usage"] = self.params["usage"]
            self._write_chunk(b"".join(self._event(c) for c in tail) + b"data: [DONE]\n\n")
        self._write_chunk(b"")  # zero-length chunk: the body ends cleanly

    def _send_thinking(self) -> bool:
        """The thinking before the answer, as the mode sends it; False if stop() interrupted it."""
        thinking = str(self.params.get("thinking", DEFAULT_THINKING))
        if self.mode == "think_tags":
            inline = f"<think>\n{thinking}\n</think>\n\n"
            piece = int(self.params.get("tag_piece", 3))
            sent = self._send_tokens([inline[i:i + piece] for i in range(0, len(inline), piece)])
        else:
            sent = self._send_tokens(split_reply(thinking), field=self.mode)
        return sent and self.server.owner._pause(float(self.params.get("pause_after_thinking", 0)))

    def _send_tokens(self, tokens: list[str], field: str = "content") -> bool:
        """Send each token as its own SSE event, paced by wall clock if tokens_per_second is set.

        Token i is due i / rate seconds after the first one; every tick sends all tokens that
        are due in one write, so the average rate holds even when a tick oversleeps.
        False if stop() interrupted the stream.
        """
        rate = self.params.get("tokens_per_second", 20 if self.mode == "trickle" else None)
        start = time.monotonic()
        sent = 0
        while sent < len(tokens):
            due = len(tokens) if rate is None else min(
                len(tokens), int((time.monotonic() - start) * rate) + 1)
            if due > sent:
                self._write_chunk(b"".join(
                    self._event(self._chunk({field: t})) for t in tokens[sent:due]))
                sent = due
            elif not self.server.owner._pause(PACING_TICK):
                return False
        return True

    def _fail_mid_body(self) -> None:
        if self.mode == "stall_mid_stream":
            self._stall_and_close()
            return
        # drop_mid_stream: hang up without the rest of the body. Any later write raises and is
        # swallowed by handle(); close_connection stops the keep-alive loop.
        self.close_connection = True
        self.connection.shutdown(socket.SHUT_RDWR)
        self.connection.close()

    def _stall_and_close(self) -> None:
        self.server.owner._pause(float(self.params.get("stall_seconds", 3600)))
        self.close_connection = True

    def _write_chunk(self, data: bytes) -> None:
        # wfile is unbuffered (StreamRequestHandler.wbufsize == 0): each write is one sendall().
        self.wfile.write(b"%X\r\n%s\r\n" % (len(data), data))

    @staticmethod
    def _event(obj: Any) -> bytes:
        return b"data: " + _json_bytes(obj) + b"\n\n"

    def _chunk(self, delta: dict[str, Any], finish_reason: str | None = None) -> dict[str, Any]:
        return {
            "id": "chatcmpl-fake",
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": self.model,
            **({"system_fingerprint": OLLAMA_FINGERPRINT} if self.params.get("ollama") else {}),
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}],
        }

    def _tokens(self) -> list[str]:
        tokens = self.params.get("tokens")
        return list(tokens) if tokens is not None else split_reply(self.reply)

    def _usage(self, completion_tokens: int) -> dict[str, int]:
        # Roughly 4 characters per token, like tiktoken on English text.
        prompt_tokens = max(1, len(_json_bytes(self.request_json.get("messages", []))) // 4)
        return {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens}


class FakeOpenAIServer(_BackgroundServer):
    """OpenAI-compatible endpoint at ``base_url``; see the module docstring for the modes."""

    handler_class = _OpenAIHandler

    def __init__(self, mode: str = "normal", reply: str = "Hello from the fake server.",
                 tls: ssl.SSLContext | None = None, api_prefix: str = "/v1", **params: Any):
        """tls: a server-side context to speak HTTPS with (base_url is then https://localhost:…);
        api_prefix: the path the API is served under."""
        super().__init__()
        self.tls = tls
        self.api_prefix = api_prefix.rstrip("/")
        self._config_lock = threading.Lock()
        self._requests_changed = threading.Condition()
        self.requests: list[RecordedRequest] = []
        self._stalling = threading.Event()  # a stall_in_* stream reached its stall
        self._resumed = threading.Event()
        self.set_mode(mode, reply, **params)

    def stalled(self, seconds: float) -> bool:
        """A stall_in_* stream waits here: True when seconds passed or resume() was called, False on stop()."""
        self._stalling.set()
        self._resumed.wait(seconds)
        return not self._stopping.is_set()

    def wait_until_stalled(self, timeout: float = 5.0) -> bool:
        return self._stalling.wait(timeout)

    def resume(self) -> None:
        """The stalled stream goes on."""
        self._resumed.set()

    def stop(self) -> None:
        super().stop()
        self._resumed.set()  # a stalled stream ends (it sees the stop)

    @property
    def base_url(self) -> str:
        if self.tls is not None:
            return f"https://localhost:{self.port}{self.api_prefix}"
        return f"http://127.0.0.1:{self.port}{self.api_prefix}"

    def api_path(self, path: str) -> str:
        """A request's path as the OpenAI API's own (/v1/…) if it is under api_prefix, else ""."""
        path = urlsplit(path).path
        if path == self.api_prefix or path.startswith(self.api_prefix + "/"):
            return "/v1" + path[len(self.api_prefix):]
        return path if self.api_prefix == "/v1" else ""

    def set_mode(self, mode: str, reply: str | None = None, **params: Any) -> None:
        """Switch behaviour for the next requests. reply=None keeps the current reply;
        params replace the previous ones entirely."""
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; expected one of {sorted(MODES)}")
        with self._config_lock:
            if reply is None:
                reply = self._config[1]
            self._config = (mode, reply, dict(params))
            self._busy_left = int(params.get("busy_requests", 1))

    def chat_requests(self) -> list[RecordedRequest]:
        with self._requests_changed:
            return [r for r in self.requests
                    if r.method == "POST" and self.api_path(r.path) == CHAT_PATH]

    def wait_for_requests(self, n: int, timeout: float = 5.0) -> bool:
        """Block until at least n requests (any path) have been received."""
        with self._requests_changed:
            return self._requests_changed.wait_for(lambda: len(self.requests) >= n, timeout)

    def _record(self, request: RecordedRequest) -> None:
        with self._requests_changed:
            self.requests.append(request)
            self._requests_changed.notify_all()

    def _take_busy(self) -> bool:
        """busy mode: True while this chat request is one of the first busy_requests (counted down)."""
        with self._config_lock:
            self._busy_left -= 1
            return self._busy_left >= 0

    def _snapshot(self) -> tuple[str, str, dict[str, Any]]:
        with self._config_lock:
            return self._config


# A 1x1 transparent PNG.
PIXEL_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=")


class _LeakTrapHandler(_QuietHandler):
    def do_GET(self) -> None:
        self._read_body()
        self.server.owner.hits.append(self.path)
        self._send_bytes(200, "image/png", PIXEL_PNG)

    do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_GET


class LeakTrapServer(_BackgroundServer):
    """Answers anything with a 1x1 PNG and records the path in ``hits``.

    Put its URLs in model output to prove the app never fetches them.
    """

    handler_class = _LeakTrapHandler

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[str] = []  # list.append is atomic, so handler threads need no lock

    def url(self, path: str = "/pixel.png") -> str:
        return f"http://127.0.0.1:{self.port}{path}"


def _serve_forever_from_command_line() -> None:
    """`python fake_openai_server.py MODE`, params as one JSON line on stdin: serve, print the base URL.

    Benchmarks run the server in its own process so that it does not compete with the
    app for the GIL, as a real server would not.
    """
    import sys

    params = json.loads(sys.stdin.readline() or "{}")
    with FakeOpenAIServer(sys.argv[1] if len(sys.argv) > 1 else "normal", **params) as server:
        print(server.base_url, flush=True)
        sys.stdin.read()  # serve until the parent closes our stdin


if __name__ == "__main__":
    _serve_forever_from_command_line()
