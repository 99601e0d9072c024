"""Formulas in answers: found by the usual rules, drawn by ziamath, shown as code when they cannot be.

Widgets alone (pytest-qt, offscreen) and one answer through the real window against the
loopback server.
"""

from __future__ import annotations

import gc
import logging
import os
import re
import subprocess
import sys
import threading
import time

import pytest
import shiboken6
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication, QPalette, QTextCursor
from PySide6.QtWidgets import QApplication

from conftest import send_prompt, wait_idle
from test_fuzz_markdown import _document
from genai_desktop.qt.garbage import GuiThreadGarbageCollector
from genai_desktop.ui import math_render
from genai_desktop.ui.math_find import find_formulas
from genai_desktop.ui.math_render import FORMULA_OBJECT, FORMULA_TEXT, text_with_formulas
from genai_desktop.ui.theme import dark_palette
from genai_desktop.ui.transcript import DISPLAY_BREAK, TranscriptView


def _view(qtbot) -> TranscriptView:
    view = TranscriptView()
    qtbot.addWidget(view)
    view.resize(700, 500)
    return view


def _pieces(view: TranscriptView) -> list[tuple[str, object]]:
    """Each fragment of the document: ("formula", what was written) or ("text", its text, fixed pitch)."""
    pieces = []
    block = view.document().begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            piece = iterator.fragment()
            char_format = piece.charFormat()
            if char_format.objectType() == FORMULA_OBJECT:
                pieces.append(("formula", char_format.property(FORMULA_TEXT)))
            else:
                pieces.append(("text", (piece.text(), char_format.fontFixedPitch())))
            iterator += 1
        block = block.next()
    return pieces


def _formulas(view: TranscriptView) -> list[str]:
    return [value for kind, value in _pieces(view) if kind == "formula"]


def _formula_rect(view: TranscriptView):
    """The rectangle (in viewport pixels) of the first block that holds a formula."""
    block = view.document().begin()
    while block.isValid():
        if math_render.OBJECT_REPLACEMENT in block.text():
            rect = view.document().documentLayout().blockBoundingRect(block)
            return rect.translated(0, -view.verticalScrollBar().value()).toAlignedRect()
        block = block.next()
    raise AssertionError("no formula in the document")


# --- finding ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "sources"), [
    ("costs $5 and $10 today", []),
    ("US$5 or US$10", []),
    (r"\$x\$ is escaped", []),
    ("a $ b $ c", []),  # a space after the opening and before the closing $
    ("$x$5", []),  # a digit right after the closing $
    ("`$x$` and ``a $y$ b``", []),
    ("```\n$x$\n$$y$$\n```\n", []),
    ("~~~tex\n\\(x\\)\n~~~", []),
    ("[link](https://example.com/$a$b) <https://example.com/$c$d>", []),
    ("$x^2$ and \\(y_1\\) inline", [("x^2", False), ("y_1", False)]),
    ("$$\\int_0^1 x\\,dx$$ and \\[a^2 + b^2\\]", [("\\int_0^1 x\\,dx", True), ("a^2 + b^2", True)]),
    ("$$\n\\frac{a}{b}\n$$", [("\\frac{a}{b}", True)]),
    ("price $5, formula $y$", [("y", False)]),  # the first $ was money: the next one opens
    ("$x$5 $a$", [("a", False)]),
])
def test_formulas_are_found_by_the_usual_rules(text, sources):
    assert [(formula.source, formula.display) for _start, _end, formula in find_formulas(text)] == sources


# --- in the transcript --------------------------------------------------------------------------

ANSWER = ("The energy is $E = mc^2$ and $5 and $10 are money, `$code$` is code.\n\n"
          "$$\\int_0^\\infty e^{-x^2}\\,dx = \\frac{\\sqrt{\\pi}}{2}$$\n\nAlso \\(\\alpha + \\beta\\) here.\n")


def test_formulas_become_formula_objects_where_they_were(qtbot):
    view = _view(qtbot)
    view.add_answer("m", ANSWER)
    assert _formulas(view) == ["$E = mc^2$", "$$\\int_0^\\infty e^{-x^2}\\,dx = \\frac{\\sqrt{\\pi}}{2}$$",
                               "\\(\\alpha + \\beta\\)"]
    shown = view.toPlainText()
    assert "mc^2" not in shown and "\\int" not in shown and "\\alpha" not in shown
    assert "$5 and $10 are money" in shown  # money stays text
    assert ("text", ("$code$", True)) in _pieces(view)  # a code span stays code
    assert view.blocked_resources == []
    display = next(b for b in _blocks(view) if b.text() == math_render.OBJECT_REPLACEMENT)
    assert display.blockFormat().alignment() & Qt.AlignHCenter  # on its own line, centred
    view.show()
    qtbot.waitExposed(view)
    image = view.viewport().grab(_formula_rect(view)).toImage()
    assert _ink(image, view.palette().color(QPalette.Base)) > 20  # something was drawn


