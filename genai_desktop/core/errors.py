"""One typed error family for everything that can go wrong talking to an endpoint.

The core carries only the kind and facts; the UI turns a kind into words in the
user's language. Every text field of a ChatError is redacted (the same redaction as the log)
and shortened when the error is made: whatever a server sends (a message, a content type that
echoes the key, a request id, a redirect target) is safe to show on screen or print.
"""

from __future__ import annotations

import json
import ssl
import time
from dataclasses import dataclass
from enum import Enum

from .lazy import load_sdk
from .redaction import redact, shorten


class ErrorKind(Enum):
    NO_KEY = "no_key"
    INVALID_KEY = "invalid_key"  # the key has characters HTTP headers cannot carry
    AUTH = "auth"  # 401
    PERMISSION = "permission"  # 403
    NOT_FOUND = "not_found"  # 404: model or address
    RATE_LIMIT = "rate_limit"  # 429 slow down
    QUOTA = "quota"  # 429 insufficient_quota
    BAD_REQUEST = "bad_request"  # 400/409/422
    CONTEXT_TOO_LONG = "context_too_long"
    # The model cannot read pictures (core/vision.py): the server refused the request's pictures, or
    # detail "remembered": it did so before, and the request was not sent.
    PICTURES_UNSUPPORTED = "pictures_unsupported"
    SERVER = "server"  # 5xx
    CONNECTION = "connection"  # unreachable
    PROXY = "proxy"  # detail "address"/"scheme"/"pac": the proxy choice cannot be used (core/proxies.py)
    # The proxy (server_message: its host:port) asks for a login (407) a password answers; detail
    # "rejected": the one sent was refused.
    PROXY_LOGIN = "proxy_login"
    # The proxy asks for NTLM, Negotiate (Kerberos) or Digest, which the app cannot answer (detail: the schemes).
    PROXY_AUTH_UNSUPPORTED = "proxy_auth_unsupported"
    TLS = "tls"
    TIMEOUT = "timeout"
    STREAM_CUT = "stream_cut"  # connection lost mid-answer
    STREAM_ERROR = "stream_error"  # SSE error event
    INCOMPLETE = "incomplete"  # ended without finish_reason
    NOT_OPENAI = "not_openai"  # HTML or other non-API answer
    REDIRECTED = "redirected"  # a 3xx: never followed; location names where it pointed
    RESPONSE_TOO_LARGE = "response_too_large"  # more than limit bytes (decompressed) in one response
    ANSWER_TOO_LONG = "answer_too_long"  # the answer passed limit characters; the text up to there is kept
    KEYRING_UNAVAILABLE = "keyring_unavailable"
    KEYRING_LOCKED = "keyring_locked"
    # Refused before sending (detail: the validation.UrlProblem value; server_message: the address
    # without user info): user info, or plain http to another machine not confirmed.
    UNSAFE_ADDRESS = "unsafe_address"
    UNEXPECTED = "unexpected"


@dataclass(frozen=True)
class ChatError(Exception):
    kind: ErrorKind
    server_message: str = ""
    status: int | None = None
    request_id: str = ""
    retry_after: str = ""  # whole seconds the server asked to wait (retry.advised_wait_text)
    detail: str = ""  # e.g. the content type of a non-API answer, or an exception class
    location: str = ""  # REDIRECTED: the origin (scheme://host[:port]) the server pointed to
    limit: int = 0  # RESPONSE_TOO_LARGE: bytes; ANSWER_TOO_LONG: characters
    # TLS: the certificates the server showed (core.certificates.PresentedChain), for the message only
    presented: object = None

    def __post_init__(self) -> None:
        # At the root, so no call site can forget it: these texts come from servers and libraries.
        for name in ("server_message", "request_id", "retry_after", "detail", "location"):
            object.__setattr__(self, name, _clean(getattr(self, name)))

    def __str__(self) -> str:  # what logs show; never contains the key
        parts = [self.kind.value]
        if self.status:
            parts.append(f"status={self.status}")
        if self.request_id:
            parts.append(f"request_id={self.request_id}")
        if self.detail:
            parts.append(self.detail)
        if self.location:
            parts.append(f"location={self.location}")
        if self.limit:
            parts.append(f"limit={self.limit}")
        shown = getattr(self.presented, "certificates", ())
        if shown:  # who issued what the server showed: the first thing to know behind an inspecting proxy
            parts.append(f"shown: issuer={shown[-1].issuer!r} sha256={shown[-1].sha256}")
        if self.server_message:
            parts.append(self.server_message)
        return " ".join(parts)


def _clean(text: object) -> str:
    return shorten(redact(str(text or "")))


def redirect_origin(response) -> str:
    """Where a 3xx answer pointed: the origin of its Location, resolved against the request's URL.

    The host in its ASCII (xn--) form, so a look-alike name shows as what it is; no path, query or
    user info, which could carry anything."""
    location = response.headers.get("location", "").strip()
    if not location:
        return ""
    try:
        target = response.request.url.join(location)
        host = target.raw_host.decode("ascii")
        if not target.scheme or not host:
            return ""
        port = f":{target.port}" if target.port is not None else ""
        if ":" in host:  # an IPv6 address
            host = f"[{host}]"
        return f"{target.scheme}://{host}{port}"
    except Exception:  # noqa: BLE001 - an unparsable Location names no place
        return ""


def _body_error(body: object) -> dict:
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict):
            return inner
        if isinstance(inner, str) and inner:  # {"error": "…"}: LM Studio's and Ollama's own shape
            return {"message": inner}
    if isinstance(body, str):
        try:
            return _body_error(json.loads(body))
        except ValueError:
            return {}
    return {}


