"""Screenshots for the README, taken from the real app on a virtual screen.

    xvfb-run -a -s "-screen 0 1040x800x24" .venv/bin/python build/screenshots.py OUT_DIR [--lang de|en] [--dark]

Besides the window's pictures (the composer with attachment chips too), every settings page at 100 % and 200 % text size:
settings-<page>-<percent>-<lang>-<light|dark>.png (page: connection, answers, appearance, network, advanced,
certificates); connection-check[-failed]-<lang>-<light|dark>.png: the settings' Check connection passing, then
failing; profiles-<lang>-<light|dark>.png: a new Azure profile with the hint for a pasted deployment address;
assistant-picker-*.png: the chat's assistant beside its model, its list open, and assistants-settings-*.png: the
Answers page with a course's assistant.
Then a TLS failure behind an inspecting proxy's CA (a CA made here): the banner, the question "Trust this
certificate authority?" and the Certificates page with it (trust-*.png). course-preview-<lang>-<light|dark>.png: the
preview of a course package (a profile, an assistant, templates, a course CA for its host) before it is imported, and
course-welcome-*.png: its welcome text and the key prompt after the import (the course is removed again after).
The prompt library with a course's, an own and the starter templates (templates-<lang>-<light|dark>.png), a
template's form filled in (template-filled-*.png) and its text in the message box (template-in-box-*.png).

Each picture is a grab of the whole X screen (imagemagick's `import -window root`), so it
shows what a person sees, window decorations aside.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fake_openai_server import FakeOpenAIServer  # noqa: E402

ANSWER = """Here is a small **Python** function and a comparison table.

```python
def greet(name: str) -> str:
    return f"Hallo, {name}!"
```

| Model size | Speed | Cost |
|---|---|---|
| small | fast | low |
| large | slower | higher |

The cost grows with the tokens: $c = n \\cdot p$, and on average

$$\\bar{c} = \\frac{1}{N}\\sum_{i=1}^{N} c_i$$
"""


ANTWORT = """Hier ist eine kleine **Python**-Funktion und eine Vergleichstabelle.

```python
def gruesse(name: str) -> str:
    return f"Hallo, {name}!"
```

| Modellgröße | Tempo | Kosten |
|---|---|---|
| klein | schnell | gering |
| groß | langsamer | höher |

Die Kosten wachsen mit den Tokens: $k = n \\cdot p$, und im Mittel

