"""Which proxy a request goes through (issue 13 point 3): the user's ProxyChoice turned into a route.

Plain logic, no HTTP library here (core/proxy_transport.py applies a route to httpx2, and the
connection check names it): "system" reads what urllib.request reads (the environment's
HTTP(S)_PROXY / ALL_PROXY / NO_PROXY, and on Windows and macOS the system's proxy settings and
their exceptions), "manual" is one host:port with the hosts that bypass it, "pac" is what an
automatic configuration script answers for the address (core/pac.py), "none" is straight there.

A proxy that asks for a login (407) raises ProxyLoginNeeded: Basic gets a login prompt whose
password goes to the keyring; NTLM, Negotiate (Kerberos) and Digest, which httpx2 cannot answer,
get an explanation with the usual remedy (a local helper proxy such as px).
"""

from __future__ import annotations

import dataclasses
import ipaddress
import re
import sys
from dataclasses import dataclass
from urllib.parse import urlsplit

from .profiles import ProxyChoice, ProxyMode

DIRECT = ""
# The schemes a proxy login can use that httpx2 answers itself (it sends Basic credentials).
ANSWERABLE_SCHEMES = ("basic",)
_CHALLENGE_START = re.compile(r"\s*([A-Za-z0-9!#$%&'*+.^_`|~-]+)(\s.*|)$", re.S)  # a token, then space or end
_HOST_LABEL = re.compile(r"^(?!-)[a-z0-9_-]{1,63}(?<!-)$")


class ProxyProblem(Exception):
    """A proxy choice that cannot be used as it is (a malformed address, a scheme httpx2 lacks)."""

    def __init__(self, what: str, text: str = "") -> None:
        text = text.rsplit("@", 1)[-1][:200]  # never a user name or password typed into the address
        super().__init__(f"{what}: {text}")
        self.what = what  # "address", "scheme", "pac"
        self.text = text


@dataclass(frozen=True)
class ProxyRoute:
    """Where one request goes: DIRECT, or a proxy's http://host:port; how that was decided (for the
    connection check and the log: the mode, and a PAC script's own answer)."""

    proxy: str = DIRECT
    mode: ProxyMode = ProxyMode.NONE
    pac_answer: str = ""  # what FindProxyForURL returned, as it came (shortened)
    pac_url: str = ""  # the script that answered (the one WPAD found, if the choice names none)
    # (user, password) the environment wrote into the proxy's address (http://user:pass@host:port): sent
    # as such; a login the user typed is in the keyring instead (ProxyChoice.user).
    login: tuple[str, str] | None = dataclasses.field(default=None, repr=False)

    @property
    def host_port(self) -> str:
        """The proxy as host:port (the keyring names a proxy password so), "" when direct."""
        return self.proxy.split("://", 1)[-1] if self.proxy else ""


class ProxyLoginNeeded(Exception):
    """The proxy answered 407. schemes: the lower-cased auth schemes of its Proxy-Authenticate
    headers; rejected: a password had been sent (it is wrong, or the user name is)."""

    def __init__(self, proxy: str, schemes: tuple[str, ...], rejected: bool) -> None:
        super().__init__(f"proxy {proxy} asks for a login ({', '.join(schemes) or 'no scheme named'})"
                         + (", the login sent was refused" if rejected else ""))
        self.proxy = proxy  # host:port
        self.schemes = schemes
        self.rejected = rejected

    @property
    def answerable(self) -> bool:
        """A login prompt can help: the proxy accepts a scheme httpx2 answers (or names none)."""
        return not self.schemes or any(scheme in ANSWERABLE_SCHEMES for scheme in self.schemes)


def auth_schemes(header_values: list[str]) -> tuple[str, ...]:
    """The auth schemes named in Proxy-Authenticate header values, lower-cased, in order, once each.
    A value can hold several challenges ("Negotiate, NTLM" or 'Basic realm="a, b", NTLM'): a scheme is
    a token at the start or after a comma, not followed by "=" (that is a parameter)."""
    schemes: list[str] = []
    for value in header_values:
        unquoted = re.sub(r'"(?:[^"\\]|\\.)*"', '""', value[:4000])
        for piece in unquoted.split(","):
            match = _CHALLENGE_START.match(piece)
            if not match or match.group(2).lstrip().startswith("="):  # empty, or a parameter of the one before
                continue
            scheme = match.group(1).lower()
            if scheme not in schemes:
                schemes.append(scheme)
    return tuple(schemes)


def parse_proxy_address(text: str) -> str:
    """http://host:port for "host:port" (or "http://host:port", as the environment writes it);
    raise ProxyProblem for anything else: no user info (the password belongs in the keyring), no path,
    a port from 1 to 65535, a host name, IPv4 or [IPv6] address."""
    raw = text.strip()
    if not raw or any(char.isspace() or ord(char) < 0x20 for char in raw):
        raise ProxyProblem("address", raw)
    if "://" not in raw:
        raw = "http://" + raw
    try:
        parts = urlsplit(raw)
        port = parts.port
        host = parts.hostname or ""
    except ValueError:
        raise ProxyProblem("address", text) from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise ProxyProblem("scheme", text)
    if "@" in parts.netloc or parts.path not in ("", "/") or parts.query or parts.fragment or not port:
        raise ProxyProblem("address", text)
    host = _ascii_host(host)
    if not _valid_host(host):
        raise ProxyProblem("address", text)
    shown = f"[{host}]" if ":" in host else host
    return f"{scheme}://{shown}:{port}"


