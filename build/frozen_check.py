"""Start a built GenAI Desktop and check it: --version, then --self-test, which must pass and report this
platform's keyring backend (the classic frozen-app failure is keyring finding only its fail backend).

    python build/frozen_check.py PATH/TO/GenAI-Desktop[.exe]

Run by the hosted workflows on Windows, macOS and Linux. A windowed (GUI) exe has no console, but its
output reaches a parent that passes pipes, as subprocess does here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from platform_bundle import DISPLAY_NAME, package_version, version_text  # noqa: E402

# The backend each platform's build must find (module.class as the self-test prints it).
KEYRING_BACKENDS = {"win32": "keyring.backends.Windows.WinVaultKeyring",
                    "darwin": "keyring.backends.macOS.Keyring",
                    "linux": "keyring.backends.SecretService.Keyring"}
REQUIRED_CHECKS = ("qt", "keyring", "tls", "history", "folders", "instance lock", "documents", "self-test")


def problems_in_self_test(output: str, platform: str) -> list[str]:
    """What is wrong with a --self-test's output for a build of that platform; empty when all is well."""
    results = {}
    for line in output.splitlines():
        name, separator, rest = line.partition(": ")
        if separator:
            results[name.strip()] = rest
    problems = [f"no '{name}' line" for name in REQUIRED_CHECKS if name not in results]
    problems += [f"{name}: {rest}" for name, rest in results.items() if not rest.startswith("ok")]
    backend = KEYRING_BACKENDS.get(platform if platform in KEYRING_BACKENDS else "linux")
    if "keyring" in results and backend not in results["keyring"]:
        problems.append(f"keyring backend is not {backend}: {results['keyring']}")
    return problems


def run(exe: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("GENAI_DESKTOP_HOME", None)  # the folders where users have them (%LOCALAPPDATA% on Windows)
    return subprocess.run([str(exe), *args], capture_output=True, text=True, encoding="utf-8",
                          errors="replace", timeout=600, env=env, stdin=subprocess.DEVNULL, check=False)


def main(argv: list[str]) -> int:
    exe = Path(argv[0]).resolve()
    expected = f"{DISPLAY_NAME} {version_text(package_version())}"
    shown = run(exe, "--version")
    print(f"--version: {shown.stdout.strip()}")
    if shown.returncode != 0 or shown.stdout.strip() != expected:
        print(f"expected {expected!r} (exit {shown.returncode}); stderr: {shown.stderr[-2000:]}", file=sys.stderr)
        return 1
    tested = run(exe, "--self-test")
    print(tested.stdout)
    problems = problems_in_self_test(tested.stdout, sys.platform)
    if tested.returncode != 0 and not problems:
        problems.append(f"exit {tested.returncode}")
    for problem in problems:
        print(f"PROBLEM: {problem}", file=sys.stderr)
    if problems:
        print(tested.stderr[-4000:], file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
