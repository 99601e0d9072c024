"""Code blocks in answers: a header with the language and a Copy button, and syntax colours.

The header is the app's own text above the code: the fence's language as plain text (or "Code")
and a Copy anchor, an icon and a word, whose address carries the view's random CommandLinks token
(a model cannot forge it) and whose icon is a resource the app adds to the document under that
token (the view loads nothing else). A click copies the whole block, however many pieces it was
shown in, and says "Copied ✓" at the block for a moment (and, as every copy, in the notices).

Colours come from Pygments, by the fence's language only (a missing or unknown one stays plain,
nothing is guessed). Pygments and each lexer are imported on a thread of their own when a code
block first asks for them, after the window is up. A block is inserted plain and coloured in
steps of a few milliseconds between the other events (tokenising a long block takes tens of ms;
on a thread it would hold the GIL against the window), once its lexer is there; while an answer
streams, only the blocks in view, in steps that take turns with the answer's own (colour_in_view),
the rest once it has ended. A token's colour is recorded by its token type, so a switch between
light and dark recolours it (transcript_style.restyle asks token_colour()).
"""

from __future__ import annotations

import math
import queue
import re
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterator

from PySide6.QtCore import QObject, QPointF, QRectF, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import (
    QColor, QImage, QPainter, QPalette, QPen, QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument,
    QTextFormat, QTextImageFormat,
)

from .answer_stream import fixed_mark
from .line_breaks import DISPLAY_BREAK
from .markdown_render import insert_markdown, shade_code_lines
from .markdown_stream import MarkdownBlock
from .transcript_style import coloured, line_sized, shaded, small

if TYPE_CHECKING:
    from .transcript import TranscriptView

TOKEN_PROPERTY = QTextFormat.UserProperty + 40  # a character format: the Pygments token type of its colour
LANGUAGE_CHARACTERS = 40  # the most of a fence's language shown (and looked up)
CONFIRM_MS = 2000  # how long "Copied ✓" stands at the block
COLOUR_BUDGET_SECONDS = 0.004  # tokenising and colouring code, per event-loop pass
STREAMING_COLOUR_BUDGET_SECONDS = 0.002  # while an answer streams: its next step and the repaint share the stall
COLOUR_STEP_RUNS = 16  # colour runs put on between looks at the clock (at least this many a pass)
REST_WAIT_MS = 10  # colour passes wait while an ended answer's rest is shown in steps (the two would add up)
ICON_PIXELS = 14  # the Copy icon's drawing, in pixels of the usual text size; shown a line of text high
ICON_DRAWN_PIXELS = 64  # drawn this large: sharp at 32 pt and on high-density screens
_LOADING = object()  # a lexer asked for, not there yet
_OPEN_PIECES = 64  # code blocks still arriving in pieces, per view, kept track of
_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")  # two UTF-16 units each in a document


def fence_language(block_text: str) -> str:
    """The language named by a code block's opening fence ("```python title" -> "python"), or ""."""
    info = block_text.lstrip().split("\n", 1)[0].strip().lstrip("`~").strip()
    return info.split()[0][:LANGUAGE_CHARACTERS] if info else ""


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.Base).lightness() < 128


def _piece_body(block_text: str) -> str:
    """The code inside one fenced piece (its fence lines dropped): what a block still arriving has so far."""
    lines = block_text.lstrip().split("\n")[1:]
    while lines and not lines[-1].strip():
        lines.pop()
    if lines and lines[-1].strip().strip("`~") == "" and lines[-1].strip():
        lines.pop()
    return "".join(line + "\n" for line in lines)


# --- Pygments, loaded on a thread -------------------------------------------------------------


@dataclass
class _Job:
    """A code block shown plain, to be coloured: where it is, the text it showed, its tokens so far."""

    start: QTextCursor  # a fixed_mark in its document (one mark: every kept cursor slows each edit a little)
    length: int  # of the text it showed, in document positions
    shown: str
    language: str
    tokens: Iterator | None = None  # the lexer's tokens, pulled a few milliseconds' worth at a time
    runs: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, token type) to colour
    coloured: int = 0  # how many of runs are on

    def end(self) -> int:
        """Where the text it showed ends in the document."""
        return self.start.position() + self.length


def _style_colour(table: dict, token: str) -> str | None:
    while token not in table and "." in token:  # a token type a style names no colour for: its parent's
        token = token.rsplit(".", 1)[0]
    return table.get(token)


