"""Code blocks in answers (issue 11, point 2): a header with the language and a Copy button confirmed at
the block, and Pygments colours by the fence's language only, light and dark, loaded on a thread."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QGuiApplication, QPalette, QTextCursor
from PySide6.QtWidgets import QApplication

from conftest import activate, send_prompt, shown_transcript, wait_idle
from genai_desktop.ui.code_blocks import TOKEN_PROPERTY, CodeBlocks, loaded_languages
from genai_desktop.ui.markdown_stream import BLOCK_CHARACTERS, MarkdownBlock
from genai_desktop.ui.theme import dark_palette
from genai_desktop.ui import transcript
from genai_desktop.ui.transcript import TranscriptView

REPO = Path(__file__).resolve().parent.parent
HEADER_COPY = "\u2003\u2003\ufffc\u2009Copy"  # after the language: a gap, the icon, the word


def new_view(qtbot) -> TranscriptView:
    return shown_transcript(qtbot, 700, 500)


def pieces(view: TranscriptView):
    """Every fragment of the document, in order."""
    found = []
    block = view.document().begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            if iterator.fragment().isValid():
                found.append(iterator.fragment())
            iterator += 1
        block = block.next()
    return found


def coloured_pieces(view: TranscriptView) -> int:
    """How many pieces of the view's text have a token's colour."""
    return sum(1 for piece in pieces(view) if piece.charFormat().property(TOKEN_PROPERTY))


def coloured_tokens(view: TranscriptView) -> dict[str, str]:
    """Text of each coloured token piece -> its colour."""
    return {piece.text(): piece.charFormat().foreground().color().name() for piece in pieces(view)
            if piece.charFormat().property(TOKEN_PROPERTY) is not None}


def wait_for_language(qtbot, language: str) -> None:
    qtbot.waitUntil(lambda: language in loaded_languages(), timeout=20_000)  # looked up on a thread


def copy_hrefs(view: TranscriptView) -> list[str]:
    """The header Copy buttons' addresses, in order (each once)."""
    hrefs = []
    for piece in pieces(view):
        href = piece.charFormat().anchorHref()
        if "/copy/" in href and piece.text() == "\u2009Copy" or piece.text().startswith("\u2009Copied"):
            hrefs.append(href)
    return hrefs


def click_text(qtbot, view: TranscriptView, text: str) -> None:
    """A real mouse click in the middle of the first occurrence of text."""
    found = view.document().find(text)
    assert not found.isNull(), text
    middle = QTextCursor(view.document())
    middle.setPosition((found.selectionStart() + found.selectionEnd()) // 2)
    view.ensureCursorVisible()
    rect = view.cursorRect(middle)
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=QPoint(rect.center().x(), rect.center().y()))


def test_header_shows_the_language_or_code_and_a_copy_button(qtbot):
    view = new_view(qtbot)
    view.add_answer("m", "One:\n\n```python title=x.py\nprint(1)\n```\n\nTwo:\n\n```\nplain words\n```\n")
    lines = view.toPlainText().split("\n")
    assert f"python{HEADER_COPY}" in lines and f"Code{HEADER_COPY}" in lines
    assert lines.index(f"python{HEADER_COPY}") + 1 == lines.index("print(1)")  # the header stands above the code
    assert "Copy code" not in view.toPlainText()
    assert view.blocked_resources == []  # the icon is the app's own resource, not loaded through the view


def test_copy_copies_exactly_the_block_and_is_confirmed_at_it(qtbot):
    view = new_view(qtbot)
    code = "def f(x):\n\treturn x  # tab, trailing space \n\n"
    view.add_answer("m", f"Text first.\n\n```python\n{code}```\n\nAfter.")
    QGuiApplication.clipboard().setText("before")
    with qtbot.waitSignal(view.notice) as notice:
        click_text(qtbot, view, "\u2009Copy")
    assert QGuiApplication.clipboard().text() == code
    assert notice.args == ["Copied to the clipboard."]  # the status bar and screen reader hear it as before
    assert f"python\u2003\u2003\ufffc\u2009Copied ✓" in view.toPlainText()  # ... and the block itself says so
    qtbot.waitUntil(lambda: f"python{HEADER_COPY}" in view.toPlainText(), timeout=4000)  # then back, ~2 s later
    assert "Copied" not in view.toPlainText()


