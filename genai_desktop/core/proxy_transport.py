"""The proxy choice applied to httpx2: a transport that sends each request the way core.proxies routes
its origin (direct, or through that proxy with its login), and turns a 407 into ProxyLoginNeeded.

The client's own proxy handling (trust_env, proxy=, mounts=) is not used: httpx2 reads the
environment only, never Windows' or macOS' proxy exceptions, and a PAC script answers per address.
Imported only after the SDK is loaded (see lazy.py): httpx2 comes with it.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from typing import Callable

import httpx2

from .profiles import ProxyChoice
from .proxies import ProxyLoginNeeded, ProxyRoute, auth_schemes, route_for

log = logging.getLogger(__name__)
PasswordLookup = Callable[[str, str], str]  # (proxy host:port, user) -> password, "" if none; may block
PROBE_SECONDS = 10.0
PROBE_BYTES = 64 * 1024  # a 407's status line and headers


class ProxyRoutingTransport(httpx2.AsyncBaseTransport):
    """Routes by request origin; one connection pool per route, made on first use."""

    def __init__(self, choice: ProxyChoice, limits: httpx2.Limits, password: PasswordLookup,
                 verify: ssl.SSLContext | bool = True) -> None:
        self._choice, self._limits, self._password, self._verify = choice, limits, password, verify
        self._routes: dict[tuple[str, str, int | None], ProxyRoute] = {}
        self._pools: dict[str, tuple[httpx2.AsyncHTTPTransport, bool]] = {}  # proxy -> (pool, sends a login)

    async def route(self, url: httpx2.URL) -> ProxyRoute:
        origin = (url.scheme, url.host, url.port)
        if origin not in self._routes:
            # route_for may fetch a PAC script: in a thread, so Stop still cancels the request at once.
            route = await asyncio.to_thread(route_for, self._choice, str(url.copy_with(query=None, fragment=None)))
            log.info("proxy for %s://%s: %s (%s)", url.scheme, url.host, route.host_port or "direct", route.mode.value)
            self._routes[origin] = route
        return self._routes[origin]

    async def _pool(self, route: ProxyRoute) -> tuple[httpx2.AsyncHTTPTransport, bool]:
        if route.proxy not in self._pools:
            proxy = None
            login = False
            if route.login is not None:  # written into the environment's proxy address
                login = True
                proxy = httpx2.Proxy(route.proxy, auth=route.login)
            elif route.proxy:
                password = await asyncio.to_thread(self._password, route.host_port, self._choice.user) \
                    if self._choice.user else ""
                login = bool(self._choice.user and password)
                proxy = httpx2.Proxy(route.proxy, auth=(self._choice.user, password) if login else None)
            self._pools[route.proxy] = (httpx2.AsyncHTTPTransport(
                verify=self._verify, limits=self._limits, proxy=proxy), login)
        return self._pools[route.proxy]

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        route = await self.route(request.url)
        pool, login = await self._pool(route)
        try:
            response = await pool.handle_async_request(request)
        except httpx2.ProxyError as exc:
            if route.proxy and str(exc).startswith("407"):  # the tunnel (CONNECT) was refused
                schemes = await _tunnel_auth_schemes(route.proxy, request.url)
                raise ProxyLoginNeeded(route.host_port, schemes, login) from None
            raise
        if route.proxy and response.status_code == 407:  # a plain-http request the proxy forwards
            schemes = auth_schemes(response.headers.get_list("proxy-authenticate"))
            await response.aclose()
            raise ProxyLoginNeeded(route.host_port, schemes, login)
        return response

    async def aclose(self) -> None:
        for pool, _login in self._pools.values():
            await pool.aclose()


async def _tunnel_auth_schemes(proxy: str, target: httpx2.URL) -> tuple[str, ...]:
    """The schemes a proxy asks for when it refuses a tunnel: httpx2 keeps only the status line of that
    407, so the CONNECT is asked once more without a login, its headers read (bounded), and closed."""
    url = httpx2.URL(proxy)
    port = target.port or (443 if target.scheme == "https" else 80)
    authority = f"[{target.host}]:{port}" if ":" in target.host else f"{target.host}:{port}"
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(
            url.host, url.port, ssl=url.scheme == "https" or None, limit=PROBE_BYTES), PROBE_SECONDS)
    except (OSError, asyncio.TimeoutError, ssl.SSLError):
        return ()
    try:
        writer.write(f"CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\n\r\n".encode("ascii", "replace"))
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), PROBE_SECONDS)
    except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
        return ()
    finally:
        writer.close()
    lines = head.decode("latin-1").split("\r\n")
    values = [line.split(":", 1)[1] for line in lines[1:] if line.lower().startswith("proxy-authenticate:")]
    return auth_schemes(values)
