"""Course packages in the real window: the preview before anything changes, the key prompt and welcome
text after, a chat through the course's profile (its CA, header and model) on the loopback TLS server,
refusals with settings, trust store and history byte-identical, drop, export, re-import and removal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel

from conftest import TEST_KEY, installed_keyring, send_prompt, wait_idle
from fake_openai_server import FakeOpenAIServer
from genai_desktop.core.secrets import KEYRING_SERVICE, key_entry
from test_settings_dialog import MemoryKeyring
from tls_certificates import make_ca, make_server_certificate, server_context

COURSE_KEY = "course-participant-key-42"


@pytest.fixture
def company_ca():
    return make_ca("Kurs Root CA")


@pytest.fixture
def course_server(tmp_path, company_ca):
    """The loopback server over TLS, its certificate issued by the course's CA (unknown to the system)."""
    leaf = make_server_certificate(company_ca)
    with FakeOpenAIServer(tls=server_context(tmp_path / "server", leaf, company_ca), reply="Hallo vom Kurs.") as server:
        yield server


def course_file(folder: Path, base_url: str, ca_pem: bytes | None = None, **changes) -> Path:
    data = {"format": "genai-course", "version": 1, "title": "KI im Büro",
            "welcome": "Willkommen! Fragen Sie im Kurs nach Ihrem Schlüssel.",
            "profiles": [{"name": "Kurs-Server", "base_url": base_url, "model": "kurs-modell",
                          "context_tokens": 64000, "headers": {"X-Course": "ki-buero"}}],
            "assistants": [{"name": "Tutor", "system_prompt": "Du bist ein geduldiger Tutor."}],
            "templates": [{"name": "Zusammenfassen", "text": "Fasse zusammen: {{Text}}"}],
            "settings": {"default_profile": "Kurs-Server", "default_assistant": "Tutor"}}
    if ca_pem is not None:
        data["certificates"] = [{"pem": ca_pem.decode(), "hosts": ["localhost"]}]
    data.update(changes)
    path = folder / "kurs.genai-course"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def shown_dialog(qtbot, window, name: str):
    qtbot.waitUntil(lambda: window.courseImport.dialog is not None
                    and window.courseImport.dialog.objectName() == name and window.courseImport.dialog.isVisible())
    return window.courseImport.dialog


def files_of(home: Path) -> dict[str, bytes]:
    """Every file of the settings, the trust store and the history (not the logs)."""
    return {str(path.relative_to(home)): path.read_bytes() for path in sorted(home.rglob("*"))
            if path.is_file() and "log" not in path.relative_to(home).parts[0]}


def test_an_imported_course_is_previewed_asks_for_the_key_welcomes_and_its_profile_chats(
        qtbot, make_window, app_home, tmp_path, course_server, company_ca):
    with installed_keyring(MemoryKeyring()) as ring:
        window = make_window(environ={"OPENAI_API_KEY": None})
        before = files_of(app_home)
        window.import_course_package(course_file(tmp_path, course_server.base_url, company_ca.pem))
        preview = shown_dialog(qtbot, window, "coursePreviewDialog")
        assert files_of(app_home) == before  # the preview changes nothing
        assert preview.lines[:3] == ["Adds the server profile “Kurs-Server”", "Adds the assistant “Tutor”",
                                     "Adds the prompt template “Zusammenfassen”"]
        assert preview.lines[3].startswith("Trusts the certificate authority “Kurs Root CA” for localhost only, ")
        assert preview.lines[4:] == ["New chats use the profile “Kurs-Server”",
                                     "New chats start with the assistant “Tutor”"]
        assert preview.findChild(QLabel, "courseNoKeyLabel").text().startswith("No key is included")
        qtbot.mouseClick(preview.importButton, Qt.LeftButton)

        welcome = shown_dialog(qtbot, window, "courseWelcomeDialog")
        assert welcome.welcomeText.text() == "Willkommen! Fragen Sie im Kurs nach Ihrem Schlüssel."
        assert welcome.keyEdit.isVisibleTo(welcome)
        welcome.keyEdit.setText(COURSE_KEY + "\n")
        welcome.findChild(QDialogButtonBox).button(QDialogButtonBox.Ok).click()
        stored = window.controller.settings.current.stored
        profile = stored.profile()
        qtbot.waitUntil(lambda: ring.keys.get((KEYRING_SERVICE, key_entry(profile.base_url, profile.id))) == COURSE_KEY)

        assert (profile.name, profile.model, profile.context_tokens) == ("Kurs-Server", "kurs-modell", 64000)
        assert json.dumps(json.loads((app_home / "config" / "settings.json").read_text())).find(COURSE_KEY) == -1
        window.new_chat()
        send_prompt(qtbot, window, "Worum geht es?")
        wait_idle(qtbot, window)
        assert not window.errorBanner.isVisible()
        request = course_server.chat_requests()[-1]
        assert request.headers["authorization"] == f"Bearer {COURSE_KEY}"
        assert request.headers["x-course"] == "ki-buero" and request.json["model"] == "kurs-modell"
        assert "Hallo vom Kurs." in window.transcriptView.toPlainText()


