"""Automatic proxy configuration (PAC), by the script's address or found with WPAD (issue 13 point 3).

The script is a company's JavaScript; it is allowed to do nothing but answer which proxy to use:
- it runs in QuickJS (the `quickjs` package, imported only when a PAC choice is used) without
  any of QuickJS' I/O modules, with a time limit, a memory limit and a stack limit;
- it cannot call into Python: dnsResolve() and myIpAddress() answer from values worked out before
  it runs (the request's host resolved here, with a time limit), so a script cannot even make the
  app look up names of its choosing (a way to send data out);
- it is shown only the request's origin (scheme://host:port/), never a path or a query;
- its answer is read strictly ("PROXY host:port; DIRECT"): the first entry the app can use wins, and
  a proxy it names is checked like one typed by hand (proxies.parse_proxy_address).
pypac (the field's library) brings dukpy (4 MB, no time limit), requests and a public suffix list;
QuickJS is one 2 MB wheel with limits built in.

WPAD: http://wpad.<domain>/wpad.dat for the machine's DNS domain and its parents, never a top-level
or a country's second-level domain (wpad.co.uk would be anyone's); none found: straight there.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from urllib.parse import urlsplit

from .profiles import ProxyMode
from .proxies import DIRECT, ProxyProblem, ProxyRoute, parse_proxy_address

log = logging.getLogger(__name__)
MAX_SCRIPT_BYTES = 1 * 2**20  # a company's PAC file is a few kB (the largest seen: ~200 kB)
FETCH_SECONDS = 10.0
RUN_SECONDS = 1  # the script's time limit: QuickJS checks it now and then, so a runaway script ends after 2-4 s
RUN_MEMORY = 32 * 2**20
RUN_STACK = 1 * 2**20
RESOLVE_SECONDS = 3.0
CACHE_SECONDS = 300.0  # a script is fetched again after this, or after a failure once this has passed
FAILURE_CACHE_SECONDS = 30.0
MAX_ANSWER_CHARS = 500

_cache: dict[str, tuple[float, str | ProxyProblem]] = {}  # script address -> (when, script or why not)
_routes: dict[tuple[str, str], tuple[float, ProxyRoute]] = {}  # (script address, origin) -> (when, its route)
_cache_lock = threading.Lock()
_run_lock = threading.Lock()  # QuickJS is "thread-hostile": one script runs at a time, each in a context of its own


# --- the standard PAC functions, written anew for QuickJS (dnsResolve/myIpAddress answer from data) --
PAC_FUNCTIONS = r"""
var __resolved = {}, __myIp = "127.0.0.1";
function alert(message) {}
function __addr(ip) {
  if (typeof ip !== "string") return null;
  var parts = ip.split("."), value = 0;
  if (parts.length !== 4) return null;
  for (var i = 0; i < 4; i++) {
    if (!/^\d{1,3}$/.test(parts[i]) || +parts[i] > 255) return null;
    value = value * 256 + (+parts[i]);
  }
  return value;
}
function isValidIpAddress(ip) { return __addr(ip) !== null; }
function dnsResolve(host) { return Object.prototype.hasOwnProperty.call(__resolved, host) ? __resolved[host] : null; }
function dnsResolveEx(host) { return dnsResolve(host) || ""; }
function myIpAddress() { return __myIp; }
function myIpAddressEx() { return __myIp; }
function isResolvable(host) { return dnsResolve(host) !== null; }
function isResolvableEx(host) { return isResolvable(host); }
function isPlainHostName(host) { return String(host).indexOf(".") === -1; }
function dnsDomainIs(host, domain) {
  host = String(host).toLowerCase(); domain = String(domain).toLowerCase();
  return host.length >= domain.length && host.substring(host.length - domain.length) === domain;
}
function localHostOrDomainIs(host, hostdom) {
  host = String(host).toLowerCase(); hostdom = String(hostdom).toLowerCase();
  return host === hostdom || hostdom.lastIndexOf(host + ".", 0) === 0;
}
function dnsDomainLevels(host) { return String(host).split(".").length - 1; }
function isInNet(host, pattern, mask) {
  var ip = __addr(host) !== null ? host : dnsResolve(host);
  var a = __addr(ip), p = __addr(pattern), m = __addr(mask);
  if (a === null || p === null || m === null) return false;
  return ((a & m) >>> 0) === ((p & m) >>> 0);
}
function isInNetEx(ip, prefix) {
  var parts = String(prefix).split("/"), bits = +parts[1];
  if (parts.length !== 2 || !(bits >= 0 && bits <= 32)) return false;
  var mask = bits === 0 ? 0 : (0xFFFFFFFF << (32 - bits)) >>> 0;
  var a = __addr(ip), p = __addr(parts[0]);
  return a !== null && p !== null && ((a & mask) >>> 0) === ((p & mask) >>> 0);
}
function shExpMatch(text, pattern) {
  var expression = String(pattern).replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp("^" + expression + "$").test(String(text));
}
var __days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
var __months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
function __now(args) {
  var gmt = args.length > 0 && args[args.length - 1] === "GMT";
  return {gmt: gmt, args: gmt ? Array.prototype.slice.call(args, 0, -1) : Array.prototype.slice.call(args)};
}
function __within(value, low, high) { return low <= high ? value >= low && value <= high : value >= low || value <= high; }
function weekdayRange() {
  var n = __now(arguments), d = new Date(), today = n.gmt ? d.getUTCDay() : d.getDay();
  var low = __days.indexOf(String(n.args[0])), high = n.args.length > 1 ? __days.indexOf(String(n.args[1])) : low;
  return low >= 0 && high >= 0 && __within(today, low, high);
}
function timeRange() {
  var n = __now(arguments), d = new Date(), a = n.args.map(Number);
  var now = (n.gmt ? d.getUTCHours() : d.getHours()) * 3600 + (n.gmt ? d.getUTCMinutes() : d.getMinutes()) * 60
            + (n.gmt ? d.getUTCSeconds() : d.getSeconds());
  if (a.length === 1) return Math.floor(now / 3600) === a[0];
  if (a.length === 2) return __within(Math.floor(now / 3600), a[0], a[1] === a[0] ? a[0] : a[1] - 1);
  if (a.length === 4) return __within(now, a[0] * 3600 + a[1] * 60, a[2] * 3600 + a[3] * 60);
  if (a.length === 6) return __within(now, a[0] * 3600 + a[1] * 60 + a[2], a[3] * 3600 + a[4] * 60 + a[5]);
  return false;
}
function dateRange() {
  var n = __now(arguments), d = new Date(), parts = [];
  var today = {day: n.gmt ? d.getUTCDate() : d.getDate(), month: n.gmt ? d.getUTCMonth() : d.getMonth(),
               year: n.gmt ? d.getUTCFullYear() : d.getFullYear()};
  for (var i = 0; i < n.args.length; i++) {
    var value = n.args[i], month = __months.indexOf(String(value));
    if (month >= 0) parts.push(["month", month]);
    else if (+value >= 1000) parts.push(["year", +value]);
    else parts.push(["day", +value]);
  }
  if (parts.length === 0 || parts.length > 6 || parts.length % 2 === 1 && parts.length !== 1) return false;
  var half = parts.length === 1 ? 1 : parts.length / 2;
  function key(list) {
    var k = 0;
    for (var j = 0; j < list.length; j++) k = k * 10000 + list[j][1];
    return k;
  }
  var fields = parts.slice(0, half).map(function (p) { return p[0]; });
  var now = key(fields.map(function (f) { return [f, today[f]]; }));
  return __within(now, key(parts.slice(0, half)), key(parts.slice(half).length ? parts.slice(half) : parts.slice(0, half)));
}
"""


def parse_pac_answer(answer: object) -> str:
    """The proxy a FindProxyForURL answer names first among those the app can use: DIRECT, or the
    http(s)://host:port of a PROXY/HTTP/HTTPS entry. SOCKS is skipped (httpx2 lacks it here).
    ProxyProblem("pac") when the answer is not text or names nothing usable."""
    if not isinstance(answer, str):
        raise ProxyProblem("pac", f"the script answered {type(answer).__name__}")
    if not answer.strip():
        return DIRECT  # as browsers do: an empty answer means straight there
    for entry in answer[:MAX_ANSWER_CHARS * 10].split(";"):
        words = entry.split()
        if not words:
            continue
        kind = words[0].upper()
        if kind == "DIRECT" and len(words) == 1:
            return DIRECT
        if kind in ("PROXY", "HTTP", "HTTPS") and len(words) == 2:
            scheme = "https" if kind == "HTTPS" else "http"
            try:
                return parse_proxy_address(f"{scheme}://{words[1]}")
            except ProxyProblem:
                continue
    raise ProxyProblem("pac", answer[:MAX_ANSWER_CHARS])


def _resolve(host: str) -> str | None:
    """host's first IPv4 address, None if it has none within RESOLVE_SECONDS (getaddrinfo has no timeout)."""
    found: list[str] = []

    def look_up() -> None:
        try:
            found.append(socket.getaddrinfo(host, None, socket.AF_INET, socket.SOCK_STREAM)[0][4][0])
        except (OSError, UnicodeError, IndexError):
            pass

    worker = threading.Thread(target=look_up, name="pac-dns", daemon=True)
    worker.start()
    worker.join(RESOLVE_SECONDS)
    return found[0] if found else None


