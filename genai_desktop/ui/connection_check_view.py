"""The connection check in words (German or English): each step ok or what failed and what to do.

The same words for the settings dialog's result view and for --check-connection on the command line
(app.py installs the catalogue on a QCoreApplication for it). Everything from outside (addresses,
names in certificates, server messages) is shown as plain text: the view is a read-only
QPlainTextEdit, which renders no markup.
"""

from __future__ import annotations

from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QPlainTextEdit, QPushButton, QWidget

from ..core.connection_steps import Cause, Outcome, Step, StepResult, all_passed
from ..core.errors import ChatError, ErrorKind
from ..core.profiles import Profile
from ..core.redaction import without_user_info
from ..core.settings import Settings
from ..core.validation import UrlProblem
from ..qt.settings_service import SettingsService
from .messages import address_problem_text, counted, error_title, server_detail, translate

def step_title(step: Step) -> str:
    return {
        Step.ADDRESS: translate("ConnectionCheck", "Address"),
        Step.DNS: translate("ConnectionCheck", "Name lookup (DNS)"),
        Step.PROXY: translate("ConnectionCheck", "Proxy"),
        Step.TCP: translate("ConnectionCheck", "Connection (TCP)"),
        Step.TLS: translate("ConnectionCheck", "Encryption (TLS)"),
        Step.AUTH: translate("ConnectionCheck", "API key (/models)"),
        Step.MODEL: translate("ConnectionCheck", "Model"),
        Step.ANSWER: translate("ConnectionCheck", "Answer"),
    }[step]


def outcome_text(outcome: Outcome) -> str:
    return {Outcome.OK: translate("ConnectionCheck", "ok"), Outcome.NOTE: translate("ConnectionCheck", "ok, note"), Outcome.FAILED: translate("ConnectionCheck", "FAILED"),
            Outcome.NOT_RUN: translate("ConnectionCheck", "not checked")}[outcome]


def _fill(text: str, *values: str) -> str:
    for number, value in enumerate(values, start=1):
        text = text.replace(f"%{number}", value)
    return text


def _trust_text(trust: str) -> str:
    if trust == "company":
        return translate("ConnectionCheck", "the company certificate authority trusted for this server")
    if trust.startswith("file:"):
        path = trust[len("file:"):]
        if "certifi" in path:
            return translate("ConnectionCheck", "the certificates that come with the app (this system has none of its own)")
        return _fill(translate("ConnectionCheck", "the certificates in %1 (SSL_CERT_FILE)"), path)
    if trust.startswith("system:") and trust != "system:":
        return _fill(translate("ConnectionCheck", "the system's certificates (%1)"), trust[len("system:"):])
    return translate("ConnectionCheck", "the system's certificate store")


def _proxy_text(result: StepResult) -> str:
    source, answer, proxy = result.fact("source"), result.fact("pac_answer"), result.fact("proxy")
    if result.cause is Cause.DIRECT:
        if source == "none":
            return translate("ConnectionCheck", "None: the app connects to the server directly, as set.")
        if source == "manual":
            return translate("ConnectionCheck", "None for this server: it is on the manual proxy's list of exceptions.")
        if source == "pac":
            return _fill(translate("ConnectionCheck", "None: the automatic configuration script answered %1."), answer or "DIRECT")
        return translate("ConnectionCheck", "None: the system sets no proxy for this server (environment variables HTTPS_PROXY and "
                   "NO_PROXY, or the system settings).")
    if source == "manual":
        return _fill(translate("ConnectionCheck", "%1, set by hand."), proxy)
    if source == "pac":
        return _fill(translate("ConnectionCheck", "%1, chosen by the automatic configuration script (it answered %2)."), proxy, answer)
    return _fill(translate("ConnectionCheck", "%1, from the system's settings."), proxy)