def _blocks(view: TranscriptView):
    block = view.document().begin()
    while block.isValid():
        yield block
        block = block.next()


def _ink(image, background) -> int:
    """How many pixels of image differ clearly from background."""
    count = 0
    for y in range(image.height()):
        for x in range(image.width()):
            colour = image.pixelColor(x, y)
            if abs(colour.red() - background.red()) + abs(colour.green() - background.green()) + \
                    abs(colour.blue() - background.blue()) > 60:
                count += 1
    return count


@pytest.mark.parametrize("formula", [
    "$\\frac{a}{$",  # ziamath raises
    "$" + "{" * 200 + "x" + "}" * 200 + "$",  # nested too deeply
    "$" + "x+" * 400 + "y$",  # too long
])
def test_a_formula_that_cannot_be_drawn_is_shown_as_code_with_its_source(qtbot, formula):
    view = _view(qtbot)
    started = time.perf_counter()
    view.add_answer("m", f"Before {formula} after.")
    elapsed = time.perf_counter() - started
    assert _formulas(view) == []
    code = "".join(text for kind, (text, fixed) in _pieces(view) if kind == "text" and fixed)
    assert code.replace(DISPLAY_BREAK, "") == formula  # its source, in the code font
    assert "Before" in view.toPlainText() and "after." in view.toPlainText()
    assert elapsed < 5  # bounded (a generous bound: this only catches a runaway layout)


def test_a_model_cannot_forge_a_formula_image(qtbot):
    view = _view(qtbot)
    view.add_answer("m", "Real $x^2$ formula.")
    assert _formulas(view) == ["$x^2$"]
    # Even knowing this process's token and a number that was used, a model's image is only text.
    forged = f"![formula]({math_render.ADDRESS_PREFIX}1) and ![formula]({math_render.ADDRESS_PREFIX}99999)"
    view.add_answer("m", forged)
    assert _formulas(view) == ["$x^2$"]
    assert view.toPlainText().count("[image:") == 2
    assert view.blocked_resources == []


def test_copy_gives_back_the_latex_source(qtbot):
    view = _view(qtbot)
    view.add_answer("m", ANSWER)
    cursor = QTextCursor(view.document())
    cursor.select(QTextCursor.Document)
    view.setTextCursor(cursor)
    copied = view.createMimeDataFromSelection().text()
    assert "$E = mc^2$" in copied and "\\(\\alpha + \\beta\\)" in copied
    assert "$$\\int_0^\\infty e^{-x^2}\\,dx = \\frac{\\sqrt{\\pi}}{2}$$" in copied
    assert math_render.OBJECT_REPLACEMENT not in copied
    assert ANSWER in [entry.text for entry in view.message_actions.entries]  # "Copy answer": the answer as written


def _ink_colours(image, background) -> set[str]:
    colours = set()
    for y in range(image.height()):
        for x in range(image.width()):
            colour = image.pixelColor(x, y)
            if abs(colour.lightness() - background.lightness()) > 100:
                colours.add(colour.name())
    return colours


def test_formula_colour_follows_dark_mode(qtbot):
    view = _view(qtbot)
    view.add_answer("m", "$$\\sum_{n=1}^{\\infty} \\frac{1}{n^2} = \\frac{\\pi^2}{6}$$")
    assert len(_formulas(view)) == 1
    view.show()
    qtbot.waitExposed(view)
    light = view.palette()
    before = _ink_colours(view.viewport().grab(_formula_rect(view)).toImage(), light.color(QPalette.Base))
    assert light.color(QPalette.Text).name() in before
    view.setPalette(dark_palette())
    dark = view.palette()
    after = _ink_colours(view.viewport().grab(_formula_rect(view)).toImage(), dark.color(QPalette.Base))
    assert dark.color(QPalette.Text).name() in after
    assert light.color(QPalette.Text).name() not in after


def test_formulas_follow_the_text_size(qtbot):
    view = _view(qtbot)
    view.add_answer("m", "$$\\frac{a+b}{c}$$")
    view.show()
    qtbot.waitExposed(view)
    small = _formula_rect(view).height()
    font = QFont(view.font())
    font.setPointSizeF(view.font().pointSizeF() * 2)
    view.setFont(font)  # what Ctrl++ does (text_size.TextSize.apply)
    view.document().setDefaultFont(font)
    large = _formula_rect(view).height()
    assert large > small * 1.6


