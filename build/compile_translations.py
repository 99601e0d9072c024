"""Compile the .ts translation sources to .qm files next to them (never committed)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

FOLDER = Path(__file__).resolve().parent.parent / "genai_desktop" / "resources" / "translations"


def main() -> int:
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    sources = sorted(FOLDER.glob("*.ts"))
    for source in sources:
        subprocess.run([str(lrelease), "-silent", str(source), "-qm", str(source.with_suffix(".qm"))], check=True)
    print(f"compiled {len(sources)} translation(s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