# A CONNECTION error's detail: the server took the connection and closed it without a word (a proxy or
# gateway ending a long request, an overloaded server). "Could not be reached, check your internet" misled.
CLOSED_WITHOUT_ANSWER = "closed"


def _chain(exc: BaseException):
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def _status_kind(status: int, code: str, message: str) -> ErrorKind:
    lowered = f"{code} {message}".lower()
    if status == 401:
        return ErrorKind.AUTH
    if status == 403:
        return ErrorKind.PERMISSION
    if status == 404:
        return ErrorKind.NOT_FOUND
    if status == 429:
        return ErrorKind.QUOTA if "quota" in lowered or "billing" in lowered else ErrorKind.RATE_LIMIT
    if status >= 500:
        return ErrorKind.SERVER
    if "context_length" in lowered or "context length" in lowered or "maximum context" in lowered:
        return ErrorKind.CONTEXT_TOO_LONG
    return ErrorKind.BAD_REQUEST


def error_from_exception(exc: BaseException, *, partial: bool = False) -> ChatError:
    """Map any exception (SDK, transport, or a plain bug) to a ChatError."""
    if isinstance(exc, ChatError):
        return exc
    openai = load_sdk()  # loaded here so the window can appear before the SDK loads
    from .http_client import ResponseTooLarge
    from .proxies import ProxyLoginNeeded, ProxyProblem
    from .retry import advised_wait_text, server_wait_seconds  # retry.py builds on this module

    for link in _chain(exc):
        if isinstance(link, ResponseTooLarge):
            return ChatError(ErrorKind.RESPONSE_TOO_LARGE, status=link.status, limit=link.limit)
        if isinstance(link, ProxyLoginNeeded):
            if link.answerable:
                return ChatError(ErrorKind.PROXY_LOGIN, status=407, server_message=link.proxy,
                                 detail="rejected" if link.rejected else "")
            return ChatError(ErrorKind.PROXY_AUTH_UNSUPPORTED, status=407, server_message=link.proxy,
                             detail=", ".join(link.schemes))
        if isinstance(link, ProxyProblem):
            return ChatError(ErrorKind.PROXY, detail=link.what, server_message=link.text)
    if isinstance(exc, openai.APIStatusError):
        headers = exc.response.headers
        if 300 <= exc.status_code < 400:
            return ChatError(ErrorKind.REDIRECTED, status=exc.status_code, location=redirect_origin(exc.response))
        # The SDK hands on the body's "error" value: when that is a string ({"error": "…"}), the body itself.
        body = _body_error(exc.body) or _body_error(exc.response.text if isinstance(exc.body, str) else None)
        message = body.get("message") or exc.message
        code = str(body.get("code") or body.get("type") or "")
        content_type = headers.get("content-type", "")
        # The body was read through the capped client (http_client.py): its text is at most 1 MiB.
        if exc.status_code < 400 or ("json" not in content_type and "<html" in exc.response.text[:2000].lower()):
            return ChatError(ErrorKind.NOT_OPENAI, status=exc.status_code, detail=content_type)
        return ChatError(
            _status_kind(exc.status_code, code, str(message)),
            server_message=str(message),
            status=exc.status_code,
            request_id=str(exc.request_id or ""),
            retry_after=advised_wait_text(server_wait_seconds(headers, time.time())),
        )
    if isinstance(exc, openai.APITimeoutError):
        return ChatError(ErrorKind.TIMEOUT)
    if isinstance(exc, openai.APIConnectionError):
        for link in _chain(exc):
            if isinstance(link, ssl.SSLError) or "CERTIFICATE_VERIFY_FAILED" in str(link):
                from .trust import presented_chain

                return ChatError(ErrorKind.TLS, server_message=str(getattr(link, "reason", "") or link),
                                 presented=presented_chain(exc))
            if type(link).__name__ == "ProxyError":
                return ChatError(ErrorKind.PROXY, server_message=str(link))
            if isinstance(link, UnicodeEncodeError):
                return ChatError(ErrorKind.INVALID_KEY)
            if not partial and type(link).__name__ == "RemoteProtocolError" and "without sending" in str(link):
                return ChatError(ErrorKind.CONNECTION, detail=CLOSED_WITHOUT_ANSWER)  # reached, not unreachable
        return ChatError(ErrorKind.STREAM_CUT if partial else ErrorKind.CONNECTION)
    if isinstance(exc, openai.APIError):
        # An SSE "error" event mid-stream, or another API-level failure.
        body = _body_error(exc.body)
        return ChatError(ErrorKind.STREAM_ERROR, server_message=str(body.get("message") or exc.message))
    if isinstance(exc, openai.OpenAIError) and "api_key" in str(exc):
        return ChatError(ErrorKind.NO_KEY)
    if isinstance(exc, UnicodeEncodeError):
        return ChatError(ErrorKind.INVALID_KEY)
    # Transport errors that older SDKs let through, then anything else: never a dead thread.
    if type(exc).__module__.split(".")[0] in ("httpx", "httpx2", "httpcore", "httpcore2", "h11"):
        kind = ErrorKind.TIMEOUT if "Timeout" in type(exc).__name__ else (
            ErrorKind.STREAM_CUT if partial else ErrorKind.CONNECTION)
        return ChatError(kind, detail=type(exc).__name__)
    return ChatError(ErrorKind.UNEXPECTED, server_message=str(exc), detail=type(exc).__name__)
