"""Checks a user or admin can run without a window: is this machine able to run the app?"""

from __future__ import annotations

import os
import ssl
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PureWindowsPath

from .paths import HOME_ENV, AppPaths
from .validation import UrlProblem, without_user_info

# Self-test output is for admins and support, in English like the log.
ADDRESS_REFUSALS = {
    UrlProblem.USER_INFO.value: "the address contains a user name or password (remove it; the key is sent on its own)",
    UrlProblem.CLEARTEXT_UNCONFIRMED.value: "plain http:// to another machine would send the key unencrypted "
                                           "(use https://, or confirm this address in the app's Settings)",
    UrlProblem.EMPTY.value: "the address is empty",
    UrlProblem.SCHEME.value: "the address must start with https:// or http://",
    UrlProblem.NO_HOST.value: "the address has no valid server name",
    UrlProblem.SPACES.value: "the address contains spaces",
}


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    detail: str

    def line(self) -> str:
        """What is printed: redacted like the log (keys, and user info in an address)."""
        from .redaction import redact

        return redact(f"{self.name}: {'ok' if self.ok else 'FAILED'} - {self.detail}")


def check_keyring() -> CheckResult:
    from .secrets import KEYRING_SERVICE, keyring_status

    status = keyring_status()
    if not status.usable:
        return CheckResult("keyring", False, f"{status.backend}: {status.reason}")
    try:
        import keyring

        keyring.get_password(KEYRING_SERVICE, "self-test-probe")
    except Exception as exc:  # noqa: BLE001
        return CheckResult("keyring", False, f"{status.backend}: {type(exc).__name__}: {exc}"[:300])
    return CheckResult("keyring", True, status.backend)


def check_tls(platform: str = sys.platform) -> CheckResult:
    from .tls import OS_STORE_PLATFORMS, system_ca_count

    sources = []
    system = system_ca_count()
    if system:
        paths = ssl.get_default_verify_paths()
        sources.append(f"{system} system CA certificates ({paths.openssl_cafile}, {paths.openssl_capath})")
    bundle = os.environ.get("SSL_CERT_FILE", "")
    if bundle:
        if not os.path.isfile(bundle):
            return CheckResult("tls", False, f"SSL_CERT_FILE={bundle} does not exist")
        context = ssl.create_default_context(cafile=bundle)
        sources.append(f"{context.cert_store_stats().get('x509_ca', 0)} CA certificates from {bundle}")
    os_store = False
    try:
        import truststore  # noqa: F401 - the OS trust store adapter (used on Windows and macOS)

        os_store = platform in OS_STORE_PLATFORMS and not bundle
        sources.append("the system's certificate store through truststore" if os_store else "truststore available")
    except ImportError:
        pass
    if not system and not bundle and not os_store:
        return CheckResult("tls", False, "no CA certificates found in the system store or a bundle")
    return CheckResult("tls", True, "; ".join(sources))


def check_history() -> CheckResult:
    """SQLite with FTS5 and its trigram tokenizer (3.34 or later) is there (a frozen build carries the
    copy of the Python it was built with): a store in memory, searched for a part of a word."""
    import sqlite3

    from .history import HistoryStore

    try:
        store = HistoryStore.in_memory()
        chat = store.create_conversation()
        store.add_message(chat, "user", "self-test Suchprobe")
        found = len(store.search("probe"))
        store.close()
    except (sqlite3.Error, OSError) as exc:
        return CheckResult("history", False, f"{type(exc).__name__}: {exc}"[:300])
    if found != 1:
        return CheckResult("history", False, "full-text search found nothing")
    return CheckResult("history", True, f"SQLite {sqlite3.sqlite_version} with FTS5 (trigram)")


def check_documents() -> CheckResult:
    """The document libraries are in the bundle (imported by name, on the first document): a PDF
    and a spreadsheet made here are read back."""
    from .attachments import AttachmentRefused
    from .documents import load_library, read_document
    from .reading_process import read_document_in_process

    try:
        with tempfile.TemporaryDirectory(prefix="genai-self-test-") as folder:
            pdf, sheet = os.path.join(folder, "probe.pdf"), os.path.join(folder, "probe.xlsx")
            _write_probe_pdf(load_library("pypdf"), pdf)
            workbook = load_library("openpyxl").Workbook()
            workbook.active.append(["self-test", 1])
            workbook.save(sheet)
            # The PDF in a child process, as the app reads documents: the frozen file can start one.
            texts = [read_document_in_process(pdf, lambda _fraction: None, lambda: False).text,
                     read_document(sheet).text]
    except (AttachmentRefused, ImportError, OSError) as exc:
        return CheckResult("documents", False, f"{type(exc).__name__}: {exc}"[:300])
    if not all("self-test" in text for text in texts):
        return CheckResult("documents", False, f"read back: {texts!r}"[:300])
    return CheckResult("documents", True, "pypdf read a PDF in a child process, openpyxl a spreadsheet")


