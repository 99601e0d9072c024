"""The connection check in words (German or English): each step ok or what failed and what to do.

The same words for the settings dialog's result view and for --check-connection on the command line
(app.py installs the catalogue on a QCoreApplication for it). Everything from outside (addresses,
names in certificates, server messages) is shown as plain text: the view is a read-only
QPlainTextEdit, which renders no markup.
"""

from __future__ import annotations

from PySide6.QtWidgets import QPlainTextEdit, QWidget

from ..core.connection_steps import Cause, Outcome, Step, StepResult, all_passed
from ..core.errors import ChatError, ErrorKind
from ..core.validation import UrlProblem
from .messages import address_problem_text, counted, error_title, server_detail, translate

CONTEXT = "ConnectionCheck"


def _tr(text: str) -> str:
    return translate(CONTEXT, text)


def step_title(step: Step) -> str:
    return {
        Step.ADDRESS: _tr("Address"),
        Step.DNS: _tr("Name lookup (DNS)"),
        Step.PROXY: _tr("Proxy"),
        Step.TCP: _tr("Connection (TCP)"),
        Step.TLS: _tr("Encryption (TLS)"),
        Step.AUTH: _tr("API key (/models)"),
        Step.MODEL: _tr("Model"),
        Step.ANSWER: _tr("Answer"),
    }[step]


def outcome_text(outcome: Outcome) -> str:
    return {Outcome.OK: _tr("ok"), Outcome.NOTE: _tr("ok, note"), Outcome.FAILED: _tr("FAILED"),
            Outcome.NOT_RUN: _tr("not checked")}[outcome]


def _fill(text: str, *values: str) -> str:
    for number, value in enumerate(values, start=1):
        text = text.replace(f"%{number}", value)
    return text


def _trust_text(trust: str) -> str:
    if trust == "company":
        return _tr("the company certificate authority trusted for this server")
    if trust.startswith("file:"):
        path = trust[len("file:"):]
        if "certifi" in path:
            return _tr("the certificates that come with the app (this system has none of its own)")
        return _fill(_tr("the certificates in %1 (SSL_CERT_FILE)"), path)
    if trust.startswith("system:") and trust != "system:":
        return _fill(_tr("the system's certificates (%1)"), trust[len("system:"):])
    return _tr("the system's certificate store")


def _proxy_text(result: StepResult) -> str:
    source, answer, proxy = result.fact("source"), result.fact("pac_answer"), result.fact("proxy")
    if result.cause is Cause.DIRECT:
        if source == "none":
            return _tr("None: the app connects to the server directly, as set.")
        if source == "manual":
            return _tr("None for this server: it is on the manual proxy's list of exceptions.")
        if source == "pac":
            return _fill(_tr("None: the automatic configuration script answered %1."), answer or "DIRECT")
        return _tr("None: the system sets no proxy for this server (environment variables HTTPS_PROXY and "
                   "NO_PROXY, or the system settings).")
    if source == "manual":
        return _fill(_tr("%1, set by hand."), proxy)
    if source == "pac":
        return _fill(_tr("%1, chosen by the automatic configuration script (it answered %2)."), proxy, answer)
    return _fill(_tr("%1, from the system's settings."), proxy)


def _request_failure(error: ChatError | None) -> tuple[str, str]:
    """What a request of the check (model list, one-token answer) ran into, and what to do."""
    if error is None:
        return error_title(ChatError(ErrorKind.UNEXPECTED)), ""
    kind = error.kind
    fixes = {
        ErrorKind.NO_KEY: _tr("Paste the API key for this server in the settings (Connection page)."),
        ErrorKind.INVALID_KEY: _tr("Copy the key again from your provider's website and paste it in the settings."),
        ErrorKind.AUTH: _tr("Paste a valid key in the settings: this one is wrong, revoked, or belongs to "
                            "another service."),
        ErrorKind.PERMISSION: _tr("The key is valid but may not use this: check its permissions with your "
                                  "provider, or choose another model."),
        ErrorKind.NOT_FOUND: _tr("Check the model name and the server address."),
        ErrorKind.NOT_OPENAI: _tr("Something other than the API answered: you may need to sign in to your "
                                  "network first (hotel or guest Wi-Fi), or the address is wrong."),
        ErrorKind.TIMEOUT: _tr("The server took too long: try again, or increase the timeouts in the settings "
                               "(Advanced page)."),
        ErrorKind.REDIRECTED: _tr("The app does not follow redirects, so your conversation stays with the server "
                                  "you chose. If the new address is right, enter it in the settings."),
        ErrorKind.RATE_LIMIT: _tr("Wait a moment, then check again."),
        ErrorKind.QUOTA: _tr("Check the plan and billing of your account."),
        ErrorKind.BAD_REQUEST: _tr("Check the model name; the server's message below may say more."),
        ErrorKind.SERVER: _tr("The problem is on the server's side: try again later."),
    }
    what = error_title(error)
    detail = server_detail(error)
    return (f"{what}\n{detail}" if detail else what), fixes.get(kind, "")


