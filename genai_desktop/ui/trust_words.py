"""The words for what core/certificates.py finds, for the window and the command line alike.

Each function takes the translate function to use (QCoreApplication.translate in the window; the
command line's own translator, which works before a QApplication exists), so both say the same.
"""

from __future__ import annotations

from typing import Callable

from ..core.certificates import CertificateFacts, PresentedChain, Refusal, TrustRefused, offered_authority
from ..core.errors import ChatError, ErrorKind

Translate = Callable[[str, str], str]


def refusal_text(refused: TrustRefused, translate: Translate) -> str:
    """Why the certificate is not trusted, and what to do; the detail (a name, a date) is plain text."""
    reason = refused.reason
    if reason is Refusal.NOT_CA:
        text = translate("Trust", "'%1' is not a certificate authority, so it cannot be trusted for a server. Ask "
                                  "the server's operator or your IT department for the certificate of the authority "
                                  "that issued it.")
    elif reason is Refusal.EXPIRED:
        text = translate("Trust", "The certificate expired on %1: it cannot be trusted.")
    elif reason is Refusal.NOT_YET_VALID:
        text = translate("Trust", "The certificate is valid only from %1 on: it cannot be trusted yet. Check the "
                                  "date of this computer.")
    elif reason is Refusal.NO_HOSTS:
        text = translate("Trust", "Name the hosts (server names) this certificate authority is to be trusted for.")
    elif reason is Refusal.BAD_HOST:
        text = translate("Trust", "'%1' is not a host name. Write a server name such as api.example.com, without "
                                  "https:// and without a port.")
    elif reason is Refusal.HOST_MISMATCH:
        text = translate("Trust", "The server's certificate was not made for %1: trusting its authority would not "
                                  "help, and the app does not connect to that server.")
    elif reason is Refusal.NOT_ISSUER:
        text = translate("Trust", "The certificate authority the server sent did not issue its certificate (the "
                                  "issuer is '%1'): it cannot be trusted.")
    elif reason is Refusal.SEVERAL:
        text = translate("Trust", "The file holds %1 certificates. Use a file with the one certificate authority "
                                  "to trust.")
    elif reason is Refusal.NEEDS_FILE:
        text = translate("Trust", "The server did not send the certificate of the authority '%1'. Ask your IT "
                                  "department for that certificate file.")
    elif reason is Refusal.NOT_OFFERED:
        text = translate("Trust", "The certificate was refused for another reason than an unknown issuer: %1")
    else:
        text = translate("Trust", "This is not a readable certificate (PEM or DER): %1")
    return text.replace("%1", refused.detail or "?")


def trusted_text(subject: str, sha256: str, hosts: tuple[str, ...], translate: Translate) -> str:
    """What the command line prints once an authority is trusted: the fingerprint to compare."""
    return (translate("Trust", "Trusted certificate authority: %1\nSHA-256 fingerprint: %2\nOnly for: %3")
            .replace("%1", subject).replace("%2", sha256).replace("%3", ", ".join(hosts)))


def presented_of(error: ChatError | None) -> PresentedChain | None:
    """The certificates a TLS error's server showed, if the handshake recorded them."""
    presented = getattr(error, "presented", None) if error is not None and error.kind is ErrorKind.TLS else None
    return presented if isinstance(presented, PresentedChain) and presented.certificates else None


def can_offer_trust(offer: CertificateFacts | TrustRefused | None) -> bool:
    """Whether the banner offers "Trust this certificate authority…": an authority was sent, or its file may be
    chosen (the server sent none, as inspecting proxies often do)."""
    return isinstance(offer, CertificateFacts) or (isinstance(offer, TrustRefused)
                                                   and offer.reason is Refusal.NEEDS_FILE)


def authority_offer(error: ChatError | None) -> CertificateFacts | TrustRefused | None:
    """The authority a TLS error offers to trust, why none may be trusted, or None (no chain was shown)."""
    presented = presented_of(error)
    if presented is None:
        return None
    try:
        return offered_authority(presented)
    except TrustRefused as refused:
        return refused


def tls_title(presented: PresentedChain, translate: Translate) -> str:
    """Who issued the certificate the server showed: the first thing to know behind an inspecting proxy."""
    return translate("Trust", "The server's certificate could not be verified: it was issued by '%1'.").replace(
        "%1", presented.certificates[0].issuer_cn)


def tls_advice(error: ChatError, translate: Translate) -> str:
    offer = authority_offer(error)
    if isinstance(offer, CertificateFacts):
        return translate("Trust", "Your network may inspect encrypted traffic. Nothing was sent. If your IT department "
                                  "confirms the fingerprint, trust this certificate authority for %1.").replace(
            "%1", presented_of(error).host)
    if can_offer_trust(offer):
        return translate("Trust", "Your network may inspect encrypted traffic. Nothing was sent. If your IT department "
                                  "gives you the certificate of '%1', trust it for %2 and choose its file.").replace(
            "%1", offer.detail).replace("%2", presented_of(error).host)
    if isinstance(offer, TrustRefused):
        return translate("Trust", "Nothing was sent. %1").replace("%1", refusal_text(offer, translate))
    return translate("ErrorMessages", "Your network may inspect encrypted traffic: ask your IT department to "
                                      "install its certificate in the system.")


def certificate_detail(presented: PresentedChain, translate: Translate) -> str:
    shown = presented.certificates[0]
    return (translate("Trust", "Certificate shown: %1 · issued by: %2 · SHA-256: %3")
            .replace("%1", shown.subject).replace("%2", shown.issuer).replace("%3", shown.sha256))


def fingerprint_lines(sha256: str) -> str:
    """The 32 byte pairs in two lines of 16: easier to compare with a printed one than 95 characters."""
    pairs = sha256.split(":")
    return "\n".join(":".join(pairs[start:start + 16]) for start in range(0, len(pairs), 16))
