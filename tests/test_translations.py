"""The German catalogue: complete, formal ("Sie"), placeholders intact, and nothing left in English on screen."""

from __future__ import annotations

import ast
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractSpinBox, QApplication, QComboBox, QDialogButtonBox, QGroupBox, QLabel, QLineEdit,
    QMenu, QPlainTextEdit, QTextEdit, QToolBar, QWidget,
)

from conftest import send_prompt, transcript_text, wait_idle

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "genai_desktop"
TRANSLATIONS = PACKAGE / "resources" / "translations"
TS_FILE = TRANSLATIONS / "genai_desktop_de.ts"
QM_FILE = TS_FILE.with_suffix(".qm")

PLACEHOLDER = re.compile(r"%\d")
# Informal address; word boundaries keep "Dubai", "Durchsatz", "direkt", "Dirigent" out.
INFORMAL = re.compile(r"\b(du|dich|dir|dein|deine|deinem|deinen|deiner|deines)\b", re.IGNORECASE)


def catalogue() -> list[dict]:
    """Every message of the .ts: context, source, translation, whether it is unfinished."""
    messages = []
    for context in ET.parse(TS_FILE).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            forms = translation.findall("numerusform")
            texts = [form.text or "" for form in forms] if forms else [translation.text or ""]
            messages.append({
                "context": name,
                "source": message.findtext("source") or "",
                "translations": texts,
                "unfinished": translation.get("type") in ("unfinished", "vanished", "obsolete"),
            })
    return messages


def _compile_module():
    spec = importlib.util.spec_from_file_location("compile_translations", ROOT / "build" / "compile_translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def compiled_catalogue() -> Path:
    """The .qm is git-ignored: compile it here if it is missing or older than the .ts."""
    if not QM_FILE.exists() or QM_FILE.stat().st_mtime < TS_FILE.stat().st_mtime:
        assert _compile_module().main() == 0
    assert QM_FILE.exists() and QM_FILE.stat().st_size > 0
    return QM_FILE


@pytest.fixture
def german(qapp, compiled_catalogue):
    from genai_desktop.app import install_translations

    translators = install_translations(qapp, "de")
    try:
        yield translators
    finally:
        install_translations(qapp, "en")


# --- the catalogue itself -------------------------------------------------------------------------

def test_catalogue_is_complete_formal_and_keeps_placeholders():
    messages = catalogue()
    total = len(messages)
    unfinished = [m for m in messages if m["unfinished"]]
    empty = [m for m in messages if any(not text.strip() for text in m["translations"])]
    print(f"German catalogue: {total} messages, {len(unfinished)} unfinished, {len(empty)} empty")
    assert total > 100
    assert not unfinished, [m["source"] for m in unfinished]
    assert not empty, [m["source"] for m in empty]

    problems = []
    for m in messages:
        source = m["source"]
        for text in m["translations"]:
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text)):
                problems.append(f"placeholders differ: {source!r} -> {text!r}")
            if INFORMAL.search(text):
                problems.append(f"informal address ({INFORMAL.search(text).group(0)!r}): {text!r}")
            if source.count("\n") != text.count("\n"):
                problems.append(f"line breaks differ: {source!r} -> {text!r}")
            if source.endswith("…") != text.endswith("…"):
                problems.append(f"trailing … differs: {source!r} -> {text!r}")
            if "&" in source and text.replace("&&", "").count("&") != 1:
                problems.append(f"needs exactly one accelerator: {source!r} -> {text!r}")
            for literal in ("OPENAI_API_KEY", "https://", "http://"):
                if source.count(literal) != text.count(literal):
                    problems.append(f"{literal} changed: {source!r} -> {text!r}")
    assert not problems, "\n".join(problems)


def test_catalogue_covers_every_string_in_the_code(tmp_path):
    """lupdate over today's sources finds nothing new: every tr()/translate() string has a translation."""
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    copy = tmp_path / TS_FILE.name
    shutil.copy(TS_FILE, copy)
    sources = sorted(str(path) for path in PACKAGE.rglob("*.py"))
    subprocess.run([str(lupdate), *sources, "-ts", str(copy), "-source-language", "en", "-target-language", "de",
                    "-no-obsolete", "-silent"], check=True, capture_output=True)
    fresh = ET.parse(copy).getroot()
    missing = [f"{context.findtext('name')}: {message.findtext('source')!r}"
               for context in fresh.iter("context") for message in context.iter("message")
               if message.find("translation").get("type") == "unfinished"]
    assert not missing, "strings without a German translation (run lupdate and translate):\n" + "\n".join(missing)