def _visible_words(text: str) -> list[str]:
    """The words a reader must find (as in test_fuzz_markdown): not link targets or fence info strings."""
    text = re.sub(r"\]\([^)]*\)?", "]", text)
    text = re.sub(r"(?m)^ {0,3}(`{3,}|~{3,}).*$", "", text)
    return re.findall(r"[^\W\d_]+", text)


MATH_PIECES = ["$", "$$", "\\(", "\\)", "\\[", "\\]", "{", "}", "\\frac", "\\sqrt", "^", "_", "\\left(", "\\right)",
               "\\begin{pmatrix}", "\\end{pmatrix}", "&", "\\\\", "\\", "`", "\n", "\n\n", " ", "x", "word", "5",
               "\\$", "![i](http://127.0.0.1:9/x.png)", "[l](http://h/$x$)", "\\text{Zeile}", "\\unknowncommand",
               "\\color{red}", "%", "#", "\\mathbb{R}", "\u00e4", "\ufffc"]
latexish = st.lists(st.one_of(st.sampled_from(MATH_PIECES), st.text(max_size=2)), max_size=40).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=latexish)
def test_hostile_latex_never_raises_loads_or_loses_text(qtbot, caplog, text):
    view = _view(qtbot)
    with caplog.at_level(logging.WARNING, logger="genai_desktop.ui.math_render"):
        view.add_answer("m", text)
        view.grab()  # lay out and draw every formula
    assert [record for record in caplog.records if record.name.endswith("math_render")] == []
    assert view.blocked_resources == []
    shown = text_with_formulas(view.document()).replace(DISPLAY_BREAK, "").replace("\n", "")
    lost = [word for word in _visible_words(text) if word not in shown]
    assert lost == [], lost


def test_deep_nesting_and_huge_input_stay_bounded(qtbot):
    view = _view(qtbot)
    hostile = "$" + "\\sqrt{" * 5000 + "x" + "}" * 5000 + "$ and $$" + "\\frac{1}{" * 3000 + "}" * 3000 + "$$"
    started = time.perf_counter()
    view.add_answer("m", hostile)
    view.grab()
    assert time.perf_counter() - started < 10
    assert _formulas(view) == []
    assert view.blocked_resources == []


def test_ziamath_is_not_imported_to_show_the_window(app_home):
    """The math renderer loads with the first formula, after the window is up (start-up time and memory)."""
    probe = ("import os, sys; os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
             "from PySide6.QtWidgets import QApplication\n"
             "from genai_desktop.app import build_main_window\n"
             "app = QApplication([]); window = build_main_window(app); window.show(); app.processEvents()\n"
             "print('ziamath' in sys.modules, 'latex2mathml' in sys.modules)\n"
             # Typing a message warms it up on its thread: the first formula of the answer does not wait.
             "from PySide6.QtCore import Qt; from PySide6.QtTest import QTest; import time\n"
             "QTest.keyClick(window.promptEdit, Qt.Key_A)\n"
             "from genai_desktop.ui import math_render\n"
             "deadline = time.monotonic() + 30\n"
             "while ('x', False) not in math_render._layouts and time.monotonic() < deadline:\n"
             "    app.processEvents(); time.sleep(0.05)\n"
             "print(('x', False) in math_render._layouts)\n")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60,
                            env={**os.environ, "GENAI_DESKTOP_HOME": str(app_home)})
    assert result.stdout.split() == ["False", "False", "True"], result.stderr


def answered_in_the_window(qtbot, make_window, api_server, reply: str):
    """The transcript of a real window once the loopback server has answered with reply."""
    api_server.set_mode("normal", reply=reply)
    window = make_window()
    send_prompt(qtbot, window, "formulas please")
    wait_idle(qtbot, window)
    return window.transcriptView


def test_answer_with_math_through_the_window(qtbot, make_window, api_server):
    view = answered_in_the_window(qtbot, make_window, api_server, "Pythagoras: $a^2 + b^2 = c^2$, and the area\n\n"
                                                                  "$$A = \\pi r^2$$\n\ncosts $5 or $10.")
    assert _formulas(view) == ["$a^2 + b^2 = c^2$", "$$A = \\pi r^2$$"]
    shown = view.toPlainText()
    assert "a^2" not in shown and "\\pi" not in shown and "$$" not in shown
    assert "costs $5 or $10." in shown
    assert view.blocked_resources == []
    cursor = QTextCursor(view.document())
    cursor.select(QTextCursor.Document)
    view.setTextCursor(cursor)
    assert "$a^2 + b^2 = c^2$" in view.createMimeDataFromSelection().text()
    QGuiApplication.clipboard().clear()