def test_a_long_block_in_pieces_has_one_header_and_copies_all_of_it(qtbot):
    view = new_view(qtbot)
    code = "".join(f"value_{number} = {number} * 2  # line {number}\n" for number in range(1200))
    assert len(code) > 3 * BLOCK_CHARACTERS
    answer = f"Intro.\n\n```python\n{code}```\n\nDone."
    view.begin_answer("m")
    for start in range(0, len(answer), 997):  # streamed, with renders between the chunks
        view.append_answer(answer[start:start + 997])
        view._flush()
    view.end_answer()
    while view._more_links.showing:
        view._more_links.show_next_step()
    assert view.toPlainText().count(HEADER_COPY) == 1
    assert len(copy_hrefs(view)) == 1
    view.anchorClicked.emit(QUrl(copy_hrefs(view)[0]))
    assert QGuiApplication.clipboard().text() == code


def test_copy_is_reachable_by_keyboard(qtbot):
    view = new_view(qtbot)
    code = "echo hello\n"
    view.add_answer("m", f"```bash\n{code}```\n")
    QGuiApplication.clipboard().setText("before")
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    qtbot.keyClick(view, Qt.Key_Tab)  # the first link of the transcript: the header's Copy
    assert "Copy" in view.textCursor().selectedText()
    assert view.textCursor().charFormat().anchorHref() == copy_hrefs(view)[0]
    qtbot.keyClick(view, Qt.Key_Return)
    assert QGuiApplication.clipboard().text() == code
    assert "Copied ✓" in view.toPlainText()


def test_tokens_are_coloured_and_follow_light_and_dark(qtbot):
    view = new_view(qtbot)
    view.setPalette(QApplication.style().standardPalette())
    view.add_answer("m", "```python\ndef greet(name):\n    return 'hi ' + name  # a comment\n```\n")
    wait_for_language(qtbot, "python")
    qtbot.waitUntil(lambda: "def" in coloured_tokens(view))  # plain until Pygments came, then coloured
    light = coloured_tokens(view)
    assert {"def", "greet", "'hi '", "# a comment"} <= set(light)
    assert len(set(light.values())) >= 3  # keyword, function name, string, comment told apart
    view.setPalette(dark_palette())
    dark = coloured_tokens(view)
    assert set(dark) == set(light)
    assert all(dark[text] != light[text] for text in ("def", "'hi '", "# a comment")), (light, dark)
    view.setPalette(QApplication.style().standardPalette())
    assert coloured_tokens(view) == light


def test_unknown_or_missing_language_stays_plain(qtbot):
    view = new_view(qtbot)
    view.add_answer("m", "```nosuchlanguage\nif x then y\n```\n\n```\ndef f(): pass\n```\n")
    wait_for_language(qtbot, "nosuchlanguage")
    qtbot.wait(50)  # the answer of the lookup is handled
    assert loaded_languages()["nosuchlanguage"] is None
    assert coloured_tokens(view) == {}  # nothing guessed: the Python-looking block without a language is plain too
    assert "nosuchlanguage" + HEADER_COPY in view.toPlainText()


def test_a_copy_address_written_by_the_model_copies_nothing(qtbot):
    view = new_view(qtbot)
    view.add_answer("m", "```python\nsecret = 1\n```\n\n[Copy](genai-app://0123456789abcdef/copy/1) and "
                         "![icon](genai-app://0123456789abcdef/icon/copy)")
    QGuiApplication.clipboard().setText("unchanged")
    click_text(qtbot, view, "Copy and")
    assert QGuiApplication.clipboard().text() == "unchanged"
    assert "Copied" not in view.toPlainText()
    assert "[image: genai-app" in view.toPlainText() or "[image: 0123456789abcdef" in view.toPlainText()
    assert view.blocked_resources == []