def _request_failure(error: ChatError | None) -> tuple[str, str]:
    """What a request of the check (model list, one-token answer) ran into, and what to do."""
    if error is None:
        return error_title(ChatError(ErrorKind.UNEXPECTED)), ""
    kind = error.kind
    fixes = {
        ErrorKind.NO_KEY: translate("ConnectionCheck", "Paste the API key for this server in the settings (Connection page)."),
        ErrorKind.INVALID_KEY: translate("ConnectionCheck", "Copy the key again from your provider's website and paste it in the settings."),
        ErrorKind.AUTH: translate("ConnectionCheck", "Paste a valid key in the settings: this one is wrong, revoked, or belongs to "
                            "another service."),
        ErrorKind.PERMISSION: translate("ConnectionCheck", "The key is valid but may not use this: check its permissions with your "
                                  "provider, or choose another model."),
        ErrorKind.NOT_FOUND: translate("ConnectionCheck", "Check the model name and the server address."),
        ErrorKind.NOT_OPENAI: translate("ConnectionCheck", "Something other than the API answered: you may need to sign in to your "
                                  "network first (hotel or guest Wi-Fi), or the address is wrong."),
        ErrorKind.TIMEOUT: translate("ConnectionCheck", "The server took too long: try again, or increase the timeouts in the settings "
                               "(Advanced page)."),
        ErrorKind.REDIRECTED: translate("ConnectionCheck", "The app does not follow redirects, so your conversation stays with the server "
                                  "you chose. If the new address is right, enter it in the settings."),
        ErrorKind.RATE_LIMIT: translate("ConnectionCheck", "Wait a moment, then check again."),
        ErrorKind.QUOTA: translate("ConnectionCheck", "Check the plan and billing of your account."),
        ErrorKind.BAD_REQUEST: translate("ConnectionCheck", "Check the model name; the server's message below may say more."),
        ErrorKind.SERVER: translate("ConnectionCheck", "The problem is on the server's side: try again later."),
    }
    what = error_title(error)
    detail = server_detail(error)
    return (f"{what}\n{detail}" if detail else what), fixes.get(kind, "")


