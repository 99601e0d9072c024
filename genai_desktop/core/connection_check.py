"""The connection check: the way to an endpoint, step by step, each step ok or the cause of its failure.

address -> DNS -> proxy -> TCP -> TLS -> authentication (/models) -> the model exists -> a one-token answer.
The first five are tried here with plain sockets, the way the app's client goes (same proxy choice,
same trust store), so a failure is named where it happens; the last three are the app's own
requests (core.llm), so they fail exactly as a chat would. The core returns steps, causes and facts;
the words (German or English) are the UI's (ui/connection_check_view.py), for the settings dialog and
for --check-connection alike. Every fact is redacted when it is made: keys never reach the output.

It works on an Endpoint (address, model, key, headers, proxy choice), so a profile, the settings of
the dialog being edited or the saved settings are each a thin layer on top (endpoint_from_profile).

The proxy is core.proxies' route_for, as for a chat request (a PAC script's answer is shown).
The TLS step tries the system's trust first, then the company CAs the user trusted for the host
(core/trust.py), as a chat's client does.
"""

from __future__ import annotations

import base64
import ipaddress
import logging
import os
import platform
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlsplit

from .chat import ChatRequest
from .connection_steps import Cause, Endpoint, Outcome, Step, StepResult, certificate_facts
from .errors import ChatError, ErrorKind
from .profiles import ProxyChoice, ProxyMode
from .redaction import register_secret, without_user_info
from .validation import address_problem, check_base_url

log = logging.getLogger(__name__)
MAX_PROXY_ANSWER_BYTES = 64 * 1024  # a CONNECT answer's status line and headers


@dataclass(frozen=True)
class _Target:
    scheme: str
    host: str  # as in the address (an IPv6 address without brackets)
    port: int


@dataclass(frozen=True)
class _Route:
    proxy_url: str | None  # None: straight to the server
    source: str  # "none", "environment", "manual", "pac"
    pac_answer: str = ""


def check_connection(endpoint: Endpoint, on_step: Callable[[StepResult], None] | None = None) -> list[StepResult]:
    """Run every step; after the first failure the rest are NOT_RUN. The results come in Step order;
    on_step hears each as it is known (the proxy choice is worked out before the name it makes the app
    look up), from the calling thread: run this off the GUI thread."""
    register_secret(endpoint.api_key)
    for _name, value in endpoint.headers:
        register_secret(value)
    results: list[StepResult] = []

    def report(result: StepResult) -> bool:
        results.append(result)
        log.info("connection check: %s %s %s", result.step.value, result.outcome.value,
                 result.cause.value if result.cause else "")
        if on_step is not None:
            on_step(result)
        return result.outcome is not Outcome.FAILED

    started = time.monotonic()
    known: dict[Step, StepResult] = {}  # found before the step that failed: still worth saying (the proxy)
    try:
        for step in _steps(endpoint, known):
            if not report(step):
                break
    except Exception as exc:  # noqa: BLE001 - a bug must not hide the steps found so far: the next one failed
        log.exception("connection check: unexpected failure")
        reached = {result.step for result in results}
        step = next(step for step in Step if step not in reached)
        report(StepResult(step, Outcome.FAILED, Cause.UNEXPECTED, (("reason", _reason(exc)),)))
    for step in Step:
        if step not in {result.step for result in results}:
            report(known.get(step, StepResult(step, Outcome.NOT_RUN)))
    log.info("connection check done in %.1f s", time.monotonic() - started)
    order = list(Step)
    return sorted(results, key=lambda result: order.index(result.step))