def test_a_formula_slower_than_the_wait_is_code_now_and_drawn_once_ready(qtbot, monkeypatch):
    """The time spent on formulas is limited: what is not laid out in time is shown as code, never waited for."""
    view = _view(qtbot)
    view.add_answer("m", "$x$")  # ziamath loaded
    source = "\\sum_{k=1}^{" + str(time.time_ns()) + "} k"  # new to the cache
    monkeypatch.setattr(math_render, "BLOCK_BUDGET_SECONDS", 0.0)
    view.add_answer("m", f"Slow ${source}$ here.")
    assert _formulas(view) == ["$x$"]
    assert f"${source}$" in view.toPlainText().replace(DISPLAY_BREAK, "")  # as code, with its source
    assert math_render.layout(source, False, wait=30) is not None  # finished on the formulas thread
    view.add_answer("m", f"Again ${source}$ here.")
    assert _formulas(view) == ["$x$", f"${source}$"]


def test_a_streaming_formula_is_laid_out_before_its_block_is_finished(qtbot):
    """While the paragraph still streams, its finished formulas are laid out on the formulas thread."""
    view = _view(qtbot)
    source = "\\prod_{j=1}^{" + str(time.time_ns()) + "} j"
    view.begin_answer("m")
    view.append_answer(f"The product ${source}$ and the paragraph goes on")
    view._flush()  # the flush timer fired; the paragraph is not finished (its preview is drawn)
    key = (source, False)
    assert key in math_render._pending or key in math_render._layouts
    qtbot.waitUntil(lambda: key in math_render._layouts, timeout=30000)
    view.append_answer(".\n\nNext paragraph.")
    assert view.end_answer().startswith("The product")
    assert _formulas(view) == [f"${source}$"]


def test_the_cycle_collector_never_runs_on_the_formulas_thread(qtbot):
    """ziamath allocates a lot: a collection due then ran on the formulas thread and destroyed closed
    widgets there, off the GUI thread; their timers later fired into freed memory (a segfault in
    QTimerInfoList::activateTimers, about one run in three of tests/test_fuzz_markdown.py)."""
    application = QApplication.instance()
    for collector in application.findChildren(GuiThreadGarbageCollector):  # a view alone, without the window
        shiboken6.delete(collector)
    gc.enable()
    collected_on = []

    def watch(phase, _info):
        if phase == "start" and threading.current_thread() is not threading.main_thread():
            collected_on.append(threading.current_thread().name)

    gc.callbacks.append(watch)
    try:
        for number in range(15):  # new to the cache: each is laid out by ziamath, thousands of objects
            source = "\\sum_{k=%d}^{%d} \\frac{k^2}{\\sqrt{k+1}}" % (number, time.time_ns())
            assert math_render.layout(source, True, wait=30) is not None
    finally:
        gc.callbacks.remove(watch)
    assert collected_on == []
    assert application.findChild(GuiThreadGarbageCollector) is not None  # collects on the GUI thread instead


def _held_formula(monkeypatch, source: str) -> tuple[threading.Event, threading.Event]:
    """ziamath's layout of source held on the formulas thread until the first event is set; the second
    is set once it is done. The GUI thread's waits are made long: a wait would outlast the hold."""
    release, done = threading.Event(), threading.Event()
    lay_out = math_render._layout_now

    def held(formula_source: str, display: bool):
        if formula_source == source:
            release.wait(10)
            done.set()
        return lay_out(formula_source, display)

    monkeypatch.setattr(math_render, "_layout_now", held)
    for name in ("SLOW_FORMULA_SECONDS", "BLOCK_BUDGET_SECONDS", "WAIT_SECONDS"):
        monkeypatch.setattr(math_render, name, 30.0)
    monkeypatch.setattr(math_render, "_WAITING", math_render._Allowance())
    return release, done