def step_text(result: StepResult) -> tuple[str, str]:
    """(what the step found, what to do about it: "" when it passed or was not run)."""
    cause, fact = result.cause, result.fact
    if result.outcome is Outcome.NOT_RUN:  # "not checked" says it all
        return "", ""
    if cause is Cause.UNEXPECTED:
        return (translate("ConnectionCheck", "Something unexpected went wrong: %1").replace("%1", fact("reason")),
                translate("ConnectionCheck", "Check again. If it happens again, the log file has details."))
    if result.step is Step.ADDRESS:
        if result.outcome is Outcome.OK:
            return fact("address"), ""
        problem = next((p for p in UrlProblem if p.value == fact("problem")), None)
        if problem is UrlProblem.CLEARTEXT_UNCONFIRMED:
            return (_fill(translate("ConnectionCheck", "%1 uses http:// to another computer: your key and your messages would travel "
                              "unencrypted. Nothing was sent."), fact("address")),
                    translate("ConnectionCheck", "Use https://, or confirm this address in the settings (Test connection asks)."))
        return ((address_problem_text(problem) if problem else "") or translate("ConnectionCheck", "The address cannot be used."),
                translate("ConnectionCheck", "Correct the server address in the settings."))
    if result.step is Step.DNS:
        if cause is Cause.IP_ADDRESS:
            return _fill(translate("ConnectionCheck", "%1 is an IP address: nothing to look up."), fact("host")), ""
        if cause is Cause.RESOLVED_BY_PROXY:
            return _fill(translate("ConnectionCheck", "The proxy %1 is at %2; the proxy looks up %3 itself."), fact("host"),
                         fact("addresses"), fact("server")), ""
        if cause is Cause.RESOLVED:
            return _fill(translate("ConnectionCheck", "%1 is at %2."), fact("host"), fact("addresses")), ""
        if fact("proxy"):
            return (_fill(translate("ConnectionCheck", "The proxy's name %1 cannot be found."), fact("host")),
                    translate("ConnectionCheck", "Check the proxy setting, or ask your IT department for the proxy's address."))
        return (_fill(translate("ConnectionCheck", "The name %1 cannot be found."), fact("host")),
                translate("ConnectionCheck", "Check the spelling of the server address. If the server is in your company's network, "
                    "connect to the company network (VPN) first."))
    if result.step is Step.PROXY:
        if cause is Cause.PROXY_UNAVAILABLE:
            return (_fill(translate("ConnectionCheck", "The proxy setting cannot be used: %1"), fact("reason")),
                    translate("ConnectionCheck", "Check the proxy setting, or ask your IT department which proxy to use."))
        return _proxy_text(result), ""
    if result.step is Step.TCP:
        return _tcp_text(result)
    if result.step is Step.TLS:
        return _tls_text(result)
    if result.step is Step.AUTH:
        if cause is Cause.KEY_ACCEPTED:
            count = int(fact("count") or 0)
            return counted(count, translate("ConnectionCheck", "The server accepted the key and lists 1 model."),
                           translate("ConnectionCheck", "The server accepted the key and lists %1 models.")), ""
        if cause is Cause.MODELS_NOT_LISTED:
            return translate("ConnectionCheck", "The server gives no model list (it answered 404 to /models); the answer below shows "
                       "whether the model works."), ""
        if cause is Cause.NO_V1:
            return (translate("ConnectionCheck", "The server answered 404: the address probably lacks /v1."),
                    _fill(translate("ConnectionCheck", "Try the address %1."), fact("suggestion")))
        return _request_failure(result.error)
    if result.step is Step.MODEL:
        if cause is Cause.MODEL_OFFERED:
            return _fill(translate("ConnectionCheck", "The server offers %1."), fact("model")), ""
        if cause is Cause.MODEL_UNCHECKED:
            return _fill(translate("ConnectionCheck", "Without a model list %1 cannot be looked up; the answer shows whether it works."),
                         fact("model")), ""
        if cause is Cause.NO_MODEL:
            return translate("ConnectionCheck", "No model is set."), translate("ConnectionCheck", "Enter a model name in the settings, or load the server's list there.")
        offered = counted(int(fact("count") or 0), translate("ConnectionCheck", "It offers 1 model: %2."),
                          translate("ConnectionCheck", "It offers %1 models, among them: %2.")).replace("%2", fact("offered"))
        return (_fill(translate("ConnectionCheck", "The server does not offer the model %1."), fact("model")),
                f"{offered} " + translate("ConnectionCheck", "Choose one of them in the settings."))
    if cause is Cause.ANSWERED:
        return translate("ConnectionCheck", "The model answered."), ""
    return _request_failure(result.error)


def _tcp_text(result: StepResult) -> tuple[str, str]:
    cause, fact = result.cause, result.fact
    host, port, proxy = fact("host"), fact("port"), bool(fact("proxy"))
    if cause is Cause.CONNECTED:
        text = translate("ConnectionCheck", "Connected to the proxy %1, port %2 (%3 ms).") if proxy else translate("ConnectionCheck", "Connected to %1, port %2 (%3 ms).")
        return _fill(text, host, port, fact("milliseconds")), ""
    if cause is Cause.REFUSED:
        if proxy:
            return (_fill(translate("ConnectionCheck", "The proxy %1 refuses connections on port %2."), host, port),
                    translate("ConnectionCheck", "Check the proxy's address and port."))
        return (_fill(translate("ConnectionCheck", "%1 refuses connections on port %2: no server is listening there."), host, port),
                translate("ConnectionCheck", "Check that the server is running (a local Ollama or LM Studio must be started) and that the "
                    "port in the address is right."))
    if cause is Cause.TCP_TIMEOUT:
        return (_fill(translate("ConnectionCheck", "%1 did not answer on port %2 within %3 seconds."), host, port, fact("seconds")),
                translate("ConnectionCheck", "A firewall may block the connection, or your network allows connections only through a "
                    "proxy: check the proxy setting, or ask your IT department."))
    return (_fill(translate("ConnectionCheck", "%1, port %2 cannot be reached (%3)."), host, port, fact("reason")),
            translate("ConnectionCheck", "Check your network connection."))