def _steps(endpoint: Endpoint, known: dict[Step, StepResult]):
    """The steps, each yielded once known, in Step order; the caller stops at the first that failed, and
    takes the ones in known that it did not reach."""
    problem = address_problem(endpoint.base_url, endpoint.cleartext_confirmed)
    if problem is not None:
        yield StepResult(Step.ADDRESS, Outcome.FAILED, Cause.UNSAFE_ADDRESS,
                         (("problem", problem.value), ("address", without_user_info(endpoint.base_url.strip()))))
        return
    url = check_base_url(endpoint.base_url).url
    parts = urlsplit(url)
    target = _Target(parts.scheme.lower(), parts.hostname or "", parts.port or (443 if parts.scheme.lower() == "https"
                                                                               else 80))
    yield StepResult(Step.ADDRESS, Outcome.OK, None, (("address", url),))
    try:
        route = _route(endpoint.proxy, url)
        proxy = _proxy_target(route.proxy_url) if route.proxy_url else None
    except Exception as exc:  # noqa: BLE001 - a PAC script or a proxy setting that cannot be used
        yield StepResult(Step.DNS, Outcome.NOT_RUN)
        yield StepResult(Step.PROXY, Outcome.FAILED, Cause.PROXY_UNAVAILABLE, (("reason", _reason(exc)),))
        return
    first_hop = proxy or target
    known[Step.PROXY] = _proxy_step(route)
    yield _dns_step(first_hop, endpoint.connect_timeout, via_proxy=proxy is not None, server=target.host)
    yield known[Step.PROXY]
    sock, tcp_step = _tcp_step(first_hop, endpoint.connect_timeout, proxy is not None)
    yield tcp_step
    if sock is None:
        return
    with sock:
        yield _tls_step(sock, target, proxy, route, endpoint.connect_timeout, endpoint.trust_folder)
    yield from _request_steps(endpoint, url)


# --- DNS ---------------------------------------------------------------------------------------------

def _dns_step(hop: _Target, timeout: float, via_proxy: bool, server: str) -> StepResult:
    try:
        ipaddress.ip_address(hop.host)
        return StepResult(Step.DNS, Outcome.OK, Cause.IP_ADDRESS, (("host", hop.host),))
    except ValueError:
        pass
    addresses = _resolve(hop.host, hop.port, timeout)
    if not addresses:
        return StepResult(Step.DNS, Outcome.FAILED, Cause.NAME_NOT_FOUND,
                          (("host", hop.host), ("proxy", "yes" if via_proxy else "")))
    if via_proxy:
        return StepResult(Step.DNS, Outcome.OK, Cause.RESOLVED_BY_PROXY,
                          (("host", hop.host), ("addresses", ", ".join(addresses)), ("server", server)))
    return StepResult(Step.DNS, Outcome.OK, Cause.RESOLVED, (("host", hop.host), ("addresses", ", ".join(addresses))))


def _resolve(host: str, port: int, timeout: float) -> list[str]:
    """The addresses of host, at most four; [] if it cannot be found within timeout (getaddrinfo has none
    of its own, so it runs on a daemon thread that may outlive the wait)."""
    found: list[str] = []
    done = threading.Event()

    def look_up() -> None:
        try:
            for *_rest, sockaddr in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
                if sockaddr[0] not in found:
                    found.append(sockaddr[0])
        except (OSError, UnicodeError):
            pass
        done.set()

    threading.Thread(target=look_up, name="check-dns", daemon=True).start()
    done.wait(timeout)
    return list(found[:4]) if done.is_set() else []


# --- proxy ---------------------------------------------------------------------------------------------

def _route(choice: ProxyChoice | None, url: str) -> _Route:
    """The route a chat request to url takes (core.proxies, as the app's transport), with the proxy login
    the user saved (the password from the keyring) as user info of the proxy's address."""
    from urllib.parse import quote

    from .proxies import route_for
    from .secrets import PROXY_PASSWORDS

    choice = choice or ProxyChoice()
    route = route_for(choice, url)
    source = "pac" if route.pac_answer or route.mode is ProxyMode.PAC else {
        ProxyMode.NONE: "none", ProxyMode.MANUAL: "manual"}.get(route.mode, "environment")
    if not route.proxy:
        return _Route(None, source, route.pac_answer)
    user, password = route.login or (choice.user, PROXY_PASSWORDS.password(route.host_port, choice.user)
                                     if choice.user else "")
    if not password:
        return _Route(route.proxy, source, route.pac_answer)
    scheme, address = route.proxy.split("://", 1)
    login = f"{quote(user, safe='')}:{quote(password, safe='')}@"
    return _Route(f"{scheme}://{login}{address}", source, route.pac_answer)


