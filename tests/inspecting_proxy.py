"""mitmproxy (mitmdump) on loopback as a TLS-inspecting proxy with its own CA, like a company's.

It shows the client certificates its own CA made for each host and checks the real server's
certificate against the test's CA (ssl_verify_upstream_trusted_ca): verification stays on at
both ends. Its CA is made in ``confdir`` at start (mitmproxy-ca-cert.pem).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

MITMDUMP = shutil.which("mitmdump")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class InspectingProxy:
    def __init__(self, folder: Path, upstream_ca: Path) -> None:
        self.confdir = folder / "mitmproxy"
        self.confdir.mkdir(parents=True, exist_ok=True)
        self.upstream_ca = upstream_ca
        self.port = 0
        self._process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ca_file(self) -> Path:
        return self.confdir / "mitmproxy-ca-cert.pem"

    def __enter__(self) -> "InspectingProxy":
        self.port = _free_port()
        self._log = open(self.confdir / "mitmdump.log", "wb")
        self._process = subprocess.Popen(
            [MITMDUMP, "--listen-host", "127.0.0.1", "--listen-port", str(self.port), "--set",
             f"confdir={self.confdir}", "--set", f"ssl_verify_upstream_trusted_ca={self.upstream_ca}",
             "--set", "connection_strategy=lazy", "--flow-detail", "1"],
            stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"mitmdump ended: {self.log_text()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                if self.ca_file.exists():
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        self.__exit__()
        raise RuntimeError(f"mitmdump did not start: {self.log_text()}")

    def log_text(self) -> str:
        self._log.flush()
        return (self.confdir / "mitmdump.log").read_text(errors="replace")

    def __exit__(self, *_exc) -> None:
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._log.close()
