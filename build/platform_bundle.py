"""What pyinstaller.spec gives each platform's bundle, as plain functions: tests/test_release_platforms.py
runs the Windows and macOS branches on Linux (the version resource is parsed back with PyInstaller's own
versioninfo classes; the Info.plist is written and read with plistlib).

Used by pyinstaller.spec, build/windows/genai-desktop.iss (through the workflow) and the tests.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAME = "GenAI-Desktop"
DISPLAY_NAME = "GenAI Desktop"
BUNDLE_ID = "org.genai-desktop.app"
COURSE_EXTENSION = "genai-course"  # issue 14's course packages: opened by double-click
COURSE_TYPE_ID = "org.genai-desktop.course"


def package_version(package_dir: Path = ROOT / "genai_desktop") -> tuple[int, int, int]:
    """The version, read as text (the spec must not import the app)."""
    found = re.search(r"__version_info__ = \((\d+), (\d+), (\d+)\)", (package_dir / "__init__.py").read_text())
    if found is None:
        raise ValueError("genai_desktop/__init__.py has no __version_info__")
    return tuple(int(part) for part in found.groups())  # type: ignore[return-value]


def version_text(version: tuple[int, int, int]) -> str:
    return ".".join(str(part) for part in version)


def icon_for(platform: str, assets: Path = ROOT / "build" / "assets") -> Path:
    return {"win32": assets / "genai-desktop.ico", "darwin": assets / "genai-desktop.icns"}.get(
        platform, assets / "png" / "genai-desktop-256.png")


def windows_version_info(version: tuple[int, int, int]):
    """The exe's version resource (Explorer's Details tab, SmartScreen's publisher line stays "unknown"
    without a signature): file and product version from the package, US English, Unicode."""
    from PyInstaller.utils.win32 import versioninfo as vi

    numbers = (*version, 0)
    text = version_text(version)
    strings = [vi.StringStruct(key, value) for key, value in (
        ("CompanyName", DISPLAY_NAME), ("FileDescription", DISPLAY_NAME),
        ("FileVersion", text), ("InternalName", NAME), ("OriginalFilename", f"{NAME}.exe"),
        ("ProductName", DISPLAY_NAME), ("ProductVersion", text), ("LegalCopyright", "MIT License"))]
    return vi.VSVersionInfo(
        ffi=vi.FixedFileInfo(filevers=numbers, prodvers=numbers),
        kids=[vi.StringFileInfo([vi.StringTable("040904B0", strings)]),
              vi.VarFileInfo([vi.VarStruct("Translation", [1033, 1200])])])


def mac_info_plist(version: tuple[int, int, int]) -> dict:
    """What BUNDLE merges into the .app's Info.plist: the version, German and English, dark mode, and the
    course package as a document type the app opens (Finder's double-click, "Open with")."""
    text = version_text(version)
    return {
        "CFBundleDisplayName": DISPLAY_NAME,
        "CFBundleShortVersionString": text,
        "CFBundleVersion": text,
        "CFBundleDevelopmentRegion": "en",
        "CFBundleLocalizations": ["en", "de"],
        "LSMinimumSystemVersion": "11.0",
        "NSHighResolutionCapable": True,
        "NSRequiresAquaSystemAppearance": False,
        "CFBundleDocumentTypes": [{
            "CFBundleTypeName": "GenAI Desktop course package",
            "CFBundleTypeRole": "Viewer",
            "LSHandlerRank": "Owner",
            "LSItemContentTypes": [COURSE_TYPE_ID],
            "CFBundleTypeExtensions": [COURSE_EXTENSION],
        }],
        "UTExportedTypeDeclarations": [{
            "UTTypeIdentifier": COURSE_TYPE_ID,
            "UTTypeDescription": "GenAI Desktop course package",
            "UTTypeConformsTo": ["public.json", "public.data"],
            "UTTypeTagSpecification": {"public.filename-extension": [COURSE_EXTENSION],
                                       "public.mime-type": ["application/x-genai-course"]},
        }],
    }
