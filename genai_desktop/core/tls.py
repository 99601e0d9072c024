"""Which certificates TLS trusts: the system's store, or the bundled one where there is none."""

from __future__ import annotations

import os
import ssl
import sys

# Where the system's CAs are not files for OpenSSL but the OS's own store, which the app's HTTP client
# reaches through truststore (httpcore2's default context, unless SSL_CERT_FILE / SSL_CERT_DIR is set).
OS_STORE_PLATFORMS = ("win32", "darwin")


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


def use_bundled_ca_if_system_has_none(environ=os.environ, platform: str = sys.platform) -> str | None:
    """On a system without CA certificates (a minimal install), trust certifi's bundle instead.

    The system store is always preferred: it holds the company CA that IT installed for TLS
    inspection. On Windows and macOS OpenSSL finds no files by design (a frozen build's paths are
    the build machine's): SSL_CERT_FILE there would replace the OS store, so it is never set.
    Returns the bundle's path when it was switched on.
    """
    if platform in OS_STORE_PLATFORMS:
        return None
    if environ.get("SSL_CERT_FILE") or environ.get("SSL_CERT_DIR") or system_ca_count():
        return None
    try:
        import certifi
    except ImportError:
        return None
    environ["SSL_CERT_FILE"] = certifi.where()
    return environ["SSL_CERT_FILE"]
