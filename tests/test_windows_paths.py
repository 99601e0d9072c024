"""The Windows (and macOS) code paths, walked on Linux by injecting the platform where the code allows it:
the instance lock through msvcrt, folders that are never chmod-ed, where the folders are, settings written
without O_DIRECTORY and read without O_NONBLOCK. What only Windows itself can show (the real msvcrt, the
Known Folder API) the release workflow's self-test checks on a hosted runner."""

from __future__ import annotations

import fcntl
import os
import stat
import sys
import types
from pathlib import PureWindowsPath

import platformdirs.macos
import platformdirs.windows

from genai_desktop.core import paths as paths_module
from genai_desktop.core.config_file import load_settings, save_settings
from genai_desktop.core.instance import acquire_instance_lock
from genai_desktop.core.paths import AppPaths, app_paths
from genai_desktop.core.selftest import check_instance_lock, check_writable, misplaced_folders
from genai_desktop.core.settings import Settings

LOCAL_APPDATA = r"C:\Users\Ana\AppData\Local"


def fake_msvcrt(calls: list):
    """msvcrt.locking's contract (LK_NBLCK: lock n bytes from the file position, OSError when another handle
    holds them), carried out with flock so that a second handle really is refused."""
    def locking(fd: int, mode: int, nbytes: int) -> None:
        calls.append((mode, nbytes, os.lseek(fd, 0, os.SEEK_CUR)))
        if mode != module.LK_NBLCK:
            raise ValueError(f"unexpected mode {mode}")
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises BlockingIOError, an OSError, when held

    module = types.SimpleNamespace(LK_UNLCK=0, LK_LOCK=1, LK_NBLCK=2, LK_RLCK=3, LK_NBRLCK=4, locking=locking)
    return module


def test_the_windows_instance_lock_takes_the_first_byte_with_msvcrt(tmp_path, monkeypatch):
    calls: list = []
    real_flock = fcntl.flock
    monkeypatch.setattr(paths_module, "WINDOWS", True)
    monkeypatch.setitem(sys.modules, "msvcrt", fake_msvcrt(calls))
    used_directly: list = []
    monkeypatch.setattr(fcntl, "flock", lambda fd, op: (used_directly.append(op), real_flock(fd, op))[1])
    # the fake carries out msvcrt's lock with flock; what counts is that the lock went through msvcrt
    lock = acquire_instance_lock(tmp_path)
    assert lock is not None
    assert calls == [(2, 1, 0)]  # LK_NBLCK, one byte, at the start of the file
    assert acquire_instance_lock(tmp_path) is None  # a second start is refused
    lock.release()
    again = acquire_instance_lock(tmp_path)
    assert again is not None
    again.release()
    assert len(calls) == 3 and len(used_directly) == 3  # each flock came from the msvcrt fake, none directly


def test_a_windows_folder_is_never_chmodded(tmp_path, monkeypatch):
    folders = [tmp_path / name for name in ("config", "data", "logs")]
    for folder in folders:
        folder.mkdir(mode=0o755)
        folder.chmod(0o755)
    monkeypatch.setattr(paths_module, "WINDOWS", True)
    AppPaths(*folders).ensure()
    assert [stat.S_IMODE(folder.stat().st_mode) for folder in folders] == [0o755] * 3
    monkeypatch.setattr(paths_module, "WINDOWS", False)  # the same folders on Linux are made user-only
    AppPaths(*folders).ensure()
    assert [stat.S_IMODE(folder.stat().st_mode) for folder in folders] == [0o700] * 3


def test_on_windows_every_folder_is_under_localappdata(monkeypatch):
    monkeypatch.setenv("WIN_PD_OVERRIDE_LOCAL_APPDATA", LOCAL_APPDATA)  # platformdirs' own override
    monkeypatch.setenv("WIN_PD_OVERRIDE_APPDATA", r"C:\Users\Ana\AppData\Roaming")
    found = app_paths({}, platformdirs.windows.Windows)
    home = PureWindowsPath(LOCAL_APPDATA, "GenAI Desktop")
    assert PureWindowsPath(found.config_dir) == home and PureWindowsPath(found.data_dir) == home
    assert PureWindowsPath(found.log_dir) == home / "Logs"
    assert misplaced_folders(found, "win32", {"LOCALAPPDATA": LOCAL_APPDATA}) == []
    assert app_paths({"GENAI_DESKTOP_HOME": "/portable"}, platformdirs.windows.Windows).data_dir.as_posix() \
        == "/portable/data"


