"""Trusted company certificate authorities, each only for its hosts (core/trust.py), against the
loopback server over real TLS with a CA made in the test. Verification is never off: the test's CA
is trusted, or the request fails."""

from __future__ import annotations

import datetime
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from fake_openai_server import FakeOpenAIServer
from conftest import TEST_KEY
from tls_certificates import DAY, NOW, make_ca, make_server_certificate, server_context

from genai_desktop.core import certificates, trust
from genai_desktop.core.chat import ChatRequest
from genai_desktop.core.errors import ChatError, ErrorKind
from genai_desktop.core.llm import list_models
from genai_desktop.core.certificates import Refusal, TrustRefused
from genai_desktop.core.trust import TrustStore


@pytest.fixture
def company_ca():
    return make_ca()


@pytest.fixture
def secure_server(tmp_path, company_ca):
    """The loopback server with a certificate for localhost and 127.0.0.1 that the company CA issued."""
    leaf = make_server_certificate(company_ca)
    with FakeOpenAIServer(tls=server_context(tmp_path / "server", leaf, company_ca)) as server:
        yield server


def models_at(url: str) -> list[str]:
    return list_models(ChatRequest(base_url=url, model="gpt-test", api_key=TEST_KEY, connect_timeout=5))


def tls_error_at(url: str) -> ChatError:
    with pytest.raises(ChatError) as caught:
        models_at(url)
    assert caught.value.kind is ErrorKind.TLS
    return caught.value


def test_an_unknown_issuer_is_named_then_trusted_for_its_host_only(app_home, secure_server, company_ca):
    error = tls_error_at(secure_server.base_url)
    shown = error.presented
    assert shown.host == "localhost" and shown.unknown_issuer
    assert shown.certificates[0].issuer == "CN=Test Company Root CA,O=Test Company"
    assert shown.certificates[-1].sha256 == certificates.fingerprint(company_ca.der)
    assert certificates.fingerprint(company_ca.der) in str(error)  # the log line names it too
    offered = certificates.offered_authority(shown)
    assert offered.der == company_ca.der and offered.is_ca

    store = trust.default_store()
    assert store.folder == app_home / "config" / "trusted-authorities"
    store.add(offered.der, ["localhost"])
    assert models_at(secure_server.base_url)  # trusted: the same request passes
    # The same server, the same CA, but a host it was not trusted for: still refused.
    other_host = secure_server.base_url.replace("localhost", "127.0.0.1")
    assert tls_error_at(other_host).presented.host == "127.0.0.1"


def test_the_system_store_stays_first_a_host_with_no_authority_gets_the_default_context(tmp_path, company_ca):
    store = TrustStore(tmp_path / "trusted")
    store.add(company_ca.pem, ["gateway.corp.example"])
    plain, scoped = store.context_for("api.openai.com"), store.context_for("gateway.corp.example")
    system_count = plain.cert_store_stats()["x509_ca"]
    assert scoped.cert_store_stats()["x509_ca"] == system_count + 1
    assert plain.verify_mode is scoped.verify_mode is trust.ssl.CERT_REQUIRED
    assert plain.check_hostname and scoped.check_hostname


def test_a_context_is_made_once_for_its_authorities_and_the_systems_trust_and_again_when_either_changes(
        tmp_path, company_ca, monkeypatch):
    """Reading the system's certificates took 50 ms of CPU a request (holding the GIL the window needs)."""
    store = TrustStore(tmp_path / "trusted")
    first = store.context_for("gateway.corp.example")
    assert store.context_for("gateway.corp.example") is first
    assert store.context_for("api.openai.com") is first  # no authority for either host: the system's trust
    store.add(company_ca.pem, ["gateway.corp.example"])
    scoped = store.context_for("gateway.corp.example")
    assert scoped is not first and scoped.cert_store_stats()["x509_ca"] == first.cert_store_stats()["x509_ca"] + 1
    assert store.context_for("gateway.corp.example") is scoped
    bundle = tmp_path / "bundle.pem"  # the bundle IT installs while the app runs
    bundle.write_bytes(company_ca.pem)
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    from_bundle = store.context_for("api.openai.com")
    assert from_bundle is not first and store.context_for("api.openai.com") is from_bundle
    bundle.write_bytes(company_ca.pem + b"\n")
    os.utime(bundle, ns=(1, 1))  # rewritten: another time
    assert store.context_for("api.openai.com") is not from_bundle


