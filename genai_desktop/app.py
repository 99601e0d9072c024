"""Composition root: arguments, logging, QApplication, translations and wiring."""

from __future__ import annotations

import argparse
import locale
import logging
import os
import subprocess
import sys
import threading
import unicodedata
from pathlib import Path
from typing import Mapping, Sequence

from . import APP_NAME, __version__
from .core.config_file import LoadedSettings, load_settings
from .core.instance import acquire_instance_lock, request_raise
from .core.logsetup import ensure_std_streams, setup_logging
from .core.paths import AppPaths, LinkedFolder, app_paths
from .core.lazy import prepare_requests
from .core.selftest import (CheckResult, check_documents, check_history, check_instance_lock, check_keyring,
                            check_ping, check_proxy_scripts, check_tls, check_writable)
from .core.settings import Settings, apply_environment
from .core.tls import use_bundled_ca_if_system_has_none

log = logging.getLogger(__name__)
GUI_SWITCH_INTERVAL = 0.0002
TRANSLATIONS_FOLDER = Path(__file__).parent / "resources" / "translations"


class _CommandLineWords:
    """The command line's words in the system's language.

    The arguments are read before a QApplication exists, and Qt installs a translator only on
    one, so this translator is asked directly (QCoreApplication.translate would answer English).
    """

    def __init__(self) -> None:
        from PySide6.QtCore import QLocale, QTranslator

        self._translator = QTranslator()
        self._translator.load(QLocale.system(), "genai_desktop", "_", str(TRANSLATIONS_FOLDER))

    def translate(self, context: str, text: str) -> str:
        return self._translator.translate(context, text) or text


def parse_args(argv: list[str]) -> argparse.Namespace:
    words = _CommandLineWords()
    usage = words.translate("CommandLine", "usage: ")

    class Formatter(argparse.HelpFormatter):
        def add_usage(self, usage_text, actions, groups, prefix=None) -> None:  # argparse's "usage: " is English
            super().add_usage(usage_text, actions, groups, usage if prefix is None else prefix)

    parser = argparse.ArgumentParser(
        prog="genai-desktop", formatter_class=Formatter, add_help=False,
        description=words.translate("CommandLine", "%1: chat with OpenAI-compatible APIs.").replace("%1", APP_NAME))
    options = parser.add_argument_group(words.translate("CommandLine", "options"))  # in place of argparse's own
    options.add_argument("-h", "--help", action="help",
                         help=words.translate("CommandLine", "show this help message and exit"))
    options.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}",
                         help=words.translate("CommandLine", "show program's version number and exit"))
    options.add_argument("--self-test", action="store_true",
                         help=words.translate("CommandLine", "check this machine without opening a window"))
    options.add_argument("--ping", action="store_true",
                         help=words.translate("CommandLine", "with --self-test: send a one-token chat request"))
    options.add_argument("--check-connection", action="store_true",
                         help=words.translate("CommandLine", "check the connection to the server step by step "
                                                             "without opening a window"))
    options.add_argument("--profile", metavar=words.translate("CommandLine", "NAME"), default="",
                         help=words.translate("CommandLine", "with --check-connection: the endpoint profile to check"))
    options.add_argument("--trust-ca", metavar="FILE", help=words.translate(
        "CommandLine", "trust the certificate authority in FILE (PEM or DER) for the hosts given with --hosts, "
                       "without opening a window"))
    options.add_argument("--hosts", metavar="HOST[,HOST...]", help=words.translate(
        "CommandLine", "with --trust-ca: the server names the authority is trusted for, separated by commas"))
    options.add_argument("--qt-probe", action="store_true", help=argparse.SUPPRESS)
    opened = parser.add_argument_group(words.translate("CommandLine", "files"))  # argparse's "positional arguments"
    opened.add_argument("files", nargs="*", metavar=words.translate("CommandLine", "FILE"), help=words.translate(
        "CommandLine", "a course package to import, or a file to attach to the message (also when the app "
                       "is open already)"))
    args, _qt_args = parser.parse_known_args(argv)
    if (args.trust_ca is None) != (args.hosts is None):
        parser.error(words.translate("CommandLine", "--trust-ca and --hosts go together"))
    return args


