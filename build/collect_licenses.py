"""Collect the licenses of everything inside the release: Python packages, Python, Qt, system libraries.

    python build/collect_licenses.py OUT_DIR [PKG_TOC]

Python packages: the license files and License field from each installed distribution named in
requirements.txt. PySide6/shiboken6 (Qt for Python) and the Qt libraries are LGPL-3.0: their
wheels carry no license text, so the LGPL-3.0 and GPL-3.0 texts come from Debian's
/usr/share/common-licenses. System libraries bundled into the executable (listed in
PyInstaller's PKG TOC) get the copyright file of the Debian package they came from.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Notices a wheel does not carry: latex2mathml's has no license file, and ziamath's math font
# (STIX Two Math) is under the SIL Open Font License, not ziamath's MIT license.
EXTRA_NOTICES = {"latex2mathml": ["latex2mathml-LICENSE.txt"], "ziamath": ["STIXTwoMath-OFL.txt"]}
QT_NOTE = """\
Qt and Qt for Python (PySide6, shiboken6) are used under the GNU Lesser General Public License
version 3 (LGPL-3.0); their texts are LGPL-3.0.txt and GPL-3.0.txt in this folder.
Source code: https://download.qt.io/official_releases/ and https://code.qt.io/ (Qt for Python).

How to use your own (for example modified) Qt libraries with GenAI Desktop:
GenAI Desktop is open source. Its source code contains everything needed to rebuild this
executable: install your Qt / PySide6 build into the project's virtual environment
(bash build/setup.sh --dev, then .venv/bin/pip install <your PySide6 wheels>) and run
bash build/release.sh. Or run the app from source against your Qt with
.venv/bin/python -m genai_desktop. The executable unpacks its libraries into a temporary
folder at start; nothing in it prevents replacing them.

Qt's image plugins, used for attached pictures, contain code of others under their own licenses:
libjpeg-turbo (the jpeg plugin; IJG License, BSD-3-Clause and zlib: "This software is based in
part on the work of the Independent JPEG Group.") and libwebp (the webp plugin; BSD-3-Clause,
Copyright Google Inc.). Their license texts are libjpeg-turbo.copyright and libwebp.copyright.
"""
# The same upstream license texts as Debian ships them (Qt's wheels carry none).
QT_PLUGIN_NOTICES = {"libjpeg-turbo.copyright": "/usr/share/doc/libjpeg62-turbo/copyright",
                     "libwebp.copyright": "/usr/share/doc/libwebp7/copyright"}


def requirement_names() -> list[str]:
    names = []
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if not line:
            continue
        name, _, marker = line.partition(";")
        if marker.strip():
            from packaging.markers import Marker

            if not Marker(marker).evaluate():
                continue
        names.append(re.split(r"[=<>!~ ]", name.strip())[0])
    return names


def copy_distribution_licenses(name: str, out: Path) -> str:
    dist = metadata.distribution(name)
    folder = out / "python-packages" / f"{dist.metadata['Name']}-{dist.version}"
    folder.mkdir(parents=True, exist_ok=True)
    copied = 0
    for file in dist.files or []:
        parts = [part.lower() for part in file.parts]
        if ".dist-info" in parts[0] and any(re.match(r"(licen[cs]e|copying|notice|authors)", p) for p in parts[1:]):
            source = Path(dist.locate_file(file))
            if source.is_file():
                shutil.copy(source, folder / "-".join(file.parts[1:]))
                copied += 1
    for notice in EXTRA_NOTICES.get(name, []):
        shutil.copy(ROOT / "build" / "licenses" / notice, folder / notice)
        copied += 1
    license_field = dist.metadata.get("License-Expression") or dist.metadata.get("License") or ""
    license_field = license_field.splitlines()[0] if license_field else "see files"
    (folder / "METADATA-LICENSE.txt").write_text(f"{dist.metadata['Name']} {dist.version}: {license_field}\n")
    return f"{dist.metadata['Name']} {dist.version}: {license_field} ({copied} file(s))"


def bundled_system_libraries(toc: Path) -> list[str]:
    sources = set()
    for match in re.finditer(r"\('([^']+)',\s*'([^']+)',\s*'BINARY'\)", toc.read_text()):
        source = match.group(2)
        if source.startswith(("/lib", "/usr/lib")):
            sources.add(os.path.realpath(source))
    return sorted(sources)


def copy_system_library_licenses(toc: Path, out: Path) -> list[str]:
    lines = []
    folder = out / "system-libraries"
    folder.mkdir(parents=True, exist_ok=True)
    packages = {}
    for library in bundled_system_libraries(toc):
        # dpkg may know the file under /lib or /usr/lib (merged /usr), so ask for both.
        candidates = [library, library.replace("/usr/lib/", "/lib/", 1)]
        owner = subprocess.run(["dpkg", "-S", *candidates], capture_output=True, text=True)
        if not owner.stdout.strip():
            lines.append(f"{library}: package unknown")
            continue
        package = owner.stdout.split(":")[0]
        packages.setdefault(package, []).append(Path(library).name)
    for package, libraries in sorted(packages.items()):
        copyright_file = Path("/usr/share/doc") / package / "copyright"
        if copyright_file.is_file():
            shutil.copy(copyright_file, folder / f"{package}.copyright")
        lines.append(f"{package}: {', '.join(libraries)}")
    return lines


def license_text(name: str) -> Path:
    """Debian's copy of a GNU licence text; on Windows and macOS (the hosted release workflow) the same
    text kept in build/licenses/."""
    system = Path("/usr/share/common-licenses") / name
    return system if system.is_file() else ROOT / "build" / "licenses" / name


def main() -> int:
    out = Path(sys.argv[1])
    toc = Path(sys.argv[2]) if len(sys.argv) > 2 else None
    out.mkdir(parents=True, exist_ok=True)
    summary = ["Third-party software in GenAI Desktop", "", "Python packages:"]
    summary += [f"  {copy_distribution_licenses(name, out)}" for name in requirement_names()]
    summary += ["  (ziamath's math font STIX Two Math: SIL Open Font License 1.1, STIXTwoMath-OFL.txt)"]
    python_license = Path(sys.base_prefix) / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "LICENSE.txt"
    if python_license.is_file():
        shutil.copy(python_license, out / "Python-LICENSE.txt")
    summary += ["", f"Python {sys.version.split()[0]}: PSF License (Python-LICENSE.txt)", ""]
    qt = out / "Qt"
    qt.mkdir(exist_ok=True)
    for name in ("LGPL-3", "GPL-3"):
        shutil.copy(license_text(name), qt / f"{name}.0.txt")
    (qt / "README.txt").write_text(QT_NOTE)
    for name, source in QT_PLUGIN_NOTICES.items():
        if Path(source).is_file():
            shutil.copy(source, qt / name)
    summary += ["Qt 6 and Qt for Python: LGPL-3.0 (Qt/README.txt explains how to replace the Qt libraries)", ""]
    if toc is not None:
        summary += ["System libraries bundled into the executable (Debian packages; copyright files in system-libraries/):"]
        summary += [f"  {line}" for line in copy_system_library_licenses(toc, out)]
    (out / "README.txt").write_text("\n".join(summary) + "\n")
    print(f"licenses collected in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
