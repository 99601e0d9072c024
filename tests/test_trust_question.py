"""The window after a TLS failure with an unknown issuer: the banner names who issued the certificate
shown, offers to trust the authority for the host, asks with the fingerprint, and Retry then works.
Against the loopback server over real TLS with a CA made in the test."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from conftest import send_prompt, transcript_text, wait_idle, write_settings
from fake_openai_server import FakeOpenAIServer
from tls_certificates import make_ca, make_server_certificate, server_context

from genai_desktop.core import certificates
from genai_desktop.core.trust import default_store
from genai_desktop.ui.trust_question import TrustQuestion
from genai_desktop.ui.trust_words import fingerprint_lines


@pytest.fixture
def company_ca():
    return make_ca("Example Inspection CA")


@pytest.fixture
def inspected_server(tmp_path, company_ca):
    leaf = make_server_certificate(company_ca)
    with FakeOpenAIServer(tls=server_context(tmp_path / "server", leaf, company_ca)) as server:
        yield server


def test_the_banner_names_the_issuer_and_trusting_the_authority_lets_retry_pass(qtbot, make_window, inspected_server,
                                                                               company_ca):
    window = make_window(base_url=inspected_server.base_url)
    send_prompt(qtbot, window, "through the company network")
    wait_idle(qtbot, window)
    banner = window.errorBanner
    assert banner.titleLabel.text() == ("The server's certificate could not be verified: it was issued by "
                                        "'Example Inspection CA'.")
    assert "trust this certificate authority for localhost" in banner.adviceLabel.text()
    assert "SHA-256: " in banner.detailLabel.text() and banner.trustButton.isVisibleTo(window)
    assert inspected_server.chat_requests() == []  # nothing was sent

    qtbot.mouseClick(banner.trustButton, Qt.LeftButton)
    question = window.findChild(TrustQuestion, "trustQuestion")
    assert question is not None and question.isVisible()
    ca_fingerprint = certificates.fingerprint(company_ca.der)
    assert question.fingerprintLabel.text() == fingerprint_lines(ca_fingerprint)
    assert question.fingerprintLabel.textFormat() == Qt.PlainText
    assert question.hostsEdit.text() == "localhost"
    assert not question.trustButton.isEnabled()  # not before the fingerprint was compared
    question.comparedBox.setChecked(True)
    qtbot.mouseClick(question.trustButton, Qt.LeftButton)
    assert not question.isVisible()
    [stored] = default_store().authorities()
    assert stored.facts.sha256 == ca_fingerprint and stored.hosts == ("localhost",)
    assert banner.titleLabel.text() == "The certificate authority is trusted for localhost."

    qtbot.mouseClick(banner.retryButton, Qt.LeftButton)
    wait_idle(qtbot, window)
    assert "Hello from the fake server." in transcript_text(window)


def test_a_bad_host_in_the_question_is_refused_with_its_reason_and_nothing_is_stored(qtbot, make_window,
                                                                                    inspected_server):
    window = make_window(base_url=inspected_server.base_url)
    send_prompt(qtbot, window, "hello")
    wait_idle(qtbot, window)
    qtbot.mouseClick(window.errorBanner.trustButton, Qt.LeftButton)
    question = window.findChild(TrustQuestion, "trustQuestion")
    question.hostsEdit.setText("localhost, https://evil.example/")
    question.comparedBox.setChecked(True)
    qtbot.mouseClick(question.trustButton, Qt.LeftButton)
    assert question.isVisible() and "is not a host name" in question.problemLabel.text()
    assert default_store().authorities() == []
    question.reject()


def test_a_self_signed_server_certificate_gets_no_offer_only_its_reason(qtbot, make_window, tmp_path):
    own = make_server_certificate(None)
    with FakeOpenAIServer(tls=server_context(tmp_path / "server", own)) as server:
        window = make_window(base_url=server.base_url)
        send_prompt(qtbot, window, "hello")
        wait_idle(qtbot, window)
        banner = window.errorBanner
        assert "issued by 'localhost'" in banner.titleLabel.text()
        assert "is not a certificate authority, so it cannot be trusted" in banner.adviceLabel.text()
        assert not banner.trustButton.isVisibleTo(window)
        assert server.chat_requests() == []


# --- the Certificates page of the settings: listed, removable ----------------------------------------

def test_the_settings_list_trusted_authorities_with_their_hosts_and_removing_one_applies_at_once(
        qtbot, make_window, inspected_server, company_ca):
    from test_settings_dialog import open_dialog

    other = make_ca("<b>Branch</b> CA")  # a name that looks like markup stays as written
    default_store().add(company_ca.pem, ["localhost"])
    default_store().add(other.pem, ["branch.corp.example"])
    window = make_window(base_url=inspected_server.base_url)
    send_prompt(qtbot, window, "trusted")
    wait_idle(qtbot, window)
    assert "Hello from the fake server." in transcript_text(window)

    dialog = open_dialog(qtbot, window)
    page = dialog.findChild(QWidget, "certificatesPage")
    listed = page.authorityList
    texts = [listed.item(row).text() for row in range(listed.count())]
    assert texts[0].startswith("<b>Branch</b> CA\nonly for: branch.corp.example\nvalid until ")
    assert texts[1].startswith("Example Inspection CA\nonly for: localhost\n")
    assert texts[1].endswith(fingerprint_lines(certificates.fingerprint(company_ca.der)))
    listed.setCurrentRow(1)
    qtbot.mouseClick(page.removeButton, Qt.LeftButton)
    assert [listed.item(row).text().split("\n")[0] for row in range(listed.count())] == ["<b>Branch</b> CA"]
    assert [authority.facts.subject_cn for authority in default_store().authorities()] == ["<b>Branch</b> CA"]
    qtbot.mouseClick(page.removeButton, Qt.LeftButton)
    assert page.emptyLabel.isVisibleTo(page) and not listed.isVisibleTo(page)
    dialog.reject()

    send_prompt(qtbot, window, "no longer trusted")
    wait_idle(qtbot, window)
    assert window.errorBanner.titleLabel.text().endswith("issued by 'Example Inspection CA'.")


def test_the_window_trusts_in_its_own_folder_not_the_process_environments(qtbot, make_window, inspected_server,
                                                                          tmp_path, app_home):
    """A window built for another home (an embedder, the screenshot script) keeps its trusted CAs there and its
    requests use them: none is written to, or read from, the home of the process's environment."""
    elsewhere = tmp_path / "elsewhere"
    write_settings(elsewhere, base_url=inspected_server.base_url, model="fake-model")
    window = make_window(environ={"GENAI_DESKTOP_HOME": str(elsewhere)})
    send_prompt(qtbot, window, "hello")
    wait_idle(qtbot, window)
    qtbot.mouseClick(window.errorBanner.trustButton, Qt.LeftButton)
    question = window.findChild(TrustQuestion, "trustQuestion")
    question.comparedBox.setChecked(True)
    qtbot.mouseClick(question.trustButton, Qt.LeftButton)
    assert len(list((elsewhere / "config" / "trusted-authorities").glob("*.pem"))) == 1
    assert default_store().authorities() == []  # the environment's home (app_home) has none
    qtbot.mouseClick(window.errorBanner.retryButton, Qt.LeftButton)
    wait_idle(qtbot, window)
    assert "Hello from the fake server." in transcript_text(window)
