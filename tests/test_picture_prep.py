"""ui/picture_prep.py (issue 12, point 3): pictures decoded by Qt, turned upright, scaled to
PICTURE_MAX_SIDE and re-encoded with no metadata at all; every refusal; hostile bytes (Hypothesis).

The pictures are made here (tests/picture_files.py); what is sent is checked with Pillow and by
walking the bytes (PNG chunks, JPEG markers), not with the code under test.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColorSpace, QImage, QImageReader

from genai_desktop.core.attachments import (
    PICTURE_MAX_BYTES,
    PICTURE_MAX_SIDE,
    Attachment,
    AttachmentKind,
    AttachmentRefused,
    RefusalKind,
    check_source,
)
from genai_desktop.ui import picture_prep
from genai_desktop.ui.picture_prep import (
    SENT_DOTS_PER_METER,
    is_picture,
    picture_thumbnail,
    prepare_pasted_picture,
    prepare_picture_file,
)
from picture_files import (
    BLUE,
    GREEN,
    RED,
    SECRET,
    animated_gif,
    camera_jpeg,
    close_to,
    cmyk_jpeg,
    colour_at,
    gif_bomb,
    jpeg_bomb,
    jpeg_markers,
    noise_picture,
    pillow_view,
    png_bomb,
    png_chunks,
    qt_picture,
    qt_written,
    screenshot,
    transparent_png,
    webp_picture,
)

# What a re-encoded picture may hold: the pixels and what decoders need to read them (PNG: header,
# palette/transparency if any, physical pixel size as Qt writes it for every picture alike, data).
PNG_CHUNKS = {b"IHDR", b"PLTE", b"tRNS", b"pHYs", b"IDAT", b"IEND"}
JPEG_APP0, JPEG_SEGMENTS = 0xE0, {0xE0, 0xDB, 0xC0, 0xC1, 0xC2, 0xC4, 0xDD, 0xDA}  # JFIF, tables, frame, scan


def decoded(data: bytes) -> QImage:
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    image = QImageReader(buffer).read()
    assert not image.isNull()
    return image


def assert_bare(data: bytes, mime: str) -> None:
    """Nothing but pixels: no EXIF (GPS), no ICC profile, no text, comment or XMP; the secret nowhere."""
    assert SECRET.encode() not in data and b"Exif" not in data and b"GPS" not in data
    view = pillow_view(data)
    assert not view.getexif() and "icc_profile" not in view.info and "exif" not in view.info
    assert "comment" not in view.info and "xmp" not in view.info
    if mime == "image/png":
        assert view.format == "PNG" and data.startswith(b"\x89PNG")
        assert set(png_chunks(data)) <= PNG_CHUNKS, png_chunks(data)
        assert not view.text
    else:
        assert mime == "image/jpeg" and view.format == "JPEG"
        assert set(jpeg_markers(data)) <= JPEG_SEGMENTS, [hex(marker) for marker in jpeg_markers(data)]


# --- what is sent -------------------------------------------------------------------------------------------


def test_camera_jpeg_goes_upright_and_without_gps_exif_comment_or_profile(tmp_path):
    path = camera_jpeg(tmp_path / "IMG_0042.JPG", 400, 200)
    assert pillow_view(path.read_bytes()).getexif().get_ifd(0x8825)  # the source has a GPS position
    picture = prepare_picture_file(str(path))
    assert picture.kind is AttachmentKind.PICTURE and picture.name == "IMG_0042.JPG"
    assert picture.mime == "image/jpeg" and picture.size == path.stat().st_size
    assert_bare(picture.data, picture.mime)
    # Turned 90° clockwise as the tag says: the stored left half (red) is now on top.
    image = decoded(picture.data)
    assert (picture.width, picture.height) == (image.width(), image.height()) == (200, 400)
    assert close_to(colour_at(image, 100, 20), RED) and close_to(colour_at(image, 100, 380), BLUE)
    assert image.dotsPerMeterX() == SENT_DOTS_PER_METER  # the camera's 300 dpi stayed behind


def test_a_large_photo_is_scaled_so_the_long_side_is_the_limit(tmp_path):
    path = camera_jpeg(tmp_path / "big.jpg", 4000, 3000, orientation=1)
    picture = prepare_picture_file(str(path))
    assert (picture.width, picture.height) == (PICTURE_MAX_SIDE, 1536)
    image = decoded(picture.data)
    assert (image.width(), image.height()) == (PICTURE_MAX_SIDE, 1536)
    assert close_to(colour_at(image, 10, 10), RED) and close_to(colour_at(image, PICTURE_MAX_SIDE - 10, 10), BLUE)


def test_a_small_picture_is_not_enlarged(tmp_path):
    picture = prepare_picture_file(str(camera_jpeg(tmp_path / "small.jpg", 40, 30, orientation=1)))
    assert (picture.width, picture.height) == (40, 30)


def test_transparent_png_stays_png_with_its_transparency_and_without_text_or_profile(tmp_path):
    path = transparent_png(tmp_path / "logo.png", 300, 200)
    assert b"iCCP" in path.read_bytes() and SECRET.encode() in path.read_bytes()  # what the source holds
    picture = prepare_picture_file(str(path))
    assert picture.mime == "image/png" and (picture.width, picture.height) == (300, 200)
    assert_bare(picture.data, picture.mime)
    image = decoded(picture.data)
    assert colour_at(image, 10, 190)[3] == 0 and colour_at(image, 10, 10)[3] == 255


def test_pixels_in_another_colour_space_are_converted_to_srgb_when_the_profile_is_dropped(tmp_path):
    source = QImage(64, 64, QImage.Format.Format_RGB32)
    source.fill(0xFF649632)  # (100, 150, 50) in ProPhoto RGB: a quite different colour in sRGB
    source.setColorSpace(QColorSpace(QColorSpace.NamedColorSpace.ProPhotoRgb))
    path = tmp_path / "wide.png"
    path.write_bytes(qt_written(source, b"png"))
    expected = colour_at(source.convertedToColorSpace(QColorSpace(QColorSpace.NamedColorSpace.SRgb)), 5, 5)
    assert not close_to(expected, (100, 150, 50, 255), 10)
    picture = prepare_picture_file(str(path))
    assert_bare(picture.data, picture.mime)
    assert close_to(colour_at(decoded(picture.data), 5, 5), expected, 3)


def test_a_screenshot_png_stays_png_and_a_photo_png_goes_as_jpeg(tmp_path):
    """Lossless sources are encoded both ways and the smaller kept; either way the other is larger."""
    flat = tmp_path / "window.png"
    flat.write_bytes(qt_written(screenshot(), b"png", {"Software": SECRET}))
    grainy = tmp_path / "photo.png"
    grainy.write_bytes(qt_written(noise_picture(400, 300), b"png"))
    as_png, as_jpeg = prepare_picture_file(str(flat)), prepare_picture_file(str(grainy))
    assert as_png.mime == "image/png" and as_jpeg.mime == "image/jpeg"
    assert_bare(as_png.data, as_png.mime) and assert_bare(as_jpeg.data, as_jpeg.mime)  # noqa: PT018
    assert len(as_jpeg.data) < len(picture_prep._written(decoded(as_jpeg.data), b"png"))
    assert len(as_png.data) < len(picture_prep._written(decoded(as_png.data), b"jpeg"))


def test_webp_is_read_and_sent_as_jpeg_without_its_profile(tmp_path):
    path = webp_picture(tmp_path / "photo.webp")
    assert b"ICCP" in path.read_bytes()
    picture = prepare_picture_file(str(path))
    assert picture.name == "photo.webp" and picture.mime == "image/jpeg"  # the name stays the user's
    assert_bare(picture.data, picture.mime)
    image = decoded(picture.data)
    assert close_to(colour_at(image, 10, 10), RED, 40) and close_to(colour_at(image, 290, 10), BLUE, 40)


def test_a_lossless_webp_screenshot_goes_as_png(tmp_path):
    path = tmp_path / "window.webp"
    path.write_bytes(qt_written(screenshot(), b"webp", quality=100))
    assert path.read_bytes()[12:16] == b"VP8L"
    picture = prepare_picture_file(str(path))
    assert picture.mime == "image/png"
    assert_bare(picture.data, picture.mime)


def test_animated_gif_sends_its_first_frame(tmp_path):
    path = animated_gif(tmp_path / "dance.gif")
    picture = prepare_picture_file(str(path))
    assert picture.mime == "image/png" and (picture.width, picture.height) == (40, 30)
    assert_bare(picture.data, picture.mime)
    assert close_to(colour_at(decoded(picture.data), 20, 15), RED, 4)
    assert not close_to(colour_at(decoded(picture.data), 20, 15), GREEN, 40)


def test_cmyk_jpeg_is_sent_as_rgb(tmp_path):
    picture = prepare_picture_file(str(cmyk_jpeg(tmp_path / "print.jpg")))
    view = pillow_view(picture.data)
    assert view.mode == "RGB"
    red, green, blue = view.getpixel((30, 20))
    assert red > 200 and green < 60 and blue < 60


def test_a_picture_file_is_recognised_by_content_not_name(tmp_path):
    path = tmp_path / "clipboard-export"  # no extension: the bytes say PNG
    path.write_bytes(qt_written(qt_picture(20, 10), b"png"))
    assert prepare_picture_file(path).width == 20  # a Path will do too
    assert prepare_picture_file(path).source == str(path)


def test_the_attachment_knows_its_file_for_the_check_before_sending(tmp_path):
    path = camera_jpeg(tmp_path / "a.jpg", 40, 30)
    picture = prepare_picture_file(str(path))
    assert picture.source == str(path) and picture.source_stamp == (path.stat().st_size, path.stat().st_mtime_ns)
    check_source(picture)
    camera_jpeg(path, 41, 30)
    with pytest.raises(AttachmentRefused) as refused:
        check_source(picture)
    assert refused.value.kind is RefusalKind.CHANGED


def test_is_picture_by_name():
    for name in ("a.png", "B.JPG", "c.jpeg", "d.webp", "e.gif", "f.jfif"):
        assert is_picture(name)
    for name in ("a.svg", "b.bmp", "c.tiff", "d.pdf", "e.png.txt", "png"):
        assert not is_picture(name)


def test_prepared_on_a_worker_thread_like_on_the_gui_thread(tmp_path):
    path = transparent_png(tmp_path / "logo.png")
    results = []
    worker = threading.Thread(target=lambda: results.append(prepare_picture_file(str(path))))
    worker.start()
    worker.join(30)
    assert results and results[0] == prepare_picture_file(str(path))
    assert not picture_thumbnail(results[0], 48).isNull()


# --- pasted pictures ------------------------------------------------------------------------------------------


def test_a_pasted_screenshot_goes_as_png_named_for_the_paste():
    image = screenshot(1200, 700)
    image.setText("Comment", SECRET)
    picture = prepare_pasted_picture(image)
    assert picture.mime == "image/png" and picture.name.startswith("Pasted picture ") and picture.name.endswith(".png")
    assert picture.size == len(picture.data) and picture.source == "" and picture.source_stamp == ()
    assert (picture.width, picture.height) == (1200, 700)
    assert_bare(picture.data, picture.mime)
    check_source(picture)  # nothing to check: it has no file


def test_a_large_pasted_picture_is_scaled_and_a_photo_goes_as_jpeg():
    """Clipboards often hand over ARGB32 with every pixel opaque: that is no reason for PNG."""
    picture = prepare_pasted_picture(noise_picture(3000, 1000).convertToFormat(QImage.Format.Format_ARGB32))
    assert (picture.width, picture.height) == (PICTURE_MAX_SIDE, 683)
    assert picture.mime == "image/jpeg" and picture.name.endswith(".jpg")
    assert decoded(picture.data).size().toTuple() == (PICTURE_MAX_SIDE, 683)


def test_a_pasted_picture_keeps_its_transparency():
    picture = prepare_pasted_picture(qt_picture(100, 80, transparent=True))
    assert picture.mime == "image/png" and colour_at(decoded(picture.data), 5, 75)[3] == 0


def test_an_empty_pasted_picture_is_refused():
    with pytest.raises(AttachmentRefused) as refused:
        prepare_pasted_picture(QImage())
    assert refused.value.kind is RefusalKind.EMPTY and refused.value.name.startswith("Pasted picture")


# --- the chip's thumbnail ---------------------------------------------------------------------------------------


def test_thumbnail_fits_the_square_keeps_the_shape_and_never_enlarges(tmp_path):
    photo = prepare_picture_file(str(camera_jpeg(tmp_path / "p.jpg", 4000, 3000, orientation=1)))
    thumbnail = picture_thumbnail(photo, 64)
    assert (thumbnail.width(), thumbnail.height()) == (64, 48)
    assert close_to(colour_at(thumbnail, 5, 24), RED) and close_to(colour_at(thumbnail, 58, 24), BLUE)
    logo = prepare_picture_file(str(transparent_png(tmp_path / "l.png", 30, 20)))
    assert picture_thumbnail(logo, 64).size().toTuple() == (30, 20)
    assert picture_thumbnail(logo, 10).size().toTuple() == (10, 7)


def stored(data: bytes, mime: str = "image/png") -> Attachment:
    """A picture as a history row or an import might hand it back: any bytes."""
    return Attachment(AttachmentKind.PICTURE, "stored.png", mime, len(data), data=data, width=3, height=2)


@pytest.mark.qt_log_level_fail("CRITICAL")  # libpng says what it thinks of the bytes
def test_thumbnail_of_damaged_data_is_a_null_image(tmp_path):
    logo = prepare_picture_file(str(transparent_png(tmp_path / "l.png")))
    assert picture_thumbnail(stored(logo.data[:40]), 64).isNull()
    assert picture_thumbnail(stored(b"not a picture at all"), 64).isNull()


def test_thumbnail_of_an_image_bomb_is_a_null_image_without_decoding(tmp_path):
    """Stored data is outside input too (an import): a thumbnail is made on the GUI thread."""
    for make in (png_bomb, gif_bomb, small_frame_huge_screen):
        assert picture_thumbnail(stored(make(tmp_path / "bomb").read_bytes()), 64).isNull()


def test_thumbnail_reads_the_format_from_the_bytes_not_the_type(tmp_path):
    gif = animated_gif(tmp_path / "a.gif").read_bytes()
    assert picture_thumbnail(stored(gif, "image/jpeg"), 64).size().toTuple() == (40, 30)


# --- refusals -------------------------------------------------------------------------------------------------


def refusal(path: Path) -> AttachmentRefused:
    with pytest.raises(AttachmentRefused) as refused:
        prepare_picture_file(str(path))
    assert refused.value.name == path.name  # named by its base name, never the folder
    return refused.value


def test_refused_missing_folder_and_empty_file(tmp_path):
    assert refusal(tmp_path / "gone.png").kind is RefusalKind.VANISHED
    (tmp_path / "folder.png").mkdir()
    assert refusal(tmp_path / "folder.png").kind is RefusalKind.UNREADABLE
    (tmp_path / "empty.png").write_bytes(b"")
    assert refusal(tmp_path / "empty.png").kind is RefusalKind.EMPTY


@pytest.mark.skipif(os.name != "posix", reason="FIFOs and /dev/zero")
def test_refused_devices_and_pipes_without_opening_them(tmp_path):
    """Opening a FIFO waits for a writer and /dev/zero never ends: both are refused by stat."""
    os.mkfifo(tmp_path / "pipe.png")
    (tmp_path / "zero.jpg").symlink_to("/dev/zero")
    for name in ("pipe.png", "zero.jpg"):
        assert refusal(tmp_path / name).kind is RefusalKind.UNREADABLE


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs file permissions that apply")
def test_refused_unreadable_file(tmp_path):
    path = camera_jpeg(tmp_path / "locked.jpg", 20, 20)
    path.chmod(0)
    assert refusal(path).kind is RefusalKind.UNREADABLE


def test_refused_too_large_by_its_size_without_reading_it(tmp_path, monkeypatch):
    path = tmp_path / "huge.png"
    with open(path, "wb") as file:  # sparse: 20 MB + 1 byte on the disk's word, none of it written
        file.write(qt_written(qt_picture(8, 8), b"png"))
        file.truncate(PICTURE_MAX_BYTES + 1)
    opened = []
    monkeypatch.setattr(picture_prep, "open", lambda *args, **kwargs: opened.append(args), raising=False)
    monkeypatch.setattr(picture_prep, "QImageReader", lambda *args: opened.append(args))
    refused = refusal(path)
    assert refused.kind is RefusalKind.TOO_LARGE and refused.limit == PICTURE_MAX_BYTES and not opened


def test_a_picture_at_the_size_limit_is_read(tmp_path):
    path = tmp_path / "padded.png"
    with open(path, "wb") as file:  # trailing bytes after IEND are ignored by decoders
        file.write(qt_written(qt_picture(8, 8), b"png"))
        file.truncate(PICTURE_MAX_BYTES)
    assert prepare_picture_file(str(path)).width == 8


@pytest.mark.qt_log_level_fail("CRITICAL")  # the decoders say what they think of the bytes
@pytest.mark.parametrize("content", [b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, b"\xff\xd8\xff" + b"\x13" * 500,
                                     b"GIF89a" + b"\xff" * 40, b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 30,
                                     b"hello, I am text, not a picture", b"<svg xmlns='http://www.w3.org/2000/svg'/>"])
def test_refused_damaged_when_the_name_says_picture(tmp_path, content):
    path = tmp_path / "broken.png"
    path.write_bytes(content)
    assert refusal(path).kind is RefusalKind.DAMAGED


@pytest.mark.qt_log_level_fail("CRITICAL")
def test_refused_damaged_when_cut_off(tmp_path):
    whole = qt_written(noise_picture(64, 64), b"png")
    path = tmp_path / "cut.png"
    path.write_bytes(whole[: len(whole) // 2])
    assert refusal(path).kind is RefusalKind.DAMAGED


def test_refused_unsupported_types(tmp_path):
    bmp = tmp_path / "old.bmp"
    bmp.write_bytes(qt_written(qt_picture(8, 8), b"bmp"))
    svg = tmp_path / "drawing.svg"
    svg.write_text("<svg xmlns='http://www.w3.org/2000/svg'><image href='https://example.com/x.png'/></svg>")
    tiff = tmp_path / "scan.tiff"
    tiff.write_bytes(qt_written(qt_picture(8, 8), b"tiff"))
    for path in (bmp, svg, tiff):
        assert refusal(path).kind is RefusalKind.UNSUPPORTED


def small_frame_huge_screen(path: Path) -> Path:
    return gif_bomb(path, screen=65535, frame=16)


@pytest.mark.parametrize("make", [png_bomb, jpeg_bomb, gif_bomb, small_frame_huge_screen])
def test_refused_image_bomb_before_decoding(tmp_path, make):
    """A few hundred bytes declaring billions of pixels: refused from the header. Were it decoded, Qt's
    allocation limit would log a warning, which fails this test."""
    path = make(tmp_path / "bomb.img")
    assert path.stat().st_size < 50_000
    refused = refusal(path)
    assert refused.kind is RefusalKind.EXPANDS_TOO_MUCH
    assert refused.limit == picture_prep.MAX_PIXELS * 4


@pytest.mark.qt_log_level_fail("CRITICAL")  # the 1-megapixel one has one row of data: libpng says so
def test_a_gif_screen_larger_than_its_frame_is_still_scaled_to_the_limit(tmp_path):
    """Qt's reader says the frame's size (16×16) but decodes onto the 3000×3000 screen."""
    picture = prepare_picture_file(str(gif_bomb(tmp_path / "screen.gif", screen=3000, frame=16)))
    assert (picture.width, picture.height) == (PICTURE_MAX_SIDE, PICTURE_MAX_SIDE)
    assert decoded(picture.data).size().toTuple() == (PICTURE_MAX_SIDE, PICTURE_MAX_SIDE)


def test_a_png_just_over_the_pixel_limit_is_refused_as_a_bomb_and_a_smaller_one_is_not(tmp_path):
    over = png_bomb(tmp_path / "over.png", 10_000, picture_prep.MAX_PIXELS // 10_000 + 1)
    refused = refusal(over)
    assert refused.kind is RefusalKind.EXPANDS_TOO_MUCH and refused.limit == picture_prep.MAX_PIXELS * 4
    try:
        prepare_picture_file(str(png_bomb(tmp_path / "under.png", 1000, 1000)))
    except AttachmentRefused as other:
        assert other.kind is RefusalKind.DAMAGED


# --- hostile bytes ---------------------------------------------------------------------------------------------

FUZZ = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow])
_VALID: dict[str, bytes] = {}


def valid_sources() -> dict[str, bytes]:
    """One small valid file of each format read, to damage in every way Hypothesis finds."""
    if not _VALID:
        import io

        from PIL import Image

        gif = io.BytesIO()
        Image.new("RGB", (12, 9), RED).save(gif, "GIF")
        jpeg = io.BytesIO()
        Image.new("RGB", (12, 9), RED).save(jpeg, "JPEG")
        _VALID.update(png=qt_written(qt_picture(12, 9, transparent=True), b"png"),
                      webp=qt_written(qt_picture(12, 9), b"webp"), gif=gif.getvalue(), jpeg=jpeg.getvalue())
    return _VALID


@st.composite
def damaged_pictures(draw):
    data = bytearray(valid_sources()[draw(st.sampled_from(["png", "jpeg", "gif", "webp"]))])
    for _ in range(draw(st.integers(1, 4))):  # mostly single bytes changed: damage a decoder may get through
        action = draw(st.sampled_from(["flip", "flip", "flip", "cut", "insert"]))
        position = draw(st.integers(0, len(data) - 1))
        if action == "flip":
            data[position] = draw(st.integers(0, 255))
        elif action == "cut":
            del data[position: position + draw(st.integers(1, 64))]
        else:
            data[position:position] = draw(st.binary(min_size=1, max_size=16))
        if not data:
            break
    return bytes(data)


def assert_prepared_or_refused(path: Path) -> None:
    try:
        picture = prepare_picture_file(str(path))
    except AttachmentRefused as refused:
        assert refused.kind in (RefusalKind.DAMAGED, RefusalKind.UNSUPPORTED, RefusalKind.EMPTY,
                                RefusalKind.EXPANDS_TOO_MUCH)
        event(f"refused {refused.kind.value}")  # --hypothesis-show-statistics: how often each way
        return
    event(f"prepared as {picture.mime}")
    assert 0 < picture.width <= PICTURE_MAX_SIDE and 0 < picture.height <= PICTURE_MAX_SIDE
    assert decoded(picture.data).size().toTuple() == (picture.width, picture.height)
    assert_bare(picture.data, picture.mime)


@pytest.mark.qt_log_level_fail("CRITICAL")  # decoders complain about damaged bytes: that is their job
@FUZZ
@given(data=st.one_of(damaged_pictures(), st.binary(max_size=300),
                      st.sampled_from(["png", "jpeg", "gif", "webp"]).flatmap(
                          lambda kind: st.binary(max_size=200).map(lambda tail: valid_sources()[kind][:24] + tail))))
@example(data=b"\x89PNG\r\n\x1a\n")
@example(data=b"RIFF\x00\x00\x00\x00WEBP")
@example(data=b"GIF89a\xff\xff\xff\xff" + b"\x00" * 20)
def test_hostile_bytes_are_prepared_or_refused_never_anything_else(tmp_path, data):
    path = tmp_path / "hostile.png"
    path.write_bytes(data)
    assert_prepared_or_refused(path)


@pytest.mark.qt_log_level_fail("CRITICAL")
@FUZZ
@given(data=st.one_of(damaged_pictures(), st.binary(max_size=300)), mime=st.sampled_from(["image/png", "image/jpeg"]),
       side=st.integers(1, 200))
def test_hostile_stored_bytes_give_a_thumbnail_or_none(data, mime, side):
    thumbnail = picture_thumbnail(stored(data, mime), side)
    assert thumbnail.isNull() or max(thumbnail.width(), thumbnail.height()) <= side


def test_picture_prep_uses_qimage_only_so_it_is_safe_on_a_worker_thread():
    """QPixmap and widgets belong to the GUI thread; a worker calls this module."""
    from test_architecture import imported_modules

    path = Path(picture_prep.__file__)
    names = imported_modules(path)
    assert not {name for name in names if name.startswith("PySide6.") and name.split(".")[1] not in ("QtCore", "QtGui")}
    assert "PySide6.QtGui.QPixmap" not in names and "PySide6.QtGui.QImage" in names


def test_the_frozen_file_keeps_qts_plugins_for_every_format_read():
    """pyinstaller.spec drops the image plugins it does not list; its keep() is run here as written
    (the frozen self-test's "pictures" line checks the built file itself)."""
    import ast

    spec = Path(__file__).resolve().parent.parent / "pyinstaller.spec"
    tree = ast.parse(spec.read_text(encoding="utf-8"))
    wanted = [node for node in tree.body if (isinstance(node, ast.FunctionDef) and node.name == "keep") or (
        isinstance(node, ast.Assign) and any(getattr(target, "id", "").startswith("KEPT_") for target in node.targets))]
    namespace = {"Path": Path}
    exec(compile(ast.Module(body=wanted, type_ignores=[]), str(spec), "exec"), namespace)  # noqa: S102
    plugins = "PySide6/Qt/plugins/imageformats"
    for plugin in ("libqjpeg.so", "libqgif.so", "libqwebp.so", "qjpeg.dll", "qwebp.dll", "libqwebp.dylib"):
        assert namespace["keep"](f"{plugins}/{plugin}"), plugin
    assert not namespace["keep"](f"{plugins}/libqtiff.so")  # the filter does filter
