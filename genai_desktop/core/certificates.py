"""What a certificate says about itself, and whether it may be trusted as an authority for a host.

Pure functions on certificates (cryptography parses them): nothing here reads a file or opens a
connection, so the UI may word what they find. core/trust.py keeps the trusted authorities and
makes the SSL contexts. A certificate the app was shown in a failed handshake is read only to
name it; it never lets that request go on.
"""

from __future__ import annotations

import datetime
import hashlib
import ipaddress
import re
import ssl
import unicodedata
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from urllib.parse import urlsplit

from .redaction import shorten

_PEM_BLOCK = re.compile(rb"-----BEGIN CERTIFICATE-----\s+.+?-----END CERTIFICATE-----", re.S)

# OpenSSL's verify results that mean "the issuer is not known here": the case of TLS inspection.
UNKNOWN_ISSUER_CODES = frozenset({
    2,   # X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT
    18,  # X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT
    19,  # X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN
    20,  # X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY
    21,  # X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE
    # truststore on Windows and macOS reports the system's own codes (not testable on Linux):
    0x800B0109,  # Windows CERT_E_UNTRUSTEDROOT
    0x800B010A,  # Windows CERT_E_CHAINING: no chain to a trusted root
    -67843,  # macOS errSecNotTrusted
})


class Refusal(str, Enum):
    """Why a certificate is not trusted as an authority for the hosts asked for."""

    UNREADABLE = "unreadable"  # not a certificate (PEM or DER)
    SEVERAL = "several"  # the file holds more than one certificate: which one is meant is unclear
    NOT_CA = "not_ca"  # a server's own certificate, not an authority (no CA basic constraint)
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"
    NO_HOSTS = "no_hosts"  # trusted for no host at all: that would be nothing, or everything
    BAD_HOST = "bad_host"  # not a host name or IP address (a URL, a wildcard, a port)
    HOST_MISMATCH = "host_mismatch"  # the server's certificate does not name the host
    NOT_ISSUER = "not_issuer"  # the server's certificate was not issued by this authority
    NOT_OFFERED = "not_offered"  # the handshake failed for another reason than an unknown issuer
    NEEDS_FILE = "needs_file"  # the server sent no CA: its authority's certificate must come from a file


class TrustRefused(Exception):
    def __init__(self, reason: Refusal, detail: str = "") -> None:
        super().__init__(f"{reason.value}: {detail}" if detail else reason.value)
        self.reason = reason
        self.detail = shorten(detail)  # a host name or certificate name: outside text, kept short


@dataclass(frozen=True)
class CertificateFacts:
    """What a certificate says about itself, for display: names are outside text (plain text only)."""

    subject: str
    issuer: str
    sha256: str  # "AB:CD:…", the fingerprint users compare with what IT gives them
    is_ca: bool
    not_before: datetime.datetime
    not_after: datetime.datetime
    der: bytes
    subject_cn: str = ""  # the common name alone (what people call a CA: "Zscaler Root CA"), else the whole name
    issuer_cn: str = ""


@dataclass(frozen=True)
class PresentedChain:
    """The certificates a server showed in a handshake that failed, and why OpenSSL refused them."""

    host: str
    verify_code: int
    verify_message: str
    certificates: tuple[CertificateFacts, ...]  # the server's own first

    @property
    def unknown_issuer(self) -> bool:
        return self.verify_code in UNKNOWN_ISSUER_CODES


@dataclass(frozen=True)
class TrustedAuthority:
    facts: CertificateFacts
    hosts: tuple[str, ...]
    path: Path

    @property
    def pem(self) -> str:
        return ssl.DER_cert_to_PEM_cert(self.facts.der)


def _x509():
    from cryptography import x509  # in the shipped file on every system (requirements.txt)

    return x509


def load_der(der: bytes):
    return _x509().load_der_x509_certificate(der)


