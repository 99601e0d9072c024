"""Behind a TLS-inspecting proxy (mitmproxy with its own CA, on loopback): the request fails naming
the proxy's CA as issuer; once that CA is trusted for the host it passes through the proxy; for
another host it still fails. Verification is on throughout (mitmproxy verifies the real server
against the test's CA)."""

from __future__ import annotations

import pytest

from conftest import TEST_KEY
from fake_openai_server import FakeOpenAIServer
from inspecting_proxy import MITMDUMP, InspectingProxy
from tls_certificates import make_ca, make_server_certificate, server_context

from genai_desktop.core import certificates
from genai_desktop.core.chat import ChatRequest
from genai_desktop.core.errors import ChatError, ErrorKind
from genai_desktop.core.llm import CancelToken, list_models, run_chat
from genai_desktop.core.trust import default_store, read_certificate_file

pytestmark = pytest.mark.skipif(MITMDUMP is None, reason="mitmproxy is not installed (build/setup.sh --dev)")


@pytest.fixture
def inspected(tmp_path, monkeypatch):
    """(the server's https base URL, the proxy) with the environment's proxy pointing at mitmproxy."""
    server_ca = make_ca("Real Server CA")
    (tmp_path / "server-ca.pem").write_bytes(server_ca.pem)
    leaf = make_server_certificate(server_ca)
    with FakeOpenAIServer(tls=server_context(tmp_path / "server", leaf, server_ca)) as server, \
            InspectingProxy(tmp_path, tmp_path / "server-ca.pem") as proxy:
        for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy", "HTTP_PROXY", "http_proxy"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("HTTPS_PROXY", proxy.url)
        yield server, proxy


def request_to(url: str, **fields) -> ChatRequest:
    return ChatRequest(base_url=url, model="gpt-test", api_key=TEST_KEY, connect_timeout=10, read_timeout=30,
                       messages=({"role": "user", "content": "hello through the proxy"},), **fields)


def tls_failure(url: str) -> ChatError:
    with pytest.raises(ChatError) as caught:
        list_models(request_to(url))
    assert caught.value.kind is ErrorKind.TLS, caught.value
    return caught.value


def test_the_inspecting_proxy_is_named_then_trusted_for_its_host_and_still_refused_for_another(app_home, inspected):
    server, proxy = inspected
    proxy_ca = certificates.facts_of(certificates.read_certificate(read_certificate_file(proxy.ca_file)))
    error = tls_failure(server.base_url)
    shown = error.presented
    assert shown.certificates[0].issuer_cn == "mitmproxy"  # who really issued what the app was shown
    assert server.requests == []  # nothing reached the server
    # mitmproxy, like many inspecting proxies, sends only the certificate it made: its CA comes from IT.
    with pytest.raises(certificates.TrustRefused) as refused:
        certificates.offered_authority(shown)
    assert refused.value.reason is certificates.Refusal.NEEDS_FILE and refused.value.detail == "mitmproxy"
    with pytest.raises(certificates.TrustRefused) as refused:  # a CA file that did not issue it
        certificates.offered_authority(shown, make_ca("mitmproxy").pem)
    assert refused.value.reason is certificates.Refusal.NOT_ISSUER
    offered = certificates.offered_authority(shown, read_certificate_file(proxy.ca_file))
    assert offered.sha256 == proxy_ca.sha256

    default_store().add(offered.der, ["localhost"])
    assert list_models(request_to(server.base_url))
    answer = run_chat(request_to(server.base_url), CancelToken(), lambda _text: None)
    assert answer.text == "Hello from the fake server."
    assert "localhost" in proxy.log_text()  # it went through the inspecting proxy

    other = tls_failure(server.base_url.replace("localhost", "127.0.0.1"))
    assert other.presented.certificates[0].issuer_cn == "mitmproxy"


def test_the_proxy_ca_trusted_for_another_host_does_not_help_this_one(app_home, inspected):
    server, proxy = inspected
    default_store().add(read_certificate_file(proxy.ca_file), ["gateway.corp.example"])
    tls_failure(server.base_url)


def test_in_the_window_the_proxy_ca_file_from_it_is_chosen_confirmed_and_retry_passes(qtbot, make_window, inspected,
                                                                                     tmp_path):
    from PySide6.QtCore import Qt

    from conftest import send_prompt, transcript_text, wait_idle
    from genai_desktop.ui.trust_question import TrustQuestion
    from genai_desktop.ui.trust_words import fingerprint_lines

    server, proxy = inspected
    window = make_window(base_url=server.base_url)
    send_prompt(qtbot, window, "hello through the proxy")
    wait_idle(qtbot, window)
    banner = window.errorBanner
    assert banner.titleLabel.text() == "The server's certificate could not be verified: it was issued by 'mitmproxy'."
    assert "gives you the certificate of 'mitmproxy', trust it for localhost" in banner.adviceLabel.text()
    assert banner.trustButton.isVisibleTo(window)

    wrong = tmp_path / "wrong.pem"
    wrong.write_bytes(make_ca("mitmproxy").pem)  # the same name, another key: not who issued it
    window.chatPane.choose_authority_file = lambda: str(wrong)
    qtbot.mouseClick(banner.trustButton, Qt.LeftButton)
    assert window.findChild(TrustQuestion) is None
    assert "did not issue its certificate" in banner.adviceLabel.text()

    window.chatPane.choose_authority_file = lambda: str(proxy.ca_file)
    qtbot.mouseClick(banner.trustButton, Qt.LeftButton)
    question = window.findChild(TrustQuestion, "trustQuestion")
    proxy_ca = certificates.facts_of(certificates.read_certificate(proxy.ca_file.read_bytes()))
    assert question.fingerprintLabel.text() == fingerprint_lines(proxy_ca.sha256)
    question.comparedBox.setChecked(True)
    qtbot.mouseClick(question.trustButton, Qt.LeftButton)
    qtbot.mouseClick(banner.retryButton, Qt.LeftButton)
    wait_idle(qtbot, window)
    assert "Hello from the fake server." in transcript_text(window)
