"""A smaller ICU data library for the Linux release, with only the parts Qt uses.

Qt's ICU data library (libicudata.so.NN, 32 MB) is the largest file in the bundle, and a one-file
build unpacks every byte of it at each start (about 0.2 s). Qt asks ICU for collation (QCollator:
the file dialog sorts names with it), case mapping, time zones and the legacy codecs; it never asks
for break rules, unit, currency, language or region names, transliterators or the CJK codecs, which
are most of the data. This keeps collation for the root, German and English locales (every other
locale falls back to the root order, as ICU does for a locale without its own rules), the locale
data of those three, the single-byte codecs and everything that is not locale data.

Built with the tools of the ICU and C toolchains (icupkg from icu-devtools, gcc): the data is taken
out of Qt's own library, so it always matches the ICU version Qt was built with.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

# Categories (folders in the data package) Qt never reads.
DROPPED_FOLDERS = ("brkitr", "curr", "lang", "rbnf", "region", "translit", "unit", "zone")
KEPT_LOCALES = ("root", "de", "en")  # with their regional variants (de_AT, en_GB ...)
LARGEST_KEPT_CODEC = 30_000  # bytes: the single-byte tables (windows-1252 ...); the CJK ones are 0.1-1 MB
LOCALE_NAME = re.compile(r"[a-z]{2,3}(_[A-Za-z0-9]*)*")  # "es_" too: an alias file


def is_kept(item: str, size: int) -> bool:
    """Whether a data item (as icupkg lists it: "coll/de.res", "ibm-5348_P100-1997.cnv") is kept."""
    folder, _, name = item.rpartition("/")
    if folder in DROPPED_FOLDERS:
        return False
    if name.endswith(".spp"):  # StringPrep profiles, for the old IDNA API; Qt has its own IDNA
        return False
    if name.endswith(".cnv"):
        return size <= LARGEST_KEPT_CODEC
    stem = name.removesuffix(".res")
    if name.endswith(".res") and folder in ("", "coll") and stem != "res_index" and LOCALE_NAME.fullmatch(stem):
        return stem.split("_")[0] in KEPT_LOCALES
    return True


def data_symbol(library: Path) -> tuple[str, int, int]:
    """The name, file offset and size of the data array (icudtNN_dat) in an ICU data library."""
    symbols = subprocess.run(["nm", "-D", "--defined-only", "-S", str(library)], capture_output=True, text=True,
                             check=True).stdout
    address, size, name = next((int(fields[0], 16), int(fields[1], 16), fields[3]) for fields in map(
        str.split, symbols.splitlines()) if len(fields) == 4 and re.fullmatch(r"icudt\d+_dat", fields[3]))
    headers = subprocess.run(["readelf", "-lW", str(library)], capture_output=True, text=True, check=True).stdout
    for line in headers.splitlines():  # LOAD  offset  vaddr  paddr  filesz ...
        fields = line.split()
        if fields[:1] == ["LOAD"]:
            offset, vaddr, filesz = int(fields[1], 16), int(fields[2], 16), int(fields[4], 16)
            if vaddr <= address < vaddr + filesz:
                return name, address - vaddr + offset, size
    raise ValueError(f"{library}: {name} is in no loaded segment")


def trimmed_icu_library(library: Path, workdir: Path) -> Path:
    """Build a copy of Qt's libicudata.so.NN that holds only the kept items; returns its path."""
    for tool in ("icupkg", "gcc", "nm", "readelf"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is missing: bash build/setup.sh installs it (icu-devtools, gcc)")
    workdir.mkdir(parents=True, exist_ok=True)
    symbol, offset, size = data_symbol(library)
    package = workdir / f"{symbol.removesuffix('_dat')}l.dat"  # the l: little-endian, as icupkg names it
    with library.open("rb") as stream:
        stream.seek(offset)
        package.write_bytes(stream.read(size))
    items = subprocess.run(["icupkg", "--list", str(package)], capture_output=True, text=True,
                           check=True).stdout.split()
    unpacked = workdir / "items"
    shutil.rmtree(unpacked, ignore_errors=True)
    unpacked.mkdir()
    subprocess.run(["icupkg", "--extract", "*", "--destdir", str(unpacked), str(package)], check=True,
                   capture_output=True)
    dropped = {item for item in items if not is_kept(item, (unpacked / item).stat().st_size)}
    trimmed = workdir / "trimmed" / package.name  # the same name: icupkg prefixes each item with it
    trimmed.parent.mkdir(exist_ok=True)
    dropped_list = workdir / "dropped.txt"
    while True:  # an item that needs a dropped one (a codec's extension of a CJK table) goes too
        dropped_list.write_text("\n".join(sorted(dropped)) + "\n", encoding="ascii")
        removal = subprocess.run(["icupkg", "--remove", str(dropped_list), str(package), str(trimmed)],
                                 capture_output=True, text=True)
        needing = set(re.findall(r"^Item (\S+) depends on missing item", removal.stderr, re.MULTILINE))
        if removal.returncode == 0:
            break
        if not needing - dropped:
            raise SystemExit(f"icupkg could not trim {package}: {removal.stderr[-2000:]}")
        dropped |= needing
    assembly = workdir / "icudata.S"
    assembly.write_text(
        '\t.section .rodata\n\t.balign 16\n'
        f'\t.globl {symbol}\n\t.type {symbol}, @object\n{symbol}:\n'
        f'\t.incbin "{trimmed}"\n\t.size {symbol}, . - {symbol}\n'
        '\t.section .note.GNU-stack,"",@progbits\n', encoding="ascii")
    built = workdir / library.name
    subprocess.run(["gcc", "-shared", "-nostdlib", f"-Wl,-soname,{library.name}", "-o", str(built),
                    str(assembly)], check=True)
    return built
