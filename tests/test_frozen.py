"""The executable users run: built from this tree with PyInstaller, then started for real.

The build takes a minute or two; set GENAI_FROZEN_EXE to an existing build to skip it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import keyring
import pytest

from conftest import TEST_KEY
from genai_desktop import __version__
from genai_desktop.core.profiles import FIRST_PROFILE_ID
from genai_desktop.core.secrets import KEYRING_SERVICE, key_entry

pytestmark = pytest.mark.frozen
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def frozen_exe(tmp_path_factory) -> Path:
    prebuilt = os.environ.get("GENAI_FROZEN_EXE")
    if prebuilt:
        return Path(prebuilt)
    out = tmp_path_factory.mktemp("frozen")
    subprocess.run([sys.executable, str(ROOT / "build" / "compile_translations.py")], check=True)
    subprocess.run([str(Path(sys.executable).with_name("pyinstaller")), "--noconfirm", "--clean", "--log-level",
                    "WARN", "--distpath", str(out / "dist"), "--workpath", str(out / "work"),
                    str(ROOT / "pyinstaller.spec")], check=True, cwd=ROOT, timeout=900)
    exe = out / "dist" / "GenAI-Desktop"
    assert exe.is_file() and os.access(exe, os.X_OK)
    return exe


def clean_env(home: Path, **extra: str) -> dict:
    """What a double-click gives: no PYTHONPATH, no venv, an empty home; the session's D-Bus."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8"}
    for name in ("DBUS_SESSION_BUS_ADDRESS", "DISPLAY"):
        if os.environ.get(name):
            env[name] = os.environ[name]
    env.update(extra)
    return env


