<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>AssistantForm</name>
    <message>
        <location filename="../../ui/assistants_page.py" line="+38"/>
        <source>Assistant</source>
        <translation>Assistent</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The assistant shown below; each chat picks its own above its messages</source>
        <translation>Der unten gezeigte Assistent; jeder Chat wählt seinen eigenen über seinen Nachrichten</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+1"/>
        <location line="+77"/>
        <source>New assistant</source>
        <translation>Neuer Assistent</translation>
    </message>
    <message>
        <location line="-76"/>
        <source>Add an assistant with instructions of its own</source>
        <translation>Einen Assistenten mit eigenen Anweisungen hinzufügen</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+1"/>
        <source>Remove assistant</source>
        <translation>Assistent entfernen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete this assistant; its chats go on with the default one</source>
        <translation>Diesen Assistenten löschen; seine Chats gehen mit dem Standardassistenten weiter</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Assistant name</source>
        <translation>Name des Assistenten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What you call this assistant, e.g. &apos;Translator&apos;</source>
        <translation>Wie Sie diesen Assistenten nennen, z. B. „Übersetzer“</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>New chats start with this assistant</source>
        <translation>Neue Chats beginnen mit diesem Assistenten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Default assistant</source>
        <translation>Standardassistent</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New chats start with this assistant; each chat keeps its own</source>
        <translation>Neue Chats beginnen mit diesem Assistenten; jeder Chat behält seinen eigenen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>System prompt</source>
        <translation>Systemanweisung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Instructions sent before every conversation with this assistant, e.g. &apos;Answer in German.&apos;</source>
        <translation>Anweisungen, die vor jeder Unterhaltung mit diesem Assistenten gesendet werden, z. B. „Antworten Sie auf Deutsch.“</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Assistant:</source>
        <translation>&amp;Assistent:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Assistant &amp;name:</source>
        <translation>&amp;Name des Assistenten:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>S&amp;ystem prompt:</source>
        <translation>S&amp;ystemanweisung:</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Added by the course “%1”.</source>
        <translation>Vom Kurs „%1“ hinzugefügt.</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>%1 (default)</source>
        <translation>%1 (Standard)</translation>
    </message>
</context>
<context>
    <name>AssistantPicker</name>
    <message>
        <location filename="../../ui/assistant_picker.py" line="+28"/>
        <source>General</source>
        <translation>Allgemein</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Assistant of this chat</source>
        <translation>Assistent dieses Chats</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The instructions (system prompt) this chat is answered with; set up assistants in the settings</source>
        <translation>Die Anweisungen (Systemanweisung), mit denen dieser Chat beantwortet wird; Assistenten richten Sie in den Einstellungen ein</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Assistant:</source>
        <translation>A&amp;ssistent:</translation>
    </message>
</context>
<context>
    <name>Attachments</name>
    <message>
        <location filename="../../ui/attachment_chips.py" line="+28"/>
        <source>1 byte</source>
        <translation>1 Byte</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 bytes</source>
        <translation>%1 Bytes</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>about 1 token</source>
        <translation>etwa 1 Token</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>about %1 tokens</source>
        <translation>etwa %1 Tokens</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1×%2 px</source>
        <translation>%1×%2 px</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>1 page</source>
        <translation>1 Seite</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 pages</source>
        <translation>%1 Seiten</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Only the first %1 of %2 rows are sent</source>
        <translation>Nur die ersten %1 von %2 Zeilen werden gesendet</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>“%1” has no text layer — this app does not read text from images. Export it with OCR (text recognition) and attach it again.</source>
        <translation>„%1“ hat keine Textebene — diese App liest keinen Text aus Bildern. Exportieren Sie die Datei mit Texterkennung (OCR) und hängen Sie sie erneut an.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>“%1” is protected by a password. Save a copy without the password and attach that.</source>
        <translation>„%1“ ist mit einem Passwort geschützt. Speichern Sie eine Kopie ohne Passwort und hängen Sie diese an.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>“%1” could not be read: the file is damaged or not what its name says. Open it in its own program, save it again and attach the new file.</source>
        <translation>„%1“ konnte nicht gelesen werden: Die Datei ist beschädigt oder nicht das, was ihr Name sagt. Öffnen Sie sie in ihrem eigenen Programm, speichern Sie sie neu und hängen Sie die neue Datei an.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>“%1” is a kind of file this app does not read. Attach a PDF, Word, Excel, PowerPoint, CSV or text file, or a PNG, JPEG, WebP or GIF picture.</source>
        <translation>„%1“ ist eine Dateiart, die diese App nicht liest. Hängen Sie eine PDF-, Word-, Excel-, PowerPoint-, CSV- oder Textdatei oder ein PNG-, JPEG-, WebP- oder GIF-Bild an.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>“%1” is larger than %2, the most this app reads of such a file. Attach a smaller file, or a part of it.</source>
        <translation>„%1“ ist größer als %2, das Höchste, was diese App von einer solchen Datei liest. Hängen Sie eine kleinere Datei oder einen Teil davon an.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>“%1” is too large to read on this computer. Attach a smaller file, or a part of it.</source>
        <translation>„%1“ ist zu groß, um auf diesem Computer gelesen zu werden. Hängen Sie eine kleinere Datei oder einen Teil davon an.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>“%1” is empty: there is nothing in it to send. Check that you chose the right file.</source>
        <translation>„%1“ ist leer: Darin ist nichts, was gesendet werden könnte. Prüfen Sie, ob Sie die richtige Datei gewählt haben.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>“%1” is no longer there. Attach it again from where it is now, or remove it from the message.</source>
        <translation>„%1“ ist nicht mehr da. Hängen Sie die Datei von ihrem jetzigen Ort erneut an oder entfernen Sie sie aus der Nachricht.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>“%1” cannot be read: it is not a file, or this app may not open it. Check the file, or remove it from the message.</source>
        <translation>„%1“ kann nicht gelesen werden: Es ist keine Datei, oder diese App darf sie nicht öffnen. Prüfen Sie die Datei oder entfernen Sie sie aus der Nachricht.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>“%1” changed after it was attached. Remove it and attach it again to send what it holds now.</source>
        <translation>„%1“ wurde nach dem Anhängen geändert. Entfernen Sie die Datei und hängen Sie sie erneut an, um ihren jetzigen Inhalt zu senden.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>“%1” would unpack to more than %2, more than this app reads: it may be damaged or made to overload programs. Open it in its own program and save it again.</source>
        <translation>„%1“ würde entpackt mehr als %2 ergeben, mehr als diese App liest: Die Datei ist vielleicht beschädigt oder darauf angelegt, Programme zu überlasten. Öffnen Sie sie in ihrem eigenen Programm und speichern Sie sie neu.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>“%1” alone is more than this model can take (%2 tokens, an estimate). Attach a part of it, or choose a model with a larger context.</source>
        <translation>„%1“ allein ist mehr, als dieses Modell aufnehmen kann (%2 Tokens, eine Schätzung). Hängen Sie einen Teil davon an oder wählen Sie ein Modell mit größerem Kontext.</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Reading…</source>
        <translation>Wird gelesen…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Reading %1</source>
        <translation>%1 wird gelesen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop reading %1</source>
        <translation>Lesen von %1 abbrechen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove %1</source>
        <translation>%1 entfernen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 (Delete)</source>
        <translation>%1 (Entf)</translation>
    </message>
    <message>
        <location filename="../../ui/attachment_tray.py" line="+96"/>
        <source>Attachments</source>
        <translation>Anhänge</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Attachment problems</source>
        <translation>Probleme mit Anhängen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Estimated size of the message</source>
        <translation>Geschätzte Größe der Nachricht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Context size…</source>
        <translation>Kontextgröße…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Context size of this model</source>
        <translation>Kontextgröße dieses Modells</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>How many tokens this model can take: set it if the app does not know it</source>
        <translation>Wie viele Tokens dieses Modell aufnehmen kann: Legen Sie die Zahl fest, wenn die App sie nicht kennt</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Pasted picture</source>
        <translation>Eingefügtes Bild</translation>
    </message>
    <message>
        <location line="+165"/>
        <source>About %1 tokens — more than the %2 this model can take (an estimate). Remove an attachment, or choose a model with a larger context.</source>
        <translation>Etwa %1 Tokens — mehr als die %2, die dieses Modell aufnehmen kann (eine Schätzung). Entfernen Sie einen Anhang oder wählen Sie ein Modell mit größerem Kontext.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>About %1 of %2 tokens — an estimate</source>
        <translation>Etwa %1 von %2 Tokens — eine Schätzung</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>(this app does not know the model’s context size: set it with “Context size…”)</source>
        <translation>(diese App kennt die Kontextgröße des Modells nicht: Legen Sie sie mit „Kontextgröße…“ fest)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>“%1” is still being read. Wait a moment, or cancel it.</source>
        <translation>„%1“ wird noch gelesen. Warten Sie einen Moment oder brechen Sie das Lesen ab.</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>The context size could not be saved: %1</source>
        <translation>Die Kontextgröße konnte nicht gespeichert werden: %1</translation>
    </message>
</context>
<context>
    <name>ChatList</name>
    <message>
        <location filename="../../ui/chat_list.py" line="+75"/>
        <source>New chat</source>
        <translation>Neuer Chat</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Chat deleted.</source>
        <translation>Chat gelöscht.</translation>
    </message>
</context>
<context>
    <name>ChatPane</name>
    <message>
        <location filename="../../ui/chat_pane.py" line="+127"/>
        <source>Model in use</source>
        <translation>Verwendetes Modell</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tokens used in this chat</source>
        <translation>In diesem Chat verbrauchte Tokens</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Certificate of the authority</source>
        <translation>Zertifikat der Zertifizierungsstelle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Certificates (*.pem *.crt *.cer *.der);;All files (*)</source>
        <translation>Zertifikate (*.pem *.crt *.cer *.der);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Tokens: %1 (prompt %2, answer %3)</source>
        <translation>Tokens: %1 (Eingabe %2, Antwort %3)</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>This chat: %1 tokens</source>
        <translation>Dieser Chat: %1 Tokens</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>The system keyring is not available: the proxy password is kept until the app is closed.</source>
        <translation>Der Schlüsselbund des Systems ist nicht verfügbar: Das Proxy-Passwort wird nur aufbewahrt, bis die App geschlossen wird.</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Server busy — the app tries again by itself</source>
        <translation>Server ausgelastet – die App versucht es von selbst erneut</translation>
    </message>
    <message>
        <location line="+85"/>
        <source>Model: %1</source>
        <translation>Modell: %1</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>New chats now use %1 on this computer.</source>
        <translation>Neue Chats verwenden jetzt %1 auf diesem Computer.</translation>
    </message>
</context>
<context>
    <name>CodeBlocks</name>
    <message>
        <location filename="../../ui/code_blocks.py" line="+354"/>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <location line="+17"/>
        <location line="+10"/>
        <location line="+2"/>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <location line="-2"/>
        <location line="+2"/>
        <source>Copied ✓</source>
        <translation>Kopiert ✓</translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <location filename="../../app.py" line="+51"/>
        <source>usage: </source>
        <translation>Aufruf: </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1: chat with OpenAI-compatible APIs.</source>
        <translation>%1: Chatten mit OpenAI-kompatiblen APIs.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>options</source>
        <translation>Optionen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>show this help message and exit</source>
        <translation>diese Hilfe anzeigen und beenden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>show program&apos;s version number and exit</source>
        <translation>die Versionsnummer anzeigen und beenden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>check this machine without opening a window</source>
        <translation>diesen Rechner prüfen, ohne ein Fenster zu öffnen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>with --self-test: send a one-token chat request</source>
        <translation>mit --self-test: eine Chat-Anfrage mit einem Token senden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>check the connection to the server step by step without opening a window</source>
        <translation>die Verbindung zum Server Schritt für Schritt prüfen, ohne ein Fenster zu öffnen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>NAME</source>
        <translation>NAME</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>with --check-connection: the endpoint profile to check</source>
        <translation>mit --check-connection: das zu prüfende Endpunkt-Profil</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>trust the certificate authority in FILE (PEM or DER) for the hosts given with --hosts, without opening a window</source>
        <translation>der Zertifizierungsstelle in FILE (PEM oder DER) für die mit --hosts genannten Hosts vertrauen, ohne ein Fenster zu öffnen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>with --trust-ca: the server names the authority is trusted for, separated by commas</source>
        <translation>mit --trust-ca: die Servernamen, für die der Zertifizierungsstelle vertraut wird, durch Kommas getrennt</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>FILE</source>
        <translation>DATEI</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>a course package to import, or a file to attach to the message (also when the app is open already)</source>
        <translation>ein zu importierendes Kurspaket oder eine Datei, die an die Nachricht angehängt wird (auch wenn die App schon geöffnet ist)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>--trust-ca and --hosts go together</source>
        <translation>--trust-ca und --hosts gehören zusammen</translation>
    </message>
    <message>
        <location line="+126"/>
        <source>There is no profile named %1.</source>
        <translation>Es gibt kein Profil namens %1.</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <location filename="../../ui/composer.py" line="+81"/>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type your message. Enter sends, Shift+Enter starts a new line.</source>
        <translation>Geben Sie Ihre Nachricht ein. Die Eingabetaste sendet, Umschalt+Eingabe beginnt eine neue Zeile.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type a message — Enter sends, Shift+Enter adds a line</source>
        <translation>Nachricht eingeben – Eingabetaste sendet, Umschalt+Eingabe fügt eine Zeile ein</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+2"/>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send the message (Enter)</source>
        <translation>Nachricht senden (Eingabetaste)</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+2"/>
        <source>Stop</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop the answer (Esc)</source>
        <translation>Antwort stoppen (Esc)</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+2"/>
        <source>Cancel editing</source>
        <translation>Bearbeiten abbrechen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep the chat as it is</source>
        <translation>Den Chat unverändert lassen</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Attach files</source>
        <translation>Dateien anhängen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attach documents or pictures to the message</source>
        <translation>Dokumente oder Bilder an die Nachricht anhängen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attach documents or pictures (%1)</source>
        <translation>Dokumente oder Bilder anhängen (%1)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Prompt templates</source>
        <translation>Prompt-Vorlagen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose a prepared prompt and fill in its blanks</source>
        <translation>Einen vorbereiteten Prompt wählen und seine Lücken ausfüllen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prompt templates (%1, or / in an empty message)</source>
        <translation>Prompt-Vorlagen (%1, oder / in einer leeren Nachricht)</translation>
    </message>
    <message>
        <location line="+165"/>
        <source>Editing an earlier message. Sending replaces it and everything after it.</source>
        <translation>Sie bearbeiten eine frühere Nachricht. Beim Senden werden sie und alles danach ersetzt.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Editing your last message. Sending replaces it and its answer.</source>
        <translation>Sie bearbeiten Ihre letzte Nachricht. Senden ersetzt sie und ihre Antwort.</translation>
    </message>