def test_hostile_language_names_and_a_huge_block_render_as_text_only(qtbot):
    view = new_view(qtbot)
    names = ["<img src=x>", "../../etc/passwd", "<b>bold</b>", "file:///etc/passwd", "x" * 5000, "python\u202e"]
    code = "print('<img src=\"http://127.0.0.1:9/x.png\">')\n" * 3000
    answer = "".join(f"```{name}\n<b>not bold</b> ![i](http://127.0.0.1:9/y.png)\n```\n\n" for name in names)
    answer += f"```python\n{code}```\n"
    view.add_answer("m", answer)
    while view._more_links.showing:
        view._more_links.show_next_step()
    labels = ["<img", "../../etc/passwd", "<b>bold</b>", "file:///etc/passwd", "x" * 40, "python\u202e"]
    for label in labels:  # the first word of the info string, at most 40 characters, looked up by name only
        wait_for_language(qtbot, label)
    qtbot.waitUntil(lambda: "print" in coloured_tokens(view), timeout=10_000)
    shown = view.toPlainText()
    for label in labels:
        assert label + HEADER_COPY in shown.split("\n")  # the name as written, as text
    assert all(loaded_languages()[label] is None for label in labels)
    assert shown.count("<b>not bold</b>") == len(names)
    assert not any(piece.charFormat().fontWeight() > 400 and "bold" in piece.text() for piece in pieces(view))
    assert view.blocked_resources == []
    assert not any(piece.charFormat().isImageFormat() and "127.0.0.1" in piece.charFormat().toImageFormat().name()
                   for piece in pieces(view))
    view.anchorClicked.emit(QUrl(copy_hrefs(view)[-1]))
    assert QGuiApplication.clipboard().text() == code


def test_a_block_still_open_while_streaming_has_a_header_but_no_copy_yet(qtbot):
    # The stream shows an unclosed fence through insert_group with a temporarily closed block.
    view = new_view(qtbot)
    cursor = QTextCursor(view.document())
    view.insert_group(cursor, MarkdownBlock("```python\nx = 1\n```\n", is_code=True))
    assert view.toPlainText().split("\n")[:2] == ["python", "x = 1"]
    assert copy_hrefs(view) == [] and view.command_links.copy_texts == {}


def test_whole_window_code_answer_has_header_and_colours(qtbot, make_window, api_server):
    api_server.set_mode("normal", reply="Try:\n\n```javascript\nconst answer = 42;\n```\n")
    window = make_window()
    send_prompt(qtbot, window, "js")
    wait_idle(qtbot, window)
    view = window.transcriptView
    assert f"javascript{HEADER_COPY}" in view.toPlainText()
    qtbot.waitUntil(lambda: "const" in coloured_tokens(view), timeout=20_000)
    click_text(qtbot, view, "\u2009Copy")
    assert QGuiApplication.clipboard().text() == "const answer = 42;\n"


