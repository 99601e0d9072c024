"""Compile the .ts translation sources to .qm files next to them (never committed).

The package build (build/hatch_build.py) compiles them the same way into the wheel.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

FOLDER = Path(__file__).resolve().parent.parent / "genai_desktop" / "resources" / "translations"


def lrelease_program() -> Path:
    """Qt's lrelease from the installed PySide6-Essentials (also inside an isolated build environment)."""
    import PySide6

    bundled = Path(PySide6.__file__).resolve().parent / ("lrelease.exe" if sys.platform == "win32" else "lrelease")
    return bundled if bundled.exists() else Path(sys.executable).with_name("pyside6-lrelease")


def compile_catalogue(source: Path, target: Path) -> None:
    # On Linux a language whose locale is not installed (LANG=de_DE.UTF-8 on a minimal system) makes Qt's
    # lrelease warn that it fell back to C.UTF-8 (seen from a fresh clone's build/run-app.sh); the
    # catalogue does not depend on the locale, so lrelease runs in C.UTF-8 from the start.
    environment = {**os.environ, "LC_ALL": "C.UTF-8"} if sys.platform.startswith("linux") else None
    subprocess.run([str(lrelease_program()), "-silent", str(source), "-qm", str(target)], check=True, env=environment)


def main(argv: list[str] | None = None) -> int:
    """--if-needed: only catalogues whose .qm is missing or older than the .ts (quiet then)."""
    if_needed = "--if-needed" in (argv or [])
    sources = sorted(FOLDER.glob("*.ts"))
    if if_needed:
        sources = [source for source in sources if not source.with_suffix(".qm").exists()
                   or source.with_suffix(".qm").stat().st_mtime < source.stat().st_mtime]
    for source in sources:
        compile_catalogue(source, source.with_suffix(".qm"))
    if sources or not if_needed:
        print(f"compiled {len(sources)} translation(s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
