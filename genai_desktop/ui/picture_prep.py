"""Pictures a user attaches or pastes, made ready to send: decoded by Qt, turned upright, scaled so the
long side is at most PICTURE_MAX_SIDE, and re-encoded from bare pixels, so nothing of the original file
goes along: no EXIF (GPS, camera, time), no text chunks or comments, no ICC profile (the pixels are
converted to sRGB, which is what an untagged picture means).

QtGui only, and QImage only (never QPixmap): every function here is safe on a worker thread, where the
composer calls them. A refusal is an AttachmentRefused with its kind; the composer words it.

Which encoding: a picture with transparent pixels is PNG (JPEG has no transparency, and flattening it
onto a colour changes what the model sees). Otherwise a photo (a JPEG or WebP file) is JPEG, which is
several times smaller than PNG for photos; a picture from a lossless source (a PNG, GIF or lossless
WebP file, a pasted screenshot: text, diagrams) is encoded both ways and the smaller is kept, so a screenshot usually stays
a sharp PNG and a photo saved as PNG goes as JPEG.
"""

from __future__ import annotations

import os
import stat
from datetime import datetime

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QSize, Qt
from PySide6.QtGui import QColorSpace, QImage, QImageReader, QImageWriter

from ..core.attachments import (
    PICTURE_MAX_BYTES,
    PICTURE_MAX_SIDE,
    Attachment,
    AttachmentKind,
    AttachmentRefused,
    RefusalKind,
    base_name,
)

PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".jfif", ".webp", ".gif")

# The four formats read, told apart by their first bytes (never by the name, and never by asking every
# Qt plugin: hostile bytes only ever meet the decoder of the format they claim to be).
_SIGNATURES = ((b"\x89PNG\r\n\x1a\n", b"png"), (b"\xff\xd8\xff", b"jpeg"), (b"GIF87a", b"gif"), (b"GIF89a", b"gif"))
_LOSSLESS_SOURCES = (b"png", b"gif")  # and a lossless WebP (its first chunk is VP8L)

# An image bomb is a small file that declares a huge picture (a few KB of PNG can declare 60000×60000):
# its size is read from the header and checked before anything is decoded. 50 megapixels (the largest
# common phone photo) are about 200 MB as 32-bit pixels, below Qt's own allocation limit (256 MB).
# PNG, WebP and GIF are decoded whole. A baseline JPEG is decoded at 1/8 to 8/8 of its size (libjpeg's
# scaling, which Qt uses when told the size wanted: 40 MB for 48 megapixels), but a progressive one
# holds all its coefficients while decoding (165 MB for 48 megapixels), so JPEGs get no larger limit.
MAX_PIXELS = 50_000_000
BYTES_PER_PIXEL = 4  # what the limit stated in an EXPANDS_TOO_MUCH refusal counts in
JPEG_QUALITY = 85
SENT_DOTS_PER_METER = 3779  # 96 dpi as JPEG stores it: a picture sent says nothing of the camera or screen

_SRGB = QColorSpace(QColorSpace.NamedColorSpace.SRgb)


def is_picture(name: str) -> bool:
    """Whether a file name says a picture this module reads (the content decides in the end)."""
    return name.lower().endswith(PICTURE_SUFFIXES)


def prepare_picture_file(path: str | os.PathLike) -> Attachment:
    """A picture file as it will be sent (raises AttachmentRefused: VANISHED, UNREADABLE, EMPTY,
    TOO_LARGE by stat before reading, UNSUPPORTED, DAMAGED, EXPANDS_TOO_MUCH for an image bomb)."""
    path = os.fspath(path)
    name = base_name(path)
    try:
        status = os.stat(path)
        if not stat.S_ISREG(status.st_mode):
            raise AttachmentRefused(RefusalKind.UNREADABLE, name, detail="not a regular file")
        if status.st_size == 0:
            raise AttachmentRefused(RefusalKind.EMPTY, name)
        if status.st_size > PICTURE_MAX_BYTES:  # by stat: a huge file is never opened to find out
            raise AttachmentRefused(RefusalKind.TOO_LARGE, name, PICTURE_MAX_BYTES)
        with open(path, "rb") as file:
            head = file.read(16)
    except FileNotFoundError:
        raise AttachmentRefused(RefusalKind.VANISHED, name) from None
    except OSError as exc:
        raise AttachmentRefused(RefusalKind.UNREADABLE, name, detail=type(exc).__name__) from None
    image_format = _format_of(head)
    if image_format is None:
        kind = RefusalKind.DAMAGED if is_picture(name) else RefusalKind.UNSUPPORTED
        raise AttachmentRefused(kind, name, detail="not PNG, JPEG, WebP or GIF by content")
    reader = _reader(path, image_format)  # reads the file as the decoder needs it, never whole
    image = _decode(reader, name, _gif_screen(head) if image_format == b"gif" else QSize())
    data, mime = _encode(image, try_png=image_format in _LOSSLESS_SOURCES or head[12:16] == b"VP8L")
    return Attachment(AttachmentKind.PICTURE, name, mime, status.st_size, data=data, width=image.width(),
                      height=image.height(), source=path, source_stamp=(status.st_size, status.st_mtime_ns))