def trust_ca_from_command_line(paths: AppPaths, file: str, hosts: str) -> int:
    """--trust-ca FILE --hosts …: an administrator adds a company CA without the window; exit 1 if refused."""
    from .core.certificates import TrustRefused
    from .core.trust import TrustStore, read_certificate_file
    from .ui.trust_words import refusal_text, trusted_text

    words = _CommandLineWords()
    try:
        added = TrustStore.in_folder(paths.config_dir).add(read_certificate_file(Path(file)), hosts.split(","))
    except TrustRefused as refused:
        print(words.translate("Trust", "Not trusted: %1").replace("%1", refusal_text(refused, words.translate)),
              file=sys.stderr)
        return 1
    print(trusted_text(added.facts.subject, added.facts.sha256, added.hosts, words.translate))
    return 0


def _self_command(*arguments: str) -> list[str]:
    if getattr(sys, "frozen", False):
        return [sys.executable, *arguments]
    return [sys.executable, "-m", "genai_desktop", *arguments]


def check_qt_platform() -> CheckResult:
    """Loading a broken platform plugin aborts the process, so try it in a child process."""
    try:
        probe = subprocess.run(_self_command("--qt-probe"), capture_output=True, text=True, timeout=60,
                               stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return CheckResult("qt", False, f"probe did not run: {exc}")
    if probe.returncode == 0 and probe.stdout.strip():
        return CheckResult("qt", True, probe.stdout.strip().splitlines()[-1])
    lines = probe.stderr.strip().splitlines() or ["no output"]
    # Qt's first complaint names the plugin that failed ("Could not load/find the Qt platform plugin ...").
    reason = next((line for line in lines if "could not" in line.lower()), lines[-1])
    return CheckResult("qt", False, f"exit {probe.returncode}: {reason}"[:300])


def _qt_probe() -> int:
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication([sys.argv[0]])
    print(f"platform plugin '{app.platformName()}' loaded")
    return 0


def check_code_colours() -> CheckResult:
    """Pygments finds lexers by name at run time: a frozen file without them would show all code plain."""
    from .ui.code_blocks import check_pygments

    ok, detail = check_pygments()
    return CheckResult("code colours", ok, detail)


def check_formulas() -> CheckResult:
    """The math renderer and its data (font, symbol table) are in the bundle: a formula is laid out."""
    from .ui.math_render import layout

    drawn = layout("\\frac{a^2}{b}", display=False, wait=60)  # the first one loads ziamath
    if drawn is None:
        return CheckResult("formulas", False, "ziamath could not lay out a formula (see the log)")
    return CheckResult("formulas", True, f"ziamath laid out a formula ({len(drawn.svg)} bytes of SVG)")


def check_pictures() -> CheckResult:
    """Qt's image plugins for attached pictures (JPEG, GIF, WebP; PNG is built in) are in the bundle."""
    from .ui.picture_prep import check_picture_formats

    ok, detail = check_picture_formats()
    return CheckResult("pictures", ok, detail)


def check_sorting() -> CheckResult:
    """Qt sorts names (the file dialog's) with ICU's collation data, which the Linux release trims to
    the root, German and English rules (build/icu_data.py): German order, numbers by value."""
    from PySide6.QtCore import QCollator, QLocale

    collator = QCollator(QLocale(QLocale.German, QLocale.Germany))
    collator.setNumericMode(True)
    names = ["Zebra", "datei10", "Äpfel", "datei9", "Birne", "apfel"]
    ordered = sorted(names, key=collator.sortKey)
    expected = ["apfel", "Äpfel", "Birne", "datei9", "datei10", "Zebra"]
    return CheckResult("sorting", ordered == expected, f"German names in order: {', '.join(ordered)}")


def run_self_test(paths: AppPaths, ping: bool) -> int:
    checks = [check_qt_platform(), check_keyring(), check_tls(), check_history(), check_writable(paths),
              check_instance_lock(paths), check_code_colours(), check_formulas(), check_pictures(), check_documents(),
              check_proxy_scripts(), check_sorting()]
    if ping:
        checks.append(check_ping(paths, dict(os.environ)))
    for check in checks:
        print(check.line(), flush=True)
    ok = all(check.ok for check in checks)
    print(f"self-test: {'ok' if ok else 'FAILED'}", flush=True)
    return 0 if ok else 1


def run_connection_check(paths: AppPaths, profile_name: str, environ: Mapping[str, str]) -> int:
    """--check-connection: each step printed as it is known, in the language of the app; 0 only if all pass.

    A QCoreApplication carries the catalogue (no window, no display needed): the words are the settings
    dialog's. The key comes from the environment or the keyring, as for a chat, and is never printed.
    """
    from PySide6.QtCore import QCoreApplication

    from .core.admin_profiles import with_admin_profiles
    from .core.connection_check import check_connection
    from .core.connection_steps import all_passed, endpoint_from_profile, find_profile
    from .core.presets import key_to_send
    from .core.secrets import KeyStore
    from .core.trust import TrustStore
    from .ui.connection_check_view import heading_text, step_lines, summary_text

    stored = with_admin_profiles(load_settings(paths.settings_file).settings, environ)
    settings = apply_environment(stored, environ).effective
    app = QCoreApplication.instance() or QCoreApplication([sys.argv[0]])
    install_translations(app, settings.language)
    keys = KeyStore(environ)
    keys.environment_profile = settings.default_profile_id()  # OPENAI_API_KEY is the default profile's, as in a chat
    profile = find_profile(settings, profile_name) if profile_name else settings.profile()
    if profile is None:
        print(QCoreApplication.translate("CommandLine", "There is no profile named %1.").replace(
            "%1", profile_name), file=sys.stderr, flush=True)
        return 2
    secrets = keys.request_secrets(profile.base_url, profile)
    endpoint = endpoint_from_profile(profile, settings, key_to_send(profile.preset, secrets.lookup.key),
                                     dict(secrets.headers), str(TrustStore.in_folder(paths.config_dir).folder))
    if hasattr(sys.stdout, "reconfigure"):  # a console or pipe in a narrower encoding: "?" rather than a crash
        sys.stdout.reconfigure(errors="replace")

    def say(lines: list[str]) -> None:
        print(_terminal_safe("\n".join(lines)), flush=True)

    say([heading_text(endpoint.base_url, endpoint.model)])
    results = check_connection(endpoint, on_step=lambda result: say(step_lines(result)))
    say([summary_text(results)])
    return 0 if all_passed(results) else 1


def _terminal_safe(text: str) -> str:
    """Text for a terminal: a server's words could carry escape sequences that recolour, retitle or rewrite
    the terminal; every control character but the line break is shown as U+FFFD instead."""
    return "".join(char if char == "\n" or unicodedata.category(char) != "Cc" else "\ufffd" for char in text)


def install_translations(app, language: str) -> list:
    """Load the app's and Qt's own translations for language ("" = the system locale).

    Replaces translators installed by an earlier call, so tests can switch languages.
    """
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    for old in getattr(app, "_genai_translators", []):
        app.removeTranslator(old)
    locale = QLocale(language) if language else QLocale.system()
    QLocale.setDefault(locale)  # numbers are written the way the language writes them
    sources = ((str(TRANSLATIONS_FOLDER), "genai_desktop"),
               (QLibraryInfo.path(QLibraryInfo.TranslationsPath), "qtbase"))
    translators = []
    for folder, name in sources:
        translator = QTranslator(app)
        if translator.load(locale, name, "_", folder):
            app.installTranslator(translator)
            translators.append(translator)
    app._genai_translators = translators  # keep them alive as long as the app
    return translators


def _preload_sdk_when_typing_starts(window) -> None:
    """Import the SDK (and what its first request needs: core/lazy.prepare_requests) in the background once
    the user starts typing a message.

    Not at start: the window is what a user waits for, and an app left idle stays ~25 MB
    smaller without the SDK. Typing a message takes longer than the import, so the first
    answer is not delayed either. The math renderer and Pygments are warmed up then too, each on its own
    thread: loading ziamath and its font with the first formula of an answer stalled the window ~0.4 s.
    """
    def preload() -> None:
        from .ui.code_blocks import prepare_code_colours
        from .ui.math_render import prepare_formulas

        window.promptEdit.typed.disconnect(preload)
        threading.Thread(target=prepare_requests, name="preload-sdk", daemon=True).start()
        prepare_formulas("$x$")
        prepare_code_colours()

    window.promptEdit.typed.connect(preload)  # not textChanged: a restored draft is not typing


def build_services(paths: AppPaths, environ: Mapping[str, str], loaded: LoadedSettings | None = None):
    """The services without a window: the settings read once (loaded, if the caller read them already),
    the history opened once, both handed in. What went wrong on the way waits in its notices."""
    from .qt.controller import ChatController
    from .qt.history_guard import open_history
    from .qt.notices import NoticeBridge, SettingsMovedAside

    loaded = loaded or load_settings(paths.settings_file)
    notices = NoticeBridge()
    if loaded.moved_aside is not None:
        notices.post(SettingsMovedAside(loaded.moved_aside))
    from .core.admin_profiles import with_admin_profiles

    stored = with_admin_profiles(loaded.settings, environ)  # the profiles an administrator presets, if any
    controller = ChatController(paths.settings_file, stored, open_history(paths.history_file), environ, notices)
    notices.setParent(controller)
    return controller


def build_main_window(app=None, paths: AppPaths | None = None, environ: dict[str, str] | None = None,
                      loaded: LoadedSettings | None = None):
    """The fully wired main window on an existing QApplication (not shown yet).

    loaded: the settings main() read already (read once: a damaged file is moved aside by the
    first read, and the window must still say so).
    """
    from PySide6.QtWidgets import QApplication

    from .qt.garbage import collect_garbage_on_gui_thread
    from .ui.main_window import MainWindow
    from .ui.theme import apply_appearance

    app = app or QApplication.instance()
    if app is None:
        raise RuntimeError("build_main_window needs a QApplication")
    # The worker thread parses up to thousands of stream chunks a second while holding the GIL.
    # With Python's default 5 ms switch interval every GUI-thread call into Qt may wait that
    # long for the GIL; 0.2 ms keeps the window smooth (tests/bench/bench_streaming.py).
    sys.setswitchinterval(GUI_SWITCH_INTERVAL)
    collector = collect_garbage_on_gui_thread(app)
    paths = (paths or app_paths(environ)).ensure()
    environ = dict(os.environ if environ is None else environ)
    controller = build_services(paths, environ, loaded)
    settings = controller.settings
    if not hasattr(app, "_genai_translators"):
        install_translations(app, settings.current.effective.language)
    apply_appearance(app, settings.current.effective.appearance)
    settings.changed.connect(lambda current: apply_appearance(app, current.effective.appearance))
    window = MainWindow(controller)
    controller.session.busyChanged.connect(collector.set_busy)  # no full collection while an answer streams
    app.aboutToQuit.connect(controller.shutdown)
    _preload_sdk_when_typing_starts(window)
    return window


def _prefer_utf8_locale() -> None:
    """Qt needs a UTF-8 locale and warns on a bare "C" one (minimal systems, double-click starts) and on
    one that is named but not installed (LANG=de_DE.UTF-8 without its locale data). Then the encoding
    becomes C.UTF-8 and the language the user asked for is kept in LANGUAGE, where Qt reads it."""
    try:
        locale.setlocale(locale.LC_ALL, "")
        usable = locale.nl_langinfo(locale.CODESET).replace("-", "").lower() == "utf8"
    except locale.Error:
        usable = False
    if usable:
        return
    requested = next((os.environ[name] for name in ("LC_ALL", "LC_MESSAGES", "LANG") if os.environ.get(name)), "")
    language = requested.split(".")[0].split("@")[0]
    os.environ["LC_ALL"] = "C.UTF-8"
    if language not in ("", "C", "POSIX") and not os.environ.get("LANGUAGE"):
        os.environ["LANGUAGE"] = language


def main(argv: list[str] | None = None) -> int:
    ensure_std_streams()
    _prefer_utf8_locale()
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    if args.qt_probe:
        return _qt_probe()
    try:
        paths = app_paths().ensure()
    except LinkedFolder as linked:
        return _refuse_linked_folder(linked.folder, show_window=not (args.self_test or args.check_connection),
                                     argv=argv)
    loaded = load_settings(paths.settings_file)  # once: the window is built from these
    setup_logging(paths.log_file, apply_environment(loaded.settings, os.environ).effective.log_level)
    if loaded.moved_aside is not None:
        log.warning("the settings file could not be read and was moved to %s", loaded.moved_aside)
    bundle = use_bundled_ca_if_system_has_none()
    if bundle:
        log.warning("the system has no CA certificates; using the bundled ones from %s", bundle)
    if args.self_test:
        return run_self_test(paths, args.ping)
    if args.check_connection:
        return run_connection_check(paths, args.profile, os.environ)
    if args.trust_ca is not None:
        return trust_ca_from_command_line(paths, args.trust_ca, args.hosts)

    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from .ui.opened_files import Application, files_to_open, not_text, open_files, qt_arguments

    created = QApplication.instance() is None
    app = QApplication.instance() or Application(qt_arguments(argv))
    files = files_to_open(args.files, app.arguments()[1:] + not_text(argv) if created else args.files)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("genai-desktop")
    icon = Path(__file__).parent / "resources" / "genai-desktop.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    instance_lock = acquire_instance_lock(paths.data_dir)
    if instance_lock is None:  # never open the same history twice
        return _second_instance(app, paths, loaded.settings, files)
    log.info("starting %s %s", APP_NAME, __version__)
    window = build_main_window(app, paths, loaded=loaded)
    if created:
        app.fileOpenRequested.connect(lambda name: open_files(window, [Path(name)]))
    window.show()
    log.info("window shown")
    from .ui.first_paint import after_first_paint

    after_first_paint(window, lambda: _answer_raise_requests(window, paths))  # a request made meanwhile waits
    if files:  # once the window is up: a course package's preview opens over it
        QTimer.singleShot(0, lambda: open_files(window, files))
    exit_code = app.exec()
    stopped = window.controller.shutdown()
    instance_lock.release()
    log.info("exiting with code %d", exit_code)
    running = [thread.name for thread in threading.enumerate() if thread.daemon and thread.is_alive()]
    if not stopped or running:
        from .qt.worker import exit_without_destroying_threads

        exit_without_destroying_threads(exit_code, *([] if not stopped else
                                                     [f"background threads still running ({', '.join(running)})"]))
    return exit_code


def _refuse_linked_folder(folder: Path, show_window: bool, argv: list[str]) -> int:
    """One of the app's folders is a symbolic link: nothing can be kept safely (the settings name the
    server the key goes to, the history holds the chats), so the app says so and does not start."""
    print(f"{APP_NAME} does not start: its folder {folder} is a symbolic link. Remove the link (and put "
          f"the folder it points to in its place), or set GENAI_DESKTOP_HOME to another folder.", file=sys.stderr)
    if show_window:
        from PySide6.QtCore import QCoreApplication
        from PySide6.QtWidgets import QApplication, QMessageBox

        from .ui.messages import plain_message_box
        from .ui.opened_files import qt_arguments

        app = QApplication.instance() or QApplication(qt_arguments(argv))
        install_translations(app, "")
        # The folder's name is anyone's text: plain, never markup.
        plain_message_box(QMessageBox.Critical, APP_NAME, QCoreApplication.translate(
            "Startup", "GenAI Desktop cannot start: its folder\n%1\nis a link to another place. So that no one can "
            "redirect your settings and chats, it does not follow links in its own folders.\n\nRemove the link "
            "(and move the folder it points to in its place), then start GenAI Desktop again.")
            .replace("%1", str(folder)), QMessageBox.Ok).exec()
    return 1


def _answer_raise_requests(window, paths: AppPaths) -> None:
    from .qt.instance import RaiseRequests
    from .ui.opened_files import open_files

    requests = RaiseRequests(paths.data_dir, window)
    requests.raiseRequested.connect(lambda: log.info("a second start asked for the window"))
    requests.raiseRequested.connect(window.bring_to_front)
    requests.openRequested.connect(lambda files: open_files(window, files))


def _second_instance(app, paths: AppPaths, stored: Settings, files: Sequence[Path] = ()) -> int:
    """Another start while the app runs: bring its window to the front (and hand it the files this start
    was given), or say that it is open."""
    if request_raise(paths.data_dir, files):
        log.info("already running: brought the open window to the front, handed it %d file(s)", len(files))
        print(f"{APP_NAME} is already open; its window was brought to the front"
              f"{' and opens the files given' if files else ''}.", file=sys.stderr)
        return 0
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QMessageBox

    install_translations(app, apply_environment(stored, os.environ).effective.language)
    log.warning("already running, and the open window did not answer")
    QMessageBox.information(None, APP_NAME, QCoreApplication.translate(
        "Instance", "GenAI Desktop is already open. Switch to its window, or close it before starting it again."))
    return 1