def check_proxy_scripts() -> CheckResult:
    """QuickJS is in the bundle (imported on the first PAC choice): a configuration script picks a proxy."""
    from .pac import parse_pac_answer, run_pac_script
    from .proxies import ProxyProblem

    script = "function FindProxyForURL(url, host) { return dnsDomainIs(host, '.example') ? 'PROXY p.example:8080' : 'DIRECT'; }"
    try:
        proxy = parse_pac_answer(run_pac_script(script, "https://api.example/", {}, "127.0.0.1"))
    except (ImportError, ProxyProblem) as exc:
        return CheckResult("proxy scripts", False, f"{type(exc).__name__}: {exc}"[:300])
    if proxy != "http://p.example:8080":
        return CheckResult("proxy scripts", False, f"the script chose {proxy!r}")
    return CheckResult("proxy scripts", True, "QuickJS ran a proxy configuration script")


def _write_probe_pdf(pypdf, path: str) -> None:
    """One page saying "self-test" in Helvetica."""
    from pypdf.generic import ContentStream, DictionaryObject, NameObject

    writer = pypdf.PdfWriter()
    page = writer.add_blank_page(200, 100)
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
    content = ContentStream(None, writer)
    content.set_data(b"BT /F1 12 Tf 10 50 Td (self-test) Tj ET")
    page.replace_contents(content)
    with open(path, "wb") as file:
        writer.write(file)


def check_writable(paths: AppPaths, platform: str = sys.platform, environ: Mapping[str, str] = os.environ) -> CheckResult:
    problems = [] if environ.get(HOME_ENV, "").strip() else misplaced_folders(paths, platform, environ)
    for folder in (paths.config_dir, paths.data_dir, paths.log_dir):
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            with tempfile.NamedTemporaryFile(dir=folder, prefix=".self-test-"):
                pass
        except OSError as exc:
            problems.append(f"{folder}: {exc.strerror or exc}")
    if problems:
        return CheckResult("folders", False, "; ".join(problems))
    return CheckResult("folders", True, f"config {paths.config_dir}, data {paths.data_dir}, logs {paths.log_dir}")


def misplaced_folders(paths: AppPaths, platform: str, environ: Mapping[str, str]) -> list[str]:
    """On Windows the folders belong under %LOCALAPPDATA% (per user, not roaming: the installer's
    uninstaller removes them from there, and a roaming profile would copy the history around)."""
    if platform != "win32":
        return []
    local = environ.get("LOCALAPPDATA", "")
    if not local:
        return ["LOCALAPPDATA is not set"]
    return [f"{folder} is not under %LOCALAPPDATA% ({local})" for folder in
            (paths.config_dir, paths.data_dir, paths.log_dir)
            if not PureWindowsPath(folder).is_relative_to(PureWindowsPath(local))]


def check_instance_lock(paths: AppPaths) -> CheckResult:
    """The one-instance lock (flock, msvcrt on Windows) is taken, refused to a second taker, and freed."""
    from .instance import acquire_instance_lock

    try:
        first = acquire_instance_lock(paths.data_dir)
        if first is None:
            return CheckResult("instance lock", True, "held by a running GenAI Desktop")
        second = acquire_instance_lock(paths.data_dir)
        if second is not None:
            second.release()
            first.release()
            return CheckResult("instance lock", False, "taken twice: two windows could open the same history")
        first.release()
        again = acquire_instance_lock(paths.data_dir)
    except OSError as exc:
        return CheckResult("instance lock", False, f"{type(exc).__name__}: {exc}"[:300])
    if again is None:
        return CheckResult("instance lock", False, "not freed when released")
    again.release()
    return CheckResult("instance lock", True, f"taken once, refused a second time, freed ({paths.data_dir})")


def check_ping(paths: AppPaths, environ: dict[str, str]) -> CheckResult:
    """A one-token chat request with the configured endpoint, model and key."""
    from .config_file import load_settings
    from .errors import ChatError, ErrorKind
    from .chat import ChatRequest
    from .llm import ping
    from .presets import key_to_send
    from .secrets import KeyStore
    from .settings import apply_environment
    from .trust import TrustStore

    settings = apply_environment(load_settings(paths.settings_file).settings, environ).effective
    address = without_user_info(settings.base_url)
    profile = settings.profile()  # the default one
    found = KeyStore(environ).request_secrets(profile.base_url, profile)
    lookup = found.lookup
    request = ChatRequest(base_url=settings.base_url, model=settings.model,
                          api_key=key_to_send(profile.preset, lookup.key),
                          connect_timeout=settings.connect_timeout, read_timeout=min(settings.read_timeout, 60),
                          cleartext_confirmed=settings.cleartext_confirmed, profile=profile,
                          headers=profile.headers + found.headers, proxy=profile.proxy or settings.proxy,
                          trust_folder=str(TrustStore.in_folder(paths.config_dir).folder))
    try:
        result = ping(request)  # the app's own address rule applies first, then the key is checked
    except ChatError as error:
        if error.kind is ErrorKind.UNSAFE_ADDRESS:
            return CheckResult("ping", False, f"{address}: refused before sending, {ADDRESS_REFUSALS[error.detail]}")
        if error.kind is ErrorKind.NO_KEY:
            return CheckResult("ping", False, f"no API key for {address}")
        return CheckResult("ping", False, f"{address} model {settings.model}: {error}")
    return CheckResult("ping", True, f"{address} model {settings.model} answered "
                                     f"(finish_reason={result.finish_reason}, key from {lookup.source.value})")
