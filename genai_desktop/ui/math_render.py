"""Formulas in answers: $…$ and \\(…\\) inline, $$…$$ and \\[…\\] on a line of their own.

Found in the Markdown before Qt reads it (math_find), laid out once by ziamath (pure Python
with its own math font: no TeX install), and drawn by a text object handler in the text's size
and colour of the moment: Ctrl++ and light/dark need no re-render, only a new picture of the
same vector drawing.

A formula becomes an image reference whose address only this process can make (a random token
and a counter), then a formula object that keeps what was written, so a copy gives the LaTeX
back. A model's own image reference never becomes one (it is "[image: …]" text as ever). What
ziamath cannot draw — it raises, draws nothing, the formula is too long or too deeply nested, or
is not laid out within the wait for its block — stays as its source in a code span: never lost.
While an answer streams, formulas are never waited for: one not laid out yet is code for a moment,
and its group is rendered again once it is (late_formulas).
ziamath runs on a thread of its own (the GUI thread waits for it without the GIL, and only so
long; cycles are collected on the GUI thread only, see _renderer), is imported with the first
formula, never at start.
"""

from __future__ import annotations

import concurrent.futures
import itertools
import logging
import re
import secrets as random_tokens
import threading
import time
import warnings
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QCoreApplication, QPointF, QRectF, QSizeF, Qt, QThread
from PySide6.QtGui import (
    QColor, QFont, QFontInfo, QFontMetrics, QFontMetricsF, QImage, QPainter, QPyTextObject, QTextBlockFormat, QTextCharFormat,
    QTextCursor, QTextDocument, QTextDocumentFragment, QTextFormat,
)

from ..core.lazy import IMPORT_LOCK
from ..qt.garbage import collect_garbage_on_gui_thread
from .math_find import Formula, code_span, find_formulas, nesting
from .transcript_style import fragments

log = logging.getLogger(__name__)

OBJECT_REPLACEMENT = "\ufffc"  # the character a text object stands on
FORMULA_OBJECT = QTextFormat.UserObject + 60  # the object type of a formula
FORMULA_SOURCE = QTextFormat.UserProperty + 60  # its LaTeX
FORMULA_TEXT = QTextFormat.UserProperty + 61  # what the answer said, delimiters included (copied back)
FORMULA_DISPLAY = QTextFormat.UserProperty + 62  # True for $$…$$ and \[…\]
FORMULA_DRAWING = QTextFormat.UserProperty + 63  # its SVG, laid out at REFERENCE_PIXELS
FORMULA_METRICS = QTextFormat.UserProperty + 64  # "width ascent descent" of that SVG

MAX_SOURCE_CHARACTERS = 600  # longer formulas are shown as code (ziamath takes up to ~1.5 ms a character)
MAX_NESTING = 24  # deeper groups are shown as code (ziamath recurses per level)
BLOCK_BUDGET_SECONDS = 0.5  # waiting for the formulas of one block; the rest of them stay code
SLOW_FORMULA_SECONDS = 0.5  # the longest wait for one formula (a longer one is shown as code)
WAIT_SECONDS = 0.5  # the longest the GUI thread waits for formulas in a row (see _Allowance)
WAIT_SHARE = 0.1  # then at most this share of its time
MIN_WAIT_SECONDS = 0.005  # shorter waits are not worth one: the GIL comes back only every 5 ms
PREPARED_AT_ONCE = 3  # formulas of a streaming answer laid out ahead at most
MATH_X_HEIGHT = 0.48  # STIX Two Math's x-height, in em
REFERENCE_PIXELS = 20.0  # the size ziamath lays a formula out at; drawn scaled to the text's size
_CACHE_SIZE = 512  # layouts kept (an SVG of a few kB each)
_IMAGE_CACHE_SIZE = 200  # pictures kept (tens of kB each)

_TOKEN = random_tokens.token_hex(8)
ADDRESS_PREFIX = f"genai-formula-{_TOKEN}:"
_NUMBERS = itertools.count(1)


@dataclass(frozen=True)
class Layout:
    """A formula laid out at REFERENCE_PIXELS: an SVG and where its baseline is."""
    svg: bytes
    width: float
    ascent: float  # above the baseline
    descent: float  # below it


@dataclass(frozen=True)
class Placed:
    formula: Formula
    drawn: Layout