def _common_name(name) -> str:
    from cryptography.x509.oid import NameOID

    try:
        names = name.get_attributes_for_oid(NameOID.COMMON_NAME)
        value = str(names[-1].value) if names else ""
    except Exception:  # noqa: BLE001
        value = ""
    return shown_text(value) if value.strip() else _name_text(name)


def shown_text(text: str) -> str:
    """A name from a certificate as it may be shown: no control or direction-changing characters (which
    could make a name look like another), short."""
    return shorten("".join(char if unicodedata.category(char)[0] != "C" else " " for char in text), 200)


def _name_text(name) -> str:
    try:
        return shown_text(name.rfc4514_string())
    except Exception:  # noqa: BLE001 - a name cryptography cannot print is shown as unknown
        return "?"


def facts_of(certificate) -> CertificateFacts:
    x509 = _x509()
    try:
        constraints = certificate.extensions.get_extension_for_class(x509.BasicConstraints).value
        is_ca = bool(constraints.ca)
    except (x509.ExtensionNotFound, ValueError):
        is_ca = False
    if is_ca:  # a CA whose key usage excludes signing certificates cannot issue one
        try:
            usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
            is_ca = bool(usage.key_cert_sign)
        except (x509.ExtensionNotFound, ValueError):
            pass
    from cryptography.hazmat.primitives.serialization import Encoding

    der = certificate.public_bytes(Encoding.DER)
    return CertificateFacts(
        subject=_name_text(certificate.subject), issuer=_name_text(certificate.issuer),
        sha256=fingerprint(der), is_ca=is_ca, not_before=certificate.not_valid_before_utc,
        not_after=certificate.not_valid_after_utc, der=der,
        subject_cn=_common_name(certificate.subject), issuer_cn=_common_name(certificate.issuer))


def fingerprint(der: bytes) -> str:
    return ":".join(f"{byte:02X}" for byte in hashlib.sha256(der).digest())


def read_certificate(data: bytes):
    """The one certificate in data (PEM or DER); TrustRefused UNREADABLE or SEVERAL otherwise."""
    x509 = _x509()
    blocks = _PEM_BLOCK.findall(data)
    if len(blocks) > 1:
        raise TrustRefused(Refusal.SEVERAL, str(len(blocks)))
    try:
        return x509.load_pem_x509_certificate(blocks[0]) if blocks else x509.load_der_x509_certificate(data)
    except Exception:  # noqa: BLE001 - whatever the parser says, it is not a certificate
        raise TrustRefused(Refusal.UNREADABLE) from None


def normal_host(text: str) -> str:
    """A host name (lower case, IDNA/ASCII) or an IP address as the URL parser gives it; TrustRefused BAD_HOST."""
    raw = text.strip().rstrip(".")
    try:
        return str(ipaddress.ip_address(raw.strip("[]")))
    except ValueError:
        pass
    try:  # as httpx2 writes a request's host (IDNA 2008), which is what a handshake names
        import idna

        host = raw.lower() if raw.isascii() else idna.encode(raw.lower()).decode("ascii")
    except (UnicodeError, ValueError, idna.IDNAError):
        raise TrustRefused(Refusal.BAD_HOST, text) from None
    labels = host.split(".")
    if not host or len(host) > 253 or not all(re.fullmatch(r"[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?", label)
                                              for label in labels):
        raise TrustRefused(Refusal.BAD_HOST, text)
    return host


def host_of_url(url: str) -> str:
    """The host a request to url goes to, in normal form; "" for an address without one."""
    try:
        host = urlsplit(url).hostname or ""
        return normal_host(host) if host else ""
    except (ValueError, TrustRefused):
        return ""


def _names_host(certificate, host: str) -> bool:
    """Whether a server certificate's subjectAltName covers host (RFC 6125: one left-most wildcard)."""
    x509 = _x509()
    try:
        names = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except (x509.ExtensionNotFound, ValueError):
        return False
    try:
        address = ipaddress.ip_address(host)
        return any(value == address for value in names.get_values_for_type(x509.IPAddress))
    except ValueError:
        pass
    for name in names.get_values_for_type(x509.DNSName):
        name = name.lower().rstrip(".")
        if name == host:
            return True
        if name.startswith("*.") and "." in host and host.split(".", 1)[1] == name[2:] and name.count(".") >= 2:
            return True
    return False