</context>
<context>
    <name>ConnectionCheck</name>
    <message>
        <location filename="../../ui/connection_check_view.py" line="+25"/>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name lookup (DNS)</source>
        <translation>Namensauflösung (DNS)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Proxy</source>
        <translation>Proxy</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connection (TCP)</source>
        <translation>Verbindung (TCP)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Encryption (TLS)</source>
        <translation>Verschlüsselung (TLS)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>API key (/models)</source>
        <translation>API-Schlüssel (/models)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answer</source>
        <translation>Antwort</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>ok</source>
        <translation>ok</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>ok, note</source>
        <translation>ok, Hinweis</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>FAILED</source>
        <translation>FEHLGESCHLAGEN</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not checked</source>
        <translation>nicht geprüft</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>the company certificate authority trusted for this server</source>
        <translation>die Zertifizierungsstelle Ihrer Firma, der für diesen Server vertraut wird</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the certificates that come with the app (this system has none of its own)</source>
        <translation>die Zertifikate, die mit der App kommen (dieses System hat keine eigenen)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the certificates in %1 (SSL_CERT_FILE)</source>
        <translation>die Zertifikate in %1 (SSL_CERT_FILE)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the system&apos;s certificates (%1)</source>
        <translation>die Zertifikate des Systems (%1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the system&apos;s certificate store</source>
        <translation>den Zertifikatspeicher des Systems</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>None: the app connects to the server directly, as set.</source>
        <translation>Keiner: Die App verbindet sich direkt mit dem Server, wie eingestellt.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>None for this server: it is on the manual proxy&apos;s list of exceptions.</source>
        <translation>Keiner für diesen Server: Er steht auf der Ausnahmeliste des manuellen Proxys.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>None: the automatic configuration script answered %1.</source>
        <translation>Keiner: Das automatische Konfigurationsskript hat %1 geantwortet.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>None: the system sets no proxy for this server (environment variables HTTPS_PROXY and NO_PROXY, or the system settings).</source>
        <translation>Keiner: Das System legt für diesen Server keinen Proxy fest (Umgebungsvariablen HTTPS_PROXY und NO_PROXY oder die Systemeinstellungen).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1, set by hand.</source>
        <translation>%1, von Hand eingestellt.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1, chosen by the automatic configuration script (it answered %2).</source>
        <translation>%1, vom automatischen Konfigurationsskript gewählt (es hat %2 geantwortet).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1, from the system&apos;s settings.</source>
        <translation>%1, aus den Einstellungen des Systems.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Paste the API key for this server in the settings (Connection page).</source>
        <translation>Fügen Sie den API-Schlüssel für diesen Server in den Einstellungen ein (Seite Verbindung).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the key again from your provider&apos;s website and paste it in the settings.</source>
        <translation>Kopieren Sie den Schlüssel erneut von der Website Ihres Anbieters und fügen Sie ihn in den Einstellungen ein.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paste a valid key in the settings: this one is wrong, revoked, or belongs to another service.</source>
        <translation>Fügen Sie in den Einstellungen einen gültigen Schlüssel ein: Dieser ist falsch, widerrufen oder gehört zu einem anderen Dienst.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The key is valid but may not use this: check its permissions with your provider, or choose another model.</source>
        <translation>Der Schlüssel ist gültig, darf dies aber nicht nutzen: Prüfen Sie seine Berechtigungen bei Ihrem Anbieter oder wählen Sie ein anderes Modell.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Check the model name and the server address.</source>
        <translation>Prüfen Sie den Modellnamen und die Serveradresse.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Something other than the API answered: you may need to sign in to your network first (hotel or guest Wi-Fi), or the address is wrong.</source>
        <translation>Geantwortet hat etwas anderes als die API: Vielleicht müssen Sie sich zuerst im Netzwerk anmelden (Hotel- oder Gast-WLAN), oder die Adresse ist falsch.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The server took too long: try again, or increase the timeouts in the settings (Advanced page).</source>
        <translation>Der Server hat zu lange gebraucht: Versuchen Sie es erneut, oder erhöhen Sie die Zeitlimits in den Einstellungen (Seite Erweitert).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The app does not follow redirects, so your conversation stays with the server you chose. If the new address is right, enter it in the settings.</source>
        <translation>Die App folgt keinen Weiterleitungen, damit Ihr Gespräch bei dem Server bleibt, den Sie gewählt haben. Wenn die neue Adresse stimmt, tragen Sie sie in den Einstellungen ein.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Wait a moment, then check again.</source>
        <translation>Warten Sie einen Moment und prüfen Sie dann erneut.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check the plan and billing of your account.</source>
        <translation>Prüfen Sie den Tarif und die Abrechnung Ihres Kontos.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check the model name; the server&apos;s message below may say more.</source>
        <translation>Prüfen Sie den Modellnamen; die Meldung des Servers darunter sagt vielleicht mehr.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The problem is on the server&apos;s side: try again later.</source>
        <translation>Das Problem liegt beim Server: Versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Something unexpected went wrong: %1</source>
        <translation>Etwas Unerwartetes ist schiefgegangen: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check again. If it happens again, the log file has details.</source>
        <translation>Prüfen Sie erneut. Wenn es wieder passiert, finden Sie Einzelheiten in der Protokolldatei.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 uses http:// to another computer: your key and your messages would travel unencrypted. Nothing was sent.</source>
        <translation>%1 verwendet http:// zu einem anderen Computer: Ihr Schlüssel und Ihre Nachrichten würden unverschlüsselt übertragen. Es wurde nichts gesendet.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Use https://, or confirm this address in the settings (Test connection asks).</source>
        <translation>Verwenden Sie https://, oder bestätigen Sie diese Adresse in den Einstellungen (Verbindung testen fragt danach).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The address cannot be used.</source>
        <translation>Die Adresse kann nicht verwendet werden.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Correct the server address in the settings.</source>
        <translation>Korrigieren Sie die Serveradresse in den Einstellungen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 is an IP address: nothing to look up.</source>
        <translation>%1 ist eine IP-Adresse: Es ist nichts nachzuschlagen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The proxy %1 is at %2; the proxy looks up %3 itself.</source>
        <translation>Der Proxy %1 hat die Adresse %2; den Namen %3 löst der Proxy selbst auf.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 is at %2.</source>
        <translation>%1 hat die Adresse %2.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The proxy&apos;s name %1 cannot be found.</source>
        <translation>Der Name des Proxys, %1, ist nicht zu finden.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check the proxy setting, or ask your IT department for the proxy&apos;s address.</source>
        <translation>Prüfen Sie die Proxy-Einstellung, oder fragen Sie Ihre IT-Abteilung nach der Adresse des Proxys.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The name %1 cannot be found.</source>
        <translation>Der Name %1 ist nicht zu finden.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check the spelling of the server address. If the server is in your company&apos;s network, connect to the company network (VPN) first.</source>
        <translation>Prüfen Sie die Schreibweise der Serveradresse. Wenn der Server im Netzwerk Ihrer Firma steht, verbinden Sie sich zuerst mit dem Firmennetzwerk (VPN).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The proxy setting cannot be used: %1</source>
        <translation>Die Proxy-Einstellung kann nicht verwendet werden: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check the proxy setting, or ask your IT department which proxy to use.</source>
        <translation>Prüfen Sie die Proxy-Einstellung, oder fragen Sie Ihre IT-Abteilung, welcher Proxy zu verwenden ist.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The server accepted the key and lists 1 model.</source>
        <translation>Der Server hat den Schlüssel angenommen und nennt 1 Modell.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server accepted the key and lists %1 models.</source>
        <translation>Der Server hat den Schlüssel angenommen und nennt %1 Modelle.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The server gives no model list (it answered 404 to /models); the answer below shows whether the model works.</source>
        <translation>Der Server gibt keine Modellliste heraus (er hat auf /models mit 404 geantwortet); die Antwort unten zeigt, ob das Modell funktioniert.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The server answered 404: the address probably lacks /v1.</source>
        <translation>Der Server hat mit 404 geantwortet: Der Adresse fehlt wahrscheinlich /v1.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Try the address %1.</source>
        <translation>Versuchen Sie die Adresse %1.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The server offers %1.</source>
        <translation>Der Server bietet %1 an.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Without a model list %1 cannot be looked up; the answer shows whether it works.</source>
        <translation>Ohne Modellliste lässt sich %1 nicht nachschlagen; die Antwort zeigt, ob es funktioniert.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No model is set.</source>
        <translation>Es ist kein Modell eingestellt.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Enter a model name in the settings, or load the server&apos;s list there.</source>
        <translation>Geben Sie in den Einstellungen einen Modellnamen ein, oder laden Sie dort die Liste des Servers.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>It offers 1 model: %2.</source>
        <translation>Er bietet 1 Modell an: %2.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>It offers %1 models, among them: %2.</source>
        <translation>Er bietet %1 Modelle an, darunter: %2.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server does not offer the model %1.</source>
        <translation>Der Server bietet das Modell %1 nicht an.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose one of them in the settings.</source>
        <translation>Wählen Sie eines davon in den Einstellungen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The model answered.</source>
        <translation>Das Modell hat geantwortet.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Connected to the proxy %1, port %2 (%3 ms).</source>
        <translation>Mit dem Proxy %1 verbunden, Port %2 (%3 ms).</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Connected to %1, port %2 (%3 ms).</source>
        <translation>Mit %1 verbunden, Port %2 (%3 ms).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The proxy %1 refuses connections on port %2.</source>
        <translation>Der Proxy %1 lehnt Verbindungen auf Port %2 ab.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check the proxy&apos;s address and port.</source>
        <translation>Prüfen Sie Adresse und Port des Proxys.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 refuses connections on port %2: no server is listening there.</source>
        <translation>%1 lehnt Verbindungen auf Port %2 ab: Dort wartet kein Server.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check that the server is running (a local Ollama or LM Studio must be started) and that the port in the address is right.</source>
        <translation>Prüfen Sie, ob der Server läuft (ein lokales Ollama oder LM Studio muss gestartet sein) und ob der Port in der Adresse stimmt.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 did not answer on port %2 within %3 seconds.</source>
        <translation>%1 hat auf Port %2 nicht innerhalb von %3 Sekunden geantwortet.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A firewall may block the connection, or your network allows connections only through a proxy: check the proxy setting, or ask your IT department.</source>
        <translation>Vielleicht sperrt eine Firewall die Verbindung, oder Ihr Netzwerk erlaubt Verbindungen nur über einen Proxy: Prüfen Sie die Proxy-Einstellung, oder fragen Sie Ihre IT-Abteilung.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1, port %2 cannot be reached (%3).</source>
        <translation>%1, Port %2 ist nicht erreichbar (%3).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check your network connection.</source>
        <translation>Prüfen Sie Ihre Netzwerkverbindung.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1, certificate for %2 issued by &apos;%3&apos;, accepted by %4.</source>
        <translation>%1, Zertifikat für %2, ausgestellt von „%3“, anerkannt durch %4.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not encrypted (http://), as the address says: nothing to check.</source>
        <translation>Unverschlüsselt (http://), wie die Adresse sagt: Es ist nichts zu prüfen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The proxy %1 asks for a Windows sign-in (NTLM or Kerberos), which the app cannot give.</source>
        <translation>Der Proxy %1 verlangt eine Windows-Anmeldung (NTLM oder Kerberos), die die App nicht geben kann.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Use a local helper proxy such as px, which signs in for you, and set it as the proxy (for example 127.0.0.1:3128).</source>
        <translation>Verwenden Sie einen lokalen Hilfs-Proxy wie px, der Sie anmeldet, und stellen Sie ihn als Proxy ein (zum Beispiel 127.0.0.1:3128).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The proxy %1 rejected the user name and password.</source>
        <translation>Der Proxy %1 hat Benutzername und Passwort abgelehnt.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check the proxy login.</source>
        <translation>Prüfen Sie die Anmeldedaten für den Proxy.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The proxy %1 asks for a user name and password.</source>
        <translation>Der Proxy %1 verlangt einen Benutzernamen und ein Passwort.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter the proxy login in the settings.</source>
        <translation>Geben Sie die Anmeldedaten für den Proxy in den Einstellungen ein.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The proxy %1 refused to connect to the server (HTTP status %2).</source>
        <translation>Der Proxy %1 hat die Verbindung zum Server verweigert (HTTP-Status %2).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The proxy may block this server: ask your IT department to allow it.</source>
        <translation>Vielleicht sperrt der Proxy diesen Server: Bitten Sie Ihre IT-Abteilung, ihn freizugeben.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your network replaces certificates, or the server&apos;s certificate authority is not trusted here: the certificate shown for %1 was issued by &apos;%2&apos;.
SHA-256 fingerprint: %3</source>
        <translation>Ihr Netzwerk ersetzt Zertifikate, oder der Zertifizierungsstelle des Servers wird hier nicht vertraut: Das vorgelegte Zertifikat für %1 wurde von „%2“ ausgestellt.
SHA-256-Fingerabdruck: %3</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ask your IT department for its certificate authority and compare the fingerprint; then trust it for this server in the settings. Verification is never switched off.</source>
        <translation>Fragen Sie Ihre IT-Abteilung nach ihrer Zertifizierungsstelle und vergleichen Sie den Fingerabdruck; vertrauen Sie ihr dann in den Einstellungen für diesen Server. Die Prüfung wird nie abgeschaltet.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The certificate shown for %1 is self-signed: no authority vouches for it.
SHA-256 fingerprint: %2</source>
        <translation>Das vorgelegte Zertifikat für %1 ist selbst signiert: Keine Zertifizierungsstelle bürgt dafür.
SHA-256-Fingerabdruck: %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>If it is your own server, give it a certificate from an authority this computer trusts.</source>
        <translation>Wenn es Ihr eigener Server ist, geben Sie ihm ein Zertifikat einer Zertifizierungsstelle, der dieser Computer vertraut.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The certificate shown for %1 is not valid now (valid until %2).</source>
        <translation>Das vorgelegte Zertifikat für %1 ist derzeit nicht gültig (gültig bis %2).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Check the computer&apos;s date and time; otherwise the server&apos;s operator must renew the certificate.</source>
        <translation>Prüfen Sie Datum und Uhrzeit des Computers; sonst muss der Betreiber des Servers das Zertifikat erneuern.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The certificate shown is for %1, not for %2.</source>
        <translation>Das vorgelegte Zertifikat gilt für %1, nicht für %2.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Check the server address; if it is right, your network may divert the connection (a sign-in page or a filter).</source>
        <translation>Prüfen Sie die Serveradresse; wenn sie stimmt, leitet Ihr Netzwerk die Verbindung vielleicht um (eine Anmeldeseite oder ein Filter).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1, port %2 does not speak https.</source>
        <translation>%1, Port %2 spricht kein https.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Try the address with http:// (a local server such as Ollama or LM Studio speaks plain http), or check the port.</source>
        <translation>Versuchen Sie die Adresse mit http:// (ein lokaler Server wie Ollama oder LM Studio spricht einfaches http), oder prüfen Sie den Port.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The encrypted connection failed: %1</source>
        <translation>Die verschlüsselte Verbindung ist gescheitert: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check the address; if it happens again, ask your IT department.</source>
        <translation>Prüfen Sie die Adresse; wenn es wieder passiert, fragen Sie Ihre IT-Abteilung.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1. %2: %3</source>
        <translation>%1. %2: %3</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>What to do: %1</source>
        <translation>Was zu tun ist: %1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>All checks passed: the connection works.</source>
        <translation>Alle Prüfungen bestanden: Die Verbindung funktioniert.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The check did not finish.</source>
        <translation>Die Prüfung wurde nicht abgeschlossen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The check failed at step %1: %2.</source>
        <translation>Die Prüfung ist bei Schritt %1 gescheitert: %2.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Connection check for %1, model %2</source>
        <translation>Verbindungsprüfung für %1, Modell %2</translation>
    </message>
</context>
<context>
    <name>ConnectionCheckView</name>
    <message>
        <location line="+9"/>
        <source>Connection check result</source>
        <translation>Ergebnis der Verbindungsprüfung</translation>
    </message>
    <message>
        <location line="+28"/>
        <location line="+5"/>
        <source>Checking…</source>
        <translation>Wird geprüft…</translation>
    </message>
</context>
<context>
    <name>ConversationListModel</name>
    <message>
        <location filename="../../ui/sidebar.py" line="+92"/>
        <source>New chat</source>
        <translation>Neuer Chat</translation>
    </message>
</context>
<context>
    <name>CourseExportDialog</name>
    <message>
        <location filename="../../ui/course_import.py" line="+237"/>
        <source>Export as course package</source>
        <translation>Als Kurspaket exportieren</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The package holds your server profiles, assistants and prompt templates, never a key. Participants enter their own key.</source>
        <translation>Das Paket enthält Ihre Serverprofile, Assistenten und Vorlagen, niemals einen Schlüssel. Die Teilnehmenden geben ihren eigenen Schlüssel ein.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Course title</source>
        <translation>Kurstitel</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Welcome text</source>
        <translation>Begrüßungstext</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Course title:</source>
        <translation>Kurstitel:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Welcome text:</source>
        <translation>Begrüßungstext:</translation>
    </message>
</context>
<context>
    <name>CourseImport</name>
    <message>
        <location line="-211"/>
        <source>The file is larger than a course package can be (at most 1 MB).</source>
        <translation>Die Datei ist größer, als ein Kurspaket sein kann (höchstens 1 MB).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The file is not a course package: it is not readable JSON.</source>
        <translation>Die Datei ist kein Kurspaket: Sie enthält kein lesbares JSON.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The file is not a GenAI Desktop course package.</source>
        <translation>Die Datei ist kein Kurspaket von GenAI Desktop.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The package does not say which format version it is written in.</source>
        <translation>Das Paket gibt nicht an, in welcher Formatversion es geschrieben ist.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The package is written for a newer GenAI Desktop (format version %2). Please update the app.</source>
        <translation>Das Paket ist für ein neueres GenAI Desktop geschrieben (Formatversion %2). Bitte aktualisieren Sie die App.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The package holds a value of the wrong kind at %1.</source>
        <translation>Das Paket enthält bei %1 einen Wert der falschen Art.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The package holds a value that cannot be used at %1.</source>
        <translation>Das Paket enthält bei %1 einen Wert, der nicht verwendet werden kann.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The package holds too many entries at %1.</source>
        <translation>Das Paket enthält bei %1 zu viele Einträge.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The package gives two entries the same name at %1.</source>
        <translation>Das Paket gibt bei %1 zwei Einträgen denselben Namen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The package contains something that looks like an API key or a password, at %1. A key must never travel in a file that gets passed around: ask the course leader for a package without it, and enter your own key in the app.</source>
        <translation>Das Paket enthält bei %1 etwas, das wie ein API-Schlüssel oder ein Passwort aussieht. Ein Schlüssel darf nie in einer Datei weitergegeben werden: Bitten Sie die Kursleitung um ein Paket ohne ihn, und geben Sie Ihren eigenen Schlüssel in der App ein.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The package&apos;s settings at %1 name an entry the package does not contain.</source>
        <translation>Die Einstellungen des Pakets nennen bei %1 einen Eintrag, den das Paket nicht enthält.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The package has more than one unencrypted (http://) address to another machine; only one can be confirmed.</source>
        <translation>Das Paket hat mehr als eine unverschlüsselte (http://) Adresse zu einem anderen Rechner; nur eine kann bestätigt werden.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The certificate at %1 cannot be trusted: %2</source>
        <translation>Dem Zertifikat bei %1 kann nicht vertraut werden: %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+229"/>
        <source>Nothing was changed.</source>
        <translation>Es wurde nichts geändert.</translation>
    </message>
    <message>
        <location line="-222"/>
        <source>Adds the server profile “%1”</source>
        <translation>Fügt das Serverprofil „%1“ hinzu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Updates the server profile “%1”</source>
        <translation>Aktualisiert das Serverprofil „%1“</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Removes the server profile “%1” (no longer in the course)</source>
        <translation>Entfernt das Serverprofil „%1“ (nicht mehr im Kurs)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Adds the assistant “%1”</source>
        <translation>Fügt den Assistenten „%1“ hinzu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Updates the assistant “%1”</source>
        <translation>Aktualisiert den Assistenten „%1“</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Removes the assistant “%1” (no longer in the course)</source>
        <translation>Entfernt den Assistenten „%1“ (nicht mehr im Kurs)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Adds the prompt template “%1”</source>
        <translation>Fügt die Vorlage „%1“ hinzu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Updates the prompt template “%1”</source>
        <translation>Aktualisiert die Vorlage „%1“</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Removes the prompt template “%1” (no longer in the course)</source>
        <translation>Entfernt die Vorlage „%1“ (nicht mehr im Kurs)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Trusts the certificate authority “%1” for %2 only, SHA-256:
%3</source>
        <translation>Vertraut der Zertifizierungsstelle „%1“ nur für %2, SHA-256:
%3</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>New chats use the profile “%1”</source>
        <translation>Neue Chats verwenden das Profil „%1“</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New chats start with the assistant “%1”</source>
        <translation>Neue Chats beginnen mit dem Assistenten „%1“</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the system language</source>
        <translation>die Sprache des Systems</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sets the app&apos;s language to %1 (from the next start)</source>
        <translation>Stellt die Sprache der App auf %1 (ab dem nächsten Start)</translation>
    </message>
    <message>
        <location line="+179"/>
        <source>Import course package</source>
        <translation>Kurspaket importieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+83"/>
        <source>Course packages (*%1)</source>
        <translation>Kurspakete (*%1)</translation>
    </message>
    <message>
        <location line="-74"/>
        <location line="+4"/>
        <location line="+13"/>
        <source>Course package not imported</source>
        <translation>Kurspaket nicht importiert</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>The file could not be read: %1</source>
        <translation>Die Datei konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+109"/>
        <source>The settings could not be written: %1</source>
        <translation>Die Einstellungen konnten nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <location line="-107"/>
        <source>Course “%1” imported</source>
        <translation>Kurs „%1“ importiert</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The key for “%1” is saved.</source>
        <translation>Der Schlüssel für „%1“ ist gespeichert.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The keyring could not take the key: it is used for this session only.</source>
        <translation>Der Schlüsselbund konnte den Schlüssel nicht aufnehmen: Er wird nur für diese Sitzung verwendet.</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Export as course package</source>
        <translation>Als Kurspaket exportieren</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+4"/>
        <source>Course package not written</source>
        <translation>Kurspaket nicht geschrieben</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The file could not be written: %1</source>
        <translation>Die Datei konnte nicht geschrieben werden: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Course package written to %1</source>
        <translation>Kurspaket gespeichert unter %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+8"/>
        <location line="+9"/>
        <location line="+15"/>
        <source>Remove course</source>
        <translation>Kurs entfernen</translation>
    </message>
    <message>
        <location line="-31"/>
        <source>No course package has been imported.</source>
        <translation>Es wurde noch kein Kurspaket importiert.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Which course is to be removed?</source>
        <translation>Welcher Kurs soll entfernt werden?</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Remove the course “%1”? Its server profiles (with their keys), assistants, prompt templates and certificate authorities are removed; your own settings and your chats stay.</source>
        <translation>Den Kurs „%1“ entfernen? Seine Serverprofile (mit ihren Schlüsseln), Assistenten, Vorlagen und Zertifizierungsstellen werden entfernt; Ihre eigenen Einstellungen und Ihre Chats bleiben.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Course “%1” removed</source>
        <translation>Kurs „%1“ entfernt</translation>
    </message>
</context>
<context>
    <name>CoursePreviewDialog</name>
    <message>
        <location line="-291"/>
        <source>Import course package</source>
        <translation>Kurspaket importieren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Update the course “%1”?</source>
        <translation>Den Kurs „%1“ aktualisieren?</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Import the course “%1”?</source>
        <translation>Den Kurs „%1“ importieren?</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Importing it changes the following:</source>
        <translation>Der Import ändert Folgendes:</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No key is included: the package holds no API key or password. After the import you enter the key for the course&apos;s server yourself.</source>
        <translation>Kein Schlüssel enthalten: Das Paket enthält keinen API-Schlüssel und kein Passwort. Nach dem Import geben Sie den Schlüssel für den Kursserver selbst ein.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Update</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Import</source>
        <translation>Importieren</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The address %1 uses http:// without encryption. Your API key and your messages would travel over the network in clear text.</source>
        <translation>Die Adresse %1 verwendet http:// ohne Verschlüsselung. Ihr API-Schlüssel und Ihre Nachrichten würden im Klartext über das Netzwerk übertragen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Use this unencrypted address anyway</source>
        <translation>Diese unverschlüsselte Adresse trotzdem verwenden</translation>
    </message>
</context>
<context>
    <name>CourseWelcomeDialog</name>
    <message>
        <location line="+25"/>
        <source>The course “%1” is set up.</source>
        <translation>Der Kurs „%1“ ist eingerichtet.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Welcome text</source>
        <translation>Begrüßungstext</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>API key</source>
        <translation>API-Schlüssel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paste the key the course gave you</source>
        <translation>Fügen Sie den Schlüssel aus dem Kurs ein</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>API key for “%1”:</source>
        <translation>API-Schlüssel für „%1“:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Leave it empty to keep the key stored for it, or to enter one later in Settings.</source>
        <translation>Lassen Sie das Feld leer, um den gespeicherten Schlüssel zu behalten oder ihn später in den Einstellungen einzugeben.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The key contains a character a key cannot have at position %1 (%2). Copy it again from the course material.</source>
        <translation>Der Schlüssel enthält an Position %1 ein Zeichen, das ein Schlüssel nicht haben kann (%2). Kopieren Sie ihn erneut aus den Kursunterlagen.</translation>
    </message>
</context>
<context>
    <name>ErrorBanner</name>
    <message>
        <location filename="../../ui/banner.py" line="+132"/>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <location line="-80"/>
        <location line="+2"/>
        <source>Retry</source>
        <translation>Erneut versuchen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ask for this answer again</source>
        <translation>Diese Antwort erneut anfordern</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+2"/>
        <source>Continue</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ask the model to go on from where the answer was cut off</source>
        <translation>Das Modell die Antwort an der abgebrochenen Stelle fortsetzen lassen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Settings…</source>
        <translation>Einstellungen…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open settings</source>
        <translation>Einstellungen öffnen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check the key, address and model</source>
        <translation>Schlüssel, Adresse und Modell prüfen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Log in to proxy…</source>
        <translation>Beim Proxy anmelden…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Log in to proxy</source>
        <translation>Beim Proxy anmelden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter the proxy&apos;s user name and password, then ask again</source>
        <translation>Benutzernamen und Passwort für den Proxy eingeben, dann erneut fragen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Trust this certificate authority…</source>
        <translation>Dieser Zertifizierungsstelle vertrauen…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Trust this certificate authority for these hosts</source>
        <translation>Dieser Zertifizierungsstelle für diese Hosts vertrauen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shows the authority and its fingerprint to confirm</source>
        <translation>Zeigt die Zertifizierungsstelle und ihren Fingerabdruck zur Bestätigung</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Dismiss error</source>
        <translation>Fehlermeldung schließen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hide this message</source>
        <translation>Diese Meldung ausblenden</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>Note</source>
        <translation>Hinweis</translation>
    </message>
</context>
<context>
    <name>ErrorMessages</name>
    <message>
        <location filename="../../ui/messages.py" line="+34"/>
        <source>No API key is set up yet.</source>
        <translation>Es ist noch kein API-Schlüssel eingerichtet.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The API key contains characters that cannot be sent.</source>
        <translation>Der API-Schlüssel enthält Zeichen, die nicht gesendet werden können.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The server rejected the API key.</source>
        <translation>Der Server hat den API-Schlüssel abgelehnt.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This API key is not allowed to do that.</source>
        <translation>Dieser API-Schlüssel hat dafür keine Berechtigung.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The server does not know this model or address.</source>
        <translation>Der Server kennt dieses Modell oder diese Adresse nicht.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Too many requests: the server asks you to slow down.</source>
        <translation>Zu viele Anfragen: Der Server bittet Sie, etwas langsamer vorzugehen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The account has no quota or credit left.</source>
        <translation>Das Konto hat kein Kontingent oder Guthaben mehr.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The conversation is too long for this model.</source>
        <translation>Die Unterhaltung ist für dieses Modell zu lang.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This model cannot read pictures: it refused them before, so nothing was sent.</source>
        <translation>Dieses Modell kann keine Bilder lesen: Es hat sie schon einmal abgelehnt, deshalb wurde nichts gesendet.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This model cannot read pictures.</source>
        <translation>Dieses Modell kann keine Bilder lesen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The server refused the request.</source>
        <translation>Der Server hat die Anfrage abgelehnt.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The server had a problem.</source>
        <translation>Auf dem Server ist ein Problem aufgetreten.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The server closed the connection without answering.</source>
        <translation>Der Server hat die Verbindung ohne Antwort beendet.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The server could not be reached.</source>
        <translation>Der Server ist nicht erreichbar.</translation>
    </message>
    <message>
        <location filename="../../ui/proxy_messages.py" line="+22"/>
        <source>The proxy server asks for a login.</source>
        <translation>Der Proxyserver verlangt eine Anmeldung.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The proxy server asks for a kind of sign-in the app cannot give.</source>
        <translation>Der Proxyserver verlangt eine Art der Anmeldung, die die App nicht beherrscht.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The proxy server %1 did not accept the login.</source>
        <translation>Der Proxyserver %1 hat die Anmeldung nicht angenommen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The proxy server %1 asks for a login.</source>
        <translation>Der Proxyserver %1 verlangt eine Anmeldung.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The proxy server %1 asks for a Windows sign-in (NTLM or Kerberos), which the app cannot give.</source>
        <translation>Der Proxyserver %1 verlangt eine Windows-Anmeldung (NTLM oder Kerberos), die die App nicht beherrscht.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The proxy server %1 asks for a kind of sign-in the app cannot give (%2).</source>
        <translation>Der Proxyserver %1 verlangt eine Art der Anmeldung, die die App nicht beherrscht (%2).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The proxy address cannot be used: %1</source>
        <translation>Die Proxy-Adresse kann nicht verwendet werden: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This kind of proxy is not supported (only http:// proxies): %1</source>
        <translation>Diese Art von Proxy wird nicht unterstützt (nur http://-Proxys): %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The automatic proxy configuration could not be used.</source>
        <translation>Die automatische Proxy-Konfiguration konnte nicht verwendet werden.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The proxy server refused the connection.</source>
        <translation>Der Proxy-Server hat die Verbindung abgelehnt.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The usual remedy: a small helper program on this computer that signs in to the proxy for you, such as px (free, from github.com/genotrance/px). Start it, then choose the manual proxy 127.0.0.1:3128 in Settings, Network. Or ask your IT department for a proxy that accepts a user name and password.</source>
        <translation>Die übliche Abhilfe: ein kleines Hilfsprogramm auf diesem Computer, das Sie beim Proxy anmeldet, etwa px (kostenlos, von github.com/genotrance/px). Starten Sie es und wählen Sie dann in den Einstellungen unter Netzwerk den manuellen Proxy 127.0.0.1:3128. Oder fragen Sie Ihre IT-Abteilung nach einem Proxy, der Benutzername und Passwort annimmt.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Click &quot;Log in to proxy…&quot; and enter the user name and password of your network account; the request is then sent again.</source>
        <translation>Klicken Sie auf „Beim Proxy anmelden…“ und geben Sie Benutzernamen und Passwort Ihres Netzwerkkontos ein; die Anfrage wird dann erneut gesendet.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Check the address of the configuration script in Settings, Network, or choose another proxy setting there, then click Retry.</source>
        <translation>Prüfen Sie die Adresse des Konfigurationsskripts in den Einstellungen unter Netzwerk oder wählen Sie dort eine andere Proxy-Einstellung, und klicken Sie dann auf „Erneut versuchen“.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enter the proxy as host:port in Settings, Network (for example proxy.example.com:8080), then click Retry.</source>
        <translation>Geben Sie den Proxy in den Einstellungen unter Netzwerk als Host:Port ein (zum Beispiel proxy.example.com:8080) und klicken Sie dann auf „Erneut versuchen“.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="+4"/>
        <source>The server&apos;s certificate could not be verified.</source>
        <translation>Das Zertifikat des Servers konnte nicht überprüft werden.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The server stopped responding.</source>
        <translation>Der Server antwortet nicht mehr.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The connection was lost in the middle of the answer.</source>
        <translation>Die Verbindung ist mitten in der Antwort abgebrochen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The server reported an error in the middle of the answer.</source>
        <translation>Der Server hat mitten in der Antwort einen Fehler gemeldet.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The answer is incomplete: the server stopped without finishing it.</source>
        <translation>Die Antwort ist unvollständig: Der Server hat sie nicht zu Ende gesendet.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This address is not an OpenAI-compatible API.</source>
        <translation>Diese Adresse ist keine OpenAI-kompatible API.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The server tried to send the request to another address: %1</source>
        <translation>Der Server wollte die Anfrage an eine andere Adresse schicken: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The server tried to send the request to another address.</source>
        <translation>Der Server wollte die Anfrage an eine andere Adresse schicken.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The server sent more than the app reads for one answer.</source>
        <translation>Der Server hat mehr gesendet, als die App für eine Antwort liest.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server sent more than %1 MB; the app stopped reading there.</source>
        <translation>Der Server hat mehr als %1 MB gesendet; die App hat dort aufgehört zu lesen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The answer was longer than the app keeps; it was stopped there.</source>
        <translation>Die Antwort war länger, als die App behält; sie wurde dort angehalten.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The answer is longer than %1 characters; it was stopped there.</source>
        <translation>Die Antwort ist länger als %1 Zeichen; sie wurde dort angehalten.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The system keyring is not available.</source>
        <translation>Der Schlüsselbund des Systems ist nicht verfügbar.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The system keyring is locked.</source>
        <translation>Der Schlüsselbund des Systems ist gesperrt.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The server address is not encrypted: nothing was sent.</source>
        <translation>Die Serveradresse ist nicht verschlüsselt: Es wurde nichts gesendet.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The server address contains a user name or password: nothing was sent.</source>
        <translation>Die Serveradresse enthält einen Benutzernamen oder ein Passwort: Es wurde nichts gesendet.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server address cannot be used: nothing was sent.</source>
        <translation>Die Serveradresse kann nicht verwendet werden: Es wurde nichts gesendet.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Something unexpected went wrong.</source>
        <translation>Ein unerwarteter Fehler ist aufgetreten.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Open Settings and paste your API key.</source>
        <translation>Öffnen Sie die Einstellungen und fügen Sie Ihren API-Schlüssel ein.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open Settings and paste your API key again.</source>
        <translation>Öffnen Sie die Einstellungen und fügen Sie Ihren API-Schlüssel erneut ein.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Check the key&apos;s permissions or the model name in Settings.</source>
        <translation>Prüfen Sie die Berechtigungen des Schlüssels oder den Modellnamen in den Einstellungen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Check the model name and the server address in Settings.</source>
        <translation>Prüfen Sie den Modellnamen und die Server-Adresse in den Einstellungen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+16"/>
        <source>Wait %1 seconds, then click Retry.</source>
        <translation>Warten Sie %1 Sekunden und klicken Sie dann auf „Erneut versuchen“.</translation>
    </message>
    <message>
        <location line="-15"/>
        <source>Wait a moment, then click Retry.</source>
        <translation>Warten Sie einen Moment und klicken Sie dann auf „Erneut versuchen“.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Check the plan and billing of your account, then click Retry.</source>
        <translation>Prüfen Sie Tarif und Abrechnung Ihres Kontos und klicken Sie dann auf „Erneut versuchen“.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Start a new chat or shorten your message.</source>
        <translation>Beginnen Sie einen neuen Chat oder kürzen Sie Ihre Nachricht.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pick a model that reads pictures in the Model list above the chat, then click Retry (with this model, Retry asks it once more). Your message and its pictures are kept.</source>
        <translation>Wählen Sie in der Modell-Liste über dem Chat ein Modell, das Bilder lesen kann, und klicken Sie dann auf „Erneut versuchen“ (mit diesem Modell fragt „Erneut versuchen“ es noch einmal). Ihre Nachricht und ihre Bilder bleiben erhalten.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Pick a model that reads pictures in the Model list above the chat, then click Retry. Your message and its pictures are kept.</source>
        <translation>Wählen Sie in der Modell-Liste über dem Chat ein Modell, das Bilder lesen kann, und klicken Sie dann auf „Erneut versuchen“. Ihre Nachricht und ihre Bilder bleiben erhalten.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Check the model and temperature in Settings.</source>
        <translation>Prüfen Sie Modell und Temperatur in den Einstellungen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Click Retry to ask again.</source>
        <translation>Klicken Sie auf „Erneut versuchen“, um die Anfrage zu wiederholen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Click Retry to ask again. If it keeps happening, a proxy on the way may end long requests.</source>
        <translation>Klicken Sie auf „Erneut versuchen“, um die Anfrage zu wiederholen. Geschieht das immer wieder, beendet vielleicht ein Proxy auf dem Weg lange Anfragen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Check your internet connection and the server address, then click Retry.</source>
        <translation>Prüfen Sie Ihre Internetverbindung und die Server-Adresse und klicken Sie dann auf „Erneut versuchen“.</translation>
    </message>
    <message>
        <location filename="../../ui/proxy_messages.py" line="+2"/>
        <source>Check the proxy settings of your system, then click Retry.</source>
        <translation>Prüfen Sie die Proxy-Einstellungen Ihres Systems und klicken Sie dann auf „Erneut versuchen“.</translation>
    </message>
    <message>
        <location filename="../../ui/trust_words.py" line="+101"/>
        <source>Your network may inspect encrypted traffic: ask your IT department to install its certificate in the system.</source>
        <translation>Ihr Netzwerk prüft möglicherweise verschlüsselte Verbindungen: Bitten Sie Ihre IT-Abteilung, das zugehörige Zertifikat im System zu installieren.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="+4"/>
        <source>Click Retry, or increase the timeout in Settings.</source>
        <translation>Klicken Sie auf „Erneut versuchen“ oder erhöhen Sie das Zeitlimit in den Einstellungen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>You may need to sign in to your network first (hotel or guest Wi-Fi), or the address in Settings is wrong.</source>
        <translation>Möglicherweise müssen Sie sich zuerst im Netzwerk anmelden (Hotel- oder Gast-WLAN), oder die Adresse in den Einstellungen ist falsch.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Redirects are not followed, so your conversation stays with the server you chose. If the new address is right, enter it in Settings.</source>
        <translation>Weiterleitungen werden nicht befolgt, damit Ihre Unterhaltung bei dem Server bleibt, den Sie gewählt haben. Wenn die neue Adresse richtig ist, tragen Sie sie in den Einstellungen ein.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Any text that arrived before is kept. Click Retry to ask again; if it happens again, check the server address in Settings.</source>
        <translation>Der Text, der bis dahin angekommen ist, bleibt erhalten. Klicken Sie auf „Erneut versuchen“, um noch einmal zu fragen; wenn es wieder passiert, prüfen Sie die Serveradresse in den Einstellungen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The text up to there is kept. Ask for a shorter answer, or for the rest in a new message.</source>
        <translation>Der Text bis dahin bleibt erhalten. Bitten Sie um eine kürzere Antwort oder in einer neuen Nachricht um den Rest.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your key can be used for this session only; it is not saved.</source>
        <translation>Ihr Schlüssel kann nur für diese Sitzung verwendet werden; er wird nicht gespeichert.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Unlock the keyring and try again.</source>
        <translation>Entsperren Sie den Schlüsselbund und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>With http:// your API key and your messages would travel over the network in clear text. Use https://, or open Settings and confirm this address.</source>
        <translation>Mit http:// würden Ihr API-Schlüssel und Ihre Nachrichten unverschlüsselt über das Netzwerk übertragen. Verwenden Sie https:// oder öffnen Sie die Einstellungen und bestätigen Sie diese Adresse.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Remove them from the address in Settings (or in OPENAI_BASE_URL); the API key is sent on its own.</source>
        <translation>Entfernen Sie sie aus der Adresse in den Einstellungen (oder in OPENAI_BASE_URL); der API-Schlüssel wird separat gesendet.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Check the server address in Settings (or in OPENAI_BASE_URL).</source>
        <translation>Prüfen Sie die Serveradresse in den Einstellungen (oder in OPENAI_BASE_URL).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Click Retry. If it happens again, the log file has details.</source>
        <translation>Klicken Sie auf „Erneut versuchen“. Tritt der Fehler wieder auf, finden Sie Details in der Protokolldatei.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Please enter the server address.</source>
        <translation>Bitte geben Sie die Server-Adresse ein.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The address must start with https:// (or http://).</source>
        <translation>Die Adresse muss mit https:// (oder http://) beginnen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The address has no valid server name.</source>
        <translation>Die Adresse enthält keinen gültigen Servernamen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The address must not contain a user name or password.</source>
        <translation>Die Adresse darf keinen Benutzernamen und kein Passwort enthalten.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The address must not contain spaces.</source>
        <translation>Die Adresse darf keine Leerzeichen enthalten.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Server message: %1</source>
        <translation>Meldung des Servers: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Details: %1</source>
        <translation>Details: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>HTTP status %1</source>
        <translation>HTTP-Status %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Request ID: %1</source>
        <translation>Anfrage-ID: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Content type: %1</source>
        <translation>Inhaltstyp: %1</translation>
    </message>
</context>
<context>
    <name>Instance</name>
    <message>
        <location filename="../../app.py" line="+255"/>
        <source>GenAI Desktop is already open. Switch to its window, or close it before starting it again.</source>
        <translation>GenAI Desktop ist bereits geöffnet. Wechseln Sie zu seinem Fenster oder schließen Sie es, bevor Sie es erneut starten.</translation>
    </message>
</context>
<context>
    <name>LinkConfirmationDialog</name>
    <message>
        <location filename="../../ui/link_dialog.py" line="+41"/>
        <source>Open link?</source>
        <translation>Link öffnen?</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Open this address in your web browser?</source>
        <translation>Diese Adresse in Ihrem Webbrowser öffnen?</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>E-mail to: %1</source>
        <translation>E-Mail an: %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Server: %1</source>
        <translation>Server: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Domain: %1</source>
        <translation>Domain: %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Warning: this server name mixes alphabets or uses letters that only look like Latin ones, so it is shown in its xn-- form. It may imitate another website&apos;s name (it reads as “%1”).</source>
        <translation>Warnung: Dieser Servername mischt Alphabete oder verwendet Buchstaben, die lateinischen nur ähneln, daher wird er in seiner xn---Form angezeigt. Er ahmt möglicherweise den Namen einer anderen Website nach (er liest sich als „%1“).</translation>
    </message>
</context>
<context>
    <name>ModelPicker</name>
    <message>
        <location filename="../../ui/model_picker.py" line="+83"/>
        <source>Model of this chat</source>
        <translation>Modell dieses Chats</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Profile of this chat</source>
        <translation>Profil dieses Chats</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server this chat talks to; set up profiles in the settings</source>
        <translation>Der Server, mit dem dieser Chat spricht; Profile richten Sie in den Einstellungen ein</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Profile:</source>
        <translation>&amp;Profil:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Model:</source>
        <translation>&amp;Modell:</translation>
    </message>
    <message>
        <location line="+101"/>
        <source>This is not a model name; the chat keeps its model.</source>
        <translation>Das ist kein Modellname; der Chat behält sein Modell.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The model that answers in this chat. Pick one the server offers or type its name; new chats start with the default model from the settings.</source>
        <translation>Das Modell, das in diesem Chat antwortet. Wählen Sie eines, das der Server anbietet, oder geben Sie seinen Namen ein; neue Chats beginnen mit dem Standardmodell aus den Einstellungen.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Loading the list of models from the server…</source>
        <translation>Die Liste der Modelle wird vom Server geladen…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This server does not offer a list of its models.</source>
        <translation>Dieser Server bietet keine Liste seiner Modelle an.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The list of models could not be loaded: %1</source>
        <translation>Die Liste der Modelle konnte nicht geladen werden: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The list shown was loaded earlier; you can also type a model&apos;s name.</source>
        <translation>Die angezeigte Liste wurde früher geladen; Sie können auch den Namen eines Modells eingeben.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type the model&apos;s name.</source>
        <translation>Geben Sie den Namen des Modells ein.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The server lists no models. Type the model&apos;s name.</source>
        <translation>Der Server nennt keine Modelle. Geben Sie den Namen des Modells ein.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server offers 1 model.</source>
        <translation>Der Server bietet 1 Modell an.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server offers %1 models.</source>
        <translation>Der Server bietet %1 Modelle an.</translation>
    </message>
</context>
<context>
    <name>Notices</name>
    <message>
        <location filename="../../ui/messages.py" line="+49"/>
        <source>Stopped. The answer above is incomplete.</source>
        <translation>Gestoppt. Die Antwort oben ist unvollständig.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stopped before the answer began.</source>
        <translation>Gestoppt, bevor die Antwort begonnen hat.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The answer was interrupted: the app was closed or the connection ended.</source>
        <translation>Die Antwort wurde unterbrochen: Die App wurde geschlossen oder die Verbindung wurde beendet.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The answer ended before it was complete.</source>
        <translation>Die Antwort endete, bevor sie vollständig war.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Answer cut off: %1</source>
        <translation>Antwort abgebrochen: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No answer: %1</source>
        <translation>Keine Antwort: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The answer failed.</source>
        <translation>Die Antwort ist fehlgeschlagen.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>It reached the length limit.</source>
        <translation>Sie hat die Längenbegrenzung erreicht.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The provider&apos;s content filter stopped it.</source>
        <translation>Der Inhaltsfilter des Anbieters hat sie gestoppt.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The model gave this reason: %1</source>
        <translation>Das Modell hat diesen Grund angegeben: %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Answer complete.</source>
        <translation>Antwort vollständig.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Continue asks the model to go on from where it stopped; Retry asks for a new answer.</source>
        <translation>„Fortsetzen“ lässt das Modell an der abgebrochenen Stelle weiterschreiben; „Erneut versuchen“ fordert eine neue Antwort an.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Version %1 of %2 of the answer is shown.</source>
        <translation>Version %1 von %2 der Antwort wird angezeigt.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The earlier answer is kept.</source>
        <translation>Die vorherige Antwort bleibt erhalten.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The new answer was stopped before it was complete.</source>
        <translation>Die neue Antwort wurde angehalten, bevor sie vollständig war.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The new answer was cut off before it was complete.</source>
        <translation>Die neue Antwort brach ab, bevor sie vollständig war.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Answering in another chat…</source>
        <translation>Antwort in einem anderen Chat wird erstellt…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answering…</source>
        <translation>Antwort wird erstellt…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>An API key is set up now.</source>
        <translation>Jetzt ist ein API-Schlüssel eingerichtet.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Click Retry to ask your question again.</source>
        <translation>Klicken Sie auf „Erneut versuchen“, um Ihre Frage noch einmal zu stellen.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>This e-mail link was not opened: it asks to attach files from your computer.</source>
        <translation>Dieser E-Mail-Link wurde nicht geöffnet: Er verlangt, Dateien von Ihrem Computer anzuhängen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This link was not opened: only web and e-mail links can be opened (%1).</source>
        <translation>Dieser Link wurde nicht geöffnet: Nur Web- und E-Mail-Links können geöffnet werden (%1).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Copied to the clipboard.</source>
        <translation>In die Zwischenablage kopiert.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The settings file could not be read and was moved to %1. Default settings are in use.</source>
        <translation>Die Einstellungsdatei konnte nicht gelesen werden und wurde nach %1 verschoben. Es gelten die Standardeinstellungen.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The chat history was damaged and could not be read.</source>
        <translation>Der Chat-Verlauf war beschädigt und konnte nicht gelesen werden.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1 message could still be read and is in the new history. The damaged file was kept under a new name:</source>
        <translation>1 Nachricht konnte noch gelesen werden und ist im neuen Verlauf. Die beschädigte Datei wurde unter neuem Namen aufbewahrt:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 messages could still be read and are in the new history. The damaged file was kept under a new name:</source>
        <translation>%1 Nachrichten konnten noch gelesen werden und sind im neuen Verlauf. Die beschädigte Datei wurde unter neuem Namen aufbewahrt:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The damaged file was kept under a new name, and a new, empty history was started. The old file:</source>
        <translation>Die beschädigte Datei wurde unter neuem Namen aufbewahrt, und ein neuer, leerer Verlauf wurde begonnen. Die alte Datei:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The chat history was saved by a newer version of GenAI Desktop.</source>
        <translation>Der Chat-Verlauf wurde von einer neueren Version von GenAI Desktop gespeichert.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This version does not change it and does not save the chats of this session. Please use the newer version of GenAI Desktop.</source>
        <translation>Diese Version ändert ihn nicht und speichert die Chats dieser Sitzung nicht. Bitte verwenden Sie die neuere Version von GenAI Desktop.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The chat history was not opened: it is a link to another place.</source>
        <translation>Der Chatverlauf wurde nicht geöffnet: Er ist eine Verknüpfung an einen anderen Ort.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GenAI Desktop does not follow links in its own folders, so that no one can redirect your chats. Chats of this session are not saved. Remove the link, or move the file it points to in its place.</source>
        <translation>GenAI Desktop folgt in seinen eigenen Ordnern keinen Verknüpfungen, damit niemand Ihre Chats umleiten kann. Die Chats dieser Sitzung werden nicht gespeichert. Entfernen Sie die Verknüpfung, oder verschieben Sie die Datei, auf die sie zeigt, an ihre Stelle.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The chat history could not be opened.</source>
        <translation>Der Chat-Verlauf konnte nicht geöffnet werden.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chats of this session are not saved. Another program may be using the file.</source>
        <translation>Die Chats dieser Sitzung werden nicht gespeichert. Möglicherweise verwendet ein anderes Programm die Datei.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Part of the chat history is damaged.</source>
        <translation>Ein Teil des Chat-Verlaufs ist beschädigt.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Restart GenAI Desktop to repair it: what can still be read is kept, and the damaged file is kept as well.</source>
        <translation>Starten Sie GenAI Desktop neu, um ihn zu reparieren: Was sich noch lesen lässt, bleibt erhalten, und die beschädigte Datei wird ebenfalls aufbewahrt.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The chat could not be saved: the disk is full or cannot be written to.</source>
        <translation>Der Chat konnte nicht gespeichert werden: Der Datenträger ist voll oder kann nicht beschrieben werden.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The chat could not be saved: the history file is busy.</source>
        <translation>Der Chat konnte nicht gespeichert werden: Die Verlaufsdatei ist belegt.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The chat could not be saved.</source>
        <translation>Der Chat konnte nicht gespeichert werden.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The messages that could not be saved stay in this window until you close it. The app keeps trying to save new messages.</source>
        <translation>Die Nachrichten, die nicht gespeichert werden konnten, bleiben in diesem Fenster, bis Sie es schließen. Die App versucht weiter, neue Nachrichten zu speichern.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Free up disk space (or check that the drive is still connected), then keep chatting.</source>
        <translation>Geben Sie Speicherplatz frei (oder prüfen Sie, ob das Laufwerk noch verbunden ist) und chatten Sie dann weiter.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The file could not be written: %1</source>
        <translation>Die Datei konnte nicht geschrieben werden: %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+6"/>
        <source>Nothing was imported</source>
        <translation>Es wurde nichts importiert</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>This file is not a chat export that GenAI Desktop can read (its own JSON export or ChatGPT&apos;s conversations.json). Nothing was imported.

Details: %1</source>
        <translation>Diese Datei ist kein Chat-Export, den GenAI Desktop lesen kann (sein eigener JSON-Export oder die conversations.json von ChatGPT). Es wurde nichts importiert.

Details: %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This file is too large to import: GenAI Desktop imports files of up to %1 MB.</source>
        <translation>Diese Datei ist zu groß zum Importieren: GenAI Desktop importiert Dateien bis %1 MB.</translation>
    </message>
</context>
<context>
    <name>PicturePrep</name>
    <message>
        <location filename="../../ui/picture_prep.py" line="+95"/>
        <source>Pasted picture %1</source>
        <translation>Eingefügtes Bild %1</translation>
    </message>
</context>
<context>
    <name>PictureSupport</name>
    <message>
        <location filename="../../ui/picture_support.py" line="+22"/>
        <source>%1 cannot read pictures: it refused them before. Pick a model that reads pictures in the Model list above the chat, or remove the picture.</source>
        <translation>%1 kann keine Bilder lesen: Es hat sie schon einmal abgelehnt. Wählen Sie in der Modell-Liste über dem Chat ein Modell, das Bilder lesen kann, oder entfernen Sie das Bild.</translation>
    </message>
</context>
<context>
    <name>ProfileForm</name>
    <message>
        <location filename="../../ui/profiles_page.py" line="+63"/>
        <source>Profile</source>
        <translation>Profil</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server profile shown below; each has its own key</source>
        <translation>Das unten gezeigte Serverprofil; jedes hat seinen eigenen Schlüssel</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>New profile</source>
        <translation>Neues Profil</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add a profile, filled in for the kind of server you choose</source>
        <translation>Ein Profil hinzufügen, ausgefüllt für die Art von Server, die Sie wählen</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+1"/>
        <source>Remove profile</source>
        <translation>Profil entfernen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete this profile and its saved key</source>
        <translation>Dieses Profil und seinen gespeicherten Schlüssel löschen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Profile name</source>
        <translation>Profilname</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What you call this server, e.g. &apos;Course gateway&apos;</source>
        <translation>Wie Sie diesen Server nennen, z. B. „Kurs-Gateway“</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>New chats use this profile</source>
        <translation>Neue Chats verwenden dieses Profil</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Default profile</source>
        <translation>Standardprofil</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New chats start with this profile; each chat keeps its own</source>
        <translation>Neue Chats beginnen mit diesem Profil; jeder Chat behält sein eigenes</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Extra headers</source>
        <translation>Zusätzliche Header</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sent with every request to this server, one &apos;Name: value&apos; per line</source>
        <translation>Werden mit jeder Anfrage an diesen Server gesendet, ein „Name: Wert“ pro Zeile</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Header-Name: value</source>
        <translation>Header-Name: Wert</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Secret header name</source>
        <translation>Name des geheimen Headers</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A header whose value is kept in the system keyring, e.g. Ocp-Apim-Subscription-Key</source>
        <translation>Ein Header, dessen Wert im Schlüsselbund des Systems liegt, z. B. Ocp-Apim-Subscription-Key</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Secret header value</source>
        <translation>Wert des geheimen Headers</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Saved in the system keyring; leave empty to keep the saved value</source>
        <translation>Wird im Schlüsselbund des Systems gespeichert; leer lassen, um den gespeicherten Wert zu behalten</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Context size</source>
        <translation>Kontextgröße</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How many tokens the server takes in one request; a local Ollama server cuts a longer chat without saying so</source>
        <translation>Wie viele Tokens der Server in einer Anfrage annimmt; ein lokaler Ollama-Server kürzt einen längeren Chat, ohne es zu sagen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The model&apos;s known size</source>
        <translation>Bekannte Größe des Modells</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> tokens</source>
        <translation> Tokens</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>As on the Network page</source>
        <translation>Wie auf der Seite „Netzwerk“</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+1"/>
        <source>Use the suggested address</source>
        <translation>Vorgeschlagene Adresse verwenden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Put the address (and deployment) named above into the form</source>
        <translation>Die oben genannte Adresse (und Bereitstellung) in das Formular übernehmen</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Other OpenAI-compatible server</source>
        <translation>Anderer OpenAI-kompatibler Server</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Pro&amp;file:</source>
        <translation>Pro&amp;fil:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Profile nam&amp;e:</source>
        <translation>Profil&amp;name:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>E&amp;xtra headers:</source>
        <translation>Zusätzliche &amp;Header:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Secret &amp;header:</source>
        <translation>&amp;Geheimer Header:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Secret header val&amp;ue:</source>
        <translation>W&amp;ert des geheimen Headers:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Con&amp;text size:</source>
        <translation>Kon&amp;textgröße:</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Line %1 is not a header. Write one &apos;Name: value&apos; per line.</source>
        <translation>Zeile %1 ist kein Header. Schreiben Sie ein „Name: Wert“ pro Zeile.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The secret header&apos;s name is not a header name.</source>
        <translation>Der Name des geheimen Headers ist kein gültiger Header-Name.</translation>
    </message>
    <message>
        <location line="+91"/>
        <source>%1 (default)</source>
        <translation>%1 (Standard)</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Replace &lt;resource&gt; with the name of your Azure OpenAI resource.</source>
        <translation>Ersetzen Sie &lt;resource&gt; durch den Namen Ihrer Azure-OpenAI-Ressource.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This is the address of one deployment. Azure&apos;s v1 address is %1, with the deployment&apos;s name %2 as the model.</source>
        <translation>Das ist die Adresse einer einzelnen Bereitstellung. Die v1-Adresse von Azure ist %1, mit dem Namen der Bereitstellung %2 als Modell.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Azure OpenAI answers under %1.</source>
        <translation>Azure OpenAI antwortet unter %1.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Azure expects the name of your deployment as the model, which you chose when you deployed it; it is not always the model&apos;s name.</source>
        <translation>Azure erwartet als Modell den Namen Ihrer Bereitstellung, den Sie beim Bereitstellen gewählt haben; er ist nicht immer der Name des Modells.</translation>
    </message>
</context>
<context>
    <name>PromptLibrary</name>
    <message>
        <location filename="../../ui/prompt_library.py" line="+68"/>
        <location line="+1"/>
        <source>Prompt templates</source>
        <translation>Prompt-Vorlagen</translation>
    </message>
    <message>
        <location line="+23"/>
        <location line="+1"/>
        <source>Search templates</source>
        <translation>Vorlagen durchsuchen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Templates</source>
        <translation>Vorlagen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Template</source>
        <translation>Vorlage</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>From</source>
        <translation>Herkunft</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Text of the template</source>
        <translation>Text der Vorlage</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>New…</source>
        <translation>Neu…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New template</source>
        <translation>Neue Vorlage</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit…</source>
        <translation>Bearbeiten…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Edit template</source>
        <translation>Vorlage bearbeiten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete…</source>
        <translation>Löschen…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete template</source>
        <translation>Vorlage löschen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use</source>
        <translation>Verwenden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Use template</source>
        <translation>Vorlage verwenden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Course “%1”</source>
        <translation>Kurs „%1“</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Course</source>
        <translation>Kurs</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>My templates</source>
        <translation>Meine Vorlagen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Starter set</source>
        <translation>Mitgeliefert</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>No template matches the search.</source>
        <translation>Keine Vorlage passt zur Suche.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Only your own templates can be changed. Make a new one to word it your way.</source>
        <translation>Nur Ihre eigenen Vorlagen lassen sich ändern. Legen Sie eine neue an, um sie nach Ihren Worten zu fassen.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The message as it will be</source>
        <translation>Die Nachricht, wie sie sein wird</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Back</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+2"/>
        <source>Put into the message</source>
        <translation>In die Nachricht übernehmen</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+73"/>
        <source>The filled text goes into the message box; you send it with Enter</source>
        <translation>Der ausgefüllte Text kommt ins Nachrichtenfeld; Sie senden ihn mit der Eingabetaste</translation>
    </message>
    <message>
        <location line="-64"/>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>Fill in: %1</source>
        <translation>Bitte ausfüllen: %1</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Template not saved</source>
        <translation>Vorlage nicht gespeichert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The settings file could not be written: %1</source>
        <translation>Die Einstellungsdatei konnte nicht geschrieben werden: %1</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Delete template?</source>
        <translation>Vorlage löschen?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the template “%1”? This cannot be undone.</source>
        <translation>Die Vorlage „%1“ löschen? Das lässt sich nicht rückgängig machen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
</context>
<context>
    <name>ProxyChoiceForm</name>
    <message>
        <location filename="../../ui/proxy_form.py" line="+39"/>
        <source>Proxy</source>
        <translation>Proxy</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How the app reaches the server</source>
        <translation>Wie die App den Server erreicht</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The system&apos;s proxy settings</source>
        <translation>Die Proxy-Einstellungen des Systems</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Automatic configuration script (PAC)</source>
        <translation>Automatisches Konfigurationsskript (PAC)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Manual proxy</source>
        <translation>Manueller Proxy</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No proxy</source>
        <translation>Kein Proxy</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Configuration script address</source>
        <translation>Adresse des Konfigurationsskripts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The address of the PAC file; empty: find it automatically (WPAD)</source>
        <translation>Die Adresse der PAC-Datei; leer: automatisch suchen (WPAD)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Empty: find it automatically (WPAD)</source>
        <translation>Leer: automatisch suchen (WPAD)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Proxy address</source>
        <translation>Proxy-Adresse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The proxy as host:port</source>
        <translation>Der Proxy als Host:Port</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>proxy.example.com:8080</source>
        <translation>proxy.example.com:8080</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No proxy for</source>
        <translation>Ohne Proxy für</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hosts, domains and networks reached directly, separated by commas</source>
        <translation>Hosts, Domains und Netze, die direkt erreicht werden, durch Kommas getrennt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>localhost, 127.0.0.1, .corp.example, 10.0.0.0/8</source>
        <translation>localhost, 127.0.0.1, .corp.example, 10.0.0.0/8</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Problem with the proxy</source>
        <translation>Problem mit dem Proxy</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Pro&amp;xy:</source>
        <translation>Pro&amp;xy:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Script address:</source>
        <translation>S&amp;kript-Adresse:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Proxy addr&amp;ess:</source>
        <translation>Proxy-Adr&amp;esse:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No proxy &amp;for:</source>
        <translation>Ohne Proxy &amp;für:</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Only http:// proxies are supported.</source>
        <translation>Nur http://-Proxys werden unterstützt.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter the proxy as host:port, for example proxy.example.com:8080.</source>
        <translation>Geben Sie den Proxy als Host:Port ein, zum Beispiel proxy.example.com:8080.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The script&apos;s address must start with http:// or https://.</source>
        <translation>Die Adresse des Skripts muss mit http:// oder https:// beginnen.</translation>
    </message>
</context>
<context>
    <name>ProxyLoginDialog</name>
    <message>
        <location line="+46"/>
        <source>Proxy login</source>
        <translation>Proxy-Anmeldung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The proxy server %1 did not accept the login. Please enter it again.</source>
        <translation>Der Proxyserver %1 hat die Anmeldung nicht angenommen. Bitte geben Sie sie erneut ein.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The proxy server %1 asks for a login.</source>
        <translation>Der Proxyserver %1 verlangt eine Anmeldung.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Proxy user name</source>
        <translation>Benutzername für den Proxy</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Proxy password</source>
        <translation>Passwort für den Proxy</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Saved in the system keyring, never in a file</source>
        <translation>Im Schlüsselbund des Systems gespeichert, nie in einer Datei</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The password is saved in the system keyring.</source>
        <translation>Das Passwort wird im Schlüsselbund des Systems gespeichert.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;User name:</source>
        <translation>&amp;Benutzername:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
</context>
<context>
    <name>QTextBrowser</name>
    <message>
        <location filename="../../ui/markdown_render.py" line="+41"/>
        <source>[image: %1 — not loaded]</source>
        <translation>[Bild: %1 – nicht geladen]</translation>
    </message>
</context>
<context>
    <name>Questions</name>
    <message>
        <location filename="../../ui/questions.py" line="+34"/>
        <source>Delete chat?</source>
        <translation>Chat löschen?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the chat “%1” and all its messages? This cannot be undone.</source>
        <translation>Den Chat „%1“ und alle seine Nachrichten löschen? Dies kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Replace later messages?</source>
        <translation>Spätere Nachrichten ersetzen?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sending replaces this message and everything after it: one more of your messages and the answers.</source>
        <translation>Beim Senden werden diese Nachricht und alles danach ersetzt: eine weitere Ihrer Nachrichten und die Antworten.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sending replaces this message and everything after it: %1 more of your messages and the answers.</source>
        <translation>Beim Senden werden diese Nachricht und alles danach ersetzt: %1 weitere Ihrer Nachrichten und die Antworten.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Replace and send</source>
        <translation>Ersetzen und senden</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Attach files</source>
        <translation>Dateien anhängen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Context size</source>
        <translation>Kontextgröße</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>How many tokens can “%1” take in one request? Its provider’s documentation says it (for a local model: the context length it is run with).</source>
        <translation>Wie viele Tokens kann „%1“ in einer Anfrage aufnehmen? Die Dokumentation des Anbieters nennt die Zahl (bei einem lokalen Modell: die Kontextlänge, mit der es läuft).</translation>
    </message>
</context>
<context>
    <name>ServerQuirks</name>
    <message>
        <location filename="../../ui/server_quirks.py" line="+21"/>
        <source>It does not report token counts while streaming: none are asked for.</source>
        <translation>Er meldet beim Streamen keine Token-Zahlen: Es werden keine angefordert.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>An Ollama server: it silently cuts chats longer than its context (by default %1 tokens); the app says so before sending one.</source>
        <translation>Ein Ollama-Server: Er kürzt Chats, die länger als sein Kontext sind (standardmäßig %1 Token), ohne Hinweis; die App sagt es, bevor sie einen solchen sendet.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 takes the answer length only as max_tokens.</source>
        <translation>%1 nimmt die Antwortlänge nur als max_tokens an.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 accepts no temperature: none is sent.</source>
        <translation>%1 akzeptiert keine Temperatur: Es wird keine gesendet.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 refuses system messages: the system prompt goes as a developer message.</source>
        <translation>%1 lehnt Systemnachrichten ab: Der Systemprompt wird als Entwicklernachricht gesendet.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 takes neither system nor developer messages: the system prompt goes before your first message.</source>
        <translation>%1 nimmt weder System- noch Entwicklernachrichten an: Der Systemprompt wird Ihrer ersten Nachricht vorangestellt.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Every model</source>
        <translation>Jedes Modell</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Nothing learned from this server yet: requests go in the standard form.</source>
        <translation>Von diesem Server noch nichts gelernt: Anfragen gehen in der üblichen Form.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Learned from this server:</source>
        <translation>Von diesem Server gelernt:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This chat may be too long for Ollama</source>
        <translation>Dieser Chat ist für Ollama womöglich zu lang</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>About %1 tokens go to Ollama, which reads only %2 of them unless it was given a larger context, and drops the rest without a word. Start a new chat or attach less, or start Ollama with a larger context (OLLAMA_CONTEXT_LENGTH) and enter that size in the profile.</source>
        <translation>Etwa %1 Token gehen an Ollama, das davon nur %2 liest, sofern ihm kein größerer Kontext gegeben wurde, und den Rest ohne Hinweis verwirft. Beginnen Sie einen neuen Chat oder hängen Sie weniger an, oder starten Sie Ollama mit einem größeren Kontext (OLLAMA_CONTEXT_LENGTH) und tragen Sie diese Größe im Profil ein.</translation>
    </message>
</context>
<context>
    <name>ServerQuirksView</name>
    <message>
        <location line="+17"/>
        <source>What the app learned from this server</source>
        <translation>Was die App von diesem Server gelernt hat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Forget</source>
        <translation>Vergessen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Forget what was learned from this server</source>
        <translation>Vergessen, was von diesem Server gelernt wurde</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The app learns it again from the server&apos;s next refusal</source>
        <translation>Die App lernt es bei der nächsten Ablehnung des Servers erneut</translation>
    </message>
</context>
<context>
    <name>SettingsAdvice</name>
    <message>
        <location filename="../../ui/messages.py" line="+12"/>
        <source>Paste your API key in the field above; a key is saved per server address.</source>
        <translation>Fügen Sie Ihren API-Schlüssel oben in das Feld ein; ein Schlüssel wird je Server-Adresse gespeichert.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Paste your API key again in the field above.</source>
        <translation>Fügen Sie Ihren API-Schlüssel oben erneut in das Feld ein.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Check the key&apos;s permissions, or choose another model above.</source>
        <translation>Prüfen Sie die Berechtigungen des Schlüssels, oder wählen Sie oben ein anderes Modell.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Check the model name and the server address above.</source>
        <translation>Prüfen Sie oben den Modellnamen und die Server-Adresse.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Check the model above and the temperature on the Answers page.</source>
        <translation>Prüfen Sie oben das Modell und auf der Seite „Antworten“ die Temperatur.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Wait %1 seconds, then try again.</source>
        <translation>Warten Sie %1 Sekunden und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wait a moment, then try again.</source>
        <translation>Warten Sie einen Moment und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Check the plan and billing of your account, then try again.</source>
        <translation>Prüfen Sie Tarif und Abrechnung Ihres Kontos und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Try again in a moment.</source>
        <translation>Versuchen Sie es in einem Moment erneut.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Check your internet connection and the server address above, then try again.</source>
        <translation>Prüfen Sie Ihre Internetverbindung und oben die Server-Adresse und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <location filename="../../ui/proxy_messages.py" line="+6"/>
        <source>Close the settings and send a message: the app then asks for the proxy&apos;s user name and password.</source>
        <translation>Schließen Sie die Einstellungen und senden Sie eine Nachricht: Die App fragt dann nach Benutzernamen und Passwort für den Proxy.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Check the proxy on the Network page.</source>
        <translation>Prüfen Sie den Proxy auf der Seite Netzwerk.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check the proxy settings of your system, then try again.</source>
        <translation>Prüfen Sie die Proxy-Einstellungen Ihres Systems und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="+3"/>
        <source>Try again, or increase the timeouts on the Advanced page.</source>
        <translation>Versuchen Sie es erneut, oder erhöhen Sie die Zeitlimits auf der Seite „Erweitert“.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>You may need to sign in to your network first (hotel or guest Wi-Fi), or the server address above is wrong.</source>
        <translation>Möglicherweise müssen Sie sich zuerst im Netzwerk anmelden (Hotel- oder Gast-WLAN), oder die Server-Adresse oben ist falsch.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Redirects are not followed, so your conversation stays with the server you chose. If the new address is right, enter it above.</source>
        <translation>Weiterleitungen werden nicht befolgt, damit Ihre Unterhaltung bei dem Server bleibt, den Sie gewählt haben. Wenn die neue Adresse richtig ist, tragen Sie sie oben ein.</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+4"/>
        <source>Check the server address above.</source>
        <translation>Prüfen Sie oben die Server-Adresse.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Try again. If it happens again, the log file has details.</source>
        <translation>Versuchen Sie es erneut. Tritt der Fehler wieder auf, finden Sie Details in der Protokolldatei.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/settings_dialog.py" line="+50"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Settings pages</source>
        <translation>Seiten der Einstellungen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Choose which settings to show</source>
        <translation>Wählen Sie, welche Einstellungen angezeigt werden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answers</source>
        <translation>Antworten</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Network</source>
        <translation>Netzwerk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Advanced</source>
        <translation>Erweitert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Certificates</source>
        <translation>Zertifikate</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>API key</source>
        <translation>API-Schlüssel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paste the API key of your account. It is stored in the system keyring.</source>
        <translation>Fügen Sie den API-Schlüssel Ihres Kontos ein. Er wird im Schlüsselbund des Systems gespeichert.</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+240"/>
        <location line="+75"/>
        <source>Paste your API key here</source>
        <translation>API-Schlüssel hier einfügen</translation>
    </message>
    <message>
        <location line="-314"/>
        <location line="+185"/>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <location line="-185"/>
        <source>Show key</source>
        <translation>Schlüssel anzeigen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show or hide the characters of the key</source>
        <translation>Zeichen des Schlüssels anzeigen oder verbergen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Remove key</source>
        <translation>Schlüssel entfernen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the saved key for this server from the system keyring</source>
        <translation>Den für diesen Server gespeicherten Schlüssel aus dem Schlüsselbund des Systems löschen</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>API &amp;key:</source>
        <translation>API-&amp;Schlüssel:</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+207"/>
        <source>Looking up the saved key…</source>
        <translation>Gespeicherter Schlüssel wird gesucht…</translation>
    </message>
    <message>
        <location line="-206"/>
        <source>Key status</source>
        <translation>Schlüsselstatus</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Use the key for this session only (do not save it)</source>
        <translation>Schlüssel nur für diese Sitzung verwenden (nicht speichern)</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+431"/>
        <source>Use for this session only</source>
        <translation>Nur für diese Sitzung verwenden</translation>
    </message>
    <message>
        <location line="-430"/>
        <source>The key is kept in memory until you close the app</source>
        <translation>Der Schlüssel bleibt nur im Arbeitsspeicher, bis Sie die App schließen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Key problem</source>
        <translation>Problem mit dem Schlüssel</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+133"/>
        <source>Server address</source>
        <translation>Server-Adresse</translation>
    </message>
    <message>
        <location line="-132"/>
        <source>The address of an OpenAI-compatible API, e.g. https://api.openai.com/v1</source>
        <translation>Die Adresse einer OpenAI-kompatiblen API, z. B. https://api.openai.com/v1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Server &amp;address:</source>
        <translation>Server-&amp;Adresse:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Address problem</source>
        <translation>Problem mit der Adresse</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Load list</source>
        <translation>Liste laden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Load model list</source>
        <translation>Modellliste laden</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ask the server which models it offers</source>
        <translation>Den Server fragen, welche Modelle er anbietet</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Some of these settings come from environment variables; the Advanced page says which.</source>
        <translation>Einige dieser Einstellungen stammen aus Umgebungsvariablen; welche, steht auf der Seite „Erweitert“.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Check connection</source>
        <translation>Verbindung prüfen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check each step to the server (name, proxy, connection, certificate, key, model) and say what fails and how to fix it</source>
        <translation>Jeden Schritt zum Server prüfen (Name, Proxy, Verbindung, Zertifikat, Schlüssel, Modell) und sagen, was scheitert und wie es sich beheben lässt</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Temperature</source>
        <translation>Temperatur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Higher values give more varied answers; some models accept only their default</source>
        <translation>Höhere Werte ergeben abwechslungsreichere Antworten; manche Modelle akzeptieren nur ihren Standardwert</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Model default</source>
        <translation>Standardwert des Modells</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Temperature:</source>
        <translation>&amp;Temperatur:</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Read answers aloud while they arrive</source>
        <translation>Antworten schon während des Eintreffens vorlesen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Screen readers:</source>
        <translation>Bildschirmleser:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A screen reader then hears an answer sentence by sentence as it arrives, instead of once it is complete.</source>
        <translation>Ein Bildschirmleser hört eine Antwort dann Satz für Satz, während sie eintrifft, statt erst, wenn sie vollständig ist.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Response timeout</source>
        <translation>Antwort-Zeitlimit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How long to wait for the server to send more of an answer</source>
        <translation>Wie lange auf weitere Teile einer Antwort des Servers gewartet wird</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>API key:</source>
        <translation>API-Schlüssel:</translation>
    </message>
    <message>
        <location line="+31"/>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>A key for this server address is saved in the system keyring. Paste a new key to replace it.</source>
        <translation>Für diese Server-Adresse ist im Schlüsselbund des Systems ein Schlüssel gespeichert. Fügen Sie einen neuen Schlüssel ein, um ihn zu ersetzen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A key for this server address is in use for this session only; it is not saved.</source>
        <translation>Für diese Server-Adresse wird ein Schlüssel nur für diese Sitzung verwendet; er ist nicht gespeichert.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No key is saved for this server address yet.</source>
        <translation>Für diese Server-Adresse ist noch kein Schlüssel gespeichert.</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>Not needed for this server</source>
        <translation>Für diesen Server nicht nötig</translation>
    </message>
    <message>
        <location line="+102"/>
        <source>Two profiles have this name; give each its own.</source>
        <translation>Zwei Profile haben diesen Namen; geben Sie jedem einen eigenen.</translation>
    </message>
    <message>
        <location line="+109"/>
        <source>1 model found.</source>
        <translation>1 Modell gefunden.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This server does not offer %1, which the environment variable %2 sets.</source>
        <translation>Dieser Server bietet %1 nicht an, das die Umgebungsvariable %2 festlegt.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This server does not offer %1; %2 is selected instead.</source>
        <translation>Dieser Server bietet %1 nicht an; stattdessen ist %2 ausgewählt.</translation>
    </message>
    <message>
        <location line="-405"/>
        <source>&amp;Response timeout:</source>
        <translation>Antwort-&amp;Zeitlimit:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connection timeout</source>
        <translation>Verbindungs-Zeitlimit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How long to wait for the server to accept the connection</source>
        <translation>Wie lange darauf gewartet wird, dass der Server die Verbindung annimmt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Co&amp;nnection timeout:</source>
        <translation>&amp;Verbindungs-Zeitlimit:</translation>
    </message>
    <message>
        <location line="-35"/>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The language of the app; takes effect after a restart</source>
        <translation>Die Sprache der App; gilt nach einem Neustart</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Language:</source>
        <translation>S&amp;prache:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A new language takes effect after a restart.</source>
        <translation>Eine neue Sprache gilt nach einem Neustart.</translation>
    </message>
    <message>
        <location line="-151"/>
        <location line="+152"/>
        <source>Appearance</source>
        <translation>Darstellung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Light or dark colours; by default the same as the system</source>
        <translation>Helle oder dunkle Farben; standardmäßig wie im System</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Same as the system</source>
        <translation>Wie im System</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A&amp;ppearance:</source>
        <translation>&amp;Darstellung:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Announce while streaming</source>
        <translation>Während des Eintreffens vorlesen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Otherwise a screen reader hears each answer once it is complete</source>
        <translation>Sonst liest ein Bildschirmleser jede Antwort vor, sobald sie vollständig ist</translation>
    </message>
    <message>
        <location line="+38"/>
        <location line="+81"/>
        <source>Set by environment (%1)</source>
        <translation>Festgelegt durch %1</translation>
    </message>
    <message>
        <location line="-79"/>
        <source>%1 is set by environment (%2)</source>
        <translation>%1 ist durch Umgebungsvariable festgelegt (%2)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Log level</source>
        <translation>Protokollstufe</translation>
    </message>
    <message>
        <location line="-105"/>
        <location line="+1"/>
        <source>Test connection</source>
        <translation>Verbindung testen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send a tiny request with these settings and report the result</source>
        <translation>Eine kleine Testanfrage mit diesen Einstellungen senden und das Ergebnis anzeigen</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Test result</source>
        <translation>Testergebnis</translation>
    </message>
    <message>
        <location line="-103"/>
        <source>Save the settings and close</source>
        <translation>Einstellungen speichern und schließen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close without saving</source>
        <translation>Schließen, ohne zu speichern</translation>
    </message>
    <message>
        <location line="+215"/>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Hide</source>
        <translation>Verbergen</translation>
    </message>
    <message>
        <location line="-49"/>
        <source>Lookup order: the environment variable %1 first, then the system keyring.</source>
        <translation>Suchreihenfolge: zuerst die Umgebungsvariable %1, dann der Schlüsselbund des Systems.</translation>
    </message>
    <message>
        <location line="-104"/>
        <location line="+125"/>
        <source>Default model</source>
        <translation>Standardmodell</translation>
    </message>
    <message>
        <location line="-124"/>
        <source>The model new chats start with (each chat can pick its own above its messages); type a name or load the list from the server</source>
        <translation>Das Modell, mit dem neue Chats beginnen (jeder Chat kann über seinen Nachrichten ein eigenes wählen); geben Sie einen Namen ein oder laden Sie die Liste vom Server</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;Default model:</source>
        <translation>Standard&amp;modell:</translation>
    </message>
    <message>
        <location line="+171"/>
        <source>Enter a valid server address to see whether a key is saved for it.</source>
        <translation>Geben Sie eine gültige Server-Adresse ein, um zu sehen, ob für sie ein Schlüssel gespeichert ist.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>The key comes from the environment variable %1 and cannot be changed here.</source>
        <translation>Der Schlüssel stammt aus der Umgebungsvariablen %1 und kann hier nicht geändert werden.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The system keyring cannot be used here, so a key can only be kept for this session.</source>
        <translation>Der Schlüsselbund des Systems ist hier nicht nutzbar; ein Schlüssel kann daher nur für diese Sitzung verwendet werden.</translation>
    </message>
    <message>
        <location line="+114"/>
        <source>Unencrypted connection</source>
        <translation>Unverschlüsselte Verbindung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This address uses http:// without encryption. Your API key and your messages would travel over the network in clear text.

Use this address anyway?</source>
        <translation>Diese Adresse verwendet http:// ohne Verschlüsselung. Ihr API-Schlüssel und Ihre Nachrichten würden unverschlüsselt über das Netzwerk übertragen.

Diese Adresse trotzdem verwenden?</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The key contains an invalid character at position %1 (%2). Keys consist of plain letters, digits and dashes; copy it again from your provider&apos;s website.</source>
        <translation>Der Schlüssel enthält an Position %1 ein ungültiges Zeichen (%2). Schlüssel bestehen nur aus einfachen Buchstaben, Ziffern und Bindestrichen; kopieren Sie ihn erneut von der Website Ihres Anbieters.</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Saving the key in the system keyring…</source>
        <translation>Schlüssel wird im Schlüsselbund des Systems gespeichert…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Key cannot be saved</source>
        <translation>Schlüssel kann nicht gespeichert werden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 The key cannot be saved securely on this computer.

Use it for this session only? You will need to paste it again after the next start.</source>
        <translation>%1 Der Schlüssel kann auf diesem Computer nicht sicher gespeichert werden.

Nur für diese Sitzung verwenden? Nach dem nächsten Start müssen Sie ihn dann erneut einfügen.</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Testing…</source>
        <translation>Wird getestet…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Connection works: the model answered.</source>
        <translation>Verbindung funktioniert: Das Modell hat geantwortet.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Loading the model list…</source>
        <translation>Modellliste wird geladen…</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>%1 models found.</source>
        <translation>Gefundene Modelle: %1</translation>
    </message>
    <message>
        <location filename="../../ui/proxy_form.py" line="-24"/>
        <source>A server&apos;s profile can have a proxy choice of its own; this one applies to the others.</source>
        <translation>Das Profil eines Servers kann eine eigene Proxy-Einstellung haben; diese hier gilt für alle anderen.</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../ui/window_actions.py" line="+148"/>
        <location line="+3"/>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Keys</source>
        <translation>Tasten</translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message>
        <location filename="../../ui/sidebar.py" line="+106"/>
        <location line="+1"/>
        <source>Search all chats</source>
        <translation>In allen Chats suchen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type words to find them in all chats</source>
        <translation>Geben Sie Wörter ein, um sie in allen Chats zu finden</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Chats</source>
        <translation>Chats</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your chats, newest first. Enter opens, F2 renames, Delete deletes.</source>
        <translation>Ihre Chats, neueste zuerst. Eingabetaste öffnet, F2 benennt um, Entf löscht.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Search results</source>
        <translation>Suchergebnisse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chats with the words searched. Enter opens the message.</source>
        <translation>Chats mit den gesuchten Wörtern. Eingabetaste öffnet die Nachricht.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No chat contains these words.</source>
        <translation>Kein Chat enthält diese Wörter.</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>New chat</source>
        <translation>Neuer Chat</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>In %1:</source>
        <translation>In %1:</translation>
    </message>
</context>
<context>
    <name>StarterTemplates</name>
    <message>
        <location filename="../../ui/starter_templates.py" line="+17"/>
        <source>Summarise</source>
        <translation>Zusammenfassen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Summarise the following text in a few sentences. Keep the key facts and figures.

{{Text}}</source>
        <translation>Fassen Sie den folgenden Text in wenigen Sätzen zusammen. Behalten Sie die wichtigsten Fakten und Zahlen bei.

{{Text}}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Translate</source>
        <translation>Übersetzen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Translate the following text into this language: {{Language}}. Keep its meaning and tone, and reply with the translation only.

{{Text}}</source>
        <translation>Übersetzen Sie den folgenden Text in diese Sprache: {{Sprache}}. Behalten Sie Sinn und Ton bei und antworten Sie nur mit der Übersetzung.

{{Text}}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Polite e-mail</source>
        <translation>Höfliche E-Mail</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Rewrite the following as a polite, clear e-mail to {{Recipient}}. Keep every fact and add nothing.

{{Text}}</source>
        <translation>Formulieren Sie Folgendes als höfliche, klare E-Mail an {{Empfänger}} um. Behalten Sie alle Fakten bei und fügen Sie nichts hinzu.

{{Text}}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Explain simply</source>
        <translation>Einfach erklären</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Explain {{Topic}} in simple words, for someone with no prior knowledge. Use one short everyday example.</source>
        <translation>Erklären Sie {{Thema}} in einfachen Worten, für jemanden ohne Vorwissen. Nutzen Sie ein kurzes Beispiel aus dem Alltag.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Proofread</source>
        <translation>Korrekturlesen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Proofread the following text: correct spelling, grammar and punctuation and change nothing else. Then list what you corrected.

{{Text}}</source>
        <translation>Lesen Sie den folgenden Text Korrektur: Berichtigen Sie Rechtschreibung, Grammatik und Zeichensetzung und ändern Sie sonst nichts. Listen Sie danach auf, was Sie berichtigt haben.

{{Text}}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Pros and cons</source>
        <translation>Vor- und Nachteile</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>List the pros and cons of {{Topic}} as two short lists, then weigh them up in two sentences.</source>
        <translation>Nennen Sie die Vor- und Nachteile von {{Thema}} in zwei kurzen Listen und wägen Sie sie danach in zwei Sätzen ab.</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../../app.py" line="-31"/>
        <source>GenAI Desktop cannot start: its folder
%1
is a link to another place. So that no one can redirect your settings and chats, it does not follow links in its own folders.

Remove the link (and move the folder it points to in its place), then start GenAI Desktop again.</source>
        <translation>GenAI Desktop kann nicht starten: Sein Ordner
%1
ist eine Verknüpfung an einen anderen Ort. Damit niemand Ihre Einstellungen und Chats umleiten kann, folgt es in seinen eigenen Ordnern keinen Verknüpfungen.

Entfernen Sie die Verknüpfung (und verschieben Sie den Ordner, auf den sie zeigt, an ihre Stelle), und starten Sie GenAI Desktop dann erneut.</translation>
    </message>
</context>
<context>
    <name>TemplateEditor</name>
    <message>
        <location filename="../../ui/prompt_library.py" line="+21"/>
        <source>Edit template</source>
        <translation>Vorlage bearbeiten</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>New template</source>
        <translation>Neue Vorlage</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Write a field to fill in as {{Name}}, for example {{Text}} or {{Language}}: the form asks for it when you use the template. {{Date}} and {{Time}} are filled in by the app.</source>
        <translation>Schreiben Sie ein Feld zum Ausfüllen als {{Name}}, zum Beispiel {{Text}} oder {{Sprache}}: Das Formular fragt danach, wenn Sie die Vorlage verwenden. {{Datum}} und {{Uhrzeit}} füllt die App selbst aus.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Text:</source>
        <translation>Text:</translation>
    </message>
</context>
<context>
    <name>TextSize</name>
    <message>
        <location filename="../../ui/text_size.py" line="+59"/>
        <source>Text size: %1 pt</source>
        <translation>Schriftgröße: %1 pt</translation>
    </message>
</context>
<context>
    <name>ThinkingSections</name>
    <message>
        <location filename="../../ui/thinking_section.py" line="+113"/>
        <source>Thinking shown</source>
        <translation>Gedankengang eingeblendet</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Thinking hidden</source>
        <translation>Gedankengang ausgeblendet</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Thinking…</source>
        <translation>Denkt nach…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Thought for %1 s</source>
        <translation>%1 s nachgedacht</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Thinking</source>
        <translation>Gedankengang</translation>
    </message>
</context>
<context>
    <name>TranscriptView</name>
    <message>
        <location filename="../../ui/transcript.py" line="+89"/>
        <source>Conversation</source>
        <translation>Unterhaltung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The messages of this chat. Answers can be selected and copied.</source>
        <translation>Die Nachrichten dieses Chats. Antworten können markiert und kopiert werden.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your conversation appears here. Type a message below to start.</source>
        <translation>Hier erscheint Ihre Unterhaltung. Geben Sie unten eine Nachricht ein, um zu beginnen.</translation>
    </message>
    <message>
        <location line="+164"/>
        <source>Show 1 earlier message</source>
        <translation>1 frühere Nachricht anzeigen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show %1 earlier messages</source>
        <translation>%1 frühere Nachrichten anzeigen</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>You</source>
        <translation>Sie</translation>
    </message>
    <message>
        <location filename="../../ui/message_actions.py" line="+82"/>
        <source>Edit and resend</source>
        <translation>Bearbeiten und erneut senden</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Previous version</source>
        <translation>Vorherige Version</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Next version</source>
        <translation>Nächste Version</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Version %1 of %2</source>
        <translation>Version %1 von %2</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Copy message</source>
        <translation>Nachricht kopieren</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
    <message>
        <location filename="../../ui/transcript.py" line="+65"/>
        <source>Assistant · %1</source>
        <translation>Assistent · %1</translation>
    </message>
    <message>
        <location filename="../../ui/message_actions.py" line="-16"/>
        <source>Copy answer</source>
        <translation>Antwort kopieren</translation>
    </message>
    <message>
        <location filename="../../ui/answer_stream.py" line="+201"/>
        <source>Show more of this answer (1 more character)</source>
        <translation>Mehr von dieser Antwort anzeigen (1 weiteres Zeichen)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show more of this answer (%1 more characters)</source>
        <translation>Mehr von dieser Antwort anzeigen (%1 weitere Zeichen)</translation>
    </message>
    <message>
        <location filename="../../ui/transcript_attachments.py" line="+41"/>
        <source>%1 of %2 rows</source>
        <translation>%1 von %2 Zeilen</translation>
    </message>
</context>
<context>
    <name>TransferDialogs</name>
    <message>
        <location filename="../../ui/transfer_dialogs.py" line="+34"/>
        <source>Export chat as Markdown</source>
        <translation>Chat als Markdown exportieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Markdown (*.md);;All files (*)</source>
        <translation>Markdown (*.md);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>You</source>
        <translation>Sie</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Assistant</source>
        <translation>Assistent</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>New chat</source>
        <translation>Neuer Chat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attached: %1</source>
        <translation>Angehängt: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export chat as JSON</source>
        <translation>Chat als JSON exportieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+6"/>
        <source>JSON (*.json);;All files (*)</source>
        <translation>JSON (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Export all chats</source>
        <translation>Alle Chats exportieren</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Exported to %1</source>
        <translation>Exportiert nach %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Import chats</source>
        <translation>Chats importieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chat exports (*.json);;All files (*)</source>
        <translation>Chat-Exporte (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Importing…</source>
        <translation>Wird importiert…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Imported 1 chat.</source>
        <translation>1 Chat importiert.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Imported %1 chats.</source>
        <translation>%1 Chats importiert.</translation>
    </message>
</context>
<context>
    <name>Trust</name>
    <message>
        <location filename="../../app.py" line="-336"/>
        <source>Not trusted: %1</source>
        <translation>Nicht vertraut: %1</translation>
    </message>
    <message>
        <location filename="../../ui/trust_words.py" line="-80"/>
        <source>&apos;%1&apos; is not a certificate authority, so it cannot be trusted for a server. Ask the server&apos;s operator or your IT department for the certificate of the authority that issued it.</source>
        <translation>„%1“ ist keine Zertifizierungsstelle, daher kann ihr für einen Server nicht vertraut werden. Bitten Sie den Betreiber des Servers oder Ihre IT-Abteilung um das Zertifikat der Stelle, die es ausgestellt hat.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The certificate expired on %1: it cannot be trusted.</source>
        <translation>Das Zertifikat ist am %1 abgelaufen: Ihm kann nicht vertraut werden.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The certificate is valid only from %1 on: it cannot be trusted yet. Check the date of this computer.</source>
        <translation>Das Zertifikat gilt erst ab %1: Ihm kann noch nicht vertraut werden. Prüfen Sie das Datum dieses Computers.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Name the hosts (server names) this certificate authority is to be trusted for.</source>
        <translation>Nennen Sie die Hosts (Servernamen), für die dieser Zertifizierungsstelle vertraut werden soll.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&apos;%1&apos; is not a host name. Write a server name such as api.example.com, without https:// and without a port.</source>
        <translation>„%1“ ist kein Hostname. Schreiben Sie einen Servernamen wie api.example.com, ohne https:// und ohne Port.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The server&apos;s certificate was not made for %1: trusting its authority would not help, and the app does not connect to that server.</source>
        <translation>Das Zertifikat des Servers wurde nicht für %1 ausgestellt: Seiner Zertifizierungsstelle zu vertrauen, würde nicht helfen, und die App verbindet sich nicht mit diesem Server.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The certificate authority the server sent did not issue its certificate (the issuer is &apos;%1&apos;): it cannot be trusted.</source>
        <translation>Die Zertifizierungsstelle, die der Server gesendet hat, hat sein Zertifikat nicht ausgestellt (Aussteller ist „%1“): Ihr kann nicht vertraut werden.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The file holds %1 certificates. Use a file with the one certificate authority to trust.</source>
        <translation>Die Datei enthält %1 Zertifikate. Verwenden Sie eine Datei mit genau der Zertifizierungsstelle, der vertraut werden soll.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The server did not send the certificate of the authority &apos;%1&apos;. Ask your IT department for that certificate file.</source>
        <translation>Der Server hat das Zertifikat der Zertifizierungsstelle „%1“ nicht gesendet. Bitten Sie Ihre IT-Abteilung um diese Zertifikatsdatei.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The certificate was refused for another reason than an unknown issuer: %1</source>
        <translation>Das Zertifikat wurde aus einem anderen Grund als einem unbekannten Aussteller abgelehnt: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This is not a readable certificate (PEM or DER): %1</source>
        <translation>Dies ist kein lesbares Zertifikat (PEM oder DER): %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Trusted certificate authority: %1
SHA-256 fingerprint: %2
Only for: %3</source>
        <translation>Vertraute Zertifizierungsstelle: %1
SHA-256-Fingerabdruck: %2
Nur für: %3</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>The server&apos;s certificate could not be verified: it was issued by &apos;%1&apos;.</source>
        <translation>Das Zertifikat des Servers konnte nicht geprüft werden: Es wurde von „%1“ ausgestellt.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Your network may inspect encrypted traffic. Nothing was sent. If your IT department confirms the fingerprint, trust this certificate authority for %1.</source>
        <translation>Ihr Netzwerk prüft möglicherweise verschlüsselte Verbindungen. Es wurde nichts gesendet. Wenn Ihre IT-Abteilung den Fingerabdruck bestätigt, vertrauen Sie dieser Zertifizierungsstelle für %1.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Your network may inspect encrypted traffic. Nothing was sent. If your IT department gives you the certificate of &apos;%1&apos;, trust it for %2 and choose its file.</source>
        <translation>Ihr Netzwerk prüft möglicherweise verschlüsselte Verbindungen. Es wurde nichts gesendet. Wenn Ihre IT-Abteilung Ihnen das Zertifikat von „%1“ gibt, vertrauen Sie ihm für %2 und wählen Sie seine Datei.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nothing was sent. %1</source>
        <translation>Es wurde nichts gesendet. %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Certificate shown: %1 · issued by: %2 · SHA-256: %3</source>
        <translation>Gezeigtes Zertifikat: %1 · ausgestellt von: %2 · SHA-256: %3</translation>
    </message>
</context>
<context>
    <name>TrustQuestion</name>
    <message>
        <location filename="../../ui/trust_question.py" line="+29"/>
        <source>The certificate authority is trusted for %1.</source>
        <translation>Der Zertifizierungsstelle wird für %1 vertraut.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Click Retry to ask again. You can remove it in Settings, on the Certificates page.</source>
        <translation>Klicken Sie auf „Erneut versuchen“, um die Anfrage zu wiederholen. Sie können sie in den Einstellungen auf der Seite „Zertifikate“ wieder entfernen.</translation>
    </message>
    <message>
        <location line="+38"/>
        <location line="+1"/>
        <source>Trust this certificate authority?</source>
        <translation>Dieser Zertifizierungsstelle vertrauen?</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The server %1 showed a certificate issued by the authority below, which this computer does not know. Networks that inspect encrypted traffic replace certificates this way; so would an attacker. Trust it only if your IT department confirms the fingerprint.</source>
        <translation>Der Server %1 hat ein Zertifikat gezeigt, das die unten genannte Zertifizierungsstelle ausgestellt hat, die dieser Computer nicht kennt. Netzwerke, die verschlüsselte Verbindungen prüfen, ersetzen Zertifikate auf diese Weise; ein Angreifer täte das auch. Vertrauen Sie ihr nur, wenn Ihre IT-Abteilung den Fingerabdruck bestätigt.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>SHA-256 fingerprint</source>
        <translation>SHA-256-Fingerabdruck</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Trusted only for these hosts</source>
        <translation>Nur für diese Hosts vertraut</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Server names separated by commas, such as api.example.com</source>
        <translation>Servernamen, durch Kommas getrennt, etwa api.example.com</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Authority:</source>
        <translation>Zertifizierungsstelle:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Issued by:</source>
        <translation>Ausgestellt von:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Valid until:</source>
        <translation>Gültig bis:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SHA-256 fingerprint:</source>
        <translation>SHA-256-Fingerabdruck:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only for these hosts:</source>
        <translation>Nur für diese Hosts:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>I compared the fingerprint with the one from my IT department</source>
        <translation>Ich habe den Fingerabdruck mit dem meiner IT-Abteilung verglichen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Trust for these hosts</source>
        <translation>Für diese Hosts vertrauen</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>The certificate could not be saved: %1</source>
        <translation>Das Zertifikat konnte nicht gespeichert werden: %1</translation>
    </message>
</context>
<context>
    <name>TrustedAuthoritiesPage</name>
    <message>
        <location filename="../../ui/trusted_authorities_page.py" line="+23"/>
        <source>Besides the certificates this computer trusts, GenAI Desktop trusts these certificate authorities, each only for the servers named with it (for example your company&apos;s, for its TLS inspection). Removing one applies at once.</source>
        <translation>Neben den Zertifikaten, denen dieser Computer vertraut, vertraut GenAI Desktop diesen Zertifizierungsstellen, jeder nur für die mit ihr genannten Server (etwa der Ihrer Firma für deren TLS-Prüfung). Das Entfernen gilt sofort.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Trusted certificate authorities</source>
        <translation>Vertraute Zertifizierungsstellen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No certificate authorities are trusted besides the system&apos;s.</source>
        <translation>Außer denen des Systems wird keinen Zertifizierungsstellen vertraut.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove the trusted certificate authority</source>
        <translation>Die vertraute Zertifizierungsstelle entfernen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Its servers are then verified with the system&apos;s certificates alone</source>
        <translation>Ihre Server werden dann nur mit den Zertifikaten des Systems geprüft</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>%1
only for: %2
valid until %3 · SHA-256:
%4</source>
        <translation>%1
nur für: %2
gültig bis %3 · SHA-256:
%4</translation>
    </message>
</context>
<context>
    <name>WaitingIndicator</name>
    <message>
        <location filename="../../ui/waiting_indicator.py" line="+67"/>
        <source>Waiting for the answer</source>
        <translation>Warten auf die Antwort</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel the request</source>
        <translation>Anfrage abbrechen</translation>
    </message>
    <message>
        <location line="+75"/>
        <source>The server is busy. Next try in 1 second.</source>
        <translation>Der Server ist ausgelastet. Nächster Versuch in 1 Sekunde.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server is busy. Next try in %1 seconds.</source>
        <translation>Der Server ist ausgelastet. Nächster Versuch in %1 Sekunden.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Server busy — next try in %1 s</source>
        <translation>Server ausgelastet – nächster Versuch in %1 s</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Waiting for the answer…</source>
        <translation>Warten auf die Antwort…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Waiting for the answer… %1 s</source>
        <translation>Warten auf die Antwort… %1 s</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Still waiting for the answer.</source>
        <translation>Die Antwort steht noch aus.</translation>
    </message>
</context>
<context>
    <name>WelcomePanel</name>
    <message>
        <location filename="../../ui/chat_pane.py" line="-396"/>
        <source>Welcome</source>
        <translation>Willkommen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Welcome to GenAI Desktop</source>
        <translation>Willkommen bei GenAI Desktop</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>To chat, this app needs an API key from OpenAI or from another compatible service (for example Azure OpenAI, OpenRouter, or a local Ollama or LM Studio).

Open the settings and paste your key. It is stored in your system&apos;s keyring, never in a file.</source>
        <translation>Zum Chatten benötigt diese App einen API-Schlüssel von OpenAI oder einem anderen kompatiblen Dienst (zum Beispiel Azure OpenAI, OpenRouter oder ein lokales Ollama oder LM Studio).

Öffnen Sie die Einstellungen und fügen Sie Ihren Schlüssel ein. Er wird im Schlüsselbund Ihres Systems gespeichert, niemals in einer Datei.</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+2"/>
        <source>Open settings</source>
        <translation>Einstellungen öffnen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter your API key</source>
        <translation>Ihren API-Schlüssel eingeben</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Chat with the model on this computer; no key is needed</source>
        <translation>Mit dem Modell auf diesem Computer chatten; kein Schlüssel nötig</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>%2 is running on this computer with 1 model (%3). You can chat with it without an account or key.</source>
        <translation>%2 läuft auf diesem Computer mit 1 Modell (%3). Sie können ohne Konto und ohne Schlüssel damit chatten.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%2 is running on this computer with %1 models, for example %3. You can chat with it without an account or key.</source>
        <translation>%2 läuft auf diesem Computer mit %1 Modellen, zum Beispiel %3. Sie können ohne Konto und ohne Schlüssel damit chatten.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 is running on this computer, but has no model yet. Download one in %1, then use it here without an account or key.</source>
        <translation>%1 läuft auf diesem Computer, hat aber noch kein Modell. Laden Sie eines in %1 herunter und verwenden Sie es dann hier ohne Konto und ohne Schlüssel.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Use %1</source>
        <translation>%1 verwenden</translation>
    </message>
</context>
<context>
    <name>WindowActions</name>
    <message>
        <location filename="../../ui/window_actions.py" line="-112"/>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;New chat</source>
        <translation>&amp;Neuer Chat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Larger text</source>
        <translation>&amp;Größere Schrift</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Smaller text</source>
        <translation>&amp;Kleinere Schrift</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Normal text size</source>
        <translation>&amp;Normale Schriftgröße</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About GenAI Desktop</source>
        <translation>Ü&amp;ber GenAI Desktop</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Search all chats</source>
        <translation>In allen Chats &amp;suchen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Re&amp;name chat</source>
        <translation>Chat &amp;umbenennen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Delete chat…</source>
        <translation>Chat &amp;löschen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Regenerate last answer</source>
        <translation>Letzte Antwort neu &amp;generieren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Continue the answer</source>
        <translation>Antwort &amp;fortsetzen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Edit last message</source>
        <translation>Letzte Nachricht &amp;bearbeiten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prompt &amp;templates…</source>
        <translation>Prompt-&amp;Vorlagen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export chat as &amp;Markdown…</source>
        <translation>Chat als &amp;Markdown exportieren…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export chat as &amp;JSON…</source>
        <translation>Chat als &amp;JSON exportieren…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export &amp;all chats…</source>
        <translation>&amp;Alle Chats exportieren…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Import chats…</source>
        <translation>Chats &amp;importieren…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import &amp;course package…</source>
        <translation>&amp;Kurspaket importieren…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export as c&amp;ourse package…</source>
        <translation>Als Ku&amp;rspaket exportieren…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove co&amp;urse…</source>
        <translation>Kurs en&amp;tfernen…</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Chat</source>
        <translation>&amp;Chat</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Main toolbar</source>
        <translation>Hauptwerkzeugleiste</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Send the message</source>
        <translation>Nachricht senden</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Enter</source>
        <translation>Eingabetaste</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New line in the message</source>
        <translation>Neue Zeile in der Nachricht</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Shift+Enter</source>
        <translation>Umschalt+Eingabe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop the answer</source>
        <translation>Antwort stoppen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attach files</source>
        <translation>Dateien anhängen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prompt templates in an empty message</source>
        <translation>Prompt-Vorlagen in einer leeren Nachricht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove the attachment in focus</source>
        <translation>Den ausgewählten Anhang entfernen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Delete, Backspace</source>
        <translation>Entf, Rücktaste</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move between controls</source>
        <translation>Zwischen Bedienelementen wechseln</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Tab, Shift+Tab</source>
        <translation>Tab, Umschalt+Tab</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>About GenAI Desktop</source>
        <translation>Über GenAI Desktop</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GenAI Desktop %1

A desktop chat app for OpenAI-compatible APIs.</source>
        <translation>GenAI Desktop %1

Eine Desktop-Chat-App für OpenAI-kompatible APIs.</translation>
    </message>
</context>
</TS>
