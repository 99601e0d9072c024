"""Which certificates TLS trusts: the system's store, or the bundled one where there is none."""

from __future__ import annotations

import os
import ssl
import sys

# Where the system's CAs are not files for OpenSSL but the OS's own store, which the app's HTTP client
# reaches through truststore (httpcore2's default context, unless SSL_CERT_FILE / SSL_CERT_DIR is set).
OS_STORE_PLATFORMS = ("win32", "darwin")
PEM_LOOK_BYTES = 1 << 20  # a CA file's first certificate is in here (Debian's whole store is 0.2 MB)


def system_ca_count() -> int:
    """CA certificates OpenSSL finds in the system's default locations."""
    paths = ssl.get_default_verify_paths()
    count = 0
    if paths.openssl_cafile and os.path.isfile(paths.openssl_cafile):
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        try:
            context.load_verify_locations(cafile=paths.openssl_cafile)
            count += context.cert_store_stats().get("x509_ca", 0)
        except ssl.SSLError:
            pass
    if not count and paths.openssl_capath and os.path.isdir(paths.openssl_capath):
        count = sum(1 for name in os.listdir(paths.openssl_capath) if name.endswith((".0", ".pem", ".crt")))
    return count


def system_has_ca(cafile: str | None = None, capath: str | None = None) -> bool:
    """Whether OpenSSL's default locations (or the ones given) hold a CA certificate at all: a PEM block in
    the file or a certificate's name in the folder. Cheap, for every start: parsing the store to count it
    (system_ca_count) takes 40 ms."""
    if cafile is None and capath is None:
        paths = ssl.get_default_verify_paths()
        cafile, capath = paths.openssl_cafile, paths.openssl_capath
    try:
        if cafile and os.path.isfile(cafile):
            with open(cafile, "rb") as handle:
                if b"-----BEGIN CERTIFICATE-----" in handle.read(PEM_LOOK_BYTES):
                    return True
        if capath and os.path.isdir(capath):
            return any(name.endswith((".0", ".pem", ".crt")) for name in os.listdir(capath))
    except OSError:
        pass
    return False


def use_bundled_ca_if_system_has_none(environ=os.environ, platform: str = sys.platform) -> str | None:
    """On a system without CA certificates (a minimal install), trust certifi's bundle instead.

    The system store is always preferred: it holds the company CA that IT installed for TLS
    inspection. On Windows and macOS OpenSSL finds no files by design (a frozen build's paths are
    the build machine's): SSL_CERT_FILE there would replace the OS store, so it is never set.
    Returns the bundle's path when it was switched on.
    """
    if platform in OS_STORE_PLATFORMS:
        return None
    if environ.get("SSL_CERT_FILE") or environ.get("SSL_CERT_DIR") or system_has_ca():
        return None
    try:
        import certifi
    except ImportError:
        return None
    environ["SSL_CERT_FILE"] = certifi.where()
    return environ["SSL_CERT_FILE"]