def test_what_is_stored_is_pem_with_its_hosts_private_and_read_back(tmp_path, company_ca):
    store = TrustStore(tmp_path / "trusted")
    added = store.add(company_ca.pem, ["Gateway.Corp.Example", "proxy.corp.example"])
    again = store.add(company_ca.der, ["gateway.corp.example", "bücher.example"])  # DER too; hosts merged
    assert again.path == added.path and len(list(store.folder.iterdir())) == 1
    text = added.path.read_text()
    assert "hosts: gateway.corp.example proxy.corp.example xn--bcher-kva.example" in text
    assert "-----BEGIN CERTIFICATE-----" in text
    if os.name != "nt":
        assert stat.S_IMODE(added.path.stat().st_mode) == 0o600
    [listed] = TrustStore(store.folder).authorities()  # a later start reads the same
    assert listed.hosts == ("gateway.corp.example", "proxy.corp.example", "xn--bcher-kva.example")
    assert listed.facts.sha256 == certificates.fingerprint(company_ca.der)
    assert store.remove(listed.facts.sha256) and store.authorities() == []
    assert not store.remove(listed.facts.sha256)


@pytest.mark.parametrize("make, reason", [
    (lambda: make_ca("Not an authority", ca=False), Refusal.NOT_CA),
    (lambda: make_server_certificate(None, ("gateway.corp.example",)), Refusal.NOT_CA),
    (lambda: make_ca("Old CA", not_before=NOW - 60 * DAY, not_after=NOW - DAY), Refusal.EXPIRED),
    (lambda: make_ca("Future CA", not_before=NOW + DAY, not_after=NOW + 60 * DAY), Refusal.NOT_YET_VALID),
])
def test_a_certificate_that_is_not_a_usable_authority_is_refused_with_its_reason(tmp_path, make, reason):
    store = TrustStore(tmp_path / "trusted")
    with pytest.raises(TrustRefused) as refused:
        store.add(make().pem, ["gateway.corp.example"])
    assert refused.value.reason is reason
    assert not store.folder.exists() or list(store.folder.iterdir()) == []


@pytest.mark.parametrize("data, hosts, reason", [
    (b"not a certificate", ["a.example"], Refusal.UNREADABLE),
    (None, [], Refusal.NO_HOSTS),
    (None, ["https://a.example/v1"], Refusal.BAD_HOST),
    (None, ["*.corp.example"], Refusal.BAD_HOST),
    (None, ["a.example:443"], Refusal.BAD_HOST),
    ("two", ["a.example"], Refusal.SEVERAL),
])
def test_unreadable_files_and_bad_hosts_are_refused(tmp_path, company_ca, data, hosts, reason):
    data = {None: company_ca.pem, "two": company_ca.pem + make_ca("Second").pem}.get(data, data)
    with pytest.raises(TrustRefused) as refused:
        TrustStore(tmp_path / "trusted").add(data, hosts)
    assert refused.value.reason is reason


def test_an_untrusted_self_signed_server_certificate_cannot_be_trusted_by_any_user_action(app_home, tmp_path):
    """A server showing only its own self-signed certificate (not a CA): the error names it, but nothing
    offers to trust it, the store refuses it, and the request keeps failing."""
    own = make_server_certificate(None)
    with FakeOpenAIServer(tls=server_context(tmp_path / "server", own)) as server:
        shown = tls_error_at(server.base_url).presented
        assert shown.certificates[0].sha256 == certificates.fingerprint(own.der)
        with pytest.raises(TrustRefused) as refused:
            certificates.offered_authority(shown)
        assert refused.value.reason is Refusal.NOT_CA
        with pytest.raises(TrustRefused):
            trust.default_store().add(own.pem, ["localhost"])
        tls_error_at(server.base_url)


