"""Automatic proxy configuration (issue 13 point 3): a PAC script served on loopback picks the proxy
(tinyproxy) per address; WPAD finds the script; a script can do nothing but answer."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings, strategies as st

from conftest import TEST_KEY
from genai_desktop.core import llm, pac
from genai_desktop.core.chat import ChatRequest
from genai_desktop.core.errors import ChatError, ErrorKind
from genai_desktop.core.profiles import ProxyChoice, ProxyMode
from genai_desktop.core.proxies import DIRECT, ProxyProblem, parse_proxy_address, route_for
from proxy_servers import PacServer, TinyProxy, tinyproxy  # noqa: F401 - a fixture

SCRIPT = """
function FindProxyForURL(url, host) {
  if (dnsDomainIs(host, ".corp.example") || isPlainHostName(host)) return "DIRECT";
  if (isInNet(dnsResolve(host), "127.0.0.0", "255.0.0.0")) return "PROXY %s; DIRECT";
  return "SOCKS5 socks.example:1080; PROXY fallback.example:8080";
}
"""


@pytest.fixture(autouse=True)
def fresh_cache():
    pac._cache.clear()
    pac._routes.clear()
    yield
    pac._cache.clear()
    pac._routes.clear()


@pytest.fixture
def pac_server(tinyproxy):
    server = PacServer(SCRIPT % tinyproxy.address)
    yield server
    server.stop()


def _ask(server, choice: ProxyChoice) -> str:
    request = ChatRequest(base_url=server.base_url, model="gpt-test", api_key=TEST_KEY,
                          messages=({"role": "user", "content": "hi"},), proxy=choice, connect_timeout=5,
                          read_timeout=10)
    return llm.run_chat(request, llm.CancelToken(), lambda _text: None).text


def test_the_script_picks_the_proxy_for_each_address(pac_server, tinyproxy):
    choice = ProxyChoice(ProxyMode.PAC, pac_url=pac_server.url)
    route = route_for(choice, "http://127.0.0.1:9999/")
    assert (route.proxy, route.mode, route.pac_url) == (f"http://{tinyproxy.address}", ProxyMode.PAC, pac_server.url)
    assert route.pac_answer == f"PROXY {tinyproxy.address}; DIRECT"
    assert route_for(choice, "https://intranet/").proxy == DIRECT
    assert route_for(choice, "https://llm.corp.example/v1").proxy == DIRECT
    assert route_for(choice, "https://api.unresolvable.invalid/v1").proxy == "http://fallback.example:8080"  # SOCKS skipped
    assert pac_server.fetches == 1  # fetched once, then kept


def test_a_chat_goes_through_the_proxy_the_script_names(api_server, pac_server, tinyproxy):
    assert _ask(api_server, ProxyChoice(ProxyMode.PAC, pac_url=pac_server.url))
    assert "tinyproxy" in api_server.requests[-1].headers.get("via", "")


def test_wpad_finds_the_script(api_server, pac_server, monkeypatch):
    monkeypatch.setattr(pac, "_wpad_candidates", lambda: ["http://127.0.0.1:9/wpad.dat", pac_server.url])
    route = route_for(ProxyChoice(ProxyMode.PAC), api_server.base_url)
    assert route.pac_url == pac_server.url and route.proxy.startswith("http://127.0.0.1:")
    assert _ask(api_server, ProxyChoice(ProxyMode.PAC))
    assert "tinyproxy" in api_server.requests[-1].headers.get("via", "")


def test_without_a_wpad_script_requests_go_straight(api_server, monkeypatch):
    monkeypatch.setattr(pac, "_wpad_candidates", lambda: ["http://127.0.0.1:9/wpad.dat"])
    assert route_for(ProxyChoice(ProxyMode.PAC), api_server.base_url).proxy == DIRECT
    assert _ask(api_server, ProxyChoice(ProxyMode.PAC))


def test_wpad_never_asks_a_top_level_or_registry_domain():
    assert pac.wpad_urls("pc1.berlin.corp.example") == ["http://wpad.berlin.corp.example/wpad.dat",
                                                       "http://wpad.corp.example/wpad.dat"]
    assert pac.wpad_urls("pc.corp.co.uk") == ["http://wpad.corp.co.uk/wpad.dat"]
    assert pac.wpad_urls("laptop") == [] and pac.wpad_urls("pc.example") == []


@pytest.mark.parametrize("script, why", [
    ("function FindProxyForURL(url, host) { while (true) {} }", "interrupted"),
    # Out of memory, QuickJS sometimes cannot even make its error's text.
    ("function FindProxyForURL(url, host) { var a = []; while (true) a.push(new Array(1e5).join('x')); }",
     ("out of memory", "Failed obtaining QuickJS error string")),
    ("function FindProxyForURL(url, host) { return FindProxyForURL(url, host); }", "stack overflow"),
    ("function FindProxyForURL(url, host) { return typeof std + typeof os + typeof require + typeof fetch; }",
     "undefinedundefinedundefinedundefined"),
    ("function FindProxyForURL(url, host) { return 42; }", "42"),
    ("var x = 1;", "no FindProxyForURL"),
    ("this is not javascript", "SyntaxError"),
])
def test_a_script_can_do_nothing_but_answer(api_server, script, why):
    server = PacServer(script)
    try:
        started = time.monotonic()
        with pytest.raises(ChatError) as caught:
            _ask(api_server, ProxyChoice(ProxyMode.PAC, pac_url=server.url))
        assert time.monotonic() - started < 15
    finally:
        server.stop()
    assert (caught.value.kind, caught.value.detail) == (ErrorKind.PROXY, "pac")
    assert any(reason in caught.value.server_message for reason in ((why,) if isinstance(why, str) else why))
    assert not api_server.requests


def test_the_script_sees_the_origin_only_and_cannot_look_names_up():
    script = "function FindProxyForURL(url, host) { return url + ' ' + dnsResolve('attacker.example') + ' ' + host; }"
    answer = pac.run_pac_script(script, "https://api.example.com:8443/", {"api.example.com": "192.0.2.1"}, "10.0.0.1")
    assert answer == "https://api.example.com:8443/ null api.example.com"


def test_an_unreachable_script_is_a_proxy_problem(api_server):
    with pytest.raises(ChatError) as caught:
        _ask(api_server, ProxyChoice(ProxyMode.PAC, pac_url="http://127.0.0.1:9/proxy.pac"))
    assert (caught.value.kind, caught.value.detail) == (ErrorKind.PROXY, "pac")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200) | st.lists(st.sampled_from(["PROXY", "HTTPS", "SOCKS", "DIRECT", "HTTP", " ", ";",
                                                        "a.b:80", "[::1]:3128", "x:0", "h:99999", "u@h:1"]),
                                        max_size=12).map("".join))
def test_any_answer_gives_a_checked_proxy_or_a_pac_problem(answer):
    try:
        proxy = pac.parse_pac_answer(answer)
    except ProxyProblem as problem:
        assert problem.what == "pac"
        return
    assert proxy == DIRECT or parse_proxy_address(proxy) == proxy


def test_the_system_choice_follows_the_script_windows_names(api_server, pac_server, monkeypatch):
    from genai_desktop.core import proxies

    monkeypatch.setattr(proxies, "system_pac_url", lambda: pac_server.url)  # AutoConfigURL in the registry
    route = route_for(ProxyChoice(ProxyMode.SYSTEM), api_server.base_url)
    assert (route.mode, route.pac_url) == (ProxyMode.SYSTEM, pac_server.url) and route.proxy
    assert _ask(api_server, ProxyChoice(ProxyMode.SYSTEM))
    assert "tinyproxy" in api_server.requests[-1].headers.get("via", "")


def test_elsewhere_no_system_script_is_read():
    from genai_desktop.core import proxies

    assert proxies.system_pac_url() == ""


def test_quickjs_and_urllib_load_only_when_a_route_needs_them(pac_server):
    """Neither is on the way to the first window: QuickJS loads for a PAC choice, urllib.request for "system"."""
    import subprocess
    import sys
    from pathlib import Path

    script = (
        "import sys\n"
        "import genai_desktop.app\n"
        "from genai_desktop.core.profiles import ProxyChoice, ProxyMode\n"
        "from genai_desktop.core.proxies import route_for\n"
        "loaded = lambda: sorted(name for name in ('quickjs', 'urllib.request') if name in sys.modules)\n"
        "print(loaded())\n"
        "route_for(ProxyChoice(ProxyMode.MANUAL, address='p:1'), 'https://a.example/'); print(loaded())\n"
        "route_for(ProxyChoice(ProxyMode.SYSTEM), 'https://a.example/'); print(loaded())\n"
        f"route_for(ProxyChoice(ProxyMode.PAC, pac_url={pac_server.url!r}), 'https://a.example/'); print(loaded())\n")
    result = subprocess.run([sys.executable, "-c", script], cwd=Path(__file__).parent.parent, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:4] == ["[]", "[]", "['urllib.request']", "['quickjs', 'urllib.request']"]


def test_the_self_test_runs_a_script_and_fails_without_quickjs():
    """The frozen build's --self-test proves QuickJS is in the bundle (a native module a build can miss)."""
    import subprocess
    import sys
    from pathlib import Path

    from genai_desktop.core.selftest import check_proxy_scripts

    assert check_proxy_scripts().ok
    script = ("import sys; sys.modules['quickjs'] = None\n"
              "from genai_desktop.core.selftest import check_proxy_scripts\nprint(check_proxy_scripts().line())")
    result = subprocess.run([sys.executable, "-c", script], cwd=Path(__file__).parent.parent, capture_output=True,
                            text=True, timeout=120)
    assert result.stdout.startswith("proxy scripts: FAILED - ModuleNotFoundError"), result.stdout + result.stderr
