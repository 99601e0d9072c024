"""Compile the .ts translation sources to .qm files next to them (never committed)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

FOLDER = Path(__file__).resolve().parent.parent / "genai_desktop" / "resources" / "translations"


def main(argv: list[str] | None = None) -> int:
    """--if-needed: only catalogues whose .qm is missing or older than the .ts (quiet then)."""
    if_needed = "--if-needed" in (argv or [])
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    sources = sorted(FOLDER.glob("*.ts"))
    if if_needed:
        sources = [source for source in sources if not source.with_suffix(".qm").exists()
                   or source.with_suffix(".qm").stat().st_mtime < source.stat().st_mtime]
    for source in sources:
        subprocess.run([str(lrelease), "-silent", str(source), "-qm", str(source.with_suffix(".qm"))], check=True)
    if sources or not if_needed:
        print(f"compiled {len(sources)} translation(s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