def _my_ip_address(towards: str) -> str:
    """The address this machine reaches towards with (a UDP socket's connect sends nothing)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect((towards, 80))
            return probe.getsockname()[0]
    except (OSError, UnicodeError):
        return "127.0.0.1"


def run_pac_script(script: str, url: str, resolved: dict[str, str | None], my_ip: str) -> str:
    """FindProxyForURL(url, host) of script, with the limits above; its answer as text. ProxyProblem
    when the script fails, runs too long, takes too much memory or defines no FindProxyForURL."""
    from .lazy import IMPORT_LOCK

    with IMPORT_LOCK:
        import quickjs
    with _run_lock:
        return _run(quickjs, script, url, resolved, my_ip)


def _run(quickjs, script: str, url: str, resolved: dict[str, str | None], my_ip: str) -> str:
    host = urlsplit(url).hostname or ""
    context = quickjs.Context()
    context.set_memory_limit(RUN_MEMORY)
    context.set_max_stack_size(RUN_STACK)
    context.set_time_limit(RUN_SECONDS)
    try:
        context.eval(PAC_FUNCTIONS)
        context.set("__pac_url", url)
        context.set("__pac_host", host)
        context.set("__pac_my_ip", my_ip)
        context.eval("__myIp = __pac_my_ip;")
        for name, address in resolved.items():
            context.set("__pac_name", name)
            context.set("__pac_address", address)
            context.eval("__resolved[__pac_name] = __pac_address;")
        context.eval(script)
        answer = context.eval("typeof FindProxyForURL === 'function' ? FindProxyForURL(__pac_url, __pac_host) "
                              ": undefined")
    except (quickjs.JSException, quickjs.StackOverflow, OverflowError, TypeError, ValueError) as exc:
        raise ProxyProblem("pac", str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None
    if answer is None:
        raise ProxyProblem("pac", "the script has no FindProxyForURL function")
    return answer if isinstance(answer, str) else repr(answer)[:MAX_ANSWER_CHARS]


def fetch_pac_script(pac_url: str) -> str:
    """The script at pac_url (http or https, fetched straight, not through a proxy, at most
    MAX_SCRIPT_BYTES, three redirects); ProxyProblem("pac") when it cannot be had."""
    if urlsplit(pac_url).scheme.lower() not in ("http", "https"):
        raise ProxyProblem("pac", pac_url)
    from .lazy import load_sdk

    load_sdk()  # httpx2 comes with the SDK, loaded under the import lock
    import httpx2

    try:
        with httpx2.Client(transport=httpx2.HTTPTransport(), timeout=FETCH_SECONDS, follow_redirects=True,
                           max_redirects=3) as client, client.stream("GET", pac_url) as response:
            if response.status_code != 200:
                raise ProxyProblem("pac", f"{pac_url}: HTTP {response.status_code}")
            body = b""
            for piece in response.iter_bytes():
                body += piece
                if len(body) > MAX_SCRIPT_BYTES:
                    raise ProxyProblem("pac", f"{pac_url}: larger than {MAX_SCRIPT_BYTES} bytes")
    except httpx2.HTTPError as exc:
        raise ProxyProblem("pac", f"{pac_url}: {type(exc).__name__}") from None
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("latin-1")


def _cached_script(pac_url: str) -> str:
    now = time.monotonic()
    with _cache_lock:
        kept = _cache.get(pac_url)
    if kept is not None:
        fetched_at, script = kept
        limit = FAILURE_CACHE_SECONDS if isinstance(script, ProxyProblem) else CACHE_SECONDS
        if now - fetched_at < limit:
            if isinstance(script, ProxyProblem):
                raise script
            return script
    try:
        script: str | ProxyProblem = fetch_pac_script(pac_url)
    except ProxyProblem as problem:
        script = problem
    with _cache_lock:
        _cache[pac_url] = (now, script)
    if isinstance(script, ProxyProblem):
        log.warning("proxy configuration script not usable: %s", script)
        raise script
    return script


# Country codes' second-level domains are registries (co.uk, com.au): a wpad host there is anyone's.
def wpad_urls(fqdn: str) -> list[str]:
    """Where WPAD looks for the script of a machine named fqdn: wpad.<its domain and each parent>,
    never under a top-level domain, nor under a two-label domain of a country code (wpad.co.uk)."""
    labels = [label for label in fqdn.lower().rstrip(".").split(".") if label]
    urls = []
    for start in range(1, len(labels)):
        domain = labels[start:]
        if len(domain) < 2 or (len(domain) == 2 and len(domain[-1]) == 2 and len(domain[0]) <= 3):
            break
        urls.append(f"http://wpad.{'.'.join(domain)}/wpad.dat")
    return urls


def _wpad_candidates() -> list[str]:
    return wpad_urls(socket.getfqdn())


def _discovered_script() -> tuple[str, str]:
    """(the WPAD address that answered, its script), or ("", "") when none did."""
    for candidate in _wpad_candidates():
        try:
            return candidate, _cached_script(candidate)
        except ProxyProblem:
            continue
    return "", ""


def pac_route(pac_url: str, url: str) -> ProxyRoute:
    """The route the script at pac_url (or the one WPAD finds, if pac_url is "") gives url's origin."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    origin = f"{parts.scheme.lower()}://{parts.netloc.rsplit('@', 1)[-1]}/"
    if pac_url:
        script_url, script = pac_url, _cached_script(pac_url)
    else:
        script_url, script = _discovered_script()
        if not script_url:
            log.info("no proxy configuration script found with WPAD: straight to the server")
            return ProxyRoute(DIRECT, ProxyMode.PAC)
    with _cache_lock:
        kept = _routes.get((script_url, origin))
    if kept is not None and time.monotonic() - kept[0] < CACHE_SECONDS:
        return kept[1]
    resolved = {host: _resolve(host)} if host else {}
    answer = run_pac_script(script, origin, resolved, _my_ip_address(urlsplit(script_url).hostname or host))
    route = ProxyRoute(parse_pac_answer(answer), ProxyMode.PAC, pac_answer=answer[:MAX_ANSWER_CHARS],
                       pac_url=script_url)
    with _cache_lock:
        _routes[(script_url, origin)] = (time.monotonic(), route)
    return route