class _Pygments(QObject):
    """Lexers looked up by name and imported on a daemon thread (an import takes up to ~150 ms)."""

    ready = Signal()  # lexers arrived (emitted on the GUI thread)
    _arrived = Signal()  # from the thread

    def __init__(self) -> None:
        super().__init__()
        self.lexers: dict[str, object | None] = {}  # language -> lexer, None for none; GUI thread only
        self.styles: tuple[dict, dict] | None = None  # light and dark: token type name -> "#rrggbb" or None
        self._requests: queue.SimpleQueue[str] = queue.SimpleQueue()
        self._results: list[tuple[str, object | None]] = []
        self._lock = threading.Lock()
        self._asked: set[str] = set()
        self._thread: threading.Thread | None = None
        self._arrived.connect(self._take_results, Qt.QueuedConnection)

    def lexer(self, language: str):
        """The lexer for language, None if there is none, or _LOADING (it is being looked up)."""
        key = language.lower()
        if key in self.lexers:
            return self.lexers[key]
        if key not in self._asked:
            self._asked.add(key)
            self._requests.put(key)
            if self._thread is None:
                # Started from the event loop: never before the window's first paint.
                self._thread = threading.Thread(target=self._load, name="pygments", daemon=True)
                QTimer.singleShot(0, self._thread.start)
        return _LOADING

    def _load(self) -> None:
        from pygments.lexers import get_lexer_by_name
        from pygments.styles.gh_dark import GhDarkStyle
        from pygments.styles.xcode import XcodeStyle
        from pygments.token import Token
        from pygments.util import ClassNotFound

        # A style's plain text colour counts as none: such text takes the palette's (and costs no format).
        styles = tuple({str(token): (f"#{style['color']}" if style["color"] and style["color"] != theme.style_for_token(
            Token)["color"] else None) for token, style in theme} for theme in (XcodeStyle, GhDarkStyle))
        while True:
            key = self._requests.get()
            try:  # by name only: a language Pygments does not know stays plain (no guessing)
                lexer = get_lexer_by_name(key, stripnl=False, stripall=False, ensurenl=False)
                list(lexer.get_tokens_unprocessed("x = 1\n"))  # compiles its expressions here, not on the GUI thread
            except ClassNotFound:
                lexer = None
            except Exception:  # noqa: BLE001 - a broken or missing lexer module (frozen build): plain
                lexer = None
            with self._lock:
                self._results.append((key, lexer))
                self.styles = styles
            try:
                self._arrived.emit()
            except RuntimeError:  # the app is closing
                return

    @Slot()
    def _take_results(self) -> None:
        with self._lock:
            results, self._results = self._results, []
        self.lexers.update(results)
        self.ready.emit()

    def colour(self, token: str, dark: bool) -> str | None:
        styles = self.styles
        return None if styles is None else _style_colour(styles[1 if dark else 0], token)


def check_pygments() -> tuple[bool, str]:
    """For the self-test: the lexer modules and styles looked up by name at run time are in the bundle."""
    import importlib.util

    try:
        import pygments
        from pygments.lexers import get_lexer_by_name
        from pygments.lexers._mapping import LEXERS
        from pygments.styles.gh_dark import GhDarkStyle  # noqa: F401
        from pygments.styles.xcode import XcodeStyle  # noqa: F401

        modules = {module for module, *_rest in LEXERS.values()}
        missing = sorted(module for module in modules if importlib.util.find_spec(module) is None)
        for language in ("python", "javascript", "bash", "c", "json", "html"):
            list(get_lexer_by_name(language).get_tokens_unprocessed("x = 1\n"))
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        return False, f"{type(exc).__name__}: {exc}"
    if missing:
        return False, f"{len(missing)} of {len(modules)} lexer modules missing, e.g. {missing[0]}"
    return True, f"Pygments {pygments.__version__}: {len(LEXERS)} languages in {len(modules)} modules, light and dark style"


_pygments: _Pygments | None = None


def _loader() -> _Pygments:
    global _pygments
    if _pygments is None:
        _pygments = _Pygments()
    return _pygments


def _luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def _contrast(first: QColor, second: QColor) -> float:
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


_shown_colours: dict[tuple[str, bool, int], QColor] = {}


def shown_colour(token: str, palette: QPalette) -> QColor:
    """A token's colour in palette's appearance, made lighter or darker until it reads on the code's shading
    (WCAG contrast 4.5; GitHub dark's comments are too dim on the app's dark grey otherwise)."""
    dark = is_dark(palette)
    background = palette.color(QPalette.AlternateBase)
    key = (token, dark, background.rgb())
    if key not in _shown_colours:
        named = _pygments.colour(token, dark) if _pygments is not None else None
        colour = QColor(named) if named else palette.color(QPalette.Text)
        for _step in range(20):
            if _contrast(colour, background) >= 4.5:
                break
            colour = colour.lighter(110) if dark else colour.darker(110)
        _shown_colours[key] = colour
    return _shown_colours[key]


