"""The proxy choice applied to every API request (issue 13 point 3), against real proxies on loopback:
tinyproxy with and without a login, and a proxy that asks for NTLM/Negotiate."""

from __future__ import annotations

import pytest

from conftest import TEST_KEY
from fake_openai_server import FakeOpenAIServer
from genai_desktop.core import llm
from genai_desktop.core.chat import ChatRequest
from genai_desktop.core.errors import ChatError, ErrorKind
from genai_desktop.core.profiles import ProxyChoice, ProxyMode
from genai_desktop.core.secrets import PROXY_PASSWORDS
from proxy_servers import LoginOnlyProxy, TinyProxy, tinyproxy  # noqa: F401 - a fixture
from test_keyring import secret_service  # noqa: F401 - a fixture: a real Secret Service, or skip


@pytest.fixture
def tinyproxy_with_login(tmp_path):
    proxy = TinyProxy(tmp_path, login=("course", "s3cret-proxy-pass"))
    yield proxy
    proxy.stop()


def _ask(server: FakeOpenAIServer, proxy: ProxyChoice, url: str = "") -> str:
    request = ChatRequest(base_url=url or server.base_url, model="gpt-test", api_key=TEST_KEY,
                          messages=({"role": "user", "content": "hi"},), proxy=proxy, connect_timeout=5,
                          read_timeout=10)
    return llm.run_chat(request, llm.CancelToken(), lambda _text: None).text


def _via_proxy(server: FakeOpenAIServer) -> bool:
    return "tinyproxy" in server.requests[-1].headers.get("via", "")


def test_a_manual_proxy_carries_the_request(api_server, tinyproxy):
    assert _ask(api_server, ProxyChoice(ProxyMode.MANUAL, address=tinyproxy.address))
    assert _via_proxy(api_server)
    assert "GET" in tinyproxy.requests_seen() or "POST" in tinyproxy.requests_seen()


def test_a_host_on_the_bypass_list_goes_direct(api_server, tinyproxy):
    choice = ProxyChoice(ProxyMode.MANUAL, address=tinyproxy.address, bypass=("intranet.example", "127.0.0.0/8"))
    assert _ask(api_server, choice)
    assert not _via_proxy(api_server)