$$\\bar{k} = \\frac{1}{N}\\sum_{i=1}^{N} k_i$$
"""


THINKING = {"en": "The user wants a Python example and a table. A short function first, then a small table "
                  "comparing model sizes, then the formula for the cost.",
            "de": "Gewünscht sind ein Python-Beispiel und eine Tabelle. Zuerst eine kurze Funktion, dann eine "
                  "kleine Tabelle mit Modellgrößen, dann die Formel für die Kosten."}


# A link as a phishing answer would write it: a long host whose "microsoft" has a Cyrillic "о".
LOOK_ALIKE_LINK = ("https://login.micr\u043esoft.com.account-session-verify-0a1b2c3d4e5f.secure-check.evil.example"
                   "/oauth2/v2.0/authorize?client_id=4765445b&redirect_uri=https%3A%2F%2Fevil.example%2Fcallback")


EARLIER_CHATS = {
    "en": [("Email to my landlord about the heating", "Here is a polite email about the heating: …"),
           ("Excel: look up a price with XLOOKUP", "Use =XLOOKUP(A2, Prices!A:A, Prices!B:B) to look the "
                                                     "price up in the Prices table …"),
           ("Explain photosynthesis simply", "Plants use sunlight to turn water and carbon dioxide into sugar …"),
           ("Bake bread without a bread maker", "You need flour, water, salt and yeast …")],
    "de": [("E-Mail an den Vermieter wegen der Heizung", "Hier ist eine höfliche E-Mail wegen der Heizung: …"),
           ("Excel: Preis mit XVERWEIS nachschlagen", "Mit =XVERWEIS(A2; Preise!A:A; Preise!B:B) finden Sie "
                                                        "den Preis in der Tabelle Preise …"),
           ("Fotosynthese einfach erklärt", "Pflanzen nutzen Sonnenlicht, um aus Wasser und Kohlendioxid Zucker zu machen …"),
           ("Brot backen ohne Brotbackautomat", "Sie brauchen Mehl, Wasser, Salz und Hefe …")],
}


def fill_history(home: Path, lang: str) -> None:
    """A few earlier chats, so the sidebar looks like it does after some days of use."""
    from genai_desktop.core.history import HistoryStore

    store = HistoryStore.open(home / "data" / "history.sqlite3")
    for prompt, answer in reversed(EARLIER_CHATS[lang]):
        chat = store.create_conversation()
        store.add_message(chat, "user", prompt)
        store.add_message(chat, "assistant", answer, model="gpt-5-mini")
    store.close()


def settle(ms: int) -> None:
    """Let the app run for ms milliseconds (paint, finish background work) inside a step."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def shoot(path: Path) -> None:
    subprocess.run(["import", "-window", "root", str(path)], check=True)
    print(path)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--lang", default="en")
    parser.add_argument("--dark", action="store_true")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    suffix = f"{args.lang}-{'dark' if args.dark else 'light'}"

    from PySide6.QtCore import QTimer, QUrl
    from PySide6.QtWidgets import QApplication

    from genai_desktop.app import build_main_window, install_translations
    from genai_desktop.core.config_file import save_settings
    from genai_desktop.core.settings import Settings

    app = QApplication([sys.argv[0]])
    install_translations(app, args.lang)
    german = args.lang == "de"
    server = FakeOpenAIServer("reasoning_content", reply=ANTWORT if german else ANSWER, tokens_per_second=400,
                              thinking=THINKING[args.lang], pause_after_thinking=1.5).start()
    steps = []

    def later(ms, step):
        steps.append((ms, step))

    with tempfile.TemporaryDirectory() as home:
        os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
        save_settings(Path(home) / "config" / "settings.json",
                      Settings(base_url=server.base_url, model="gpt-5-mini",
                               appearance="dark" if args.dark else "light"))
        env = {"GENAI_DESKTOP_HOME": home}
        fill_history(Path(home), args.lang)
        window = build_main_window(app, environ=env)
        window.resize(960, 720)
        window.move(40, 40)
        window.show()

        def welcome():
            shoot(args.out / f"welcome-{suffix}.png")
            window.open_settings()

        def settings():
            shoot(args.out / f"settings-{suffix}.png")
            settings_pages()
            profiles()
            window.controller.settings.key_store._environ["OPENAI_API_KEY"] = "sk-screenshot-0123456789"
            window.welcomePanel.hide()
            window.promptEdit.setPlainText("Show me a Python function and a table." if args.lang == "en"
                                           else "Zeigen Sie mir eine Python-Funktion und eine Tabelle.")
            window.send()

        def settings_pages():
            """Every page at 100 % and 200 % text size (the dialog is opened again at each size, as a user
            who changed the system's text size would), with a Test connection result on the first page."""
            normal = app.font()
            for percent in (100, 200):
                window._settings_dialog.reject()
                font = app.font()
                font.setPointSizeF(normal.pointSizeF() * percent / 100)
                app.setFont(font)
                window.open_settings()
                dialog = window._settings_dialog
                settle(800)  # the key lookup, then the dialog growing to its page
                dialog.testConnectionButton.click()
                settle(1500)
                for page in dialog.pages.page_names():
                    dialog.pages.show_page(page)
                    settle(400)
                    shoot(args.out / f"settings-{page.removesuffix('Page')}-{percent}-{suffix}.png")
            window._settings_dialog.reject()
            app.setFont(normal)

        def profiles():
            """The profile part of the Connection page: a second profile from the Azure preset, with the hint
            for a pasted deployment address."""
            window.open_settings()
            dialog = window._settings_dialog
            settle(600)
            [azure] = [a for a in dialog.profileForm.newProfileButton.menu().actions() if a.text() == "Azure OpenAI"]
            azure.trigger()
            dialog.baseUrlEdit.setText("https://kurs-team.openai.azure.com/openai/deployments/chat-prod/chat/"
                                       "completions?api-version=2024-10-21")
            dialog.profileForm.headersEdit.setPlainText("X-Kurs: woche-3" if german else "X-Course: week-3")
            dialog.profileForm.secretHeaderNameEdit.setText("Ocp-Apim-Subscription-Key")
            settle(600)
            shoot(args.out / f"profiles-{suffix}.png")
            dialog.reject()

        def thinking():
            shoot(args.out / f"thinking-{suffix}.png")  # open while it arrives

        def answer():
            window.transcriptView.verticalScrollBar().setValue(0)
            shoot(args.out / f"answer-{suffix}.png")

        def answer_large():
            """The same answer at double text size (a system with large fonts, or Ctrl++)."""
            normal = app.font()
            font = app.font()
            font.setPointSizeF(normal.pointSizeF() * 2)
            app.setFont(font)
            settle(800)
            window.transcriptView.verticalScrollBar().setValue(0)
            settle(200)
            shoot(args.out / f"answer-200-{suffix}.png")
            app.setFont(normal)
            settle(500)

        def attachments():
            """The composer with three chips: a PDF, a picture (its thumbnail) and a spreadsheet read only in
            part (capped), with the estimate against the model's context size."""
            import document_files
            from PySide6.QtGui import QColor, QImage, QPainter

            folder = Path(home) / ("Dateien" if german else "files")
            folder.mkdir()
            pdf = document_files.text_pdf(folder, "Quartalsbericht.pdf" if german else "Quarterly report.pdf",
                                          pages=12, lines_per_page=30,
                                          text="Quartalszahlen" if german else "Quarterly figures")
            sheet = document_files.xlsx_file(folder, "Umsätze 2025.xlsx" if german else "Sales 2025.xlsx", rows=5000)
            chart = QImage(1200, 800, QImage.Format.Format_RGB32)
            chart.fill(QColor("#ffffff"))
            painter = QPainter(chart)
            for bar, (height, colour) in enumerate(((300, "#3d7fd0"), (520, "#e07b39"), (410, "#3d7fd0"),
                                                    (650, "#e07b39"), (580, "#3d7fd0"))):
                painter.fillRect(100 + bar * 210, 750 - height, 150, height, QColor(colour))
            painter.end()
            picture = folder / ("Diagramm.png" if german else "Chart.png")
            chart.save(str(picture))
            scan = document_files.image_pdf(folder, "Scan.pdf")  # refused: no text layer, and it says so
            window.attachmentTray.add_files([str(pdf), str(picture), str(sheet), str(scan)])
            window.promptEdit.setPlainText("Fassen Sie den Bericht zusammen und vergleichen Sie ihn mit der Tabelle "
                                           "und dem Diagramm." if german else
                                           "Summarise the report and compare it with the sales table and the chart.")
            settle(3000)  # read off the GUI thread
            window.composer.update_estimate()
            settle(300)
            shoot(args.out / f"attachments-{suffix}.png")
            window.attachmentTray.clear()
            window.promptEdit.clear()

        def templates():
            """The prompt library (a course's template, one of the user's own, the starter set), then a form filled."""
            from genai_desktop.core.course_content import Course, PromptTemplate

            before = window.controller.settings.current.stored
            course = Course("course-ki", "KI im Büro" if german else "AI at the office", templates=("course-t1",))
            window.controller.settings.save(before.replace(courses=(course,), prompt_templates=(
                PromptTemplate("course-t1", "Protokoll aus Notizen" if german else "Minutes from notes",
                               "Machen Sie aus diesen Notizen ein Protokoll mit Beschlüssen und Aufgaben:\n\n"
                               "{{Notizen}}" if german else
                               "Turn these notes into minutes with decisions and tasks:\n\n{{Notes}}", "course-ki"),
                PromptTemplate("own-1", "Wochenbericht" if german else "Weekly report",
                               "Schreiben Sie meinen Wochenbericht für {{Team}}, Stand {{Datum}}." if german else
                               "Write my weekly report for {{Team}} as of {{Date}}."))))
            window.composer.open_templates()
            library = window.composer.promptLibrary
            settle(600)
            shoot(args.out / f"templates-{suffix}.png")
            library.searchEdit.setText("Übersetzen" if german else "Translate")
            library.use_current()
            language, text = (edit for _field, edit in library._field_edits)
            language.setText("Englisch" if german else "German")
            text.setPlainText("Liebe Kolleginnen und Kollegen, das Treffen am Donnerstag verschiebt sich auf 14 Uhr. "
                              "Bitte bringen Sie die Folien mit." if german else
                              "Dear colleagues, Thursday's meeting moves to 2 pm. Please bring the slides.")
            settle(600)
            shoot(args.out / f"template-filled-{suffix}.png")
            library.insertButton.click()
            settle(600)
            shoot(args.out / f"template-in-box-{suffix}.png")
            window.promptEdit.clear()
            window.controller.settings.save(before)

        def assistants():
            """Three assistants (one a course's), the chat's list of them open; then the Answers page showing the
            course's one."""
            from genai_desktop.core.assistants import with_assistants
            from genai_desktop.core.course_content import Assistant, Course

            course = Course("kurs", "Python für Einsteiger" if german else "Python for beginners", assistants=("tutor",))
            listed = (Assistant("first", "Allgemein" if german else "General", ""),
                      Assistant("tutor", "Python-Tutor" if german else "Python tutor",
                                "Sie sind ein geduldiger Python-Tutor. Erklären Sie jeden Schritt mit einem kleinen "
                                "Beispiel und fragen Sie am Ende, ob alles klar ist." if german else
                                "You are a patient Python tutor. Explain each step with a small example and ask at "
                                "the end whether everything is clear.", course="kurs"),
                      Assistant("translator", "Übersetzer" if german else "Translator",
                                "Übersetzen Sie jeden Text ins Englische." if german else
                                "Translate every text into German."))
            stored = window.controller.settings.current.stored
            window.controller.settings.save(with_assistants(stored, listed, "tutor").replace(courses=(course,)))
            window.chatAssistantCombo.showPopup()
            settle(600)
            shoot(args.out / f"assistant-picker-{suffix}.png")
            window.chatAssistantCombo.hidePopup()
            window.open_settings()
            dialog = window._settings_dialog
            dialog.pages.show_page("answersPage")
            dialog.assistantForm.show("tutor")
            settle(600)
            shoot(args.out / f"assistants-settings-{suffix}.png")
            dialog.reject()

        def models():
            """The chat's model picker with the server's list open; then the next question."""
            server.set_mode("normal", model_ids=["gpt-5-mini", "gpt-5", "gpt-4.1", "o4-mini"])
            window.chatModelCombo.showPopup()  # opens once the list arrived
            settle(1000)
            shoot(args.out / f"model-picker-{suffix}.png")
            window.chatModelCombo.hidePopup()
            server.set_mode("drop_mid_stream", after_tokens=5, reply="Die ersten Worte kommen an, dann reißt die Leitung"
                            if german else "The first words arrive, then the line breaks")
            window.promptEdit.setPlainText("And now a long story, please." if args.lang == "en"
                                           else "Und jetzt bitte eine lange Geschichte.")
            window.send()

        def error():
            shoot(args.out / f"error-{suffix}.png")
            server.set_mode("busy", retry_after="5")  # a rate limit: counted down where the answer will appear
            window.promptEdit.setPlainText("One more question, please." if args.lang == "en"
                                           else "Noch eine Frage, bitte.")
            window.send()

        def waiting():
            shoot(args.out / f"waiting-{suffix}.png")
            window.stop()
            window.searchEdit.setText("Tabelle" if german else "table")
            window.sidebar.run_search()

        def connection_check():
            """The settings' Check connection: every step passing, then an address that lacks /v1."""
            server.set_mode("normal", model_ids=["gpt-5-mini", "gpt-5", "gpt-4.1", "o4-mini"])
            window.open_settings()
            dialog = window._settings_dialog
            settle(800)
            dialog.checkConnectionButton.click()
            settle(3000)
            shoot(args.out / f"connection-check-{suffix}.png")
            dialog.baseUrlEdit.setText(server.base_url.removesuffix("/v1"))
            dialog.checkConnectionButton.click()
            settle(3000)
            shoot(args.out / f"connection-check-failed-{suffix}.png")
            dialog.reject()

        def ollama_short():
            """An Ollama server that refuses stream_options: both learned from one short question."""
            window.searchEdit.clear()
            server.set_mode("normal", ollama=True, refuse=["stream_options"],
                            reply="Gern." if german else "Sure.")
            window.new_chat()
            window.promptEdit.setPlainText("Hallo?" if german else "Hello?")
            window.send()

        def ollama_long():
            window.promptEdit.setPlainText(("Fassen Sie zusammen: " if german else "Summarise: ") + "lorem ipsum " * 4000)
            window.send()

        def ollama_note():
            """The note before a chat Ollama would cut, then the settings listing what was learned from it."""
            shoot(args.out / f"ollama-context-{suffix}.png")
            window.open_settings()
            settle(800)
            shoot(args.out / f"settings-quirks-{suffix}.png")
            window._settings_dialog.reject()
            window.searchEdit.setText("Tabelle" if german else "table")
            window.sidebar.run_search()
        def certificate():
            """A server whose certificate a CA made here issued, like a company's TLS inspection: the banner,
            the question, then the Certificates page once it is trusted; then back to the first server."""
            from tls_certificates import make_ca, make_server_certificate, server_context

            inspection_ca = make_ca("Example Corp TLS Inspection CA")
            leaf = make_server_certificate(inspection_ca)
            secure = FakeOpenAIServer(tls=server_context(Path(home) / "tls", leaf, inspection_ca)).start()
            stored, earlier_chat = window.controller.settings.current.stored, window.controller.session.conversation_id
            window.controller.settings.save(stored.replace(base_url=secure.base_url))
            window.new_chat()
            window.promptEdit.setPlainText("Hello from the company network." if args.lang == "en"
                                           else "Hallo aus dem Firmennetz.")
            window.send()
            settle(2500)
            shoot(args.out / f"trust-banner-{suffix}.png")
            window.errorBanner.trustButton.click()
            settle(600)
            question = window.chatPane.trustQuestion
            shoot(args.out / f"trust-question-{suffix}.png")
            question.comparedBox.setChecked(True)
            question.trustButton.click()
            settle(400)
            shoot(args.out / f"trust-trusted-{suffix}.png")
            window.open_settings()
            dialog = window._settings_dialog
            dialog.pages.show_page("certificatesPage")
            settle(600)
            shoot(args.out / f"trust-settings-{suffix}.png")
            dialog.reject()
            window.controller.settings.save(stored)
            window.open_conversation(earlier_chat)
            secure.stop()

        def course():
            """A course package as a participant gets it: the preview, then the welcome text and the key prompt."""
            import json as json_module
            from tls_certificates import make_ca

            package = {"format": "genai-course", "version": 1,
                       "title": "KI im Büro – Frühjahr 2026" if german else "AI at work – spring 2026",
                       "welcome": ("Willkommen im Kurs! Ihren Schlüssel erhalten Sie in der ersten Sitzung. Die "
                                   "Vorlagen finden Sie mit / im Nachrichtenfeld.") if german else
                                  ("Welcome to the course! You get your key in the first session. Type / in the "
                                   "message box for the templates."),
                       "profiles": [{"name": "Kurs-Server" if german else "Course server",
                                     "base_url": "https://llm.kurs.example/v1", "model": "kurs-modell",
                                     "context_tokens": 128000, "headers": {"X-Course": "ki-2026"}}],
                       "assistants": [{"name": "Tutor", "system_prompt": "Du bist ein geduldiger Tutor."}],
                       "templates": [{"name": "Zusammenfassen" if german else "Summarise",
                                      "text": "Fasse zusammen: {{Text}}"},
                                     {"name": "Höfliche E-Mail" if german else "Polite e-mail",
                                      "text": "Formuliere als höfliche E-Mail: {{Text}}"}],
                       "certificates": [{"pem": make_ca("Kurs Root CA").pem.decode(), "hosts": ["llm.kurs.example"]}],
                       "settings": {"default_profile": "Kurs-Server" if german else "Course server",
                                    "default_assistant": "Tutor"}}
            path = Path(home) / "kurs.genai-course"
            path.write_text(json_module.dumps(package, ensure_ascii=False), encoding="utf-8")
            stored = window.controller.settings.current.stored
            window.import_course_package(path)
            settle(800)
            shoot(args.out / f"course-preview-{suffix}.png")
            window.courseImport.dialog.importButton.click()
            settle(800)
            shoot(args.out / f"course-welcome-{suffix}.png")
            window.courseImport.dialog.reject()
            for imported in window.controller.courses.courses():
                window.controller.courses.remove(imported.id)
            window.controller.settings.save(stored)
            settle(300)

        def search():
            shoot(args.out / f"search-{suffix}.png")

            def shoot_link_question():
                shoot(args.out / f"link-{suffix}.png")
                QApplication.activeModalWidget().reject()

            QTimer.singleShot(1000, shoot_link_question)
            window.transcriptView.confirm_link(QUrl(LOOK_ALIKE_LINK))  # modal: the timer shoots and closes it
            proxies()
            window.close()
            app.quit()

        def proxies():
            """The Network page with a manual proxy, a proxy's login prompt, and the NTLM explanation."""
            from genai_desktop.core.errors import ChatError, ErrorKind
            from genai_desktop.core.profiles import ProxyMode
            from genai_desktop.ui.proxy_form import ProxyLoginDialog

            window.open_settings()
            dialog = window._settings_dialog
            form = dialog.proxyForm
            form.modeCombo.setCurrentIndex(form.modeCombo.findData(ProxyMode.MANUAL.value))
            form.addressEdit.setText("proxy.corp.example:3128")
            form.bypassEdit.setText("localhost, 127.0.0.1, .corp.example")
            dialog.pages.show_page("networkPage")
            settle(600)
            shoot(args.out / f"settings-network-manual-{suffix}.png")
            dialog.reject()
            banner = window.chatPane.errorBanner
            banner.show_error(ChatError(ErrorKind.PROXY_LOGIN, server_message="proxy.corp.example:3128", status=407),
                              can_retry=True)
            login = ProxyLoginDialog("proxy.corp.example:3128", "", False, window)
            login.open()
            settle(600)
            shoot(args.out / f"proxy-login-{suffix}.png")
            login.reject()
            banner.show_error(ChatError(ErrorKind.PROXY_AUTH_UNSUPPORTED, server_message="proxy.corp.example:8080",
                                        status=407, detail="negotiate, ntlm"), can_retry=True)
            settle(600)
            shoot(args.out / f"proxy-ntlm-{suffix}.png")

        def run(steps):  # one after the other: a step may wait inside (settle), the next starts after it
            if steps:
                (ms, step), rest = steps[0], steps[1:]
                QTimer.singleShot(ms, lambda: (step(), run(rest)))

        run([(1500, welcome), (1500, settings), (1000, thinking), (2500, answer), (300, answer_large), (300, attachments),
             (300, templates), (300, assistants), (500, models), (2500, error), (1500, waiting),
             (500, connection_check), (1000, certificate), (1000, ollama_short), (1500, ollama_long),
             (1500, ollama_note), (1000, course), (1000, search)])
        app.exec()
    server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
