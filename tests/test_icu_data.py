"""The Linux release's smaller ICU data library (build/icu_data.py): what Qt needs still works."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "build"))

import icu_data  # noqa: E402

QT_LIB = Path(__import__("PySide6").__file__).parent / "Qt" / "lib"


@pytest.mark.parametrize("item, size, kept", [
    ("coll/root.res", 1000, True), ("coll/ucadata.icu", 200_000, True), ("coll/de__PHONEBOOK.res", 900, True),
    ("coll/res_index.res", 900, True), ("coll/zh.res", 400_000, False), ("coll/es_.res", 100, False),
    ("de_AT.res", 900, True), ("en_GB.res", 900, True), ("root.res", 900, True), ("fr.res", 900, False),
    ("res_index.res", 900, True), ("supplementalData.res", 300_000, True), ("zoneinfo64.res", 150_000, True),
    ("brkitr/cjdict.dict", 2_000_000, False), ("lang/de.res", 900, False), ("unit/en.res", 900, False),
    ("ibm-5348_P100-1997.cnv", 4000, True), ("ibm-943_P15A-2003.cnv", 300_000, False), ("rfc3491.spp", 1000, False),
    ("cnvalias.icu", 100_000, True), ("uts46.nrm", 60_000, True),
])
def test_what_is_kept(item, size, kept):
    assert icu_data.is_kept(item, size) is kept


SORTING = """
from PySide6.QtCore import QCoreApplication, QLocale, QTimeZone
app = QCoreApplication([])
from genai_desktop.app import check_sorting
print(check_sorting().line())
print(QLocale("de_DE").toUpper("straße"), QLocale("tr_TR").toUpper("i"), QTimeZone(b"Europe/Berlin").isValid())
"""


@pytest.mark.skipif(not list(QT_LIB.glob("libicudata.so.*")), reason="Qt brings its own ICU only on Linux")
def test_the_trimmed_library_sorts_names_as_the_whole_one(tmp_path):
    original = next(QT_LIB.glob("libicudata.so.*"))
    trimmed = icu_data.trimmed_icu_library(original, tmp_path / "work")
    assert trimmed.name == original.name and trimmed.stat().st_size < original.stat().st_size / 5
    for library in (original, trimmed):
        # Qt's ICU libraries find their data library by RUNPATH; LD_LIBRARY_PATH comes first.
        child = subprocess.run([sys.executable, "-c", SORTING], capture_output=True, text=True, timeout=120,
                               cwd=ROOT, env={**os.environ, "LD_LIBRARY_PATH": str(library.parent)})
        assert child.returncode == 0, child.stderr
        assert child.stdout.splitlines() == [
            "sorting: ok - German names in order: apfel, Äpfel, Birne, datei9, datei10, Zebra", "STRASSE İ True"]
        assert child.stderr == ""  # no "Could not create collator"