def test_pygments_is_not_imported_before_the_window_is_up_and_typing_loads_it(tmp_path):
    """Not at start (the window is what a user waits for); once the user types a message, on its thread, so the
    import does not compete with the first answer's stream."""
    child = ("import sys, time\nfrom PySide6.QtTest import QTest\nfrom PySide6.QtWidgets import QApplication\n"
             "from genai_desktop.app import build_main_window\nfrom genai_desktop.ui.code_blocks import loaded_languages\n"
             "app = QApplication([])\nwindow = build_main_window(app)\nwindow.show()\napp.processEvents()\n"
             "print(sorted(name for name in sys.modules if name.startswith('pygments')))\n"
             "QTest.keyClicks(window.promptEdit, 'H')\ndeadline = time.monotonic() + 30\n"
             "while 'python' not in loaded_languages() and time.monotonic() < deadline:\n"
             "    app.processEvents()\n    time.sleep(0.01)\n"
             "print(sorted(loaded_languages()))\nwindow.close()\n")
    env = dict(os.environ, GENAI_DESKTOP_HOME=str(tmp_path), PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen",
               OPENAI_API_KEY="sk-test-123456")
    out = subprocess.run([sys.executable, "-c", child], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    before, after = out.stdout.strip().splitlines()[-2:]
    assert before == "[]" and after == "['python']"


def test_dark_palette_tokens_read_on_the_code_shading(qtbot):
    from test_follow_appearance import contrast

    view = new_view(qtbot)
    view.setPalette(dark_palette())
    view.add_answer("m", "```python\n# comment\n@decorator\ndef f(a: int = 1) -> str:\n    return f'{a!r}' + r'\\d'\n```\n")
    wait_for_language(qtbot, "python")
    qtbot.waitUntil(lambda: "# comment" in coloured_tokens(view))
    shading = dark_palette().color(QPalette.AlternateBase)
    for text, colour in coloured_tokens(view).items():
        from PySide6.QtGui import QColor
        assert contrast(QColor(colour), shading) >= 4.5, text


def test_copy_during_a_long_block_still_arriving_copies_what_has_arrived(qtbot):
    view = new_view(qtbot)
    code = "".join(f"line_{number} = {number}\n" for number in range(1500))
    assert len(code) > 2 * BLOCK_CHARACTERS
    view.begin_answer("m")
    view.append_answer(f"```python\n{code[:BLOCK_CHARACTERS + 100]}")  # the first piece is finished, more to come
    view._flush()
    assert len(copy_hrefs(view)) == 1
    view.anchorClicked.emit(QUrl(copy_hrefs(view)[0]))
    arrived = QGuiApplication.clipboard().text()
    assert len(arrived) > BLOCK_CHARACTERS // 2 and code.startswith(arrived)  # whole lines of the first piece
    view.append_answer(code[BLOCK_CHARACTERS + 100:] + "```\n")
    view.end_answer()
    qtbot.waitUntil(lambda: view.settled)  # a streamed answer's rest follows in steps
    view.anchorClicked.emit(QUrl(copy_hrefs(view)[0]))
    assert QGuiApplication.clipboard().text() == code


def test_blocks_shown_before_their_lexer_came_are_all_coloured_when_it_comes(qtbot):
    view = new_view(qtbot)
    answer = "".join(f"```haskell\nmain{number} = putStrLn \"hi\" -- c\n```\n\n" for number in range(60))
    assert "haskell" not in loaded_languages()  # asked for the first time here: shown plain, coloured later
    view.add_answer("m", answer)
    while view._more_links.showing:
        view._more_links.show_next_step()
    assert coloured_tokens(view) == {}
    wait_for_language(qtbot, "haskell")

    def coloured_blocks() -> int:
        return sum(1 for piece in pieces(view) if piece.text() == "-- c" and piece.charFormat().property(TOKEN_PROPERTY))

    qtbot.waitUntil(lambda: coloured_blocks() == 60, timeout=10_000)  # in passes of a few ms each


def test_code_grows_with_the_text_size(qtbot):
    """Qt's Markdown reader gives code its fixed font's point size: a block and a span stayed small at Ctrl++."""
    from PySide6.QtGui import QFont

    view = new_view(qtbot)
    view.add_answer("m", "Text\n\n```python\nx = 1\n```\n\nmore `span` here\n")

    def size_of(text: str) -> float:
        cursor = view.document().find(text)
        return QTextCursor(cursor).charFormat().font().pointSizeF()

    larger = QFont(view.font())
    larger.setPointSizeF(view.font().pointSizeF() * 2)
    view.setFont(larger)
    view.document().setDefaultFont(larger)  # what View → Larger text does (ui/text_size.py)
    assert size_of("x = 1") == size_of("Text") == larger.pointSizeF()
    assert size_of("span") == larger.pointSizeF()
    family = QTextCursor(view.document().find("x = 1")).charFormat().font()
    assert family.fixedPitch() or "mono" in family.family().lower()  # still the code font


def test_the_copy_icon_grows_with_the_text_size(qtbot):
    """The icon beside Copy is an image of fixed pixels: at double text size it stood half as high as its word."""
    from PySide6.QtGui import QFont, QFontMetricsF

    view = new_view(qtbot)
    view.add_answer("m", "```python\nx = 1\n```\n")

    def icon_sides() -> set[tuple[float, float]]:
        return {(piece.charFormat().toImageFormat().width(), piece.charFormat().toImageFormat().height())
                for piece in pieces(view) if piece.charFormat().isImageFormat() and "/copy/" in piece.charFormat().anchorHref()}

    line = QFontMetricsF(view.font()).height()
    assert icon_sides() == {(round(line), round(line))}
    larger = QFont(view.font())
    larger.setPointSizeF(view.font().pointSizeF() * 2)
    view.setFont(larger)
    view.document().setDefaultFont(larger)  # what View → Larger text does (ui/text_size.py)
    QApplication.processEvents()
    line = QFontMetricsF(larger).height()
    assert line > 20
    assert icon_sides() == {(round(line), round(line))}
    view.add_answer("m", "```bash\nls\n```\n")  # a block shown after the change: the same size
    assert icon_sides() == {(round(line), round(line))}


def test_the_colours_of_a_long_block_go_on_in_steps(qtbot, monkeypatch):
    """Putting a block's colours on costs a Qt call a run (14 ms for a long block): it goes in steps within the
    pass's budget, as the tokenising does, instead of all at once after the last token."""
    from genai_desktop.ui import code_blocks

    view = new_view(qtbot)
    view.add_answer("m", "```python\nx = 1\n```\n")
    wait_for_language(qtbot, "python")
    qtbot.waitUntil(lambda: view.settled)
    monkeypatch.setattr(code_blocks, "COLOUR_BUDGET_SECONDS", 0.0)  # every pass over its budget at once
    view.add_answer("m", "```python\n" + "".join(f"def f{i}(): return {i}  # {i}\n" for i in range(60)) + "```\n")
    blocks = CodeBlocks.of(view)

    counts = [coloured_pieces(view)]
    for _pass in range(2000):
        if not blocks.colouring:
            break
        blocks._colour_some()
        counts.append(coloured_pieces(view))
    assert not blocks.colouring
    assert counts[-1] > 4 * code_blocks.COLOUR_STEP_RUNS  # 60 lines of keywords, names, numbers, comments
    steps = [after - before for before, after in zip(counts, counts[1:]) if after != before]
    assert max(steps) <= code_blocks.COLOUR_STEP_RUNS, steps


def test_while_an_answer_streams_code_in_view_is_coloured_between_its_steps_the_rest_after_it(qtbot, monkeypatch):
    """At speed, code scrolls away before its colours' turn: while an answer streams, a colour pass colours only
    the blocks in view, and it is a step of the stream's own, taking turns with the text (the two in one event-
    loop pass made the window's longest stalls). The blocks left plain are coloured once the answer has ended."""
    view = new_view(qtbot)
    view.add_answer("m", "```python\nwarm = 0\n```\n")
    wait_for_language(qtbot, "python")
    qtbot.waitUntil(lambda: view.settled)
    view.clear_transcript()

    def coloured(name: str) -> bool:
        return any(piece.text() == name and piece.charFormat().property(TOKEN_PROPERTY) for piece in pieces(view))

    monkeypatch.setattr(transcript, "RENDER_BUDGET_SECONDS", 10.0)  # the text arrived at once is one step
    view.begin_answer("m")
    prose = "".join(f"Line {number} of the prose between the two blocks.\n\n" for number in range(60))
    view.append_answer("```python\nfirst_block = 1\n```\n\n" + prose + "```python\nlast_block = 2\n```\n\n")
    view._flush()
    assert view.toPlainText().rstrip().endswith("last_block = 2") and not coloured("last_block")
    view.append_answer("More words.")
    view._flush()  # the colour pass's turn: the new words wait for the next step
    assert "More words" not in view.toPlainText()
    assert coloured("last_block")  # in view: coloured while the answer streams
    assert not coloured("first_block")  # scrolled away before its turn: plain for now
    view._flush()
    view.end_answer()
    qtbot.waitUntil(lambda: view.settled, timeout=10_000)
    assert coloured("first_block") and coloured("last_block")


def test_while_an_answer_streams_a_colour_pass_keeps_to_a_smaller_budget(qtbot, monkeypatch):
    """The stream's next step and the repaint of the new colours follow a colour pass at once, in the same stall:
    while an answer streams, a pass keeps to STREAMING_COLOUR_BUDGET_SECONDS; once it has ended, to
    COLOUR_BUDGET_SECONDS (p99 of code-heavy answers: tests/bench/bench_streaming.py --variant code)."""
    from genai_desktop.ui import code_blocks

    view = new_view(qtbot)
    view.add_answer("m", "```python\nwarm = 0\n```\n")
    wait_for_language(qtbot, "python")
    qtbot.waitUntil(lambda: view.settled)
    view.clear_transcript()
    monkeypatch.setattr(code_blocks, "COLOUR_BUDGET_SECONDS", 10.0)  # an ended answer's pass: all at once
    monkeypatch.setattr(code_blocks, "STREAMING_COLOUR_BUDGET_SECONDS", 0.0)  # a streaming one: over at once
    monkeypatch.setattr(transcript, "RENDER_BUDGET_SECONDS", 10.0)  # the text arrived at once is one step
    blocks = CodeBlocks.of(view)

    view.begin_answer("m")
    view.append_answer("```python\n" + "".join(f"def f{i}(): return {i}  # {i}\n" for i in range(40)) + "```\n\n")
    view._flush()
    assert blocks.colour_in_view()  # the block is in view: a pass worked on it
    assert blocks.colouring and coloured_pieces(view) < 4 * code_blocks.COLOUR_STEP_RUNS  # and stopped at its budget
    view.end_answer()
    blocks._colour_some()
    assert not blocks.colouring and coloured_pieces(view) > 4 * code_blocks.COLOUR_STEP_RUNS  # 40 lines in one pass


def test_the_copy_confirmation_changes_the_blocks_own_label_only(qtbot):
    """The label is found when clicked (by its link, which only the view can write): the same word in the answer,
    or another block's label, stays as it is."""
    view = new_view(qtbot)
    view.add_answer("m", "Copy this:\n\n```python\nfirst = 1\n```\n\nCopy that:\n\n```python\nsecond = 2\n```\n")
    hrefs = copy_hrefs(view)
    assert len(hrefs) == 2
    view.anchorClicked.emit(QUrl(hrefs[1]))
    assert QGuiApplication.clipboard().text() == "second = 2\n"
    text = view.toPlainText()
    assert text.count("Copied ✓") == 1 and "Copy this:" in text and "Copy that:" in text
    assert text.index("Copied ✓") > text.index("Copy that:")  # the second block's
    qtbot.waitUntil(lambda: "Copied" not in view.toPlainText(), timeout=4000)
    assert copy_hrefs(view) == hrefs


def test_copy_by_keyboard_in_the_window_copies_the_code_and_is_confirmed_at_the_block(qtbot, make_window, api_server,
                                                                                       monkeypatch):
    """A keyboard user reaches the block's Copy with Tab in the real window and copies with Return."""
    from genai_desktop.ui import code_blocks

    monkeypatch.setattr(code_blocks, "CONFIRM_MS", 200)
    code = "def area(r):\n    return 3.14 * r * r  # circle\n"
    api_server.set_mode("normal", reply=f"Here:\n\n```python\n{code}```\n\nDone.")
    window = make_window()
    activate(window)
    send_prompt(qtbot, window, "code please")
    wait_idle(qtbot, window)
    view = window.transcriptView
    QGuiApplication.clipboard().setText("before")
    window.chatAssistantCombo.setFocus()
    qtbot.waitUntil(window.chatAssistantCombo.hasFocus)
    qtbot.keyClick(window.chatAssistantCombo, Qt.Key_Tab)  # the transcript follows the model and assistant pickers
    assert view.hasFocus()
    qtbot.keyClick(view, Qt.Key_Tab)  # its first link: the header's Copy
    assert "Copy" in view.textCursor().selectedText()
    assert view.textCursor().charFormat().anchorHref() == copy_hrefs(view)[0]
    qtbot.keyClick(view, Qt.Key_Return)
    assert QGuiApplication.clipboard().text() == code
    assert f"python\u2003\u2003\ufffc\u2009Copied ✓" in view.toPlainText().split("\n")  # at the block itself
    qtbot.waitUntil(lambda: f"python{HEADER_COPY}" in view.toPlainText().split("\n"), timeout=3000)
    assert "Copied" not in view.toPlainText()


def test_unknown_and_missing_language_through_the_window_stay_plain_python_is_coloured(qtbot, make_window,
                                                                                       api_server):
    """Only a fence's known language is coloured: nothing is guessed for an unknown name or none."""
    api_server.set_mode("normal", reply="```nosuchlang\ndef unknown(): return 1\n```\n\n"
                                        "```\ndef bare(): return 2\n```\n\n"
                                        "```python\ndef known(): return 3\n```\n")
    window = make_window()
    send_prompt(qtbot, window, "three blocks")
    wait_idle(qtbot, window)
    view = window.transcriptView
    wait_for_language(qtbot, "nosuchlang")
    wait_for_language(qtbot, "python")
    document = view.document()

    def coloured_lines() -> set[str]:
        return {document.findBlock(piece.position()).text() for piece in pieces(view)
                if piece.charFormat().property(TOKEN_PROPERTY)}

    qtbot.waitUntil(lambda: "def known(): return 3" in coloured_lines(), timeout=20_000)
    qtbot.waitUntil(lambda: not CodeBlocks.of(view).colouring)
    assert coloured_lines() == {"def known(): return 3"}  # the python block, and only it
    assert loaded_languages()["nosuchlang"] is None
    lines = view.toPlainText().split("\n")
    assert f"nosuchlang{HEADER_COPY}" in lines and f"Code{HEADER_COPY}" in lines and f"python{HEADER_COPY}" in lines


def test_a_long_code_line_wraps_in_the_column_and_the_chat_never_scrolls_sideways(qtbot, make_window, api_server):
    """Qt lays a code line out in one piece: one long line made the whole conversation scroll sideways."""
    line = "result = compute(" + ", ".join(f"argument_{i}" for i in range(20)) + ")"
    api_server.set_mode("normal", reply=f"Before.\n\n```python\n{line}\nshort = 1\n```\n\n    indented = {line}\n\nAfter.")
    window = make_window()
    window.resize(900, 700)
    send_prompt(qtbot, window, "a long line")
    wait_idle(qtbot, window)
    view = window.transcriptView
    qtbot.waitUntil(lambda: view.settled)
    assert view.horizontalScrollBar().maximum() == 0
    assert view.document().size().width() <= view.viewport().width()
    fenced = view.document().find(line).block()
    indented = view.document().find("indented = ").block()
    assert fenced.layout().lineCount() >= 2 and indented.layout().lineCount() >= 2  # wrapped, not cut off
    copied = view.command_links.copy_texts
    assert any(text.startswith(line + "\n") for text in copied.values())  # Copy still gives the line whole
    view.selectAll()  # Ctrl+C of a selection: the code as preformatted text, pasted elsewhere it keeps its indent
    data = view.createMimeDataFromSelection()
    assert "<pre" in data.html() and line in data.text()