def token_colour(text_format: QTextFormat, palette: QPalette) -> QColor | None:
    """The colour of a code token's format in palette's appearance; None for any other format."""
    token = text_format.property(TOKEN_PROPERTY)
    return None if token is None else shown_colour(token, palette)


def prepare_code_colours() -> None:
    """Import Pygments (and the most asked-for lexer) on its thread ahead of an answer's first code block:
    the import, with the GIL, competed with the first answer's stream (called once the user types)."""
    _loader().lexer("python")


def loaded_languages() -> dict[str, object | None]:
    return dict(_loader().lexers)


# --- the blocks in one view --------------------------------------------------------------------


_icons: dict[int, QImage] = {}


def _copy_icon(colour: QColor) -> QImage:
    """Two overlapping pages, drawn larger than shown (sharp at a large text size, on high-density screens)."""
    if colour.rgb() in _icons:
        return _icons[colour.rgb()]
    image = QImage(ICON_DRAWN_PIXELS, ICON_DRAWN_PIXELS, QImage.Format_ARGB32_Premultiplied)
    image.fill(Qt.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.Antialiasing)
    scale = ICON_DRAWN_PIXELS / (ICON_PIXELS * 2)  # the drawing below is 28 px
    painter.scale(scale, scale)
    painter.setPen(QPen(colour, 2.2))
    painter.drawRoundedRect(QRectF(QPointF(9, 3), QPointF(25, 19)), 3, 3)
    painter.setCompositionMode(QPainter.CompositionMode_Clear)
    painter.fillRect(QRectF(QPointF(2, 8), QPointF(20, 26)), Qt.transparent)
    painter.setCompositionMode(QPainter.CompositionMode_SourceOver)
    painter.drawRoundedRect(QRectF(QPointF(3, 9), QPointF(19, 25)), 3, 3)
    painter.end()
    _icons[colour.rgb()] = image
    return image