def _proxy_target(proxy_url: str) -> _Target:
    parts = urlsplit(proxy_url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not a proxy address: {without_user_info(proxy_url)}")
    return _Target(scheme, parts.hostname, parts.port or (443 if scheme == "https" else 80))


def _proxy_step(route: _Route) -> StepResult:
    if route.proxy_url is None:
        return StepResult(Step.PROXY, Outcome.OK, Cause.DIRECT,
                          (("source", route.source), ("pac_answer", route.pac_answer)))
    return StepResult(Step.PROXY, Outcome.OK, Cause.PROXY_USED,
                      (("proxy", without_user_info(route.proxy_url)), ("source", route.source),
                       ("pac_answer", route.pac_answer)))


def _proxy_login(proxy_url: str) -> str:
    """A Proxy-Authorization header for a proxy address with user info (http://user:password@host:port), else ""."""
    from urllib.parse import unquote

    parts = urlsplit(proxy_url)
    if parts.username is None:
        return ""
    pair = f"{unquote(parts.username)}:{unquote(parts.password or '')}"
    register_secret(pair)
    return "Basic " + base64.b64encode(pair.encode()).decode("ascii")


# --- TCP and TLS --------------------------------------------------------------------------------------------

def _tcp_step(hop: _Target, timeout: float, via_proxy: bool) -> tuple[socket.socket | None, StepResult]:
    facts = (("host", hop.host), ("port", str(hop.port)), ("proxy", "yes" if via_proxy else ""))
    started = time.monotonic()
    try:
        sock = socket.create_connection((hop.host, hop.port), timeout=timeout)
    except ConnectionRefusedError:
        return None, StepResult(Step.TCP, Outcome.FAILED, Cause.REFUSED, facts)
    except (socket.timeout, TimeoutError):
        return None, StepResult(Step.TCP, Outcome.FAILED, Cause.TCP_TIMEOUT, facts + (("seconds", f"{timeout:g}"),))
    except OSError as exc:
        return None, StepResult(Step.TCP, Outcome.FAILED, Cause.UNREACHABLE, facts + (("reason", _reason(exc)),))
    milliseconds = round((time.monotonic() - started) * 1000)
    return sock, StepResult(Step.TCP, Outcome.OK, Cause.CONNECTED, facts + (("milliseconds", str(milliseconds)),))


def _tunnel(sock: socket.socket, target: _Target, proxy: _Target,
            proxy_url: str) -> tuple[socket.socket, StepResult | None]:
    """CONNECT through the proxy to the server: the socket of the tunnel, and None once it stands, else the
    failed step."""
    if proxy.scheme == "https":
        sock = _default_context().wrap_socket(sock, server_hostname=proxy.host)
    host = f"[{target.host}]" if ":" in target.host else target.host.encode("idna").decode("ascii")
    lines = [f"CONNECT {host}:{target.port} HTTP/1.1", f"Host: {host}:{target.port}"]
    login = _proxy_login(proxy_url)
    if login:
        lines.append(f"Proxy-Authorization: {login}")
    sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("ascii"))
    answer = b""
    while b"\r\n\r\n" not in answer and len(answer) < MAX_PROXY_ANSWER_BYTES:
        piece = sock.recv(4096)
        if not piece:
            break
        answer += piece
    head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    status_line = head[0].split()
    status = status_line[1] if len(status_line) > 1 and status_line[1].isdigit() else ""
    if status == "200":
        return sock, None
    if status == "407" or (status == "401" and login):  # tinyproxy answers a wrong login with 401
        schemes = [line.split(":", 1)[1].strip().split()[0] for line in head[1:]
                   if line.lower().startswith(("proxy-authenticate:", "www-authenticate:"))
                   and line.split(":", 1)[1].strip()]
        return sock, StepResult(Step.TLS, Outcome.FAILED, Cause.PROXY_LOGIN,
                          (("schemes", ", ".join(dict.fromkeys(schemes))), ("proxy", f"{proxy.host}:{proxy.port}"),
                           ("login_sent", "yes" if login else "")))
    return sock, StepResult(Step.TLS, Outcome.FAILED, Cause.PROXY_REFUSED,
                      (("status", status or "?"), ("proxy", f"{proxy.host}:{proxy.port}")))


