"""The connection check (issue 13 point 5): each failure against a real server, named with its cause and
fix, in English and German; the key never in its output."""

from __future__ import annotations

import datetime
import ipaddress
import os
import shutil
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import TEST_KEY, write_settings
from fake_openai_server import FakeOpenAIServer
from test_translations import compiled_catalogue  # noqa: F401 - a fixture: the German .qm, compiled if missing
from genai_desktop.core.connection_check import check_connection
from genai_desktop.core.connection_steps import Cause, Endpoint, Outcome, Step, all_passed
from genai_desktop.core.profiles import ProxyChoice, ProxyMode


def run(base_url: str, model: str = "fake-model", key: str = TEST_KEY, **values):
    results = check_connection(Endpoint(base_url, model, key, connect_timeout=5, read_timeout=20, **values))
    assert [result.step for result in results] == list(Step)  # every step, in order, each once
    return results


def failed_step(results):
    failed = [result for result in results if result.outcome is Outcome.FAILED]
    assert len(failed) == 1, results
    after = results[results.index(failed[0]) + 1:]
    # Only the proxy choice, worked out before the name lookup, is still said when that lookup fails.
    assert all(result.outcome is Outcome.NOT_RUN for result in after if result.step is not Step.PROXY)
    return failed[0]


def report(results) -> str:
    from genai_desktop.ui.connection_check_view import report_lines, summary_text

    return "\n".join([*report_lines(results), summary_text(results)])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- certificates made here ----------------------------------------------------------------------------

def _write_key_and_cert(folder: Path, stem: str, key, certificate) -> tuple[Path, Path]:
    from cryptography.hazmat.primitives import serialization

    cert_file, key_file = folder / f"{stem}.pem", folder / f"{stem}-key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


def certificate_authority(folder: Path, name: str = "GenAI Test Inspecting CA"):
    """A CA certificate and key (what a TLS-inspecting company proxy signs with)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
                   .serial_number(x509.random_serial_number())
                   .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
                   .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                   .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                                content_commitment=False, key_encipherment=False,
                                                data_encipherment=False, key_agreement=False, encipher_only=False,
                                                decipher_only=False), critical=True)
                   .sign(key, hashes.SHA256()))
    return key, certificate


def server_context(folder: Path, authority, names=("localhost",), expired: bool = False) -> ssl.SSLContext:
    """A server-side context with a certificate for names signed by authority (key, certificate)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    ca_key, ca_certificate = authority
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.timezone.utc)
    start, end = (now - datetime.timedelta(days=3), now - datetime.timedelta(days=1)) if expired else (
        now - datetime.timedelta(minutes=5), now + datetime.timedelta(days=1))
    alternative = [x509.DNSName(name) for name in names] + [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    certificate = (x509.CertificateBuilder()
                   .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])]))
                   .issuer_name(ca_certificate.subject).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(start).not_valid_after(end)
                   .add_extension(x509.SubjectAlternativeName(alternative), critical=False)
                   .sign(ca_key, hashes.SHA256()))
    cert_file, key_file = _write_key_and_cert(folder, names[0], key, certificate)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    return context


def ca_file(folder: Path, authority) -> Path:
    from cryptography.hazmat.primitives import serialization

    path = folder / "trusted-ca.pem"
    path.write_bytes(authority[1].public_bytes(serialization.Encoding.PEM))
    return path


def fingerprint_of(context_certificate) -> str:
    from cryptography.hazmat.primitives import hashes

    return ":".join(f"{byte:02X}" for byte in context_certificate.fingerprint(hashes.SHA256()))


# --- every step passes ------------------------------------------------------------------------------------

def test_every_step_passes_against_a_working_server(api_server):
    results = run(api_server.base_url)
    assert all_passed(results)
    assert [result.cause for result in results] == [
        None, Cause.IP_ADDRESS, Cause.DIRECT, Cause.CONNECTED, Cause.PLAIN_HTTP, Cause.KEY_ACCEPTED,
        Cause.MODEL_OFFERED, Cause.ANSWERED]
    assert results[1].outcome is Outcome.OK and results[4].outcome is Outcome.NOTE  # http:// on this machine
    assert api_server.chat_requests()[-1].json["max_completion_tokens"] == 1  # one token
    text = report(results)
    assert "All checks passed" in text and "lists 2 models" in text and "The model answered." in text