def _valid_host(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        pass
    labels = host.rstrip(".").split(".")
    return bool(host) and len(host) <= 253 and all(_HOST_LABEL.match(label) for label in labels)


def _ascii_host(host: str) -> str:
    host = host.strip("[]").rstrip(".").lower()
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def bypasses(host: str, patterns: tuple[str, ...]) -> bool:
    """Whether host is one of the manual proxy's exceptions: "*" (everything), a host or domain
    ("corp.example" and ".corp.example" and "*.corp.example" match it and its subdomains), an IP
    address or network ("10.0.0.0/8"), or "<local>" (a plain name without a dot, as Windows writes it)."""
    host = _ascii_host(host)
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    for raw in patterns:
        pattern = raw.strip().lower()
        if not pattern:
            continue
        if pattern == "*":
            return True
        if pattern == "<local>":
            if address is None and "." not in host:
                return True
            continue
        if address is not None:
            try:
                if address in ipaddress.ip_network(pattern.strip("[]"), strict=False):
                    return True
            except ValueError:
                pass
            continue
        domain = _ascii_host(pattern.removeprefix("*").lstrip("."))
        if domain and (host == domain or host.endswith("." + domain)):
            return True
    return False


def split_bypass(text: str) -> tuple[str, ...]:
    """The bypass list as typed: separated by commas, semicolons (Windows) or white space."""
    return tuple(entry for entry in re.split(r"[\s,;]+", text) if entry)


def system_pac_url() -> str:
    """The configuration script Windows' proxy settings name (AutoConfigURL), "" if none or elsewhere.
    urllib reads the manual proxy of those settings, not their script. (macOS' script setting is not
    read: urllib's _scproxy does not hand it on.)"""
    if sys.platform != "win32":
        return ""
    import winreg

    try:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER,
                            r"Software\Microsoft\Windows\CurrentVersion\Internet Settings") as key:
            value, _kind = winreg.QueryValueEx(key, "AutoConfigURL")
    except OSError:
        return ""
    return value.strip() if isinstance(value, str) else ""


def _system_route(url: str, scheme: str, host: str) -> ProxyRoute:
    script = system_pac_url()
    if script:
        from .pac import pac_route

        return dataclasses.replace(pac_route(script, url), mode=ProxyMode.SYSTEM)
    # On Windows and macOS, getproxies() falls back on the registry / SystemConfiguration, and
    # proxy_bypass() reads their exception lists; elsewhere both read the environment (no_proxy).
    import urllib.request  # here: it brings http.client and email, which the window does not wait for

    proxies = urllib.request.getproxies()
    proxy = proxies.get(scheme) or proxies.get("all") or ""
    if not proxy or (host and urllib.request.proxy_bypass(host)):
        return ProxyRoute(DIRECT, ProxyMode.SYSTEM)
    address, login = _without_login(proxy)
    return ProxyRoute(parse_proxy_address(address), ProxyMode.SYSTEM, login=login)


def _without_login(proxy: str) -> tuple[str, tuple[str, str] | None]:
    """An environment's proxy address without the login written into it, and that login (None: none).
    HTTPS_PROXY=http://user:password@host:port is how many company machines are set up."""
    from urllib.parse import unquote

    from .redaction import register_secret

    if "://" not in proxy:
        proxy = "http://" + proxy
    try:
        parts = urlsplit(proxy)
        if parts.username is None:
            return proxy, None
        password = unquote(parts.password or "")
    except ValueError:
        return proxy, None  # parse_proxy_address says what is wrong with it
    if password:
        register_secret(password)
    return parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]).geturl(), (unquote(parts.username), password)


def route_for(choice: ProxyChoice, url: str) -> ProxyRoute:
    """The route of a request to url under choice; may block (a PAC script is fetched, at most once
    per address and a few minutes): call it off the GUI thread. ProxyProblem if the choice is unusable."""
    parts = urlsplit(url)
    scheme, host = parts.scheme.lower(), parts.hostname or ""
    if choice.mode is ProxyMode.NONE:
        return ProxyRoute(DIRECT, ProxyMode.NONE)
    if choice.mode is ProxyMode.MANUAL:
        proxy = parse_proxy_address(choice.address)
        if bypasses(host, choice.bypass):
            return ProxyRoute(DIRECT, ProxyMode.MANUAL)
        return ProxyRoute(proxy, ProxyMode.MANUAL)
    if choice.mode is ProxyMode.PAC:
        from .pac import pac_route

        return pac_route(choice.pac_url, url)
    return _system_route(url, scheme, host)