def _tls_step(sock: socket.socket, target: _Target, proxy: _Target | None, route: _Route,
              timeout: float, trust_folder: str = "") -> StepResult:
    if target.scheme != "https":
        # Through a proxy plain http goes as a request to the proxy: nothing to tunnel or check.
        return StepResult(Step.TLS, Outcome.NOTE, Cause.PLAIN_HTTP, (("host", target.host),))
    try:
        if proxy is not None:
            sock, failed = _tunnel(sock, target, proxy, route.proxy_url or "")
            if failed is not None:
                return failed
        sources = _trust_sources(target.host, trust_folder)
        for index, (trust, context) in enumerate(sources):
            try:
                if index:  # a handshake that failed closed its connection: a new one for the next trust
                    sock = _reconnect(target, proxy, route, timeout)
                with context.wrap_socket(sock, server_hostname=target.host) as tls:
                    certificate = tls.getpeercert() or {}
                    return StepResult(Step.TLS, Outcome.OK, Cause.ENCRYPTED, (
                        ("version", tls.version() or ""), ("issuer", _name(certificate.get("issuer", ()))),
                        ("subject", _name(certificate.get("subject", ()))), ("trust", trust)))
            except ssl.SSLCertVerificationError as exc:
                if index + 1 < len(sources) and exc.verify_code in (19, 20, 21):  # the next trust may know the issuer
                    continue
                return _verify_failure(exc, target, proxy, route, timeout)
    except ssl.SSLError as exc:
        if "WRONG_VERSION_NUMBER" in str(exc) or "record layer failure" in str(exc):
            return StepResult(Step.TLS, Outcome.FAILED, Cause.NOT_TLS, (("host", target.host), ("port", str(target.port))))
        return StepResult(Step.TLS, Outcome.FAILED, Cause.TLS_FAILED, (("reason", _reason(exc)),))
    except (OSError, ValueError) as exc:
        return StepResult(Step.TLS, Outcome.FAILED, Cause.TLS_FAILED, (("reason", _reason(exc)),))
    return StepResult(Step.TLS, Outcome.FAILED, Cause.TLS_FAILED, (("reason", "no trust store"),))


def _reconnect(target: _Target, proxy: _Target | None, route: _Route, timeout: float) -> socket.socket:
    hop = proxy or target
    sock = socket.create_connection((hop.host, hop.port), timeout=timeout)
    if proxy is not None:
        sock, failed = _tunnel(sock, target, proxy, route.proxy_url or "")
        if failed is not None:
            sock.close()
            raise OSError("the proxy refused the second connection")
    return sock


def _default_context() -> ssl.SSLContext:
    """The context the app's client verifies with: httpx2's default (SSL_CERT_FILE / SSL_CERT_DIR, else the
    system's store: OpenSSL's paths on Linux, truststore on Windows and macOS)."""
    import httpcore2

    return httpcore2.default_ssl_context()


def _trust_sources(host: str, trust_folder: str) -> list[tuple[str, ssl.SSLContext]]:
    """(which trust, its context) in the order the app uses them: the system's first, then the company
    CAs trusted for this host (core/trust.py)."""
    from pathlib import Path

    from .certificates import TrustRefused, normal_host
    from .trust import TrustStore, default_store

    if os.environ.get("SSL_CERT_FILE"):
        trust = f"file:{os.environ['SSL_CERT_FILE']}"
    elif os.environ.get("SSL_CERT_DIR"):
        trust = f"file:{os.environ['SSL_CERT_DIR']}"
    else:
        trust = "system" if platform.system() in ("Windows", "Darwin") else f"system:{_system_store_path()}"
    sources = [(trust, _default_context())]
    store = TrustStore(Path(trust_folder)) if trust_folder else default_store()
    try:
        host = normal_host(host)
    except TrustRefused:  # a name no authority can be trusted for
        return sources
    if store.for_host(host):
        sources.append(("company", store.context_for(host)))
    return sources


def _system_store_path() -> str:
    paths = ssl.get_default_verify_paths()
    return paths.openssl_cafile if paths.openssl_cafile and os.path.isfile(paths.openssl_cafile) else (
        paths.openssl_capath or "")


def _verify_failure(exc: ssl.SSLCertVerificationError, target: _Target, proxy: _Target | None, route: _Route,
                    timeout: float) -> StepResult:
    facts = _presented_certificate(target, proxy, route, timeout)
    code = exc.verify_code
    if code == 62:  # X509_V_ERR_HOSTNAME_MISMATCH
        return StepResult(Step.TLS, Outcome.FAILED, Cause.WRONG_HOST, (("host", target.host),) + facts)
    if code in (10, 9):  # expired, not yet valid
        return StepResult(Step.TLS, Outcome.FAILED, Cause.CERT_EXPIRED, facts)
    if code == 18:  # DEPTH_ZERO_SELF_SIGNED_CERT
        return StepResult(Step.TLS, Outcome.FAILED, Cause.SELF_SIGNED, facts)
    if code in (19, 20, 21):  # an issuer (or a root) this computer does not trust
        return StepResult(Step.TLS, Outcome.FAILED, Cause.UNTRUSTED_ISSUER, facts)
    return StepResult(Step.TLS, Outcome.FAILED, Cause.TLS_FAILED,
                      (("reason", exc.verify_message or _reason(exc)),) + facts)