def refusal(authority, hosts: tuple[str, ...], now: datetime.datetime, chain: tuple = ()) -> TrustRefused | None:
    """Why authority (a cryptography certificate) must not be trusted for hosts, or None.

    chain: the certificates a server showed for hosts[0] below the authority (its own first); then each
    must have issued the one before, the authority the last, and the server's must name the host and be
    valid now: or trusting the authority would not help (or would help the wrong server).
    """
    facts = facts_of(authority)
    if not facts.is_ca:
        return TrustRefused(Refusal.NOT_CA, facts.subject)
    if facts.not_after < now:
        return TrustRefused(Refusal.EXPIRED, facts.not_after.date().isoformat())
    if facts.not_before > now:
        return TrustRefused(Refusal.NOT_YET_VALID, facts.not_before.date().isoformat())
    if not hosts:
        return TrustRefused(Refusal.NO_HOSTS)
    for lower, upper in zip(chain, (*chain[1:], authority)):
        try:
            lower.verify_directly_issued_by(upper)
        except Exception:  # noqa: BLE001 - a wrong issuer name, signature or key type: not its issuer
            return TrustRefused(Refusal.NOT_ISSUER, _common_name(lower.issuer))
    if chain:
        server = facts_of(chain[0])
        if server.not_after < now:
            return TrustRefused(Refusal.EXPIRED, server.not_after.date().isoformat())
        if not _names_host(chain[0], hosts[0]):
            return TrustRefused(Refusal.HOST_MISMATCH, hosts[0])
    return None


def _self_signed(certificate) -> bool:
    try:
        return certificate.issuer == certificate.subject and certificate.verify_directly_issued_by(certificate) is None
    except Exception:  # noqa: BLE001
        return False


def offered_authority(presented: PresentedChain, candidate: bytes | None = None,
                      now: datetime.datetime | None = None) -> CertificateFacts:
    """The authority that may be trusted for a failed handshake's host; TrustRefused with why not.

    Without candidate: the highest CA certificate the server sent, provided the chain below it leads
    from it to the server's certificate, which names the host. A server that sent no CA (an inspecting
    proxy often sends only the certificate it made) gives NEEDS_FILE: the authority's certificate must
    come from IT, as candidate (a file's bytes), which must then have issued what the server sent.
    A self-signed server certificate is NOT_CA: nothing can be trusted for it.
    """
    now = now or datetime.datetime.now(datetime.timezone.utc)
    if not presented.unknown_issuer:
        raise TrustRefused(Refusal.NOT_OFFERED, presented.verify_message)
    chain = tuple(load_der(item.der) for item in presented.certificates)
    if not chain:
        raise TrustRefused(Refusal.UNREADABLE)
    host = (presented.host,)
    if candidate is not None:
        authority = read_certificate(candidate)
        below = tuple(item for item in chain if item != authority)  # the server may have sent it too
        problem = refusal(authority, host, now, below)
        if problem is not None:
            raise problem
        return facts_of(authority)
    index = next((index for index in range(len(chain) - 1, -1, -1) if facts_of(chain[index]).is_ca), None)
    if index is None:
        if _self_signed(chain[-1]):
            raise TrustRefused(Refusal.NOT_CA, presented.certificates[-1].subject_cn)
        raise TrustRefused(Refusal.NEEDS_FILE, presented.certificates[-1].issuer_cn)
    problem = refusal(chain[index], host, now, chain[:index])
    if problem is None and index == 0 and not _names_host(chain[0], presented.host):
        problem = TrustRefused(Refusal.HOST_MISMATCH, presented.host)  # a CA serving as its own server certificate
    if problem is not None:
        raise problem
    return presented.certificates[index]