def test_importing_again_updates_without_duplicating_and_removing_takes_back_what_it_added(
        qtbot, make_window, app_home, tmp_path, course_server, company_ca):
    window = make_window()
    trust_folder = window.controller.settings.trust_folder
    path = course_file(tmp_path, course_server.base_url, company_ca.pem)
    for round_ in range(2):
        window.import_course_package(path)
        preview = shown_dialog(qtbot, window, "coursePreviewDialog")
        assert preview.lines[0] == ("Adds" if round_ == 0 else "Updates") + " the server profile “Kurs-Server”"
        qtbot.mouseClick(preview.importButton, Qt.LeftButton)
        shown_dialog(qtbot, window, "courseWelcomeDialog").accept()
    stored = window.controller.settings.current.stored
    assert [p.name for p in stored.profile_list()][-1] == "Kurs-Server"
    assert len(stored.profile_list()) == 2 and len(stored.courses) == 1
    assert [a.course for a in stored.assistants] == ["", stored.courses[0].id]  # the user's own and the course's
    assert len(list(trust_folder.glob("*.pem"))) == 1

    window.courseImport.remove()
    box = shown_dialog(qtbot, window, "courseRemoveDialog")
    next(button for button in box.buttons() if button.text() == "Remove").click()
    qtbot.waitUntil(lambda: not window.controller.settings.current.stored.courses)
    stored = window.controller.settings.current.stored
    assert len(stored.profile_list()) == 1 and stored.profile().name != "Kurs-Server"
    assert [a.course for a in stored.assistants] == [""]  # the user's own stays
    assert (stored.prompt_templates, stored.default_assistant) == ((), "")
    assert list(trust_folder.glob("*.pem")) == []


def refused_packages(tmp_path: Path, base_url: str) -> list[tuple[str, Path, str]]:
    """(what, file, words the message says) for each refusal of issue 14 point 3."""
    cases = []

    def package(name: str, text: str | bytes) -> Path:
        path = tmp_path / f"{name}.genai-course"
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return path

    good = json.loads(course_file(tmp_path, base_url).read_text(encoding="utf-8"))

    def changed(**changes) -> str:
        return json.dumps({**good, **changes})

    cases.append(("key", package("key", changed(assistants=[{"name": "T", "system_prompt": "sk-abcdefghijklmnop12"}])),
                  "looks like an API key or a password, at assistants[0].system_prompt"))
    cases.append(("version", package("version", changed(version=2)), "newer GenAI Desktop (format version 2)"))
    cases.append(("no version", package("noversion", json.dumps({k: v for k, v in good.items() if k != "version"})),
                  "does not say which format version"))
    cases.append(("type", package("type", changed(profiles=[{"name": "S", "base_url": 42}])),
                  "wrong kind at profiles[0].base_url"))
    cases.append(("huge", package("huge", changed(welcome="x" * 1_100_000)), "larger than a course package"))
    cases.append(("not a CA", package("notca", changed(certificates=[
        {"pem": make_ca("Just a server", ca=False).pem.decode(), "hosts": ["localhost"]}])),
        "at certificates[0] cannot be trusted: 'CN=Just a server,O=Test Company' is not a certificate authority"))
    return cases


def test_every_refusal_says_why_and_leaves_settings_trust_store_and_history_byte_identical(
        qtbot, make_window, app_home, tmp_path, api_server):
    window = make_window()
    send_prompt(qtbot, window, "a chat in the history")
    wait_idle(qtbot, window)
    window.controller.trust.trust(make_ca("Already trusted").der, ("gateway.example",))
    before = files_of(app_home)
    assert any("trusted-authorities" in name for name in before) and any("history" in name for name in before)
    for what, path, words in refused_packages(tmp_path, "https://llm.kurs.example/v1"):
        window.import_course_package(path)
        box = shown_dialog(qtbot, window, "courseRefusedDialog")
        assert words in box.text(), what
        assert box.text().endswith("Nothing was changed."), what
        assert box.textFormat() == Qt.PlainText
        box.accept()
        qtbot.waitUntil(lambda: window.courseImport.dialog is None)
        assert files_of(app_home) == before, what