def step_text(result: StepResult) -> tuple[str, str]:
    """(what the step found, what to do about it: "" when it passed or was not run)."""
    cause, fact = result.cause, result.fact
    if result.outcome is Outcome.NOT_RUN:
        return _tr("Not checked: an earlier step failed."), ""
    if result.step is Step.ADDRESS:
        if result.outcome is Outcome.OK:
            return fact("address"), ""
        problem = next((p for p in UrlProblem if p.value == fact("problem")), None)
        if problem is UrlProblem.CLEARTEXT_UNCONFIRMED:
            return (_fill(_tr("%1 uses http:// to another computer: your key and your messages would travel "
                              "unencrypted. Nothing was sent."), fact("address")),
                    _tr("Use https://, or confirm this address in the settings (Test connection asks)."))
        return ((address_problem_text(problem) if problem else "") or _tr("The address cannot be used."),
                _tr("Correct the server address in the settings."))
    if result.step is Step.DNS:
        if cause is Cause.IP_ADDRESS:
            return _fill(_tr("%1 is an IP address: nothing to look up."), fact("host")), ""
        if cause is Cause.RESOLVED_BY_PROXY:
            return _fill(_tr("The proxy %1 is at %2; the proxy looks up %3 itself."), fact("host"),
                         fact("addresses"), fact("server")), ""
        if cause is Cause.RESOLVED:
            return _fill(_tr("%1 is at %2."), fact("host"), fact("addresses")), ""
        if fact("proxy"):
            return (_fill(_tr("The proxy's name %1 cannot be found."), fact("host")),
                    _tr("Check the proxy setting, or ask your IT department for the proxy's address."))
        return (_fill(_tr("The name %1 cannot be found."), fact("host")),
                _tr("Check the spelling of the server address. If the server is in your company's network, "
                    "connect to the company network (VPN) first."))
    if result.step is Step.PROXY:
        if cause is Cause.PROXY_UNAVAILABLE:
            return (_fill(_tr("The proxy setting cannot be used: %1"), fact("reason")),
                    _tr("Check the proxy setting, or ask your IT department which proxy to use."))
        return _proxy_text(result), ""
    if result.step is Step.TCP:
        return _tcp_text(result)
    if result.step is Step.TLS:
        return _tls_text(result)
    if result.step is Step.AUTH:
        if cause is Cause.KEY_ACCEPTED:
            count = int(fact("count") or 0)
            return counted(count, _tr("The server accepted the key and lists 1 model."),
                           _tr("The server accepted the key and lists %1 models.")), ""
        if cause is Cause.MODELS_NOT_LISTED:
            return _tr("The server gives no model list (it answered 404 to /models); the answer below shows "
                       "whether the model works."), ""
        if cause is Cause.NO_V1:
            return (_tr("The server answered 404: the address probably lacks /v1."),
                    _fill(_tr("Try the address %1."), fact("suggestion")))
        return _request_failure(result.error)
    if result.step is Step.MODEL:
        if cause is Cause.MODEL_OFFERED:
            return _fill(_tr("The server offers %1."), fact("model")), ""
        if cause is Cause.MODEL_UNCHECKED:
            return _fill(_tr("Without a model list %1 cannot be looked up; the answer shows whether it works."),
                         fact("model")), ""
        if cause is Cause.NO_MODEL:
            return _tr("No model is set."), _tr("Enter a model name in the settings, or load the server's list there.")
        offered = counted(int(fact("count") or 0), _tr("It offers 1 model: %2."),
                          _tr("It offers %1 models, among them: %2.")).replace("%2", fact("offered"))
        return (_fill(_tr("The server does not offer the model %1."), fact("model")),
                f"{offered} " + _tr("Choose one of them in the settings."))
    if cause is Cause.ANSWERED:
        return _tr("The model answered."), ""
    return _request_failure(result.error)


def _tcp_text(result: StepResult) -> tuple[str, str]:
    cause, fact = result.cause, result.fact
    host, port, proxy = fact("host"), fact("port"), bool(fact("proxy"))
    if cause is Cause.CONNECTED:
        text = _tr("Connected to the proxy %1, port %2 (%3 ms).") if proxy else _tr("Connected to %1, port %2 (%3 ms).")
        return _fill(text, host, port, fact("milliseconds")), ""
    if cause is Cause.REFUSED:
        if proxy:
            return (_fill(_tr("The proxy %1 refuses connections on port %2."), host, port),
                    _tr("Check the proxy's address and port."))
        return (_fill(_tr("%1 refuses connections on port %2: no server is listening there."), host, port),
                _tr("Check that the server is running (a local Ollama or LM Studio must be started) and that the "
                    "port in the address is right."))
    if cause is Cause.TCP_TIMEOUT:
        return (_fill(_tr("%1 did not answer on port %2 within %3 seconds."), host, port, fact("seconds")),
                _tr("A firewall may block the connection, or your network allows connections only through a "
                    "proxy: check the proxy setting, or ask your IT department."))
    return (_fill(_tr("%1, port %2 cannot be reached (%3)."), host, port, fact("reason")),
            _tr("Check your network connection."))


