"""The words for what a proxy did (issue 13 point 3): a login it asks for, a sign-in the app cannot give
(NTLM, Kerberos), a proxy choice that cannot be used. messages.py hands these kinds to here."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ..core.errors import ChatError, ErrorKind

translate = QCoreApplication.translate
PROXY_KINDS = frozenset({ErrorKind.PROXY, ErrorKind.PROXY_LOGIN, ErrorKind.PROXY_AUTH_UNSUPPORTED})
WINDOWS_SIGN_IN = ("ntlm", "negotiate", "kerberos")


def _asks_windows_sign_in(error: ChatError) -> bool:
    return not error.detail or any(scheme in error.detail.lower() for scheme in WINDOWS_SIGN_IN)


def proxy_error_title(error: ChatError) -> str:
    proxy = error.server_message
    if not proxy and error.kind is ErrorKind.PROXY_LOGIN:  # given again from its kind alone (a stored answer)
        return translate("ErrorMessages", "The proxy server asks for a login.")
    if not proxy and error.kind is ErrorKind.PROXY_AUTH_UNSUPPORTED:
        return translate("ErrorMessages", "The proxy server asks for a kind of sign-in the app cannot give.")
    if error.kind is ErrorKind.PROXY_LOGIN:
        if error.detail == "rejected":
            return translate("ErrorMessages", "The proxy server %1 did not accept the login.").replace("%1", proxy)
        return translate("ErrorMessages", "The proxy server %1 asks for a login.").replace("%1", proxy)
    if error.kind is ErrorKind.PROXY_AUTH_UNSUPPORTED:
        if _asks_windows_sign_in(error):
            return translate("ErrorMessages", "The proxy server %1 asks for a Windows sign-in (NTLM or Kerberos), "
                                              "which the app cannot give.").replace("%1", proxy)
        return translate("ErrorMessages", "The proxy server %1 asks for a kind of sign-in the app cannot give "
                                          "(%2).").replace("%1", proxy).replace("%2", error.detail)
    if error.detail == "address":
        return translate("ErrorMessages", "The proxy address cannot be used: %1").replace("%1", proxy)
    if error.detail == "scheme":
        return translate("ErrorMessages", "This kind of proxy is not supported (only http:// proxies): %1").replace(
            "%1", proxy)
    if error.detail == "pac":
        return translate("ErrorMessages", "The automatic proxy configuration could not be used.")
    return translate("ErrorMessages", "The proxy server refused the connection.")


def _px_remedy() -> str:
    return translate("ErrorMessages", "The usual remedy: a small helper program on this computer that signs in to "
                                      "the proxy for you, such as px (free, from github.com/genotrance/px). Start "
                                      "it, then choose the manual proxy 127.0.0.1:3128 in Settings, Network. Or ask "
                                      "your IT department for a proxy that accepts a user name and password.")


def proxy_error_advice(error: ChatError) -> str:
    """What to do, worded for the chat's banner (it has the Log in and Settings buttons)."""
    if error.kind is ErrorKind.PROXY_LOGIN:
        return translate("ErrorMessages", "Click \"Log in to proxy…\" and enter the user name and password of your "
                                          "network account; the request is then sent again.")
    if error.kind is ErrorKind.PROXY_AUTH_UNSUPPORTED:
        return _px_remedy()
    if error.detail == "pac":
        return translate("ErrorMessages", "Check the address of the configuration script in Settings, Network, "
                                          "or choose another proxy setting there, then click Retry.")
    if error.detail in ("address", "scheme"):
        return translate("ErrorMessages", "Enter the proxy as host:port in Settings, Network (for example "
                                          "proxy.example.com:8080), then click Retry.")
    return translate("ErrorMessages", "Check the proxy settings of your system, then click Retry.")


def proxy_settings_advice(error: ChatError) -> str:
    """What to do, worded for the settings dialog (its Network page)."""
    if error.kind is ErrorKind.PROXY_LOGIN:
        return translate("SettingsAdvice", "Close the settings and send a message: the app then asks for the "
                                           "proxy's user name and password.")
    if error.kind is ErrorKind.PROXY_AUTH_UNSUPPORTED:
        return _px_remedy()
    if error.detail in ("address", "scheme", "pac"):
        return translate("SettingsAdvice", "Check the proxy on the Network page.")
    return translate("SettingsAdvice", "Check the proxy settings of your system, then try again.")
