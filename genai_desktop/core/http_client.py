"""The HTTP client every API request goes through: it never follows a redirect and reads no more than a cap.

The SDK's own client follows redirects to any origin (a 307/308 carries the whole conversation
in its body, from https to plain http too) and decompresses whatever arrives: a 1 MiB gzip body
that expands to 1 GiB took 3-4 GiB of memory. This client is handed to the SDK instead
(``http_client=``); it keeps the SDK's defaults (timeouts come with every request from the
SDK, its connection limits, the environment's certificates, headers are the SDK's per request),
takes its proxies from the user's choice (core/proxies.py, proxy_transport.py), and changes two things:

- redirects are never followed, whatever a request asks: the 3xx answer reaches the SDK as a
  status error and becomes a ChatError naming where the server wanted to send the app. Even a
  redirect within the same origin is refused: the API is called at the address the user chose,
  and an OpenAI-compatible API does not redirect its calls (a 301/302 would turn the POST into
  a GET anyway).
- the body is decompressed here, counted as it is decoded, and reading stops with
  ResponseTooLarge past a cap that depends on what the answer is (an error, a JSON document, an
  event stream, one line of that stream).

Imported only after the SDK is loaded (see lazy.py): httpx2 comes with it.
"""

from __future__ import annotations

import re
import ssl
from typing import AsyncIterator

import httpx2

from .profiles import ProxyChoice

MiB = 2**20
MAX_ERROR_BODY_BYTES = 1 * MiB  # an error (or redirect) message is a few hundred bytes
MAX_BODY_BYTES = 16 * MiB  # a whole JSON answer such as the model list (OpenRouter's: about 0.5 MB)
MAX_STREAM_BYTES = 256 * MiB  # one streamed answer with its SSE framing (~50 MB for a 1 MB answer)
MAX_SSE_LINE_BYTES = 8 * MiB  # one line of an event stream: one chunk of the answer


class ResponseTooLarge(Exception):
    """The server sent more than ``limit`` bytes (after decompression) for one response."""

    def __init__(self, limit: int, status: int) -> None:
        super().__init__(f"response larger than {limit} bytes (HTTP {status})")
        self.limit = limit
        self.status = status


class _CappedStream(httpx2.AsyncByteStream):
    """The decoded body of a response, which raises ResponseTooLarge as soon as it passes its caps."""

    def __init__(self, encoded: httpx2.Response, limit: int, line_limit: int | None) -> None:
        self._encoded = encoded  # the response as it came, with its Content-Encoding: it decodes
        self._limit = limit
        self._line_limit = line_limit

    async def __aiter__(self) -> AsyncIterator[bytes]:
        total = 0
        line = 0  # bytes since the last line end
        status = self._encoded.status_code
        # httpx2 decodes in pieces of at most 1 MiB, so no piece is ever much bigger than a cap.
        async for piece in self._encoded.aiter_bytes():
            total += len(piece)
            if total > self._limit:
                raise ResponseTooLarge(self._limit, status)
            if self._line_limit is not None:
                line, too_long_at = _lines_in(piece, line, self._line_limit)
                if too_long_at is not None:
                    if too_long_at:
                        yield piece[:too_long_at]  # the whole events before it: the answer so far
                    raise ResponseTooLarge(self._line_limit, status)
            yield piece

    async def aclose(self) -> None:
        await self._encoded.aclose()


_LINE_END = re.compile(rb"\r\n|\r|\n")


def _lines_in(piece: bytes, line: int, limit: int) -> tuple[int, int | None]:
    """(how long the line still open after piece is, given that line bytes of it came before; where
    in piece the first line longer than limit starts, or None). Every line counts: the one open
    before the piece, those inside it, the one it leaves open."""
    first = _LINE_END.search(piece)
    if first is None:
        line += len(piece)
        return line, (0 if line > limit else None)
    if line + first.start() > limit:
        return line + first.start(), 0
    start = first.end()
    if len(piece) > limit:  # only then can a line inside the piece be longer than limit
        for end in _LINE_END.finditer(piece, start):
            if end.start() - start > limit:
                return end.start() - start, start
            start = end.end()
    else:
        start = max(piece.rfind(b"\n"), piece.rfind(b"\r")) + 1
    open_line = len(piece) - start
    return open_line, (start if open_line > limit else None)


def _caps(response: httpx2.Response) -> tuple[int, int | None]:
    if response.status_code >= 300:
        return MAX_ERROR_BODY_BYTES, None
    if "event-stream" in response.headers.get("content-type", ""):
        return MAX_STREAM_BYTES, MAX_SSE_LINE_BYTES
    return MAX_BODY_BYTES, None


class GuardedAsyncClient(httpx2.AsyncClient):
    """httpx2's client for API requests: no redirects, bodies decoded here and capped."""

    async def send(self, request: httpx2.Request, *, stream: bool = False,
                   auth=httpx2.USE_CLIENT_DEFAULT, follow_redirects=httpx2.USE_CLIENT_DEFAULT) -> httpx2.Response:
        response = await super().send(request, stream=True, auth=auth, follow_redirects=False)
        try:
            limit, line_limit = _caps(response)
            encoded = httpx2.Response(response.status_code, headers=response.headers, stream=response.stream)
            response.stream = _CappedStream(encoded, limit, line_limit)
            # The body the SDK reads is decoded already.
            for name in ("content-encoding", "content-length"):
                if name in response.headers:
                    del response.headers[name]
            if not stream:
                await response.aread()
            return response
        except BaseException:
            await response.aclose()
            raise


def api_http_client(timeout: httpx2.Timeout, limits: httpx2.Limits, proxy: ProxyChoice = ProxyChoice(),
                    verify: ssl.SSLContext | None = None) -> GuardedAsyncClient:
    """The client for one SDK client; the SDK closes it with itself. Its requests take the route
    core/proxies.py gives their origin under the proxy choice (a login's password from the keyring).

    verify: the context for the one origin the client talks to (core/trust.py: the system's trust plus
    the authorities trusted for that host); None: httpx2's own, the system's."""
    from .proxy_transport import ProxyRoutingTransport
    from .secrets import PROXY_PASSWORDS

    transport = ProxyRoutingTransport(proxy, limits, PROXY_PASSWORDS.password, verify=True if verify is None else verify)
    return GuardedAsyncClient(timeout=timeout, limits=limits, follow_redirects=False, transport=transport)
