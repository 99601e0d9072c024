"""The Windows and macOS branches of pyinstaller.spec, run on Linux as far as Python allows: the spec is
executed with sys.platform set to win32 / darwin and PyInstaller's build steps (Analysis, EXE, BUNDLE ...)
replaced by recorders, so what it would hand them is checked — the version resource through PyInstaller's
own versioninfo classes (binary and text form, parsed back), the Info.plist as BUNDLE writes it, read back
with plistlib. Building and starting the real files is the hosted workflow's job (.github/workflows)."""

from __future__ import annotations

import plistlib
import sys
from pathlib import Path

import pytest

import genai_desktop


def windows_versioninfo():
    """PyInstaller's versioninfo module. It imports pefile and win32api (Windows only) for reading and
    writing an exe's resources, which these tests do not do; off Windows those two names are stood in
    for, and the structures it builds, serialises and parses are PyInstaller's own code."""
    if sys.platform != "win32":
        import types

        import PyInstaller.compat

        sys.modules.setdefault("pefile", types.ModuleType("pefile"))
        if not hasattr(PyInstaller.compat, "win32api"):
            PyInstaller.compat.win32api = None
    from PyInstaller.utils.win32 import versioninfo as module

    return module


versioninfo = windows_versioninfo()


class WindowsStruct:
    """struct with Windows' sizes: versioninfo packs native "L", 4 bytes on Windows (LLP64) and 8 on
    64-bit Linux (LP64), and reads back a fixed 52-byte FixedFileInfo; "<" gives Windows' little-endian
    standard sizes on any system."""

    @staticmethod
    def pack(layout, *values):
        import struct

        return struct.pack("<" + layout, *values)

    @staticmethod
    def unpack(layout, data):
        import struct

        return struct.unpack("<" + layout, data)


@pytest.fixture
def windows_struct(monkeypatch):
    monkeypatch.setattr(versioninfo, "struct", WindowsStruct)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "build"))
import platform_bundle  # noqa: E402

VERSION = genai_desktop.__version_info__[:3]


class Recorder:
    """Stands for one of PyInstaller's build classes: keeps what the spec passed."""

    made: list = []

    def __init__(self, *args, **kwargs):
        self.args, self.kwargs = args, kwargs
        self.pure, self.scripts, self.binaries, self.datas = [], [], [], list(kwargs.get("datas", []))
        Recorder.made.append((type(self).__name__, self))


