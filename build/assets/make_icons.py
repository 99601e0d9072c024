"""Regenerate the app icon files from the hand-written SVG next to this script.

Run from the repository root with the project's virtual environment (no extra packages needed):

    .venv/bin/python build/assets/make_icons.py

It renders build/assets/genai-desktop.svg with Qt's SVG renderer (offscreen, no display needed) and writes:

    build/assets/png/genai-desktop-{16,24,32,48,64,128,256,512}.png
    build/assets/genai-desktop.ico    Windows: 16, 24, 32, 48, 64, 128, 256 (PNG-compressed entries)
    build/assets/genai-desktop.icns   macOS: 16, 32, 128, 256, 512 and their @2x versions
    genai_desktop/resources/genai-desktop.svg   a copy of the SVG, the runtime window icon

The ICO and ICNS containers are written by hand below, so the output is the same on every run.
"""

from __future__ import annotations

import os
import shutil
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ASSETS = Path(__file__).resolve().parent
ROOT = ASSETS.parent.parent
SVG = ASSETS / "genai-desktop.svg"
RUNTIME_SVG = ROOT / "genai_desktop" / "resources" / "genai-desktop.svg"
PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512]
ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]
# ICNS entries: type code -> pixel size. 16 and 32 use the classic RLE RGB + 8-bit mask pair, which every macOS
# version reads; the rest are PNG. ic11..ic14 and ic10 are the @2x (Retina) versions of 16, 32, 128, 256, 512.
ICNS_PNG = {
    b"ic11": 32,
    b"ic12": 64,
    b"ic07": 128,
    b"ic13": 256,
    b"ic08": 256,
    b"ic14": 512,
    b"ic09": 512,
    b"ic10": 1024,
}
ICNS_RLE = {16: (b"is32", b"s8mk"), 32: (b"il32", b"l8mk")}


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG", 0):  # quality 0 = strongest compression
        raise RuntimeError("PNG encoding failed")
    buffer.close()
    return bytes(data)


def rgba_bytes(image: QImage) -> bytes:
    """Unpremultiplied RGBA, row by row, without any line padding."""
    image = image.convertToFormat(QImage.Format.Format_RGBA8888)
    bits, stride, row = bytes(image.constBits()), image.bytesPerLine(), image.width() * 4
    return b"".join(bits[y * stride : y * stride + row] for y in range(image.height()))


def ico(pngs: dict[int, bytes]) -> bytes:
    """ICONDIR + one ICONDIRENTRY per size + the PNG files (Windows Vista and later read PNG entries)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, data in pngs.items():
        side = size if size < 256 else 0  # 0 means 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        blobs += data
        offset += len(data)
    return header + entries + blobs


def literal_runs(channel: bytes) -> bytes:
    """Icns RLE with literal runs only (header byte n-1, then n bytes, n <= 128): valid and simple."""
    return b"".join(
        bytes([len(chunk) - 1]) + chunk for chunk in (channel[i : i + 128] for i in range(0, len(channel), 128))
    )


def icns(renderer: QSvgRenderer) -> bytes:
    def block(kind: bytes, data: bytes) -> bytes:
        return kind + struct.pack(">I", 8 + len(data)) + data

    body = b""
    for size, (rgb_kind, mask_kind) in ICNS_RLE.items():
        rgba = rgba_bytes(render(renderer, size))
        body += block(rgb_kind, b"".join(literal_runs(rgba[c::4]) for c in range(3)))
        body += block(mask_kind, rgba[3::4])
    for kind, size in ICNS_PNG.items():
        body += block(kind, png_bytes(render(renderer, size)))
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])  # noqa: F841 - Qt needs one for painting
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"cannot render {SVG}", file=sys.stderr)
        return 1
    pngs = {size: png_bytes(render(renderer, size)) for size in PNG_SIZES}
    (ASSETS / "png").mkdir(exist_ok=True)
    for size, data in pngs.items():
        (ASSETS / "png" / f"genai-desktop-{size}.png").write_bytes(data)
    (ASSETS / "genai-desktop.ico").write_bytes(ico({size: pngs[size] for size in ICO_SIZES}))
    (ASSETS / "genai-desktop.icns").write_bytes(icns(renderer))
    shutil.copyfile(SVG, RUNTIME_SVG)
    print(f"wrote {len(pngs)} PNGs, genai-desktop.ico, genai-desktop.icns and {RUNTIME_SVG.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
