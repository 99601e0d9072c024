"""What the connection check finds, as values: its steps, each one's outcome and cause with the facts, the
endpoint it checks and the facts of a certificate a server showed (core.connection_check runs the check;
the UI words it, ui/connection_check_view.py)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from enum import Enum
from typing import Mapping

from .profiles import Profile, ProxyChoice
from .redaction import redact, shorten

log = logging.getLogger(__name__)


class Step(Enum):
    ADDRESS = "address"
    DNS = "dns"
    PROXY = "proxy"
    TCP = "tcp"
    TLS = "tls"
    AUTH = "auth"
    MODEL = "model"
    ANSWER = "answer"


class Outcome(Enum):
    OK = "ok"
    NOTE = "note"  # passed, with something worth saying (plain http on this machine, no model list)
    FAILED = "failed"
    NOT_RUN = "not_run"  # an earlier step failed


class Cause(Enum):
    """What a step found; the facts (StepResult.facts) say with what."""

    # ok / note
    IP_ADDRESS = "ip_address"  # DNS: nothing to look up
    RESOLVED = "resolved"  # DNS: addresses
    RESOLVED_BY_PROXY = "resolved_by_proxy"  # DNS: the proxy looks the server up; its own name was found
    DIRECT = "direct"  # proxy: none is used
    PROXY_USED = "proxy_used"  # proxy: which one, from where (source), and the PAC answer
    CONNECTED = "connected"
    ENCRYPTED = "encrypted"  # TLS: version, issuer, trust
    PLAIN_HTTP = "plain_http"  # TLS: http://, nothing to check
    KEY_ACCEPTED = "key_accepted"
    MODELS_NOT_LISTED = "models_not_listed"  # auth: /models answered 404 at an address ending in /v1
    MODEL_OFFERED = "model_offered"
    MODEL_UNCHECKED = "model_unchecked"  # no model list: the answer step tells
    ANSWERED = "answered"
    # failures
    UNSAFE_ADDRESS = "unsafe_address"  # facts: problem (a UrlProblem value)
    NAME_NOT_FOUND = "name_not_found"  # facts: host
    PROXY_UNAVAILABLE = "proxy_unavailable"  # the proxy choice could not be worked out (PAC failed…): reason
    REFUSED = "refused"  # nothing listens: host, port
    TCP_TIMEOUT = "tcp_timeout"  # host, port, seconds
    UNREACHABLE = "unreachable"  # host, port, reason
    PROXY_LOGIN = "proxy_login"  # 407: schemes (Basic, NTLM, Negotiate)
    PROXY_REFUSED = "proxy_refused"  # the proxy answered CONNECT with status
    UNTRUSTED_ISSUER = "untrusted_issuer"  # subject, issuer, fingerprint: typically TLS inspection
    SELF_SIGNED = "self_signed"  # subject, fingerprint
    CERT_EXPIRED = "cert_expired"  # subject, issuer, not_after
    WRONG_HOST = "wrong_host"  # host, names (what the certificate is for)
    NOT_TLS = "not_tls"  # the port does not speak TLS (an http:// server)
    TLS_FAILED = "tls_failed"  # reason
    NO_V1 = "no_v1"  # 404 at an address without /v1: suggestion
    NO_MODEL = "no_model"  # no model name set
    UNKNOWN_MODEL = "unknown_model"  # model, offered (a few of the names), count
    REQUEST_FAILED = "request_failed"  # StepResult.error says what (the app's own error words)
    UNEXPECTED = "unexpected"  # a bug in the check: reason (the log has the traceback)


@dataclass(frozen=True)
class StepResult:
    step: Step
    outcome: Outcome
    cause: Cause | None = None
    facts: tuple[tuple[str, str], ...] = ()  # redacted and shortened when made
    error: ChatError | None = None  # REQUEST_FAILED: the request's error, already redacted

    def __post_init__(self) -> None:
        object.__setattr__(self, "facts", tuple((name, shorten(redact(str(value)), 400))
                                                for name, value in self.facts))

    def fact(self, name: str) -> str:
        return dict(self.facts).get(name, "")

    @property
    def passed(self) -> bool:
        return self.outcome in (Outcome.OK, Outcome.NOTE)


def all_passed(results: list[StepResult]) -> bool:
    return bool(results) and all(result.passed for result in results)


@dataclass(frozen=True)
class Endpoint:
    """Where the check goes and with what: a profile, or the settings, brought to one shape."""

    base_url: str
    model: str
    api_key: str = field(default="", repr=False)
    headers: tuple[tuple[str, str], ...] = field(default=(), repr=False)  # values may be secret
    proxy: ProxyChoice | None = None  # None: the system's
    connect_timeout: float = 10.0
    read_timeout: float = 60.0
    cleartext_confirmed: str = ""
    trust_folder: str = ""  # the company CAs the user trusted (core/trust.py); "": the app's config folder


def endpoint_from_profile(profile: Profile, settings, api_key: str,
                          secret_header_values: Mapping[str, str] | None = None, trust_folder: str = "") -> Endpoint:
    """The endpoint of a profile: its address, model, headers (the secret ones' values from the keyring,
    given by the caller) and proxy choice (else the global one); timeouts from the settings."""
    secret_values = secret_header_values or {}
    headers = (*profile.headers, *((name, secret_values[name]) for name in profile.secret_headers
                                  if name in secret_values))
    return Endpoint(base_url=profile.base_url, model=profile.model, api_key=api_key, headers=tuple(headers),
                    proxy=profile.proxy or settings.proxy, connect_timeout=settings.connect_timeout,
                    read_timeout=min(settings.read_timeout, 60), cleartext_confirmed=settings.cleartext_confirmed,
                    trust_folder=trust_folder)


def find_profile(settings, name: str) -> Profile | None:
    """The profile called name (names are unique, compared without case)."""
    wanted = name.strip().casefold()
    return next((profile for profile in settings.profile_list() if profile.name.casefold() == wanted), None)


def certificate_facts(der: bytes) -> tuple[tuple[str, str], ...]:
    """subject, issuer, names (the DNS names it is for), not_after and SHA-256 fingerprint of a certificate,
    read as core.certificates reads one for the question whether to trust its authority."""
    from .certificates import facts_of, fingerprint, load_der, shown_text

    facts = [("fingerprint", fingerprint(der))]
    try:
        certificate = load_der(der)
        read = facts_of(certificate)
        facts += [("subject", read.subject_cn), ("issuer", read.issuer_cn),
                  ("not_after", read.not_after.strftime("%Y-%m-%d"))]
        from cryptography import x509

        try:
            names = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
            facts.append(("names", shown_text(", ".join([*names.get_values_for_type(x509.DNSName), *(
                str(ip) for ip in names.get_values_for_type(x509.IPAddress))][:6]))))
        except x509.ExtensionNotFound:
            pass
    except Exception as exc:  # noqa: BLE001 - a certificate that cannot be parsed is named by its fingerprint
        log.info("presented certificate not parsed: %s", type(exc).__name__)
    return tuple(facts)