def run(exe: Path, arguments: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([str(exe), *arguments], env=env, capture_output=True, text=True, timeout=180,
                          stdin=subprocess.DEVNULL)


def test_version(frozen_exe, tmp_path):
    result = run(frozen_exe, ["--version"], clean_env(tmp_path))
    assert result.returncode == 0 and result.stdout.strip() == f"GenAI Desktop {__version__}"


def test_self_test_finds_secret_service_and_trust_store(frozen_exe, tmp_path):
    result = run(frozen_exe, ["--self-test"], clean_env(tmp_path, QT_QPA_PLATFORM="offscreen"))
    print(result.stdout)
    assert "tls: ok" in result.stdout
    assert "qt: ok - platform plugin 'offscreen' loaded" in result.stdout
    assert "history: ok - SQLite" in result.stdout and "FTS5" in result.stdout
    assert "code colours: ok - Pygments" in result.stdout  # every lexer module found by name is in the file
    assert "formulas: ok" in result.stdout  # ziamath, its math font and symbol table are in the file
    assert "pictures: ok" in result.stdout  # Qt's jpeg, gif and webp plugins are in the file
    assert "documents: ok" in result.stdout  # pypdf and openpyxl, imported by name, are in the file
    assert "proxy scripts: ok" in result.stdout  # QuickJS (a native module, imported on a PAC choice) is in the file
    assert "sorting: ok" in result.stdout  # the trimmed ICU data (build/icu_data.py) still has German collation
    if os.environ.get("GENAI_REQUIRE_SECRET_SERVICE") == "1":
        assert "keyring: ok - keyring.backends.SecretService.Keyring" in result.stdout
        assert result.returncode == 0 and result.stdout.rstrip().endswith("self-test: ok")


def test_chat_round_trip_through_the_frozen_binary(frozen_exe, tmp_path, api_server):
    env = clean_env(tmp_path, QT_QPA_PLATFORM="offscreen", OPENAI_BASE_URL=api_server.base_url,
                    GENAI_DESKTOP_MODEL="fake-model", OPENAI_API_KEY=TEST_KEY)
    result = run(frozen_exe, ["--self-test", "--ping"], env)
    assert "ping: ok" in result.stdout, result.stdout + result.stderr
    request = api_server.chat_requests()[-1]
    assert request.headers["authorization"] == f"Bearer {TEST_KEY}" and request.json["model"] == "fake-model"
    assert TEST_KEY not in result.stdout + result.stderr


class VirtualScreen:
    def __init__(self):
        read, write = os.pipe()
        self.process = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24",
                                         "-nolisten", "tcp"], pass_fds=(write,), stderr=subprocess.DEVNULL)
        os.close(write)
        with os.fdopen(read) as pipe:
            self.display = f":{pipe.readline().strip()}"

    def xdotool(self, *arguments: str) -> subprocess.CompletedProcess:
        return subprocess.run(["xdotool", *arguments], env=dict(os.environ, DISPLAY=self.display),
                              capture_output=True, text=True, timeout=30)

    def wait_for_window(self, name: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.xdotool("search", "--onlyvisible", "--name", name)
            if found.returncode == 0 and found.stdout.strip():
                return found.stdout.split()[0]
            time.sleep(0.2)
        raise AssertionError(f"no window named {name!r} appeared")

    def close(self):
        self.process.terminate()
        self.process.wait()


@pytest.fixture
def screen():
    if not shutil.which("Xvfb") or not shutil.which("xdotool"):
        pytest.fail("Xvfb and xdotool are installed by the README test command")
    virtual = VirtualScreen()
    yield virtual
    virtual.close()


def start_app(frozen_exe, home: Path, screen: VirtualScreen, **extra) -> subprocess.Popen:
    env = clean_env(home, DISPLAY=screen.display, QT_QPA_PLATFORM="xcb", **extra)
    return subprocess.Popen([str(frozen_exe)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            stdin=subprocess.DEVNULL)


def qt_warnings(stderr: str) -> list[str]:
    """Lines Qt writes when something the app uses is missing or wrong ("qt.svg: Cannot open file …")."""
    return [line for line in stderr.splitlines()
            if re.match(r"(qt\.[\w.]+: |Q[A-Z]\w+(::\w+)?: |QPainter|Cannot open file)", line)]


def quit_app(process: subprocess.Popen, screen: VirtualScreen, window: str) -> tuple[int, str]:
    screen.xdotool("windowfocus", "--sync", window)
    screen.xdotool("key", "ctrl+q")
    try:
        process.wait(timeout=15)
    finally:
        process.kill()
    stderr = process.stderr.read()
    assert not qt_warnings(stderr), stderr  # a resource the frozen file lacks shows up here first
    return process.returncode, stderr


def test_window_appears_and_the_process_exits_zero(frozen_exe, tmp_path, screen):
    process = start_app(frozen_exe, tmp_path, screen)
    window = screen.wait_for_window("GenAI Desktop")
    geometry = screen.xdotool("getwindowgeometry", window).stdout
    assert "Geometry" in geometry
    returncode, stderr = quit_app(process, screen, window)
    assert returncode == 0, stderr
    assert "QThread" not in stderr and "Traceback" not in stderr


def test_key_typed_into_the_frozen_app_lands_in_the_keyring_only(frozen_exe, tmp_path, screen, api_server):
    if os.environ.get("GENAI_REQUIRE_SECRET_SERVICE") != "1":
        pytest.skip("needs the README test command's Secret Service")
    key = "sk-frozen-" + os.urandom(8).hex()
    home = tmp_path / "home"
    process = start_app(frozen_exe, home, screen, OPENAI_BASE_URL=api_server.base_url)
    window = screen.wait_for_window("GenAI Desktop")
    screen.xdotool("windowfocus", "--sync", window)
    time.sleep(0.5)
    screen.xdotool("key", "ctrl+comma")
    dialog = screen.wait_for_window("Settings")
    screen.xdotool("windowfocus", "--sync", dialog)
    time.sleep(0.5)
    screen.xdotool("type", "--delay", "20", key)
    screen.xdotool("key", "Return")
    entry = key_entry(api_server.base_url, FIRST_PROFILE_ID)  # the key field is the default profile's
    deadline = time.monotonic() + 20
    while keyring.get_password(KEYRING_SERVICE, entry) != key and time.monotonic() < deadline:
        time.sleep(0.2)
    assert keyring.get_password(KEYRING_SERVICE, entry) == key
    returncode, stderr = quit_app(process, screen, window)
    assert returncode == 0, stderr
    hits = [str(path) for path in home.rglob("*") if path.is_file() and key.encode() in path.read_bytes()]
    assert hits == []
    keyring.delete_password(KEYRING_SERVICE, entry)


# The libraries the README lists for running the executable on a minimal Debian system.
MINIMAL_SYSTEM_PACKAGES = ["libegl1", "libgl1", "libfontconfig1", "fonts-dejavu-core"]


@pytest.fixture(scope="session")
def minimal_debian(tmp_path_factory) -> Path:
    """A Debian bookworm made with debootstrap: minbase plus the README's list, and no Python."""
    if os.geteuid() != 0 or not shutil.which("debootstrap"):
        pytest.fail("the minimal-system test needs root and debootstrap (the README test command has both)")
    root = tmp_path_factory.mktemp("minimal-debian")
    subprocess.run(["debootstrap", "--variant=minbase", "--include=" + ",".join(MINIMAL_SYSTEM_PACKAGES),
                    "bookworm", str(root), "http://deb.debian.org/debian"], check=True, timeout=1200,
                   stdout=subprocess.DEVNULL)
    subprocess.run(["mount", "-t", "proc", "proc", str(root / "proc")], check=True)
    yield root
    subprocess.run(["umount", "-l", str(root / "proc")], check=False)


@pytest.fixture
def host_secret_service(tmp_path):
    """A session bus on an abstract socket, which a chroot can reach, with gnome-keyring on it.

    On a desktop the Secret Service runs outside the app; the chroot holds only the app's needs.
    """
    address = f"unix:abstract=/tmp/genai-test-bus-{os.getpid()}"
    bus = subprocess.Popen(["dbus-daemon", "--session", "--nofork", f"--address={address}"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    # Its own keyring folder and control socket: never the outer test keyring.
    (tmp_path / "data").mkdir()
    (tmp_path / "run").mkdir(mode=0o700)
    env = dict(os.environ, DBUS_SESSION_BUS_ADDRESS=address, XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_RUNTIME_DIR=str(tmp_path / "run"))
    env.pop("GNOME_KEYRING_CONTROL", None)
    subprocess.run(["gnome-keyring-daemon", "--unlock", "--components=secrets"], input="chroot", text=True,
                   env=env, capture_output=True, check=True)
    yield address
    bus.terminate()
    bus.wait()


def test_runs_on_a_minimal_debian_without_python(frozen_exe, minimal_debian, host_secret_service, screen):
    assert not list((minimal_debian / "usr" / "bin").glob("python*"))
    shutil.copy(frozen_exe, minimal_debian / "opt" / "GenAI-Desktop")
    command = ["chroot", str(minimal_debian), "env", "-i", "PATH=/usr/bin:/bin", "HOME=/root",
               f"DISPLAY={screen.display}", f"DBUS_SESSION_BUS_ADDRESS={host_secret_service}", "/opt/GenAI-Desktop"]
    result = subprocess.run([*command, "--self-test"], capture_output=True, text=True, timeout=180)
    print(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "qt: ok - platform plugin 'xcb' loaded" in result.stdout
    assert "keyring: ok - keyring.backends.SecretService.Keyring" in result.stdout
    assert "tls: ok" in result.stdout and "certifi" in result.stdout  # no ca-certificates: the bundled ones
    assert "history: ok - SQLite" in result.stdout  # the bundled SQLite has FTS5

    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    window = screen.wait_for_window("GenAI Desktop")
    shot = minimal_debian.parent / "minimal-debian-window.png"
    subprocess.run(["import", "-display", screen.display, "-window", "root", str(shot)], check=False)
    returncode, stderr = quit_app(process, screen, window)
    assert returncode == 0, stderr


def test_install_and_uninstall_for_the_current_user(frozen_exe, tmp_path):
    """The release archive's install.sh / uninstall.sh, without root, into a scratch home."""
    release = tmp_path / "release"
    release.mkdir()
    shutil.copy(frozen_exe, release / "GenAI-Desktop")
    for name in ("install.sh", "uninstall.sh", "genai-desktop.desktop", "genai-desktop-mime.xml"):
        shutil.copy(ROOT / "build" / "release-files" / name, release / name)
    shutil.copy(ROOT / "build" / "assets" / "png" / "genai-desktop-256.png", release / "genai-desktop.png")
    shutil.copy(ROOT / "build" / "assets" / "genai-desktop.svg", release / "genai-desktop.svg")
    home = tmp_path / "home"
    home.mkdir()
    env = clean_env(home)
    subprocess.run(["sh", str(release / "install.sh")], env=env, check=True, capture_output=True)
    installed = home / ".local" / "bin" / "genai-desktop"
    entry = home / ".local" / "share" / "applications" / "genai-desktop.desktop"
    assert os.access(installed, os.X_OK) and f'Exec="{installed}"' in entry.read_text()
    assert run(installed, ["--version"], env).stdout.strip() == f"GenAI Desktop {__version__}"
    (home / ".config" / "GenAI Desktop").mkdir(parents=True)
    subprocess.run(["sh", str(release / "uninstall.sh"), "--purge"], env=env, check=True, capture_output=True)
    assert not installed.exists() and not entry.exists() and not (home / ".config" / "GenAI Desktop").exists()