def test_over_tls_it_names_version_issuer_and_the_trust_that_accepted_it(tmp_path, monkeypatch):
    authority = certificate_authority(tmp_path, "GenAI Test Company CA")
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file(tmp_path, authority)))
    with FakeOpenAIServer(tls=server_context(tmp_path, authority)) as server:
        results = run(server.base_url)
    assert all_passed(results), report(results)
    tls = results[4]
    assert tls.cause is Cause.ENCRYPTED and tls.fact("version") in ("TLSv1.2", "TLSv1.3")
    assert tls.fact("issuer") == "GenAI Test Company CA" and tls.fact("subject") == "localhost"
    assert tls.fact("trust") == f"file:{tmp_path / 'trusted-ca.pem'}"
    assert results[1].cause is Cause.RESOLVED  # localhost is looked up
    assert "issued by 'GenAI Test Company CA', accepted by the certificates in" in report(results)


# --- each failure, with its cause ---------------------------------------------------------------------------

def test_a_refused_port_is_named_with_what_to_do():
    port = free_port()
    results = run(f"http://127.0.0.1:{port}/v1")
    failed = failed_step(results)
    assert (failed.step, failed.cause) == (Step.TCP, Cause.REFUSED)
    text = report(results)
    assert f"127.0.0.1 refuses connections on port {port}: no server is listening there." in text
    assert "a local Ollama or LM Studio must be started" in text and "failed at step 4: Connection (TCP)" in text


def test_a_name_that_cannot_be_found():
    started = time.monotonic()
    results = run("https://no-such-server.invalid/v1")
    failed = failed_step(results)
    assert (failed.step, failed.cause, failed.fact("host")) == (Step.DNS, Cause.NAME_NOT_FOUND, "no-such-server.invalid")
    assert "The name no-such-server.invalid cannot be found." in report(results) and "(VPN)" in report(results)
    assert results[2].cause is Cause.DIRECT  # which proxy (none) is still said
    assert time.monotonic() - started < 10


def test_404_at_an_address_without_v1_suggests_adding_it(api_server):
    root = api_server.base_url.removesuffix("/v1")
    results = run(root)
    failed = failed_step(results)
    assert (failed.step, failed.cause, failed.fact("suggestion")) == (Step.AUTH, Cause.NO_V1, api_server.base_url)
    text = report(results)
    assert "The server answered 404: the address probably lacks /v1." in text
    assert f"Try the address {api_server.base_url}." in text


def test_a_models_list_the_server_does_not_offer_is_only_a_note(api_server):
    """Ollama before 0.1.33 and many gateways answer /v1/models with 404 but chat: the answer decides."""
    api_server.set_mode("normal", models_status=404)
    results = run(api_server.base_url)
    assert all_passed(results)
    assert (results[5].outcome, results[5].cause) == (Outcome.NOTE, Cause.MODELS_NOT_LISTED)
    assert results[6].cause is Cause.MODEL_UNCHECKED and results[7].cause is Cause.ANSWERED


def test_a_rejected_key_fails_at_the_model_list_and_is_never_shown(api_server):
    api_server.set_mode("status", status=401, error_message=f"Incorrect API key provided: {TEST_KEY}.")
    results = run(api_server.base_url)
    failed = failed_step(results)
    assert (failed.step, failed.cause, failed.error.kind.value) == (Step.AUTH, Cause.REQUEST_FAILED, "auth")
    text = report(results)
    assert "The server rejected the API key." in text and "Paste a valid key in the settings" in text
    assert "HTTP status 401" in text
    assert TEST_KEY not in text and TEST_KEY not in repr(results)


def test_an_unknown_model_names_what_the_server_offers(api_server):
    results = run(api_server.base_url, model="gpt-nonexistent")
    failed = failed_step(results)
    assert (failed.step, failed.cause) == (Step.MODEL, Cause.UNKNOWN_MODEL)
    assert api_server.chat_requests() == []  # the answer step is not tried with a model the server does not list
    text = report(results)
    assert "The server does not offer the model gpt-nonexistent." in text
    assert "It offers 2 models, among them: fake-model, fake-model-2." in text


def test_a_captive_portal_is_not_an_api(api_server):
    api_server.set_mode("html")
    failed = failed_step(run(api_server.base_url))
    assert (failed.step, failed.error.kind.value) == (Step.AUTH, "not_openai")


def test_an_unconfirmed_plain_http_address_to_another_machine_is_refused_before_anything_is_sent(api_server):
    results = run("http://192.0.2.1:8080/v1")
    failed = failed_step(results)
    assert (failed.step, failed.cause, failed.fact("problem")) == (Step.ADDRESS, Cause.UNSAFE_ADDRESS,
                                                                   "cleartext_unconfirmed")
    assert "Nothing was sent." in report(results)