def _stored_layout(text_format: QTextFormat) -> Layout | None:
    """The drawing a formula object carries (see formula_format)."""
    svg, metrics = text_format.property(FORMULA_DRAWING), text_format.property(FORMULA_METRICS)
    if not svg or not metrics:
        return None
    width, ascent, descent = (float(number) for number in str(metrics).split())
    return Layout(str(svg).encode(), width, ascent, descent)


# --- laying out and drawing -------------------------------------------------------------------

_layouts: OrderedDict[tuple[str, bool], Layout | None] = OrderedDict()
_images: OrderedDict[tuple, QImage] = OrderedDict()
_ziamath = None
_executor: concurrent.futures.ThreadPoolExecutor | None = None
_pending: dict[tuple[str, bool], concurrent.futures.Future] = {}  # formulas being laid out now
_pending_lock = threading.Lock()
_not_waited: set[tuple[str, bool]] | None = None  # see formulas_not_waited_for
_VIEW_BOX = re.compile(r'viewBox="([-\d.e]+) ([-\d.e]+) ([-\d.e]+) ([-\d.e]+)"')


def _load_ziamath():
    """ziamath, imported on the first formula; None if it cannot be (then every formula stays code)."""
    global _ziamath
    with IMPORT_LOCK:  # one big import at a time (see core.lazy)
        if _ziamath is None:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", DeprecationWarning)  # ziamath 0.13 finds its font the old way
                    import ziamath

                ziamath.config.svg2 = False  # plain paths: QtSvg draws them (no <symbol>/<use> needed)
                first = ziamath.Latex("x", size=REFERENCE_PIXELS).svg()  # reads the math font (~0.3 s), once
                from PySide6.QtSvg import QSvgRenderer  # here, not in the first formula's paint (~20 ms)

                QSvgRenderer(QByteArray(first.encode()))
                _ziamath = ziamath
            except Exception:  # noqa: BLE001 - a broken install (a missing font or symbol table)
                log.exception("the math renderer could not be loaded")
                _ziamath = False
    return _ziamath or None


def _remember(cache: OrderedDict, key, value, size: int = _CACHE_SIZE):
    cache[key] = value
    cache.move_to_end(key)
    while len(cache) > size:
        cache.popitem(last=False)
    return value


def layout(source: str, display: bool, wait: float = SLOW_FORMULA_SECONDS) -> Layout | None:
    """source laid out by ziamath (cached); None if it cannot be drawn, or not within wait seconds.

    ziamath runs on a thread of its own, so that a slow formula costs the caller no more than
    wait: the caller waits without the GIL; a formula that takes longer is finished there and
    kept for the next time it is shown.
    """
    key = (source, display)
    with _pending_lock:
        if key in _layouts:
            _layouts.move_to_end(key)
            return _layouts[key]
        if wait < MIN_WAIT_SECONDS and key not in _pending:  # no time left: not queued either (its work holds the GIL)
            return None
        future = _start(key)
    if wait < MIN_WAIT_SECONDS and not future.done():  # a wait costs a GIL hand-over (~5 ms) while ziamath runs
        return None
    try:
        result = future.result(timeout=max(0.0, wait))
    except concurrent.futures.TimeoutError:
        return None
    _laid_out(key, result)
    return result


def _start(key: tuple[str, bool]) -> concurrent.futures.Future:
    """The layout of key under way on the formulas thread (started now if it was not). Under _pending_lock."""
    future = _pending.get(key)
    if future is None:
        future = _pending[key] = _renderer().submit(_layout_and_keep, *key)
    return future


def _layout_and_keep(source: str, display: bool) -> Layout | None:
    """On the formulas thread: source laid out and kept in the cache. (Not a done callback: one
    added to a future already done runs at once, in the caller, which holds _pending_lock.)"""
    result = _layout_now(source, display)
    _laid_out((source, display), result)
    return result


def _laid_out(key: tuple[str, bool], result: Layout | None) -> None:
    with _pending_lock:
        _remember(_layouts, key, result)
        _pending.pop(key, None)


def formulas_ready(keys: set[tuple[str, bool]]) -> bool:
    """Whether each of keys (source, display) is laid out (or known not drawable); starts those not under way
    yet, as many as PREPARED_AT_ONCE allows (the formulas thread takes the GIL from the window's)."""
    with _pending_lock:
        missing = [key for key in keys if key not in _layouts]
        for key in missing:
            if key in _pending or len(_pending) < PREPARED_AT_ONCE:
                _start(key)
    return not missing