def test_a_streaming_answer_never_waits_for_a_formula_it_is_swapped_in_once_laid_out(qtbot, monkeypatch):
    """While an answer streams, the window does not wait for ziamath (it stalled for its ~0.4 s start at the
    first formula): a formula not laid out yet shows as its source in code, and the group is rendered again
    in place once it is — ending exactly as the same answer rendered at once."""
    view = _view(qtbot)
    view.add_answer("m", "$x$")  # ziamath loaded
    source = "\\sum_{n=1}^{" + str(time.time_ns()) + "} n"  # new to the cache
    release, done = _held_formula(monkeypatch, source)
    text = f"## Sums\n\nThe sum ${source}$ is **big**.\n\n- one\n- two\n\n```\ncode\n```\n\nMore words.\n\nThe end."
    view.begin_answer("m")
    view.append_answer(text[:text.index("More")])
    view._flush()  # the run of blocks with the formula is finished (a code block follows) and rendered
    assert not done.is_set()  # the flush did not wait for the layout
    shown = view.toPlainText().replace(DISPLAY_BREAK, "")
    assert f"${source}$" in shown and "big" in shown and "**" not in shown  # as code for now, the rest rendered
    assert _formulas(view) == ["$x$"]
    assert view.late_formulas.waiting
    release.set()
    qtbot.waitUntil(lambda: not view.late_formulas.waiting, timeout=20_000)
    assert _formulas(view) == ["$x$", f"${source}$"]  # swapped in while the answer still streams
    assert f"${source}$" not in view.toPlainText().replace(DISPLAY_BREAK, "")
    view.append_answer(text[text.index("More"):])
    assert view.end_answer() == text
    qtbot.waitUntil(lambda: view.settled, timeout=20_000)
    at_once = _view(qtbot)
    at_once.add_answer("m", "$x$")
    at_once.add_answer("m", text)
    assert _document(view) == _document(at_once)


def test_a_late_formula_leaves_a_group_redrawn_meanwhile_alone(qtbot, monkeypatch):
    """The transcript was cleared (another chat shown) before the formula was laid out: nothing is swapped in."""
    view = _view(qtbot)
    view.add_answer("m", "$x$")
    source = "\\prod_{k=1}^{" + str(time.time_ns()) + "} k"
    release, _done = _held_formula(monkeypatch, source)
    view.begin_answer("m")
    view.append_answer(f"Product ${source}$ here.\n\n```\ncode\n```\n\nNext")
    view._flush()
    assert view.late_formulas.waiting
    view.clear_transcript()
    view.add_answer("m", "Another chat.")
    release.set()
    assert math_render.layout(source, False, wait=30) is not None
    qtbot.waitUntil(lambda: view.settled, timeout=20_000)
    assert view.toPlainText().strip().endswith("Another chat.") and _formulas(view) == []


def test_a_streamed_formula_that_cannot_be_drawn_ends_as_code_as_at_once(qtbot):
    view = _view(qtbot)
    view.add_answer("m", "$x$")
    text = "Broken $\\frac{a}{$ formula and a good one $y_" + str(time.time_ns()) + "$.\n\nDone."
    view.begin_answer("m")
    view.append_answer(text)
    view._flush()
    assert view.end_answer() == text
    qtbot.waitUntil(lambda: view.settled, timeout=20_000)
    at_once = _view(qtbot)
    at_once.add_answer("m", "$x$")
    at_once.add_answer("m", text)
    assert _document(view) == _document(at_once)
    assert len(_formulas(view)) == 2  # $x$ and the good one


def test_the_formulas_thread_loads_qtsvg_so_the_first_formula_drawn_does_not(app_home):
    """Drawing the first formula imported QtSvg inside a paint of the window (~20 ms): the thread that loads
    ziamath loads it too."""
    probe = ("import os, sys; os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
             "from PySide6.QtWidgets import QApplication\n"
             "app = QApplication([])\n"
             "from genai_desktop.ui import math_render\n"
             "print('PySide6.QtSvg' in sys.modules)\n"
             "assert math_render.layout('x^2', False, wait=60) is not None\n"
             "print('PySide6.QtSvg' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=90,
                            env={**os.environ, "GENAI_DESKTOP_HOME": str(app_home)})
    assert result.stdout.split() == ["False", "True"], result.stderr


def test_bracket_formulas_and_one_that_cannot_be_drawn_through_the_window(qtbot, make_window, api_server):
    """\\( \\) and \\[ \\] answers are drawn in the real window; a broken formula stays readable as its source."""
    view = answered_in_the_window(qtbot, make_window, api_server, "Inline \\( a^2 + b^2 \\) here.\n\n"
                                  "\\[ \\int_0^1 x\\,dx \\]\n\nBroken $\\frac{a}{$ stays.")
    assert _formulas(view) == ["\\( a^2 + b^2 \\)", "\\[ \\int_0^1 x\\,dx \\]"]
    shown = view.toPlainText()
    assert "a^2" not in shown and "\\int" not in shown and "\\(" not in shown and "\\[" not in shown
    code = "".join(value[0] for kind, value in _pieces(view) if kind == "text" and value[1])
    assert code.replace(DISPLAY_BREAK, "") == "$\\frac{a}{$"  # its source, in the code font
    assert "Inline" in shown and "here." in shown and "Broken" in shown and "stays." in shown
    assert view.blocked_resources == []