def test_none_goes_direct_whatever_the_environment_says(api_server, tinyproxy, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", f"http://{tinyproxy.address}")
    monkeypatch.delenv("NO_PROXY")
    assert _ask(api_server, ProxyChoice(ProxyMode.NONE))
    assert not _via_proxy(api_server)


def test_system_uses_the_environment_and_its_no_proxy(api_server, tinyproxy, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", f"http://{tinyproxy.address}")
    monkeypatch.delenv("NO_PROXY")
    assert _ask(api_server, ProxyChoice(ProxyMode.SYSTEM))
    assert _via_proxy(api_server)
    monkeypatch.setenv("NO_PROXY", "localhost,127.0.0.1")
    assert _ask(api_server, ProxyChoice(ProxyMode.SYSTEM))
    assert not _via_proxy(api_server)


def test_a_manual_proxy_is_used_even_where_the_environment_names_another(api_server, tinyproxy, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.delenv("NO_PROXY")
    assert _ask(api_server, ProxyChoice(ProxyMode.MANUAL, address=tinyproxy.address))
    assert _via_proxy(api_server)


def test_a_malformed_manual_address_is_refused_before_sending(api_server):
    with pytest.raises(ChatError) as caught:
        _ask(api_server, ProxyChoice(ProxyMode.MANUAL, address="user:pw@proxy:3128"))
    assert caught.value.kind is ErrorKind.PROXY and caught.value.detail == "address"
    assert "pw" not in str(caught.value) and "user" not in str(caught.value)
    assert not api_server.requests


# --- a proxy that asks for a login -----------------------------------------------------------------

@pytest.fixture
def memory_keyring():
    from conftest import installed_keyring
    from test_answer_words import MemoryKeyring

    with installed_keyring(MemoryKeyring()) as memory:
        yield memory


def _refusal(server: FakeOpenAIServer, proxy: ProxyChoice, url: str = "") -> ChatError:
    with pytest.raises(ChatError) as caught:
        _ask(server, proxy, url)
    return caught.value


@pytest.mark.parametrize("through", ["forwarded", "tunnel"])
def test_a_407_asks_for_the_login_and_its_password_from_the_keyring_gets_through(
        api_server, tinyproxy_with_login, memory_keyring, through):
    # "tunnel": an https address goes through CONNECT, whose 407 httpx2 reports without its headers.
    url = api_server.base_url.replace("http://", "https://") if through == "tunnel" else ""
    choice = ProxyChoice(ProxyMode.MANUAL, address=tinyproxy_with_login.address, user="course")
    error = _refusal(api_server, choice, url)
    assert (error.kind, error.status, error.detail) == (ErrorKind.PROXY_LOGIN, 407, "")
    assert error.server_message == tinyproxy_with_login.address
    assert not api_server.requests

    PROXY_PASSWORDS.save(tinyproxy_with_login.address, "course", "s3cret-proxy-pass")
    assert ("GenAI Desktop", f"proxy {tinyproxy_with_login.address} course") in memory_keyring.entries
    if through == "tunnel":  # the tunnel opens; the plain-http server then fails the TLS handshake
        assert _refusal(api_server, choice, url).kind in (ErrorKind.TLS, ErrorKind.CONNECTION)
        assert "CONNECT" in tinyproxy_with_login.requests_seen()
    else:
        assert _ask(api_server, choice)
        assert _via_proxy(api_server)


def test_a_login_written_into_the_environments_proxy_address_is_sent(api_server, tinyproxy_with_login, monkeypatch,
                                                                      caplog):
    """HTTPS_PROXY=http://user:password@proxy:port, as many company machines are set up: the login is sent
    (httpx2's own environment handling did so before the app routed proxies itself), and never logged."""
    monkeypatch.setenv("HTTP_PROXY", f"http://course:s3cret-proxy-pass@{tinyproxy_with_login.address}")
    monkeypatch.delenv("NO_PROXY", raising=False)
    caplog.set_level("DEBUG")
    assert _ask(api_server, ProxyChoice(ProxyMode.SYSTEM))
    assert _via_proxy(api_server)
    assert "s3cret-proxy-pass" not in caplog.text
    monkeypatch.setenv("HTTP_PROXY", f"http://{tinyproxy_with_login.address}")  # without it: refused
    assert _refusal(api_server, ProxyChoice(ProxyMode.SYSTEM)).kind is ErrorKind.PROXY_LOGIN


def test_a_profiles_own_proxy_wins_over_the_global_choice(api_server, tinyproxy):
    """request_for: the chat's profile with a proxy of its own goes through it; one without takes the global."""
    from genai_desktop.core.conversation import Turn, UserMessage, request_for
    from genai_desktop.core.profiles import Profile
    from genai_desktop.core.settings import Settings

    own = Profile("own", "Through the proxy", api_server.base_url, "gpt-test",
                  proxy=ProxyChoice(ProxyMode.MANUAL, address=tinyproxy.address))
    plain = Profile("plain", "Direct", api_server.base_url, "gpt-test")
    settings = Settings(proxy=ProxyChoice(ProxyMode.NONE)).with_profiles((own, plain), "plain")
    turns = [Turn(UserMessage("hi"))]
    for profile, through in ((own, True), (plain, False)):
        request = request_for(settings, turns, 0, profile=settings.profile(profile.id))
        assert _ask(api_server, request.proxy) and _via_proxy(api_server) is through


@pytest.mark.parametrize("through", ["forwarded", "tunnel"])
@pytest.mark.parametrize("challenges, named", [
    (("NTLM",), "ntlm"), (("Negotiate", "NTLM"), "negotiate, ntlm"), (('Digest realm="corp", qop="auth"',), "digest"),
])
def test_a_proxy_asking_for_ntlm_or_kerberos_is_explained_not_prompted(api_server, challenges, named, through):
    proxy = LoginOnlyProxy(challenges)
    try:
        url = api_server.base_url.replace("http://", "https://") if through == "tunnel" else ""
        error = _refusal(api_server, ProxyChoice(ProxyMode.MANUAL, address=proxy.address, user="me"), url)
    finally:
        proxy.stop()
    assert (error.kind, error.detail, error.server_message) == (ErrorKind.PROXY_AUTH_UNSUPPORTED, named, proxy.address)
    assert not api_server.requests


@pytest.mark.parametrize("through", ["forwarded", "tunnel"])
def test_a_login_the_proxy_refuses_is_asked_for_again_as_rejected(api_server, memory_keyring, through):
    # tinyproxy 1.11 answers a wrong password with a 401 and a reset; a proxy such as squid asks again (407).
    proxy = LoginOnlyProxy(('Basic realm="corp"',))
    try:
        PROXY_PASSWORDS.save(proxy.address, "course", "wrong-password")
        url = api_server.base_url.replace("http://", "https://") if through == "tunnel" else ""
        error = _refusal(api_server, ProxyChoice(ProxyMode.MANUAL, address=proxy.address, user="course"), url)
    finally:
        proxy.stop()
    assert (error.kind, error.detail) == (ErrorKind.PROXY_LOGIN, "rejected")
    assert "wrong-password" not in str(error)
    assert "proxy-authorization: basic" in proxy.heads[0].lower()  # the password was sent, and refused


def test_a_proxy_offering_basic_besides_ntlm_gets_the_login_prompt(api_server):
    proxy = LoginOnlyProxy(("Negotiate", "NTLM", 'Basic realm="corp"'))
    try:
        error = _refusal(api_server, ProxyChoice(ProxyMode.MANUAL, address=proxy.address))
    finally:
        proxy.stop()
    assert error.kind is ErrorKind.PROXY_LOGIN


# --- what comes from outside: typed addresses, bypass entries, a proxy's challenge headers --------

from hypothesis import given, settings as hypothesis_settings, strategies as st  # noqa: E402

from genai_desktop.core.proxies import (  # noqa: E402
    ProxyProblem, auth_schemes, bypasses, parse_proxy_address, split_bypass,
)
from genai_desktop.core.profiles import read_proxy_choice  # noqa: E402
from genai_desktop.core.settings import Settings  # noqa: E402


@hypothesis_settings(max_examples=400, deadline=None)
@given(st.text(max_size=80) | st.from_regex(r"(https?://)?(\[[0-9a-f:]{2,20}\]|[a-z0-9.-]{1,30}|\d{1,3}(\.\d{1,3}){3})"
                                           r"(:\d{1,6})?(/.{0,5})?", fullmatch=True))
def test_any_typed_proxy_address_is_refused_or_a_clean_origin(text):
    try:
        proxy = parse_proxy_address(text)
    except ProxyProblem as problem:
        assert problem.what in ("address", "scheme") and "@" not in problem.text
        return
    scheme, rest = proxy.split("://")
    assert scheme in ("http", "https") and "@" not in rest and "/" not in rest
    assert 1 <= int(rest.rsplit(":", 1)[1]) <= 65535
    assert parse_proxy_address(proxy) == proxy  # what is stored reads back the same


@hypothesis_settings(max_examples=300, deadline=None)
@given(st.text(max_size=40), st.lists(st.text(max_size=30), max_size=6))
def test_bypass_matching_never_fails(host, patterns):
    assert bypasses(host, tuple(patterns)) in (True, False)
    assert bypasses(host, ("*",))


@pytest.mark.parametrize("host, patterns, expected", [
    ("api.corp.example", (".corp.example",), True), ("corp.example", ("*.corp.example",), True),
    ("api.corp.example", ("corp.example",), True), ("evilcorp.example", ("corp.example",), False),
    ("10.2.3.4", ("10.0.0.0/8",), True), ("11.2.3.4", ("10.0.0.0/8",), False),
    ("::1", ("::1",), True), ("intranet", ("<local>",), True), ("intranet.corp", ("<local>",), False),
    ("API.Corp.Example.", ("corp.example",), True), ("bücher.example", ("xn--bcher-kva.example",), True),
])
def test_bypass_entries_match_hosts_and_their_subdomains(host, patterns, expected):
    assert bypasses(host, patterns) is expected


@hypothesis_settings(max_examples=400, deadline=None)
@given(st.lists(st.text(max_size=120), max_size=4))
def test_any_challenge_header_gives_lower_case_scheme_tokens(values):
    for scheme in auth_schemes(values):
        assert scheme == scheme.lower() and scheme and " " not in scheme and "," not in scheme


def test_challenges_with_parameters_name_their_schemes_once():
    assert auth_schemes(['Basic realm="a, b=c", NTLM', "Negotiate abc==", 'Digest realm="x", qop="auth", nonce = "1"',
                         "ntlm"]) == ("basic", "ntlm", "negotiate", "digest")


def test_split_bypass_takes_what_windows_and_the_environment_write():
    assert split_bypass("localhost; .corp.example,10.0.0.0/8  <local>") == (
        "localhost", ".corp.example", "10.0.0.0/8", "<local>")


def test_the_choice_survives_the_settings_file_and_unusable_values_keep_the_default():
    choice = ProxyChoice(ProxyMode.MANUAL, address="proxy.corp:3128", bypass=("localhost",), user="me")
    import json

    stored = json.loads(json.dumps(Settings().replace(proxy=choice).to_json_dict()))
    assert Settings.from_json_dict(stored).proxy == choice
    for unusable in ("manual", {"mode": "socks"}, {"mode": None}, [1, 2], None):
        assert Settings.from_json_dict({"proxy": unusable}).proxy == ProxyChoice()
    assert read_proxy_choice({"mode": "pac", "bypass": ["a", 3, "\0", "b"], "user": 5}) == ProxyChoice(
        ProxyMode.PAC, bypass=("a", "b"))


@pytest.mark.secret_service
def test_the_proxy_password_lives_in_the_real_secret_service_only(secret_service, api_server, tmp_path, app_home):
    from genai_desktop.core.secrets import ProxyPasswords
    from test_keyring import files_containing

    proxy = TinyProxy(tmp_path, login=("course", "Real-Secret-Service-Proxy-Pass"))
    try:
        ProxyPasswords().save(proxy.address, "course", "Real-Secret-Service-Proxy-Pass")
        assert ProxyPasswords().password(proxy.address, "course") == "Real-Secret-Service-Proxy-Pass"  # not memory
        assert _ask(api_server, ProxyChoice(ProxyMode.MANUAL, address=proxy.address, user="course"))
        assert _via_proxy(api_server)
    finally:
        proxy.stop()
    app_home.mkdir(parents=True, exist_ok=True)
    assert not files_containing(str(app_home), b"Real-Secret-Service-Proxy-Pass")