@contextmanager
def formulas_not_waited_for():
    """Within it, a formula not laid out yet is shown as code at once, never waited for (a streaming
    answer): yields the set of their (source, display) keys, for the group to be rendered again once
    formulas_ready() says so (see ui/late_formulas.py)."""
    global _not_waited
    outer, _not_waited = _not_waited, set()
    try:
        yield _not_waited
    finally:
        _not_waited = outer


def prepare_formulas(text: str) -> None:
    """Start laying out the formulas in text (a streaming answer's newest part), waiting for none.

    By the time their block is finished and rendered, most are ready: the stream does not stall on them.
    """
    if "$" not in text and "\\(" not in text and "\\[" not in text:
        return
    for _begin, _end, formula in find_formulas(text):
        key = (formula.source, formula.display)
        with _pending_lock:
            if len(_pending) >= PREPARED_AT_ONCE:  # the formulas thread takes the GIL from the window's
                return
            if key not in _layouts:
                _start(key)


def _renderer() -> concurrent.futures.ThreadPoolExecutor:
    """The formulas thread. ziamath allocates a lot, so Python's cycle collector would mostly run
    there, and a collected cycle holding a closed widget destroyed it off the GUI thread (its timers
    then fired into freed memory: a segfault). So the GUI thread's collector (qt/garbage.py, which
    the window installs) is made sure of here too, for a view shown without the window."""
    global _executor
    application = QCoreApplication.instance()
    if application is not None and QThread.currentThread() == application.thread():
        collect_garbage_on_gui_thread(application)
    if _executor is None:
        _executor = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="formulas")
    return _executor


def _layout_now(source: str, display: bool) -> Layout | None:
    """On the formulas thread: ziamath's drawing of source, or None."""
    result = None
    ziamath = _load_ziamath()
    if ziamath and len(source) <= MAX_SOURCE_CHARACTERS and nesting(source) <= MAX_NESTING:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # an unknown command is drawn as its name, with a warning
                svg = ziamath.Latex(source, size=REFERENCE_PIXELS, inline=not display, margin=0).svg()
            box = _VIEW_BOX.search(svg)  # "x y width height", the baseline at y = 0
            if box and "<path" in svg:
                _left, top, width, height = (float(number) for number in box.groups())
                if width > 0.5 and height > 0.5:
                    result = Layout(svg.encode(), width, -top, height + top)
        except Exception as error:  # noqa: BLE001 - ziamath raises anything on input it does not know
            log.debug("formula not drawn (%s): %.80r", type(error).__name__, source)
    return result


def formula_image(drawn: Layout, pixel_size: float, colour: QColor, ratio: float) -> QImage:
    """The laid out formula at pixel_size in colour, for a screen of device pixel ratio ratio (cached)."""
    key = (drawn.svg, round(pixel_size, 2), colour.rgba(), ratio)
    if key in _images:
        _images.move_to_end(key)
        return _images[key]
    from PySide6.QtSvg import QSvgRenderer  # bundled with the app; loaded with the first formula

    scale = pixel_size / REFERENCE_PIXELS
    width, height = drawn.width * scale, (drawn.ascent + drawn.descent) * scale
    image = QImage(max(1, round(width * ratio)), max(1, round(height * ratio)), QImage.Format_ARGB32_Premultiplied)
    image.fill(Qt.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.Antialiasing)
    QSvgRenderer(QByteArray(drawn.svg)).render(painter, QRectF(0, 0, image.width(), image.height()))
    painter.setCompositionMode(QPainter.CompositionMode_SourceIn)  # the text's colour, wherever ink is
    painter.fillRect(image.rect(), colour)
    painter.end()
    image.setDevicePixelRatio(ratio)
    return _remember(_images, key, image, _IMAGE_CACHE_SIZE)


def _pixel_size(text_format: QTextFormat) -> float:
    """The math font's size that gives it the text's x-height (the math would look a size smaller)."""
    return max(1.0, QFontMetricsF(text_format.toCharFormat().font()).xHeight() / MATH_X_HEIGHT)


def _code_font(font: QFont) -> QFont:
    code = QFont("monospace")
    code.setStyleHint(QFont.Monospace)
    code.setPixelSize(max(1, QFontInfo(font).pixelSize()))
    return code