def test_a_chain_for_another_host_or_an_expired_server_certificate_offers_nothing(app_home, tmp_path, company_ca):
    for leaf, reason in ((make_server_certificate(company_ca, ("other.example",)), Refusal.HOST_MISMATCH),
                         (make_server_certificate(company_ca, not_after=NOW - datetime.timedelta(hours=1)),
                          None)):
        with FakeOpenAIServer(tls=server_context(tmp_path / "server", leaf, company_ca)) as server:
            shown = tls_error_at(server.base_url).presented
            with pytest.raises(TrustRefused) as refused:
                certificates.offered_authority(shown)
            # An expired server certificate fails on its issuer first (unknown here), then on its date.
            assert refused.value.reason is (reason or Refusal.EXPIRED)


def test_a_self_signed_authority_serving_as_the_certificate_of_another_host_offers_nothing(app_home, tmp_path):
    """A CA certificate used as the server's own (a homemade server): offered only for the host it names."""
    own = make_ca("own server")  # a CA without subjectAltName: it names no host at all
    with FakeOpenAIServer(tls=server_context(tmp_path / "server", own)) as server:
        with pytest.raises(TrustRefused) as refused:
            certificates.offered_authority(tls_error_at(server.base_url).presented)
        assert refused.value.reason is Refusal.HOST_MISMATCH


def test_a_chain_whose_certificates_do_not_link_offers_nothing(app_home, tmp_path, company_ca):
    """A server that sends a CA that did not issue its certificate: trusting that CA would not help."""
    leaf = make_server_certificate(company_ca)
    with FakeOpenAIServer(tls=server_context(tmp_path / "server", leaf, make_ca("Unrelated CA"))) as server:
        with pytest.raises(TrustRefused) as refused:
            certificates.offered_authority(tls_error_at(server.base_url).presented)
        assert refused.value.reason is Refusal.NOT_ISSUER


def test_an_intermediate_authority_can_be_trusted_without_its_root(app_home, tmp_path):
    """TLS inspection products often send their issuing CA, not the root: trusting what was offered works."""
    root = make_ca("Inspection Root")
    issuing = make_ca("Inspection Issuing CA", issuer=root)
    leaf = make_server_certificate(issuing)
    with FakeOpenAIServer(tls=server_context(tmp_path / "server", leaf, issuing)) as server:
        offered = certificates.offered_authority(tls_error_at(server.base_url).presented)
        assert offered.der == issuing.der
        trust.default_store().add(offered.der, ["localhost"])
        assert models_at(server.base_url)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=600) | st.builds(lambda head, tail: b"-----BEGIN CERTIFICATE-----\n" + head
                                                  + b"\n-----END CERTIFICATE-----\n" + tail,
                                                  st.binary(max_size=300), st.binary(max_size=50)))
def test_any_bytes_are_a_certificate_or_refused_as_unreadable(data):
    try:
        certificates.read_certificate(data)
    except TrustRefused as refused:
        assert refused.reason in (Refusal.UNREADABLE, Refusal.SEVERAL)


@pytest.mark.parametrize("name", ["Straße.Example", "bücher.example", "API.Corp.Example", "[::1]", "127.0.0.1"])
def test_a_host_is_written_as_the_request_names_it_so_trust_for_it_applies(name):
    """IDNA 2008 like httpx2 (IDNA 2003 makes straße strasse, another host than the handshake's)."""
    import httpx2

    assert certificates.normal_host(name) == httpx2.URL(f"https://{name}/v1").raw_host.decode("ascii")
    assert certificates.host_of_url(f"https://{name}:8443/v1") == httpx2.URL(f"https://{name}/v1").raw_host.decode("ascii")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_any_host_text_is_a_normal_host_or_refused(text):
    try:
        host = certificates.normal_host(text)
    except TrustRefused as refused:
        assert refused.reason is Refusal.BAD_HOST
        return
    assert host == certificates.normal_host(host)  # normal form is stable
    assert not any(mark in host for mark in "/@*? \n") and (":" not in host or host.count(":") >= 2)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400))