def run_spec(platform: str, monkeypatch) -> dict[str, Recorder]:
    names = {name: type(name, (Recorder,), {}) for name in ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE")}
    Recorder.made = []
    spec = ROOT / "pyinstaller.spec"
    namespace = {"SPECPATH": str(ROOT), **names, "__file__": str(spec)}
    with monkeypatch.context() as patch:  # sys as it was afterwards, the other patches kept
        patch.setattr(sys, "platform", platform)
        patch.setattr(sys, "path", list(sys.path))  # the spec adds build/ to it
        exec(compile(spec.read_text(encoding="utf-8"), str(spec), "exec"), namespace)  # noqa: S102
    return {name: made for name, made in Recorder.made}


def test_the_windows_build_is_one_windowed_exe_with_icon_and_version_resource(monkeypatch, windows_struct):
    built = run_spec("win32", monkeypatch)
    assert "BUNDLE" not in built and "COLLECT" not in built  # one file
    exe = built["EXE"].kwargs
    assert exe["console"] is False and exe["name"] == "GenAI-Desktop" and exe["upx"] is False
    icon = Path(exe["icon"])
    assert icon.name == "genai-desktop.ico" and icon.read_bytes()[:4] == b"\x00\x00\x01\x00"  # an ICO file
    info = exe["version"]
    assert isinstance(info, versioninfo.VSVersionInfo)
    # the binary resource as it goes into the exe, parsed back by PyInstaller's reader of exe resources
    parsed = versioninfo.VSVersionInfo()
    parsed.fromRaw(info.toRaw())
    assert parsed == info
    text = genai_desktop.__version__
    strings = {struct.name: struct.val for table in parsed.kids[0].kids for struct in table.kids}
    assert strings["FileVersion"] == strings["ProductVersion"] == text
    assert strings["OriginalFilename"] == "GenAI-Desktop.exe" and strings["ProductName"] == "GenAI Desktop"
    numbers = (VERSION[0] << 16 | VERSION[1], VERSION[2] << 16)
    assert (parsed.ffi.fileVersionMS, parsed.ffi.fileVersionLS) == numbers
    assert (parsed.ffi.productVersionMS, parsed.ffi.productVersionLS) == numbers


def test_the_version_resource_survives_pyinstallers_text_form(tmp_path):
    """The text form (what pyi-grab_version writes and EXE(version="file.txt") reads) parses back equal."""
    info = platform_bundle.windows_version_info(VERSION)
    (tmp_path / "version.txt").write_text(str(info), encoding="utf-8")
    assert versioninfo.load_version_info_from_text_file(str(tmp_path / "version.txt")) == info


def test_a_version_resource_with_another_version_is_told_apart(windows_struct):
    """The comparison above can fail: a resource of another version differs in both forms."""
    info = platform_bundle.windows_version_info(VERSION)
    other = platform_bundle.windows_version_info((VERSION[0], VERSION[1], VERSION[2] + 1))
    assert other != info and other.toRaw() != info.toRaw()


def bundle_info_plist(bundle) -> dict:
    """The Info.plist as PyInstaller's BUNDLE.assemble writes it (its defaults, then the spec's dict)."""
    kwargs = bundle.kwargs
    written = {"CFBundleDisplayName": kwargs["name"][:-4], "CFBundleName": kwargs["name"][:-4],
               "CFBundleIdentifier": kwargs["bundle_identifier"], "CFBundleExecutable": "GenAI-Desktop",
               "CFBundleIconFile": Path(kwargs["icon"]).name, "CFBundleInfoDictionaryVersion": "6.0",
               "CFBundlePackageType": "APPL", "CFBundleShortVersionString": kwargs["version"],
               "NSHighResolutionCapable": True, **kwargs["info_plist"]}
    return plistlib.loads(plistlib.dumps(written, fmt=plistlib.FMT_XML))


def test_the_macos_build_is_an_app_bundle_whose_info_plist_opens_course_packages(monkeypatch):
    built = run_spec("darwin", monkeypatch)
    assert built["EXE"].kwargs["console"] is False and built["EXE"].kwargs.get("exclude_binaries") is True
    bundle = built["BUNDLE"]
    assert bundle.kwargs["name"] == "GenAI-Desktop.app"
    icon = Path(bundle.kwargs["icon"])
    assert icon.name == "genai-desktop.icns" and icon.read_bytes()[:4] == b"icns"
    plist = bundle_info_plist(bundle)
    assert plist["CFBundleShortVersionString"] == plist["CFBundleVersion"] == genai_desktop.__version__
    assert plist["CFBundleIdentifier"] == "org.genai-desktop.app" and plist["CFBundleDisplayName"] == "GenAI Desktop"
    assert set(plist["CFBundleLocalizations"]) == {"en", "de"}
    (document,) = plist["CFBundleDocumentTypes"]
    (declared,) = plist["UTExportedTypeDeclarations"]
    assert document["CFBundleTypeExtensions"] == ["genai-course"]
    assert document["LSItemContentTypes"] == [declared["UTTypeIdentifier"]]  # the type the app declares itself
    assert declared["UTTypeTagSpecification"]["public.filename-extension"] == ["genai-course"]
    assert document["CFBundleTypeRole"] in ("Viewer", "Editor")


def test_the_linux_build_is_unchanged_by_the_platform_helpers(monkeypatch):
    built = run_spec("linux", monkeypatch)
    exe = built["EXE"].kwargs
    assert exe["version"] is None and Path(exe["icon"]).name == "genai-desktop-256.png" and exe["strip"] is True


@pytest.mark.parametrize("platform", ["win32", "darwin", "linux"])
def test_every_platform_icon_exists(platform):
    assert platform_bundle.icon_for(platform).is_file()