class FormulaObjects(QPyTextObject):
    """Draws the formula objects of a document at its text's size, in the pen's (the palette's) colour.

    Qt puts an object aligned AlignMiddle with its middle half an x-height above the baseline; the
    picture is padded so that the formula's baseline sits on the text's.
    """

    def _placement(self, text_format: QTextFormat) -> tuple[QSizeF, float, Layout | None]:
        source = text_format.property(FORMULA_SOURCE) or ""
        drawn = _stored_layout(text_format)
        font = text_format.toCharFormat().font()
        if drawn is None:  # could be drawn once, not now: its source, in the code font
            metrics = QFontMetrics(_code_font(font))
            return QSizeF(metrics.horizontalAdvance(source), metrics.height()), 0.0, None
        scale = _pixel_size(text_format) / REFERENCE_PIXELS
        ascent, descent = drawn.ascent * scale, drawn.descent * scale
        half_x = QFontMetrics(font).xHeight() / 2
        above = max(0.0, half_x - (ascent - descent))
        below = max(0.0, (ascent - descent) - half_x)
        return QSizeF(drawn.width * scale, ascent + descent + above + below), above, drawn

    def intrinsicSize(self, document: QTextDocument, position: int, text_format: QTextFormat) -> QSizeF:  # noqa: N802
        try:
            return self._placement(text_format)[0]
        except Exception:  # noqa: BLE001 - an exception must not escape into Qt's layout
            log.exception("formula size")
            return QSizeF(0, 0)

    def drawObject(self, painter: QPainter, rect: QRectF, document: QTextDocument, position: int,  # noqa: N802
                   text_format: QTextFormat) -> None:
        try:
            _size, above, drawn = self._placement(text_format)
            source = text_format.property(FORMULA_SOURCE) or ""
            if drawn is None:
                painter.setFont(_code_font(text_format.toCharFormat().font()))
                painter.drawText(rect, Qt.AlignLeft | Qt.AlignVCenter, source)
                return
            ratio = painter.device().devicePixelRatioF() if painter.device() else 1.0
            image = formula_image(drawn, _pixel_size(text_format), painter.pen().color(), ratio)
            painter.drawImage(QPointF(rect.left(), rect.top() + above), image)
        except Exception:  # noqa: BLE001
            log.exception("formula drawing")


_handlers: list[FormulaObjects] = []  # one for every document, alive as long as the app: Qt calls back into it


def draw_formulas_in(document: QTextDocument) -> None:
    """Let document draw formula objects (once per document)."""
    document_layout = document.documentLayout()
    if document_layout.property("genaiFormulas"):
        return
    if not _handlers:
        _handlers.append(FormulaObjects())
    document_layout.registerHandler(FORMULA_OBJECT, _handlers[0])
    document_layout.setProperty("genaiFormulas", True)


# --- the hook for the Markdown renderer -------------------------------------------------------

@dataclass
class MathMarkdown:
    """Markdown with each drawable formula as an image reference only this process can make."""
    markdown: str
    formulas: dict[str, Placed]  # image address -> formula
    starts: dict[str, int]  # image address -> where its formula starts in the Markdown


def set_markdown_with_formulas(document: QTextDocument, markdown: str, features) -> MathMarkdown:
    """document.setMarkdown with the formulas as image references; Qt's image formats name them."""
    with_math = formulas_as_images(markdown)
    document.setMarkdown(with_math.markdown, features)
    if with_math.formulas and ADDRESS_PREFIX in document.toPlainText():  # where Markdown takes no image (code)
        shown = document.toPlainText()
        leaked = frozenset(start for address, start in with_math.starts.items() if address in shown)
        with_math = formulas_as_images(markdown, keep=leaked)
        document.setMarkdown(with_math.markdown, features)
    return with_math


class _Allowance:
    """How long the GUI thread may still wait for formulas: WAIT_SECONDS at most, refilled at
    WAIT_SHARE seconds a second. Many new formulas at once (the end of a long answer, a stream
    faster than ziamath) then cost a bounded stall; the ones not ready in time are shown as code."""

    def __init__(self) -> None:
        self.left, self.at = WAIT_SECONDS, time.perf_counter()

    def allowed(self, now: float) -> float:
        self.left, self.at = min(WAIT_SECONDS, self.left + (now - self.at) * WAIT_SHARE), now
        return self.left

    def spend(self, seconds: float) -> None:
        self.left = max(0.0, self.left - seconds)


_WAITING = _Allowance()