def _tls_text(result: StepResult) -> tuple[str, str]:
    cause, fact = result.cause, result.fact
    fingerprint = fact("fingerprint")
    if cause is Cause.ENCRYPTED:
        return _fill(_tr("%1, certificate for %2 issued by '%3', accepted by %4."), fact("version"),
                     fact("subject"), fact("issuer"), _trust_text(fact("trust"))), ""
    if cause is Cause.PLAIN_HTTP:
        return _tr("Not encrypted (http://), as the address says: nothing to check."), ""
    if cause is Cause.PROXY_LOGIN:
        schemes = {scheme.lower() for scheme in fact("schemes").split(", ") if scheme}
        if schemes and "basic" not in schemes and schemes & {"ntlm", "negotiate", "kerberos"}:
            return (_fill(_tr("The proxy %1 asks for a Windows sign-in (NTLM or Kerberos), which the app cannot "
                              "give."), fact("proxy")),
                    _tr("Use a local helper proxy such as px, which signs in for you, and set it as the proxy "
                        "(for example 127.0.0.1:3128)."))
        if fact("login_sent"):
            return (_fill(_tr("The proxy %1 rejected the user name and password."), fact("proxy")),
                    _tr("Check the proxy login."))
        return (_fill(_tr("The proxy %1 asks for a user name and password."), fact("proxy")),
                _tr("Enter the proxy login in the settings."))
    if cause is Cause.PROXY_REFUSED:
        return (_fill(_tr("The proxy %1 refused to connect to the server (HTTP status %2)."), fact("proxy"),
                      fact("status")),
                _tr("The proxy may block this server: ask your IT department to allow it."))
    if cause is Cause.UNTRUSTED_ISSUER:
        return (_fill(_tr("Your network replaces certificates, or the server's certificate authority is not "
                          "trusted here: the certificate shown for %1 was issued by '%2'.\nSHA-256 fingerprint: %3"),
                      fact("subject"), fact("issuer"), fingerprint),
                _tr("Ask your IT department for its certificate authority and compare the fingerprint; then "
                    "trust it for this server in the settings. Verification is never switched off."))
    if cause is Cause.SELF_SIGNED:
        return (_fill(_tr("The certificate shown for %1 is self-signed: no authority vouches for it.\nSHA-256 "
                          "fingerprint: %2"), fact("subject"), fingerprint),
                _tr("If it is your own server, give it a certificate from an authority this computer trusts."))
    if cause is Cause.CERT_EXPIRED:
        return (_fill(_tr("The certificate shown for %1 is not valid now (valid until %2)."), fact("subject"),
                      fact("not_after")),
                _tr("Check the computer's date and time; otherwise the server's operator must renew the certificate."))
    if cause is Cause.WRONG_HOST:
        return (_fill(_tr("The certificate shown is for %1, not for %2."), fact("names") or fact("subject"),
                      fact("host")),
                _tr("Check the server address; if it is right, your network may divert the connection (a sign-in "
                    "page or a filter)."))
    if cause is Cause.NOT_TLS:
        return (_fill(_tr("%1, port %2 does not speak https."), fact("host"), fact("port")),
                _tr("Try the address with http:// (a local server such as Ollama or LM Studio speaks plain http), "
                    "or check the port."))
    return (_fill(_tr("The encrypted connection failed: %1"), fact("reason")),
            _tr("Check the address; if it happens again, ask your IT department."))


def report_lines(results: list[StepResult]) -> list[str]:
    """The report, step by step: "Step: ok" with what it found below, and what to do after a failure."""
    lines = []
    for number, result in enumerate(results, start=1):
        what, fix = step_text(result)
        lines.append(_fill(_tr("%1. %2: %3"), str(number), step_title(result.step), outcome_text(result.outcome)))
        lines.extend("   " + line for line in what.splitlines())
        if fix:
            lines.append("   " + _fill(_tr("What to do: %1"), fix))
    return lines


def summary_text(results: list[StepResult]) -> str:
    if all_passed(results):
        return _tr("All checks passed: the connection works.")
    failed = next((result for result in results if result.outcome is Outcome.FAILED), None)
    if failed is None:
        return _tr("The check did not finish.")
    return _fill(_tr("The check failed at step %1: %2."), str(results.index(failed) + 1), step_title(failed.step))


def heading_text(address: str, model: str) -> str:
    return _fill(_tr("Connection check for %1, model %2"), address, model or "–")


class ConnectionCheckView(QPlainTextEdit):
    """The report, read-only plain text: selectable and copyable for a message to IT."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("connectionCheckView")
        self.setAccessibleName(self.tr("Connection check result"))
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.WidgetWidth)
        self.setMinimumHeight(self.fontMetrics().lineSpacing() * 8)
        self.hide()

    def show_running(self, address: str, model: str) -> None:
        self.setPlainText(heading_text(address, model) + "\n" + self.tr("Checking…"))
        self.show()

    def show_results(self, address: str, model: str, results: list[StepResult]) -> None:
        self.setPlainText("\n".join([heading_text(address, model), *report_lines(results), "",
                                     summary_text(results)]))
        self.show()