# Calls whose first argument is shown to the user; a plain literal there cannot be translated.
TEXT_CALLS = {
    "setText", "setWindowTitle", "setToolTip", "setPlaceholderText", "setAccessibleName",
    "setAccessibleDescription", "setStatusTip", "setWhatsThis", "showMessage", "addMenu", "addToolBar",
    "addItem", "addItems", "setSpecialValueText", "setSuffix", "setPrefix", "setTitle", "setInformativeText",
    "add_note", "emit", "addButton", "setTabText", "addTab", "information", "warning", "critical", "question",
    "about", "QLabel", "QPushButton", "QCheckBox", "QRadioButton", "QAction", "QGroupBox", "QToolButton",
}


def _shown_literals(node: ast.AST):
    """String literals with letters that reach the screen as they are (not through tr/translate)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        if re.search(r"[A-Za-z]", node.value):
            yield node
    elif isinstance(node, ast.JoinedStr):
        for value in node.values:
            yield from _shown_literals(value)
    elif isinstance(node, ast.BinOp):
        yield from _shown_literals(node.left)
        yield from _shown_literals(node.right)
    elif isinstance(node, ast.IfExp):
        yield from _shown_literals(node.body)
        yield from _shown_literals(node.orelse)


def test_no_visible_literal_bypasses_translation():
    found = []
    for path in sorted((PACKAGE / "ui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name not in TEXT_CALLS:
                continue
            # QMessageBox.warning(parent, title, text): the texts are the 2nd and 3rd arguments.
            arguments = node.args[1:3] if name in {"information", "warning", "critical", "question", "about"} \
                else node.args[:1]
            for argument in arguments:
                for literal in _shown_literals(argument):
                    found.append(f"{path.relative_to(ROOT)}:{literal.lineno}: {literal.value!r}")
    assert not found, "user-visible strings not wrapped in tr()/translate():\n" + "\n".join(found)


# --- the real window in German ----------------------------------------------------------------------

def _normal(text: str) -> str:
    return " ".join(text.replace("&&", "\0").replace("&", "").replace("\0", "&").replace("…", "").split())


def _widget_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for every text a person can see or hear in root and its children."""
    texts: list[tuple[str, str]] = []

    def add(where: str, text: str) -> None:
        if text and text.strip():
            texts.append((where, text))

    for widget in [root, *root.findChildren(QWidget)]:
        where = f"{type(widget).__name__}#{widget.objectName() or '?'}"
        if widget.isWindow():
            add(f"{where}.windowTitle", widget.windowTitle())
        add(f"{where}.toolTip", widget.toolTip())
        add(f"{where}.accessibleName", widget.accessibleName())
        add(f"{where}.accessibleDescription", widget.accessibleDescription())
        if isinstance(widget, QLabel):
            add(f"{where}.text", widget.text())
        if isinstance(widget, QAbstractButton):
            add(f"{where}.text", widget.text())
        if isinstance(widget, QLineEdit):
            add(f"{where}.placeholderText", widget.placeholderText())
        if isinstance(widget, (QPlainTextEdit, QTextEdit)):
            add(f"{where}.placeholderText", widget.placeholderText())
        if isinstance(widget, QGroupBox):
            add(f"{where}.title", widget.title())
        if isinstance(widget, QComboBox):
            for index in range(widget.count()):
                add(f"{where}.item{index}", widget.itemText(index))
        if isinstance(widget, QAbstractSpinBox):
            add(f"{where}.specialValueText", widget.specialValueText())
            add(f"{where}.suffix", getattr(widget, "suffix", lambda: "")())
        if isinstance(widget, QMenu):
            add(f"{where}.title", widget.title())
        if isinstance(widget, (QMenu, QToolBar)):
            add(f"{where}.windowTitle", widget.windowTitle())
            for action in widget.actions():
                add(f"{where}/{action.objectName() or '?'}.text", action.text())
                add(f"{where}/{action.objectName() or '?'}.toolTip", action.toolTip())
    return texts


def _menu_texts(window) -> list[tuple[str, str]]:
    texts = []
    for top in window.menuBar().actions():
        texts.append((f"menuBar/{top.text()}", top.text()))
        menu = top.menu()
        for action in (menu.actions() if menu else []):
            if not action.isSeparator():
                texts.append((f"menu {top.text()}/{action.objectName()}.text", action.text()))
                texts.append((f"menu {top.text()}/{action.objectName()}.toolTip", action.toolTip()))
    for action in window.findChildren(QAction):
        if action.text():
            texts.append((f"QAction#{action.objectName()}.text", action.text()))
    return texts


