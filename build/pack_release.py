"""Pack what the hosted workflow built into release files, the same way on every runner.

    python build/pack_release.py stage  KIND BUILT STAGE_DIR   # the built file(s) + guides + licences
    python build/pack_release.py zip    STAGE_DIR OUT.zip      # reproducible zip (sorted, fixed times)
    python build/pack_release.py sums   DIR [NAME]             # DIR/NAME (SHA256SUMS) over the files in DIR

KIND is windows (BUILT is GenAI-Desktop.exe) or macos (BUILT is GenAI-Desktop.app). The licences come
from build/collect_licenses.py; times from SOURCE_DATE_EPOCH (the last commit's) when set.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUIDES = ("GUIDE.txt", "ANLEITUNG.txt")
SUMS_NAME = "SHA256SUMS"
EARLIEST_ZIP_TIME = 315532800  # 1980-01-01, the first time a zip entry can carry


def stage(kind: str, built: Path, folder: Path) -> Path:
    """The release folder: the app, the guides (README-style, German and English) and the licences."""
    folder.mkdir(parents=True, exist_ok=True)
    if kind == "windows":
        shutil.copy2(built, folder / built.name)
    elif kind == "macos":
        shutil.copytree(built, folder / built.name, symlinks=True)  # a bundle's links stay links
    else:
        raise ValueError(f"unknown kind {kind!r}")
    for guide in GUIDES:
        shutil.copy2(ROOT / "build" / "release-files" / guide, folder / guide)
    shutil.copy2(ROOT / "LICENSE", folder / "LICENSE.txt")
    subprocess.run([sys.executable, str(ROOT / "build" / "collect_licenses.py"), str(folder / "THIRD-PARTY-LICENSES")],
                   check=True, stdout=subprocess.DEVNULL)
    return folder


def source_time() -> int:
    return max(int(os.environ.get("SOURCE_DATE_EPOCH", "0")) or int(time.time()), EARLIEST_ZIP_TIME)


def write_zip(folder: Path, target: Path) -> Path:
    """A zip of folder (its name as the top entry): sorted, one timestamp, no owner — the same bytes
    for the same files."""
    stamp = time.gmtime(source_time())[:6]
    files = sorted(path for path in folder.rglob("*") if path.is_file())
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in files:
            entry = zipfile.ZipInfo(f"{folder.name}/{path.relative_to(folder).as_posix()}", date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = (0o755 if os.access(path, os.X_OK) else 0o644) << 16
            archive.writestr(entry, path.read_bytes())
    return target


def write_sums(folder: Path, name: str = SUMS_NAME) -> Path:
    """Checksums of the files in folder, in the format sha256sum -c reads (two spaces, text mode); each
    runner names its own (SHA256SUMS-windows-x64 ...), the release joins them into one SHA256SUMS."""
    lines = []
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.name != name:
            digest = hashlib.sha256()
            with path.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
            lines.append(f"{digest.hexdigest()}  {path.name}\n")
    sums = folder / name
    sums.write_text("".join(lines), encoding="ascii", newline="\n")
    return sums


def main(argv: list[str]) -> int:
    command, *rest = argv
    if command == "stage":
        stage(rest[0], Path(rest[1]), Path(rest[2]))
    elif command == "zip":
        write_zip(Path(rest[0]), Path(rest[1]))
    elif command == "sums":
        print(write_sums(Path(rest[0]), *rest[1:2]).read_text(encoding="ascii"), end="")
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
