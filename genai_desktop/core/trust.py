"""Company certificate authorities the user trusts, each only for the hosts named with it (issue 13.4).

The system's trust store always comes first and is never replaced: a request to a host with no
authority of its own gets exactly the context httpx2 would make. For a host named with one or
more trusted authorities the context is the system's plus those authorities, so a TLS-inspecting
proxy's CA trusted for the company gateway does not let it read the traffic to any other server.
Verification is never switched off: there is no way here to make a context that does not verify.

Each authority is one PEM file in the config folder (``trusted-authorities/``), with the hosts
it applies to written above the certificate, so an administrator can read what is trusted where.

When a handshake fails, the certificates the server showed are recorded on the exception
(``presented_chain``) for the message only: they are never used to go on with that request.
"""

from __future__ import annotations

import datetime
import logging
import os
import ssl
import stat
import threading
from pathlib import Path

from .certificates import (PresentedChain, Refusal, TrustedAuthority, TrustRefused, facts_of, host_of_url,
                           load_der, normal_host, read_certificate, refusal)
from .redaction import shorten

log = logging.getLogger(__name__)

FOLDER_NAME = "trusted-authorities"
MAX_CERTIFICATE_FILE_BYTES = 256 * 1024  # a CA certificate is 1-2 KB
HOSTS_LINE = "hosts:"


def read_certificate_file(path: Path) -> bytes:
    """The bytes of a certificate file (at most MAX_CERTIFICATE_FILE_BYTES, a regular file, opened without
    blocking on a FIFO); TrustRefused UNREADABLE with the reason otherwise."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise TrustRefused(Refusal.UNREADABLE, str(path))
            data = handle.read(MAX_CERTIFICATE_FILE_BYTES + 1)
    except OSError as error:
        raise TrustRefused(Refusal.UNREADABLE, f"{path}: {error.strerror}") from None
    if len(data) > MAX_CERTIFICATE_FILE_BYTES:
        raise TrustRefused(Refusal.UNREADABLE, str(path))
    return data


class TrustStore:
    """The trusted authorities in one folder, and the SSL context for each host."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def in_folder(cls, config_dir: Path) -> "TrustStore":
        """The store of the app whose config folder is config_dir."""
        return cls(config_dir / FOLDER_NAME)

    def authorities(self) -> list[TrustedAuthority]:
        """Every readable authority file, sorted by name; a damaged file is skipped (and logged)."""
        found = []
        try:
            entries = sorted(self.folder.iterdir())
        except OSError:  # no folder yet: nothing trusted
            return []
        for path in entries:
            if path.suffix != ".pem" or path.is_symlink() or not path.is_file():
                continue
            try:
                found.append(self._read(path))
            except (OSError, TrustRefused, ValueError) as error:
                log.warning("trusted authority file %s skipped: %s", path.name, error)
        return sorted(found, key=lambda authority: (authority.facts.subject_cn.casefold(), authority.facts.sha256))

    @staticmethod
    def _read(path: Path) -> TrustedAuthority:
        data = read_certificate_file(path)
        hosts: tuple[str, ...] = ()
        for line in data.split(b"-----BEGIN", 1)[0].decode("utf-8", "replace").splitlines():
            if line.strip().lower().startswith(HOSTS_LINE):
                hosts = tuple(normal_host(host) for host in line.split(":", 1)[1].replace(",", " ").split())
        if not hosts:
            raise TrustRefused(Refusal.NO_HOSTS)
        facts = facts_of(read_certificate(data))
        if not facts.is_ca:
            raise TrustRefused(Refusal.NOT_CA, facts.subject)
        return TrustedAuthority(facts, hosts, path)

    def add(self, data: bytes, hosts, now: datetime.datetime | None = None) -> TrustedAuthority:
        """Trust the certificate in data (PEM or DER) for hosts, besides the hosts it is trusted for
        already; TrustRefused with the reason when it is not a CA, is not valid now, or a host is bad."""
        from .config_file import write_private_file_atomically

        now = now or datetime.datetime.now(datetime.timezone.utc)
        certificate = read_certificate(data)
        names = tuple(dict.fromkeys(normal_host(host) for host in hosts if host.strip()))  # "a,,b" or "a, b"
        problem = refusal(certificate, names, now)
        if problem is not None:
            raise problem
        facts = facts_of(certificate)
        path = self.folder / f"{facts.sha256.replace(':', '')[:32].lower()}.pem"
        known = next((authority for authority in self.authorities() if authority.facts.sha256 == facts.sha256), None)
        if known is not None:
            names = tuple(dict.fromkeys(known.hosts + names))
        text = (f"GenAI Desktop trusts this certificate authority only for the hosts below.\n"
                f"subject: {facts.subject}\nsha256: {facts.sha256}\n{HOSTS_LINE} {' '.join(names)}\n"
                + ssl.DER_cert_to_PEM_cert(facts.der))
        write_private_file_atomically(path, text.encode("utf-8"))
        log.info("trusted certificate authority %s (%s) for %s", facts.sha256, facts.subject, ", ".join(names))
        return TrustedAuthority(facts, names, path)

    def remove(self, sha256: str) -> bool:
        for authority in self.authorities():
            if authority.facts.sha256 == sha256:
                authority.path.unlink(missing_ok=True)
                log.info("no longer trusted: certificate authority %s", sha256)
                return True
        return False

    def for_host(self, host: str) -> list[TrustedAuthority]:
        """The authorities trusted for host (in normal_host's form)."""
        return [authority for authority in self.authorities() if host and host in authority.hosts]

    def context_for(self, host: str) -> ssl.SSLContext:
        """The system's trust (as httpx2 makes it), plus the authorities trusted for host, recording
        the chain of a failed handshake (presented_chain).

        Made once for each set of authorities and state of the system's trust, then shared: reading the
        system's certificates took 50 ms of CPU, for each request, holding the GIL the window needs."""
        return shared_context(self.for_host(host))