def formulas_as_images(markdown: str, keep: frozenset[int] = frozenset()) -> MathMarkdown:
    """Each formula (but those starting at an offset in keep) as an image reference, or as code if it cannot be drawn."""
    if "$" not in markdown and "\\" not in markdown:  # most blocks: no formula, no work
        return MathMarkdown(markdown, {}, {})
    found = [entry for entry in find_formulas(markdown) if entry[0] not in keep]
    if not found:
        return MathMarkdown(markdown, {}, {})
    if _ziamath is None and _not_waited is None:  # the import is once, not the formulas' fault
        _renderer().submit(_load_ziamath).result()
    deadline = time.perf_counter() + BLOCK_BUDGET_SECONDS
    pieces: list[str] = []
    formulas: dict[str, Placed] = {}
    starts: dict[str, int] = {}
    done = 0
    for start, end, formula in found:
        pieces.append(markdown[done:start])
        drawn = _drawn_now(formula) if _not_waited is not None else _drawn_within(formula, deadline)
        if drawn is not None:
            address = f"{ADDRESS_PREFIX}{next(_NUMBERS)}"
            formulas[address] = Placed(formula, drawn)
            starts[address] = start
            pieces.append(f"![formula]({address})")  # Qt makes no image of an empty alt text
        else:
            pieces.append(code_span(formula.text))
        done = end
    pieces.append(markdown[done:])
    return MathMarkdown("".join(pieces), formulas, starts)


def _drawn_within(formula: Formula, deadline: float) -> Layout | None:
    """The formula's layout, waited for until deadline and as long as the allowance lets the GUI thread."""
    waited = time.perf_counter()
    wait = min(SLOW_FORMULA_SECONDS, deadline - waited, _WAITING.allowed(waited))
    drawn = layout(formula.source, formula.display, wait)
    _WAITING.spend(time.perf_counter() - waited)
    return drawn


def _drawn_now(formula: Formula) -> Layout | None:
    """The formula's layout if it is there; if not, it is started and noted in _not_waited."""
    key = (formula.source, formula.display)
    with _pending_lock:
        if key in _layouts:
            _layouts.move_to_end(key)
            return _layouts[key]
    _not_waited.add(key)
    formulas_ready({key})
    return None


def insert_formula(cursor: QTextCursor, placed: Placed) -> None:
    """The formula object in place of cursor's selection (Qt's image for it); a display formula alone is centred."""
    cursor.insertText(OBJECT_REPLACEMENT, formula_format(cursor.charFormat(), placed))
    if placed.formula.display and cursor.block().text() == OBJECT_REPLACEMENT:
        centred = QTextBlockFormat()
        centred.setAlignment(Qt.AlignHCenter)
        cursor.mergeBlockFormat(centred)


def formula_format(image_format: QTextCharFormat, placed: Placed) -> QTextCharFormat:
    """The character format of a formula object standing where Qt put the image (its emphasis and link kept)."""
    object_format = QTextCharFormat(image_format)
    for image_property in (QTextFormat.ImageName, QTextFormat.ImageTitle, QTextFormat.ImageAltText,
                           QTextFormat.ImageWidth, QTextFormat.ImageHeight):
        object_format.clearProperty(image_property)
    object_format.setObjectType(FORMULA_OBJECT)
    object_format.setVerticalAlignment(QTextCharFormat.AlignMiddle)
    formula, drawn = placed.formula, placed.drawn
    object_format.setProperty(FORMULA_SOURCE, formula.source)
    object_format.setProperty(FORMULA_TEXT, formula.text)
    object_format.setProperty(FORMULA_DISPLAY, formula.display)
    object_format.setProperty(FORMULA_DRAWING, drawn.svg.decode())  # the document keeps its drawing: no
    object_format.setProperty(FORMULA_METRICS, f"{drawn.width} {drawn.ascent} {drawn.descent}")  # cache needed
    return object_format


def text_with_formulas(document: QTextDocument) -> str:
    """document's plain text with each formula as the answer wrote it."""
    copy = QTextDocument()
    QTextCursor(copy).insertFragment(QTextDocumentFragment(document))
    formula_sources_back(copy)
    return copy.toPlainText()


def formula_sources_back(document: QTextDocument) -> None:
    """Each formula object in document replaced by what the answer said (for a copy)."""
    places: list[tuple[int, str]] = []
    for piece in fragments(document):
        if piece.charFormat().objectType() == FORMULA_OBJECT:
            text = piece.charFormat().property(FORMULA_TEXT) or ""
            places.extend((piece.position() + offset, text) for offset in range(piece.length()))
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    for position, text in reversed(places):
        cursor.setPosition(position)
        cursor.setPosition(position + 1, QTextCursor.KeepAnchor)
        cursor.insertText(text, QTextCharFormat())
    cursor.endEditBlock()