def test_on_macos_the_folders_are_in_application_support(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(variable, raising=False)  # platformdirs' macOS honours them (the test command sets one)
    found = app_paths({}, platformdirs.macos.MacOS)
    assert found.data_dir == tmp_path / "Library" / "Application Support" / "GenAI Desktop"
    assert found.log_dir == tmp_path / "Library" / "Logs" / "GenAI Desktop"


def test_the_self_test_says_when_windows_folders_are_not_under_localappdata(tmp_path):
    roaming = AppPaths(*(PureWindowsPath(r"C:\Users\Ana\AppData\Roaming\GenAI Desktop", name)
                         for name in ("", "", "Logs")))
    problems = misplaced_folders(roaming, "win32", {"LOCALAPPDATA": LOCAL_APPDATA})
    assert len(problems) == 3 and "not under %LOCALAPPDATA%" in problems[0]
    assert misplaced_folders(roaming, "win32", {}) == ["LOCALAPPDATA is not set"]
    assert misplaced_folders(roaming, "linux", {}) == []
    here = AppPaths(tmp_path / "c", tmp_path / "d", tmp_path / "l")
    result = check_writable(here, "win32", {"LOCALAPPDATA": LOCAL_APPDATA})
    assert not result.ok and "not under %LOCALAPPDATA%" in result.detail
    # GENAI_DESKTOP_HOME (tests, a portable copy on a stick) puts them where it says, on purpose
    assert check_writable(here, "win32", {"GENAI_DESKTOP_HOME": str(tmp_path)}).ok


def test_the_self_test_checks_the_instance_lock(tmp_path):
    here = AppPaths(tmp_path / "c", tmp_path / "d", tmp_path / "l").ensure()
    result = check_instance_lock(here)
    assert result.ok and result.detail.startswith("taken once, refused a second time, freed")
    running = acquire_instance_lock(here.data_dir)
    try:
        held = check_instance_lock(here)
    finally:
        running.release()
    assert held.ok and held.detail == "held by a running GenAI Desktop"


def test_the_self_test_fails_when_the_lock_can_be_taken_twice(tmp_path, monkeypatch):
    """A lock that locks nothing (a file system without locks) would let two windows write one history."""
    monkeypatch.setattr(paths_module, "WINDOWS", True)
    monkeypatch.setitem(sys.modules, "msvcrt", types.SimpleNamespace(
        LK_NBLCK=2, locking=lambda fd, mode, nbytes: None))
    here = AppPaths(tmp_path / "c", tmp_path / "d", tmp_path / "l").ensure()
    result = check_instance_lock(here)
    assert not result.ok and "taken twice" in result.detail


def test_settings_are_written_and_read_without_o_directory_and_o_nonblock(tmp_path, monkeypatch):
    """Windows has neither flag: the folder is not fsync-ed and the file is opened plainly."""
    opened: list = []
    real_open = os.open
    monkeypatch.delattr(os, "O_DIRECTORY")
    monkeypatch.delattr(os, "O_NONBLOCK")
    monkeypatch.setattr(os, "open", lambda path, flags, *rest: (opened.append((str(path), flags)),
                                                                  real_open(path, flags, *rest))[1])
    target = tmp_path / "config" / "settings.json"
    save_settings(target, Settings(model="gpt-test"))
    assert load_settings(target).settings.model == "gpt-test"
    assert all(not os.path.isdir(path) for path, _flags in opened)  # the folder itself was never opened


def test_on_windows_and_macos_the_os_certificate_store_is_never_replaced_by_the_bundle(monkeypatch):
    """OpenSSL finds no CA files there by design; SSL_CERT_FILE would make the client skip truststore and
    with it the company CA that IT put into the Windows or macOS store."""
    from genai_desktop.core import tls

    monkeypatch.setattr(tls, "system_has_ca", lambda: False)
    for platform in ("win32", "darwin"):
        environ: dict[str, str] = {}
        assert tls.use_bundled_ca_if_system_has_none(environ, platform) is None and environ == {}
    environ = {}
    assert tls.use_bundled_ca_if_system_has_none(environ, "linux") == environ["SSL_CERT_FILE"]  # a bare Linux


def test_the_self_test_accepts_the_os_certificate_store_on_windows_and_macos(monkeypatch):
    from genai_desktop.core import selftest, tls

    monkeypatch.setattr(tls, "system_ca_count", lambda: 0)
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    for platform in ("win32", "darwin"):
        result = selftest.check_tls(platform)
        assert result.ok and "the system's certificate store through truststore" in result.detail
    assert not selftest.check_tls("linux").ok  # no store and no bundle on Linux is a failure