def prepare_pasted_picture(image: QImage) -> Attachment:
    """A picture from the clipboard (a screenshot, a copied image) as it will be sent, named
    "Pasted picture <date time>.png/.jpg" (raises AttachmentRefused EMPTY for an empty picture)."""
    stamp = datetime.now().strftime("%Y-%m-%d %H.%M.%S")
    name = QCoreApplication.translate("PicturePrep", "Pasted picture %1").replace("%1", stamp)
    if image.isNull() or image.width() <= 0 or image.height() <= 0:
        raise AttachmentRefused(RefusalKind.EMPTY, name)
    fitted = _fitted(image.size(), PICTURE_MAX_SIDE)
    if fitted != image.size():
        image = image.scaled(fitted, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation)
    data, mime = _encode(image, try_png=True)
    name += ".png" if mime == "image/png" else ".jpg"
    return Attachment(AttachmentKind.PICTURE, name, mime, len(data), data=data, width=image.width(),
                      height=image.height())


def picture_thumbnail(attachment: Attachment, side: int) -> QImage:
    """The picture scaled to fit a side×side square (never enlarged), for its chip; a null QImage if
    the data cannot be read or declares more than MAX_PIXELS (data from a history file or an import
    is outside input too). A JPEG is decoded at the small size directly: a few milliseconds."""
    image_format = _format_of(attachment.data[:16])
    if image_format is None:
        return QImage()
    buffer = _buffer(attachment.data)  # kept in a name: the reader does not own its device
    reader = _reader(buffer, image_format)
    size = reader.size()
    if image_format == b"gif":
        size = size.expandedTo(_gif_screen(attachment.data[:16]))
    if not size.isValid() or size.width() * size.height() > MAX_PIXELS:
        return QImage()
    if max(size.width(), size.height()) > side > 0:
        reader.setScaledSize(_fitted(size, side))
    image = reader.read()
    if max(image.width(), image.height()) > side > 0:  # a GIF frame smaller than its screen
        image = image.scaled(_fitted(image.size(), side), Qt.AspectRatioMode.IgnoreAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    return image


def check_picture_formats() -> tuple[bool, str]:
    """For the self-test: Qt's plugins for the formats read and written are there (a frozen file that
    lacks one would refuse every such picture as damaged)."""
    readable = {bytes(name).decode() for name in QImageReader.supportedImageFormats()}
    writable = {bytes(name).decode() for name in QImageWriter.supportedImageFormats()}
    missing = sorted({"png", "jpeg", "gif", "webp"} - readable) + [
        f"{name} (writing)" for name in sorted({"png", "jpeg"} - writable)]
    if missing:
        return False, "Qt cannot handle " + ", ".join(missing)
    return True, "Qt reads PNG, JPEG, GIF and WebP and writes PNG and JPEG"


def _reader(source, image_format: bytes) -> QImageReader:
    reader = QImageReader(source, image_format)
    reader.setAutoDetectImageFormat(False)  # that format's plugin or none: Qt would try every plugin
    return reader


def _format_of(head: bytes) -> bytes | None:
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return b"webp"
    return next((image_format for signature, image_format in _SIGNATURES if head.startswith(signature)), None)


def _gif_screen(head: bytes) -> QSize:
    """A GIF's logical screen: Qt decodes the first frame onto a picture of this size, but its
    QImageReader.size() is the frame's own, so a bomb can hide a huge screen behind a small frame."""
    width, height = int.from_bytes(head[6:8], "little"), int.from_bytes(head[8:10], "little")
    return QSize(width, height)


def _decode(reader: QImageReader, name: str, also_declared: QSize) -> QImage:
    """The first frame, upright (EXIF orientation), scaled to PICTURE_MAX_SIDE."""
    reader.setAutoTransform(True)
    size = reader.size()  # from the header: nothing decoded yet
    if not size.isValid() or size.width() <= 0 or size.height() <= 0:
        raise AttachmentRefused(RefusalKind.DAMAGED, name, detail=f"no size: {reader.errorString()}")
    declared = size.expandedTo(also_declared)
    if declared.width() * declared.height() > MAX_PIXELS:
        raise AttachmentRefused(RefusalKind.EXPANDS_TOO_MUCH, name, MAX_PIXELS * BYTES_PER_PIXEL,
                                detail=f"declares {declared.width()}×{declared.height()} pixels")
    fitted = _fitted(size, PICTURE_MAX_SIDE)
    if fitted != size:
        reader.setScaledSize(fitted)  # before the orientation is applied: sizes are the file's own
    image = reader.read()
    if image.isNull():
        raise AttachmentRefused(RefusalKind.DAMAGED, name, detail=reader.errorString())
    fitted = _fitted(image.size(), PICTURE_MAX_SIDE)
    if fitted != image.size():  # a header that said less than the decoder made
        image = image.scaled(fitted, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation)
    return image


def _encode(image: QImage, try_png: bool) -> tuple[bytes, str]:
    """The picture's bare pixels encoded (see the module's docstring for which way), and the type."""
    opaque = not (image.hasAlphaChannel() and _has_transparent_pixels(image))
    target = QImage.Format.Format_RGB32 if opaque else QImage.Format.Format_ARGB32
    space = image.colorSpace()
    if space.isValid() and space != _SRGB:
        image = image.convertedToColorSpace(_SRGB, target)
    image = _pixels_only(image.convertToFormat(target))
    if not opaque:
        return _written(image, b"png"), "image/png"
    jpeg = _written(image, b"jpeg")  # empty if Qt's JPEG plugin is missing: then PNG, built into QtGui
    if try_png or not jpeg:
        png = _written(image, b"png")
        if not jpeg or len(png) <= len(jpeg):
            return png, "image/png"
    return jpeg, "image/jpeg"


def _pixels_only(image: QImage) -> QImage:
    """A copy made from the pixel bytes alone: none of the source's text (PNG tEXt, JPEG comments),
    colour space or resolution, which QImage otherwise carries through scaling and into the writer."""
    bare = QImage(image.constBits(), image.width(), image.height(), image.bytesPerLine(), image.format()).copy()
    # A new QImage takes the screen's resolution once a window exists: the same 96 dpi always instead.
    bare.setDotsPerMeterX(SENT_DOTS_PER_METER)
    bare.setDotsPerMeterY(SENT_DOTS_PER_METER)
    return bare


def _has_transparent_pixels(image: QImage) -> bool:
    alpha = image.convertToFormat(QImage.Format.Format_Alpha8)
    bits, width, step = alpha.constBits(), alpha.width(), alpha.bytesPerLine()
    return any(bits[row * step: row * step + width].tobytes().strip(b"\xff") for row in range(alpha.height()))


def _written(image: QImage, image_format: bytes) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, image_format)
    if image_format == b"jpeg":
        writer.setQuality(JPEG_QUALITY)
        writer.setOptimizedWrite(True)  # optimised Huffman tables: a few per cent smaller, same pixels
    if not writer.write(image):
        if image_format == b"png":
            raise RuntimeError(f"Qt could not write PNG: {writer.errorString()}")
        return b""
    buffer.close()
    return bytes(data)


def _buffer(data: bytes) -> QBuffer:
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    return buffer


def _fitted(size: QSize, longest: int) -> QSize:
    """size scaled down (never up) so its long side is at most longest, the aspect ratio kept."""
    width, height = size.width(), size.height()
    if max(width, height) <= longest:
        return QSize(width, height)
    scale = longest / max(width, height)
    return QSize(max(1, round(width * scale)), max(1, round(height * scale)))