def test_a_damaged_authority_file_is_skipped_never_a_crash(tmp_path_factory, garbage):
    folder = tmp_path_factory.mktemp("trusted")
    (folder / "damaged.pem").write_bytes(b"hosts: a.example\n" + garbage)
    assert TrustStore(folder).authorities() == []


# --- --trust-ca FILE --hosts HOST[,HOST…]: an administrator, without the window -------------------

REPO = Path(__file__).resolve().parent.parent


def trust_ca_command(home: Path, *arguments: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, GENAI_DESKTOP_HOME=str(home), QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO),
               LANGUAGE="en", LC_ALL="C.UTF-8")
    return subprocess.run([sys.executable, "-m", "genai_desktop", *arguments], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


def test_trust_ca_on_the_command_line_prints_the_fingerprint_and_applies_to_the_hosts_only(app_home, tmp_path,
                                                                                         secure_server, company_ca):
    ca_file = tmp_path / "company-ca.pem"
    ca_file.write_bytes(company_ca.pem)
    result = trust_ca_command(app_home, "--trust-ca", str(ca_file), "--hosts", "localhost, gateway.corp.example")
    assert result.returncode == 0, result.stderr
    assert certificates.fingerprint(company_ca.der) in result.stdout
    assert "Only for: localhost, gateway.corp.example" in result.stdout
    assert models_at(secure_server.base_url)  # the running app's store is the one the command wrote
    tls_error_at(secure_server.base_url.replace("localhost", "127.0.0.1"))


@pytest.mark.parametrize("content, hosts, words", [
    (lambda: make_server_certificate(None, ("gateway.corp.example",)).pem, "gateway.corp.example",
     "is not a certificate authority"),
    (lambda: make_ca("Old", not_before=NOW - 9 * DAY, not_after=NOW - DAY).pem, "gateway.corp.example", "expired"),
    (lambda: b"hello", "gateway.corp.example", "not a readable certificate"),
    (lambda: make_ca().pem, "https://gateway.corp.example/v1", "is not a host name"),
])
def test_trust_ca_refuses_what_is_not_a_valid_authority_with_its_reason(app_home, tmp_path, content, hosts, words):
    ca_file = tmp_path / "candidate.pem"
    ca_file.write_bytes(content())
    result = trust_ca_command(app_home, "--trust-ca", str(ca_file), "--hosts", hosts)
    assert result.returncode == 1 and words in result.stderr and result.stdout == ""
    assert TrustStore.in_folder(app_home / "config").authorities() == []


def test_trust_ca_needs_its_hosts(app_home, tmp_path):
    result = trust_ca_command(app_home, "--trust-ca", str(tmp_path / "none.pem"))
    assert result.returncode == 2 and "--trust-ca and --hosts go together" in result.stderr


@settings(max_examples=60, deadline=None)
@given(st.text(st.characters(max_codepoint=0xFFFF, blacklist_categories=("Cs",)), min_size=1, max_size=32))  # a common name: 1-64 units
def test_any_name_in_a_certificate_is_shown_without_control_or_direction_characters(name):
    """A certificate's names come from whoever made it: a right-to-left override or a line break in a CA's
    name must not make it look like another name in the question."""
    import unicodedata

    facts = certificates.facts_of(make_ca(name).certificate)
    for shown in (facts.subject_cn, facts.issuer_cn, facts.subject, facts.issuer):
        assert len(shown) <= 200 and not any(unicodedata.category(char)[0] == "C" for char in shown)
