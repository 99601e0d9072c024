"""Benchmark (issue 12, figures): attaching a 12-megapixel JPEG.

    .venv/bin/python tests/bench/bench_pictures.py [--repeat N] [--megapixels M]

Builds a photo-like 4032×3024 JPEG as a phone writes it (gradients and grain, an EXIF block with
the orientation "turned 90°" and a GPS position), then, each in a fresh child process so the peak
memory is its own:

- encoded data: ui.picture_prep.prepare_picture_file (decode at the reduced size, turn upright, scale
  to PICTURE_MAX_SIDE, re-encode bare pixels) - the time, the encoded size, the peak memory;
- chip: the same plus picture_thumbnail(96 px), what the composer does before it shows the chip;
- baseline, in the same run: the plain way with Qt alone, decoding the whole picture
  (QImageReader.read with the orientation applied), scaling it smoothly and writing a JPEG.

Peak memory is the child's VmHWM (RSS high-water mark) minus the VmHWM once Qt and the module
were imported and a small picture was prepared (so plugins and libraries are loaded). Times are the
median of --repeat runs in the child.
"""

from __future__ import annotations

import argparse
import json
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))


def build(path: Path, width: int, height: int) -> None:
    """Gradients with a tiled grain (JPEG sizes like a phone's: a few MB), written by Qt, then an EXIF
    segment spliced in after the start marker."""
    import random

    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QColor, QImage, QPainter, QRadialGradient

    rng = random.Random(12)
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(90, 120, 150))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for _ in range(60):
        centre = QPointF(rng.uniform(0, width), rng.uniform(0, height))
        gradient = QRadialGradient(centre, rng.uniform(width / 20, width / 4))
        gradient.setColorAt(0, QColor(rng.randrange(256), rng.randrange(256), rng.randrange(256), 200))
        gradient.setColorAt(1, QColor(0, 0, 0, 0))
        painter.setBrush(gradient)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(centre, width / 4, width / 4)
    side = 509  # a prime: the tiles do not line up with JPEG's 8×8 blocks
    grain = QImage(bytes(rng.getrandbits(8) for _ in range(side * side * 3)), side, side, side * 3,
                   QImage.Format.Format_RGB888).copy()
    painter.setOpacity(0.06)  # QPixmap (drawTiledPixmap) needs a GUI application: tiled by hand
    for x in range(0, width, side):
        for y in range(0, height, side):
            painter.drawImage(x, y, grain)
    painter.end()
    assert image.save(str(path), "JPEG", 92)
    data = path.read_bytes()
    exif = phone_exif()
    path.write_bytes(data[:2] + b"\xff\xe1" + struct.pack(">H", len(exif) + 2) + exif + data[2:])


def phone_exif() -> bytes:
    """EXIF as a phone writes it: orientation 6 (shown turned 90° clockwise) and a GPS position."""
    try:
        from PIL import Image
    except ImportError:  # Pillow is a test requirement; without it, the orientation only, by hand
        tiff = b"MM\x00\x2a\x00\x00\x00\x08" + struct.pack(">H", 1) + struct.pack(">HHIHH", 0x0112, 3, 1, 6, 0)
        return b"Exif\x00\x00" + tiff + b"\x00\x00\x00\x00"
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x8825] = {1: "N", 2: (52.0, 31.0, 12.34), 3: "E", 4: (13.0, 24.0, 34.56)}
    return exif.tobytes()


CHILD = r"""
import json, statistics, sys, time
sys.path.insert(0, sys.argv[1])
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage, QImageReader, QImageWriter
from genai_desktop.core.attachments import PICTURE_MAX_SIDE
from genai_desktop.ui.picture_prep import prepare_picture_file, picture_thumbnail, prepare_pasted_picture

def high_water():  # VmHWM starts anew at exec, unlike ru_maxrss, which a child inherits from its parent
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024

def plain_qt(path):
    reader = QImageReader(path)
    reader.setAutoTransform(True)
    image = reader.read()
    image = image.scaled(PICTURE_MAX_SIDE, PICTURE_MAX_SIDE, Qt.AspectRatioMode.KeepAspectRatio,
                         Qt.TransformationMode.SmoothTransformation)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, b"jpeg")
    writer.setQuality(85)
    writer.write(image)
    return bytes(data), image.width(), image.height()

def ours(path):
    picture = prepare_picture_file(path)
    return picture.data, picture.width, picture.height

thumbnail_times = []

def chip(path):
    picture = prepare_picture_file(path)
    start = time.perf_counter()
    picture_thumbnail(picture, 96)
    thumbnail_times.append(time.perf_counter() - start)
    return picture.data, picture.width, picture.height

what, path, repeat = sys.argv[2], sys.argv[3], int(sys.argv[4])
prepare_pasted_picture(QImage(64, 64, QImage.Format.Format_RGB32))  # loads the plugins and libraries
ours(sys.argv[5])
before = high_water()
run = {"plain_qt": plain_qt, "encoded": ours, "chip": chip}[what]
times = []
for _ in range(repeat):
    start = time.perf_counter()
    data, width, height = run(path)
    times.append(time.perf_counter() - start)
print(json.dumps({"seconds": statistics.median(times), "peak": high_water() - before, "bytes": len(data),
                  "width": width, "height": height,
                  "thumbnail": statistics.median(thumbnail_times) if thumbnail_times else 0}))
"""


def measure(what: str, path: Path, small: Path, repeat: int) -> dict:
    result = subprocess.run([sys.executable, "-c", CHILD, str(ROOT), what, str(path), str(repeat), str(small)],
                            capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise SystemExit(f"{what} failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--megapixels", type=float, default=12.2)
    args = parser.parse_args()
    width = int((args.megapixels * 1_000_000 * 4 / 3) ** 0.5) // 8 * 8
    height = width * 3 // 4
    with tempfile.TemporaryDirectory() as folder:
        path, small = Path(folder) / "IMG_0001.jpg", Path(folder) / "small.jpg"
        build(path, width, height)
        build(small, 64, 48)
        size = path.stat().st_size
        print(f"source: {width}×{height} ({width * height / 1e6:.1f} MP) JPEG, {size / 1e6:.2f} MB, EXIF orientation 6 "
              f"+ GPS; median of {args.repeat}, each measurement in a fresh process")
        results = {what: measure(what, path, small, args.repeat) for what in ("plain_qt", "encoded", "chip")}
    base = results["plain_qt"]
    print(f"{'':34} {'time':>8} {'ratio':>6} {'peak memory':>12} {'ratio':>6} {'encoded':>10}  size sent")
    for what, label in (("plain_qt", "baseline: Qt decodes all, scales"), ("encoded", "prepare_picture_file"),
                        ("chip", "prepare + thumbnail (to chip)")):
        figures = results[what]
        print(f"{label:34} {figures['seconds'] * 1000:6.0f}ms {figures['seconds'] / base['seconds']:6.2f} "
              f"{figures['peak'] / 1e6:10.1f}MB {figures['peak'] / max(base['peak'], 1):6.2f} "
              f"{figures['bytes'] / 1e6:8.2f}MB  {figures['width']}×{figures['height']}")
    print(f"of which the thumbnail (96 px, from the encoded picture): {results['chip']['thumbnail'] * 1000:.1f} ms")
    print(f"decoded whole, the picture alone is {width * height * 4 / 1e6:.0f} MB as 32-bit pixels")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