def test_an_unencrypted_address_needs_the_same_confirmation_as_in_the_settings(qtbot, make_window, app_home, tmp_path):
    window = make_window()
    before = files_of(app_home)
    window.import_course_package(course_file(tmp_path, "http://10.20.30.40:8000/v1"))
    preview = shown_dialog(qtbot, window, "coursePreviewDialog")
    assert not preview.importButton.isEnabled()
    assert "http://10.20.30.40:8000/v1 uses http:// without encryption" in preview.findChild(
        QLabel, "courseCleartextLabel").text()
    preview.reject()
    assert files_of(app_home) == before
    window.import_course_package(course_file(tmp_path, "http://10.20.30.40:8000/v1"))
    preview = shown_dialog(qtbot, window, "coursePreviewDialog")
    preview.cleartextCheck.setChecked(True)
    qtbot.mouseClick(preview.importButton, Qt.LeftButton)
    shown_dialog(qtbot, window, "courseWelcomeDialog").accept()
    assert window.controller.settings.current.stored.cleartext_confirmed == "http://10.20.30.40:8000/v1"


def drop(widget, paths: list[Path]) -> None:
    """What a file manager's drop does: a drag entering the widget, then the drop."""
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    middle = widget.rect().center()
    QApplication.sendEvent(widget, QDragEnterEvent(middle, Qt.CopyAction, data, Qt.LeftButton, Qt.NoModifier))
    dropped = QDropEvent(QPointF(middle), Qt.CopyAction, data, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(widget, dropped)
    assert dropped.isAccepted()


def test_a_course_file_dropped_onto_the_window_is_previewed_and_not_attached(qtbot, make_window, tmp_path):
    window = make_window()
    for target in (window, window.promptEdit.viewport()):  # the message box takes drops of its own
        drop(target, [course_file(tmp_path, "https://llm.kurs.example/v1")])
        preview = shown_dialog(qtbot, window, "coursePreviewDialog")
        assert preview.lines[0] == "Adds the server profile “Kurs-Server”"
        assert not window.attachmentTray.chips  # not taken for an attachment
        preview.reject()
        qtbot.waitUntil(lambda: window.courseImport.dialog is None)


def test_export_as_course_package_writes_what_import_reads_without_keys(qtbot, make_window, app_home, tmp_path,
                                                                        api_server):
    from genai_desktop.core.course_package import read_package

    window = make_window()  # the key comes from OPENAI_API_KEY: it must not reach the file
    target = tmp_path / "export" / "Mein Kurs.genai-course"
    target.parent.mkdir()
    window.choose_save_path = lambda _title, name, _filter: target if name == "Mein Kurs.genai-course" else None
    window.exportCourseAction.trigger()
    dialog = shown_dialog(qtbot, window, "courseExportDialog")
    dialog.titleEdit.setText("Mein Kurs")
    dialog.welcomeEdit.setPlainText("Hallo zusammen")
    dialog.buttons.button(QDialogButtonBox.Save).click()
    qtbot.waitUntil(target.exists)
    data = target.read_bytes()
    assert TEST_KEY.encode() not in data
    package = read_package(data)
    assert (package.title, package.welcome) == ("Mein Kurs", "Hallo zusammen")
    assert [(p.base_url, p.model) for p in package.profiles] == [(api_server.base_url, "fake-model")]


def test_a_failed_settings_write_takes_back_the_authorities_trusted_for_the_import(qtbot, tmp_path, company_ca):
    """The CAs are trusted before the settings are written: when the write fails, they are untrusted again."""
    from genai_desktop.core.course_package import read_package
    from genai_desktop.core.settings import Settings
    from genai_desktop.core.trust import TrustStore
    from genai_desktop.qt.courses import CourseService
    from genai_desktop.qt.settings_service import SettingsService
    from genai_desktop.qt.tasks import BackgroundTasks
    from genai_desktop.qt.trust_service import TrustService

    settings_file = tmp_path / "config" / "settings.json"
    settings_file.mkdir(parents=True)  # a folder where the file belongs: the write fails, also as root
    tasks = BackgroundTasks()
    try:
        trust = TrustService(TrustStore.in_folder(settings_file.parent))
        courses = CourseService(SettingsService(settings_file, Settings(), {}, tasks), trust)
        package = read_package(course_file(tmp_path, "https://llm.kurs.example/v1", company_ca.pem).read_bytes())
        with pytest.raises(OSError):
            courses.apply(package)
        assert trust.authorities() == [] and not courses.courses()
    finally:
        tasks.close()