MAX_CONTEXTS = 16  # sets of trusted authorities kept (a host each, in practice)
_contexts: dict[tuple, ssl.SSLContext] = {}
_contexts_lock = threading.Lock()  # requests are made on the chat worker and on background tasks


def shared_context(authorities: list[TrustedAuthority] | tuple = ()) -> ssl.SSLContext:
    """The context of the system's trust plus authorities, made once while neither changes."""
    key = (tuple(authority.pem for authority in authorities), _system_trust_state())
    with _contexts_lock:
        context = _contexts.get(key)
        if context is None:
            if len(_contexts) >= MAX_CONTEXTS:
                _contexts.clear()
            context = _contexts[key] = _new_context(authorities)
    return context


def _new_context(authorities: list[TrustedAuthority] | tuple) -> ssl.SSLContext:
    import httpx2

    context = httpx2.create_ssl_context(verify=True, trust_env=True)
    if authorities:
        context.load_verify_locations(cadata="".join(authority.pem for authority in authorities))
        # A trusted intermediate (a proxy's issuing CA without its root) is an anchor of its own.
        context.verify_flags |= ssl.VERIFY_X509_PARTIAL_CHAIN
    record_presented_chains(context)
    return context


def _system_trust_state() -> tuple:
    """What the system's trust is read from, with the files' times: a CA that IT installs while the app runs
    (a new bundle) makes a new context."""
    paths = ssl.get_default_verify_paths()
    named = (os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR"), paths.cafile, paths.capath)
    times = []
    for name in named:
        try:
            times.append(os.stat(name).st_mtime_ns if name else None)
        except OSError:
            times.append(None)
    return named + tuple(times)


def default_store(environ=None) -> TrustStore:
    """The store in the app's config folder (GENAI_DESKTOP_HOME moves it with the others)."""
    from .paths import app_paths

    return TrustStore.in_folder(app_paths(environ).config_dir)


def context_for_url(url: str, store: TrustStore | None = None) -> ssl.SSLContext:
    """The context for a request to url (the API client talks only to that origin: redirects are refused)."""
    return (store or default_store()).context_for(host_of_url(url))


def _record(error: ssl.SSLCertVerificationError, ssl_object, host: str | None) -> None:
    """Note on error what the server showed. The chain is read the way truststore reads it (Python 3.11's
    _ssl object has it, unverified, also after verification failed; 3.13 hands DER bytes)."""
    try:
        chain = ssl_object.get_unverified_chain() or ()
        certificates = tuple(facts_of(load_der(item if isinstance(item, bytes)
                                               else item.public_bytes(ssl._ssl.ENCODING_DER))) for item in chain)
        host = normal_host(host or "")
    except Exception as failure:  # noqa: BLE001 - no chain to show: the error stays as it is
        log.debug("the presented chain could not be read: %s", failure)
        return
    error.presented_chain = PresentedChain(host, int(getattr(error, "verify_code", 0) or 0),
                                           shorten(str(getattr(error, "verify_message", "") or "")), certificates)


def record_presented_chains(context: ssl.SSLContext) -> None:
    """Make context's connections note the certificates shown when verification fails (truststore's
    context wraps OpenSSL's: its inner context is the one that makes the connections)."""
    inner = getattr(context, "_ctx", context)
    object_base, socket_base = inner.sslobject_class, inner.sslsocket_class

    class RecordingSSLObject(object_base):
        def do_handshake(self) -> None:
            try:
                return super().do_handshake()
            except ssl.SSLCertVerificationError as error:
                _record(error, self._sslobj, self.server_hostname)
                raise

    class RecordingSSLSocket(socket_base):
        def do_handshake(self, *args, **kwargs) -> None:
            try:
                return super().do_handshake(*args, **kwargs)
            except ssl.SSLCertVerificationError as error:
                _record(error, self._sslobj, self.server_hostname)
                raise

    inner.sslobject_class, inner.sslsocket_class = RecordingSSLObject, RecordingSSLSocket


def presented_chain(exc: BaseException) -> PresentedChain | None:
    """The chain a failed handshake recorded, anywhere in exc's causes."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        chain = getattr(exc, "presented_chain", None)
        if isinstance(chain, PresentedChain):
            return chain
        exc = exc.__cause__ or exc.__context__
    return None