def _english_leftovers(texts: list[tuple[str, str]]) -> list[str]:
    """Visible texts that are (or contain) an English source whose German translation differs."""
    exact, patterns, phrases = set(), [], set()
    for m in catalogue():
        source, german = m["source"], m["translations"][0]
        if _normal(source) == _normal(german):
            continue  # e.g. " s": the same in both languages
        if PLACEHOLDER.search(source):
            pattern = re.escape(_normal(source))
            patterns.append((source, re.compile(re.sub(r"%\d", ".+", pattern), re.S)))
            # The literal pieces of a long source give it away too.
            phrases.update(piece.strip() for piece in PLACEHOLDER.split(_normal(source)) if len(piece.strip()) >= 15)
        else:
            exact.add(_normal(source))
            if " " in _normal(source) and len(_normal(source)) >= 12:
                phrases.add(_normal(source))
    found = []
    for where, text in texts:
        parts = {_normal(text), *(_normal(part) for part in re.split(r"\n| · ", text))}
        parts.discard("")
        hits = {part for part in parts if part in exact}
        hits |= {source for source, pattern in patterns for part in parts if pattern.fullmatch(part)}
        whole = _normal(text)
        hits |= {phrase for phrase in phrases if phrase in whole}
        found.extend(f"{where}: {text!r} (English: {hit!r})" for hit in sorted(hits))
    return found


def test_german_window_banner_welcome_and_settings_show_no_english(qtbot, german, make_window, api_server):
    loaded = [translator.filePath() for translator in german]
    assert any(path.endswith("genai_desktop_de.qm") for path in loaded), loaded
    assert any(Path(path).name.startswith("qtbase_de") for path in loaded), loaded

    window = make_window()
    api_server.set_mode("status", status=401)
    send_prompt(qtbot, window, "Hallo")
    wait_idle(qtbot, window)
    qtbot.waitUntil(window.errorBanner.isVisible)
    banner = window.errorBanner
    assert banner.titleLabel.text() == "Der Server hat den API-Schlüssel abgelehnt."
    assert banner.retryButton.text() == "Erneut versuchen"
    assert "HTTP-Status 401" in banner.detailLabel.text()
    assert window.sendButton.text() == "Senden"

    window.settingsAction.trigger()
    qtbot.waitUntil(lambda: window._settings_dialog is not None and window._settings_dialog.isVisible())
    dialog = window._settings_dialog
    qtbot.waitUntil(lambda: "OPENAI_API_KEY" in dialog.keyStatusLabel.text())
    assert dialog.windowTitle() == "Einstellungen"
    # Qt's own strings come from qtbase_de.
    assert _normal(dialog.buttonBox.button(QDialogButtonBox.Ok).text()) == "OK"
    assert _normal(dialog.buttonBox.button(QDialogButtonBox.Cancel).text()) == "Abbrechen"

    texts = []
    for root in (window, window.welcomePanel, window.errorBanner, dialog):
        texts.extend(_widget_texts(root))
    texts.extend(_menu_texts(window))
    texts.extend(("transcript", line) for line in transcript_text(window).splitlines())
    texts.append(("statusBar", window.statusBar().currentMessage()))
    texts = list(dict.fromkeys((where, text) for where, text in texts if text))
    print(f"checked {len(texts)} visible texts of the German window, banner, welcome panel and settings dialog")
    for name in ("Einstellungen", "Neuer Chat", "Datei", "Hilfe", "Verbindung testen", "Systemanweisung:",
                 "Willkommen bei GenAI Desktop", "Einstellungen öffnen"):
        assert any(_normal(text) == name for _where, text in texts), name

    leftovers = _english_leftovers(texts)
    dialog.reject()
    assert not leftovers, "English text in the German UI:\n" + "\n".join(leftovers)


def test_german_accelerators_do_not_clash(qtbot, german, make_window):
    window = make_window()
    window.settingsAction.trigger()
    qtbot.waitUntil(lambda: window._settings_dialog is not None and window._settings_dialog.isVisible())
    dialog = window._settings_dialog

    def letter(text: str) -> str | None:
        match = re.search(r"&([^&])", text.replace("&&", ""))
        return match.group(1).lower() if match else None

    def texts_in(widget) -> list[str]:
        return [w.text() for w in widget.findChildren(QLabel) + widget.findChildren(QAbstractButton)]

    # A mnemonic works only while its widget is visible: each settings page with what is around the pages.
    stack = dialog.pages.stack
    around = [text for text in texts_in(dialog) if text not in texts_in(stack)]
    groups = {
        **{f"settings page {index}": around + texts_in(stack.widget(index)) for index in range(stack.count())},
        # the menus and the window's own labels (the chat's "Model:") answer the same Alt+letter
        "menu bar": [action.text() for action in window.menuBar().actions()]
        + [label.text() for label in window.centralWidget().findChildren(QLabel)],
    }
    for top in window.menuBar().actions():
        groups[f"menu {top.text()}"] = [a.text() for a in top.menu().actions() if not a.isSeparator()]
    dialog.reject()
    clashes = []
    for group, texts in groups.items():
        seen: dict[str, str] = {}
        for text in texts:
            key = letter(text)
            if key and key in seen:
                clashes.append(f"{group}: {seen[key]!r} and {text!r} both use Alt+{key.upper()}")
            elif key:
                seen[key] = text
    assert not clashes, "\n".join(clashes)