def _tls_text(result: StepResult) -> tuple[str, str]:
    cause, fact = result.cause, result.fact
    fingerprint = fact("fingerprint")
    if cause is Cause.ENCRYPTED:
        return _fill(translate("ConnectionCheck", "%1, certificate for %2 issued by '%3', accepted by %4."), fact("version"),
                     fact("subject"), fact("issuer"), _trust_text(fact("trust"))), ""
    if cause is Cause.PLAIN_HTTP:
        return translate("ConnectionCheck", "Not encrypted (http://), as the address says: nothing to check."), ""
    if cause is Cause.PROXY_LOGIN:
        schemes = {scheme.lower() for scheme in fact("schemes").split(", ") if scheme}
        if schemes and "basic" not in schemes and schemes & {"ntlm", "negotiate", "kerberos"}:
            return (_fill(translate("ConnectionCheck", "The proxy %1 asks for a Windows sign-in (NTLM or Kerberos), which the app cannot "
                              "give."), fact("proxy")),
                    translate("ConnectionCheck", "Use a local helper proxy such as px, which signs in for you, and set it as the proxy "
                        "(for example 127.0.0.1:3128)."))
        if fact("login_sent"):
            return (_fill(translate("ConnectionCheck", "The proxy %1 rejected the user name and password."), fact("proxy")),
                    translate("ConnectionCheck", "Check the proxy login."))
        return (_fill(translate("ConnectionCheck", "The proxy %1 asks for a user name and password."), fact("proxy")),
                translate("ConnectionCheck", "Enter the proxy login in the settings."))
    if cause is Cause.PROXY_REFUSED:
        return (_fill(translate("ConnectionCheck", "The proxy %1 refused to connect to the server (HTTP status %2)."), fact("proxy"),
                      fact("status")),
                translate("ConnectionCheck", "The proxy may block this server: ask your IT department to allow it."))
    if cause is Cause.UNTRUSTED_ISSUER:
        return (_fill(translate("ConnectionCheck", "Your network replaces certificates, or the server's certificate authority is not "
                          "trusted here: the certificate shown for %1 was issued by '%2'.\nSHA-256 fingerprint: %3"),
                      fact("subject"), fact("issuer"), fingerprint),
                translate("ConnectionCheck", "Ask your IT department for its certificate authority and compare the fingerprint; then "
                    "trust it for this server in the settings. Verification is never switched off."))
    if cause is Cause.SELF_SIGNED:
        return (_fill(translate("ConnectionCheck", "The certificate shown for %1 is self-signed: no authority vouches for it.\nSHA-256 "
                          "fingerprint: %2"), fact("subject"), fingerprint),
                translate("ConnectionCheck", "If it is your own server, give it a certificate from an authority this computer trusts."))
    if cause is Cause.CERT_EXPIRED:
        return (_fill(translate("ConnectionCheck", "The certificate shown for %1 is not valid now (valid until %2)."), fact("subject"),
                      fact("not_after")),
                translate("ConnectionCheck", "Check the computer's date and time; otherwise the server's operator must renew the certificate."))
    if cause is Cause.WRONG_HOST:
        return (_fill(translate("ConnectionCheck", "The certificate shown is for %1, not for %2."), fact("names") or fact("subject"),
                      fact("host")),
                translate("ConnectionCheck", "Check the server address; if it is right, your network may divert the connection (a sign-in "
                    "page or a filter)."))
    if cause is Cause.NOT_TLS:
        return (_fill(translate("ConnectionCheck", "%1, port %2 does not speak https."), fact("host"), fact("port")),
                translate("ConnectionCheck", "Try the address with http:// (a local server such as Ollama or LM Studio speaks plain http), "
                    "or check the port."))
    return (_fill(translate("ConnectionCheck", "The encrypted connection failed: %1"), fact("reason")),
            translate("ConnectionCheck", "Check the address; if it happens again, ask your IT department."))