class CodeBlocks(QObject):
    """The code blocks of one TranscriptView: headers, copy confirmation, colours that arrive later."""

    def __init__(self, view: TranscriptView):
        super().__init__(view)
        self.setObjectName("codeBlocks")
        self._view = view
        self._open: list[tuple[QTextCursor, int]] = []  # (end of the last piece, copy number) of blocks arriving
        self._jobs: list[_Job] = []  # code blocks shown plain, in order, until their colours are on
        self._formats: dict[tuple[str, int], QTextCharFormat] = {}
        self._pass = QTimer(self)  # the next colour pass
        self._pass.setSingleShot(True)
        self._pass.timeout.connect(self._colour_some)
        self.icon_url = QUrl(f"{view.command_links.prefix}icon/copy")
        view.anchorClicked.connect(self._confirm_copy)
        _loader().ready.connect(self.resume_colours)

    @property
    def colouring(self) -> bool:
        """Code blocks are shown whose colours are still to come."""
        return bool(self._jobs)

    @staticmethod
    def of(view: TranscriptView) -> CodeBlocks:
        found = view.findChild(CodeBlocks, "codeBlocks")
        return found if found is not None else CodeBlocks(view)

    # --- inserting --------------------------------------------------------------------------

    def insert(self, cursor: QTextCursor, group: MarkdownBlock) -> None:
        """A code group at cursor (in an empty block): the header on a block's first piece, then the code."""
        document = self._view.document()
        number = self._copy_number(cursor.position(), group)
        language = fence_language(group.text)
        if not group.continues_code:
            self._insert_header(cursor, language, number)
        start = cursor.position()
        insert_markdown(cursor, group)
        end = cursor.position()
        shade_code_lines(document, start, end, self._view.palette(), last_piece=not group.code_goes_on)
        if group.code_goes_on and number is not None:
            self._open.append((fixed_mark(document, end), number))
            del self._open[:-_OPEN_PIECES]
        if language and _loader().lexer(language) is not None:  # shown plain; coloured once tokenised
            selection = QTextCursor(document)
            selection.setPosition(start)
            selection.setPosition(end, QTextCursor.KeepAnchor)
            self._jobs.append(_Job(fixed_mark(document, start), end - start, selection.selectedText(), language))
            if not self._view.streaming:  # while it streams, the passes are steps of its own (colour_in_view)
                self._pass_in(0)

    def _copy_number(self, start: int, group: MarkdownBlock) -> int | None:
        """The copy link's number of group's block: new on its first piece, found again on later ones."""
        copies = self._view.command_links.copy_texts
        if group.continues_code:
            for index, (mark, number) in enumerate(self._open):
                if start - 1 <= mark.position() <= start and number in copies:
                    del self._open[index]
                    copies[number] = group.code if group.code is not None else copies[number] + _piece_body(group.text)
                    return number
            return None
        if group.code is None and not group.code_goes_on:
            return None  # a block still open while it streams: a Copy button once it is complete
        number = len(copies) + 1
        copies[number] = group.code if group.code is not None else _piece_body(group.text)
        return number

    def _insert_header(self, cursor: QTextCursor, language: str, number: int | None) -> None:
        palette = self._view.palette()
        header = shaded(QTextBlockFormat(), palette, QPalette.AlternateBase)
        header.setLeftMargin(8)
        header.setTopMargin(6)
        cursor.setBlockFormat(header)
        label = small(coloured(QTextCharFormat(), palette, QPalette.PlaceholderText))
        cursor.insertText(language or self.tr("Code"), label)  # insertText: the name is never markup
        if number is not None:
            href = f"{self._view.command_links.prefix}copy/{number}"
            self._view.document().addResource(QTextDocument.ImageResource, self.icon_url,
                                              _copy_icon(QColor("#8a8d93")))
            cursor.insertText("\u2003\u2003", label)
            icon = QTextImageFormat()
            icon.setName(self.icon_url.toString())
            line_sized(icon, self._view.font(), 1.0)
            icon.setVerticalAlignment(QTextCharFormat.AlignMiddle)
            icon.setAnchor(True)
            icon.setAnchorHref(href)
            cursor.insertImage(icon)
            link = small(coloured(QTextCharFormat(), palette, QPalette.Link))
            link.setAnchor(True)
            link.setAnchorHref(href)
            cursor.insertText("\u2009", link)
            cursor.insertText(self.tr("Copy"), link)
        cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())

    # --- copy confirmed at the block -----------------------------------------------------------

    @Slot(QUrl)
    def _confirm_copy(self, url: QUrl) -> None:
        command = self._view.command_links.command(url) or ""
        action, _, number = command.partition("/")
        if action == "copy" and number.isdigit():
            if self._swap_label(url.toString(), self.tr("Copy"), self.tr("Copied ✓")):
                QTimer.singleShot(CONFIRM_MS, self, lambda: self._swap_label(
                    url.toString(), self.tr("Copied ✓"), self.tr("Copy")))

    def _swap_label(self, href: str, old: str, new: str) -> bool:
        """The label old of the copy link href becomes new; False if there is none (the transcript changed).

        Found when clicked rather than kept as a mark: every QTextCursor kept in a document is moved by
        each edit, and one a block made every streamed step slower as an answer's code blocks added up."""
        document = self._view.document()
        found = document.find(old, 0, QTextDocument.FindCaseSensitively)
        while not found.isNull():
            link = found.charFormat()  # of the found text's last character
            if link.anchorHref() == href:  # the view's own link: a model cannot write its token
                found.insertText(new, link)
                return True
            found = document.find(old, found, QTextDocument.FindCaseSensitively)
        return False

    # --- colours ---------------------------------------------------------------------------------

    def _pass_in(self, ms: int) -> None:
        if self._jobs and not self._pass.isActive():
            self._pass.start(ms)

    def colour_in_view(self) -> bool:
        """While an answer streams: one colour pass over the blocks in view, as a step of the stream's own (the
        two take turns on its timer, so they never add up to one long stall); whether there was one to do.

        Only blocks in view: at speed most have scrolled away before their turn, or were the preview of a
        block drawn again since. The rest follow once the answer has ended (resume_colours)."""
        return self._colour_some(streaming=True)

    def resume_colours(self) -> None:
        """The answer has ended: the blocks left plain meanwhile are coloured in passes of their own."""
        self._pass_in(0)

    @Slot()
    def _colour_some(self, streaming: bool = False) -> bool:
        """Tokenise and colour the blocks shown plain for COLOUR_BUDGET_SECONDS an event-loop pass, those in view
        first: Pygments takes tens of ms for a long block, so it is done in steps between everything else.
        Whether there was a block to work on."""
        if not streaming and self._view.showing_rest:
            self._pass_in(REST_WAIT_MS)  # the steps of an ended answer's rest first: one at a time
            return False
        started = time.perf_counter()
        deadline = started + (STREAMING_COLOUR_BUDGET_SECONDS if streaming else COLOUR_BUDGET_SECONDS)
        worked = False
        while (index := self._turn(streaming)) is not None:
            worked = True
            job = self._jobs[index]
            lexer = _loader().lexer(job.language)
            if lexer is _LOADING:
                return worked  # ready() calls again
            if lexer is not None and job.tokens is None and self._still_shown(job):
                job.tokens = lexer.get_tokens_unprocessed(job.shown.replace("\u2029", "\n").replace(DISPLAY_BREAK, ""))
            # Tokens, then colours (the colours of a long block in steps too: one Qt call a run).
            if not ((job.tokens is None or self._next_runs(job, deadline)) and self._colour(job, deadline)):
                break  # the rest in the next pass
            self._jobs.pop(index)
            if time.perf_counter() > deadline:
                break
        if not streaming:
            # The next pass after a pause as long as this one took: Pygments holds the GIL, and back-to-back
            # passes left the chat worker (which reads the stream) waiting for it, so the answer came late.
            self._pass_in(math.ceil((time.perf_counter() - started) * 1000))
        return worked

    def _turn(self, streaming: bool) -> int | None:
        """The index of the job to work on now: the latest in view; else, unless an answer streams, the first."""
        if not self._jobs:
            return None
        bar, layout = self._view.verticalScrollBar(), self._view.document().documentLayout()
        top, bottom = bar.value(), bar.value() + self._view.viewport().height()
        for index in range(len(self._jobs) - 1, -1, -1):
            job = self._jobs[index]
            first = layout.blockBoundingRect(job.start.block())
            if first.top() > bottom:
                continue
            last = self._view.document().findBlock(job.end())
            if layout.blockBoundingRect(last).bottom() >= top:
                return index
            break  # jobs come in the order of the text (but for a "Show more"): the earlier ones are above it
        return None if streaming else 0

    def _still_shown(self, job: _Job) -> bool:
        cursor = QTextCursor(self._view.document())
        cursor.setPosition(job.start.position())
        cursor.setPosition(min(job.end(), self._view.document().characterCount() - 1), QTextCursor.KeepAnchor)
        return cursor.selectedText() == job.shown  # else cleared or replaced since (a streaming tail is redrawn)

    @staticmethod
    def _next_runs(job: _Job, deadline: float) -> bool:
        """Pull job's tokens into colour runs until deadline; whether all are in."""
        colour, runs, pulled = _pygments.colour, job.runs, 0
        try:
            for at, token_type, value in job.tokens:
                token = str(token_type)
                if value and not value.isspace() and (colour(token, False) or colour(token, True)):
                    if runs and runs[-1][2] == token and runs[-1][1] == at:
                        runs[-1] = (runs[-1][0], at + len(value), token)  # adjacent runs of a type: one Qt call
                    else:
                        runs.append((at, at + len(value), token))
                pulled += 1
                if pulled % 16 == 0 and time.perf_counter() > deadline:
                    return False
        except Exception:  # noqa: BLE001 - a lexer that fails on odd input: the code stays plain
            job.runs.clear()
        return True

    def _colour(self, job: _Job, deadline: float) -> bool:
        """Token colours on a block still showing what was tokenised, one Qt call per run, until deadline (in
        one edit: one relayout); whether all are on (or the block is gone)."""
        if job.coloured == len(job.runs) or not self._still_shown(job):
            return True
        start, shown = job.start.position(), job.shown
        cursor = QTextCursor(self._view.document())
        offsets = None  # where each character of the code is in the document, if not simply start + its index
        if DISPLAY_BREAK in shown or _ASTRAL.search(shown):
            offsets, position = [], start
            for character in shown:
                if character != DISPLAY_BREAK:
                    offsets.append(position)
                position += 2 if ord(character) > 0xFFFF else 1
            offsets.append(position)
        palette = self._view.palette()
        formats = {token: self._token_format(token, palette) for token in {run[2] for run in job.runs[job.coloured:]}}
        cursor.beginEditBlock()  # one relayout for this step
        runs = job.runs
        while job.coloured < len(runs):
            begin, stop, token = runs[job.coloured]
            cursor.setPosition(offsets[begin] if offsets else start + begin)
            cursor.setPosition(offsets[stop] if offsets else start + stop, QTextCursor.KeepAnchor)
            cursor.mergeCharFormat(formats[token])
            job.coloured += 1
            if job.coloured % COLOUR_STEP_RUNS == 0 and time.perf_counter() > deadline:
                break
        cursor.endEditBlock()
        return job.coloured == len(runs)

    def _token_format(self, token: str, palette: QPalette) -> QTextCharFormat:
        colour = shown_colour(token, palette)
        key = (token, colour.rgb())
        if key not in self._formats:
            token_format = QTextCharFormat()
            token_format.setForeground(colour)
            token_format.setProperty(TOKEN_PROPERTY, token)
            self._formats[key] = token_format
        return self._formats[key]
