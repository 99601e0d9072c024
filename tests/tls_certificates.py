"""Certificates made in the test: a company CA, server certificates it issues, server-side contexts.

Shared by the tests of trusted authorities (core/trust.py) and of anything that talks TLS to the
loopback server. Nothing here switches verification off: a test trusts its own CA instead.
"""

from __future__ import annotations

import datetime
import ipaddress
import ssl
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

NOW = datetime.datetime.now(datetime.timezone.utc)
DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Issued:
    certificate: x509.Certificate
    key: ec.EllipticCurvePrivateKey

    @property
    def pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    @property
    def der(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.DER)


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Test Company"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def make_ca(common_name: str = "Test Company Root CA", *, ca: bool = True, not_before: datetime.datetime = NOW - DAY,
            not_after: datetime.datetime = NOW + 30 * DAY, issuer: Issued | None = None) -> Issued:
    """A certificate authority (ca=False: a certificate that claims no CA rights), self-signed unless issuer."""
    key = ec.generate_private_key(ec.SECP256R1())
    builder = (x509.CertificateBuilder().subject_name(_name(common_name))
               .issuer_name(issuer.certificate.subject if issuer else _name(common_name))
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(not_before).not_valid_after(not_after)
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if ca:
        builder = builder.add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=False, key_encipherment=False, data_encipherment=False,
            key_agreement=False, key_cert_sign=True, crl_sign=True, encipher_only=False, decipher_only=False),
            critical=True)
    return Issued(builder.sign(issuer.key if issuer else key, hashes.SHA256()), key)


def make_server_certificate(issuer: Issued | None, hosts: tuple[str, ...] = ("localhost", "127.0.0.1"), *,
                            not_after: datetime.datetime = NOW + 7 * DAY) -> Issued:
    """A server's certificate for hosts, issued by issuer (None: self-signed, no CA rights)."""
    key = ec.generate_private_key(ec.SECP256R1())
    names = []
    for host in hosts:
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            names.append(x509.DNSName(host))
    subject = _name(hosts[0])
    certificate = (
        x509.CertificateBuilder().subject_name(subject)
        .issuer_name(issuer.certificate.subject if issuer else subject)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(NOW - DAY).not_valid_after(not_after)
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(issuer.key if issuer else key, hashes.SHA256()))
    return Issued(certificate, key)


def server_context(folder: Path, server: Issued, *chain: Issued) -> ssl.SSLContext:
    """A server-side context showing server's certificate followed by chain (as a real server sends it)."""
    folder.mkdir(parents=True, exist_ok=True)
    cert_file, key_file = folder / f"server-{id(server)}.pem", folder / f"server-{id(server)}.key"
    cert_file.write_bytes(server.pem + b"".join(item.pem for item in chain))
    key_file.write_bytes(server.key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                  serialization.NoEncryption()))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    return context