def test_an_http_server_asked_with_https_does_not_speak_tls(api_server):
    failed = failed_step(run(api_server.base_url.replace("http://", "https://")))
    assert (failed.step, failed.cause) == (Step.TLS, Cause.NOT_TLS)


def test_an_untrusted_certificate_authority_is_named_with_its_fingerprint(tmp_path):
    """What TLS inspection looks like: a certificate for the right name from an issuer the system does not
    trust. The check names the issuer and the fingerprint; it never goes on with the connection."""
    authority = certificate_authority(tmp_path, "Zscaler Root CA (test)")
    with FakeOpenAIServer(tls=server_context(tmp_path, authority)) as server:
        results = run(server.base_url)
        assert server.requests == []  # nothing reached the API: no key was sent
    failed = failed_step(results)
    assert (failed.step, failed.cause) == (Step.TLS, Cause.UNTRUSTED_ISSUER)
    assert failed.fact("issuer") == "Zscaler Root CA (test)" and failed.fact("subject") == "localhost"
    assert len(failed.fact("fingerprint").split(":")) == 32
    text = report(results)
    assert "Your network replaces certificates" in text and "issued by 'Zscaler Root CA (test)'" in text
    assert failed.fact("fingerprint") in text and "Verification is never switched off." in text


def test_an_expired_certificate_and_one_for_another_name(tmp_path, monkeypatch):
    authority = certificate_authority(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file(tmp_path, authority)))
    with FakeOpenAIServer(tls=server_context(tmp_path, authority, expired=True)) as server:
        assert failed_step(run(server.base_url)).cause is Cause.CERT_EXPIRED
    with FakeOpenAIServer(tls=server_context(tmp_path, authority, names=("other.example",))) as server:
        failed = failed_step(run(server.base_url))
    assert failed.cause is Cause.WRONG_HOST
    assert "The certificate shown is for other.example, 127.0.0.1, not for localhost." in report([failed])


# --- through a real proxy (tinyproxy) -------------------------------------------------------------------------

@pytest.fixture
def tinyproxy(tmp_path):
    """Starts tinyproxy (proxy_servers.TinyProxy; with BasicAuth user:password if login): its port."""
    from proxy_servers import TinyProxy

    started = []

    def start(login: str = ""):
        started.append(TinyProxy(tmp_path, tuple(login.split(":", 1)) if login else None))
        return started[-1].port

    yield start
    for proxy in started:
        proxy.stop()


def test_through_a_proxy_the_tunnel_and_tls_are_checked(tmp_path, monkeypatch, tinyproxy):
    authority = certificate_authority(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file(tmp_path, authority)))
    port = tinyproxy()
    choice = ProxyChoice(mode=ProxyMode.MANUAL, address=f"127.0.0.1:{port}")
    with FakeOpenAIServer(tls=server_context(tmp_path, authority)) as server:
        results = run(server.base_url, proxy=choice)
    assert all_passed(results), report(results)
    assert (results[2].cause, results[2].fact("proxy"), results[2].fact("source")) == (
        Cause.PROXY_USED, f"http://127.0.0.1:{port}", "manual")
    assert results[3].fact("port") == str(port) and results[4].cause is Cause.ENCRYPTED
    assert f"Connected to the proxy 127.0.0.1, port {port}" in report(results)


def test_the_environment_proxy_is_the_system_choice(tmp_path, monkeypatch, tinyproxy):
    port = tinyproxy()
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("NO_PROXY", "")
    results = run("https://no-such-server.invalid/v1")  # the proxy looks it up, and fails
    assert (results[1].cause, results[2].cause, results[2].fact("source")) == (
        Cause.IP_ADDRESS, Cause.PROXY_USED, "environment")
    failed = failed_step(results)
    assert (failed.step, failed.cause) == (Step.TLS, Cause.PROXY_REFUSED)
    assert "from the system's settings" in report(results)


def test_a_proxy_that_wants_a_login(tmp_path, monkeypatch, tinyproxy):
    port = tinyproxy(login="course:secret-proxy-word")
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("NO_PROXY", "")
    failed = failed_step(run("https://localhost:9/v1"))
    assert (failed.step, failed.cause, failed.fact("schemes"), failed.fact("login_sent")) == (
        Step.TLS, Cause.PROXY_LOGIN, "Basic", "")
    assert "asks for a user name and password" in report([failed])
    monkeypatch.setenv("HTTPS_PROXY", f"http://course:wrong-word@127.0.0.1:{port}")
    results = run("https://localhost:9/v1")
    failed = failed_step(results)
    assert failed.cause is Cause.PROXY_LOGIN and failed.fact("login_sent") == "yes"
    assert "rejected the user name and password" in report(results)
    assert "wrong-word" not in report(results) and "wrong-word" not in repr(results)