def step_number(step: Step) -> int:
    return list(Step).index(step) + 1


def step_lines(result: StepResult) -> list[str]:
    """One step: "3. Proxy: ok", what it found below, and what to do after a failure."""
    what, fix = step_text(result)
    lines = [_fill(translate("ConnectionCheck", "%1. %2: %3"), str(step_number(result.step)), step_title(result.step),
                   outcome_text(result.outcome))]
    lines.extend("   " + line for line in what.splitlines())
    if fix:
        lines.append("   " + _fill(translate("ConnectionCheck", "What to do: %1"), fix))
    return lines


def report_lines(results: list[StepResult]) -> list[str]:
    """The report, step by step (results in Step order, as core.connection_check returns them)."""
    return [line for result in results for line in step_lines(result)]


def summary_text(results: list[StepResult]) -> str:
    if all_passed(results):
        return translate("ConnectionCheck", "All checks passed: the connection works.")
    failed = next((result for result in results if result.outcome is Outcome.FAILED), None)
    if failed is None:
        return translate("ConnectionCheck", "The check did not finish.")
    return _fill(translate("ConnectionCheck", "The check failed at step %1: %2."), str(step_number(failed.step)), step_title(failed.step))


def heading_text(address: str, model: str) -> str:
    return _fill(translate("ConnectionCheck", "Connection check for %1, model %2"), without_user_info(address.strip()), model or "–")


class ConnectionCheckView(QPlainTextEdit):
    """The report, read-only plain text: selectable and copyable for a message to IT."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("connectionCheckView")
        self.setAccessibleName(self.tr("Connection check result"))
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.WidgetWidth)
        self.setMinimumHeight(self.fontMetrics().lineSpacing() * 8)
        self._heading, self._known = "", []
        self.hide()

    def run(self, service: SettingsService, settings: Settings, key: str, button: QPushButton,
            profile: Profile | None = None) -> None:
        """Check profile (the dialog's form, unsaved; None: the default profile of settings; key "" for the
        stored one), the button off meanwhile."""
        button.setEnabled(False)
        shown = profile or settings.profile()
        model = shown.model or settings.model
        self.show_running(shown.base_url, model)

        def done(results: list) -> None:
            button.setEnabled(True)
            self.show_results(shown.base_url, model, results)

        def failed(error: ChatError) -> None:  # only a bug gets here: the check reports failures as steps
            button.setEnabled(True)
            self.setPlainText(f"{error_title(error)}\n{server_detail(error)}")

        service.check_connection(settings, key, self.add_step, done, failed, self, profile=profile)

    def show_running(self, address: str, model: str) -> None:
        self._heading, self._known = heading_text(address, model), []
        self._show([*self._known, self.tr("Checking…")])

    def add_step(self, result: StepResult) -> None:
        """A step known while the check runs."""
        self._known.extend(step_lines(result))
        self._show([*self._known, self.tr("Checking…")])

    def show_results(self, address: str, model: str, results: list[StepResult]) -> None:
        """The verdict first, then the steps, scrolled to the one that failed: its cause and fix are what
        the user came for."""
        self._heading, self._known = heading_text(address, model), report_lines(results)
        self._show([summary_text(results), "", *self._known])
        failed = next((result for result in results if result.outcome is Outcome.FAILED), None)
        if failed is not None:
            self.moveCursor(QTextCursor.End)  # from below: the failed step's lines end up at the top
            self.ensureCursorVisible()
            self.find(step_lines(failed)[0], QTextDocument.FindBackward)
            cursor = self.textCursor()
            cursor.clearSelection()
            self.setTextCursor(cursor)
            self.ensureCursorVisible()

    def _show(self, lines: list[str]) -> None:
        self.setPlainText("\n".join([self._heading, *lines]))
        self.show()
