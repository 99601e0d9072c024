"""Real proxies on loopback for the proxy tests: tinyproxy (with or without a Basic login), and a
proxy that only asks for a login it names (NTLM, Negotiate…), as a company's Windows proxy does."""

from __future__ import annotations

import shutil
import socket
import socketserver
import subprocess
import threading
import time
from pathlib import Path

import pytest


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class TinyProxy:
    """tinyproxy on 127.0.0.1:port; its log names every request it handled (requests_seen)."""

    def __init__(self, folder: Path, login: tuple[str, str] | None = None) -> None:
        if shutil.which("tinyproxy") is None:
            pytest.skip("tinyproxy is not installed (build/setup.sh --dev installs it)")
        self.port = _free_port()
        self.address = f"127.0.0.1:{self.port}"
        self.log = folder / f"tinyproxy-{self.port}.log"
        config = folder / f"tinyproxy-{self.port}.conf"
        lines = [f"Port {self.port}", "Listen 127.0.0.1", "Timeout 30", f"LogFile \"{self.log}\"",
                 "LogLevel Info", "MaxClients 20", "Allow 127.0.0.1", "DisableViaHeader No"]
        if login:
            lines.append(f"BasicAuth {login[0]} {login[1]}")
        config.write_text("\n".join(lines) + "\n")
        self._process = subprocess.Popen(["tinyproxy", "-d", "-c", str(config)],
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("tinyproxy did not start")

    def requests_seen(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def stop(self) -> None:
        self._process.terminate()
        self._process.wait(5)


def _read_head(connection: socket.socket) -> bytes | None:
    """What a client sent up to the end of its request's head (bounded); None if it hung up first."""
    connection.settimeout(5)
    data = b""
    while b"\r\n\r\n" not in data and len(data) < 65536:
        piece = connection.recv(4096)
        if not piece:
            return None
        data += piece
    return data


class _AsksForLogin(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        data = _read_head(self.request)
        if data is None:
            return
        self.server.heads.append(data.split(b"\r\n\r\n", 1)[0].decode("latin-1"))
        challenges = "".join(f"Proxy-Authenticate: {value}\r\n" for value in self.server.challenges)
        self.request.sendall(("HTTP/1.1 407 Proxy Authentication Required\r\n" + challenges +
                              "Content-Length: 0\r\nConnection: close\r\n\r\n").encode("latin-1"))


class LoginOnlyProxy(socketserver.ThreadingTCPServer):
    """Answers every request (CONNECT too) with a 407 naming challenges, e.g. ("NTLM", "Negotiate")."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, challenges: tuple[str, ...]) -> None:
        super().__init__(("127.0.0.1", 0), _AsksForLogin)
        self.challenges = challenges
        self.heads: list[str] = []  # the request line and headers of each request it was sent
        self.address = f"127.0.0.1:{self.server_address[1]}"
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


class _ServesScript(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        data = _read_head(self.request)
        if data is None:
            return
        self.server.fetches += 1
        body = self.server.script.encode("utf-8")
        self.request.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/x-ns-proxy-autoconfig\r\n"
                             b"Content-Length: " + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body)


class PacServer(socketserver.ThreadingTCPServer):
    """Serves one proxy auto-configuration script at every path (url: its /proxy.pac); counts fetches."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, script: str) -> None:
        super().__init__(("127.0.0.1", 0), _ServesScript)
        self.script = script
        self.fetches = 0
        self.url = f"http://127.0.0.1:{self.server_address[1]}/proxy.pac"
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


@pytest.fixture
def tinyproxy(tmp_path):
    """tinyproxy without a login, for a test's duration (import the fixture into the test module)."""
    proxy = TinyProxy(tmp_path)
    yield proxy
    proxy.stop()