def test_a_proxy_that_wants_a_windows_sign_in_gets_the_px_remedy(monkeypatch, api_server):
    """NTLM and Kerberos (Negotiate), which no httpx add-on speaks: the plain explanation and the usual remedy."""
    api_server.set_mode("proxy_login")
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{api_server.port}")
    monkeypatch.setenv("NO_PROXY", "")
    results = run("https://api.example.com/v1")
    failed = failed_step(results)
    assert (failed.step, failed.cause, failed.fact("schemes")) == (Step.TLS, Cause.PROXY_LOGIN, "NTLM, Negotiate")
    text = report(results)
    assert "asks for a Windows sign-in (NTLM or Kerberos)" in text and "px" in text


# --- on the command line ---------------------------------------------------------------------------------------

REPO = Path(__file__).resolve().parent.parent


def check_command(home: Path, *arguments: str, **environment: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, GENAI_DESKTOP_HOME=str(home), QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO),
               OPENAI_API_KEY=TEST_KEY)
    env.update(environment)
    return subprocess.run([sys.executable, "-m", "genai_desktop", "--check-connection", *arguments], cwd=REPO,
                          env=env, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


def test_the_command_line_prints_each_step_and_exits_0_only_when_all_pass(app_home, api_server):
    write_settings(app_home, base_url=api_server.base_url, model="fake-model")
    passed = check_command(app_home)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    lines = passed.stdout.splitlines()
    assert lines[0] == f"Connection check for {api_server.base_url}, model fake-model"
    assert [line for line in lines if line[:1].isdigit()] == [
        "1. Address: ok", "2. Name lookup (DNS): ok", "3. Proxy: ok", "4. Connection (TCP): ok",
        "5. Encryption (TLS): ok, note", "6. API key (/models): ok", "7. Model: ok", "8. Answer: ok"]
    assert lines[-1] == "All checks passed: the connection works."
    api_server.set_mode("status", status=401,
                        error_message=f"Incorrect API key provided: {TEST_KEY} \x1b]0;owned\x07\x1b[2J\x9b31m")
    failed = check_command(app_home)
    assert failed.returncode == 1 and "6. API key (/models): FAILED" in failed.stdout
    # The server's words are shown, its terminal escape sequences are not: nothing retitles or clears the terminal.
    assert "\ufffd]0;owned\ufffd" in failed.stdout and not any(
        char in failed.stdout for char in "\x1b\x07\x9b")
    assert "The check failed at step 6: API key (/models)." in failed.stdout
    assert TEST_KEY not in failed.stdout + failed.stderr + passed.stdout + passed.stderr


def test_the_command_line_fails_with_1_for_a_refused_port_and_2_for_an_unknown_profile(app_home):
    write_settings(app_home, base_url=f"http://127.0.0.1:{free_port()}/v1", model="fake-model")
    refused = check_command(app_home)
    assert refused.returncode == 1 and "4. Connection (TCP): FAILED" in refused.stdout
    unknown = check_command(app_home, "--profile", "Kurs-Gateway")
    assert unknown.returncode == 2 and unknown.stderr.strip() == "There is no profile named Kurs-Gateway."
    assert unknown.stdout == ""


def test_the_command_line_speaks_german_on_a_german_system(app_home, api_server):
    """The catalogue is installed for the command line too: LANGUAGE=de as a German desktop sets it."""
    write_settings(app_home, base_url=api_server.base_url, model="fake-model")
    api_server.set_mode("status", status=401)
    result = check_command(app_home, LANGUAGE="de", LANG="de_DE.UTF-8")
    assert result.returncode == 1
    assert "Der Server hat den API-Schlüssel abgelehnt." in result.stdout  # an error title the app had before
    assert "HTTP-Status 401" in result.stdout
    assert "6. API-Schlüssel (/models): FEHLGESCHLAGEN" in result.stdout  # the check's own words
    assert "Die Prüfung ist bei Schritt 6 gescheitert: API-Schlüssel (/models)." in result.stdout


# --- in the settings dialog ------------------------------------------------------------------------------------

def open_settings(qtbot, window):
    window.settingsAction.trigger()
    qtbot.waitUntil(lambda: window._settings_dialog is not None and window._settings_dialog.isVisible())
    return window._settings_dialog


def test_check_connection_in_the_settings_shows_each_step_as_plain_text(qtbot, make_window, api_server):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPlainTextEdit

    window = make_window()
    dialog = open_settings(qtbot, window)
    view = dialog.connectionCheckView
    assert isinstance(view, QPlainTextEdit) and view.isReadOnly() and not view.isVisible()  # plain text, no markup
    qtbot.mouseClick(dialog.checkConnectionButton, Qt.LeftButton)
    qtbot.waitUntil(lambda: "All checks passed" in view.toPlainText(), timeout=15000)
    assert view.isVisible() and dialog.checkConnectionButton.isEnabled()
    assert "8. Answer: ok" in view.toPlainText()
    # On a small screen the page scrolls: the report, under the fold, is scrolled into view as it grows.
    scroll = dialog.pages.stack.currentWidget()
    dialog.setMaximumHeight(dialog.fontMetrics().lineSpacing() * 20)
    scroll.verticalScrollBar().setValue(0)
    qtbot.mouseClick(dialog.checkConnectionButton, Qt.LeftButton)
    qtbot.waitUntil(lambda: "All checks passed" in view.toPlainText(), timeout=15000)

    def report_in_view() -> bool:
        top = view.mapTo(scroll.widget(), view.rect().topLeft()).y() - scroll.verticalScrollBar().value()
        return 0 <= top and top + view.height() <= scroll.viewport().height()

    qtbot.waitUntil(report_in_view, timeout=5000)
    assert scroll.verticalScrollBar().maximum() > 0
    # The form's values, unsaved: an address without /v1, with a pasted key, which never shows.
    dialog.baseUrlEdit.setText(api_server.base_url.removesuffix("/v1"))
    dialog.apiKeyEdit.setText("sk-typed-0123456789abcdefTYPED")
    qtbot.mouseClick(dialog.checkConnectionButton, Qt.LeftButton)
    qtbot.waitUntil(lambda: "failed at step 6" in view.toPlainText(), timeout=15000)
    text = view.toPlainText()
    assert "the address probably lacks /v1" in text and f"Try the address {api_server.base_url}." in text
    assert api_server.requests[-1].headers["authorization"] == "Bearer sk-typed-0123456789abcdefTYPED"
    assert "sk-typed-0123456789abcdefTYPED" not in text and TEST_KEY not in text
    dialog.reject()


def test_the_steps_arrive_while_the_check_runs(qtbot, make_window, api_server):
    """A server that takes its time: the steps before it are shown already, the window stays responsive."""
    from PySide6.QtCore import Qt

    window = make_window()
    dialog = open_settings(qtbot, window)
    api_server.set_mode("normal", first_byte_delay=1.5)
    qtbot.mouseClick(dialog.checkConnectionButton, Qt.LeftButton)
    view = dialog.connectionCheckView
    qtbot.waitUntil(lambda: "5. Encryption (TLS): ok, note" in view.toPlainText(), timeout=10000)
    assert view.toPlainText().endswith("Checking…") and not dialog.checkConnectionButton.isEnabled()
    qtbot.waitUntil(lambda: "All checks passed" in view.toPlainText(), timeout=20000)
    # Closed while a check runs: its later steps and its end go nowhere, quietly.
    api_server.set_mode("normal", first_byte_delay=1.0)
    qtbot.mouseClick(dialog.checkConnectionButton, Qt.LeftButton)
    qtbot.waitUntil(lambda: "4. Connection (TCP): ok" in view.toPlainText(), timeout=10000)
    dialog.reject()
    qtbot.waitUntil(lambda: window._settings_dialog is None, timeout=5000)
    requests = len(api_server.requests)
    qtbot.waitUntil(lambda: len(api_server.requests) >= requests + 1, timeout=10000)  # the check goes on
    qtbot.wait(2500)  # until its answer step ended
    assert window.controller.settings._step_listeners == {}


# --- each failure's words in both languages --------------------------------------------------------------------

def _refused(api_server, tmp_path):
    return run(f"http://127.0.0.1:{free_port()}/v1")


def _unknown_host(api_server, tmp_path):
    return run("https://no-such-server.invalid/v1")


def _no_v1(api_server, tmp_path):
    return run(api_server.base_url.removesuffix("/v1"))


def _rejected_key(api_server, tmp_path):
    api_server.set_mode("status", status=401)
    return run(api_server.base_url)


def _unknown_model(api_server, tmp_path):
    return run(api_server.base_url, model="gpt-nonexistent")


def _untrusted_authority(api_server, tmp_path):
    with FakeOpenAIServer(tls=server_context(tmp_path, certificate_authority(tmp_path, "Zscaler Root CA"))) as server:
        return run(server.base_url)


FAILURES = {  # how to make it, then what the report says in English and in German
    "refused port": (_refused, "refuses connections on port", "lehnt Verbindungen auf Port"),
    "unknown host": (_unknown_host, "The name no-such-server.invalid cannot be found.",
                     "Der Name no-such-server.invalid ist nicht zu finden."),
    "404 without /v1": (_no_v1, "the address probably lacks /v1.", "Der Adresse fehlt wahrscheinlich /v1."),
    "401": (_rejected_key, "The server rejected the API key.", "Der Server hat den API-Schlüssel abgelehnt."),
    "unknown model": (_unknown_model, "The server does not offer the model gpt-nonexistent.",
                      "Der Server bietet das Modell gpt-nonexistent nicht an."),
    "untrusted CA": (_untrusted_authority, "Your network replaces certificates",
                     "Ihr Netzwerk ersetzt Zertifikate"),
}


@pytest.fixture(params=["en", "de"])
def language(request, qapp, compiled_catalogue):
    from genai_desktop.app import install_translations

    install_translations(qapp, request.param)
    yield request.param
    install_translations(qapp, "en")


@pytest.mark.parametrize("failure", list(FAILURES))
def test_each_failure_is_worded_in_both_languages(failure, language, api_server, tmp_path):
    make, english, german = FAILURES[failure]
    text = report(make(api_server, tmp_path))
    assert (english if language == "en" else german) in text, text
    assert ("What to do: " if language == "en" else "Was zu tun ist: ") in text
    assert ("The check failed at step" if language == "en" else "Die Prüfung ist bei Schritt") in text
    assert TEST_KEY not in text


# --- what comes from outside, fuzzed ---------------------------------------------------------------------------

def test_any_address_gets_every_step_and_words_never_an_exception():
    """Addresses as users paste them (and worse): the check always gives its eight steps and the report words
    them. Only hosts that cannot be reached are made (127.0.0.1 on a closed port, names under .invalid)."""
    from hypothesis import HealthCheck, given, settings, strategies as st

    closed = free_port()
    hosts = st.one_of(st.just(f"127.0.0.1:{closed}"), st.just(f"[::1]:{closed}"),
                      st.text(st.characters(blacklist_categories=("Cs",)), max_size=20).map(lambda label: f"{label}.invalid"))
    addresses = st.one_of(
        st.text(max_size=60),
        st.builds(lambda scheme, user, host, path: f"{scheme}{user}{host}{path}",
                  st.sampled_from(["https://", "http://", "ftp://", "", "HTTPS://", "https:/"]),
                  st.sampled_from(["", "me:secret-password@", "@"]), hosts, st.text(max_size=30)))

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(addresses)
    def check(address):
        results = check_connection(Endpoint(address, "m", TEST_KEY, connect_timeout=2, read_timeout=2))
        assert [result.step for result in results] == list(Step)
        assert not all_passed(results)
        text = report(results)
        assert "secret-password" not in text and TEST_KEY not in text

    check()


def test_any_answer_a_proxy_gives_to_connect_is_a_named_failure(tmp_path):
    """A proxy (or whatever answers on its port) sends anything back to CONNECT: a failed step, never an
    exception, never a tunnel unless it said 200."""
    import socketserver
    import threading

    from hypothesis import given, settings, strategies as st

    answer = [b""]

    class Handler(socketserver.BaseRequestHandler):
        def handle(self):
            received = b""
            while b"\r\n\r\n" not in received:
                piece = self.request.recv(4096)
                if not piece:
                    return
                received += piece
            self.request.sendall(answer[0])

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    choice = ProxyChoice(mode=ProxyMode.MANUAL, address=f"127.0.0.1:{server.server_address[1]}")
    statuses = st.sampled_from([b"HTTP/1.1 407 x\r\n", b"HTTP/1.0 502 Bad\r\n", b"HTTP/1.1 200\r\n", b"", b"garbage"])
    headers = st.lists(st.sampled_from([b"Proxy-Authenticate: NTLM\r\n", b"Proxy-Authenticate:\r\n",
                                        b"Proxy-Authenticate: Basic realm=x\r\n", b"X: \xff\xfe\r\n", b": \r\n"]),
                       max_size=4)

    @settings(max_examples=40, deadline=None)
    @given(statuses, headers, st.binary(max_size=200), st.booleans())
    def check(status, lines, noise, finish):
        answer[0] = status + b"".join(lines) + noise + (b"\r\n\r\n" if finish else b"")
        results = check_connection(Endpoint("https://api.example.com/v1", "m", TEST_KEY, proxy=choice,
                                            connect_timeout=2, read_timeout=2))
        tls = results[4]
        assert tls.outcome is Outcome.FAILED  # a 200 "tunnel" to this server speaks no TLS either
        report(results)

    try:
        check()
    finally:
        server.shutdown()
        server.server_close()


def test_a_name_with_umlauts_goes_to_the_proxy_in_its_ascii_form(monkeypatch, api_server):
    api_server.set_mode("proxy_login")
    choice = ProxyChoice(mode=ProxyMode.MANUAL, address=f"127.0.0.1:{api_server.port}")
    failed = failed_step(run("https://bücher.example/v1", proxy=choice))
    assert failed.cause is Cause.PROXY_LOGIN
    assert (api_server.requests[-1].method, api_server.requests[-1].path) == ("CONNECT", "xn--bcher-kva.example:443")


def test_a_bug_in_a_step_is_a_failed_step_not_an_exception(monkeypatch, api_server):
    from genai_desktop.core import connection_check

    def broken(*_args, **_kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(connection_check, "_tcp_step", broken)
    results = run(api_server.base_url)
    failed = failed_step(results)
    assert (failed.step, failed.cause, failed.fact("reason")) == (Step.TCP, Cause.UNEXPECTED, "RuntimeError: a bug")
    assert "Something unexpected went wrong: RuntimeError: a bug" in report(results)


def test_any_certificate_bytes_give_at_least_a_fingerprint():
    """What a server presents is read only for display: any bytes are named by their fingerprint, and a
    parsable certificate's names come out shortened, as plain values."""
    from hypothesis import given, settings, strategies as st

    from genai_desktop.core.connection_steps import certificate_facts

    @settings(max_examples=200, deadline=None)
    @given(st.binary(max_size=3000))
    def check(der):
        facts = dict(certificate_facts(der))
        assert len(facts["fingerprint"].split(":")) == 32

    check()


# --- through a TLS-inspecting proxy (mitmproxy) ------------------------------------------------------------------

@pytest.fixture
def inspecting_proxy(tmp_path):
    """mitmdump on a free loopback port, with its own CA (made in tmp_path), trusting only the test CA upstream:
    a company proxy that replaces every server's certificate with one it signs itself."""
    if shutil.which("mitmdump") is None:
        pytest.skip("mitmproxy is not installed (build/setup.sh --dev installs it)")
    processes = []

    def start(upstream_ca: Path) -> tuple[int, Path]:
        port, confdir = free_port(), tmp_path / "mitmproxy"
        process = subprocess.Popen(
            ["mitmdump", "--listen-host", "127.0.0.1", "--listen-port", str(port), "--set", f"confdir={confdir}",
             "--set", f"ssl_verify_upstream_trusted_ca={upstream_ca}", "-q"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        processes.append(process)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return port, confdir / "mitmproxy-ca-cert.pem"
            except OSError:
                time.sleep(0.1)
        pytest.fail("mitmdump did not start")

    yield start
    for process in processes:
        process.terminate()
        process.wait(timeout=10)


def test_an_inspecting_proxy_is_named_by_its_issuer_and_passes_once_its_ca_is_trusted(tmp_path, monkeypatch,
                                                                                      inspecting_proxy):
    authority = certificate_authority(tmp_path, "GenAI Test Server CA")
    server_ca = ca_file(tmp_path, authority)
    port, proxy_ca = inspecting_proxy(server_ca)
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("NO_PROXY", "")
    with FakeOpenAIServer(tls=server_context(tmp_path, authority)) as server:
        monkeypatch.setenv("SSL_CERT_FILE", str(server_ca))  # this computer trusts the server's CA, not the proxy's
        results = run(server.base_url)
        failed = failed_step(results)
        assert (failed.step, failed.cause, failed.fact("issuer")) == (Step.TLS, Cause.UNTRUSTED_ISSUER, "mitmproxy")
        assert "Your network replaces certificates" in report(results) and "issued by 'mitmproxy'" in report(results)
        assert server.requests == []  # nothing went through: no key was sent
        monkeypatch.setenv("SSL_CERT_FILE", str(proxy_ca))  # IT's CA installed
        results = run(server.base_url)
        assert all_passed(results), report(results)
        assert (results[4].fact("issuer"), results[4].fact("trust")) == ("mitmproxy", f"file:{proxy_ca}")
        assert server.chat_requests()  # the answer came through the proxy


def test_a_ca_trusted_in_the_app_for_the_host_passes_the_check_through_a_manual_proxy(tmp_path, monkeypatch,
                                                                                      inspecting_proxy):
    """The check goes as a chat: the profile's manual proxy (no environment), then the system's trust, then the
    company CA trusted in the app for this host only; its own requests (key, model, answer) take the same way."""
    from genai_desktop.core.trust import TrustStore

    authority = certificate_authority(tmp_path, "GenAI Test Server CA")
    server_ca = ca_file(tmp_path, authority)
    port, proxy_ca = inspecting_proxy(server_ca)
    for variable in ("HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("SSL_CERT_FILE", str(server_ca))  # the system trusts the server's CA, not the proxy's
    manual = ProxyChoice(mode=ProxyMode.MANUAL, address=f"127.0.0.1:{port}")
    folder = tmp_path / "trusted-authorities"
    with FakeOpenAIServer(tls=server_context(tmp_path, authority)) as server:
        assert failed_step(run(server.base_url, proxy=manual, trust_folder=str(folder))).cause is Cause.UNTRUSTED_ISSUER
        TrustStore(folder).add(proxy_ca.read_bytes(), ["other.example"])  # trusted, but for another host
        assert failed_step(run(server.base_url, proxy=manual, trust_folder=str(folder))).cause is Cause.UNTRUSTED_ISSUER
        TrustStore(folder).add(proxy_ca.read_bytes(), ["localhost"])
        results = run(server.base_url, proxy=manual, trust_folder=str(folder))
        assert all_passed(results), report(results)
        assert (results[4].fact("issuer"), results[4].fact("trust")) == ("mitmproxy", "company")
        assert server.chat_requests()  # the one-token answer came through the proxy


def test_a_profile_becomes_the_endpoint_the_check_runs_on():
    """The thin layer --profile uses once the settings hold profiles: address, model, headers (the secret
    ones' values as the keyring gives them), its own proxy choice or else the global one."""
    from genai_desktop.core.connection_steps import endpoint_from_profile, find_profile
    from genai_desktop.core.profiles import Profile
    from genai_desktop.core.settings import Settings

    manual = ProxyChoice(mode=ProxyMode.MANUAL, address="proxy.corp.example:3128")
    azure = Profile(id="p1", name="Azure", base_url="https://res.openai.azure.com/openai/v1/", model="gpt-4o-deploy",
                    headers=(("X-Team", "course"),), secret_headers=("Ocp-Apim-Subscription-Key",), proxy=manual)
    local = Profile(id="p2", name="Ollama", base_url="http://localhost:11434/v1", model="llama3.2")
    settings = Settings(connect_timeout=7.0, read_timeout=300.0).with_profiles((azure, local), "p1")
    assert find_profile(settings, "Ollama") == local and find_profile(settings, " ollama ") == local
    assert find_profile(settings, "Olla") is None
    assert find_profile(Settings(), "Azure") is None  # settings without profiles: only the first one
    assert find_profile(Settings(), "OpenAI") == Settings().profile()
    endpoint = endpoint_from_profile(azure, settings, TEST_KEY, {"Ocp-Apim-Subscription-Key": "apim-secret"})
    assert (endpoint.base_url, endpoint.model, endpoint.api_key, endpoint.proxy) == (
        azure.base_url, "gpt-4o-deploy", TEST_KEY, manual)
    assert endpoint.headers == (("X-Team", "course"), ("Ocp-Apim-Subscription-Key", "apim-secret"))
    assert (endpoint.connect_timeout, endpoint.read_timeout) == (7.0, 60)  # a check does not wait 5 minutes
    assert "apim-secret" not in repr(endpoint) and TEST_KEY not in repr(endpoint)
    assert endpoint_from_profile(local, settings, "").proxy == settings.proxy  # the global choice


@pytest.mark.parametrize("address", ["proxy.corp.example:99999", "socks5://127.0.0.1:1080", ":3128"])
def test_a_proxy_setting_that_cannot_be_used_is_named(address):
    results = run("https://api.example.com/v1", proxy=ProxyChoice(mode=ProxyMode.MANUAL, address=address))
    failed = failed_step(results)
    assert (failed.step, failed.cause) == (Step.PROXY, Cause.PROXY_UNAVAILABLE)
    assert results[1].outcome is Outcome.NOT_RUN
    assert "The proxy setting cannot be used:" in report(results)
