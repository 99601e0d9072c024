"""Test pictures, made by the tests (no binaries checked in): a camera-like JPEG with GPS EXIF, an
orientation tag, a comment and an ICC profile (Pillow, test-only), a PNG with transparency and text
chunks, a WebP and a screenshot (Qt), an animated GIF (Pillow: Qt has no GIF writer), and image bombs
(a few hundred bytes declaring a huge picture). Each function writes a file and returns its path.

Marker colours say where a part of the picture went: the stored picture's left half is RED and its
right half BLUE, so after an EXIF rotation the test can see which way it was turned.
"""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

from PIL import Image, ImageCms
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QColorSpace, QImage, QImageWriter, QPainter

RED, BLUE, GREEN = (220, 20, 20), (20, 20, 220), (20, 200, 20)
GPS_LATITUDE = (52.0, 31.0, 12.34)  # Berlin: 52° 31′ 12.34″
SECRET = "Secret Person"  # written into every place a picture can carry text; never in what is sent
ORIENTATION_ROTATE_90_CW = 6  # EXIF: the camera was turned; show the stored picture turned 90° clockwise


def halves(width: int, height: int, mode: str = "RGB") -> Image.Image:
    picture = Image.new(mode, (width, height), RED)
    picture.paste(BLUE, (width // 2, 0, width, height))
    return picture


def camera_jpeg(path: Path, width: int = 400, height: int = 200, orientation: int = ORIENTATION_ROTATE_90_CW) -> Path:
    """A JPEG as a phone writes it: EXIF with GPS position, camera and owner, the orientation tag, a
    comment, an sRGB ICC profile and 300 dpi."""
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x013B] = SECRET  # Artist
    exif[0x8825] = {1: "N", 2: GPS_LATITUDE, 3: "E", 4: (13.0, 24.0, 34.56)}  # GPS IFD
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    halves(width, height).save(path, "JPEG", quality=90, exif=exif, comment=SECRET.encode(), icc_profile=icc,
                               dpi=(300, 300))
    return path


def cmyk_jpeg(path: Path, width: int = 60, height: int = 40) -> Path:
    Image.new("CMYK", (width, height), (0, 255, 255, 0)).save(path, "JPEG")  # red in CMYK
    return path


def qt_picture(width: int, height: int, transparent: bool = False) -> QImage:
    """Red left half, blue right half; with transparent, the bottom quarter is see-through."""
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor(*RED))
    painter = QPainter(image)
    painter.fillRect(width // 2, 0, width - width // 2, height, QColor(*BLUE))
    if transparent:
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
        painter.fillRect(0, height * 3 // 4, width, height - height * 3 // 4, QColor(0, 0, 0, 0))
    painter.end()
    return image


def screenshot(width: int = 800, height: int = 500) -> QImage:
    """Flat colours and sharp lines, like a window: far smaller as PNG than as JPEG."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(245, 245, 245))
    painter = QPainter(image)
    painter.fillRect(0, 0, width, 40, QColor(50, 80, 160))
    for row in range(60, height - 20, 24):
        painter.fillRect(20, row, (row * 7) % (width - 40) + 20, 10, QColor(30, 30, 30))
    painter.end()
    return image


def noise_picture(width: int, height: int, seed: int = 1) -> QImage:
    """Every pixel different, like a photo's grain: far smaller as JPEG than as PNG."""
    import random

    rng = random.Random(seed)
    base = QImage(bytes(rng.getrandbits(8) for _ in range(width * height * 3)), width, height, width * 3,
                  QImage.Format.Format_RGB888)
    return base.convertToFormat(QImage.Format.Format_RGB32)


def qt_written(image: QImage, image_format: bytes, text: dict | None = None, space=None) -> bytes:
    """image encoded by Qt, with text chunks and a colour space if given (Qt writes both into the file)."""
    image = image.copy()
    for key, value in (text or {}).items():
        image.setText(key, value)
    if space is not None:
        image.setColorSpace(QColorSpace(space))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert QImageWriter(buffer, image_format).write(image)
    return bytes(data)


def transparent_png(path: Path, width: int = 300, height: int = 200) -> Path:
    path.write_bytes(qt_written(qt_picture(width, height, transparent=True), b"png",
                                {"Author": SECRET, "Comment": SECRET}, QColorSpace.NamedColorSpace.DisplayP3))
    return path


def webp_picture(path: Path, width: int = 300, height: int = 200) -> Path:
    path.write_bytes(qt_written(qt_picture(width, height), b"webp", space=QColorSpace.NamedColorSpace.DisplayP3))
    return path


def animated_gif(path: Path, width: int = 40, height: int = 30) -> Path:
    """Three frames: red, green, blue. Only the first is sent."""
    frames = [Image.new("RGB", (width, height), colour) for colour in (RED, GREEN, BLUE)]
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=100, loop=0, comment=SECRET.encode())
    return path


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_bomb(path: Path, width: int = 60000, height: int = 60000) -> Path:
    """A valid PNG header declaring width×height pixels, with one compressed row of data: a few
    hundred bytes that a decoder would have to allocate gigabytes for."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (1 + 3 * width))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", rows)
                     + _png_chunk(b"IEND", b""))
    return path


def jpeg_bomb(path: Path, width: int = 60000, height: int = 60000) -> Path:
    """A small real JPEG whose frame header (SOF0) is changed to declare width×height."""
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), RED).save(buffer, "JPEG")
    data = bytearray(buffer.getvalue())
    sof = data.index(b"\xff\xc0")
    data[sof + 5: sof + 9] = struct.pack(">HH", height, width)
    path.write_bytes(bytes(data))
    return path


def gif_bomb(path: Path) -> Path:
    """A small GIF whose logical screen and first frame are changed to declare 65535×65535."""
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), RED).save(buffer, "GIF")
    data = bytearray(buffer.getvalue())
    data[6:10] = struct.pack("<HH", 65535, 65535)
    frame = data.index(b"\x2c\x00\x00\x00\x00")  # the image descriptor at (0, 0)
    data[frame + 5: frame + 9] = struct.pack("<HH", 65535, 65535)
    path.write_bytes(bytes(data))
    return path


# --- reading what was sent, independently of the code under test ---------------------------------------


def png_chunks(data: bytes) -> list[bytes]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    offset, kinds = 8, []
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset: offset + 4])
        kinds.append(data[offset + 4: offset + 8])
        offset += 12 + length
    return kinds


def jpeg_markers(data: bytes) -> list[int]:
    """The markers of a JPEG's header segments, up to the start of the compressed data (SOS)."""
    assert data.startswith(b"\xff\xd8")
    offset, markers = 2, []
    while True:
        assert data[offset] == 0xFF, offset
        marker = data[offset + 1]
        markers.append(marker)
        if marker == 0xDA:
            return markers
        (length,) = struct.unpack(">H", data[offset + 2: offset + 4])
        offset += 2 + length


def pillow_view(data: bytes) -> Image.Image:
    picture = Image.open(io.BytesIO(data))
    picture.load()
    return picture


def colour_at(image: QImage, x: int, y: int) -> tuple[int, int, int, int]:
    return QColor(image.pixelColor(x, y)).getRgb()


def close_to(colour, expected, tolerance: int = 24) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected))