def _presented_certificate(target: _Target, proxy: _Target | None, route: _Route,
                           timeout: float) -> tuple[tuple[str, str], ...]:
    """Who the certificate the server (or whatever sits in between) showed names, to say so.

    Read on a connection of its own that sends nothing and is closed at once: the verified handshake
    failed, so this one accepts any certificate, only to read its names and fingerprint for display.
    Nothing ever continues on it.
    """
    try:
        sock = _reconnect(target, proxy, route, timeout)
        reader = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        reader.check_hostname = False
        reader.verify_mode = ssl.CERT_NONE
        with reader.wrap_socket(sock, server_hostname=target.host) as tls:
            der = tls.getpeercert(binary_form=True)
    except (OSError, ValueError):
        return ()
    return certificate_facts(der) if der else ()


def _name(rdns) -> str:
    """The common name (else the organisation) of a name as ssl.getpeercert() gives it."""
    pairs = [pair for rdn in rdns for pair in rdn]
    for wanted in ("commonName", "organizationName"):
        for key, value in pairs:
            if key == wanted:
                return str(value)
    return ", ".join(f"{key}={value}" for key, value in pairs)


def _reason(exc: BaseException) -> str:
    reason = getattr(exc, "reason", None) or getattr(exc, "strerror", None) or str(exc)
    return f"{type(exc).__name__}: {reason}"


# --- the app's own requests --------------------------------------------------------------------------------

def _request(endpoint: Endpoint, url: str) -> ChatRequest:
    """The check's own requests go as a chat's would: headers, proxy and trusted authorities included."""
    return ChatRequest(base_url=url, model=endpoint.model.strip(), api_key=endpoint.api_key,
                       connect_timeout=endpoint.connect_timeout, read_timeout=endpoint.read_timeout,
                       cleartext_confirmed=endpoint.cleartext_confirmed, headers=endpoint.headers,
                       proxy=endpoint.proxy or ProxyChoice(), trust_folder=endpoint.trust_folder)


def _request_steps(endpoint: Endpoint, url: str):
    from .llm import list_models, ping

    request = _request(endpoint, url)
    models: list[str] | None = None
    try:
        models = list_models(request)
        yield StepResult(Step.AUTH, Outcome.OK, Cause.KEY_ACCEPTED, (("count", str(len(models))),))
    except ChatError as error:
        if error.kind is ErrorKind.NOT_FOUND and not urlsplit(url).path.rstrip("/").endswith("/v1"):
            yield StepResult(Step.AUTH, Outcome.FAILED, Cause.NO_V1, (("suggestion", url.rstrip("/") + "/v1"),),
                             error=error)
            return
        if error.kind is ErrorKind.NOT_FOUND:  # some servers and gateways list no models, but chat
            yield StepResult(Step.AUTH, Outcome.NOTE, Cause.MODELS_NOT_LISTED, error=error)
        else:
            yield StepResult(Step.AUTH, Outcome.FAILED, Cause.REQUEST_FAILED, error=error)
            return
    model = request.model
    if not model:
        yield StepResult(Step.MODEL, Outcome.FAILED, Cause.NO_MODEL)
        return
    if models is None:
        yield StepResult(Step.MODEL, Outcome.NOTE, Cause.MODEL_UNCHECKED, (("model", model),))
    elif model in models:
        yield StepResult(Step.MODEL, Outcome.OK, Cause.MODEL_OFFERED, (("model", model),))
    else:
        yield StepResult(Step.MODEL, Outcome.FAILED, Cause.UNKNOWN_MODEL,
                         (("model", model), ("offered", ", ".join(models[:5])), ("count", str(len(models)))))
        return
    try:
        result = ping(request)
    except ChatError as error:
        yield StepResult(Step.ANSWER, Outcome.FAILED, Cause.REQUEST_FAILED, error=error)
        return
    yield StepResult(Step.ANSWER, Outcome.OK, Cause.ANSWERED, (("finish_reason", result.finish_reason or ""),))