def test_english_is_restored_after_german(qtbot, make_window):
    """The German fixture must not leak into other tests."""
    window = make_window()
    assert window.sendButton.text() == "Send"
    assert QApplication.translate("ErrorMessages", "The server had a problem.") == "The server had a problem."


def test_help_is_german_under_a_german_locale(tmp_path):
    """--help is read before any window: its words must still come in the system's language (issue 10, 2.11)."""
    environ = {name: value for name, value in os.environ.items() if not name.startswith("LC_")}
    environ.update({"LANG": "de_DE.UTF-8", "LANGUAGE": "de", "GENAI_DESKTOP_HOME": str(tmp_path)})
    shown = subprocess.run([sys.executable, "-m", "genai_desktop", "--help"], cwd=ROOT, env=environ,
                           capture_output=True, text=True, timeout=60)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("Aufruf: genai-desktop"), shown.stdout
    for words in ("Chatten mit OpenAI-kompatiblen APIs", "Optionen:", "diese Hilfe anzeigen",
                  "diesen Rechner prüfen, ohne ein Fenster zu öffnen"):
        assert words in shown.stdout, shown.stdout
    english = subprocess.run([sys.executable, "-m", "genai_desktop", "--help"], cwd=ROOT,
                             env={**environ, "LANG": "en_US.UTF-8", "LANGUAGE": "en"},
                             capture_output=True, text=True, timeout=60)
    assert english.stdout.startswith("usage: genai-desktop") and "check this machine" in english.stdout


LOCALE_NOT_INSTALLED = """
import sys
from genai_desktop.app import _prefer_utf8_locale
_prefer_utf8_locale()
from PySide6.QtWidgets import QApplication
app = QApplication([sys.argv[0]])
from genai_desktop.app import build_main_window
window = build_main_window()
print("|".join(action.text() for action in window.menuBar().actions()))
window.close()
"""


def missing_locale() -> str:
    """A German locale this system has no data for (the test is skipped where it is installed)."""
    import locale

    missing = "de_AT.UTF-8"
    try:
        locale.setlocale(locale.LC_ALL, missing)
        pytest.skip(f"{missing} is installed here")
    except locale.Error:
        pass
    finally:
        locale.setlocale(locale.LC_ALL, "")
    return missing


@pytest.mark.parametrize("variable", ["LANG", "LC_ALL"])
def test_a_language_whose_locale_is_not_installed_shows_german_without_a_qt_warning(tmp_path, variable):
    """LANG=de_DE.UTF-8 on a system without its locale data (minimal installs): Qt warned on stderr
    ("Detected locale \"C\" …") and fell back to C; the app keeps the language and a UTF-8 encoding."""
    missing = missing_locale()
    environ = {name: value for name, value in os.environ.items()
               if not name.startswith("LC_") and name not in ("LANG", "LANGUAGE")}
    environ.update({variable: missing, "GENAI_DESKTOP_HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"})
    shown = subprocess.run([sys.executable, "-c", LOCALE_NOT_INSTALLED], cwd=ROOT, env=environ,
                           capture_output=True, text=True, timeout=120)
    assert shown.returncode == 0, shown.stderr
    assert "&Datei" in shown.stdout.split("|"), shown.stdout
    assert "Detected locale" not in shown.stderr and "UTF-8" not in shown.stderr, shown.stderr


def test_the_catalogue_compiles_without_a_qt_warning_when_the_locale_is_not_installed(tmp_path):
    """build/run-app.sh from a fresh clone on a system without de_DE's locale data: lrelease warned
    ("Detected locale \\"C\\" …") on the console before the app started."""
    missing = missing_locale()
    source = ROOT / "genai_desktop" / "resources" / "translations" / "genai_desktop_de.ts"
    environ = {name: value for name, value in os.environ.items() if not name.startswith("LC_") and name != "LANG"}
    script = ("import sys; sys.path.insert(0, 'build'); from pathlib import Path; from compile_translations import "
              f"compile_catalogue; compile_catalogue(Path({str(source)!r}), Path({str(tmp_path / 'de.qm')!r}))")
    compiled = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env={**environ, "LC_ALL": missing},
                              capture_output=True, text=True, timeout=120)
    assert compiled.returncode == 0, compiled.stderr
    assert (tmp_path / "de.qm").stat().st_size > 0
    assert "Detected locale" not in compiled.stderr, compiled.stderr
